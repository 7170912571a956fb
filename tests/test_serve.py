"""Browser mode: `ciftis serve` serves the explorer with textual-serve on loopback, and a real
headless Chromium (Debian's, driven by Playwright) uses it — the explorer has the keyboard and its
footer on load, `/madrid` finds the Madrid System, enter opens it and `5` shows the comparison.

The screen is read from the bytes the page's websocket receives (what xterm.js draws), through a
small terminal model: cursor moves, text, and everything else skipped.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys

import pytest

from ciftis.cli import main

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
_SEQUENCE = re.compile(r"\x1b\[([0-?]*)[ -/]*([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


def screen_text(data: bytes, rows: int = 80, columns: int = 250) -> list[str]:
    """The screen those terminal bytes draw, as lines (wide characters take one cell here)."""
    grid = [[" "] * columns for _ in range(rows)]
    row = column = 0
    text = data.decode("utf-8", "replace") + "\x1b[0m"
    at = 0
    for match in _SEQUENCE.finditer(text):
        for char in text[at:match.start()]:
            if char == "\r":
                column = 0
            elif char == "\n":
                row = min(row + 1, rows - 1)
            elif char >= " ":
                if row < rows and column < columns:
                    grid[row][column] = char
                column += 1
        at = match.end()
        if match.group(2) == "H":
            parts = (match.group(1) or "1;1").split(";")
            row, column = int(parts[0] or 1) - 1, int(parts[1] if len(parts) > 1 and parts[1] else 1) - 1
    return ["".join(line).rstrip() for line in grid]


def needs_browser():
    """Skip without Chromium or Playwright, except under CI, where .ci/run installs them."""
    missing = [what for what, present in (
        (CHROMIUM, shutil.which(CHROMIUM) is not None),
        ("playwright", _importable("playwright.sync_api")),
        ("textual-serve", _importable("textual_serve.server")),
    ) if not present]
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{', '.join(missing)} missing; .ci/run installs them")
        pytest.skip(f"{', '.join(missing)} not installed (apt-get install chromium; pip install -e '.[test]')")


def _importable(name: str) -> bool:
    try:
        __import__(name)
    except ImportError:
        return False
    return True


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    port = free_port()
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_CONFIG_HOME": str(tmp_path / "config"), "HOME": str(tmp_path)}
    env.pop("CIFTIS_DATASET", None)
    process = subprocess.Popen([sys.executable, "-m", "ciftis", "serve", "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    try:
        said = process.stderr.readline()
        for _ in range(600):  # until it listens (60 s at most)
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if process.poll() is not None:
                pytest.fail(f"ciftis serve stopped: {said}{process.stderr.read()}")
            subprocess.run(["sleep", "0.1"])
        yield port, said
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.mark.slow
def test_the_explorer_in_headless_chromium(server):
    needs_browser()
    from playwright.sync_api import sync_playwright

    port, said = server
    assert said == (
        f"ciftis: serving the explorer at http://127.0.0.1:{port} on loopback only: other machines cannot "
        "connect (--host 0.0.0.0 serves the network); Ctrl+C stops\n"
    )
    received = bytearray()

    def on_websocket(websocket):
        websocket.on("framereceived", lambda frame: received.extend(frame if isinstance(frame, bytes) else frame.encode()))

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.on("websocket", on_websocket)
            page.goto(f"http://127.0.0.1:{port}/")

            def wait_for(test, what):
                for _ in range(600):  # 60 s at most: generous, not a timing assertion
                    lines = screen_text(bytes(received))
                    if test(lines):
                        return lines
                    page.wait_for_timeout(100)
                pytest.fail(f"never saw {what}; the screen was:\n" + "\n".join(line for line in screen_text(bytes(received)) if line))

            def showing(text):
                return wait_for(lambda lines: any(text in line for line in lines), repr(text))

            # On load, before any click or key: the page's terminal has the keyboard and the app its footer.
            showing("1 Editions  2 Forums & events  3 People  4 IP topics  5 Compare")
            lines = showing("? Help  q Quit")
            assert "q Quit" in [line for line in lines if line.strip()][-1]
            assert page.evaluate("document.activeElement.classList.contains('xterm-helper-textarea')") is True

            page.keyboard.type("/madrid")
            showing("Trademarks and the Madrid System")
            showing("Type to search · ↑↓ move · enter open · esc close")
            page.keyboard.press("Enter")
            showing("IP TOPIC  Trademarks and the Madrid System")
            page.keyboard.press("5")
            showing("A 2024  CIFTIS")
            showing("23 of 24 metrics differ · sorted by metric")
            wait_for(lambda lines: any(re.match(r"\s*Visitors\s+~ 242,000\b.*> 250,000", line) for line in lines), "the Visitors row, 2024 against 2025")
        finally:
            browser.close()


def test_serve_without_textual_serve_says_how_to_get_it(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    assert main(["serve"]) == 1
    assert capsys.readouterr().err == "ciftis serve needs textual-serve: pip install 'ciftis-explorer[serve]'\n"


@pytest.mark.parametrize(("port", "message"), [("0", "0 is not a port number (1 to 65535)"), ("http", "'http' is not a port number")])
def test_serve_port_must_be_a_port(capsys, port, message):
    with pytest.raises(SystemExit) as exit_:
        main(["serve", "--port", port])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.endswith(f"ciftis serve: error: argument --port: {message}\n")


def test_loopback_addresses():
    from ciftis.cli.serve import is_loopback

    assert [is_loopback(host) for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2", "0.0.0.0", "192.168.1.4", "example.org")] == [True, True, True, True, False, False, False]


@pytest.mark.parametrize("is_web", [True, False])
def test_in_a_browser_a_copy_goes_to_the_page_and_not_the_servers_clipboard(is_web):
    from ciftis.app.clipboard import Clipboard

    class App:
        def __init__(self):
            self.sent, self.notes, self.workers = [], [], []
            self.is_web = is_web

        def copy_to_clipboard(self, text):  # OSC 52: the page's terminal hands it to the browser
            self.sent.append(text)

        def notify(self, message, **kwargs):
            self.notes.append((kwargs.get("title"), message))

        def run_worker(self, work, **kwargs):
            self.workers.append(kwargs["description"])

    app = App()
    assert Clipboard(app, env={"DISPLAY": ":0"}, which=lambda name: name).copy("126,000 m²", what="value") == "126,000 m²"
    assert app.sent == ["126,000 m²"]
    # In the browser the page takes it at once; in a terminal the local clipboard's worker says where it went.
    assert app.notes == ([("Copied value", "126,000 m²")] if is_web else [])
    assert app.workers == ([] if is_web else ["local clipboard"])
