"""Fuzzing the loader with mutated copies of the bundled dataset.

Each case copies one bundled file, mutates it one to three times (random byte flips, deleted,
duplicated or swapped lines, swapped values, truncation, YAML syntax and tags spliced in, ids and
numbers replaced, indentation broken, garbage bytes) and runs `check()` on the whole dataset. Every
case must return without an exception, within bounded time, with problems that are `Problem`s
reading "path:line: message" or "path: message" on one line, and a dataset the loader accepts
must export and index. The run is seeded (random.Random(1234)), so a failing case can be replayed
from its number; CIFTIS_FUZZ_CASES sets how many cases run (300 by default).
"""

from __future__ import annotations

import os
import random
import re
import shutil
import time
from pathlib import Path

import pytest

from ciftis.core.export import dataset_json
from ciftis.core.loader import check
from ciftis.core.locations import bundled_dataset_dir
from ciftis.core.search import SearchIndex
from ciftis.core.yamlsafe import Problem

SEED = 1234
CASES = int(os.environ.get("CIFTIS_FUZZ_CASES", "300"))
CASE_SECONDS = 30.0  # a bound on pathological cost (cases once took minutes), not a timing: two loaded cores never reach it

SPLICES = (
    "&a ", "*a", "!!python/object/apply:os.system [id]", "!!binary", "!tag ", "<<: *a", "[", "]", "{", "}",
    "---\n", "...\n", "%TAG ! tag:x\n", "? ", ": ", "- ", "|\n", ">-\n", "'", '"', "#", "\t", "\\", "\x00",
    "\x1b[31m", "\u202e", "\ufeff", "~", "null", "yes", "0x1F", "1e400", ".nan", "-.inf", "2023-02-30", "0o17",
    "[" * 50, "{a: " * 40, "- " * 40, "🎉", "服贸会",
)
NUMBERS = ("0", "-1", "1e308", "-0.0", "99999999999999999999999", "1_000", "0.1", "3.14e-5", "2200", "1899", "nan", "true")
KEY_VALUE = re.compile(rb"^(\s*(?:- )?[\w-]+:[ \t]+)(\S.*)$")
IDENT = re.compile(rb"\b[a-z0-9][a-z0-9-]{2,}\b")
NUMBER = re.compile(rb"(?<![\w.-])\d+(?:\.\d+)?(?![\w.-])")


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if out:
            at = rng.randrange(len(out))
            out[at] ^= 1 << rng.randrange(8)
    return bytes(out)


def delete_lines(rng, data):
    lines = _lines(data)
    for _ in range(rng.randint(1, 5)):
        if len(lines) > 1:
            del lines[rng.randrange(len(lines))]
    return b"\n".join(lines)


def duplicate_line(rng, data):
    lines = _lines(data)
    at = rng.randrange(len(lines))
    lines.insert(at, lines[at])
    return b"\n".join(lines)


def swap_lines(rng, data):
    lines = _lines(data)
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


def swap_values(rng, data):
    lines = _lines(data)
    pairs = [(n, m) for n, line in enumerate(lines) if (m := KEY_VALUE.match(line))]
    if len(pairs) < 2:
        return data
    (i, a), (j, b) = rng.sample(pairs, 2)
    lines[i], lines[j] = a.group(1) + b.group(2), b.group(1) + a.group(2)
    return b"\n".join(lines)


def truncate(rng, data):
    return data[: rng.randrange(len(data) + 1)]


def splice(rng, data):
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.choice(SPLICES).encode("utf-8") + data[at:]


def replace_ident(rng, data):
    idents = IDENT.findall(data)
    if len(idents) < 2:
        return data
    old, new = rng.sample(idents, 2)
    return data.replace(old, new, rng.randint(1, 3))


def replace_number(rng, data):
    spans = [m.span() for m in NUMBER.finditer(data)]
    if not spans:
        return data
    start, end = rng.choice(spans)
    return data[:start] + rng.choice(NUMBERS).encode() + data[end:]


def break_indent(rng, data):
    lines = _lines(data)
    at = rng.randrange(len(lines))
    lines[at] = (b" " * rng.choice((1, 2, 3, 5, 8)) + lines[at]) if rng.random() < 0.5 else lines[at].lstrip()
    return b"\n".join(lines)


def garbage(rng, data):
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.randbytes(rng.randint(1, 64)) + data[at:]


MUTATIONS = (flip_bytes, delete_lines, duplicate_line, swap_lines, swap_values, truncate, splice, replace_ident, replace_number, break_indent, garbage)


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    """A private copy of the bundled dataset's YAML files, and their original bytes."""
    source = bundled_dataset_dir()
    root = tmp_path_factory.mktemp("fuzz") / "dataset"
    originals = {}
    for path in sorted(source.rglob("*.y*ml")):
        relative = path.relative_to(source)
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        originals[relative] = path.read_bytes()
    if not originals:
        pytest.skip("no bundled dataset")
    return root, originals


def assert_well_formed(problem, root: Path) -> None:
    assert type(problem) is Problem
    assert isinstance(problem.message, str) and problem.message
    assert "\n" not in problem.message and "\r" not in problem.message, f"a multi-line message: {problem.message!r}"
    assert problem.path.startswith(str(root))
    if problem.line is None:
        assert str(problem) == f"{problem.path}: {problem.message}"
    else:
        assert type(problem.line) is int and problem.line >= 1
        assert str(problem) == f"{problem.path}:{problem.line}: {problem.message}"


def run_case(number: int, seed: int, root: Path, originals: dict) -> str:
    """Mutate one file, check the dataset, restore the file; say how it went."""
    rng = random.Random(seed)
    relative = rng.choice(sorted(originals))
    data = originals[relative]
    steps = [rng.choice(MUTATIONS) for _ in range(rng.randint(1, 3))]
    for mutate in steps:
        data = mutate(rng, data) if data else data
    target = root / relative
    target.write_bytes(data)
    try:
        started = time.perf_counter()
        dataset, problems = check(root)
        elapsed = time.perf_counter() - started
    except Exception as error:  # noqa: BLE001 - any exception is the failure being looked for
        pytest.fail(f"case {number} (seed {seed}, {relative}, {[m.__name__ for m in steps]}): check() raised {error!r}")
    finally:
        target.write_bytes(originals[relative])
    where = f"case {number} (seed {seed}, {relative}, {[m.__name__ for m in steps]})"
    assert elapsed < CASE_SECONDS, f"{where}: check() took {elapsed:.2f} s"
    assert isinstance(problems, list), where
    for problem in problems:
        assert_well_formed(problem, root)
    if problems:
        return "rejected"
    assert dataset is not None, where
    dataset_json(dataset)
    SearchIndex(dataset).search("ciftis")
    return "accepted"


def test_fuzz_loader(work, capsys):
    root, originals = work
    baseline, _problems = check(root)
    master = random.Random(SEED)
    outcomes = {"accepted": 0, "rejected": 0}
    started = time.perf_counter()
    for number in range(CASES):
        outcomes[run_case(number, master.getrandbits(32), root, originals)] += 1
    elapsed = time.perf_counter() - started
    with capsys.disabled():
        print(f"\nfuzz: {CASES} loader cases over {len(originals)} bundled files (seed {SEED}): "
              f"{outcomes['rejected']} rejected with problems, {outcomes['accepted']} still valid, no exceptions, {elapsed:.1f} s")
    assert sum(outcomes.values()) == CASES
    assert baseline is not None
    assert outcomes["rejected"] > CASES // 2  # the mutations really do break things
