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


def no_edition(year, dataset) -> str:
    """What is said when a year has no edition: "no edition 2015; editions: 2012, 2013, …"."""
    return f"no edition {year}; editions: {', '.join(map(str, dataset.editions))}"


def add_format(parser, choices: tuple[str, ...], default: str, *, json_alias: bool = False) -> None:
    """`--format`, and for the commands that always had it, `--json` as another way to say `--format json`."""
    parser.add_argument("--format", choices=choices, default=default, help=f"output format (default {default})")
    if json_alias:
        parser.add_argument("--json", dest="format", action="store_const", const="json", help="the same as --format json")


class Output:
    """Where tables go. On a terminal, Rich lays them out to its width; anywhere else (a pipe, a
    file) lines are never wrapped or padded, so ids, references and URLs stay whole for grep and
    cut (tables keep their columns)."""

    PIPED_WIDTH = 10_000  # wide enough that nothing a dataset holds is wrapped

    def __init__(self, stderr: bool = False):
        from rich.console import Console

        self.console = Console(stderr=stderr, highlight=False, soft_wrap=False)
        self.terminal = self.console.is_terminal
        if not self.terminal:
            self.console = Console(stderr=stderr, highlight=False, soft_wrap=False, width=self.PIPED_WIDTH, color_system=None)

    @property
    def width(self) -> int:
        return self.console.width

    def print(self, renderable) -> None:
        if self.terminal:
            self.console.print(renderable)
            return
        from ciftis.report import write

        with self.console.capture() as captured:
            self.console.print(renderable)
        write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


def console(stderr: bool = False) -> Output:
    return Output(stderr)
