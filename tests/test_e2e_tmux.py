"""End to end: the installed `ciftis` in a real terminal under tmux, driven by keys, read back
from the screen: a figure copied by OSC 52 into tmux's paste buffer, the Trends grid, a source
opened through `BROWSER`, the view saved with ctrl+s, and a keymap read from config.yaml."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import uuid

import pytest

pytestmark = pytest.mark.slow


def _require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is not installed; .ci/run installs it")
        pytest.skip(f"{tool} is not installed")
    return path


class Terminal:
    """A private tmux server running one command in a window of a fixed size."""

    def __init__(self, command: list[str], env: dict[str, str], size=(120, 40), cwd: str | None = None):
        self.socket = f"ciftis-test-{uuid.uuid4().hex[:8]}"
        self.tmux = _require("tmux")
        env_args = [item for key, value in env.items() for item in ("-e", f"{key}={value}")]
        # the server (and so the app) gets this environment; inherited as it is, it can hold a COLUMNS
        # and LINES of 80×24 that a curses call under pytest put there, and the app would lay out in that
        server_env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES")}
        subprocess.run([self.tmux, "-L", self.socket, "new-session", "-d", "-s", "app", "-x", str(size[0]), "-y", str(size[1]),
                        *(["-c", cwd] if cwd else []), *env_args, " ".join(command)],
                       env=server_env, capture_output=True, text=True, check=True)
        self.run("set-option", "-g", "set-clipboard", "on")

    def run(self, *args: str) -> str:
        return subprocess.run([self.tmux, "-L", self.socket, *args], capture_output=True, text=True, check=True).stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-t", "app", "-p")

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "app", *keys)

    def type(self, text: str) -> None:
        self.run("send-keys", "-t", "app", "-l", text)

    def wait_for(self, text: str, timeout: float = 20.0, every: float = 0.1) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(every)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")

    def wait_for_gone(self, text: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text not in self.screen():
                return
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never went away; the screen shows:\n{self.screen()}")

    def wait_for_buffer(self, expected: str, timeout: float = 10.0) -> str:
        deadline = time.monotonic() + timeout
        buffer = ""
        while time.monotonic() < deadline:
            done = subprocess.run([self.tmux, "-L", self.socket, "show-buffer"], capture_output=True, text=True)
            buffer = done.stdout
            if buffer == expected:
                return buffer
            time.sleep(0.1)
        raise AssertionError(f"tmux's paste buffer holds {buffer!r}, not {expected!r}")

    def close(self) -> None:
        subprocess.run([self.tmux, "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def launch(tmp_path):
    """Start the installed app in a terminal of its own, in tmp_path, with settings and cache
    there; `env` adds to (or replaces) its environment. Every terminal started is closed."""
    ciftis = _require("ciftis")
    started: list[Terminal] = []

    def start(**env: str) -> Terminal:
        base = {
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "XDG_CACHE_HOME": str(tmp_path / "cache"),
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
            "LANG": "C.UTF-8",
        }
        started.append(Terminal([ciftis], base | env, cwd=str(tmp_path)))
        return started[-1]

    yield start
    for term in started:
        term.close()


@pytest.fixture
def terminal(launch):
    return launch()


def test_copy_a_figure_into_the_paste_buffer(terminal):
    terminal.wait_for("12 editions")
    screen = terminal.screen()
    assert "1 Editions" in screen and "5 Compare" in screen

    terminal.keys("/")
    terminal.type("2021 exhibition area")
    terminal.wait_for("CIFTIS 2021 — Exhibition area (Both venues together): 126,000 m²")
    terminal.keys("Enter")
    terminal.wait_for("Copy cited")

    terminal.keys("y")
    terminal.wait_for_buffer("126,000 m²")
    terminal.keys("Y")
    terminal.wait_for_buffer("CIFTIS 2021 — Exhibition area: 126,000 m² (People's Daily Online, 2021-09-11)")

    terminal.keys("5")
    terminal.wait_for("Δ%")
    terminal.keys("q")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if subprocess.run([terminal.tmux, "-L", terminal.socket, "has-session", "-t", "app"], capture_output=True).returncode != 0:
            break
        time.sleep(0.1)
    else:
        raise AssertionError("q did not quit the app")


def _quit_within(terminal, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if subprocess.run([terminal.tmux, "-L", terminal.socket, "has-session", "-t", "app"], capture_output=True).returncode != 0:
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize("box", ["/"])
def test_a_storm_of_keys_into_a_box_is_bounded_and_esc_and_q_still_answer(terminal, box):
    """5,000 characters sent as keystrokes at once (a paste without bracketed paste) into the
    search box or a list's filter: the box keeps its limit, the screen answers, esc and q work."""
    terminal.wait_for("12 editions")
    terminal.keys(box)
    for _ in range(5):  # tmux takes a command of limited length: 5 of 1,000 characters, back to back
        terminal.type("liu hua " * 125)
    # the newest text searched, not one search a key: the search finds Liu Hua; no edition matches
    terminal.wait_for("Liu Hua" if box == "/" else "0 of 12 editions", timeout=120)
    terminal.keys("Escape")  # (sent alone: an escape followed at once by q reads as alt+q)
    if box == "/":
        terminal.wait_for_gone("Type to search", timeout=60)
    else:
        time.sleep(0.5)
        terminal.keys("Escape")
    time.sleep(0.5)
    terminal.keys("q")
    assert _quit_within(terminal, 60), "q did not quit after the storm"


@pytest.mark.parametrize(("keys", "shown", "gone"), [
    (("2", "3", "4", "5"), "23 of 24 metrics differ", "Filter editions"),
    (("5", "1"), "Filter editions", "metrics differ"),
    (("1", "5"), "23 of 24 metrics differ", "Filter editions"),
    (("5", "["), "A 2023", "A 2024"),  # a key for the pane just opened, in the packet that opens it
], ids=["2 3 4 5", "5 1", "1 5", "5 ["])
def test_keys_sent_together_at_the_first_frame_all_take_effect(terminal, keys, shown, gone):
    """Keys that arrive in one packet the moment the first frame shows (as over SSH) are all
    taken, in order: the screen ends where the last of them leads."""
    terminal.wait_for("12 editions", every=0.002)
    terminal.keys(*keys)
    screen = terminal.wait_for(shown)
    time.sleep(1.0)  # anything still queued has had its turn
    screen = terminal.screen()
    assert shown in screen and gone not in screen


# -- helpers for the daily moves: notifications, recorded files, the dataset as the core reads it --
def toast_text(screen: str) -> str:
    """The text of the notifications on screen, their wrapped lines joined: what follows the last
    `▌` (a toast's left edge) on each line."""
    parts = (line.rsplit("▌", 1)[1].strip() for line in screen.splitlines() if "▌" in line)
    return " ".join(part for part in parts if part)


def wait_for_toast(terminal: Terminal, text: str, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        toasts = toast_text(terminal.screen())
        if text in toasts:
            return toasts
        time.sleep(0.1)
    raise AssertionError(f"no notification says {text!r}; the screen shows:\n{terminal.screen()}")


def wait_for_file(path, expected: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    held = None
    while time.monotonic() < deadline:
        if path.exists():
            held = path.read_text(encoding="utf-8")
            if held == expected:
                return
        time.sleep(0.1)
    raise AssertionError(f"{path} holds {held!r}, not {expected!r}")


def columns(line: str) -> list[str]:
    """A grid row's cells as drawn: runs of text parted by two spaces or more."""
    return re.split(r"\s{2,}", line.strip())


def grid_row(screen: str, label: str) -> list[str]:
    rows = [columns(line) for line in screen.splitlines() if columns(line)[0] == label]
    assert len(rows) == 1, f"one row {label!r} expected; the screen shows:\n{screen}"
    return rows[0]


@pytest.fixture
def dataset():
    from ciftis.core.loader import load

    return load(None)  # the bundled dataset, as the installed app reads it


def first_address(figure, dataset) -> str:
    """The address of the first of a figure's cited sources that has one."""
    return next(dataset.sources[ref.source].url for ref in figure.sources if dataset.sources[ref.source].url)


def latest_pair(dataset) -> tuple[int, int]:
    """The editions Compare opens on: the two latest that report figures."""
    years = [year for year, edition in dataset.editions.items() if edition.figures]
    return years[-2], years[-1]


def browser_script(tmp_path):
    """A `BROWSER` that appends the address it is given to a file: (the script, the file)."""
    opened = tmp_path / "opened.txt"
    script = tmp_path / "browser.sh"
    script.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{opened}'\n", encoding="utf-8")
    script.chmod(0o755)
    return str(script), opened


# -- Trends, o, ctrl+s and a keymap from config.yaml -----------------------------------------------
def test_trends_grid_sorts_filters_and_opens_a_cell_with_its_sources(launch, tmp_path, dataset):
    from ciftis.core.format import citation
    from ciftis.core.trends import filter_rows, sort_rows, sort_state, trends

    grid = trends(dataset)
    area = next(row for row in grid.rows if row.metric.id == "exhibition-area")
    script, opened = browser_script(tmp_path)
    terminal = launch(BROWSER=script)
    terminal.wait_for("12 editions")

    terminal.keys("6")
    screen = terminal.wait_for(f"{len(grid.rows)} metrics · sorted by {sort_state(grid.columns[0], False)}")
    assert grid.rows[0] is area  # headline order: the exhibition area first
    header = columns(next(line for line in screen.splitlines() if line.startswith(" Metric ")))
    row = grid_row(screen, area.metric.label)
    # the first two editions (the last column in view may be cut at the window's edge)
    assert header[:5] == ["Metric", "Unit", "Trend", *(str(year) for year in grid.years[:2])]
    assert row[:5] == [area.metric.label, area.unit, area.spark, *(cell.text for cell in area.cells[:2])]
    assert row[1:5] == ["m²", area.spark, "50,000", "·"]  # the unit once; 2012 as read; 2013 reports none: a gap

    # enter on the 2021 cell: the figure with its sources; o opens the first source's address
    figure = area.cell(2021).figure
    assert area.cell(2021).text == "126,000 ≠"
    for _ in range(grid.years.index(2021) + 3):  # from the metric's name, past its unit and sparkline
        terminal.keys("Right")
    screen = terminal.wait_for("2021")
    assert "126,000 ≠" in grid_row(screen, area.metric.label)
    terminal.keys("Enter")
    terminal.wait_for(f"Sources — {area.metric.label}")
    screen = terminal.wait_for("FIGURE  CIFTIS 2021 — Exhibition area")
    assert "Value    126,000 m²" in screen and f"Cited as {citation(figure, dataset)}" in screen
    assert citation(figure, dataset) == "People's Daily Online, 2021-09-11"
    assert f"URL      {first_address(figure, dataset)}" in screen
    terminal.keys("o")
    wait_for_file(opened, first_address(figure, dataset) + "\n")
    terminal.keys("Escape")
    terminal.wait_for_gone(f"Sources — {area.metric.label}")

    # s: sorted by the next column, the metric's name A–Z
    terminal.keys("s")
    screen = terminal.wait_for(f"{len(grid.rows)} metrics · sorted by {sort_state(grid.columns[1], False)}")
    lines = screen.splitlines()
    first = columns(lines[next(n for n, line in enumerate(lines) if line.startswith(" Metric ")) + 1])[0]
    assert first == sort_rows(grid.rows, grid.columns[1])[0].metric.label == "Achievements launched"

    # f and the letters in one write (as over SSH): they go into the box, not to the grid's
    # bindings (the s in "exhibition" would sort): only the metrics that match, in the sort chosen
    terminal.type("fexhibition area")
    matching = sort_rows(filter_rows(grid.rows, "exhibition area"), grid.columns[1])
    screen = terminal.wait_for(f"{len(matching)} of {len(grid.rows)} metrics · sorted by {sort_state(grid.columns[1], False)}")
    lines = screen.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith(" Metric ")) + 1
    assert [columns(line)[0] for line in lines[start : start + len(matching)]] == [row.metric.label for row in matching]
    assert [row.metric.label for row in matching] == ["Country exhibition area", "Exhibition area"]
    assert "Visitors" not in screen and "Achievements launched" not in screen


def test_o_in_compare_opens_the_first_addressed_source_of_the_highlighted_figure(launch, tmp_path, dataset):
    from ciftis.core.compare import compare

    year_a, year_b = latest_pair(dataset)
    rows = compare(dataset, year_a, year_b, sort="metric").rows
    row = next(row for row in rows if row.a.figure is not None and row.b.figure is not None)  # where the cursor starts
    expected = first_address(row.a.figure, dataset)
    assert expected.startswith(("http://", "https://"))
    script, opened = browser_script(tmp_path)
    terminal = launch(BROWSER=script)
    terminal.wait_for("12 editions")

    terminal.keys("5")
    terminal.wait_for("metrics differ · sorted by metric")
    terminal.wait_for(f" {row.metric.label}  (")  # the chart's title: the highlighted metric
    terminal.keys("o")
    wait_for_toast(terminal, "Opening http")
    wait_for_file(opened, expected + "\n")


def test_ctrl_s_in_compare_saves_the_comparison_to_the_path_typed(launch, tmp_path, dataset):
    from ciftis.core.compare import compare
    from ciftis.core.views import comparison_view, view_text

    year_a, year_b = latest_pair(dataset)
    comparison = compare(dataset, year_a, year_b, sort="metric")
    view = comparison_view(comparison, list(comparison.rows))
    target = tmp_path / "saved" / "compare.csv"
    target.parent.mkdir()
    terminal = launch(HOME=str(tmp_path))  # the notification names the path from home
    terminal.wait_for("12 editions")

    terminal.keys("5")
    terminal.wait_for("metrics differ · sorted by metric")
    terminal.keys("C-s")
    terminal.wait_for(f"Save the view — Compare {year_a} with {year_b}")
    terminal.wait_for(view.default_file_name)
    terminal.keys("C-u")  # the default name cleared (the cursor is at its end)
    terminal.wait_for_gone(view.default_file_name)
    terminal.type("~/saved/compare.csv")  # (HOME is tmp_path; a whole /tmp path is wider than the box)
    terminal.wait_for("~/saved/compare.csv")
    terminal.keys("Enter")
    wait_for_toast(terminal, f"Saved Compare {year_a} with {year_b} (CSV) to ~/saved/compare.csv")
    assert target.read_text(encoding="utf-8") == view_text(view, ".csv")
    assert not (tmp_path / view.default_file_name).exists()


def test_a_keymap_in_config_yaml_moves_search_and_an_unknown_id_is_reported_once(launch, tmp_path):
    config = tmp_path / "config" / "ciftis" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("keymap:\n  search: ctrl+f\n  no-such-id: f5\n", encoding="utf-8")
    terminal = launch(HOME=str(tmp_path))  # so the file is named from home: ~/config/ciftis/config.yaml
    terminal.wait_for("12 editions")

    problem = "~/config/ciftis/config.yaml:3: keymap: no-such-id: no binding has this id (the ids are listed in the README)"
    toasts = wait_for_toast(terminal, problem)
    assert toasts.count("Theme and settings problems") == 1 and toasts.count("no-such-id") == 1
    terminal.wait_for("^f Search")  # the footer shows the user's key

    terminal.keys("C-f")
    terminal.wait_for("Type to search")
    terminal.type("2021 exhibition area")
    terminal.wait_for("CIFTIS 2021 — Exhibition area (Both venues together): 126,000 m²")
    terminal.keys("Escape")
    terminal.wait_for_gone("Type to search")
    assert config.read_text(encoding="utf-8") == "keymap:\n  search: ctrl+f\n  no-such-id: f5\n"  # never written over


def test_letters_typed_with_f_in_one_write_go_into_the_filter(terminal):
    terminal.wait_for("12 editions")
    terminal.type("fquit")
    terminal.wait_for("0 of 12 editions")  # the box holds "quit": the q before it did not quit
