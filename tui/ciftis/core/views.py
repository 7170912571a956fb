"""What a pane shows, as one grid that can be saved: a `View` (a title, column names and rows) built
from a comparison, the trends grid or an entity's details, and `save_view`, which writes it as CSV, TSV,
Markdown or JSON — the format named by the file's extension.

CSV and TSV hold numbers plain beside their qualifier, unit and status (`export.delimited`, the one
writer of both); Markdown shows the cells as displayed; JSON holds the columns and the rows. Every
string is cleaned on the way out, and the file is written atomically (`export.write_output`).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ciftis.core.compare import Comparison, ComparisonRow
from ciftis.core.describe import describe, figure_flags
from ciftis.core.export import (
    SCHEMA_VERSION,
    Cell,
    comparison_delimited_headers,
    comparison_delimited_rows,
    comparison_headers,
    delimited,
    markdown_table,
    to_json_text,
    write_output,
)
from ciftis.core.format import citation, clean, display_value, figure_label, format_as_of, format_number
from ciftis.core.model import Dataset, Entity
from ciftis.core.trends import GAP, TrendRow, Trends

# The file types a view is saved as, by extension.
FORMATS: dict[str, str] = {".csv": "CSV", ".tsv": "TSV", ".md": "Markdown", ".json": "JSON"}
_LISTED = ", ".join(list(FORMATS)[:-1]) + " or " + list(FORMATS)[-1]  # ".csv, .tsv, .md or .json"


@dataclass(frozen=True)
class Shown:
    """A column Markdown shows (the cells as displayed) and its heading there."""

    heading: str
    column: str
    right: bool = False  # right-aligned, as numbers are


@dataclass(frozen=True)
class View:
    """What is on screen as one grid: every column for CSV, TSV and JSON, the displayed ones for
    Markdown (`shown`; every column when it is empty)."""

    title: str
    name: str  # the default file name's middle: "compare-2023-2024" → ciftis-compare-2023-2024.csv
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    shown: tuple[Shown, ...] = ()
    suffix: str = ".csv"  # the default file type

    @property
    def default_file_name(self) -> str:
        return f"ciftis-{self.name}{self.suffix}"


class UnknownFormat(ValueError):
    """A file name whose extension names none of the formats a view is saved as."""

    def __init__(self, path: str | os.PathLike[str]):
        suffix = Path(path).suffix
        named = f"“{clean(suffix)}” is not a format a view is saved as" if suffix else "The file name has no extension"
        super().__init__(f"{named}: end it with {_LISTED}.")


# -- views ---------------------------------------------------------------------------------------
def comparison_view(comparison: Comparison, rows: Sequence[ComparisonRow] | None = None) -> View:
    """A comparison with its rows in the order given (as the table shows them): the columns of
    `ciftis compare --format csv`; Markdown shows the table as displayed."""
    a, b = comparison.year_a, comparison.year_b
    displayed = ("label", f"{a} as shown", f"{b} as shown", "Δ as shown", "Δ% as shown", "note")
    return View(
        title=f"Compare {a} with {b}",
        name=f"compare-{a}-{b}",
        columns=comparison_delimited_headers(comparison),
        rows=tuple(comparison_delimited_rows(comparison, rows)),
        shown=tuple(Shown(heading, column, right=n in range(1, 5)) for n, (heading, column) in enumerate(zip(comparison_headers(comparison), displayed, strict=True))),
    )


ENTITY_COLUMNS = ("section", "label", "shown", "value", "unit", "qualifier", "status", "as_of", "flags", "sources", "ref")
_ENTITY_SHOWN = (Shown("Section", "section"), Shown("Item", "label"), Shown("As shown", "shown"), Shown("Flags", "flags"), Shown("Sources", "sources"))


def entity_view(entity: Entity, dataset: Dataset) -> View:
    """An entity's details, one row per line and per figure, section by section: a figure with its
    value (a plain number), unit, qualifier, status, as-of time, flags and sources."""
    sections = describe(entity, dataset)
    rows: list[tuple[Cell, ...]] = []
    for section in sections:
        for line in section.lines:
            rows.append((section.title, line.label, line.text, None, "", "", "", "", "", "", line.ref or ""))
        for figure in section.figures:
            shown = " ".join(part for part in (display_value(figure), format_as_of(figure.as_of)) if part)
            rows.append((
                section.title, figure_label(figure, dataset), shown, figure.value, figure.unit, figure.qualifier.value,
                figure.status.value, figure.as_of or "", ", ".join(figure_flags(figure)), citation(figure, dataset), f"figure:{figure.id}",
            ))
    return View(
        title=sections[0].title if sections else str(entity.id),
        name=f"{entity.kind}-{entity.id}",
        columns=ENTITY_COLUMNS,
        rows=tuple(rows),
        shown=_ENTITY_SHOWN,
        suffix=".md",
    )


TREND_COLUMNS = ("metric", "edition", "shown", "value", "unit", "qualifier", "status", "as_of", "flags", "sources", "metric_id", "ref")
_TREND_SHOWN = (Shown("Metric", "metric"), Shown("Edition", "edition"), Shown("As shown", "shown", right=True), Shown("Flags", "flags"), Shown("Sources", "sources"))


def trends_view(grid: Trends, rows: Sequence[TrendRow], dataset: Dataset) -> View:
    """The trends grid with its rows in the order given (as the pane shows them, sorted and
    filtered), one row per metric and edition: a figure with its value (a plain number), unit,
    qualifier, status, as-of time, flags and sources; an edition that reports none is a row with
    no value, shown as the grid shows a gap."""
    out: list[tuple[Cell, ...]] = []
    for row in rows:
        for cell in row.cells:
            figure = cell.figure
            if figure is None:
                out.append((row.metric.label, str(cell.year), GAP, None, "", "", "", "", "", "", row.metric.id, ""))
                continue
            shown = " ".join(part for part in (display_value(figure), format_as_of(figure.as_of)) if part)
            out.append((
                row.metric.label, str(cell.year), shown, figure.value, figure.unit, figure.qualifier.value, figure.status.value,
                figure.as_of or "", ", ".join(figure_flags(figure)), citation(figure, dataset), row.metric.id, f"figure:{figure.id}",
            ))
    years = f"{grid.years[0]}-{grid.years[-1]}" if grid.years else "none"
    return View(title=f"Trends {years}", name=f"trends-{years}", columns=TREND_COLUMNS, rows=tuple(out), shown=_TREND_SHOWN)


# -- formats -------------------------------------------------------------------------------------
def _shown_cell(cell: Cell) -> str:
    if cell is None:
        return ""
    return cell if isinstance(cell, str) else format_number(cell)


def view_markdown(view: View) -> str:
    """A heading with the view's title, then its displayed columns as a Markdown table."""
    shown = view.shown or tuple(Shown(column, column) for column in view.columns)
    index = [view.columns.index(column.column) for column in shown]
    table = markdown_table(
        [column.heading for column in shown],
        ([_shown_cell(row[n]) for n in index] for row in view.rows),
        right=[n for n, column in enumerate(shown) if column.right],
    )
    return f"# {clean(view.title)}\n\n{table}"


def _json_cell(cell: Cell) -> Cell:
    if isinstance(cell, str):
        return clean(cell)
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    return cell


def view_json(view: View) -> str:
    """`{"schema_version": 2, "title", "columns", "rows"}`, each row a list of cells in column order
    (numbers as numbers, null where there is none)."""
    return to_json_text({
        "schema_version": SCHEMA_VERSION,
        "title": clean(view.title),
        "columns": [clean(column) for column in view.columns],
        "rows": [[_json_cell(cell) for cell in row] for row in view.rows],
    })


def view_format(path: str | os.PathLike[str]) -> str:
    """The format a file name asks for, by its extension (in any case): ".csv", ".tsv", ".md" or
    ".json"; any other raises UnknownFormat."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise UnknownFormat(path)
    return suffix


def view_text(view: View, suffix: str) -> str:
    """The view in the format of a file extension (one of FORMATS)."""
    suffix = view_format(f"view{suffix}")
    if suffix == ".md":
        return view_markdown(view)
    if suffix == ".json":
        return view_json(view)
    return delimited(view.columns, view.rows, "," if suffix == ".csv" else "\t")


def save_view(view: View, path: str | os.PathLike[str]) -> Path:
    """Write the view to `path` in the format its extension names; returns the path written.

    An unknown extension raises UnknownFormat before anything is touched. An existing file is
    replaced atomically and keeps its mode; a symlink is written through. A directory, a FIFO, a
    device or a socket is refused (OSError), as are a missing folder and a read-only file."""
    text = view_text(view, view_format(path))
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    if info is not None and not stat.S_ISDIR(info.st_mode) and not stat.S_ISREG(info.st_mode):
        raise OSError(errno.EINVAL, "not a regular file (a pipe, a device or a socket)", str(path))
    write_output(path, text)
    return Path(path)
