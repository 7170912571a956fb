"""The one way the explorer copies text: OSC 52 through the terminal (always), plus the local system
clipboard when the app is not running over SSH (clip.exe, pbcopy, wl-copy, xclip or xsel) nor in a
browser (`ciftis serve`: there the page's terminal hands the copy to the browser, and the server's
own clipboard is nobody's).

A clipboard tool is started in a session of its own, so the xclip or xsel that stays behind to hold
the selection is not in the app's process group and survives the app and its terminal closing.

Every copy is cleaned of control characters first (tabs and line breaks survive only as the cell and
row separators of TSV and Markdown). The notification says what was copied and where it went:
"Copied" only when a clipboard tool took the text; otherwise that it was sent to the terminal (OSC
52), and, once a session, why no clipboard took it and how to enable one.
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
_VERDICT = 2.0  # seconds a clipboard tool has to take the text or fail before it counts as serving it
_ENABLE_OSC52 = "enable OSC 52 in your terminal (tmux: set -g set-clipboard on)"


def run_command(command: list[str], text: str, verdict: float = _VERDICT) -> None:
    """The default runner: the command, detached, with the text on its stdin; raises if it fails.

    It is waited for `verdict` seconds at most: xclip, xsel and wl-copy hand the selection to a child
    of their own and exit at once, pbcopy and clip.exe exit when done; one still running after that
    has the text and is serving the selection itself."""
    # clip.exe reads UTF-16 with a byte-order mark; every other tool reads UTF-8.
    data = text.encode("utf-16") if os.path.basename(command[0]).lower() == "clip.exe" else text.encode("utf-8")
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True, close_fds=True)
    assert process.stdin is not None  # stdin=PIPE
    try:
        with process.stdin:
            process.stdin.write(data)
    except BrokenPipeError:
        pass  # it stopped reading: its exit status says why
    try:
        status = process.wait(timeout=verdict)
    except subprocess.TimeoutExpired:  # still running, with the text: it serves the selection itself
        threading.Thread(target=process.wait, name="clipboard tool", daemon=True).start()  # reaped when it ends
        return
    if status:
        raise subprocess.CalledProcessError(status, command)


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
    """Copies for one app session; says where each copy went, and once why no clipboard took one."""

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
        self.warned = False  # the hint said (once a session)
        self.last_route: str | None = None
        self.failures: list[str] = []  # how each route failed, the last time none worked
        self._lock = threading.Lock()

    def copy(self, text: str, *, what: str = "") -> str:
        """Copy the text (cleaned) and say where it went; returns what was copied."""
        text = safe_text(text)
        if not text.strip():
            self.app.notify("Nothing to copy here.", severity="warning", markup=False)
            return ""
        self.app.copy_to_clipboard(text)  # OSC 52, always: the terminal may have a clipboard of its own
        if getattr(self.app, "is_web", False):  # the browser page takes it
            self._say_copied(text, what)
        else:
            self.app.run_worker(lambda: self._copy_and_say(text, what), thread=True, group="clipboard", description="local clipboard")
        return text

    def _copy_and_say(self, text: str, what: str) -> None:
        """Runs in a worker thread: the local clipboard, then the notification that says if it took the text."""
        with self._lock:
            if self.copy_locally(text):
                self._say_copied(text, what)
            else:
                self._say_sent(text, what)

    def copy_locally(self, text: str) -> bool:
        """Try each local route until one takes the text; the failures are kept for the hint."""
        self.failures = []
        for command in local_commands(self.env, self.which, self.platform):
            try:
                self.runner(command, text)
            except subprocess.CalledProcessError as error:
                self.failures.append(f"{os.path.basename(command[0])} exited with status {error.returncode}")
                continue
            except (OSError, subprocess.SubprocessError, ValueError) as error:
                self.failures.append(f"{os.path.basename(command[0])} failed ({clean(str(error)) or type(error).__name__})")
                continue
            self.last_route = command[0]
            return True
        self.last_route = None
        return False

    def _say_copied(self, text: str, what: str) -> None:
        title = f"Copied {clean(what)}" if what else "Copied"
        self.app.notify(shorten(text), title=title, markup=False, timeout=4)

    def _say_sent(self, text: str, what: str) -> None:
        """Not copied: sent to the terminal only; why and how to enable a clipboard said once a session."""
        what = clean(what)
        title = f"{what[:1].upper()}{what[1:]} sent to the terminal (OSC 52)" if what else "Sent to the terminal (OSC 52)"
        if self.warned:
            self.app.notify(shorten(text), title=title, markup=False, timeout=4)
            return
        self.warned = True
        self.app.notify(f"{shorten(text)}\n{self.hint()}", title=title, severity="warning", markup=False, timeout=12)

    def hint(self) -> str:
        """Why no local clipboard took the copy, and what would make one take it."""
        if over_ssh(self.env):
            return f"Not copied to a clipboard here: over SSH only your terminal can take it, so {_ENABLE_OSC52}."
        if self.failures:
            return f"Not copied to a clipboard: {'; '.join(self.failures)}. Fix the tool, or {_ENABLE_OSC52}."
        if not (self.env.get("DISPLAY") or self.env.get("WAYLAND_DISPLAY")) and self.platform != "darwin":
            return f"Not copied to a clipboard: no desktop session (DISPLAY and WAYLAND_DISPLAY are unset), so {_ENABLE_OSC52}."
        return f"Not copied to a clipboard: no clipboard tool found. Install xclip or wl-clipboard, or {_ENABLE_OSC52}."
