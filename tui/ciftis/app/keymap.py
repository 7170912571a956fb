"""The user's keys: where each binding id applies, and the checks on `keymap:` in config.yaml.

Every class with BINDINGS (the app, each screen, each widget with those it inherits) is one place
in Textual's binding chain; an id maps to keys through `App.set_keymap`, in every place that has it.
The keymap is checked before it is set: an unknown id, a key Textual keeps for itself, or a key that
another binding already has in the same place is a problem naming the file and line (reported once,
in the settings notification), and that entry is left out; the rest apply.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from textual.app import App
from textual.binding import Binding

RESERVED = {"ctrl+q": "quit", "ctrl+c": "copy or quit", "ctrl+p": "the command palette", "tab": "focus next", "shift+tab": "focus previous"}


@dataclass(frozen=True)
class Place:
    """Where a set of bindings applies: its name in messages and the class that declares them."""

    name: str
    owner: type


def places(app_class: type[App]) -> tuple[Place, ...]:
    """Every place with bindings, the app's first, in the order the README lists them (imported when first needed)."""
    from ciftis.app.screens.help_screen import HelpScreen
    from ciftis.app.screens.save_screen import SaveScreen
    from ciftis.app.screens.search_screen import SearchScreen
    from ciftis.app.screens.sources_screen import SourcesScreen
    from ciftis.app.widgets.compare_pane import ComparePane
    from ciftis.app.widgets.comparison_table import ComparisonTable
    from ciftis.app.widgets.detail_view import DetailView
    from ciftis.app.widgets.entity_list import EntityList
    from ciftis.app.widgets.entity_pane import EntityPane
    from ciftis.app.widgets.trends_pane import TrendsPane, TrendsTable

    return (
        Place("everywhere", app_class),
        Place("entity panes", EntityPane),
        Place("lists", EntityList),
        Place("details", DetailView),
        Place("Compare", ComparePane),
        Place("Compare table", ComparisonTable),
        Place("Trends", TrendsPane),
        Place("Trends grid", TrendsTable),
        Place("sources", SourcesScreen),
        Place("save prompt", SaveScreen),
        Place("search", SearchScreen),
        Place("help", HelpScreen),
    )


def bindings_of(owner: type) -> list[Binding]:
    """The bindings a class has, its own and those it inherits (Textual's and ours), one per key."""
    found: list[Binding] = []
    for cls in reversed(owner.__mro__):
        declared = cls.__dict__.get("BINDINGS")
        if declared:
            found.extend(Binding.make_bindings(declared))
    return found


def own_bindings(owner: type) -> list[Binding]:
    """The bindings of ours in a class (those with an id), in declaration order, inherited first."""
    return [binding for binding in bindings_of(owner) if binding.id]


def binding_ids(app_class: type[App]) -> dict[str, tuple[Binding, list[str]]]:
    """Every id: its first binding and the places that have it, in README order."""
    ids: dict[str, tuple[Binding, list[str]]] = {}
    for place in places(app_class):
        for binding in own_bindings(place.owner):
            assert binding.id is not None
            ids.setdefault(binding.id, (binding, []))[1].append(place.name)
    return ids


def key_name(key: str) -> str:
    """A key as Textual names it: `?` is `question_mark`, `ctrl+f` stays."""
    key = key.strip()
    if len(key) == 1 and not key.isalnum():
        try:
            return unicodedata.name(key).lower().replace("-", "_").replace(" ", "_")
        except ValueError:
            return key
    return key


def check_keymap(app_class: type[App], keymap: dict[str, str], lines: dict[str, int], shown: str) -> tuple[dict[str, str], list[str]]:
    """The entries that can apply, and a message (`file:line: …`) for each that cannot."""
    known = binding_ids(app_class)
    problems: list[str] = []
    good: dict[str, str] = {}
    for binding_id, keys in keymap.items():
        where = f"{shown}:{lines.get(binding_id, '?')}: keymap: {binding_id}"
        if binding_id not in known:
            problems.append(f"{where}: no binding has this id (the ids are listed in the README)")
            continue
        reserved = [key for key in keys.split(",") if key_name(key) in RESERVED]
        if reserved:
            key = key_name(reserved[0])
            problems.append(f"{where}: {key} is kept by Textual for {RESERVED[key]}")
            continue
        good[binding_id] = keys
    problems.extend(_clashes(app_class, good, lines, shown))
    return good, problems


def _clashes(app_class: type[App], keymap: dict[str, str], lines: dict[str, int], shown: str) -> Iterator[str]:
    """Entries whose key another binding has in the same place (both are then left out of `keymap`)."""
    clashing: dict[str, str] = {}
    for place in places(app_class):
        bindings = bindings_of(place.owner)
        by_key: dict[str, list[Binding]] = {}
        for binding in bindings:
            if binding.id in keymap:
                continue
            by_key.setdefault(key_name(binding.key), []).append(binding)
        for binding_id, keys in keymap.items():
            if not any(binding.id == binding_id for binding in bindings):
                continue
            for key in keys.split(","):
                name = key_name(key)
                others = [other for other in by_key.get(name, []) if other.id != binding_id]
                if others and binding_id not in clashing:
                    other = others[0]
                    what = other.id or other.action
                    clashing[binding_id] = f"{shown}:{lines.get(binding_id, '?')}: keymap: {binding_id}: {name} is already {what} in {place.name}"
                by_key.setdefault(name, []).append(Binding(name, binding_id, id=binding_id))
    for binding_id in clashing:
        del keymap[binding_id]
    yield from clashing.values()


def apply_keymap(app: App, keymap: dict[str, str], lines: dict[str, int], shown: str) -> list[str]:
    """Set the app's keymap to the entries that can apply; the problems with the others."""
    good, problems = check_keymap(type(app), dict(keymap), lines, shown)
    if good:
        app.set_keymap(good)
    return problems

