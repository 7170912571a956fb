"""Performance harness for the explorer (not part of the default test run, except one tiny test).

    python -m tests.perf                      # bundled + 1,000, 10,000 and 100,000 entities, table
    python -m tests.perf --json               # the same as JSON
    python -m tests.perf --sizes 1000 --repeats 3 --output results.json

Synthetic datasets are generated (seeded) into a temporary directory and removed afterwards; see
harness.py for what is measured and tests/perf/RESULTS.md for the numbers and the budgets.
"""
