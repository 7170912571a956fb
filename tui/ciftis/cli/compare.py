"""`ciftis compare YEAR_A YEAR_B`: two editions' figures metric by metric, as a table, Markdown,
CSV, TSV or JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ciftis.report import err, load_or_report, write

if TYPE_CHECKING:
    import argparse

    from rich.console import Group, RenderableType
    from rich.text import Text

    from ciftis.cli.options import Commands, Output
    from ciftis.core.compare import Comparison

def add(commands: Commands) -> None:
    compare = commands.add_parser(
        "compare",
        help="compare two editions' figures",
        description="Two editions' figures metric by metric, with the difference and a note on what to know before trusting it (a bound, a plan, a derived value, sources that disagree). CSV and TSV give plain numbers for spreadsheets.",
        epilog="examples:\n  ciftis compare 2021 2023\n  ciftis compare 2021 2023 --format tsv > compare.tsv",
    )
    compare.add_argument("year_a", type=int, metavar="YEAR_A")
    compare.add_argument("year_b", type=int, metavar="YEAR_B")
    compare.add_argument("--format", choices=("table", "markdown", "csv", "tsv", "json"), default="table")
    compare.add_argument(
        "--sort",
        choices=("metric", "change", "a", "b", "delta", "pct"),
        default="metric",
        help="by metric, by size of change, or by a column's value (a, b, delta, pct: largest first)",
    )
    compare.add_argument("--reverse", action="store_true", help="the sort the other way round (metrics without a value stay last)")


def run(args: argparse.Namespace) -> int:
    from ciftis.cli.options import no_edition
    from ciftis.core.compare import compare
    from ciftis.core.export import (
        comparison_delimited,
        comparison_headers,
        comparison_json,
        comparison_markdown,
        row_cells,
        to_json_text,
    )

    dataset = load_or_report(args.dataset)
    if dataset is None:
        return 1
    for year in (args.year_a, args.year_b):
        if year not in dataset.editions:
            err(no_edition(year, dataset))
            return 1
    comparison = compare(dataset, args.year_a, args.year_b, sort=args.sort, reverse=args.reverse)
    if args.format == "json":
        write(to_json_text(comparison_json(comparison, dataset)))
    elif args.format == "markdown":
        write(comparison_markdown(comparison))
    elif args.format in ("csv", "tsv"):
        write(comparison_delimited(comparison, "," if args.format == "csv" else "\t"))
    else:
        from rich.table import Table
        from rich.text import Text

        from ciftis.cli.options import console

        out = console()
        headers = comparison_headers(comparison)
        title = Text(f"CIFTIS {args.year_a} → {args.year_b}")
        for wide, widths in layouts(comparison, headers, out):
            table = Table(title=title, header_style="bold")
            for number, header in enumerate(headers if wide else headers[:5]):
                if 1 <= number <= 4:  # a value column: as wide as its values (wrapping only between words)
                    table.add_column(header, justify="right", width=widths[number - 1])
                else:
                    table.add_column(header, min_width=16, ratio=1)
            for row in comparison.rows:
                cells = row_cells(row)
                style = "" if row.changed else "dim"
                if wide:
                    table.add_row(*(Text(cell, style=style) for cell in cells))
                else:
                    metric = Text(cells[0], style=style)
                    if cells[5]:
                        metric.append("\n" + cells[5], style="dim italic")
                    table.add_row(metric, *(Text(cell, style=style) for cell in cells[1:5]))
            out.print(table)
            return 0
        out.print(stacked(comparison, headers, title))  # too narrow for the columns: one block a metric
    return 0


def layouts(comparison: Comparison, headers: tuple[str, ...], out: Output) -> list[tuple[bool, list[int]]]:
    """The table layouts that fit, best first, as (note in its own column, value column widths):
    on a terminal of 120 columns or more the note has a column; narrower, it goes under its metric,
    and the value columns are as wide as their longest value, else their longest word. None fits
    on a terminal too narrow for a 16-cell metric beside them (the caller then stacks)."""
    from rich.cells import cell_len

    from ciftis.core.export import row_cells

    rows = [row_cells(row) for row in comparison.rows]
    whole = [max([cell_len(headers[n])] + [cell_len(cells[n]) for cells in rows]) for n in range(1, 5)]
    if not out.terminal:
        return [(True, whole)]
    words = [max([cell_len(headers[n])] + [cell_len(word) for cells in rows for word in cells[n].split()]) for n in range(1, 5)]
    borders = 3 * 5 + 1  # a space each side of every cell, and the rules between and around them
    found = []
    if out.width >= 120 and out.width >= 32 + sum(whole) + borders + 3:
        found.append((True, whole))
    found += [(False, widths) for widths in (whole, words) if out.width >= 16 + sum(widths) + borders]
    return found[:1]


def stacked(comparison: Comparison, headers: tuple[str, ...], title: Text) -> Group:
    """The comparison for a narrow terminal: each metric a block of labelled lines, nothing left out."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from ciftis.core.export import row_cells

    parts: list[RenderableType] = [Text.assemble(title, style="bold")]
    for row in comparison.rows:
        cells = row_cells(row)
        style = "" if row.changed else "dim"
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, style="bold")
        grid.add_column(overflow="fold")
        for header, cell in zip(headers[1:], cells[1:], strict=True):
            if cell or header in headers[1:3]:
                grid.add_row(Text(header), Text(cell, style=style if header != "Note" else "dim italic"))
        parts += [Text(""), Text(cells[0], style="bold underline"), grid]
    return Group(*parts)
