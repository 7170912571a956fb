"""The JSON Schemas (draft 2020-12) of every JSON output, shipped as package data: `export.json`,
`show.json`, `search.json`, `compare.json` and `view.json` (a view the explorer saved). `ciftis
schema NAME` prints one."""

from __future__ import annotations

from importlib.resources import files

NAMES = ("export", "show", "search", "compare", "view")


def schema_text(name: str) -> str:
    """The schema of one output, as the JSON text that ships in the package."""
    if name not in NAMES:
        raise KeyError(name)
    return files(__name__).joinpath(f"{name}.json").read_text(encoding="utf-8")
