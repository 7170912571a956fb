"""The Compare pane: choosing and stepping editions, sorting, change navigation and the chart."""

from __future__ import annotations

import pytest

from tests.app_support import compare_pane, make_app, run_async, settle


def cells(table, metric_id):
    """A row's cells as shown, without the † (derived) and ≠ (sources disagree) marks."""
    return [cell.plain.rstrip(" †≠") for cell in table.get_row(metric_id)]


@run_async
async def test_choosing_2021_and_2023_shows_the_exhibition_area_row():
    async with compare_pane() as (pilot, app, pane):
        pane.choose(2021, 2023)
        await pilot.pause()
        assert pane.years() == (2021, 2023)
        assert [str(column.label) for column in pane.table.columns.values()] == ["Metric ▲", "2021", "2023", "Δ", "Δ%"]
        assert cells(pane.table, "exhibition-area") == ["Exhibition area", "126,000 m²", "155,000 m²", "+29,000 m²", "+23%"]


@run_async
async def test_the_palette_compare_command_chooses_both_editions():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await app.compare_editions(2021, 2023)
        await pilot.pause()
        assert app.active_pane_id == "compare"
        assert app.pane("compare").years() == (2021, 2023)


@run_async
async def test_brackets_and_braces_step_editions_a_and_b():
    async with compare_pane() as (pilot, app, pane):
        years = list(app.dataset.editions)
        pane.choose(2021, 2023)
        await pilot.pause()
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert pane.years() == (years[years.index(2021) + 1], 2023)
        await pilot.press("left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert pane.years() == (years[years.index(2021) - 1], 2023)
        await pilot.press("right_curly_bracket")
        await pilot.pause()
        assert pane.years()[1] == years[years.index(2023) + 1]
        await pilot.press("left_curly_bracket")
        await pilot.pause()
        assert pane.years()[1] == 2023
        assert str(pane.table.columns[next(iter(list(pane.table.columns)[2:3]))].label) == "2023"


@run_async
async def test_stepping_past_the_last_edition_rings_and_stays():
    async with compare_pane() as (pilot, app, pane):
        last = list(app.dataset.editions)[-1]
        pane.choose(2021, last)
        await pilot.pause()
        await pilot.press("right_curly_bracket")
        await pilot.pause()
        assert pane.years() == (2021, last)


EDITION_2024 = """
    editions:
      - year: 2024
        name: China International Fair for Trade in Services
        sources: [daily]
        figures:
          - id: 2024-area
            metric: area
            value: 155000
            unit: m2
            qualifier: exact
            sources: [{source: daily, quote: "155,000 square meters"}]
          - id: 2024-exhibitors
            metric: exhibitors
            value: 2400
            unit: count
            qualifier: more_than
            sources: [{source: daily, quote: "over 2,400"}]
          - id: 2024-nations
            metric: nations
            value: 90
            unit: count
            qualifier: exact
            sources: [{source: daily, quote: "90 countries"}]
    """


@pytest.fixture
def four_editions(tmp_path):
    """The shared mini dataset plus a 2024 edition: against 2023, two metrics change and two do not."""
    from ciftis.core.loader import load
    from tests.conftest import MINI, write_dataset

    return load(write_dataset(tmp_path / "four", {**MINI, "edition-2024.yaml": EDITION_2024}))


@run_async
async def test_n_and_N_jump_between_rows_that_changed_past_the_one_sided(four_editions):
    async with compare_pane(four_editions) as (pilot, app, pane):
        pane.choose(2023, 2024)
        await pilot.pause()
        table = pane.table
        assert [(row.metric.label, row.changed, row.one_sided) for row in table.rows_shown] == [
            ("Exhibition area", False, False), ("Nations exhibiting", True, False), ("Offline exhibitors", False, False), ("Share of leaders", True, True)]
        assert table.cursor_row == 0
        for key, row in (("n", 1), ("n", 1), ("N", 1)):  # share changed only by 2024 not reporting it: passed over
            await pilot.press(key)
            await pilot.pause()
            assert table.cursor_row == row, key
        assert pane.chart.metric_id == "nations"  # the chart follows the highlighted metric
        assert "dim" in str(table.get_row("area")[0].style)
        assert "dim" not in str(table.get_row("nations")[0].style)
        assert table.get_row("share")[2].plain == "not reported"
        assert table.get_row("share")[1].plain == "~ 30% (plan)"


@run_async
async def test_u_hides_the_rows_one_edition_reports_and_brings_them_back(four_editions):
    async with compare_pane(four_editions) as (pilot, app, pane):
        pane.choose(2023, 2024)
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert [row.metric.id for row in pane.table.rows_shown] == ["area", "nations", "exhibitors"]
        assert str(pane.query_one(".sort-label").render()) == "2 of 4 metrics differ · 1 only in one edition hidden (u) · sorted by metric (A–Z)"
        await pilot.press("t")  # what is copied is what is shown
        await settle(pilot, app)
        from ciftis.core.export import comparison_delimited

        assert app.clipboard == comparison_delimited(pane.comparison, "\t", rows=pane.comparison.rows[:3])
        assert "Share of leaders" not in app.clipboard
        await pilot.press("u")
        await pilot.pause()
        assert [row.metric.id for row in pane.table.rows_shown] == ["area", "nations", "exhibitors", "share"]
        assert str(pane.query_one(".sort-label").render()) == "2 of 4 metrics differ · sorted by metric (A–Z)"


@run_async
async def test_unchanged_rows_are_dimmed_and_missing_sides_say_not_reported():
    async with compare_pane() as (pilot, app, pane):
        pane.choose(2021, 2023)
        await pilot.pause()
        for row in pane.table.rows_shown:
            metric = pane.table.get_row(row.metric.id)[0]
            assert ("dim" in str(metric.style)) is (not row.changed)
            if row.a.figure is None:
                assert pane.table.get_row(row.metric.id)[1].plain == "not reported"


def order(pane) -> list[str]:
    return [row.metric.id for row in pane.table.rows_shown]


def sort_state(pane) -> tuple[str, list[str]]:
    return str(pane.query_one(".sort-label").render()).split(" · sorted by ")[1], [str(c.label) for c in pane.table.columns.values()]


@run_async
async def test_s_cycles_the_sort_through_every_column_and_r_reverses_it(four_editions):
    async with compare_pane(four_editions) as (pilot, app, pane):
        pane.choose(2023, 2024)
        await pilot.pause()
        # 2023 → 2024: area 155,000 → 155,000, nations 83 → 90, exhibitors 2,400 → 2,400, share 30 → none
        assert sort_state(pane) == ("metric (A–Z)", ["Metric ▲", "2023", "2024", "Δ", "Δ%"])
        assert order(pane) == ["area", "nations", "exhibitors", "share"]
        expected = [
            ("size of change", ["Metric", "2023", "2024", "Δ", "Δ%"], ["nations", "share", "area", "exhibitors"]),
            ("A (largest first)", ["Metric", "2023 ▼", "2024", "Δ", "Δ%"], ["area", "exhibitors", "nations", "share"]),
            ("B (largest first)", ["Metric", "2023", "2024 ▼", "Δ", "Δ%"], ["area", "exhibitors", "nations", "share"]),
            ("Δ (largest first)", ["Metric", "2023", "2024", "Δ ▼", "Δ%"], ["nations", "area", "exhibitors", "share"]),
            ("Δ% (largest first)", ["Metric", "2023", "2024", "Δ", "Δ% ▼"], ["nations", "area", "exhibitors", "share"]),
        ]
        for said, headers, rows in expected:
            await pilot.press("s")
            await pilot.pause()
            assert (sort_state(pane), order(pane)) == ((said, headers), rows)
        await pilot.press("r")
        await pilot.pause()
        assert sort_state(pane) == ("Δ% (smallest first)", ["Metric", "2023", "2024", "Δ", "Δ% ▲"])
        assert order(pane) == ["area", "exhibitors", "nations", "share"]  # no change yet, then +8.4%; the one-sided last
        await pilot.press("s")  # round to the metric again, forwards
        await pilot.pause()
        assert sort_state(pane)[0] == "metric (A–Z)" and order(pane) == ["area", "nations", "exhibitors", "share"]


@run_async
async def test_the_cursor_stays_on_its_metric_when_the_sort_changes(four_editions):
    async with compare_pane(four_editions) as (pilot, app, pane):
        pane.choose(2023, 2024)
        await pilot.pause()
        pane.table.move_cursor(row=pane.table.get_row_index("exhibitors"))
        await pilot.press("r")
        await pilot.pause()
        assert order(pane) == ["share", "exhibitors", "nations", "area"]
        assert pane.table.current_row.metric.id == "exhibitors"


@run_async
async def test_a_click_on_a_header_sorts_by_it_and_a_second_reverses(four_editions):
    async with compare_pane(four_editions) as (pilot, app, pane):
        pane.choose(2023, 2024)
        await pilot.pause()
        await pilot.click(pane.table, offset=(pane.table.columns["metric"].get_render_width(pane.table) + 2, 0))
        await pilot.pause()
        assert sort_state(pane)[0] == "A (largest first)"
        await pilot.click(pane.table, offset=(pane.table.columns["metric"].get_render_width(pane.table) + 2, 0))
        await pilot.pause()
        assert sort_state(pane)[0] == "A (smallest first)"
        assert order(pane) == ["share", "nations", "exhibitors", "area"]


@run_async
async def test_chart_shows_every_edition_with_values_and_not_reported():
    async with compare_pane(size=(160, 48)) as (pilot, app, pane):
        pane.choose(2021, 2023)
        await pilot.pause()
        pane.table.move_cursor(row=pane.table.get_row_index("exhibition-area"))
        await pilot.pause()
        chart = pane.chart.render().plain.splitlines()
        assert chart[0].startswith("Exhibition area")
        lines = {line[:4]: line for line in chart[2:]}
        assert set(lines) == {str(year) for year in app.dataset.editions}
        assert " 126,000 m² █" in lines["2021"] and lines["2021"][5] == "A"
        assert " 155,000 m² █" in lines["2023"] and lines["2023"][5] == "B"
        for year in app.dataset.editions:
            if not app.dataset.figures_for(year, "exhibition-area"):
                assert lines[str(year)].endswith("not reported")
                assert "█" not in lines[str(year)]


@run_async
async def test_at_80x24_the_chart_keeps_its_title_and_shows_editions_a_and_b():
    async with compare_pane(size=(80, 24)) as (pilot, app, pane):
        for a, b in ((2012, 2016), (2021, 2023), (2012, 2023)):
            pane.choose(a, b)
            await settle(pilot, app)
            pane.table.move_cursor(row=pane.table.get_row_index("exhibition-area"))
            await settle(pilot, app)
            drawn = [strip.text for strip in (pane.chart.render_line(y) for y in range(pane.chart.size.height))]
            assert drawn[0].startswith("Exhibition area  (m², every edition)"), (a, b)
            years = [line[:4] for line in drawn[2:] if line[:4].isdigit()]
            assert len(years) < len(app.dataset.editions)  # not all fit: a window of them
            assert years == sorted(years) and years == [str(y) for y in app.dataset.editions][
                list(app.dataset.editions).index(int(years[0])):][: len(years)]  # consecutive editions
            marked = {line[:4]: line[5] for line in drawn[2:] if line[:4].isdigit()}
            assert marked.get(str(a)) == "A", (a, b, years)  # A always in view; B too when both fit
            editions = list(app.dataset.editions)
            assert (marked.get(str(b)) == "B") == (editions.index(b) - editions.index(a) < len(years)), (a, b, years)


def test_bar_cells_scale_to_the_width():
    from ciftis.app.widgets.metric_chart import bar_cells

    assert bar_cells(100, 100, 40) == (40, "")
    assert bar_cells(50, 100, 40) == (20, "")
    assert bar_cells(51, 100, 40) == (20, "▍")
    assert bar_cells(0, 100, 40) == (0, "")
    assert bar_cells(0.01, 100, 40) == (0, "▏")  # a positive value always shows


@run_async
async def test_a_row_takes_as_many_lines_as_its_wrapped_cells_and_follows_the_width():
    async with compare_pane(size=(80, 24)) as (pilot, app, pane):
        pane.choose(2024, 2025)
        await settle(pilot, app)
        heights = {str(key.value): row.height for key, row in pane.table.rows.items()}
        assert heights["launch-presenters"] == 3  # "Companies / presenting / launches"
        assert heights["national-exhibitors"] == 2  # "Countries and / IOs exhibiting"
        assert heights["theme-forums"] == 1
        drawn = [strip.text for strip in (pane.table.render_line(y) for y in range(pane.table.size.height))]
        start = next(n for n, line in enumerate(drawn) if line.startswith(" Companies "))
        assert [line.split("  ")[0].strip() for line in drawn[start:start + 3]] == ["Companies", "presenting", "launches"]
        assert drawn[start + 3].startswith(" Cooperation")  # the next row right after its three lines
        await pilot.resize_terminal(140, 40)
        await settle(pilot, app)
        heights = {str(key.value): row.height for key, row in pane.table.rows.items()}
        assert heights["launch-presenters"] == heights["national-exhibitors"] == heights["theme-forums"] == 1
