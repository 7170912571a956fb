"""Sources one key away: enter on a Compare row shows both figures with their sources; `o` opens the
highlighted source's address through App.open_url (only http and https); URLs are OSC 8 links."""

from __future__ import annotations

from dataclasses import replace

from rich.console import Console

from ciftis.core.describe import openable, source_address
from tests.app_support import bundled, compare_pane, make_app, run_async, settle

AREA_2021 = "http://en.people.cn/n3/2021/0911/c90000-9895009.html"
AREA_2023 = "http://invest.beijingetown.com.cn/2023-12/04/c_944612.htm"
EDITION_2012 = "http://covid-19.chinadaily.com.cn/regional/2012-05/25/content_15995196.htm"


def record(monkeypatch, app):
    """The URLs the app asks the browser to open, and its notifications."""
    opened, messages = [], []
    monkeypatch.setattr(app, "open_url", lambda url, new_tab=True: opened.append(url))
    original = app.notify
    monkeypatch.setattr(app, "notify", lambda message, **kwargs: (messages.append(message), original(message, **kwargs)))
    return opened, messages


def test_only_http_and_https_addresses_are_openable():
    assert openable("https://example.org/a") and openable("HTTP://example.org")
    assert not openable("file:///etc/passwd")
    assert not openable("javascript:alert(1)")
    assert not openable("http://")
    assert not openable(None)


def test_the_address_of_an_entity_is_its_first_source_with_one():
    dataset = bundled()
    assert source_address(dataset.figures["2021-exhibition-area"], dataset) == AREA_2021
    assert source_address(dataset.editions[2012], dataset) == EDITION_2012
    assert source_address(dataset.metrics["exhibition-area"], dataset) is None


@run_async
async def test_enter_on_a_compare_row_shows_both_figures_with_their_sources():
    from ciftis.app.screens.sources_screen import SourcesScreen
    from ciftis.app.widgets.detail_view import DetailView

    async with compare_pane() as (pilot, app, pane):
        pane.choose(2021, 2023)
        await settle(pilot, app)
        pane.table.move_cursor(row=pane.table.get_row_index("exhibition-area"))
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, SourcesScreen)
        views = list(app.screen.query(DetailView))
        assert [view.entity.id for view in views] == ["2021-exhibition-area", "2023-exhibition-area"]
        urls = [[row.line.text for row in view.rows if row.line is not None and row.line.label == "URL"] for view in views]
        assert urls[0][0] == AREA_2021 and urls[1][0] == AREA_2023
        conflicts = [[row.line.text for row in view.rows if row.line is not None and row.line.label == "Conflict"] for view in views]
        assert conflicts == [["about 130,000 m² (Japan External Trade Organization (JETRO), n.d.)"], [conflicts[1][0]]]
        assert str(app.screen.query_one("#sources-title").render()) == "Sources — Exhibition area"
        await pilot.press("escape")
        assert not isinstance(app.screen, SourcesScreen)


@run_async
async def test_a_side_without_the_metric_says_not_reported():
    from ciftis.app.screens.sources_screen import SourcesScreen

    async with compare_pane() as (pilot, app, pane):
        pane.choose(2021, 2024)
        await settle(pilot, app)
        pane.table.move_cursor(row=pane.table.get_row_index("exhibition-area"))
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, SourcesScreen)
        assert [str(label.render()) for label in app.screen.query(".sources-missing")] == ["B 2024: not reported"]


@run_async
async def test_o_opens_the_first_source_of_the_highlighted_figure_in_compare_and_its_screen(monkeypatch):
    async with compare_pane() as (pilot, app, pane):
        opened, messages = record(monkeypatch, app)
        pane.choose(2021, 2023)
        await settle(pilot, app)
        pane.table.move_cursor(row=pane.table.get_row_index("exhibition-area"))
        await pilot.press("o")
        assert opened == [AREA_2021]
        assert messages == [f"Opening {AREA_2021}"]
        await pilot.press("enter")
        await settle(pilot, app)
        await pilot.press("tab", "o")  # B's figure
        assert opened == [AREA_2021, AREA_2023]


@run_async
async def test_o_in_trends_opens_the_cell_figure_source(monkeypatch):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        opened, _messages = record(monkeypatch, app)
        await pilot.press("6")
        await settle(pilot, app)
        app.pane("trends").table.move_cursor(row=0, column=10)  # Exhibition area, 2021
        await pilot.press("o")
        assert opened == [AREA_2021]


@run_async
async def test_o_in_the_list_and_the_details(monkeypatch):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        opened, _messages = record(monkeypatch, app)
        await settle(pilot, app)
        await pilot.press("o")  # the list: edition 2012's first source with an address
        assert opened == [EDITION_2012]
        await app.jump_to("figure:2021-exhibition-area")  # the details, on the figure's row
        await settle(pilot, app)
        await pilot.press("o")
        assert opened == [EDITION_2012, AREA_2021]
        await app.follow("figure:2021-exhibition-area")
        await settle(pilot, app)
        detail = app.pane("editions").detail
        url_row = next(n for n, row in enumerate(detail.rows) if row.line is not None and row.line.label == "URL")
        detail.highlighted = url_row
        await pilot.press("o")
        assert opened[-1] == AREA_2021


@run_async
async def test_a_non_http_address_is_refused_with_a_message(monkeypatch):
    from ciftis.core.model import Dataset

    real = bundled()
    first = real.editions[2012].sources[0]
    sources = {**real.sources, first: replace(real.sources[first], url="file:///etc/passwd")}
    dataset = Dataset(editions=real.editions, events=real.events, people=real.people, organizations=real.organizations, topics=real.topics, sources=sources, metrics=real.metrics)
    app = make_app(dataset)
    async with app.run_test(size=(120, 40)) as pilot:
        opened, messages = record(monkeypatch, app)
        await settle(pilot, app)
        await pilot.press("o")
        assert opened == []
        assert messages == ["Not opened: file:///etc/passwd is not an http or https address."]


@run_async
async def test_url_lines_in_the_details_are_osc8_hyperlinks():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)  # the first edition shown, as a reader sees it before following a link
        await app.follow("figure:2021-exhibition-area")
        await settle(pilot, app)
        detail = app.pane("editions").detail
        url_row = next(n for n, row in enumerate(detail.rows) if row.line is not None and row.line.label == "URL")
        console = Console(width=100)
        segments = list(console.render(detail.row_renderable(url_row), console.options))
        linked = "".join(segment.text for segment in segments if segment.style is not None and segment.style.link == AREA_2021)
        assert linked == AREA_2021  # the address, printed as text too
