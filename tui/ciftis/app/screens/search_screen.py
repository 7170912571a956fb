"""The search overlay (/ or ctrl+k): live, typo-tolerant results grouped by kind, best first, with the
matched characters highlighted; enter jumps to the entity.

Typing is coalesced (ciftis.app.coalesce): one worker thread searches the newest text in the box, a
search that newer text has superseded stops at its next stage, and a result is only shown if it
still answers what is in the box — so typing never waits for searching, and a storm of keys costs
the searches that can finish, not one per key.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ciftis.app.coalesce import MAX_INPUT, Latest, search_latest
from ciftis.app.widgets.detail_view import READING
from ciftis.app.widgets.too_small import TooSmall
from ciftis.core.format import clean
from ciftis.core.kinds import BY_NAME
from ciftis.highlight import hit_text

LIMIT = 40


def grouped(hits) -> list[tuple[str, list]]:
    """Hits grouped by kind; groups ordered by their best hit, hits best first within a group."""
    groups: dict[str, list] = {}
    for hit in hits:
        groups.setdefault(hit.kind, []).append(hit)
    return list(groups.items())


class SearchScreen(ModalScreen[str | None]):
    """Find anything; dismisses with the chosen `kind:id`, or None."""

    BINDINGS = [
        Binding("escape", "dismiss_search", "Close", id="dismiss_search"),
        Binding("enter", "choose", "Open", priority=True, id="choose"),
        Binding("down", "move(1)", "Next", show=False, priority=True, id="search.next"),
        Binding("up", "move(-1)", "Previous", show=False, priority=True, id="search.previous"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="search.page_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="search.page_up"),
    ]

    COMPONENT_CLASSES = {"search--match", "search--group", "search--dim"}
    AUTO_FOCUS = "#search-input"

    def __init__(self, query: str = ""):
        super().__init__(classes="search-screen")
        self.initial = query
        self.hits_by_option: dict[str, object] = {}
        self.latest = Latest()

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            yield Input(value=self.initial[:MAX_INPUT], placeholder="Search editions, events, people, organizations, topics, figures…", id="search-input", max_length=MAX_INPUT)
            yield OptionList(id="search-results", markup=False)
            yield Label("Type to search · ↑↓ move · enter open · esc close", id="search-hint", markup=False)
        yield TooSmall()

    def on_mount(self) -> None:
        self.query_one("#search-input", Input).focus()
        if self.initial:
            self._offer(self.initial[:MAX_INPUT])
        else:
            self._show_hint()

    def _style(self, name: str):
        return self.get_component_rich_style(f"search--{name}", partial=True)

    def on_key(self, event) -> None:
        """Keys typed before the box had focus (right after / was pressed) still go into it."""
        if event.is_printable and event.character and not self.query_one("#search-input", Input).has_focus:
            event.stop()
            self.type_ahead(event.character)

    def type_ahead(self, text: str) -> None:
        search = self.query_one("#search-input", Input)
        search.focus()
        search.insert_text_at_cursor(text)

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if not event.value.strip():
            self._show_hint()
        self._offer(event.value)

    def _offer(self, text: str) -> None:
        if text.strip() and not self.app.whole.is_set():  # the results follow once the rest is read
            self._show_note(READING)
        if self.latest.offer(text):  # else the running worker searches it next
            self._search()

    @work(thread=True, group="search", description="search the dataset")
    def _search(self) -> None:
        index = self.app.search_index
        search_latest(self.latest, get_current_worker(),
                      lambda query, cancelled: index.search(query, limit=LIMIT, cancelled=cancelled),
                      lambda query, hits: self.app.call_from_thread(self._show, query, hits))

    def _show_hint(self) -> None:
        self._show_note("Names, aliases, years, places, metrics — typos are fine.")

    def _show_note(self, note: str) -> None:
        results = self.query_one("#search-results", OptionList)
        results.set_options([Option(Text(note, style=self._style("dim")), disabled=True)])
        self.hits_by_option = {}

    def _show(self, query: str, hits) -> None:
        if self.app.screen is not self or query != self.query_one("#search-input", Input).value:
            return  # superseded by a newer keystroke
        options: list[Option] = []
        self.hits_by_option = {}
        match = self._style("match")
        for kind, group in grouped(hits):
            options.append(Option(Text(f"{BY_NAME[kind].plural} ({len(group)})", style=self._style("group")), disabled=True))
            for hit in group:
                name = hit_text(hit, match, indent="  ")
                option_id = hit.ref
                self.hits_by_option[option_id] = hit
                options.append(Option(name, id=option_id))
        if not options:
            options.append(Option(Text(f"No match for “{clean(query)}”.", style=self._style("dim")), disabled=True))
        results = self.query_one("#search-results", OptionList)
        results.set_options(options)
        results.highlighted = next((n for n, option in enumerate(options) if not option.disabled), None)
        # The first hit is the second line: the list starts at its top, so the first group's heading
        # (the line above the cursor) stays in view, however the text came (typed or pasted).
        results.call_after_refresh(results.scroll_home, animate=False, immediate=True)

    # -- actions ---------------------------------------------------------------------------
    def action_move(self, step: int) -> None:
        results = self.query_one("#search-results", OptionList)
        if step > 0:
            results.action_cursor_down()
        else:
            results.action_cursor_up()

    def action_page(self, step: int) -> None:
        results = self.query_one("#search-results", OptionList)
        if step > 0:
            results.action_page_down()
        else:
            results.action_page_up()

    def action_choose(self) -> None:
        option = self.query_one("#search-results", OptionList).highlighted_option
        if option is None or option.disabled or option.id is None:
            self.app.bell()
            return
        self.dismiss(option.id)

    @on(OptionList.OptionSelected, "#search-results")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.dismiss(event.option.id)

    def action_dismiss_search(self) -> None:
        self.dismiss(None)
