"""Read one YAML file safely into plain Python values that remember their line numbers.

Only plain scalars, lists and mappings are accepted: any tag that would construct an object, any
alias (which also defuses "billion laughs" bombs), duplicate keys, merge keys and over-deep nesting
are reported as problems with the file and line, never raised.

Values are built in one pass over libyaml's event stream (no node tree, no second pass), which
reports what composing the nodes and walking them would, in the same order of precedence; only a
file that could hold more than MAX_VALUES values is counted first, without building anything.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeAlias, cast

import yaml

from ciftis.core.locations import MAX_FILE_BYTES, RefusedFile, read_checked  # noqa: F401
from ciftis.core.problems import Problem, YamlError  # noqa: F401 - where the readers of this module find them

try:  # the C parser when libyaml is there; both are safe loaders
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]  # the other safe loader, with the same interface

MAX_DEPTH = 32
MAX_DIGITS = 100  # characters of an integer; values the dataset can use are far shorter (loader: below 10^15)
MAX_VALUES = 100_000  # per file; a small file of "1," items would otherwise take seconds and gigabytes
_TOO_DEEP = f"nesting is too deep (the limit is {MAX_DEPTH} levels)"

_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_constructor = yaml.constructor.SafeConstructor()


class LocatedMap(dict[str, Any]):
    """A mapping from a YAML file that knows its own line and the line of each key."""

    __slots__ = ("line", "key_lines")
    line: int
    key_lines: dict[str, int]


class LocatedList(list[Any]):
    """A sequence from a YAML file that knows its own line and each item's line."""

    __slots__ = ("line", "item_lines")
    line: int
    item_lines: list[int]


# What read_yaml returns: timestamps stay text; mapping and list items are YamlValues too.
YamlValue: TypeAlias = "LocatedMap | LocatedList | str | int | float | bool | None"
_Fail: TypeAlias = Callable[[int | None, str], NoReturn]  # raises YamlError at a line of the file


def read_yaml(path: Path, display: str | None = None, *, unread: frozenset[str] = frozenset()) -> YamlValue:
    """Return the file's content as LocatedMap/LocatedList/scalars, or raise YamlError.

    The values of the keys in `unread`, wherever they are, are parsed but not built: each is None
    (for a reader that does not need them; what is wrong inside one may then go unsaid)."""
    shown = display or str(path)

    def fail(line: int | None, message: str) -> NoReturn:
        raise YamlError(Problem(shown, line, message))

    try:
        raw = read_checked(path)
    except RefusedFile as refused:
        fail(None, refused.message)
    except IsADirectoryError:
        fail(None, "is a directory, not a file")
    except PermissionError:
        fail(None, "cannot be read: permission denied")
    except OSError as error:
        fail(None, f"cannot be read: {error.strerror or error}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line: int | None = raw[: error.start].count(b"\n") + 1
        fail(line, f"is not UTF-8 text (byte 0x{raw[error.start]:02x} cannot be decoded)")
    if "\x00" in text:
        fail(text[: text.index("\x00")].count("\n") + 1, "contains a NUL byte: this is not a text file")
    try:
        # Every value starts at one of these, at most three at one; when that could pass the limit,
        # a pass that only counts fails a flood of tiny values before anything is built.
        if 3 * (sum(text.count(mark) for mark in "\n,:-[{?") + 1) > MAX_VALUES:
            _measure(text, fail)
        return _compose(text, shown, fail, unread)
    except yaml.MarkedYAMLError as error:
        if error.problem == _LIBYAML_TOO_DEEP:
            _find_too_deep(text, fail)
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        what = error.problem or error.context or "is not valid YAML"
        fail(line, f"invalid YAML: {what}")
    except yaml.reader.ReaderError as error:  # no mark; the C reader's position counts bytes
        if not isinstance(error.character, int):
            fail(None, f"invalid YAML: {error.reason}")
        at = text.find(chr(error.character))
        fail(text[:at].count("\n") + 1 if at >= 0 else None, f"contains the character U+{error.character:04X}, which YAML does not allow")
    except yaml.YAMLError as error:
        fail(None, f"invalid YAML: {error}")


def _measure(text: str, fail: _Fail, loader: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = _Loader) -> None:
    """Fail at the line where lists and mappings first nest deeper than MAX_DEPTH, or where the
    file passes MAX_VALUES values, without building anything."""
    depth = values = 0
    for event in yaml.parse(text, Loader=loader):
        assert event.start_mark is not None  # the parser marks every event
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                fail(event.start_mark.line + 1, _TOO_DEEP)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            continue
        elif not isinstance(event, yaml.NodeEvent):
            continue
        values += 1
        if values > MAX_VALUES:
            fail(event.start_mark.line + 1, f"too many values (more than {MAX_VALUES:,} in one file)")


# Newer libyaml scanners stop at a nesting limit of their own (1,000 levels) and, reading ahead of
# the events in flow collections, can do so before the events reach MAX_DEPTH.
_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"


def _find_too_deep(text: str, fail: _Fail) -> None:
    """Fail where _measure would with PyYAML's own parser, which has no nesting limit of its own
    (and stops within MAX_VALUES values); fall through when it stops at another error first."""
    try:
        _measure(text, fail, yaml.SafeLoader)
    except yaml.YAMLError:
        pass


_ALIAS = "the value anchored here (&name) is reused by an alias (*name); aliases are not supported, write the value out"
_IMPLICIT: dict[str | None, list[tuple[str, re.Pattern[str]]]] = _Loader.yaml_implicit_resolvers
_WILDCARD: tuple[tuple[str, re.Pattern[str]], ...] = tuple(_IMPLICIT.get(None, ()))
_MERGE = "tag:yaml.org,2002:merge"
_INT = "tag:yaml.org,2002:int"


def _resolve(value: str) -> str:
    """The tag PyYAML's resolver gives a plain (unquoted, untagged) scalar."""
    tag: str  # mypy reads the items of the unpacked list-or-empty-tuple below as Any
    for tag, regexp in (*_IMPLICIT.get(value[0] if value else "", ()), *_WILDCARD):
        if regexp.match(value):
            return tag
    return _STR


class _Stop(Exception):
    """The first problem with the values themselves (a tag, a key, an alias); parsing goes on."""

    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message


def _scalar(tag: str, value: str, line: int) -> str | int | float | bool | None:
    if tag is _STR or tag == _STR or tag == "tag:yaml.org,2002:timestamp":
        return value
    if tag not in _SCALAR_TAGS:
        raise _Stop(line, f"unsupported YAML tag {tag!r}: only plain values are allowed")
    if tag == _INT and len(value) > MAX_DIGITS:  # Python's int(str) refuses 4,301 digits, and is slow long before
        raise _Stop(line, f"bad value {_shortened(value)}: a number of {len(value):,} characters is too long (the limit is {MAX_DIGITS:,})")
    if tag == _INT and value.isdigit() and (value[0] != "0" or value == "0"):
        return int(value)
    try:
        # the tag's own constructor: construct_object() would keep every node in a cache for ever
        # PyYAML's constructors are untyped; for these scalar tags they give str, int, float, bool or None
        return cast("str | int | float | bool | None", _constructor.yaml_constructors[tag](_constructor, yaml.ScalarNode(tag, value)))
    except (yaml.YAMLError, ValueError, KeyError, OverflowError) as error:  # KeyError: "!!bool maybe"
        raise _Stop(line, f"bad value {_shortened(value)}: {_shortened(str(error), 120)}") from None


def _shortened(text: str, keep: int = 40) -> str:
    """A value as a message quotes it: whole when short, else its start and its length."""
    return repr(text) if len(text) <= keep else f"{text[:keep]!r}… ({len(text):,} characters)"


def _compose(text: str, shown: str, fail: _Fail, unread: frozenset[str] = frozenset()) -> YamlValue:
    """Build the file's values in one pass over libyaml's events, reporting what yaml.compose and a
    walk of its nodes would, in the same order of precedence.

    libyaml's composer recurses in C, so "[[[[…" a hundred thousand deep would crash the interpreter
    before any Python check ran; its event parser does not recurse, and neither does this loop. So
    nesting deeper than MAX_DEPTH and more than MAX_VALUES values fail at once, at their line.
    Errors in the YAML itself anywhere in the file come first, then the composer's (an undefined or
    duplicate anchor, a second document), then the first problem with the values (an unsupported
    tag, a bad value, a key that is not a word, a duplicate key, a merge key, an alias).
    The value of a key in `unread` is None, whatever it is.
    """
    ScalarEvent, AliasEvent = yaml.ScalarEvent, yaml.AliasEvent
    SequenceStartEvent, MappingStartEvent = yaml.SequenceStartEvent, yaml.MappingStartEvent
    SequenceEndEvent, MappingEndEvent = yaml.SequenceEndEvent, yaml.MappingEndEvent
    depth = values = documents = 0
    composer: tuple[int, str] | None = None  # (line, message): the composer's first error
    stop: _Stop | None = None  # the first problem with the values
    composing = building = False
    skipping = skipped_at = 0  # while a value of a key in `unread` goes by: its nesting, and its line
    anchors: dict[str, tuple[int, str]] = {}  # name -> (line, "scalar" | "merge" | "collection")
    stack: list[list[Any]] = []  # [container, is_mapping, pending key, its line]
    root: YamlValue = None
    event: Any  # told apart by type(event) below, which mypy does not narrow
    container: LocatedList | LocatedMap
    for event in yaml.parse(text, Loader=_Loader):
        kind = type(event)
        if kind is ScalarEvent or kind is AliasEvent:
            values += 1
            if values > MAX_VALUES:
                fail(event.start_mark.line + 1, f"too many values (more than {MAX_VALUES:,} in one file)")
        elif kind is SequenceStartEvent or kind is MappingStartEvent:
            depth += 1
            if depth > MAX_DEPTH:
                fail(event.start_mark.line + 1, _TOO_DEEP)
            values += 1
            if values > MAX_VALUES:
                fail(event.start_mark.line + 1, f"too many values (more than {MAX_VALUES:,} in one file)")
        elif kind is SequenceEndEvent or kind is MappingEndEvent:
            depth -= 1
            if skipping:
                skipping -= 1
                if not skipping:
                    _put(stack[-1], None, skipped_at)
                continue
            if building:
                frame = stack.pop()
                value = frame[0]
                if not stack:
                    root, building, composing = value, False, False
                    continue
                _put(stack[-1], value, value.line)
            continue
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents == 1:
                composing = building = True
            elif composer is None:
                composer = (event.start_mark.line + 1, "but found another document")
            continue
        elif kind is yaml.DocumentEndEvent:
            composing = building = False
            continue
        else:
            continue
        if not composing:
            continue
        line = event.start_mark.line + 1
        anchor = event.anchor if kind is not AliasEvent else None
        if anchor is not None:
            if anchor in anchors:
                composer = (line, "second occurrence")
                composing = building = False
                continue
            if kind is ScalarEvent:
                tag = event.tag
                plain = (tag is None or tag == "!") and event.implicit[0]
                anchors[anchor] = (line, "merge" if plain and _resolve(event.value) == _MERGE else "scalar")
            else:
                anchors[anchor] = (line, "collection")
        if kind is AliasEvent:
            target = anchors.get(event.anchor)
            if target is None:
                composer = (line, "found undefined alias")
                composing = building = False
                continue
        if not building:
            continue
        if skipping:
            if kind is SequenceStartEvent or kind is MappingStartEvent:
                skipping += 1
            continue
        try:
            top = stack[-1] if stack else None
            as_key = top is not None and top[1] and top[2] is _NO_KEY
            if unread and not as_key and top is not None and top[1] and top[2] in unread:
                if kind is SequenceStartEvent or kind is MappingStartEvent:
                    skipping, skipped_at = 1, line
                else:
                    _put(top, None, line)
                continue
            if kind is AliasEvent:
                assert target is not None  # an undefined alias stopped composing above
                at, what = target
                if as_key and what == "collection":
                    raise _Stop(at, "mapping keys must be plain words")
                if as_key and what == "merge":
                    raise _Stop(at, "merge keys (<<) are not supported")
                raise _Stop(at, _ALIAS)
            if kind is ScalarEvent:
                tag = event.tag
                value = event.value
                if tag is None or tag == "!":
                    tag = _resolve(value) if event.implicit[0] else _STR
                if as_key:
                    if tag == _MERGE:
                        raise _Stop(line, "merge keys (<<) are not supported")
                    key = _scalar(tag, value, line)
                    if not isinstance(key, (str, int)) or isinstance(key, bool):
                        raise _Stop(line, f"mapping key {value!r} must be a word")
                    key = str(key)
                    assert top is not None  # as_key: a mapping is being built
                    mapping = top[0]
                    if key in mapping:
                        raise _Stop(line, f"duplicate key {key!r} (first at line {mapping.key_lines[key]})")
                    top[2], top[3] = key, line
                    continue
                value = _scalar(tag, value, line)
                if top is None:
                    root, building, composing = value, False, False
                else:
                    _put(top, value, line)
                continue
            # a list or a mapping starts
            if as_key:
                raise _Stop(line, "mapping keys must be plain words")
            tag = event.tag
            if kind is SequenceStartEvent:
                if tag is not None and tag != "!" and tag != _SEQ:
                    raise _Stop(line, f"unsupported YAML tag {tag!r}: only plain lists are allowed")
                container = LocatedList()
                container.item_lines = []
                stack.append([container, False, None, None])
            else:
                if tag is not None and tag != "!" and tag != _MAP:
                    raise _Stop(line, f"unsupported YAML tag {tag!r}: only plain mappings are allowed")
                container = LocatedMap()
                container.key_lines = {}
                stack.append([container, True, _NO_KEY, None])
            container.line = line
        except _Stop as problem:
            stop = problem
            building = False
            stack.clear()
    if composer is not None:
        fail(composer[0], f"invalid YAML: {composer[1]}")
    if stop is not None:
        raise YamlError(Problem(shown, stop.line, stop.message))
    if not documents:
        fail(None, "file is empty")
    return root


_NO_KEY = object()


def _put(frame: list[Any], value: YamlValue, line: int) -> None:
    """Add a finished value to the list or mapping being built."""
    container = frame[0]
    if frame[1]:
        key = frame[2]
        container[key] = value
        container.key_lines[key] = frame[3]
        frame[2] = _NO_KEY
    else:
        container.append(value)
        container.item_lines.append(line)
