"""Copying: y and Y on figures and lines, rows and tables in Compare, and the clipboard routes."""

from __future__ import annotations

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


@run_async
async def test_without_a_local_clipboard_it_says_so_once():
    runner = Recorder()
    app = make_app(env={}, runner=runner)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_2021_exhibition_area(app, pilot)
        await pilot.press("y")
        await settle(pilot, app)
        await pilot.press("y")
        await settle(pilot, app)
        assert app.clipboard == "126,000 m²"  # OSC 52 is still attempted
        assert runner.calls == []
        warnings = [n for n in app._notifications if n.title == "No local clipboard"]
        assert len(warnings) == 1
        assert "OSC 52" in warnings[0].message


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
    assert app.notes == []


def test_copied_text_never_carries_control_characters():
    from ciftis.app.clipboard import safe_text, shorten

    assert safe_text("a\x1b]52;c;evil\x07b") == "a\ufffd]52;c;evil\ufffdb"
    assert safe_text("x\ty\nz\u202e") == "x\ty\nz\ufffd"  # TSV separators survive, bidi overrides do not
    assert shorten("a" * 200) == "a" * 119 + "…"
    assert shorten("m\tn\nrow") == "m → n ⏎ row"
