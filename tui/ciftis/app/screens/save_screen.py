"""The "save the view" prompt (ctrl+s): a path, pre-filled with a default name in the current
directory; enter saves what the pane shows (`core.views.save_view`, the format following the
extension), esc cancels. A file that exists is replaced only after a second enter; a path that
cannot be written is a message here, and the prompt stays open to correct it.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from ciftis.app.config import home_relative
from ciftis.app.widgets.too_small import TooSmall
from ciftis.core.format import clean
from ciftis.core.views import FORMATS, UnknownFormat, View, save_view, view_format


def _is_file(path: Path) -> bool:
    """Whether the path names an existing regular file (a path that cannot be looked at does not)."""
    try:
        return path.is_file()
    except OSError:
        return False


def _shown(path: Path) -> str:
    """A path as the prompt names it: absolute and home-relative (as typed when there is no current folder)."""
    try:
        return home_relative(path.absolute())
    except OSError:
        return str(path)


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


class SaveScreen(ModalScreen[Path | None]):
    """Ask where to save a view; dismisses with the path written, or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="save.cancel"),
        Binding("ctrl+s", "save", "Save", show=False, id="save.save"),
    ]

    AUTO_FOCUS = "#save-path"

    def __init__(self, view: View):
        super().__init__(classes="save-screen")
        self.view = view
        self.replacing: Path | None = None  # the existing file a second enter replaces

    def compose(self) -> ComposeResult:
        with Vertical(id="save-box"):
            yield Label(Text(f"Save the view — {clean(self.view.title)}", style="bold"), id="save-title")
            yield Input(value=self.view.default_file_name, id="save-path", select_on_focus=False)
            yield Label(id="save-message", markup=False)
            folder = _shown(Path("."))
            yield Label(f"enter save · esc cancel · {' '.join(FORMATS)} · relative to {folder}", id="save-hint", markup=False)
        yield TooSmall()

    def on_mount(self) -> None:
        self.path_input.cursor_position = len(self.path_input.value)  # at the end: backspace edits the extension

    @property
    def path_input(self) -> Input:
        return self.query_one("#save-path", Input)

    def _say(self, text: str, severity: str = "error") -> None:
        message = self.query_one("#save-message", Label)
        message.update(Text(text))
        message.set_class(severity == "error", "-error")
        message.set_class(severity == "warning", "-warning")

    @on(Input.Changed, "#save-path")
    def _path_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.replacing is not None and Path(event.value.strip()).expanduser() != self.replacing:
            self.replacing = None
            self._say("", "")

    @on(Input.Submitted, "#save-path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        typed = self.path_input.value.strip()
        if not typed:
            self._say("Type a file name.")
            return
        path = Path(typed).expanduser()
        shown = _shown(path)
        if _is_dir(path):
            self._say(f"{shown} is a folder: add a file name, such as {Path(typed) / self.view.default_file_name}.")
            return
        try:
            view_format(path)
        except UnknownFormat as error:
            self._say(str(error))
            return
        if _is_file(path) and path != self.replacing:
            self.replacing = path
            self._say(f"{shown} already exists: enter again to replace it, or change the name.", "warning")
            return
        try:
            save_view(self.view, path)
        except OSError as error:
            self.replacing = None
            self._say(f"Could not save to {shown}: {self._reason(error, path)}.")
            return
        self.dismiss(path)

    @staticmethod
    def _reason(error: OSError, path: Path) -> str:
        if isinstance(error, FileNotFoundError) and not _is_dir(path.parent):
            return f"there is no folder {_shown(path.parent)}"
        if isinstance(error, PermissionError):
            return "permission denied"
        return clean(error.strerror or str(error))

    def action_cancel(self) -> None:
        self.dismiss(None)
