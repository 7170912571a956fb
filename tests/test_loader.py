"""The loader and validator: every problem reported as path:line: message, nothing executed."""

from __future__ import annotations

import textwrap

import pytest

from ciftis.core.loader import DatasetError, check, load
from tests.conftest import MINI, write_dataset


def problems_of(root):
    dataset, problems = check(root)
    return [str(p) for p in problems]


def test_mini_dataset_loads_with_counts(mini):
    assert mini.counts() == {"edition": 3, "event": 1, "person": 1, "organization": 1, "topic": 1, "source": 2, "metric": 5, "figure": 9}
    assert mini.editions[2021].venues == ("Shougang Park",)
    assert str(mini.editions[2021].start) == "2021-09-02"
    assert [e.id for e in mini.events_of_person("liu-hua")] == ["madrid-symposium"]


def test_conflicts_are_symmetric(mini):
    assert mini.figures["2021-forums"].conflicts_with == ("2021-forums-b",)
    assert mini.figures["2021-forums-b"].conflicts_with == ("2021-forums",)


def test_bundled_dataset_is_valid():
    dataset, problems = check()
    assert [str(p) for p in problems] == []
    assert dataset.counts()["edition"] == 12  # how fast it loads is the performance harness's to say


def with_file(tmp_path, name, text, raw=False):
    root = write_dataset(tmp_path / "ds", MINI)
    path = root / name
    if raw:
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def test_missing_directory(tmp_path):
    assert problems_of(tmp_path / "nope") == [f"{tmp_path / 'nope'}: dataset directory does not exist"]


def test_empty_directory(tmp_path):
    (tmp_path / "empty").mkdir()
    assert problems_of(tmp_path / "empty") == [f"{tmp_path / 'empty'}: no dataset files (*.yaml) in this directory"]


def test_empty_file(tmp_path):
    root = with_file(tmp_path, "empty.yaml", "# nothing here\n")
    assert problems_of(root) == [f"{root}/empty.yaml: file is empty"]


def test_malformed_yaml_reports_line(tmp_path):
    root = with_file(tmp_path, "bad.yaml", "sources:\n  - id: x\n    publisher: [unclosed\n")
    (message,) = problems_of(root)
    assert message.startswith(f"{root}/bad.yaml:4: invalid YAML:")


def test_unsafe_tag_is_rejected_and_not_run(tmp_path):
    marker = tmp_path / "pwned"
    root = with_file(tmp_path, "evil.yaml", f'sources: !!python/object/apply:os.system ["touch {marker}"]\n')
    assert problems_of(root) == [f"{root}/evil.yaml:1: unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system': only plain lists are allowed"]
    assert not marker.exists()


def test_custom_tag_scalar_is_rejected(tmp_path):
    root = with_file(tmp_path, "tag.yaml", "sources:\n  - id: !secret x\n")
    assert problems_of(root) == [f"{root}/tag.yaml:2: unsupported YAML tag '!secret': only plain values are allowed"]


def test_non_utf8_file(tmp_path):
    root = with_file(tmp_path, "latin.yaml", b"sources: []\n# caf\xe9\n", raw=True)
    assert problems_of(root) == [f"{root}/latin.yaml:2: is not UTF-8 text (byte 0xe9 cannot be decoded)"]


def test_alias_bomb_is_rejected_quickly(tmp_path):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i-1}"] * 9) + "]")
    root = with_file(tmp_path, "bomb.yaml", "\n".join(lines) + "\n")
    assert problems_of(root) == [f"{root}/bomb.yaml:1: the value anchored here (&name) is reused by an alias (*name); aliases are not supported, write the value out"]


def test_duplicate_keys(tmp_path):
    root = with_file(tmp_path, "dup.yaml", "metrics:\n  - id: m\n    label: A\n    label: B\n    unit: count\n    definition: d\n")
    assert problems_of(root) == [f"{root}/dup.yaml:4: duplicate key 'label' (first at line 3)"]


def test_schema_problems_are_all_reported(tmp_path):
    root = with_file(tmp_path, "schema.yaml", """
        metrics:
          - id: Bad Id
            label: x
            unit: furlongs
            definition: d
            colour: red
        sources:
          - id: daily
            publisher: Again
            title: t
            tier: official
            date: 2023-02-30
        """)
    assert problems_of(root) == [
        f"{root}/schema.yaml:2: metric 'id' must be an id of lowercase letters, digits and dashes, not 'Bad Id'",
        f"{root}/schema.yaml:4: metric 'unit' must be one of count, people, person_times, m2, percent, usd, cny, rank; not 'furlongs'",
        f"{root}/schema.yaml:6: unknown key 'colour' in metric (allowed: id, label, unit, definition, related)",
        f"{root}/schema.yaml:8: duplicate source id 'daily' (first defined at {root}/base.yaml:2)",
        f"{root}/schema.yaml:12: source 'date' must be a real date written YYYY-MM-DD, not '2023-02-30'",
    ]


def test_reference_and_figure_rules_exact(tmp_path):
    root = with_file(tmp_path, "refs.yaml", """
        editions:
          - year: 2019
            name: Fair
            organizers: [nobody]
            sources: [daily]
            figures:
              - id: 2019-exhibitors
                metric: exhibitors
                value: 10
                unit: m2
                qualifier: exact
              - id: 2019-nations
                metric: nations
                value: 70
                unit: count
                qualifier: exact
                derived:
                  formula: a - b
                  inputs:
                    a: {figure: 2023-nations}
                    b: {value: 12, source: daily, quote: "12 more"}
              - id: 2019-forums
                metric: forums
                value: 1
                unit: count
                qualifier: exact
                sources: [{source: ghost, quote: q}]
                conflicts_with: [2023-area]
        """)
    assert problems_of(root) == [
        f"{root}/refs.yaml:4: unknown organization 'nobody'",
        f"{root}/refs.yaml:7: figure '2019-exhibitors' has no source: cite one, or give the derivation",
        f"{root}/refs.yaml:7: figure '2019-exhibitors' has unit 'm2' but metric 'exhibitors' is measured in 'count'",
        f"{root}/refs.yaml:12: figure '2019-nations' is 70 but its formula 'a - b' gives 71",
        f"{root}/refs.yaml:22: figure '2019-forums' conflicts with '2023-area', which is not the same metric of the same edition",
        f"{root}/refs.yaml:27: unknown source 'ghost'",
    ]


def test_derivation_formula_cannot_run_code(tmp_path):
    root = with_file(tmp_path, "code.yaml", """
        editions:
          - year: 2019
            name: Fair
            sources: [daily]
            figures:
              - id: 2019-nations
                metric: nations
                value: 1
                unit: count
                qualifier: exact
                derived:
                  formula: __import__('os').system('true')
                  inputs:
                    a: {figure: 2023-nations}
        """)
    assert problems_of(root) == [f"{root}/code.yaml:6: figure '2019-nations': the formula may only use numbers, input names, + - * / and parentheses"]


def test_derivation_cycle(tmp_path):
    root = with_file(tmp_path, "cycle.yaml", """
        editions:
          - year: 2019
            name: Fair
            sources: [daily]
            figures:
              - id: x1
                metric: nations
                value: 1
                unit: count
                qualifier: exact
                derived: {formula: a, inputs: {a: {figure: x2}}}
              - id: x2
                metric: nations
                value: 1
                unit: count
                qualifier: exact
                derived: {formula: a, inputs: {a: {figure: x1}}}
        """)
    assert problems_of(root) == [
        f"{root}/cycle.yaml:6: figure 'x1': derivation cycle: x1 -> x2 -> x1",
        f"{root}/cycle.yaml:12: figure 'x2': derivation cycle: x2 -> x1 -> x2",
    ]


def test_bom_and_crlf_load(tmp_path):
    root = write_dataset(tmp_path / "ds", MINI)
    path = root / "base.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    dataset, problems = check(root)
    assert problems == []
    assert dataset.sources["daily"].publisher == "Daily Paper"


def test_symlink_outside_is_not_followed(tmp_path):
    root = write_dataset(tmp_path / "ds", MINI)
    outside = tmp_path / "outside.yaml"
    outside.write_text("sources: []\n")
    (root / "link.yaml").symlink_to(outside)
    assert problems_of(root) == [f"{root}/link.yaml: is a link to a file outside the dataset directory; it was not read"]


def test_load_raises_dataset_error_with_all_problems(tmp_path):
    root = with_file(tmp_path, "x.yaml", "people: 3\n")
    with pytest.raises(DatasetError) as caught:
        load(root)
    assert [str(p) for p in caught.value.problems] == [f"{root}/x.yaml:1: people must be a list, not int"]


def test_a_quote_must_carry_words_not_the_number_alone(tmp_path):
    root = with_file(tmp_path, "bare.yaml", """
        editions:
          - year: 2019
            name: Fair
            sources: [daily]
            figures:
              - id: 2019-forums
                metric: forums
                value: 190
                unit: count
                qualifier: exact
                sources:
                  - {source: daily, quote: "190"}
                  - {source: weekly, quote: "held 190 forums"}
              - id: 2019-area
                metric: area
                value: 152000
                unit: m2
                qualifier: more_than
                sources:
                  - {source: daily, quote: "> 152,000 m²"}
                  - {source: weekly, quote: "15.2万平方米的展览展示"}
              - id: 2019-nations
                metric: nations
                value: 58
                unit: count
                qualifier: exact
                derived:
                  formula: a - b
                  inputs:
                    a: {figure: 2023-nations}
                    b: {value: 25, source: daily, quote: "US$ 25"}
        """)
    assert problems_of(root) == [
        f"{root}/bare.yaml:12: quote of figure '2019-forums' must carry the words around the number, not the number alone",
        f"{root}/bare.yaml:20: quote of figure '2019-area' must carry the words around the number, not the number alone",
        f"{root}/bare.yaml:31: quote of figure '2019-nations' must carry the words around the number, not the number alone",
    ]


def test_the_values_of_keys_left_unread_are_none_and_their_insides_not_looked_at(tmp_path):
    from ciftis.core.yamlsafe import YamlError, read_yaml

    path = tmp_path / "editions.yaml"
    path.write_text(textwrap.dedent("""\
        editions:
          - year: 2021
            figures:
              - id: &a x
                value: !!python/object:os.system {}
                inputs: {b: *a}
            name: Fair
          - year: 2022
            figures: 3
            sources: [daily]
        """), encoding="utf-8")
    with pytest.raises(YamlError):
        read_yaml(path)
    content = read_yaml(path, unread=frozenset({"figures"}))
    first, second = content["editions"]
    assert dict(first) == {"year": 2021, "figures": None, "name": "Fair"}
    assert first.key_lines == {"year": 2, "figures": 3, "name": 7}
    assert dict(second) == {"year": 2022, "figures": None, "sources": ["daily"]}
    assert content["editions"].item_lines == [2, 8]


def test_an_editions_preview_is_every_edition_without_its_figures():
    import dataclasses

    from ciftis.core.loader import editions_preview
    from ciftis.core.locations import bundled_dataset_dir, dataset_files

    root = bundled_dataset_dir()
    whole, problems = check(root)
    preview = editions_preview(dataset_files(root, str(root), []))
    assert problems == [] and preview is not None
    assert list(preview.values()) == [dataclasses.replace(edition, figures=()) for edition in whole.editions.values()]
    assert list(preview) == [2012, 2013, 2014, 2016, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025]
