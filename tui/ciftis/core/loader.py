"""Load a dataset directory and validate all of it, collecting every problem with file and line.

`check(directory)` returns the `Dataset` (or None) and the sorted list of `Problem`s: schema and
types, unknown keys, unique ids, references that resolve, sources on every non-derived figure,
derived figures that recompute, real dates. `load(directory)` raises `DatasetError` instead.
"""

from __future__ import annotations

import ast
import operator
import os
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeAlias, cast

from ciftis.core.kinds import BY_SECTION, FILED
from ciftis.core.locations import dataset_files as _dataset_files
from ciftis.core.locations import read_checked, resolve_dataset_dir
from ciftis.core.model import (
    EVENT_KINDS,
    ORGANIZATION_KINDS,
    UNITS,
    Dataset,
    Derivation,
    DerivedInput,
    Edition,
    Event,
    Figure,
    Metric,
    Organization,
    Origin,
    Participant,
    Person,
    Position,
    Qualifier,
    Release,
    Source,
    SourceRef,
    Status,
    Tier,
    Topic,
)
from ciftis.core.problems import Problem, YamlError
from ciftis.core.yamlsafe import LocatedList, LocatedMap, YamlValue, read_yaml

SECTIONS = tuple(kind.section for kind in FILED)
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
# A quote made only of digits, punctuation, currency signs, units and spaces: the number alone, not
# the words around it (letters, CJK and kana count as words; units and currency codes do not).
_BARE_QUOTE = re.compile(r"(?:[\W\d_²㎡]|(?<![^\W\d_])(?:m2|m²|sqm|km2|km²|pp|usd|us|rmb|cny|bn|mn)(?![^\W\d_]))*\Z", re.IGNORECASE)


class DatasetError(Exception):
    """A dataset that cannot be used; `problems` says every reason, each with file and line."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


class _Bad(Exception):
    """A value that does not fit its field; the message says why."""


_Clean: TypeAlias = dict[str, Any]  # a mapping's clean values by key, and "_line", "_origin", ... of its own
_ById: TypeAlias = dict[Any, _Clean]  # the clean mappings of one kind by id (by year for editions)
_Field: TypeAlias = Callable[["_Checker", Any, int], Any]  # (checker, raw value, line) -> clean value
_Spec: TypeAlias = dict[str, tuple[_Field, bool]]  # key -> (field type, required)
_Ref: TypeAlias = tuple[str, str, str, int]  # (kind, id, path, line): a reference to resolve
Progress: TypeAlias = Callable[[int, int, str], object]  # (files done, files in all, what is read)


# -- field types: each takes (checker, raw value, line) and returns the clean value ----------------
def _text(_checker: _Checker, value: Any, _line: int) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _Bad(f"must be text, not {_type_name(value)}")
    text = str(value).strip()
    if not text:
        raise _Bad("must not be empty")
    return text


def _slug(_checker: _Checker, value: Any, _line: int) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not _SLUG.match(str(value)):
        raise _Bad(f"must be an id of lowercase letters, digits and dashes, not {value!r}")
    return str(value)


def _year(_checker: _Checker, value: Any, _line: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2200:
        raise _Bad(f"must be a year such as 2021, not {value!r}")
    return value


# Values the tool can show and compute exactly: below 10^15 in size, a float's 15 exact digits
# (10**400 would pass as an int, then fail to convert wherever it is shown or compared).
MAX_MAGNITUDE = 10**15
_TOO_LARGE = "is too large: values must be less than 10^15 (1,000,000,000,000,000) in size"


def _int(_checker: _Checker, value: Any, _line: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _Bad(f"must be a whole number, not {value!r}")
    if value >= MAX_MAGNITUDE:
        raise _Bad(_TOO_LARGE)
    return value


def _number(_checker: _Checker, value: Any, _line: int) -> int | float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise _Bad(f"must be a number, not {value!r}")
    if abs(value) >= MAX_MAGNITUDE:  # also ±inf (1e400 in YAML is a float overflowing to inf)
        raise _Bad(_TOO_LARGE)
    return value


def _date(_checker: _Checker, value: Any, _line: int) -> date:
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _Bad(f"must be a real date written YYYY-MM-DD, not {value!r}")


def _moment(_checker: _Checker, value: Any, _line: int) -> str:
    """A date, or a date and local time (YYYY-MM-DDTHH:MM), kept as ISO text."""
    if isinstance(value, str):
        try:
            if len(value) == 10:
                return date.fromisoformat(value).isoformat()
            if len(value) == 16 and value[10] in "T ":
                return datetime.fromisoformat(value.replace(" ", "T")).strftime("%Y-%m-%dT%H:%M")
        except ValueError:
            pass
    raise _Bad(f"must be a real date YYYY-MM-DD or date and time YYYY-MM-DDTHH:MM, not {value!r}")


def _url(_checker: _Checker, value: Any, _line: int) -> str:
    text = _text(_checker, value, _line)
    if not re.match(r"https?://[^\s/$.?#][^\s]*\Z", text):
        raise _Bad(f"must be an http(s) address, not {text!r}")
    return text


def _choice(*choices: str) -> _Field:
    def check(_checker: _Checker, value: Any, _line: int) -> Any:
        if value not in choices:
            raise _Bad(f"must be one of {', '.join(choices)}; not {value!r}")
        return value

    return check


def _ref(kind: str) -> _Field:
    def check(c: _Checker, value: Any, line: int) -> int | str:
        ref = _year(c, value, line) if kind == "edition" else _slug(c, value, line)
        c.refs.append((kind, str(ref), c.path, line))
        return ref

    return check


def _list(item: _Field) -> _Field:
    def check(c: _Checker, value: Any, line: int) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise _Bad(f"must be a list, not {_type_name(value)}")
        lines = getattr(value, "item_lines", [line] * len(value))
        out = []
        for raw, item_line in zip(value, lines, strict=True):
            try:
                out.append(item(c, raw, item_line))
            except _Bad as bad:
                c.problem(item_line, f"list item {bad}")
        return tuple(out)

    return check


def _type_name(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    return type(value).__name__


class _Checker:
    """Collects problems and references while one file is checked."""

    def __init__(self, path: str, problems: list[Problem], refs: list[_Ref]) -> None:
        self.path = path
        self.problems = problems
        self.refs = refs

    def problem(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def fields(self, raw: Any, spec: _Spec, what: str, line: int) -> _Clean | None:
        """Check a mapping against {key: (type, required)}; return clean values or None if unusable."""
        if not isinstance(raw, LocatedMap):
            self.problem(line, f"{what} must be a mapping, not {_type_name(raw)}")
            return None
        out: _Clean = {}
        ok = True
        for key in raw:
            if key not in spec:
                self.problem(raw.key_lines[key], f"unknown key {key!r} in {what} (allowed: {', '.join(spec)})")
        for key, (kind, required) in spec.items():
            if key not in raw or raw[key] is None:
                if required:
                    self.problem(raw.line, f"{what} is missing required key {key!r}")
                    ok = False
                out[key] = None
                continue
            key_line = raw.key_lines[key]
            try:
                out[key] = kind(self, raw[key], key_line)
            except _Bad as bad:
                self.problem(key_line, f"{what} {key!r} {bad}")
                out[key] = None
                ok = ok and not required
        out["_line"] = raw.line
        return out if ok else None


# -- the schema ---------------------------------------------------------------------------
def _source_ref(c: _Checker, raw: Any, line: int) -> SourceRef:
    spec: _Spec = {"source": (_ref("source"), True), "quote": (_text, True)}
    got = c.fields(raw, spec, "source reference", line)
    if got is None:
        raise _Bad("is incomplete")
    return SourceRef(got["source"], got["quote"])


def _derived_input(c: _Checker, name: str, raw: Any, line: int) -> DerivedInput:
    spec: _Spec = {"figure": (_ref("figure"), False), "value": (_number, False), "source": (_ref("source"), False), "quote": (_text, False)}
    got = c.fields(raw, spec, f"derivation input {name!r}", line)
    if got is None:
        raise _Bad("is incomplete")
    if (got["figure"] is None) == (got["value"] is None):
        raise _Bad(f"input {name!r} needs either figure or value (with source and quote)")
    if got["value"] is not None and (got["source"] is None or got["quote"] is None):
        raise _Bad(f"input {name!r} gives a value, so it needs the source and quote it comes from")
    return DerivedInput(name, got["figure"], got["value"], got["source"], got["quote"])


def _derivation(c: _Checker, raw: Any, line: int) -> Derivation:
    got = c.fields(raw, {"formula": (_text, True), "inputs": (lambda _checker, value, _line: value, True)}, "derivation", line)
    if got is None:
        raise _Bad("is incomplete")
    inputs_raw = got["inputs"]
    if not isinstance(inputs_raw, LocatedMap) or not inputs_raw:
        raise _Bad("inputs must be a mapping of names to inputs")
    inputs = []
    for name, value in inputs_raw.items():
        if not re.match(r"[a-z_][a-z0-9_]*\Z", name):
            raise _Bad(f"input name {name!r} must be a lowercase word")
        inputs.append(_derived_input(c, name, value, inputs_raw.key_lines[name]))
    return Derivation(got["formula"], tuple(inputs))


_FIGURE: _Spec = {
    "id": (_slug, True),
    "metric": (_ref("metric"), True),
    "value": (_number, True),
    "unit": (_choice(*UNITS), True),
    "qualifier": (_choice(*(q.value for q in Qualifier)), True),
    "status": (_choice(*(s.value for s in Status)), False),
    "as_of": (_moment, False),
    "scope": (_text, False),
    "note": (_text, False),
    "sources": (_list(_source_ref), False),
    "derived": (_derivation, False),
    "conflicts_with": (_list(_ref("figure")), False),
}


def _figures(owner_kind: str) -> _Field:
    def check(c: _Checker, raw: YamlValue, line: int) -> list[_Clean]:
        if not isinstance(raw, list):
            raise _Bad(f"must be a list, not {_type_name(raw)}")
        out = []
        for item, item_line in zip(raw, raw.item_lines, strict=True):
            got = c.fields(item, _FIGURE, "figure", item_line)
            if got is not None:
                _check_quotes(c, item, got["id"])
                got["_origin"] = Origin(c.path, item_line)
                got["_owner_kind"] = owner_kind
                out.append(got)
        return out

    return check


def _check_quotes(c: _Checker, item: LocatedMap, figure_id: str) -> None:
    """Report each source quote (and derivation input quote) of a figure that is a bare number."""
    refs = list(item.get("sources") or ()) if isinstance(item.get("sources"), list) else []
    derived = item.get("derived")
    inputs = derived.get("inputs") if isinstance(derived, dict) else None
    if isinstance(inputs, dict):
        refs += list(inputs.values())
    for ref in refs:
        quote = ref.get("quote") if isinstance(ref, LocatedMap) else None
        if isinstance(quote, (str, int, float)) and not isinstance(quote, bool) and _BARE_QUOTE.match(str(quote).strip()):
            c.problem(ref.key_lines["quote"], f"quote of figure {figure_id!r} must carry the words around the number, not the number alone")


def _position(c: _Checker, raw: Any, line: int) -> Position:
    spec: _Spec = {"title": (_text, True), "organization": (_ref("organization"), True), "edition": (_ref("edition"), False)}
    got = c.fields(raw, spec, "position", line)
    if got is None:
        raise _Bad("is incomplete")
    return Position(got["title"], got["organization"], got["edition"])


def _participant(c: _Checker, raw: Any, line: int) -> Participant:
    got = c.fields(raw, {"person": (_ref("person"), True), "role": (_text, False)}, "participant", line)
    if got is None:
        raise _Bad("is incomplete")
    return Participant(got["person"], got["role"])


def _release(key: str) -> _Field:
    def check(c: _Checker, raw: Any, line: int) -> Release:
        spec: _Spec = {"title": (_text, True), key: (_ref("organization") if key == "organization" else _list(_ref("organization")), False), "sources": (_list(_ref("source")), True)}
        got = c.fields(raw, spec, "report" if key == "organization" else "deal", line)
        if got is None:
            raise _Bad("is incomplete")
        orgs = got[key]
        orgs = (orgs,) if isinstance(orgs, str) else (orgs or ())
        return Release(got["title"], orgs, got["sources"])

    return check


def _theme(c: _Checker, raw: Any, line: int) -> _Clean:
    got = c.fields(raw, {"en": (_text, False), "zh": (_text, False)}, "theme", line)
    if got is None:
        raise _Bad("is not usable")
    return got


_SPECS: dict[str, _Spec] = {
    "source": {
        "id": (_slug, True),
        "publisher": (_text, True),
        "title": (_text, True),
        "date": (_date, False),
        "url": (_url, False),
        "tier": (_choice(*(t.value for t in Tier)), True),
        "note": (_text, False),
    },
    "metric": {
        "id": (_slug, True),
        "label": (_text, True),
        "unit": (_choice(*UNITS), True),
        "definition": (_text, True),
        "related": (_list(_ref("metric")), False),
    },
    "organization": {
        "id": (_slug, True),
        "name": (_text, True),
        "aliases": (_list(_text), False),
        "kind": (_choice(*ORGANIZATION_KINDS), True),
        "country": (_text, False),
        "parent": (_ref("organization"), False),
        "summary": (_text, False),
    },
    "person": {
        "id": (_slug, True),
        "name": (_text, True),
        "aliases": (_list(_text), False),
        "positions": (_list(_position), True),
        "summary": (_text, False),
        "sources": (_list(_ref("source")), True),
    },
    "edition": {
        "year": (_year, True),
        "name": (_text, True),
        "aliases": (_list(_text), False),
        "ordinal": (_int, False),
        "ordinal_note": (_text, False),
        "start": (_date, False),
        "end": (_date, False),
        "venues": (_list(_text), False),
        "theme": (_theme, False),
        "organizers": (_list(_ref("organization")), False),
        "guest_of_honour": (_text, False),
        "guest_province": (_text, False),
        "summary": (_text, False),
        "reports": (_list(_release("organization")), False),
        "deals": (_list(_release("organizations")), False),
        "figures": (_figures("edition"), False),
        "sources": (_list(_ref("source")), True),
    },
    "event": {
        "id": (_slug, True),
        "name": (_text, True),
        "aliases": (_list(_text), False),
        "kind": (_choice(*EVENT_KINDS), True),
        "edition": (_ref("edition"), True),
        "date": (_date, False),
        "venue": (_text, False),
        "organizers": (_list(_ref("organization")), False),
        "participants": (_list(_participant), False),
        "topics": (_list(_ref("topic")), False),
        "summary": (_text, False),
        "figures": (_figures("event"), False),
        "sources": (_list(_ref("source")), True),
    },
    "topic": {
        "id": (_slug, True),
        "name": (_text, True),
        "aliases": (_list(_text), False),
        "summary": (_text, True),
        "events": (_list(_ref("event")), False),
        "people": (_list(_ref("person")), False),
        "organizations": (_list(_ref("organization")), False),
        "figures": (_figures("topic"), False),
        "sources": (_list(_ref("source")), True),
    },
}


def check(directory: str | os.PathLike[str] | None = None, *, progress: Progress | None = None) -> tuple[Dataset | None, list[Problem]]:
    """Load and validate a dataset directory; return the dataset (None if unusable) and all problems.

    `progress(done, total, "the dataset")`, if given, is called before each file is read and once
    all are.
    """
    root, shown_root = resolve_dataset_dir(directory)
    problems: list[Problem] = []
    if not root.exists():
        if root.is_symlink():
            return None, [Problem(shown_root, None, "is a broken or looping link")]
        return None, [Problem(shown_root, None, "dataset directory does not exist")]
    if not root.is_dir():
        return None, [Problem(shown_root, None, "is not a directory")]
    try:
        files = _dataset_files(root, shown_root, problems)
    except OSError as error:
        return None, [Problem(shown_root, None, f"cannot be read: {error.strerror or error}")]
    if not files and not problems:
        return None, [Problem(shown_root, None, "no dataset files (*.yaml) in this directory")]

    refs: list[_Ref] = []
    raw: dict[str, list[_Clean]] = {kind: [] for kind in _SPECS}
    for number, (path, shown) in enumerate(files, start=1):
        if progress is not None:
            progress(number - 1, len(files), "the dataset")
        _read_file(path, shown, problems, refs, raw)

    if progress is not None:
        progress(len(files), len(files), "the dataset")
    dataset = _build(raw, refs, problems, len(files))
    problems.sort(key=lambda p: (p.path, p.line or 0, p.message))
    return dataset, problems


def _read_file(path: Path, shown: str, problems: list[Problem], refs: list[_Ref], raw: dict[str, list[_Clean]], unread: frozenset[str] = frozenset()) -> None:
    """Read one dataset file and check each of its items alone, adding them to `raw` by kind
    (the values of keys in `unread` left out: read_yaml)."""
    try:
        content = read_yaml(path, shown, unread=unread)
    except YamlError as error:
        problems.append(error.problem)
        return
    checker = _Checker(shown, problems, refs)
    if not isinstance(content, LocatedMap):
        checker.problem(getattr(content, "line", 1), f"a dataset file must be a mapping of {', '.join(SECTIONS)}")
        return
    for section, items in content.items():
        line = content.key_lines[section]
        if section not in SECTIONS:
            checker.problem(line, f"unknown section {section!r} (allowed: {', '.join(SECTIONS)})")
            continue
        kind = BY_SECTION[section].name
        if not isinstance(items, LocatedList):
            checker.problem(line, f"{section} must be a list, not {_type_name(items)}")
            continue
        for item, item_line in zip(items, items.item_lines, strict=True):
            got = checker.fields(item, _SPECS[kind], kind, item_line)
            if got is not None:
                got["_origin"] = Origin(shown, item_line)
                raw[kind].append(got)


_NOT_PREVIEWED = frozenset({"figures"})  # what a preview leaves out (the bulk of an edition): never built


def editions_preview(files: list[tuple[Path, str]], progress: Progress | None = None) -> dict[int, Edition] | None:
    """The editions of a dataset's files, each without its figures, in year order: what a large
    dataset shows first while the whole of it is checked. Only the files that hold the word
    "editions" at all are read (any file with an editions section does). None when anything in
    them has a problem of its own, or one cannot be read (`check` then says what, before anything
    is shown); what only the whole dataset can tell (references, derivations) is left to `check`.

    `progress(done, total, "the editions")`, if given, is called before each of these files is read.
    """
    try:
        chosen = [(path, shown) for path, shown in files if b"editions" in read_checked(path)]
    except OSError:
        return None
    problems: list[Problem] = []
    raw: dict[str, list[_Clean]] = {kind: [] for kind in _SPECS}
    for number, (path, shown) in enumerate(chosen, start=1):
        if progress is not None:
            progress(number - 1, len(chosen), "the editions")
        _read_file(path, shown, problems, [], raw, _NOT_PREVIEWED)
        if problems:
            return None
    editions = _unique(raw["edition"], "year", "edition", problems)
    if problems or any(_ends_before_it_starts(edition) for edition in editions.values()):
        return None
    return {year: _edition(year, editions[year], ()) for year in sorted(editions)}


def load(directory: str | os.PathLike[str] | None = None) -> Dataset:
    """Load and validate a dataset; raise DatasetError listing every problem if it has any."""
    dataset, problems = check(directory)
    if problems or dataset is None:
        raise DatasetError(problems)
    return dataset


# -- building and cross-checking -----------------------------------------------------------------
def _unique(items: list[_Clean], key: str, kind: str, problems: list[Problem]) -> _ById:
    seen: _ById = {}
    for item in items:
        ident = item[key]
        if ident in seen:
            first = seen[ident]["_origin"]
            problems.append(Problem(item["_origin"].path, item["_origin"].line, f"duplicate {kind} id {ident!r} (first defined at {first})"))
            continue
        seen[ident] = item
    return seen


def _build(raw: dict[str, list[_Clean]], refs: list[_Ref], problems: list[Problem], files: int) -> Dataset | None:
    by_kind = {kind: _unique(items, "year" if kind == "edition" else "id", kind, problems) for kind, items in raw.items()}
    figures: dict[str, _Clean] = {}
    for kind in ("edition", "event", "topic"):
        for owner_id, owner in by_kind[kind].items():
            for figure in owner["figures"] or ():
                figure["_owner_id"] = str(owner_id)
                if figure["id"] in figures:
                    first = figures[figure["id"]]["_origin"]
                    problems.append(Problem(figure["_origin"].path, figure["_origin"].line, f"duplicate figure id {figure['id']!r} (first defined at {first})"))
                    continue
                figures[figure["id"]] = figure
    known = {kind: {str(ident) for ident in items} for kind, items in by_kind.items()}
    known["figure"] = set(figures)
    for kind, ident, path, line in refs:
        if ident not in known[kind]:
            problems.append(Problem(path, line, f"unknown {kind} {ident!r}"))

    metrics = by_kind["metric"]
    conflicts: dict[str, set[str]] = {fid: set() for fid in figures}
    for fid, figure in figures.items():
        where = figure["_origin"]
        metric = metrics.get(figure["metric"])
        if metric is not None and metric["unit"] != figure["unit"]:
            problems.append(Problem(where.path, where.line, f"figure {fid!r} has unit {figure['unit']!r} but metric {metric['id']!r} is measured in {metric['unit']!r}"))
        if figure["derived"] is None and not figure["sources"]:
            problems.append(Problem(where.path, where.line, f"figure {fid!r} has no source: cite one, or give the derivation"))
        for other in figure["conflicts_with"] or ():
            partner = figures.get(other)
            if partner is None:
                continue
            if other == fid:
                problems.append(Problem(where.path, where.line, f"figure {fid!r} cannot conflict with itself"))
                continue
            if partner["metric"] != figure["metric"] or (partner["_owner_kind"], partner["_owner_id"]) != (figure["_owner_kind"], figure["_owner_id"]):
                problems.append(Problem(where.path, where.line, f"figure {fid!r} conflicts with {other!r}, which is not the same metric of the same {figure['_owner_kind']}"))
                continue
            conflicts[fid].add(other)
            conflicts[other].add(fid)
    for fid, figure in figures.items():
        if figure["derived"] is not None:
            _check_derivation(fid, figures, problems)
    _check_parent_cycles(by_kind["organization"], problems)
    for edition in by_kind["edition"].values():
        if _ends_before_it_starts(edition):
            where = edition["_origin"]
            problems.append(Problem(where.path, where.line, f"edition {edition['year']} ends before it starts"))

    # Build what is consistent even when there are problems, so `validate` can count it.
    try:
        return _assemble(by_kind, figures, conflicts, files)
    except (KeyError, TypeError):  # only reachable with problems already reported
        return None


def _check_parent_cycles(organizations: _ById, problems: list[Problem]) -> None:
    """Report each loop of organization parents once, at the member written first."""
    order = {ident: n for n, ident in enumerate(organizations)}
    settled: set[str] = set()
    for ident in organizations:
        walk: dict[str, int] = {}
        node = ident
        while node in organizations and node not in settled and node not in walk:
            walk[node] = len(walk)
            node = organizations[node]["parent"]
        settled.update(walk)
        if node not in walk:
            continue
        cycle = list(walk)[walk[node]:]
        first = cycle.index(min(cycle, key=order.__getitem__))
        cycle = cycle[first:] + cycle[:first]
        where = organizations[cycle[0]]["_origin"]
        problems.append(Problem(where.path, where.line, f"organization parent cycle: {' -> '.join((*cycle, cycle[0]))}"))


_OPS: dict[type[ast.operator], Callable[[float, float], float]] = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def _evaluate(node: ast.AST, names: dict[str, float]) -> float:
    if isinstance(node, ast.Expression):
        return _evaluate(node.body, names)
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        return _OPS[type(node.op)](_evaluate(node.left, names), _evaluate(node.right, names))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_evaluate(node.operand, names)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.Name) and node.id in names:
        return names[node.id]
    if isinstance(node, ast.Name):
        raise ValueError(f"the formula names {node.id!r}, which is not one of its inputs")
    raise ValueError("the formula may only use numbers, input names, + - * / and parentheses")


def derived_value(figure_id: str, figures: dict[str, _Clean], stack: tuple[str, ...] = ()) -> float:
    """Recompute a derived figure from its inputs (the loader's clean figure mappings by id)."""
    figure = figures[figure_id]
    derived = figure["derived"]
    if figure_id in stack:
        raise ValueError(f"derivation cycle: {' -> '.join((*stack, figure_id))}")
    names = {}
    for item in derived.inputs:
        if item.figure is not None:
            if item.figure not in figures:
                raise ValueError(f"input {item.name!r} names an unknown figure {item.figure!r}")
            names[item.name] = figures[item.figure]["value"]
            if figures[item.figure]["derived"] is not None:
                derived_value(item.figure, figures, (*stack, figure_id))
        else:
            names[item.name] = item.value
    if len(derived.formula) > 200:
        raise ValueError("the formula is too long")
    try:
        tree = ast.parse(derived.formula, mode="eval")
    except SyntaxError:
        raise ValueError(f"the formula {derived.formula!r} is not arithmetic") from None
    try:
        computed = _evaluate(tree, names)
    except ZeroDivisionError:
        raise ValueError("the formula divides by zero") from None
    except OverflowError:  # a float out of range on the way
        raise ValueError("the formula gives a value too large to compute") from None
    if computed != computed or abs(computed) >= MAX_MAGNITUDE:
        raise ValueError("the formula gives a value too large to compute (values must be less than 10^15 in size)")
    return computed


def _decimals(value: float) -> int:
    text = repr(value)
    return len(text.split(".")[1]) if "." in text and "e" not in text else 0


def _check_derivation(fid: str, figures: dict[str, _Clean], problems: list[Problem]) -> None:
    figure = figures[fid]
    where = figure["_origin"]
    try:
        computed = derived_value(fid, figures)
    except ValueError as error:
        problems.append(Problem(where.path, where.line, f"figure {fid!r}: {error}"))
        return
    if round(computed, _decimals(figure["value"])) != figure["value"]:
        problems.append(Problem(where.path, where.line, f"figure {fid!r} is {figure['value']} but its formula {figure['derived'].formula!r} gives {computed:g}"))


def _figure(spec: _Clean, conflicts: dict[str, set[str]]) -> Figure:
    return Figure(
        id=spec["id"],
        metric=spec["metric"],
        value=spec["value"],
        unit=spec["unit"],
        qualifier=Qualifier(spec["qualifier"]),
        owner_kind=spec["_owner_kind"],
        owner_id=spec["_owner_id"],
        status=Status(spec["status"] or "result"),
        as_of=spec["as_of"],
        scope=spec["scope"],
        note=spec["note"],
        sources=spec["sources"] or (),
        derived=spec["derived"],
        conflicts_with=tuple(sorted(conflicts.get(spec["id"], ()))),
        origin=spec["_origin"],
    )


def _figures_of(owner: _Clean, figures: dict[str, _Clean], conflicts: dict[str, set[str]]) -> tuple[Figure, ...]:
    return tuple(_figure(cast(_Clean, spec), conflicts) for spec in owner["figures"] or () if figures.get(spec["id"]) is spec)


def _ends_before_it_starts(edition: _Clean) -> bool:
    return bool(edition["start"] and edition["end"] and edition["end"] < edition["start"])


def _edition(year: int, e: _Clean, figures: tuple[Figure, ...]) -> Edition:
    return Edition(
        year=year,
        name=e["name"],
        sources=e["sources"] or (),
        aliases=e["aliases"] or (),
        ordinal=e["ordinal"],
        ordinal_note=e["ordinal_note"],
        start=e["start"],
        end=e["end"],
        venues=e["venues"] or (),
        theme_en=(e["theme"] or {}).get("en"),
        theme_zh=(e["theme"] or {}).get("zh"),
        organizers=e["organizers"] or (),
        guest_of_honour=e["guest_of_honour"],
        guest_province=e["guest_province"],
        summary=e["summary"],
        reports=e["reports"] or (),
        deals=e["deals"] or (),
        figures=figures,
        origin=e["_origin"],
    )


def _assemble(by_kind: dict[str, _ById], figures: dict[str, _Clean], conflicts: dict[str, set[str]], files: int) -> Dataset:
    sources = {
        ident: Source(ident, s["publisher"], s["title"], Tier(s["tier"]), s["date"], s["url"], s["note"], s["_origin"])
        for ident, s in by_kind["source"].items()
    }
    metrics = {ident: Metric(ident, m["label"], m["unit"], m["definition"], m["related"] or (), m["_origin"]) for ident, m in by_kind["metric"].items()}
    organizations = {
        ident: Organization(ident, o["name"], o["kind"], o["aliases"] or (), o["country"], o["parent"], o["summary"], o["_origin"])
        for ident, o in by_kind["organization"].items()
    }
    people = {
        ident: Person(ident, p["name"], p["positions"] or (), p["sources"] or (), p["aliases"] or (), p["summary"], p["_origin"])
        for ident, p in by_kind["person"].items()
    }
    editions = {year: _edition(year, e, _figures_of(e, figures, conflicts)) for year, e in by_kind["edition"].items()}
    events = {
        ident: Event(
            id=ident,
            name=e["name"],
            event_kind=e["kind"],
            edition=e["edition"],
            sources=e["sources"] or (),
            aliases=e["aliases"] or (),
            date=e["date"],
            venue=e["venue"],
            organizers=e["organizers"] or (),
            participants=e["participants"] or (),
            topics=e["topics"] or (),
            summary=e["summary"],
            figures=_figures_of(e, figures, conflicts),
            origin=e["_origin"],
        )
        for ident, e in by_kind["event"].items()
    }
    topics = {
        ident: Topic(
            id=ident,
            name=t["name"],
            summary=t["summary"],
            sources=t["sources"] or (),
            aliases=t["aliases"] or (),
            events=t["events"] or (),
            people=t["people"] or (),
            organizations=t["organizations"] or (),
            figures=_figures_of(t, figures, conflicts),
            origin=t["_origin"],
        )
        for ident, t in by_kind["topic"].items()
    }
    return Dataset(
        editions=editions,
        events=events,
        people=people,
        organizations=organizations,
        topics=topics,
        sources=sources,
        metrics=metrics,
        files=files,
    )
