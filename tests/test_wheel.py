"""The wheel carries the dataset and themes: built, installed into a fresh virtual environment and
run from a directory outside the repository."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def test_wheel_install_runs_outside_the_repository(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)], check=True, capture_output=True, text=True)
    (wheel,) = dist.glob("ciftis_explorer-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        top = {name.split("/")[0] for name in archive.namelist()}
    assert {name for name in top if not name.endswith(".dist-info")} == {"ciftis"}  # nothing called tui
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True, text=True)
    ciftis = env_dir / "bin" / "ciftis"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    clean_env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}

    validated = subprocess.run([str(ciftis), "validate"], cwd=elsewhere, capture_output=True, text=True, env=clean_env)
    assert validated.returncode == 0, validated.stderr
    assert validated.stdout.startswith("ok: ")

    exported = subprocess.run([str(ciftis), "export", "--format", "json"], cwd=elsewhere, capture_output=True, text=True, env=clean_env)
    assert exported.returncode == 0, exported.stderr
    data = json.loads(exported.stdout)
    assert data["schema_version"] == 2
    assert 2021 in [edition["year"] for edition in data["editions"]]

    themes = subprocess.run([str(python), "-c", "from ciftis.core.locations import bundled_themes_dir as d; print(sorted(p.name for p in d().glob('*.yaml')))"], cwd=elsewhere, capture_output=True, text=True, env=clean_env)
    assert "ciftis-dark.yaml" in themes.stdout

    as_module = subprocess.run([str(python), "-m", "ciftis", "--version"], cwd=elsewhere, capture_output=True, text=True, env=clean_env)
    assert as_module.stdout.startswith("ciftis ")

    # the check a first launch on a large dataset runs beside the explorer, from the installed package
    apart = subprocess.run([str(python), "-c", "from ciftis.core.check_apart import CheckApart; print(CheckApart.start(None).wait(lambda: False))"],
                           cwd=elsewhere, capture_output=True, text=True, env=clean_env)
    assert apart.stdout == "[]\n", apart.stderr
    assert len(list((tmp_path / ".cache" / "ciftis").glob("dataset-*.bin"))) == 1  # it checked and cached the bundled dataset
