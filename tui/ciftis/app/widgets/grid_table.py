"""A DataTable moved through as the lists are: j/k, g/G and home/end, ctrl+d/ctrl+u half pages —
the base of the Compare table and the Trends grid."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DataTable


class GridTable(DataTable):
    """A table with the explorer's movement keys."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="cursor_down-j"),
        Binding("k", "cursor_up", "Up", show=False, id="cursor_up-k"),
        Binding("home", "scroll_top", "First", show=False, id="first"),
        Binding("end", "scroll_bottom", "Last", show=False, id="last"),
        Binding("g", "scroll_top", "First", show=False, id="first-g"),
        Binding("G", "scroll_bottom", "Last", show=False, id="last-G"),
        Binding("ctrl+d", "half_page(1)", "Half page down", show=False, id="half_page_down"),
        Binding("ctrl+u", "half_page(-1)", "Half page up", show=False, id="half_page_up"),
    ]

    def action_half_page(self, step: int) -> None:
        """Move the cursor half a screen of lines down (1) or up (-1), as a pager does: rows that
        wrap count as the lines they take, so down then up comes back to the same row."""
        half = max((self.scrollable_content_region.height - (self.header_height if self.show_header else 0)) // 2, 1)
        rows = self.ordered_rows
        target, lines = self.cursor_row, 0
        while 0 <= target + step < len(rows) and lines < half:
            target += step
            lines += rows[target].height
        self.move_cursor(row=target)
