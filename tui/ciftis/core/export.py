"""Stable machine-readable shapes: the whole dataset as JSON or CSV, comparisons as JSON, CSV,
Markdown or TSV. Every shape carries `"schema_version": 1` where it is JSON; the README documents
them. Every string is cleaned of control characters on the way out.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import IO, Any

from ciftis.core.compare import Comparison, ComparisonRow, format_delta, format_delta_pct
from ciftis.core.format import clean, display_value, figure_label
from ciftis.core.model import Dataset, Edition, Entity, Event, Figure, Metric, Organization, Person, Source, Topic

SCHEMA_VERSION = 1


def _s(text: str | None) -> str | None:
    return clean(text) if isinstance(text, str) else text


def figure_json(figure: Figure, dataset: Dataset) -> dict[str, Any]:
    derived = None
    if figure.derived is not None:
        derived = {
            "formula": figure.derived.formula,
            "inputs": {
                item.name: ({"figure": item.figure} if item.figure else {"value": item.value, "source": item.source, "quote": _s(item.quote)})
                for item in figure.derived.inputs
            },
        }
    return {
        "id": figure.id,
        "metric": figure.metric,
        "label": _s(figure_label(figure, dataset)),
        "value": figure.value,
        "unit": figure.unit,
        "qualifier": figure.qualifier.value,
        "status": figure.status.value,
        "as_of": figure.as_of,
        "scope": _s(figure.scope),
        "note": _s(figure.note),
        "sources": [{"source": ref.source, "quote": _s(ref.quote)} for ref in figure.sources],
        "derived": derived,
        "conflicts_with": list(figure.conflicts_with),
    }


def _date(day: date | None) -> str | None:
    return day.isoformat() if day else None


def edition_json(edition: Edition, dataset: Dataset) -> dict[str, Any]:
    return {
        "year": edition.year,
        "name": _s(edition.name),
        "aliases": [_s(a) for a in edition.aliases],
        "ordinal": edition.ordinal,
        "ordinal_note": _s(edition.ordinal_note),
        "start": _date(edition.start),
        "end": _date(edition.end),
        "venues": [_s(v) for v in edition.venues],
        "theme": {"en": _s(edition.theme_en), "zh": _s(edition.theme_zh)},
        "organizers": list(edition.organizers),
        "guest_of_honour": _s(edition.guest_of_honour),
        "guest_province": _s(edition.guest_province),
        "summary": _s(edition.summary),
        "reports": [{"title": _s(r.title), "organizations": list(r.organizations), "sources": list(r.sources)} for r in edition.reports],
        "deals": [{"title": _s(d.title), "organizations": list(d.organizations), "sources": list(d.sources)} for d in edition.deals],
        "figures": [figure_json(f, dataset) for f in edition.figures],
        "sources": list(edition.sources),
    }


def event_json(event: Event, dataset: Dataset) -> dict[str, Any]:
    return {
        "id": event.id,
        "name": _s(event.name),
        "aliases": [_s(a) for a in event.aliases],
        "kind": event.event_kind,
        "edition": event.edition,
        "date": _date(event.date),
        "venue": _s(event.venue),
        "organizers": list(event.organizers),
        "participants": [{"person": p.person, "role": _s(p.role)} for p in event.participants],
        "topics": list(event.topics),
        "summary": _s(event.summary),
        "figures": [figure_json(f, dataset) for f in event.figures],
        "sources": list(event.sources),
    }


def person_json(person: Person, dataset: Dataset) -> dict[str, Any]:
    return {
        "id": person.id,
        "name": _s(person.name),
        "aliases": [_s(a) for a in person.aliases],
        "positions": [{"title": _s(p.title), "organization": p.organization, "edition": p.edition} for p in person.positions],
        "events": [event.id for event in dataset.events_of_person(person.id)],
        "summary": _s(person.summary),
        "sources": list(person.sources),
    }


def organization_json(org: Organization, _dataset: Dataset) -> dict[str, Any]:
    return {
        "id": org.id,
        "name": _s(org.name),
        "aliases": [_s(a) for a in org.aliases],
        "kind": org.org_kind,
        "country": _s(org.country),
        "parent": org.parent,
        "summary": _s(org.summary),
    }


def topic_json(topic: Topic, dataset: Dataset) -> dict[str, Any]:
    return {
        "id": topic.id,
        "name": _s(topic.name),
        "aliases": [_s(a) for a in topic.aliases],
        "summary": _s(topic.summary),
        "events": list(topic.events),
        "people": list(topic.people),
        "organizations": list(topic.organizations),
        "figures": [figure_json(f, dataset) for f in topic.figures],
        "sources": list(topic.sources),
    }


def source_json(source: Source, _dataset: Dataset) -> dict[str, Any]:
    return {
        "id": source.id,
        "publisher": _s(source.publisher),
        "title": _s(source.title),
        "date": _date(source.date),
        "url": _s(source.url),
        "tier": source.tier.value,
        "note": _s(source.note),
    }


def metric_json(metric: Metric, _dataset: Dataset) -> dict[str, Any]:
    return {"id": metric.id, "label": _s(metric.label), "unit": metric.unit, "definition": _s(metric.definition), "related": list(metric.related)}


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
        writer.writerow([_s(cell) if isinstance(cell, str) else cell for cell in (
            figure.id, figure.owner_kind, figure.owner_id, dataset.edition_of_figure(figure) or "",
            figure.metric, figure_label(figure, dataset), figure.value, figure.unit, figure.qualifier.value,
            figure.status.value, figure.as_of or "", display_value(figure),
            "; ".join(ref.source for ref in figure.sources), " | ".join(ref.quote for ref in figure.sources),
            figure.derived.formula if figure.derived else "", "; ".join(figure.conflicts_with),
            figure.scope or "", figure.note or "",
        )])
    return out.getvalue()


# -- comparisons -----------------------------------------------------------------------------
COMPARISON_HEADERS = ("Metric", "A", "B", "Δ", "Δ%", "Note")


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
    return text.replace("\\", "\\\\").replace("|", "\\|")


def comparison_markdown(comparison: Comparison, rows: Iterable[ComparisonRow] | None = None) -> str:
    headers = comparison_headers(comparison)
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(["---"] + ["---:"] * 4 + ["---"]) + " |"]
    for row in rows if rows is not None else comparison.rows:
        lines.append("| " + " | ".join(_markdown_cell(cell) for cell in row_cells(row)) + " |")
    return "\n".join(lines) + "\n"


def comparison_delimited(comparison: Comparison, delimiter: str = ",", rows: Iterable[ComparisonRow] | None = None) -> str:
    """CSV (delimiter ",") or TSV ("\\t") of the comparison, headers first."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(comparison_headers(comparison))
    for row in rows if rows is not None else comparison.rows:
        cells = row_cells(row)
        writer.writerow([cell.replace("\t", " ") for cell in cells] if delimiter == "\t" else cells)
    return out.getvalue()


def to_json_text(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_atomic(path: Path, text: str | bytes, *, durable: bool = True) -> None:
    """Write a file so that a crash never leaves half of it: a temporary file, then a rename.

    Text is written as UTF-8, bytes as they are; `durable=False` skips the fsync (for caches, which
    may be lost but never half-written).
    """
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
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
