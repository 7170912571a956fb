"""A scrolling list of rows with a cursor, drawn a line at a time through Textual's line API: the
base of the entity lists and the detail view.

It is a `ScrollView` that implements `render_line(y)` (the pattern of Textual's own `Log` and of
Toolong): a row is rendered only when one of its lines is on screen, and its lines are kept in an
LRU cache, so a list of 100,000 rows opens as fast as one of forty. Rows are one line each, or
(`ONE_LINE_ROWS = False`) as many as their renderable takes at the view's width, in which case
every row is measured when the rows or the width change. On the cursor's row the cursor's colours
replace the row's own (its bold, italic and underline stay), so it never needs rendering again to move
and a coloured mark never sits unreadable on the cursor.

Subclasses say how many rows there are (`reset_rows`), what each shows (`row_renderable`) and
which can take the cursor (`row_enabled`); the view posts `Highlighted` and `Selected`.
"""

from __future__ import annotations

from bisect import bisect_right

from rich.console import RenderableType
from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip


class RowView(ScrollView, can_focus=True):
    """Rows of renderables and a cursor that moves over the enabled ones."""

    DEFAULT_CSS = """
    RowView {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
        & > .row-view--cursor {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .row-view--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
    }
    """

    COMPONENT_CLASSES = {"row-view--cursor"}

    BINDINGS = [
        Binding("down", "cursor_down", "Down", show=False, id="cursor_down"),
        Binding("up", "cursor_up", "Up", show=False, id="cursor_up"),
        Binding("j", "cursor_down", "Down", show=False, id="cursor_down-j"),
        Binding("k", "cursor_up", "Up", show=False, id="cursor_up-k"),
        Binding("home", "first", "First", show=False, id="first"),
        Binding("end", "last", "Last", show=False, id="last"),
        Binding("pagedown", "page_down", "Page down", show=False, id="page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="page_up"),
        Binding("g", "first", "First", show=False, id="first-g"),
        Binding("G", "last", "Last", show=False, id="last-G"),
        Binding("ctrl+d", "half_page_down", "Half page down", show=False, id="half_page_down"),
        Binding("ctrl+u", "half_page_up", "Half page up", show=False, id="half_page_up"),
    ]

    ONE_LINE_ROWS = True  # every row one line high: where a line is, is its row, with nothing to measure
    PADDING = 1  # blank cells either side of a row, in the row's colours (the cursor spans them)

    class Highlighted(Message):
        """The cursor moved to a row (`index`), or off every row (None)."""

        def __init__(self, view: RowView, index: int | None):
            super().__init__()
            self.view = view
            self.index = index

        @property
        def control(self) -> RowView:
            return self.view

    class Selected(Message):
        """A row was chosen (enter or a click)."""

        def __init__(self, view: RowView, index: int):
            super().__init__()
            self.view = view
            self.index = index

        @property
        def control(self) -> RowView:
            return self.view

    def __init__(self, *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self.row_count = 0
        self._highlighted: int | None = None
        self._row_strips: LRUCache[tuple[int, int], list[Strip]] = LRUCache(4096)
        self._starts: list[int] = []  # the first line of each row measured so far (rows of several lines)
        self._ends: list[int] = []  # the line after each of them
        self._laid_out_width = 0  # the width the rows were laid out for

    # -- what subclasses provide -----------------------------------------------------------------
    def row_renderable(self, index: int) -> RenderableType:
        raise NotImplementedError

    def row_enabled(self, index: int) -> bool:
        return True

    # -- rows and layout -------------------------------------------------------------------------
    def reset_rows(self, count: int, highlighted: int | None = None) -> None:
        """Show `count` new rows, the cursor on `highlighted` (or the first enabled row), at the top."""
        self.row_count = count
        self._row_strips.clear()
        self._laid_out_width = 0
        self._layout()
        self._highlighted = None
        self.scroll_to(y=0, animate=False, immediate=True)
        self.highlighted = highlighted if highlighted is not None else self._next_enabled(-1, 1)
        self.refresh()

    def restyle(self) -> None:
        """Render the rows again (a new theme: their colours come from it)."""
        self._row_strips.clear()
        self._laid_out_width = 0
        self._layout()
        self.refresh()

    def _row_width(self) -> int:
        return max(self.scrollable_content_region.width, 0)

    def _layout(self) -> None:
        """Start measuring the rows at the view's width and size the scrollable area to them.

        Rows of several lines are measured (rendered) as far as the screen needs them now, the rest
        after the next frame; until then each unmeasured row counts as one line, so only the
        scrollbar's length changes as they are measured, never the place of a row already shown."""
        width = self._row_width()
        if width == self._laid_out_width:
            return
        self._laid_out_width = width
        self._starts, self._ends = [], []
        if not width:
            return
        if not self.ONE_LINE_ROWS:
            self._row_strips.clear()
            self._measure(line=self.scroll_offset.y + self.scrollable_content_region.height)
            if len(self._starts) < self.row_count:
                self.call_after_refresh(self._measure_rest)
        self.virtual_size = Size(width, self._total_lines())

    def _measure(self, *, line: int | None = None, row: int | None = None) -> None:
        """Measure rows in order until `line` is covered, `row` is measured, or all are (neither given)."""
        starts, ends = self._starts, self._ends
        while len(starts) < self.row_count:
            if line is not None and ends and ends[-1] > line:
                return
            if row is not None and len(starts) > row:
                return
            start = ends[-1] if ends else 0
            starts.append(start)
            ends.append(start + len(self._row_lines(len(starts) - 1)))

    def _measure_rest(self) -> None:
        if not self._laid_out_width or self.ONE_LINE_ROWS:
            return
        self._measure()
        self.virtual_size = Size(self._laid_out_width, self._total_lines())

    def _total_lines(self) -> int:
        if self.ONE_LINE_ROWS:
            return self.row_count
        measured = self._ends[-1] if self._ends else 0
        return measured + self.row_count - len(self._ends)  # an unmeasured row counts as one line

    def row_span(self, index: int) -> tuple[int, int]:
        """(first line, number of lines) of a row."""
        if self.ONE_LINE_ROWS:
            return index, 1
        self._measure(row=index)
        return self._starts[index], self._ends[index] - self._starts[index]

    def row_at(self, line: int) -> int | None:
        """The row a line of the scrollable area belongs to."""
        if line < 0:
            return None
        if self.ONE_LINE_ROWS:
            return line if line < self.row_count else None
        self._measure(line=line)
        if not self._ends or line >= self._ends[-1]:
            return None
        return bisect_right(self._starts, line) - 1

    def on_resize(self, _event: events.Resize) -> None:
        self._layout()
        if self._highlighted is not None:
            self.scroll_to_row(self._highlighted)

    def on_focus(self, _event: events.Focus) -> None:
        self.refresh()  # the cursor in its focused colours

    def on_blur(self, _event: events.Blur) -> None:
        self.refresh()

    # -- drawing ---------------------------------------------------------------------------------
    def _row_lines(self, index: int) -> list[Strip]:
        """A row's lines at the layout width, in its own colours only (the cursor goes under them)."""
        width = self._laid_out_width or self._row_width()
        key = (index, width)
        lines = self._row_strips.get(key)
        if lines is None:
            console = self.app.console
            inner = max(width - 2 * self.PADDING, 1)
            options = console.options.update(width=inner, height=None, highlight=False, markup=False)
            if self.ONE_LINE_ROWS:
                options = options.update(no_wrap=True, overflow="ellipsis")
            rendered = console.render_lines(self.row_renderable(index), options, pad=True, new_lines=False)
            if self.ONE_LINE_ROWS:
                rendered = rendered[:1]
            pad = Segment(" " * self.PADDING)
            lines = [Strip([pad, *line, pad], width) for line in rendered] or [Strip.blank(width)]
            self._row_strips[key] = lines
        return lines

    def render_line(self, y: int) -> Strip:
        width = self._row_width()
        if width != self._laid_out_width:  # resized, and the Resize event not handled yet
            self._layout()
        line = self.scroll_offset.y + y
        index = self.row_at(line)
        if index is None or not width:
            return Strip.blank(width, self.rich_style)
        first, _count = self.row_span(index)
        strip = self._row_lines(index)[line - first]
        if len(self._starts) < self.row_count and not self.ONE_LINE_ROWS:
            self.call_after_refresh(self._measure_rest)  # measured further to draw this: size the rest too
        if index == self._highlighted:  # the cursor's colours replace the row's own, which may not read on it
            under = self.get_component_rich_style("row-view--cursor")
            strip = Strip(Segment.remove_color(strip), strip.cell_length)
        else:
            under = self.rich_style
        return strip.apply_style(under).extend_cell_length(width, under).crop(0, width)

    # -- the cursor --------------------------------------------------------------------------------
    @property
    def highlighted(self) -> int | None:
        return self._highlighted

    @highlighted.setter
    def highlighted(self, index: int | None) -> None:
        if index is not None and not (0 <= index < self.row_count and self.row_enabled(index)):
            index = None
        old = self._highlighted
        if index == old:
            return
        self._highlighted = index
        for row in (old, index):
            if row is not None and row < self.row_count and self._laid_out_width:
                self.refresh_lines(*self.row_span(row))
        if index is not None:
            self.scroll_to_row(index)
        self.post_message(self.Highlighted(self, index))

    def scroll_to_row(self, index: int, *, center: bool = False) -> None:
        if not self._laid_out_width:
            return
        first, count = self.row_span(index)
        if not self.ONE_LINE_ROWS:  # measured as far as this row: the scrollable area must reach it
            self.virtual_size = Size(self._laid_out_width, self._total_lines())
        self.scroll_to_region(Region(0, first, self._laid_out_width, count), animate=False, center=center, force=True, immediate=True)

    def _next_enabled(self, start: int, step: int) -> int | None:
        """The first enabled row after `start` going `step` (±1), or None."""
        index = start + step
        while 0 <= index < self.row_count:
            if self.row_enabled(index):
                return index
            index += step
        return None

    def _move(self, step: int) -> None:
        here = self._highlighted
        if here is None:
            target = self._next_enabled(-1 if step > 0 else self.row_count, 1 if step > 0 else -1)
        else:
            target = self._next_enabled(here, step)
        if target is not None:
            self.highlighted = target

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_first(self) -> None:
        self.highlighted = self._next_enabled(-1, 1)

    def action_last(self) -> None:
        self.highlighted = self._next_enabled(self.row_count, -1)

    def _page(self, step: int, *, half: bool = False) -> None:
        shown = self.scrollable_content_region.height
        height = max(shown // 2 if half else shown - 1, 1)
        here = self._highlighted if self._highlighted is not None else 0
        first, _count = self.row_span(here) if self.row_count else (0, 0)
        target = self.row_at(min(max(first + step * height, 0), max(self._total_lines() - 1, 0)))
        if target is None:
            return
        enabled = self._next_enabled(target - step, step) if not self.row_enabled(target) else target
        if enabled is None:
            enabled = self._next_enabled(target, -step)
        if enabled is not None:
            self.highlighted = enabled

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def action_half_page_down(self) -> None:
        self._page(1, half=True)

    def action_half_page_up(self) -> None:
        self._page(-1, half=True)

    def action_select(self) -> None:
        if self._highlighted is not None:
            self.post_message(self.Selected(self, self._highlighted))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = self.row_at(self.scroll_offset.y + offset.y)
        if index is not None and self.row_enabled(index):
            self.highlighted = index
            self.post_message(self.Selected(self, index))
