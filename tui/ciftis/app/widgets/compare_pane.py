"""The Compare pane: choose editions A and B, read their figures metric by metric, jump between the
rows that changed (n/N, past metrics only one edition reports), sort by any column (s cycles them, a
click on a header picks one, r reverses), hide or bring back the one-sided rows (u), and see the
highlighted metric charted across every edition. y copies a row as TSV, ctrl+y the table as
Markdown, t the table as TSV: what the table shows, in its order.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Label, Select

from ciftis.app.widgets.comparison_table import CONFLICT_MARK, DERIVED_MARK, ComparisonTable, side_marks
from ciftis.app.widgets.metric_chart import MetricChart
from ciftis.core.compare import SORTS, compare, sort_rows, sort_said
from ciftis.core.describe import source_address
from ciftis.core.export import comparison_delimited, comparison_headers, comparison_markdown, row_cells, spreadsheet_safe
from ciftis.core.format import clean
from ciftis.core.views import comparison_view

_STEP_A = Binding.Group("Edition A")
_STEP_B = Binding.Group("Edition B")
_CHANGES = Binding.Group("Next/prev change")


def default_pair(years: list[int], dataset) -> tuple[int | None, int | None]:
    """The two latest editions that report figures (else the two latest editions)."""
    with_figures = [year for year in years if dataset.editions[year].figures]
    pool = with_figures if len(with_figures) >= 2 else years
    if not pool:
        return None, None
    if len(pool) == 1:
        return pool[0], pool[0]
    return pool[-2], pool[-1]


class ComparePane(Vertical):
    """Two editions side by side, and one metric across all of them."""

    BINDINGS = [
        Binding("left_square_bracket", "step('a', -1)", "A earlier", group=_STEP_A, key_display="[", id="compare.a_earlier"),
        Binding("right_square_bracket", "step('a', 1)", "A later", group=_STEP_A, key_display="]", id="compare.a_later"),
        Binding("left_curly_bracket", "step('b', -1)", "B earlier", group=_STEP_B, key_display="{", id="compare.b_earlier"),
        Binding("right_curly_bracket", "step('b', 1)", "B later", group=_STEP_B, key_display="}", id="compare.b_later"),
        Binding("n", "change(1)", "Next change", group=_CHANGES, id="compare.next_change"),
        Binding("N", "change(-1)", "Previous change", group=_CHANGES, id="compare.previous_change"),
        Binding("s", "toggle_sort", "Sort", tooltip="Sort by the next column: metric, size of change, A, B, Δ, Δ%", id="toggle_sort"),
        Binding("r", "reverse_sort", "Reverse", show=False, tooltip="Reverse the sort", id="compare.reverse"),
        Binding("u", "toggle_one_sided", "One-sided rows", show=False, tooltip="Hide or bring back the metrics only one edition reports", id="compare.one_sided"),
        Binding("x", "swap", "Swap A/B", tooltip="Exchange editions A and B", id="swap"),
        Binding("y", "copy_row", "Copy row", tooltip="Copy the highlighted row as tab-separated cells", id="copy_row"),
        Binding("ctrl+y", "copy_markdown", "Copy table", tooltip="Copy the whole table as Markdown", id="copy_markdown"),
        Binding("t", "copy_tsv", "Copy TSV", tooltip="Copy the whole table as TSV, for spreadsheets", id="copy_tsv"),
    ]

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id, classes="compare-pane")
        self.sort = "metric"
        self.reverse = False
        self.hide_one_sided = False
        self.comparison = None
        self.rows: list = []  # every row of the comparison, in the sort chosen (one-sided ones too)
        self.filled_width = 0  # the table's width when it was last filled (0 also when filled while hidden)

    def compose(self) -> ComposeResult:
        dataset = self.app.dataset
        years = list(dataset.editions)
        a, b = default_pair(years, dataset)
        options = [(self._prompt(dataset.editions[year]), year) for year in years]
        with Horizontal(classes="compare-bar"):
            yield Label("A", classes="side-label")
            yield Select(options, value=a if a is not None else Select.NULL, allow_blank=a is None, id="edition-a", compact=True, prompt="Edition A")
            yield Label("B", classes="side-label")
            yield Select(options, value=b if b is not None else Select.NULL, allow_blank=b is None, id="edition-b", compact=True, prompt="Edition B")
            yield Label(classes="sort-label", markup=False)
        with Horizontal(classes="compare-body"):
            with Vertical(classes="compare-main"):
                yield ComparisonTable(id="comparison")
                yield Label(classes="row-note", markup=False)
            yield MetricChart(id="chart", classes="chart-box")

    @staticmethod
    def _prompt(edition) -> Text:
        """An edition as the choosers list it: the year first, so a narrow chooser still tells them apart."""
        prompt = Text()
        prompt.append(str(edition.year), style="bold")
        prompt.append("  " + clean(edition.title).removesuffix(f" {edition.year}"))
        return prompt

    @property
    def table(self) -> ComparisonTable:
        return self.query_one(ComparisonTable)

    @property
    def chart(self) -> MetricChart:
        return self.query_one(MetricChart)

    def on_mount(self) -> None:
        self.call_after_refresh(self.rebuild)

    def on_resize(self) -> None:
        self.call_after_refresh(self.rebuild)

    def restyle(self) -> None:
        if self.comparison is not None:
            self.refill()
        self.chart.refresh()

    # -- the comparison ----------------------------------------------------------------------
    def years(self) -> tuple[int | None, int | None]:
        values = []
        for select_id in ("#edition-a", "#edition-b"):
            value = self.query_one(select_id, Select).value
            values.append(value if isinstance(value, int) else None)
        return values[0], values[1]

    def choose(self, a: int | None = None, b: int | None = None) -> None:
        """Set editions A and/or B (as the palette's "Compare" command does)."""
        if a is not None:
            self.query_one("#edition-a", Select).value = a
        if b is not None:
            self.query_one("#edition-b", Select).value = b

    @on(Select.Changed)
    def _edition_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.rebuild()

    def rebuild(self) -> None:
        year_a, year_b = self.years()
        if year_a is None or year_b is None:
            self.comparison, self.rows = None, []
            self.table.clear(columns=True)
            self._note(Text("Choose editions A and B."))
            self.chart.show(None)
            return
        if self.comparison is not None and (self.comparison.year_a, self.comparison.year_b) == (year_a, year_b):
            if self.filled_width != self.table.size.width:  # laid out, shown or resized since it was filled
                self.refill()
            return  # (the choosers announce their first values, the layout its first size: one build)
        keep = self.table.current_row.metric.id if self.table.current_row is not None else None
        self.comparison = compare(self.app.dataset, year_a, year_b, sort=self.sort, reverse=self.reverse)
        self.rows = list(self.comparison.rows)
        self.refill(keep=keep)

    def refill(self, keep: str | None = None) -> None:
        """Fill the table with the comparison's rows, in their sort, to the table's width (a hidden
        pane's is 0: it fills again when it is shown)."""
        if self.comparison is None:
            return
        self.filled_width = self.table.size.width
        if keep is None and self.table.current_row is not None:
            keep = self.table.current_row.metric.id
        shown = self.shown_rows()
        self.table.show(comparison_headers(self.comparison), shown, keep=keep, sorted_by=(self.sort, self.reverse))
        changed = sum(1 for row in self.rows if row.changed)
        state = f"{changed} of {len(self.rows)} metrics differ"
        one_sided = sum(1 for row in self.rows if row.one_sided)
        if self.hide_one_sided and one_sided:
            state += f" · {one_sided} only in one edition hidden (u)"
        self.query_one(".sort-label", Label).update(Text(f"{state} · sorted by {sort_said(self.sort, self.reverse)}"))
        self._row_changed()
        if not self.rows:
            self._note(Text("Neither edition reports any figures."))
        elif not shown:
            self._note(Text("Every metric here is reported by one edition only: u shows them."))

    def shown_rows(self) -> list:
        """The rows the table shows: all of them, or those both editions report (u)."""
        return [row for row in self.rows if not row.one_sided] if self.hide_one_sided else list(self.rows)

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._row_changed()

    def _row_changed(self) -> None:
        row = self.table.current_row
        if row is None or self.comparison is None:
            self.chart.show(None, self.years())
            return
        self.chart.show(row.metric.id, (self.comparison.year_a, self.comparison.year_b))
        note = Text(clean(row.metric.label), style="bold")
        if row.note:
            note.append(" — " + clean(row.note))
        marks = side_marks(row.a) + side_marks(row.b)
        legend = []
        if DERIVED_MARK in marks:
            legend.append(f"{DERIVED_MARK} derived")
        if CONFLICT_MARK in marks:
            legend.append(f"{CONFLICT_MARK} sources disagree")
        if legend:
            note.append("  (" + ", ".join(legend) + ")", style="italic")
        self._note(note)

    def _note(self, text: Text) -> None:
        self.query_one(".row-note", Label).update(text)

    def view(self):
        """What `ctrl+s` saves: both editions, every row as the table shows it (in its sort)."""
        if self.comparison is None:
            return None
        return comparison_view(self.comparison, self.table.rows_shown)

    # -- sources ---------------------------------------------------------------------------
    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.open_sources()

    def open_sources(self) -> None:
        """Both figures of the highlighted row with their sources, derivations and conflicts."""
        row = self.table.current_row
        if row is None or self.comparison is None:
            self.app.bell()
            return
        from ciftis.app.screens.sources_screen import SourcesScreen

        sides = [(f"A {self.comparison.year_a}", row.a.figure), (f"B {self.comparison.year_b}", row.b.figure)]
        self.app.push_screen(SourcesScreen(sides, title=clean(row.metric.label)))

    def source_url(self) -> str | None:
        """What `o` opens: the first source with an address of A's figure, else of B's."""
        row = self.table.current_row
        if row is None:
            return None
        for side in (row.a, row.b):
            address = source_address(side.figure, self.app.dataset) if side.figure is not None else None
            if address is not None:
                return address
        return None

    # -- actions ---------------------------------------------------------------------------
    def action_step(self, side: str, step: int) -> None:
        years = list(self.app.dataset.editions)
        select = self.query_one(f"#edition-{side}", Select)
        current = select.value if isinstance(select.value, int) else None
        if current is None:
            index = 0 if step > 0 else len(years) - 1
        else:
            index = years.index(current) + step
        if not 0 <= index < len(years):
            self.app.bell()
            self.notify(f"Edition {side.upper()} is already the {'latest' if step > 0 else 'earliest'}.", markup=False, timeout=2)
            return
        select.value = years[index]

    def action_swap(self) -> None:
        a, b = self.years()
        if a is not None and b is not None:
            with self.prevent(Select.Changed):
                self.choose(b, a)
            self.rebuild()

    def action_toggle_sort(self) -> None:
        """Sort by the next column (metric, size of change, A, B, Δ, Δ%), forwards."""
        sorts = list(SORTS)
        self.sort_by(sorts[(sorts.index(self.sort) + 1) % len(sorts)])

    def action_reverse_sort(self) -> None:
        self.sort_by(self.sort, reverse=not self.reverse)

    def sort_by(self, sort: str, *, reverse: bool = False) -> None:
        """Sort the table, keeping the cursor on its metric."""
        self.sort, self.reverse = sort, reverse
        self.rows = sort_rows(self.rows, self.sort, reverse=self.reverse)
        self.refill()

    @on(DataTable.HeaderSelected)
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        """A click on a column's header sorts by it; a second click reverses it."""
        event.stop()
        sort = str(event.column_key.value)  # the columns are keyed by the sorts they take
        if sort in SORTS:
                self.sort_by(sort, reverse=not self.reverse if sort == self.sort else False)

    def action_toggle_one_sided(self) -> None:
        """Hide the metrics only one edition reports, or bring them back."""
        self.hide_one_sided = not self.hide_one_sided
        self.refill()

    def action_change(self, step: int) -> None:
        """The next (1) or previous (-1) metric whose value differs between A and B; metrics only
        one edition reports are passed over (they are not a change of a figure: u hides them)."""
        rows = self.table.rows_shown
        if not rows:
            return
        changed = [n for n, row in enumerate(rows) if row.changed and not row.one_sided]
        if not changed:
            self.notify("No metric both editions report differs between A and B.", markup=False, timeout=3)
            return
        here = self.table.cursor_row
        ahead = [n for n in changed if (n > here if step > 0 else n < here)]
        if ahead:
            target = ahead[0] if step > 0 else ahead[-1]
        else:
            target = changed[0] if step > 0 else changed[-1]
            self.notify(f"Wrapped to the {'first' if step > 0 else 'last'} change.", markup=False, timeout=2)
        self.table.move_cursor(row=target, animate=False)

    def action_copy_row(self) -> None:
        row = self.table.current_row
        if row is None:
            self.app.bell()
            return
        self.app.copy_text("\t".join(spreadsheet_safe(cell) for cell in row_cells(row)), what="row (TSV)")

    def action_copy_markdown(self) -> None:
        if self.comparison is not None:
            self.app.copy_text(comparison_markdown(self.comparison, rows=self.table.rows_shown), what="table (Markdown)")

    def action_copy_tsv(self) -> None:
        if self.comparison is not None:
            self.app.copy_text(comparison_delimited(self.comparison, "\t", rows=self.table.rows_shown), what="table (TSV)")
