"""The trends grid in the core: rows, order, cells, sparklines, sorts and the filter, on the bundled dataset."""

from __future__ import annotations

import pytest

from ciftis.core.trends import filter_rows, sort_rows, sort_state, trends
from tests.app_support import bundled

YEARS = (2012, 2013, 2014, 2016, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025)


def row(grid, metric):
    return next(r for r in grid.rows if r.metric.id == metric)


def test_every_edition_across_and_the_headline_metrics_first():
    grid = trends(bundled())
    assert grid.years == YEARS
    assert len(grid.rows) == 65  # every metric an edition reports; context statistics left out
    assert [r.metric.id for r in grid.rows[:15]] == [
        "exhibition-area", "offline-exhibitors", "online-exhibitors", "countries-regions", "international-organizations",
        "visitors", "results", "contracts", "intended-deal-value", "forums-and-events", "summit-forums",
        "professional-forums", "fg500-and-leaders", "internationalization-rate",
        "launch-achievements",  # then the rest by name: "Achievements launched"
    ]
    assert not any(r.metric.id.startswith("context-") for r in grid.rows)


def test_the_exhibition_area_row_reads_as_shown_with_plans_conflicts_and_gaps():
    area = row(trends(bundled()), "exhibition-area")
    assert [c.text for c in area.cells] == [
        "50,000", "·", "·", "50,000", "50,000", "~ 150,000 PLAN", "~ 200,000 PLAN ≠",
        "126,000 ≠", "152,000", "155,000 ≠", "·", "·",
    ]
    assert area.unit == "m²"  # said once, for the row
    assert area.cell(2013).figure is None  # a gap, not a zero
    assert area.cell(2019).figure.id == "2019-exhibition-area-plan"
    assert area.spark == "▁··▁▁··▆██··"  # results only: the plans of 2019 and 2020 are not bars


def test_derived_and_conflicting_figures_are_marked():
    deals = row(trends(bundled()), "intended-deal-value")
    assert [c.text for c in deals.cells][:6] == ["60.11 bn", "78.69 bn", "81.83 bn", "101.08 bn", "~ 102.56 bn † ≠", "105.06 bn"]
    assert deals.unit == "US$"
    forums = row(trends(bundled()), "summit-forums")
    assert [c.text for c in forums.cells] == ["10 PLAN", "·", "·", "·", "·", "·", "4 PLAN", "5", "7", "10", "·", "·"]
    assert forums.unit == ""  # a count


def test_grid_amounts_say_the_scale_and_leave_the_unit_to_the_row():
    from ciftis.core.format import grid_amount, grid_unit

    assert [grid_amount(v, u) for v, u in ((29.6e12, "cny"), (5e8, "usd"), (21, "percent"), (3, "rank"), (153000, "person_times"))] == [
        "29.6 tn", "500 mn", "21%", "#3", "153,000"]
    assert [grid_unit(u) for u in ("cny", "usd", "percent", "rank", "count", "person_times", "people")] == [
        "yuan", "US$", "", "", "", "person-times", "people"]


def test_sort_by_an_edition_largest_first_gaps_last_either_way():
    rows = trends(bundled()).rows
    by_2024 = sort_rows(rows, "2024")
    assert [(r.metric.id, r.cell(2024).text) for r in by_2024[:3]] == [
        ("visitors", "~ 242,000"), ("professional-visitors", "> 100,000"), ("online-exhibitors", "> 6,000"),
    ]
    assert by_2024[-1].cell(2024).figure is None
    smallest = sort_rows(rows, "2024", reverse=True)
    reported = [r for r in smallest if r.cell(2024).figure is not None]
    assert [r.cell(2024).figure.value for r in reported] == sorted(r.cell(2024).figure.value for r in reported)
    assert smallest[len(reported)].cell(2024).figure is None  # the gaps still after every value


def test_sort_by_metric_and_the_headline_order_reversed():
    rows = trends(bundled()).rows
    assert sort_rows(rows, "metric")[0].metric.label == "Achievements launched"
    assert sort_rows(rows, "metric", reverse=True)[0].metric.label == "Visitors"
    assert sort_rows(rows, "order", reverse=True)[-1].metric.id == "exhibition-area"
    assert sort_state("2024", False) == "2024 (largest first)"
    assert sort_state("metric", True) == "metric (Z–A)"
    with pytest.raises(ValueError):
        sort_rows(rows, "nonsense")


def test_filter_by_every_word_typed():
    rows = trends(bundled()).rows
    assert [r.metric.id for r in filter_rows(rows, "fortune")] == ["fg500-and-leaders", "company-executives", "fg500-companies", "fg500-global-heads", "fg500-share"]
    assert [r.metric.id for r in filter_rows(rows, "DEAL value")] == ["intended-deal-value", "other-provinces-deal-value", "international-deal-value"]
    assert filter_rows(rows, "  ") == list(rows)
    assert filter_rows(rows, "zzz") == []
