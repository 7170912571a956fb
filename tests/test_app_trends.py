"""The Trends pane (key 6): the grid as drawn, sort and reverse, the filter, enter on a cell."""

from __future__ import annotations

from tests.app_support import make_app, run_async, settle

AREA = ["Exhibition area", "m²", "▁··▁▁··▆██··", "50,000", "·", "·", "50,000", "50,000", "~ 150,000 PLAN", "~ 200,000 PLAN ≠", "126,000 ≠", "152,000", "155,000 ≠", "·", "·"]


def shown(table, index):
    return [cell.plain for cell in table.get_row_at(index)]


def sort_label(app) -> str:
    return str(app.query_one(".trends-pane .sort-label").render())


async def trends_pane(pilot, app):
    await pilot.press("6")
    await settle(pilot, app)
    return app.pane("trends")


@run_async
async def test_the_grid_has_every_metric_down_and_every_edition_across():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await trends_pane(pilot, app)
        table = pane.table
        assert app.focused is table
        assert [str(column.label) for column in table.ordered_columns] == ["Metric", "Unit", "Trend", "2012", "2013", "2014", "2016", "2018", "2019", "2020", "2021", "2022", "2023", "2024", "2025"]
        assert shown(table, 0) == AREA  # values as read, the plans marked, the gaps as gaps
        assert [row.metric.label for row in table.rows_shown[:4]] == ["Exhibition area", "Offline exhibitors", "Online exhibitors", "Countries and regions taking part"]
        assert shown(table, 10)[:4] == ["Summit forums", "", "·······▁▄█··", "10 PLAN"]
        assert sort_label(app) == "65 metrics · sorted by headline order"
        legend = str(app.query_one(".trends-pane .row-note").render())
        assert legend == "PLAN plan, not a result · † derived · ≠ sources disagree · · not reported"


@run_async
async def test_s_cycles_the_sort_column_and_r_reverses_it():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await trends_pane(pilot, app)
        await pilot.press("s")
        assert sort_label(app) == "65 metrics · sorted by metric (A–Z)"
        assert pane.table.rows_shown[0].metric.label == "Achievements launched"
        await pilot.press("r")
        assert sort_label(app) == "65 metrics · sorted by metric (Z–A)"
        assert pane.table.rows_shown[0].metric.label == "Visitors"
        await pilot.press("r", *["s"] * 11)  # on to 2024: the headline order, the metric, then 2012…2024
        assert sort_label(app) == "65 metrics · sorted by 2024 (largest first)"
        assert [shown(pane.table, n)[1:2] + shown(pane.table, n)[13:14] for n in range(3)] == [["person-times", "~ 242,000"], ["person-times", "> 100,000"], ["", "> 6,000"]]
        assert shown(pane.table, 64)[13] == "·"  # the editions without the metric last
        await pilot.press("s", "s")  # past 2025, back to the headline order
        assert sort_label(app) == "65 metrics · sorted by headline order"
        assert shown(pane.table, 0) == AREA


@run_async
async def test_f_filters_the_rows_as_you_type_and_escape_goes_back_to_the_grid():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await trends_pane(pilot, app)
        await pilot.press("f", *"fortune")
        await settle(pilot, app)
        assert pane.filter.value == "fortune"
        assert [row.metric.id for row in pane.table.rows_shown] == ["fg500-and-leaders", "company-executives", "fg500-companies", "fg500-global-heads", "fg500-share"]
        assert sort_label(app) == "5 of 65 metrics · sorted by headline order"
        await pilot.press("escape")
        assert app.focused is pane.table
        await pilot.press("s")  # the sort applies to the filtered rows
        assert [row.metric.id for row in pane.table.rows_shown][:2] == ["company-executives", "fg500-and-leaders"]


@run_async
async def test_enter_on_a_cell_opens_that_figure_with_its_sources():
    from ciftis.app.screens.sources_screen import SourcesScreen
    from ciftis.app.widgets.detail_view import DetailView

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await trends_pane(pilot, app)
        pane.table.move_cursor(row=0, column=10)  # Exhibition area, 2021 (after metric, unit, trend and eight editions)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, SourcesScreen)
        views = list(app.screen.query(DetailView))
        assert [view.entity.id for view in views] == ["2021-exhibition-area"]
        lines = [(row.line.label, row.line.text) for row in views[0].rows if row.line is not None]
        assert ("URL", "http://en.people.cn/n3/2021/0911/c90000-9895009.html") in lines
        assert ("Quote", "“126,000 square meters”") in lines
        assert ("Conflict", "about 130,000 m² (Japan External Trade Organization (JETRO), n.d.)") in lines
        await pilot.press("escape")
        assert app.screen is app.screen_stack[0]
        assert app.focused is pane.table


@run_async
async def test_enter_on_a_gap_says_so_and_on_the_metric_opens_the_metric():
    app = make_app()
    messages = []
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await trends_pane(pilot, app)
        original = app.notify
        app.notify = lambda message, **kwargs: (messages.append(message), original(message, **kwargs))  # type: ignore[method-assign]
        pane.table.move_cursor(row=0, column=4)  # Exhibition area, 2013: not reported
        await pilot.press("enter")
        await settle(pilot, app)
        assert messages == ["2013 does not report Exhibition area."]
        pane.table.move_cursor(row=0, column=0)
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.active_pane_id == "editions"
        assert app.pane("editions").detail.ref == "metric:exhibition-area"
        await pilot.press("backspace")
        await settle(pilot, app)
        assert app.active_pane_id == "trends"
