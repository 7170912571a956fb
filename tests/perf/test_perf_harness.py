"""The performance harness itself, at a tiny scale, so that it cannot rot: `python -m tests.perf` at
200 synthetic entities and one run of each measurement gives every number, each positive, and the
generated dataset is one that `ciftis validate` accepts. (The budgets are not checked here: they are
for a full run on the reference machine, recorded in tests/perf/RESULTS.md.)
"""

from __future__ import annotations

import time

from ciftis.cli import main
from tests.perf import harness
from tests.perf.generate import generate, plan


def test_generated_datasets_pass_validate(tmp_path, capsys):
    counts = generate(tmp_path / "data", 300, seed=11)
    assert sum(counts.values()) == 300 == sum(plan(300).values())
    assert main(["--dataset", str(tmp_path / "data"), "validate"]) == 0
    assert capsys.readouterr().out.startswith("ok: ")
    again = tmp_path / "again"
    generate(again, 300, seed=11)
    assert sorted(p.read_bytes() for p in again.rglob("*.yaml")) == sorted(p.read_bytes() for p in (tmp_path / "data").rglob("*.yaml"))  # seeded


def test_the_harness_measures_everything_at_a_tiny_scale(tmp_path):
    started = time.monotonic()
    results = harness.run([200], repeats=1, work=tmp_path / "work", bundled=False, pages=3, startups=1, log=lambda _text: None)
    assert time.monotonic() - started < 30
    measured = results["datasets"]["200"]
    for key, _title, _unit in harness.ROWS:
        assert isinstance(measured.get(key), (int, float)), key
        assert measured[key] > 0, key
    assert measured["entities"] == 200 and measured["search_keystrokes"] > 50
    assert {"cores", "cpu", "python", "textual"} <= set(results["machine"])
    table = harness.table(results)
    assert table.count("\n") >= len(harness.ROWS) and "Start-up ratio" in table
