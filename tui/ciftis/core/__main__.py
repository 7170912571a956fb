"""`python -m ciftis.core [DIRECTORY]`: check a dataset and write its cache, then print the problems
found as JSON ({"problems": [[path, line, message], ...]}) — the process `check_apart` starts beside
the explorer's first launch on a large dataset. DIRECTORY defaults as `cache.load_dataset(None)` does.
"""

from __future__ import annotations

import json
import sys

from ciftis.core import cache


def main(argv: list[str]) -> int:
    _dataset, problems = cache.load_dataset(argv[0] if argv else None)
    json.dump({"problems": [[p.path, p.line, p.message] for p in problems]}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
