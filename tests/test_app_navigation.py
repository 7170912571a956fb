"""The explorer's panes, lists, filters and links, driven through the keyboard with Pilot."""

from __future__ import annotations

import pytest
from textual import events

from tests.app_support import footer_keys, make_app, run_async, settle

PANES = ["editions", "events", "people", "topics", "compare"]


@run_async
async def test_keys_1_to_5_switch_panes():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert app.active_pane_id == "editions"
        for key, pane in zip("25341", ["events", "compare", "people", "topics", "editions"], strict=True):
            await pilot.press(key)
            await pilot.pause()
            assert app.active_pane_id == pane
        await pilot.press("5")
        await pilot.pause()
        assert type(app.focused).__name__ == "ComparisonTable"
        await pilot.press("3")
        await pilot.pause()
        assert app.focused is app.pane("people").entities


@run_async
async def test_filter_ip_topics_finds_madrid_despite_the_typo():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4", "f", *"madird")
        await settle(pilot, app)
        pane = app.pane("topics")
        assert pane.entities.current_id == "madrid-system"
        assert pane.detail.ref == "topic:madrid-system"
        assert str(pane.query_one(".count").render()).startswith(f"{len(pane.entities.row_ids())} of ")


@run_async
async def test_filter_people_finds_liu_hua_and_enter_opens_details():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "f", *"liu hau")
        await settle(pilot, app)
        pane = app.pane("people")
        assert pane.entities.current_id == "liu-hua"
        await pilot.press("enter")  # from the filter box into the list
        await pilot.press("enter")  # from the list into the details
        await pilot.pause()
        assert app.focused is pane.detail
        assert pane.detail.ref == "person:liu-hua"


@run_async
async def test_clearing_the_filter_shows_every_entity_again():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "f", *"liu hau")
        await settle(pilot, app)
        pane = app.pane("people")
        for _ in range(7):
            await pilot.press("backspace")
        await settle(pilot, app)
        assert len([row_id for row_id in pane.entities.row_ids() if row_id]) == len(app.dataset.people)


@run_async
async def test_enter_follows_links_and_backspace_goes_back():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        editions = app.pane("editions")
        editions.select("2021")
        editions.detail.focus()
        await pilot.pause()
        rows = editions.detail.rows
        organizer = next(n for n, row in enumerate(rows) if row.ref == "organization:mofcom")
        editions.detail.highlighted = organizer
        await pilot.press("enter")
        await pilot.pause()
        assert app.active_pane_id == "editions"  # organizations open in the current pane's details
        assert editions.detail.ref == "organization:mofcom"
        # An edition organized by MOFCOM: a link to an entity with a pane switches to that pane.
        people_link = next(n for n, row in enumerate(editions.detail.rows) if row.ref == "person:wang-bingnan")
        editions.detail.highlighted = people_link
        await pilot.press("enter")
        await pilot.pause()
        assert app.active_pane_id == "people"  # people have a pane: the link switches to it
        assert app.pane("people").entities.current_id == "wang-bingnan"
        assert app.focused is app.pane("people").detail
        await pilot.press("backspace")
        await pilot.pause()
        assert app.active_pane_id == "editions"
        assert editions.detail.ref == "organization:mofcom"
        await pilot.press("backspace")
        await pilot.pause()
        assert editions.detail.ref == "edition:2021"
        assert editions.detail.highlighted == organizer  # the cursor is back where it was
        assert app.history == []


@run_async
async def test_forward_goes_again_where_back_left_and_shows_only_when_it_can():
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot, app)
        editions = app.pane("editions")
        editions.select("2021")
        editions.detail.focus()
        await pilot.pause()
        assert "Forward" not in footer_keys(app)
        editions.detail.highlighted = next(n for n, row in enumerate(editions.detail.rows) if row.ref == "organization:mofcom")
        await pilot.press("enter")
        await pilot.pause()
        link = next(n for n, row in enumerate(editions.detail.rows) if row.ref == "person:wang-bingnan")
        editions.detail.highlighted = link
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("backspace", "alt+left")  # alt+← is back too
        await pilot.pause()
        assert editions.detail.ref == "edition:2021"
        assert "Forward" in footer_keys(app)
        await pilot.press("alt+right")
        await pilot.pause()
        assert (app.active_pane_id, editions.detail.ref, editions.detail.highlighted) == ("editions", "organization:mofcom", link)
        await pilot.press("alt+right")
        await pilot.pause()
        assert app.active_pane_id == "people" and app.pane("people").entities.current_id == "wang-bingnan"
        assert app.ahead == [] and "Forward" not in footer_keys(app)
        await pilot.press("alt+right")  # nowhere further: a bell, nothing moves
        await pilot.pause()
        assert app.active_pane_id == "people"
        await pilot.press("backspace", "backspace")
        await pilot.pause()
        assert editions.detail.ref == "edition:2021"
        await app.jump_to("person:liu-hua")  # a new move forgets what was ahead
        await pilot.pause()
        assert app.ahead == [] and "Forward" not in footer_keys(app)


@run_async
async def test_a_figure_opens_its_sources_and_links_back_to_its_edition():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        editions = app.pane("editions")
        editions.select("2021", select="figure:2021-exhibition-area")
        editions.detail.focus()
        await pilot.press("enter")
        await pilot.pause()
        detail = editions.detail
        assert detail.ref == "figure:2021-exhibition-area"
        sections = {row.section for row in detail.rows}
        assert "Sources" in sections
        texts = {(row.line.label, row.line.text) for row in detail.rows if row.line}
        assert ("Quote", "“126,000 square meters”") in texts
        assert ("Status", "result") in texts
        assert any(label == "Source" and "state or national media" in text for label, text in texts)  # the tier
        await pilot.press("backspace")
        await pilot.pause()
        assert detail.ref == "edition:2021"
        assert detail.current_row.ref == "figure:2021-exhibition-area"


@run_async
async def test_plans_are_marked_in_the_figures_table():
    from ciftis.app.widgets.detail_view import figure_flags

    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        plan = next(f for f in app.dataset.figures.values() if f.is_plan and f.owner_kind == "edition")
        assert "PLAN" in figure_flags(plan)
        await app.jump_to(f"figure:{plan.id}")
        await pilot.pause()
        detail = app.pane("editions").detail
        assert detail.current_row.figure == plan
        await pilot.press("enter")
        await pilot.pause()
        status = next(row.line.text for row in detail.rows if row.line and row.line.label == "Status")
        assert status.startswith("PLAN")


@run_async
async def test_arrow_keys_and_j_k_move_in_lists():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        entities = app.pane("editions").entities
        years = list(app.dataset.editions)
        await pilot.press("j", "j", "down")
        await pilot.pause()
        assert entities.current_id == str(years[3])
        await pilot.press("k", "up")
        await pilot.pause()
        assert entities.current_id == str(years[1])
        assert app.pane("editions").detail.ref == f"edition:{years[1]}"


@pytest.mark.parametrize("keys, pane", [(("2", "3", "4", "5"), "compare"), (("1", "5"), "compare"), (("3", "1"), "editions"), (("5", "2"), "events")])
@run_async
async def test_keys_sent_together_at_start_all_take_effect(keys, pane):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        for key in keys:  # queued at once, before any is handled, as keys arrive over SSH in one packet
            app.post_message(events.Key(key, key))
        await settle(pilot, app)
        assert app.active_pane_id == pane
        assert app.focused is not None and app.pane(pane) in app.focused.ancestors_with_self
