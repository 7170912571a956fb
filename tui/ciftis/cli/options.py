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


def console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)
