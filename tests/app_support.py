"""Helpers for the app tests: an app on the bundled (or a given) dataset whose clipboard never runs
a real command (its settings live in a temporary folder: conftest's `isolated_settings`)."""

from __future__ import annotations

import asyncio
import functools
from contextlib import asynccontextmanager
from pathlib import Path

SNAPSHOT_DATASET = Path(__file__).parent / "data" / "snapshot-dataset"


def run_async(test):
    """Run an async test function to completion (no pytest async plugin is needed)."""

    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return wrapper


@functools.cache
def bundled():
    from ciftis.core.loader import load

    return load(None)


@functools.cache
def frozen():
    """The snapshot dataset: a frozen copy of the seed articles' data, so snapshots never drift."""
    from ciftis.core.loader import load

    return load(SNAPSHOT_DATASET)


class Recorder:
    """A clipboard runner that records what it was asked to copy."""

    def __init__(self, fail: bool = False):
        self.calls: list[tuple[list[str], str]] = []
        self.fail = fail

    def __call__(self, command: list[str], text: str) -> None:
        self.calls.append((command, text))
        if self.fail:
            raise OSError("no clipboard")


def make_app(dataset=None, *, theme: str | None = None, env: dict | None = None, runner=None, which=None, rest=None):
    from ciftis.app.app import CiftisApp
    from ciftis.app.clipboard import Clipboard

    clipboard = Clipboard(None, env=env if env is not None else {}, runner=runner or Recorder(), which=which or (lambda name: None))
    app = CiftisApp(dataset if dataset is not None else bundled(), theme_name=theme, clipboard=clipboard, rest=rest)
    app.animation_level = "none"
    return app


def footer_keys(app) -> list[str]:
    """The descriptions of the keys the footer shows, in its order."""
    return [key.description for key in app.screen.query("FooterKey")]


async def settle(pilot, app) -> None:
    """Let workers (search, filter, clipboard) finish and the screen catch up."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


@asynccontextmanager
async def compare_pane(dataset=None, *, size=(120, 40)):
    """An app on the Compare pane (key 5), settled: yields (pilot, app, the pane)."""
    app = make_app(dataset)
    async with app.run_test(size=size) as pilot:
        await pilot.press("5")
        await settle(pilot, app)
        yield pilot, app, app.pane("compare")
