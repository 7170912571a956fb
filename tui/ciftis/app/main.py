"""Launch the explorer: load the dataset once (printing its problems and returning 1 if it cannot be
used, before any screen is drawn), then run the app. `ciftis` with no subcommand calls `run`.

An unchanged dataset comes from the cache of the validated dataset (ciftis.core.cache) in milliseconds;
a large one opens with its editions' headings, the app reading the rest in a worker (`cache.open_dataset`;
the first time, while another process checks it); a load that takes longer than a quarter of a second
says how far it is on the terminal.

The explorer draws on standard error and reads keys from standard input; without a terminal on both
(cron, a pipe, `ssh host ciftis` without -t) Textual would spin forever writing escape codes, so
`run` says so in one line and returns 2 instead. TERM=dumb is no obstacle: Textual ignores TERM.
"""

from __future__ import annotations

import os
import sys
import time

NO_TERMINAL = (
    "ciftis: the explorer needs a terminal on standard input and standard error; "
    "from a script, use a subcommand: ciftis search|show|compare|export|validate"
)


def _has_terminal() -> bool:
    if os.environ.get("TEXTUAL_DRIVER"):  # a driver of its own (textual-serve, a web page): no TTY needed
        return True
    streams = (sys.__stdin__, sys.__stderr__)
    try:
        return all(stream is not None and stream.isatty() for stream in streams)
    except (OSError, ValueError):  # closed
        return False


class _Progress:
    """ "ciftis: reading the dataset… 37 of 230 files" on the terminal, once a load has taken `QUIET_FOR`
    seconds (so a first launch on a large dataset says something within half a second of its start)."""

    QUIET_FOR = 0.25

    def __init__(self, stream):
        self.stream = stream
        self.started = time.monotonic()
        self.shown = False

    def __call__(self, done: int, total: int, what: str) -> None:
        if not self.shown and time.monotonic() - self.started < self.QUIET_FOR:
            return
        self.shown = True
        said = f"reading {what}… {done:,} of {total:,} files" if done < total else f"checking {total:,} files…"
        self.stream.write(f"\r\x1b[2Kciftis: {said}")
        self.stream.flush()

    def finish(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()


def run(dataset: str | None = None, theme: str | None = None) -> int:
    """Run the explorer on a dataset directory (None: $CIFTIS_DATASET, else the bundled one)."""
    from ciftis.core import cache
    from ciftis.report import err, report_problems

    stream = sys.__stderr__
    try:
        progress = _Progress(stream) if stream is not None and stream.isatty() else None
    except (OSError, ValueError):
        progress = None
    writes: list = []  # the dataset's cache, when it had to be checked: written after the first frame
    try:
        # A large dataset opens as its editions' headings, and the app reads the rest (`rest`) in a worker.
        loaded, problems, rest = cache.open_dataset(dataset, progress=progress, write_later=writes.append, staged_above=cache.STAGED_BYTES)
    finally:
        if progress is not None:
            progress.finish()
    if problems or loaded is None:
        report_problems(problems)
        return 1
    if not _has_terminal():
        err(NO_TERMINAL)
        return 2
    from ciftis.app.app import CiftisApp

    app = CiftisApp(loaded, theme_name=theme, rest=rest)
    app.cache_writes = writes
    result = app.run()
    if app.rest_problems:  # the rest of the dataset could not be used after all: said once the screen is gone
        report_problems(app.rest_problems)
        return 1
    return result if isinstance(result, int) else (app.return_code or 0)
