"""A hostile dataset: every name, title, label, quote and note is a string built to attack a display.

`HOSTILE_NAMES` maps a short key to the string; `write_hostile_dataset(root)` writes a valid dataset
where each key gets its own source, metric, organization, person, event, topic and a figure in two
editions, all carrying that string. Ids are `<kind>-<key>` (`person-osc52`, `metric-bidi`,
`figure-2021-ansi`); the editions are 2021 and 2022 and the whole dataset loads without problems.

`UNSAFE_OUTPUT` matches what must never reach a terminal or an export: C0 controls other than tab
and newline, DEL, C1 controls, and the bidirectional embedding/override/isolate controls.
`SURVIVING` are the substrings of the hostile strings that must come out intact (markup read
literally, CJK, emoji), and `SEARCH_WORDS` a plain query that finds each key's entities. The
command-line tests use them all; the app tests reuse them.
"""

from __future__ import annotations

import re
from pathlib import Path

LONG_LENGTH = 10_000

HOSTILE_NAMES: dict[str, str] = {
    "markup": "[bold red]Boom[/bold red] Markup",
    "click": "[@click=app.quit]Quit[/] Click",
    "link": "[link=https://evil.example]x[/link] Link",
    "ansi": "Ansi \x1b[31mRED\x1b[0m \x1b[2J\x1b[H",
    "osc52": "Clip \x1b]52;c;ZXZpbA==\x07board",
    "osc8": "Hyper \x1b]8;;http://x\x1b\\here\x1b]8;;\x1b\\ link",
    "c1": "Csi \x9b31m nel\x85 st\x9c end",
    "bidi": "Bidi \u202etxt.exe\u202c \u2067iso\u2069",
    "zero-width": "Zero\u200bWidth\u200cNon\u200dJoin\ufeffBom",
    "combining": "Zalgo e\u0301\u0308\u0336 o\u0338\u0489",
    "long": "L" * LONG_LENGTH,
    "cjk": "中国国际服务贸易交易会 服贸会",
    "emoji": "Fair 🎉 👩‍💻 🇨🇳 done",
}

SURVIVING: dict[str, str] = {
    "markup": "[bold red]Boom[/bold red]",
    "click": "[@click=app.quit]Quit[/]",
    "link": "[link=https://evil.example]x[/link]",
    "cjk": "中国国际服务贸易交易会",
    "emoji": "🎉",
    "emoji-zwj": "👩\u200d💻",
    "emoji-flag": "🇨🇳",
}

# A plain query that finds each key's entities by search.
SEARCH_WORDS: dict[str, str] = {
    "markup": "Boom Markup",
    "click": "Quit Click",
    "link": "evil.example",
    "ansi": "Ansi",
    "osc52": "Clipboard",
    "osc8": "Hyper",
    "c1": "Csi",
    "bidi": "Bidi",
    "zero-width": "Zero",
    "combining": "Zalgo",
    "long": "L" * 40,
    "cjk": "服贸会",
    "emoji": "Fair done",
}

UNSAFE_OUTPUT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

YEARS = (2021, 2022)


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar: printable text as is, everything else as an escape."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif 0x20 <= code < 0x7F or (code >= 0xA0 and ch.isprintable() and code not in (0x2028, 0x2029, 0xFEFF)):
            out.append(ch)
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def hostile_yaml() -> dict[str, str]:
    """The dataset's files, name → YAML text."""
    q = {key: _quoted(text) for key, text in HOSTILE_NAMES.items()}
    sources, metrics, organizations, people, events, topics = [], [], [], [], [], []
    for key, text in q.items():
        sources.append(f"  - id: source-{key}\n    publisher: {text}\n    title: {text}\n    tier: media\n    note: {text}\n")
        metrics.append(f"  - id: metric-{key}\n    label: {text}\n    unit: count\n    definition: {text}\n")
        organizations.append(f"  - id: organization-{key}\n    name: {text}\n    aliases: [{text}]\n    kind: company\n    country: {text}\n    summary: {text}\n")
        people.append(
            f"  - id: person-{key}\n    name: {text}\n    aliases: [{text}]\n    summary: {text}\n    sources: [source-{key}]\n"
            f"    positions:\n      - {{title: {text}, organization: organization-{key}, edition: 2021}}\n"
        )
        events.append(
            f"  - id: event-{key}\n    name: {text}\n    aliases: [{text}]\n    kind: forum\n    edition: 2021\n    venue: {text}\n"
            f"    summary: {text}\n    organizers: [organization-{key}]\n    sources: [source-{key}]\n"
            f"    topics: [topic-{key}]\n    participants:\n      - {{person: person-{key}, role: {text}}}\n"
        )
        topics.append(
            f"  - id: topic-{key}\n    name: {text}\n    aliases: [{text}]\n    summary: {text}\n    events: [event-{key}]\n"
            f"    people: [person-{key}]\n    organizations: [organization-{key}]\n    sources: [source-{key}]\n"
        )
    editions = []
    for number, year in enumerate(YEARS):
        figures = []
        for n, (key, text) in enumerate(q.items()):
            value = 100 + n * 10 + number * (n + 1)
            figures.append(
                f"      - id: figure-{year}-{key}\n        metric: metric-{key}\n        value: {value}\n        unit: count\n"
                f"        qualifier: {'exact' if n % 2 else 'more_than'}\n        scope: {text}\n        note: {text}\n"
                f"        sources: [{{source: source-{key}, quote: {text}}}]\n"
            )
        editions.append(
            f"  - year: {year}\n    name: {q['markup'] if number == 0 else q['osc52']}\n    aliases: [{q['cjk']}, {q['emoji']}]\n"
            f"    theme: {{en: {q['bidi']}, zh: {q['cjk']}}}\n    venues: [{q['ansi']}, {q['long']}]\n"
            f"    guest_of_honour: {q['click']}\n    guest_province: {q['c1']}\n    summary: {q['zero-width']}\n"
            f"    ordinal_note: {q['combining']}\n    organizers: [organization-markup, organization-osc8]\n"
            f"    reports:\n      - {{title: {q['link']}, organization: organization-link, sources: [source-link]}}\n"
            f"    deals:\n      - {{title: {q['osc8']}, organizations: [organization-cjk], sources: [source-cjk]}}\n"
            f"    sources: [source-markup]\n    figures:\n" + "".join(figures)
        )
    return {
        "reference.yaml": "sources:\n" + "".join(sources) + "metrics:\n" + "".join(metrics) + "organizations:\n" + "".join(organizations),
        "people.yaml": "people:\n" + "".join(people),
        "editions.yaml": "editions:\n" + "".join(editions),
        "events.yaml": "events:\n" + "".join(events) + "topics:\n" + "".join(topics),
    }


def write_hostile_dataset(root: Path) -> Path:
    """Write the hostile dataset into `root` (created if needed) and return it."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    for name, text in hostile_yaml().items():
        (root / name).write_text(text, encoding="utf-8")
    return root
