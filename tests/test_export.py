"""Export shapes: the whole dataset as JSON and CSV, comparisons as JSON, Markdown, CSV and TSV."""

from __future__ import annotations

import csv
import io
import json

from ciftis.core.compare import compare
from ciftis.core.export import comparison_delimited, comparison_json, comparison_markdown, dataset_json, figures_csv


def test_dataset_json_shape(mini):
    data = json.loads(json.dumps(dataset_json(mini)))
    assert data["schema_version"] == 2
    assert sorted(data) == ["editions", "events", "metrics", "organizations", "people", "schema_version", "sources", "topics"]
    assert [e["year"] for e in data["editions"]] == [2021, 2022, 2023]
    figure = data["editions"][2]["figures"][1]
    assert figure == {
        "id": "2023-exhibitors", "metric": "exhibitors", "label": "Offline exhibitors", "value": 2400, "unit": "count",
        "qualifier": "more_than", "status": "result", "as_of": "2023-09-06T12:00:00+08:00", "scope": None, "note": None,
        "sources": [{"source": "daily", "quote": "over 2,400 offline"}], "derived": None, "conflicts_with": [],
    }
    derived = data["editions"][1]["figures"][0]["derived"]
    assert derived == {"formula": "a - b", "inputs": {"a": {"figure": "2023-nations"}, "b": {"value": 12, "source": "daily", "quote": "an increase of 12"}}}
    assert data["people"][0]["positions"] == [{"title": "Director", "organization": "wipo", "edition": 2021}]
    assert data["people"][0]["events"] == ["madrid-symposium"]


def test_figures_csv_one_row_per_figure(mini):
    rows = list(csv.DictReader(io.StringIO(figures_csv(mini))))
    assert len(rows) == 9
    row = next(r for r in rows if r["figure"] == "2023-exhibitors")
    assert (row["edition"], row["value"], row["qualifier"], row["display"], row["sources"], row["quotes"]) == ("2023", "2400", "more_than", "> 2,400", "daily", "over 2,400 offline")


def test_comparison_json(mini):
    data = comparison_json(compare(mini, 2021, 2023), mini)
    assert (data["schema_version"], data["a"], data["b"]) == (2, 2021, 2023)
    area = data["rows"][0]
    assert (area["metric"], area["label"], area["a"]["value"], area["b"]["value"], area["delta"], area["delta_pct"], area["note"]) == ("area", "Exhibition area", 126000, 155000, 29000, 23.0, None)
    missing = next(r for r in data["rows"] if r["metric"] == "exhibitors")
    assert missing["a"] is None and missing["delta"] is None


def test_comparison_markdown_and_tsv(mini):
    comparison = compare(mini, 2021, 2023)
    markdown = comparison_markdown(comparison).splitlines()
    assert markdown[0] == "| Metric | 2021 | 2023 | Δ | Δ% | Note |"
    assert markdown[2] == "| Exhibition area | 126,000 m² | 155,000 m² | +29,000 m² | +23% |  |"
    tsv = comparison_delimited(comparison, "\t").splitlines()
    assert tsv[1] == "area\tExhibition area\tm2\t126000\texact\tresult\t155000\texact\tresult\t29000\t23\t\t126,000 m²\t155,000 m²\t'+29,000 m²\t+23%\t"


def test_export_strips_control_characters(tmp_path):
    from ciftis.core.loader import load
    from tests.conftest import MINI, write_dataset

    files = dict(MINI)
    files["base.yaml"] = files["base.yaml"].replace("name: Liu Hua", 'name: "Liu\\x1b]52;c;ZXZpbA==\\x07 Hua"')
    data = dataset_json(load(write_dataset(tmp_path / "ds", files)))
    assert data["people"][0]["name"] == "Liu\ufffd]52;c;ZXZpbA==\ufffd Hua"
