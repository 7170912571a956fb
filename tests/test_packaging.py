"""Package metadata: an sdist and a wheel built with `python -m build` pass `twine check --strict`,
carry the MIT licence as an SPDX expression with its LICENSE file, and the sdist holds docs/."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    built = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)], capture_output=True, text=True, timeout=900)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    return out


def test_twine_check_strict_passes(dist):
    files = sorted(str(path) for path in dist.iterdir())
    assert [Path(f).name for f in files] == ["ciftis_explorer-0.1.0-py3-none-any.whl", "ciftis_explorer-0.1.0.tar.gz"]
    checked = subprocess.run([sys.executable, "-m", "twine", "--no-color", "check", "--strict", *files], capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "COLUMNS": "500"})
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert [line.rsplit(" ", 1)[-1] for line in checked.stdout.splitlines() if line.startswith("Checking")] == ["PASSED", "PASSED"]
    assert "WARNING" not in checked.stdout + checked.stderr


def test_metadata_licence_and_classifiers(dist):
    (wheel,) = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        metadata = Parser().parsestr(archive.read("ciftis_explorer-0.1.0.dist-info/METADATA").decode("utf-8"))
        licence = archive.read("ciftis_explorer-0.1.0.dist-info/licenses/LICENSE").decode("utf-8")
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]
    assert metadata["Author"] == "CIFTIS Explorer contributors"
    assert metadata["Description-Content-Type"] == "text/markdown"
    assert "Programming Language :: Python :: 3 :: Only" in metadata.get_all("Classifier")
    assert not [c for c in metadata.get_all("Classifier") if c.startswith("License ::")]  # PEP 639: the expression says it
    assert "ciftis" in metadata["Keywords"].split(",")
    assert metadata.get_all("Project-URL") is None  # none is real yet
    assert licence.startswith("MIT License\n\nCopyright (c) 2026 CIFTIS Explorer contributors\n")


def test_sdist_holds_docs_and_licence(dist):
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"LICENSE", "README.md", "docs/compare.svg", "docs/editions.svg", "tui/ciftis/schemas/export.json"} <= names
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for image in ("docs/compare.svg", "docs/editions.svg"):
        assert f"]({image})" in readme and image in names
