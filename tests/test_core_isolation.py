"""The domain layer and the command line never import Textual."""

from __future__ import annotations

import subprocess
import sys


def test_core_does_not_import_textual():
    code = (
        "import sys, ciftis.core.loader, ciftis.core.search, ciftis.core.compare, ciftis.core.export, ciftis.core.describe, ciftis.core.format;"
        "ciftis.core.loader.load();"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_cli_commands_do_not_import_textual():
    code = (
        "import sys, io, contextlib; from ciftis.cli import main;"
        "buf = io.StringIO();"
        "ctx = contextlib.redirect_stdout(buf); ctx.__enter__();"
        "main(['search', 'madrid']); main(['compare', '2021', '2023']); main(['validate']);"
        "ctx.__exit__(None, None, None);"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
