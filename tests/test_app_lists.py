"""The entity lists: as wide as their longest row within a share of the window (35% below 100
columns, 40% to 129, 48% from 130), names whole where that room exists, and a filtered list in the
row format of the full one (the year column stays)."""

from __future__ import annotations

import pytest

from tests.app_support import frozen, make_app, run_async, settle

PANES = {"1": "editions", "2": "events", "3": "people", "4": "topics"}


def list_lines(entities) -> list[str]:
    """The list's rows as drawn, trailing blanks dropped."""
    return [entities.render_line(y).text.rstrip() for y in range(entities.size.height)]


async def open_pane(pilot, app, key: str):
    await pilot.press(key)
    await settle(pilot, app)
    return app.pane(PANES[key])


@pytest.mark.parametrize(
    ("size", "widths"),
    [
        # The frozen dataset's longest rows: editions 22 cells, events 87 (with a hit's year column),
        # people 34, IP topics 63; a sidebar is the row + 2 of padding + the scrollbar + its border.
        ((80, 24), {"editions": 26, "events": 28, "people": 28, "topics": 28}),  # 35% of 80 at most
        ((120, 40), {"editions": 34, "events": 48, "people": 38, "topics": 48}),  # at least 34, 40% at most
        ((200, 50), {"editions": 42, "events": 91, "people": 42, "topics": 67}),  # at least 42, 48% at most
    ],
    ids=["80x24", "120x40", "200x50"],
)
@run_async
async def test_each_list_is_as_wide_as_its_names_within_a_share_of_the_window(size, widths):
    app = make_app(frozen())
    async with app.run_test(size=size) as pilot:
        for key, pane_id in PANES.items():
            pane = await open_pane(pilot, app, key)
            sidebar = pane.query_one(".sidebar")
            assert sidebar.region.width == widths[pane_id], pane_id
            assert pane.entities.region.width == widths[pane_id] - 1  # all but the border
            assert pane.detail.region.width == size[0] - widths[pane_id]


@run_async
async def test_at_200_columns_every_event_name_is_whole():
    app = make_app(frozen())
    async with app.run_test(size=(200, 50)) as pilot:
        pane = await open_pane(pilot, app, "2")
        events = sorted(app.dataset.events.values(), key=lambda event: len(event.name))
        longest = events[-1]
        assert longest.name == "International Symposium on the Promotion of Madrid International Trademark System"
        for event in (longest, *events[:3]):
            pane.select(event.id)
            await pilot.pause()
            assert f" {event.name}" in list_lines(pane.entities), event.name
        assert not any(line.endswith("…") for line in list_lines(pane.entities))


@run_async
async def test_at_120_columns_the_summits_are_told_apart():
    app = make_app()  # the bundled dataset: six summits, four of them cut at 34 columns before
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_pane(pilot, app, "2")
        summits = [event for event in app.dataset.events.values() if event.name.startswith("Global Trade in Services Summit")]
        assert len(summits) == 6
        for summit in summits:
            pane.select(summit.id)
            await pilot.pause()
            assert f" {summit.name}" in list_lines(pane.entities)


@run_async
async def test_a_filtered_edition_keeps_its_year_column_and_dates():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_pane(pilot, app, "1")
        full = list_lines(pane.entities)
        assert full[pane.entities.index_of("2021")] == " 2021  CIFTIS  Sept 2–7"
        width = pane.entities.region.width
        await pilot.press("f", *"2021")
        await settle(pilot, app)
        assert pane.entities.query_text == "2021"
        assert list_lines(pane.entities)[0] == " 2021  CIFTIS  Sept 2–7"
        assert pane.entities.region.width == width  # the list does not change width as it narrows
        matched = pane.entities.render_line(0)
        # on the cursor's row the cursor's colours replace the row's: the match keeps its underline
        year_cells = "".join(segment.text for segment in matched if segment.style and segment.style.underline)
        assert year_cells == "2021"  # the match is shown on the year column


@run_async
async def test_a_filtered_event_starts_with_its_edition_year():
    app = make_app(frozen())
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_pane(pilot, app, "2")
        await pilot.press("f", *"global trade in services summit")
        await settle(pilot, app)
        expected = sorted(f" {event.edition}  {event.name}" for event in app.dataset.events.values() if event.name.startswith("Global Trade in Services Summit"))
        assert sorted(list_lines(pane.entities)[: len(expected)]) == expected
