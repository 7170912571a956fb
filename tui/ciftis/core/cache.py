"""A cache of the validated dataset (and of its search index), so an unchanged dataset opens at once.

`load_dataset(directory)` answers like `loader.check(directory)`. When the directory's files are the
ones a previous load validated, the dataset is rebuilt from `$XDG_CACHE_HOME/ciftis/` instead of
parsing and checking the YAML again; otherwise it is checked as usual and, if it has no problems,
cached for next time. `open_dataset(directory)` does the same for the explorer, but answers a large
dataset with a preview of its editions first and a function that reads the rest: from the cache, or,
when it has to be checked, once a process of its own (`check_apart`) has checked and cached it.

A cache file is plain data — `marshal` of tuples, strings and numbers, never pickle, so loading one
cannot run code — behind a header that is verified before anything is used:

    MAGIC, header length, JSON header {format, app version, Python's marshal version, dataset
    directory, content hash of every file, their sizes/mtimes/ctimes/inodes, payload size and
    SHA-256 digest}, marshal payload

Sizes and times are the fast check; when they differ (a `touch`, a copy) the files' content hash
decides, and a file modified less than two seconds before its snapshot is always hashed (its
timestamp could hide a second edit). A file that is truncated, corrupt, written by another format or
app version, for another directory or for other contents is ignored and rebuilt, never trusted; a
payload that passes the digest but does not decode into the model is ignored too. Writes are atomic
(`export.write_atomic`), and failing to write (read-only home, full disk) only costs the speed-up.

`kept_until_changed(kind, key, files, compute)` does the same for small things read from YAML at every
start (the themes, the settings): their validated result is kept until the files change, so an
unchanged start never imports the YAML parser.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
import marshal
import os
import stat
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from enum import Enum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ciftis import __version__
from ciftis.core import model
from ciftis.core.locations import MAX_FILE_BYTES, dataset_files, read_checked, resolve_dataset_dir, user_dir
from ciftis.core.model import Dataset
from ciftis.core.problems import Problem

if TYPE_CHECKING:
    from ciftis.core.check_apart import CheckApart

FORMAT = 5  # 5: the editions' headings first, then each section apart; 3: origins as (file number, line)
# A dataset whose cache holds more than this many bytes is opened in two steps by `open_dataset`.
STAGED_BYTES = 4 * 1024 * 1024
MAGIC = b"CIFTIS-CACHE\n"
_RACY_NS = 2_000_000_000  # a file changed this close to its snapshot is hashed, not trusted by its times
_MAX_HEADER = 16 * 1024 * 1024


class CacheError(Exception):
    """A cache file that cannot be used: why, for tests and debugging (never shown as a problem)."""


def cache_dir() -> Path | None:
    """`$XDG_CACHE_HOME/ciftis` on Linux (default ~/.cache/ciftis), the platform's cache folder elsewhere."""
    return user_dir("cache")


def _runtime() -> str:
    return f"{sys.implementation.cache_tag}/marshal{marshal.version}/{sys.byteorder}"


# -- files ----------------------------------------------------------------------------------------
class Snapshot:
    """The dataset's files as found now: relative paths, their stat keys, and (on demand) a content hash."""

    def __init__(self, root: Path, files: list[tuple[Path, str]]) -> None:
        self.root = root
        self.taken_ns = time.time_ns()
        self.paths = [path for path, _shown in files]
        self.relative = [os.path.relpath(path, root) for path in self.paths]
        self.stats: list[list[Any]] = []  # [relative path, size, mtime_ns, ctime_ns, inode] per file
        for path, rel in zip(self.paths, self.relative, strict=True):
            info = os.stat(path)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:  # the reader says why; never hashed
                raise OSError(f"{path}: not a regular file of a readable size")
            self.stats.append([rel, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino])
        self._hash: str | None = None

    def content_hash(self) -> str:
        if self._hash is None:
            digest = hashlib.sha256()
            for path, rel in zip(self.paths, self.relative, strict=True):
                data = read_checked(path)  # what read_yaml checks, before any byte: never a FIFO, a device, 1 GB
                digest.update(f"{rel}\0{len(data)}\0".encode("utf-8", "surrogateescape"))
                digest.update(data)
            self._hash = digest.hexdigest()
        return self._hash

    def trusted_by_times(self, recorded: object, written_ns: int) -> bool:
        """The same files with the same sizes and times, none changed just before that snapshot."""
        if recorded != self.stats:
            return False
        return all(mtime < written_ns - _RACY_NS and ctime < written_ns - _RACY_NS for _rel, _size, mtime, ctime, _ino in self.stats)


# -- cache files: header, digest, atomic write -------------------------------------------------------
def write_cache_file(path: Path, header: dict[str, Any], payload: bytes) -> None:
    header = dict(header, format=FORMAT, app=__version__, runtime=_runtime(), payload_size=len(payload),
                  payload_sha256=hashlib.sha256(payload).hexdigest())
    head = json.dumps(header, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    from ciftis.core.export import write_atomic

    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, MAGIC + len(head).to_bytes(4, "big") + head + payload, durable=False)


def read_cache_file(path: Path) -> tuple[dict[str, Any], memoryview]:
    """The verified header and payload of a cache file; CacheError if anything about it is off."""
    try:
        data = read_checked(path, limit=None)  # a regular file, whatever its size (the app wrote it)
    except FileNotFoundError:
        raise CacheError("no cache file") from None
    except OSError as error:
        raise CacheError(f"cannot be read: {error}") from None
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 4:
        raise CacheError("not a cache file")
    at = len(MAGIC)
    size = int.from_bytes(data[at:at + 4], "big")
    if size > _MAX_HEADER or at + 4 + size > len(data):
        raise CacheError("truncated header")
    try:
        header = json.loads(data[at + 4:at + 4 + size].decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        raise CacheError("corrupt header") from None
    if not isinstance(header, dict):
        raise CacheError("corrupt header")
    for key, want in (("format", FORMAT), ("app", __version__), ("runtime", _runtime())):
        if header.get(key) != want:
            raise CacheError(f"written for {key} {header.get(key)!r}, this is {want!r}")
    payload = memoryview(data)[at + 4 + size:]
    if header.get("payload_size") != len(payload):
        raise CacheError("truncated payload")
    if header.get("payload_sha256") != hashlib.sha256(payload).hexdigest():
        raise CacheError("corrupt payload")
    return header, payload


def _cache_path(kind: str, root: Path | str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    key = hashlib.sha256(str(root).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return folder / f"{kind}-{key}.bin"


# -- the dataset as plain data ----------------------------------------------------------------------
_DATE, _ORIGIN = "date", "origin"
# Per record class, how each field that is not plain (text, numbers, None, tuples of those) is stored.
_SPECIAL: dict[type, dict[str, object]] = {
    model.Source: {"tier": model.Tier, "date": _DATE, "origin": _ORIGIN},
    model.Metric: {"origin": _ORIGIN},
    model.SourceRef: {},
    model.DerivedInput: {},
    model.Derivation: {"inputs": (model.DerivedInput,)},
    model.Figure: {"qualifier": model.Qualifier, "status": model.Status, "sources": (model.SourceRef,), "derived": model.Derivation, "origin": _ORIGIN},
    model.Position: {},
    model.Person: {"positions": (model.Position,), "origin": _ORIGIN},
    model.Organization: {"origin": _ORIGIN},
    model.Participant: {},
    model.Release: {},
    model.Edition: {"start": _DATE, "end": _DATE, "reports": (model.Release,), "deals": (model.Release,), "figures": (model.Figure,), "origin": _ORIGIN},
    model.Event: {"date": _DATE, "participants": (model.Participant,), "figures": (model.Figure,), "origin": _ORIGIN},
    model.Topic: {"figures": (model.Figure,), "origin": _ORIGIN},
}
_FIELDS = {cls: tuple(field.name for field in dataclasses.fields(cls)) for cls in _SPECIAL}
_CLASSES = {"editions": model.Edition, "events": model.Event, "people": model.Person, "organizations": model.Organization,
            "topics": model.Topic, "sources": model.Source, "metrics": model.Metric}


class _Encoder:
    def __init__(self, shown_root: str) -> None:
        self.paths: dict[str, int] = {}  # path relative to the dataset directory -> number
        self.numbers: dict[str, int] = {}  # path as shown -> number
        self.prefix = shown_root
        self.strings: dict[str, str] = {}

    def origin(self, origin: model.Origin | None) -> tuple[int, int] | None:
        if origin is None:
            return None
        number = self.numbers.get(origin.path)
        if number is None:
            rel = os.path.relpath(origin.path, self.prefix) if origin.path != self.prefix else "."
            number = self.numbers[origin.path] = self.paths.setdefault(rel, len(self.paths))
        return (number, origin.line)

    def value(self, how: Any, value: Any) -> Any:  # how: a _SPECIAL entry, or None
        if how is None:
            if type(value) is str:  # one object per distinct text: marshal then writes the rest as references
                return self.strings.setdefault(value, value)
            if type(value) is tuple and value and type(value[0]) is str:
                return tuple(self.strings.setdefault(item, item) if type(item) is str else item for item in value)
            return value
        if value is None:
            return value
        if how is _DATE:
            return value.toordinal()
        if how is _ORIGIN:
            return self.origin(value)
        if isinstance(how, tuple):
            return tuple(self.entity(item) for item in value)
        if isinstance(how, type) and issubclass(how, Enum):
            return value.value
        return self.entity(value)

    def entity(self, obj: Any) -> tuple[Any, ...]:
        cls = type(obj)
        special = _SPECIAL[cls]
        return tuple(self.value(special.get(name), getattr(obj, name)) for name in _FIELDS[cls])


_EDITION_FIGURES = _FIELDS[model.Edition].index("figures")


def encode_dataset(dataset: Dataset, shown_root: str) -> bytes:
    """The dataset as marshal bytes of plain tuples; origins relative to the dataset directory.

    Two parts: first, as marshal bytes, the file paths, the file count and the editions without
    their figures (what a preview shows, read in milliseconds whatever the dataset's size); then
    every section in full, each as marshal bytes of its own, so reading one leaves only its records
    behind before the next is read (at 100,000 entities, all the plain tuples at once were a hundred
    megabytes more at the peak)."""
    encoder = _Encoder(shown_root)
    kinds = {kind: [encoder.entity(entity) for entity in getattr(dataset, kind).values()] for kind in _CLASSES}
    paths = [""] * len(encoder.paths)
    for rel, number in encoder.paths.items():
        paths[number] = rel
    headings = [(*values[:_EDITION_FIGURES], (), *values[_EDITION_FIGURES + 1:]) for values in kinds["editions"]]
    return marshal.dumps((marshal.dumps((paths, dataset.files, headings)), {kind: marshal.dumps(rows) for kind, rows in kinds.items()}))


class _Decoder:
    """Records from the plain tuples `_Encoder` made, origins shown the way `loader.check` shows them.

    A tuple that is not exactly its class's fields, or a value of the wrong kind, raises, and the
    cache is not used."""

    def __init__(self, shown_root: str, paths: list[str]) -> None:
        self.origins = [os.path.join(shown_root, rel) if rel != "." else shown_root for rel in paths]
        # Per class: how many fields, and the position and converter of each field that is not plain
        # (most are plain: they go to the constructor as they are).
        self.plans: dict[type, tuple[int, list[tuple[int, Callable[[Any], Any]]]]] = {}
        for cls, special in _SPECIAL.items():
            converters = [(n, convert) for n, name in enumerate(_FIELDS[cls]) if (convert := self._converter(special.get(name))) is not None]
            self.plans[cls] = (len(_FIELDS[cls]), converters)

    def _converter(self, how: Any) -> Callable[[Any], Any] | None:  # how: a _SPECIAL entry, or None
        if how is None:
            return None
        if how is _DATE:
            return date.fromordinal
        if how is _ORIGIN:
            return lambda value: model.Origin(self.origins[value[0]], value[1])
        if isinstance(how, tuple):
            record = how[0]
            return lambda values: tuple(self.record(record, item) for item in values)
        if isinstance(how, type) and issubclass(how, Enum):
            return how
        return lambda values: self.record(how, values)

    def record(self, cls: type[Any], values: Any) -> Any:
        size, converters = self.plans[cls]
        if type(values) is not tuple or len(values) != size:
            raise CacheError(f"a {cls.__name__} of the wrong shape")
        if not converters:
            return cls(*values)
        fields = list(values)
        for n, convert in converters:
            if fields[n] is not None:
                fields[n] = convert(fields[n])
        return cls(*fields)


@contextmanager
def _decoding() -> Iterator[None]:
    """Whatever goes wrong turning plain data into the model is a CacheError: the cache is not used."""
    try:
        yield
    except CacheError:
        raise
    except Exception as error:  # anything that is not the model: wrong types, shapes, values
        raise CacheError(f"payload does not decode: {type(error).__name__}: {error}") from None


class _Parts:
    """A payload's two parts: the first read at once (paths, file count, editions' headings), the
    sections kept as bytes until `dataset()` is asked for."""

    def __init__(self, payload: bytes | memoryview, shown_root: str) -> None:
        with _decoding():
            first, self.rest = marshal.loads(payload)
            if type(first) is not bytes or type(self.rest) is not dict or not all(type(part) is bytes for part in self.rest.values()):
                raise CacheError("a payload of the wrong shape")
            paths, self.files, self.headings = marshal.loads(first)
            self.size = sum(map(len, self.rest.values()))
            self.decoder = _Decoder(shown_root, paths)

    def preview(self) -> Dataset:
        """The editions, each without its figures (Dataset.preview)."""
        with _decoding():
            editions = [self.decoder.record(model.Edition, values) for values in self.headings]
            return Dataset.preview({edition.year: edition for edition in editions}, files=self.files)

    def dataset(self) -> Dataset:
        whole = self.dataset_unless(lambda: False)
        assert whole is not None  # (never stopped)
        return whole

    def dataset_unless(self, stopped: Callable[[], bool]) -> Dataset | None:
        """The whole dataset, or None once `stopped()` says so (asked every `_STOP_EVERY` records)."""
        with _decoding():
            entities: dict[str, list[Any]] = {}
            for kind, cls in _CLASSES.items():
                plain, records = marshal.loads(self.rest[kind]), entities.setdefault(kind, [])
                for start in range(0, len(plain), _STOP_EVERY):
                    if stopped():
                        return None
                    records.extend([self.decoder.record(cls, values) for values in plain[start:start + _STOP_EVERY]])
            return Dataset(
                editions={edition.year: edition for edition in entities["editions"]},
                events={event.id: event for event in entities["events"]},
                people={person.id: person for person in entities["people"]},
                organizations={org.id: org for org in entities["organizations"]},
                topics={topic.id: topic for topic in entities["topics"]},
                sources={source.id: source for source in entities["sources"]},
                metrics={metric.id: metric for metric in entities["metrics"]},
                files=self.files,
                presorted=True,
            )


# -- loading ------------------------------------------------------------------------------------------
def load_dataset(directory: str | os.PathLike[str] | None = None, *, progress: Progress | None = None, use_cache: bool = True, write_later: Callable[[Callable[[], None]], object] | None = None) -> tuple[Dataset | None, list[Problem]]:
    """Like `loader.check(directory)`: (dataset or None, problems), from the cache when it is valid.

    The dataset carries `fingerprint`, its files' content hash, and `cache_key` when it came from or
    is to go into the cache (the search index is cached under them too). A dataset that had to be
    checked is cached at once, or, given `write_later`, handed to it as a function that caches it,
    for a program that has better things to do first (the explorer: its first frame; writing the
    cache of 100,000 entities takes seconds). The cyclic garbage collector is paused while the
    model is built: it makes hundreds of thousands of objects and no cycles.
    """
    dataset, problems, _rest = open_dataset(directory, progress=progress, use_cache=use_cache, write_later=write_later, staged_above=None)
    return dataset, problems


Rest = Callable[[Callable[[], bool]], tuple[Dataset | None, list[Problem]]]  # rest(stopped): see open_dataset
Progress = Callable[[int, int, str], object]  # progress(files done, files in all, what is read): loader.check's
_STOP_EVERY = 4096  # records decoded between two questions to `stopped`


def open_dataset(directory: str | os.PathLike[str] | None = None, *, progress: Progress | None = None, use_cache: bool = True,
                 write_later: Callable[[Callable[[], None]], object] | None = None, staged_above: int | None = STAGED_BYTES) -> tuple[Dataset | None, list[Problem], Rest | None]:
    """`load_dataset` for a program that can show something before the whole dataset is there.

    A large dataset is answered with a preview (`Dataset.preview`: its editions without their
    figures) and `rest`, a function for a worker thread that reads the whole dataset: (dataset, [])
    or (None, problems). Large means a cache of more than `staged_above` bytes, whose preview is
    read in milliseconds; or, with no cache to use, more than `staged_above` bytes of files: the
    preview is then read from the files holding editions, while another process checks the whole
    dataset and caches it (`check_apart`), and `rest` waits for that, then reads the cache (a
    dataset whose editions alone have problems is checked at once instead, so they are said
    before anything is shown). Should the cache not decode after all, `rest` checks the files.
    `rest(stopped)` asks `stopped()` as it goes, and answers (None, []) as soon as it says True
    (the program is closing: a thread's work would otherwise hold up its exit). Otherwise `rest`
    is None and the dataset is whole.
    """
    with _collector_paused():
        return _load_dataset(directory, progress, use_cache, write_later, staged_above)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a dataset is loaded, on again after if it was on.

    This is the one place the collector is tuned: a load makes hundreds of thousands of long-lived
    objects and no cycles, and each collection meanwhile walks everything made so far (at 100,000
    entities that tripled the time of a check)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def check(directory: str | os.PathLike[str] | None, progress: Progress | None = None) -> tuple[Dataset | None, list[Problem]]:
    """loader.check, imported only when the cache cannot be used (it brings in the YAML reader)."""
    from ciftis.core import loader

    return loader.check(directory, progress=progress)


def _load_dataset(directory: str | os.PathLike[str] | None, progress: Progress | None, use_cache: bool,
                  write_later: Callable[[Callable[[], None]], object] | None, staged_above: int | None) -> tuple[Dataset | None, list[Problem], Rest | None]:
    def checked() -> tuple[Dataset | None, list[Problem], None]:
        return (*check(directory, progress=progress), None)

    root, shown_root = resolve_dataset_dir(directory)
    if not use_cache or not root.is_dir():
        return checked()
    problems: list[Problem] = []
    try:
        files = dataset_files(root, shown_root, problems)
        real_root = root.resolve()
        snapshot = Snapshot(root, files)
    except OSError:
        return checked()
    if problems or not files:
        return checked()
    path = _cache_path("dataset", real_root)
    try:
        if path is not None:
            try:
                parts, content = _from_cache(path, snapshot, str(real_root), shown_root)
                if staged_above is not None and parts.size > staged_above:
                    return parts.preview(), [], partial(_rest, parts, content, str(real_root), directory)
                return _cached(parts.dataset(), content, str(real_root)), [], None
            except CacheError:
                pass
        if staged_above is not None and path is not None and sum(size for _rel, size, *_times in snapshot.stats) > staged_above:
            apart = _checked_apart(directory, files, snapshot, path, str(real_root), shown_root, progress)
            if apart is not None:
                return apart
        fingerprint = snapshot.content_hash() if path is not None else None
    except OSError:  # a file that cannot be read: the loader says which, and why
        return checked()
    dataset, problems = check(directory, progress=progress)
    if dataset is None or problems or path is None:
        return dataset, problems, None
    dataset.fingerprint, dataset.cache_key = fingerprint, str(real_root)

    def write() -> None:
        try:
            if Snapshot(root, files).stats != snapshot.stats:  # a file changed since it was read: do not cache
                return
            payload = encode_dataset(dataset, shown_root)
            write_cache_file(path, {"root": str(real_root), "files": snapshot.stats, "written_ns": snapshot.taken_ns, "content": fingerprint}, payload)
        except (OSError, ValueError):
            pass  # a cache that cannot be written only costs the speed-up

    if write_later is not None:
        write_later(write)
    else:
        write()
    return dataset, problems, None


def _cached(dataset: Dataset, fingerprint: str, real_root: str) -> Dataset:
    dataset.fingerprint, dataset.cache_key = fingerprint, real_root
    return dataset


def _rest(parts: _Parts, fingerprint: str, real_root: str, directory: str | os.PathLike[str] | None, stopped: Callable[[], bool]) -> tuple[Dataset | None, list[Problem]]:
    """The whole dataset after its preview (open_dataset's `rest`)."""
    with _collector_paused():
        try:
            dataset = parts.dataset_unless(stopped)
            return (None if dataset is None else _cached(dataset, fingerprint, real_root)), []
        except CacheError:  # passed its digest yet does not decode: the files decide
            return check(directory)


def _checked_apart(directory: str | os.PathLike[str] | None, files: list[tuple[Path, str]], snapshot: Snapshot, path: Path, real_root: str,
                   shown_root: str, progress: Progress | None) -> tuple[Dataset, list[Problem], Rest] | None:
    """A large dataset to be checked: its editions' preview, read here while another process checks
    and caches the whole (open_dataset); None when its editions have problems of their own, or no
    process can be started."""
    from ciftis.core import loader
    from ciftis.core.check_apart import CheckApart

    apart = CheckApart.start(directory)
    if apart is None:
        return None
    editions = loader.editions_preview(files, progress=progress)
    if editions is None:
        apart.stop()
        return None
    return Dataset.preview(editions, files=len(files)), [], partial(_rest_apart, apart, path, snapshot, real_root, shown_root, directory)


def _rest_apart(apart: CheckApart, path: Path, snapshot: Snapshot, real_root: str, shown_root: str, directory: str | os.PathLike[str] | None,
                stopped: Callable[[], bool]) -> tuple[Dataset | None, list[Problem]]:
    """The whole dataset once the process checking it has cached it (open_dataset's `rest`): read
    from that cache; the files checked here if that process did not say, or its cache cannot be used."""
    problems = apart.wait(stopped)
    if stopped():
        return None, []
    if problems:
        return None, problems
    try:
        if problems is None:
            raise CacheError("the check apart did not say")
        parts, content = _from_cache(path, snapshot, real_root, shown_root)
    except (CacheError, OSError):
        with _collector_paused():
            return check(directory)
    return _rest(parts, content, real_root, directory, stopped)


def _from_cache(path: Path, snapshot: Snapshot, real_root: str, shown_root: str) -> tuple[_Parts, str]:
    """The cache's payload, split into its parts, and the content hash it was written for."""
    header, payload = read_cache_file(path)
    if header.get("root") != real_root:
        raise CacheError("written for another directory")
    written = header.get("written_ns")
    if not isinstance(written, int):
        raise CacheError("corrupt header")
    fresh = snapshot.trusted_by_times(header.get("files"), written)
    if not fresh and header.get("content") != snapshot.content_hash():
        raise CacheError("the dataset has changed")
    parts = _Parts(payload, shown_root)
    if not fresh:  # same contents, new times: remember them, so the next start is fast again
        try:
            write_cache_file(path, dict(header, files=snapshot.stats, written_ns=snapshot.taken_ns), bytes(payload))
        except OSError:
            pass
    return parts, header["content"]


# -- the search index --------------------------------------------------------------------------------
def load_index_data(dataset: Dataset) -> Any:  # unchecked plain data: SearchIndex checks it fits
    """The search index's plain data cached for this dataset (same directory, same contents), or None."""
    path = _cache_path("index", Path(dataset.cache_key)) if dataset.cache_key and dataset.fingerprint else None
    if path is None:
        return None
    try:
        header, payload = read_cache_file(path)
        if header.get("content") != dataset.fingerprint:
            return None
        return marshal.loads(payload)
    except (CacheError, ValueError, EOFError, TypeError):
        return None


def save_index_data(dataset: Dataset, data: Any) -> None:  # data: SearchIndex.plain_data()
    """Cache the search index's plain data (a dataset that did not come through the cache: nothing)."""
    path = _cache_path("index", Path(dataset.cache_key)) if dataset.cache_key and dataset.fingerprint else None
    if path is None:
        return
    try:
        write_cache_file(path, {"content": dataset.fingerprint}, marshal.dumps(data))
    except (OSError, ValueError):
        pass


# -- small validated reads -----------------------------------------------------------------------------
def kept_until_changed(kind: str, key: str, files: list[Path], compute: Callable[[], tuple[Any, bool]]) -> Any:
    """What `compute()` makes of these files, kept as plain data until they change.

    `compute()` returns (value, keep): a value of plain data (what marshal stores) and whether it
    depends on the files' contents alone, so that it may be kept (a settings file moved aside
    because it was broken is not). `key` names everything else the value depends on (which folders,
    which home directory). The value comes back from the cache when the files are the same paths
    with the same sizes and times, or the same contents; otherwise it is computed and kept.
    """
    path = _cache_path(kind, key)

    def snap() -> Snapshot:
        return Snapshot(Path(os.sep), [(file, str(file)) for file in files])

    try:
        snapshot = snap()
    except OSError:  # a file gone or unreadable between listing and now: say so as compute() does
        return compute()[0]
    if path is not None:
        try:
            header, payload = read_cache_file(path)
            written = header.get("written_ns")
            if header.get("key") == key and isinstance(written, int):
                if snapshot.trusted_by_times(header.get("files"), written):
                    return marshal.loads(payload)
                if header.get("content") == snapshot.content_hash():
                    value = marshal.loads(payload)
                    write_cache_file(path, dict(header, files=snapshot.stats, written_ns=snapshot.taken_ns), bytes(payload))
                    return value
        except (CacheError, OSError, ValueError, EOFError, TypeError):
            pass
    value, keep = compute()
    if keep and path is not None:
        try:
            if snap().stats == snapshot.stats:  # not changed while read
                header = {"key": key, "files": snapshot.stats, "written_ns": snapshot.taken_ns, "content": snapshot.content_hash()}
                write_cache_file(path, header, marshal.dumps(value))
        except (OSError, ValueError):
            pass  # only the speed-up is lost
    return value
