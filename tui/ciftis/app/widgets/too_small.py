"""What every screen shows instead of a broken layout when the terminal is below the minimum size.

While it shows, q quits (on every screen, as the message says), and once the terminal is large enough
again the widget that had the focus before gets it back: hiding a focused widget leaves none focused.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

MIN_WIDTH = 60
MIN_HEIGHT = 20


def too_small(screen) -> bool:
    """Whether the screen shows only the "too small" message: its breakpoint classes say so, and it has one."""
    return (screen.has_class("-too-narrow") or screen.has_class("-too-short")) and any(isinstance(child, TooSmall) for child in screen.children)


class TooSmall(Widget):
    """A full-screen message, shown by the screen's `-too-narrow`/`-too-short` breakpoint classes."""

    _last_focused: Widget | None = None

    def on_mount(self) -> None:
        self.watch(self.screen, "focused", self._focus_moved)

    def _focus_moved(self, focused: Widget | None) -> None:
        if focused is not None:
            self._last_focused = focused

    def on_hide(self) -> None:
        """Large enough again: give the focus back to the widget that lost it when it was hidden."""
        widget = self._last_focused
        if self.screen.focused is None and widget is not None and widget.is_attached and widget.screen is self.screen:
            widget.focus()

    def render(self) -> Text:
        width, height = self.app.size
        need, have = f"need at least {MIN_WIDTH}×{MIN_HEIGHT}", f"have {width}×{height}"
        messages = (  # the first that fits: a tiny terminal still learns that q quits
            f"Terminal too small: {need}, {have}.\n\nEnlarge the window, or press q to quit.",
            f"Terminal too small: {need}, {have}.\nEnlarge the window, or press q to quit.",
            f"Too small: {need}, {have}. q quits.",
        )
        for message in messages:
            text = Text(message, justify="center")
            if len(text.wrap(self.app.console, max(width, 1))) <= height:
                break
        return text
