"""The list of one kind of entity (editions, events, people or IP topics), unfiltered in dataset order
or narrowed by a fuzzy filter with the matched characters highlighted.

The list is an OptionList drawn exactly as one, but lazy, so that 100,000 rows open as fast as
forty: a row's option (and its styled label) is made the first time something asks for it — in
practice the rows on screen — and every row is one line high (the list never wraps), so where a
row is on screen is its index, with nothing to measure. The ids are looked up only when a row is
looked for by id.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ciftis.core.format import clean, format_span
from ciftis.core.model import entity_name

_GROUP = "group"


class _Row(Option):
    """One row: an entity, a search hit or an edition's heading, its label made when first shown."""

    def __init__(self, owner: "EntityList", spec, index: int, ident: str | None, disabled: bool):
        self._owner = owner
        self._spec = spec
        self._prompt = None
        self._visual = None
        self._id = ident
        self.disabled = disabled
        self._divider = False
        self.index = index

    @property
    def prompt(self):
        if self._prompt is None:
            self._prompt = self._owner._label(self._spec)
        return self._prompt


def _spec_id(spec) -> str | None:
    if isinstance(spec, Option):
        return spec.id
    if isinstance(spec, tuple):  # (_GROUP, year) headings, or (hit, …) from a search
        return None if spec[0] == _GROUP else spec[0].id
    return spec.id


class _Rows(Sequence):
    """The list's options, made on demand from their specs and kept once made."""

    def __init__(self, owner: "EntityList"):
        self._owner = owner
        self.specs: list = []
        self._made: dict[int, Option] = {}

    def reset(self, specs: list) -> None:
        self.specs = specs
        self._made = {}

    def forget(self) -> None:
        """Drop the options made so far (a new theme: their labels are made again in its colours)."""
        self._made = {}

    def __len__(self) -> int:
        return len(self.specs)

    def __getitem__(self, index):
        if isinstance(index, slice):  # a view, not a list: OptionList slices to the end to find the next row
            return _View(self, range(*index.indices(len(self.specs))))
        count = len(self.specs)
        if index < 0:
            index += count
        if not 0 <= index < count:
            raise IndexError(index)
        row = self._made.get(index)
        if row is None:
            spec = self.specs[index]
            if isinstance(spec, Option):  # a message row ("Nothing here yet.")
                row = spec
                row.index = index
            else:
                heading = isinstance(spec, tuple) and spec[0] == _GROUP
                row = _Row(self._owner, spec, index, _spec_id(spec), heading)
            self._made[index] = row
        return row

    def __iter__(self):
        for index in range(len(self.specs)):
            yield self[index]

    # what OptionList itself calls on its list of options
    def clear(self) -> None:
        self.reset([])

    def append(self, option: Option) -> None:
        self.specs.append(option)


class _View(Sequence):
    """Some of the rows, made only as they are looked at."""

    def __init__(self, rows: _Rows, indexes: range):
        self._rows = rows
        self._indexes = indexes

    def __len__(self) -> int:
        return len(self._indexes)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return _View(self._rows, self._indexes[index])
        return self._rows[self._indexes[index]]


class _ById(Mapping):
    """Option by id, the index of ids built the first time one is looked up."""

    def __init__(self, rows: _Rows):
        self._rows = rows
        self._index: dict[str, int] | None = None

    def reset(self) -> None:
        self._index = None

    def _ids(self) -> dict[str, int]:
        if self._index is None:
            specs = self._rows.specs
            ids = [_spec_id(spec) if type(spec) is tuple else spec.id for spec in specs]  # (no call for most rows)
            index = dict(zip(reversed(ids), range(len(ids) - 1, -1, -1)))  # an id's first row, inserted last, wins
            index.pop(None, None)
            self._index = index
        return self._index

    def __getitem__(self, ident):
        return self._rows[self._ids()[ident]]

    def __contains__(self, ident) -> bool:
        return ident in self._ids()

    def __iter__(self):
        return iter(self._ids())

    def __len__(self) -> int:
        return len(self._ids())

    def clear(self) -> None:
        self.reset()

    def __setitem__(self, ident, option) -> None:  # OptionList.add_options: ids are indexed on demand instead
        self._index = None


class _ByOption(Mapping):
    """An option's index: every option the list made knows its own."""

    def __getitem__(self, option) -> int:
        return option.index

    def __iter__(self):
        return iter(())

    def __len__(self) -> int:
        return 0

    def clear(self) -> None:
        pass

    def __setitem__(self, option, index) -> None:
        option.index = index


class _Identity(Mapping):
    """Index → line (or line → index): the same number, for a list of one-line rows."""

    def __init__(self, count: int, value=None):
        self._count = count
        self._value = value

    def __getitem__(self, key):
        if not isinstance(key, int) or not 0 <= key < self._count:
            raise KeyError(key)
        return key if self._value is None else self._value

    def __iter__(self):
        return iter(range(self._count))

    def __len__(self) -> int:
        return self._count


class _Lines(Sequence):
    """OptionList's (option index, line in option) per line: (n, 0) for one-line rows."""

    def __init__(self, count: int):
        self._count = count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, y):
        if isinstance(y, slice):
            return [(n, 0) for n in range(*y.indices(self._count))]
        if y < 0:
            y += self._count
        if not 0 <= y < self._count:
            raise IndexError(y)
        return (y, 0)


class _OneLineCache:
    """Stands in for OptionList's line cache: nothing to compute when every row is one line."""

    def __init__(self, rows: _Rows):
        self._rows = rows

    @property
    def lines(self) -> _Lines:
        return _Lines(len(self._rows))

    @property
    def heights(self) -> _Identity:
        return _Identity(len(self._rows), 1)

    @property
    def index_to_line(self) -> _Identity:
        return _Identity(len(self._rows))

    def clear(self) -> None:
        pass


class EntityList(OptionList):
    """Entities of one kind; option ids are entity ids."""

    DEFAULT_CSS = """
    EntityList {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

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
        self.entity_count = 0  # rows that are entities (not headings or messages)
        self._query = ""
        self._dataset = None
        self._options = _Rows(self)
        self._id_to_option = _ById(self._options)
        self._option_to_index = _ByOption()
        self._line_cache = _OneLineCache(self._options)

    def _style(self, name: str):
        return self.get_component_rich_style(f"entity-list--{name}", partial=True)

    # -- contents ------------------------------------------------------------------------------
    def show_all(self, entities) -> None:
        """Every entity, grouped by edition for events."""
        entities = list(entities)
        if any(entity.kind == "event" for entity in entities):
            specs: list = []
            group = None
            for entity in entities:
                if entity.kind == "event" and entity.edition != group:
                    group = entity.edition
                    specs.append((_GROUP, group))
                specs.append(entity)
        else:
            specs = entities
        count = len(entities)
        if not specs:
            specs = [Option(Text("Nothing here yet.", style=self._style("dim")), disabled=True)]
        self.query_text = ""
        self._replace(specs, count)

    def show_hits(self, query: str, hits, dataset) -> None:
        """Search hits, best first, the matched characters highlighted."""
        self._query = query
        self._dataset = dataset
        specs: list = [(hit,) for hit in hits]
        if not specs:
            specs = [Option(Text(f"No match for “{clean(query)}”", style=self._style("dim")), disabled=True)]
        self.query_text = query
        self._replace(specs, len(hits))

    def _label(self, spec) -> Text:
        """The styled label of a row, made when it is first shown."""
        if isinstance(spec, tuple):
            if spec[0] == _GROUP:
                return Text(str(spec[1]), style=self._style("group"))
            return self._hit_label(spec[0])
        return self._entity_label(spec)

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
        name = Text(clean(hit.name))
        match = self._style("match")
        for at in hit.positions:
            if at < len(name):
                name.stylize(match, at, at + 1)
        if hit.kind == "event" and self._dataset is not None:
            event = self._dataset.events.get(hit.id)
            if event is not None and str(event.edition) not in hit.name:
                name.append(f"  {event.edition}", style=self._style("dim"))
        return name

    def _replace(self, specs: list, count: int) -> None:
        previous = self.highlighted_option.id if self.highlighted_option is not None else None
        self._set_rows(specs)
        self.entity_count = count
        index = None
        if previous is not None and not self.query_text:  # the same entity again, found without indexing every row
            index = next((n for n, spec in enumerate(specs) if type(spec) is not tuple and spec.id == previous), None)
        if index is None:
            index = next((n for n, row in enumerate(self._options) if not row.disabled), None)
        self.highlighted = index

    def _ids_index(self) -> dict[str, int]:
        return self._id_to_option._ids()

    def _set_rows(self, specs: list) -> None:
        """OptionList.set_options for specs, without making an option for each."""
        self._options.reset(specs)
        self._id_to_option.reset()
        self._option_render_cache.clear()
        self.highlighted = None
        self.scroll_y = 0
        if self.is_mounted:
            self.refresh(layout=self.styles.auto_dimensions)
            self._update_lines()

    # -- OptionList, for one-line rows made on demand --------------------------------------------
    def _update_lines(self) -> None:
        if not self.scrollable_content_region:
            return
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        virtual_size = Size(width, len(self._options))
        if virtual_size != self.virtual_size:
            self.virtual_size = virtual_size
            self._scroll_update(virtual_size)

    def _clear_caches(self) -> None:
        self._options.forget()
        super()._clear_caches()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._options)

    # -- looking up and copying ------------------------------------------------------------------
    def select_id(self, entity_id: str) -> bool:
        """Put the cursor on an entity; False if it is not in the list."""
        index = self._ids_index().get(entity_id)
        if index is None:
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
