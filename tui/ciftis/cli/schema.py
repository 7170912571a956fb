"""`ciftis schema export|show|search|compare`: the JSON Schema (draft 2020-12) of that command's
JSON output, as shipped in the package (`ciftis/schemas/`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ciftis.report import write
from ciftis.schemas import NAMES

if TYPE_CHECKING:
    import argparse

    from ciftis.cli.options import Commands


def add(commands: Commands) -> None:
    schema = commands.add_parser("schema", help="print the JSON Schema of a command's JSON output")
    schema.add_argument("output", choices=NAMES, metavar="OUTPUT", help=f"one of: {', '.join(NAMES)}")


def run(args: argparse.Namespace) -> int:
    from ciftis.schemas import schema_text

    write(schema_text(args.output))
    return 0
