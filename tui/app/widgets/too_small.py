"""What every screen shows instead of a broken layout when the terminal is below the minimum size."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

MIN_WIDTH = 60
MIN_HEIGHT = 20


class TooSmall(Widget):
    """A full-screen message, shown by the screen's `-too-narrow`/`-too-short` breakpoint classes."""

    def render(self) -> Text:
        width, height = self.app.size
        return Text(
            f"Terminal too small: need at least {MIN_WIDTH}×{MIN_HEIGHT}, have {width}×{height}.\n\n"
            "Enlarge the window, or press q to quit.",
            justify="center",
        )
