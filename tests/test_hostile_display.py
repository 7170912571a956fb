"""Strings built to attack a display, through every command-line output and export.

The hostile dataset (tests/hostile.py) puts Rich markup, ANSI/OSC escape sequences, C1 controls,
bidirectional overrides, zero-width and combining characters, a 10,000-character name, CJK and emoji
into every name, label, title, quote and note. Whatever `ciftis show`, `search`, `compare` and
`export` print, in tables, JSON, CSV, TSV or Markdown: markup comes out literally, no ESC, BEL, C1
control or bidi override gets through (each is replaced by U+FFFD), and CJK and emoji survive intact.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time

import pytest

from ciftis.cli import main
from ciftis.core.format import clean
from tests.hostile import HOSTILE_NAMES, LONG_LENGTH, SEARCH_WORDS, SURVIVING, UNSAFE_OUTPUT, write_hostile_dataset

KEYS = list(HOSTILE_NAMES)
SHOWN_KINDS = ("person", "organization", "event", "topic", "source", "metric")
CLEANED = {key: clean(text) for key, text in HOSTILE_NAMES.items()}


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory):
    return write_hostile_dataset(tmp_path_factory.mktemp("hostile") / "ds")


@pytest.fixture(autouse=True)
def plain_console(monkeypatch):
    """A wide, non-terminal console, as when output is piped: what is printed is all data."""
    monkeypatch.setenv("COLUMNS", "200")
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "CIFTIS_DATASET"):
        monkeypatch.delenv(name, raising=False)


def assert_safe(text: str) -> None:
    found = sorted({f"U+{ord(ch):04X}" for ch in UNSAFE_OUTPUT.findall(text)})
    assert not found, f"unsafe characters reached the output: {found}"


def strings(value):
    """Every string inside decoded JSON, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def assert_safe_values(value) -> None:
    """Every string inside decoded JSON is safe too (a "\\u001b" escape would decode to ESC)."""
    for text in strings(value):
        assert_safe(text)


def assert_readable(out: str, key: str) -> None:
    """The key's string came out whole, cleaned: markup literal, CJK, emoji and combining marks intact."""
    if key == "long":
        assert "L" * LONG_LENGTH in "".join(out.split())
    else:
        assert CLEANED[key] in out


def run(capsys, root, *argv) -> tuple[int, str, str]:
    code = main(["--dataset", str(root), *argv])
    out, err = capsys.readouterr()
    assert_safe(out)
    assert_safe(err)
    assert "Traceback" not in err
    return code, out, err


def test_the_fixture_is_really_hostile_and_valid(capsys, hostile_dir):
    from ciftis.core.loader import load

    dataset = load(hostile_dir)
    for key, text in HOSTILE_NAMES.items():
        assert dataset.people[f"person-{key}"].name == text
        assert dataset.figures[f"figure-2021-{key}"].sources[0].quote == text
    assert "\x1b]52;c;" in HOSTILE_NAMES["osc52"] and "\u202e" in HOSTILE_NAMES["bidi"] and "\x9b" in HOSTILE_NAMES["c1"]
    assert CLEANED["osc52"] == "Clip \ufffd]52;c;ZXZpbA==\ufffdboard"
    code, out, err = run(capsys, hostile_dir, "validate")
    assert (code, err) == (0, "")
    assert out.startswith("ok: 2 editions, 13 events, 13 people, 13 organizations, 13 topics, 26 figures, 13 sources, 13 metrics in 4 files (")


# -- ciftis show (Rich tables and grids) ----------------------------------------------------------
@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("kind", SHOWN_KINDS)
def test_show_entity(capsys, hostile_dir, kind, key):
    code, out, _ = run(capsys, hostile_dir, "show", f"{kind}:{kind}-{key}")
    assert code == 0
    assert_readable(out, key)


@pytest.mark.parametrize("key", KEYS)
def test_show_figure(capsys, hostile_dir, key):
    code, out, _ = run(capsys, hostile_dir, "show", f"figure:figure-2021-{key}")
    assert code == 0
    assert_readable(out, key)
    assert f"“{CLEANED[key]}”" in out or key == "long"  # the quote, in quotation marks


@pytest.mark.parametrize("year", [2021, 2022])
def test_show_edition(capsys, hostile_dir, year):
    code, out, _ = run(capsys, hostile_dir, "show", str(year))
    assert code == 0
    for key in KEYS:
        assert_readable(out, key)
    for literal in SURVIVING.values():
        assert literal in out


@pytest.mark.parametrize("kind", [*SHOWN_KINDS, "figure"])
def test_show_json(capsys, hostile_dir, kind):
    for key in KEYS:
        ident = f"figure-2021-{key}" if kind == "figure" else f"{kind}-{key}"
        code, out, _ = run(capsys, hostile_dir, "show", f"{kind}:{ident}", "--json")
        data = json.loads(out)
        assert code == 0 and data["id"] == ident
        assert_safe_values(data)
        assert CLEANED[key] in set(strings(data))


# -- ciftis search ------------------------------------------------------------------------------------
@pytest.mark.parametrize("key", KEYS)
def test_search_table(capsys, hostile_dir, key):
    code, out, _ = run(capsys, hostile_dir, "search", SEARCH_WORDS[key], "--kind", "person", "--limit", "3")
    assert code == 0
    assert f"person:person-{key}" in out
    if key == "long":  # cut to the column, visibly
        assert re.search("L{100,}…", out)
    else:
        assert_readable(out, key)


@pytest.mark.parametrize("key", KEYS)
def test_show_by_fuzzy_name(capsys, hostile_dir, key):
    code, out, _ = run(capsys, hostile_dir, "show", SEARCH_WORDS[key])
    assert code == 0
    assert_readable(out, key)


@pytest.mark.parametrize("key", KEYS)
def test_search_json(capsys, hostile_dir, key):
    code, out, _ = run(capsys, hostile_dir, "search", SEARCH_WORDS[key], "--json", "--limit", "40")
    hits = json.loads(out)
    assert code == 0
    assert_safe_values(hits)
    assert {"kind": "person", "id": f"person-{key}"} in [{"kind": h["kind"], "id": h["id"]} for h in hits]
    assert CLEANED[key] in [h["name"] for h in hits]


@pytest.mark.parametrize("key", KEYS)
def test_search_with_a_hostile_query(capsys, hostile_dir, key):
    started = time.perf_counter()
    code, out, err = run(capsys, hostile_dir, "search", HOSTILE_NAMES[key])
    assert time.perf_counter() - started < 30.0  # a 10,000-character query once took minutes: a bound, not a timing
    assert code in (0, 1)
    assert (out if code == 0 else err) != ""


# -- ciftis compare ------------------------------------------------------------------------------------
def parse_rows(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


@pytest.mark.parametrize("columns", ["200", "80"])
def test_compare_table(capsys, hostile_dir, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", columns)
    code, out, _ = run(capsys, hostile_dir, "compare", "2021", "2022")
    assert code == 0
    assert "[bold red]Boom[/bold red]" in out and "中国国际服务贸易交易会" in out and "🎉" in out
    if columns == "200":
        for key in KEYS:
            if key != "long":  # a 10,000-character label is cut to the column
                assert_readable(out, key)
        assert "approximate: more than 100 → more than 101" in out


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_compare_delimited(capsys, hostile_dir, fmt):
    code, out, _ = run(capsys, hostile_dir, "compare", "2021", "2022", "--format", fmt)
    rows = parse_rows(out, "," if fmt == "csv" else "\t")
    # The columns README's JSON/CSV section documents: plain numbers beside the cells as displayed.
    assert code == 0 and rows[0] == [
        "metric", "label", "unit", "2021", "2021 qualifier", "2021 status", "2022", "2022 qualifier", "2022 status",
        "delta", "delta_pct", "approximate", "2021 as shown", "2022 as shown", "Δ as shown", "Δ% as shown", "note",
    ]
    assert sorted(row[0] for row in rows[1:]) == sorted(f"metric-{key}" for key in KEYS)
    assert sorted(row[1] for row in rows[1:]) == sorted(CLEANED.values())
    assert all(len(row) == 17 for row in rows)
    for row in rows:
        for cell in row:
            assert_safe(cell)


def test_compare_markdown(capsys, hostile_dir):
    code, out, _ = run(capsys, hostile_dir, "compare", "2021", "2022", "--format", "markdown")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2 + len(KEYS)
    for key in KEYS:
        assert "| " + CLEANED[key].replace("\\", "\\\\") + " |" in out
    for literal in SURVIVING.values():
        assert literal in out


def test_compare_json(capsys, hostile_dir):
    code, out, _ = run(capsys, hostile_dir, "compare", "2021", "2022", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert_safe_values(data)
    assert sorted(row["label"] for row in data["rows"]) == sorted(CLEANED.values())
    scopes = {row["metric"]: row["a"]["scope"] for row in data["rows"]}
    assert scopes == {f"metric-{key}": CLEANED[key] for key in KEYS}


# -- ciftis export ------------------------------------------------------------------------------------
def test_export_json(capsys, hostile_dir):
    code, out, _ = run(capsys, hostile_dir, "export", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert_safe_values(data)
    by_kind = {kind: {item["id"]: item for item in data[kind]} for kind in ("people", "organizations", "events", "topics", "sources", "metrics")}
    for key in KEYS:
        assert by_kind["people"][f"person-{key}"]["name"] == CLEANED[key]
        assert by_kind["people"][f"person-{key}"]["positions"][0]["title"] == CLEANED[key]
        assert by_kind["organizations"][f"organization-{key}"]["aliases"] == [CLEANED[key]]
        assert by_kind["events"][f"event-{key}"]["participants"][0]["role"] == CLEANED[key]
        assert by_kind["topics"][f"topic-{key}"]["summary"] == CLEANED[key]
        assert by_kind["sources"][f"source-{key}"]["title"] == CLEANED[key]
        assert by_kind["metrics"][f"metric-{key}"]["definition"] == CLEANED[key]
    edition = data["editions"][0]
    assert (edition["name"], edition["theme"]["zh"], edition["aliases"]) == (CLEANED["markup"], CLEANED["cjk"], [CLEANED["cjk"], CLEANED["emoji"]])
    assert {f["id"]: f["sources"][0]["quote"] for f in edition["figures"]} == {f"figure-2021-{key}": CLEANED[key] for key in KEYS}


def test_export_csv(capsys, hostile_dir):
    code, out, _ = run(capsys, hostile_dir, "export", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 2 * len(KEYS)
    for row in rows:
        key = row["figure"].split("-", 2)[2]
        assert (row["label"], row["quotes"], row["scope"], row["note"]) == (CLEANED[key],) * 4


def test_export_file_is_safe(capsys, hostile_dir, tmp_path):
    target = tmp_path / "out.json"
    code, _, _ = run(capsys, hostile_dir, "export", "--format", "json", "--output", str(target))
    text = target.read_text(encoding="utf-8")
    assert code == 0
    assert_safe(text)
    assert_safe_values(json.loads(text))
    for literal in SURVIVING.values():
        assert literal in text
