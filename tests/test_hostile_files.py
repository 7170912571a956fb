"""Hostile dataset files: each is loaded correctly or rejected as `path:line: message`, quickly, in
bounded memory, with nothing executed and no traceback, by `check()` and by `ciftis validate`.

The cases test_loader.py already covers (one unsafe tag, the alias bomb, Latin-1 text, BOM + CRLF,
duplicate keys and ids, a derivation cycle, a link out of the dataset, an empty directory) are only
extended here where the attack differs.
"""

from __future__ import annotations

import os
import random
import stat
import subprocess
import sys
import textwrap
import time
import tracemalloc
from pathlib import Path

import pytest

from ciftis.cli import main
from ciftis.core.loader import check
from ciftis.core.yamlsafe import MAX_DEPTH, MAX_VALUES
from tests.conftest import MINI, write_dataset

SECONDS = 30.0  # a bound on pathological cost (cases once took minutes or gigabytes), not a timing: two loaded cores never reach it
PEAK_BYTES = 100 * 1024 * 1024
TOO_DEEP = f"nesting is too deep (the limit is {MAX_DEPTH} levels)"


def dataset_with(tmp_path: Path, name: str, content: str | bytes) -> Path:
    """The MINI dataset plus one file, written byte for byte."""
    root = write_dataset(tmp_path / "ds", MINI)
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


def problems(root) -> list[str]:
    """check()'s problems as text, asserting it took bounded time and memory."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        _dataset, found = check(root)
    finally:
        elapsed = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert elapsed < SECONDS, f"check() took {elapsed:.2f} s"
    assert peak < PEAK_BYTES, f"check() peaked at {peak / 1048576:.0f} MiB"
    return [str(p) for p in found]


def validate(capsys, root) -> tuple[int, list[str]]:
    """`ciftis --dataset root validate`: exit code and stderr lines (stdout must be empty on failure)."""
    code = main(["--dataset", str(root), "validate"])
    out, err = capsys.readouterr()
    if code:
        assert out == ""
    assert "Traceback" not in err
    return code, err.splitlines()


def rejected(capsys, root, *expected: str) -> None:
    """Both check() and `ciftis validate` report exactly these problems, and validate exits 1."""
    assert problems(root) == list(expected)
    code, lines = validate(capsys, root)
    count = len(expected)
    assert (code, lines) == (1, [*expected, f"{count} problem{'s' if count != 1 else ''} found"])


# -- tags: nothing is ever constructed or run -----------------------------------------------------
UNSAFE_TAGS = {
    "object-runs-os-system": ("sources: !!python/object/apply:os.system [\"touch {marker}\"]\n",
                               "unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system': only plain lists are allowed"),
    "object-new-subprocess": ("sources: !!python/object/new:subprocess.check_call [[touch, {marker}]]\n",
                              "unsupported YAML tag 'tag:yaml.org,2002:python/object/new:subprocess.check_call': only plain lists are allowed"),
    "object-from-a-dict": ("sources: !!python/object:os.system {{state: \"touch {marker}\"}}\n",
                       "unsupported YAML tag 'tag:yaml.org,2002:python/object:os.system': only plain mappings are allowed"),
    "python-name": ("sources: !!python/name:os.system\n",
                    "unsupported YAML tag 'tag:yaml.org,2002:python/name:os.system': only plain values are allowed"),
    "tag-directive": ("%TAG !p! tag:yaml.org,2002:python/\n---\nsources: !p!object/apply:os.system [\"touch {marker}\"]\n",
                      "unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system': only plain lists are allowed"),
    "binary": ("sources: !!binary dG91Y2g=\n", "unsupported YAML tag 'tag:yaml.org,2002:binary': only plain values are allowed"),
    "set": ("sources: !!set {{a, b}}\n", "unsupported YAML tag 'tag:yaml.org,2002:set': only plain mappings are allowed"),
}


@pytest.mark.parametrize("case", list(UNSAFE_TAGS))
def test_unsafe_tag_is_rejected_and_nothing_runs(capsys, tmp_path, case):
    marker = tmp_path / "pwned"
    text, message = UNSAFE_TAGS[case]
    root = dataset_with(tmp_path, "evil.yaml", text.format(marker=marker))
    line = 3 if case == "tag-directive" else 1
    rejected(capsys, root, f"{root}/evil.yaml:{line}: {message}")
    assert not marker.exists()


# -- aliases (the billion-laughs bomb itself is in test_loader.py) --------------------------------
def test_merge_key_alias_bomb(capsys, tmp_path):
    lines = ["a0: &a0 {x: lol}"] + [f"a{i}: &a{i}\n  <<: [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    root = dataset_with(tmp_path, "bomb.yaml", "\n".join(lines) + "\n")
    rejected(capsys, root, f"{root}/bomb.yaml:3: merge keys (<<) are not supported")


def test_alias_of_a_whole_entity(capsys, tmp_path):
    root = dataset_with(tmp_path, "copy.yaml", "people:\n  - &p {id: x, name: X, positions: [], sources: [daily]}\n  - *p\n")
    rejected(capsys, root, f"{root}/copy.yaml:2: the value anchored here (&name) is reused by an alias (*name); aliases are not supported, write the value out")


# -- size ------------------------------------------------------------------------------------------
def test_50_mb_file_is_rejected_by_size_quickly(capsys, tmp_path):
    root = write_dataset(tmp_path / "ds", MINI)
    with open(root / "huge.yaml", "wb") as stream:
        line = b"# " + b"x" * 1021 + b"\n"
        for _ in range(50 * 1024):
            stream.write(line)
    assert (root / "huge.yaml").stat().st_size == 50 * 1024 * 1024
    rejected(capsys, root, f"{root}/huge.yaml: file is too large (50.0 MiB; the limit is 16 MiB)")


def test_many_tiny_values_under_the_size_limit_are_rejected_quickly(capsys, tmp_path):
    root = dataset_with(tmp_path, "flat.yaml", "sources: [" + "1," * 7_000_000 + "1]\n")  # 14 MB
    rejected(capsys, root, f"{root}/flat.yaml:1: too many values (more than {MAX_VALUES:,} in one file)")


def test_repeated_loads_keep_nothing_alive(tmp_path):
    """A long-running app reloads the dataset; no parse node may outlive a load (they once did)."""
    import gc

    import yaml

    def nodes() -> int:
        gc.collect()
        return sum(isinstance(thing, (yaml.Node, yaml.Mark)) for thing in gc.get_objects())

    root = write_dataset(tmp_path / "ds", MINI)
    check(root)
    before = nodes()
    for _ in range(5):
        check(root)
    assert nodes() == before


# -- nesting: libyaml's composer recurses in C and would crash the interpreter ---------------------
DEEP = {
    "flow-sequences": ("sources: " + "[" * 100_000 + "\n", 1),
    "closed-flow-sequences": ("sources: " + "[" * 100_000 + "]" * 100_000 + "\n", 1),
    "flow-braces": ("sources: " + "{a: " * 100_000 + "\n", 1),
    "block-keys": ("".join(" " * i + f"k{i}:\n" for i in range(5_000)), MAX_DEPTH + 1),
    "block-sequences": ("- " * 100_000 + "x\n", 1),
    "complex-keys": ("? " * 100_000 + "x\n", 1),
}


@pytest.mark.parametrize("case", list(DEEP))
def test_deep_nesting_is_rejected_without_crashing(capsys, tmp_path, case):
    text, line = DEEP[case]
    root = dataset_with(tmp_path, "deep.yaml", text)
    rejected(capsys, root, f"{root}/deep.yaml:{line}: {TOO_DEEP}")


def test_libyamls_own_nesting_limit_is_reported_at_the_line_ours_is_passed(capsys, tmp_path, monkeypatch):
    """Newer libyaml stops at 1,000 levels, reading ahead of its events in flow collections, so
    the error can come before the events reach our limit; the line is still where ours is passed."""
    import yaml

    from ciftis.core import yamlsafe

    parse = yaml.parse

    def libyaml_with_a_limit(stream, Loader):
        if Loader is yamlsafe._Loader and stream.count("[") > MAX_DEPTH:
            mark = yaml.Mark("<file>", 0, 0, 2000, None, None)
            raise yaml.scanner.ScannerError("while increasing flow level", mark, "exceeded maximum nesting depth", mark)
        return parse(stream, Loader=Loader)

    monkeypatch.setattr(yaml, "parse", libyaml_with_a_limit)
    root = dataset_with(tmp_path, "deep.yaml", "sources:\n" + "  [\n" * 40)  # one level a line
    rejected(capsys, root, f"{root}/deep.yaml:{MAX_DEPTH + 1}: {TOO_DEEP}")


def test_nesting_up_to_the_limit_is_still_read(tmp_path):
    levels = MAX_DEPTH - 1  # inside the top-level mapping: MAX_DEPTH lists and mappings in all
    root = dataset_with(tmp_path, "ok.yaml", "sources: " + "[" * levels + "1" + "]" * levels + "\n")
    assert problems(root) == [f"{root}/ok.yaml:1: source must be a mapping, not a list"]
    root = dataset_with(tmp_path / "deeper", "ok.yaml", "sources: " + "[" * (levels + 1) + "1" + "]" * (levels + 1) + "\n")
    assert problems(root) == [f"{root}/ok.yaml:1: {TOO_DEEP}"]


# -- truncated, binary and mis-encoded files -------------------------------------------------------
EDITIONS = textwrap.dedent(MINI["editions.yaml"]).lstrip("\n")


def cut_after(text: str, marker: str) -> str:
    return text[: text.index(marker) + len(marker)]


def test_truncated_inside_flow_braces(capsys, tmp_path):
    root = dataset_with(tmp_path, "editions.yaml", cut_after(EDITIONS, "theme: {en: Tow"))
    rejected(
        capsys, root,
        f"{root}/base.yaml:45: unknown edition '2021'",
        f"{root}/editions.yaml:9: invalid YAML: did not find expected ',' or '}}'",
    )


def test_truncated_inside_a_quoted_value(capsys, tmp_path):
    root = dataset_with(tmp_path, "editions.yaml", cut_after(EDITIONS, 'quote: "126,0'))
    rejected(
        capsys, root,
        f"{root}/base.yaml:45: unknown edition '2021'",
        f"{root}/editions.yaml:17: invalid YAML: found unexpected end of stream",
    )


def test_truncated_inside_a_block_key_is_a_schema_problem(capsys, tmp_path):
    root = dataset_with(tmp_path, "editions.yaml", cut_after(EDITIONS, "qualifier: ex"))
    rejected(capsys, root, f"{root}/editions.yaml:16: figure 'qualifier' must be one of exact, more_than, at_least, nearly, about, less_than; not 'ex'")


BINARY = {
    "png-header": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "1: is not UTF-8 text (byte 0x89 cannot be decoded)"),
    "nul-bytes": (b"sources: []\n\x00\x00\x00\x00", "2: contains a NUL byte: this is not a text file"),
    "control-bytes": (b"sources: []\n# ok\n\x01\x02\x03", "3: contains the character U+0001, which YAML does not allow"),
    "escape-sequence": (b"sources: []\nnote: \x1b]52;c;ZXZpbA==\x07\n", "2: contains the character U+001B, which YAML does not allow"),
    "utf-16": ("sources: []\n".encode("utf-16"), "1: is not UTF-8 text (byte 0xff cannot be decoded)"),
    "elf-header": (b"\x7fELF\x02\x01\x01\x00" + bytes(8), "1: contains a NUL byte: this is not a text file"),
}


@pytest.mark.parametrize("case", list(BINARY))
def test_binary_garbage(capsys, tmp_path, case):
    content, message = BINARY[case]
    root = dataset_with(tmp_path, "junk.yaml", content)
    rejected(capsys, root, f"{root}/junk.yaml:{message}")


@pytest.mark.parametrize("seed", range(5))
def test_random_bytes_with_nuls(capsys, tmp_path, seed):
    rng = random.Random(seed)
    content = bytes(rng.randrange(256) for _ in range(4096)) + b"\x00"
    root = dataset_with(tmp_path, "random.yaml", content)
    (message,) = problems(root)
    assert message.startswith(f"{root}/random.yaml:")
    assert message.endswith(("cannot be decoded)", "contains a NUL byte: this is not a text file"))
    code, lines = validate(capsys, root)
    assert (code, lines) == (1, [message, "1 problem found"])


def test_crlf_file_reports_the_right_line(tmp_path):
    root = dataset_with(tmp_path, "crlf.yaml", "\ufeffmetrics:\r\n  - id: m\r\n    label: M\r\n    unit: furlongs\r\n    definition: d\r\n")
    assert problems(root) == [f"{root}/crlf.yaml:4: metric 'unit' must be one of count, people, person_times, m2, percent, usd, cny, rank; not 'furlongs'"]


def test_cr_only_line_endings_load(tmp_path):
    root = write_dataset(tmp_path / "ds", MINI)
    path = root / "base.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))
    dataset, found = check(root)
    assert found == [] and dataset.people["liu-hua"].name == "Liu Hua"


# -- reference cycles --------------------------------------------------------------------------------
def organizations(*pairs: tuple[str, str | None]) -> str:
    text = "organizations:\n"
    for ident, parent in pairs:
        text += f"  - id: {ident}\n    name: {ident.upper()}\n    kind: company\n" + (f"    parent: {parent}\n" if parent else "")
    return text


def test_organization_parent_cycle(capsys, tmp_path):
    root = dataset_with(tmp_path, "orgs.yaml", organizations(("a", "b"), ("b", "a")))
    rejected(capsys, root, f"{root}/orgs.yaml:2: organization parent cycle: a -> b -> a")


def test_organization_parent_cycles_each_reported_once(tmp_path):
    root = dataset_with(tmp_path, "orgs.yaml", organizations(("tail", "c"), ("d", "e"), ("c", "d"), ("e", "c"), ("self", "self"), ("top", None), ("child", "top")))
    assert problems(root) == [
        f"{root}/orgs.yaml:6: organization parent cycle: d -> e -> c -> d",
        f"{root}/orgs.yaml:18: organization parent cycle: self -> self",
    ]


def test_long_parent_chain_is_fine_and_quick(tmp_path):
    chain = [(f"o{i}", f"o{i + 1}" if i < 1999 else None) for i in range(2000)]
    root = dataset_with(tmp_path, "orgs.yaml", organizations(*chain))
    assert problems(root) == []


# -- links and special files -------------------------------------------------------------------------
def test_symlink_to_itself(capsys, tmp_path):
    root = write_dataset(tmp_path / "ds", MINI)
    (root / "loop.yaml").symlink_to("loop.yaml")
    rejected(capsys, root, f"{root}/loop.yaml: is a broken or looping link")


def test_symlinks_to_each_other(capsys, tmp_path):
    root = write_dataset(tmp_path / "ds", MINI)
    (root / "a.yaml").symlink_to("b.yaml")
    (root / "b.yaml").symlink_to("a.yaml")
    rejected(capsys, root, f"{root}/a.yaml: is a broken or looping link", f"{root}/b.yaml: is a broken or looping link")


def test_directory_symlink_loop(capsys, tmp_path):
    root = write_dataset(tmp_path / "ds", MINI)
    (root / "sub").mkdir()
    (root / "sub" / "up").symlink_to("..")
    (root / "sub" / "self").symlink_to("self")
    (root / "sub" / "x.yaml").symlink_to(root / "sub")
    rejected(
        capsys, root,
        f"{root}/sub/up: is a link to a folder; links to folders are not followed",
        f"{root}/sub/x.yaml: is a link to a folder; links to folders are not followed",
    )


def test_dataset_dir_that_is_a_looping_link(capsys, tmp_path):
    root = tmp_path / "loop"
    root.symlink_to("loop")
    rejected(capsys, root, f"{root}: is a broken or looping link")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_not_read(capsys, tmp_path):
    root = write_dataset(tmp_path / "ds", MINI)
    os.mkfifo(root / "pipe.yaml")  # reading it would block for ever
    rejected(capsys, root, f"{root}/pipe.yaml: is not a regular file (a pipe, socket or device); it was not read")


# -- unreadable files and folders --------------------------------------------------------------------
def test_unreadable_file_simulated(capsys, tmp_path, monkeypatch):
    root = dataset_with(tmp_path, "secret.yaml", "sources: []\n")
    real_open = os.open

    def refuse(path, *args, **kwargs):  # every read of a dataset file opens it with os.open
        if Path(path).name == "secret.yaml":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    rejected(capsys, root, f"{root}/secret.yaml: cannot be read: permission denied")


def test_unreadable_folder_simulated(capsys, tmp_path, monkeypatch):
    root = dataset_with(tmp_path, "secret/more.yaml", "sources: []\n")
    scandir = os.scandir

    def refuse(path="."):
        if os.fspath(path).endswith("secret"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    rejected(capsys, root, f"{root}/secret: cannot be read: permission denied")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_file_and_folder_for_real(capsys, tmp_path):
    root = dataset_with(tmp_path, "secret.yaml", "sources: []\n")
    (root / "locked").mkdir()
    (root / "locked" / "x.yaml").write_text("sources: []\n")
    (root / "secret.yaml").chmod(0)
    (root / "locked").chmod(0)
    try:
        rejected(capsys, root, f"{root}/locked: cannot be read: permission denied", f"{root}/secret.yaml: cannot be read: permission denied")
    finally:
        (root / "locked").chmod(stat.S_IRWXU)
        (root / "secret.yaml").chmod(stat.S_IRUSR | stat.S_IWUSR)


# -- problem messages themselves are safe to print -------------------------------------------------
def test_hostile_keys_values_and_file_names_print_safely(capsys, tmp_path):
    from tests.hostile import UNSAFE_OUTPUT

    root = dataset_with(tmp_path, "x\x1b[2J\u202e.yaml", 'metrics:\n  - id: "\\e]52;c;ZXZpbA==\\a"\n    label: M\n    unit: "\\u202eexe"\n    definition: d\n    "\\e[31m": 1\n')
    code, lines = validate(capsys, root)
    assert code == 1 and len(lines) == 4
    assert not any(UNSAFE_OUTPUT.search(line) for line in lines)
    assert lines[-1] == "3 problems found"
    assert lines[0] == f"{root}/x\ufffd[2J\ufffd.yaml:2: metric 'id' must be an id of lowercase letters, digits and dashes, not '\\x1b]52;c;ZXZpbA==\\x07'"


# -- no traceback ever reaches the user, even from a fresh interpreter -----------------------------
def run_module(root: Path) -> subprocess.CompletedProcess:
    project = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(project)}
    return subprocess.run([sys.executable, "-m", "ciftis", "--dataset", str(root), "validate"], capture_output=True, text=True, timeout=60, env=env, cwd=project)


NASTIEST = {
    "deep-nesting": lambda root: (root / "deep.yaml").write_text("sources: " + "[" * 100_000 + "\n"),
    "unsafe-tag": lambda root: (root / "evil.yaml").write_text(f'sources: !!python/object/apply:os.system ["touch {root.parent / "pwned"}"]\n'),
    "named-pipe": lambda root: os.mkfifo(root / "pipe.yaml"),
    "looping-links": lambda root: ((root / "a.yaml").symlink_to("b.yaml"), (root / "b.yaml").symlink_to("a.yaml")),
}


@pytest.mark.parametrize("case", list(NASTIEST))
def test_module_entry_never_shows_a_traceback(tmp_path, case):
    root = write_dataset(tmp_path / "ds", MINI)
    NASTIEST[case](root)
    done = run_module(root)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert done.stderr.startswith(f"{root}/") and done.stderr.endswith("found\n")
    assert not (tmp_path / "pwned").exists()
