"""Stable machine-readable shapes: the whole dataset as JSON or CSV, comparisons as JSON, CSV,
Markdown or TSV. Every shape carries `"schema_version": 2` where it is JSON; the README documents
them and `ciftis/schemas/*.json` hold their JSON Schemas. Every string is cleaned of control
characters on the way out.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from types import FrameType
from typing import IO, Any, TypeVar, overload

from ciftis.core.compare import Comparison, ComparisonRow, format_delta, format_delta_pct
from ciftis.core.format import clean, display_value, figure_label
from ciftis.core.model import Dataset, Edition, Entity, Event, Figure, Metric, Organization, Person, Source, Topic

SCHEMA_VERSION = 2
# The fair's local time (Beijing, no daylight saving): `as_of` times are written with this offset.
FAIR_UTC_OFFSET = "+08:00"


_T = TypeVar("_T")


@overload
def _cleaned(text: str) -> str: ...
@overload
def _cleaned(text: _T) -> _T: ...
def _cleaned(text: object) -> object:
    """A string cleaned of control characters; anything else (None, a number) as it is."""
    return clean(text) if isinstance(text, str) else text


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?")


@overload
def spreadsheet_safe(cell: str) -> str: ...
@overload
def spreadsheet_safe(cell: _T) -> _T: ...
def spreadsheet_safe(cell: object) -> object:
    """A CSV or TSV cell a spreadsheet will not run (OWASP's CSV-injection rule): text that begins
    with = + - @, a tab or a carriage return gets a single quote in front. Numbers, and text that is
    a plain number ("-519", "+23%", "-1,250.5"), are data and stay as they are."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def as_of_json(as_of: str | None) -> str | None:
    """An `as_of` for JSON: a date stays a date ("2023-09-06"); a local time at the fair becomes
    RFC 3339 with the fair's offset ("2023-09-06T12:00" → "2023-09-06T12:00:00+08:00")."""
    if as_of is None or len(as_of) == 10:
        return as_of
    return f"{as_of[:16]}:00{FAIR_UTC_OFFSET}"


def figure_json(figure: Figure, dataset: Dataset) -> dict[str, Any]:
    derived = None
    if figure.derived is not None:
        derived = {
            "formula": figure.derived.formula,
            "inputs": {
                item.name: ({"figure": item.figure} if item.figure else {"value": item.value, "source": item.source, "quote": _cleaned(item.quote)})
                for item in figure.derived.inputs
            },
        }
    return {
        "id": figure.id,
        "metric": figure.metric,
        "label": _cleaned(figure_label(figure, dataset)),
        "value": figure.value,
        "unit": figure.unit,
        "qualifier": figure.qualifier.value,
        "status": figure.status.value,
        "as_of": as_of_json(figure.as_of),
        "scope": _cleaned(figure.scope),
        "note": _cleaned(figure.note),
        "sources": [{"source": ref.source, "quote": _cleaned(ref.quote)} for ref in figure.sources],
        "derived": derived,
        "conflicts_with": list(figure.conflicts_with),
    }


def _date(day: date | None) -> str | None:
    return day.isoformat() if day else None


def edition_json(edition: Edition, dataset: Dataset) -> dict[str, Any]:
    return {
        "year": edition.year,
        "name": _cleaned(edition.name),
        "aliases": [_cleaned(a) for a in edition.aliases],
        "ordinal": edition.ordinal,
        "ordinal_note": _cleaned(edition.ordinal_note),
        "start": _date(edition.start),
        "end": _date(edition.end),
        "venues": [_cleaned(v) for v in edition.venues],
        "theme": {"en": _cleaned(edition.theme_en), "zh": _cleaned(edition.theme_zh)},
        "organizers": list(edition.organizers),
        "guest_of_honour": _cleaned(edition.guest_of_honour),
        "guest_province": _cleaned(edition.guest_province),
        "summary": _cleaned(edition.summary),
        "reports": [{"title": _cleaned(r.title), "organizations": list(r.organizations), "sources": list(r.sources)} for r in edition.reports],
        "deals": [{"title": _cleaned(d.title), "organizations": list(d.organizations), "sources": list(d.sources)} for d in edition.deals],
        "figures": [figure_json(f, dataset) for f in edition.figures],
        "sources": list(edition.sources),
    }


def event_json(event: Event, dataset: Dataset) -> dict[str, Any]:
    return {
        "id": event.id,
        "name": _cleaned(event.name),
        "aliases": [_cleaned(a) for a in event.aliases],
        "event_kind": event.event_kind,
        "edition": event.edition,
        "date": _date(event.date),
        "venue": _cleaned(event.venue),
        "organizers": list(event.organizers),
        "participants": [{"person": p.person, "role": _cleaned(p.role)} for p in event.participants],
        "topics": list(event.topics),
        "summary": _cleaned(event.summary),
        "figures": [figure_json(f, dataset) for f in event.figures],
        "sources": list(event.sources),
    }


def person_json(person: Person, dataset: Dataset) -> dict[str, Any]:
    return {
        "id": person.id,
        "name": _cleaned(person.name),
        "aliases": [_cleaned(a) for a in person.aliases],
        "positions": [{"title": _cleaned(p.title), "organization": p.organization, "edition": p.edition} for p in person.positions],
        "events": [event.id for event in dataset.events_of_person(person.id)],
        "summary": _cleaned(person.summary),
        "sources": list(person.sources),
    }


def organization_json(org: Organization, _dataset: Dataset) -> dict[str, Any]:
    return {
        "id": org.id,
        "name": _cleaned(org.name),
        "aliases": [_cleaned(a) for a in org.aliases],
        "organization_kind": org.org_kind,
        "country": _cleaned(org.country),
        "parent": org.parent,
        "summary": _cleaned(org.summary),
    }


def topic_json(topic: Topic, dataset: Dataset) -> dict[str, Any]:
    return {
        "id": topic.id,
        "name": _cleaned(topic.name),
        "aliases": [_cleaned(a) for a in topic.aliases],
        "summary": _cleaned(topic.summary),
        "events": list(topic.events),
        "people": list(topic.people),
        "organizations": list(topic.organizations),
        "figures": [figure_json(f, dataset) for f in topic.figures],
        "sources": list(topic.sources),
    }


def source_json(source: Source, _dataset: Dataset) -> dict[str, Any]:
    return {
        "id": source.id,
        "publisher": _cleaned(source.publisher),
        "title": _cleaned(source.title),
        "date": _date(source.date),
        "url": _cleaned(source.url),
        "tier": source.tier.value,
        "note": _cleaned(source.note),
    }


def metric_json(metric: Metric, _dataset: Dataset) -> dict[str, Any]:
    return {"id": metric.id, "label": _cleaned(metric.label), "unit": metric.unit, "definition": _cleaned(metric.definition), "related": list(metric.related)}


ENTITY_JSON: dict[str, Callable[[Any, Dataset], dict[str, Any]]] = {  # by kind; each takes an entity of its kind
    "edition": edition_json,
    "event": event_json,
    "person": person_json,
    "organization": organization_json,
    "topic": topic_json,
    "source": source_json,
    "metric": metric_json,
    "figure": figure_json,
}


def entity_json(entity: Entity, dataset: Dataset) -> dict[str, Any]:
    """One entity in its export shape, with its kind and the schema version."""
    return {"schema_version": SCHEMA_VERSION, "kind": entity.kind, **ENTITY_JSON[entity.kind](entity, dataset)}


def dataset_json(dataset: Dataset) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "editions": [edition_json(e, dataset) for e in dataset.editions.values()],
        "events": [event_json(e, dataset) for e in dataset.events.values()],
        "people": [person_json(p, dataset) for p in dataset.people.values()],
        "organizations": [organization_json(o, dataset) for o in dataset.organizations.values()],
        "topics": [topic_json(t, dataset) for t in dataset.topics.values()],
        "sources": [source_json(s, dataset) for s in sorted(dataset.sources.values(), key=lambda s: s.id)],
        "metrics": [metric_json(m, dataset) for m in sorted(dataset.metrics.values(), key=lambda m: m.id)],
    }


FIGURE_CSV_COLUMNS = (
    "figure", "owner_kind", "owner", "edition", "metric", "label", "value", "unit", "qualifier", "status",
    "as_of", "display", "sources", "quotes", "derived", "conflicts_with", "scope", "note",
)


def figures_csv(dataset: Dataset) -> str:
    """One row per figure, with its owner, edition, value, qualifier and sources."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIGURE_CSV_COLUMNS)
    for figure in dataset.figures.values():
        writer.writerow([spreadsheet_safe(_cleaned(cell)) for cell in (
            figure.id, figure.owner_kind, figure.owner_id, dataset.edition_of_figure(figure) or "",
            figure.metric, figure_label(figure, dataset), plain_number(figure.value), figure.unit, figure.qualifier.value,
            figure.status.value, figure.as_of or "", display_value(figure),
            "; ".join(ref.source for ref in figure.sources), " | ".join(ref.quote for ref in figure.sources),
            figure.derived.formula if figure.derived else "", "; ".join(figure.conflicts_with),
            figure.scope or "", figure.note or "",
        )])
    return out.getvalue()


# -- comparisons -----------------------------------------------------------------------------
def row_cells(row: ComparisonRow) -> tuple[str, ...]:
    """A comparison row as the six cells every table format shows."""
    a, b = (
        (display_value(side.figure) + (" (plan)" if side.figure.is_plan else "")) if side.figure else "not reported"
        for side in (row.a, row.b)
    )
    return tuple(clean(cell) for cell in (row.metric.label, a, b, format_delta(row), format_delta_pct(row), row.note))


def comparison_headers(comparison: Comparison) -> tuple[str, ...]:
    return ("Metric", str(comparison.year_a), str(comparison.year_b), "Δ", "Δ%", "Note")


def comparison_json(comparison: Comparison, dataset: Dataset) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "a": comparison.year_a,
        "b": comparison.year_b,
        "rows": [
            {
                "metric": row.metric.id,
                "label": clean(row.metric.label),
                "a": figure_json(row.a.figure, dataset) if row.a.figure else None,
                "b": figure_json(row.b.figure, dataset) if row.b.figure else None,
                "delta": row.delta,
                "delta_pct": row.delta_pct,
                "note": clean(row.note) or None,
            }
            for row in comparison.rows
        ],
    }


def _markdown_cell(text: str) -> str:
    return clean(text).replace("\\", "\\\\").replace("|", "\\|")


def markdown_table(headers: Sequence[str], rows: Iterable[Sequence[str]], right: Collection[int] = ()) -> str:
    """A Markdown table of cells as displayed; the columns numbered in `right` are right-aligned.
    Every cell is cleaned, and its `|` and `\\` escaped, so a cell never breaks the table."""
    lines = [
        "| " + " | ".join(_markdown_cell(header) for header in headers) + " |",
        "| " + " | ".join("---:" if n in right else "---" for n in range(len(headers))) + " |",
    ]
    lines += ["| " + " | ".join(_markdown_cell(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def comparison_markdown(comparison: Comparison, rows: Iterable[ComparisonRow] | None = None) -> str:
    return markdown_table(comparison_headers(comparison), (row_cells(row) for row in (rows if rows is not None else comparison.rows)), right=range(1, 5))


def plain_number(value: float | None) -> str:
    """A number as a spreadsheet reads it: ASCII minus, no thousands separators, no unit; "" for none."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def comparison_delimited_headers(comparison: Comparison) -> tuple[str, ...]:
    a, b = comparison.year_a, comparison.year_b
    return (
        "metric", "label", "unit",
        f"{a}", f"{a} qualifier", f"{a} status", f"{b}", f"{b} qualifier", f"{b} status",
        "delta", "delta_pct", "approximate",
        f"{a} as shown", f"{b} as shown", "Δ as shown", "Δ% as shown", "note",
    )


# A cell of a table written for spreadsheets: text, a number, or nothing.
Cell = str | int | float | None


def delimited_cell(cell: Cell) -> str:
    """A cell as CSV and TSV hold it: a number plain (`plain_number`), nothing empty, text cleaned
    (so a tab never splits a TSV cell) and through `spreadsheet_safe`."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return spreadsheet_safe(clean(cell))
    return plain_number(cell)


def delimited(headers: Sequence[str], rows: Iterable[Sequence[Cell]], delimiter: str = ",") -> str:
    """CSV (delimiter ",") or TSV ("\\t"): the headers, then one line per row, every cell through
    `delimited_cell`."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow([delimited_cell(header) for header in headers])
    writer.writerows([delimited_cell(cell) for cell in row] for row in rows)
    return out.getvalue()


def comparison_delimited_rows(comparison: Comparison, rows: Iterable[ComparisonRow] | None = None) -> list[tuple[Cell, ...]]:
    """The comparison's rows under `comparison_delimited_headers`: each side's value, Δ and Δ% as
    numbers, beside the qualifier, unit, status and the text as displayed."""
    out: list[tuple[Cell, ...]] = []
    for row in rows if rows is not None else comparison.rows:
        shown = row_cells(row)
        sides: list[Cell] = []
        for side in (row.a, row.b):
            figure = side.figure
            sides += [figure.value, figure.qualifier.value, figure.status.value] if figure else [None, "", ""]
        out.append((
            row.metric.id, shown[0], row.metric.unit, *sides,
            row.delta, row.delta_pct, "yes" if row.approximate else "",
            *shown[1:],
        ))
    return out


def comparison_delimited(comparison: Comparison, delimiter: str = ",", rows: Iterable[ComparisonRow] | None = None) -> str:
    """CSV (delimiter ",") or TSV ("\\t") of the comparison, headers first: each side's value, Δ and
    Δ% as plain numbers (for a spreadsheet), beside the qualifier, unit, status and the text as
    displayed."""
    return delimited(comparison_delimited_headers(comparison), comparison_delimited_rows(comparison, rows), delimiter)


def to_json_text(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_atomic(path: Path, text: str | bytes, *, durable: bool = True) -> None:
    """Write a file so that a crash never leaves half of it: a temporary file, then a rename.

    Text is written as UTF-8, bytes as they are; `durable=False` skips the fsync (for caches, which
    may be lost but never half-written). The file keeps the mode of the one it replaces (and its
    owner and group where that is allowed); a new file gets the mode the umask gives (0644 under 022).
    """
    path = Path(path)
    try:
        before = os.stat(path)
    except OSError:
        before = None
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if before is not None and stat.S_ISREG(before.st_mode):
            os.chmod(temporary, stat.S_IMODE(before.st_mode))
            if (before.st_uid, before.st_gid) != (os.getuid(), os.getgid()) and hasattr(os, "chown"):
                try:
                    os.chown(temporary, before.st_uid, before.st_gid)
                except OSError:  # not allowed (not root): the mode is kept, the owner is ours
                    pass
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        if isinstance(text, bytes):
            stream: IO[Any] = os.fdopen(handle, "wb")
        else:
            stream = os.fdopen(handle, "w", encoding="utf-8", newline="")
        with stream:
            stream.write(text)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0o022)  # the only way to read it is to set it: set it straight back
    os.umask(mask)
    return mask


class Interrupted(BaseException):
    """A SIGTERM or SIGHUP arrived while an output file was written; nothing was left behind."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def write_output(path: str | os.PathLike[str], text: str) -> None:
    """Write an export where the user asked, without replacing what should be written into.

    A regular file (or a new one) is replaced atomically by `write_atomic`, keeping its mode; a
    symlink is followed to its target; a device, FIFO or other special file is opened and written
    to directly. A directory raises IsADirectoryError; SIGTERM and SIGHUP while writing raise
    Interrupted once the temporary file is removed. Other failures raise OSError.
    """
    target = Path(os.path.realpath(path))  # a symlink (or a chain of them) is written through
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if info is not None and not os.access(target, os.W_OK):  # a read-only file is not ours to replace
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
    with _interruptible():
        if info is None or stat.S_ISREG(info.st_mode):
            write_atomic(target, text)
        else:  # a device, a FIFO, a socket: what a shell's `>` would do (a socket cannot be opened)
            with open(target, "w", encoding="utf-8", newline="") as stream:
                stream.write(text)


@contextmanager
def _interruptible() -> Iterator[None]:
    """SIGTERM and SIGHUP raise Interrupted inside (in the main thread; elsewhere nothing changes)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupted(signum: int, _frame: FrameType | None) -> None:
        raise Interrupted(signum)

    kept = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            kept[number] = signal.signal(number, interrupted)
    try:
        yield
    finally:
        for number, handler in kept.items():
            signal.signal(number, handler)
