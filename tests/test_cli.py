"""The `ciftis` command line: outputs, exit codes (0 ok, 1 data error or nothing found, 2 usage)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from ciftis import __version__
from ciftis.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_ok(capsys, mini_dir):
    code, out, err = run(capsys, "--dataset", str(mini_dir), "validate")
    assert code == 0 and err == ""
    assert out.startswith("ok: 3 editions, 1 events, 1 people, 1 organizations, 1 topics, 9 figures, 2 sources, 5 metrics in 2 files (")


def test_validate_reports_every_problem(capsys, tmp_path):
    from tests.conftest import MINI, write_dataset

    root = write_dataset(tmp_path / "ds", {**MINI, "bad.yaml": "people:\n  - id: x\n    name: X\n    positions: []\n    sources: [nope]\n    age: 3\n", "worse.yaml": "[1, 2"})
    code, out, err = run(capsys, "--dataset", str(root), "validate")
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"{root}/bad.yaml:5: unknown source 'nope'",
        f"{root}/bad.yaml:6: unknown key 'age' in person (allowed: id, name, aliases, positions, summary, sources)",
        f"{root}/worse.yaml:2: invalid YAML: did not find expected ',' or ']'",
        "3 problems found",
    ]


def test_missing_dataset_dir_is_a_message_not_a_traceback(capsys, tmp_path):
    code, out, err = run(capsys, "--dataset", str(tmp_path / "gone"), "search", "x")
    assert code == 1
    assert err.splitlines() == ["ciftis: the dataset has 1 problem:", f"  {tmp_path / 'gone'}: dataset directory does not exist"]


def test_env_var_picks_dataset(capsys, mini_dir, monkeypatch):
    monkeypatch.setenv("CIFTIS_DATASET", str(mini_dir))
    code, out, _ = run(capsys, "validate")
    assert code == 0 and "3 editions" in out


def test_search_json(capsys, mini_dir):
    code, out, _ = run(capsys, "--dataset", str(mini_dir), "search", "liu", "hau", "--json", "--limit", "1")
    assert code == 0
    assert json.loads(out) == [{"kind": "person", "id": "liu-hua", "name": "Liu Hua", "score": 84.9}]


def test_search_nothing_found_exits_1(capsys, mini_dir):
    code, out, err = run(capsys, "--dataset", str(mini_dir), "search", "zzzzqqqq")
    assert (code, out, err) == (1, "", "no match for 'zzzzqqqq'\n")


def test_search_kind_filter(capsys, mini_dir):
    code, out, _ = run(capsys, "--dataset", str(mini_dir), "search", "madrid", "--kind", "topic", "--json")
    assert [hit["id"] for hit in json.loads(out)] == ["madrid"]


def test_show_by_ref_and_fuzzy_name(capsys, mini_dir):
    code, out, _ = run(capsys, "--dataset", str(mini_dir), "show", "person:liu-hua", "--json")
    data = json.loads(out)
    assert (code, data["schema_version"], data["kind"], data["name"]) == (0, 2, "person", "Liu Hua")
    code, out, _ = run(capsys, "--dataset", str(mini_dir), "show", "madird", "symposium")
    assert code == 0
    assert "International Symposium on the Promotion of Madrid System" in out
    assert "opening remarks" in out and "Liu Hua" in out


def test_show_edition_table(capsys, mini_dir):
    code, out, _ = run(capsys, "--dataset", str(mini_dir), "show", "2023")
    assert code == 0
    line = next(text for text in out.splitlines() if "Offline exhibitors" in text)
    assert line.split() == ["Offline", "exhibitors", ">", "2,400", "count", "as", "of", "Sept", "6", "noon", "1"]
    assert "plan" in next(text for text in out.splitlines() if "Share of leaders" in text)


def test_show_unknown(capsys, mini_dir):
    code, _, err = run(capsys, "--dataset", str(mini_dir), "show", "person:nobody")
    assert code == 1 and err == "no person 'nobody'\n"


def test_show_never_renders_markup(capsys, tmp_path):
    from tests.conftest import MINI, write_dataset

    files = dict(MINI)
    files["base.yaml"] = files["base.yaml"].replace("name: Liu Hua", 'name: "[bold]x[/] [@click=app.quit]"')
    root = write_dataset(tmp_path / "ds", files)
    code, out, _ = run(capsys, "--dataset", str(root), "show", "person:liu-hua")
    assert code == 0 and "[bold]x[/] [@click=app.quit]" in out


def test_compare_formats(capsys, mini_dir):
    code, out, _ = run(capsys, "--dataset", str(mini_dir), "compare", "2021", "2023", "--format", "json")
    data = json.loads(out)
    assert (code, data["a"], data["b"], len(data["rows"])) == (0, 2021, 2023, 5)
    code, out, _ = run(capsys, "--dataset", str(mini_dir), "compare", "2021", "2023", "--format", "markdown")
    assert out.splitlines()[2] == "| Exhibition area | 126,000 m² | 155,000 m² | +29,000 m² | +23% |  |"
    code, out, _ = run(capsys, "--dataset", str(mini_dir), "compare", "2021", "2023", "--format", "csv")
    assert out.splitlines()[:2] == [
        "metric,label,unit,2021,2021 qualifier,2021 status,2023,2023 qualifier,2023 status,delta,delta_pct,approximate,2021 as shown,2023 as shown,Δ as shown,Δ% as shown,note",
        'area,Exhibition area,m2,126000,exact,result,155000,exact,result,29000,23,,"126,000 m²","155,000 m²","\'+29,000 m²",+23%,',
    ]
    code, out, _ = run(capsys, "--dataset", str(mini_dir), "compare", "2021", "2023")
    assert code == 0 and "126,000 m²" in out and "+29,000 m²" in out and "not reported" in out


def test_compare_unknown_year(capsys, mini_dir):
    code, _, err = run(capsys, "--dataset", str(mini_dir), "compare", "2021", "1999")
    assert (code, err) == (1, "no edition 1999; editions: 2021, 2022, 2023\n")


def test_export_json_and_csv_to_file(capsys, mini_dir, tmp_path):
    target = tmp_path / "out.json"
    code, out, err = run(capsys, "--dataset", str(mini_dir), "export", "--format", "json", "--output", str(target))
    assert (code, out, err) == (0, "", f"wrote {target}\n")
    assert json.loads(target.read_text())["schema_version"] == 2
    code, out, _ = run(capsys, "--dataset", str(mini_dir), "export", "--format", "csv")
    assert code == 0 and out.splitlines()[0].startswith("figure,owner_kind,owner,edition,metric,label,value,unit,qualifier")
    assert len(out.splitlines()) == 10


def test_export_to_unwritable_place(capsys, mini_dir, tmp_path):
    code, _, err = run(capsys, "--dataset", str(mini_dir), "export", "--format", "json", "--output", str(tmp_path / "no" / "such" / "x.json"))
    assert code == 1 and err.startswith(f"ciftis: cannot write {tmp_path / 'no' / 'such' / 'x.json'}: ")


@pytest.mark.parametrize("argv", [["bogus"], ["search"], ["compare", "2021"], ["compare", "x", "y"], ["export", "--format", "xml"], ["search", "a", "--limit", "0"]])
def test_usage_errors_exit_2(capsys, argv):
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    assert "usage: ciftis" in capsys.readouterr().err


def test_version_and_module_entry():
    out = subprocess.run([sys.executable, "-m", "ciftis", "--version"], capture_output=True, text=True, check=True).stdout
    assert out == f"ciftis {__version__}\n"
