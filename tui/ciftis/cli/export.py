"""`ciftis export`: the whole dataset as JSON, as CSV with one row per figure, or as a Frictionless
data package (a directory of CSVs and `datapackage.json`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ciftis.report import err, load_or_report, write

if TYPE_CHECKING:
    import argparse

    from ciftis.cli.options import Commands
    from ciftis.core.model import Dataset

def add(commands: Commands) -> None:
    export = commands.add_parser(
        "export",
        help="the whole dataset as JSON, as CSV (one row per figure) or as a data package",
        description="The whole dataset as JSON (the default), as CSV with one row per figure, or as a Frictionless data package (a directory).",
        epilog="examples:\n  ciftis export > ciftis.json\n  ciftis export --format csv --output figures.csv\n  ciftis export --format datapackage --output ciftis-data",
    )
    export.add_argument("--format", choices=("json", "csv", "datapackage"), default="json", help="output format (default json)")
    export.add_argument("--output", metavar="PATH", help="write to PATH (a file is replaced atomically, keeping its mode; a device or FIFO is written to; - is standard output); for datapackage, the directory to write")


def run(args: argparse.Namespace) -> int:
    from ciftis.core.export import Interrupted, dataset_json, figures_csv, to_json_text, write_output

    dataset = load_or_report(args.dataset)
    if dataset is None:
        return 1
    if args.format == "datapackage":
        return _datapackage(dataset, args.output)
    text = to_json_text(dataset_json(dataset)) if args.format == "json" else figures_csv(dataset)
    if args.output and args.output != "-":
        try:
            write_output(args.output, text)
        except IsADirectoryError:
            err(f"ciftis: {args.output} is a directory; give a file name")
            return 2
        except Interrupted as stop:
            err(f"ciftis: interrupted; {args.output} was not written")
            return 128 + stop.signum
        except OSError as error:
            err(f"ciftis: cannot write {args.output}: {error.strerror or error}")
            return 1
        err(f"wrote {args.output}")
    else:
        write(text)
    return 0


def _datapackage(dataset: Dataset, output: str | None) -> int:
    from ciftis.core.datapackage import write_package

    if not output:
        err("ciftis: --format datapackage writes a directory; give it with --output DIR")
        return 2
    target = Path(output)
    if target.exists() and not target.is_dir():
        err(f"ciftis: {output} is not a directory; a data package is a directory of files")
        return 2
    try:
        written = write_package(dataset, target)
    except OSError as error:
        err(f"ciftis: cannot write {output}: {error.strerror or error}")
        return 1
    err(f"wrote {target / 'datapackage.json'} and {len(written) - 1} CSV tables beside it")
    return 0
