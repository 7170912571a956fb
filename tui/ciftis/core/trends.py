"""Every metric across every edition: the trends grid, its sort orders and its filter.

One row per metric that any edition reports (context statistics left out), one cell per edition:
the figure Compare would use (a result before a plan), read as it is shown everywhere but with the
row's unit said once ("> 2,400", "≈ 280,000" in person-times, "78.69 bn" in US$), and marked PLAN,
† derived or ≠ sources disagree. A gap stays a gap. Each
row carries a sparkline of its results (plans and gaps drawn as "·"). The headline metrics come
first, in the order a report names them. Building, sorting and filtering are linear in the figures
and rows (the sorts add a log factor).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ciftis.core.format import QUALIFIER_SYMBOLS, fold, grid_amount, grid_unit
from ciftis.core.model import Dataset, Figure, Metric

# The metrics a report about the fair names first, in that order.
HEADLINE: tuple[str, ...] = (
    "exhibition-area",
    "offline-exhibitors",
    "online-exhibitors",
    "countries-regions",
    "international-organizations",
    "visitors",
    "results",
    "contracts",
    "intended-deal-value",
    "forums-and-events",
    "summit-forums",
    "professional-forums",
    "fg500-and-leaders",
    "internationalization-rate",
)
PLAN_MARK = "PLAN"
DERIVED_MARK = "†"
CONFLICT_MARK = "≠"
GAP = "·"
_BARS = "▁▂▃▄▅▆▇█"
# The sort columns besides the editions: the headline order, and the metric's name.
ORDER = "order"
METRIC = "metric"


@dataclass(frozen=True)
class TrendCell:
    """One edition's figure for one metric, or a gap (figure None)."""

    year: int
    figure: Figure | None
    others: int = 0  # further figures the edition has for the metric (shown in its sources screen)

    @property
    def text(self) -> str:
        """ "126,000", "≈ 130,000 PLAN", "~ 102.56 bn † ≠" (the unit is the row's); "·" for a gap."""
        figure = self.figure
        if figure is None:
            return GAP
        marks = [PLAN_MARK] if figure.is_plan else []
        if figure.derived is not None:
            marks.append(DERIVED_MARK)
        if figure.conflicts_with:
            marks.append(CONFLICT_MARK)
        return " ".join([QUALIFIER_SYMBOLS[figure.qualifier] + grid_amount(figure.value, figure.unit), *marks])


@dataclass(frozen=True)
class TrendRow:
    metric: Metric
    cells: tuple[TrendCell, ...]
    order: int  # its place in the headline order (headline metrics first, the rest by name)

    @property
    def unit(self) -> str:
        """The unit its cells are in, said once: "m²", "US$", "person-times"; "" for a count or
        where each cell says it ("21%")."""
        return grid_unit(self.metric.unit)

    @property
    def spark(self) -> str:
        """A bar per edition, scaled to the row's results; plans and gaps are "·"."""
        values = [cell.figure.value if cell.figure is not None and not cell.figure.is_plan else None for cell in self.cells]
        known = [value for value in values if value is not None]
        if not known:
            return GAP * len(values)
        low, high = min(known), max(known)
        span = high - low
        bars = []
        for value in values:
            if value is None:
                bars.append(GAP)
            elif span == 0:
                bars.append(_BARS[len(_BARS) // 2])
            else:
                bars.append(_BARS[round((value - low) / span * (len(_BARS) - 1))])
        return "".join(bars)

    def cell(self, year: int) -> TrendCell | None:
        return next((cell for cell in self.cells if cell.year == year), None)


@dataclass(frozen=True)
class Trends:
    years: tuple[int, ...]
    rows: tuple[TrendRow, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        """What the grid can be sorted by, in the order the sort key cycles: the headline order,
        the metric, then each edition."""
        return (ORDER, METRIC, *(str(year) for year in self.years))


def trends(dataset: Dataset) -> Trends:
    """The grid for a dataset: one pass over the editions' figures."""
    years = tuple(dataset.editions)
    by_metric: dict[str, dict[int, list[Figure]]] = {}
    for year, edition in dataset.editions.items():
        for figure in edition.figures:
            if not figure.is_context and figure.metric in dataset.metrics:
                by_metric.setdefault(figure.metric, {}).setdefault(year, []).append(figure)
    headline = {metric: n for n, metric in enumerate(HEADLINE)}
    others = sorted((m for m in by_metric if m not in headline), key=lambda m: (dataset.metrics[m].label.casefold(), m))
    ranked = sorted((m for m in by_metric if m in headline), key=headline.__getitem__) + others
    rows = []
    for order, metric_id in enumerate(ranked):
        per_year = by_metric[metric_id]
        cells = []
        for year in years:
            found = sorted(per_year.get(year, ()), key=lambda figure: figure.is_plan)  # results before plans, as Compare
            cells.append(TrendCell(year, found[0], len(found) - 1) if found else TrendCell(year, None))
        rows.append(TrendRow(dataset.metrics[metric_id], tuple(cells), order))
    return Trends(years, tuple(rows))


def sort_rows(rows: Iterable[TrendRow], column: str, *, reverse: bool = False) -> list[TrendRow]:
    """By the headline order, by metric name (A–Z), or by one edition's value (largest first); reversed,
    the other way round. Rows without a figure in that edition stay last (in headline order)."""
    rows = sorted(rows, key=lambda row: row.order)
    if column == ORDER:
        return rows[::-1] if reverse else rows
    if column == METRIC:
        return sorted(rows, key=lambda row: (row.metric.label.casefold(), row.metric.id), reverse=reverse)
    if not column.isdigit():
        raise ValueError(f"unknown trends column {column!r}")
    year = int(column)
    valued: list[tuple[float, TrendRow]] = []
    gaps: list[TrendRow] = []
    for row in rows:
        cell = row.cell(year)
        if cell is not None and cell.figure is not None:
            valued.append((cell.figure.value, row))
        else:
            gaps.append(row)
    valued.sort(key=lambda item: item[0], reverse=not reverse)  # stable: equal values keep the headline order
    return [row for _value, row in valued] + gaps


def filter_rows(rows: Sequence[TrendRow], text: str) -> list[TrendRow]:
    """The rows whose metric name or id holds every word typed (accents and case ignored)."""
    words = fold(text).split()
    if not words:
        return list(rows)
    return [row for row in rows if all(word in fold(f"{row.metric.label} {row.metric.id}") for word in words)]


def sort_state(column: str, reverse: bool) -> str:
    """How the grid says its sort: "headline order", "metric (Z–A)", "2024 (largest first)"."""
    if column == ORDER:
        return "headline order" + (" (reversed)" if reverse else "")
    if column == METRIC:
        return "metric " + ("(Z–A)" if reverse else "(A–Z)")
    return f"{column} " + ("(smallest first)" if reverse else "(largest first)")
