"""The bundled dataset tells the truth of its sources: spot checks against the seed articles,
quotes that really occur in them, derivations, conflicts, plans kept apart from results."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from ciftis.core.format import cited_line, display_value, format_as_of
from ciftis.core.loader import load

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED_SOURCES = {
    "cipnews-2023-09-13": "000_02c3cb18a7f8cdab.txt",
    "chinadaily-etown-2023": "001_3362817f03774f88.txt",
    "wipo-2021-09-09": "002_7976c096fab8f41e.txt",
    "peoplesdaily-2021-09-11": "003_e761359f13546713.txt",
    "peoplesdaily-2021-09-pie": "004_6d78ea176ea229f7.txt",
}


@pytest.fixture(scope="module")
def dataset():
    return load()


def needs_shared():
    if not SHARED.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{SHARED} is missing; CI runs with ../shared beside the repository")
        pytest.skip("../shared is not beside this checkout")


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("“", '"').replace("”", '"')).casefold()


def test_every_seed_quote_occurs_in_its_article(dataset):
    needs_shared()
    seeds = {sid: squash((SHARED / "seeds" / name).read_text(encoding="utf-8")) for sid, name in SEED_SOURCES.items()}
    checked = 0
    for figure in dataset.figures.values():
        for ref in figure.sources:
            if ref.source in seeds:
                assert squash(ref.quote) in seeds[ref.source], f"{figure.id}: {ref.quote!r} is not in {ref.source}"
                assert len(ref.quote.split()) <= 12, f"{figure.id}: a quote carries a figure, not a sentence"
                checked += 1
    assert checked >= 50


@pytest.mark.parametrize(
    ("figure_id", "shown", "sources"),
    [
        ("2023-offline-exhibitors", "> 2,400", {"cipnews-2023-09-13", "chinadaily-etown-2023"}),
        ("2023-online-exhibitors", "> 6,700", {"chinadaily-etown-2023"}),
        ("2023-exhibition-area", "155,000 m²", {"cipnews-2023-09-13", "chinadaily-etown-2023"}),
        ("2023-results", "> 1,100", {"cipnews-2023-09-13", "chinadaily-etown-2023"}),
        ("2023-national-exhibitors", "83", {"chinadaily-etown-2023"}),
        ("2021-exhibition-area", "126,000 m²", {"peoplesdaily-2021-09-11"}),
        ("2021-results", "1,672", {"peoplesdaily-2021-09-11"}),
        ("2021-fg500-and-leaders", "510", {"peoplesdaily-2021-09-11"}),
        ("2021-fg500-share", "21%", {"peoplesdaily-2021-09-11"}),
    ],
)
def test_seed_figures(dataset, figure_id, shown, sources):
    figure = dataset.figures[figure_id]
    assert display_value(figure) == shown
    assert sources <= {ref.source for ref in figure.sources}
    assert not figure.is_plan


def test_as_of_dates(dataset):
    assert format_as_of(dataset.figures["2023-visitors"].as_of) == "as of Sept 6 noon"
    assert display_value(dataset.figures["2023-visitors"]) == "≈ 280,000 person-times"
    assert dataset.figures["2021-results"].as_of == "2021-09-07"


def test_derived_figures_recompute(dataset):
    n2022 = dataset.figures["2022-national-exhibitors"]
    assert (n2022.value, n2022.derived.formula, n2022.sources) == (71, "a - b", ())
    share = dataset.figures["2020-fg500-share"]
    assert (share.value, share.unit) == (9, "percent")
    assert dataset.figures["2020-countries-regions"].value == 148


def test_seed_conflict_is_kept_both_ways(dataset):
    a = dataset.figures["2021-thematic-forums-and-promotion-events"]
    b = dataset.figures["2021-thematic-forums-and-promotion-events-nearly-200"]
    assert (a.value, b.value) == (193, 200)
    assert a.conflicts_with == (b.id,) and b.conflicts_with == (a.id,)


def test_registrations_are_plans_not_results(dataset):
    assert dataset.figures["2021-registered-enterprises-at-opening"].is_plan
    assert not dataset.figures["2021-registered-enterprises"].is_plan


def test_cited_line_for_a_report(dataset):
    assert cited_line(dataset.figures["2021-exhibition-area"], dataset) == "CIFTIS 2021 — Exhibition area: 126,000 m² (People's Daily Online, 2021-09-11)"


def test_people_positions_and_events(dataset):
    liu = dataset.people["liu-hua"]
    assert liu.positions[0].organization == "wipo-china-office"
    assert "madrid-symposium-2021" in [e.id for e in dataset.events_of_person("liu-hua")]
    roles = {p.person for p in dataset.events["madrid-symposium-2021"].participants}
    assert {"liu-hua", "liu-jian", "zhang-jinsong", "yang-dongqi", "seth-hays", "shen-chong"} <= roles


def test_every_non_derived_figure_is_sourced(dataset):
    unsourced = [f.id for f in dataset.figures.values() if not f.sources and f.derived is None]
    assert unsourced == []
