"""The explorer in a real terminal: key latencies as a user feels them, measured through tmux.

Each launch gets its own tmux server (`tmux -L NAME`) with one window of 120×40 running the
explorer (`python -m ciftis --dataset DATASET`, exec'd by tmux, so the pane's process is the app),
with the environment of the harness's other children (private cache and settings folders,
bytecode compiled once). A key is sent with `tmux send-keys`, and the screen is read back with
`tmux capture-pane -p` every few milliseconds until it shows the key's result: a latency is from
just before `send-keys` is started to the start of the first capture that shows it, so it includes
launching the tmux client once (≈ 3–5 ms here) and is resolved to about one capture (≈ 3–8 ms).

- `keys_at_start`: `5` (the Compare pane's bar, "… metrics differ") and `/` (the search overlay's
  "Type to search"), each in a fresh launch, sent **early** (the moment the first frame shows the
  Editions list with its count) and **settled** (the same key once `settle` seconds have passed
  and the app has then been idle, under 5 % of a core, for half a second: a large dataset's rest
  and search index are read by then), launches of the two interleaved;
- `interactions`, in launches that have settled: `j` one step down the Editions list until the
  details show the next edition (their `EDITION` heading changes; `k` goes back, unmeasured),
  a letter typed into the list's filter until the count says "N of M editions" (backspace
  empties it again, unmeasured), `/` then `escape` until the overlay is gone, and the app's
  resident memory (VmRSS of /proc/PID/status) once it has settled after its first frame;
- `bare_keys`, the yardstick: a letter and `escape` in a bare Textual app that shows the last key
  pressed. Textual's input parser holds a lone escape until it is sure no escape sequence follows
  (ESCAPE_DELAY, 100 ms, checked when its input thread's 0.1 s `select` returns), so no app
  answers `escape` in much less than 100 ms; the overlay's close is to be read against this;
- `closing`: `q` until the explorer's process has ended, 0.4 s after the first frame (a large
  dataset's rest is being read then) and once settled;
- `first_launch`: a launch with an empty cache folder, from just before tmux starts it to the first
  thing on screen (its progress line, or the first frame), to the first frame, and to the whole
  dataset there (the details show their `EDITION` heading instead of saying it is being read).
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

SIZE = (120, 40)
POLL = 0.002  # seconds between captures
FIRST_FRAME = re.compile(r"^ (\d+) editions\b", re.MULTILINE)  # the Editions list's count, under its rows
UNFILTERED = re.compile(r"^ \d+ editions\b", re.MULTILINE)
HEADING = re.compile(r"  EDITION  (.+?)\s*$", re.MULTILINE)  # the details' first line

# key -> (what the screen shows once it has taken effect)
START_KEYS = {"5": "metrics differ", "/": "Type to search"}
LETTER = "c"
FILTER_FOCUSED = "esc List"


def available() -> bool:
    return shutil.which("tmux") is not None


class Terminal:
    """One tmux server running one command (the explorer, or the bare app) in a 120×40 window."""

    def __init__(self, command: list[str], env: dict):
        self.socket = f"ciftis-perf-{uuid.uuid4().hex[:8]}"
        env = {key: value for key, value in env.items() if not key.startswith(("TMUX", "TEXTUAL_DRIVER")) and key not in ("COLUMNS", "LINES")}
        terminal = {"TERM": "xterm-256color", "COLORTERM": "truecolor", "LANG": "C.UTF-8"}
        env.update(terminal)
        settings = [item for key, value in terminal.items() for item in ("-e", f"{key}={value}")]
        # the server is started by this command, so its environment (and the app's) is `env`
        subprocess.run(["tmux", "-L", self.socket, "new-session", "-d", "-s", "app", "-x", str(SIZE[0]), "-y", str(SIZE[1]), *settings, *command],
                       env=env, check=True, capture_output=True)

    def tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)} failed (has the explorer exited?): {done.stderr.strip()}")
        return done.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-t", "app", "-p")

    def keys(self, *keys: str) -> int:
        """Send keys; return the monotonic_ns taken just before."""
        sent = time.monotonic_ns()
        self.tmux("send-keys", "-t", "app", *keys)
        return sent

    def until(self, shows, timeout: float = 60.0) -> tuple[int, str]:
        """Poll the screen until `shows(screen)`; return the monotonic_ns of that capture's start, and the screen."""
        deadline = time.monotonic() + timeout
        while True:
            started = time.monotonic_ns()
            screen = self.screen()
            if shows(screen):
                return started, screen
            if time.monotonic() > deadline:
                raise RuntimeError(f"the screen never showed what was waited for; it shows:\n{screen}")
            time.sleep(POLL)

    def latency_ms(self, key: str, shows, timeout: float = 60.0) -> float:
        sent = self.keys(key)
        seen, _screen = self.until(shows, timeout)
        return (seen - sent) / 1e6

    def pid(self) -> int:
        return int(self.tmux("display-message", "-p", "-t", "app", "#{pane_pid}").strip())

    def settle(self, seconds: float, quiet: float = 0.5, timeout: float = 120.0) -> None:
        """Wait `seconds`, then until the app has used under 5 % of a core for `quiet` seconds."""
        time.sleep(seconds)
        pid = self.pid()
        deadline = time.monotonic() + timeout
        used = cpu_seconds(pid)
        while True:
            time.sleep(quiet)
            now = cpu_seconds(pid)
            if now - used < 0.05 * quiet:
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"the app was still busy {timeout:.0f} s after its first frame")
            used = now

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


def _stat(pid: int) -> list[str]:
    """The fields of /proc/PID/stat after the command's name (the state first)."""
    return Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()


def cpu_seconds(pid: int) -> float:
    """CPU time a process has used so far (user and system, /proc/PID/stat), in seconds."""
    fields = _stat(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    """Resident memory of a process now, in MB (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def _first_frame(screen: str) -> bool:
    return FIRST_FRAME.search(screen) is not None


def started(dataset: Path, env: dict) -> tuple[Terminal, str]:
    """The explorer launched in its own tmux server, once its first frame shows the Editions list."""
    terminal = Terminal([sys.executable, "-m", "ciftis", "--dataset", str(dataset)], env)
    try:
        _seen, screen = terminal.until(_first_frame, timeout=300)
    except BaseException:
        terminal.close()
        raise
    return terminal, screen


def keys_at_start(dataset: Path, env: dict, repeats: int, settle: float = 2.0) -> dict:
    """Medians of `5` and `/` sent at the first frame and once settled, and their ratios (early / settled)."""
    times: dict[str, list[float]] = {}
    for _ in range(repeats):
        for key, marker in START_KEYS.items():
            for when in ("early", "settled"):
                terminal, _screen = started(dataset, env)
                try:
                    if when == "settled":
                        terminal.settle(settle)
                    times.setdefault(f"{key} {when}", []).append(terminal.latency_ms(key, lambda screen, marker=marker: marker in screen))
                finally:
                    terminal.close()
    out = {}
    for key, name in (("5", "compare"), ("/", "search")):
        early, settled = statistics.median(times[f"{key} early"]), statistics.median(times[f"{key} settled"])
        out[f"key_{name}_early_ms"] = early
        out[f"key_{name}_settled_ms"] = settled
        out[f"key_{name}_ratio"] = early / settled
    return out


def interactions(dataset: Path, env: dict, repeats: int, steps: int, settle: float = 2.0, pause: float = 0.2) -> dict:
    """Medians of a step down the list, a letter typed into its filter and the overlay's close; memory after start."""
    step, letter, close, memory = [], [], [], []
    for _ in range(repeats):
        terminal, screen = started(dataset, env)
        try:
            terminal.settle(settle)
            memory.append(rss_mb(terminal.pid()))
            screen = terminal.screen()
            first, counted = HEADING.search(screen), FIRST_FRAME.search(screen)
            if first is None or counted is None:
                raise RuntimeError(f"no edition's details or count on the settled screen:\n{screen}")
            heading = first.group(1)

            def moved(screen: str, heading=heading) -> bool:
                found = HEADING.search(screen)
                return found is not None and found.group(1) != heading

            def back(screen: str, heading=heading) -> bool:
                found = HEADING.search(screen)
                return found is not None and found.group(1) == heading

            for _ in range(steps):
                step.append(terminal.latency_ms("j", moved))
                time.sleep(pause)
                terminal.keys("k")
                terminal.until(back)
                time.sleep(pause)

            for _ in range(steps):
                terminal.latency_ms("/", lambda screen: "Type to search" in screen)
                time.sleep(pause)
                close.append(terminal.latency_ms("Escape", lambda screen: "Type to search" not in screen))
                time.sleep(pause)

            filtered = f" of {counted.group(1)} editions"
            terminal.keys("f")
            terminal.until(lambda screen: FILTER_FOCUSED in screen)  # the footer of a focused filter box
            time.sleep(pause)
            for _ in range(steps):
                letter.append(terminal.latency_ms(LETTER, lambda screen, filtered=filtered: filtered in screen))
                time.sleep(pause)
                terminal.keys("BSpace")
                terminal.until(lambda screen: UNFILTERED.search(screen) is not None)
                time.sleep(pause)
        finally:
            terminal.close()
    median = statistics.median
    return {
        "list_step_ms": median(step),
        "filter_letter_ms": median(letter),
        "step_vs_letter": median(step) / median(letter),
        "overlay_close_ms": median(close),
        "rss_start_mb": median(memory),
    }


def _gone(pid: int, timeout: float = 60.0) -> None:
    """Wait until the process has ended (gone, or a zombie its parent has not reaped yet)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if _stat(pid)[0] == "Z":
                return
        except OSError:
            return
        time.sleep(0.005)
    raise RuntimeError(f"the explorer (pid {pid}) did not end within {timeout:.0f} s of q")


def closing(dataset: Path, env: dict, repeats: int, settle: float = 2.0, early: float = 0.4) -> dict:
    """Medians of `q` to the process ended: `early` seconds after the first frame (a large dataset's
    rest is being read then) and once settled (everything read and built)."""
    times: dict[str, list[float]] = {"early": [], "settled": []}
    for _ in range(repeats):
        for when in times:
            terminal, _screen = started(dataset, env)
            try:
                if when == "settled":
                    terminal.settle(settle)
                else:
                    time.sleep(early)
                pid = terminal.pid()
                sent = time.monotonic()
                terminal.keys("q")
                _gone(pid)
                times[when].append((time.monotonic() - sent) * 1000)
            finally:
                terminal.close()
    return {"quit_early_ms": statistics.median(times["early"]), "quit_settled_ms": statistics.median(times["settled"])}


def first_launch(dataset: Path, env: dict, repeats: int, settle: float = 2.0) -> dict:
    """Medians of a first launch (no cache: `env`'s XDG_CACHE_HOME emptied first) to something shown,
    to the first frame and to the whole dataset; each launch then settles, so its caches are written."""
    times: dict[str, list[float]] = {"shown": [], "frame": [], "whole": []}
    for _ in range(repeats):
        shutil.rmtree(Path(env["XDG_CACHE_HOME"]) / "ciftis", ignore_errors=True)
        launched = time.monotonic_ns()
        terminal = Terminal([sys.executable, "-m", "ciftis", "--dataset", str(dataset)], env)
        try:
            for what, shows in (("shown", lambda screen: screen.strip() != ""), ("frame", _first_frame), ("whole", lambda screen: HEADING.search(screen) is not None)):
                seen, _screen = terminal.until(shows, timeout=300)
                times[what].append((seen - launched) / 1e6)
            terminal.settle(settle)
        finally:
            terminal.close()
    return {f"first_launch_{what}_ms": statistics.median(values) for what, values in times.items()}


def bare_keys(env: dict, repeats: int, steps: int, pause: float = 0.2) -> dict:
    """Medians of a letter and of `escape` in a bare Textual app that shows the last key pressed
    (tests/perf/driver.py `keys`): what Textual itself takes, `escape` included (the parser holds a
    lone escape until no sequence can follow it)."""
    letter, escape = [], []
    for _ in range(repeats):
        terminal = Terminal([sys.executable, "-m", "tests.perf.driver", "keys"], env)
        try:
            terminal.until(lambda screen: "pressed nothing" in screen)
            for _ in range(steps):
                time.sleep(pause)
                letter.append(terminal.latency_ms("x", lambda screen: "pressed x" in screen))
                time.sleep(pause)
                escape.append(terminal.latency_ms("Escape", lambda screen: "pressed escape" in screen))
        finally:
            terminal.close()
    return {"bare_letter_ms": statistics.median(letter), "bare_escape_ms": statistics.median(escape)}
