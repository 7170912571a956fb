"""Copying: y and Y on figures and lines, rows and tables in Compare, and the clipboard routes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.app_support import Recorder, make_app, run_async, settle

XCLIP = ["xclip", "-selection", "clipboard"]


def x11(name):
    return f"/usr/bin/{name}" if name == "xclip" else None


async def open_2021_exhibition_area(app, pilot):
    await settle(pilot, app)
    await app.jump_to("figure:2021-exhibition-area")
    await pilot.pause()
    assert app.focused is app.pane("editions").detail
    assert app.pane("editions").detail.current_row.ref == "figure:2021-exhibition-area"


@run_async
async def test_y_copies_the_figure_as_displayed_and_Y_cited():
    runner = Recorder()
    app = make_app(env={"DISPLAY": ":0"}, runner=runner, which=x11)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_2021_exhibition_area(app, pilot)
        await pilot.press("y")
        await settle(pilot, app)
        assert app.clipboard == "126,000 m²"
        assert runner.calls == [(XCLIP, "126,000 m²")]
        await pilot.press("Y")
        await settle(pilot, app)
        cited = "CIFTIS 2021 — Exhibition area: 126,000 m² (People's Daily Online, 2021-09-11)"
        assert app.clipboard == cited
        assert runner.calls[-1] == (XCLIP, cited)
        messages = [notification.message for notification in app._notifications]
        assert "126,000 m²" in messages and cited in messages  # the notification says what was copied
        assert app.clipboard_service.warned is False


@run_async
async def test_y_on_a_detail_line_copies_its_text():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        editions = app.pane("editions")
        editions.select("2021")
        editions.detail.focus()
        theme_row = next(n for n, row in enumerate(editions.detail.rows) if row.line and row.line.label == "Theme")
        editions.detail.highlighted = theme_row
        await pilot.press("y")
        await settle(pilot, app)
        assert app.clipboard == "Towards Digital Future and Service Driven Development"
        await pilot.press("Y")
        await settle(pilot, app)
        assert app.clipboard == "CIFTIS 2021 — Theme: Towards Digital Future and Service Driven Development"


@run_async
async def test_compare_copies_a_row_as_tsv_the_table_as_markdown_and_tsv():
    from ciftis.core.compare import compare
    from ciftis.core.export import comparison_delimited, comparison_markdown, row_cells, spreadsheet_safe

    runner = Recorder()
    app = make_app(env={"DISPLAY": ":0"}, runner=runner, which=x11)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await settle(pilot, app)
        pane = app.pane("compare")
        pane.choose(2021, 2023)
        await pilot.pause()
        pane.table.move_cursor(row=pane.table.get_row_index("exhibition-area"))
        await pilot.press("y")
        await settle(pilot, app)
        comparison = compare(app.dataset, 2021, 2023)
        row = next(r for r in comparison.rows if r.metric.id == "exhibition-area")
        assert app.clipboard == "\t".join(spreadsheet_safe(cell) for cell in row_cells(row))
        assert app.clipboard.startswith("Exhibition area\t126,000 m²\t155,000 m²\t'+29,000 m²\t+23%\t")
        await pilot.press("ctrl+y")
        await settle(pilot, app)
        assert app.clipboard == comparison_markdown(comparison)
        await pilot.press("t")
        await settle(pilot, app)
        assert app.clipboard == comparison_delimited(comparison, "\t")
        assert runner.calls[-1] == (XCLIP, comparison_delimited(comparison, "\t"))


ENABLE_OSC52 = "enable OSC 52 in your terminal (tmux: set -g set-clipboard on)."


def notes(app) -> list[tuple[str, str, str]]:
    return [(note.title, note.message, note.severity) for note in app._notifications]


@run_async
async def test_a_copy_a_clipboard_tool_took_says_copied_and_nothing_else():
    app = make_app(env={"DISPLAY": ":0"}, runner=Recorder(), which=x11)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_2021_exhibition_area(app, pilot)
        await pilot.press("y")
        await settle(pilot, app)
        assert notes(app) == [("Copied figure", "126,000 m²", "information")]


@pytest.mark.parametrize(
    ("env", "runner", "which", "hint"),
    [
        pytest.param({"DISPLAY": ":0"}, Recorder(), None,
                     f"Not copied to a clipboard: no clipboard tool found. Install xclip or wl-clipboard, or {ENABLE_OSC52}", id="no-tool"),
        pytest.param({"DISPLAY": ":0"}, Recorder(fail=True), x11,
                     f"Not copied to a clipboard: xclip failed (no clipboard). Fix the tool, or {ENABLE_OSC52}", id="tool-fails"),
        pytest.param({}, Recorder(), x11,
                     f"Not copied to a clipboard: no desktop session (DISPLAY and WAYLAND_DISPLAY are unset), so {ENABLE_OSC52}", id="no-desktop"),
        pytest.param({"DISPLAY": ":0", "SSH_CONNECTION": "10.0.0.2 5022 10.0.0.1 22"}, Recorder(), x11,
                     f"Not copied to a clipboard here: over SSH only your terminal can take it, so {ENABLE_OSC52}", id="over-ssh"),
    ],
)
@run_async
async def test_a_copy_no_clipboard_took_says_it_went_to_the_terminal_and_the_hint_comes_once(env, runner, which, hint):
    runner.calls.clear()
    app = make_app(env=env, runner=runner, which=which)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_2021_exhibition_area(app, pilot)
        await pilot.press("y")
        await settle(pilot, app)
        await pilot.press("Y")
        await settle(pilot, app)
        cited = "CIFTIS 2021 — Exhibition area: 126,000 m² (People's Daily Online, 2021-09-11)"
        assert app.clipboard == cited  # OSC 52 is still sent
        assert notes(app) == [
            ("Figure sent to the terminal (OSC 52)", f"126,000 m²\n{hint}", "warning"),
            ("Cited figure sent to the terminal (OSC 52)", cited, "information"),
        ]
        assert not any("Copied" in title for title, _message, _severity in notes(app))
        assert runner.calls == ([(XCLIP, "126,000 m²"), (XCLIP, cited)] if runner.fail else [])


def test_local_routes_in_order_and_none_over_ssh():
    from ciftis.app.clipboard import local_commands

    everything = lambda name: f"/bin/{name}"  # noqa: E731
    assert local_commands({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, everything, "linux") == [
        ["/bin/clip.exe"], ["wl-copy"], XCLIP, ["xsel", "--clipboard", "--input"]]
    assert local_commands({}, everything, "darwin") == [["/bin/clip.exe"], ["pbcopy"]]
    assert local_commands({"DISPLAY": ":0"}, lambda name: None, "linux") == []
    assert local_commands({"DISPLAY": ":0", "SSH_CONNECTION": "1 2 3 4"}, everything, "linux") == []
    assert local_commands({"DISPLAY": ":0", "SSH_TTY": "/dev/pts/1"}, everything, "linux") == []


def test_a_failing_route_falls_back_to_the_next():
    from ciftis.app.clipboard import Clipboard

    class App:
        def __init__(self):
            self.notes = []

        def notify(self, message, **kwargs):
            self.notes.append(message)

    calls = []

    def runner(command, text):
        calls.append(command[0])
        if command[0] == "wl-copy":
            raise OSError("no compositor")

    app = App()
    which = lambda name: None if name == "clip.exe" else name  # noqa: E731
    clipboard = Clipboard(app, env={"WAYLAND_DISPLAY": "w", "DISPLAY": ":0"}, runner=runner, which=which, platform="linux")
    assert clipboard.copy_locally("x") is True
    assert calls == ["wl-copy", "xclip"]
    assert clipboard.last_route == "xclip"
    assert clipboard.failures == ["wl-copy failed (no compositor)"]
    assert app.notes == []


def test_copied_text_never_carries_control_characters():
    from ciftis.app.clipboard import safe_text, shorten

    assert safe_text("a\x1b]52;c;evil\x07b") == "a\ufffd]52;c;evil\ufffdb"
    assert safe_text("x\ty\nz\u202e") == "x\ty\nz\ufffd"  # TSV separators survive, bidi overrides do not
    assert shorten("a" * 200) == "a" * 119 + "…"
    assert shorten("m\tn\nrow") == "m → n ⏎ row"


def clipboard_tool(tmp_path, body: str) -> list[str]:
    """A stand-in clipboard tool: a Python script that takes the text on its standard input."""
    script = tmp_path / "tool"
    script.write_text(f"#!{sys.executable}\nimport os, sys, time\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    return [str(script)]


def test_the_tool_runs_in_a_session_of_its_own_with_the_text_on_its_input(tmp_path):
    from ciftis.app.clipboard import run_command

    tool = clipboard_tool(tmp_path, f"""
open({str(tmp_path / "text")!r}, "wb").write(sys.stdin.buffer.read())
open({str(tmp_path / "session")!r}, "w").write(f"{{os.getsid(0)}} {{os.getpid()}}")""")
    run_command(tool, "126,000 m²")
    assert (tmp_path / "text").read_text(encoding="utf-8") == "126,000 m²"
    session, pid = map(int, (tmp_path / "session").read_text().split())
    assert session == pid != os.getsid(0)  # it leads a new session: not the app's, nor its terminal's


def test_a_tool_that_fails_raises_with_its_exit_status(tmp_path):
    from ciftis.app.clipboard import run_command

    with pytest.raises(subprocess.CalledProcessError) as failed:
        run_command(clipboard_tool(tmp_path, "sys.stdin.read(); sys.exit(3)"), "126,000 m²")
    assert failed.value.returncode == 3


def test_a_tool_that_stays_to_serve_the_selection_is_not_waited_for(tmp_path):
    from ciftis.app.clipboard import run_command

    tool = clipboard_tool(tmp_path, f"""
sys.stdin.read()
open({str(tmp_path / "pid")!r}, "w").write(str(os.getpid()))
time.sleep(120)""")
    run_command(tool, "126,000 m²", verdict=0.5)  # returns, and without an error: the tool has the text
    told = tmp_path / "pid"
    deadline = time.monotonic() + 60
    while not told.exists() or not told.read_text():  # the tool may start later than the runner returns
        assert time.monotonic() < deadline, "the tool never started"
        time.sleep(0.05)
    pid = int(told.read_text())
    os.kill(pid, 0)  # still running
    os.kill(pid, signal.SIGTERM)
