"""`ciftis export`: the whole dataset as JSON, or as CSV with one row per figure."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ciftis.report import err, load_or_report, write

if TYPE_CHECKING:
    import argparse


def add(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = commands.add_parser("export", help="the whole dataset as JSON, or as CSV with one row per figure")
    export.add_argument("--format", choices=("json", "csv"), required=True)
    export.add_argument("--output", metavar="PATH", help="write to PATH (atomically) instead of standard output")


def run(args: argparse.Namespace) -> int:
    from ciftis.core.export import dataset_json, figures_csv, to_json_text, write_atomic

    dataset = load_or_report(args.dataset)
    if dataset is None:
        return 1
    text = to_json_text(dataset_json(dataset)) if args.format == "json" else figures_csv(dataset)
    if args.output:
        target = Path(args.output)
        if target.is_dir():
            err(f"ciftis: {args.output} is a directory; give a file name")
            return 2
        try:
            write_atomic(target, text)
        except OSError as error:
            err(f"ciftis: cannot write {args.output}: {error.strerror or error}")
            return 1
        err(f"wrote {args.output}")
    else:
        write(text)
    return 0
