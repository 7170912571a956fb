"""Fuzzy, typo-tolerant search across every kind of entity and every figure.

`SearchIndex(dataset)` folds each entity's searchable texts once (names, aliases, positions,
organizations, themes, years, ordinals); `search(query)` scores them with RapidFuzz and ranks exact,
prefix and word-start matches above fuzzy ones, so "madird", "liu hau" and "zhuqe" find what they
mean. The command line, the app's search overlay and its command palette all use this one index.
"""

from __future__ import annotations

import heapq
import re
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, TypeAlias

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from ciftis.core.format import display_value, figure_label, fold, owner_title
from ciftis.core.kinds import KINDS
from ciftis.core.model import Dataset, Edition, entity_name

_ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                  "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth")
_CUTOFF = 62.0
# Fuzzy matching a query against a text of about its length costs roughly the cube of that length
# (10,000 characters: minutes), so only this much of a query is matched.
MAX_QUERY = 100
_WORD_BREAKS = " -–—(/,.:;'\"·"
# Word starts are sorted, and found by bisection, by the first _WORD_KEY characters from the start
# of the word: a query (at most MAX_QUERY) and the bound after it then compare exactly as with the
# whole rest of the text, but each key is bounded, so the index stays linear in the text (the rest
# of a 100 KB title at each of its words would be gigabytes).
_WORD_KEY = MAX_QUERY + 1


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


def _texts(entity: Any, dataset: Dataset) -> list[tuple[str, float]]:  # entity: any Entity, told apart by its kind, which mypy does not narrow on
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


def _display_name(entity: Any, dataset: Dataset) -> str:  # entity: any Entity, told apart by its kind, as in _texts
    """How a result reads. A figure says what it is: its owner, metric and scope, its value with its
    unit, and whether it is a plan, derived, disputed by another source or only context."""
    if entity.kind == "figure":
        scope = f" ({entity.scope.strip().rstrip('.')})" if entity.scope else ""
        marks = [mark for mark, on in (("plan", entity.is_plan), ("context", entity.is_context), ("derived", entity.derived is not None), ("sources disagree", bool(entity.conflicts_with))) if on]
        return f"{owner_title(entity, dataset)} — {figure_label(entity, dataset)}{scope}: {display_value(entity)}" + "".join(f" ({mark})" for mark in marks)
    return entity_name(entity)


def _told_apart(entries: list[tuple[str, str, str]], dataset: Dataset) -> list[tuple[str, str, str]]:
    """Entries whose names would read the same, told apart: a figure by its as-of date or its
    sources, anything else by its reference."""
    from ciftis.core.format import citation, format_as_of

    count = Counter((kind, name) for kind, _ident, name in entries)  # the kind is shown beside the name
    told = []
    for kind, ident, name in entries:
        if count[kind, name] > 1:
            extra = ""
            if kind == "figure":
                figure = dataset.figures[ident]
                extra = format_as_of(figure.as_of, with_year=True) or citation(figure, dataset)
            name = f"{name} — {extra or f'{kind}:{ident}'}"
        told.append((kind, ident, name))
    count = Counter((kind, name) for kind, _ident, name in told)
    return [(kind, ident, f"{name} [{kind}:{ident}]" if count[kind, name] > 1 else name) for kind, ident, name in told]


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


_WORD = re.compile("[^\\s" + re.escape(_WORD_BREAKS) + ")\\[\\]!?]+")
_OTHER_NUMBER = 0.8  # of the fuzzy score of a text without a number the query gives
_TYPO_LENGTH = 4  # a word this long may have one typo (one edit, a swap of two letters counting as one)


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _typo_of(word: str, other: str) -> bool:
    """One edit apart (a swap of neighbours is one), for words long enough to have a typo; numbers never."""
    return (len(word) >= _TYPO_LENGTH and not word.isdigit() and not other.isdigit()
            and abs(len(word) - len(other)) <= 1 and OSA.distance(word, other, score_cutoff=1) <= 1)


def _standing(q: str, lowered: str) -> int:
    """Where `q` first occurs in `lowered` with no digit running on from a number at either end ("2021" not in "12021"); −1 if nowhere."""
    at = lowered.find(q)
    while at >= 0:
        end = at + len(q)
        if not (q[0].isdigit() and at and lowered[at - 1].isdigit()) and not (q[-1].isdigit() and end < len(lowered) and lowered[end].isdigit()):
            return at
        at = lowered.find(q, at + 1)
    return -1


def _word_positions(word: str, lowered: str) -> list[int]:
    """Where one query word matched in a name: the word itself (at a word start if it is there),
    a number only where it stands whole, else a word of the name one typo away, else (short words)
    its letters in order, else the name's closest word or the query word's fuzzy alignment, if
    close enough."""
    if word.isdigit():
        at = _standing(word, lowered)
        return list(range(at, at + len(word))) if at >= 0 else []
    found = [match.start() for match in re.finditer(re.escape(word), lowered)]
    if found:
        at = next((at for at in found if at == 0 or lowered[at - 1] in _WORD_BREAKS), found[0])
        return list(range(at, at + len(word)))
    for match in _WORD.finditer(lowered):
        if _typo_of(word, match.group()):
            return list(range(match.start(), match.end()))
    if len(word) < _TYPO_LENGTH:
        positions, start = [], 0
        for ch in word:
            start = lowered.find(ch, start)
            if start < 0:
                break
            positions.append(start)
            start += 1
        else:
            return positions
    best = max(_WORD.finditer(lowered), key=lambda match: fuzz.ratio(word, match.group()), default=None)
    if best is not None and fuzz.ratio(word, best.group()) >= _CUTOFF:
        return list(range(best.start(), best.end()))
    alignment = fuzz.partial_ratio_alignment(word, lowered)
    if alignment is None or alignment.score < _CUTOFF:
        return []
    return [at for at in range(alignment.dest_start, alignment.dest_end) if not lowered[at].isspace()]


def highlight_positions(query: str, name: str) -> tuple[int, ...]:
    """Indices of `name` to highlight: the query as a substring, else each of its words where it
    matched (see `_word_positions`)."""
    q = " ".join(fold(query).split())[:MAX_QUERY]
    lowered = fold(name)  # as the index reads it ("Fernández" → "fernandez"), if that keeps each letter in place
    if len(lowered) != len(name):
        lowered = name.casefold()
    if not q or len(lowered) != len(name):
        return ()
    at = _standing(q, lowered)
    if at >= 0:
        return tuple(range(at, at + len(q)))
    positions: set[int] = set()
    for word in _words(q) or [q]:
        positions.update(_word_positions(word, lowered))
    return tuple(sorted(positions))


# -- the index -----------------------------------------------------------------------------------
_FORMAT = 5  # of the plain data an index is cached as (5: classes and rank as machine integers)
_GRAM = 3
_GRAM_BUDGET = 20_000  # postings read for fuzzy candidates (the rarest trigrams first)
_MAX_FUZZY = 2_500  # fuzzy candidates scored, at most
_FUZZY_CHUNK = 400  # scored by RapidFuzz at a time, best weight first


_SCORE: Callable[[tuple[float, int, str]], float] = itemgetter(0)  # of a (score, order, text) entry
_Best: TypeAlias = dict[int, tuple[float, int, str]]  # entity -> (score, order, text) of its best text so far
# (each word's texts, ascending; the words sorted; the words by length)
_Vocabulary: TypeAlias = tuple[dict[str, list[int]], list[str], dict[int, list[str]]]
# (weight, texts sorted, word starts sorted: texts, offsets), each a compact array of machine integers
_Class: TypeAlias = tuple[float, "array[int]", "array[int]", "array[int]"]
# (format, entries, texts, owners: flat (entity, weight, position) triples, rank, trigram postings, classes), arrays as bytes
IndexData: TypeAlias = tuple[int, list[tuple[str, str, str]], list[str], list[tuple[Any, ...]], bytes, dict[str, bytes], list[tuple[float, bytes, bytes, bytes]]]
_WORD_START = re.compile("[" + re.escape(_WORD_BREAKS) + "](?=.)", re.DOTALL)


def _grams(text: str) -> set[str]:
    return {text[at:at + _GRAM] for at in range(len(text) - _GRAM + 1)}


def _tolerance(grams: int) -> int:
    """How many of the query's trigrams a fuzzy match may lack: a typo breaks up to three or four."""
    return 3 + grams // 4


def _integers(raw: bytes) -> array[int]:
    """The machine integers `array.tobytes` wrote (TypeError or ValueError for anything else)."""
    ids = array("i")
    ids.frombytes(raw)
    return ids


class SearchIndex:
    """Folded search texts for every entity, built once per dataset, and the structures that find them fast.

    Every distinct text is kept once, numbered best weight first, with the (entity, weight, order)
    triples it belongs to. Three lookups avoid scoring every text for every keystroke:

    - per weight class, the texts sorted (a prefix of the query is a range) and their word starts
      sorted (a word starting with it is a range; kept as text and offset, found by bisection): taken in order of the best score they could
      reach, these usually fill the results before anything weaker could beat them;
    - the texts holding each trigram: a text containing the query is in the intersection; fuzzy
      candidates are the texts holding the query's rarer trigrams (all but `_tolerance` of those
      read), at most `_MAX_FUZZY` of them, best weight first, and only those are scored by RapidFuzz;
    - narrowing: the texts that contained the previous query, when the new one contains it (typing
      on), hold every text that contains the new one.

    Scores, ties and order are those of scoring every candidate: exact 100, prefix 97, a word
    starting with the query 94, elsewhere 88, or the fuzzy score × 0.92, times the weight; an
    entity scores its best text (the first, on a tie). Whatever the lookups skip could not reach
    the results, so a search gives the same hits however it got there. An index may be shared by
    threads: what narrowing remembers is one tuple, swapped whole.
    """

    def __init__(self, dataset: Dataset, *, narrowing: bool = True, data: Sequence[Any] | None = None) -> None:
        self.dataset = dataset
        self.narrowing = narrowing
        self._last: tuple[str, list[int]] | None = None
        self._vocab: _Vocabulary | None = None  # the words of the texts, built on the first search that needs them
        self._first_owner: array[int] | None = None  # per text, the best place (`_rank`) of its entities; built on first use
        self.adopted = data is not None and self._adopt(data)  # False: built from the dataset
        if not self.adopted:
            self._build(dataset)

    # -- building ---------------------------------------------------------------------------
    def _build(self, dataset: Dataset) -> None:
        entries: list[tuple[str, str, str]] = []  # (kind, id, display name)
        unique: dict[str, list[Any]] = {}  # text -> owner, weight, position among the owner's texts, owner…
        weights: dict[float, float] = {}  # one float object per weight
        for kind in KINDS:
            kind_weight = kind.search_weight
            for entity in dataset.of_kind(kind.name):
                index = len(entries)
                entries.append((kind.name, entity.id, _display_name(entity, dataset)))
                for position, (text, weight) in enumerate(_texts(entity, dataset)):
                    folded = fold(text)
                    triples = unique.get(folded)
                    if triples is None:
                        triples = unique[folded] = []
                    weight = weights.setdefault(weight * kind_weight, weight * kind_weight)
                    triples += (index, weight, position)
        ranked = sorted(unique.items(), key=lambda item: -max(item[1][1::3]))  # stable: first seen first
        self._entries = entries = _told_apart(entries, dataset)
        self._texts = [text for text, _triples in ranked]
        self._owners = [tuple(triples) for _text, triples in ranked]
        kind_order = {kind.name: n for n, kind in enumerate(KINDS)}
        order = sorted(range(len(entries)), key=lambda n: (kind_order[entries[n][0]], entries[n][2].casefold(), entries[n][1]))
        self._rank = array("i", bytes(4 * len(entries)))  # each entity's place among all, by kind, then name, then id
        for place, owner in enumerate(order):
            self._rank[owner] = place
        self._derive()

    def _derive(self) -> None:
        """The lookups that follow from the texts: word starts per weight class, trigram postings."""
        top = self._top_weights()
        ids = list(range(len(self._texts)))  # one int object per text, shared by every list below
        classes: dict[float, tuple[list[int], list[int], list[int]]] = {}
        grams: defaultdict[str, array[int]] = defaultdict(lambda: array("i"))
        word_start = _WORD_START.finditer
        for at, text in enumerate(self._texts):
            uid = ids[at]
            starts, words, offsets = classes.setdefault(top[at], ([], [], []))
            starts.append(uid)
            for match in word_start(text):
                words.append(uid)
                offsets.append(match.end())
            for gram in {text[n:n + _GRAM] for n in range(len(text) - _GRAM + 1)}:
                grams[gram].append(uid)
        self._grams = dict(grams)  # each ascending, so best weight first
        # Per weight class, best first: (weight, texts sorted, word starts sorted as text and offset).
        # A word start is a text and an offset, not the rest of the text: 600,000 strings at 100,000 entities.
        texts = self._texts
        self._classes = []
        for weight in sorted(classes, reverse=True):
            starts, words, offsets = classes[weight]
            starts.sort(key=texts.__getitem__)
            order = sorted(range(len(words)), key=lambda n: texts[words[n]][offsets[n]:offsets[n] + _WORD_KEY])
            self._classes.append((weight, array("i", starts), array("i", [words[n] for n in order]), array("i", [offsets[n] for n in order])))
        self._prepare()

    def _top_weights(self) -> list[float]:
        top = [max(triples[1::3]) for triples in self._owners]
        if any(top[n] < top[n + 1] for n in range(len(top) - 1)):
            raise ValueError("texts must be numbered best weight first")
        return top

    def _prepare(self) -> None:
        """The quick rest: kinds, best weights, exact texts, the texts joined for short queries."""
        self._kind_of = [kind for kind, _ident, _name in self._entries]
        self._top = self._top_weights()
        self._exact = {text: at for at, text in enumerate(self._texts)}
        self._blob = "\n".join(self._texts)  # for one- and two-character substrings
        starts = self._starts = array("q", [0])
        end = 0
        for text in self._texts:
            end += len(text) + 1
            starts.append(end)

    def plain_data(self) -> IndexData:
        """The index as plain data (for ciftis.core.cache), so a warm start need not rebuild it."""
        grams = {gram: ids.tobytes() for gram, ids in self._grams.items()}
        classes = [(weight, starts.tobytes(), words.tobytes(), offsets.tobytes()) for weight, starts, words, offsets in self._classes]
        return (_FORMAT, self._entries, self._texts, self._owners, self._rank.tobytes(), grams, classes)

    def _adopt(self, data: Sequence[Any]) -> bool:
        """Use cached plain data if it is well formed and fits this dataset; False to build instead.

        The cache file's digest already proved it is the file that was written; this checks that
        it is an index of this dataset's shape, cheaply, so a stale or foreign one is rebuilt.
        """
        try:
            version, entries, texts, owners, rank, grams, classes = data
            if version != _FORMAT or not isinstance(grams, dict) or not isinstance(classes, list):
                return False
            rank = _integers(rank)
            classes = [(weight, _integers(starts), _integers(words), _integers(offsets)) for weight, starts, words, offsets in classes]
            count = sum(len(self.dataset.of_kind(kind.name)) for kind in KINDS)
            if len(texts) != len(owners) or len(entries) != count or sorted(rank) != list(range(count)):
                return False
            if not all(isinstance(text, str) for text in texts) or not all(isinstance(triples, tuple) and triples and len(triples) % 3 == 0 for triples in owners):
                return False
            if any(not isinstance(owner, int) or not 0 <= owner < len(entries) for triples in owners for owner in triples[0::3]):
                return False
            entries = [tuple(entry) for entry in entries]
            if any(len(entry) != 3 or not all(isinstance(part, str) for part in entry) for entry in entries):
                return False
            size = len(texts)
            for _weight, starts, words, offsets in classes:
                if len(words) != len(offsets) or not all(0 <= at < size for at in starts) or not all(0 <= at < size for at in words):
                    return False
            if sum(len(starts) for _weight, starts, _words, _offsets in classes) != size:
                return False
            postings = {}
            for gram, raw in grams.items():
                ids = _integers(raw)
                if not ids or ids[0] < 0 or ids[-1] >= size:
                    return False
                postings[gram] = ids
            self._entries, self._texts, self._owners, self._rank, self._grams, self._classes = entries, list(texts), list(owners), rank, postings, classes
            self._prepare()
            return True
        except (TypeError, ValueError, KeyError, IndexError):
            return False

    @classmethod
    def for_dataset(cls, dataset: Dataset) -> SearchIndex:
        """The index, read from the cache when the dataset came through it (and written there if new)."""
        from ciftis.core import cache

        data = cache.load_index_data(dataset)
        index = cls(dataset, data=data)
        if not index.adopted:
            cache.save_index_data(dataset, index.plain_data())
        return index

    def __len__(self) -> int:
        return len(self._entries)

    # -- searching --------------------------------------------------------------------------
    def search(self, query: str, *, kinds: tuple[str, ...] | None = None, limit: int | None = 20, cancelled: Callable[[], bool] | None = None) -> list[Hit]:
        """Entities matching the query, best first (ties broken by kind, then name).

        `cancelled()`, if given, is asked between stages; a search that is no longer wanted returns [].
        """
        q = " ".join(fold(query).split())[:MAX_QUERY].rstrip()
        if not q:
            return []
        wanted = set(kinds) if kinds else None
        best: dict[int, tuple[float, int, str]] = {}
        if limit is None or limit > 0:
            if limit is None or not self._score_prefixes_and_word_starts(q, wanted, limit, best):
                if cancelled is not None and cancelled():
                    return []
                best = {}
                self._score_containing_and_fuzzy(q, wanted, limit, best, cancelled)
        if cancelled is not None and cancelled():
            return []
        rank = self._rank
        ranking = ((-round(score, 6), rank[owner], owner) for owner, (score, _order, _text) in best.items())
        ranked = heapq.nsmallest(limit, ranking) if limit is not None else sorted(ranking)
        hits = []
        for _score, _rank, owner in ranked:
            kind, ident, name = self._entries[owner]
            score, _order, text = best[owner]
            hits.append(Hit(kind, ident, name, round(score, 1), highlight_positions(query, name), text))
        return hits

    def _score(self, q: str, at: int, fuzzy: float, wanted: set[str] | None, best: _Best) -> None:
        """Score one text for every entity it belongs to; keep each entity's best (first text on a tie)."""
        bonus = _bonus(q, self._texts[at])
        self._credit(at, bonus if bonus >= fuzzy * 0.92 else fuzzy * 0.92, wanted, best)

    def _credit(self, at: int, score: float, wanted: set[str] | None, best: _Best) -> None:
        """Give a text's score (before weights) to every entity it belongs to."""
        triples = self._owners[at]
        kind_of = self._kind_of
        floor = _CUTOFF * 0.92
        text = self._texts[at]
        for n in range(0, len(triples), 3):
            owner = triples[n]
            if wanted is not None and kind_of[owner] not in wanted:
                continue
            weighted = score * triples[n + 1]
            if weighted < floor:
                continue
            old = best.get(owner)
            if old is None or weighted > old[0] or (weighted == old[0] and triples[n + 2] < old[1]):
                best[owner] = (weighted, triples[n + 2], text)

    @staticmethod
    def _limit_th_best_score(best: _Best, limit: int) -> float:
        """The `limit`-th best score so far (0 while there are fewer)."""
        if len(best) < limit:
            return 0.0
        return heapq.nlargest(limit, map(_SCORE, best.values()))[-1]

    def _results_full(self, best: _Best, limit: int, following: tuple[float, int, int, float], unscored: float) -> bool:
        """True when the `limit` results so far stand above every text still waiting (`following`,
        the next, gives at most -following[0], to entities placed no better than following[1]) and
        above what the unscored fuzzy candidates could give: none of those could enter them."""
        if len(best) < limit:
            return False
        rank = self._rank
        score, place = heapq.nsmallest(limit, ((-round(score, 6), rank[owner]) for owner, (score, _order, _text) in best.items()))[-1]
        bound = round(-following[0], 6)
        return -score > unscored and (-score > bound or (-score == bound and place < following[1]))

    def _first_owners(self) -> array[int]:
        """Per text, the best place (`_rank`) of the entities it belongs to; built once, on first use."""
        first = self._first_owner
        if first is None:
            rank = self._rank
            first = self._first_owner = array("i", [min(rank[owner] for owner in triples[0::3]) for triples in self._owners])
        return first

    def _score_prefixes_and_word_starts(self, q: str, wanted: set[str] | None, limit: int, best: _Best) -> bool:
        """The text equal to the query, then texts starting with it, then with a word starting with
        it, in order of the best score they could reach; True when `limit` entities score above
        anything the texts not looked at could (so nothing else can change the results)."""
        substring = 100.0 if len(q) >= _GRAM else 0.0  # the fuzzy score of a text that contains the query
        rest = max(88.0, substring * 0.92)  # the most any other text can score (weights are at most 1)
        exact = self._exact.get(q)
        seen: set[int] = set()
        if exact is not None:
            seen.add(exact)
            self._score(q, exact, substring, wanted, best)
        texts = self._texts
        groups: list[tuple[float, Sequence[int], Callable[..., str], Sequence[int]]] = []  # (bound, keys, key, ids)
        for weight, starts, words, offsets in self._classes:
            groups.append((97.0 * weight, starts, texts.__getitem__, starts))
            groups.append((94.0 * weight, range(len(words)), lambda n, words=words, offsets=offsets: texts[words[n]][offsets[n]:offsets[n] + _WORD_KEY], words))
        groups.sort(key=lambda group: -group[0])
        high = q + "\U0010ffff"
        for n, (bound, keys, key, ids) in enumerate(groups):
            if bound <= rest:
                return False  # what is left could tie with or beat these: score everything
            low_at = bisect_left(keys, q, key=key)
            high_at = bisect_left(keys, high, low_at, key=key)
            for at in ids[low_at:high_at]:
                if at not in seen:
                    seen.add(at)
                    self._score(q, at, substring, wanted, best)
            following = groups[n + 1][0] if n + 1 < len(groups) else 0.0
            if self._limit_th_best_score(best, limit) > max(following, rest):
                return True
        return False

    def _containing(self, q: str) -> list[int]:
        """Every text that contains the query, ascending, narrowed from the previous query's when
        the new one contains it."""
        last = self._last if self.narrowing else None
        texts = self._texts
        if last is not None and last[0] in q:
            found = [at for at in last[1] if q in texts[at]]
        elif len(q) >= _GRAM:
            postings = sorted((self._grams.get(gram, ()) for gram in _grams(q)), key=len)
            common = set(postings[0])
            for ids in postings[1:]:
                if not common:
                    break
                common.intersection_update(ids)
            found = sorted(at for at in common if q in texts[at])
        else:  # one or two characters: find them in all the texts at once
            found = []
            blob, starts = self._blob, self._starts
            at = blob.find(q)
            while at >= 0:
                uid = bisect_right(starts, at) - 1
                if at + len(q) < starts[uid + 1]:  # inside one text, not across the joins
                    found.append(uid)
                    at = blob.find(q, starts[uid + 1])
                else:
                    at = blob.find(q, at + 1)
        if self.narrowing:
            self._last = (q, found)
        return found

    def _fuzzy_candidates(self, q: str, exclude: set[int]) -> list[int]:
        """Texts worth a fuzzy score (a prefilter), ascending (best weight first).

        The query's trigrams are read rarest first while their postings fit `_GRAM_BUDGET`; a text
        may lack `_tolerance` of all the query's trigrams, so it must hold all but that many of those
        read. At most `_MAX_FUZZY` are kept, those of the best weight. Only the query and the dataset
        decide which.
        """
        grams = sorted(_grams(q), key=lambda gram: (len(self._grams.get(gram, ())), gram))
        used: list[array[int] | tuple[()]]
        used, read = [], 0
        for gram in grams:
            ids = self._grams.get(gram, ())
            if used and read + len(ids) > _GRAM_BUDGET:
                break
            used.append(ids)
            read += len(ids)
        need = len(used) - _tolerance(len(grams))
        if need <= 1:
            found: set[int] = set()
            for ids in used:
                found.update(ids)
        else:
            counts: Counter[int] = Counter()
            for ids in used:
                counts.update(ids)
            found = {at for at, shared in counts.items() if shared >= need}
        found -= exclude
        return heapq.nsmallest(_MAX_FUZZY, found) if len(found) > _MAX_FUZZY else sorted(found)

    def _vocabulary(self) -> _Vocabulary:
        """Every word of the texts with the texts holding it (ascending), the words sorted, and the
        words by length; built once, on first use, and swapped in whole."""
        vocab = self._vocab
        if vocab is None:
            postings: defaultdict[str, list[int]] = defaultdict(list)
            for at, text in enumerate(self._texts):
                for word in set(_WORD.findall(text)):
                    postings[word].append(at)
            words = sorted(postings)
            by_length: defaultdict[int, list[str]] = defaultdict(list)
            for word in words:
                by_length[len(word)].append(word)
            vocab = self._vocab = (dict(postings), words, dict(by_length))
        return vocab

    def _word_candidates(self, q: str) -> tuple[list[int], list[dict[str, float]]]:
        """The texts that may hold every word of the query, in any order (`_word_scores` says which
        do, and how well), ascending (best weight first), and per word of the query the words of
        the texts that match it with their quality: the word as it is 1, as the start of a word (a
        number only while it is the last word, being typed) 0.95, or, four letters or more and not
        a number, one typo away (one edit; a swap of neighbours is one) 0.85. A one-word query only
        looks for its typos (what contains it scores more already). At most `_MAX_FUZZY` texts,
        those of the best weight.
        """
        qwords = _words(q)
        single = len(qwords) == 1
        if not qwords or (single and (len(qwords[0]) < _TYPO_LENGTH or qwords[0].isdigit())):
            return [], []
        postings, words, by_length = self._vocabulary()
        qualities: list[dict[str, float]] = []
        for n, word in enumerate(qwords):
            quality: dict[str, float] = {}
            if not single:
                if word in postings:
                    quality[word] = 1.0
                if n == len(qwords) - 1 or not word.isdigit():
                    at = bisect_right(words, word)
                    while at < len(words) and words[at].startswith(word):
                        quality[words[at]] = 0.95
                        at += 1
            if len(word) >= _TYPO_LENGTH and not word.isdigit():
                for length in (len(word) - 1, len(word), len(word) + 1):
                    pool = by_length.get(length, ())
                    for other, _distance, _n in process.extract(word, pool, scorer=OSA.distance, score_cutoff=1, limit=None):
                        if other not in quality and not other.isdigit() and not (single and word in other):
                            quality[other] = 0.85
            if not quality:
                return [], []
            qualities.append(quality)
        fewest = min(qualities, key=lambda quality: sum(len(postings[other]) for other in quality))
        found: set[int] = set()
        for other in fewest:
            found.update(postings[other])
        return (heapq.nsmallest(_MAX_FUZZY, found) if len(found) > _MAX_FUZZY else sorted(found)), qualities

    def _word_scores(self, candidates: list[int], qualities: list[dict[str, float]]) -> list[tuple[int, float]]:
        """(text, score before weights) of the candidates holding every word of the query
        (`_word_candidates`): the words' mean quality × (82 + 10 × the share of the text's letters
        matched), so at most 92, no more than a text containing the query scores."""
        known = set().union(*qualities)  # every word that matches a word of the query
        matches = []
        for at in candidates:
            tokens = _WORD.findall(self._texts[at])
            total = 0.0
            for quality in qualities:
                best = max(map(quality.get, tokens, (0.0,) * len(tokens)))
                if not best:
                    break
                total += best
            else:
                matched = sum(len(token) for token in tokens if token in known)
                share = matched / sum(map(len, tokens))
                matches.append((at, total / len(qualities) * (82.0 + 10.0 * share)))
        return matches

    def _score_containing_and_fuzzy(self, q: str, wanted: set[str] | None, limit: int | None, best: _Best,
                    cancelled: Callable[[], bool] | None) -> None:
        """Score the texts that contain the query and (three characters or more) the fuzzy
        candidates, in order of the most each could give, stopping once nothing left could reach
        the results.

        Fuzzy candidates and the texts that may hold the query's words in another order
        (`_word_candidates`) come best weight first and none can give more than 92 × its weight, so
        they are scored a chunk at a time (by RapidFuzz; by `_word_scores`), only while the next
        chunk could still give more than what is already waiting to be counted: a query whose
        results fill up with well-weighted matches never scores the rest. Texts that could give the same are counted
        in the order of their entities' places (`_rank`, which breaks ties in the results), so
        thousands of equal matches ("exhibition are") stop once the results are full of them.
        """
        containing = self._containing(q)
        candidates: list[int] = []
        if len(q) >= _GRAM and not (cancelled is not None and cancelled()):
            candidates = self._of_kinds(self._fuzzy_candidates(q, set(containing)), wanted)
        by_words, qualities = self._word_candidates(q) if not (cancelled is not None and cancelled()) else ([], [])
        substring = 100.0 if len(q) >= _GRAM else 0.0
        texts, top, first = self._texts, self._top, self._first_owners()
        waiting = []  # a heap of (-the most it could give, its entities' best place, text, its score before weights)
        for at in self._of_kinds(containing, wanted):
            bonus = _bonus(q, texts[at])
            score = bonus if bonus >= substring * 0.92 else substring * 0.92
            waiting.append((-score * top[at], first[at], at, score))
        heapq.heapify(waiting)

        def fuzzy(chunk: list[int]) -> list[tuple[int, float]]:
            return [(at, value * 0.92) for at, value in self._fuzzy_scores(q, chunk).items()]

        def words(chunk: list[int]) -> list[tuple[int, float]]:  # the query's words in any order, with a typo each
            return [(at, score) for at, score in self._word_scores(chunk, qualities) if wanted is None or self._of_kinds([at], wanted)]

        # texts not scored yet, best weight first, none giving more than 92 × its weight: [texts, how many scored, scorer]
        unscored: list[list[Any]] = [[candidates, 0, fuzzy], [by_words, 0, words]]
        credited = 0  # texts counted
        while True:
            next_waiting = -waiting[0][0] if waiting else -1.0
            stream = max(unscored, key=lambda stream: 92.0 * top[stream[0][stream[1]]] if stream[1] < len(stream[0]) else -1.0)
            next_unscored = 92.0 * top[stream[0][stream[1]]] if stream[1] < len(stream[0]) else -1.0
            if next_unscored > next_waiting:  # the unscored could give more than anything waiting
                if cancelled is not None and cancelled():
                    return
                chunk = stream[0][stream[1]:stream[1] + _FUZZY_CHUNK]
                stream[1] += len(chunk)
                for at, score in stream[2](chunk):
                    heapq.heappush(waiting, (-score * top[at], first[at], at, score))
                continue
            if not waiting:
                return
            if limit is not None and credited and credited % 64 == 0 and self._results_full(best, limit, waiting[0], next_unscored):
                return  # nothing left can reach the results
            _bound, _first, at, score = heapq.heappop(waiting)
            self._credit(at, score, wanted, best)
            credited += 1

    def _of_kinds(self, ids: list[int], wanted: set[str] | None) -> list[int]:
        """The texts that belong to an entity of the kinds wanted (all, for None): the others would
        score nothing for these results (`_credit` skips them), so they are not scored at all."""
        if wanted is None:
            return ids
        owners, kind_of = self._owners, self._kind_of
        return [at for at in ids if any(kind_of[owner] in wanted for owner in owners[at][0::3])]

    def _fuzzy_scores(self, q: str, candidates: list[int]) -> dict[int, float]:
        """RapidFuzz's score (0–100) of each candidate text that reaches the cutoff; × 0.8 for a text
        without one of the query's numbers (the last, being typed, may begin a number)."""
        texts = [self._texts[at] for at in candidates]
        fuzzy: dict[int, float] = {}
        for _text, score, n in process.extract(q, texts, scorer=fuzz.partial_ratio, processor=None, limit=None, score_cutoff=_CUTOFF):
            if len(texts[n]) < len(q):  # a text shorter than the query only matches as a whole
                score = fuzz.ratio(q, texts[n])
            fuzzy[candidates[n]] = score
        if " " in q:  # words in another order: "hua liu"
            for _text, score, n in process.extract(q, texts, scorer=fuzz.token_sort_ratio, processor=None, limit=None, score_cutoff=80):
                fuzzy[candidates[n]] = max(fuzzy.get(candidates[n], 0.0), score)
        qwords = _words(q)
        numbers = [(word, n == len(qwords) - 1) for n, word in enumerate(qwords) if word.isdigit()]
        if numbers:  # a number is never a typo for another: "2022" is one edit from "2023"
            for at, score in fuzzy.items():
                text = self._texts[at]
                if all(word in text for word, _last in numbers):  # (without them, no word of it can be one)
                    tokens = _WORD.findall(text)
                    if all(word in tokens or (last and any(token.startswith(word) for token in tokens)) for word, last in numbers):
                        continue
                fuzzy[at] = score * _OTHER_NUMBER
        return fuzzy
