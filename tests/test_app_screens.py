"""Help generated from the bindings, themes and settings, and the launcher."""

from __future__ import annotations

from tests.app_support import make_app, run_async, settle


@run_async
async def test_help_lists_the_bindings_that_apply_where_it_was_opened():
    from ciftis.app.screens.help_screen import HelpScreen

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await settle(pilot, app)
        expected = {(app.get_key_display(active.binding), active.binding.description) for active in app.screen.active_bindings.values() if active.binding.description}
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        listed = {(key, description) for _place, rows in app.screen.groups for keys, description, _tip in rows for key in keys.split(" ")}
        assert expected <= listed
        places = [place for place, _rows in app.screen.groups]
        assert places[0] == "Everywhere" and "Compare" in places
        compare = dict(app.screen.groups)["Compare"]
        assert ("[", "A earlier") in {(keys, description) for keys, description, _tip in compare}
        assert ("n", "Next change") in {(keys, description) for keys, description, _tip in compare}
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


@run_async
async def test_q_quits():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


@run_async
async def test_theme_from_option_then_settings_then_default(isolated_settings):
    from ciftis.app.config import Config, load_config, save_config

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert app.theme == "ciftis-dark"
        assert "ciftis-light" in app.available_themes
        app.theme = "ciftis-light"  # a change is remembered
        await pilot.pause()
    assert load_config()[0].theme == "ciftis-light"
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert app.theme == "ciftis-light"
    save_config(Config(theme="ciftis-light"))
    app = make_app(theme="ciftis-paper")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert app.theme == "ciftis-paper"
    assert load_config()[0].theme == "ciftis-light"  # --theme is for this run only


@run_async
async def test_unknown_theme_and_broken_files_are_one_notification(isolated_settings):
    themes = isolated_settings / "ciftis" / "themes"
    themes.mkdir(parents=True)
    (themes / "broken.yaml").write_text("name: broken\nprimary: not-a-colour\n", encoding="utf-8")
    app = make_app(theme="no-such-theme")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert app.theme == "ciftis-dark"
        notes = [n for n in app._notifications if n.title == "Theme and settings problems"]
        assert len(notes) == 1
        assert "broken.yaml" in notes[0].message and "no-such-theme" in notes[0].message


@run_async
async def test_the_theme_picker_previews_and_escape_restores(isolated_settings):
    from textual.command import CommandPalette

    from ciftis.app.config import load_config

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("down", "down")
        await settle(pilot, app)
        highlighted = app.screen.query_one("CommandList").highlighted_option.hit.text
        assert highlighted != "ciftis-dark"
        assert app.theme == highlighted  # previewed while highlighted
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.theme == "ciftis-dark"
        assert load_config()[0].theme is None  # a preview is not a choice


@run_async
async def test_the_theme_picker_opens_on_the_current_theme_beside_an_undimmed_screen(isolated_settings):
    from textual.command import CommandPalette

    app = make_app(theme="ciftis-light")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+t")
        await settle(pilot, app)
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one("CommandList").highlighted_option.hit.text == "ciftis-light"
        assert app.theme == "ciftis-light"  # opening previews nothing
        box = app.screen.query_one("CommandList").region
        assert (box.x, box.right) == (61, 99)  # a column on the right: the panes stay in view
        assert app.screen.styles.background.a == 0  # and are not dimmed
        await pilot.press("down")
        await settle(pilot, app)
        assert app.theme == "ciftis-paper"  # the next theme after the current one
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.theme == "ciftis-light"


def test_run_prints_dataset_problems_and_returns_1(tmp_path, capsys):
    from ciftis.app.main import run

    (tmp_path / "bad.yaml").write_text("editions:\n  - year: 2021\n", encoding="utf-8")
    assert run(dataset=str(tmp_path), theme=None) == 1
    err = capsys.readouterr().err
    assert "ciftis: the dataset has" in err and "bad.yaml:2" in err


def test_the_app_modules_import_no_heavy_libraries_at_launch():
    import subprocess
    import sys

    code = "import sys, ciftis.cli; print('textual' in sys.modules, 'rapidfuzz' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split() == ["False", "False"]
