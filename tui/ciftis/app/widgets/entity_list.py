"""The list of one kind of entity (editions, events, people or IP topics), unfiltered in dataset order
(events grouped under their edition's year) or narrowed by a fuzzy filter with the matched
characters highlighted.

A `RowView` of one-line rows: a row's label is made the first time it is drawn, so 100,000 rows
open as fast as forty, and the ids are indexed only when a row is looked for by id.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding

from ciftis.app.widgets.row_view import RowView
from ciftis.core.format import clean, format_span
from ciftis.core.kinds import ref
from ciftis.core.model import entity_name
from ciftis.highlight import hit_text


@dataclass(frozen=True)
class Heading:
    """An edition's year over its events (not selectable)."""

    year: int


@dataclass(frozen=True)
class Notice:
    """A row that says why the list is empty (not selectable)."""

    text: str


class EntityList(RowView):
    """Entities of one kind, or search hits among them; each row's id is its entity's id."""

    DEFAULT_CSS = """
    EntityList {
        scrollbar-size-vertical: 1;
    }
    """

    BINDINGS = [
        Binding("enter", "select", "Details", tooltip="Move into the details of the highlighted entry", id="select"),
        Binding("y", "copy", "Copy", tooltip="Copy the highlighted name", id="copy"),
        Binding("Y", "copy_cited", "Copy ref", show=False, tooltip="Copy the name with its kind:id reference", id="copy_cited"),
    ]

    COMPONENT_CLASSES = {"entity-list--match", "entity-list--group", "entity-list--dim", "entity-list--year"}

    def __init__(self, kind: str, *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self.kind = kind
        self.query_text = ""
        self.entity_count = 0  # rows that are entities (not headings or messages)
        self._rows: list = []  # entities, search hits, Headings or a Notice
        self._ids: dict[str, int] | None = None  # an id's first row, indexed when first looked up
        self._dataset = None

    def _style(self, name: str):
        return self.get_component_rich_style(f"entity-list--{name}", partial=True)

    # -- contents ------------------------------------------------------------------------------
    def show_all(self, entities) -> None:
        """Every entity, grouped by edition for events."""
        entities = list(entities)
        rows: list = []
        if self.kind == "event":
            group = None
            for entity in entities:
                if entity.edition != group:
                    group = entity.edition
                    rows.append(Heading(group))
                rows.append(entity)
        else:
            rows = entities
        self.query_text = ""
        self._replace(rows or [Notice("Nothing here yet.")], len(entities))

    def show_hits(self, query: str, hits, dataset) -> None:
        """Search hits, best first, the matched characters highlighted."""
        self._dataset = dataset
        self.query_text = query
        self._replace(list(hits) or [Notice(f"No match for “{clean(query)}”")], len(hits))

    def _replace(self, rows: list, count: int) -> None:
        previous = self.current_id
        self._rows = rows
        self._ids = None
        self.entity_count = count
        index = None
        if previous is not None and not self.query_text:  # the same entity again
            index = self.index_of(previous)
        self.reset_rows(len(rows), index)

    def row_id(self, index: int) -> str | None:
        row = self._rows[index]
        return None if isinstance(row, (Heading, Notice)) else row.id

    def row_ids(self) -> list[str | None]:
        """Each row's entity id (None for headings and messages), top to bottom."""
        return [self.row_id(index) for index in range(len(self._rows))]

    def index_of(self, entity_id: str) -> int | None:
        if self._ids is None:
            ids: dict[str, int] = {}
            for index in range(len(self._rows)):
                ident = self.row_id(index)
                if ident is not None:
                    ids.setdefault(ident, index)
            self._ids = ids
        return self._ids.get(entity_id)

    # -- RowView ---------------------------------------------------------------------------------
    def row_enabled(self, index: int) -> bool:
        return not isinstance(self._rows[index], (Heading, Notice))

    def row_renderable(self, index: int) -> Text:
        row = self._rows[index]
        if isinstance(row, Heading):
            return Text(str(row.year), style=self._style("group"))
        if isinstance(row, Notice):
            return Text(row.text, style=self._style("dim"))
        if self.query_text:
            return self._hit_label(row)
        return self._entity_label(row)

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

    def _hit_label(self, hit) -> Text:
        name = hit_text(hit, self._style("match"))
        if hit.kind == "event" and self._dataset is not None:
            event = self._dataset.events.get(hit.id)
            if event is not None and str(event.edition) not in hit.name:
                name.append(f"  {event.edition}", style=self._style("dim"))
        return name

    # -- looking up and copying ------------------------------------------------------------------
    def select_id(self, entity_id: str) -> bool:
        """Put the cursor on an entity; False if it is not in the list."""
        index = self.index_of(entity_id)
        if index is None:
            return False
        self.highlighted = index
        return True

    @property
    def current_id(self) -> str | None:
        return self.row_id(self.highlighted) if self.highlighted is not None else None

    def _current(self):
        return self.app.dataset.get(self.kind, self.current_id) if self.current_id else None

    def action_copy(self) -> None:
        entity = self._current()
        if entity is not None:
            self.app.copy_text(entity_name(entity), what="name")

    def action_copy_cited(self) -> None:
        entity = self._current()
        if entity is not None:
            self.app.copy_text(f"{entity_name(entity)} ({ref(entity.kind, entity.id)})", what="name and reference")
