"""The dataset as a Frictionless (Tabular) Data Package: one CSV per table — the entities, their
figures, and a link table for every list that names other entities — and a `datapackage.json` that
gives each field its type, each table its primary key, and every reference its foreign key, so
`frictionless validate DIR/datapackage.json` checks the whole thing without guessing.

Text cells that a spreadsheet would run as a formula are neutralised by `export.spreadsheet_safe`,
the rule of the other CSV exports; an empty cell is a missing value.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ciftis.core.export import FAIR_UTC_OFFSET, SCHEMA_VERSION, spreadsheet_safe, write_atomic
from ciftis.core.format import clean, display_value, figure_label
from ciftis.core.model import EVENT_KINDS, ORGANIZATION_KINDS, UNITS, Dataset, Qualifier, Status, Tier

Field = tuple[str, str, dict[str, Any]]
"""A field of a table: (name, Frictionless type, its extra field properties)."""


@dataclass
class Table:
    """One CSV of the package: its fields as (name, type, extra Frictionless field properties), its
    primary key, its foreign keys as (fields, table, fields there), and its rows."""

    name: str
    description: str
    fields: list[Field]
    primary_key: list[str]
    foreign_keys: list[tuple[list[str], str, list[str]]] = field(default_factory=list)
    rows: list[tuple[Any, ...]] = field(default_factory=list)

    def csv_text(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([name for name, _type, _extra in self.fields])
        for row in self.rows:
            writer.writerow([_cell(value, kind) for value, (_name, kind, _extra) in zip(row, self.fields, strict=True)])
        return out.getvalue()

    def resource(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "fields": [{"name": name, "type": kind, **extra} for name, kind, extra in self.fields],
            "primaryKey": self.primary_key,
        }
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": fields, "reference": {"resource": "" if table == self.name else table, "fields": there}}
                for fields, table, there in self.foreign_keys
            ]
        return {
            "name": self.name,
            "path": f"{self.name}.csv",
            "description": self.description,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": schema,
        }


def _cell(value: Any, kind: str) -> str:  # a row cell: str, int, float, date or None, per kind
    if value is None:
        return ""
    if kind == "string":
        return spreadsheet_safe(clean(value))
    if kind == "date":
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    return str(value)


def _required(**extra: object) -> dict[str, Any]:
    return {"constraints": {"required": True, **extra}}


def _enum(values: Iterable[str]) -> dict[str, Any]:
    return {"constraints": {"enum": list(values)}}


def _s(name: str, **extra: object) -> Field:
    return (name, "string", extra)


def _link(name: str, description: str, left: tuple[str, str, str], right: tuple[str, str, str, str],
          pairs: Iterable[tuple[object, Sequence[object]]]) -> Table:
    """A link table: (left column, its table, type) to (right column, its table, its key, type),
    with a `position` so a list keeps its order (and may name one entity twice)."""
    (lcol, ltable, ltype), (rcol, rtable, rkey, rtype) = left, right
    lkey = "year" if ltable == "editions" else "id"
    return Table(
        name, description,
        [(lcol, ltype, _required()), ("position", "integer", _required(minimum=1)), (rcol, rtype, _required())],
        [lcol, "position"],
        [([lcol], ltable, [lkey]), ([rcol], rtable, [rkey])],
        [(owner, number, other) for owner, items in pairs for number, other in enumerate(items, 1)],
    )


def _as_of(as_of: str | None) -> tuple[str | None, str | None]:
    """(date, local time with the fair's offset) of an `as_of`."""
    if not as_of:
        return None, None
    return as_of[:10], (f"{as_of[11:16]}:00" if len(as_of) > 10 else None)


def tables(dataset: Dataset) -> list[Table]:
    """Every table of the package, rows in dataset order."""
    eds, evs, ppl, orgs, tops = (dataset.editions.values(), dataset.events.values(), dataset.people.values(),
                                 dataset.organizations.values(), dataset.topics.values())
    sources = sorted(dataset.sources.values(), key=lambda s: s.id)
    metrics = sorted(dataset.metrics.values(), key=lambda m: m.id)
    key = ("id", "string", _required(unique=True))
    def joined(items: Sequence[str]) -> str | None:  # names and venues, for reading
        return "; ".join(items) if items else None

    out = [
        Table("editions", "One row per edition of the fair.", [
            ("year", "integer", _required(unique=True)), _s("name"), _s("aliases", description="other names, separated by '; '"),
            ("ordinal", "integer", {}), _s("ordinal_note"), ("start", "date", {}), ("end", "date", {}),
            _s("venues", description="separated by '; '"), _s("theme_en"), _s("theme_zh"), _s("guest_of_honour"),
            _s("guest_province"), _s("summary"),
        ], ["year"], [], [
            (e.year, e.name, joined(e.aliases), e.ordinal, e.ordinal_note, e.start, e.end, joined(e.venues), e.theme_en,
             e.theme_zh, e.guest_of_honour, e.guest_province, e.summary) for e in eds
        ]),
        Table("events", "Forums, summits and other events held at an edition.", [
            key, _s("name"), _s("aliases", description="other names, separated by '; '"),
            ("event_kind", "string", _enum(EVENT_KINDS)), ("edition", "integer", _required()), ("date", "date", {}),
            _s("venue"), _s("summary"),
        ], ["id"], [(["edition"], "editions", ["year"])], [
            (e.id, e.name, joined(e.aliases), e.event_kind, e.edition, e.date, e.venue, e.summary) for e in evs
        ]),
        Table("people", "People who spoke at or organized the fair's events.", [
            key, _s("name"), _s("aliases", description="other names, separated by '; '"), _s("summary"),
        ], ["id"], [], [(p.id, p.name, joined(p.aliases), p.summary) for p in ppl]),
        Table("organizations", "Organizers, exhibitors and the other organizations named.", [
            key, _s("name"), _s("aliases", description="other names, separated by '; '"),
            ("organization_kind", "string", _enum(ORGANIZATION_KINDS)), _s("country"), _s("parent", description="parent organization id"),
            _s("summary"),
        ], ["id"], [(["parent"], "organizations", ["id"])], [
            (o.id, o.name, joined(o.aliases), o.org_kind, o.country, o.parent, o.summary) for o in orgs
        ]),
        Table("topics", "Intellectual-property topics the fair showcased.", [
            key, _s("name"), _s("aliases", description="other names, separated by '; '"), _s("summary"),
        ], ["id"], [], [(t.id, t.name, joined(t.aliases), t.summary) for t in tops]),
        Table("sources", "The articles and pages every figure and fact is cited from.", [
            key, _s("publisher"), _s("title"), ("date", "date", {}), ("url", "string", {"format": "uri"}),
            ("tier", "string", _enum(t.value for t in Tier)), _s("note"),
        ], ["id"], [], [(s.id, s.publisher, s.title, s.date, s.url, s.tier.value, s.note) for s in sources]),
        Table("metrics", "What a figure measures, and in which unit.", [
            key, _s("label"), ("unit", "string", _enum(UNITS)), _s("definition"),
        ], ["id"], [], [(m.id, m.label, m.unit, m.definition) for m in metrics]),
    ]
    figures = list(dataset.figures.values())
    out.append(Table("figures", "One row per figure: its value in whole units, qualifier, status and when it was counted.", [
        key, ("owner_kind", "string", {"constraints": {"required": True, "enum": ["edition", "event", "topic"]}}),
        ("owner", "string", {**_required(), "description": "the owner's id (an edition's is its year); see owner_kind"}),
        ("edition", "integer", {"description": "the edition the figure belongs to, if any"}),
        ("metric", "string", _required()), _s("label"), ("value", "number", _required()),
        ("unit", "string", _enum(UNITS)), ("qualifier", "string", _enum(q.value for q in Qualifier)),
        ("status", "string", _enum(s.value for s in Status)),
        ("as_of_date", "date", {"description": "the day the count was taken, if the source says"}),
        ("as_of_time", "time", {"description": f"the local time at the fair (UTC{FAIR_UTC_OFFSET}) the count was taken, if the source says"}),
        _s("display", description="the value as the explorer shows it"), _s("scope"), _s("note"),
        _s("formula", description="for a derived figure, its arithmetic over the inputs in figure_inputs"),
    ], ["id"], [(["edition"], "editions", ["year"]), (["metric"], "metrics", ["id"])], [
        (f.id, f.owner_kind, f.owner_id, dataset.edition_of_figure(f), f.metric, figure_label(f, dataset), f.value, f.unit,
         f.qualifier.value, f.status.value, *_as_of(f.as_of), display_value(f), f.scope, f.note,
         f.derived.formula if f.derived else None) for f in figures
    ]))
    out.append(Table("figure_sources", "Each figure's citations, in order: the source and the words that carry the figure.", [
        ("figure", "string", _required()), ("position", "integer", _required(minimum=1)), ("source", "string", _required()), _s("quote"),
    ], ["figure", "position"], [(["figure"], "figures", ["id"]), (["source"], "sources", ["id"])], [
        (f.id, number, ref.source, ref.quote) for f in figures for number, ref in enumerate(f.sources, 1)
    ]))
    out.append(Table("figure_inputs", "The named inputs of derived figures: another figure, or a number quoted from a source.", [
        ("figure", "string", _required()), ("name", "string", _required()), ("input_figure", "string", {}),
        ("value", "number", {}), ("source", "string", {}), _s("quote"),
    ], ["figure", "name"], [(["figure"], "figures", ["id"]), (["input_figure"], "figures", ["id"]), (["source"], "sources", ["id"])], [
        (f.id, item.name, item.figure, item.value, item.source, item.quote) for f in figures if f.derived for item in f.derived.inputs
    ]))
    out.append(_link("figure_conflicts", "Figures that give a different value for the same thing.",
                     ("figure", "figures", "string"), ("conflicts_with", "figures", "id", "string"), [(f.id, f.conflicts_with) for f in figures]))
    out.append(Table("edition_releases", "Reports released and notable deals made at an edition.", [
        ("edition", "integer", _required()), ("kind", "string", {"constraints": {"required": True, "enum": ["report", "deal"]}}),
        ("position", "integer", _required(minimum=1)), _s("title"),
        _s("organizations", description="organization ids, separated by '; '"), _s("sources", description="source ids, separated by '; '"),
    ], ["edition", "kind", "position"], [(["edition"], "editions", ["year"])], [
        (e.year, kind, number, r.title, joined(r.organizations), joined(r.sources))
        for e in eds for kind, releases in (("report", e.reports), ("deal", e.deals)) for number, r in enumerate(releases, 1)
    ]))
    out.append(Table("person_positions", "The titles people held, with the organization and the edition they are given for.", [
        ("person", "string", _required()), ("position", "integer", _required(minimum=1)), _s("title"),
        ("organization", "string", _required()), ("edition", "integer", {}),
    ], ["person", "position"], [(["person"], "people", ["id"]), (["organization"], "organizations", ["id"]), (["edition"], "editions", ["year"])], [
        (p.id, number, pos.title, pos.organization, pos.edition) for p in ppl for number, pos in enumerate(p.positions, 1)
    ]))
    out.append(Table("event_participants", "Who took part in each event, and in what role.", [
        ("event", "string", _required()), ("position", "integer", _required(minimum=1)), ("person", "string", _required()), _s("role"),
    ], ["event", "position"], [(["event"], "events", ["id"]), (["person"], "people", ["id"])], [
        (e.id, number, part.person, part.role) for e in evs for number, part in enumerate(e.participants, 1)
    ]))
    ed, ev, pe, to = ("edition", "editions", "integer"), ("event", "events", "string"), ("person", "people", "string"), ("topic", "topics", "string")
    links = (
        ("edition_organizers", "The organizers of each edition.", ed, ("organization", "organizations", "id", "string"), [(e.year, e.organizers) for e in eds]),
        ("edition_sources", "The sources of each edition's facts.", ed, ("source", "sources", "id", "string"), [(e.year, e.sources) for e in eds]),
        ("event_organizers", "The organizers of each event.", ev, ("organization", "organizations", "id", "string"), [(e.id, e.organizers) for e in evs]),
        ("event_topics", "The IP topics each event was about.", ev, ("topic", "topics", "id", "string"), [(e.id, e.topics) for e in evs]),
        ("event_sources", "The sources of each event's facts.", ev, ("source", "sources", "id", "string"), [(e.id, e.sources) for e in evs]),
        ("person_sources", "The sources of each person's facts.", pe, ("source", "sources", "id", "string"), [(p.id, p.sources) for p in ppl]),
        ("topic_events", "The events of each IP topic.", to, ("event", "events", "id", "string"), [(t.id, t.events) for t in tops]),
        ("topic_people", "The people of each IP topic.", to, ("person", "people", "id", "string"), [(t.id, t.people) for t in tops]),
        ("topic_organizations", "The organizations of each IP topic.", to, ("organization", "organizations", "id", "string"), [(t.id, t.organizations) for t in tops]),
        ("topic_sources", "The sources of each IP topic's facts.", to, ("source", "sources", "id", "string"), [(t.id, t.sources) for t in tops]),
        ("metric_related", "Metrics related to each metric.", ("metric", "metrics", "string"), ("related", "metrics", "id", "string"), [(m.id, m.related) for m in metrics]),
    )
    out.extend(_link(*link) for link in links)
    return out


def descriptor(dataset_tables: list[Table]) -> dict[str, Any]:
    return {
        "name": "ciftis",
        "title": "China International Fair for Trade in Services (CIFTIS): editions, figures, forums, people and IP topics, with sources",
        "description": (
            "Exported by CIFTIS Explorer. Values are in whole units (US$60.11 billion is 60110000000); "
            "every figure's sources are in figure_sources; plans (status 'plan') are never results."
        ),
        "version": f"{SCHEMA_VERSION}.0.0",
        "resources": [table.resource() for table in dataset_tables],
    }


def write_package(dataset: Dataset, directory: Path) -> list[str]:
    """Write every table's CSV into DIRECTORY (made if missing), then `datapackage.json`, each
    atomically; the names of the files written."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    made = tables(dataset)
    written = []
    for table in made:
        write_atomic(directory / f"{table.name}.csv", table.csv_text())
        written.append(f"{table.name}.csv")
    write_atomic(directory / "datapackage.json", json.dumps(descriptor(made), ensure_ascii=False, indent=2) + "\n")
    return [*written, "datapackage.json"]
