"""Theme files from the ecosystem load: Posting's documented theme example (its colours, its
`author`/`description`/`homepage`, and its own `syntax`, `text_area`, `url` and `method` sections,
which are accepted and ignored), and every field of Textual's `Theme`; other keys stay errors
with file and line."""

from __future__ import annotations

from dataclasses import fields

import pytest
from textual.theme import Theme

from ciftis.app.themes import ALLOWED_KEYS, FRACTIONS, POSTING_SECTIONS, SWITCHES, load_themes

# The example theme of Posting's theme guide (docs/guide/themes.md), with its optional metadata.
POSTING_EXAMPLE = """\
name: example
primary: '#4e78c4'
secondary: '#f39c12'
accent: '#e74c3c'
background: '#0e1726'
surface: '#17202a'
error: '#e74c3c'
success: '#2ecc71'
warning: '#f1c40f'

author: Darren Burns
description: A dark theme with a blue primary color.
homepage: https://github.com/darrenburns/posting
"""
# The same guide's sections for Posting's own widgets.
POSTING_SECTIONS_EXAMPLE = """\
text_area:
  cursor: 'reverse'
  cursor_line: 'underline'
  selection: 'reverse'
  gutter: 'bold #50e3c2'
  matched_bracket: 'black on green'
url:
  base: 'italic #50e3c2'
  protocol: 'bold #b8e986'
syntax:
  json_key: 'italic #4a90e2'
  json_number: '#50e3c2'
  json_string: '#b8e986'
  json_boolean: '#b8e986'
  json_null: 'underline #b8e986'
method:
  get: 'underline #50e3c2'
  post: 'italic #b8e986'
  put: 'bold #b8e986'
  delete: 'strikethrough #b8e986'
"""
TEXTUAL_FIELDS = """\
name: every-field
primary: "#1f3a68"
secondary: "#4fc3c9"
warning: "#ff9f43"
error: "#ff6b6b"
success: "#5fd38d"
accent: "#8ab4ff"
foreground: "#202020"
background: "#fafafa"
surface: "#f0f0f0"
panel: "#e0e0e0"
boost: "#00000010"
dark: false
luminosity_spread: 0.3
text_alpha: 0.8
ansi: false
variables:
  block-cursor-background: "#ffd400"
"""


@pytest.fixture
def user_dir(tmp_path):
    directory = tmp_path / "themes"
    directory.mkdir()
    return directory


def loaded(user_dir, name, text):
    path = user_dir / name
    path.write_text(text, encoding="utf-8")
    themes, messages = load_themes(user_dir)
    return {theme.name: theme for theme in themes}, messages, path


def test_posting_example_loads(user_dir):
    themes, messages, _ = loaded(user_dir, "example.yaml", POSTING_EXAMPLE)
    assert messages == []
    example = themes["example"]
    assert (example.primary, example.secondary, example.accent, example.background, example.surface) == ("#4e78c4", "#f39c12", "#e74c3c", "#0e1726", "#17202a")
    assert (example.error, example.success, example.warning, example.dark) == ("#e74c3c", "#2ecc71", "#f1c40f", True)


def test_posting_sections_are_accepted_and_ignored(user_dir):
    themes, messages, _ = loaded(user_dir, "example.yaml", POSTING_EXAMPLE + POSTING_SECTIONS_EXAMPLE)
    assert messages == []
    assert themes["example"].variables == {}  # nothing of them reaches the explorer's theme
    assert set(POSTING_SECTIONS) == {"syntax", "text_area", "url", "method"}


def test_every_field_of_textuals_theme_is_accepted(user_dir):
    assert [f.name for f in fields(Theme)] == [key for key in ALLOWED_KEYS if key in {f.name for f in fields(Theme)}]
    given = {line.split(":")[0] for line in TEXTUAL_FIELDS.splitlines() if not line.startswith(" ")}
    assert given == {f.name for f in fields(Theme)}
    for _ in range(2):  # read, then remembered by the cache: the same theme both times
        themes, messages, _path = loaded(user_dir, "every.yaml", TEXTUAL_FIELDS)
        assert messages == []
        theme = themes["every-field"]
        assert (theme.dark, theme.luminosity_spread, theme.text_alpha, theme.ansi, theme.boost) == (False, 0.3, 0.8, False, "#00000010")
        assert theme.variables == {"block-cursor-background": "#ffd400"}
    assert (SWITCHES, FRACTIONS) == (("dark", "ansi"), ("luminosity_spread", "text_alpha"))


@pytest.mark.parametrize(("text", "expected"), [
    ('name: bad\nprimary: "#1f3a68"\nluminosity_spread: wide\n', "{p}:3: luminosity_spread must be a number from 0 to 1 such as 0.15, not 'wide'"),
    ('name: bad\nprimary: "#1f3a68"\ntext_alpha: 1.5\n', "{p}:3: text_alpha must be a number from 0 to 1 such as 0.15, not the number 1.5"),
    ('name: bad\nprimary: "#1f3a68"\nansi: maybe\n', "{p}:3: ansi must be true or false, not 'maybe'"),
    ('name: bad\nprimary: "#1f3a68"\nauthor: [a, b]\n', "{p}:3: author must be text, not a list"),
    ('name: bad\nprimary: "#1f3a68"\nmethod: bold\n', "{p}:3: method (a Posting section, ignored here) must be a mapping of styles, not 'bold'"),
    ('name: bad\nprimary: "#1f3a68"\nauthor: Me\nlicence: MIT\n', "{p}:4: unknown key 'licence' (allowed: " + ", ".join(ALLOWED_KEYS) + ")"),
])
def test_wrong_values_and_unknown_keys_are_errors_with_file_and_line(user_dir, text, expected):
    themes, messages, path = loaded(user_dir, "bad.yaml", text)
    assert messages == [expected.format(p=path)]
    assert "bad" not in themes
