"""Read one YAML file safely into plain Python values that remember their line numbers.

Only plain scalars, lists and mappings are accepted: any tag that would construct an object, any
alias (which also defuses "billion laughs" bombs), duplicate keys, merge keys and over-deep nesting
are reported as problems with the file and line, never raised.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path

import yaml

try:  # the C parser when libyaml is there; both are safe loaders
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 32
MAX_VALUES = 100_000  # per file; a small file of "1," items would otherwise take seconds and gigabytes

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


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong in a dataset, theme or config file, located by path and line."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


class LocatedMap(dict):
    """A mapping from a YAML file that knows its own line and the line of each key."""

    line: int
    key_lines: dict


class LocatedList(list):
    """A sequence from a YAML file that knows its own line and each item's line."""

    line: int
    item_lines: list


class YamlError(Exception):
    """A file that cannot be read as safe, plain YAML; carries the Problem."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def read_yaml(path: Path, display: str | None = None):
    """Return the file's content as LocatedMap/LocatedList/scalars, or raise YamlError."""
    shown = display or str(path)

    def fail(line, message):
        raise YamlError(Problem(shown, line, message))

    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            fail(None, "is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):  # a pipe or a device would block or never end
            fail(None, "is not a regular file (a pipe, socket or device); it was not read")
        size = info.st_size
        if size > MAX_FILE_BYTES:
            fail(None, f"file is too large ({size / 1048576:.1f} MiB; the limit is {MAX_FILE_BYTES // 1048576} MiB)")
        raw = path.read_bytes()
    except YamlError:
        raise
    except IsADirectoryError:
        fail(None, "is a directory, not a file")
    except PermissionError:
        fail(None, "cannot be read: permission denied")
    except OSError as error:
        fail(None, f"cannot be read: {error.strerror or error}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        fail(line, f"is not UTF-8 text (byte 0x{raw[error.start]:02x} cannot be decoded)")
    if "\x00" in text:
        fail(text[: text.index("\x00")].count("\n") + 1, "contains a NUL byte: this is not a text file")
    try:
        _measure(text, fail)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
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
    except RecursionError:
        fail(None, f"nesting is too deep (the limit is {MAX_DEPTH} levels)")
    if node is None:
        fail(None, "file is empty")
    return _convert(node, shown, set(), 0)


def _measure(text: str, fail) -> None:
    """Fail at the line where lists and mappings first nest deeper than MAX_DEPTH, or where the
    file passes MAX_VALUES values, before anything is built.

    libyaml's composer recurses in C, so "[[[[…" a hundred thousand deep would crash the
    interpreter before any Python check runs; its event parser does not recurse, so measure there.
    """
    depth = values = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                fail(event.start_mark.line + 1, f"nesting is too deep (the limit is {MAX_DEPTH} levels)")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            continue
        elif not isinstance(event, yaml.NodeEvent):
            continue
        values += 1
        if values > MAX_VALUES:
            fail(event.start_mark.line + 1, f"too many values (more than {MAX_VALUES:,} in one file)")


def _convert(node, shown: str, seen: set, depth: int):
    line = node.start_mark.line + 1
    if id(node) in seen:
        raise YamlError(Problem(shown, line, "the value anchored here (&name) is reused by an alias (*name); aliases are not supported, write the value out"))
    seen.add(id(node))
    if depth > MAX_DEPTH:
        raise YamlError(Problem(shown, line, f"nesting is too deep (the limit is {MAX_DEPTH} levels)"))
    if isinstance(node, yaml.ScalarNode):
        if node.tag not in _SCALAR_TAGS:
            raise YamlError(Problem(shown, line, f"unsupported YAML tag {node.tag!r}: only plain values are allowed"))
        if node.tag in (_STR, "tag:yaml.org,2002:timestamp"):
            return node.value
        try:
            # the tag's own constructor: construct_object() would keep every node in a cache for ever
            return _constructor.yaml_constructors[node.tag](_constructor, node)
        except (yaml.YAMLError, ValueError) as error:
            raise YamlError(Problem(shown, line, f"bad value {node.value!r}: {error}")) from None
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _SEQ:
            raise YamlError(Problem(shown, line, f"unsupported YAML tag {node.tag!r}: only plain lists are allowed"))
        result = LocatedList(_convert(item, shown, seen, depth + 1) for item in node.value)
        result.line = line
        result.item_lines = [item.start_mark.line + 1 for item in node.value]
        return result
    if node.tag != _MAP:
        raise YamlError(Problem(shown, line, f"unsupported YAML tag {node.tag!r}: only plain mappings are allowed"))
    result = LocatedMap()
    result.line = line
    result.key_lines = {}
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            raise YamlError(Problem(shown, key_line, "mapping keys must be plain words"))
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise YamlError(Problem(shown, key_line, "merge keys (<<) are not supported"))
        key = _convert(key_node, shown, seen, depth + 1)
        if not isinstance(key, (str, int)) or isinstance(key, bool):
            raise YamlError(Problem(shown, key_line, f"mapping key {key_node.value!r} must be a word"))
        key = str(key)
        if key in result:
            raise YamlError(Problem(shown, key_line, f"duplicate key {key!r} (first at line {result.key_lines[key]})"))
        result[key] = _convert(value_node, shown, seen, depth + 1)
        result.key_lines[key] = key_line
    return result
