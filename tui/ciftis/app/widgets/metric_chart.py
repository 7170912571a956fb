"""A bar chart of one metric across every edition: horizontal bars of block characters scaled to the
width, the value written on each bar as a reader expects it ("> 2,400"), plans in their own colour
and marked, and editions that do not report the metric shown as "not reported" — no bar, not zero.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from ciftis.core.compare import series
from ciftis.core.format import UNIT_LABELS, clean, display_value

EIGHTHS = " ▏▎▍▌▋▊▉"
FULL = "█"
_LABEL = 7  # "2021 A "
_TAIL = 6  # room after the longest bar for " PLAN"


def bar_cells(value: float, largest: float, width: int) -> tuple[int, str]:
    """Whole cells and the partial block for a value on a bar `width` cells long at `largest`."""
    if largest <= 0 or value <= 0 or width <= 0:
        return 0, ""
    length = min(value / largest, 1.0) * width
    full = int(length)
    eighths = int(round((length - full) * 8))
    if eighths == 8:
        full, eighths = full + 1, 0
    if full == 0 and eighths == 0:
        eighths = 1  # a positive value always shows
    return full, EIGHTHS[eighths].strip()


class MetricChart(Widget):
    """One metric across all editions, A and B marked."""

    COMPONENT_CLASSES = {
        "metric-chart--title",
        "metric-chart--bar",
        "metric-chart--on-bar",
        "metric-chart--plan",
        "metric-chart--on-plan",
        "metric-chart--missing",
        "metric-chart--year",
        "metric-chart--chosen",
        "metric-chart--dim",
    }

    def __init__(self, *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self.metric_id: str | None = None
        self.chosen: tuple[int, ...] = ()

    def show(self, metric_id: str | None, chosen: tuple[int, ...] = ()) -> None:
        self.metric_id = metric_id
        self.chosen = chosen
        self.refresh(layout=True)

    def _style(self, name: str):
        return self.get_component_rich_style(f"metric-chart--{name}", partial=True)

    def get_content_height(self, container, viewport, width: int) -> int:
        if self.metric_id is None:
            return 1
        return len(self.app.dataset.editions) + 2

    def render(self) -> Text:
        width = max(self.content_size.width, 20)
        dataset = self.app.dataset
        metric = dataset.metrics.get(self.metric_id) if self.metric_id else None
        if metric is None:
            return Text("Highlight a row to chart its metric across editions.", style=self._style("dim"))
        points = series(dataset, metric.id)
        text = Text(no_wrap=True, overflow="ellipsis")
        title = Text(clean(metric.label), style=self._style("title"))
        title.append(f"  ({UNIT_LABELS.get(metric.unit, metric.unit)}, every edition)", style=self._style("dim"))
        title.truncate(width, overflow="ellipsis")  # one line, so the height stays one row per edition
        text.append_text(title)
        text.append("\n\n")
        largest = max((figure.value for _, figure in points if figure is not None), default=0)
        room = max(width - _LABEL - _TAIL, 4)
        first, last = self._window([year for year, _figure in points])
        for number, (year, figure) in enumerate(points[first:last]):
            if number:
                text.append("\n")
            mark = "A" if year == (self.chosen[0] if self.chosen else None) else ""
            if len(self.chosen) > 1 and year == self.chosen[1]:
                mark = "B" if not mark else "AB"
            year_style = self._style("chosen" if mark else "year")
            text.append(f"{year} ", style=year_style)
            text.append(f"{mark:<2}", style=year_style)
            text.append(" ")
            if figure is None:
                text.append("not reported", style=self._style("missing"))
                continue
            self._bar(text, figure, largest, room)
        return text

    def _window(self, years: list[int]) -> tuple[int, int]:
        """The editions drawn under the title when not all fit: a run that holds A and B (or as
        much of them as fits), so the title never scrolls away and the chosen rows stay in view."""
        room = max(self.content_size.height - 2, 1)
        if room >= len(years):
            return 0, len(years)
        chosen = [years.index(year) for year in self.chosen if year in years]
        if not chosen:
            return 0, room
        first = max(0, min(min(chosen), max(chosen) - room + 1))
        first = min(first, len(years) - room)
        return first, first + room

    def _bar(self, text: Text, figure, largest: float, room: int) -> None:
        plan = figure.is_plan
        bar_style = self._style("plan" if plan else "bar")
        on_bar = self._style("on-plan" if plan else "on-bar")
        label = display_value(figure)
        full, partial = bar_cells(figure.value, largest, room)
        written = f" {label} "
        if full >= len(written):  # the value fits on the bar
            text.append(written, style=on_bar)
            text.append(FULL * (full - len(written)), style=bar_style)
            text.append(partial, style=bar_style)
        else:  # a short bar: the value beside it
            text.append(FULL * full + partial, style=bar_style)
            text.append((" " if full or partial else "") + label)
        if plan:
            text.append(" PLAN", style=self._style("plan"))
