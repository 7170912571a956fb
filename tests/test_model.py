"""The model's records are plain frozen dataclasses with one shape each: construction with defaults,
equality and hashing by what they say (never by where they were written), a readable repr, no
assignment, and the same class and fields whether the loader or the cache made them."""

from __future__ import annotations

import dataclasses

import pytest

from ciftis.core import kinds
from ciftis.core.model import Figure, Origin, Participant, Person, Position, Qualifier, SourceRef, Status


def test_records_construct_compare_hash_and_show_as_dataclasses():
    a = Person("liu-hua", "Liu Hua", (Position("Director", "wipo", 2021),), ("weekly",), origin=Origin("people.yaml", 3))
    b = Person(id="liu-hua", name="Liu Hua", positions=(Position("Director", "wipo", 2021),), sources=("weekly",), origin=Origin("other.yaml", 9))
    assert a == b and hash(a) == hash(b)  # where a record was written is not part of it
    assert a != Person("liu-hua", "Liu Hua", (), ("weekly",))
    assert a.aliases == () and a.summary is None and a.origin == Origin("people.yaml", 3)
    assert repr(Participant("liu-hua")) == "Participant(person='liu-hua', role=None)"
    assert repr(a) == ("Person(id='liu-hua', name='Liu Hua', positions=(Position(title='Director', organization='wipo', edition=2021),), "
                       "sources=('weekly',), aliases=(), summary=None)")
    assert str(Origin("people.yaml", 3)) == "people.yaml:3"
    assert [field.name for field in dataclasses.fields(Participant)] == ["person", "role"]
    assert (Participant("x") == "x") is False and Participant("x") != ("x", None)


def test_records_are_frozen_and_have_no_instance_dict():
    ref = SourceRef("daily", "126,000 square meters")
    with pytest.raises(dataclasses.FrozenInstanceError):
        ref.quote = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        SourceRef("daily")  # type: ignore[call-arg]  # quote has no default
    assert not hasattr(ref, "__dict__")  # slots: one shape, nothing added later


def test_a_figure_keeps_its_enums_and_defaults():
    figure = Figure(id="f", metric="area", value=126000.0, unit="m2", qualifier=Qualifier.EXACT, owner_kind="edition", owner_id="2021")
    assert figure.status is Status.RESULT and figure.sources == () and figure.derived is None and figure.conflicts_with == ()
    assert not figure.is_plan and figure.origin is None
    assert figure.kind == "figure" and kinds.ref(figure.kind, figure.id) == "figure:f"


def test_references_parse_only_known_kinds_with_an_id():
    assert kinds.parse_ref("person:liu-hua") == ("person", "liu-hua")
    assert kinds.parse_ref("edition:2021") == ("edition", "2021")
    assert kinds.parse_ref("people:liu-hua") is None and kinds.parse_ref("person:") is None and kinds.parse_ref("2021") is None
