"""Compare two editions metric by metric, and follow one metric across every edition.

Only figures of the same metric are ever diffed. Each row says, in its note, what a reader must
know before trusting the difference: a side that is a bound ("more than"), a plan rather than a
result, a derived value, sources that disagree, or a metric one edition does not report.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from ciftis.core.format import format_amount, format_number, words_value
from ciftis.core.model import Dataset, Figure, Metric, Qualifier

# What a comparison can be sorted by, in the order the explorer's `s` cycles them, and how each is
# said ("sorted by …"), forwards and reversed.
SORTS: dict[str, tuple[str, str]] = {
    "metric": ("metric (A–Z)", "metric (Z–A)"),
    "change": ("size of change", "size of change (smallest first)"),
    "a": ("A (largest first)", "A (smallest first)"),
    "b": ("B (largest first)", "B (smallest first)"),
    "delta": ("Δ (largest first)", "Δ (smallest first)"),
    "pct": ("Δ% (largest first)", "Δ% (smallest first)"),
}


@dataclass(frozen=True)
class Side:
    """One edition's side of a row: the figure used, and the others it has for the same metric."""

    figure: Figure | None
    others: tuple[Figure, ...] = ()

    @property
    def conflicting(self) -> bool:
        return self.figure is not None and bool(self.figure.conflicts_with)


@dataclass(frozen=True)
class ComparisonRow:
    metric: Metric
    a: Side
    b: Side
    delta: float | None
    delta_pct: float | None
    approximate: bool
    note: str

    @property
    def one_sided(self) -> bool:
        """True when only one of the two editions reports this metric."""
        return (self.a.figure is None) != (self.b.figure is None)

    @property
    def changed(self) -> bool:
        """True when the two editions differ here (including a side that is missing)."""
        if self.a.figure is None or self.b.figure is None:
            return True
        return self.delta != 0 or self.a.figure.qualifier != self.b.figure.qualifier


@dataclass(frozen=True)
class Comparison:
    year_a: int
    year_b: int
    rows: tuple[ComparisonRow, ...]


def _side(dataset: Dataset, year: int, metric: str) -> Side:
    figures = dataset.figures_for(year, metric)
    if not figures:
        return Side(None)
    return Side(figures[0], tuple(figures[1:]))


def _describe(side: Side, year: int, dataset: Dataset) -> list[str]:
    figure = side.figure
    assert figure is not None  # described only for a side that has a figure
    notes = []
    if figure.is_plan:
        notes.append(f"{year} is a plan, not a result")
    if figure.derived is not None:
        notes.append(f"{year} derived ({figure.derived.formula})")
    if figure.conflicts_with:
        others = ", ".join(words_value(f) for f in dataset.conflicts_of(figure))
        notes.append(f"{year} sources disagree (also {others})")
    return notes


def _row(dataset: Dataset, metric: Metric, year_a: int, year_b: int) -> ComparisonRow:
    a, b = _side(dataset, year_a, metric.id), _side(dataset, year_b, metric.id)
    notes: list[str] = []
    delta = delta_pct = None
    approximate = False
    if a.figure is None or b.figure is None:
        missing = year_a if a.figure is None else year_b
        notes.append(f"not reported for {missing}")
    else:
        delta = b.figure.value - a.figure.value
        if float(delta).is_integer():
            delta = int(delta)
        delta_pct = round(delta / a.figure.value * 100, 1) if a.figure.value else None
        bounded = [f for f in (a.figure, b.figure) if f.qualifier is not Qualifier.EXACT]
        if bounded:
            approximate = True
            notes.append(f"approximate: {words_value(a.figure)} → {words_value(b.figure)}")
        if a.figure.is_plan != b.figure.is_plan:
            notes.append("compares a plan with a result")
        if metric.unit == "percent":
            notes.append("Δ in percentage points")
    for side, year in ((a, year_a), (b, year_b)):
        if side.figure is not None:
            notes.extend(_describe(side, year, dataset))
    return ComparisonRow(metric, a, b, delta, delta_pct, approximate, "; ".join(notes))


def compare(dataset: Dataset, year_a: int, year_b: int, *, sort: str = "metric", reverse: bool = False) -> Comparison:
    """Every metric either edition reports, A against B."""
    metric_ids = {f.metric for year in (year_a, year_b) if year in dataset.editions for f in dataset.editions[year].figures if not f.is_context}
    rows = [_row(dataset, dataset.metrics[m], year_a, year_b) for m in metric_ids if m in dataset.metrics]
    return Comparison(year_a, year_b, tuple(sort_rows(rows, sort, reverse=reverse)))


def sort_rows(rows: Iterable[ComparisonRow], sort: str = "metric", *, reverse: bool = False) -> list[ComparisonRow]:
    """By metric label; by size of change (largest relative change first, then metrics one edition
    reports, then unchanged ones); or by one column's value (A, B, Δ, Δ%: largest first).

    Reversed, the order turns round, but rows without a value in the column sorted by stay last:
    a reader looking for the smallest change is not shown the metrics that have none first."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
    by_label = sorted(rows, key=lambda row: (row.metric.label.casefold(), row.metric.id))
    if sort == "metric":
        return by_label[::-1] if reverse else by_label
    if sort == "change":
        ordered = sorted(((_change_order(row), row) for row in by_label), key=lambda item: item[0])
        if not reverse:
            return [row for _order, row in ordered]
        changes = [row for order, row in ordered if order[0] == 0]  # real changes, smallest first
        return changes[::-1] + [row for order, row in ordered if order[0] != 0]
    valued: list[tuple[float, ComparisonRow]] = []
    gaps: list[ComparisonRow] = []
    for row in by_label:
        value = _column_value(row, sort)
        if value is None:
            gaps.append(row)
        else:
            valued.append((value, row))
    valued.sort(key=lambda item: item[0], reverse=not reverse)  # stable: equal values stay in label order
    return [row for _value, row in valued] + gaps


def _column_value(row: ComparisonRow, column: str) -> float | None:
    if column in ("a", "b"):
        figure = (row.a if column == "a" else row.b).figure
        return None if figure is None else figure.value
    return row.delta if column == "delta" else row.delta_pct


def sort_said(sort: str, reverse: bool = False) -> str:
    """How a sort is said after "sorted by": "metric (A–Z)", "Δ% (smallest first)"."""
    return SORTS[sort][1 if reverse else 0]


def _change_order(row: ComparisonRow) -> tuple[int, bool, float, float]:
    """Real changes by size first, then metrics only one edition reports, then unchanged rows."""
    if row.delta is None:
        group = 1
    elif row.delta == 0 and row.a.figure.qualifier == row.b.figure.qualifier:  # type: ignore[union-attr]  # a delta means both sides have a figure
        group = 2
    else:
        group = 0
    return (group, row.delta_pct is None, -abs(row.delta_pct or 0), -abs(row.delta or 0))


def format_delta(row: ComparisonRow) -> str:
    """ "+1,100", "−26,000 m²", "≈ +4,300", "+12 pp"; "" when there is no difference to show."""
    if row.delta is None:
        return ""
    sign = "+" if row.delta > 0 else "−" if row.delta < 0 else "±"
    if row.metric.unit == "percent":
        amount = f"{format_number(abs(row.delta))} pp"
    else:
        amount = format_amount(abs(row.delta), row.metric.unit)
    return ("≈ " if row.approximate else "") + sign + amount


def format_delta_pct(row: ComparisonRow) -> str:
    if row.delta_pct is None:
        return ""
    sign = "+" if row.delta_pct > 0 else "−" if row.delta_pct < 0 else "±"
    return ("≈ " if row.approximate else "") + f"{sign}{format_number(abs(row.delta_pct), 1)}%"


def series(dataset: Dataset, metric: str) -> list[tuple[int, Figure | None]]:
    """One metric across every edition, oldest first; None where an edition does not report it."""
    return [(year, (dataset.figures_for(year, metric) or cast("list[Figure | None]", [None]))[0]) for year in dataset.editions]

