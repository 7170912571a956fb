"""What the app sends to the terminal, for the hostile-display and terminal tests.

`RecordingDriver` is Textual's headless driver, except that the app takes it for a real terminal:
every frame, bell and OSC 52 copy it would write is kept in `writes` (the plain headless driver writes
nothing). `output_problems` reads those writes the way a terminal would and names every byte that did
not come from the app's own drawing; `screen_lines` is the screen as text (every rendered Strip),
overlays and toasts included.
"""

from __future__ import annotations

import base64
import re

from textual._context import visible_screen_stack
from textual.drivers.headless_driver import HeadlessDriver

from tests.hostile import UNSAFE_OUTPUT

_CSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")
# The only CSI sequences Textual writes while an app runs: colours and text styles (SGR), a cursor
# move to row;column, and private modes (cursor shown or hidden, synchronized output). The hostile
# strings' own sequences ("\x1b[2J", "\x1b[H") have other shapes, so one leaking would show.
_OWN_CSI = re.compile(r"\x1b\[(?:[0-9;:]*m|\d+;\d+H|\?\d+[hl])\Z")
_OSC52 = re.compile(r"\x1b\]52;c;([A-Za-z0-9+/=]*)\x07\Z")  # App.copy_to_clipboard, written alone
_POINTER = re.compile(r"\x1b\]22;[a-z-]+\x07\Z")  # Textual's mouse-pointer shape, written alone
BELL = "\x07"  # App.bell, written alone


class RecordingDriver(HeadlessDriver):
    """A headless driver that the app draws to as if it were a terminal."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.writes: list[str] = []

    @property
    def is_headless(self) -> bool:
        return False

    def write(self, data: str) -> None:
        self.writes.append(data)


def recording(app):
    """The app, set to draw to a RecordingDriver: run it with `run_test(headless=False)`."""
    app.driver_class = RecordingDriver
    return app


def written(app) -> list[str]:
    return app._driver.writes


def osc52_copies(writes: list[str]) -> list[str]:
    """The texts the app sent to the terminal's clipboard, decoded."""
    return [base64.b64decode(m.group(1)).decode("utf-8") for m in map(_OSC52.match, writes) if m]


def output_problems(writes: list[str]) -> list[str]:
    """Everything in the terminal output that the app's drawing did not put there."""
    problems = []
    for data in writes:
        if data == BELL or _POINTER.match(data):
            continue
        copied = _OSC52.match(data)
        if copied:
            text = base64.b64decode(copied.group(1)).decode("utf-8")
            if UNSAFE_OUTPUT.search(text):
                problems.append(f"OSC 52 copy carrying {text!r}")
            continue
        problems.extend(f"escape sequence {sequence!r}" for sequence in _CSI.findall(data) if not _OWN_CSI.match(sequence))
        text = _CSI.sub("", data)
        problems.extend(f"{m.group()!r} in …{text[max(m.start() - 30, 0): m.end() + 30]!r}…" for m in UNSAFE_OUTPUT.finditer(text))
    return problems


def screen_lines(app) -> list[str]:
    """The screen as text, one string per row: every Strip the compositor renders, overlays included."""
    visible_screen_stack.set(list(app._background_screens))
    return [strip.text for strip in app.screen._compositor.render_strips()]


def screen_text(app) -> str:
    return "\n".join(screen_lines(app))


def region_text(app, widget) -> str:
    """What the screen shows inside a widget's border (a toast over the panes, say), one line per row."""
    visible_screen_stack.set(list(app._background_screens))
    strips = app.screen._compositor.render_strips()
    region = widget.content_region
    return "\n".join(strips[y].crop(region.x, region.right).text for y in range(region.y, region.bottom))
