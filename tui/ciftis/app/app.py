"""The CIFTIS Explorer app: six panes (Editions, Forums & events, People, IP topics, Compare, Trends),
links with a back and forward history, the search overlay and command palette, the sources screen and `o` to
open a source in the browser, the clipboard, saving what a pane shows (each pane's `view()`,
ctrl+s), themes and help.

The app holds the loaded `Dataset` and one `SearchIndex` (built once, in a worker thread); every pane
asks them, never the files. A large dataset comes first as a preview of its editions
(`cache.open_dataset`): the app reads the rest in a worker, and until it is there the details and
the other panes say so, and what needs the rest says it is being read. Keys are declared once in BINDINGS, so the footer and help follow them.
"""

from __future__ import annotations

import asyncio
import gc
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from ciftis.app.clipboard import Clipboard
from ciftis.app.widgets.detail_view import READING, DetailView
from ciftis.app.widgets.entity_pane import EntityPane
from ciftis.app.widgets.key_footer import KeyFooter
from ciftis.app.widgets.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmall, too_small
from ciftis.core.format import clean
from ciftis.core.kinds import LISTED
from ciftis.core.model import Dataset
from ciftis.core.problems import Problem

if TYPE_CHECKING:
    from ciftis.core.cache import Rest

# The panes, in key order: (pane id, tab label, entity kind or None for Compare and Trends).
PANES: tuple[tuple[str, str, str | None], ...] = (
    *((kind.pane, kind.plural, kind.name) for kind in LISTED if kind.pane),
    ("compare", "Compare", None),
    ("trends", "Trends", None),
)
PANE_OF_KIND = {kind: pane for pane, _label, kind in PANES if kind}
PANE_LABELS = {pane: label for pane, label, _kind in PANES}
KIND_OF_PANE = {pane: kind for pane, _label, kind in PANES}


def entity_search_provider():
    """The palette's dataset search (imported when the palette first opens)."""
    from ciftis.app.commands import EntitySearchProvider

    return EntitySearchProvider


def compare_provider():
    from ciftis.app.commands import CompareProvider

    return CompareProvider


class ChosenPane(TabPane):
    """A pane that shows when it is chosen (its key, a link, a click on its tab), never because a
    widget inside it took the focus: Textual's TabbedContent activates the pane of a focused
    widget when the focus message arrives, which, for keys typed in one go ("2 3 4 5"), is after
    later keys have chosen another pane."""

    @on(TabPane.Focused)
    def _stay_on_the_chosen_pane(self, event: TabPane.Focused) -> None:
        event.stop()


@dataclass(frozen=True)
class Place:
    """Where the reader was: a pane, the entity its details showed and the row under the cursor."""

    pane: str
    ref: str | None = None
    index: int | None = None
    focus: str = "detail"


class CiftisApp(App[int]):
    """Explore CIFTIS editions, events, people, IP topics and their figures."""

    TITLE = "CIFTIS Explorer"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {entity_search_provider, compare_provider}
    HORIZONTAL_BREAKPOINTS = [(0, "-too-narrow"), (MIN_WIDTH, "-narrow"), (100, "-medium"), (130, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-too-short"), (MIN_HEIGHT, "-short"), (32, "-tall")]
    # The focus goes where it belongs (a pane's list), never to "the first focusable widget", which
    # Textual picks when a screen comes back with nothing focused: after an overlay closed on a
    # terminal too small, that was the hidden filter box of Editions, and keys went into it.
    AUTO_FOCUS = None

    BINDINGS = [
        *(Binding(str(number), f"pane('{pane}')", label, show=False, id=f"pane-{pane}") for number, (pane, label, _kind) in enumerate(PANES, start=1)),
        Binding("slash", "search", "Search", key_display="/", id="search"),
        Binding("ctrl+k", "search_anywhere", "Search", show=False, priority=True, id="search_anywhere"),
        Binding("backspace", "back", "Back", key_display="⌫", id="back"),
        Binding("alt+left", "back", "Back", show=False, id="back-alt"),
        Binding("alt+right", "forward", "Forward", key_display="alt+→", id="forward", tooltip="Where you were before the last back"),
        Binding("shift+backspace", "forward", "Forward", show=False, id="forward-shift"),
        Binding("question_mark", "help", "Help", key_display="?", id="help"),
        Binding("f1", "help", "Help", show=False, id="help-f1"),
        Binding("ctrl+t", "change_theme", "Theme", show=False, tooltip="Choose a theme, previewed as you move", id="change_theme"),
        Binding("ctrl+s", "save_view", "Save the view", show=False, id="save_view", tooltip="Write what the pane shows to a file: .csv, .tsv, .md or .json"),
        Binding("o", "open_source", "Open source", show=False, id="open_source", tooltip="Open the highlighted source's address in the browser"),
        Binding("q", "quit", "Quit", id="quit"),
        Binding("ctrl+z", "suspend_process", "Suspend", show=False, tooltip="Suspend to the shell (fg comes back)", id="suspend_process"),
    ]

    def __init__(self, dataset: Dataset, *, theme_name: str | None = None, clipboard: Clipboard | None = None, rest: Rest | None = None):
        """`dataset` may be a preview (`Dataset.preview`, from `cache.open_dataset`): then `rest` reads
        the whole dataset, in a worker; until it is there, the Editions pane lists the editions, and
        the details and every other pane say that the rest is being read."""
        super().__init__()
        self.dataset = dataset
        self.rest = rest
        self.rest_problems: list[Problem] = []  # why the rest could not be used (the app then exits with 1)
        self.whole = asyncio.Event()  # the whole dataset is there (at once, but for a preview)
        self._whole_for_threads = threading.Event()
        self.staged = not dataset.complete  # a large dataset, opened as a preview of its editions
        if dataset.complete:
            self.whole.set()
            self._whole_for_threads.set()
        self.requested_theme = theme_name
        self.history: list[Place] = []  # where back goes, the latest last
        self.ahead: list[Place] = []  # where forward goes: the places back left, the latest last
        self.clipboard_service = clipboard or Clipboard(self)
        if clipboard is not None:
            clipboard.app = self
        self.settings = None
        self.settings_problems: list[str] = []
        self._index = None
        self._index_lock = threading.Lock()
        self.cache_writes: list = []  # set by main.run: writing the dataset's cache, done after the first frame
        self._previewing: str | None = None  # the theme to go back to while the picker previews others
        self._save_warned = False
        self._panes_lock = asyncio.Lock()
        self._set_up_theme()  # before the first frame, so the stylesheet is applied once, in the right theme

    # -- layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with TabbedContent(initial="editions", id="panes"):
            for number, (pane_id, label, kind) in enumerate(PANES, start=1):
                with ChosenPane(f"{number} {label}", id=pane_id):
                    if number == 1:  # the hidden panes are built just after the first frame
                        yield self._make_pane(pane_id, kind)
        yield KeyFooter()
        yield TooSmall()

    @staticmethod
    def _make_pane(pane_id: str, kind: str | None):
        if kind:
            return EntityPane(kind, id=f"{pane_id}-pane")
        if pane_id == "trends":
            from ciftis.app.widgets.trends_pane import TrendsPane  # built after the first frame, imported then

            return TrendsPane(id="trends-pane")
        from ciftis.app.widgets.compare_pane import ComparePane

        return ComparePane(id="compare-pane")

    async def pane_ready(self, pane_id: str) -> None:
        """Build this pane now if it is not built yet: a key or a link reached it before the idle
        build did. Only this pane, so the key waits for one pane's build, not all of them. Its
        callers wait for the whole dataset first (`_open_when_read`), or say it is being read."""
        tab_pane = self.query_one(f"TabPane#{pane_id}", TabPane)
        if not self.whole.is_set() and not tab_pane.query(f"#{pane_id}-pane"):  # (no pane is built meanwhile)
            await self.whole.wait()
        async with self._panes_lock:  # a pane the idle build is mounting is waited for, not taken half-built
            if tab_pane.query(f"#{pane_id}-pane") or not tab_pane.is_attached or self.return_code is not None:  # built, or quitting
                return
            await tab_pane.remove_children(".pane-reading")
            await tab_pane.mount(self._make_pane(pane_id, KIND_OF_PANE[pane_id]))

    async def panes_ready(self) -> None:
        """Build every pane hidden at start-up that is not built yet."""
        for pane_id, _label, _kind in PANES[1:]:
            await self.pane_ready(pane_id)

    async def _build_a_hidden_pane(self) -> None:
        """The idle build: one hidden pane per frame after the first, so a key pressed meanwhile
        waits for one pane's build at most."""
        waiting = [pane_id for pane_id, _label, _kind in PANES[1:] if not self.query(f"#{pane_id}-pane")]
        if not waiting or self.return_code is not None:
            return
        await self.pane_ready(waiting[0])
        if len(waiting) > 1:
            self.call_after_refresh(self._build_a_hidden_pane)

    startup_blur_undone = False  # see on_app_blur

    def on_mount(self) -> None:
        self.query_one("#panes ContentTabs").can_focus = False  # tabs are reached with 1–6
        if self.settings_problems:
            self.notify("\n".join(clean(p) for p in self.settings_problems), title="Theme and settings problems", severity="warning", timeout=12, markup=False)
        self.theme_changed_signal.subscribe(self, self._restyle)
        if self.rest is not None and not self.whole.is_set():
            self.call_after_refresh(self._read_rest)  # after the first frame, not competing with it
        else:
            self._after_the_first_frame()
        for write in self.cache_writes:
            self.call_after_refresh(self._write_cache, write)
        self.cache_writes = []
        self.pane("editions").entities.focus()

    def _after_the_first_frame(self) -> None:
        """The work the whole dataset allows, after the first frame, not competing with it."""
        self.call_after_refresh(self._build_a_hidden_pane)
        self.call_after_refresh(self._build_index)

    @work(thread=True, group="dataset", description="read the rest of the dataset")
    def _read_rest(self) -> None:
        assert self.rest is not None
        rest, self.rest = self.rest, None  # read once: what it holds (the cache's bytes) goes with it
        worker = get_current_worker()
        dataset, problems = rest(lambda: worker.is_cancelled)  # cancelled as the app closes: it stops then
        if worker.is_cancelled:
            return
        try:
            self.call_from_thread(self._rest_read, dataset, problems)
        except RuntimeError:  # the app has closed meanwhile: nothing is waiting for it
            pass

    def _rest_read(self, dataset: Dataset | None, problems: list[Problem]) -> None:
        if dataset is None or problems:
            self.rest_problems = problems
            self.exit(return_code=1)
            return
        self.dataset = dataset
        self.whole.set()
        self._whole_for_threads.set()
        self.pane("editions").show_dataset()
        self._after_the_first_frame()

    def on_app_blur(self) -> None:
        """In a browser (`ciftis serve`), Textual's web driver blurs the app as it starts, so keys
        would only act and the footer only show after a first click; the page gives the terminal
        the keyboard on load, so that first blur is undone. Later ones (another tab) stand."""
        if self.is_web and not self.startup_blur_undone:
            self.startup_blur_undone = True
            # after Textual has handled this blur: the focus event it would get from a click
            self.call_later(self.post_message, events.AppFocus())

    def on_resize(self, event) -> None:
        # Below 70 columns the tabs only fit with the shorter name for Forums & events.
        label = "2 Events" if event.size.width < 70 else "2 Forums & events"
        try:
            tab = self.tabs.get_tab("events")
        except NoMatches:
            return
        if str(tab.label) != label:
            tab.label = label

    @property
    def search_index(self):
        """The dataset's search index, built on first use (from any thread), or read from the cache
        when the dataset came through it. Asked for by worker threads only: it waits for the whole
        dataset, then for the index."""
        self._whole_for_threads.wait()
        with self._index_lock:
            if self._index is None:
                from ciftis.core.search import SearchIndex

                self._index = SearchIndex.for_dataset(self.dataset)
            return self._index

    @work(thread=True, group="cache", description="cache the dataset for the next start")
    def _write_cache(self, write) -> None:
        write()

    @work(thread=True, group="index", description="build the search index")
    def _build_index(self) -> None:
        self.search_index  # noqa: B018 — built now so the first search does not wait for it
        if self.staged:
            # A large dataset and its index live as long as the app: the cyclic collector need not
            # look at their million objects again (at 100,000 entities a full collection took 150 ms,
            # and closing the explorer, once settled, 0.6 s more).
            gc.freeze()

    def pane(self, pane_id: str):
        return self.query_one(f"#{pane_id}-pane")

    @property
    def tabs(self) -> TabbedContent:
        return self.query_one("#panes", TabbedContent)

    @property
    def active_pane_id(self) -> str:
        return self.tabs.active

    # -- themes ------------------------------------------------------------------------------
    def _set_up_theme(self) -> None:
        from ciftis.app.config import load_config
        from ciftis.app.themes import DEFAULT_THEME, load_themes, sixteen_colour

        themes, problems = load_themes()
        if self.console.color_system == "standard":  # a 16-colour terminal: each theme in its 16 colours
            themes = [sixteen_colour(theme) for theme in themes]
        if any(theme.name == DEFAULT_THEME for theme in themes):  # only the explorer's themes are offered, each
            for name in set(self.available_themes) - {theme.name for theme in themes}:  # tested for contrast
                self.unregister_theme(name)  # in every state (tests/test_contrast_tmux.py); Textual's are not
        for theme in themes:
            self.register_theme(theme)
        self.settings, config_problems = load_config()
        problems = list(problems) + list(config_problems)
        wanted = [(self.requested_theme, "--theme"), (self.settings.theme, "the settings file")]
        chosen = DEFAULT_THEME
        for name, origin in wanted:
            if not name:
                continue
            if name in self.available_themes:
                chosen = name
                break
            problems.append(f"Unknown theme {name!r} (from {origin}); using {DEFAULT_THEME}. Themes: {', '.join(sorted(self.available_themes))}")
            break
        if chosen not in self.available_themes:
            chosen = "textual-dark"
        if self.settings.keymap:
            from ciftis.app.config import config_path, home_relative
            from ciftis.app.keymap import apply_keymap

            problems += apply_keymap(self, self.settings.keymap, self.settings.keymap_lines, home_relative(config_path()))
        self.settings_problems = problems
        self.theme = chosen

    def watch_theme(self, theme: str) -> None:
        if not self.is_running or self._previewing is not None:  # the theme chosen at start, or a preview
            return
        self._save_theme(theme)

    def _save_theme(self, theme: str) -> None:
        from ciftis.app.config import Config, save_config

        if self.settings is None:
            self.settings = Config()
        if self.settings.theme == theme:
            return
        self.settings.theme = theme
        try:
            save_config(self.settings)
        except OSError as error:
            if not self._save_warned:
                self._save_warned = True
                self.notify(f"The theme could not be saved: {error.strerror or error}", severity="warning", markup=False)

    def _restyle(self, _theme) -> None:
        for pane in self.query(".entity-pane, .compare-pane, .trends-pane"):
            pane.restyle()

    def search_themes(self) -> None:
        """Textual's theme picker, previewing each theme as it is highlighted."""
        self._previewing = self.theme
        from textual.command import CommandPalette
        from textual.theme import ThemeProvider

        self.push_screen(CommandPalette(providers=[ThemeProvider], placeholder="Themes, previewed as you move…", id="theme-picker"))

    def on_command_palette_option_highlighted(self, event) -> None:  # CommandPalette.OptionHighlighted
        if self._previewing is None:
            return
        highlighted = event.highlighted_event
        typed = next((node.value for node in self.screen.query("CommandInput")), "")
        if highlighted.option_index == 0 and not typed:  # the palette highlights its first theme on opening:
            self._highlight_current_theme(highlighted.option_list)  # the current theme is where it starts
            return
        hit = getattr(highlighted.option, "hit", None)
        name = getattr(hit, "text", None)
        if name in self.available_themes:
            self.theme = name

    def _highlight_current_theme(self, options) -> None:
        """Move the picker's cursor to the theme in use (the list is alphabetical)."""
        for index, option in enumerate(options.options):
            if getattr(getattr(option, "hit", None), "text", None) == self._previewing:
                if index:
                    options.highlighted = index  # scrolled into view by the list itself
                return

    def on_command_palette_closed(self, event) -> None:  # CommandPalette.Closed
        if self._previewing is None:
            return
        if not event.option_selected:
            self.theme = self._previewing  # back to the theme from before the picker; nothing to save
            self._previewing = None
        else:  # the chosen theme is set after the palette closes: save it then
            self._previewing = None
            self.call_later(lambda: self._save_theme(self.theme))

    def action_next_theme(self) -> None:
        names = sorted(self.available_themes)
        self.theme = names[(names.index(self.theme) + 1) % len(names)] if self.theme in names else names[0]
        self.notify(self.theme, title="Theme", timeout=2, markup=False)

    # -- panes and navigation ----------------------------------------------------------------
    def _reading(self, pane_id: str) -> bool:
        """A pane chosen before the whole dataset is there: it says the rest is being read, and is
        built and focused once it is there (if it is still the pane chosen), by a worker, so no key
        waits meanwhile. False for a pane that can be shown now."""
        if self.whole.is_set() or self.query(f"#{pane_id}-pane"):
            return False
        tab_pane = self.query_one(f"TabPane#{pane_id}", TabPane)
        if not tab_pane.children:
            tab_pane.mount(Static(Text(READING), classes="pane-reading"))
        if self.tabs.active == pane_id:
            self.screen.set_focus(None)  # keys do not go to the list of the pane left behind
        # (the function, not a coroutine made now: a worker replaced before it starts leaves none unawaited)
        self.run_worker(partial(self._open_when_read, pane_id), group=f"open-{pane_id}", exclusive=True)
        return True

    async def _open_when_read(self, pane_id: str) -> None:
        await self.whole.wait()
        await self.pane_ready(pane_id)
        if self.tabs.active == pane_id and self.return_code is None:
            self._focus_pane(pane_id)

    async def action_pane(self, pane_id: str) -> None:
        if not self.whole.is_set() and not self.query(f"#{pane_id}-pane"):
            self.tabs.active = pane_id
            self._reading(pane_id)  # at once, so keys sent with this one do not reach the pane left behind
            return
        await self.pane_ready(pane_id)
        self.tabs.active = pane_id
        # At once, so a key that came in the same packet ("5 [") finds the bindings of the pane
        # just chosen (ChosenPane keeps the focus from choosing a pane).
        self._focus_pane(pane_id)

    def _focus_active_pane(self) -> None:
        """Focus the pane that is active now, once the messages already queued have been handled
        (a click on a tab, a pane built late). The panes' screen's focus: an overlay opened
        meanwhile (search, the theme picker) keeps its own."""
        built = self.query(f"#{self.active_pane_id}-pane")
        if not built:  # still being built: its own build focuses it
            return
        pane = built.first()
        focused = pane.screen.focused
        if focused is None or pane not in focused.ancestors_with_self:
            self._focus_pane(self.active_pane_id)

    def _focus_pane(self, pane_id: str) -> None:
        """Focus the pane's list (or table) now, not after the messages already queued: a key that
        came with the one choosing the pane then finds the pane's bindings. On the panes' own
        screen, never on an overlay above it."""
        pane = self.pane(pane_id)
        pane.screen.set_focus(pane.entities if isinstance(pane, EntityPane) else pane.table, scroll_visible=False)

    @on(TabbedContent.TabActivated)
    async def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if self._reading(event.pane.id or "editions"):
            return
        await self.pane_ready(event.pane.id or "editions")
        self.call_after_refresh(self._focus_active_pane)

    def place(self) -> Place:
        pane_id = self.active_pane_id
        pane = self.pane(pane_id)
        if isinstance(pane, EntityPane):
            focus = "detail" if pane.detail.has_focus else "list"
            return Place(pane_id, pane.detail.ref, pane.detail.highlighted, focus)
        return Place(pane_id, None, None, "other")

    def _remember(self) -> None:
        """Before a link, a search result or a comparison: where back comes to. A new move forgets
        the places back had left (as a browser does)."""
        self.history.append(self.place())
        del self.history[:-200]
        self.ahead.clear()
        self.refresh_bindings()

    @on(DetailView.Follow)
    async def _follow(self, event: DetailView.Follow) -> None:
        event.stop()
        await self.follow(event.ref)

    async def follow(self, ref: str) -> None:
        """Open a link from the details: entities with a pane open there, the rest in these details."""
        await self._go(ref, jump=False)

    async def jump_to(self, ref: str) -> None:
        """Go to a search result: its pane, selected; a figure opens its edition with the figure selected."""
        await self._go(ref, jump=True)

    async def _go(self, ref: str, *, jump: bool) -> None:
        if self.still_reading():
            return
        entity = self.dataset.resolve(ref)
        if entity is None:
            self.notify(f"{ref} is not in the dataset.", severity="warning", markup=False)
            return
        kind = entity.kind
        if kind in PANE_OF_KIND:  # the entity's own pane, with it selected
            pane_id, select, highlight = PANE_OF_KIND[kind], entity.id, None
        elif kind == "figure" and jump and entity.owner_kind in PANE_OF_KIND:  # its edition's, the figure selected
            pane_id, select, highlight = PANE_OF_KIND[entity.owner_kind], entity.owner_id, ref
        else:  # organizations, sources, metrics, linked figures: in the current pane's details
            pane_id = self.active_pane_id if isinstance(self.pane(self.active_pane_id), EntityPane) else "editions"
            select = highlight = None
        await self.pane_ready(pane_id)
        self._remember()
        self.tabs.active = pane_id
        pane = self.pane(pane_id)
        if select is None:
            pane.detail.show(entity)
        else:
            pane.select(select, select=highlight)
        pane.detail.focus()

    async def action_back(self) -> None:
        await self._travel(self.history, self.ahead)

    async def action_forward(self) -> None:
        """Undo a back: to the place it left."""
        await self._travel(self.ahead, self.history)

    async def _travel(self, source: list[Place], other: list[Place]) -> None:
        """Back (history to ahead) or forward (ahead to history): to the latest place of `source`,
        leaving where the reader is on `other`."""
        if not source:
            self.bell()
            return
        await self.pane_ready(source[-1].pane)
        other.append(self.place())
        await self._restore(source.pop())

    async def _restore(self, place: Place) -> None:
        self.refresh_bindings()
        self.tabs.active = place.pane
        pane = self.pane(place.pane)
        if not isinstance(pane, EntityPane):
            pane.table.focus()
            return
        entity = self.dataset.resolve(place.ref) if place.ref else None
        if entity is not None and entity.kind == pane.kind:
            pane.select(entity.id, index=place.index)
        elif entity is not None:
            pane.detail.show(entity, index=place.index)
        (pane.detail if place.focus == "detail" else pane.entities).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return True if self.history else None
        if action == "forward":  # shown only once there is somewhere to go forward to
            return bool(self.ahead)
        if action == "suspend_process":  # Textual suspends on Unix terminals only: not on Windows, nor in a browser
            return sys.platform != "win32" and not self.is_web
        if action == "search":  # "/" types into a text box; ctrl+k searches from anywhere
            return not isinstance(self.focused, Input)
        if action == "save_view":  # what the panes show, not an overlay (the save prompt takes ctrl+s itself)
            return not isinstance(self.screen, ModalScreen)
        return True

    # -- search, help, compare ---------------------------------------------------------------
    async def on_event(self, event) -> None:
        # A paste (the terminal's bracketed paste) can carry escape sequences and bidi controls, which
        # a text box would echo to the terminal: they go in as U+FFFD, like every other string shown.
        if isinstance(event, events.Paste) and not event.is_forwarded:
            event.text = clean(event.text, multiline=True)
        # Below the minimum size every screen shows only "…press q to quit": q quits there, even when
        # the focus is in a text box hidden behind the message.
        elif isinstance(event, events.Key) and event.key == "q" and not event.is_forwarded and too_small(self.screen):
            self.exit()
            return
        await super().on_event(event)

    def on_key(self, event) -> None:
        """A printable key that comes back up to the app was sent before the focus moved to a text
        box (the letters typed with `f` or `/` in one write, queued to the list that had the focus):
        it goes into that box, not to the app's bindings (`q` would quit). A box handles its own
        printable keys, so none that reaches here came from the box itself. Runs before Textual
        checks the app's bindings."""
        if not (event.is_printable and event.character):
            return
        type_into = getattr(self.screen, "type_ahead", None)  # search: its box may not have the focus yet
        if type_into is None and isinstance(self.focused, Input):
            type_into = self.focused.insert_text_at_cursor
        if type_into is not None:
            event.prevent_default()
            event.stop()
            type_into(event.character)

    def action_search_anywhere(self) -> None:
        self.action_search()

    def action_search(self) -> None:
        from ciftis.app.screens.search_screen import SearchScreen

        if isinstance(self.screen, SearchScreen):
            return

        def chosen(ref: str | None) -> None:
            if ref:  # after the screen below has its focus back, or that focus would pull its pane forward
                self.call_after_refresh(self.jump_to, ref)

        self.push_screen(SearchScreen(), chosen)

    def action_help(self) -> None:
        from ciftis.app.screens.help_screen import FOCUS_NAMES, HelpScreen, help_groups

        if isinstance(self.screen, HelpScreen):
            return
        groups = help_groups(self.screen.active_bindings, self.get_key_display)
        focused = self.focused
        where = PANE_LABELS.get(self.active_pane_id, "")
        if focused is not None:
            where += f" pane, {FOCUS_NAMES.get(type(focused).__name__, 'a ' + type(focused).__name__)} focused"
        self.push_screen(HelpScreen(groups, where))

    async def compare_editions(self, year_a: int, year_b: int) -> None:
        if self.still_reading():
            return
        await self.pane_ready("compare")
        self._remember()
        self.tabs.active = "compare"
        pane = self.pane("compare")
        pane.choose(year_a, year_b)
        pane.table.focus()

    # -- saving the view ---------------------------------------------------------------------
    def action_save_view(self) -> None:
        """Ask for a path and write what the active pane shows there (its `view()`)."""
        from ciftis.app.config import home_relative
        from ciftis.app.screens.save_screen import SaveScreen
        from ciftis.core.views import FORMATS

        if self.still_reading():
            return
        view = self.pane(self.active_pane_id).view()
        if view is None:
            self.notify("Nothing is shown here to save yet.", markup=False, timeout=4)
            return

        def saved(path) -> None:
            if path is not None:
                kind = FORMATS[path.suffix.lower()]
                self.notify(f"Saved {clean(view.title)} ({kind}) to {home_relative(path.absolute())}", title="Saved", markup=False)

        self.push_screen(SaveScreen(view), saved)

    def still_reading(self) -> bool:
        """True, having said so, while the rest of the dataset is being read."""
        if self.whole.is_set():
            return False
        self.notify(f"{READING} This takes a moment at its size.", markup=False, timeout=3)
        return True

    # -- clipboard ---------------------------------------------------------------------------
    def copy_text(self, text: str, *, what: str = "") -> None:
        self.clipboard_service.copy(text, what=what)

    def _run_on_focus(self, *actions: str) -> None:
        """Run the first of these actions that the focused widget (or a container of it) has."""
        node = self.focused
        while node is not None and node is not self:
            for action in actions:
                method = getattr(node, f"action_{action}", None)
                if method is not None:
                    method()
                    return
            node = node.parent
        self.notify("Move the cursor to a value first.", markup=False, timeout=3)

    # -- sources in the browser ------------------------------------------------------------
    def action_open_source(self) -> None:
        """Open the address of what is highlighted (the focused widget, or the pane holding it, says
        which: `source_url`) in the browser, through `open_url`, so browser mode opens it too."""
        if self.still_reading():
            return
        node = self.focused
        while node is not None and node is not self:
            source_url = getattr(node, "source_url", None)
            if source_url is not None:
                self.open_source(source_url())
                return
            node = node.parent
        self.open_source(None)

    def open_source(self, url: str | None) -> None:
        """Open an http(s) address; anything else (none, another scheme) is a message."""
        from ciftis.core.describe import openable

        if url is None:
            self.notify("No source with an address here.", markup=False, timeout=3)
        elif not openable(url):
            self.notify(f"Not opened: {clean(url)} is not an http or https address.", severity="warning", markup=False)
        else:
            self.open_url(url)
            self.notify(f"Opening {clean(url)}", markup=False, timeout=3)

    # -- command palette ---------------------------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for number, (pane_id, label, _kind) in enumerate(PANES, start=1):
            yield SystemCommand(f"Go to {label}", f"Switch to the {label} pane (key {number})", partial(self.action_pane, pane_id))
        yield SystemCommand("Search", "Find any edition, event, person, organization, topic or figure (/ or ctrl+k)", self.action_search)
        yield SystemCommand("Back", "Go back to where you were before the last link (backspace or alt+←)", self.action_back)
        if self.ahead:
            yield SystemCommand("Forward", "Go forward again to where the last back left (alt+→ or shift+backspace)", self.action_forward)
        yield SystemCommand("Help", "Every key that applies here (? or F1)", self.action_help)
        yield SystemCommand("Next theme", "Switch to the next theme at once", self.action_next_theme)
        yield SystemCommand("Copy", "Copy the value under the cursor as shown (y)", lambda: self._run_on_focus("copy", "copy_row"))
        yield SystemCommand("Copy cited", "Copy the value labelled and cited (Y)", lambda: self._run_on_focus("copy_cited", "copy_row"))
        yield SystemCommand("Compare two editions", "Choose editions A and B in the Compare pane", self._choose_editions)
        yield SystemCommand("Save the view", "Write what the pane shows to a file: .csv, .tsv, .md or .json (ctrl+s)", self.action_save_view)
        for title, help_text, action in (
            ("Copy comparison as Markdown", "The whole comparison table as Markdown (ctrl+y in Compare)", "copy_markdown"),
            ("Copy comparison as TSV", "The whole comparison table as tab-separated values, for spreadsheets (t in Compare)", "copy_tsv"),
            ("Copy comparison row", "The highlighted comparison row as TSV (y in Compare)", "copy_row"),
            ("Sort comparison", "By the next column: metric, size of change, A, B, Δ, Δ% (s in Compare)", "toggle_sort"),
            ("Reverse the comparison's sort", "The same column, the other way round (r in Compare)", "reverse_sort"),
            ("Hide or show one-sided rows", "The metrics only one edition reports (u in Compare)", "toggle_one_sided"),
            ("Swap editions A and B", "Exchange the two editions compared (x in Compare)", "swap"),
            ("Next change", "The next comparison row that changed (n in Compare)", "change(1)"),
            ("Previous change", "The previous comparison row that changed (N in Compare)", "change(-1)"),
        ):
            yield SystemCommand(title, help_text, partial(self._compare_action, action))
        yield SystemCommand("Open source", "Open the highlighted source's address in the browser (o)", self.action_open_source)
        if self.active_pane_id != "compare" and self.query(f"#{self.active_pane_id}-pane"):
            yield SystemCommand("Filter the list", "Type to narrow this pane's list (f)", lambda: self.pane(self.active_pane_id).action_focus_filter())

    async def _compare_action(self, action: str) -> None:
        if self.still_reading():
            return
        await self.pane_ready("compare")
        await self.run_action(action, self.pane("compare"))

    async def _choose_editions(self) -> None:
        if self.still_reading():
            return
        await self.action_pane("compare")
        self.pane("compare").query_one("#edition-a").focus()

