"""The one registry of entity kinds: what each kind is called, where it lives in a dataset file and
in the explorer, how it is referred to (`person:liu-hua`) and how search weighs it.

The model, loader, cache, search, command line and explorer all read `KINDS`; none keeps a list of
its own.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of entity."""

    name: str  # as in references ("person:liu-hua") and exports
    label: str  # one of them, as a title: "Person"
    plural: str  # several, as a heading: "People"
    noun: str  # several, in running text: "IP topics" ("12 IP topics", "Filter IP topics…")
    section: str  # the dataset file's section and the Dataset attribute: "people"
    badge: str  # the detail view's badge: "PERSON"
    help: str  # what a search hit of this kind is, in the palette
    pane: str | None = None  # the explorer pane that lists them, if any
    search_weight: float = 1.0  # sources and metrics are found too, but people look for the fair's own first

    def ref(self, entity_id: object) -> str:
        """The `kind:id` reference of one of them."""
        return f"{self.name}:{entity_id}"


KINDS: tuple[Kind, ...] = (
    Kind("edition", "Edition", "Editions", "editions", "editions", "EDITION", "Edition", pane="editions"),
    Kind("event", "Forum or event", "Forums & events", "events", "events", "EVENT", "Forum or event", pane="events"),
    Kind("person", "Person", "People", "people", "people", "PERSON", "Person", pane="people"),
    Kind("organization", "Organization", "Organizations", "organizations", "organizations", "ORGANIZATION", "Organization"),
    Kind("topic", "IP topic", "IP topics", "IP topics", "topics", "IP TOPIC", "IP topic", pane="topics"),
    Kind("figure", "Figure", "Figures", "figures", "figures", "FIGURE", "Figure — opens its edition with the figure selected", search_weight=0.95),
    Kind("source", "Source", "Sources", "sources", "sources", "SOURCE", "Source", search_weight=0.85),
    Kind("metric", "Metric", "Metrics", "metrics", "metrics", "METRIC", "Metric", search_weight=0.85),
)
BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}
NAMES: tuple[str, ...] = tuple(BY_NAME)
# The kinds a dataset file lists in sections of their own (figures are nested under their owners).
FILED: tuple[Kind, ...] = tuple(kind for kind in KINDS if kind.name != "figure")
BY_SECTION: dict[str, Kind] = {kind.section: kind for kind in FILED}
# Pane order as the explorer's keys 1–4 give it.
LISTED: tuple[Kind, ...] = tuple(kind for kind in KINDS if kind.pane)


def ref(kind: str, entity_id: object) -> str:
    """The `kind:id` reference that `ciftis show`, links and copies use."""
    return f"{kind}:{entity_id}"


def parse_ref(text: str) -> tuple[str, str] | None:
    """(kind, id) of a `kind:id` reference with a known kind and an id; None for anything else."""
    kind, sep, entity_id = text.partition(":")
    if not sep or kind not in BY_NAME or not entity_id:
        return None
    return kind, entity_id
