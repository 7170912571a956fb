"""Hostile terminals: every pane and overlay from 20×5 to 300×100 and through a seeded resize storm,
the "too small" message below 60×20 (and q quitting from it), NO_COLOR, and the real `ciftis` under
tmux with TERM=dumb, NO_COLOR=1, LANG=C/LC_ALL=C and no clipboard tool, or with no terminal at all.

What these terminals do, as found here: Textual ignores TERM (TERM=dumb still gets the full screen in
colour, so the explorer runs); NO_COLOR turns every colour into a grey of the same lightness, so the
row under the cursor still shows as a light or dark bar; LANG=C makes Python 3.11 switch to UTF-8 mode,
so CJK and box drawing still come out. With no terminal on standard input and error, Textual would
spin forever, so `ciftis` says so in one line and exits 2.
"""

from __future__ import annotations

import os
import random
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.app_output import screen_lines, screen_text
from tests.app_support import make_app, run_async, settle
from tests.hostile import write_hostile_dataset
from tests.test_e2e_tmux import Terminal, _require

VIEWS = ("1", "2", "3", "4", "5", "search", "help")
EDGES = [(300, 100), (60, 20), (20, 5)]  # the extremes and the minimum, for every pane and overlay
SIZES = [(300, 100), (200, 60), (120, 40), (80, 24), (60, 20), (59, 20), (60, 19), (59, 19), (40, 12), (40, 3), (30, 3), (20, 5)]  # on Editions
LANDMARKS = {"1": " editions", "2": " events", "3": " people", "4": " IP topics", "5": "Edition A", "search": "Type to search", "help": "Keys — "}


def too_small_message(width: int, height: int) -> str:
    """The message as the app words it, whatever its wrapping (the short one where the long cannot fit)."""
    if (width, height) == (30, 3):  # the long one would take four lines there
        return f"Too small: need at least 60×20, have {width}×{height}. q quits."
    return f"Terminal too small: need at least 60×20, have {width}×{height}. Enlarge the window, or press q to quit."


def words(text: str) -> str:
    return " ".join(text.split())


async def open_view(pilot, app, view: str) -> None:
    from ciftis.app.screens.help_screen import HelpScreen
    from ciftis.app.screens.search_screen import SearchScreen

    if isinstance(app.screen, (SearchScreen, HelpScreen)):
        await pilot.press("escape")
        await pilot.pause()
    await pilot.press({"search": "slash", "help": "question_mark"}.get(view, view))
    await pilot.pause()


# --- sizes ----------------------------------------------------------------------------------------


async def resize(pilot, app, width: int, height: int) -> None:
    """Resize the terminal, then wait a frame at a time (a hundred at most) until the screen on top
    has drawn itself at the new height: an overlay takes the resize after the screen below it."""
    await pilot.resize_terminal(width, height)
    for _ in range(100):
        if len(screen_lines(app)) == height:
            return
        await pilot.pause()


@run_async
async def test_every_pane_and_overlay_at_every_size_from_20x5_to_300x100():
    from ciftis.app.widgets.too_small import TooSmall

    app = make_app()
    async with app.run_test(size=(20, 5)) as pilot:  # started too small
        await settle(pilot, app)
        for view in VIEWS:
            await open_view(pilot, app, view)  # at 20×5, where nothing is drawn but the message
            for width, height in SIZES if view == "1" else EDGES:
                await resize(pilot, app, width, height)
                assert app._exception is None and app.is_running
                message = app.screen.query_one(TooSmall)
                if width < 60 or height < 20:
                    assert message.display and message.region.size == (width, height), (view, width, height)
                    assert words(screen_text(app)) == too_small_message(width, height), (view, width, height)
                else:
                    assert message.region.area == 0
                if (width, height) == (60, 20):
                    lines = screen_lines(app)
                    assert len(lines) == height and all(cell_len(line) == width for line in lines)
                    assert LANDMARKS[view] in "\n".join(lines), (view, width, height)


@pytest.mark.parametrize("view", ["filter", "search", "help"])
@run_async
async def test_below_the_minimum_q_quits_from_every_screen_as_the_message_says(view):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        if view == "filter":  # a text box has the focus, hidden behind the message
            await pilot.press("3", "f", "q")
            assert app.pane("people").filter.value == "q"  # at a usable size, q types
        else:
            await open_view(pilot, app, view)
        if view == "search":
            await pilot.press("q")
            assert app.screen.query_one("#search-input").value == "q"
        await pilot.resize_terminal(50, 15)
        assert words(screen_text(app)) == too_small_message(50, 15)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


@run_async
async def test_the_focus_comes_back_when_the_terminal_grows_again():
    from ciftis.app.screens.help_screen import HelpScreen

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "f")
        await settle(pilot, app)
        filter_box = app.pane("people").filter
        assert app.focused is filter_box
        await pilot.resize_terminal(40, 10)
        assert app.focused is None  # hidden behind the message
        await pilot.resize_terminal(120, 40)
        assert app.focused is filter_box
        await pilot.press(*"liu")
        await settle(pilot, app)
        assert filter_box.value == "liu"
        # An overlay opened and closed while too small: keys after it are keys, not text for a hidden box.
        await pilot.press("escape", "escape")  # the filter cleared, then back to the list
        await pilot.resize_terminal(20, 5)
        await pilot.press("ctrl+k", "escape", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.resize_terminal(120, 40)
        assert app.focused is app.pane("people").entities
        assert filter_box.value == ""  # the first escape cleared it


@run_async
async def test_a_seeded_resize_storm_through_every_pane_and_overlay_on_hostile_data(tmp_path):
    from ciftis.core.loader import load

    dataset = load(write_hostile_dataset(tmp_path / "hostile"))
    rng = random.Random(20240902)
    storm = [(1, 1)] + [(rng.randint(1, 300), rng.randint(1, 100)) for _ in range(3 * len(VIEWS) - 1)]  # 21 sizes in a row
    app = make_app(dataset)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        for number, (width, height) in enumerate(storm):
            if number % 3 == 0:  # a new pane or overlay every three sizes, opened at whatever size it is
                await open_view(pilot, app, VIEWS[number // 3])
            await pilot.resize_terminal(width, height)
            assert app._exception is None and app.is_running, (width, height)
        await pilot.resize_terminal(100, 30)
        assert app.focused is not None  # the focus came back with the screen
        await open_view(pilot, app, "3")
        assert app.focused is app.pane("people").entities
        await app.jump_to("figure:figure-2021-cjk")
        await settle(pilot, app)
        assert app.pane("editions").detail.current_row.ref == "figure:figure-2021-cjk"
        assert "中国国际服务贸易交易会" in screen_text(app)


# --- NO_COLOR -------------------------------------------------------------------------------------


def _luminance(rgb) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2])


def contrast(a, b) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def line_backgrounds(app, widget) -> list[tuple[int, int, int]]:
    """The background most of each of a widget's lines is drawn on; every colour must be a grey."""
    from textual._context import visible_screen_stack

    visible_screen_stack.set(list(app._background_screens))
    strips = app.screen._compositor.render_strips()
    region = widget.content_region
    backgrounds = []
    for y in range(region.y, region.bottom):
        cells: dict[tuple[int, int, int], int] = {}
        for segment in strips[y].crop(region.x, region.right):
            for colour in (segment.style.color, segment.style.bgcolor) if segment.style else ():
                if colour is not None and colour.triplet is not None:
                    assert len(set(colour.triplet)) == 1, f"a colour under NO_COLOR: {colour.triplet}"
            style = segment.style
            shown = (style.color if style.reverse else style.bgcolor) if style else None  # reverse video swaps them
            bg = tuple(shown.triplet) if shown is not None and shown.triplet is not None else (0, 0, 0)
            cells[bg] = cells.get(bg, 0) + segment.cell_length
        backgrounds.append(max(cells, key=cells.get))
    return backgrounds


def assert_cursor_stands_out(app, widget, what: str, skip: int = 0, least: float = 3.0) -> None:
    """The lines under the cursor are drawn on a grey at least `least`:1 from the rest of the widget's."""
    backgrounds = line_backgrounds(app, widget)[skip:]
    usual = max(set(backgrounds), key=backgrounds.count)
    cursor = [bg for bg in backgrounds if bg != usual]
    assert cursor, f"{what}: no line stands out"
    assert all(contrast(bg, usual) >= least for bg in cursor), (what, usual, cursor)


@pytest.mark.parametrize("theme", ["ciftis-dark", "ciftis-light"])
@run_async
async def test_under_no_color_every_colour_is_grey_and_the_cursor_row_still_stands_out(monkeypatch, theme):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(theme=theme)
    assert app.no_color
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        editions = app.pane("editions")
        for widget in (editions.entities, editions.detail):
            widget.focus()
            await pilot.pause()
            assert_cursor_stands_out(app, widget, type(widget).__name__)
        await pilot.press("5")
        await settle(pilot, app)
        assert_cursor_stands_out(app, app.pane("compare").table, "comparison", skip=1)  # below the header
        await pilot.press("slash", *"liu")
        await settle(pilot, app)
        # The typing keeps the focus in the box, so the results' cursor is Textual's unfocused one:
        # fainter, but a band of its own grey all the same (as with colour, where it is no stronger).
        assert_cursor_stands_out(app, app.screen.query_one("#search-results"), "search results", least=1.5)


# --- the real ciftis in a real terminal -----------------------------------------------------------


def _ciftis() -> str:
    """The installed console script (beside this Python, so it runs whatever PATH says), else `ciftis`."""
    beside = Path(sys.executable).with_name("ciftis")
    return str(beside) if beside.exists() else _require("ciftis")


def _quits(terminal: Terminal, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if subprocess.run([terminal.tmux, "-L", terminal.socket, "has-session", "-t", "app"], capture_output=True).returncode != 0:
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def real_terminal(tmp_path):
    """Start the real `ciftis` under tmux with some environment; closed afterwards."""
    _require("tmux")
    started = []

    def start(env: dict[str, str], size=(100, 30)) -> Terminal:
        base = {"XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_CACHE_HOME": str(tmp_path / "cache"), "TERM": "xterm-256color",
                "COLORTERM": "truecolor", "LANG": "C.UTF-8"}
        # Unset, not empty: Textual takes NO_COLOR="" for NO_COLOR, and the clipboard looks for SSH and Wayland.
        unset = [name for name in ("NO_COLOR", "SSH_CONNECTION", "SSH_TTY", "WAYLAND_DISPLAY", "CIFTIS_DATASET", "TEXTUAL_DRIVER", "LC_ALL") if name not in env]
        # Given to `env` as well as to tmux: tmux's server may keep its own PATH for the command it runs.
        settings = [shlex.quote(f"{name}={value}") for name, value in {**base, **env}.items()]
        command = [shutil.which("env") or "/usr/bin/env", *(item for name in unset for item in ("-u", name)), *settings, _ciftis()]
        terminal = Terminal(command, {**base, **env}, size=size)
        started.append(terminal)
        return terminal

    yield start
    for terminal in started:
        terminal.close()


# 256-colour palette entries that are greys: the grey ramp, the cube's diagonal, black and white.
GREY_INDEXES = {0, 7, 8, 15, 16, 59, 102, 145, 188, 231, *range(232, 256)}


def screen_colours(terminal: Terminal) -> tuple[list[tuple[int, int, int]], list[int]]:
    """The true colours and the palette colours of the screen's foregrounds and backgrounds."""
    coloured = terminal.run("capture-pane", "-t", "app", "-p", "-e")
    rgb = [tuple(map(int, match)) for match in re.findall(r"[34]8;2;(\d+);(\d+);(\d+)", coloured)]
    palette = [int(match) for match in re.findall(r"[34]8;5;(\d+)", coloured)]
    return rgb, palette


@pytest.mark.slow
@pytest.mark.parametrize(
    "env",
    [
        pytest.param({"TERM": "dumb", "COLORTERM": ""}, id="TERM=dumb"),
        pytest.param({"NO_COLOR": "1"}, id="NO_COLOR=1"),
        pytest.param({"LANG": "C", "LC_ALL": "C"}, id="LANG=C"),
    ],
)
def test_the_real_ciftis_starts_on_editions_and_quits_on_q(real_terminal, env):
    terminal = real_terminal(env)
    screen = terminal.wait_for("12 editions")
    assert "1 Editions" in screen and "5 Compare" in screen
    assert "EDITION  China (Beijing) IFTIS 2012" in screen
    assert "京交会" in screen  # CJK survives LANG=C: Python switches to UTF-8 mode
    rgb, palette = screen_colours(terminal)
    assert rgb or palette, "drawn in colour (TERM=dumb included: Textual ignores TERM)"
    greys = all(r == g == b for r, g, b in rgb) and all(index in GREY_INDEXES for index in palette)
    assert greys == bool(env.get("NO_COLOR")), (rgb[:5], palette[:5])
    terminal.keys("q")
    assert _quits(terminal), "q did not quit the app"


def open_the_2021_exhibition_area(terminal) -> None:
    """Search for the 2021 exhibition area and open it: its figure highlighted in the details."""
    terminal.wait_for("12 editions")
    terminal.keys("/")
    terminal.type("2021 exhibition area")
    terminal.wait_for("CIFTIS 2021 — Exhibition area (Both venues together): 126,000 m²")
    terminal.keys("Enter")
    terminal.wait_for("Copy cited")


@pytest.mark.slow
def test_without_a_clipboard_tool_a_copy_is_sent_to_the_terminal_and_the_hint_comes_once(real_terminal, tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()  # PATH holds no xclip, xsel, wl-copy, pbcopy or clip.exe
    terminal = real_terminal({"PATH": str(empty), "DISPLAY": ":0"}, size=(120, 40))
    open_the_2021_exhibition_area(terminal)
    terminal.keys("y")
    screen = terminal.wait_for("Figure sent to the terminal (OSC 52)")
    assert words(toasts(screen)) == ("Figure sent to the terminal (OSC 52) 126,000 m² Not copied to a clipboard: no clipboard tool found. "
                                     "Install xclip or wl-clipboard, or enable OSC 52 in your terminal (tmux: set -g set-clipboard on).")
    assert "Copied" not in screen
    terminal.wait_for_buffer("126,000 m²")  # OSC 52 still reached the terminal
    terminal.keys("Y")
    screen = terminal.wait_for("Cited figure sent")  # the title wraps in the toast's width
    assert "Cited figure sent to the terminal (OSC 52)" in words(toasts(screen))
    assert words(toasts(screen)).count("no clipboard tool found") == 1
    terminal.keys("q")
    assert _quits(terminal)


def toasts(screen: str) -> str:
    """The text of the notifications on a screen: what follows each toast's left edge (▌)."""
    return "\n".join(line.split("▌ ", 1)[1] for line in screen.splitlines() if "▌ " in line)


@pytest.fixture
def x_display():
    """A private X server (Xvfb on a display it finds free); its DISPLAY, and the server stopped afterwards."""
    xvfb = _require("Xvfb")
    _require("xclip")
    read, write = os.pipe()
    server = subprocess.Popen([xvfb, "-displayfd", str(write), "-nolisten", "tcp"], pass_fds=(write,),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as told:
        number = told.readline().strip()  # written once the server accepts clients
    assert number.isdigit(), "Xvfb did not start"
    yield f":{number}"
    server.terminate()  # the xclip serving the selection loses its display and exits
    server.wait(timeout=10)


@pytest.mark.slow
def test_a_copy_outlives_the_app_and_its_terminal(real_terminal, x_display):
    """y in a real X session, then q and the terminal killed: the clipboard still holds the figure
    (the xclip holding the selection runs in its own session, not the app's process group)."""
    terminal = real_terminal({"DISPLAY": x_display}, size=(120, 40))
    open_the_2021_exhibition_area(terminal)
    terminal.keys("y")
    screen = terminal.wait_for("Copied figure")
    assert "sent to the terminal" not in screen
    terminal.keys("q")
    assert _quits(terminal)
    terminal.close()  # the tmux server and every pane's terminal gone
    pasted = subprocess.run([shutil.which("xclip") or "xclip", "-o", "-selection", "clipboard"], env={**os.environ, "DISPLAY": x_display},
                            capture_output=True, text=True, timeout=10)
    assert (pasted.returncode, pasted.stdout) == (0, "126,000 m²"), pasted.stderr


def test_with_no_terminal_ciftis_says_so_in_one_line_and_exits_2(tmp_path):
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config"), "TERM": "dumb"}
    env.pop("TEXTUAL_DRIVER", None)
    beside = Path(sys.executable).with_name("ciftis")  # the installed script, else the same entry point
    command = [str(beside)] if beside.exists() else [sys.executable, "-m", "ciftis"]
    done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30, env=env)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        "ciftis: the explorer needs a terminal on standard input and standard error; "
        "from a script, use a subcommand: ciftis search|show|compare|export|validate\n"
    )
