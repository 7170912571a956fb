"""The sources screen (enter on a Compare row or a Trends cell): each figure with its sources
(publisher, date, address, the quote), its derivation and the figures it conflicts with, as the
details show them; `o` opens the highlighted source's address, escape closes. A side with no figure
says so.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from ciftis.app.widgets.detail_view import DetailView
from ciftis.app.widgets.too_small import TooSmall
from ciftis.core.model import Figure


class SourcesScreen(ModalScreen[None]):
    """One or two figures (Compare's A and B, or one Trends cell), with where they come from."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="sources.close"),
        Binding("q", "close", "Close", show=False, id="sources.close-q"),
        Binding("o", "app.open_source", "Open source", tooltip="Open the highlighted source's address in the browser", id="open_source"),
        Binding("tab", "app.focus_next", "Next figure", show=False, id="sources.next_figure"),
    ]

    def __init__(self, figures: list[tuple[str, Figure | None]], *, title: str):
        super().__init__(classes="sources-screen")
        self.figures = figures
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(id="sources-box"):
            yield Label(Text(f"Sources — {self.title_text}", style="bold"), id="sources-title", markup=False)
            for side, figure in self.figures:
                if figure is None:
                    yield Label(Text(f"{side}: not reported"), classes="sources-missing", markup=False)
                else:
                    yield DetailView(classes="sources-figure")
            hint = "esc close · o open the source in the browser · enter follow a link"
            yield Label(hint + (" · tab the other figure" if len(self.figures) > 1 else ""), id="sources-hint", markup=False)
        yield TooSmall()

    def on_mount(self) -> None:
        views = list(self.query(DetailView))
        for view, figure in zip(views, [figure for _side, figure in self.figures if figure is not None], strict=True):
            view.show(figure)
        if views:
            views[0].focus()

    @on(DetailView.Follow)
    def _follow(self, event: DetailView.Follow) -> None:
        """A link leads out of the screen: closed first, then followed in the panes."""
        event.stop()
        self.dismiss(None)
        self.app.call_later(self.app.follow, event.ref)

    def action_close(self) -> None:
        self.dismiss(None)
