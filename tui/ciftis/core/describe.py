"""What a detail view says about an entity, as plain sections of labelled lines and links.

`ciftis show` renders these sections with Rich and the app renders them as widgets, so both show the
same facts in the same order and every line that names another entity carries its `kind:id` link.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ciftis.core.format import (
    UNIT_LABELS,
    citation,
    display_value,
    figure_label,
    format_as_of,
    format_date,
    format_span,
    owner_title,
    words_value,
)
from ciftis.core.model import TIER_LABELS, Dataset, Edition, Entity, Event, Figure, Metric, Organization, Person, Source, Topic, entity_name

ORG_KIND_LABELS = {
    "government": "government body",
    "international_organization": "international organization",
    "company": "company",
    "association": "association",
    "media": "media",
    "institution": "institution",
}


@dataclass(frozen=True)
class Line:
    """A labelled line; `ref` makes it a link to another entity."""

    label: str
    text: str
    ref: str | None = None


@dataclass
class Section:
    title: str
    lines: list[Line] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)

    def add(self, label: str, text: object, ref: str | None = None) -> None:
        if text not in (None, "", ()):
            self.lines.append(Line(label, str(text), ref))


def figure_flags(figure: Figure) -> list[str]:
    """Words that warn a reader about a figure: plan, context, derived, conflict."""
    return [word for word, on in (("PLAN", figure.is_plan), ("context", figure.is_context), ("derived", figure.derived is not None), ("conflict", bool(figure.conflicts_with))) if on]


def _with_year(name: str, year: int) -> str:
    """ "Madrid symposium (2021)", but not "Exhibition (2023) (2023)"."""
    return name if str(year) in name else f"{name} ({year})"


def _org_line(dataset: Dataset, section: Section, label: str, org_id: str) -> None:
    org = dataset.organizations.get(org_id)
    section.add(label, org.name if org else org_id, f"organization:{org_id}")


def _sources(dataset: Dataset, ids: Iterable[str]) -> Section:
    section = Section("Sources")
    for source_id in ids:
        source = dataset.sources.get(source_id)
        if source:
            section.add(TIER_LABELS[source.tier], f"{source.publisher}, {format_date(source.date)}: {source.title}", f"source:{source_id}")
    return section


def _figures_section(title: str, figures: Iterable[Figure]) -> Section:
    return Section(title, figures=list(figures))


def _figures_sections(figures: Iterable[Figure]) -> list[Section]:
    """"Figures", then the owner's context figures (statistics quoted there, not fair results)."""
    figures = list(figures)
    return [
        _figures_section("Figures", [f for f in figures if not f.is_context]),
        _figures_section("Context (not fair results)", [f for f in figures if f.is_context]),
    ]


def _edition(edition: Edition, dataset: Dataset) -> list[Section]:
    main = Section(edition.title)
    main.add("Name", edition.name)
    main.add("Also", ", ".join(edition.aliases))
    main.add("Edition", f"no. {edition.ordinal}" if edition.ordinal else "")
    main.add("Edition note", edition.ordinal_note)
    main.add("Dates", format_span(edition.start, edition.end))
    for venue in edition.venues:
        main.add("Venue", venue)
    main.add("Theme", edition.theme_en)
    main.add("Theme (zh)", edition.theme_zh)
    for org_id in edition.organizers:
        _org_line(dataset, main, "Organizer", org_id)
    main.add("Guest of honour", edition.guest_of_honour)
    main.add("Guest province", edition.guest_province)
    main.add("Summary", edition.summary)
    sections = [main, *_figures_sections(edition.figures)]
    events = Section("Events")
    for event in dataset.events_of_edition(edition.year):
        events.add(event.event_kind, event.name, f"event:{event.id}")
    reports = Section("Reports released")
    for report in edition.reports:
        org = dataset.organizations.get(report.organizations[0]) if report.organizations else None
        reports.add("Report", report.title + (f" ({org.name})" if org else ""), f"organization:{org.id}" if org else None)
    deals = Section("Notable deals")
    for deal in edition.deals:
        deals.add("Deal", deal.title, f"organization:{deal.organizations[0]}" if deal.organizations else None)
    return sections + [events, reports, deals, _sources(dataset, edition.sources)]


def _event(event: Event, dataset: Dataset) -> list[Section]:
    main = Section(event.name)
    main.add("Kind", event.event_kind)
    edition = dataset.editions.get(event.edition)
    main.add("Edition", edition.title if edition else event.edition, f"edition:{event.edition}")
    main.add("Date", event.date.isoformat() if event.date else "")
    main.add("Venue", event.venue)
    main.add("Also", ", ".join(event.aliases))
    for org_id in event.organizers:
        _org_line(dataset, main, "Organizer", org_id)
    main.add("Summary", event.summary)
    people = Section("Participants")
    for participant in event.participants:
        person = dataset.people.get(participant.person)
        name = person.name if person else participant.person
        people.add(participant.role or "participant", name, f"person:{participant.person}")
    topics = Section("IP topics")
    for topic_id in event.topics:
        topic = dataset.topics.get(topic_id)
        topics.add("Topic", topic.name if topic else topic_id, f"topic:{topic_id}")
    for topic in dataset.topics_of_event(event.id):
        if topic.id not in event.topics:
            topics.add("Topic", topic.name, f"topic:{topic.id}")
    return [main, people, topics, *_figures_sections(event.figures), _sources(dataset, event.sources)]


def _person(person: Person, dataset: Dataset) -> list[Section]:
    main = Section(person.name)
    main.add("Also", ", ".join(person.aliases))
    for position in person.positions:
        org = dataset.organizations.get(position.organization)
        when = f" ({position.edition})" if position.edition else ""
        main.add("Position", f"{position.title}, {org.name if org else position.organization}{when}", f"organization:{position.organization}")
    main.add("Summary", person.summary)
    events = Section("Events")
    for event in dataset.events_of_person(person.id):
        role = next((p.role for p in event.participants if p.person == person.id and p.role), None)
        events.add(str(event.edition), event.name + (f" — {role}" if role else ""), f"event:{event.id}")
    topics = Section("IP topics")
    for topic in dataset.topics_of_person(person.id):
        topics.add("Topic", topic.name, f"topic:{topic.id}")
    return [main, events, topics, _sources(dataset, person.sources)]


def _organization(org: Organization, dataset: Dataset) -> list[Section]:
    main = Section(org.name)
    main.add("Kind", ORG_KIND_LABELS.get(org.org_kind, org.org_kind))
    main.add("Also", ", ".join(org.aliases))
    main.add("Country", org.country)
    if org.parent:
        _org_line(dataset, main, "Part of", org.parent)
    main.add("Summary", org.summary)
    people = Section("People")
    for person in dataset.people_of_organization(org.id):
        titles = ", ".join(p.title for p in person.positions if p.organization == org.id)
        people.add(titles or "member", person.name, f"person:{person.id}")
    events = Section("Events organized")
    for event in dataset.events.values():
        if org.id in event.organizers:
            events.add(str(event.edition), event.name, f"event:{event.id}")
    editions = Section("Editions organized")
    for edition in dataset.editions.values():
        if org.id in edition.organizers:
            editions.add("Edition", edition.title, f"edition:{edition.year}")
    children = Section("Parts")
    for child in dataset.organizations.values():
        if child.parent == org.id:
            children.add("Part", child.name, f"organization:{child.id}")
    return [main, people, events, children, editions]


def _topic(topic: Topic, dataset: Dataset) -> list[Section]:
    main = Section(topic.name)
    main.add("Also", ", ".join(topic.aliases))
    main.add("Summary", topic.summary)
    links = Section("Linked")
    for event_id in topic.events:
        event = dataset.events.get(event_id)
        links.add("Event", _with_year(event.name, event.edition) if event else event_id, f"event:{event_id}")
    for person_id in topic.people:
        person = dataset.people.get(person_id)
        links.add("Person", person.name if person else person_id, f"person:{person_id}")
    for org_id in topic.organizations:
        _org_line(dataset, links, "Organization", org_id)
    return [main, links, *_figures_sections(topic.figures), _sources(dataset, topic.sources)]


def _figure(figure: Figure, dataset: Dataset) -> list[Section]:
    owner = dataset.owner_of(figure)
    main = Section(f"{owner_title(figure, dataset)} — {figure_label(figure, dataset)}")
    main.add("Value", display_value(figure))
    main.add("Reads", words_value(figure))
    main.add("Metric", figure_label(figure, dataset), f"metric:{figure.metric}")
    main.add("Of", entity_name(owner) if owner else figure.owner_id, f"{figure.owner_kind}:{figure.owner_id}")
    main.add("Status", "PLAN — a pre-event target or registration, not a result" if figure.is_plan else "context — a statistic quoted at the fair, not a fair result" if figure.is_context else "result")
    main.add("As of", format_as_of(figure.as_of, with_year=True).removeprefix("as of "))
    main.add("Scope", figure.scope)
    main.add("Note", figure.note)
    main.add("Cited as", citation(figure, dataset))
    sources = Section("Sources")
    for ref in figure.sources:
        source = dataset.sources.get(ref.source)
        if source is None:
            continue
        sources.add("Source", f"{source.publisher}, {format_date(source.date)} ({TIER_LABELS[source.tier]})", f"source:{source.id}")
        sources.add("Title", source.title)
        sources.add("Quote", f"“{ref.quote}”")
        sources.add("URL", source.url)
    derived = Section("Derived")
    if figure.derived is not None:
        derived.add("Formula", figure.derived.formula)
        for item in figure.derived.inputs:
            if item.figure:
                other = dataset.figures.get(item.figure)
                text = f"{item.name} = {words_value(other)} ({owner_title(other, dataset)}, {figure_label(other, dataset)})" if other else item.figure
                derived.add("Input", text, f"figure:{item.figure}")
            else:
                source = dataset.sources.get(item.source)  # type: ignore[arg-type]  # no source (None) finds none, and shows as it is
                derived.add("Input", f"{item.name} = {item.value:g} from “{item.quote}” ({source.citation if source else item.source})", f"source:{item.source}")
    conflicts = Section("Conflicting figures")
    for other in dataset.conflicts_of(figure):
        conflicts.add("Conflict", f"{words_value(other)} ({citation(other, dataset)})", f"figure:{other.id}")
    return [main, sources, derived, conflicts]


def _source(source: Source, dataset: Dataset) -> list[Section]:
    main = Section(source.publisher)
    main.add("Title", source.title)
    main.add("Date", format_date(source.date))
    main.add("Reliability", TIER_LABELS[source.tier])
    main.add("URL", source.url)
    main.add("Note", source.note)
    cited = Section("Figures citing it")
    for figure in dataset.figures_citing(source.id):
        cited.add(figure_label(figure, dataset), f"{owner_title(figure, dataset)}: {display_value(figure)}", f"figure:{figure.id}")
    return [main, cited]


def _metric(metric: Metric, dataset: Dataset) -> list[Section]:
    main = Section(metric.label)
    main.add("Unit", UNIT_LABELS.get(metric.unit, metric.unit))
    main.add("Definition", metric.definition)
    for related in metric.related:
        other = dataset.metrics.get(related)
        main.add("Related", other.label if other else related, f"metric:{related}")
    across = Section("Across editions")
    for figure in dataset.figures.values():
        if figure.metric == metric.id:
            across.add(owner_title(figure, dataset), display_value(figure) + (" (plan)" if figure.is_plan else ""), f"figure:{figure.id}")
    return [main, across]


_DESCRIBERS: dict[str, Callable[[Any, Dataset], list[Section]]] = {  # by kind; each takes an entity of its kind
    "edition": _edition,
    "event": _event,
    "person": _person,
    "organization": _organization,
    "topic": _topic,
    "figure": _figure,
    "source": _source,
    "metric": _metric,
}


def describe(entity: Entity, dataset: Dataset) -> list[Section]:
    """The sections a detail view shows for an entity; empty sections are left out."""
    return [s for s in _DESCRIBERS[entity.kind](entity, dataset) if s.lines or s.figures]


def openable(url: str | None) -> bool:
    """True for an address a browser may be sent to: http or https, with a host."""
    if not url:
        return False
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def source_address(entity: Entity, dataset: Dataset) -> str | None:
    """The address `o` opens for an entity: a source's own URL, else the first of its sources (a
    figure's cited sources, then those of its derivation's inputs) that has one; None if none does."""
    if isinstance(entity, Source):
        return entity.url
    if isinstance(entity, Figure):
        ids = [ref.source for ref in entity.sources]
        if entity.derived is not None:
            ids += [item.source for item in entity.derived.inputs if item.source]
    elif isinstance(entity, (Edition, Event, Person, Topic)):
        ids = list(entity.sources)
    else:  # organizations and metrics cite no sources
        return None
    for source_id in ids:
        source = dataset.sources.get(source_id)
        if source is not None and source.url:
            return source.url
    return None
