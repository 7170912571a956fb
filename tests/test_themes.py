"""Themes: the bundled ones load cleanly, are readable (WCAG contrast) and apply in a real Textual app;
user themes load beside them; every kind of broken theme file gives exactly one message naming it."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from textual.app import App
from textual.color import Color
from textual.widgets import Button, DataTable, Footer, Header, Input, Markdown, OptionList, Tree

from ciftis.app.themes import ALLOWED_KEYS, ANSI, DEFAULT_THEME, load_themes, sixteen_colour, user_themes_dir
from ciftis.core.locations import bundled_themes_dir

BUNDLED = {"ciftis-dark", "ciftis-light", "ciftis-high-contrast"}
GOOD = 'name: mine\nprimary: "#1f3a68"\n'


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """No test reads the real ~/.config: HOME and XDG_CONFIG_HOME point into tmp_path."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))


@pytest.fixture
def user_dir(tmp_path) -> Path:
    directory = tmp_path / "themes"
    directory.mkdir()
    return directory


def write(directory: Path, name: str, content: str | bytes) -> Path:
    path = directory / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def by_name(themes):
    return {theme.name: theme for theme in themes}


# --- bundled themes ---------------------------------------------------------------------------


def test_bundled_themes_load_with_no_messages(tmp_path):
    themes, messages = load_themes(tmp_path / "no-such-dir")
    assert messages == []
    names = [theme.name for theme in themes]
    assert BUNDLED <= set(names)
    assert DEFAULT_THEME in names
    assert len(names) == len(set(names))


def test_every_bundled_file_says_what_it_is_for():
    files = sorted(bundled_themes_dir().glob("*.yaml"))
    assert len(files) >= 3
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# CIFTIS Explorer"), path.name


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    parsed = Color.parse(colour)
    return 0.2126 * channel(parsed.r) + 0.7152 * channel(parsed.g) + 0.0722 * channel(parsed.b)


def contrast(a: str, b: str) -> float:
    """The WCAG 2 contrast ratio of two opaque colours, from 1 to 21."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula_matches_wcag_reference_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("name", sorted(BUNDLED | {"ciftis-paper"}))
def test_bundled_theme_is_readable(name, tmp_path):
    theme = by_name(load_themes(tmp_path / "none")[0])[name]
    least = 7.0 if name == "ciftis-high-contrast" else 4.5
    background = theme.background
    assert contrast(theme.foreground, background) >= least
    assert contrast(theme.primary, background) >= least
    for slot in ("secondary", "accent", "warning", "error", "success"):  # all are used as text colours
        assert contrast(getattr(theme, slot), background) >= least, slot
    for slot in ("surface", "panel"):  # text also sits on these
        assert contrast(theme.foreground, getattr(theme, slot)) >= least, slot
    assert theme.dark == (_luminance(background) < 0.2)


class _Sampler(App):
    def compose(self):
        yield Header()
        yield Input("text")
        yield Button("Go")
        yield Markdown("# Heading\n\n[a link](https://example.org)")
        table = DataTable()
        table.add_columns("a", "b")
        table.add_row("1", "2")
        yield table
        yield Tree("root")
        yield OptionList("one", "two")
        yield Footer()


def test_bundled_themes_apply_in_a_real_app_without_css_errors(tmp_path):
    themes, _ = load_themes(tmp_path / "none")

    async def run():
        app = _Sampler()
        async with app.run_test() as pilot:
            for theme in themes:
                app.register_theme(theme)
                app.theme = theme.name
                await pilot.pause()
                assert app.current_theme.name == theme.name
                stylesheet = app.stylesheet.copy()  # what Textual does on a theme change, raising here
                stylesheet.set_variables(app.get_css_variables())
                stylesheet.reparse()
        assert app.return_code in (None, 0)

    asyncio.run(run())



def test_in_16_colours_each_theme_is_drawn_in_the_terminals_own(tmp_path):
    """Each accent the terminal colour nearest its hue that reads on the background; the name kept."""
    slots = ("primary", "secondary", "accent", "warning", "error", "success", "background", "foreground", "panel")
    drawn = {theme.name: tuple(getattr(sixteen_colour(theme), slot) for slot in slots) for theme in load_themes(tmp_path / "none")[0]}
    names = {colour: name for name, colour in ANSI.items()}
    assert {theme: tuple(names[colour] for colour in colours) for theme, colours in drawn.items()} == {
        "ciftis-dark": ("bright-yellow", "bright-cyan", "bright-cyan", "bright-red", "bright-red", "bright-green", "black", "bright-white", "blue"),
        "ciftis-high-contrast": ("bright-yellow", "bright-cyan", "bright-yellow", "bright-yellow", "bright-red", "bright-green", "black", "bright-white", "blue"),
        "ciftis-light": ("blue", "blue", "red", "red", "red", "blue", "white", "black", "bright-white"),
        "ciftis-paper": ("red", "blue", "blue", "red", "red", "blue", "white", "black", "bright-white"),
    }

# --- user themes --------------------------------------------------------------------------------


def test_user_theme_loads_after_the_bundled_ones(user_dir):
    write(
        user_dir,
        "mine.yaml",
        'name: mine\nprimary: "#1f3a68"\naccent: teal\ndark: false\nvariables:\n  block-cursor-text-style: "bold underline"\n  text-muted: "auto 70%"\n',
    )
    themes, messages = load_themes(user_dir)
    assert messages == []
    assert themes[-1].name == "mine"
    mine = themes[-1]
    assert (mine.primary, mine.accent, mine.dark) == ("#1f3a68", "teal", False)
    assert mine.variables == {"block-cursor-text-style": "bold underline", "text-muted": "auto 70%"}
    assert BUNDLED <= set(by_name(themes))


def test_yml_files_load_and_hidden_files_are_ignored(user_dir):
    write(user_dir, "other.yml", 'name: other\nprimary: "#0f6b64"\n')
    write(user_dir, ".mine.yaml.swp.yaml", "garbage: [")
    themes, messages = load_themes(user_dir)
    assert messages == []
    assert "other" in by_name(themes)


def test_default_user_dir_follows_xdg_config_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert user_themes_dir() == tmp_path / "cfg" / "ciftis" / "themes"
    directory = user_themes_dir()
    directory.mkdir(parents=True)
    write(directory, "mine.yaml", GOOD)
    themes, messages = load_themes()
    assert messages == []
    assert "mine" in by_name(themes)


def test_relative_or_unset_xdg_config_home_means_home_config(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/dir")
    assert user_themes_dir() == tmp_path / "home" / ".config" / "ciftis" / "themes"
    monkeypatch.delenv("XDG_CONFIG_HOME")
    assert user_themes_dir() == tmp_path / "home" / ".config" / "ciftis" / "themes"


def test_messages_show_the_home_directory_as_a_tilde(tmp_path, monkeypatch):
    monkeypatch.delenv("XDG_CONFIG_HOME")
    directory = tmp_path / "home" / ".config" / "ciftis" / "themes"
    directory.mkdir(parents=True)
    write(directory, "bad.yaml", 'name: bad\n\nprimry: "#1f3a68"\n')
    _, messages = load_themes()
    assert messages == [
        "~/.config/ciftis/themes/bad.yaml:3: unknown key 'primry' (did you mean 'primary'? allowed: "
        + ", ".join(ALLOWED_KEYS)
        + ")"
    ]


def test_missing_user_dir_is_fine(tmp_path):
    themes, messages = load_themes(tmp_path / "absent")
    assert messages == []
    assert BUNDLED <= set(by_name(themes))


def test_user_dir_that_is_a_file_is_reported(tmp_path):
    path = write(tmp_path, "themes", "not a folder")
    _, messages = load_themes(path)
    assert messages == [f"{path}: is not a folder, so no user themes were loaded from it"]


# --- broken user themes: exactly one message each, and the good theme beside them still loads ---

ALLOWED = ", ".join(ALLOWED_KEYS)
BROKEN = {
    "invalid colour": (
        'name: bad\nprimary: "#1f3a68"\naccent: "#12345"\n',
        "{p}:3: invalid colour '#12345' for accent (use #rrggbb, rgb(…), hsl(…) or a colour name)",
    ),
    "misspelt colour name": (
        "name: bad\nprimary: bluee\n",
        "{p}:2: invalid colour 'bluee' for primary (use #rrggbb, rgb(…), hsl(…) or a colour name); did you mean 'blue'?",
    ),
    "missing primary": (
        'name: bad\naccent: "#1f3a68"\n',
        "{p}: missing required key 'primary' (a theme needs at least name and primary)",
    ),
    "missing name": (
        'primary: "#1f3a68"\n',
        "{p}: missing required key 'name' (a theme needs at least name and primary)",
    ),
    "unknown key": (
        'name: bad\nprimry: "#1f3a68"\n',
        "{p}:2: unknown key 'primry' (did you mean 'primary'? allowed: " + ALLOWED + ")",
    ),
    "unknown key, nothing close": (
        'name: bad\nprimary: "#1f3a68"\nwallpaper: nice.png\n',
        "{p}:3: unknown key 'wallpaper' (allowed: " + ALLOWED + ")",
    ),
    "wrong type for a colour": (
        "name: bad\nprimary: 12\n",
        '{p}:2: primary must be a colour such as "#1f3a68" or "rgb(31,58,104)", not the number 12',
    ),
    "unquoted # colour is a YAML comment": (
        "name: bad\nprimary: #1f3a68\n",
        "{p}:2: primary has no value (a colour starting with '#' must be quoted: primary: \"#1f3a68\")",
    ),
    "wrong type for dark": (
        'name: bad\nprimary: "#1f3a68"\ndark: "no thanks"\n',
        "{p}:3: dark must be true or false, not 'no thanks'",
    ),
    "wrong type for name": (
        'name: [a, b]\nprimary: "#1f3a68"\n',
        "{p}:1: name must be text such as 'my-theme', not a list",
    ),
    "name not slug-like": (
        'name: My Theme\nprimary: "#1f3a68"\n',
        "{p}:1: theme name 'My Theme' must be lowercase letters, digits and single hyphens, e.g. 'my-theme'",
    ),
    "not a mapping": (
        "- name: bad\n- primary: red\n",
        "{p}:1: must be one theme mapping (name: …, primary: …), not a list",
    ),
    "variables not a mapping": (
        'name: bad\nprimary: "#1f3a68"\nvariables: [border]\n',
        "{p}:3: variables must be a mapping of Textual theme variables, not a list",
    ),
    "unknown variable": (
        'name: bad\nprimary: "#1f3a68"\nvariables:\n  boder: red\n',
        "{p}:4: unknown theme variable 'boder' (did you mean 'border'?); see Textual's theme variables, e.g. block-cursor-background",
    ),
    "bad variable colour": (
        'name: bad\nprimary: "#1f3a68"\nvariables:\n  border: "#12345"\n',
        "{p}:4: invalid colour '#12345' for variable 'border' (use #rrggbb, rgb(…), hsl(…) or a colour name)",
    ),
    "variable keyword Textual's CSS would reject": (
        'name: bad\nprimary: "#1f3a68"\nvariables:\n  border: auto\n',
        "{p}:4: variable 'border' cannot be 'auto'; give a colour such as \"#1f3a68\"",
    ),
    "bad text style": (
        'name: bad\nprimary: "#1f3a68"\nvariables:\n  block-cursor-text-style: "bold shiny"\n',
        "{p}:4: variable 'block-cursor-text-style': 'shiny' is not a text style (use b, blink, bold, dim, i, italic, none, not, o, overline, reverse, strike, u, underline, uu)",
    ),
    "slot set under variables": (
        'name: bad\nprimary: "#1f3a68"\nvariables:\n  background: black\n',
        "{p}:4: set 'background' at the top of the file, not under variables",
    ),
    "name of a built-in theme": (
        'name: textual-dark\nprimary: "#1f3a68"\n',
        "{p}:1: theme name 'textual-dark' is taken by a built-in theme",
    ),
    "name of a bundled theme": (
        'name: ciftis-dark\nprimary: "#1f3a68"\n',
        "{p}:1: theme name 'ciftis-dark' is taken by a bundled theme",
    ),
    "duplicate key": (
        'name: bad\nprimary: "#1f3a68"\nprimary: red\n',
        "{p}:3: duplicate key 'primary' (first at line 2)",
    ),
    "invalid YAML": (
        'name: bad\nprimary: ["#1f3a68"\n',
        "{p}:3: invalid YAML: *",
    ),
    "garbage binary": (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        "{p}:1: is not UTF-8 text (byte 0x89 cannot be decoded)",
    ),
    "NUL bytes": (
        b"name: bad\nprimary: red\x00\x00\n",
        "{p}:2: contains a NUL byte: this is not a text file",
    ),
    "non-UTF-8": (
        b"name: caf\xe9\nprimary: red\n",
        "{p}:1: is not UTF-8 text (byte 0xe9 cannot be decoded)",
    ),
    "empty file": ("", "{p}: file is empty"),
    "only comments": ("# nothing yet\n", "{p}: file is empty"),
}


def _matches(messages, expected):
    """One message; an expected text ending in * only fixes the start (the parser's own words differ
    between PyYAML's C and Python parsers)."""
    return expected.endswith("*") and len(messages) == 1 and messages[0].startswith(expected[:-1])


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_theme_gives_one_message_and_the_rest_still_load(case, user_dir):
    content, expected = BROKEN[case]
    path = write(user_dir, "bad.yaml", content)
    write(user_dir, "good.yaml", GOOD)
    themes, messages = load_themes(user_dir)
    assert messages == [expected.format(p=path)] or _matches(messages, expected.format(p=path))
    names = by_name(themes)
    assert "mine" in names and "bad" not in names
    assert BUNDLED <= set(names)


def test_unsafe_tag_is_reported_and_never_executed(user_dir, tmp_path):
    marker = tmp_path / "executed"
    path = write(user_dir, "evil.yaml", f'name: evil\nprimary: !!python/object/apply:os.system ["touch {marker}"]\n')
    themes, messages = load_themes(user_dir)
    assert not marker.exists()
    assert messages == [
        f"{path}:2: unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system': only plain lists are allowed"
    ]
    assert "evil" not in by_name(themes)


def test_two_user_themes_with_one_name(user_dir):
    first = write(user_dir, "a.yaml", GOOD)
    second = write(user_dir, "b.yaml", 'primary: red\nname: mine\n')
    themes, messages = load_themes(user_dir)
    assert messages == [f"{second}:2: theme name 'mine' is taken by user theme {first}"]
    assert by_name(themes)["mine"].primary == "#1f3a68"


def test_unreadable_theme_file(user_dir):
    path = write(user_dir, "locked.yaml", GOOD)
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("this user (root?) can read a mode-000 file")
        themes, messages = load_themes(user_dir)
    finally:
        path.chmod(0o644)
    assert messages == [f"{path}: cannot be read: permission denied"]
    assert "mine" not in by_name(themes)


def test_unreadable_theme_file_even_as_root(user_dir, monkeypatch):
    """The same as above where chmod cannot lock root out: reading the file is refused."""
    path = write(user_dir, "locked.yaml", GOOD)
    real_open = os.open

    def refuse(opened, *args, **kwargs):  # every read of a settings or theme file opens it with os.open
        if Path(opened) == path:
            raise PermissionError(13, "Permission denied", str(opened))
        return real_open(opened, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    themes, messages = load_themes(user_dir)
    assert messages == [f"{path}: cannot be read: permission denied"]
    assert "mine" not in by_name(themes)


def test_theme_file_that_is_a_directory(user_dir):
    path = user_dir / "folder.yaml"
    path.mkdir()
    _, messages = load_themes(user_dir)
    assert messages == [f"{path}: is a directory, not a file"]


def test_every_broken_file_is_reported_at_once(user_dir):
    for index, (content, _) in enumerate(BROKEN.values()):
        write(user_dir, f"bad-{index:02}.yaml", content)
    write(user_dir, "good.yaml", GOOD)
    themes, messages = load_themes(user_dir)
    assert len(messages) == len(BROKEN)
    assert [message.split(":")[0] for message in messages] == [str(user_dir / f"bad-{i:02}.yaml") for i in range(len(BROKEN))]
    assert "mine" in by_name(themes)
