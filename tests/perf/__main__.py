"""`python -m tests.perf`: run the performance harness and print its table (or --json)."""

import sys

from tests.perf.harness import main

sys.exit(main())
