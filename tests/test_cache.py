"""The cache of the validated dataset and of its search index (ciftis.core.cache).

A cache is used only when it is exactly what was written for exactly these files: corrupt, truncated,
from another format or app version, for another directory or another content, or a payload that is
not the model, and it is ignored and rebuilt. A changed, added, removed or touched file is noticed;
a dataset with problems is never cached; a cache that cannot be written costs only the speed-up.
Every test has its own $XDG_CACHE_HOME.
"""

from __future__ import annotations

import dataclasses
import json
import marshal
import os
import shutil
import time
from pathlib import Path

import pytest

import ciftis.core.loader
from ciftis.core import cache, model
from ciftis.core.export import dataset_json
from ciftis.core.kinds import NAMES as KINDS
from ciftis.core.loader import check
from ciftis.core.search import SearchIndex
from tests.conftest import MINI, write_dataset


@pytest.fixture(autouse=True)
def cache_home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "ciftis"


@pytest.fixture
def dataset_dir(tmp_path) -> Path:
    root = write_dataset(tmp_path / "mini", MINI)
    old = time.time() - 3600  # written an hour ago: its times can be trusted
    for path in root.rglob("*.yaml"):
        os.utime(path, (old, old))
    return root


class Checks:
    """Counts full loads (parse and validate), so a test can tell the cache was used."""

    def __init__(self, monkeypatch):
        self.count = 0
        real = ciftis.core.loader.check

        def counting(*args, **kwargs):
            self.count += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(ciftis.core.loader, "check", counting)


@pytest.fixture
def checks(monkeypatch) -> Checks:
    return Checks(monkeypatch)


def cache_file(cache_home: Path, kind: str = "dataset") -> Path:
    [path] = cache_home.glob(f"{kind}-*.bin")
    return path


def same(a, b) -> None:
    """Two datasets with the same entities, values, order and origins."""
    assert dataset_json(a) == dataset_json(b)
    for kind in KINDS:
        left, right = a.of_kind(kind), b.of_kind(kind)
        assert left == right
        assert [entity.origin for entity in left] == [entity.origin for entity in right]
    assert a.files == b.files


def rewrite_header(path: Path, **changes) -> None:
    data = path.read_bytes()
    at = len(cache.MAGIC)
    size = int.from_bytes(data[at:at + 4], "big")
    header = json.loads(data[at + 4:at + 4 + size])
    header.update(changes)
    head = json.dumps(header).encode("ascii")
    path.write_bytes(cache.MAGIC + len(head).to_bytes(4, "big") + head + data[at + 4 + size:])


def test_second_load_comes_from_the_cache_and_is_the_same(dataset_dir, cache_home, checks):
    first, problems = cache.load_dataset(dataset_dir)
    assert problems == [] and checks.count == 1
    assert cache_file(cache_home).stat().st_size > 0
    second, problems = cache.load_dataset(dataset_dir)
    assert problems == [] and checks.count == 1  # not parsed again
    same(second, check(dataset_dir)[0])
    assert second.fingerprint == first.fingerprint and second.fingerprint


def test_records_from_the_cache_have_the_loaders_shape(dataset_dir, cache_home):
    cache.load_dataset(dataset_dir)
    warm, _ = cache.load_dataset(dataset_dir)
    cold = check(dataset_dir)[0]
    figure, person = warm.figures["2021-area"], warm.people["liu-hua"]
    assert type(figure) is model.Figure and type(person) is model.Person
    assert figure.sources == cold.figures["2021-area"].sources == (model.SourceRef("weekly", "126,000 square meters"),)
    assert person.positions == cold.people["liu-hua"].positions == (model.Position("Director", "wipo", 2021),)
    assert isinstance(person.positions[0], model.Position) and figure.origin == cold.figures["2021-area"].origin


def test_origins_follow_the_directory_as_given(dataset_dir, cache_home, monkeypatch):
    cache.load_dataset(dataset_dir)
    monkeypatch.chdir(dataset_dir.parent)
    relative, _ = cache.load_dataset("mini")  # from the cache, written for the absolute path
    assert relative.editions[2021].origin.path == os.path.join("mini", "editions.yaml")


@pytest.mark.parametrize("damage", ["flip-payload", "flip-header", "truncate-half", "truncate-header", "empty", "garbage", "magic-only"])
def test_a_damaged_cache_is_ignored_and_rebuilt(dataset_dir, cache_home, checks, damage):
    cache.load_dataset(dataset_dir)
    path = cache_file(cache_home)
    data = bytearray(path.read_bytes())
    if damage == "flip-payload":
        data[-10] ^= 0xFF
    elif damage == "flip-header":
        data[len(cache.MAGIC) + 10] ^= 0x01
    elif damage == "truncate-half":
        data = data[: len(data) // 2]
    elif damage == "truncate-header":
        data = data[: len(cache.MAGIC) + 6]
    elif damage == "empty":
        data = bytearray()
    elif damage == "garbage":
        data = bytearray(os.urandom(len(data)))
    else:
        data = bytearray(cache.MAGIC)
    path.write_bytes(bytes(data))
    loaded, problems = cache.load_dataset(dataset_dir)
    assert problems == [] and checks.count == 2  # rebuilt
    same(loaded, check(dataset_dir)[0])
    cache.read_cache_file(path)  # and written again, whole
    cache.load_dataset(dataset_dir)
    assert checks.count == 2


@pytest.mark.parametrize("field, value", [("format", cache.FORMAT + 1), ("app", "0.0.0-other"), ("runtime", "cpython-99/marshal9"), ("root", "/somewhere/else"), ("content", "0" * 64), ("written_ns", "yesterday")])
def test_a_cache_from_another_version_or_dataset_is_rebuilt(dataset_dir, cache_home, checks, field, value):
    cache.load_dataset(dataset_dir)
    path = cache_file(cache_home)
    rewrite_header(path, **{field: value})
    if field == "content":  # the times still match, so the content is only hashed when they do not
        os.utime(dataset_dir / "base.yaml")
    loaded, _ = cache.load_dataset(dataset_dir)
    assert checks.count == 2
    same(loaded, check(dataset_dir)[0])


def test_a_cache_written_for_another_dataset_is_not_used(tmp_path, dataset_dir, cache_home, checks):
    other = write_dataset(tmp_path / "other", {**MINI, "base.yaml": MINI["base.yaml"].replace("Daily Paper", "Evening Paper")})
    cache.load_dataset(other)
    [theirs] = cache_home.glob("dataset-*.bin")
    cache.load_dataset(dataset_dir)
    [mine] = [path for path in cache_home.glob("dataset-*.bin") if path != theirs]
    shutil.copyfile(theirs, mine)  # the other dataset's cache, under this one's name
    loaded, _ = cache.load_dataset(dataset_dir)
    assert checks.count == 3
    assert loaded.sources["daily"].publisher == "Daily Paper"


def test_a_forged_payload_that_is_not_the_model_is_rebuilt(dataset_dir, cache_home, checks):
    cache.load_dataset(dataset_dir)
    path = cache_file(cache_home)
    header, _payload = cache.read_cache_file(path)
    for forged in (marshal.dumps(("not", "a", "dataset")), marshal.dumps(([], 1, {"editions": [(1, 2)]})), b"\x00" * 8):
        cache.write_cache_file(path, {key: header[key] for key in ("root", "files", "written_ns", "content")}, forged)
        loaded, _ = cache.load_dataset(dataset_dir)
        same(loaded, check(dataset_dir)[0])
    assert checks.count == 4


def test_a_changed_file_invalidates_the_cache(dataset_dir, checks):
    cache.load_dataset(dataset_dir)
    path = dataset_dir / "base.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Fair closes", "Fair ends!"), encoding="utf-8")  # same size
    loaded, _ = cache.load_dataset(dataset_dir)
    assert checks.count == 2 and loaded.sources["daily"].title == "Fair ends!"


def test_a_change_that_keeps_size_and_mtime_is_still_noticed(dataset_dir, checks):
    cache.load_dataset(dataset_dir)
    path = dataset_dir / "base.yaml"
    info = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("Fair closes", "Fair ends!"), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # the change time (ctime) still moves
    loaded, _ = cache.load_dataset(dataset_dir)
    assert checks.count == 2 and loaded.sources["daily"].title == "Fair ends!"


def test_files_changed_just_before_the_snapshot_are_hashed_not_trusted(dataset_dir, cache_home, checks):
    path = dataset_dir / "base.yaml"
    path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")  # modified now
    cache.load_dataset(dataset_dir)
    header, _ = cache.read_cache_file(cache_file(cache_home))
    snapshot = cache.Snapshot(dataset_dir, [(p, str(p)) for p in sorted(dataset_dir.rglob("*.yaml"))])
    assert not snapshot.trusted_by_times(header["files"], header["written_ns"])
    cache.load_dataset(dataset_dir)  # still from the cache: the contents are the same
    assert checks.count == 1


def test_an_added_or_removed_file_invalidates_the_cache(dataset_dir, checks):
    cache.load_dataset(dataset_dir)
    (dataset_dir / "more.yaml").write_text("metrics:\n  - {id: extra, label: Extra, unit: count, definition: More.}\n", encoding="utf-8")
    loaded, _ = cache.load_dataset(dataset_dir)
    assert checks.count == 2 and "extra" in loaded.metrics
    (dataset_dir / "more.yaml").unlink()
    loaded, _ = cache.load_dataset(dataset_dir)
    assert checks.count == 3 and "extra" not in loaded.metrics


def test_a_touched_but_unchanged_file_keeps_the_cache(dataset_dir, cache_home, checks):
    cache.load_dataset(dataset_dir)
    os.utime(dataset_dir / "base.yaml")
    cache.load_dataset(dataset_dir)
    assert checks.count == 1  # the times differ, the content hash does not
    header, _ = cache.read_cache_file(cache_file(cache_home))
    assert header["files"] == cache.Snapshot(dataset_dir, [(p, str(p)) for p in sorted(dataset_dir.rglob("*.yaml"))]).stats


def test_a_dataset_with_problems_is_never_cached(dataset_dir, cache_home, checks):
    (dataset_dir / "bad.yaml").write_text("editions:\n  - year: 2021\n", encoding="utf-8")
    dataset, problems = cache.load_dataset(dataset_dir)
    assert problems and not list(cache_home.glob("*.bin"))
    assert cache.load_dataset(dataset_dir)[1] == problems and checks.count == 2


def test_an_unwritable_cache_only_costs_the_speed_up(dataset_dir, cache_home, checks):
    cache_home.parent.mkdir(parents=True)
    cache_home.write_text("a file where the cache folder should be", encoding="utf-8")
    for _ in range(2):
        loaded, problems = cache.load_dataset(dataset_dir)
        assert problems == []
        same(loaded, check(dataset_dir)[0])
    assert checks.count == 2


def test_the_search_index_is_cached_with_the_dataset(dataset_dir, cache_home):
    dataset, _ = cache.load_dataset(dataset_dir)
    built = SearchIndex.for_dataset(dataset)
    path = cache_file(cache_home, "index")
    again = SearchIndex.for_dataset(cache.load_dataset(dataset_dir)[0])
    assert again.plain_data() == built.plain_data()
    for query in ("madird", "liu hau", "2021", "a", "服贸会"):
        assert again.search(query, limit=None) == built.search(query, limit=None)
    data = bytearray(path.read_bytes())
    data[-3] ^= 0xFF
    path.write_bytes(bytes(data))
    rebuilt = SearchIndex.for_dataset(dataset)
    assert rebuilt.plain_data() == built.plain_data()
    cache.read_cache_file(path)  # written again


def test_an_index_cache_of_another_shape_is_rebuilt(dataset_dir):
    dataset, _ = cache.load_dataset(dataset_dir)
    for data in (None, ("x",), (0, [], [], [], {}, []), (99, [], [], [], {}, [])):
        index = SearchIndex(dataset, data=data)
        assert index.search("madrid") == SearchIndex(dataset).search("madrid")


# -- kept_until_changed: small validated reads (themes, settings) ----------------------------------------------
class Computed:
    """A compute() for cache.kept_until_changed that counts its calls and answers what the file holds."""

    def __init__(self, path: Path, keep: bool = True):
        self.path = path
        self.keep = keep
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return {"text": self.path.read_text(encoding="utf-8"), "lines": [1, 2]}, self.keep


def test_remembered_computes_once_until_the_file_changes(tmp_path, cache_home):
    path = tmp_path / "settings.yaml"
    path.write_text("theme: a\n", encoding="utf-8")
    compute = Computed(path)
    assert cache.kept_until_changed("settings", "k", [path], compute) == {"text": "theme: a\n", "lines": [1, 2]}
    assert cache.kept_until_changed("settings", "k", [path], compute) == {"text": "theme: a\n", "lines": [1, 2]}
    assert compute.calls == 1
    path.write_text("theme: b\n", encoding="utf-8")  # same size, within the same second
    assert cache.kept_until_changed("settings", "k", [path], compute)["text"] == "theme: b\n" and compute.calls == 2
    assert cache.kept_until_changed("settings", "other key", [path], compute)["text"] == "theme: b\n" and compute.calls == 3


@pytest.mark.parametrize("damage", ["flip-payload", "truncate-half", "garbage"])
def test_a_damaged_remembered_value_is_computed_again(tmp_path, cache_home, damage):
    path = tmp_path / "settings.yaml"
    path.write_text("theme: a\n", encoding="utf-8")
    compute = Computed(path)
    cache.kept_until_changed("settings", "k", [path], compute)
    stored = cache_file(cache_home, "settings")
    data = bytearray(stored.read_bytes())
    if damage == "flip-payload":
        data[-3] ^= 0xFF
    elif damage == "truncate-half":
        data = data[: len(data) // 2]
    else:
        data = bytearray(os.urandom(len(data)))
    stored.write_bytes(bytes(data))
    assert cache.kept_until_changed("settings", "k", [path], compute)["text"] == "theme: a\n" and compute.calls == 2
    assert cache.kept_until_changed("settings", "k", [path], compute)["text"] == "theme: a\n" and compute.calls == 2


def test_a_value_not_to_keep_is_computed_every_time(tmp_path, cache_home):
    path = tmp_path / "settings.yaml"
    path.write_text("theme: [\n", encoding="utf-8")
    compute = Computed(path, keep=False)
    cache.kept_until_changed("settings", "k", [path], compute)
    cache.kept_until_changed("settings", "k", [path], compute)
    assert compute.calls == 2 and not list(cache_home.glob("settings-*.bin"))


def test_a_large_cache_opens_as_its_editions_first_then_the_whole_dataset(dataset_dir, cache_home, checks):
    first, _ = cache.load_dataset(dataset_dir)
    preview, problems, rest = cache.open_dataset(dataset_dir, staged_above=0)  # every cache is "large"
    assert problems == [] and rest is not None and checks.count == 1
    assert preview.complete is False
    whole_editions = list(first.editions.values())
    assert list(preview.editions.values()) == [dataclasses.replace(edition, figures=()) for edition in whole_editions]
    assert any(edition.figures for edition in whole_editions)  # so the headings did leave figures out
    assert [edition.origin for edition in preview.editions.values()] == [edition.origin for edition in whole_editions]
    for look in (lambda: preview.events, lambda: preview.people, lambda: preview.sources, lambda: preview.figures):
        with pytest.raises(model.NotLoaded):
            list(look())
    with pytest.raises(model.NotLoaded):
        preview.get("person", "ada")
    with pytest.raises(model.NotLoaded):
        preview.events_of_edition(2020)
    whole, problems = rest(lambda: False)
    assert problems == [] and checks.count == 1  # read from the cache, not checked again
    assert whole.complete is True
    same(whole, check(dataset_dir)[0])
    assert (whole.fingerprint, whole.cache_key) == (first.fingerprint, first.cache_key)


def test_reading_the_rest_stops_when_asked_to(dataset_dir, cache_home, checks, monkeypatch):
    """`rest(stopped)` asks `stopped()` as it decodes, and gives up with (None, []) once it says
    so (the explorer closing while it reads): nothing half-read is answered, nothing is checked."""
    cache.load_dataset(dataset_dir)
    monkeypatch.setattr(cache, "_STOP_EVERY", 1)  # asked before each record
    asked = []

    def stopped() -> bool:
        asked.append(None)
        return len(asked) > 3

    preview, problems, rest = cache.open_dataset(dataset_dir, staged_above=0)
    assert rest is not None
    assert rest(stopped) == (None, [])
    assert len(asked) == 4 and checks.count == 1
    whole, problems = rest(lambda: False)  # (asked again, it reads the whole dataset)
    assert problems == [] and whole.complete


def test_a_small_cache_opens_whole_at_once(dataset_dir, cache_home, checks):
    cache.load_dataset(dataset_dir)
    dataset, problems, rest = cache.open_dataset(dataset_dir)
    assert problems == [] and rest is None and dataset.complete
    same(dataset, check(dataset_dir)[0])
    assert checks.count == 1


def test_a_small_dataset_not_cached_yet_opens_whole(dataset_dir, cache_home, checks):
    dataset, problems, rest = cache.open_dataset(dataset_dir, staged_above=10**9)
    assert problems == [] and rest is None and dataset.complete and checks.count == 1


def test_a_large_dataset_not_cached_yet_opens_as_its_editions_while_another_process_checks_it(dataset_dir, cache_home, checks):
    """The first launch on a large dataset: the editions come from the files that hold them, and
    the whole dataset from the cache the other process writes once it has checked every file."""
    calls = []
    preview, problems, rest = cache.open_dataset(dataset_dir, staged_above=0, progress=lambda *call: calls.append(call))
    assert problems == [] and rest is not None and preview.complete is False and checks.count == 0
    assert calls == [(0, 1, "the editions")]  # editions.yaml alone: base.yaml holds none
    whole, problems = rest(lambda: False)
    assert problems == [] and whole.complete and checks.count == 0  # checked there, read here from its cache
    assert list(preview.editions.values()) == [dataclasses.replace(edition, figures=()) for edition in whole.editions.values()]
    same(whole, check(dataset_dir)[0])
    assert cache_file(cache_home).is_file() and whole.fingerprint is not None
    again, problems, rest = cache.open_dataset(dataset_dir)
    assert problems == [] and rest is None and again.fingerprint == whole.fingerprint  # the next launch: from the cache


def test_what_the_other_process_finds_wrong_is_the_answer_of_the_rest(dataset_dir, cache_home, checks):
    base = dataset_dir / "base.yaml"
    base.write_text(base.read_text(encoding="utf-8").replace("organization: wipo", "organization: nowhere"), encoding="utf-8")
    expected = check(dataset_dir)[1]
    assert [str(p) for p in expected] == [f"{dataset_dir / 'base.yaml'}:44: unknown organization 'nowhere'"]
    preview, problems, rest = cache.open_dataset(dataset_dir, staged_above=0)
    assert problems == [] and rest is not None and sorted(preview.editions) == [2021, 2022, 2023]
    assert rest(lambda: False) == (None, expected)
    assert not cache_home.exists() or not list(cache_home.glob("dataset-*.bin"))  # never cached


def test_a_large_dataset_whose_editions_have_a_problem_is_checked_at_once(dataset_dir, cache_home, checks):
    editions = dataset_dir / "editions.yaml"
    editions.write_text(editions.read_text(encoding="utf-8").replace("year: 2022", "year: soon"), encoding="utf-8")
    dataset, problems, rest = cache.open_dataset(dataset_dir, staged_above=0)
    assert rest is None and checks.count == 1 and problems == check(dataset_dir)[1] and problems


def test_closing_while_the_other_process_checks_ends_it(dataset_dir, cache_home, checks):
    preview, problems, rest = cache.open_dataset(dataset_dir, staged_above=0)
    assert rest is not None
    assert rest(lambda: True) == (None, [])
    assert not cache_home.exists() or not list(cache_home.glob("dataset-*.bin"))  # ended before it could cache
    assert checks.count == 0


def test_when_the_other_process_fails_the_files_are_checked_here(dataset_dir, cache_home, checks, monkeypatch):
    monkeypatch.setattr("sys.executable", shutil.which("false"))  # a process that ends at once, saying nothing
    preview, problems, rest = cache.open_dataset(dataset_dir, staged_above=0)
    assert problems == [] and rest is not None and not preview.complete
    whole, problems = rest(lambda: False)
    assert problems == [] and checks.count == 1
    same(whole, check(dataset_dir)[0])


def test_a_cache_whose_second_part_does_not_decode_is_checked_from_the_files(dataset_dir, cache_home, checks):
    cache.load_dataset(dataset_dir)
    path = cache_file(cache_home)
    header, payload = cache.read_cache_file(path)
    first_part, _whole = marshal.loads(payload)
    forged = marshal.dumps((first_part, {"editions": marshal.dumps([(1, 2)])}))
    cache.write_cache_file(path, {key: header[key] for key in ("root", "files", "written_ns", "content")}, forged)
    preview, problems, rest = cache.open_dataset(dataset_dir, staged_above=0)
    assert problems == [] and rest is not None and not preview.complete
    whole, problems = rest(lambda: False)
    assert problems == [] and checks.count == 2
    same(whole, check(dataset_dir)[0])
