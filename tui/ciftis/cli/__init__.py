"""The `ciftis` command line: search, show, compare, export and validate the dataset, or launch the
explorer when no subcommand is given.

Each subcommand is a module here with `add(commands)`, which declares its options, and `run(args)`,
which returns the exit code: 0 ok, 1 a data error or nothing found, 2 a usage error. Tables are Rich
renderables built from `rich.text.Text`, so no dataset string is ever read as markup.
"""

from __future__ import annotations

import argparse
import sys
from importlib import import_module
from typing import NoReturn, cast

from ciftis import __version__

COMMANDS = ("search", "show", "compare", "export", "validate")


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # usage errors: message and exit 2, no traceback
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="ciftis", description="Explore the China International Fair for Trade in Services (CIFTIS): editions, figures, forums, people and IP topics, with sources.")
    parser.add_argument("--version", action="version", version=f"ciftis {__version__}")
    parser.add_argument("--dataset", metavar="DIR", help="dataset directory (default: $CIFTIS_DATASET, else the bundled dataset)")
    parser.add_argument("--theme", metavar="NAME", help="theme for the explorer (see themes/ and $XDG_CONFIG_HOME/ciftis/themes/)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name in COMMANDS:
        import_module(f"ciftis.cli.{name}").add(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            from ciftis.app.main import run

            return run(dataset=args.dataset, theme=args.theme)
        return cast(int, import_module(f"ciftis.cli.{args.command}").run(args))  # each command module's run(args) -> int
    except BrokenPipeError:  # `ciftis export | head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130
