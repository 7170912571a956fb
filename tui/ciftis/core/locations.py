"""Where the bundled dataset and themes are, the same from a wheel, an editable install or a checkout,
which dataset directory a command should use (`--dataset`, then `$CIFTIS_DATASET`, then bundled), and
which files in it are the dataset's (no YAML is read here, so the cache can check them cheaply)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ciftis.core.problems import Problem

MAX_FILES = 5000
MAX_FILE_BYTES = 16 * 1024 * 1024  # a dataset, theme or settings file larger than this is refused unread



class RefusedFile(OSError):
    """A file that is not read: a directory, a pipe, socket or device, or larger than the limit.
    `str()` is the message a problem shows after the file's path."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def _refuse(info: os.stat_result, limit: int | None) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise RefusedFile("is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):  # a pipe or a device would block or never end
        raise RefusedFile("is not a regular file (a pipe, socket or device); it was not read")
    if limit is not None and info.st_size > limit:
        raise RefusedFile(f"file is too large ({info.st_size / 1048576:.1f} MiB; the limit is {limit // 1048576} MiB)")


def read_checked(path: str | os.PathLike[str], limit: int | None = MAX_FILE_BYTES) -> bytes:
    """A file's bytes, once it is known to be a regular file within the limit — the checks every
    read of a dataset, theme, settings or cache file makes, in this order, before any byte is read.

    The path is checked, then opened without blocking (a FIFO swapped in meanwhile cannot hang the
    open) and the open file checked again, and at most `limit` + 1 bytes are read (a file that grows
    meanwhile is still refused). Raises RefusedFile for what is not read, OSError for what cannot be.
    """
    _refuse(os.stat(path), limit)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    handle = os.open(path, flags)
    try:
        info = os.fstat(handle)
        _refuse(info, limit)
        if hasattr(os, "set_blocking"):
            os.set_blocking(handle, True)
        with os.fdopen(handle, "rb", closefd=False) as stream:
            data = stream.read() if limit is None else stream.read(limit + 1)
    finally:
        os.close(handle)
    if limit is not None and len(data) > limit:
        raise RefusedFile(f"file is too large (more than {limit // 1048576} MiB; the limit is {limit // 1048576} MiB)")
    return data


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
        problems.append(Problem(path_as_given(shown_root, root, Path(error.filename or root)), None, f"cannot be read: {reason}"))

    for folder, dirs, files in os.walk(root, followlinks=False, onerror=unreadable):
        dirs.sort()
        for name in list(dirs):
            link = Path(folder) / name
            if link.is_symlink():
                dirs.remove(name)
                problems.append(Problem(path_as_given(shown_root, root, link), None, "is a link to a folder; links to folders are not followed"))
        for name in sorted(files):
            if not name.endswith((".yaml", ".yml")):
                continue
            path = Path(folder) / name
            shown = path_as_given(shown_root, root, path)
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


def path_as_given(shown_root: str, root: Path, path: Path) -> str:
    """A dataset file's path as problems and origins show it: under the directory as it was given."""
    relative = os.path.relpath(path, root)
    return shown_root if relative == "." else os.path.join(shown_root, relative)
