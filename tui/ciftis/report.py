"""How the command line and the explorer's launcher speak to the user: results on standard output,
messages on standard error, every string cleaned of control characters first, and one way to load
a dataset and list its problems.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

from ciftis.core.format import clean
from ciftis.core.model import Dataset
from ciftis.core.problems import Problem

SHOWN_PROBLEMS = 20  # a broken dataset's first problems; `ciftis validate` lists all of them


def write(text: str) -> None:
    """Results, on standard output."""
    sys.stdout.write(text)
    sys.stdout.flush()


def err(message: str) -> None:
    """One message, on standard error."""
    sys.stderr.write(clean(message, multiline=True) + "\n")


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def report_problems(problems: Sequence[Problem], *, all_of_them: bool = False) -> None:
    """A dataset's problems, one `path:line: message` a line (the first twenty, unless all)."""
    if all_of_them:
        for problem in problems:
            err(str(problem))
        err(f"{plural(len(problems), 'problem')} found")
        return
    err(f"ciftis: the dataset has {plural(len(problems), 'problem')}:")
    for problem in problems[:SHOWN_PROBLEMS]:
        err(f"  {problem}")
    if len(problems) > SHOWN_PROBLEMS:
        err(f"  … and {len(problems) - SHOWN_PROBLEMS} more; run `ciftis validate` for all of them")


def load_or_report(directory: str | os.PathLike[str] | None, **options: Any) -> Dataset | None:
    """The dataset (through the cache of validated datasets), or None once its problems are said."""
    from ciftis.core.cache import load_dataset

    dataset, problems = load_dataset(directory, **options)
    if problems or dataset is None:
        report_problems(problems)
        return None
    return dataset
