"""Contracts the README makes: `kind` in `show --json` is the entity kind (an event's or an
organization's own kind is `event_kind` / `organization_kind` in every JSON shape), and no CSV or
TSV cell the tool writes or copies is run by a spreadsheet as a formula (OWASP's rule: text that
begins with = + - @, a tab or a carriage return gets a leading quote; plain numbers stay data)."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from ciftis.cli import main
from ciftis.core.export import spreadsheet_safe
from tests.conftest import MINI, write_dataset


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("ref, kind, own_key, own", [
    ("event:madrid-symposium", "event", "event_kind", "symposium"),
    ("organization:wipo", "organization", "organization_kind", "international_organization"),
])
def test_show_json_kind_is_the_entity_kind(capsys, mini_dir, ref, kind, own_key, own):
    code, out, err = run(capsys, "--dataset", str(mini_dir), "show", ref, "--json")
    data = json.loads(out)
    assert (code, err, data["kind"], data[own_key]) == (0, "", kind, own)


@pytest.mark.parametrize("ref", ["event:madrid-symposium-2021", "organization:wipo"])
def test_show_json_kind_on_the_bundled_dataset(capsys, ref):
    code, out, _ = run(capsys, "show", ref, "--json")
    data = json.loads(out)
    assert (code, data["kind"]) == (0, ref.split(":")[0])
    assert data["event_kind" if ref.startswith("event") else "organization_kind"] not in (None, "", data["kind"])


def test_export_json_names_the_records_own_kinds(capsys, mini_dir):
    code, out, _ = run(capsys, "--dataset", str(mini_dir), "export", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert [(e["id"], e["event_kind"], "kind" in e) for e in data["events"]] == [("madrid-symposium", "symposium", False)]
    assert [(o["id"], o["organization_kind"], "kind" in o) for o in data["organizations"]] == [("wipo", "international_organization", False)]


@pytest.mark.parametrize("cell, safe", [
    ("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("@SUM(1+1)", "'@SUM(1+1)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("-", "'-"),
    ("+29,000 m²", "'+29,000 m²"),
    ("-519", "-519"),
    ("+23%", "+23%"),
    ("-1,250.5", "-1,250.5"),
    ("a = b", "a = b"),
    (-519, -519),
    (1.5, 1.5),
])
def test_a_cell_a_spreadsheet_would_run_gets_a_quote(cell, safe):
    assert spreadsheet_safe(cell) == safe


HOSTILE = {
    "scope": "=HYPERLINK(\"http://evil\",\"click\")",
    "note": "@SUM(A1:A9)",
}


@pytest.fixture
def hostile_dir(tmp_path):
    text = MINI["editions.yaml"].replace(
        "                sources: [{source: weekly, quote: \"126,000 square meters\"}]\n",
        "                sources: [{source: weekly, quote: \"-2+3+cmd|' /C calc'!A0\"}]\n"
        "                scope: '=HYPERLINK(\"http://evil\",\"click\")'\n"
        "                note: '@SUM(A1:A9)'\n", 1)
    base = MINI["base.yaml"].replace("            label: Exhibition area\n", "            label: \"+Exhibition area\"\n", 1)
    return write_dataset(tmp_path / "hostile", {**MINI, "editions.yaml": text, "base.yaml": base})


def test_figures_csv_neutralises_formula_cells(capsys, hostile_dir):
    code, out, err = run(capsys, "--dataset", str(hostile_dir), "export", "--format", "csv")
    assert (code, err) == (0, "")
    rows = {row["figure"]: row for row in csv.DictReader(io.StringIO(out))}
    area = rows["2021-area"]
    assert (area["scope"], area["note"], area["quotes"], area["label"]) == (
        "'=HYPERLINK(\"http://evil\",\"click\")", "'@SUM(A1:A9)", "'-2+3+cmd|' /C calc'!A0", "'+Exhibition area")
    assert area["value"] == "126000"
    assert rows["2022-nations"]["derived"] == "a - b"


@pytest.mark.parametrize("fmt, delimiter", [("csv", ","), ("tsv", "\t")])
def test_comparison_csv_and_tsv_neutralise_formula_cells(capsys, hostile_dir, fmt, delimiter):
    code, out, _ = run(capsys, "--dataset", str(hostile_dir), "compare", "2021", "2023", "--format", fmt)
    rows = list(csv.reader(io.StringIO(out), delimiter=delimiter))
    area = next(row for row in rows if row[1].endswith("Exhibition area"))  # metric, label, unit, A…, then the cells as shown
    assert code == 0 and area[1] == "'+Exhibition area" and area[3] == "126000" and area[9] == "29000"
    assert area[12:16] == ["126,000 m²", "155,000 m²", "'+29,000 m²", "+23%"]
    assert all(not cell.startswith(("=", "+", "-", "@")) or re.fullmatch(r"[+-]?[\d.,]+%?", cell) for row in rows for cell in row)


def test_markdown_is_not_quoted(capsys, hostile_dir):
    code, out, _ = run(capsys, "--dataset", str(hostile_dir), "compare", "2021", "2023", "--format", "markdown")
    assert code == 0 and "| +Exhibition area | 126,000 m² | 155,000 m² | +29,000 m² | +23% |" in out
