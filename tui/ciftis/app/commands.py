"""Command-palette providers: the dataset search (the same `SearchIndex` as the overlay) and
"compare YEAR with YEAR". The app's other commands come from `CiftisApp.get_system_commands`.
"""

from __future__ import annotations

import asyncio
import re
from functools import partial

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.style import Style

from ciftis.core.format import clean
from ciftis.core.kinds import BY_NAME
from ciftis.highlight import hit_text

_YEAR = re.compile(r"\b(\d{4})\b")


def hit_prompt(hit, match_style: Style | None) -> Content:
    """A hit's name with the matched characters highlighted, as literal text (never markup)."""
    return Content.from_rich_text(hit_text(hit, match_style.rich_style if match_style is not None else "bold underline"))


class EntitySearchProvider(Provider):
    """Every edition, event, person, organization, topic, figure, source and metric."""


    async def search(self, query: str) -> Hits:
        if not query.strip():
            return
        app = self.app
        hits = await asyncio.to_thread(lambda: app.search_index.search(query, limit=15))  # the index too is found in the thread: it may wait
        for hit in hits:
            yield Hit(
                min(hit.score / 100.0, 1.0) * 0.95,  # commands named exactly outrank entities
                hit_prompt(hit, self.match_style),
                partial(app.jump_to, hit.ref),
                text=clean(hit.name),
                help=BY_NAME[hit.kind].help,
            )

    async def discover(self) -> Hits:
        app = self.app
        for edition in reversed(list(app.dataset.editions.values())):
            yield DiscoveryHit(Text(f"Open {edition.title}"), partial(app.jump_to, f"edition:{edition.year}"), text=f"Open {edition.title}", help="Edition")


class CompareProvider(Provider):
    """ "compare 2021 2023" → compare those two editions."""

    async def search(self, query: str) -> Hits:
        app = self.app
        asked = [int(y) for y in _YEAR.findall(query)]
        years = [year for year in asked if year in app.dataset.editions]
        words = _YEAR.sub("", query).strip()
        if words and self.matcher(words).match("compare") <= 0:
            return
        missing = [year for year in asked if year not in app.dataset.editions]
        if missing:  # never another year in its place
            label = f"No edition {missing[0]}"
            editions = ", ".join(map(str, app.dataset.editions))
            message = f"no edition {missing[0]}; editions: {editions}"
            yield Hit(1.0, Text(label), partial(app.notify, message, severity="warning"), text=label, help=f"Editions: {editions}")
            return
        if len(years) >= 2:
            a, b = years[0], years[1]
            label = f"Compare {a} with {b}"
            yield Hit(1.0, Text(label), partial(app.compare_editions, a, b), text=label, help="Open the Compare pane with these editions")
        elif len(years) == 1:
            for other in app.dataset.editions:
                if other != years[0]:
                    a, b = sorted((years[0], other))
                    label = f"Compare {a} with {b}"
                    yield Hit(0.8, Text(label), partial(app.compare_editions, a, b), text=label, help="Open the Compare pane with these editions")
