"""The list of one kind of entity (editions, events, people or IP topics), unfiltered in dataset order
or narrowed by a fuzzy filter with the matched characters highlighted.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.core.format import clean, format_span
from tui.core.model import entity_name


class EntityList(OptionList):
    """Entities of one kind; option ids are entity ids."""

    BINDINGS = [
        Binding("enter", "select", "Details", tooltip="Move into the details of the highlighted entry"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("y", "copy", "Copy", tooltip="Copy the highlighted name"),
        Binding("Y", "copy_cited", "Copy ref", show=False, tooltip="Copy the name with its kind:id reference"),
    ]

    COMPONENT_CLASSES = {"entity-list--match", "entity-list--group", "entity-list--dim", "entity-list--year"}

    def __init__(self, kind: str, *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes, markup=False)
        self.kind = kind
        self.query_text = ""

    def _style(self, name: str):
        return self.get_component_rich_style(f"entity-list--{name}", partial=True)

    def show_all(self, entities) -> None:
        """Every entity, grouped by edition for events."""
        options: list[Option] = []
        group = None
        for entity in entities:
            if entity.kind == "event" and entity.edition != group:
                group = entity.edition
                options.append(Option(Text(str(group), style=self._style("group")), disabled=True))
            options.append(Option(self._entity_label(entity), id=entity.id))
        if not options:
            options.append(Option(Text("Nothing here yet.", style=self._style("dim")), disabled=True))
        self.query_text = ""
        self._replace(options)

    def _entity_label(self, entity) -> Text:
        if entity.kind == "edition":  # the year first, so a narrow list still tells editions apart
            name = Text()
            name.append(str(entity.year), style=self._style("year"))
            name.append("  " + clean(entity_name(entity)).removesuffix(f" {entity.year}"))
            dates = format_span(entity.start, entity.end)
            if dates:
                name.append("  " + dates.removesuffix(f", {entity.year}"), style=self._style("dim"))
            return name
        return Text(clean(entity_name(entity)))

    def show_hits(self, query: str, hits, dataset) -> None:
        """Search hits, best first, the matched characters highlighted."""
        options: list[Option] = []
        match = self._style("match")
        for hit in hits:
            name = Text(clean(hit.name))
            for at in hit.positions:
                if at < len(name):
                    name.stylize(match, at, at + 1)
            if hit.kind == "event":
                event = dataset.events.get(hit.id)
                if event is not None and str(event.edition) not in hit.name:
                    name.append(f"  {event.edition}", style=self._style("dim"))
            options.append(Option(name, id=hit.id))
        if not options:
            options.append(Option(Text(f"No match for “{clean(query)}”", style=self._style("dim")), disabled=True))
        self.query_text = query
        self._replace(options)

    def _replace(self, options: list[Option]) -> None:
        previous = self.highlighted_option.id if self.highlighted_option is not None else None
        self.set_options(options)
        ids = [option.id for option in options]
        if previous is not None and previous in ids and not self.query_text:
            self.highlighted = ids.index(previous)
        else:
            self.highlighted = next((n for n, option in enumerate(options) if not option.disabled), None)

    def select_id(self, entity_id: str) -> bool:
        """Put the cursor on an entity; False if it is not in the list."""
        try:
            index = self.get_option_index(entity_id)
        except Exception:
            return False
        self.highlighted = index
        return True

    @property
    def current_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None and not option.disabled else None

    def action_copy(self) -> None:
        entity = self.app.dataset.get(self.kind, self.current_id) if self.current_id else None
        if entity is not None:
            self.app.copy_text(entity_name(entity), what="name")

    def action_copy_cited(self) -> None:
        entity = self.app.dataset.get(self.kind, self.current_id) if self.current_id else None
        if entity is not None:
            self.app.copy_text(f"{entity_name(entity)} ({entity.kind}:{entity.id})", what="name and reference")
