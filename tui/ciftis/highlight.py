"""A search hit's name as Rich text with the letters that matched styled: the one place where the
command line, the lists, the search overlay and the command palette highlight a match. The name is
cleaned of control characters and never read as markup."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text

from ciftis.core.format import clean

if TYPE_CHECKING:
    from ciftis.core.search import Hit


def hit_text(hit: Hit, style: Style | str, *, indent: str = "") -> Text:
    """`indent` + the hit's name, each run of matched characters styled."""
    name = clean(hit.name)
    text = Text(indent + name)
    for start, end in _runs(hit.positions, len(name)):
        text.stylize(style, len(indent) + start, len(indent) + end)
    return text


def _runs(positions: Iterable[int], length: int) -> list[tuple[int, int]]:
    """Consecutive positions joined into (start, end) runs, those past the text dropped."""
    runs: list[tuple[int, int]] = []
    for at in sorted(position for position in positions if 0 <= position < length):
        if runs and runs[-1][1] == at:
            runs[-1] = (runs[-1][0], at + 1)
        else:
            runs.append((at, at + 1))
    return runs
