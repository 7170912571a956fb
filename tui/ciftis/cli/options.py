"""What the subcommands share: argument types and the Rich console they print tables with."""

from __future__ import annotations

import argparse


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


DEFAULT_WIDTH = 80
MAX_WIDTH = 1000  # a COLUMNS of millions would pad every line of a table to millions of spaces


def console(stderr: bool = False):
    """The Rich console tables are printed with: a width of at least 1 and at most MAX_WIDTH columns
    (COLUMNS=0 would print nothing), and a failing standard output reported as report.py does."""
    from rich.console import Console

    from ciftis import report

    class _Console(Console):
        def on_broken_pipe(self) -> None:  # the reader went away: the command keeps its own exit code
            report.stdout_broken_pipe()

        def print(self, *objects, **options) -> None:
            if report.reader_gone():
                return
            try:
                super().print(*objects, **options)
            except BrokenPipeError:
                report.stdout_broken_pipe()
            except (OSError, ValueError, UnicodeError) as error:
                raise report.output_failed(error) from None

    if not stderr:
        report.check_stdout()
    out = _Console(stderr=stderr, highlight=False, soft_wrap=False)
    if out.width < 1:
        out.width = DEFAULT_WIDTH
    elif out.width > MAX_WIDTH:
        out.width = MAX_WIDTH
    return out
