"""The fair in its own terms: editions, events, people, organizations, IP topics, and the figures
that describe them, each traceable to a Source.

These are plain immutable records built by `ciftis.core.loader`; `Dataset` ties them together and
answers the questions the command line and the app ask (an edition's figures for a metric, the
events a person took part in, what links to what).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar, cast

from ciftis.core.kinds import KINDS


class Qualifier(str, Enum):
    """How a source bounds a figure: "over 2,400" is MORE_THAN 2400."""

    EXACT = "exact"
    MORE_THAN = "more_than"
    AT_LEAST = "at_least"
    NEARLY = "nearly"
    ABOUT = "about"
    LESS_THAN = "less_than"


class Status(str, Enum):
    """A RESULT is what happened; a PLAN is a pre-event target or registration count; CONTEXT is a
    statistic quoted at the fair (national or city figures), never a result of the fair."""

    RESULT = "result"
    PLAN = "plan"
    CONTEXT = "context"


class Tier(str, Enum):
    """How close a source is to the facts."""

    OFFICIAL = "official"
    STATE_MEDIA = "state_media"
    MEDIA = "media"
    REPRINT = "reprint"


TIER_LABELS = {
    Tier.OFFICIAL: "official / organizer",
    Tier.STATE_MEDIA: "state or national media",
    Tier.MEDIA: "media",
    Tier.REPRINT: "reprint",
}

UNITS = ("count", "people", "person_times", "m2", "percent", "usd", "cny", "rank")
ORGANIZATION_KINDS = ("government", "international_organization", "company", "association", "media", "institution")
EVENT_KINDS = ("summit", "forum", "symposium", "conference", "ceremony", "exhibition", "launch", "meeting")

if TYPE_CHECKING:  # tells mypy what `_record` makes: frozen dataclasses
    from typing_extensions import dataclass_transform

    _T = TypeVar("_T")

    @dataclass_transform(frozen_default=True, field_specifiers=(field,))
    def _record(cls: type[_T]) -> type[_T]: ...
else:
    _record = dataclass(frozen=True, slots=True)


def _origin() -> Any:
    """Where an entity was written: kept for messages, but no part of what the entity is."""
    return field(default=None, compare=False, repr=False)


@_record
class Origin:
    """Where an entity was written: a dataset file and line."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@_record
class Source:
    id: str
    publisher: str
    title: str
    tier: Tier
    date: date | None = None
    url: str | None = None
    note: str | None = None
    origin: Origin | None = _origin()

    kind = "source"

    @property
    def name(self) -> str:
        return f"{self.publisher}: {self.title}"

    @property
    def citation(self) -> str:
        """Publisher and date, as cited after a copied figure."""
        return f"{self.publisher}, {self.date.isoformat() if self.date else 'n.d.'}"


@_record
class Metric:
    id: str
    label: str
    unit: str
    definition: str
    related: tuple[str, ...] = ()
    origin: Origin | None = _origin()

    kind = "metric"

    @property
    def name(self) -> str:
        return self.label


@_record
class SourceRef:
    """A figure's citation: which source, and the few words of it that carry the figure."""

    source: str
    quote: str


@_record
class DerivedInput:
    """One named input of a derivation: another figure, or a number quoted from a source."""

    name: str
    figure: str | None = None
    value: float | None = None
    source: str | None = None
    quote: str | None = None


@_record
class Derivation:
    formula: str
    inputs: tuple[DerivedInput, ...]


@_record
class Figure:
    id: str
    metric: str
    value: float
    unit: str
    qualifier: Qualifier
    owner_kind: str
    owner_id: str
    status: Status = Status.RESULT
    as_of: str | None = None
    scope: str | None = None
    note: str | None = None
    sources: tuple[SourceRef, ...] = ()
    derived: Derivation | None = None
    conflicts_with: tuple[str, ...] = ()
    origin: Origin | None = _origin()

    kind = "figure"

    @property
    def is_plan(self) -> bool:
        return self.status is Status.PLAN

    @property
    def is_context(self) -> bool:
        return self.status is Status.CONTEXT


@_record
class Position:
    title: str
    organization: str
    edition: int | None = None


@_record
class Person:
    id: str
    name: str
    positions: tuple[Position, ...]
    sources: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    summary: str | None = None
    origin: Origin | None = _origin()

    kind = "person"


@_record
class Organization:
    id: str
    name: str
    org_kind: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    parent: str | None = None
    summary: str | None = None
    origin: Origin | None = _origin()

    kind = "organization"


@_record
class Participant:
    person: str
    role: str | None = None


@_record
class Release:
    """A report released, or a notable deal made, at an edition."""

    title: str
    organizations: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


@_record
class Edition:
    year: int
    name: str
    sources: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    ordinal: int | None = None
    ordinal_note: str | None = None
    start: date | None = None
    end: date | None = None
    venues: tuple[str, ...] = ()
    theme_en: str | None = None
    theme_zh: str | None = None
    organizers: tuple[str, ...] = ()
    guest_of_honour: str | None = None
    guest_province: str | None = None
    summary: str | None = None
    reports: tuple[Release, ...] = ()
    deals: tuple[Release, ...] = ()
    figures: tuple[Figure, ...] = ()
    origin: Origin | None = _origin()

    kind = "edition"

    @property
    def id(self) -> str:
        return str(self.year)

    @property
    def title(self) -> str:
        """How a reader names the edition: "CIFTIS 2021"."""
        short = "CIFTIS" if "Beijing" not in self.name else "China (Beijing) IFTIS"
        return f"{short} {self.year}"


@_record
class Event:
    id: str
    name: str
    event_kind: str
    edition: int
    sources: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    date: date | None = None
    venue: str | None = None
    organizers: tuple[str, ...] = ()
    participants: tuple[Participant, ...] = ()
    topics: tuple[str, ...] = ()
    summary: str | None = None
    figures: tuple[Figure, ...] = ()
    origin: Origin | None = _origin()

    kind = "event"


@_record
class Topic:
    id: str
    name: str
    summary: str
    sources: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    figures: tuple[Figure, ...] = ()
    origin: Origin | None = _origin()

    kind = "topic"


Entity = Edition | Event | Person | Organization | Topic | Source | Metric | Figure


def entity_name(entity: Entity) -> str:
    """The name a reader knows an entity by."""
    if isinstance(entity, Edition):
        return entity.title
    if isinstance(entity, Figure):
        return entity.id
    return entity.name


class NotLoaded(LookupError):
    """A part of a dataset preview (`Dataset.preview`) that is not read yet was asked for."""


class _NotLoaded(Mapping[Any, Any]):
    """A section of a preview: any look inside raises NotLoaded, so nothing can answer from an
    absent section as if it were empty."""

    def __init__(self, section: str) -> None:
        self.section = section

    def _refuse(self) -> NotLoaded:
        return NotLoaded(f"the dataset's {self.section} are still being read")

    def __getitem__(self, key: Any) -> Any:
        raise self._refuse()

    def __iter__(self) -> Iterator[Any]:
        raise self._refuse()

    def __len__(self) -> int:
        raise self._refuse()


class Dataset:
    """Every entity of a loaded dataset, with the indexes the views need.

    `complete` is False only for a preview (`Dataset.preview`): the editions' headings alone, shown
    while the rest is read; its other sections raise NotLoaded when looked into.
    """

    complete = True

    def __init__(
        self,
        *,
        editions: dict[int, Edition],
        events: dict[str, Event],
        people: dict[str, Person],
        organizations: dict[str, Organization],
        topics: dict[str, Topic],
        sources: dict[str, Source],
        metrics: dict[str, Metric],
        files: int = 0,
        presorted: bool = False,
    ):
        if presorted:  # already in the order below (a dataset read back from the cache)
            self.editions, self.events, self.people, self.organizations, self.topics = editions, events, people, organizations, topics
        else:
            self.editions = dict(sorted(editions.items()))
            self.events = dict(sorted(events.items(), key=lambda item: (item[1].edition, item[1].date or date.min, item[1].name)))
            self.people = dict(sorted(people.items(), key=lambda item: item[1].name.casefold()))
            self.organizations = dict(sorted(organizations.items(), key=lambda item: item[1].name.casefold()))
            self.topics = dict(sorted(topics.items(), key=lambda item: item[1].name.casefold()))
        self.sources = sources
        self.metrics = metrics
        self.files = files
        # Set by ciftis.core.cache: the files' content hash and the directory it belongs to (None: not cached).
        self.fingerprint: str | None = None
        self.cache_key: str | None = None
        owners: tuple[Edition | Event | Topic, ...] = (*self.editions.values(), *self.events.values(), *self.topics.values())
        self.figures: dict[str, Figure] = {figure.id: figure for owner in owners for figure in owner.figures}
        self._by_kind: dict[str, dict[str, Entity]] = {kind.name: getattr(self, kind.section) for kind in KINDS}
        self._by_kind["edition"] = {str(year): edition for year, edition in self.editions.items()}
        self._events_of_person: dict[str, list[Event]] | None = None  # made when first asked for

    @classmethod
    def preview(cls, editions: dict[int, Edition], *, files: int = 0) -> Dataset:
        """The first thing a large dataset shows, while the rest is read: its editions, each without
        its figures (`figures` is empty), in year order; every other section is NotLoaded."""
        dataset = cls(editions=editions, events={}, people={}, organizations={}, topics={}, sources={}, metrics={}, files=files, presorted=True)
        dataset.complete = False
        for section in ("events", "people", "organizations", "topics", "sources", "metrics", "figures"):
            setattr(dataset, section, _NotLoaded(section))
        by_kind: dict[str, Any] = {kind.name: _NotLoaded(kind.section) for kind in KINDS}
        by_kind["edition"] = dataset._by_kind["edition"]
        dataset._by_kind = by_kind
        return dataset

    # -- lookups -------------------------------------------------------------------------
    def get(self, kind: str, entity_id: str) -> Entity | None:
        return self._by_kind.get(kind, {}).get(str(entity_id))

    def resolve(self, ref: str) -> Entity | None:
        """Find an entity by its `kind:id` reference."""
        kind, _, entity_id = ref.partition(":")
        return self.get(kind, entity_id) if entity_id else None

    def of_kind(self, kind: str) -> list[Entity]:
        return list(self._by_kind[kind].values())

    def counts(self) -> dict[str, int]:
        return {kind.name: len(self._by_kind[kind.name]) for kind in KINDS}

    # -- relations -----------------------------------------------------------------------
    def owner_of(self, figure: Figure) -> Edition | Event | Topic | None:
        return cast("Edition | Event | Topic | None", self.get(figure.owner_kind, figure.owner_id))  # the loader lets only these own figures

    def edition_of_figure(self, figure: Figure) -> int | None:
        owner = self.owner_of(figure)
        if isinstance(owner, Edition):
            return owner.year
        if isinstance(owner, Event):
            return owner.edition
        return None

    def figures_for(self, year: int, metric: str) -> list[Figure]:
        """An edition's own figures for one metric, results before plans, in dataset order (context
        figures, which are not the fair's own results, are left out)."""
        edition = self.editions.get(year)
        if edition is None:
            return []
        found = [figure for figure in edition.figures if figure.metric == metric and not figure.is_context]
        return sorted(found, key=lambda figure: figure.is_plan)

    def events_of_edition(self, year: int) -> list[Event]:
        return [event for event in self.events.values() if event.edition == year]

    def events_of_person(self, person_id: str) -> list[Event]:
        index = self._events_of_person
        if index is None:  # (two threads may both make it: the same, and either is kept)
            index = {}
            for event in self.events.values():
                for participant in event.participants:
                    index.setdefault(participant.person, []).append(event)
            self._events_of_person = index
        return list(index.get(person_id, ()))

    def conflicts_of(self, figure: Figure) -> list[Figure]:
        return [self.figures[other] for other in figure.conflicts_with if other in self.figures]

    def people_of_organization(self, org_id: str) -> list[Person]:
        return [person for person in self.people.values() if any(p.organization == org_id for p in person.positions)]

    def topics_of_event(self, event_id: str) -> list[Topic]:
        return [topic for topic in self.topics.values() if event_id in topic.events]

    def topics_of_person(self, person_id: str) -> list[Topic]:
        return [topic for topic in self.topics.values() if person_id in topic.people]

    def figures_citing(self, source_id: str) -> list[Figure]:
        return [figure for figure in self.figures.values() if any(ref.source == source_id for ref in figure.sources)]
