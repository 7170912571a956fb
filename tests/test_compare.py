"""Comparison arithmetic, qualifier-aware notes, plans, derived and conflicting values."""

from __future__ import annotations

from ciftis.core.compare import compare, format_delta, format_delta_pct, series
from ciftis.core.export import row_cells


def rows_by_metric(dataset, a, b, sort="metric"):
    return {row.metric.id: row for row in compare(dataset, a, b, sort=sort).rows}


def test_exact_difference(mini):
    row = rows_by_metric(mini, 2021, 2023)["area"]
    assert (row.delta, row.delta_pct, row.approximate, row.note) == (29000, 23.0, False, "")
    assert row_cells(row) == ("Exhibition area", "126,000 m²", "155,000 m²", "+29,000 m²", "+23%", "")


def test_missing_side_is_not_zero(mini):
    row = rows_by_metric(mini, 2021, 2023)["exhibitors"]
    assert row.a.figure is None and row.delta is None and row.changed
    assert row_cells(row) == ("Offline exhibitors", "not reported", "> 2,400", "", "", "not reported for 2021")


def test_plan_against_result_is_said_and_approximate(mini):
    row = rows_by_metric(mini, 2021, 2023)["share"]
    assert row_cells(row) == (
        "Share of leaders", "21%", "~ 30% (plan)", "≈ +9 pp", "≈ +42.9%",
        "approximate: 21% → about 30%; compares a plan with a result; Δ in percentage points; 2023 is a plan, not a result",
    )


def test_derived_and_conflicting_are_flagged(mini):
    row = rows_by_metric(mini, 2022, 2023)["nations"]
    assert (row.delta, format_delta(row), format_delta_pct(row)) == (12, "+12", "+16.9%")
    assert row.note == "2022 derived (a - b)"
    forums = rows_by_metric(mini, 2021, 2022)["forums"]
    assert forums.note == "not reported for 2022; 2021 sources disagree (also nearly 200)"


def test_reverse_direction_is_negative(mini):
    row = rows_by_metric(mini, 2023, 2021)["area"]
    assert (format_delta(row), format_delta_pct(row)) == ("−29,000 m²", "−18.7%")


def test_sort_by_change_puts_biggest_relative_change_first(mini):
    order = [row.metric.id for row in compare(mini, 2021, 2023, sort="change").rows]
    assert order == ["share", "area", "forums", "nations", "exhibitors"]
    assert [row.metric.id for row in compare(mini, 2021, 2023).rows] == ["area", "forums", "nations", "exhibitors", "share"]


def order(dataset, sort, reverse=False):
    return [row.metric.id for row in compare(dataset, 2021, 2023, sort=sort, reverse=reverse).rows]


def test_sort_by_a_value_column_puts_the_largest_first_and_the_gaps_last(mini):
    # 2021 reports area 126,000, forums 193, share 21; nations and exhibitors only in 2023
    assert order(mini, "a") == ["area", "forums", "share", "nations", "exhibitors"]
    assert order(mini, "a", reverse=True) == ["share", "forums", "area", "nations", "exhibitors"]
    assert order(mini, "b") == ["area", "exhibitors", "nations", "share", "forums"]


def test_sort_by_delta_and_pct_are_signed_and_reversible(mini):
    assert order(mini, "delta") == ["area", "share", "forums", "nations", "exhibitors"]  # +29,000 before +9
    assert order(mini, "pct") == ["share", "area", "forums", "nations", "exhibitors"]  # +42.9% before +23%
    assert order(mini, "pct", reverse=True) == ["area", "share", "forums", "nations", "exhibitors"]


def test_reversed_metric_and_change_sorts(mini):
    assert order(mini, "metric", reverse=True) == ["share", "exhibitors", "nations", "forums", "area"]
    assert order(mini, "change", reverse=True) == ["area", "share", "forums", "nations", "exhibitors"]  # one-sided stay last


def test_an_unknown_sort_is_refused_with_the_choices(mini):
    import pytest

    from ciftis.core.compare import sort_rows

    with pytest.raises(ValueError, match="unknown sort 'size'; use one of metric, change, a, b, delta, pct"):
        sort_rows([], "size")


def test_one_sided_rows_are_those_only_one_edition_reports(mini):
    assert sorted(row.metric.id for row in compare(mini, 2021, 2023).rows if row.one_sided) == ["exhibitors", "forums", "nations"]


def test_the_cli_offers_every_sort():
    from ciftis.cli import build_parser
    from ciftis.core.compare import SORTS

    compare_parser = next(parser for name, _help, parser in build_parser().commands if name == "compare")
    assert next(a for a in compare_parser.arguments if "--sort" in a.option_strings).choices == tuple(SORTS)


def test_series_marks_missing_years(mini):
    assert [(year, figure.id if figure else None) for year, figure in series(mini, "area")] == [(2021, "2021-area"), (2022, None), (2023, "2023-area")]


def test_bundled_2021_against_2023_exhibition_area():
    from ciftis.core.loader import load

    row = rows_by_metric(load(), 2021, 2023)["exhibition-area"]
    assert row_cells(row)[:5] == ("Exhibition area", "126,000 m²", "155,000 m²", "+29,000 m²", "+23%")
