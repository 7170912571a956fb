"""`ciftis export --output X` writes into X without replacing what it should write into: a regular
file is replaced atomically keeping its mode (and owner where allowed), a new file gets the umask's
mode, a symlink is followed, a device, FIFO or `-` is written to directly, a directory is an error,
and an interrupted export leaves the old file whole and no temporary file behind."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from ciftis.cli import main

ROOT = os.getuid() == 0 if hasattr(os, "getuid") else False


def export(capsys, mini_dir, output, fmt="json"):
    code = main(["--dataset", str(mini_dir), "export", "--format", fmt, "--output", str(output)])
    out, err = capsys.readouterr()
    return code, out, err


def leftovers(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp"))


@pytest.mark.parametrize("mode", [0o664, 0o640, 0o600, 0o444 if ROOT else 0o644, 0o755])
def test_a_regular_file_keeps_its_mode(capsys, mini_dir, tmp_path, mode):
    target = tmp_path / "out.json"
    target.write_text("old")
    target.chmod(mode)
    code, out, err = export(capsys, mini_dir, target)
    assert (code, out, err) == (0, "", f"wrote {target}\n")
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert json.loads(target.read_text())["schema_version"] == 2
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_a_new_file_gets_the_umask(capsys, mini_dir, tmp_path, umask, mode):
    target = tmp_path / "new.csv"
    kept = os.umask(umask)
    try:
        code, _, err = export(capsys, mini_dir, target, "csv")
    finally:
        os.umask(kept)
    assert (code, err) == (0, f"wrote {target}\n")
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert target.read_text().startswith("figure,owner_kind,owner,")


@pytest.mark.skipif(not ROOT, reason="only root can give a file to another owner")
def test_another_users_file_keeps_its_owner(capsys, mini_dir, tmp_path):
    target = tmp_path / "shared.json"
    target.write_text("old")
    target.chmod(0o664)
    os.chown(target, 1234, 4321)
    assert export(capsys, mini_dir, target)[0] == 0
    info = target.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (1234, 4321, 0o664)


@pytest.mark.skipif(ROOT, reason="root may write any file")
def test_a_read_only_file_is_not_replaced(capsys, mini_dir, tmp_path):
    target = tmp_path / "locked.json"
    target.write_text("old")
    target.chmod(0o444)
    code, _, err = export(capsys, mini_dir, target)
    assert (code, err) == (1, f"ciftis: cannot write {target}: Permission denied\n")
    assert target.read_text() == "old"


@pytest.mark.parametrize("hops", [1, 2])
def test_a_symlink_is_followed_to_its_target(capsys, mini_dir, tmp_path, hops):
    real = tmp_path / "real.json"
    real.write_text("old")
    real.chmod(0o640)
    link = real
    for hop in range(hops):
        nxt = tmp_path / f"link{hop}.json"
        nxt.symlink_to(link)
        link = nxt
    code, _, err = export(capsys, mini_dir, link)
    assert (code, err) == (0, f"wrote {link}\n")
    assert link.is_symlink() and os.path.realpath(link) == str(real)
    assert json.loads(real.read_text())["schema_version"] == 2 and stat.S_IMODE(real.stat().st_mode) == 0o640


def test_a_dangling_symlink_creates_its_target(capsys, mini_dir, tmp_path):
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "later.json")
    assert export(capsys, mini_dir, link)[0] == 0
    assert link.is_symlink() and json.loads((tmp_path / "later.json").read_text())["schema_version"] == 2


def test_dash_is_standard_output(capsys, mini_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = export(capsys, mini_dir, "-")
    assert (code, err) == (0, "") and json.loads(out)["schema_version"] == 2
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("make", ["folder", "link to folder"])
def test_a_directory_is_a_usage_error(capsys, mini_dir, tmp_path, make):
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine")
    target = folder if make == "folder" else tmp_path / "link"
    if make != "folder":
        target.symlink_to(folder)
    code, out, err = export(capsys, mini_dir, target)
    assert (code, out, err) == (2, "", f"ciftis: {target} is a directory; give a file name\n")
    assert os.listdir(folder) == ["keep.txt"]


def test_a_fifo_is_written_into(capsys, mini_dir, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()))
    reader.start()
    code, _, err = export(capsys, mini_dir, fifo, "csv")
    reader.join(30)
    assert (code, err) == (0, f"wrote {fifo}\n")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert got[0].startswith("figure,owner_kind,owner,") and len(got[0].splitlines()) == 10


def _null_node(tmp_path: Path) -> Path:
    node = tmp_path / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        node.write_text("probe")
    except (OSError, AttributeError) as error:
        pytest.skip(f"cannot make or write a device node here: {error}")
    return node


def test_a_device_node_is_written_into_not_replaced(capsys, mini_dir, tmp_path):
    node = _null_node(tmp_path)
    before = os.lstat(node)
    code, _, err = export(capsys, mini_dir, node)
    assert (code, err) == (0, f"wrote {node}\n")
    after = os.lstat(node)
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("device", ["/dev/null", "/dev/full"])
def test_system_devices_are_written_to_and_never_replaced(capsys, mini_dir, device):
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    before = os.stat(device)
    code, _, err = export(capsys, mini_dir, device)
    expected = (0, f"wrote {device}\n") if device == "/dev/null" else (1, f"ciftis: cannot write {device}: No space left on device\n")
    assert (code, err) == expected
    after = os.stat(device)
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev, after.st_mode) == (before.st_ino, before.st_rdev, before.st_mode)


def test_a_missing_folder_is_a_message(capsys, mini_dir, tmp_path):
    target = tmp_path / "no" / "such" / "x.json"
    code, _, err = export(capsys, mini_dir, target)
    assert (code, err) == (1, f"ciftis: cannot write {target}: No such file or directory\n")
    assert not (tmp_path / "no").exists()


INTERRUPT = """
import os, signal, sys
real_fsync = os.fsync
def fsync(fd):
    real_fsync(fd)
    os.kill(os.getpid(), signal.{signal})  # arrives in the middle of the export, after the data is written
os.fsync = fsync
from ciftis.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_an_interrupted_export_leaves_the_old_file_and_no_temporary(mini_dir, tmp_path, signame):
    target = tmp_path / "out.json"
    target.write_text("the old export")
    done = subprocess.run([sys.executable, "-c", INTERRUPT.format(signal=signame), "--dataset", str(mini_dir), "export",
                           "--format", "json", "--output", str(target)], capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stderr) == (128 + getattr(signal, signame), f"ciftis: interrupted; {target} was not written\n")
    assert target.read_text() == "the old export"
    assert leftovers(tmp_path) == []
