"""How figures read: values with their qualifier and unit ("> 2,400", "≈ 280,000 people", "126,000 m²"),
as-of dates ("as of Sept 6 noon"), citations, and text made safe for a terminal or a clipboard.

The command line, the exports and the app all format through here, so a figure reads the same
everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from ciftis.core.model import Dataset, Figure, Qualifier

QUALIFIER_SYMBOLS = {
    Qualifier.EXACT: "",
    Qualifier.MORE_THAN: "> ",
    Qualifier.AT_LEAST: "≥ ",
    Qualifier.NEARLY: "≈ ",
    Qualifier.ABOUT: "~ ",
    Qualifier.LESS_THAN: "< ",
}
QUALIFIER_WORDS = {
    Qualifier.EXACT: "",
    Qualifier.MORE_THAN: "more than ",
    Qualifier.AT_LEAST: "at least ",
    Qualifier.NEARLY: "nearly ",
    Qualifier.ABOUT: "about ",
    Qualifier.LESS_THAN: "less than ",
}
UNIT_LABELS = {
    "count": "count",
    "people": "people",
    "person_times": "person-times",
    "m2": "m²",
    "percent": "%",
    "usd": "US$",
    "cny": "yuan",
    "rank": "rank",
}
# The unit a bare number is taken to be: the only one a value is shown without.
BARE_COUNT = "count"
_MONTHS = ("Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec")
_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))

# C0 and C1 controls, DEL, and the bidirectional embedding/override/isolate controls.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def clean(text: str, *, multiline: bool = False) -> str:
    """Text with every control character replaced by U+FFFD, safe to print or copy."""
    text = text.replace("\t", " ")
    if not multiline:
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    else:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _UNSAFE.sub("\ufffd", text)


def fold(text: str) -> str:
    """Lowercase, accent-free text for matching ("Micheál" → "micheal")."""
    if text.isascii():  # nothing to decompose: the common case, ten times faster
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def format_number(value: float, digits: int = 2) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.{digits}f}".rstrip("0").rstrip(".")


def format_amount(value: float, unit: str) -> str:
    """A value in its unit: "126,000 m²", "21%", "US$60.11 billion", "29.6 trillion yuan",
    "153,000 person-times", "2,400" (a bare count, the one unit a value is shown without)."""
    if unit in ("usd", "cny"):
        number = format_number(value)
        for scale, word in _SCALES:
            if abs(value) >= scale:
                number = f"{format_number(value / scale)} {word}"
                break
        return f"US${number}" if unit == "usd" else f"{number} yuan"
    if unit == "percent":
        return f"{format_number(value)}%"
    if unit == "m2":
        return f"{format_number(value)} m²"
    if unit == "rank":
        return f"#{format_number(value)}"
    if unit == BARE_COUNT:
        return format_number(value)
    return f"{format_number(value)} {UNIT_LABELS.get(unit, unit)}"


_SHORT_SCALES = {"trillion": "tn", "billion": "bn", "million": "mn"}


def grid_amount(value: float, unit: str) -> str:
    """A value as a grid cell shows it when its row names the unit once (`grid_unit`): "126,000",
    "78.69 bn" (US$), "29.6 tn" (yuan), "21%", "#3"."""
    if unit in ("usd", "cny"):
        for scale, word in _SCALES:
            if abs(value) >= scale:
                return f"{format_number(value / scale)} {_SHORT_SCALES[word]}"
        return format_number(value)
    if unit in ("percent", "rank"):
        return format_amount(value, unit)
    return format_number(value)


def grid_unit(unit: str) -> str:
    """The unit a grid row names once for its `grid_amount` cells: "m²", "US$", "person-times";
    "" where the cells say it ("21%", "#3") or it is a bare count."""
    if unit in ("percent", "rank", BARE_COUNT):
        return ""
    return UNIT_LABELS.get(unit, unit)


def unit_column(unit: str) -> str:
    """What a table's Unit column says: the unit's name, or "" when the value already shows it
    (every unit but a bare count does)."""
    return UNIT_LABELS[BARE_COUNT] if unit == BARE_COUNT else ""


def display_value(figure: Figure) -> str:
    """The value as tables show it, qualifier as a symbol: "> 2,400", "≈ 280,000 people"."""
    return QUALIFIER_SYMBOLS[figure.qualifier] + format_amount(figure.value, figure.unit)


def words_value(figure: Figure) -> str:
    """The value as a sentence says it: "more than 2,400", "nearly 280,000 people"."""
    return QUALIFIER_WORDS[figure.qualifier] + format_amount(figure.value, figure.unit)


def format_as_of(as_of: str | None, *, with_year: bool = False) -> str:
    """ "2023-09-06T12:00" → "as of Sept 6 noon"; "" when there is no as-of date."""
    if not as_of:
        return ""
    if "T" in as_of:
        moment = datetime.fromisoformat(as_of)
        day = moment.date()
        time = "noon" if (moment.hour, moment.minute) == (12, 0) else moment.strftime("%H:%M")
    else:
        day, time = date.fromisoformat(as_of), ""
    text = f"as of {_MONTHS[day.month - 1]} {day.day}"
    if with_year:
        text += f", {day.year}"
    return f"{text} {time}".rstrip()


def format_date(day: date | None) -> str:
    return day.isoformat() if day else "n.d."


def format_span(start: date | None, end: date | None) -> str:
    """ "Sept 2–7, 2021"; "May 28 – June 1, 2012"; "" if unknown."""
    if start is None and end is None:
        return ""
    if start is None or end is None:
        day = start or end
        assert day is not None  # one of the two is known
        return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"
    if start.month == end.month and start.year == end.year:
        return f"{_MONTHS[start.month - 1]} {start.day}–{end.day}, {end.year}"
    if start.year == end.year:
        return f"{_MONTHS[start.month - 1]} {start.day} – {_MONTHS[end.month - 1]} {end.day}, {end.year}"
    return f"{start.isoformat()} – {end.isoformat()}"


def citation(figure: Figure, dataset: Dataset) -> str:
    """Where a figure comes from, short: "People's Daily Online, 2021-09-11" or "derived: a - b"."""
    if figure.derived is not None and not figure.sources:
        return f"derived: {figure.derived.formula}"
    cited = []
    for ref in figure.sources:
        source = dataset.sources.get(ref.source)
        if source is not None and source.citation not in cited:
            cited.append(source.citation)
    return "; ".join(cited)


def figure_label(figure: Figure, dataset: Dataset) -> str:
    metric = dataset.metrics.get(figure.metric)
    return metric.label if metric else figure.metric


def owner_title(figure: Figure, dataset: Dataset) -> str:
    owner = dataset.owner_of(figure)
    if owner is None:
        return figure.owner_id
    return owner.title if hasattr(owner, "title") and owner.kind == "edition" else owner.name


def cited_line(figure: Figure, dataset: Dataset) -> str:
    """A figure labelled and cited, for a report:
    "CIFTIS 2021 — Exhibition area: 126,000 m² (People's Daily Online, 2021-09-11)"."""
    parts = [words_value(figure)]
    if figure.as_of:
        parts.append(format_as_of(figure.as_of, with_year=True))
    if figure.is_plan:
        parts.append("planned, not a result")
    text = f"{owner_title(figure, dataset)} — {figure_label(figure, dataset)}: {', '.join(parts)} ({citation(figure, dataset)})"
    return clean(text)
