"""Typing coalesced into searches: however fast keys arrive (a paste without bracketed paste, 100 KB
of keystrokes), at most one search runs for a box at a time, and it searches the newest text.

`Latest.offer(text)` is called for each change of the box and says whether to start a worker; the
worker (`search_latest`) searches what is newest, stops a search as soon as newer text arrives, and
searches again until what it answered is still what is in the box — so the work follows the
searches that can finish, not the keys. The boxes also hold at most MAX_INPUT characters: a query
uses its first `search.MAX_QUERY`, and an input line of 100 KB would cost every keystroke and frame.
"""

from __future__ import annotations

import threading

MAX_INPUT = 256


class Latest:
    """The newest text of one box, and whether a worker is searching for it (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._text = ""
        self._busy = False

    def offer(self, text: str) -> bool:
        """Record the newest text; True when no worker is running, so the caller starts one."""
        with self._lock:
            self._text = text
            if self._busy:
                return False
            self._busy = True
            return True

    @property
    def text(self) -> str:
        return self._text

    def stale(self, text: str) -> bool:
        """Newer text has arrived since `text`."""
        return self._text != text

    def finish(self, text: str) -> bool:
        """The worker answered `text`: True (and no worker is running now) if that is still newest."""
        with self._lock:
            if self._text == text:
                self._busy = False
                return True
            return False

    def abandon(self) -> None:
        """The worker stops without an answer (cancelled): the next change starts another."""
        with self._lock:
            self._busy = False


def search_latest(latest: Latest, worker, search, show) -> None:
    """In a worker thread: `search(text, cancelled)` the newest text, `show(text, hits)` the answer
    when it is still newest, and again while newer text keeps arriving."""
    text = latest.text
    try:
        while not worker.is_cancelled:
            if text.strip():
                hits = search(text, lambda text=text: worker.is_cancelled or latest.stale(text))
                if not worker.is_cancelled and not latest.stale(text):
                    show(text, hits)
            if latest.finish(text):
                return
            text = latest.text
    except BaseException:
        latest.abandon()
        raise
    latest.abandon()  # cancelled
