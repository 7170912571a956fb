"""The `ciftis` command line: search, show, compare, export and validate the dataset, or launch the
explorer when no subcommand is given.

Each subcommand is a module here with `add(commands)`, which declares its options, and `run(args)`,
which returns the exit code: 0 ok, 1 a data error or nothing found, 2 a usage error. Tables are Rich
renderables built from `rich.text.Text`, so no dataset string is ever read as markup.
"""

from __future__ import annotations

import argparse
import io
import sys
from contextlib import redirect_stdout
from importlib import import_module
from typing import Any, NoReturn

from ciftis import __version__

COMMANDS = ("search", "show", "compare", "export", "validate", "schema", "completion", "serve")


class Parser(argparse.ArgumentParser):
    """An argument parser that keeps, in public attributes, what it was given: `arguments` (every
    action `add_argument` returned, in order) and `commands` (each subcommand's name, help and parser),
    so the completion scripts are written from the parser without reading argparse's internals."""

    def __init__(self, *args: Any, **options: Any) -> None:
        self.arguments: list[argparse.Action] = []  # before argparse's own __init__, which adds --help
        self.commands: list[tuple[str, str, Parser]] = []
        super().__init__(*args, **options)

    def add_argument(self, *args: Any, **options: Any) -> argparse.Action:
        action = super().add_argument(*args, **options)
        self.arguments.append(action)
        return action

    def error(self, message: str) -> NoReturn:  # usage errors: message and exit 2, no traceback
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def _global_options(parser: argparse.ArgumentParser, default: str | None) -> None:
    """`--dataset` and `--theme`, which work before or after the subcommand."""
    parser.add_argument("--dataset", metavar="DIR", default=default, help="dataset directory (default: $CIFTIS_DATASET, else the bundled dataset)")
    parser.add_argument("--theme", metavar="NAME", default=default, help="theme for the explorer (see themes/ and $XDG_CONFIG_HOME/ciftis/themes/)")


class _Commands:
    """The subparsers, handing every subcommand the global options (which, given after the
    subcommand, override nothing when absent: `default=SUPPRESS`) and a help layout that keeps
    each subcommand's example as written; each subcommand is recorded in its parent's `commands`."""

    def __init__(self, parent: Parser, commands: Any):  # `commands`: what parent.add_subparsers returned
        self.parent = parent
        self.subparsers = commands

    def add_parser(self, name: str, **options: Any) -> Parser:
        options.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        if "description" not in options and "help" in options:
            options["description"] = options["help"][:1].upper() + options["help"][1:] + "."
        parser: Parser = self.subparsers.add_parser(name, **options)
        _global_options(parser, argparse.SUPPRESS)
        self.parent.commands.append((name, options.get("help", ""), parser))
        return parser


def build_parser() -> Parser:
    parser = Parser(
        prog="ciftis",
        description="Explore the China International Fair for Trade in Services (CIFTIS): editions, figures, forums, people and IP topics, with sources.",
        epilog="With no COMMAND, `ciftis` opens the explorer (a terminal app). `ciftis COMMAND --help` describes each command, with an example.",
    )
    parser.add_argument("--version", action="version", version=f"ciftis {__version__}")
    _global_options(parser, None)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser, title="commands (none: open the explorer)")
    wrapped = _Commands(parser, commands)
    for name in COMMANDS:
        import_module(f"ciftis.cli.{name}").add(wrapped)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; its exit code. Output that cannot be written is one message and exit 1; a
    reader that goes away (`ciftis validate | head -1`) leaves the command's own exit code."""
    from ciftis import report

    report.prepare_streams()
    try:
        printed = io.StringIO()  # --help and --version print here, and then through report.write
        try:
            with redirect_stdout(printed):
                args = build_parser().parse_args(argv)
        except SystemExit:  # --help, --version or a usage error: what they print must get out, or be said
            report.write(printed.getvalue())
            _flushed(0)
            raise
        if args.command is None:
            from ciftis.app.main import run

            return run(dataset=args.dataset, theme=args.theme)
        return _flushed(import_module(f"ciftis.cli.{args.command}").run(args))
    except report.OutputError as error:
        report.err(str(error))
        return 1
    except BrokenPipeError:  # a write that did not go through report.write
        report.stdout_broken_pipe()
        return 0
    except KeyboardInterrupt:
        return 130


def _flushed(code: int) -> int:
    """The exit code, once what is still buffered for standard output has been written."""
    from ciftis import report

    if sys.stdout is None or report.reader_gone():
        return code
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        report.stdout_broken_pipe()
    except (OSError, ValueError) as error:
        raise report.output_failed(error) from None
    return code
