"""Where the bundled dataset and themes are, the same from a wheel, an editable install or a checkout,
which dataset directory a command should use (`--dataset`, then `$CIFTIS_DATASET`, then bundled), and
which files in it are the dataset's (no YAML is read here, so the cache can check them cheaply)."""

from __future__ import annotations

import os
from pathlib import Path

from ciftis.core.problems import Problem

MAX_FILES = 5000
MAX_FILE_BYTES = 16 * 1024 * 1024  # a dataset, theme or settings file larger than this is refused unread

_PACKAGE = Path(__file__).resolve().parent.parent  # tui/ciftis in a checkout, site-packages/ciftis in a wheel


def _bundled(name: str) -> Path:
    inside = _PACKAGE / name  # a wheel install carries it inside the package
    if inside.is_dir():
        return inside
    return _PACKAGE.parent.parent / name  # a checkout or editable install keeps it at the top level, beside tui/


def user_dir(kind: str) -> Path | None:
    """The user's `config` or `cache` folder for ciftis, as platformdirs gives it for this platform
    (on Linux `$XDG_CONFIG_HOME/ciftis`, else `~/.config/ciftis`, and `$XDG_CACHE_HOME/ciftis`, else
    `~/.cache/ciftis`); a relative XDG value is ignored, as the XDG spec says. None without a home."""
    import platformdirs

    try:
        path = platformdirs.user_config_path("ciftis", appauthor=False) if kind == "config" else platformdirs.user_cache_path("ciftis", appauthor=False)
        if not path.is_absolute():  # a relative $XDG_…_HOME
            path = Path.home() / (".config" if kind == "config" else ".cache") / "ciftis"
    except (RuntimeError, KeyError):  # no home directory at all
        return None
    return path


def bundled_dataset_dir() -> Path:
    return _bundled("dataset")


def bundled_themes_dir() -> Path:
    return _bundled("themes")


def resolve_dataset_dir(directory: str | os.PathLike[str] | None = None) -> tuple[Path, str]:
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


def dataset_files(root: Path, shown_root: str, problems: list[Problem]) -> list[tuple[Path, str]]:
    """Every *.yaml/*.yml file below root (with the path problems show), without following links
    out of the dataset or in loops; what cannot be read or followed is added to `problems`."""
    real_root = root.resolve()
    found = []

    def unreadable(error: OSError) -> None:  # a folder os.walk cannot list would otherwise vanish silently
        reason = "permission denied" if isinstance(error, PermissionError) else error.strerror or str(error)
        problems.append(Problem(shown_path(shown_root, root, Path(error.filename or root)), None, f"cannot be read: {reason}"))

    for folder, dirs, files in os.walk(root, followlinks=False, onerror=unreadable):
        dirs.sort()
        for name in list(dirs):
            link = Path(folder) / name
            if link.is_symlink():
                dirs.remove(name)
                problems.append(Problem(shown_path(shown_root, root, link), None, "is a link to a folder; links to folders are not followed"))
        for name in sorted(files):
            if not name.endswith((".yaml", ".yml")):
                continue
            path = Path(folder) / name
            shown = shown_path(shown_root, root, path)
            if path.is_symlink():
                try:
                    target = path.resolve(strict=True)
                except (OSError, RuntimeError):
                    problems.append(Problem(shown, None, "is a broken or looping link"))
                    continue
                if not target.is_relative_to(real_root):
                    problems.append(Problem(shown, None, "is a link to a file outside the dataset directory; it was not read"))
                    continue
            found.append((path, shown))
            if len(found) > MAX_FILES:
                problems.append(Problem(shown_root, None, f"more than {MAX_FILES} files: not a dataset directory?"))
                return found
    return found


def shown_path(shown_root: str, root: Path, path: Path) -> str:
    """A dataset file's path as problems and origins show it: under the directory as it was given."""
    relative = os.path.relpath(path, root)
    return shown_root if relative == "." else os.path.join(shown_root, relative)
