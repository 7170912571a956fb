"""The Trends pane: every metric down the side, every edition across, as `core.trends` computes it.

`s` cycles the sort column (headline order, metric, each edition), `r` reverses it, `f` filters the
rows by typing, `enter` on a cell shows that figure with its sources, `enter` on a metric's name
opens the metric. The widget only draws the grid: values, marks and sparklines come from the core.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Label

from ciftis.app.widgets.grid_table import GridTable
from ciftis.core.format import clean
from ciftis.core.trends import CONFLICT_MARK, DERIVED_MARK, GAP, ORDER, PLAN_MARK, TrendRow, Trends, filter_rows, sort_rows, sort_state, trends

_LEGEND = f"{PLAN_MARK} plan, not a result · {DERIVED_MARK} derived · {CONFLICT_MARK} sources disagree · {GAP} not reported"
_MIN_METRIC, _MAX_METRIC = 16, 34  # the metric column's width when the editions do not all fit: a long name ends in "…"
_FIXED = 3  # the metric, its unit and its sparkline stay in view as the editions scroll


class TrendsTable(GridTable):
    """The grid: metric, unit, sparkline, then one column per edition."""

    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | {"trends--plan", "trends--gap", "trends--spark", "trends--unit"}

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id, cursor_type="cell", zebra_stripes=False, fixed_columns=_FIXED)
        self.rows_shown: list[TrendRow] = []
        self.years: tuple[int, ...] = ()

    def _style(self, name: str):
        return self.get_component_rich_style(f"trends--{name}", partial=True)

    def show(self, years: tuple[int, ...], rows: list[TrendRow], *, keep: str | None = None) -> None:
        """Fill the grid; keep the cursor on the metric `keep` (and its column) if it is still shown."""
        column = self.cursor_column
        self.rows_shown = list(rows)
        self.years = years
        self.clear(columns=True)
        longest = max([len("Metric")] + [len(clean(row.metric.label)) for row in rows])
        unit = max([len("Unit")] + [len(row.unit) for row in rows])
        trend = max(len("Trend"), len(years))
        widths = [max([len(str(year))] + [len(row.cells[n].text) for row in rows]) for n, year in enumerate(years)]
        # The whole name when every edition fits beside it; else a third of what the unit and the
        # sparkline leave (at most _MAX_METRIC), and the editions scroll.
        free = self.size.width - 2 - unit - trend - sum(widths) - 2 * (len(years) + 3)
        room = min(max(_MIN_METRIC, (self.size.width - trend - unit - 10) // 3), _MAX_METRIC)
        self.add_column(Text("Metric"), key="metric", width=min(longest, max(room, free)))
        self.add_column(Text("Unit"), key="unit", width=unit)
        self.add_column(Text("Trend"), key="trend", width=trend)
        for year, width in zip(years, widths, strict=True):
            self.add_column(Text(str(year), justify="right"), key=str(year), width=width)
        for row in rows:
            self.add_row(*self._cells(row), key=row.metric.id)
        if rows:
            target = next((n for n, row in enumerate(rows) if row.metric.id == keep), 0)
            self.move_cursor(row=target, column=min(column, len(years) + _FIXED - 1), animate=False)

    def _cells(self, row: TrendRow) -> list[Text]:
        out = [
            Text(clean(row.metric.label), no_wrap=True, overflow="ellipsis"),
            Text(row.unit, style=self._style("unit")),
            Text(row.spark, style=self._style("spark")),
        ]
        for cell in row.cells:
            if cell.figure is None:
                out.append(Text(cell.text, style=self._style("gap"), justify="right"))
            else:
                out.append(Text(cell.text, style=self._style("plan") if cell.figure.is_plan else "", justify="right"))
        return out

    @property
    def current_row(self) -> TrendRow | None:
        if not self.rows_shown or not 0 <= self.cursor_row < len(self.rows_shown):
            return None
        return self.rows_shown[self.cursor_row]

    @property
    def current_year(self) -> int | None:
        """The edition of the column under the cursor (None on the metric or its sparkline)."""
        index = self.cursor_column - _FIXED
        return self.years[index] if 0 <= index < len(self.years) else None


class TrendsPane(Vertical):
    """The trends grid with its filter box and sort state."""

    BINDINGS = [
        Binding("f", "focus_filter", "Filter", tooltip="Type to narrow the metrics", id="focus_filter"),
        Binding("s", "cycle_sort", "Sort", tooltip="Sort by the next column: headline order, metric, each edition", id="trends.sort"),
        Binding("r", "reverse_sort", "Reverse", tooltip="Reverse the sort", id="trends.reverse"),
        Binding("escape", "focus_table", "Grid", show=False, id="trends.grid"),
    ]

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id, classes="trends-pane")
        self.grid = Trends((), ())  # filled on mount
        self.sort = ORDER
        self.reverse = False

    def compose(self) -> ComposeResult:
        with Horizontal(classes="trends-bar"):
            yield Input(placeholder="Filter metrics…", classes="filter", compact=True, max_length=200)
            yield Label(classes="sort-label", markup=False)
        yield TrendsTable(id="trends")
        yield Label(Text(_LEGEND), classes="row-note", markup=False)

    @property
    def table(self) -> TrendsTable:
        return self.query_one(TrendsTable)

    @property
    def filter(self) -> Input:
        return self.query_one(Input)

    def on_mount(self) -> None:
        self.grid = trends(self.app.dataset)
        self.refill()

    def restyle(self) -> None:
        self.refill()

    def on_resize(self) -> None:
        self.call_after_refresh(self.refill)

    @property
    def rows(self) -> list[TrendRow]:
        """The rows shown: filtered by the box, in the sort chosen."""
        return sort_rows(filter_rows(self.grid.rows, self.filter.value), self.sort, reverse=self.reverse)

    def refill(self) -> None:
        current = self.table.current_row
        rows = self.rows
        self.table.show(self.grid.years, rows, keep=current.metric.id if current else None)
        shown = f"{len(rows)} of {len(self.grid.rows)} metrics" if self.filter.value.strip() else f"{len(rows)} metrics"
        self.query_one(".sort-label", Label).update(Text(f"{shown} · sorted by {sort_state(self.sort, self.reverse)}"))

    # -- actions ---------------------------------------------------------------------------
    @on(Input.Changed, ".filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.refill()

    @on(Input.Submitted, ".filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.table.focus()

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "focus_table":
            return not self.table.has_focus
        return True

    def action_focus_filter(self) -> None:
        self.screen.set_focus(self.filter)  # at once: letters sent with the f go into the box (CiftisApp.on_key)

    def action_focus_table(self) -> None:
        self.table.focus()

    def action_cycle_sort(self) -> None:
        columns = self.grid.columns
        self.sort = columns[(columns.index(self.sort) + 1) % len(columns)]
        self.refill()

    def action_reverse_sort(self) -> None:
        self.reverse = not self.reverse
        self.refill()

    @on(DataTable.CellSelected)
    def _cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self.open_cell()

    def open_cell(self) -> None:
        """The figure under the cursor with its sources; on the metric's name, the metric."""
        row, year = self.table.current_row, self.table.current_year
        if row is None:
            return
        if year is None:
            self.app.call_later(self.app.follow, f"metric:{row.metric.id}")
            return
        cell = row.cell(year)
        if cell is None or cell.figure is None:
            self.notify(f"{year} does not report {clean(row.metric.label)}.", markup=False, timeout=3)
            return
        from ciftis.app.screens.sources_screen import SourcesScreen

        self.app.push_screen(SourcesScreen([(str(year), cell.figure)], title=clean(row.metric.label)))

    def view(self):
        """What `ctrl+s` saves: the grid's rows as the table shows them (sorted and filtered)."""
        from ciftis.core.views import trends_view  # imported when first saved, not at start-up

        return trends_view(self.grid, self.table.rows_shown, self.app.dataset)

    def source_url(self) -> str | None:
        """What `o` opens: the first source with an address of the figure under the cursor."""
        from ciftis.core.describe import source_address

        row, year = self.table.current_row, self.table.current_year
        cell = row.cell(year) if row is not None and year is not None else None
        if cell is None or cell.figure is None:
            return None
        return source_address(cell.figure, self.app.dataset)
