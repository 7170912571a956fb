"""Readable in every state: the installed `ciftis` under tmux in truecolor, 256-colour and 16-colour
terminals, every theme it offers, each state captured with its colours (`capture-pane -e`) and every
drawn character's contrast measured (WCAG 2 ratio): at least 4.5:1 on the highlighted row, 3:1 anywhere.

The colours are read from the SGR codes tmux gives back; a 16- or 256-colour code is the colour of
xterm's default palette, a cell without a colour the pane's default (light grey on black)."""

from __future__ import annotations

import re
import time
from collections import Counter

import pytest

from tests.test_e2e_tmux import Terminal, _require

pytestmark = pytest.mark.slow

MIN_ANYWHERE = 3.0
MIN_HIGHLIGHTED = 4.5
DEFAULT_FG, DEFAULT_BG = (229, 229, 229), (0, 0, 0)
_XTERM16 = [(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
            (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255)]
_CUBE = (0, 95, 135, 175, 215, 255)
_SGR = re.compile(r"\x1b\[([0-9;:]*)m|\x1b[^\[]|([^\x1b])")

# what each terminal says about itself (Rich, under Textual, picks its colours from these)
TERMINALS = {
    "truecolor": {"TERM": "xterm-256color", "COLORTERM": "truecolor", "TEXTUAL_COLOR_SYSTEM": "auto"},
    "256-colour": {"TERM": "xterm-256color", "COLORTERM": "", "TEXTUAL_COLOR_SYSTEM": "auto"},
    "16-colour": {"TERM": "xterm", "COLORTERM": "", "TEXTUAL_COLOR_SYSTEM": "standard"},
}


def xterm_colour(number: int) -> tuple[int, int, int]:
    """A colour of xterm's default 256-colour palette."""
    if number < 16:
        return _XTERM16[number]
    if number < 232:
        number -= 16
        return (_CUBE[number // 36], _CUBE[number // 6 % 6], _CUBE[number % 6])
    grey = 8 + (number - 232) * 10
    return (grey, grey, grey)


def luminance(colour: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        value_ = value / 255
        return value_ / 12.92 if value_ <= 0.03928 else ((value_ + 0.055) / 1.055) ** 2.4

    red, green, blue = colour
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def cells(capture: str) -> list[list[tuple[str, tuple, tuple]]]:
    """Each line of a `capture-pane -e -p` as (character, foreground, background) cells.

    tmux writes a colour only where it changes, across lines too: a line starts in the colours the
    one before it ended in."""
    lines = []
    fg, bg, reverse = DEFAULT_FG, DEFAULT_BG, False  # tmux carries the colours over from one line to the next
    for raw in capture.split("\n"):
        line = []
        for match in _SGR.finditer(raw):
            if match.group(2) is not None:
                line.append((match.group(2), *((bg, fg) if reverse else (fg, bg))))
                continue
            if match.group(1) is None:
                continue  # another escape sequence (a hyperlink, a character set): no colour
            params = [int(p) if p else 0 for p in re.split("[;:]", match.group(1))] if match.group(1) else [0]
            i = 0
            while i < len(params):
                code = params[i]
                if code == 0:
                    fg, bg, reverse = DEFAULT_FG, DEFAULT_BG, False
                elif code == 7:
                    reverse = True
                elif code == 27:
                    reverse = False
                elif 30 <= code <= 37:
                    fg = xterm_colour(code - 30)
                elif 90 <= code <= 97:
                    fg = xterm_colour(code - 82)
                elif 40 <= code <= 47:
                    bg = xterm_colour(code - 40)
                elif 100 <= code <= 107:
                    bg = xterm_colour(code - 92)
                elif code == 39:
                    fg = DEFAULT_FG
                elif code == 49:
                    bg = DEFAULT_BG
                elif code in (38, 48) and i + 1 < len(params):
                    colour = None
                    if params[i + 1] == 5 and i + 2 < len(params):
                        colour, i = xterm_colour(params[i + 2]), i + 2
                    elif params[i + 1] == 2 and i + 4 < len(params):
                        colour, i = tuple(params[i + 2 : i + 5]), i + 4
                    if colour is not None:
                        fg, bg = (colour, bg) if code == 38 else (fg, colour)
                i += 1
        lines.append(line)
    return lines


def hex_colour(colour: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{channel:02x}" for channel in colour)


def is_text(character: str) -> bool:
    """A character a reader reads: not a space, a box-drawing line or a block (borders, bars, scrollbars)."""
    return bool(character.strip()) and not 0x2500 <= ord(character) <= 0x259F


def highlights(lines) -> list[set]:
    """Each line's highlight colours: a background over 20 cells or more of a line, short of all of it
    (a footer or a bar), that is the main background of two lines at most (a cursor, not a panel)."""
    dominant: Counter = Counter()
    for line in lines:
        if line:
            colour, count = Counter(bg for _ch, _fg, bg in line).most_common(1)[0]
            if count > len(line) / 2:
                dominant[colour] += 1
    found = []
    for line in lines:
        counts = Counter(bg for _ch, _fg, bg in line)
        found.append({colour for colour, count in counts.items() if 20 <= count < len(line) and dominant.get(colour, 0) <= 2 and colour != DEFAULT_BG})
    return found


def unreadable(capture: str) -> list[str]:
    """Every drawn character below its floor, as 'line L col C 'x' 1.7:1 (fg … on bg …)'."""
    lines = cells(capture)
    marked = highlights(lines)
    found = []
    for y, line in enumerate(lines):
        for x, (character, fg, bg) in enumerate(line):
            if not is_text(character):
                continue
            ratio = contrast(fg, bg)
            floor = MIN_HIGHLIGHTED if bg in marked[y] else MIN_ANYWHERE
            if ratio < floor:
                found.append(f"line {y + 1} col {x + 1} {character!r} {ratio:.2f}:1 < {floor} ({hex_colour(fg)} on {hex_colour(bg)})")
    return found


def test_the_measure_reads_colours_as_xterm_draws_them():
    capture = "\x1b[38;2;230;237;247m\x1b[48;2;242;181;68m" + "N" * 30 + "\x1b[0m \n\x1b[97;40mok\x1b[0m \x1b[38;5;244;48;5;16mgrey"
    lines = cells(capture)
    assert lines[0][0] == ("N", (230, 237, 247), (242, 181, 68))
    assert lines[1][0] == ("o", (255, 255, 255), (0, 0, 0))
    assert lines[1][3] == ("g", (128, 128, 128), (0, 0, 0))
    assert round(contrast((230, 237, 247), (242, 181, 68)), 2) == 1.55
    assert highlights(lines) == [{(242, 181, 68)}, set()]
    assert cells("\x1b[48;5;21mx\ny")[1] == [("y", DEFAULT_FG, (0, 0, 255))]  # the colour carried over
    assert unreadable(capture) == [f"line 1 col {n} 'N' 1.55:1 < 4.5 (#e6edf7 on #f2b544)" for n in range(1, 31)]


def offered_themes() -> list[str]:
    """Every theme the theme picker (ctrl+t) offers: the app's themes (the same in every terminal; no
    user themes, as the terminal's config folder is empty)."""
    from tests.app_support import make_app

    return sorted(make_app().available_themes)


class Session:
    """The app in one terminal; each state is reached by keys and captured once the screen is still."""

    def __init__(self, terminal: Terminal):
        self.terminal = terminal
        self.problems: list[str] = []

    def capture(self) -> str:
        return self.terminal.run("capture-pane", "-t", "app", "-e", "-p")

    def still(self, text: str) -> str:
        self.terminal.wait_for(text)
        previous = None
        for _ in range(50):
            time.sleep(0.15)
            capture = self.capture()
            if capture == previous:
                return capture
            previous = capture
        return capture

    def check(self, where: str, text: str) -> None:
        found = unreadable(self.still(text))
        if found:
            self.problems.append(f"{where}: {len(found)} characters, first {found[0]}")

    def search(self, query: str, shown: str) -> None:
        self.terminal.keys("/")
        self.terminal.wait_for("Type to search")
        self.terminal.type(query)
        self.terminal.wait_for(shown)

    def choose_theme(self, name: str) -> None:
        self.terminal.keys("C-t")
        self.terminal.wait_for("Themes, previewed as you move")
        self.terminal.type(name)
        self.still(f"🔎 {name}")  # the list narrowed to the theme typed, first
        self.terminal.keys("Enter")
        self.terminal.wait_for_gone("🔎")

    def every_state(self, where: str) -> None:
        term = self.terminal
        term.keys("1")
        term.wait_for("12 editions")
        term.keys("Escape")  # from the details (where the last theme left them) to the list
        self.check(f"{where}, the list focused", "Details")
        term.keys("Enter")
        term.wait_for("esc List")
        term.keys("Home")
        term.wait_for("Theme (zh)")
        term.keys(*["Down"] * 7)  # Name, Also, Edition, Dates, Venue, Theme, Theme (zh): then the organizer, a link
        self.check(f"{where}, the details on a link", "Organizer")
        self.search("2012 countries registered", "58 (plan)")
        term.keys("Enter")
        self.check(f"{where}, a plan figure (in conflict)", "PLAN")
        self.search("2012 national delegations", "8 (derived)")
        term.keys("Enter")
        self.check(f"{where}, a derived figure", "derived")
        term.keys("Down")
        self.check(f"{where}, the figure after it", "derived")
        term.keys("5")
        self.check(f"{where}, Compare", "Δ%")
        term.keys("6")
        self.check(f"{where}, Trends", "sorted by")
        self.search("liu hua", "Liu Hua")
        self.check(f"{where}, the search overlay", "Liu Hua")
        term.keys("Escape")
        term.wait_for_gone("liu hua")
        term.keys("?")
        self.check(f"{where}, help", "Keys —")
        term.keys("Escape")
        term.wait_for_gone("Keys —")


@pytest.mark.parametrize("colours", list(TERMINALS))
def test_every_theme_is_readable_in_every_state(tmp_path, colours):
    ciftis = _require("ciftis")
    env = {"XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_CACHE_HOME": str(tmp_path / "cache"), "LANG": "C.UTF-8", **TERMINALS[colours]}
    terminal = Terminal([ciftis], env, size=(120, 40))
    terminal.run("resize-window", "-t", "app", "-x", "120", "-y", "40")
    try:
        session = Session(terminal)
        terminal.wait_for("12 editions")
        for theme in offered_themes():
            session.choose_theme(theme)
            session.every_state(f"{theme} ({colours})")
    finally:
        terminal.close()
    assert session.problems == []
