"""The search overlay and the command palette's providers."""

from __future__ import annotations

import pytest

from tests.app_support import make_app, run_async, settle


@run_async
async def test_search_overlay_finds_zhuque_with_a_typo_and_enter_jumps_to_it():
    from ciftis.app.screens.search_screen import SearchScreen

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"zhuqe")
        await settle(pilot, app)
        results = app.screen.query_one("#search-results")
        assert results.highlighted_option.id == "topic:patents"
        # Grouped by kind: the group heading comes before its hits, best group first.
        assert str(results.get_option_at_index(0).prompt) == "IP topics (1)"
        prompt = results.highlighted_option.prompt
        assert prompt.plain.strip() == "Patents and home-grown technology (LandSpace, Zhuque-2)"
        assert prompt.spans, "the matched characters are highlighted"
        await pilot.press("enter")
        await settle(pilot, app)
        assert not isinstance(app.screen, SearchScreen)
        assert app.active_pane_id == "topics"
        assert app.pane("topics").entities.current_id == "patents"
        assert app.pane("topics").detail.ref == "topic:patents"
        await pilot.press("backspace")
        await pilot.pause()
        assert app.active_pane_id == "editions"


@run_async
async def test_ctrl_k_opens_search_and_a_figure_jumps_to_its_edition():
    from ciftis.app.screens.search_screen import SearchScreen

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("3", "ctrl+k")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"2021 exhibition area")
        await settle(pilot, app)
        results = app.screen.query_one("#search-results")
        assert results.highlighted_option.id == "figure:2021-exhibition-area"
        await pilot.press("enter")
        await settle(pilot, app)
        editions = app.pane("editions")
        assert app.active_pane_id == "editions"
        assert editions.entities.current_id == "2021"
        assert editions.detail.current_row.ref == "figure:2021-exhibition-area"
        assert app.focused is editions.detail


@run_async
async def test_escape_closes_the_search_and_stale_results_are_dropped():
    from ciftis.app.screens.search_screen import SearchScreen

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"liu")
        await settle(pilot, app)
        screen = app.screen
        hits = app.search_index.search("zhuqe", limit=40)
        screen._show("zhuqe", hits)  # an answer to a query no longer in the box
        assert screen.query_one("#search-results").highlighted_option.id != "topic:patents"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, SearchScreen)
        assert app.history == []


@run_async
async def test_palette_provider_returns_dataset_hits():
    from textual.command import CommandPalette

    from ciftis.app.commands import CompareProvider, EntitySearchProvider

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        provider = EntitySearchProvider(app.screen)
        hits = [hit async for hit in provider.search("zhuqe")]
        assert hits[0].text == "Patents and home-grown technology (LandSpace, Zhuque-2)"
        assert hits[0].help == "IP topic"
        discovered = [hit async for hit in provider.discover()]
        assert discovered[0].text == f"Open {list(app.dataset.editions.values())[-1].title}"
        compare_hits = [hit async for hit in CompareProvider(app.screen).search("compare 2021 2023")]
        assert [hit.text for hit in compare_hits] == ["Compare 2021 with 2023"]
        await hits[0].command()
        await pilot.pause()
        assert app.pane("topics").detail.ref == "topic:patents"
        # The palette itself lists the hit among the commands.
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"liu hau")
        await pilot.pause(0.5)
        await settle(pilot, app)
        prompts = [str(option.prompt) for option in app.screen.query_one("CommandList").options]
        assert any("Liu Hua" in prompt for prompt in prompts)


@run_async
async def test_palette_commands_cover_every_action():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        for title in ("Go to Editions", "Go to Forums & events", "Go to People", "Go to IP topics", "Go to Compare",
                      "Search", "Back", "Help", "Theme", "Next theme", "Copy", "Copy cited", "Compare two editions",
                      "Copy comparison as Markdown", "Copy comparison as TSV", "Copy comparison row",
                      "Sort comparison", "Next change", "Previous change", "Swap editions A and B", "Quit"):
            assert title in titles, title


@pytest.mark.parametrize(("size", "query", "heading", "overflows"), [
    ((80, 24), "liu hua", "People (6)", False), ((100, 30), "intellectual property", "IP topics (6)", True)])
@run_async
async def test_a_pasted_query_keeps_the_first_result_group_in_view(size, query, heading, overflows):
    """Bracketed paste into the search box: the first group's heading stays at the top, also when
    the results overflow the box (then the list had scrolled it away, one line)."""
    from textual import events
    from textual.widgets import Input, OptionList

    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        await pilot.press("slash")
        await settle(pilot, app)
        app.screen.query_one("#search-input", Input).post_message(events.Paste(query))
        await settle(pilot, app)
        results = app.screen.query_one("#search-results", OptionList)
        assert str(results.get_option_at_index(0).prompt) == heading
        assert results.highlighted == 1
        assert (results.max_scroll_y > 0) is overflows
        assert results.scroll_offset.y == 0
