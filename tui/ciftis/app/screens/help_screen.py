"""The help overlay (? or F1), generated from the bindings that apply where it was opened: the app's
own keys and those of the screen and the focused widget's chain, each with its key and description.
Nothing here is written by hand, so the help cannot drift from the keys.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ciftis.app.widgets.too_small import TooSmall

# How each place a binding lives is named in the help (by class name; the rest by their own name).
PLACE_NAMES = {
    "CiftisApp": "Everywhere",
    "Screen": "This screen",
    "EntityPane": "Entity panes",
    "EntityList": "Lists",
    "DetailView": "Details",
    "ComparePane": "Compare",
    "ComparisonTable": "Comparison table",
    "TrendsPane": "Trends",
    "TrendsTable": "Trends grid",
    "SourcesScreen": "Sources",
    "Input": "Text boxes",
    "Select": "Edition choosers",
    "SelectCurrent": "Edition choosers",
    "TabbedContent": "Panes",
}

# How the focused widget is named in the help's title.
FOCUS_NAMES = {
    "EntityList": "the list",
    "DetailView": "the details",
    "Input": "a text box",
    "ComparisonTable": "the comparison table",
    "TrendsTable": "the trends grid",
    "SelectCurrent": "an edition chooser",
    "Select": "an edition chooser",
}


def describe_action(binding: Binding) -> str:
    """A binding's description, or its action when it has none."""
    if binding.description:
        return binding.description
    action = binding.action.split("(")[0].replace("_", " ")
    return action[:1].upper() + action[1:]


def help_groups(active_bindings, key_display) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """[(place, [(keys, description, tooltip)])] from `Screen.active_bindings`, keys of one action joined."""
    groups: dict[str, dict[tuple[str, str], list[str]]] = {}
    tooltips: dict[tuple[str, str, str], str] = {}
    for active in active_bindings.values():
        binding = active.binding
        if binding.system and not binding.description:
            continue
        node = active.node
        place = PLACE_NAMES.get(type(node).__name__, type(node).__name__)
        description = describe_action(binding)
        entry = groups.setdefault(place, {}).setdefault((binding.action, description), [])
        shown = key_display(binding)
        if shown not in entry:
            entry.append(shown)
        tooltips[(place, binding.action, description)] = binding.tooltip or ""
    order = list(dict.fromkeys(["Everywhere", *groups]))
    result = []
    for place in order:
        if place not in groups:
            continue
        rows = [(" ".join(keys), description, tooltips[(place, action, description)]) for (action, description), keys in groups[place].items()]
        result.append((place, rows))
    return result


class HelpScreen(ModalScreen[None]):
    """Every key that applies where help was asked for."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="help.close"),
        Binding("q", "close", "Close", show=False, id="help.close-q"),
        Binding("question_mark", "close", "Close", show=False, id="help.close-question_mark"),
        Binding("f1", "close", "Close", show=False, id="help.close-f1"),
    ]

    AUTO_FOCUS = "#help-scroll"  # the arrow keys scroll the help

    def __init__(self, groups: list[tuple[str, list[tuple[str, str, str]]]], where: str):
        super().__init__(classes="help-screen")
        self.groups = groups
        self.where = where

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Label(Text(f"Keys — {self.where}", style="bold"), id="help-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(self._table(), id="help-table")
            yield Label("esc close · ctrl+p the command palette lists every command", id="help-hint", markup=False)
        yield TooSmall()

    def _table(self) -> Table:
        table = Table.grid(padding=(0, 2), expand=True)
        table.add_column("Key", no_wrap=True, justify="right", style="bold")
        table.add_column("Action", ratio=1)
        for number, (place, rows) in enumerate(self.groups):
            if number:
                table.add_row("", "")
            table.add_row(Text(""), Text(place, style="bold underline"))
            for keys, description, tooltip in rows:
                text = Text(description)
                if tooltip:
                    text.append(f" — {tooltip}", style="dim")
                table.add_row(Text(keys), text)
        return table

    def action_close(self) -> None:
        self.dismiss(None)
