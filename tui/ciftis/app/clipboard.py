"""The one way the explorer copies text: OSC 52 through the terminal (always), plus the local system
clipboard when the app is not running over SSH (clip.exe, pbcopy, wl-copy, xclip or xsel) nor in a
browser (`ciftis serve`: there the page's terminal hands the copy to the browser, and the server's
own clipboard is nobody's).

Every copy is cleaned of control characters first (tabs and line breaks survive only as the cell and
row separators of TSV and Markdown), and the notification says exactly what was copied.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping

from ciftis.core.format import clean

Runner = Callable[[list[str], str], None]
"""Runs one clipboard command with the text on its standard input; raises if it fails."""

_SHOWN = 120  # characters of the copied text a notification shows (toasts wrap)


def run_command(command: list[str], text: str) -> None:
    """The default runner: the command with the text on stdin, two seconds at most."""
    # clip.exe reads UTF-16 with a byte-order mark; every other tool reads UTF-8.
    data = text.encode("utf-16") if os.path.basename(command[0]).lower() == "clip.exe" else text.encode("utf-8")
    subprocess.run(command, input=data, timeout=2, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def safe_text(text: str) -> str:
    """The text with every control character replaced, keeping tabs and line breaks as separators."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join("\t".join(clean(cell) for cell in line.split("\t")) for line in lines)


def shorten(text: str, limit: int = _SHOWN) -> str:
    """The text on one line, cut with an ellipsis, as a notification shows it."""
    one_line = " ⏎ ".join(part for part in text.strip("\n").split("\n")).replace("\t", " → ")
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def local_commands(env: Mapping[str, str], which: Callable[[str], str | None] = shutil.which, platform: str = sys.platform) -> list[list[str]]:
    """The local clipboard commands to try, in order; none over SSH."""
    if env.get("SSH_CONNECTION") or env.get("SSH_TTY"):
        return []
    commands: list[list[str]] = []
    if which("clip.exe"):  # Windows, or WSL with Windows' tools on the path
        commands.append([which("clip.exe") or "clip.exe"])
    if platform == "darwin" and which("pbcopy"):
        commands.append(["pbcopy"])
    if env.get("WAYLAND_DISPLAY") and which("wl-copy"):
        commands.append(["wl-copy"])
    if env.get("DISPLAY"):
        if which("xclip"):
            commands.append(["xclip", "-selection", "clipboard"])
        if which("xsel"):
            commands.append(["xsel", "--clipboard", "--input"])
    return commands


def over_ssh(env: Mapping[str, str]) -> bool:
    return bool(env.get("SSH_CONNECTION") or env.get("SSH_TTY"))


class Clipboard:
    """Copies for one app session; says once if no local clipboard could be reached."""

    def __init__(
        self,
        app,
        *,
        env: Mapping[str, str] | None = None,
        runner: Runner | None = None,
        which: Callable[[str], str | None] = shutil.which,
        platform: str = sys.platform,
    ):
        self.app = app
        self.env = os.environ if env is None else env
        self.runner = runner or run_command
        self.which = which
        self.platform = platform
        self.warned = False
        self.last_route: str | None = None
        self._lock = threading.Lock()

    def copy(self, text: str, *, what: str = "") -> str:
        """Copy the text (cleaned) and say so; returns what was copied."""
        text = safe_text(text)
        if not text.strip():
            self.app.notify("Nothing to copy here.", severity="warning", markup=False)
            return ""
        self.app.copy_to_clipboard(text)
        title = f"Copied {clean(what)}" if what else "Copied"
        self.app.notify(shorten(text), title=title, markup=False, timeout=4)
        if not getattr(self.app, "is_web", False):
            self.app.run_worker(lambda: self.copy_locally(text), thread=True, group="clipboard", description="local clipboard")
        return text

    def copy_locally(self, text: str) -> bool:
        """Try each local route until one works (runs in a worker thread); warn once if none does."""
        with self._lock:
            commands = local_commands(self.env, self.which, self.platform)
            for command in commands:
                try:
                    self.runner(command, text)
                except (OSError, subprocess.SubprocessError, ValueError):
                    continue
                self.last_route = command[0]
                return True
            self.last_route = None
            if not self.warned:
                self.warned = True
                self.app.notify(self._hint(bool(commands)), title="No local clipboard", severity="warning", markup=False, timeout=10)
            return False

    def _hint(self, tried: bool) -> str:
        if over_ssh(self.env):
            reason = "Over SSH only the terminal can receive copies"
        elif tried:
            reason = "The clipboard tools found here failed"
        else:
            reason = "No clipboard tool found (clip.exe, pbcopy, wl-copy, xclip or xsel)"
        return (
            f"{reason}; the text was sent with OSC 52, which works if your terminal allows it "
            "(tmux: set -g set-clipboard on). This is said once per session."
        )
