"""Search quality: typos, names, aliases, positions, years; deterministic ranking."""

from __future__ import annotations

import pytest

from ciftis.core.search import SearchIndex, highlight_positions


@pytest.fixture(scope="module")
def bundled():
    from ciftis.core.loader import load

    dataset = load()
    return dataset, SearchIndex(dataset)


def first(index, query, **kw):
    hits = index.search(query, **kw)
    assert hits, f"nothing found for {query!r}"
    return hits[0]


def test_mini_typo_and_exact(mini):
    index = SearchIndex(mini)
    assert first(index, "madird").ref in ("topic:madrid", "event:madrid-symposium")
    assert first(index, "liu hau").ref == "person:liu-hua"
    assert first(index, "2021").ref == "edition:2021"
    assert first(index, "服贸会").ref == "edition:2021"
    assert first(index, "wipo").ref == "organization:wipo"


def test_kind_filter_and_limit(mini):
    index = SearchIndex(mini)
    hits = index.search("madrid", kinds=("event",))
    assert [h.ref for h in hits] == ["event:madrid-symposium"]
    assert len(index.search("a", limit=3)) == 3


@pytest.mark.parametrize("query", ["c", "ci", "beijing", "2021", "wipo madrid", "digitl trade", "zhuqe", "服贸会"])
@pytest.mark.parametrize("kinds", [("edition",), ("person",), ("event", "topic"), ("figure",)])
def test_a_search_for_some_kinds_finds_what_the_whole_search_finds_of_them(bundled, query, kinds):
    """What a pane's filter gets (its kind, every hit) is the whole search's hits of that kind, in
    the same order with the same scores, though texts of other kinds are never scored for it."""
    _dataset, index = bundled
    whole = [hit for hit in SearchIndex(_dataset, narrowing=False).search(query, limit=None) if hit.kind in kinds]
    assert SearchIndex(_dataset, narrowing=False).search(query, kinds=kinds, limit=None) == whole
    if query == "c":  # found in a text of every kind: the two searches have hits to agree on
        assert whole


def test_empty_and_nonsense(mini):
    index = SearchIndex(mini)
    assert index.search("") == []
    assert index.search("   ") == []
    assert index.search("qqqqxxxzzz") == []


def test_highlight_positions():
    assert highlight_positions("hua", "Liu Hua") == (4, 5, 6)
    assert highlight_positions("lh", "Liu Hua") == (0, 4)
    assert highlight_positions("", "Liu Hua") == ()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("liu hau", "person:liu-hua"),
        ("Liu Hua", "person:liu-hua"),
        ("zhuqe", "Zhuque"),
        ("madird", "Madrid"),
        ("wang binyng", "person:wang-binying"),
        ("2021", "edition:2021"),
    ],
)
def test_bundled_typos_find_what_they_mean(bundled, query, expected):
    _dataset, index = bundled
    hit = first(index, query)
    assert expected == hit.ref or expected in hit.name


def test_results_are_deterministic(bundled):
    _dataset, index = bundled
    assert index.search("forum") == index.search("forum")
