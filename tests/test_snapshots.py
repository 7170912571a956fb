"""Visual snapshots of every pane at 80×24 and 160×48, in the dark and the light theme.

They run on tests/data/snapshot-dataset, a frozen copy of the seed articles' data, so that growing the
bundled dataset never changes them. Review a changed SVG before accepting it with
`pytest tests/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import pytest

from tests.app_support import frozen, make_app

PANES = {"1": "editions", "2": "events", "3": "people", "4": "topics", "5": "compare", "6": "trends"}


async def _steady(pilot) -> None:
    """Wait for the hidden panes to be built, for workers and for the screen to settle."""
    app = pilot.app
    await app.panes_ready()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("theme", ["ciftis-dark", "ciftis-light"])
@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
@pytest.mark.parametrize("key", list(PANES), ids=list(PANES.values()))
def test_pane(snap_compare, key, size, theme):
    app = make_app(frozen(), theme=theme)
    assert snap_compare(app, terminal_size=size, press=[key], run_before=_steady)
