"""The explorer's start-up (the cache of validated datasets, the themes, the settings) checks every
file before it reads a byte, as `validate` does: a FIFO, a device node that never ends, a socket, a
1 GB sparse file, a file swapped or deleted while it starts — each is a message naming the file,
in bounded time and memory, never a hang, a traceback or a MemoryError; and nothing is changed."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from ciftis.core.locations import RefusedFile, read_checked
from tests.conftest import MINI, write_dataset

NOT_REGULAR = "is not a regular file (a pipe, socket or device); it was not read"
SPARSE = "file is too large (1024.0 MiB; the limit is 16 MiB)"
MAX_RSS_KB = 200 * 1024  # an interpreter with the loader is about 40 MB; a read of the sparse file alone would be 1 GB

CHILD = """
import json, resource, sys
from ciftis.core.cache import load_dataset
from ciftis.app.themes import load_themes
from ciftis.app.config import load_config
from pathlib import Path
what, target = sys.argv[1], sys.argv[2]
if what == "dataset":
    found = []
    for _ in range(2):  # a cold start, then one that may come from the cache
        dataset, problems = load_dataset(target)
        found.append([str(p) for p in problems])
elif what == "themes":
    found = [load_themes(Path(target))[1] for _ in range(2)]
else:
    found = [load_config(Path(target))[1] for _ in range(1)]
print(json.dumps({"found": found, "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def child(what: str, target: Path, env: dict | None = None) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, what, str(target)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})
    assert (done.returncode, done.stderr) == (0, "")
    return json.loads(done.stdout)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _zero(path: Path) -> None:
    try:
        os.mknod(path, stat.S_IFCHR | 0o444, os.makedev(1, 5))  # like /dev/zero: reading it never ends
    except (OSError, AttributeError) as error:
        pytest.skip(f"cannot make a device node here: {error}")


def _socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
    except OSError as error:
        pytest.skip(f"cannot bind a socket here: {error}")
    finally:
        server.close()


def _sparse(path: Path) -> None:
    with open(path, "wb") as handle:
        handle.truncate(1 << 30)


HOSTILE = {"fifo": (_fifo, NOT_REGULAR), "zero-device": (_zero, NOT_REGULAR), "socket": (_socket, NOT_REGULAR), "sparse-1GB": (_sparse, SPARSE)}


@pytest.fixture
def short_tmp(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("f", numbered=True)  # a short path: a socket's name has a limit of ~100 bytes


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_hostile_dataset_file_is_a_message_at_start_up(kind, short_tmp):
    make, message = HOSTILE[kind]
    root = write_dataset(short_tmp / "d", MINI)
    make(root / "z.yaml")
    got = child("dataset", root, {"XDG_CACHE_HOME": str(short_tmp / "cache")})
    assert got["found"] == [[f"{root}/z.yaml: {message}"]] * 2
    assert got["rss_kb"] < MAX_RSS_KB
    assert sorted(os.listdir(root)) == ["base.yaml", "editions.yaml", "z.yaml"]


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_hostile_file_after_a_cached_start_is_a_message(kind, short_tmp):
    """The cache holds the dataset; then one of its files becomes hostile: it is not hashed."""
    make, message = HOSTILE[kind]
    root = write_dataset(short_tmp / "d", {**MINI, "notes.yaml": "sources: []\n"})
    env = {"XDG_CACHE_HOME": str(short_tmp / "cache")}
    assert child("dataset", root, env)["found"] == [[], []]
    (root / "notes.yaml").unlink()
    make(root / "notes.yaml")
    got = child("dataset", root, env)
    assert got["found"] == [[f"{root}/notes.yaml: {message}"]] * 2
    assert got["rss_kb"] < MAX_RSS_KB


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_hostile_theme_file_is_a_message(kind, short_tmp):
    make, message = HOSTILE[kind]
    themes = short_tmp / "themes"
    themes.mkdir()
    make(themes / "bad.yaml")
    got = child("themes", themes, {"XDG_CACHE_HOME": str(short_tmp / "cache"), "HOME": str(short_tmp)})
    assert got["found"] == [[f"~/themes/bad.yaml: {message}"]] * 2
    assert got["rss_kb"] < MAX_RSS_KB


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_hostile_settings_file_is_a_message(kind, short_tmp):
    make, message = HOSTILE[kind]
    config = short_tmp / "config.yaml"
    make(config)
    got = child("config", config, {"XDG_CACHE_HOME": str(short_tmp / "cache"), "HOME": str(short_tmp)})
    assert got["found"] == [[f"~/config.yaml: {message}; it was moved to config.yaml.broken and the default settings are used"]]
    assert not config.exists() and (short_tmp / "config.yaml.broken").exists()  # moved aside, never emptied or replaced
    assert got["rss_kb"] < MAX_RSS_KB


def test_a_file_swapped_for_a_fifo_after_it_was_checked_is_refused_without_blocking(tmp_path, monkeypatch):
    """The path said "regular file", then a FIFO took its place: the open file is checked again."""
    fifo = tmp_path / "swapped.yaml"
    os.mkfifo(fifo)
    regular = tmp_path / "regular.yaml"
    regular.write_text("a: 1\n")
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda path, *a, **k: real_stat(regular) if Path(path) == fifo else real_stat(path, *a, **k))
    with pytest.raises(RefusedFile) as refused:
        read_checked(fifo)
    assert str(refused.value) == NOT_REGULAR


def test_a_file_that_grows_after_it_was_checked_is_read_only_to_the_limit(tmp_path, monkeypatch):
    grown = tmp_path / "grown.yaml"
    grown.write_bytes(b"#" * 2048)
    monkeypatch.setattr("ciftis.core.locations._refuse", lambda info, limit: None)  # as if it was small when checked
    with pytest.raises(RefusedFile) as refused:
        read_checked(grown, limit=1024)
    assert str(refused.value) == "file is too large (more than 0 MiB; the limit is 0 MiB)"


def test_a_snapshot_whose_file_became_a_fifo_does_not_hash_it(tmp_path):
    from ciftis.core.cache import Snapshot

    root = write_dataset(tmp_path / "d", MINI)
    snapshot = Snapshot(root, [(root / "base.yaml", "base.yaml")])
    (root / "base.yaml").unlink()
    os.mkfifo(root / "base.yaml")
    with pytest.raises(RefusedFile):
        snapshot.content_hash()


@pytest.mark.parametrize("ghost", ["deleted.yaml", "sub/deleted.yaml"])
def test_a_file_deleted_during_start_up_is_a_message(ghost, tmp_path, monkeypatch):
    """Listed, then deleted by another process before it was read."""
    from ciftis.core import loader
    from ciftis.core.cache import load_dataset

    root = write_dataset(tmp_path / "d", MINI)
    listed = loader._dataset_files

    def with_ghost(folder, shown, problems):
        return [*listed(folder, shown, problems), (folder / ghost, os.path.join(shown, ghost))]

    monkeypatch.setattr(loader, "_dataset_files", with_ghost)
    monkeypatch.setattr("ciftis.core.cache.dataset_files", with_ghost)
    _dataset, problems = load_dataset(root)
    assert [str(p) for p in problems] == [f"{root}/{ghost}: cannot be read: No such file or directory"]
