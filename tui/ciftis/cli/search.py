"""`ciftis search QUERY`: fuzzy, typo-tolerant search across every entity and figure."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ciftis.cli.options import add_format, positive
from ciftis.core.kinds import NAMES
from ciftis.report import err, load_or_report, write

if TYPE_CHECKING:
    import argparse

    from ciftis.cli.options import Commands

def add(commands: Commands) -> None:
    search = commands.add_parser(
        "search",
        help="fuzzy search across every entity and figure",
        description="Search every edition, event, person, organization, IP topic, figure, source and metric. Words may come in any order, and a word may have one typo.",
        epilog="examples:\n  ciftis search madird\n  ciftis search visitors 2023 --kind figure\n  ciftis search liu hau --format json",
    )
    search.add_argument("query", nargs="+")
    search.add_argument("--kind", choices=NAMES, help="only this kind of entity")
    search.add_argument("--limit", type=positive, default=10, metavar="N", help="at most N results (default 10)")
    add_format(search, ("table", "json"), "table", json_alias=True)


def run(args: argparse.Namespace) -> int:
    from ciftis.core.export import to_json_text
    from ciftis.core.format import clean
    from ciftis.core.search import SearchIndex

    dataset = load_or_report(args.dataset)
    if dataset is None:
        return 1
    query = " ".join(args.query)
    hits = SearchIndex(dataset).search(query, kinds=(args.kind,) if args.kind else None, limit=args.limit)
    if args.format == "json":
        write(to_json_text([{"kind": h.kind, "id": h.id, "name": clean(h.name), "score": h.score} for h in hits]))
        return 0 if hits else 1
    if not hits:
        err(f"no match for {query!r}")
        return 1
    from rich.table import Table
    from rich.text import Text

    from ciftis.cli.options import console
    from ciftis.highlight import hit_text

    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("Kind")
    table.add_column("Name", ratio=1)
    table.add_column("Ref", overflow="fold")
    table.add_column("Score", justify="right")
    for hit in hits:
        table.add_row(Text(hit.kind), hit_text(hit, "bold underline"), Text(clean(hit.ref), style="dim"), Text(f"{hit.score:.0f}"))
    console().print(table)
    return 0
