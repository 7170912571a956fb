"""`ciftis serve [--host 127.0.0.1] [--port 8000]`: the explorer in a web browser, through
textual-serve (the optional extra `serve`: `pip install 'ciftis-explorer[serve]'`).

Each browser tab runs its own explorer process (`python -m ciftis` with the same --dataset and
--theme). It listens on loopback (127.0.0.1) unless told otherwise, and says which. The page is
textual-serve's own, with one addition: the terminal takes the keyboard as soon as the explorer
has drawn, so keys work and the footer shows without a first click.
"""

from __future__ import annotations

import ipaddress
import shlex
import socket
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ciftis.report import err

if TYPE_CHECKING:
    import argparse

    from ciftis.cli.options import Commands

# Added to textual-serve's page: when the app's first bytes arrive (textual-serve marks the body
# "-first-byte"), focus xterm's input, which also tells the app it has the focus.
FOCUS_ON_LOAD = """
<script>
  (function () {
    function focusTerminal() {
      var input = document.querySelector(".textual-terminal .xterm-helper-textarea");
      if (!input || !document.body.classList.contains("-first-byte")) return false;
      if (document.activeElement !== input) input.focus();
      return true;
    }
    var watcher = new MutationObserver(function () { if (focusTerminal()) watcher.disconnect(); });
    window.addEventListener("load", function () {
      if (!focusTerminal()) watcher.observe(document.body, { attributes: true, attributeFilter: ["class"] });
    });
  })();
</script>
"""


def port_number(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port number (1 to 65535)")
    return value


def add(commands: Commands) -> None:
    serve = commands.add_parser("serve", help="serve the explorer to a web browser (needs the 'serve' extra)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=port_number, default=8000, metavar="N", help="port to listen on (default 8000)")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def page_template(directory: Path) -> Path:
    """textual-serve's page template with FOCUS_ON_LOAD added, written into DIRECTORY."""
    from importlib.resources import files

    # one name a step: Python 3.10's Traversable.joinpath takes one
    page = files("textual_serve").joinpath("templates").joinpath("app_index.html").read_text(encoding="utf-8")
    if "</body>" in page:
        page = page.replace("</body>", FOCUS_ON_LOAD + "</body>", 1)
    (directory / "app_index.html").write_text(page, encoding="utf-8")
    return directory


def run(args: argparse.Namespace) -> int:
    from ciftis.report import load_or_report

    try:
        from textual_serve.server import Server
    except ImportError:
        err("ciftis serve needs textual-serve: pip install 'ciftis-explorer[serve]'")
        return 1
    if load_or_report(args.dataset) is None:  # a broken dataset is said here, not in every tab
        return 1
    command = [sys.executable, "-m", "ciftis"]
    if args.dataset:
        command += ["--dataset", str(Path(args.dataset).resolve())]
    if args.theme:
        command += ["--theme", args.theme]
    # The page's links and websocket go to this address: for every address of the machine
    # (0.0.0.0, ::) that is its name, which other machines can reach.
    public = socket.gethostname() if args.host in ("0.0.0.0", "::", "") else args.host
    url = f"http://{f'[{public}]' if ':' in public else public}:{args.port}"
    if is_loopback(args.host):
        reach = "on loopback only: other machines cannot connect (--host 0.0.0.0 serves the network)"
    else:
        reach = f"on {args.host}: anyone who can reach this machine on port {args.port} can use it"
    err(f"ciftis: serving the explorer at {url} {reach}; Ctrl+C stops")
    with tempfile.TemporaryDirectory(prefix="ciftis-serve-") as templates:
        server = Server(shlex.join(command), host=args.host, port=args.port, title="CIFTIS Explorer", public_url=url,
                        templates_path=page_template(Path(templates)))
        try:
            server.serve()
        except OSError as error:  # the port is taken, or the address is not this machine's
            err(f"ciftis: cannot listen on {args.host}:{args.port}: {error.strerror or error}")
            return 1
    return 0
