"""What the harness runs in a fresh interpreter for each measurement; prints one JSON line.

    python -m tests.perf.driver startup DATASET   # the explorer, as `ciftis --dataset DATASET` starts it
    python -m tests.perf.driver bare              # a bare Textual app showing one Static
    python -m tests.perf.driver skeleton          # Textual's widgets of the explorer's first screen, no dataset
    python -m tests.perf.driver keys              # a bare Textual app showing the last key pressed (in tmux)
    python -m tests.perf.driver calibrate         # a fixed Python workload: how fast the machine is just now
    python -m tests.perf.driver load DATASET      # the explorer's dataset load, timed in-process
    python -m tests.perf.driver yaml DATASET      # plain yaml.load with CSafeLoader on the same files
    python -m tests.perf.driver search DATASET REPEATS
    python -m tests.perf.driver ui DATASET PAGES

The start-up drivers run headless at 120×40 and exit at the first frame that shows what they
show (the Editions pane with its rows; the Static; the skeleton's list), printing `time.monotonic_ns()` then: the parent
took the same clock just before starting the process, so the difference is launch to first frame.
Every frame is also turned into the bytes a terminal would receive, as a real run would do.
The cache and settings directories come from the environment the harness sets.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time

SIZE = (120, 40)


def _rss_mb() -> float:
    """Peak resident set size of this process so far, in MB.

    /proc's VmHWM, where there is one: getrusage's ru_maxrss survives exec on Linux, so a child would
    report its parent's peak if that was higher.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _emit(result: dict) -> None:
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()


def _hook_first_frame(ready) -> None:
    """Make every App render its frames to terminal bytes and exit at the first frame where `ready(app)`."""
    from textual.app import App

    original_display = App._display
    original_run = App.run

    def display(self, screen, renderable):
        original_display(self, screen, renderable)
        if renderable is None:
            return
        render = getattr(renderable, "render_segments", None)
        if render is not None:
            render(self.console)
        now = time.monotonic_ns()
        if ready(self):
            _emit({"ready_ns": now, "rss_mb": _rss_mb()})
            os._exit(0)

    def run(self, *args, **kwargs):
        kwargs["headless"] = True
        kwargs["size"] = SIZE
        return original_run(self, *args, **kwargs)

    App._display = display
    App.run = run


def _editions_shown(app) -> bool:
    try:
        entities = app.query_one("#editions-pane").query_one(".entities")
    except Exception:
        return False
    rows = getattr(entities, "option_count", None)
    if rows is None:
        rows = getattr(entities, "row_count", 0)
    # laid out with room to show rows (its size; `region` would make the compositor build its map)
    return rows > 0 and entities.size.area > 0 and app.screen is entities.screen


def startup(dataset: str) -> None:
    # `ciftis` refuses to start without a terminal unless Textual is given a driver; this one runs headless
    os.environ.setdefault("TEXTUAL_DRIVER", "textual.drivers.headless_driver:HeadlessDriver")
    _hook_first_frame(_editions_shown)
    from ciftis.cli import main

    main(["--dataset", dataset])
    _emit({"error": "the explorer exited before showing the Editions pane"})


def bare() -> None:
    def shown(app) -> bool:
        try:
            static = app.query_one("#hello")
        except Exception:
            return False
        return static.size.area > 0

    _hook_first_frame(shown)
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App):
        def compose(self) -> ComposeResult:
            yield Static("Hello, CIFTIS", id="hello")

    Bare().run()
    _emit({"error": "the bare app exited before its first frame"})


def keys() -> None:
    """A bare Textual app, run as any app runs (no hook): it shows the last key pressed."""
    from textual import events
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Keys(App):
        def compose(self) -> ComposeResult:
            yield Static("pressed nothing", id="key")

        def on_key(self, event: events.Key) -> None:
            self.query_one("#key", Static).update(f"pressed {event.key}")

    Keys().run()


def skeleton() -> None:
    """The explorer's first screen built from Textual's widgets alone, with fixed text and the
    explorer's stylesheet, and nothing of the explorer imported: what Textual itself costs for that
    screen (tabs with five panes, a filter box, a list and a detail list, a count, the footer)."""

    def shown(app) -> bool:
        try:
            entities = app.query_one(".entities")
        except Exception:
            return False
        return entities.option_count > 0 and entities.size.area > 0

    _hook_first_frame(shown)
    from pathlib import Path

    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.containers import Horizontal, Vertical
    from textual.widgets import Footer, Input, Label, OptionList, TabbedContent, TabPane

    class Skeleton(App):
        CSS_PATH = str(Path(__file__).resolve().parents[2] / "tui" / "ciftis" / "app" / "app.tcss")
        BINDINGS = [Binding("slash", "noop", "Search", key_display="/"), Binding("backspace", "noop", "Back", key_display="⌫"),
                    Binding("question_mark", "noop", "Help", key_display="?"), Binding("q", "quit", "Quit")]

        def compose(self) -> ComposeResult:
            with TabbedContent(initial="editions", id="panes"):
                for number, (pane, label) in enumerate((("editions", "Editions"), ("events", "Forums & events"), ("people", "People"), ("topics", "IP topics"), ("compare", "Compare")), start=1):
                    with TabPane(f"{number} {label}", id=pane):
                        if number == 1:
                            with Horizontal(classes="entity-pane"):
                                with Vertical(classes="sidebar"):
                                    yield Input(placeholder="Filter editions…", classes="filter", compact=True)
                                    yield OptionList(*[f"CIFTIS {year}" for year in range(2012, 2026) if year not in (2015, 2017)], classes="entities")
                                    yield Label("12 editions", classes="count")
                                yield OptionList(*[f"Line {n}: a label and the text of a detail of the first edition" for n in range(63)], classes="detail")
            yield Footer()

    Skeleton().run()
    _emit({"error": "the skeleton exited before its first frame"})


def calibrate() -> None:
    """A fixed workload of the kind the explorer does (objects built from plain data, then pure
    Python arithmetic), timed: on a shared machine whose speed drifts, it says how fast the machine
    was while a dataset was measured, so two runs can be compared."""
    import marshal

    started = time.perf_counter()
    rows = marshal.loads(marshal.dumps([(str(n), n, (n, "x" * (n % 7))) for n in range(200_000)]))
    records = [dict(zip(("id", "value", "extra"), row, strict=True)) for row in rows]
    total = 0
    for n in range(2_000_000):
        total += n * n % 7
    seconds = time.perf_counter() - started
    _emit({"seconds": seconds, "check": len(records) + total})


# -- dataset load -------------------------------------------------------------------------------
def app_loader():
    """The function the explorer loads its dataset with: (directory) -> (dataset or None, problems),
    and the cache writes it leaves for after the first frame (called by the caller when it wants)."""
    import inspect

    try:
        from ciftis.core.cache import load_dataset as load
    except ImportError:  # an explorer from before the cache (the "before" numbers)
        from ciftis.core.loader import check as load
    deferred = "write_later" in inspect.signature(load).parameters  # an explorer that caches after its first frame

    def loader(directory):
        writes: list = []
        if deferred:
            result, problems = load(directory, write_later=writes.append)
        else:
            result, problems = load(directory)
        return result, problems, writes

    return loader


def load(dataset: str) -> None:
    """The explorer's dataset load, timed from the call; the modules it always needs are imported
    first (and timed apart: that is start-up), what only a cold load needs (YAML) is imported inside."""
    started = time.perf_counter()
    loader = app_loader()
    try:
        import ciftis.core.cache  # noqa: F401
    except ImportError:  # an explorer from before the cache: it loads with ciftis.core.loader alone
        import ciftis.core.loader  # noqa: F401
    imported = time.perf_counter()
    result, problems, writes = loader(dataset)
    done = time.perf_counter()
    for write in writes:  # as the explorer does after its first frame: not part of the load
        write()
    entities = sum(result.counts().values()) if result is not None else 0
    _emit({"seconds": done - imported, "import_seconds": imported - started, "problems": len(problems), "ok": result is not None, "entities": entities, "rss_mb": _rss_mb()})


def yaml_baseline(dataset: str) -> None:
    from pathlib import Path

    started = time.perf_counter()
    import yaml

    imported = time.perf_counter()
    files = sorted(p for p in Path(dataset).rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    data = [yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) for path in files]
    done = time.perf_counter()
    _emit({"seconds": done - imported, "import_seconds": imported - started, "files": len(data), "rss_mb": _rss_mb()})


# -- search ---------------------------------------------------------------------------------------
def search(dataset: str, repeats: int) -> None:
    from ciftis.app.screens.search_screen import LIMIT  # the overlay's own arguments
    from ciftis.core.search import SearchIndex
    from tests.perf.queries import keystrokes

    loaded, problems, writes = app_loader()(dataset)
    assert loaded is not None, problems
    for write in writes:
        write()
    started = time.perf_counter()
    SearchIndex(loaded)  # built from the dataset
    built = time.perf_counter() - started
    SearchIndex.for_dataset(loaded)  # as the app gets it: built, or read from the cache (and written there)
    started = time.perf_counter()
    index = SearchIndex.for_dataset(loaded)  # from the cache now
    cached = time.perf_counter() - started
    states = keystrokes(loaded)
    timings = [[] for _ in states]
    for _ in range(repeats):
        for n, query in enumerate(states):
            started = time.perf_counter()
            index.search(query, limit=LIMIT)
            timings[n].append(time.perf_counter() - started)
    medians = [sorted(t)[len(t) // 2] for t in timings]
    slowest = sorted(zip(medians, states, strict=True), reverse=True)[:5]
    _emit({"index_seconds": built, "index_cached_seconds": cached, "keystrokes": medians, "slowest": [[q, s] for s, q in slowest], "rss_mb": _rss_mb()})


# -- panes and compare ------------------------------------------------------------------------------
class _Frames:
    """Frames as the app displays them (rendered to terminal bytes), and waits for the next one that shows something."""

    def __init__(self, app):
        self.app = app
        self.waiting: list = []
        original = app._display

        def display(screen, renderable):
            original(screen, renderable)
            if renderable is None:
                return
            render = getattr(renderable, "render_segments", None)
            if render is not None:
                render(app.console)
            now = time.perf_counter()
            for entry in list(self.waiting):
                predicate, future = entry
                if not future.done() and predicate():
                    future.set_result(now)
                    self.waiting.remove(entry)

        app._display = display

    def expect(self, predicate):
        """A future for the time of the next frame after now where `predicate()` holds (set up before acting)."""
        import asyncio

        future = asyncio.get_running_loop().create_future()
        self.waiting.append((predicate, future))
        return future

    async def until(self, future, timeout: float = 60.0) -> float:
        import asyncio

        return await asyncio.wait_for(future, timeout)


def _visible(widget) -> bool:
    return widget.region.area > 0 and widget.screen is widget.app.screen


def _rows(widget) -> int:
    rows = getattr(widget, "option_count", None)
    return rows if rows is not None else getattr(widget, "row_count", 0)


def ui(dataset: str, pages: int) -> None:
    import asyncio

    async def run() -> dict:
        from ciftis.app.app import CiftisApp
        from ciftis.core.compare import compare, series

        loaded, problems, writes = app_loader()(dataset)
        assert loaded is not None, problems
        app = CiftisApp(loaded)
        app.cache_writes = writes
        result: dict = {}
        async with app.run_test(size=SIZE) as pilot:
            frames = _Frames(app)
            await pilot.pause()
            await app.panes_ready()
            await app.workers.wait_for_complete()  # the search index, built or read in the background
            await pilot.pause()

            # the People pane, opened with its key
            people = app.pane("people").entities
            frame = frames.expect(lambda: _visible(people) and _rows(people) > 0)
            started = time.perf_counter()
            await pilot.press("3")
            shown = await frames.until(frame)
            result["people_open_ms"] = (shown - started) * 1000

            # the same list holding every entity of the dataset
            everything, ids = [], set()
            for kind in ("edition", "event", "person", "organization", "topic", "source", "metric", "figure"):
                for entity in loaded.of_kind(kind):
                    if entity.id not in ids:  # the list's rows are keyed by id
                        ids.add(entity.id)
                        everything.append(entity)
            await pilot.pause()
            frame = frames.expect(lambda: _visible(people) and _rows(people) >= len(everything))
            started = time.perf_counter()
            people.show_all(everything)
            shown = await frames.until(frame)
            result["list_rows"] = _rows(people)
            result["list_first_paint_ms"] = (shown - started) * 1000
            people.focus()
            await pilot.pause()

            # page-down through it
            steps = []
            for _ in range(pages):
                if people.highlighted is not None and people.highlighted >= _rows(people) - people.size.height:
                    people.highlighted = 0  # back to the top of a short list
                    await pilot.pause()
                before = people.highlighted
                frame = frames.expect(lambda before=before: people.highlighted != before)
                started = time.perf_counter()
                people.action_page_down()
                shown = await frames.until(frame)
                steps.append((shown - started) * 1000)
                await pilot.pause()
            result["page_down_ms"] = sorted(steps)[len(steps) // 2]
            result["page_down_max_ms"] = max(steps)

            # the Compare pane: two editions with the most figures, and the chart of a metric across all editions
            years = sorted(loaded.editions, key=lambda year: (-len(loaded.editions[year].figures), year))[:2]
            year_a, year_b = sorted(years)
            started = time.perf_counter()
            comparison = compare(loaded, year_a, year_b)
            result["compare_core_ms"] = (time.perf_counter() - started) * 1000
            metric = max(loaded.metrics, key=lambda m: sum(1 for year in loaded.editions if loaded.figures_for(year, m)))
            started = time.perf_counter()
            series(loaded, metric)
            result["series_core_ms"] = (time.perf_counter() - started) * 1000

            pane = app.pane("compare")
            frame = frames.expect(lambda: _visible(pane.table))
            await pilot.press("5")
            await frames.until(frame)
            await pilot.pause()
            pane.choose(year_a, year_a)  # start from a different pair, so choosing A and B rebuilds
            await pilot.pause()
            frame = frames.expect(lambda: pane.comparison is not None and (pane.comparison.year_a, pane.comparison.year_b) == (year_a, year_b) and pane.table.row_count == len(comparison.rows))
            started = time.perf_counter()
            pane.choose(year_a, year_b)
            shown = await frames.until(frame)
            result["compare_ms"] = (shown - started) * 1000
            result["compare_rows"] = len(comparison.rows)
            await pilot.pause()

            chart = pane.chart
            chart.show(None)
            await pilot.pause()
            frame = frames.expect(lambda: chart.metric_id == metric and _visible(chart))
            started = time.perf_counter()
            chart.show(metric, (year_a, year_b))
            shown = await frames.until(frame)
            result["chart_ms"] = (shown - started) * 1000
            result["chart_editions"] = len(loaded.editions)
        result["rss_mb"] = _rss_mb()
        return result

    _emit(asyncio.run(run()))


def main(argv: list[str]) -> None:
    mode = argv[0]
    if mode == "startup":
        startup(argv[1])
    elif mode == "bare":
        bare()
    elif mode == "skeleton":
        skeleton()
    elif mode == "keys":
        keys()
    elif mode == "calibrate":
        calibrate()
    elif mode == "load":
        load(argv[1])
    elif mode == "yaml":
        yaml_baseline(argv[1])
    elif mode == "search":
        search(argv[1], int(argv[2]))
    elif mode == "ui":
        ui(argv[1], int(argv[2]))
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
