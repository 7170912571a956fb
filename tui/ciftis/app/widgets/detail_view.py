"""The detail view: one entity's `describe()` sections as a navigable list of lines, links and a
figures table, where enter follows a link (or opens a figure's sources) and y/Y copy what is under
the cursor.

Every dataset string is drawn as `rich.text.Text` after `format.clean`, never as markup. Colours come
from the widget's component classes at render time, so a theme change restyles what is shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, RenderResult
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.message import Message

from ciftis.app.widgets.row_view import RowView
from ciftis.core.describe import Line, describe, figure_flags, openable, source_address
from ciftis.core.format import cited_line, clean, display_value, figure_label, format_as_of, unit_column
from ciftis.core.kinds import BY_NAME, ref
from ciftis.core.model import Figure, entity_name

# What the details, and the panes not built yet, say while a large dataset's rest is read
# (CiftisApp's `rest`).
READING = "Reading the rest of the dataset…"
_WIDE_TABLE = 74  # from this width the figures table shows every column side by side
_STACKED = 46  # below this width a line's label goes above its text
_MEASURE = 110  # text wraps at this width at most, so long lines stay readable on wide terminals


@dataclass(frozen=True)
class DetailRow:
    """What one option of the view stands for."""

    kind: str  # "title", "heading", "columns", "line", "figure", "note"
    line: Line | None = None
    figure: Figure | None = None
    section: str = ""

    @property
    def ref(self) -> str | None:
        if self.kind == "figure" and self.figure is not None:
            return ref("figure", self.figure.id)
        return self.line.ref if self.line else None


def columns_text(console: Console, cells: list[tuple[Text, int, str]]) -> Text:
    """Cells side by side, each wrapped to its width ("left" or "right" justified), one space apart.

    Much cheaper than a Rich table, which matters: every option is measured on each update."""
    wrapped = []
    for text, width, justify in cells:
        if text.cell_len <= width and "\n" not in text.plain:  # most cells: one line that fits, nothing to wrap
            lines = [text.copy()]
        else:
            lines = [line.copy() for line in text.wrap(console, max(width, 1), overflow="fold")] or [Text()]
        for line in lines:
            line.rstrip()
            gap = max(width - line.cell_len, 0)
            if justify == "right":
                line.pad_left(gap)
            else:
                line.pad_right(gap)
        wrapped.append(lines)
    out = Text(no_wrap=True, overflow="crop")
    for y in range(max(len(lines) for lines in wrapped)):
        if y:
            out.append("\n")
        for n, ((_text, width, _justify), lines) in enumerate(zip(cells, wrapped, strict=True)):
            if n:
                out.append(" ")
            out.append_text(lines[y] if y < len(lines) else Text(" " * width))
    return out


class _Styled:
    """Base for renderables that look their styles up on the view when they are drawn."""

    def __init__(self, view: DetailView):
        self.view = view

    def style(self, name: str):
        return self.view.get_component_rich_style(f"detail--{name}", partial=True)


class _LineRenderable(_Styled):
    def __init__(self, view: DetailView, line: Line, label_width: int):
        super().__init__(view)
        self.line = line
        self.label_width = label_width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        text = Text(clean(self.line.text, multiline=True))
        if self.line.ref:
            text.stylize(self.style("link"))
            text.append(" ›", style=self.style("dim"))
        elif self.line.label == "URL" and openable(self.line.text):  # an OSC 8 hyperlink where the terminal has them
            text.stylize(Style(link=self.line.text))
        elif self.line.label == "Status" and self.line.text.startswith("PLAN"):
            text.stylize(self.style("plan"))
        label = Text(clean(self.line.label), style=self.style("label"))
        if width < _STACKED:  # too narrow for two columns: the label above its text
            yield columns_text(console, [(label, width, "left")])
            yield columns_text(console, [(Text(""), 1, "left"), (text, width - 2, "left")])
            return
        label_width = min(self.label_width, max(10, width // 4))
        text_width = min(width - label_width - 1, _MEASURE)
        yield columns_text(console, [(label, label_width, "left"), (text, text_width, "left")])


class _FigureColumns:
    """Column widths shared by every row of one figures table."""

    def __init__(self, figures: list[Figure], dataset):
        self.metric = max(len("Metric"), *(len(clean(figure_label(f, dataset))) for f in figures))
        self.value = max([len("Value")] + [len(display_value(f)) for f in figures])
        self.unit = max([len("Unit")] + [len(unit_column(f.unit)) for f in figures])
        self.as_of = max([0] + [len(format_as_of(f.as_of)) for f in figures])
        self.flags = max([0] + [len(", ".join(figure_flags(f))) for f in figures])
        if self.as_of:
            self.as_of = max(self.as_of, len("As of"))
        if self.flags:
            self.flags = max(self.flags, len("Flags"))

    def _fixed(self, width: int, wide: bool) -> int:
        """Cells taken by every column but the metric, gaps included."""
        fixed = self.value + 3 + 2 + ((self.unit + 1) if width >= 40 else 0)
        if wide:
            fixed += (self.as_of + 1 if self.as_of else 0) + (self.flags + 1 if self.flags else 0)
        return fixed

    def wide(self, width: int) -> bool:
        return width >= _WIDE_TABLE and width - self._fixed(width, True) >= 22

    def layout(self, width: int) -> tuple[dict[str, tuple[int, str]], bool]:
        """Each shown column's width and justification; every row of a table gets the same."""
        wide = self.wide(width)
        columns = {"metric": (max(8, min(self.metric, width - self._fixed(width, wide))), "left"), "value": (self.value, "right")}
        if width >= 40:
            columns["unit"] = (self.unit, "left")
        if wide and self.as_of:
            columns["as_of"] = (self.as_of, "left")
        columns["src"] = (3, "right")
        if wide and self.flags:
            columns["flags"] = (self.flags, "left")
        return columns, wide


class _FigureHeader(_Styled):
    def __init__(self, view: DetailView, columns: _FigureColumns):
        super().__init__(view)
        self.columns = columns

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        layout, _wide = self.columns.layout(options.max_width)
        style = self.style("column")
        names = {"metric": "Metric", "value": "Value", "unit": "Unit", "as_of": "As of", "src": "Src", "flags": "Flags"}
        yield columns_text(console, [(Text(names[key], style=style), width, justify) for key, (width, justify) in layout.items()])


class _FigureRenderable(_Styled):
    def __init__(self, view: DetailView, figure: Figure, columns: _FigureColumns):
        super().__init__(view)
        self.figure = figure
        self.columns = columns

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        figure = self.figure
        layout, wide = self.columns.layout(options.max_width)
        dataset = self.view.app.dataset
        flags = figure_flags(figure)
        metric = Text(clean(figure_label(figure, dataset)))
        as_of = format_as_of(figure.as_of)
        if not wide and (as_of or flags):  # no room for their columns: under the metric
            metric.append("\n")
            if as_of:
                metric.append(as_of, style=self.style("dim"))
            if flags:
                metric.append("  " if as_of else "")
                self._append_flags(metric, flags)
        flag_text = Text()
        self._append_flags(flag_text, flags)
        cells = {
            "metric": metric,
            "value": Text(display_value(figure), style=self.style("plan") if figure.is_plan else self.style("value")),
            "unit": Text(unit_column(figure.unit), style=self.style("dim")),
            "as_of": Text(as_of, style=self.style("dim")),
            "src": Text(str(len(figure.sources)) if figure.sources else "—", style=self.style("dim")),
            "flags": flag_text,
        }
        yield columns_text(console, [(cells[key], width, justify) for key, (width, justify) in layout.items()])

    def _append_flags(self, text: Text, flags: list[str]) -> None:
        for n, flag in enumerate(flags):
            if n:
                text.append(", ")
            text.append(flag, style=self.style({"PLAN": "plan", "derived": "derived"}.get(flag, "flag")))


class _Title(_Styled):
    def __init__(self, view: DetailView, badge: str, title: str):
        super().__init__(view)
        self.badge = badge
        self.title = title

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        text = Text()
        text.append(f" {self.badge} ", style=self.style("badge"))
        text.append(" ")
        text.append(clean(self.title), style=self.style("title"))
        yield text


class _Heading(_Styled):
    def __init__(self, view: DetailView, title: str, first: bool):
        super().__init__(view)
        self.title = title
        self.first = first

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        text = Text("" if self.first else "\n")
        text.append(clean(self.title), style=self.style("heading"))
        yield text


class DetailView(RowView):
    """One entity's sections; the cursor moves over lines, links and figures."""

    BINDINGS = [
        Binding("enter", "open", "Open", tooltip="Follow the link, or show the figure's sources", id="open"),
        Binding("y", "copy", "Copy", tooltip="Copy the value under the cursor as shown", id="copy"),
        Binding("Y", "copy_cited", "Copy cited", tooltip="Copy it labelled, with its source", id="copy_cited"),
    ]

    ONE_LINE_ROWS = False  # lines wrap to the view's width

    COMPONENT_CLASSES = {
        "detail--badge",
        "detail--title",
        "detail--heading",
        "detail--label",
        "detail--link",
        "detail--dim",
        "detail--column",
        "detail--value",
        "detail--plan",
        "detail--flag",
        "detail--derived",
    }

    class Follow(Message):
        """The reader asked to open a link (`kind:id`)."""

        def __init__(self, view: DetailView, ref: str):
            super().__init__()
            self.view = view
            self.ref = ref

    def __init__(self, *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self.entity = None
        self.rows: list[DetailRow] = []
        self._renderables: list = []

    # -- what is shown ----------------------------------------------------------------------
    @property
    def ref(self) -> str | None:
        """The `kind:id` of the entity shown."""
        return ref(self.entity.kind, self.entity.id) if self.entity is not None else None

    @property
    def current_row(self) -> DetailRow | None:
        if self.highlighted is None or not 0 <= self.highlighted < len(self.rows):
            return None
        return self.rows[self.highlighted]

    def show(self, entity, *, select: str | None = None, index: int | None = None) -> None:
        """Show an entity; put the cursor on the row linking to `select`, or at `index`."""
        dataset = self.app.dataset
        self.entity = entity
        rows: list[DetailRow] = []
        renderables: list = []
        sections = describe(entity, dataset) if entity is not None else []
        labels = [line.label for section in sections for line in section.lines]
        label_width = min(max((len(label) for label in labels), default=8), 16)
        for number, section in enumerate(sections):
            if number == 0:
                rows.append(DetailRow("title", section=section.title))
                renderables.append(_Title(self, BY_NAME[entity.kind].badge, section.title))
            else:
                rows.append(DetailRow("heading", section=section.title))
                renderables.append(_Heading(self, section.title, first=False))
            for line in section.lines:
                rows.append(DetailRow("line", line=line, section=section.title))
                renderables.append(_LineRenderable(self, line, label_width))
            if section.figures:
                columns = _FigureColumns(section.figures, dataset)
                rows.append(DetailRow("columns", section=section.title))
                renderables.append(_FigureHeader(self, columns))
                for figure in section.figures:
                    rows.append(DetailRow("figure", figure=figure, section=section.title))
                    renderables.append(_FigureRenderable(self, figure, columns))
        if entity is None:
            rows.append(DetailRow("note"))
            renderables.append(Text("Nothing to show."))
        self.rows = rows
        self._renderables = renderables
        target = None
        if select is not None:
            target = next((n for n, row in enumerate(rows) if row.ref == select), None)
        if target is None and index is not None and 0 <= index < len(rows) and rows[index].kind in ("line", "figure"):
            target = index
        if target is None:
            target = next((n for n, row in enumerate(rows) if row.kind in ("line", "figure")), None)
        self.reset_rows(len(rows), target)
        if target is not None and target > 1:  # mid-view, with its context around it
            self.scroll_to_row(target, center=True)

    def show_reading(self) -> None:
        """Say that the details are not there yet: the rest of the dataset is being read."""
        self.entity = None
        self.rows = [DetailRow("note")]
        self._renderables = [Text(READING)]
        self.reset_rows(1, None)

    def row_renderable(self, index: int):
        return self._renderables[index]

    def row_enabled(self, index: int) -> bool:
        return self.rows[index].kind in ("line", "figure")

    # -- actions ---------------------------------------------------------------------------
    def action_open(self) -> None:
        row = self.current_row
        if row is None or row.ref is None:
            self.app.bell()
            return
        self.post_message(self.Follow(self, row.ref))

    def source_url(self) -> str | None:
        """What `o` opens: the URL under the cursor, else the first address of the source, figure
        or entity the highlighted line links to, else the first of the entity shown."""
        row = self.current_row
        dataset = self.app.dataset
        if row is not None and row.line is not None and row.line.label == "URL":
            return row.line.text
        linked = dataset.resolve(row.ref) if row is not None and row.ref else None
        address = source_address(linked, dataset) if linked is not None else None
        if address is None and self.entity is not None:
            address = source_address(self.entity, dataset)
        return address

    def copy_text(self, cited: bool = False) -> tuple[str, str]:
        """What y (or Y, cited) copies here, and how to name it in the notification."""
        row = self.current_row
        dataset = self.app.dataset
        if row is None:
            return "", ""
        if row.kind == "figure" and row.figure is not None:
            if cited:
                return cited_line(row.figure, dataset), "cited figure"
            return display_value(row.figure), "figure"
        if self.entity is not None and self.entity.kind == "figure" and (cited or row.line.label == "Value"):
            if cited:
                return cited_line(self.entity, dataset), "cited figure"
            return display_value(self.entity), "figure"
        if row.line is None:
            return "", ""
        if cited:
            return f"{entity_name(self.entity)} — {row.line.label}: {row.line.text}", "labelled line"
        return row.line.text, row.line.label.lower()

    def action_copy(self) -> None:
        text, what = self.copy_text()
        self.app.copy_text(text, what=what)

    def action_copy_cited(self) -> None:
        text, what = self.copy_text(cited=True)
        self.app.copy_text(text, what=what)

    def on_row_view_selected(self, event: RowView.Selected) -> None:
        # A click: the same as the "open" action.
        if event.view is self:
            event.stop()
            self.action_open()
