"""`ciftis schema export|show|search|compare`: the JSON Schema (draft 2020-12) of that command's
JSON output, as shipped in the package (`ciftis/schemas/`)."""

from __future__ import annotations

from ciftis.report import write
from ciftis.schemas import NAMES


def add(commands) -> None:
    schema = commands.add_parser("schema", help="print the JSON Schema of a command's JSON output")
    schema.add_argument("output", choices=NAMES, metavar="OUTPUT", help=f"one of: {', '.join(NAMES)}")


def run(args) -> int:
    from ciftis.schemas import schema_text

    write(schema_text(args.output))
    return 0
