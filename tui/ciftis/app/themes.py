"""The explorer's colour themes: the bundled ones in themes/*.yaml and the user's own in
$XDG_CONFIG_HOME/ciftis/themes/, each file one Textual theme, validated strictly.

A theme file may use every field of Textual's `Theme` (the colour slots, `dark`, `luminosity_spread`,
`text_alpha`, `ansi`, `variables`), so a theme written for another Textual app loads here; Posting's
descriptive keys (`author`, `description`, `homepage`) are accepted, and Posting's four sections for
its own widgets — `syntax` (request-body highlighting), `text_area`, `url` (its URL bar) and `method`
(HTTP method labels) — are accepted and ignored, since the explorer has none of those widgets. Any
other key is an error with the file and line.

A broken theme file is skipped with one message naming the file (and line when known); it never raises,
and a user theme can never silently replace a Textual built-in or a bundled theme. What the files
gave is remembered (ciftis.core.cache) until one of them changes, so a start with the same theme files
neither reads their YAML nor validates them again.

In a 16-colour terminal each theme is drawn in the terminal's own 16 colours (`sixteen_colour`): any
other colour would land on whichever of the 16 is nearest, readable there or not.
"""

from __future__ import annotations

import colorsys
import json
import re
from dataclasses import fields
from pathlib import Path

from textual.color import Color, ColorParseError
from textual.css.constants import VALID_STYLE_FLAGS
from textual.design import ColorSystem
from textual.theme import BUILTIN_THEMES, Theme

from ciftis.app.config import config_dir, home_relative
from ciftis.app.config import describe_value as _describe
from ciftis.core.locations import bundled_themes_dir
from ciftis.core.problems import Problem, YamlError

DEFAULT_THEME = "ciftis-dark"

COLOUR_SLOTS = ("secondary", "warning", "error", "success", "accent", "foreground", "background", "surface", "panel", "boost")
# Textual's Theme fields beyond the colours, by what they hold: true/false, or a number from 0 to 1.
SWITCHES = ("dark", "ansi")
FRACTIONS = ("luminosity_spread", "text_alpha")
THEME_FIELDS = tuple(f.name for f in fields(Theme))  # every one of them may be given
DESCRIPTIVE_KEYS = ("author", "description", "homepage")  # Posting's metadata: text, kept out of the theme
POSTING_SECTIONS = ("syntax", "text_area", "url", "method")  # Posting's own widgets' styles: ignored here
ALLOWED_KEYS = (*THEME_FIELDS, *DESCRIPTIVE_KEYS, *POSTING_SECTIONS)
_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_MAX_NAME = 64
_ALPHA = re.compile(r"(.*?)(?: +(\d{1,3})%)?\Z")
_SHADE = re.compile(r"-(?:lighten|darken)-\d+\Z")
_variable_defaults: dict[str, str] | None = None

# The 16 colours of a 16-colour terminal as Rich matches a colour to them (its standard palette), so a
# colour given as one of these is drawn as exactly that colour of the terminal (SGR 30–37, 90–97).
ANSI = {"black": "#000000", "red": "#aa0000", "blue": "#0000aa", "white": "#aaaaaa", "bright-black": "#555555",
        "bright-red": "#ff5555", "bright-green": "#55ff55", "bright-yellow": "#ffff55", "bright-magenta": "#ff55ff",
        "bright-cyan": "#55ffff", "bright-white": "#ffffff"}
# The colours each kind of theme may mark text with: those at 4.5:1 or more on its background (black for
# a dark theme, white for a light one) in xterm's palette.
ANSI_MARKS = {True: ("bright-red", "bright-green", "bright-yellow", "bright-magenta", "bright-cyan"), False: ("blue", "red")}


def user_themes_dir() -> Path:
    """`$XDG_CONFIG_HOME/ciftis/themes/` (XDG_CONFIG_HOME defaulting to ~/.config)."""
    return config_dir() / "themes"


def _theme_variables() -> dict[str, str]:
    """Textual's default for each variable a theme can set under `variables:` (the colour slots are set at the top)."""
    global _variable_defaults
    if _variable_defaults is None:
        defaults = ColorSystem(primary="#808080").generate()
        _variable_defaults = {name: value for name, value in defaults.items() if name not in ("primary", *COLOUR_SLOTS)}
    return _variable_defaults


def _colour_problem(key: str, value) -> str | None:
    """Why VALUE cannot be the colour KEY, or None when Textual can parse it."""
    if value is None:
        return f"{key} has no value (a colour starting with '#' must be quoted: {key}: \"#1f3a68\")"
    if not isinstance(value, str):
        return f"{key} must be a colour such as \"#1f3a68\" or \"rgb(31,58,104)\", not {_describe(value)}"
    try:
        Color.parse(value)
    except ColorParseError as error:
        hint = f"; did you mean {error.suggested_color!r}?" if error.suggested_color else ""
        return f"invalid colour {value!r} for {key} (use #rrggbb, rgb(…), hsl(…) or a colour name){hint}"
    return None


def _variable_problem(name, value) -> str | None:
    """Why NAME: VALUE cannot go under `variables:`, or None."""
    if name in ("primary", *COLOUR_SLOTS):
        return f"set {name!r} at the top of the file, not under variables"
    if name not in _theme_variables():
        close = _close_match(name, _theme_variables())
        hint = f" (did you mean {close!r}?)" if close else ""
        return f"unknown theme variable {name!r}{hint}; see Textual's theme variables, e.g. block-cursor-background"
    if not isinstance(value, str) or not value.strip():
        return f"variable {name!r} must be text such as \"#ffd400\", not {_describe(value) if not isinstance(value, str) else 'empty text'}"
    if "style" in name:
        bad = [word for word in value.split() if word not in VALID_STYLE_FLAGS]
        if bad:
            return f"variable {name!r}: {bad[0]!r} is not a text style (use {', '.join(sorted(VALID_STYLE_FLAGS))})"
        return None
    colour, alpha = _ALPHA.match(value.strip()).groups()
    if alpha is not None:
        if _SHADE.search(name):  # Textual computes with these, so they must be plain colours
            return f"variable {name!r} must be a plain colour such as \"#1f3a68\", without a percentage"
        if int(alpha) > 100:
            return f"variable {name!r}: {alpha}% is more than 100%"
    if colour in ("auto", "initial"):  # only where Textual itself uses the keyword; elsewhere its CSS rejects it
        if _theme_variables()[name].split()[0] != colour:
            return f"variable {name!r} cannot be {colour!r}; give a colour such as \"#1f3a68\""
        return None
    return _colour_problem(f"variable {name!r}", colour)


def _close_match(word: str, choices) -> str | None:
    import difflib  # only for a message

    close = difflib.get_close_matches(word, choices, n=1)
    return close[0] if close else None


def _theme_from(data, shown: str) -> Theme:
    """One Theme from a file's YAML value, or YamlError with its first problem."""
    from ciftis.core.yamlsafe import LocatedMap

    def fail(line, message):
        raise YamlError(Problem(shown, line, message))

    if not isinstance(data, LocatedMap):
        fail(getattr(data, "line", None), f"must be one theme mapping (name: …, primary: …), not {_describe(data)}")
    for key in sorted(data, key=lambda k: data.key_lines[k]):
        line = data.key_lines[key]
        value = data[key]
        if key not in ALLOWED_KEYS:
            close = _close_match(key, ALLOWED_KEYS)
            hint = f"did you mean {close!r}? " if close else ""
            fail(line, f"unknown key {key!r} ({hint}allowed: {', '.join(ALLOWED_KEYS)})")
        if key == "name":
            if not isinstance(value, str):
                fail(line, f"name must be text such as 'my-theme', not {_describe(value)}")
            if not _NAME.match(value) or len(value) > _MAX_NAME:
                fail(line, f"theme name {value!r} must be lowercase letters, digits and single hyphens, e.g. 'my-theme'")
        elif key in SWITCHES:
            if not isinstance(value, bool):
                fail(line, f"{key} must be true or false, not {_describe(value)}")
        elif key in FRACTIONS:
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
                fail(line, f"{key} must be a number from 0 to 1 such as 0.15, not {_describe(value)}")
        elif key in DESCRIPTIVE_KEYS:
            if not isinstance(value, str):
                fail(line, f"{key} must be text, not {_describe(value)}")
        elif key in POSTING_SECTIONS:  # Posting's; checked only for their shape
            if not isinstance(value, LocatedMap) and not (key == "syntax" and value == "auto"):
                fail(line, f"{key} (a Posting section, ignored here) must be a mapping of styles{' or auto' if key == 'syntax' else ''}, not {_describe(value)}")
        elif key == "variables":
            if not isinstance(value, LocatedMap):
                fail(line, f"variables must be a mapping of Textual theme variables, not {_describe(value)}")
            for name in sorted(value, key=lambda k: value.key_lines[k]):
                problem = _variable_problem(name, value[name])
                if problem:
                    fail(value.key_lines[name], problem)
        else:
            problem = _colour_problem(key, value)
            if problem:
                fail(line, problem)
    for required in ("name", "primary"):
        if required not in data:
            fail(None, f"missing required key {required!r} (a theme needs at least name and primary)")
    theme = Theme(
        name=data["name"],
        primary=data["primary"],
        variables=dict(data.get("variables", {})),
        **{key: data[key] for key in (*COLOUR_SLOTS, *SWITCHES) if key in data},
        **{key: float(data[key]) for key in FRACTIONS if key in data},
    )
    try:  # the same work Textual does when the theme is applied, so it cannot fail later in the app
        theme.to_color_system().generate()
    except Exception as error:  # noqa: BLE001 - any failure here is a problem in the file
        fail(None, f"Textual cannot build this theme: {error}")
    return theme


def _theme_files(directory: Path) -> list[Path]:
    files = [*directory.glob("*.yaml"), *directory.glob("*.yml")]
    return sorted(path for path in files if not path.name.startswith("."))


def _load_dir(directory: Path, taken: dict[str, str], kind: str, themes: list[Theme], messages: list[str]) -> None:
    """Add the themes of one directory; TAKEN maps each name already in use to who holds it."""
    shown_dir = home_relative(directory)
    if not directory.exists():
        return
    if not directory.is_dir():
        messages.append(f"{shown_dir}: is not a folder, so no {kind} themes were loaded from it")
        return
    try:
        files = _theme_files(directory)
    except OSError as error:
        messages.append(f"{shown_dir}: cannot be read ({error.strerror or error}), so no {kind} themes were loaded from it")
        return
    from ciftis.core.yamlsafe import read_yaml

    for path in files:
        shown = home_relative(path)
        try:
            data = read_yaml(path, shown)
            theme = _theme_from(data, shown)
            holder = taken.get(theme.name)
            if holder is not None:
                raise YamlError(Problem(shown, data.key_lines["name"], f"theme name {theme.name!r} is taken by {holder}"))
        except YamlError as error:
            messages.append(str(error.problem))
            continue
        except Exception as error:  # noqa: BLE001 - a theme file must never stop the app
            messages.append(f"{shown}: cannot be loaded: {error}")
            continue
        taken[theme.name] = f"{kind} theme {shown}" if kind == "user" else f"a {kind} theme"
        themes.append(theme)


def load_themes(user_dir: Path | None = None) -> tuple[list[Theme], list[str]]:
    """The bundled themes, then the user's, and one message per file that could not be used."""
    directories = (("bundled", bundled_themes_dir()), ("user", Path(user_dir) if user_dir is not None else user_themes_dir()))
    files, found = [], []
    try:
        for _kind, directory in directories:
            state = "dir" if directory.is_dir() else "other" if directory.exists() else "none"
            found.append((str(directory), state))
            if state == "dir":
                files += _theme_files(directory)
    except OSError:  # a folder that cannot be listed: read them now, and say so
        return _read_themes(directories)
    from ciftis.core.cache import kept_until_changed

    key = json.dumps({"themes": found, "home": home_relative(Path("~").expanduser())})
    specs, messages = kept_until_changed("themes", key, files, lambda: (_specs(*_read_themes(directories)), True))
    return [Theme(**spec) for spec in specs], list(messages)


def _read_themes(directories) -> tuple[list[Theme], list[str]]:
    themes: list[Theme] = []
    messages: list[str] = []
    taken = {name: "a built-in theme" for name in BUILTIN_THEMES}
    for kind, directory in directories:
        _load_dir(directory, taken, kind, themes, messages)
    return themes, messages


def _specs(themes: list[Theme], messages: list[str]) -> tuple[list[dict], list[str]]:
    """The themes as plain data (what Theme(**spec) makes again), with the messages."""
    return [{name: getattr(theme, name) for name in THEME_FIELDS if getattr(theme, name) is not None} for theme in themes], messages


def _nearest_mark(colour: str, dark: bool) -> str:
    """The mark colour (ANSI_MARKS) nearest in hue to COLOUR."""
    def hue(value: str) -> float:
        red, green, blue = Color.parse(value).rgb
        return colorsys.rgb_to_hls(red / 255, green / 255, blue / 255)[0]

    wanted = hue(colour)
    return min(ANSI_MARKS[dark], key=lambda name: min(abs(hue(ANSI[name]) - wanted), 1 - abs(hue(ANSI[name]) - wanted)))


def sixteen_colour(theme: Theme) -> Theme:
    """THEME for a 16-colour terminal, in the terminal's own colours: a dark theme white on black, a light
    one black on (ANSI) white; each accent the mark colour nearest its hue; the cursor black or white on
    the primary colour, and on blue (dark) or grey (light) when its widget is not focused; the footer and
    the table headers on blue (dark) or bright white (light). Blends of these (a dimmed text) land on a
    grey that still reads; the theme's text styles are kept."""
    dark = theme.dark
    background, foreground = (ANSI["black"], ANSI["bright-white"]) if dark else (ANSI["white"], ANSI["black"])
    on_mark = ANSI["black"] if dark else ANSI["bright-white"]
    panel = ANSI["blue"] if dark else ANSI["bright-white"]
    slots = {slot: ANSI[_nearest_mark(getattr(theme, slot) or theme.primary, dark)] for slot in ("primary", "secondary", "accent", "warning", "error", "success")}
    primary = slots["primary"]
    styles = {name: value for name, value in theme.variables.items() if "style" in name}
    variables = {
        **styles,
        "block-cursor-background": primary,
        "block-cursor-foreground": on_mark,
        "block-cursor-blurred-background": ANSI["blue"] if dark else ANSI["bright-black"],
        "block-cursor-blurred-foreground": foreground,
        "block-hover-background": background,
        "border": primary,
        "border-blurred": ANSI["bright-black"],
        "footer-background": panel,
        "footer-key-foreground": slots["accent"],
        "input-selection-background": primary,
        "input-selection-foreground": on_mark,
        "screen-selection-background": primary,
        "screen-selection-foreground": on_mark,
        "link-background-hover": primary,
        "link-color-hover": on_mark,
        "scrollbar": ANSI["bright-black"],
        "scrollbar-hover": foreground,
        "scrollbar-active": primary,
        "scrollbar-background": background,
    }
    return Theme(name=theme.name, dark=dark, background=background, surface=background, foreground=foreground,
                 panel=panel, boost=background, variables=variables, **slots)
