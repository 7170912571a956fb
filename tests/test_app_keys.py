"""The user's keys and the movement keys: `keymap:` in config.yaml rebinds by binding id (footer and
help follow), its problems are reported once by file and line; g/G, home/end, ctrl+d/ctrl+u move the
cursor; esc in a filtered list clears the filter first; every binding has an id, listed in the README.
"""

from __future__ import annotations

import re
from pathlib import Path

from ciftis.app.app import CiftisApp
from ciftis.app.config import home_relative
from ciftis.app.keymap import binding_ids, places
from ciftis.app.screens.search_screen import SearchScreen
from tests.app_output import region_text
from tests.app_support import compare_pane, make_app, run_async, settle

TITLE = "Theme and settings problems"
README = Path(__file__).resolve().parents[1] / "README.md"


def write_config(root: Path, text: str) -> Path:
    config = root / "ciftis" / "config.yaml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(text, encoding="utf-8")
    return config


def footer(app) -> str:
    return " ".join(region_text(app, app.query_one("Footer")).split())


@run_async
async def test_a_keymap_rebinds_search_to_ctrl_f_and_the_footer_and_help_show_it(isolated_settings):
    write_config(isolated_settings, "keymap:\n  search: ctrl+f\n")
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot, app)
        assert [note for note in app._notifications if note.title == TITLE] == []
        assert "^f Search" in footer(app)
        assert "/ Search" not in footer(app)
        await pilot.press("slash")
        await settle(pilot, app)
        assert not isinstance(app.screen, SearchScreen)
        await pilot.press("ctrl+f")
        await settle(pilot, app)
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("question_mark")
        await settle(pilot, app)
        help_text = " ".join(region_text(app, app.screen).split())
        assert "^f Search" in help_text


@run_async
async def test_unknown_ids_and_clashes_are_reported_once_by_file_and_line(isolated_settings):
    config = write_config(isolated_settings, "keymap:\n  serch: ctrl+f\n  help: q\n  back: ctrl+q\n  copy: ctrl+e\n")
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot, app)
        notes = [note for note in app._notifications if note.title == TITLE]
        shown = home_relative(config)
        assert len(notes) == 1
        assert notes[0].message.split("\n") == [
            f"{shown}:2: keymap: serch: no binding has this id (the ids are listed in the README)",
            f"{shown}:4: keymap: back: ctrl+q is kept by Textual for quit",
            f"{shown}:3: keymap: help: q is already quit in everywhere",
        ]
        await pilot.press("ctrl+e")  # the entry without a problem applies
        await settle(pilot, app)
        await pilot.press("q")  # q still quits: the clashing entry was left out
        await settle(pilot, app)
    assert app.return_code == 0


def test_every_binding_has_an_id_and_the_readme_lists_them():
    for place in places(CiftisApp):
        for binding in place.owner.__dict__.get("BINDINGS", []):
            assert binding.id, (place.name, binding.key)
    section = README.read_text(encoding="utf-8").split("### Keys of your own", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^\| `([^`]+)` \|", section, flags=re.M)
    assert listed == list(binding_ids(CiftisApp))


@run_async
async def test_g_G_home_end_and_half_pages_in_a_list(isolated_settings):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot, app)
        entities = app.pane("editions").entities
        last = entities.row_count - 1
        await pilot.press("G")
        assert entities.highlighted == last
        await pilot.press("g")
        assert entities.highlighted == 0
        await pilot.press("end")
        assert entities.highlighted == last
        await pilot.press("home")
        assert entities.highlighted == 0
        half = entities.scrollable_content_region.height // 2
        await pilot.press("ctrl+d")
        assert entities.highlighted == min(half, last)
        await pilot.press("ctrl+u")
        assert entities.highlighted == 0


@run_async
async def test_g_G_and_half_pages_in_the_compare_table():
    async with compare_pane(size=(120, 30)) as (pilot, app, pane):
        table = pane.table
        table.focus()
        await settle(pilot, app)
        await pilot.press("G")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("g")
        assert table.cursor_row == 0
        await pilot.press("end")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("home")
        assert table.cursor_row == 0
        half = (table.scrollable_content_region.height - 1) // 2  # the lines on screen under the header
        await pilot.press("ctrl+d")
        assert table.cursor_row == 6 and half == 7  # one of the six rows passed wraps onto a second line
        await pilot.press("ctrl+u")  # one half page back up is where it started
        assert table.cursor_row == 0


@run_async
async def test_half_pages_count_the_lines_of_wrapped_rows_and_come_back_to_the_same_row():
    async with compare_pane(size=(80, 24)) as (pilot, app, pane):
        table = pane.table
        await settle(pilot, app)
        table.move_cursor(row=0)
        heights = [row.height for row in table.ordered_rows]
        assert max(heights) > 1  # at 80 columns long metric names wrap
        half = (table.scrollable_content_region.height - 1) // 2
        expected, lines = 0, 0
        while lines < half:
            expected += 1
            lines += heights[expected]
        await pilot.press("ctrl+d")
        assert table.cursor_row == expected
        await pilot.press("ctrl+d", "ctrl+u", "ctrl+u")
        assert table.cursor_row == 0


@run_async
async def test_esc_clears_the_filter_first_then_goes_back_to_the_list(isolated_settings):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        pane = app.pane("editions")
        await pilot.press("f", "2", "0", "2", "4")
        await settle(pilot, app)
        assert pane.filter.value == "2024"
        await pilot.press("escape")
        await settle(pilot, app)
        assert pane.filter.value == ""
        assert pane.filter.has_focus
        assert pane.entities.row_count == len(app.dataset.of_kind("edition"))
        await pilot.press("escape")
        await settle(pilot, app)
        assert pane.entities.has_focus


@run_async
async def test_ctrl_z_suspends_on_a_unix_terminal_and_is_hidden_in_a_browser(isolated_settings, monkeypatch):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert app.screen.active_bindings["ctrl+z"].enabled is True
        monkeypatch.setattr(type(app), "is_web", property(lambda self: True))
        app.refresh_bindings()
        await settle(pilot, app)
        assert "ctrl+z" not in app.screen.active_bindings
