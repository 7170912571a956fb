"""The explorer's settings file ($XDG_CONFIG_HOME/ciftis/config.yaml): read strictly, written atomically.

A file that cannot be used is reported, moved aside to `config.yaml.broken` and never written over;
the app then runs with the defaults. A file that was read is remembered (ciftis.core.cache) until it
changes, so an unchanged start does not read its YAML. This module does not import Textual.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from ciftis.core.problems import Problem, YamlError

_HEADER = (
    "# CIFTIS Explorer settings, written by the app when you choose a theme.\n"
    "# theme: a bundled theme (ciftis-dark, ciftis-light, ciftis-high-contrast, ciftis-paper),\n"
    "#        a Textual theme, or one of your own in the themes/ folder beside this file.\n"
    "# keymap: binding ids to keys, such as 'search: ctrl+f' (the ids are listed in the README).\n"
)
_MAX_ASIDE = 1000


@dataclass
class Config:
    """What the explorer remembers between runs."""

    theme: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)  # binding id -> key(s), as Textual's App.set_keymap takes
    keymap_lines: dict[str, int] = field(default_factory=dict)  # the line of each keymap entry, for messages


_KEYS = tuple(item.name for item in fields(Config) if item.name != "keymap_lines")


def config_dir() -> Path:
    """`$XDG_CONFIG_HOME/ciftis` on Linux (default ~/.config/ciftis), the platform's config folder elsewhere."""
    from ciftis.core.locations import user_dir

    return user_dir("config") or Path.home() / ".config" / "ciftis"  # (no home at all: raises, as before)


def config_path() -> Path:
    return config_dir() / "config.yaml"


def home_relative(path: Path) -> str:
    """A path as messages show it: under the home directory it starts with `~/`."""
    path = Path(path)
    try:
        home = Path.home()
        return "~/" + path.relative_to(home).as_posix() if path != home else "~"
    except (ValueError, RuntimeError):  # not under home, or no home at all
        return str(path)


def describe_value(value) -> str:
    """How a wrong value reads in a message: "the number 12", "a list", "nothing"."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


def _parse(data, shown: str) -> Config:
    """Config from the YAML value, or YamlError with the first problem."""
    from ciftis.core.yamlsafe import LocatedMap

    if not isinstance(data, LocatedMap):
        line = getattr(data, "line", None)
        raise YamlError(Problem(shown, line, f"must be a mapping of settings such as 'theme: ciftis-dark', not {describe_value(data)}"))
    for key in sorted(data, key=lambda k: data.key_lines[k]):
        line = data.key_lines[key]
        if key not in _KEYS:
            raise YamlError(Problem(shown, line, f"unknown key {key!r} (allowed: {', '.join(_KEYS)})"))
    theme = data.get("theme")
    if theme is not None and (not isinstance(theme, str) or not theme.strip()):
        what = "empty text" if isinstance(theme, str) else describe_value(theme)
        raise YamlError(Problem(shown, data.key_lines["theme"], f"theme must be a theme name such as 'ciftis-dark', not {what}"))
    keymap, keymap_lines = _parse_keymap(data, shown)
    return Config(theme=theme.strip() if theme else None, keymap=keymap, keymap_lines=keymap_lines)


def _parse_keymap(data, shown: str) -> tuple[dict[str, str], dict[str, int]]:
    """The `keymap:` mapping (binding id -> keys) and each entry's line; its ids are checked by the app."""
    from ciftis.core.yamlsafe import LocatedMap

    if "keymap" not in data or data["keymap"] is None:
        return {}, {}
    keymap = data["keymap"]
    if not isinstance(keymap, LocatedMap):
        raise YamlError(Problem(shown, data.key_lines["keymap"], f"keymap must map binding ids to keys, such as 'search: ctrl+f', not {describe_value(keymap)}"))
    keys: dict[str, str] = {}
    for binding_id, key in keymap.items():
        line = keymap.key_lines[binding_id]
        if not isinstance(key, str) or not key.strip() or any(not part.strip() for part in key.split(",")):
            what = "empty text" if isinstance(key, str) else describe_value(key)
            raise YamlError(Problem(shown, line, f"keymap: {binding_id} must be a key such as 'ctrl+f' (or keys: 'ctrl+f,f3'), not {what}"))
        keys[str(binding_id)] = ",".join(part.strip() for part in key.split(","))
    return keys, {binding_id: keymap.key_lines[binding_id] for binding_id in keys}


def _read(path: Path, shown: str) -> Config:
    """The file's settings; an empty or comment-only file means the defaults. Raises YamlError."""
    from ciftis.core.yamlsafe import read_yaml

    try:
        data = read_yaml(path, shown)
    except YamlError as error:
        if error.problem.message == "file is empty":  # ciftis.core.yamlsafe's words for no document at all
            return Config()
        raise
    return _parse(data, shown)


def _move_aside(path: Path) -> Path:
    """Rename a broken settings file to NAME.broken (or NAME.broken.N), never replacing another file."""
    for number in range(_MAX_ASIDE):
        candidate = path.with_name(path.name + ".broken" + (f".{number}" if number else ""))
        try:
            os.link(path, candidate, follow_symlinks=False)  # fails rather than replace an existing file
        except FileExistsError:
            continue
        except OSError:  # no hard links on this filesystem: rename, having checked the name is free
            if os.path.lexists(candidate):
                continue
            os.rename(path, candidate)
            return candidate
        os.unlink(path)
        return candidate
    raise FileExistsError(f"{path}: too many broken copies beside it; remove some")


def load_config(path: Path | None = None) -> tuple[Config, list[str]]:
    """The settings and any message about them; never raises for anything a user can do to the file."""
    path = Path(path) if path is not None else config_path()
    shown = home_relative(path)
    if not os.path.lexists(path):
        return Config(), []
    if path.is_dir():
        return Config(), [f"{shown}: is a directory, not a file; the default settings are used"]
    from ciftis.core.cache import kept_until_changed

    def read():
        try:
            return asdict(_read(path, shown)), True
        except YamlError as error:
            return str(error.problem), False

    got = kept_until_changed("settings", str(path.absolute()), [path], read)
    if isinstance(got, dict):
        return Config(**got), []
    problem = got
    try:
        aside = _move_aside(path)
    except OSError as error:
        reason = error.strerror or str(error)
        return Config(), [f"{problem}; it could not be moved aside ({reason}), so the default settings are used and it will not be saved over"]
    return Config(), [f"{problem}; it was moved to {aside.name} and the default settings are used"]


def save_config(config: Config, path: Path | None = None) -> None:
    """Write the settings atomically, creating the folder. Raises OSError (read-only folder, full disk…).

    A file there that cannot be read as settings is moved aside first, so a broken file a user may
    want to mend is never lost; a symlinked settings file is written through to its target.
    """
    path = Path(path) if path is not None else config_path()
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    if os.path.lexists(path) and not path.is_dir():
        try:
            _read(path, home_relative(path))
        except YamlError:
            _move_aside(path)
    import yaml

    data = {key: value for key, value in asdict(config).items() if key in _KEYS and value}
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False) if data else ""
    from ciftis.core.export import write_atomic  # (only when saving: not at every start)

    write_atomic(path, _HEADER + body)
