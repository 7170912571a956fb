"""Launch the explorer: load the dataset once (printing its problems and returning 1 if it cannot be
used, before any screen is drawn), then run the app. `ciftis` with no subcommand calls `run`.
"""

from __future__ import annotations

import argparse


def run(dataset: str | None = None, theme: str | None = None) -> int:
    """Run the explorer on a dataset directory (None: $CIFTIS_DATASET, else the bundled one)."""
    from tui.cli import _load

    loaded = _load(argparse.Namespace(dataset=dataset))
    if loaded is None:
        return 1
    from tui.app.app import CiftisApp

    app = CiftisApp(loaded, theme_name=theme)
    result = app.run()
    return result if isinstance(result, int) else (app.return_code or 0)
