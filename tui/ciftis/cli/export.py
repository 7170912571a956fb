"""`ciftis export`: the whole dataset as JSON, or as CSV with one row per figure."""

from __future__ import annotations

from ciftis.report import err, load_or_report, write


def add(commands) -> None:
    export = commands.add_parser(
        "export",
        help="the whole dataset as JSON, or as CSV with one row per figure",
        description="The whole dataset as JSON (the default), or as CSV with one row per figure, on standard output or into a file.",
        epilog="examples:\n  ciftis export > ciftis.json\n  ciftis export --format csv --output figures.csv",
    )
    export.add_argument("--format", choices=("json", "csv"), default="json", help="output format (default json)")
    export.add_argument("--output", metavar="PATH", help="write to PATH (a file is replaced atomically, keeping its mode; a device or FIFO is written to; - is standard output)")


def run(args) -> int:
    from ciftis.core.export import Interrupted, dataset_json, figures_csv, to_json_text, write_output

    dataset = load_or_report(args.dataset)
    if dataset is None:
        return 1
    text = to_json_text(dataset_json(dataset)) if args.format == "json" else figures_csv(dataset)
    if args.output and args.output != "-":
        try:
            write_output(args.output, text)
        except IsADirectoryError:
            err(f"ciftis: {args.output} is a directory; give a file name")
            return 2
        except Interrupted as stop:
            err(f"ciftis: interrupted; {args.output} was not written")
            return 128 + stop.signum
        except OSError as error:
            err(f"ciftis: cannot write {args.output}: {error.strerror or error}")
            return 1
        err(f"wrote {args.output}")
    else:
        write(text)
    return 0
