"""Every write to standard output or standard error can fail: a closed stream, a full device, an
encoding that cannot hold the text, a reader that goes away, a terminal width of nothing. Each is a
one-line message where one can be written and an exit code that means what the README says — never
a traceback — and a reader that goes away leaves the command's own exit code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MINI, write_dataset

CLOSED = "ciftis: cannot write the output: standard output is closed\n"
FULL = "ciftis: cannot write the output: No space left on device\n"

COMMANDS = [
    ("validate",),
    ("export", "--format", "json"),
    ("export", "--format", "csv"),
    ("show", "2021"),
    ("show", "2021", "--json"),
    ("compare", "2021", "2023"),
    ("compare", "2021", "2023", "--format", "csv"),
    ("search", "liu"),
    ("--version",),
    ("--help",),
]


def _id(value) -> str:
    return " ".join(value) if isinstance(value, tuple) else str(value)


def ciftis(args, *, dataset, env=None, **options):
    environ = {**os.environ, "PYTHONUTF8": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "ciftis", "--dataset", str(dataset), *args], env=environ,
                          capture_output="stdout" not in options and "stderr" not in options, text=True, timeout=120, **options)


def _closed_stdout():
    os.close(1)


@pytest.mark.parametrize("args", COMMANDS, ids=_id)
def test_closed_stdout_is_one_message_and_exit_1(args, mini_dir):
    done = subprocess.run([sys.executable, "-m", "ciftis", "--dataset", str(mini_dir), *args], stderr=subprocess.PIPE,
                          text=True, preexec_fn=_closed_stdout, timeout=120)
    assert (done.returncode, done.stderr) == (1, CLOSED)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("args", COMMANDS, ids=_id)
def test_full_stdout_is_one_message_and_exit_1(args, mini_dir):
    before = os.stat("/dev/full")
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "ciftis", "--dataset", str(mini_dir), *args], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=120)
    assert (done.returncode, done.stderr) == (1, FULL)
    after = os.stat("/dev/full")
    assert (after.st_ino, after.st_mode, after.st_rdev) == (before.st_ino, before.st_mode, before.st_rdev)


@pytest.mark.parametrize("env, alias, dash", [
    ({"PYTHONIOENCODING": "ascii"}, "???", "Sept 2?7, 2021"),
    ({"PYTHONIOENCODING": "latin-1"}, "???", "Sept 2?7, 2021"),
    ({"LC_ALL": "C", "PYTHONUTF8": "0"}, "服贸会", "Sept 2–7, 2021"),
    ({"LC_ALL": "POSIX", "LANG": "", "PYTHONUTF8": "0"}, "服贸会", "Sept 2–7, 2021"),
], ids=["ascii", "latin-1", "C", "POSIX"])
def test_an_encoding_that_cannot_hold_the_text_never_fails(env, alias, dash, mini_dir):
    done = subprocess.run([sys.executable, "-m", "ciftis", "--dataset", str(mini_dir), "show", "2021"], capture_output=True,
                          env={**{k: v for k, v in os.environ.items() if k != "PYTHONIOENCODING"}, **env}, timeout=120)
    assert (done.returncode, done.stderr) == (0, b"")
    encoding = env.get("PYTHONIOENCODING", "utf-8")
    lines = [line.strip() for line in done.stdout.decode(encoding).splitlines()]
    assert f"Also       {alias}" in lines and f"Dates      {dash}" in lines


def test_a_message_in_ascii_is_replaced_not_raised(mini_dir):
    done = subprocess.run([sys.executable, "-m", "ciftis", "--dataset", str(mini_dir), "search", "服贸会zzzz"], capture_output=True,
                          env={**os.environ, "PYTHONIOENCODING": "ascii"}, timeout=120)
    assert done.returncode == 1
    assert done.stderr == b"no match for '\\u670d\\u8d38\\u4f1azzzz'\n"


@pytest.fixture
def broken_dir(tmp_path):
    return write_dataset(tmp_path / "broken", {**MINI, "zz.yaml": "people: ["})


@pytest.mark.parametrize("args, code, stderr", [
    (("validate",), 1, "{root}/zz.yaml:2: invalid YAML: did not find expected node content\n1 problem found\n"),
    (("search", "liu"), 1, "ciftis: the dataset has 1 problem:\n  {root}/zz.yaml:2: invalid YAML: did not find expected node content\n"),
], ids=["validate", "search"])
def test_a_broken_pipe_keeps_the_failing_exit_code(args, code, stderr, broken_dir):
    read, write = os.pipe()
    os.close(read)  # the reader has gone before the first byte
    done = subprocess.run([sys.executable, "-m", "ciftis", "--dataset", str(broken_dir), *args], stdout=write,
                          stderr=subprocess.PIPE, text=True, timeout=120)
    os.close(write)
    assert (done.returncode, done.stderr) == (code, stderr.format(root=broken_dir))


@pytest.mark.parametrize("args, code", [
    (("validate",), 0),
    (("export", "--format", "json"), 0),
    (("export", "--format", "csv"), 0),
    (("compare", "2021", "2023"), 0),
    (("compare", "2021", "2023", "--format", "csv"), 0),
    (("compare", "2021", "2023", "--format", "json"), 0),
    (("show", "2021"), 0),
    (("search", "liu"), 0),
    (("search", "zzzzqqqq", "--json"), 1),
    (("--help",), 0),
], ids=_id)
def test_a_broken_pipe_keeps_the_commands_own_exit_code(args, code, mini_dir):
    read, write = os.pipe()
    os.close(read)
    done = subprocess.run([sys.executable, "-m", "ciftis", "--dataset", str(mini_dir), *args], stdout=write,
                          stderr=subprocess.PIPE, text=True, timeout=120)
    os.close(write)
    assert (done.returncode, done.stderr) == (code, "")


def test_a_reader_that_leaves_midway_keeps_exit_0(tmp_path):
    """`ciftis export | head -c 10` on a large export: the pipe breaks after the first buffer."""
    many = dict(MINI)
    many["more.yaml"] = "sources:\n" + "".join(f"  - id: s{n}\n    publisher: P{n}\n    title: {'T' * 400}\n    tier: media\n" for n in range(400))
    root = write_dataset(tmp_path / "many", many)
    shell = f"{sys.executable} -m ciftis --dataset {root} export --format json | head -c 10; echo \" ${{PIPESTATUS[0]}}\""
    done = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONUTF8": "1"})
    assert (done.stdout, done.stderr) == ('{\n  "schem 0\n', "")


@pytest.mark.parametrize("columns", ["0", "-3", "abc", "", "100000000"])
def test_any_columns_prints_the_table(columns, mini_dir):
    done = ciftis(["search", "liu"], dataset=mini_dir, env={"COLUMNS": columns})
    assert (done.returncode, done.stderr) == (0, "")
    lines = done.stdout.splitlines()
    assert lines[1].split() == ["person", "Liu", "Hua", "person:liu-hua", "97"]
    assert max(len(line) for line in lines) <= 1000


def test_both_streams_closed_still_exits_1(mini_dir):
    def close_both():
        os.close(1)
        os.close(2)

    done = subprocess.run([sys.executable, "-m", "ciftis", "--dataset", str(mini_dir), "validate"], preexec_fn=close_both, timeout=120)
    assert done.returncode == 1


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("args, code", [(("search", "zzzzqqqq"), 1), (("show", "nothing-at-all-zzz"), 1), (("compare", "1999", "2021"), 1)], ids=_id)
def test_a_full_stderr_keeps_the_exit_code_without_a_traceback(args, code, mini_dir):
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "ciftis", "--dataset", str(mini_dir), *args], stdout=subprocess.PIPE, stderr=full, timeout=120)
    assert (done.returncode, done.stdout) == (code, b"")
