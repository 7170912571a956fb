"""Check a dataset and write its cache in a process of its own: what the first launch of the
explorer on a large dataset does beside it, so the check (seconds of YAML at 100,000 entities)
runs on another core and never holds up a key, and the dataset arrives through its cache.

`CheckApart.start(directory)` starts `python -m ciftis.core [DIRECTORY]` (ciftis/core/__main__.py),
which calls `cache.load_dataset(directory)` (that checks the files and writes the cache) and prints
the problems found as JSON on its standard output; `wait(stopped)` answers them, or None.
"""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from ciftis.core.problems import Problem

_POLL_SECONDS = 0.05  # how often `wait` asks `stopped` while the check runs


class CheckApart:
    """The process checking a dataset directory and writing its cache."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process

    @classmethod
    def start(cls, directory: str | os.PathLike[str] | None) -> CheckApart | None:
        """The check started for `directory` (None: the one `cache.load_dataset(None)` would use),
        or None if no process can be started here."""
        if not sys.executable:
            return None
        env = dict(os.environ, PYTHONSAFEPATH="1")  # the working directory is never searched for modules
        package_root = Path(__file__).resolve().parents[2]  # where this `ciftis` is imported from
        if str(package_root) not in {str(Path(path).resolve()) for path in (*site.getsitepackages(), site.getusersitepackages())}:
            env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(package_root), env.get("PYTHONPATH"))))  # a checkout
        argv = [sys.executable, "-m", "ciftis.core", *([] if directory is None else [os.fspath(directory)])]
        try:
            process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        except OSError:
            return None
        return cls(process)

    def wait(self, stopped: Callable[[], bool]) -> list[Problem] | None:
        """The problems the check found ([]: the dataset is sound and its cache written, unless it
        could not be), or None when the check did not say (it failed, or `stopped()` said True,
        asked every 50 ms: the process is then ended)."""
        while True:
            if stopped():
                self.stop()
                return None
            try:
                out, _err = self.process.communicate(timeout=_POLL_SECONDS)
            except subprocess.TimeoutExpired:
                continue
            break
        if self.process.returncode != 0:
            return None
        try:
            said = json.loads(out)
            return [Problem(str(path), None if line is None else int(line), str(message)) for path, line, message in said["problems"]]
        except (ValueError, TypeError, KeyError):
            return None

    def stop(self) -> None:
        """End the check now, if it is still running."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()
