"""The comparison table: one row per metric with edition A, edition B, Δ and Δ%, cells exactly as
`export.row_cells` writes them; rows that did not change are dimmed, derived and disputed values
carry a mark (explained under the table).
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from ciftis.app.widgets.grid_table import GridTable
from ciftis.core.export import row_cells

DERIVED_MARK = "†"
CONFLICT_MARK = "≠"
_MIN_METRIC = 14
_KEYS = ("metric", "a", "b", "delta", "pct")  # the columns' keys, which are also the sorts they take
_MAX_VALUE = (14, 14, 14, 9)  # A, B, Δ, Δ% on a narrow terminal: longer values wrap


def side_marks(side) -> str:
    """The marks after a value: † derived, ≠ sources disagree."""
    figure = side.figure
    if figure is None:
        return ""
    return ("" if figure.derived is None else DERIVED_MARK) + (CONFLICT_MARK if side.conflicting else "")


class ComparisonTable(GridTable):
    """Metric, A, B, Δ, Δ% for two editions."""


    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | {
        "comparison--plan",
        "comparison--mark",
        "comparison--missing",
        "comparison--up",
        "comparison--down",
    }

    def __init__(self, *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes, cursor_type="row", zebra_stripes=False)
        self.rows_shown: list = []
        self.headers: tuple[str, ...] = ()

    def _style(self, name: str):
        return self.get_component_rich_style(f"comparison--{name}", partial=True)

    def show(self, headers: tuple[str, ...], rows: list, *, keep: str | None = None, sorted_by: tuple[str, bool] | None = None) -> None:
        """Fill the table; keep the cursor on the metric `keep` if it is still there. `sorted_by`
        (a column's key, reversed or not) puts ▼ (largest first, or Z–A) or ▲ (smallest first, or A–Z) after
        that header."""
        self.rows_shown = list(rows)
        self.headers = headers
        if sorted_by is not None and sorted_by[0] in _KEYS:
            n = _KEYS.index(sorted_by[0])
            ascending = sorted_by[1] != (n == 0)  # values sort largest first, names A–Z
            headers = (*headers[:n], f"{headers[n]} {'▲' if ascending else '▼'}", *headers[n + 1 :])
        self.clear(columns=True)
        cells = [row_cells(row) for row in rows]
        marks = [max([0] + [len(side_marks(side)) + 1 for side in sides if side_marks(side)]) for sides in ([r.a for r in rows], [r.b for r in rows])]
        natural = [max([len(headers[n])] + [len(c[n]) + (marks[n - 1] if n in (1, 2) else 0) for c in cells]) for n in range(1, 5)]
        room = self.size.width - 2 - 5 * 2  # the scrollbar, and each column's padding
        longest = max([len(headers[0])] + [len(c[0]) for c in cells])
        widths = natural
        if sum(natural) + min(longest, _MIN_METRIC) > room:  # too narrow for every value on one line: long ones wrap
            widths = [max(len(headers[n + 1]), min(width, cap)) for n, (width, cap) in enumerate(zip(natural, _MAX_VALUE, strict=True))]
        metric_width = max(_MIN_METRIC, min(longest, room - sum(widths)))
        self.add_column(Text(headers[0]), key="metric", width=metric_width)
        for n, key in enumerate(_KEYS[1:], start=1):
            self.add_column(Text(headers[n], justify="right"), key=key, width=widths[n - 1])
        column_widths = [metric_width, *widths]
        console = self.app.console
        for row, row_text in zip(rows, cells, strict=True):  # every column kept: a cell too long for it wraps, its row grows
            texts = self._cells(row, row_text)
            # The row's height counted here, as the cells will wrap: a table that measures each row
            # itself renders every cell once more before the first frame that shows it.
            height = max(len(text.wrap(console, width)) if text.cell_len > width else 1 for text, width in zip(texts, column_widths, strict=True))
            self.add_row(*texts, key=row.metric.id, height=height)
        if keep is not None and keep in {row.metric.id for row in rows}:
            self.move_cursor(row=self.get_row_index(keep), animate=False)
        elif rows:  # start on a metric both editions report, so the first difference is in view
            both = next((n for n, row in enumerate(rows) if row.a.figure is not None and row.b.figure is not None), 0)
            self.move_cursor(row=both, animate=False)

    def _cells(self, row, cells: tuple[str, ...]) -> list[Text]:
        dim = "" if row.changed else "dim"
        out = [Text(cells[0], style=dim)]  # the metric's whole name, wrapped: two rows never read the same
        for side, cell in ((row.a, cells[1]), (row.b, cells[2])):
            if side.figure is None:
                text = Text(cell, style=self._style("missing"), justify="right")
            else:
                text = Text(cell, style=self._style("plan") if side.figure.is_plan else dim, justify="right")
                marks = side_marks(side)
                if marks:
                    text.append(" " + marks, style=self._style("mark"))
            out.append(text)
        direction = "" if row.delta in (None, 0) else self._style("up" if row.delta > 0 else "down")
        for cell in cells[3:5]:
            out.append(Text(cell, style=direction or dim, justify="right"))
        return out

    @property
    def current_row(self):
        if not self.rows_shown or not 0 <= self.cursor_row < len(self.rows_shown):
            return None
        return self.rows_shown[self.cursor_row]
