"""The `ciftis` command line: search, show, compare, export and validate the dataset, or launch the
explorer when no subcommand is given.

Exit codes: 0 ok, 1 a data error or nothing found, 2 a usage error. Tables are Rich renderables
built from `rich.text.Text`, so no dataset string is ever read as markup.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ciftis import __version__

KIND_CHOICES = ("edition", "event", "person", "organization", "topic", "figure", "source", "metric")


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors: message and exit 2, no traceback
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="ciftis", description="Explore the China International Fair for Trade in Services (CIFTIS): editions, figures, forums, people and IP topics, with sources.")
    parser.add_argument("--version", action="version", version=f"ciftis {__version__}")
    parser.add_argument("--dataset", metavar="DIR", help="dataset directory (default: $CIFTIS_DATASET, else the bundled dataset)")
    parser.add_argument("--theme", metavar="NAME", help="theme for the explorer (see themes/ and $XDG_CONFIG_HOME/ciftis/themes/)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    search = commands.add_parser("search", help="fuzzy search across every entity and figure")
    search.add_argument("query", nargs="+")
    search.add_argument("--kind", choices=KIND_CHOICES, help="only this kind of entity")
    search.add_argument("--limit", type=_positive, default=10, metavar="N", help="at most N results (default 10)")
    search.add_argument("--json", action="store_true", help="print JSON")

    show = commands.add_parser("show", help="one entity, by kind:id or by a fuzzy name")
    show.add_argument("ref", nargs="+", metavar="REF")
    show.add_argument("--json", action="store_true", help="print JSON")

    compare = commands.add_parser("compare", help="compare two editions' figures")
    compare.add_argument("year_a", type=int, metavar="YEAR_A")
    compare.add_argument("year_b", type=int, metavar="YEAR_B")
    compare.add_argument("--format", choices=("table", "markdown", "csv", "tsv", "json"), default="table")
    compare.add_argument("--sort", choices=("metric", "change"), default="metric", help="by metric, or by size of change")

    export = commands.add_parser("export", help="the whole dataset as JSON, or as CSV with one row per figure")
    export.add_argument("--format", choices=("json", "csv"), required=True)
    export.add_argument("--output", metavar="PATH", help="write to PATH (atomically) instead of standard output")

    commands.add_parser("validate", help="check the dataset and report every problem")
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def _err(message: str) -> None:
    from ciftis.core.format import clean

    sys.stderr.write(clean(message, multiline=True) + "\n")


def _load(args):
    """The dataset, or None after printing why it cannot be used."""
    from ciftis.core.loader import check

    dataset, problems = check(args.dataset)
    if problems or dataset is None:
        _err(f"ciftis: the dataset has {len(problems)} problem{'s' if len(problems) != 1 else ''}:")
        for problem in problems[:20]:
            _err(f"  {problem}")
        if len(problems) > 20:
            _err(f"  … and {len(problems) - 20} more; run `ciftis validate` for all of them")
        return None
    return dataset


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


# -- commands --------------------------------------------------------------------------------
def cmd_validate(args) -> int:
    from ciftis.core.loader import check

    started = time.perf_counter()
    dataset, problems = check(args.dataset)
    elapsed = (time.perf_counter() - started) * 1000
    if problems or dataset is None:
        for problem in problems:
            _err(str(problem))
        _err(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found")
        return 1
    counts = dataset.counts()
    parts = ", ".join(f"{counts[kind]} {label}" for kind, label in (
        ("edition", "editions"), ("event", "events"), ("person", "people"), ("organization", "organizations"),
        ("topic", "topics"), ("source", "sources"), ("metric", "metrics"), ("figure", "figures")))
    _write(f"ok: {parts} in {dataset.files} files ({elapsed:.0f} ms)\n")
    return 0


def cmd_search(args) -> int:
    from ciftis.core.export import to_json_text
    from ciftis.core.format import clean
    from ciftis.core.search import SearchIndex

    dataset = _load(args)
    if dataset is None:
        return 1
    query = " ".join(args.query)
    hits = SearchIndex(dataset).search(query, kinds=(args.kind,) if args.kind else None, limit=args.limit)
    if args.json:
        _write(to_json_text([{"kind": h.kind, "id": h.id, "name": clean(h.name), "score": h.score} for h in hits]))
        return 0 if hits else 1
    if not hits:
        _err(f"no match for {query!r}")
        return 1
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("Kind")
    table.add_column("Name", ratio=1)
    table.add_column("Ref", overflow="fold")
    table.add_column("Score", justify="right")
    for hit in hits:
        name = Text(clean(hit.name))
        for at in hit.positions:
            name.stylize("bold underline", at, at + 1)
        table.add_row(Text(hit.kind), name, Text(clean(hit.ref), style="dim"), Text(f"{hit.score:.0f}"))
    _console().print(table)
    return 0


def find_entity(dataset, ref: str):
    """An entity by `kind:id`, an edition by year, or the best fuzzy match by name (or None)."""
    from ciftis.core.search import SearchIndex

    ref = ref.strip()
    kind, sep, ident = ref.partition(":")
    if sep and kind in KIND_CHOICES:
        return dataset.get(kind, ident)
    if ref.isdigit() and int(ref) in dataset.editions:
        return dataset.editions[int(ref)]
    hits = SearchIndex(dataset).search(ref, limit=1)
    return dataset.get(hits[0].kind, hits[0].id) if hits else None


def cmd_show(args) -> int:
    from ciftis.core.export import entity_json, to_json_text

    dataset = _load(args)
    if dataset is None:
        return 1
    ref = " ".join(args.ref)
    entity = find_entity(dataset, ref)
    if entity is None:
        _err(f"nothing found for {ref!r}; try `ciftis search {ref}`")
        return 1
    if args.json:
        _write(to_json_text(entity_json(entity, dataset)))
        return 0
    _console().print(render_sections(entity, dataset))
    return 0


def render_sections(entity, dataset):
    """A Rich renderable of an entity's detail sections, all text literal."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from ciftis.core.describe import describe
    from ciftis.core.format import clean, display_value, figure_label, format_as_of, format_number, unit_column

    parts = []
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


def cmd_compare(args) -> int:
    from ciftis.core.compare import compare
    from ciftis.core.export import (
        comparison_delimited,
        comparison_headers,
        comparison_json,
        comparison_markdown,
        row_cells,
        to_json_text,
    )

    dataset = _load(args)
    if dataset is None:
        return 1
    for year in (args.year_a, args.year_b):
        if year not in dataset.editions:
            _err(f"no edition {year}; editions: {', '.join(map(str, dataset.editions))}")
            return 1
    comparison = compare(dataset, args.year_a, args.year_b, sort=args.sort)
    if args.format == "json":
        _write(to_json_text(comparison_json(comparison, dataset)))
    elif args.format == "markdown":
        _write(comparison_markdown(comparison))
    elif args.format in ("csv", "tsv"):
        _write(comparison_delimited(comparison, "," if args.format == "csv" else "\t"))
    else:
        from rich.table import Table
        from rich.text import Text

        console = _console()
        wide = console.width >= 120  # narrower terminals show each note under its metric
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
        console.print(table)
    return 0


def cmd_export(args) -> int:
    from ciftis.core.export import dataset_json, figures_csv, to_json_text, write_atomic

    dataset = _load(args)
    if dataset is None:
        return 1
    text = to_json_text(dataset_json(dataset)) if args.format == "json" else figures_csv(dataset)
    if args.output:
        target = Path(args.output)
        if target.is_dir():
            _err(f"ciftis: {args.output} is a directory; give a file name")
            return 2
        try:
            write_atomic(target, text)
        except OSError as error:
            _err(f"ciftis: cannot write {args.output}: {error.strerror or error}")
            return 1
        _err(f"wrote {args.output}")
    else:
        _write(text)
    return 0


COMMANDS = {
    "validate": cmd_validate,
    "search": cmd_search,
    "show": cmd_show,
    "compare": cmd_compare,
    "export": cmd_export,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            from ciftis.app.main import run

            return run(dataset=args.dataset, theme=args.theme)
        return COMMANDS[args.command](args)
    except BrokenPipeError:  # `ciftis export | head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130
