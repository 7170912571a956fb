"""The queries the search benchmark types, one keystroke at a time.

Fixed queries (typos, one-letter prefixes, a Chinese alias, a year, a nonsense word, a typo that is
corrected with backspace) plus names taken from the dataset itself with a hurried user's typo, so
every size is searched for things it really holds. `keystrokes(dataset)` returns every state of the
search box in typing order, as the overlay sees them ("\b" in a script is a backspace).
"""

from __future__ import annotations

import random

FIXED = (
    "a",
    "z",
    "服贸会",
    "madird",
    "liu hau",
    "zhuqe",
    "wang binyng",
    "digital trade forum",
    "2021",
    "exhibition area",
    "ciftis 2023",
    "trademark",
    "qqqqxxxzzz",
    "madir\b\bdrid",  # a typo noticed and corrected
)


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    at = rng.randrange(1, len(word) - 2)
    how = rng.choice(("drop", "double", "swap"))
    if how == "drop":
        return word[:at] + word[at + 1:]
    if how == "double":
        return word[:at] + word[at] + word[at:]
    return word[:at] + word[at + 1] + word[at] + word[at + 2:]


def scripts(dataset, seed: int = 7) -> list[str]:
    """What is typed: the fixed queries, then names from the dataset (most with a typo)."""
    rng = random.Random(seed)
    typed = list(FIXED)
    for kind, how_many in (("person", 3), ("organization", 2), ("event", 2), ("topic", 1), ("edition", 1)):
        entities = dataset.of_kind(kind)
        for entity in rng.sample(entities, min(how_many, len(entities))):
            name = getattr(entity, "title", None) if kind == "edition" else entity.name
            name = name.lower()[:24].rstrip()
            typed.append(_typo(name, rng) if rng.random() < 0.7 else name)
    return typed


def keystrokes(dataset, seed: int = 7) -> list[str]:
    """Every non-blank state of the search box while the scripts are typed."""
    states = []
    for script in scripts(dataset, seed):
        box = ""
        for key in script:
            box = box[:-1] if key == "\b" else box + key
            if box.strip():
                states.append(box)
    return states
