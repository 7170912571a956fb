"""Property-based tests (Hypothesis) of search, comparison arithmetic and the JSON export.

- Any Unicode query, on the MINI and on the bundled dataset: search never raises, returns the same
  list every time, best score first, each hit a real entity, and a limit only cuts the list.
- Any two figures of one metric: Δ = b − a; Δ% = Δ / a × 100 rounded to one decimal, None when
  a = 0; approximate exactly when either qualifier is not `exact`; the signs format_delta and
  format_delta_pct print match Δ and Δ%.
- Any small dataset the loader accepts (editions with figures, metrics, sources, generated as YAML)
  comes back from dataset_json with the same ids, values, units, qualifiers, statuses and quotes.

Examples are capped so the module runs in a few seconds; no example database is written.
"""

from __future__ import annotations

import itertools
import json
import math
import string
from datetime import date, datetime

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ciftis.core.compare import compare, format_delta, format_delta_pct
from ciftis.core.export import as_of_json, comparison_json, comparison_markdown, dataset_json, row_cells
from ciftis.core.format import clean
from ciftis.core.kinds import NAMES as KIND_ORDER
from ciftis.core.loader import _BARE_QUOTE, check
from ciftis.core.model import UNITS, Dataset, Edition, Figure, Metric, Qualifier, Status
from ciftis.core.search import SearchIndex
from tests.conftest import MINI, write_dataset

FAST = settings(max_examples=120, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
SLOWER = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


# -- search ------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def indexes(tmp_path_factory):
    from ciftis.core.loader import load

    mini = load(write_dataset(tmp_path_factory.mktemp("props") / "mini", MINI))
    bundled, _problems = check()
    if bundled is None:
        pytest.skip("the bundled dataset does not load")
    return {"mini": SearchIndex(mini), "bundled": SearchIndex(bundled)}


def typo(word: str, data) -> str:
    """The word with one character dropped, doubled or swapped: what a hurried user types."""
    if len(word) < 2:
        return word
    at = data.draw(st.integers(0, len(word) - 2))
    how = data.draw(st.sampled_from(("drop", "double", "swap")))
    if how == "drop":
        return word[:at] + word[at + 1:]
    if how == "double":
        return word[:at] + word[at] + word[at:]
    return word[:at] + word[at + 1] + word[at] + word[at + 2:]


NAMES = ["Liu Hua", "Madrid", "CIFTIS 2021", "Shougang Park", "WIPO", "服贸会", "Exhibition area", "Zhuque", "forum", "2023"]
queries = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=string.ascii_letters + string.digits + " -:'", max_size=30),
    st.text(alphabet=st.characters(categories=("Cc", "Cf", "Mn", "Zs", "Zl", "Zp", "Co", "So")), max_size=20),
    st.sampled_from(NAMES),
    st.text(min_size=200, max_size=400),
)


def check_hits(index: SearchIndex, query: str, hits) -> None:
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True)
    assert len({hit.ref for hit in hits}) == len(hits)
    for hit in hits:
        assert hit.kind in KIND_ORDER
        assert index.dataset.get(hit.kind, hit.id) is not None
        assert 0 < hit.score <= 100
        assert list(hit.positions) == sorted(set(hit.positions))
        assert all(0 <= at < len(hit.name) for at in hit.positions)


@pytest.mark.parametrize("which", ["mini", "bundled"])
@FAST
@given(query=queries)
def test_search_any_query(indexes, which, query):
    index = indexes[which]
    hits = index.search(query, limit=None)
    check_hits(index, query, hits)
    assert index.search(query, limit=None) == hits  # deterministic
    assert index.search(query, limit=5) == hits[:5]  # a limit only cuts


@pytest.mark.parametrize("which", ["mini", "bundled"])
@FAST
@given(data=st.data())
def test_search_typos_and_kinds(indexes, which, data):
    index = indexes[which]
    query = typo(data.draw(st.sampled_from(NAMES)), data)
    kinds = tuple(data.draw(st.lists(st.sampled_from(KIND_ORDER), min_size=1, max_size=3, unique=True)))
    hits = index.search(query, kinds=kinds, limit=None)
    check_hits(index, query, hits)
    assert all(hit.kind in kinds for hit in hits)
    assert hits == [hit for hit in index.search(query, limit=None) if hit.kind in kinds]


# -- comparison arithmetic ---------------------------------------------------------------------------
values = st.one_of(
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(min_value=-1e15, max_value=1e15, allow_nan=False, allow_infinity=False),
    st.sampled_from([0, 0.0, -0.0, 1, 0.1, 5e-324, 1e15]),
)
qualifiers = st.sampled_from(list(Qualifier))


def two_editions(value_a, value_b, qualifier_a, qualifier_b, unit, status_a=Status.RESULT, status_b=Status.RESULT) -> Dataset:
    metric = Metric("m", "Metric", unit, "What is counted.")

    def edition(year, value, qualifier, status):
        figure = Figure(f"{year}-m", "m", value, unit, qualifier, "edition", str(year), status=status)
        return Edition(year, "Fair", ("s",), figures=(figure,))

    return Dataset(
        editions={2021: edition(2021, value_a, qualifier_a, status_a), 2022: edition(2022, value_b, qualifier_b, status_b)},
        events={}, people={}, organizations={}, topics={}, sources={}, metrics={"m": metric},
    )


def sign(x) -> str:
    return "+" if x > 0 else "−" if x < 0 else "±"


@FAST
@given(a=values, b=values, qa=qualifiers, qb=qualifiers, unit=st.sampled_from(UNITS),
       plans=st.tuples(st.sampled_from([Status.RESULT, Status.PLAN]), st.sampled_from([Status.RESULT, Status.PLAN])))
def test_comparison_arithmetic(a, b, qa, qb, unit, plans):
    dataset = two_editions(a, b, qa, qb, unit, *plans)
    (row,) = compare(dataset, 2021, 2022).rows
    assert row.delta == b - a
    if a == 0:
        assert row.delta_pct is None
        assert format_delta_pct(row) == ""
    else:
        exact_pct = (b - a) / a * 100
        assert row.delta_pct == round(exact_pct, 1)
        if math.isfinite(exact_pct):
            assert abs(row.delta_pct - exact_pct) <= 0.05 + 1e-9 * abs(exact_pct)
        assert format_delta_pct(row).lstrip("≈ ").startswith(sign(row.delta_pct))
    assert row.approximate == (qa is not Qualifier.EXACT or qb is not Qualifier.EXACT)
    shown = format_delta(row)
    assert shown.startswith("≈ ") == row.approximate
    assert shown.removeprefix("≈ ").startswith(sign(row.delta))
    assert shown.endswith(" pp") == (unit == "percent")
    assert row.changed == (b != a or qa != qb)
    assert ("compares a plan with a result" in row.note) == (plans[0] != plans[1])
    cells = row_cells(row)
    assert len(cells) == 6 and cells[3] == shown
    assert json.loads(json.dumps(comparison_json(compare(dataset, 2021, 2022), dataset)))["rows"][0]["delta"] == row.delta
    assert comparison_markdown(compare(dataset, 2021, 2022)).count("\n") == 3


@FAST
@given(a=values, b=values, qa=qualifiers, qb=qualifiers)
def test_comparison_is_antisymmetric(a, b, qa, qb):
    dataset = two_editions(a, b, qa, qb, "count")
    (forward,) = compare(dataset, 2021, 2022).rows
    (backward,) = compare(dataset, 2022, 2021).rows
    assert forward.delta == -backward.delta
    assert forward.approximate == backward.approximate
    if forward.delta != 0:
        assert sign(forward.delta) != sign(backward.delta)


# -- JSON export round trip ---------------------------------------------------------------------------
slugs = st.from_regex(r"[a-z0-9][a-z0-9-]{0,12}", fullmatch=True)
texts = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=30).filter(lambda t: t.strip())
quotes = texts.filter(lambda t: not _BARE_QUOTE.match(t.strip()))  # a quote carries words, not a number alone
numbers = st.one_of(  # what the loader accepts: less than 10^15 in size (test_faults_numbers.py tries beyond)
    st.integers(min_value=-(10**15) + 1, max_value=10**15 - 1),
    st.floats(min_value=-1e15, max_value=1e15, exclude_min=True, exclude_max=True, allow_nan=False, width=64),
)
moments = st.one_of(
    st.none(),
    st.dates(min_value=date(1000, 1, 1)).map(date.isoformat),
    st.datetimes(min_value=datetime(1000, 1, 1)).map(lambda moment: moment.strftime("%Y-%m-%dT%H:%M")),
)


@st.composite
def datasets(draw):
    """The YAML text of a small valid dataset: sources, metrics, editions with figures."""
    source_ids = draw(st.lists(slugs, min_size=1, max_size=3, unique=True))
    metrics = draw(st.lists(st.tuples(slugs, st.sampled_from(UNITS), texts), min_size=1, max_size=4, unique_by=lambda m: m[0]))
    years = draw(st.lists(st.integers(1900, 2200), min_size=1, max_size=3, unique=True))
    figure_ids = (f"{draw(slugs)}-{n}" for n in itertools.count())  # unique, yet any slug
    editions = []
    for year in years:
        figures = []
        for _ in range(draw(st.integers(0, 4))):
            metric, unit, _label = draw(st.sampled_from(metrics))
            figure = {
                "id": next(figure_ids),
                "metric": metric,
                "value": draw(numbers),
                "unit": unit,
                "qualifier": draw(st.sampled_from([q.value for q in Qualifier])),
                "sources": [{"source": draw(st.sampled_from(source_ids)), "quote": draw(quotes)}],
            }
            status = draw(st.sampled_from([None, "result", "plan", "context"]))
            if status:
                figure["status"] = status
            as_of = draw(moments)
            if as_of:
                figure["as_of"] = as_of
            for key in ("scope", "note"):
                if draw(st.booleans()):
                    figure[key] = draw(texts)
            figures.append(figure)
        editions.append({"year": year, "name": draw(texts), "sources": [source_ids[0]], "figures": figures})
    document = {
        "sources": [{"id": ident, "publisher": draw(texts), "title": draw(texts), "tier": "media"} for ident in source_ids],
        "metrics": [{"id": ident, "label": label, "unit": unit, "definition": "d"} for ident, unit, label in metrics],
        "editions": editions,
    }
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


def same_number(got, want) -> bool:
    return got == want and type(got) is type(want)


@SLOWER
@given(generated=datasets())
def test_loaded_datasets_round_trip_through_json(tmp_path_factory, generated):
    root = tmp_path_factory.mktemp("round")
    (root / "data.yaml").write_text(generated, encoding="utf-8")
    dataset, problems = check(root)
    assert [str(p) for p in problems] == []
    # The input is what the YAML says, as PyYAML reads it (its dumper writes a NEL that reads back
    # as a space, so the dict the text was dumped from is not quite it).
    document = yaml.load(generated, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    expected = {f["id"]: (e["year"], f) for e in document["editions"] for f in e["figures"]}
    data = json.loads(json.dumps(dataset_json(dataset), ensure_ascii=False))
    assert sorted(e["year"] for e in data["editions"]) == sorted(e["year"] for e in document["editions"])
    assert [s["id"] for s in data["sources"]] == sorted(s["id"] for s in document["sources"])
    assert {m["id"]: (m["unit"], m["label"]) for m in data["metrics"]} == {m["id"]: (m["unit"], clean(m["label"].strip())) for m in document["metrics"]}
    got = {f["id"]: (e["year"], f) for e in data["editions"] for f in e["figures"]}
    assert sorted(got) == sorted(expected)
    for ident, (year, want) in expected.items():
        got_year, figure = got[ident]
        assert got_year == year
        assert same_number(figure["value"], want["value"]), (figure["value"], want["value"])
        assert (figure["metric"], figure["unit"], figure["qualifier"]) == (want["metric"], want["unit"], want["qualifier"])
        assert figure["status"] == want.get("status", "result")
        assert figure["as_of"] == as_of_json(want.get("as_of"))
        assert figure["sources"] == [{"source": ref["source"], "quote": clean(ref["quote"].strip())} for ref in want["sources"]]
        for key in ("scope", "note"):
            assert figure[key] == (clean(want[key].strip()) if key in want else None)
