"""Run the `ciftis` command line with `python -m ciftis`."""

from ciftis.cli import main

raise SystemExit(main())
