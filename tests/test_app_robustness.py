"""Hostile data and hostile terminals: markup in names, control characters, tiny and changing sizes."""

from __future__ import annotations

import pytest

from tests.app_support import make_app, run_async, settle

EVIL_NAME = "[bold]x[/] [@click=app.quit]"


@pytest.fixture
def evil_dataset(tmp_path):
    """The shared mini dataset with markup and terminal escapes in names and text."""
    from ciftis.core.loader import load
    from tests.conftest import MINI, write_dataset

    files = dict(MINI)
    files["base.yaml"] = (
        files["base.yaml"]
        .replace("name: Liu Hua", 'name: "[bold]x[/] [@click=app.quit]"')
        .replace("title: Fair closes", 'title: "[link=https://evil.example]Fair closes[/link]"')
    )
    files["editions.yaml"] = files["editions.yaml"].replace(
        "theme: {en: Towards Digital Future}", 'theme: {en: "[@click=app.quit]Towards[/] \\e]52;c;ZXZpbA==\\a Digital"}'
    )
    return load(write_dataset(tmp_path / "evil", files))


def visible_text(widget) -> str:
    return "\n".join(strip.text for strip in (widget.render_line(y) for y in range(widget.size.height)))


@run_async
async def test_markup_in_names_shows_literally_and_clicking_it_does_nothing(evil_dataset):
    app = make_app(evil_dataset)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot, app)
        people = app.pane("people")
        assert EVIL_NAME in visible_text(people.entities)
        assert EVIL_NAME in visible_text(people.detail)
        await pilot.click(people.entities, offset=(3, 0))
        await pilot.click(people.detail, offset=(14, 0))
        await pilot.pause()
        assert app.is_running and app.return_code is None
        # The person is linked from the Madrid symposium: follow the link there and back.
        await app.jump_to("event:madrid-symposium")
        await pilot.pause()
        events = app.pane("events")
        assert EVIL_NAME in visible_text(events.detail)
        row = next(n for n, r in enumerate(events.detail.rows) if r.ref == "person:liu-hua")
        events.detail.highlighted = row
        await pilot.press("enter")
        await pilot.pause()
        assert app.active_pane_id == "people"
        assert app.is_running


@run_async
async def test_search_results_and_copies_of_hostile_text_stay_literal(evil_dataset):
    app = make_app(evil_dataset)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"bold x")
        await settle(pilot, app)
        results = app.screen.query_one("#search-results")
        assert EVIL_NAME in visible_text(results)
        await pilot.press("escape")
        await settle(pilot, app)
        editions = app.pane("editions")
        editions.select("2021")
        editions.detail.focus()
        theme_row = next(n for n, row in enumerate(editions.detail.rows) if row.line and row.line.label == "Theme")
        editions.detail.highlighted = theme_row
        await pilot.pause()
        assert "[@click=app.quit]Towards[/] \ufffd]52;c;ZXZpbA==\ufffd Digital" in visible_text(editions.detail)
        await pilot.press("y")
        await settle(pilot, app)
        assert app.clipboard == "[@click=app.quit]Towards[/] \ufffd]52;c;ZXZpbA==\ufffd Digital"
        assert app.is_running


@run_async
async def test_below_60_by_20_a_message_replaces_the_layout():
    from ciftis.app.widgets.too_small import TooSmall

    app = make_app()
    async with app.run_test(size=(59, 19)) as pilot:
        await settle(pilot, app)
        message = app.screen.query_one(TooSmall)
        assert message.display and message.region.width == 59
        assert "Terminal too small: need at least 60×20, have 59×19" in str(message.render())
        assert app.screen.query_one("#panes").region.area == 0
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert app.screen.query_one("#panes").region.area > 0
        assert message.region.area == 0
        await pilot.resize_terminal(100, 19)  # wide enough, too short
        await pilot.pause()
        assert "have 100×19" in str(message.render())


@run_async
async def test_60_by_20_works():
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot, app)
        for key in "12345":
            await pilot.press(key)
            await pilot.pause()
        assert app.screen.query_one("#panes").region.area > 0
        assert str(app.tabs.get_tab("events").label) == "2 Events"  # the short name fits 60 columns
        assert app.pane("compare").table.row_count > 0


# The resize storm (seeded, every pane and overlay, on the hostile dataset) is in test_app_terminals.py.
