"""One entity pane (Editions, Forums & events, People, IP topics): a filter box over the list, beside
the detail view of the highlighted entity.

Filtering is fuzzy (the shared `SearchIndex`, restricted to the pane's kind) and runs in a worker
thread, so typing never waits for it; typing is coalesced (ciftis.app.coalesce): one worker searches
the newest text, and newer text stops an older search.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label
from textual.worker import get_current_worker

from ciftis.app.coalesce import MAX_INPUT, Latest, search_latest
from ciftis.app.widgets.detail_view import DetailView
from ciftis.app.widgets.entity_list import EntityList
from ciftis.core.describe import source_address
from ciftis.core.kinds import BY_NAME, ref


class EntityPane(Horizontal):
    """A filterable list of one kind of entity and the details of the highlighted one."""

    BINDINGS = [
        Binding("f", "focus_filter", "Filter", tooltip="Type to narrow the list (fuzzy)", id="focus_filter"),
        Binding("escape", "focus_list", "List", tooltip="Clear the filter, then back to the list", id="focus_list"),
        Binding("down", "focus_list", "List", show=False, id="focus_list-down"),
    ]

    def __init__(self, kind: str, *, id: str | None = None):
        super().__init__(id=id, classes="entity-pane")
        self.kind = kind
        self._details_pending = False  # the details will follow the list's cursor after the next frame
        self.latest = Latest()

    def compose(self) -> ComposeResult:
        with Vertical(classes="sidebar"):
            yield Input(placeholder=f"Filter {BY_NAME[self.kind].noun}…", classes="filter", compact=True, max_length=MAX_INPUT)
            yield EntityList(self.kind, classes="entities")
            yield Label(classes="count", markup=False)
        yield DetailView(classes="detail")

    @property
    def filter(self) -> Input:
        return self.query_one(Input)

    @property
    def entities(self) -> EntityList:
        return self.query_one(EntityList)

    @property
    def detail(self) -> DetailView:
        return self.query_one(DetailView)

    def on_mount(self) -> None:
        if self.app.return_code is not None:  # built just as the app closes: its widgets are already gone
            return
        self.show_dataset()

    def show_dataset(self) -> None:
        """Show the app's dataset (at mount, and again once the whole one has replaced its preview):
        the list, unless it shows a filter's hits, its count, and the details of its cursor's entity."""
        if not self.entities.query_text:
            self.entities.show_all(self.app.dataset.of_kind(self.kind))
        self._update_count()
        self._show_current()

    def restyle(self) -> None:
        """Redraw lists and details in the current theme's colours."""
        self.entities.restyle()
        self.detail.restyle()

    # -- filtering ---------------------------------------------------------------------------
    @on(Input.Changed, ".filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        query = event.value
        if not query.strip():
            self.entities.show_all(self.app.dataset.of_kind(self.kind))
            self._update_count()
        if self.latest.offer(query):  # typing is coalesced (ciftis.app.coalesce): else the running worker takes it
            self._search()

    @work(thread=True, group="filter", description="filter the list")
    def _search(self) -> None:
        index = self.app.search_index
        search_latest(self.latest, get_current_worker(),
                      lambda query, cancelled: index.search(query, kinds=(self.kind,), limit=None, cancelled=cancelled),
                      lambda query, hits: self.app.call_from_thread(self._show_hits, query, hits))

    def _show_hits(self, query: str, hits) -> None:
        if query != self.filter.value:  # a newer keystroke has superseded this search
            return
        self.entities.show_hits(query, hits, self.app.dataset)
        self._update_count()

    def clear_filter(self) -> None:
        """Show every entity again (used when a link leads to one the filter hides)."""
        if self.filter.value:
            with self.filter.prevent(Input.Changed):
                self.filter.value = ""
            self.entities.show_all(self.app.dataset.of_kind(self.kind))
            self._update_count()

    def _update_count(self) -> None:
        total = len(self.app.dataset.of_kind(self.kind))
        shown = self.entities.entity_count
        noun = BY_NAME[self.kind].noun
        text = f"{total} {noun}" if not self.entities.query_text else f"{shown} of {total} {noun}"
        self.query_one(".count", Label).update(Text(text))

    @on(Input.Submitted, ".filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.entities.focus()

    # -- list and details --------------------------------------------------------------------
    @on(EntityList.Highlighted, ".entities")
    def _highlighted(self, event: EntityList.Highlighted) -> None:
        event.stop()
        if not self._details_pending:  # the cursor is drawn first; the details follow once per frame
            self._details_pending = True
            self.call_after_refresh(self._follow_cursor)

    def _follow_cursor(self) -> None:
        self._details_pending = False
        self._show_current()

    def _show_current(self) -> None:
        entity_id = self.entities.current_id
        if entity_id is None:
            return
        if not self.app.whole.is_set():  # a preview: the entity's details are not read yet
            self.detail.show_reading()
            return
        if self.detail.ref == ref(self.kind, entity_id):
            return
        self.detail.show(self.app.dataset.get(self.kind, entity_id))

    @on(EntityList.Selected, ".entities")
    def _selected(self, event: EntityList.Selected) -> None:
        event.stop()
        self._show_current()
        self.detail.focus()

    def select(self, entity_id: str, *, select: str | None = None, index: int | None = None) -> None:
        """Show an entity: highlight it in the list (clearing a filter that hides it) and detail it."""
        if not self.entities.select_id(entity_id):
            self.clear_filter()
            self.entities.select_id(entity_id)
        self.detail.show(self.app.dataset.get(self.kind, entity_id), select=select, index=index)

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "focus_list":  # clears a filter first; else shown (and useful) from the filter box and the details only
            return bool(self.filter.value) or not self.entities.has_focus
        return True

    def view(self):
        """What `ctrl+s` saves: the details shown (the highlighted entity, or the one a link opened)."""
        from ciftis.core.views import entity_view  # imported when first saved, not at start-up

        if self.detail.entity is None:
            return None
        return entity_view(self.detail.entity, self.app.dataset)

    def source_url(self) -> str | None:
        """What `o` opens: from the details, what their cursor is on; from the list, the first
        source with an address of the highlighted entity."""
        if self.detail.has_focus:
            return self.detail.source_url()
        entity_id = self.entities.current_id
        entity = self.app.dataset.get(self.kind, entity_id) if entity_id is not None else None
        return source_address(entity, self.app.dataset) if entity is not None else None

    def action_focus_filter(self) -> None:
        # At once, not after the messages already queued: letters sent with the f ("fquit" in one
        # write) then find the box focused, and the app types them into it (CiftisApp.on_key).
        self.screen.set_focus(self.filter)

    def action_focus_list(self) -> None:
        """esc: a filtered list shows every entity again, the cursor staying on its entry; then the list."""
        if self.filter.value:
            current = self.entities.current_id
            self.clear_filter()
            if current is not None:
                self.entities.select_id(current)
            self.refresh_bindings()
            return
        self.entities.focus()
