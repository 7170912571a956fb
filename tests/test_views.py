"""Saving a view (ciftis.core.views): a comparison and an entity's details as CSV, TSV, Markdown and
JSON, the default file names, the numeric CSV/TSV rules shared with `ciftis compare`, and the files
it refuses or replaces."""

from __future__ import annotations

import json
import os
import stat

import pytest

from ciftis.core.compare import compare, sort_rows
from ciftis.core.export import comparison_delimited, comparison_markdown
from ciftis.core.views import UnknownFormat, comparison_view, entity_view, save_view

COMPARE_HEADER = (
    "metric,label,unit,2021,2021 qualifier,2021 status,2023,2023 qualifier,2023 status,delta,delta_pct,"
    "approximate,2021 as shown,2023 as shown,Δ as shown,Δ% as shown,note"
)
AREA_ROW = 'area,Exhibition area,m2,126000,exact,result,155000,exact,result,29000,23,,"126,000 m²","155,000 m²","\'+29,000 m²",+23%,'
SHARE_ROW = (
    'share,Share of leaders,percent,21,exact,result,30,about,plan,9,42.9,yes,21%,~ 30% (plan),≈ +9 pp,≈ +42.9%,'
    '"approximate: 21% → about 30%; compares a plan with a result; Δ in percentage points; 2023 is a plan, not a result"'
)

EDITION_2023_MD = """\
# CIFTIS 2023

| Section | Item | As shown | Flags | Sources |
| --- | --- | --- | --- | --- |
| CIFTIS 2023 | Name | China International Fair for Trade in Services |  |  |
| Figures | Exhibition area | 155,000 m² |  | Daily Paper, 2023-09-07 |
| Figures | Offline exhibitors | > 2,400 as of Sept 6 noon |  | Daily Paper, 2023-09-07 |
| Figures | Nations exhibiting | 83 |  | Daily Paper, 2023-09-07 |
| Figures | Share of leaders | ~ 30% | PLAN | Daily Paper, 2023-09-07 |
| Sources | state or national media | Daily Paper, 2023-09-07: Fair closes |  |  |
"""
ENTITY_HEADER = "section,label,shown,value,unit,qualifier,status,as_of,flags,sources,ref"
EXHIBITORS_ROW = 'Figures,Offline exhibitors,"> 2,400 as of Sept 6 noon",2400,count,more_than,result,2023-09-06T12:00,,"Daily Paper, 2023-09-07",figure:2023-exhibitors'
PLAN_ROW = 'Figures,Share of leaders,~ 30%,30,percent,about,plan,,PLAN,"Daily Paper, 2023-09-07",figure:2023-share-plan'


@pytest.fixture
def comparison(mini):
    return compare(mini, 2021, 2023)


@pytest.fixture
def out(tmp_path):
    """An empty folder for the files saved."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_a_comparison_as_csv_is_the_command_lines_csv_with_numbers_plain(comparison, out):
    path = save_view(comparison_view(comparison), out / "out.csv")
    text = path.read_text(encoding="utf-8")
    assert text == comparison_delimited(comparison)
    lines = text.splitlines()
    assert lines[0] == COMPARE_HEADER
    assert lines[1] == AREA_ROW
    assert lines[-1] == SHARE_ROW


def test_a_comparison_as_tsv(comparison, out):
    text = save_view(comparison_view(comparison), out / "out.tsv").read_text(encoding="utf-8")
    assert text == comparison_delimited(comparison, "\t")
    assert text.splitlines()[1] == "\t".join(
        ["area", "Exhibition area", "m2", "126000", "exact", "result", "155000", "exact", "result", "29000", "23", "",
         "126,000 m²", "155,000 m²", "'+29,000 m²", "+23%", ""])


def test_a_comparison_as_markdown_is_the_table_as_displayed_under_a_title(comparison, out):
    text = save_view(comparison_view(comparison), out / "out.md").read_text(encoding="utf-8")
    assert text == "# Compare 2021 with 2023\n\n" + comparison_markdown(comparison)
    assert text.splitlines()[2:5] == [
        "| Metric | 2021 | 2023 | Δ | Δ% | Note |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
        "| Exhibition area | 126,000 m² | 155,000 m² | +29,000 m² | +23% |  |",
    ]


def test_a_comparison_as_json_holds_numbers_as_numbers(comparison, out):
    data = json.loads(save_view(comparison_view(comparison), out / "out.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == 2
    assert data["title"] == "Compare 2021 with 2023"
    assert ",".join(data["columns"]) == COMPARE_HEADER
    assert data["rows"][0] == ["area", "Exhibition area", "m2", 126000, "exact", "result", 155000, "exact", "result", 29000, 23, "",
                               "126,000 m²", "155,000 m²", "+29,000 m²", "+23%", ""]
    assert data["rows"][2][3:6] == [None, "", ""]  # nations: 2021 does not report it


def test_a_comparison_keeps_the_order_the_table_shows(comparison, out):
    rows = sort_rows(comparison.rows, "change")
    text = save_view(comparison_view(comparison, rows), out / "out.csv").read_text(encoding="utf-8")
    assert [line.split(",")[0] for line in text.splitlines()[1:]] == [row.metric.id for row in rows]
    assert text == comparison_delimited(comparison, rows=rows)


def test_an_entity_as_markdown(mini, out):
    text = save_view(entity_view(mini.editions[2023], mini), out / "out.md").read_text(encoding="utf-8")
    assert text == EDITION_2023_MD


def test_an_entity_as_csv_and_tsv_gives_each_figure_its_value_unit_qualifier_status_and_sources(mini, out):
    lines = save_view(entity_view(mini.editions[2023], mini), out / "out.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == ENTITY_HEADER
    assert lines[3] == EXHIBITORS_ROW
    assert lines[5] == PLAN_ROW
    assert lines[6] == 'Sources,state or national media,"Daily Paper, 2023-09-07: Fair closes",,,,,,,,source:daily'
    tsv = save_view(entity_view(mini.editions[2023], mini), out / "out.tsv").read_text(encoding="utf-8").splitlines()
    assert tsv[0] == ENTITY_HEADER.replace(",", "\t")
    assert tsv[2] == "\t".join(["Figures", "Exhibition area", "155,000 m²", "155000", "m2", "exact", "result", "", "", "Daily Paper, 2023-09-07", "figure:2023-area"])


def test_an_entity_as_json(mini, out):
    data = json.loads(save_view(entity_view(mini.editions[2023], mini), out / "out.json").read_text(encoding="utf-8"))
    assert data["title"] == "CIFTIS 2023"
    assert ",".join(data["columns"]) == ENTITY_HEADER
    assert data["rows"][2] == ["Figures", "Offline exhibitors", "> 2,400 as of Sept 6 noon", 2400, "count", "more_than", "result",
                               "2023-09-06T12:00", "", "Daily Paper, 2023-09-07", "figure:2023-exhibitors"]
    assert data["rows"][0][3] is None  # a line has no value


def test_a_derived_and_a_conflicting_figure_are_flagged(mini):
    view = entity_view(mini.editions[2021], mini)
    forums = [row for row in view.rows if row[-1] == "figure:2021-forums"]
    assert forums == [("Figures", "Forums", "193", 193, "count", "exact", "result", "", "conflict", "Weekly Review, 2021-09-11", "figure:2021-forums")]
    nations = next(row for row in entity_view(mini.editions[2022], mini).rows if row[-1] == "figure:2022-nations")
    assert nations[8] == "derived" and nations[9] == "derived: a - b"


def test_default_file_names(mini, comparison):
    assert comparison_view(comparison).default_file_name == "ciftis-compare-2021-2023.csv"
    assert entity_view(mini.editions[2023], mini).default_file_name == "ciftis-edition-2023.md"
    assert entity_view(mini.people["liu-hua"], mini).default_file_name == "ciftis-person-liu-hua.md"
    assert entity_view(mini.events["madrid-symposium"], mini).default_file_name == "ciftis-event-madrid-symposium.md"


def test_the_extension_is_read_in_any_case(comparison, out):
    assert save_view(comparison_view(comparison), out / "OUT.CSV").read_text(encoding="utf-8") == comparison_delimited(comparison)


@pytest.mark.parametrize(("name", "message"), [
    ("out.txt", "“.txt” is not a format a view is saved as: end it with .csv, .tsv, .md or .json."),
    ("out", "The file name has no extension: end it with .csv, .tsv, .md or .json."),
])
def test_an_unknown_extension_lists_the_four_and_writes_nothing(comparison, out, name, message):
    with pytest.raises(UnknownFormat) as raised:
        save_view(comparison_view(comparison), out / name)
    assert str(raised.value) == message
    assert list(out.iterdir()) == []


def test_an_existing_file_is_replaced_and_keeps_its_mode(comparison, out):
    path = out / "out.csv"
    path.write_text("old\n")
    path.chmod(0o640)
    save_view(comparison_view(comparison), path)
    assert path.read_text(encoding="utf-8") == comparison_delimited(comparison)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in out.iterdir()) == ["out.csv"]  # no temporary file left


def test_a_symlink_is_written_through(comparison, out):
    target = out / "real.md"
    target.write_text("old\n")
    (out / "link.md").symlink_to(target)
    save_view(comparison_view(comparison), out / "link.md")
    assert (out / "link.md").is_symlink()
    assert target.read_text(encoding="utf-8").startswith("# Compare 2021 with 2023\n")


def test_paths_that_cannot_be_written_raise_oserror_and_leave_nothing(comparison, out):
    view = comparison_view(comparison)
    with pytest.raises(FileNotFoundError):
        save_view(view, out / "missing" / "out.csv")
    (out / "folder.csv").mkdir()
    with pytest.raises(IsADirectoryError):
        save_view(view, out / "folder.csv")
    os.mkfifo(out / "pipe.csv")
    with pytest.raises(OSError, match="not a regular file"):  # never opened: a FIFO with no reader would block
        save_view(view, out / "pipe.csv")
    locked = out / "locked.csv"
    locked.write_text("keep\n")
    locked.chmod(0o444)
    if not os.access(locked, os.W_OK):  # (root may write anything)
        with pytest.raises(PermissionError):
            save_view(view, locked)
        assert locked.read_text() == "keep\n"
    assert sorted(p.name for p in out.iterdir()) == ["folder.csv", "locked.csv", "pipe.csv"]


HOSTILE = {
    "area": 'label: "=HYPERLINK(\\"http://evil.example\\",\\"click\\")\\e[31m"',
}


@pytest.fixture
def hostile(tmp_path):
    """The mini dataset with a formula (and an escape sequence) for a metric label and a summary."""
    from ciftis.core.loader import load
    from tests.conftest import MINI, write_dataset

    files = dict(MINI)
    files["base.yaml"] = files["base.yaml"].replace("label: Exhibition area", HOSTILE["area"])
    files["editions.yaml"] = files["editions.yaml"].replace(
        "theme: {en: Towards Digital Future}", 'theme: {en: Towards Digital Future}\n            summary: "@SUM(A1:A9)\\u202e"')
    return load(write_dataset(tmp_path / "hostile", files))


def test_formula_like_dataset_strings_are_neutralised_in_csv_and_cleaned_everywhere(hostile, out):
    comparison = compare(hostile, 2021, 2023)
    csv_text = save_view(comparison_view(comparison), out / "out.csv").read_text(encoding="utf-8")
    assert csv_text.splitlines()[1].startswith('area,"\'=HYPERLINK(""http://evil.example"",""click"")\ufffd[31m",m2,126000,')
    tsv_text = save_view(entity_view(hostile.editions[2021], hostile), out / "out.tsv").read_text(encoding="utf-8")
    assert "\tSummary\t'@SUM(A1:A9)\ufffd\t" in tsv_text
    assert '\nFigures\t"\'=HYPERLINK(""http://evil.example"",""click"")\ufffd[31m"\t126,000 m²\t126000\t' in tsv_text  # the figure's label
    for suffix in (".md", ".json"):
        text = save_view(entity_view(hostile.editions[2021], hostile), out / f"out{suffix}").read_text(encoding="utf-8")
        assert "\x1b" not in text and "\u202e" not in text
        assert "@SUM(A1:A9)\ufffd" in text  # Markdown and JSON keep the text as it is, cleaned


def test_saved_json_matches_the_shipped_view_schema(mini, comparison, out):
    from tests.test_schemas import problems

    for view in (comparison_view(comparison), entity_view(mini.editions[2023], mini), entity_view(mini.people["liu-hua"], mini)):
        data = json.loads(save_view(view, out / "view.json").read_text(encoding="utf-8"))
        assert problems("view", data) == []
    assert problems("view", {**data, "extra": 1}) == ["$: Additional properties are not allowed ('extra' was unexpected)"]


def test_the_trends_grid_as_csv_is_one_row_per_metric_and_edition_in_the_order_shown(mini, out):
    from ciftis.core.trends import sort_rows as sort_trends
    from ciftis.core.trends import trends
    from ciftis.core.views import trends_view

    grid = trends(mini)
    view = trends_view(grid, sort_trends(grid.rows, "metric", reverse=True)[3:], mini)  # sorted, then two rows
    assert view.default_file_name == "ciftis-trends-2021-2023.csv"
    assert save_view(view, out / "t.csv").read_text(encoding="utf-8") == (
        "metric,edition,shown,value,unit,qualifier,status,as_of,flags,sources,metric_id,ref\n"
        "Forums,2021,193,193,count,exact,result,,conflict,\"Weekly Review, 2021-09-11\",forums,figure:2021-forums\n"
        "Forums,2022,·,,,,,,,,forums,\n"
        "Forums,2023,·,,,,,,,,forums,\n"
        "Exhibition area,2021,\"126,000 m²\",126000,m2,exact,result,,,\"Weekly Review, 2021-09-11\",area,figure:2021-area\n"
        "Exhibition area,2022,·,,,,,,,,area,\n"
        "Exhibition area,2023,\"155,000 m²\",155000,m2,exact,result,,,\"Daily Paper, 2023-09-07\",area,figure:2023-area\n"
    )
    markdown = save_view(view, out / "t.md").read_text(encoding="utf-8").splitlines()
    assert markdown[:5] == [
        "# Trends 2021-2023", "", "| Metric | Edition | As shown | Flags | Sources |", "| --- | --- | ---: | --- | --- |",
        "| Forums | 2021 | 193 | conflict | Weekly Review, 2021-09-11 |",
    ]
