"""The list of one kind of entity (editions, events, people or IP topics), unfiltered in dataset order
(events grouped under their edition's year) or narrowed by a fuzzy filter with the matched
characters highlighted. A filtered row keeps the year column of its kind: an edition's hit reads
as the edition does in the full list (year, name, dates), an event's hit starts with its edition's
year, the heading it has in the full list.

The list asks for the room its longest row takes (`get_content_width`, in both row formats, so it
does not change width as the filter narrows it); the stylesheet bounds that by the window's width.

A `RowView` of one-line rows: a row's label is made the first time it is drawn, so 100,000 rows
open as fast as forty, and the ids are indexed only when a row is looked for by id.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size

from ciftis.app.widgets.row_view import RowView
from ciftis.core.format import clean, format_span
from ciftis.core.kinds import ref
from ciftis.core.model import entity_name
from ciftis.highlight import hit_text

_YEAR_COLUMN = "{year}  "  # an event hit's edition, in front of its name


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
        self._longest = 0  # cells of the longest row, filtered or not

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
        longest = max((self._cells(entity) for entity in entities), default=0)
        if longest != self._longest:
            self._longest = longest
            self.refresh(layout=True)
        self._replace(rows or [Notice("Nothing here yet.")], len(entities))

    def _cells(self, entity) -> int:
        """Cells the entity's row takes, unfiltered or as a hit (whichever is longer)."""
        if entity.kind == "edition":
            return self._entity_label(entity).cell_len
        name = entity_name(entity)
        width = len(name) if name.isascii() else cell_len(clean(name))  # ASCII: one cell a character, and fast
        return width + len(_YEAR_COLUMN.format(year=entity.edition)) if entity.kind == "event" else width

    def get_content_width(self, container: Size, viewport: Size) -> int:
        """The longest row with its padding and the scrollbar's gutter: the room to show every name whole."""
        gutter = 0 if self.show_vertical_scrollbar else self.styles.scrollbar_size_vertical  # Textual adds it when shown
        return self._longest + 2 * self.PADDING + gutter

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

    def _entity_label(self, entity, name: Text | None = None) -> Text:
        """An entity's row; `name` is its name with the matched characters styled (a hit's row)."""
        if name is None:
            name = Text(clean(entity_name(entity)))
        if entity.kind == "edition":  # the year first, so a narrow list still tells editions apart
            return self._edition_label(entity, name)
        if entity.kind == "event" and self.query_text:  # no headings among hits: the year in front
            label = Text(_YEAR_COLUMN.format(year=entity.edition), style=self._style("year"))
            return label.append_text(name)
        return name

    def _edition_label(self, edition, name: Text) -> Text:
        """The year, the name without it ("CIFTIS"), the dates; a match in the year stays on the year."""
        suffix = f" {edition.year}"
        if name.plain.endswith(suffix):
            year, name = name[len(name) - len(suffix) + 1:], name[: len(name) - len(suffix)]
        else:
            year = Text(str(edition.year))
        year.stylize_before(self._style("year"))
        label = Text.assemble(year, "  ", name)
        dates = format_span(edition.start, edition.end)
        if dates:
            label.append("  " + dates.removesuffix(f", {edition.year}"), style=self._style("dim"))
        return label

    def _hit_label(self, hit) -> Text:
        name = hit_text(hit, self._style("match"))
        entity = self._dataset.get(hit.kind, hit.id) if self._dataset is not None else None
        return name if entity is None else self._entity_label(entity, name)

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
