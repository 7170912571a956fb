"""Fuzzy, typo-tolerant search across every kind of entity and every figure.

`SearchIndex(dataset)` folds each entity's searchable texts once (names, aliases, positions,
organizations, themes, years, ordinals); `search(query)` scores them with RapidFuzz and ranks exact,
prefix and word-start matches above fuzzy ones, so "madird", "liu hau" and "zhuqe" find what they
mean. The command line, the app's search overlay and its command palette all use this one index.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from tui.core.format import display_value, figure_label, fold, owner_title
from tui.core.model import Dataset, Edition, entity_name

KIND_ORDER = ("edition", "event", "person", "organization", "topic", "figure", "source", "metric")
_ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                  "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth")
_CUTOFF = 62.0
# Fuzzy matching a query against a text of about its length costs roughly the cube of that length
# (10,000 characters: minutes), so only this much of a query is matched.
MAX_QUERY = 100
_WORD_BREAKS = " -–—(/,.:;'\"·"
# Sources and metrics are found too, but people look for the fair's own entities first.
_KIND_WEIGHT = {"figure": 0.95, "source": 0.85, "metric": 0.85}


@dataclass(frozen=True)
class Hit:
    """One search result: which entity, how it is named, how well it matched and where."""

    kind: str
    id: str
    name: str
    score: float
    positions: tuple[int, ...] = ()
    matched: str = ""

    @property
    def ref(self) -> str:
        return f"{self.kind}:{self.id}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _texts(entity, dataset: Dataset) -> list[tuple[str, float]]:
    """(text, weight) pairs an entity can be found by; its name first."""
    kind = entity.kind
    name = entity_name(entity)
    texts = [(name, 1.0)]
    texts += [(alias, 0.97) for alias in getattr(entity, "aliases", ())]
    if isinstance(entity, Edition):
        texts += [(entity.name, 0.95), (str(entity.year), 1.0)]
        if entity.ordinal:
            texts += [(f"{_ordinal(entity.ordinal)} edition", 0.9)]
            if entity.ordinal <= len(_ORDINAL_WORDS):
                texts += [(f"{_ORDINAL_WORDS[entity.ordinal - 1]} edition", 0.9)]
        texts += [(theme, 0.85) for theme in (entity.theme_en, entity.theme_zh) if theme]
        texts += [(venue, 0.75) for venue in entity.venues]
        texts += [(guest, 0.75) for guest in (entity.guest_of_honour, entity.guest_province) if guest]
    elif kind == "event":
        texts += [(entity.venue, 0.7)] if entity.venue else []
        texts += [(f"{entity.event_kind} {entity.edition}", 0.7)]
        for participant in entity.participants:
            person = dataset.people.get(participant.person)
            if person:
                texts.append((person.name, 0.72))
    elif kind == "person":
        for position in entity.positions:
            org = dataset.organizations.get(position.organization)
            org_name = org.name if org else position.organization
            texts.append((f"{position.title}, {org_name}", 0.85))
            texts += [(alias, 0.8) for alias in (org.aliases if org else ())]
    elif kind == "organization":
        texts += [(entity.country, 0.6)] if entity.country else []
    elif kind == "topic":
        texts += [(dataset.organizations[o].name, 0.7) for o in entity.organizations if o in dataset.organizations]
    elif kind == "figure":
        texts = [(name, 0.0), (f"{owner_title(entity, dataset)} {figure_label(entity, dataset)}", 0.9), (figure_label(entity, dataset), 0.8)]
    elif kind == "source":
        texts += [(entity.publisher, 0.8), (entity.title, 0.8)]
    elif kind == "metric":
        texts += [(entity.definition, 0.6)]
    return [(text, weight) for text, weight in texts if text and weight > 0]


def _display_name(entity, dataset: Dataset) -> str:
    if entity.kind == "figure":
        return f"{owner_title(entity, dataset)} — {figure_label(entity, dataset)}: {display_value(entity)}"
    return entity_name(entity)


def _bonus(query: str, text: str) -> float:
    """Exact, prefix and word-start matches outrank fuzzy ones."""
    if text == query:
        return 100.0
    if text.startswith(query):
        return 97.0
    at = text.find(query)
    if at > 0 and text[at - 1] in _WORD_BREAKS:
        return 94.0
    if at > 0:
        return 88.0
    return 0.0


def highlight_positions(query: str, name: str) -> tuple[int, ...]:
    """Indices of `name` to highlight: the query as a substring, else its letters in order."""
    q = query.casefold().strip()[:MAX_QUERY]
    lowered = name.casefold()
    if not q or len(lowered) != len(name):
        return ()
    at = lowered.find(q)
    if at >= 0:
        return tuple(range(at, at + len(q)))
    positions, start = [], 0
    for ch in q:
        if ch.isspace():
            continue
        found = lowered.find(ch, start)
        if found < 0:
            break
        positions.append(found)
        start = found + 1
    else:
        return tuple(positions)
    alignment = fuzz.partial_ratio_alignment(q, lowered)
    if alignment is None or alignment.score < _CUTOFF:
        return ()
    return tuple(range(alignment.dest_start, alignment.dest_end))


class SearchIndex:
    """Folded search texts for every entity, built once per dataset."""

    def __init__(self, dataset: Dataset):
        self.dataset = dataset
        self._entries: list[tuple[str, str, str]] = []  # (kind, id, display name)
        self._texts: list[str] = []
        self._owners: list[int] = []
        self._weights: list[float] = []
        for kind in KIND_ORDER:
            for entity in dataset.of_kind(kind):
                index = len(self._entries)
                self._entries.append((kind, entity.id, _display_name(entity, dataset)))
                for text, weight in _texts(entity, dataset):
                    self._texts.append(fold(text))
                    self._owners.append(index)
                    self._weights.append(weight * _KIND_WEIGHT.get(kind, 1.0))

    def __len__(self) -> int:
        return len(self._entries)

    def _candidates(self, q: str):
        """(text index, text, fuzzy score) for every text that could match the folded query."""
        if len(q) < 3:  # too short to be fuzzy: substrings only
            return ((i, text, 0.0) for i, text in enumerate(self._texts) if q in text)
        found = {}
        for _text, score, i in process.extract(q, self._texts, scorer=fuzz.partial_ratio, processor=None, limit=None, score_cutoff=_CUTOFF):
            text = self._texts[i]
            if len(text) < len(q):  # a text shorter than the query only matches as a whole
                score = fuzz.ratio(q, text)
            found[i] = score
        if " " in q:  # words in another order: "hua liu"
            for _text, score, i in process.extract(q, self._texts, scorer=fuzz.token_sort_ratio, processor=None, limit=None, score_cutoff=80):
                found[i] = max(found.get(i, 0.0), score)
        return ((i, self._texts[i], score) for i, score in found.items())

    def search(self, query: str, *, kinds: tuple[str, ...] | None = None, limit: int | None = 20) -> list[Hit]:
        """Entities matching the query, best first (ties broken by kind, then name)."""
        q = " ".join(fold(query).split())[:MAX_QUERY].rstrip()
        if not q:
            return []
        best: dict[int, tuple[float, str]] = {}
        for i, text, fuzzy in self._candidates(q):
            owner = self._owners[i]
            kind = self._entries[owner][0]
            if kinds and kind not in kinds:
                continue
            score = max(_bonus(q, text), fuzzy * 0.92) * self._weights[i]
            if score < _CUTOFF * 0.92:
                continue
            if owner not in best or score > best[owner][0]:
                best[owner] = (score, text)
        order = {kind: n for n, kind in enumerate(KIND_ORDER)}
        ranked = sorted(best.items(), key=lambda item: (-round(item[1][0], 6), order[self._entries[item[0]][0]], self._entries[item[0]][2].casefold(), self._entries[item[0]][1]))
        if limit is not None:
            ranked = ranked[:limit]
        hits = []
        for owner, (score, text) in ranked:
            kind, ident, name = self._entries[owner]
            hits.append(Hit(kind, ident, name, round(score, 1), highlight_positions(query, name), text))
        return hits
