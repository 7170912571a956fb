"""End to end: the installed `ciftis` in a real terminal under tmux, driven by keys, read back
from the screen, with a figure copied by OSC 52 into tmux's paste buffer."""

from __future__ import annotations

import os
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

    def __init__(self, command: list[str], env: dict[str, str], size=(120, 40)):
        self.socket = f"ciftis-test-{uuid.uuid4().hex[:8]}"
        self.tmux = _require("tmux")
        env_args = [item for key, value in env.items() for item in ("-e", f"{key}={value}")]
        # the server (and so the app) gets this environment; inherited as it is, it can hold a COLUMNS
        # and LINES of 80×24 that a curses call under pytest put there, and the app would lay out in that
        server_env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES")}
        subprocess.run([self.tmux, "-L", self.socket, "new-session", "-d", "-s", "app", "-x", str(size[0]), "-y", str(size[1]), *env_args, " ".join(command)],
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
def terminal(tmp_path):
    ciftis = _require("ciftis")
    env = {
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "LANG": "C.UTF-8",
    }
    term = Terminal([ciftis], env)
    yield term
    term.close()


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
