"""Themes and settings as the running app handles them: broken user theme files and a garbage settings
file give one notification naming each file and its problem, the settings file is moved aside and
never written over, and an unknown theme (from --theme or the settings file) falls back, saying so.

How each kind of broken file is read and worded is tested in test_themes.py and test_config.py;
these tests start the app (and `ciftis --theme …`) and read what it shows and what it leaves on disk.
"""

from __future__ import annotations

from ciftis.app.config import home_relative
from tests.app_output import region_text, screen_text
from tests.app_support import make_app, run_async, settle

TITLE = "Theme and settings problems"
HEADER = (
    "# CIFTIS Explorer settings, written by the app when you choose a theme.\n"
    "# theme: a bundled theme (ciftis-dark, ciftis-light, ciftis-high-contrast, ciftis-paper),\n"
    "#        a Textual theme, or one of your own in the themes/ folder beside this file.\n"
    "# keymap: binding ids to keys, such as 'search: ctrl+f' (the ids are listed in the README).\n"
)
GARBAGE = b"\x00\xffgarbage: [\n"


def squeeze(text: str) -> str:
    """Text without its whitespace, to find a message however a toast wrapped it."""
    return "".join(text.split())


def toasts(app) -> str:
    """The text of every toast on the screen, without whitespace."""
    return squeeze("".join(region_text(app, toast) for toast in app.screen.query("Toast")))


def problem_notes(app) -> list:
    return [note for note in app._notifications if note.title == TITLE]


def unknown_theme(app, name: str, origin: str) -> str:
    return f"Unknown theme {name!r} (from {origin}); using ciftis-dark. Themes: {', '.join(sorted(app.available_themes))}"


@run_async
async def test_broken_themes_and_a_garbage_config_give_one_notification_naming_each(isolated_settings):
    themes = isolated_settings / "ciftis" / "themes"
    themes.mkdir(parents=True)
    (themes / "broken.yaml").write_text('name: broken\nprimary: not-a-colour\n', encoding="utf-8")
    (themes / "garbled.yml").write_text("name: [unclosed\n", encoding="utf-8")
    (themes / "fine.yaml").write_text('name: fine\nprimary: "#1f3a68"\n', encoding="utf-8")
    config = isolated_settings / "ciftis" / "config.yaml"
    config.write_bytes(GARBAGE)
    aside = config.with_name("config.yaml.broken")
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot, app)
        notes = problem_notes(app)
        assert len(notes) == 1 and len(app._notifications) == 1
        assert notes[0].message.split("\n") == [
            f"{home_relative(themes / 'broken.yaml')}:2: invalid colour 'not-a-colour' for primary (use #rrggbb, rgb(…), hsl(…) or a colour name)",
            f"{home_relative(themes / 'garbled.yml')}:2: invalid YAML: did not find expected ',' or ']'",
            f"{home_relative(config)}:1: is not UTF-8 text (byte 0xff cannot be decoded); it was moved to config.yaml.broken and the default settings are used",
        ]
        assert notes[0].severity == "warning"
        assert squeeze(TITLE + notes[0].message) in toasts(app)  # the toast shows all of it
        assert app.theme == "ciftis-dark"
        assert "fine" in app.available_themes and "broken" not in app.available_themes
        assert not config.exists() and aside.read_bytes() == GARBAGE  # kept, beside
        app.theme = "ciftis-light"  # a choice is saved in a new file; the broken one stays as it was
        await settle(pilot, app)
        assert config.read_text(encoding="utf-8") == HEADER + "theme: ciftis-light\n"
        assert aside.read_bytes() == GARBAGE
    assert aside.read_bytes() == GARBAGE
    assert sorted(path.name for path in config.parent.iterdir()) == ["config.yaml", "config.yaml.broken", "themes"]
    app = make_app()  # the next start reads the new settings file and has nothing to say about it
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert app.theme == "ciftis-light"
        assert [note.message.split("\n") for note in problem_notes(app)] == [notes[0].message.split("\n")[:2]]  # the themes only


@run_async
async def test_a_config_that_cannot_be_moved_aside_is_reported_and_never_written_over(isolated_settings, monkeypatch):
    import ciftis.app.config

    config = isolated_settings / "ciftis" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("theme: [ciftis-light, ciftis-paper]\n", encoding="utf-8")

    def cannot_move(path):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(ciftis.app.config, "_move_aside", cannot_move)
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot, app)
        assert [note.message for note in problem_notes(app)] == [
            f"{home_relative(config)}:1: theme must be a theme name such as 'ciftis-dark', not a list; it could not be moved aside "
            "(Permission denied), so the default settings are used and it will not be saved over"
        ]
        app.theme = "ciftis-light"
        await settle(pilot, app)
        app.theme = "ciftis-paper"  # said once, not at every change
        await settle(pilot, app)
        failures = [note.message for note in app._notifications if note.message.startswith("The theme could not be saved")]
        assert failures == ["The theme could not be saved: Permission denied"]
        assert "The theme could not be saved: Permission denied" in screen_text(app)
    assert config.read_text(encoding="utf-8") == "theme: [ciftis-light, ciftis-paper]\n"
    assert sorted(path.name for path in config.parent.iterdir()) == ["config.yaml"]


def test_ciftis_theme_nonexistent_falls_back_to_the_default_and_says_so(isolated_settings, monkeypatch):
    """`ciftis --theme nonexistent`, through the command line, up to the app's first screen."""
    import ciftis.app.main
    from ciftis.app.app import CiftisApp
    from ciftis.cli import main

    started = []

    def run_headless(app):  # instead of taking over the terminal: run the app as the tests do
        import asyncio

        async def first_screen():
            async with app.run_test(size=(140, 40), notifications=True) as pilot:
                await settle(pilot, app)
                started.append((app.theme, [note.message for note in problem_notes(app)], toasts(app)))

        asyncio.run(first_screen())
        return 0

    monkeypatch.setattr(ciftis.app.main, "_has_terminal", lambda: True)
    monkeypatch.setattr(CiftisApp, "run", run_headless)
    assert main(["--theme", "nonexistent"]) == 0
    [(theme, messages, screen)] = started
    probe = make_app()
    assert theme == "ciftis-dark"
    assert messages == [unknown_theme(probe, "nonexistent", "--theme")]
    assert squeeze(TITLE + messages[0]) in screen
    assert not (isolated_settings / "ciftis" / "config.yaml").exists()  # the fallback is not saved as a choice


@run_async
async def test_an_unknown_theme_in_the_settings_file_is_reported_and_the_file_left_as_written(isolated_settings):
    config = isolated_settings / "ciftis" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("# mine\ntheme: nonexistent\n", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot, app)
        assert app.theme == "ciftis-dark"
        assert [note.message for note in problem_notes(app)] == [unknown_theme(app, "nonexistent", "the settings file")]
    assert config.read_text(encoding="utf-8") == "# mine\ntheme: nonexistent\n"
    assert sorted(path.name for path in config.parent.iterdir()) == ["config.yaml"]


@run_async
async def test_only_the_explorers_and_the_users_themes_are_offered(isolated_settings):
    """Textual's built-in themes are not offered (they are not tested for contrast): a settings file
    naming one is reported like any unknown theme, and the picker lists the bundled and the user's."""
    themes = isolated_settings / "ciftis" / "themes"
    themes.mkdir(parents=True)
    (themes / "mine.yaml").write_text('name: mine\nprimary: "#1f3a68"\n', encoding="utf-8")
    (isolated_settings / "ciftis" / "config.yaml").write_text("theme: nord\n", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot, app)
        assert sorted(app.available_themes) == ["ciftis-dark", "ciftis-high-contrast", "ciftis-light", "ciftis-paper", "mine"]
        assert app.theme == "ciftis-dark"
        assert [note.message for note in problem_notes(app)] == [
            "Unknown theme 'nord' (from the settings file); using ciftis-dark. Themes: ciftis-dark, ciftis-high-contrast, ciftis-light, ciftis-paper, mine"
        ]
