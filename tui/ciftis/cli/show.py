"""`ciftis show REF`: one entity's details, found by `kind:id`, by year, or by a fuzzy name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ciftis.core.kinds import parse_ref
from ciftis.report import err, load_or_report, write

if TYPE_CHECKING:
    import argparse

    from rich.console import Group

    from ciftis.core.model import Dataset, Entity


def add(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    show = commands.add_parser("show", help="one entity, by kind:id or by a fuzzy name")
    show.add_argument("ref", nargs="+", metavar="REF")
    show.add_argument("--json", action="store_true", help="print JSON")


def find_entity(dataset: Dataset, ref: str) -> Entity | None:
    """An entity by `kind:id`, an edition by year, or the best fuzzy match by name (or None)."""
    from ciftis.core.search import SearchIndex

    ref = ref.strip()
    parsed = parse_ref(ref)
    if parsed is not None:
        return dataset.get(*parsed)
    if ref.isdigit() and int(ref) in dataset.editions:
        return dataset.editions[int(ref)]
    hits = SearchIndex(dataset).search(ref, limit=1)
    return dataset.get(hits[0].kind, hits[0].id) if hits else None


def run(args: argparse.Namespace) -> int:
    from ciftis.core.export import entity_json, to_json_text

    dataset = load_or_report(args.dataset)
    if dataset is None:
        return 1
    ref = " ".join(args.ref)
    entity = find_entity(dataset, ref)
    if entity is None:
        err(f"nothing found for {ref!r}; try `ciftis search {ref}`")
        return 1
    if args.json:
        write(to_json_text(entity_json(entity, dataset)))
        return 0
    from ciftis.cli.options import console

    console().print(render_sections(entity, dataset))
    return 0


def render_sections(entity: Entity, dataset: Dataset) -> Group:
    """A Rich renderable of an entity's detail sections, all text literal."""
    from rich.console import Group, JustifyMethod, RenderableType
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
            table = Table(box=None, pad_edge=False, header_style="bold")
            justify: JustifyMethod
            for column, justify in (("Metric", "left"), ("Value", "right"), ("Unit", "left"), ("As of", "left"), ("Src", "right"), ("Flags", "left")):
                table.add_column(column, justify=justify)
            for figure in section.figures:
                flags = [flag for flag, on in (("plan", figure.is_plan), ("context", figure.is_context), ("derived", figure.derived is not None), ("conflict", bool(figure.conflicts_with))) if on]
                table.add_row(
                    Text(clean(figure_label(figure, dataset))),
                    Text(display_value(figure)),
                    Text(unit_column(figure.unit)),
                    Text(format_as_of(figure.as_of)),
                    Text(format_number(len(figure.sources)) if figure.sources else "—"),
                    Text(", ".join(flags), style="yellow" if flags else ""),
                )
            parts.append(table)
    return Group(*parts)
