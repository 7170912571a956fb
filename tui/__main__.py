"""Run the `ciftis` command line with `python -m tui`."""

from tui.cli import main

raise SystemExit(main())
