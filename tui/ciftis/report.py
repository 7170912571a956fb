"""How the command line and the explorer's launcher speak to the user: results on standard output,
messages on standard error, every string cleaned of control characters first, and one way to load
a dataset and list its problems.

Writing itself can fail, and never as a traceback: `prepare_streams()` (first thing in `main`) makes
both streams replace what their encoding cannot hold, and UTF-8 where the locale names no encoding
(C/POSIX, ASCII) and PYTHONIOENCODING chose none. A reader that goes away (`| head`) is not an error:
standard output is pointed at the null device and the command finishes with its own exit code. A
closed or full standard output raises `OutputError`, which `main` reports in one line (exit 1).
A message that cannot be written to standard error is dropped.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from ciftis.core.format import clean
from ciftis.core.model import Dataset
from ciftis.core.problems import Problem

SHOWN_PROBLEMS = 20  # a broken dataset's first problems; `ciftis validate` lists all of them


class OutputError(Exception):
    """Standard output cannot take the results (closed, full, failing): the one-line reason."""


_ASCII = {"ascii", "us-ascii", "ansi_x3.4-1968", "646"}
_reader_gone = False  # standard output's reader went away (a broken pipe); the rest is dropped


def prepare_streams() -> None:
    """Both streams replace what their encoding cannot hold; UTF-8 where the locale says nothing."""
    chosen = bool(os.environ.get("PYTHONIOENCODING"))
    for stream, errors in ((sys.stdout, "replace"), (sys.stderr, "backslashreplace")):
        if stream is None or not hasattr(stream, "reconfigure"):
            continue
        try:
            ascii_locale = (stream.encoding or "").lower() in _ASCII
            if ascii_locale and not chosen:
                stream.reconfigure(encoding="utf-8", errors=errors)
            else:
                stream.reconfigure(errors=errors)
        except (OSError, ValueError, LookupError):
            pass


def reader_gone() -> bool:
    return _reader_gone


def stdout_broken_pipe() -> None:
    """Standard output's reader has gone: send the rest of the output to the null device."""
    global _reader_gone
    _reader_gone = True
    _silence(sys.stdout)


def _silence(stream: TextIO) -> None:
    """Point a failed stream's descriptor at the null device, so the interpreter's last flush of
    what is still buffered cannot fail again at exit."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, stream.fileno())
        finally:
            os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


def output_failed(error: BaseException) -> OutputError:
    """The OutputError for a failed write to standard output (after silencing the stream)."""
    _silence(sys.stdout)
    reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return OutputError(f"ciftis: cannot write the output: {reason}")


def check_stdout() -> None:
    """OutputError when there is no standard output at all (started with it closed)."""
    if sys.stdout is None:
        raise OutputError("ciftis: cannot write the output: standard output is closed")


def write(text: str) -> None:
    """Results, on standard output."""
    if _reader_gone:
        return
    check_stdout()
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        stdout_broken_pipe()
    except (OSError, ValueError, UnicodeError) as error:
        raise output_failed(error) from None


def err(message: str) -> None:
    """One message, on standard error (dropped when standard error cannot take it)."""
    try:
        sys.stderr.write(clean(message, multiline=True) + "\n")
        sys.stderr.flush()
    except (AttributeError, OSError, ValueError, UnicodeError):
        _silence(sys.stderr)


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
