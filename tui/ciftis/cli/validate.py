"""`ciftis validate`: check the whole dataset and report every problem as `path:line: message`."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from ciftis.core.kinds import KINDS
from ciftis.report import report_problems, write

if TYPE_CHECKING:
    import argparse

    from ciftis.cli.options import Commands

def add(commands: Commands) -> None:
    commands.add_parser(
        "validate",
        help="check the dataset and report every problem",
        description="Check the whole dataset (schema, references, sources, quotes) and report every problem as path:line: message; exit 1 if there is any.",
        epilog="example:\n  ciftis validate --dataset ./my-dataset",
    )


def run(args: argparse.Namespace) -> int:
    from ciftis.core.cache import load_dataset

    started = time.perf_counter()
    dataset, problems = load_dataset(args.dataset)
    elapsed = (time.perf_counter() - started) * 1000
    if problems or dataset is None:
        report_problems(problems, all_of_them=True)
        return 1
    counts = dataset.counts()
    parts = ", ".join(f"{counts[kind.name]} {kind.section}" for kind in KINDS)
    write(f"ok: {parts} in {dataset.files} files ({elapsed:.0f} ms)\n")
    return 0
