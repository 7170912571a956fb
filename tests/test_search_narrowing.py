"""Search gives the same hits however it gets there.

Typing on narrows from the previous query's texts, the best-placed texts can settle a limited search
early, and a search may stop early when a newer keystroke cancels it: none of this may change a
result. Every keystroke of typed queries (with typos, backspaces, one-letter prefixes and a Chinese
alias) on an index that has seen the keystrokes before it must equal the same query on a fresh
index that never narrows, with and without a limit and a kind filter; a limit only cuts.
"""

from __future__ import annotations

import functools
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ciftis.core.loader import check, load
from ciftis.core.search import SearchIndex
from tests.conftest import MINI, write_dataset
from tests.perf.generate import generate
from tests.perf.queries import keystrokes

CASES = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@functools.cache
def datasets() -> dict:
    import tempfile
    from pathlib import Path

    root = Path(tempfile.mkdtemp(prefix="ciftis-narrowing-"))
    generate(root / "synthetic", 1500, seed=3)
    bundled, _ = check()
    return {"mini": load(write_dataset(root / "mini", MINI)), "bundled": bundled, "synthetic": load(root / "synthetic")}


@functools.cache
def fresh(which: str) -> SearchIndex:
    return SearchIndex(datasets()[which], narrowing=False)


def typed(which: str) -> list[str]:
    return keystrokes(datasets()[which])


@pytest.mark.parametrize("which", ["mini", "bundled", "synthetic"])
@pytest.mark.parametrize("limit", [40, None])
def test_typing_gives_what_a_fresh_search_gives(which, limit):
    index = SearchIndex(datasets()[which])  # narrows as the keystrokes go
    for query in typed(which):
        assert index.search(query, limit=limit) == fresh(which).search(query, limit=limit), query


@pytest.mark.parametrize("which", ["bundled", "synthetic"])
@pytest.mark.parametrize("kinds", [("person",), ("event",), ("edition", "topic"), ("figure", "metric")])
def test_typing_in_a_pane_filter_gives_what_a_fresh_search_gives(which, kinds):
    index = SearchIndex(datasets()[which])
    for query in typed(which)[:150]:
        assert index.search(query, kinds=kinds, limit=None) == fresh(which).search(query, kinds=kinds, limit=None), query


@pytest.mark.parametrize("which", ["bundled", "synthetic"])
def test_a_limit_only_cuts(which):
    index = SearchIndex(datasets()[which])
    for query in typed(which)[::3]:
        everything = index.search(query, limit=None)
        for limit in (1, 5, 40):
            assert index.search(query, limit=limit) == everything[:limit], (query, limit)


@pytest.mark.parametrize("chunk", [1, 7, 64])
def test_fuzzy_candidates_scored_a_few_at_a_time_give_the_same_hits(monkeypatch, chunk):
    """However few fuzzy candidates are scored at a time (and so however early the scoring stops),
    a limited search is the unlimited one, cut."""
    import ciftis.core.search as search

    index = SearchIndex(datasets()["synthetic"], narrowing=False)
    queries = typed("synthetic")[::4]
    everything = {query: index.search(query, limit=None) for query in queries}
    monkeypatch.setattr(search, "_FUZZY_CHUNK", chunk)
    for query in queries:
        for limit in (1, 40):
            assert index.search(query, limit=limit) == everything[query][:limit], (query, limit)


def test_a_cancelled_search_returns_nothing_and_leaves_the_index_right():
    index = SearchIndex(datasets()["synthetic"])
    assert index.search("madrid forum", limit=None, cancelled=lambda: True) == []
    assert index.search("madrid forum", limit=None) == fresh("synthetic").search("madrid forum", limit=None)


def _names(which: str) -> list[str]:
    dataset = datasets()[which]
    return [entity.name.lower() for kind in ("person", "event", "organization", "topic") for entity in dataset.of_kind(kind)][:400]


@pytest.mark.parametrize("which", ["bundled", "synthetic"])
@CASES
@given(data=st.data())
def test_any_typing_with_backspaces_matches_a_fresh_search(which, data):
    """Any sequence of keystrokes (letters, a name's next letter, backspace) on one index."""
    index = SearchIndex(datasets()[which])
    name = data.draw(st.sampled_from(_names(which)))
    box = ""
    for _ in range(data.draw(st.integers(1, 14))):
        key = data.draw(st.one_of(
            st.just("next"), st.just("next"), st.just("back"),
            st.sampled_from(list(string.ascii_lowercase + " -")), st.sampled_from(["服", "é", "2"]),
        ))
        if key == "next":
            box = name[: len(box) + 1] if name.startswith(box) else box + name[len(box) % len(name)]
        elif key == "back":
            box = box[:-1]
        else:
            box += key
        limit = data.draw(st.sampled_from([40, None]))
        assert index.search(box, limit=limit) == fresh(which).search(box, limit=limit), box


def test_thousands_of_equal_matches_stop_once_the_results_are_full(tmp_path, monkeypatch):
    """A query that 1,200 names contain alike ("ompan", inside every "Company"): they all score
    the same, so the results are the first by name, and a limited search counts a few of them, in
    the order of their names, instead of all 1,200."""
    companies = "".join(f"  - id: c{n:04d}\n    name: Company {n:04d}\n    kind: company\n" for n in range(1200))
    files = dict(MINI, **{"crowd.yaml": "organizations:\n" + companies})
    index = SearchIndex(load(write_dataset(tmp_path / "crowd", files)), narrowing=False)
    everything = [hit for hit in index.search("ompan", limit=None) if hit.kind == "organization"]
    assert len(everything) == 1200 and len({hit.score for hit in everything}) == 1
    counted = []
    real = SearchIndex._credit

    def counting(self, *args):
        counted.append(None)
        return real(self, *args)

    monkeypatch.setattr(SearchIndex, "_credit", counting)
    hits = index.search("ompan", kinds=("organization",), limit=40)
    assert [hit.id for hit in hits] == [f"c{n:04d}" for n in range(40)] == [hit.id for hit in everything[:40]]
    assert len(counted) == 64  # stopped at the first look once the results were full (it looks every 64)
