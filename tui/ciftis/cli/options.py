"""What the subcommands share: argument types and the Rich console they print tables with."""

from __future__ import annotations

import argparse
import io
from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from ciftis.core.model import Dataset


class Commands(Protocol):
    """What a subcommand's `add(commands)` is given: the subparsers, as `ciftis.cli` wraps them."""

    def add_parser(self, name: str, **options: Any) -> argparse.ArgumentParser: ...


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


def no_edition(year: int | str, dataset: Dataset) -> str:
    """What is said when a year has no edition: "no edition 2015; editions: 2012, 2013, …"."""
    return f"no edition {year}; editions: {', '.join(map(str, dataset.editions))}"


def add_format(parser: argparse.ArgumentParser, choices: tuple[str, ...], default: str, *, json_alias: bool = False) -> None:
    """`--format`, and for the commands that always had it, `--json` as another way to say `--format json`."""
    parser.add_argument("--format", choices=choices, default=default, help=f"output format (default {default})")
    if json_alias:
        parser.add_argument("--json", dest="format", action="store_const", const="json", help="the same as --format json")


def _rich_console(stderr: bool, **options: Any) -> Console:
    """A Rich console whose failing output is reported as report.py does (a reader gone keeps the
    command's exit code; a full or closed stream is one message and exit 1)."""
    from rich.console import Console

    from ciftis import report

    class _Console(Console):
        def on_broken_pipe(self) -> None:  # the reader went away: the command keeps its own exit code
            report.stdout_broken_pipe()

        def print(self, *objects: Any, **print_options: Any) -> None:
            if report.reader_gone():
                return
            try:
                super().print(*objects, **print_options)
            except BrokenPipeError:
                report.stdout_broken_pipe()
            except (OSError, ValueError, UnicodeError) as error:
                raise report.output_failed(error) from None

    return _Console(stderr=stderr, highlight=False, soft_wrap=False, **options)


class Output:
    """Where tables go. On a terminal, Rich lays them out to its width (at least 1 and at most
    MAX_WIDTH columns: COLUMNS=0 would print nothing); anywhere else (a pipe, a file) lines are
    never wrapped or padded, so ids, references and URLs stay whole for grep and cut (tables keep
    their columns)."""

    PIPED_WIDTH = 10_000  # wide enough that nothing a dataset holds is wrapped

    def __init__(self, stderr: bool = False):
        from ciftis import report

        if not stderr:
            report.check_stdout()
        self.console = _rich_console(stderr)
        self.terminal = self.console.is_terminal
        if not self.terminal:  # rendered into text, then written through report.write
            self.console = _rich_console(stderr, width=self.PIPED_WIDTH, color_system=None, file=io.StringIO())
        elif self.console.width < 1:
            self.console.width = DEFAULT_WIDTH
        elif self.console.width > MAX_WIDTH:
            self.console.width = MAX_WIDTH

    @property
    def width(self) -> int:
        return self.console.width

    def print(self, renderable: RenderableType) -> None:
        if self.terminal:
            self.console.print(renderable)
            return
        from ciftis.report import write

        rendered = cast(io.StringIO, self.console.file)  # off a terminal, the console renders into a StringIO
        rendered.seek(0)
        rendered.truncate()
        self.console.print(renderable)
        write("".join(line.rstrip() + "\n" for line in rendered.getvalue().splitlines()))


def console(stderr: bool = False) -> Output:
    return Output(stderr)
