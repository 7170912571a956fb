"""Where the bundled dataset and themes are, the same from a wheel, an editable install or a checkout,
and which dataset directory a command should use (`--dataset`, then `$CIFTIS_DATASET`, then bundled)."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def _bundled(name: str) -> Path:
    inside = _PACKAGE / name  # a wheel install carries it inside the package
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / name  # a checkout or editable install keeps it at the top level


def bundled_dataset_dir() -> Path:
    return _bundled("dataset")


def bundled_themes_dir() -> Path:
    return _bundled("themes")


def resolve_dataset_dir(directory: str | os.PathLike | None = None) -> tuple[Path, str]:
    """The dataset directory to use and how to show it in messages."""
    chosen = directory if directory is not None else os.environ.get("CIFTIS_DATASET") or None
    if chosen is None:
        path = bundled_dataset_dir()
        try:
            shown = os.path.relpath(path)
        except ValueError:  # another drive on Windows
            shown = str(path)
        return path, shown if not shown.startswith("..") else str(path)
    return Path(chosen), str(chosen)
