"""Hostile strings in the running app: every pane, detail view, overlay, palette and notification
shows them literally, clicking them runs nothing, and nothing but the app's own drawing reaches the
terminal or the clipboard.

The dataset is `tests/hostile.py`'s: each of its thirteen strings (Rich markup, `[@click=app.quit]`,
`[link=…]`, ANSI/OSC escapes, C1 controls, bidi overrides, zero-width and combining characters, a
10,000-character name, CJK, emoji) is a person, event, topic, organization, source, metric and figure.
The app draws to `tests.app_output.RecordingDriver`, so the checks read what a terminal would receive:
control characters must arrive as U+FFFD, markup as its own characters, and the only escape
sequences are the app's own colours and cursor moves.
"""

from __future__ import annotations

import pytest
from textual import events

from ciftis.app.clipboard import shorten
from ciftis.app.config import home_relative
from ciftis.core.format import clean
from tests.app_output import osc52_copies, output_problems, recording, region_text, screen_text, written
from tests.app_support import Recorder, make_app, run_async, settle
from tests.hostile import HOSTILE_NAMES, SEARCH_WORDS, SURVIVING, UNSAFE_OUTPUT, write_hostile_dataset

KEYS = list(HOSTILE_NAMES)
MARKUP_KEYS = ("markup", "click", "link")
XCLIP = ["xclip", "-selection", "clipboard"]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    from ciftis.core.loader import load

    return load(write_hostile_dataset(tmp_path_factory.mktemp("hostile")))


def shown(key: str, length: int = 24) -> str:
    """How the app must show the start of a hostile string: controls as U+FFFD, the rest as is."""
    return clean(HOSTILE_NAMES[key])[:length]


def hostile_app(dataset, **kwargs):
    return recording(make_app(dataset, **kwargs))


def assert_safe(app) -> str:
    """The screen holds no control character, the terminal got nothing but the app's own drawing,
    and the app is still running (no markup action quit it). Returns the screen's text."""
    text = screen_text(app)
    assert not UNSAFE_OUTPUT.search(text), [m.group() for m in UNSAFE_OUTPUT.finditer(text)]
    writes = written(app)
    checked = getattr(app, "_writes_checked", 0)  # each write is read once
    app._writes_checked = len(writes)
    assert output_problems(writes[checked:]) == []
    assert app.is_running and app.return_code is None and app._exception is None
    return text


async def help_is_clean(pilot, app, where: str, focus: str) -> None:
    """Help opened over the hostile pane: its title names the pane, and nothing leaks."""
    from ciftis.app.screens.help_screen import HelpScreen

    await pilot.press("question_mark")
    await pilot.pause()
    assert isinstance(app.screen, HelpScreen)
    assert f"Keys — {where} pane, {focus} focused" in assert_safe(app)
    await pilot.press("escape")
    await pilot.pause()
    assert not isinstance(app.screen, HelpScreen)


# --- the four entity panes ------------------------------------------------------------------------


@pytest.mark.parametrize("key, pane, kind, label", [("2", "events", "event", "Forums & events"), ("3", "people", "person", "People"), ("4", "topics", "topic", "IP topics")])
@run_async
async def test_every_hostile_entity_in_a_pane_shows_literally_in_its_list_details_and_help(hostile, key, pane, kind, label):
    app = hostile_app(hostile)
    async with app.run_test(size=(120, 36), headless=False) as pilot:
        await pilot.press(key)
        await settle(pilot, app)
        entities = app.pane(pane).entities
        seen = set()
        for index, row_id in enumerate(entities.row_ids()):
            if row_id is None:
                continue
            entities.highlighted = index
            await pilot.pause()
            hostile_key = row_id.removeprefix(f"{kind}-")
            seen.add(hostile_key)
            text = assert_safe(app)
            assert app.pane(pane).detail.ref == f"{kind}:{row_id}"
            assert shown(hostile_key) in text, hostile_key
            if hostile_key in MARKUP_KEYS:  # the list and the details' title both show the markup itself
                assert text.count(shown(hostile_key, 26)) >= 2 and SURVIVING[hostile_key] in text
        assert seen == set(KEYS)
        text = screen_text(app)
        for key_ in MARKUP_KEYS + ("cjk",):  # the list shows every name (as far as it fits), markup and all
            assert shown(key_, 26) in text
        assert shown("osc52") in text and "\ufffd]52;c;ZXZpbA==\ufffdboard" in text  # defanged, visibly
        assert "Bidi \ufffdtxt.exe\ufffd \ufffdiso\ufffd" in text
        await help_is_clean(pilot, app, label, "the list")


@run_async
async def test_hostile_edition_fields_and_figures_table_show_literally_and_help_over_them(hostile):
    app = hostile_app(hostile)
    async with app.run_test(size=(130, 50), headless=False) as pilot:
        await settle(pilot, app)
        detail = app.pane("editions").detail
        for year, name_key in (("2022", "osc52"), ("2021", "markup")):
            app.pane("editions").select(year)
            await pilot.pause()
            text = assert_safe(app)
            assert f"Name            {shown(name_key, 40)}" in text
        # Scroll the whole 2021 detail view (figures table included) through the screen.
        seen, shown_from = "", None
        for index, row in enumerate(detail.rows):
            if row.kind in ("line", "figure") and index % 2:
                detail.highlighted = index
                await pilot.pause()
                if detail.scroll_offset.y != shown_from:  # a new stretch is on the screen
                    shown_from = detail.scroll_offset.y
                    seen += assert_safe(app)
        assert_safe(app)
        for key in MARKUP_KEYS + ("cjk",):
            assert SURVIVING[key] in seen, key
        assert "Ansi \ufffd[31mRED\ufffd[0m \ufffd[2J\ufffd[H" in seen
        assert "Zalgo e\u0301\u0308\u0336 o\u0338\u0489" in seen
        await help_is_clean(pilot, app, "Editions", "the list")


# --- details reached through links ----------------------------------------------------------------


def row_to(detail, ref: str) -> int:
    return next(n for n, row in enumerate(detail.rows) if row.ref == ref)


@run_async
async def test_links_and_a_figures_sources_lead_to_hostile_details_shown_literally(hostile):
    app = hostile_app(hostile)
    async with app.run_test(size=(120, 36), headless=False) as pilot:
        await pilot.press("3")
        await settle(pilot, app)
        people = app.pane("people")
        people.select("person-click")
        people.detail.focus()
        # A person's position links to the organization.
        people.detail.highlighted = row_to(people.detail, "organization:organization-click")
        await pilot.press("enter")
        await pilot.pause()
        assert people.detail.ref == "organization:organization-click"
        text = assert_safe(app)
        assert f"ORGANIZATION  {SURVIVING['click']}" in text
        await pilot.press("backspace")
        await pilot.pause()
        # A figure's row opens the figure, whose sources link to the source, which links to its metric's figures.
        await app.jump_to("figure:figure-2021-link")
        await pilot.pause()
        editions = app.pane("editions")
        assert editions.detail.current_row.ref == "figure:figure-2021-link"
        await pilot.press("enter")
        await pilot.pause()
        assert editions.detail.ref == "figure:figure-2021-link"
        text = assert_safe(app)
        assert f"FIGURE  CIFTIS 2021 — {SURVIVING['link']}" in text
        editions.detail.highlighted = row_to(editions.detail, "source:source-link")
        await pilot.press("enter")
        await pilot.pause()
        assert editions.detail.ref == "source:source-link"
        text = assert_safe(app)
        assert f"SOURCE  {SURVIVING['link']}" in text
        # Every hostile string as an organization, source, metric or figure (in turn), as a link opens it.
        kinds = ("organization", "source", "metric", "figure")
        for number, key in enumerate(KEYS):
            kind = kinds[number % len(kinds)]
            ref = f"figure:figure-2022-{key}" if kind == "figure" else f"{kind}:{kind}-{key}"
            await app.follow(ref)
            await pilot.pause()
            assert app.pane(app.active_pane_id).detail.ref == ref
            assert shown(key) in assert_safe(app), ref
        assert app.is_running


# --- compare: the table, the chart and the A/B choosers -------------------------------------------


@run_async
async def test_compare_table_chart_choosers_and_help_show_hostile_metrics_literally(hostile):
    from ciftis.core.export import comparison_delimited

    app = hostile_app(hostile, env={"DISPLAY": ":0"}, runner=Recorder(), which=lambda name: "/usr/bin/xclip" if name == "xclip" else None)
    async with app.run_test(size=(130, 40), headless=False) as pilot:
        await pilot.press("5")
        await settle(pilot, app)
        pane = app.pane("compare")
        assert pane.years() == (2021, 2022)
        await help_is_clean(pilot, app, "Compare", "the comparison table")
        assert_safe(app)
        metrics = [str(pane.table.get_row(row.metric.id)[0]) for row in pane.rows]  # whole, wrapped on screen
        for key in MARKUP_KEYS + ("cjk",):
            assert any(SURVIVING[key] in metric for metric in metrics), key
        for row in range(len(pane.rows)):  # the chart and the note under the table follow the cursor
            pane.table.move_cursor(row=row, animate=False)
            await pilot.pause()
            text = assert_safe(app)
            key = pane.table.current_row.metric.id.removeprefix("metric-")
            assert f"{shown(key, 20)}" in text
            assert pane.chart.metric_id == f"metric-{key}"
            assert "2021 A" in text and "2022 B" in text
        # The A and B choosers, opened.
        for chooser in ("#edition-a", "#edition-b"):
            pane.query_one(chooser).focus()
            await pilot.press("enter")
            await pilot.pause()
            text = assert_safe(app)
            assert "2021  CIFTIS" in text and "2022  CIFTIS" in text
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("x", "s")  # swap and sort redraw everything
        await settle(pilot, app)
        assert pane.years() == (2022, 2021)
        assert_safe(app)
        pane.table.focus()
        await pilot.press("t")
        await settle(pilot, app)
        copied = comparison_delimited(pane.comparison, "\t", rows=pane.rows)
        assert app.clipboard == copied and SURVIVING["click"] in copied
        assert not UNSAFE_OUTPUT.search(copied)
        assert app.clipboard_service.runner.calls[-1] == (XCLIP, copied)
        assert osc52_copies(written(app))[-1] == copied
        assert_safe(app)


# --- the search overlay and the command palette ---------------------------------------------------


@run_async
async def test_search_overlay_lists_every_hostile_result_literally(hostile):
    from ciftis.app.screens.search_screen import SearchScreen

    app = hostile_app(hostile)
    async with app.run_test(size=(120, 36), headless=False) as pilot:
        await settle(pilot, app)
        await pilot.press("slash")
        await pilot.pause()
        search = app.screen.query_one("#search-input")
        for key, words in SEARCH_WORDS.items():
            search.value = words
            await settle(pilot, app)
            text = assert_safe(app)
            results = app.screen.query_one("#search-results")
            assert results.highlighted_option is not None, key
            assert shown(key) in text, key
            if key in MARKUP_KEYS:
                assert f"  {SURVIVING[key]}" in text
        # A query that is itself markup is echoed literally.
        search.value = "[@qjxz=zzqv]"
        await settle(pilot, app)
        assert "No match for “[@qjxz=zzqv]”." in assert_safe(app)
        # Choosing a hostile result opens it; nothing quits.
        search.value = SEARCH_WORDS["click"]
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        assert not isinstance(app.screen, SearchScreen)
        assert app.pane(app.active_pane_id).detail.ref.endswith("-click")
        assert_safe(app)


@run_async
async def test_command_palette_hits_show_hostile_names_literally(hostile):
    from textual.command import CommandPalette

    app = hostile_app(hostile)
    async with app.run_test(size=(120, 36), headless=False) as pilot:
        await settle(pilot, app)
        for key in ("osc52", "click"):
            await pilot.press("ctrl+p")
            await pilot.pause()
            assert isinstance(app.screen, CommandPalette)
            app.screen.query_one("CommandInput").value = SEARCH_WORDS[key]
            await pilot.pause(0.3)
            await settle(pilot, app)
            options = app.screen.query_one("CommandList").options
            prompts = [str(option.prompt) for option in options]
            assert prompts.count(f"{shown(key, 40)}\nPerson") == 1, prompts[:6]  # name, then what it is
            text = assert_safe(app)
            assert shown(key) in text
            if key == "osc52":
                await pilot.press("escape")
                await pilot.pause()
        # Running the hostile hit jumps to it; nothing quits.
        assert SURVIVING["click"] in text
        app.screen.query_one("CommandList").highlighted = prompts.index(f"{HOSTILE_NAMES['click']}\nPerson")
        await pilot.press("enter")
        await settle(pilot, app)
        assert not isinstance(app.screen, CommandPalette)
        assert app.pane(app.active_pane_id).detail.ref == "person:person-click"
        assert_safe(app)


# --- clicks, pastes -------------------------------------------------------------------------


@run_async
async def test_clicking_hostile_markup_anywhere_runs_nothing(hostile):
    app = hostile_app(hostile)
    async with app.run_test(size=(120, 36), headless=False, notifications=True) as pilot:
        await pilot.press("3")
        await settle(pilot, app)
        people = app.pane("people")
        people.select("person-click")
        await pilot.pause()
        for widget, offset in ((people.entities, (3, 0)), (people.detail, (16, 1))):  # on the markup
            await pilot.click(widget, offset=offset)
            assert app.is_running and app.return_code is None
        await pilot.press("y")  # a toast quoting the markup, clicked
        await settle(pilot, app)
        toast = app.screen.query_one("Toast")
        await pilot.click(toast)
        await pilot.pause()
        await pilot.press("5")
        await settle(pilot, app)
        await pilot.click(app.pane("compare").table, offset=(4, 1))  # the row under the cursor: its sources
        await settle(pilot, app)
        from ciftis.app.screens.sources_screen import SourcesScreen

        assert isinstance(app.screen, SourcesScreen)
        assert_safe(app)
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("slash", *"Quit Click")
        await settle(pilot, app)
        await pilot.click("#search-results", offset=(6, 1))  # the first hit, under its group's heading
        await settle(pilot, app)
        assert app.pane(app.active_pane_id).detail.ref == "event:event-click"
        assert_safe(app)


@run_async
async def test_pasted_control_characters_reach_no_text_box_as_controls(hostile):
    pasted = "Clip \x1b]52;c;ZXZpbA==\x07\u202e[@click=app.quit]x[/]\x9b2J"
    app = hostile_app(hostile)
    async with app.run_test(size=(120, 40), headless=False) as pilot:
        await settle(pilot, app)
        for key in ("f", "slash", "ctrl+p"):  # the filter box, the search box, the palette's box
            await pilot.press(key)
            await pilot.pause()
            box = app.focused
            app.post_message(events.Paste(pasted))  # as the driver delivers a bracketed paste
            await settle(pilot, app)
            assert box.value == "Clip \ufffd]52;c;ZXZpbA==\ufffd\ufffd[@click=app.quit]x[/]\ufffd2J", key
            assert box.value[:24] in assert_safe(app)  # as much as the narrowest box shows
            await pilot.press("escape", "escape")  # a filled filter box: cleared, then left
            await settle(pilot, app)


# --- copies and notifications ---------------------------------------------------------------------


@run_async
async def test_copies_of_hostile_values_are_clean_and_their_notifications_literal(hostile):
    runner = Recorder()
    app = hostile_app(hostile, env={"DISPLAY": ":0"}, runner=runner, which=lambda name: "/usr/bin/xclip" if name == "xclip" else None)
    async with app.run_test(size=(130, 40), headless=False, notifications=True) as pilot:
        await pilot.press("3")
        await settle(pilot, app)
        people = app.pane("people")
        for key in ("markup", "click", "link", "osc52", "c1", "bidi"):
            app.clear_notifications()
            people.select(f"person-{key}")
            people.entities.focus()
            await pilot.press("y")
            await settle(pilot, app)
            expected = clean(HOSTILE_NAMES[key])
            assert app.clipboard == expected, key
            assert runner.calls[-1] == (XCLIP, expected)
            assert osc52_copies(written(app))[-1] == expected
            note = list(app._notifications)[-1]
            assert (note.title, note.message) == ("Copied name", shorten(expected))
            text = assert_safe(app)
            assert shorten(expected)[:30] in text, key
            if key not in ("click", "osc52"):
                continue
            # Y on a figure in the details copies it cited, with the hostile label and source.
            await app.jump_to(f"figure:figure-2021-{key}")
            await pilot.pause()
            await pilot.press("Y")
            await settle(pilot, app)
            assert app.clipboard.startswith(f"CIFTIS 2021 — {clean(HOSTILE_NAMES[key])}")
            assert not UNSAFE_OUTPUT.search(app.clipboard) and not UNSAFE_OUTPUT.search(runner.calls[-1][1])
            assert_safe(app)
            await pilot.press("3")
            await pilot.pause()
        for copied in [text for _command, text in runner.calls] + osc52_copies(written(app)):
            assert not UNSAFE_OUTPUT.search(copied)
        for key in MARKUP_KEYS:  # markup is copied as the characters it is
            assert (XCLIP, HOSTILE_NAMES[key]) in runner.calls


@run_async
async def test_a_settings_problem_naming_a_hostile_file_is_shown_literally(hostile, isolated_settings):
    themes = isolated_settings / "ciftis" / "themes"
    themes.mkdir(parents=True)
    name = "[@click=app.quit]x[bold] \x1b]52;c;ZXZpbA==\x07 \u202eevil.yaml"  # no "/" in a file name
    (themes / name).write_text("name: evil\nprimary: not-a-colour\n", encoding="utf-8")
    app = hostile_app(hostile)
    async with app.run_test(size=(130, 40), headless=False, notifications=True) as pilot:
        await settle(pilot, app)
        notes = [note for note in app._notifications if note.title == "Theme and settings problems"]
        assert len(notes) == 1
        shown_name = home_relative(themes / "[@click=app.quit]x[bold] \ufffd]52;c;ZXZpbA==\ufffd \ufffdevil.yaml")
        assert notes[0].message == f"{shown_name}:2: invalid colour 'not-a-colour' for primary (use #rrggbb, rgb(…), hsl(…) or a colour name)"
        assert_safe(app)
        toast = "".join(region_text(app, app.screen.query_one("Toast")).split())
        assert "".join(("Theme and settings problems" + notes[0].message).split()) == toast  # all of it, literally
        await pilot.click(app.screen.query_one("Toast"))
        await pilot.pause()
        assert_safe(app)
