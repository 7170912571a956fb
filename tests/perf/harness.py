"""The performance harness: generate datasets, measure, compare with the budgets, print a table.

`run(sizes, repeats)` generates a synthetic dataset for each size (tests/perf/generate.py) in a
temporary directory, then measures the bundled dataset and each synthetic one, every measurement in
fresh interpreters (tests/perf/driver.py) and reported as the median of `repeats` runs:

- start-up: launch to the first frame showing the Editions pane with its rows, headless, over the
  same for a bare Textual app showing one Static, the two interleaved in one run: the ratio is the
  median of each pair's ratio, so a machine that slows down or speeds up mid-run moves both. A
  third launch, Textual's own widgets for the same screen with no dataset (the "skeleton"), shows
  how much of the ratio is Textual's (and the explorer over it, paired the same way); each synthetic
  dataset's start-up is also paired with launches on the bundled dataset (issue 15: start-up
  independent of size);
- search: every keystroke of the typed queries (tests/perf/queries.py) through
  `SearchIndex.search` with the overlay's arguments: p50, p95 and max;
- load: cold (empty cache) and warm (second launch), against `yaml.load` with CSafeLoader;
- panes: the People pane opening, first paint of a list holding every entity of the dataset and
  page-down through it; the Compare pane building and drawing two editions, and the chart;
- peak RSS of a whole session (load with an empty cache, every pane, compare, chart);
- in a real terminal (tmux, 120×40; tests/perf/terminal.py): a first launch with no cache (to
  something shown, to the first frame, to the whole dataset), `5` and `/` sent at the first frame
  and once settled, a step down the Editions list against a letter typed into its filter, the
  search overlay closing on `escape` (against `escape` and a letter in a bare Textual app), and the
  resident memory once the app has settled after start;
- a machine check: a fixed Python workload timed before and after each dataset's measurements
  (tests/perf/driver.py), since a shared machine's speed drifts, sometimes twofold within minutes.

Every child gets its own XDG cache and config directories inside the work directory, so nothing
outside it is read or written, and writes its compiled bytecode there too (PYTHONPYCACHEPREFIX):
an installed explorer runs from bytecode compiled at install time, so one that recompiled its
sources at every launch (PYTHONDONTWRITEBYTECODE, as on some machines) would not be measured fairly.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

from tests.perf.generate import generate

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SIZES = (1_000, 10_000, 100_000)

# (key, label, unit); the table shows them in this order.
ROWS = (
    ("calibration_ms", "Machine check: a fixed Python workload (ms)", "ms"),
    ("entities", "Entities", ""),
    ("files", "Files", ""),
    ("startup_ms", "Start-up, explorer (ms)", "ms"),
    ("bare_ms", "Start-up, bare Textual app (ms)", "ms"),
    ("startup_ratio", "Start-up ratio (explorer / bare)", "x"),
    ("skeleton_ratio", "Start-up ratio, Textual skeleton of the same screen / bare", "x"),
    ("startup_vs_skeleton", "Start-up ratio (explorer / skeleton)", "x"),
    ("startup_vs_bundled", "Start-up ratio (this dataset / bundled)", "x"),
    ("load_cold_ms", "Load, cold (ms)", "ms"),
    ("load_warm_ms", "Load, warm (ms)", "ms"),
    ("yaml_ms", "yaml.load CSafeLoader, same files (ms)", "ms"),
    ("cold_vs_yaml", "Cold load / CSafeLoader", "x"),
    ("index_ms", "Search index build (ms)", "ms"),
    ("index_cached_ms", "Search index from the cache (ms)", "ms"),
    ("search_p50_ms", "Search per keystroke p50 (ms)", "ms"),
    ("search_p95_ms", "Search per keystroke p95 (ms)", "ms"),
    ("search_max_ms", "Search per keystroke max (ms)", "ms"),
    ("people_open_ms", "People pane open (ms)", "ms"),
    ("list_rows", "List rows (every entity)", ""),
    ("list_first_paint_ms", "List first paint (ms)", "ms"),
    ("page_down_ms", "Page-down (ms)", "ms"),
    ("compare_ms", "Compare two editions, build + draw (ms)", "ms"),
    ("chart_ms", "Cross-year chart, draw (ms)", "ms"),
    ("rss_mb", "Peak RSS, whole session (MB)", "MB"),
)
# measured in a real terminal (tests/perf/terminal.py): none of them without tmux
TERMINAL_ROWS = (
    ("key_compare_early_ms", "tmux: `5` at the first frame, to Compare shown (ms)", "ms"),
    ("key_compare_settled_ms", "tmux: `5` once settled, to Compare shown (ms)", "ms"),
    ("key_compare_ratio", "tmux: `5` at the first frame / settled", "x"),
    ("key_search_early_ms", "tmux: `/` at the first frame, to search shown (ms)", "ms"),
    ("key_search_settled_ms", "tmux: `/` once settled, to search shown (ms)", "ms"),
    ("key_search_ratio", "tmux: `/` at the first frame / settled", "x"),
    ("list_step_ms", "tmux: `j` down the Editions list, to its details shown (ms)", "ms"),
    ("filter_letter_ms", "tmux: a letter typed into the list's filter, to the list shown (ms)", "ms"),
    ("step_vs_letter", "tmux: list step / typed letter", "x"),
    ("overlay_close_ms", "tmux: `escape` on search, to the overlay gone (ms)", "ms"),
    ("bare_letter_ms", "tmux: a letter in a bare Textual app, to its screen changed (ms)", "ms"),
    ("bare_escape_ms", "tmux: `escape` in a bare Textual app, to its screen changed (ms)", "ms"),
    ("rss_start_mb", "RSS after start, settled (MB)", "MB"),
    ("quit_early_ms", "tmux: `q` 0.4 s after the first frame, to the process ended (ms)", "ms"),
    ("quit_settled_ms", "tmux: `q` once settled, to the process ended (ms)", "ms"),
    ("first_launch_shown_ms", "tmux: first launch (no cache), to something shown (ms)", "ms"),
    ("first_launch_frame_ms", "tmux: first launch (no cache), to the first frame (ms)", "ms"),
    ("first_launch_whole_ms", "tmux: first launch (no cache), to the whole dataset shown (ms)", "ms"),
)
ROWS += TERMINAL_ROWS

# (description, dataset, key, limit): each budget of the issue, checked against the results.
BUDGETS = (
    ("Start-up ratio <= 1.15x a bare Textual app", "bundled", "startup_ratio", 1.15),
    ("Search p95 <= 4 ms, bundled dataset", "bundled", "search_p95_ms", 4.0),
    ("Search p95 <= 16 ms at 100,000 entities", "100000", "search_p95_ms", 16.0),
    ("Bundled dataset ready <= 10 ms when unchanged (warm)", "bundled", "load_warm_ms", 10.0),
    ("100,000 entities warm load <= 0.5 s", "100000", "load_warm_ms", 500.0),
    ("Cold load no slower than CSafeLoader, 100,000", "100000", "cold_vs_yaml", 1.0),
    ("List of 100,000 entities: first paint <= 250 ms", "100000", "list_first_paint_ms", 250.0),
    ("List of 100,000 entities: page-down <= 50 ms", "100000", "page_down_ms", 50.0),
    ("Peak memory at 100,000 entities <= 600 MB", "100000", "rss_mb", 600.0),
    # issue 15
    ("Start-up <= 1.10x the Textual skeleton, bundled", "bundled", "startup_vs_skeleton", 1.10),
    ("Start-up at 100,000 entities <= 1.25x the bundled dataset's", "100000", "startup_vs_bundled", 1.25),
    ("RSS after start at 100,000 entities <= 200 MB", "100000", "rss_start_mb", 200.0),
    ("`5` at the first frame <= 1.3x settled, bundled", "bundled", "key_compare_ratio", 1.3),
    ("`5` at the first frame <= 1.3x settled, 100,000", "100000", "key_compare_ratio", 1.3),
    ("`/` at the first frame <= 1.3x settled, bundled", "bundled", "key_search_ratio", 1.3),
    ("`/` at the first frame <= 1.3x settled, 100,000", "100000", "key_search_ratio", 1.3),
    ("List step <= 2x a typed letter, bundled", "bundled", "step_vs_letter", 2.0),
    ("List step <= 2x a typed letter, 100,000", "100000", "step_vs_letter", 2.0),
    ("Search overlay closes <= 60 ms, bundled", "bundled", "overlay_close_ms", 60.0),
    ("Search overlay closes <= 60 ms, 100,000", "100000", "overlay_close_ms", 60.0),
    ("First launch at 100,000 entities shows progress <= 0.5 s", "100000", "first_launch_shown_ms", 500.0),
    ("First launch at 100,000 entities: usable frame <= 3 s", "100000", "first_launch_frame_ms", 3000.0),
)


def machine() -> dict:
    model = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    import yaml

    return {
        "cores": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "textual": version("textual"),
        "rich": version("rich"),
        "rapidfuzz": version("rapidfuzz"),
        "pyyaml": version("PyYAML") + (" (libyaml)" if getattr(yaml, "__with_libyaml__", False) else " (pure Python)"),
        "platform": platform.platform(),
    }


class Runner:
    """Runs driver modes in fresh interpreters with private cache and config directories."""

    def __init__(self, work: Path, log):
        self.work = work
        self.log = log

    def env(self, cache: Path) -> dict:
        env = dict(os.environ)
        env["XDG_CACHE_HOME"] = str(cache)
        env["XDG_CONFIG_HOME"] = str(self.work / "config")
        env.pop("CIFTIS_DATASET", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(self.work / "pycache")
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        return env

    def run(self, cache: Path, *args: str, timeout: float = 900) -> tuple[dict, int]:
        """Run the driver; return its JSON result and the monotonic_ns taken just before the launch."""
        command = [sys.executable, "-m", "tests.perf.driver", *args]
        started = time.monotonic_ns()
        done = subprocess.run(command, cwd=ROOT, env=self.env(cache), capture_output=True, text=True, timeout=timeout)
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        if done.returncode != 0 or not lines:
            raise RuntimeError(f"driver {' '.join(args)} failed ({done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
        result = json.loads(lines[-1])
        if "error" in result:
            raise RuntimeError(f"driver {' '.join(args)}: {result['error']}")
        return result, started


def _median(values) -> float:
    return statistics.median(values)


def _percentile(values, fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    at = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[at]


def measure(label: str, dataset: Path, runner: Runner, repeats: int, pages: int, startups: int, *,
            reference: Path | None = None, terminal: bool = True, steps: int = 10, settle: float = 2.0) -> dict:
    """Every measurement for one dataset; start-up also against the `reference` dataset (the bundled one)
    unless it is that one, and the key latencies in tmux if `terminal`."""
    log = runner.log
    cache = runner.work / f"cache-{label}"
    out: dict = {}

    def cold_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)
        cache.mkdir(parents=True)

    checks = [runner.run(cache, "calibrate")[0]["seconds"] for _ in range(3)]

    # load: cold, then warm (the cold run left the cache a second launch finds), then plain YAML
    cold, warm, plain = [], [], []
    for _ in range(repeats):
        cold_cache()
        result, _ = runner.run(cache, "load", str(dataset))
        if result["problems"] or not result["ok"]:
            raise RuntimeError(f"{label}: the dataset has {result['problems']} problems")
        cold.append(result["seconds"])
        out["entities"] = result["entities"]
        result, _ = runner.run(cache, "load", str(dataset))
        warm.append(result["seconds"])
        result, _ = runner.run(cache, "yaml", str(dataset))
        plain.append(result["seconds"])
        out["files"] = result["files"]
    out["load_cold_ms"] = _median(cold) * 1000
    out["load_warm_ms"] = _median(warm) * 1000
    out["yaml_ms"] = _median(plain) * 1000
    out["cold_vs_yaml"] = out["load_cold_ms"] / out["yaml_ms"]
    log(f"  load: cold {out['load_cold_ms']:.0f} ms, warm {out['load_warm_ms']:.1f} ms, CSafeLoader {out['yaml_ms']:.0f} ms")

    # start-up, the explorer, the bare app and the skeleton interleaved, with the cache warm
    for mode in (("startup", str(dataset)), ("bare",), ("skeleton",)):  # warm-up: caches, bytecode, the OS's file cache
        runner.run(cache, *mode)
    times: dict[str, list[float]] = {"startup": [], "bare": [], "skeleton": []}
    for _ in range(startups):
        for mode in (("bare",), ("startup", str(dataset)), ("skeleton",)):
            result, started = runner.run(cache, *mode)
            times[mode[0]].append((result["ready_ns"] - started) / 1e6)
    out["startup_ms"] = _median(times["startup"])
    out["bare_ms"] = _median(times["bare"])
    out["skeleton_ms"] = _median(times["skeleton"])
    out["startup_ratio"] = _median([app / bare for app, bare in zip(times["startup"], times["bare"], strict=True)])
    out["skeleton_ratio"] = _median([skeleton / bare for skeleton, bare in zip(times["skeleton"], times["bare"], strict=True)])
    out["startup_vs_skeleton"] = _median([app / skeleton for app, skeleton in zip(times["startup"], times["skeleton"], strict=True)])
    log(f"  start-up: {out['startup_ms']:.0f} ms vs bare {out['bare_ms']:.0f} ms = {out['startup_ratio']:.2f}x (skeleton {out['skeleton_ratio']:.2f}x)")
    if reference is not None and reference != dataset:
        out["startup_vs_bundled"] = against_reference(runner, dataset, cache, reference, startups)
        log(f"  start-up against the bundled dataset: {out['startup_vs_bundled']:.2f}x")

    # search, every keystroke
    result, _ = runner.run(cache, "search", str(dataset), str(repeats))
    keys = [seconds * 1000 for seconds in result["keystrokes"]]
    out["index_ms"] = result["index_seconds"] * 1000
    out["index_cached_ms"] = result.get("index_cached_seconds", 0) * 1000
    out["search_keystrokes"] = len(keys)
    out["search_p50_ms"] = _percentile(keys, 0.50)
    out["search_p95_ms"] = _percentile(keys, 0.95)
    out["search_max_ms"] = max(keys)
    out["search_slowest"] = [[query, seconds * 1000] for query, seconds in result["slowest"]]
    log(f"  search: p50 {out['search_p50_ms']:.2f} ms, p95 {out['search_p95_ms']:.2f} ms, max {out['search_max_ms']:.2f} ms over {len(keys)} keystrokes (index {out['index_ms']:.0f} ms)")

    # panes and compare, with the cache warm; then a whole session from an empty cache for peak memory
    runs = [runner.run(cache, "ui", str(dataset), str(pages))[0] for _ in range(repeats)]
    for key in ("people_open_ms", "list_first_paint_ms", "page_down_ms", "page_down_max_ms", "compare_ms", "chart_ms", "compare_core_ms", "series_core_ms"):
        out[key] = _median([run[key] for run in runs])
    for key in ("list_rows", "compare_rows", "chart_editions"):
        out[key] = runs[0][key]
    checks += [runner.run(cache, "calibrate")[0]["seconds"] for _ in range(3)]
    out["calibration_ms"] = _median(checks) * 1000
    cold_cache()
    session, _ = runner.run(cache, "ui", str(dataset), str(pages))
    out["rss_mb"] = max([session["rss_mb"]] + [run["rss_mb"] for run in runs])
    log(f"  panes: people {out['people_open_ms']:.0f} ms, list of {out['list_rows']} first paint {out['list_first_paint_ms']:.0f} ms, page-down {out['page_down_ms']:.1f} ms; compare {out['compare_ms']:.0f} ms, chart {out['chart_ms']:.0f} ms; peak RSS {out['rss_mb']:.0f} MB")

    if terminal:
        out.update(measure_terminal(dataset, runner.env(cache), repeats, steps, settle))
        log(f"  tmux: `5` {out['key_compare_early_ms']:.0f} ms at the first frame, {out['key_compare_settled_ms']:.0f} ms settled ({out['key_compare_ratio']:.2f}x); "
            f"`/` {out['key_search_early_ms']:.0f} / {out['key_search_settled_ms']:.0f} ms ({out['key_search_ratio']:.2f}x); "
            f"`j` {out['list_step_ms']:.0f} ms, a letter {out['filter_letter_ms']:.0f} ms ({out['step_vs_letter']:.2f}x); "
            f"overlay close {out['overlay_close_ms']:.0f} ms (a bare app: escape {out['bare_escape_ms']:.0f} ms, a letter {out['bare_letter_ms']:.0f} ms); "
            f"RSS after start {out['rss_start_mb']:.0f} MB")
    return out


def against_reference(runner: Runner, dataset: Path, cache: Path, reference: Path, startups: int) -> float:
    """Start-up on `dataset` over start-up on `reference`, launches interleaved: the median of the pairs' ratios."""
    reference_cache = runner.work / "cache-reference"
    runner.run(reference_cache, "load", str(reference))  # its cache written (a start-up exits before writing one)
    runner.run(reference_cache, "startup", str(reference))
    runner.run(cache, "startup", str(dataset))
    ratios = []
    for _ in range(startups):
        first, started = runner.run(reference_cache, "startup", str(reference))
        second, started_second = runner.run(cache, "startup", str(dataset))
        ratios.append((second["ready_ns"] - started_second) / (first["ready_ns"] - started))
    return _median(ratios)


def measure_terminal(dataset: Path, env: dict, repeats: int, steps: int, settle: float) -> dict:
    """A first launch, then the key latencies and memory after start in tmux (tests/perf/terminal.py),
    after one launch that leaves the dataset's caches written."""
    from tests.perf import terminal

    out = terminal.first_launch(dataset, env, repeats, settle)
    warm, _screen = terminal.started(dataset, env)
    time.sleep(settle)
    warm.close()
    out.update(terminal.keys_at_start(dataset, env, repeats, settle))
    out.update(terminal.interactions(dataset, env, repeats, steps, settle))
    out.update(terminal.bare_keys(env, repeats, steps))
    out.update(terminal.closing(dataset, env, repeats, settle))
    return out


def run(sizes=DEFAULT_SIZES, repeats: int = 5, *, work: Path | None = None, bundled: bool = True, pages: int = 10, startups: int = 15,
        terminal: bool = True, steps: int = 10, settle: float = 2.0, log=None) -> dict:
    """Generate, measure and return every result (see ROWS and BUDGETS for the keys). `terminal`: the key
    latencies in tmux too (skipped, with a note in the log, where tmux is not installed)."""
    log = log or (lambda text: print(text, file=sys.stderr, flush=True))
    owned = work is None
    work = Path(work or tempfile.mkdtemp(prefix="ciftis-perf-"))
    work.mkdir(parents=True, exist_ok=True)
    runner = Runner(work, log)
    if terminal and shutil.which("tmux") is None:
        log("tmux is not installed: the key latencies in a real terminal are not measured")
        terminal = False
    results: dict = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {"sizes": list(sizes), "repeats": repeats, "startups": startups, "pages": pages, "steps": steps, "settle_seconds": settle,
                     "terminal": "120x40, headless; key latencies in tmux, 120x40" if terminal else "120x40, headless"},
        "datasets": {},
    }
    try:
        from ciftis.core.locations import bundled_dataset_dir

        reference = bundled_dataset_dir()
        targets = []
        if bundled:
            targets.append(("bundled", reference))
        for size in sizes:
            directory = work / f"data-{size}"
            if not directory.exists():
                started = time.perf_counter()
                generate(directory, size)
                log(f"generated {size:,} entities in {time.perf_counter() - started:.1f} s")
            targets.append((str(size), directory))
        for label, directory in targets:
            log(f"{label}: {directory}")
            started = time.perf_counter()
            got = measure(label, directory, runner, repeats, pages, startups, reference=reference, terminal=terminal, steps=steps, settle=settle)
            results["datasets"][label] = got
            log(f"  ({time.perf_counter() - started:.0f} s)")
    finally:
        if owned:
            shutil.rmtree(work, ignore_errors=True)
    results["budgets"] = check_budgets(results)
    return results


def check_budgets(results: dict) -> list[dict]:
    out = []
    for description, label, key, limit in BUDGETS:
        value = results["datasets"].get(label, {}).get(key)
        out.append({"budget": description, "dataset": label, "key": key, "limit": limit, "value": value, "met": None if value is None else value <= limit})
    return out


def _cell(value, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "x":
        return f"{value:.2f}×"
    if isinstance(value, int) or unit == "":
        return f"{value:,}"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def table(results: dict) -> str:
    """The results as a Markdown table: one row per measurement, one column per dataset."""
    labels = list(results["datasets"])
    head = "| Measurement | " + " | ".join("bundled" if label == "bundled" else f"{int(label):,}" for label in labels) + " |"
    lines = [head, "| --- |" + " ---: |" * len(labels)]
    for key, title, unit in ROWS:
        cells = [_cell(results["datasets"][label].get(key), unit) for label in labels]
        lines.append(f"| {title} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("| Budget | Value | Met |")
    lines.append("| --- | ---: | :---: |")
    for budget in results.get("budgets", []):
        unit = next((u for k, _t, u in ROWS if k == budget["key"]), "")
        met = "—" if budget["met"] is None else ("yes" if budget["met"] else "**no**")
        lines.append(f"| {budget['budget']} | {_cell(budget['value'], unit)} | {met} |")
    return "\n".join(lines)


def report(results: dict) -> str:
    info = results["machine"]
    settings = results["settings"]
    return (
        f"{results['date']} · {info['cores']} cores, {info['cpu']} · Python {info['python']}, Textual {info['textual']}, "
        f"PyYAML {info['pyyaml']}, RapidFuzz {info['rapidfuzz']} · median of {settings['repeats']} runs "
        f"({settings['startups']} launches of each app for start-up)\n\n" + table(results)
    )


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m tests.perf", description="Measure the explorer at 1,000, 10,000 and 100,000 synthetic entities and on the bundled dataset.")
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="comma-separated dataset sizes (default %(default)s)")
    parser.add_argument("--repeats", type=int, default=5, help="runs per measurement; the median is reported (default %(default)s)")
    parser.add_argument("--startups", type=int, default=15, help="launches of each app for the start-up ratio (default %(default)s)")
    parser.add_argument("--pages", type=int, default=10, help="page-downs per list measurement (default %(default)s)")
    parser.add_argument("--steps", type=int, default=10, help="list steps, letters and overlay closes per tmux launch (default %(default)s)")
    parser.add_argument("--settle", type=float, default=2.0, help="seconds of idle after the first frame for the settled measurements (default %(default)s)")
    parser.add_argument("--no-terminal", action="store_true", help="skip the key latencies in tmux")
    parser.add_argument("--no-bundled", action="store_true", help="skip the bundled dataset (start-up is still compared with it)")
    parser.add_argument("--work", metavar="DIR", help="keep generated datasets and caches here (default: a temporary directory, removed)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of a table")
    parser.add_argument("--output", metavar="PATH", help="also write the JSON results to PATH")
    args = parser.parse_args(argv)
    sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()]
    results = run(sizes, args.repeats, work=Path(args.work) if args.work else None, bundled=not args.no_bundled, pages=args.pages, startups=args.startups,
                  terminal=not args.no_terminal, steps=args.steps, settle=args.settle)
    if args.output:
        Path(args.output).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(report(results))
    return 0
