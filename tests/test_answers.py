"""Right answers, whole, everywhere (issue 12): the command line and the explorer answer the
question asked — a year with no edition is an error, not another edition; values keep their units;
search results say what they are; narrow terminals and pipes lose nothing; CSV is numeric; global
options go anywhere; every command explains itself."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest

from ciftis.cli import main
from tests.app_support import make_app, run_async, settle

EDITIONS = "2012, 2013, 2014, 2016, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def ciftis(*argv, columns: int | None = None, **env):
    """The real command in a subprocess, its output piped (not a terminal) unless COLUMNS says a width."""
    environment = {**os.environ, **env}
    environment.pop("COLUMNS", None)
    if columns is not None:
        environment["COLUMNS"] = str(columns)
    return subprocess.run([sys.executable, "-m", "ciftis", *argv], capture_output=True, text=True, env=environment)


# -- 1. a year with no edition is an error, never another edition ----------------------------------
@pytest.mark.parametrize("year", ["2011", "2015", "2017", "2026"])
def test_show_a_year_with_no_edition_is_an_error(capsys, year):
    # On main: `show 2015` printed the 2012 edition, `show 2017` a source, exit 0.
    assert run(capsys, "show", year, "--json") == (1, "", f"no edition {year}; editions: {EDITIONS}\n")
    assert run(capsys, "show", year) == (1, "", f"no edition {year}; editions: {EDITIONS}\n")


def test_show_a_year_inside_a_name_is_not_answered_by_another_year(capsys):
    assert run(capsys, "show", "CIFTIS", "2015") == (1, "", f"no edition 2015; editions: {EDITIONS}\n")


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("person:nobody", "no person 'nobody'"),
        ("topic:madird", "no ip topic 'madird'"),
        ("edition:2015", f"no edition 2015; editions: {EDITIONS}"),
    ],
)
def test_show_an_unknown_kind_id_says_what_is_missing(capsys, ref, message):
    assert run(capsys, "show", ref) == (1, "", message + "\n")


def test_show_takes_a_bare_id_as_that_id(capsys):
    code, out, _ = run(capsys, "show", "liu-hua", "--format", "json")
    assert (code, json.loads(out)["id"]) == (0, "liu-hua")
    code, out, _ = run(capsys, "show", "2021", "--json")
    assert (code, json.loads(out)["year"]) == (0, 2021)


@run_async
async def test_the_palette_never_offers_another_year_for_one_with_no_edition():
    from ciftis.app.commands import CompareProvider

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        hits = [hit async for hit in CompareProvider(app.screen).search("compare 2015 2023")]
        # On main: "Compare 2012 with 2023" first, and it opened that comparison.
        assert [hit.text for hit in hits] == ["No edition 2015"]
        hits[0].command()
        await pilot.pause()
        assert app.active_pane_id != "compare"
        hits = [hit async for hit in CompareProvider(app.screen).search("compare 2021 2023")]
        assert [hit.text for hit in hits] == ["Compare 2021 with 2023"]


# -- 9. global options before or after the subcommand ----------------------------------------------
def test_global_options_after_the_subcommand(capsys, mini_dir):
    code, out, err = run(capsys, "validate", "--dataset", str(mini_dir))  # on main: exit 2
    assert (code, err) == (0, "") and out.startswith("ok: 3 editions,")
    code, out, _ = run(capsys, "search", "liu", "--dataset", str(mini_dir), "--format", "json", "--limit", "1")
    assert (code, [hit["id"] for hit in json.loads(out)]) == (0, ["liu-hua"])
    code, out, _ = run(capsys, "--dataset", str(mini_dir), "compare", "2021", "2023", "--format", "json")
    assert (code, len(json.loads(out)["rows"])) == (0, 5)


def test_a_global_option_after_the_subcommand_wins(capsys, mini_dir, tmp_path):
    code, out, _ = run(capsys, "--dataset", str(tmp_path / "gone"), "validate", "--dataset", str(mini_dir))
    assert code == 0 and out.startswith("ok: 3 editions,")


# -- 10. help that explains; export defaults to JSON; --format json everywhere ---------------------
def test_help_says_no_subcommand_opens_the_explorer(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "With no COMMAND, `ciftis` opens the explorer" in out


@pytest.mark.parametrize("command", ["search", "show", "compare", "export", "validate"])
def test_every_subcommand_has_a_description_and_an_example(capsys, command):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    out = capsys.readouterr().out
    description = out.split("\n\n")[1]
    assert description.strip() and not description.startswith(("positional", "options"))
    assert f"\n  ciftis {command}" in out.split("example")[1]


def test_export_with_no_format_writes_json(capsys, mini_dir):
    code, out, _ = run(capsys, "--dataset", str(mini_dir), "export")  # on main: exit 2
    assert code == 0 and json.loads(out)["schema_version"] == 2


def test_format_json_on_search_and_show(capsys, mini_dir):
    code, out, _ = run(capsys, "--dataset", str(mini_dir), "show", "person:liu-hua", "--format", "json")
    assert (code, json.loads(out)["name"]) == (0, "Liu Hua")
    code, out, _ = run(capsys, "--dataset", str(mini_dir), "search", "wipo", "--format", "json")
    assert (code, json.loads(out)[0]["id"]) == (0, "wipo")


# -- 2. every value carries its unit ---------------------------------------------------------------
def test_a_figure_page_and_its_copy_carry_the_unit(capsys):
    code, out, _ = run(capsys, "show", "figure:2023-visitors")
    lines = [" ".join(line.split()) for line in out.splitlines()]
    # On main: "Value ≈ 280,000" and "Reads nearly 280,000".
    assert (code, lines[2], lines[3]) == (0, "Value ≈ 280,000 person-times", "Reads nearly 280,000 person-times")


def test_format_reads_every_unit_but_a_bare_count():
    from ciftis.core.format import format_amount

    assert [format_amount(153_000, unit) for unit in ("person_times", "people", "count", "m2")] == [
        "153,000 person-times", "153,000 people", "153,000", "153,000 m²"]


@run_async
async def test_y_and_Y_on_a_person_times_figure_copy_its_unit():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await app.jump_to("figure:2023-visitors")
        await pilot.pause()
        detail = app.pane("editions").detail
        assert detail.current_row.ref == "figure:2023-visitors"
        await pilot.press("y")
        await settle(pilot, app)
        assert app.clipboard == "≈ 280,000 person-times"  # on main: "≈ 280,000"
        await pilot.press("Y")
        await settle(pilot, app)
        assert app.clipboard.startswith("CIFTIS 2023 — Visitors: nearly 280,000 person-times, as of Sept 6, 2023 noon (")


# -- 6. narrow terminals never lose a column; 7. pipes never wrap ----------------------------------
def terminal(*argv, columns: int) -> str:
    import re

    done = ciftis(*argv, columns=columns, TTY_COMPATIBLE="1", NO_COLOR="1", TERM="xterm")
    assert done.returncode == 0, done.stderr
    return re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", done.stdout)


@pytest.mark.parametrize("columns", [40, 60, 64, 70, 76, 80, 120])
def test_compare_at_any_width_keeps_every_column(columns):
    out = terminal("compare", "2021", "2023", columns=columns)
    assert all(len(line) <= columns for line in out.splitlines())
    # On main at 60: a zero-width Metric column; at 64–76 Δ% and then Δ were gone.
    for text in ("Exhibition area", "126,000", "155,000", "+29,000", "+23%", "Δ%", "person-times"):
        assert text in out, (columns, text)


@pytest.mark.parametrize("columns", [40, 60, 80, 120])
def test_search_and_show_at_any_width_keep_every_column(columns):
    out = terminal("search", "madrid", "applications", columns=columns)
    assert all(len(line) <= columns for line in out.splitlines())
    assert "Kind" in out and "Score" in out and "figure" in out
    out = terminal("show", "2021", columns=columns)
    assert all(len(line) <= columns for line in out.splitlines())
    for text in ("Metric", "Value", "Flags", "126,000 m²"):
        assert text in out, (columns, text)


def test_piped_output_is_never_wrapped_or_padded():
    out = ciftis("search", "madrid").stdout
    # On main: 0, the id was split over two lines.
    assert sum("figure:madrid-2020-nanjing-huamai-filings" in line for line in out.splitlines()) == 1
    assert not [line for line in out.splitlines() if line != line.rstrip()]
    out = ciftis("show", "figure:2023-visitors", columns=80).stdout
    assert "URL     https://english.cnipa.gov.cn/art/2023/9/13/art_3090_187492.html" in out.splitlines()


# -- 8. CSV and TSV are numeric -------------------------------------------------------------------
def rows_of(text: str, delimiter: str) -> dict:
    return {row["metric"]: row for row in csv.DictReader(io.StringIO(text), delimiter=delimiter)}


@pytest.mark.parametrize("form", ["csv", "tsv"])
def test_compare_csv_and_tsv_give_plain_numbers(capsys, form):
    code, out, _ = run(capsys, "compare", "2021", "2023", "--format", form)
    rows = rows_of(out, "," if form == "csv" else "\t")
    # On main: "126,000 m²", "+23%", "≈ −519", "381 (plan)", "> 20" in the value columns.
    area = rows["exhibition-area"]
    assert (code, area["2021"], area["2023"], area["delta"], area["delta_pct"], area["unit"]) == (0, "126000", "155000", "29000", "23", "m2")
    assert (area["2021 as shown"], area["Δ as shown"], area["Δ% as shown"]) == ("126,000 m²", "'+29,000 m²", "+23%")  # a text cell a spreadsheet would run gets a quote
    for row in rows.values():
        for column in ("2021", "2023", "delta", "delta_pct"):
            if row[column]:
                float(row[column])  # a spreadsheet reads it as a number
                assert "−" not in row[column] and "," not in row[column]


def test_compare_csv_keeps_qualifier_and_status_beside_the_number(capsys):
    _code, out, _ = run(capsys, "compare", "2020", "2021", "--format", "csv")
    for row in rows_of(out, ",").values():
        for year in ("2020", "2021"):
            if row[year]:
                assert row[f"{year} qualifier"] in ("exact", "more_than", "at_least", "nearly", "about", "less_than")
                assert row[f"{year} status"] in ("result", "plan")


def test_export_csv_edition_is_an_integer_or_empty(capsys):
    _code, out, _ = run(capsys, "export", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {row["edition"] for row in rows if not row["edition"].isdigit()} == {""}
    assert all(float(row["value"]) == float(row["value"]) and "," not in row["value"] for row in rows)


# -- 3. search results say what they are, and never read the same ---------------------------------
def test_search_marks_plans_and_disputed_figures(capsys):
    code, out, _ = run(capsys, "search", "2021", "exhibition", "area", "--format", "json", "--limit", "6")
    names = {hit["id"]: hit["name"] for hit in json.loads(out)}
    # On main: "CIFTIS 2021 — Exhibition area: ~ 130,000 m²" unmarked, and two identical 2016 rows.
    assert names["2021-exhibition-area-plan"] == "CIFTIS 2021 — Exhibition area: ~ 130,000 m² (plan)"
    assert names["2021-exhibition-area-jetro"] == "CIFTIS 2021 — Exhibition area: ~ 130,000 m² (sources disagree)"
    _code, out, _ = run(capsys, "search", "2016", "exhibition", "area", "--format", "json", "--limit", "2")
    names = [hit["name"] for hit in json.loads(out)]  # (a 2016 row no longer answers "2021 …": item 5)
    assert names == ["China (Beijing) IFTIS 2016 — Exhibition area: 50,000 m²", "China (Beijing) IFTIS 2016 — Exhibition area: 50,000 m² (plan)"]


def test_no_two_results_read_the_same():
    from ciftis.core.loader import load
    from ciftis.core.search import SearchIndex

    index = SearchIndex(load())
    hits = index.search("world rank in madrid applications", limit=None)
    ranks = [hit.name for hit in hits if hit.kind == "figure" and hit.id.endswith("-rank")]
    assert len(ranks) == 3 and len(set(ranks)) == 3
    assert "Trademarks and the Madrid System — World rank in Madrid applications (China among all countries, Madrid applications filed in 2020): #3" in ranks
    names = [(hit.kind, hit.name) for hit in index.search("a", limit=None)]
    assert len(names) == len(set(names))


# -- 4. highlighting marks what matched -----------------------------------------------------------
def highlighted(hit) -> list[str]:
    """The runs of a hit's name that are highlighted."""
    runs, previous = [], None
    for at in hit.positions:
        if previous is not None and at == previous + 1:
            runs[-1] += hit.name[at]
        else:
            runs.append(hit.name[at])
        previous = at
    return runs


@pytest.fixture(scope="module")
def index():
    from ciftis.core.loader import load
    from ciftis.core.search import SearchIndex

    return SearchIndex(load())


@pytest.mark.parametrize(
    ("query", "ref", "runs"),
    [
        # On main: the 2016 row highlighted "016 — Exhibition are".
        ("2021 exhibition area", "figure:2016-exhibition-area-plan", ["Exhibition", "area"]),
        ("2021 exhibition area", "figure:2021-exhibition-area-plan", ["2021", "Exhibition", "area"]),
        ("liu hau", "person:liu-hua", ["Liu", "Hua"]),
        ("madird", "topic:madrid-system", ["Madrid"]),
        ("brnad", "topic:brands", ["brand"]),
        ("visitors 2023", "figure:2023-visitors", ["2023", "Visitors"]),
        ("exhibition area", "metric:exhibition-area", ["Exhibition area"]),
    ],
)
def test_highlighting_marks_each_word_where_it_matched(index, query, ref, runs):
    hit = next(hit for hit in index.search(query, limit=None) if hit.ref == ref)
    assert highlighted(hit) == runs


def test_a_number_is_highlighted_only_where_it_stands_whole():
    from ciftis.core.search import highlight_positions

    assert highlight_positions("2021", "CIFTIS 2016 — 12021 m²") == ()
    assert highlight_positions("2021 area", "CIFTIS 2016 — Exhibition area") == tuple(range(25, 29))
    assert highlight_positions("lh", "Liu Hua") == (0, 4)


# -- 5. words in any order, one typo per word, numbers exact ---------------------------------------
def refs(index, query, limit=3):
    return [hit.ref for hit in index.search(query, limit=limit)]


def test_words_in_any_order(index):
    # On main: "visitors 2023" ranked figure:2022-visitors-fao first.
    expected = {"figure:2023-visitors", "figure:2023-visitors-globaltimes"}
    assert set(refs(index, "visitors 2023", 2)) == set(refs(index, "2023 visitors", 2)) == expected
    assert set(refs(index, "area exhibition 2016", 2)) == {"figure:2016-exhibition-area", "figure:2016-exhibition-area-plan"}


def test_a_year_in_the_query_matches_exactly(index):
    hits = index.search("visitors 2023", limit=None)
    assert all("2023" in hit.name for hit in hits if hit.kind == "figure"), [hit.name for hit in hits]
    assert "figure:2022-visitors-fao" not in [hit.ref for hit in hits]


@pytest.mark.parametrize(
    ("query", "ref"),
    [
        ("brnad", "topic:brands"),  # on main: not found at all
        ("brnads and brand", "topic:brands"),
        ("exhibiton 2016", "figure:2016-exhibition-area"),
        ("madird sytsem", "topic:madrid-system"),
    ],
)
def test_one_typo_per_word(index, query, ref):
    assert ref in refs(index, query, 2)


def test_a_short_word_or_a_number_has_no_typo(index):
    assert [hit.ref for hit in index.search("2017 exhibition area", limit=None) if "2017" in hit.name] == []
    assert index.search("liu hau", limit=1)[0].score == 84.9  # a three-letter word: found fuzzily, as before
