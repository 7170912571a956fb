"""`ciftis compare YEAR_A YEAR_B`: two editions' figures metric by metric, as a table, Markdown,
CSV, TSV or JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ciftis.report import err, load_or_report, write

if TYPE_CHECKING:
    import argparse


def add(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    compare = commands.add_parser("compare", help="compare two editions' figures")
    compare.add_argument("year_a", type=int, metavar="YEAR_A")
    compare.add_argument("year_b", type=int, metavar="YEAR_B")
    compare.add_argument("--format", choices=("table", "markdown", "csv", "tsv", "json"), default="table")
    compare.add_argument("--sort", choices=("metric", "change"), default="metric", help="by metric, or by size of change")


def run(args: argparse.Namespace) -> int:
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
            err(f"no edition {year}; editions: {', '.join(map(str, dataset.editions))}")
            return 1
    comparison = compare(dataset, args.year_a, args.year_b, sort=args.sort)
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
        wide = out.width >= 120  # narrower terminals show each note under its metric
        table = Table(title=Text(f"CIFTIS {args.year_a} → {args.year_b}"), header_style="bold")
        headers = comparison_headers(comparison)
        for number, header in enumerate(headers if wide else headers[:5]):
            numeric = 1 <= number <= 4
            table.add_column(header, justify="right" if numeric else "left", no_wrap=numeric, min_width=None if numeric else 16)
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
