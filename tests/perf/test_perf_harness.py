"""The performance harness itself, at a tiny scale, so that it cannot rot: `python -m tests.perf` at
200 synthetic entities and one run of each measurement gives every number, each positive, and the
generated dataset is one that `ciftis validate` accepts; the key latencies in a real terminal
(tmux) too, with few launches and steps. (The budgets are not checked here: they are for a full
run on the reference machine, recorded in tests/perf/RESULTS.md.)
"""

from __future__ import annotations

import os

import pytest

from ciftis.cli import main
from tests.perf import harness, terminal
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
    results = harness.run([200], repeats=1, work=tmp_path / "work", bundled=False, pages=3, startups=1, terminal=False, log=lambda _text: None)
    measured = results["datasets"]["200"]
    for key, _title, _unit in harness.ROWS:
        if (key, _title, _unit) in harness.TERMINAL_ROWS:
            assert key not in measured, key
            continue
        assert isinstance(measured.get(key), (int, float)), key
        assert measured[key] > 0, key
    assert measured["entities"] == 200 and measured["search_keystrokes"] > 50
    assert {"cores", "cpu", "python", "textual"} <= set(results["machine"])
    table = harness.table(results)
    assert table.count("\n") >= len(harness.ROWS) and "Start-up ratio" in table


@pytest.mark.slow
def test_the_terminal_measurements_at_a_tiny_scale(tmp_path):
    if not terminal.available():
        if os.environ.get("CI"):
            pytest.fail("tmux is not installed; .ci/run installs it")
        pytest.skip("tmux is not installed")
    dataset = tmp_path / "data"
    generate(dataset, 200, seed=5)
    runner = harness.Runner(tmp_path / "work", lambda _text: None)
    measured = harness.measure_terminal(dataset, runner.env(tmp_path / "work" / "cache"), repeats=1, steps=2, settle=0.5)
    assert set(measured) == {key for key, _title, _unit in harness.TERMINAL_ROWS}
    for key, value in measured.items():
        assert isinstance(value, float) and value > 0, key
    assert {key for _budget, _label, key, _limit in harness.BUDGETS} >= {"key_compare_ratio", "key_search_ratio", "step_vs_letter", "overlay_close_ms", "rss_start_mb"}
