"""Saving the view from the explorer (ctrl+s): the prompt and its default name, each format from the
Compare pane and from an entity pane, cancelling, an unknown extension, paths that cannot be
written (a message in the prompt, the app running on), and replacing a file only once confirmed."""

from __future__ import annotations

import json
import os
import stat

import pytest

from ciftis.app.config import home_relative
from ciftis.core.export import comparison_delimited, comparison_markdown
from tests.app_support import make_app, run_async, settle


@pytest.fixture(autouse=True)
def in_folder(tmp_path, monkeypatch):
    """The app runs in an empty folder of its own, where the default names land."""
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def recorded_notifications(app) -> list[str]:
    """Every notification's message from now on (through the public `notify`)."""
    messages: list[str] = []
    notify = app.notify

    def recording(message, **kwargs):
        messages.append(message)
        return notify(message, **kwargs)

    app.notify = recording
    return messages


def prompt(app):
    from ciftis.app.screens.save_screen import SaveScreen

    screen = app.screen
    assert isinstance(screen, SaveScreen), type(screen).__name__
    return screen


def message(screen) -> str:
    return str(screen.query_one("#save-message").render())


async def type_path(pilot, screen, text: str) -> None:
    screen.path_input.value = text
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def open_compare(pilot, app, a=2021, b=2023):
    await pilot.press("5")
    await settle(pilot, app)
    pane = app.pane("compare")
    pane.choose(a, b)
    await pilot.pause()
    return pane


@run_async
async def test_ctrl_s_in_compare_offers_the_default_name_and_enter_saves_the_table_as_csv(mini, in_folder):
    app = make_app(mini)
    async with app.run_test(size=(120, 40)) as pilot:
        notes = recorded_notifications(app)
        pane = await open_compare(pilot, app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = prompt(app)
        assert screen.path_input.value == "ciftis-compare-2021-2023.csv"
        assert str(screen.query_one("#save-title").render()) == "Save the view — Compare 2021 with 2023"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is not screen  # closed
        text = (in_folder / "ciftis-compare-2021-2023.csv").read_text(encoding="utf-8")
        assert text == comparison_delimited(pane.comparison, rows=pane.table.rows_shown)
        assert text.splitlines()[1] == 'area,Exhibition area,m2,126000,exact,result,155000,exact,result,29000,23,,"126,000 m²","155,000 m²","\'+29,000 m²",+23%,'
        path = home_relative(in_folder / "ciftis-compare-2021-2023.csv")
        assert notes[-1] == f"Saved Compare 2021 with 2023 (CSV) to {path}"


@run_async
async def test_compare_saves_the_rows_in_the_order_the_table_shows(mini, in_folder):
    app = make_app(mini)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_compare(pilot, app)
        await pilot.press("s")  # by size of change
        await pilot.pause()
        shown = [row.metric.id for row in pane.table.rows_shown]
        assert shown != sorted(shown)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await type_path(pilot, prompt(app), "sorted.md")
        text = (in_folder / "sorted.md").read_text(encoding="utf-8")
        assert text == "# Compare 2021 with 2023\n\n" + comparison_markdown(pane.comparison, rows=pane.table.rows_shown)


@run_async
async def test_compare_as_tsv_and_json(mini, in_folder):
    app = make_app(mini)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_compare(pilot, app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await type_path(pilot, prompt(app), "view.tsv")
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = prompt(app)
        screen.path_input.value = "view.json"
        await pilot.press("ctrl+s")  # in the prompt, ctrl+s saves too
        await pilot.pause()
        assert app.screen is not screen
        assert (in_folder / "view.tsv").read_text(encoding="utf-8") == comparison_delimited(pane.comparison, "\t", rows=pane.table.rows_shown)
        data = json.loads((in_folder / "view.json").read_text(encoding="utf-8"))
        assert data["title"] == "Compare 2021 with 2023"
        assert data["rows"][0][:4] == ["area", "Exhibition area", "m2", 126000]


@run_async
async def test_an_entity_pane_saves_the_highlighted_entitys_details_in_each_format(mini, in_folder):
    app = make_app(mini)
    async with app.run_test(size=(120, 40)) as pilot:
        notes = recorded_notifications(app)
        await settle(pilot, app)
        app.pane("editions").select("2023")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = prompt(app)
        assert screen.path_input.value == "ciftis-edition-2023.md"
        await pilot.press("enter")
        await pilot.pause()
        md = (in_folder / "ciftis-edition-2023.md").read_text(encoding="utf-8")
        assert md.splitlines()[:5] == [
            "# CIFTIS 2023", "",
            "| Section | Item | As shown | Flags | Sources |",
            "| --- | --- | --- | --- | --- |",
            "| CIFTIS 2023 | Name | China International Fair for Trade in Services |  |  |",
        ]
        assert "| Figures | Share of leaders | ~ 30% | PLAN | Daily Paper, 2023-09-07 |" in md.splitlines()
        assert notes[-1] == f"Saved CIFTIS 2023 (Markdown) to {home_relative(in_folder / 'ciftis-edition-2023.md')}"
        for name in ("edition.csv", "edition.tsv", "edition.json"):
            await pilot.press("ctrl+s")
            await pilot.pause()
            await type_path(pilot, prompt(app), name)
        csv_lines = (in_folder / "edition.csv").read_text(encoding="utf-8").splitlines()
        assert csv_lines[0] == "section,label,shown,value,unit,qualifier,status,as_of,flags,sources,ref"
        assert 'Figures,Share of leaders,~ 30%,30,percent,about,plan,,PLAN,"Daily Paper, 2023-09-07",figure:2023-share-plan' in csv_lines
        tsv_lines = (in_folder / "edition.tsv").read_text(encoding="utf-8").splitlines()
        assert "Figures\tExhibition area\t155,000 m²\t155000\tm2\texact\tresult\t\t\tDaily Paper, 2023-09-07\tfigure:2023-area" in tsv_lines
        rows = json.loads((in_folder / "edition.json").read_text(encoding="utf-8"))["rows"]
        assert ["Figures", "Nations exhibiting", "83", 83, "count", "exact", "result", "", "", "Daily Paper, 2023-09-07", "figure:2023-nations"] in rows


@run_async
async def test_people_and_ip_topics_save_their_own_entity(mini, in_folder):
    app = make_app(mini)
    async with app.run_test(size=(120, 40)) as pilot:
        for key, name in (("3", "ciftis-person-liu-hua.md"), ("4", "ciftis-topic-madrid.md"), ("2", "ciftis-event-madrid-symposium.md")):
            await pilot.press(key)
            await settle(pilot, app)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert prompt(app).path_input.value == name
            await pilot.press("enter")
            await pilot.pause()
        assert (in_folder / "ciftis-person-liu-hua.md").read_text(encoding="utf-8").startswith("# Liu Hua\n")
        assert "| Linked | Event | International Symposium on the Promotion of Madrid System (2021) |  |  |" in (in_folder / "ciftis-topic-madrid.md").read_text(encoding="utf-8")


@run_async
async def test_escape_cancels_and_writes_nothing(mini, in_folder):
    app = make_app(mini)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_compare(pilot, app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        prompt(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.screen_stack[0]
        assert list(in_folder.iterdir()) == []
        assert app.focused is app.pane("compare").table


@run_async
async def test_an_unknown_extension_is_a_message_listing_the_four(mini, in_folder):
    app = make_app(mini)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_compare(pilot, app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = prompt(app)
        await type_path(pilot, screen, "table.xlsx")
        assert app.screen is screen  # still asking
        assert message(screen) == "“.xlsx” is not a format a view is saved as: end it with .csv, .tsv, .md or .json."
        assert list(in_folder.iterdir()) == []


@run_async
async def test_paths_that_cannot_be_written_are_messages_and_the_app_runs_on(mini, in_folder):
    app = make_app(mini)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_compare(pilot, app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = prompt(app)
        await type_path(pilot, screen, "missing/table.csv")
        assert message(screen) == f"Could not save to {home_relative(in_folder / 'missing/table.csv')}: there is no folder {home_relative(in_folder / 'missing')}."
        (in_folder / "folder.csv").mkdir()
        await type_path(pilot, screen, "folder.csv")
        assert message(screen) == f"{home_relative(in_folder / 'folder.csv')} is a folder: add a file name, such as folder.csv/ciftis-compare-2021-2023.csv."
        os.mkfifo(in_folder / "pipe.csv")
        await type_path(pilot, screen, "pipe.csv")
        assert message(screen) == f"Could not save to {home_relative(in_folder / 'pipe.csv')}: not a regular file (a pipe, a device or a socket)."
        assert app.screen is screen and app.is_running
        await type_path(pilot, screen, "fine.csv")  # corrected: saved
        assert app.screen is not screen
        assert sorted(p.name for p in in_folder.iterdir()) == ["fine.csv", "folder.csv", "pipe.csv"]
        table = app.pane("compare").table
        table.move_cursor(row=0)
        await pilot.press("n")  # the app goes on: n passes the three metrics one edition reports
        await pilot.pause()
        assert table.current_row.metric.id == "share"


@run_async
async def test_a_read_only_folder_is_permission_denied(mini, in_folder):
    locked = in_folder / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    if os.access(locked, os.W_OK):
        pytest.skip("running as root: every folder is writable")
    app = make_app(mini)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_compare(pilot, app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = prompt(app)
        await type_path(pilot, screen, "locked/table.csv")
        assert message(screen) == f"Could not save to {home_relative(locked / 'table.csv')}: permission denied."


@run_async
async def test_an_existing_file_is_replaced_after_a_second_enter_and_keeps_its_mode(mini, in_folder):
    existing = in_folder / "ciftis-compare-2021-2023.csv"
    existing.write_text("old\n")
    existing.chmod(0o640)
    app = make_app(mini)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_compare(pilot, app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = prompt(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert message(screen) == f"{home_relative(existing)} already exists: enter again to replace it, or change the name."
        assert existing.read_text() == "old\n"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is not screen
        assert existing.read_text(encoding="utf-8") == comparison_delimited(pane.comparison, rows=pane.table.rows_shown)
        assert stat.S_IMODE(existing.stat().st_mode) == 0o640


@run_async
async def test_changing_the_name_after_the_warning_asks_again(mini, in_folder):
    (in_folder / "a.csv").write_text("a\n")
    (in_folder / "b.csv").write_text("b\n")
    app = make_app(mini)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_compare(pilot, app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = prompt(app)
        await type_path(pilot, screen, "a.csv")
        await type_path(pilot, screen, "b.csv")  # another existing file: a warning of its own, nothing replaced
        assert message(screen).startswith(f"{home_relative(in_folder / 'b.csv')} already exists")
        assert (in_folder / "a.csv").read_text() == "a\n" and (in_folder / "b.csv").read_text() == "b\n"


@run_async
async def test_ctrl_s_works_from_a_filter_box_and_the_palette_has_save_the_view(mini, in_folder):
    app = make_app(mini)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert prompt(app).path_input.value.startswith("ciftis-edition-")
        await pilot.press("escape")
        await pilot.pause()
        commands = {command.title: command for command in app.get_system_commands(app.screen)}
        assert "(ctrl+s)" in commands["Save the view"].help
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Save the view")
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        assert prompt(app).path_input.value.startswith("ciftis-edition-")


@run_async
async def test_the_help_lists_ctrl_s(mini):
    app = make_app(mini)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        await pilot.pause()
        everywhere = dict(app.screen.groups)["Everywhere"]
        assert ("^s", "Save the view", "Write what the pane shows to a file: .csv, .tsv, .md or .json") in everywhere
        await pilot.press("ctrl+s")  # over an overlay it does nothing
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"


@run_async
async def test_a_formula_in_the_dataset_is_neutralised_in_the_saved_csv(tmp_path, in_folder):
    from ciftis.core.loader import load
    from tests.conftest import MINI, write_dataset

    files = dict(MINI, **{"base.yaml": MINI["base.yaml"].replace("label: Exhibition area", 'label: "=1+2 Exhibition area"')})
    app = make_app(load(write_dataset(tmp_path / "formula", files)))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_compare(pilot, app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        lines = (in_folder / "ciftis-compare-2021-2023.csv").read_text(encoding="utf-8").splitlines()
        assert lines[1].startswith("area,'=1+2 Exhibition area,m2,126000,")


@run_async
async def test_the_cursor_starts_at_the_end_so_backspace_changes_the_extension(mini, in_folder):
    app = make_app(mini)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_compare(pilot, app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("backspace", "backspace", "backspace", "m", "d", "enter")
        await pilot.pause()
        assert [p.name for p in in_folder.iterdir()] == ["ciftis-compare-2021-2023.md"]


@run_async
async def test_trends_saves_its_grid_in_the_order_and_filter_shown(mini, in_folder):
    from ciftis.core.trends import trends
    from ciftis.core.views import trends_view, view_text

    app = make_app(mini)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("6")
        await settle(pilot, app)
        pane = app.pane("trends")
        pane.filter.value = "exhib"
        await pilot.pause()
        assert [row.metric.id for row in pane.table.rows_shown] == ["area", "nations", "exhibitors"]
        pane.table.focus()
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = prompt(app)
        assert screen.path_input.value == "ciftis-trends-2021-2023.csv"
        await type_path(pilot, screen, "grid.tsv")
        grid = trends(mini)
        rows = [row for row in grid.rows if row.metric.id in ("area", "nations", "exhibitors")]
        assert (in_folder / "grid.tsv").read_text(encoding="utf-8") == view_text(trends_view(grid, rows, mini), ".tsv")
        assert (in_folder / "grid.tsv").read_text(encoding="utf-8").count("\n") == 1 + 3 * 3
