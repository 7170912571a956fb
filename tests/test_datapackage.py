"""The Frictionless data package: `ciftis export --format datapackage --output DIR` writes a CSV
per table and a `datapackage.json` that the real `frictionless validate` accepts — types, primary
keys and foreign keys included — and rejects when a reference is broken."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ciftis.cli import main
from tests.conftest import MINI, write_dataset

FRICTIONLESS = Path(sys.executable).with_name("frictionless")
TABLES = [
    "editions", "events", "people", "organizations", "topics", "sources", "metrics", "figures", "figure_sources",
    "figure_inputs", "figure_conflicts", "edition_releases", "person_positions", "event_participants",
    "edition_organizers", "edition_sources", "event_organizers", "event_topics", "event_sources", "person_sources",
    "topic_events", "topic_people", "topic_organizations", "topic_sources", "metric_related",
]


def frictionless(package: Path) -> dict:
    """`frictionless validate --json` of a package: its report."""
    done = subprocess.run([str(FRICTIONLESS), "validate", "--json", str(package / "datapackage.json")], capture_output=True, text=True, timeout=600)
    report = json.loads(done.stdout)
    assert (done.returncode == 0) == report["valid"], done.stderr
    return report


def errors(report: dict) -> list[tuple[str, str]]:
    return [(task["name"], error["type"]) for task in report["tasks"] for error in task["errors"]] + [("", e["type"]) for e in report["errors"]]


def rows(package: Path, table: str) -> list[dict]:
    with open(package / f"{table}.csv", encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.mark.slow
def test_bundled_package_validates_with_frictionless(tmp_path):
    package = tmp_path / "pkg"
    done = subprocess.run([sys.executable, "-m", "ciftis", "export", "--format", "datapackage", "--output", str(package)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr == f"wrote {package / 'datapackage.json'} and 25 CSV tables beside it\n"
    assert sorted(p.name for p in package.iterdir()) == sorted([f"{name}.csv" for name in TABLES] + ["datapackage.json"])
    report = frictionless(package)
    assert errors(report) == []
    assert report["valid"] is True
    assert sorted(task["name"] for task in report["tasks"]) == sorted(TABLES)
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    figures = next(r for r in descriptor["resources"] if r["name"] == "figures")["schema"]
    assert {f["name"]: f["type"] for f in figures["fields"]}["value"] == "number"
    assert figures["primaryKey"] == ["id"]
    assert {"fields": ["metric"], "reference": {"resource": "metrics", "fields": ["id"]}} in figures["foreignKeys"]
    times = sorted((r["id"], r["as_of_date"], r["as_of_time"]) for r in rows(package, "figures") if r["as_of_time"])
    assert [t[1:] for t in times] == [("2023-09-06", "12:00:00")] * 4 + [("2025-09-14", "12:00:00")]


def test_mini_package_rows(capsys, mini_dir, tmp_path):
    package = tmp_path / "pkg"
    assert main(["--dataset", str(mini_dir), "export", "--format", "datapackage", "--output", str(package)]) == 0
    exhibitors = next(r for r in rows(package, "figures") if r["id"] == "2023-exhibitors")
    assert exhibitors == {
        "id": "2023-exhibitors", "owner_kind": "edition", "owner": "2023", "edition": "2023", "metric": "exhibitors",
        "label": "Offline exhibitors", "value": "2400", "unit": "count", "qualifier": "more_than", "status": "result",
        "as_of_date": "2023-09-06", "as_of_time": "12:00:00", "display": "> 2,400", "scope": "", "note": "", "formula": "",
    }
    assert rows(package, "figure_inputs") == [
        {"figure": "2022-nations", "name": "a", "input_figure": "2023-nations", "value": "", "source": "", "quote": ""},
        {"figure": "2022-nations", "name": "b", "input_figure": "", "value": "12", "source": "daily", "quote": "an increase of 12"},
    ]
    assert rows(package, "event_participants") == [{"event": "madrid-symposium", "position": "1", "person": "liu-hua", "role": "opening remarks"}]
    assert rows(package, "figure_conflicts") == [  # both ways, as the dataset gives them
        {"figure": "2021-forums", "position": "1", "conflicts_with": "2021-forums-b"},
        {"figure": "2021-forums-b", "position": "1", "conflicts_with": "2021-forums"},
    ]


@pytest.mark.slow
def test_a_broken_reference_fails_frictionless(mini_dir, tmp_path):
    package = tmp_path / "pkg"
    assert main(["--dataset", str(mini_dir), "export", "--format", "datapackage", "--output", str(package)]) == 0
    assert errors(frictionless(package)) == []
    path = package / "figure_sources.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",weekly,", ",nowhere,", 1), encoding="utf-8")
    assert errors(frictionless(package)) == [("figure_sources", "foreign-key")]


def test_formula_cells_are_neutralised(tmp_path):
    files = dict(MINI)
    files["base.yaml"] = files["base.yaml"].replace("name: Liu Hua", 'name: "=HYPERLINK(\\"http://x\\")"').replace(
        "title: Fair closes", "title: \"@SUM(A1)\"").replace("definition: Forums held.", "definition: \"-1 forums+\"")
    package = tmp_path / "pkg"
    assert main(["--dataset", str(write_dataset(tmp_path / "ds", files)), "export", "--format", "datapackage", "--output", str(package)]) == 0
    assert rows(package, "people")[0]["name"] == "'=HYPERLINK(\"http://x\")"
    assert rows(package, "sources")[0]["title"] == "'@SUM(A1)"
    assert next(r for r in rows(package, "metrics") if r["id"] == "forums")["definition"] == "'-1 forums+"
    assert rows(package, "figures")[0]["value"] == "126000"  # numbers are numbers


def test_datapackage_needs_a_directory(capsys, mini_dir, tmp_path):
    assert main(["--dataset", str(mini_dir), "export", "--format", "datapackage"]) == 2
    assert capsys.readouterr().err == "ciftis: --format datapackage writes a directory; give it with --output DIR\n"
    afile = tmp_path / "file.json"
    afile.write_text("{}", encoding="utf-8")
    assert main(["--dataset", str(mini_dir), "export", "--format", "datapackage", "--output", str(afile)]) == 2
    assert capsys.readouterr().err == f"ciftis: {afile} is not a directory; a data package is a directory of files\n"
    assert afile.read_text(encoding="utf-8") == "{}"
