"""The model's records behave as frozen dataclasses would: keyword and positional construction with
defaults, equality and hashing by their compared fields (never by where they were written), a
readable repr, and no assignment or deletion. A class's methods are compiled when first called, so
these run in fresh interpreters, where nothing has called them yet."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ciftis.core.model import FIELDS, Figure, Origin, Participant, Person, Position, Qualifier, SourceRef, Status


def test_records_construct_compare_hash_and_show_like_frozen_dataclasses():
    a = Person("liu-hua", "Liu Hua", (Position("Director", "wipo", 2021),), ("weekly",), origin=Origin("people.yaml", 3))
    b = Person(id="liu-hua", name="Liu Hua", positions=(Position("Director", "wipo", 2021),), sources=("weekly",), origin=Origin("other.yaml", 9))
    assert a == b and hash(a) == hash(b)  # where a record was written is not part of it
    assert a != Person("liu-hua", "Liu Hua", (), ("weekly",))
    assert a.aliases == () and a.summary is None and a.origin == Origin("people.yaml", 3)
    assert repr(Participant("liu-hua")) == "Participant(person='liu-hua', role=None)"
    assert repr(a) == ("Person(id='liu-hua', name='Liu Hua', positions=(Position(title='Director', organization='wipo', edition=2021),), "
                       "sources=('weekly',), aliases=(), summary=None)")
    assert str(Origin("people.yaml", 3)) == "people.yaml:3"
    assert FIELDS[Participant] == ("person", "role")
    assert (Participant("x") == "x") is False and Participant("x") != ("x", None)


def test_records_are_frozen():
    ref = SourceRef("daily", "126,000 square meters")
    with pytest.raises(AttributeError, match="cannot assign to field 'quote'"):
        ref.quote = "other"
    with pytest.raises(AttributeError, match="cannot delete field 'source'"):
        del ref.source
    with pytest.raises(TypeError):
        SourceRef("daily")  # quote has no default


@pytest.mark.parametrize("first", ["__eq__", "__hash__", "__repr__", "__init__"])
def test_any_method_called_first_compiles_them_all(first):
    made = "def made(path, line):\n    o = object.__new__(Origin)\n    o.__dict__.update(path=path, line=line)\n    return o\n"  # as the cache rebuilds records
    calls = {
        "__eq__": "print(made('a', 1) == made('a', 1))",
        "__hash__": "print(hash(made('a', 1)) == hash(('a', 1)))",
        "__repr__": "print(repr(made('a', 1)) == \"Origin(path='a', line=1)\")",
        "__init__": "print(Origin('a', 1).line == 1)",
    }
    code = "from ciftis.core.model import Origin\n" + made + calls[first] + "\nprint(Origin('b', 2) == Origin('b', 2), repr(Origin('b', 2)), Origin.__eq__.__qualname__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "True" and out[1] == "True Origin(path='b', line=2) Origin.__eq__"


def test_a_figure_keeps_its_enums_and_defaults():
    figure = Figure(id="f", metric="area", value=126000.0, unit="m2", qualifier=Qualifier.EXACT, owner_kind="edition", owner_id="2021")
    assert figure.status is Status.RESULT and figure.sources == () and figure.derived is None and figure.conflicts_with == ()
    assert not figure.is_plan and figure.origin is None
