"""`ciftis show REF`: one entity's details, found by `kind:id`, by year, or by a fuzzy name."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

from ciftis.cli.options import add_format, no_edition
from ciftis.core.kinds import BY_NAME, KINDS, parse_ref
from ciftis.report import err, load_or_report, write

if TYPE_CHECKING:
    import argparse

    from rich.console import Group, JustifyMethod, RenderableType

    from ciftis.cli.options import Commands
    from ciftis.core.model import Dataset, Entity

_NUMBER = re.compile(r"\d+")


def add(commands: Commands) -> None:
    show = commands.add_parser(
        "show",
        help="one entity, by kind:id, by year or by a fuzzy name",
        description="One entity's details and sources. REF is a `kind:id` reference (person:liu-hua), an edition's year (2021), an id (liu-hua) or a name, matched fuzzily. A year with no edition, or a `kind:id` that names nothing, is an error, never another entity.",
        epilog="examples:\n  ciftis show 2021\n  ciftis show person:liu-hua\n  ciftis show madrid symposium --format json",
    )
    show.add_argument("ref", nargs="+", metavar="REF")
    add_format(show, ("table", "json"), "table", json_alias=True)


class NotFound(LookupError):
    """What the user asked for is not in the dataset; the message says so."""


def find_entity(dataset: Dataset, ref: str) -> Entity:
    """An entity by `kind:id`, an edition by year, an entity by its exact id, or the best fuzzy match by
    name. Raises NotFound when a year, `kind:id` or number given exactly names nothing: no fuzzy
    match ever stands in for them."""
    from ciftis.core.search import SearchIndex

    ref = ref.strip()
    parsed = parse_ref(ref)
    if parsed is not None:
        kind, entity_id = parsed
        entity = dataset.get(kind, entity_id)
        if entity is None:
            if kind == "edition":
                raise NotFound(no_edition(entity_id if entity_id.isdigit() else repr(entity_id), dataset))
            raise NotFound(f"no {BY_NAME[kind].label.lower()} {entity_id!r}")
        return entity
    if ref.isdigit():
        if int(ref) in dataset.editions:
            return dataset.editions[int(ref)]
        raise NotFound(no_edition(int(ref), dataset))
    exact = [entity for kind in KINDS if (entity := dataset.get(kind.name, ref)) is not None]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        refs = ", ".join(f"{entity.kind}:{entity.id}" for entity in exact)
        raise NotFound(f"{ref!r} is the id of {len(exact)} entities ({refs}); give one as kind:id")
    hits = SearchIndex(dataset).search(ref, limit=1)
    if not hits:
        raise NotFound(f"nothing found for {ref!r}; try `ciftis search {ref}`")
    # A number in the question (a year, an edition's ordinal) must be in the answer.
    best = hits[0]
    missing = [number for number in _NUMBER.findall(ref) if number not in best.name and number not in best.matched]
    if missing:
        years = [number for number in missing if len(number) == 4 and int(number) not in dataset.editions]
        if years:
            raise NotFound(no_edition(years[0], dataset))
        raise NotFound(f"nothing found for {ref!r} ({missing[0]} is in no match); try `ciftis search {ref}`")
    return cast("Entity", dataset.get(best.kind, best.id))  # a hit of this dataset's index is in it


def run(args: argparse.Namespace) -> int:
    from ciftis.core.export import entity_json, to_json_text

    dataset = load_or_report(args.dataset)
    if dataset is None:
        return 1
    ref = " ".join(args.ref)
    try:
        entity = find_entity(dataset, ref)
    except NotFound as error:
        err(str(error))
        return 1
    if args.format == "json":
        write(to_json_text(entity_json(entity, dataset)))
        return 0
    from ciftis.cli.options import console

    out = console()
    out.print(render_sections(entity, dataset, width=out.width if out.terminal else None))
    return 0


def render_sections(entity: Entity, dataset: Dataset, width: int | None = None) -> Group:
    """A Rich renderable of an entity's detail sections, all text literal. A figures table too wide
    for `width` is stacked: each figure a line of its cells, none left out."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from ciftis.core.describe import describe
    from ciftis.core.format import clean, display_value, figure_label, format_as_of, format_number, unit_column

    parts: list[RenderableType] = []
    for number, section in enumerate(describe(entity, dataset)):
        title = Text(clean(section.title), style="bold reverse" if number == 0 else "bold underline")
        parts.append(Text(""))
        parts.append(title)
        if section.lines:
            grid = Table.grid(padding=(0, 2))
            grid.add_column(style="dim", max_width=22)
            grid.add_column(ratio=1, overflow="fold")
            for line in section.lines:
                text = Text(clean(line.text, multiline=True))
                if line.ref:
                    text.append(f"  [{clean(line.ref)}]", style="dim")
                grid.add_row(Text(clean(line.label)), text)
            parts.append(grid)
        if section.figures:
            headers = ("Metric", "Value", "Unit", "As of", "Src", "Flags")
            rows = []
            for figure in section.figures:
                flags = [flag for flag, on in (("plan", figure.is_plan), ("context", figure.is_context), ("derived", figure.derived is not None), ("conflict", bool(figure.conflicts_with))) if on]
                rows.append((
                    clean(figure_label(figure, dataset)),
                    display_value(figure),
                    unit_column(figure.unit),
                    format_as_of(figure.as_of),
                    format_number(len(figure.sources)) if figure.sources else "—",
                    ", ".join(flags),
                ))
            widths = [max(len(header), *(len(row[n]) for row in rows)) for n, header in enumerate(headers)]
            if width is not None and 12 + sum(widths[1:]) + 2 * 5 > width:
                # Too narrow for the columns: each figure a line, its cells labelled by their place.
                parts.append(Text("Metric: Value · Unit · As of · Sources · Flags", style="bold"))
                for row in rows:
                    stacked = Text(row[0] + ": ", style="bold")
                    stacked.append(" · ".join(cell if n != 4 else f"{cell} src" for n, cell in enumerate(row[1:], 1) if cell))
                    parts.append(stacked)
                continue
            table = Table(box=None, pad_edge=False, header_style="bold")
            justifies: tuple[JustifyMethod, ...] = ("left", "right", "left", "left", "right", "left")
            for column, justify in zip(headers, justifies, strict=True):
                table.add_column(column, justify=justify, no_wrap=column != "Metric", min_width=12 if column == "Metric" else None)
            for row in rows:
                table.add_row(*(Text(cell, style="yellow" if n == 5 and cell else "") for n, cell in enumerate(row)))
            parts.append(table)
    return Group(*parts)
