"""JSON Schemas: every JSON output the command line prints (export of the bundled and the mini
dataset, show of every kind, search, compare) validates against the schema shipped in the package,
with jsonschema's format checker, and `ciftis schema NAME` prints that schema."""

from __future__ import annotations

import copy
import json
from importlib.resources import files

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from ciftis.cli import main
from ciftis.core.kinds import NAMES as KINDS
from ciftis.schemas import NAMES

MINI_REFS = {  # one entity of each kind in the mini dataset
    "edition": "2023", "event": "event:madrid-symposium", "person": "person:liu-hua", "organization": "organization:wipo",
    "topic": "topic:madrid", "source": "source:daily", "metric": "metric:area", "figure": "figure:2022-nations",
}
BUNDLED_REFS = {
    "edition": "2023", "event": "event:madrid-symposium-2021", "person": "person:daren-tang", "organization": "organization:wipo",
    "topic": "topic:madrid-system", "source": "source:cipnews-2021-09-16", "metric": "metric:exhibition-area", "figure": "figure:2023-visitors",
}


def validator(name: str) -> Draft202012Validator:
    schema = json.loads(files("ciftis.schemas").joinpath(f"{name}.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def output(capsys, *argv) -> object:
    code = main(list(argv))
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


def problems(name: str, data) -> list[str]:
    return [f"{error.json_path}: {error.message}" for error in validator(name).iter_errors(data)]


@pytest.mark.parametrize("name", NAMES)
def test_schema_command_prints_the_shipped_schema(capsys, name):
    assert main(["schema", name]) == 0
    printed = capsys.readouterr().out
    schema = json.loads(printed)
    assert printed == files("ciftis.schemas").joinpath(f"{name}.json").read_text(encoding="utf-8")
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_schema_of_an_unknown_output_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["schema", "validate"])
    assert exit_.value.code == 2
    assert "invalid choice: 'validate'" in capsys.readouterr().err


@pytest.mark.parametrize("which", ["mini", "bundled"])
def test_export_validates(capsys, mini_dir, which):
    args = ["--dataset", str(mini_dir)] if which == "mini" else []
    data = output(capsys, *args, "export", "--format", "json")
    assert problems("export", data) == []
    assert data["schema_version"] == 2


def test_bundled_export_times_are_rfc3339_with_the_fairs_offset(capsys):
    data = output(capsys, "export", "--format", "json")
    figures = [f for e in data["editions"] for f in e["figures"]] + [f for e in data["events"] for f in e["figures"]]
    times = sorted(f["as_of"] for f in figures if f["as_of"] and "T" in f["as_of"])
    assert times == ["2023-09-06T12:00:00+08:00"] * 4 + ["2025-09-14T12:00:00+08:00"]
    assert "2019-05-22" in {f["as_of"] for f in figures}  # dates stay dates


@pytest.mark.parametrize("kind", KINDS)
def test_show_of_every_kind_validates(capsys, mini_dir, kind):
    mini = output(capsys, "--dataset", str(mini_dir), "show", MINI_REFS[kind], "--json")
    bundled = output(capsys, "show", BUNDLED_REFS[kind], "--json")
    assert (mini["kind"], bundled["kind"]) == (kind, kind)
    assert problems("show", mini) == []
    assert problems("show", bundled) == []


def test_show_keeps_the_entity_kind_apart_from_the_records_own(capsys, mini_dir):
    event = output(capsys, "--dataset", str(mini_dir), "show", "event:madrid-symposium", "--json")
    organization = output(capsys, "--dataset", str(mini_dir), "show", "organization:wipo", "--json")
    assert (event["kind"], event["event_kind"]) == ("event", "symposium")
    assert (organization["kind"], organization["organization_kind"]) == ("organization", "international_organization")


@pytest.mark.parametrize("query", ["madrid", "liu hau", "2023"])
def test_search_validates(capsys, mini_dir, query):
    for args in (["--dataset", str(mini_dir)], []):
        data = output(capsys, *args, "search", *query.split(), "--json")
        assert data
        assert problems("search", data) == []


@pytest.mark.parametrize("years", [("2021", "2023"), ("2023", "2022")])
def test_compare_validates(capsys, mini_dir, years):
    mini = output(capsys, "--dataset", str(mini_dir), "compare", *years, "--format", "json")
    bundled = output(capsys, "compare", "2019", "2025", "--format", "json")
    assert problems("compare", mini) == []
    assert problems("compare", bundled) == []


def test_a_drifting_shape_or_a_bare_local_time_fails(capsys, mini_dir):
    data = output(capsys, "--dataset", str(mini_dir), "export", "--format", "json")
    figure = data["editions"][2]["figures"][1]
    assert figure["as_of"] == "2023-09-06T12:00:00+08:00"
    for change, expected in (
        (lambda f: f.update(as_of="2023-09-06T12:00"), "'2023-09-06T12:00' is not valid under any of the given schemas"),
        (lambda f: f.update(colour="red"), "Additional properties are not allowed ('colour' was unexpected)"),
        (lambda f: f.pop("unit"), "'unit' is a required property"),
        (lambda f: f.update(value="2400"), "'2400' is not of type 'number'"),
    ):
        drifted = copy.deepcopy(data)
        change(drifted["editions"][2]["figures"][1])
        assert problems("export", drifted) == [f"$.editions[2].figures[1]{'.as_of' if 'T12' in expected else '.value' if '2400' in expected else ''}: {expected}"]
    assert not FormatChecker().conforms("2023-09-06T12:00", "date-time")


def test_derived_inputs_are_a_mapping_of_name_to_input(capsys, mini_dir):
    data = output(capsys, "--dataset", str(mini_dir), "show", "figure:2022-nations", "--json")
    assert data["derived"]["inputs"] == {"a": {"figure": "2023-nations"}, "b": {"value": 12, "source": "daily", "quote": "an increase of 12"}}
    data["derived"]["inputs"]["b"] = {"figure": "2023-nations", "value": 12}
    assert problems("show", data)
