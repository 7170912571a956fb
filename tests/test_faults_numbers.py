"""Numbers beyond what the tool can show and compute exactly (10^15 and more, infinities, thousands
of digits, derivations that overflow) are a `path:line:` problem in `validate`, and every other
command reports the same problem and exits 1 — never an OverflowError or a ValueError traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import MINI, write_dataset

TOO_LARGE = "is too large: values must be less than 10^15 (1,000,000,000,000,000) in size"


def figure_file(value: str, derived: str = "") -> str:
    return (
        "editions:\n  - year: 2024\n    name: X\n    sources: [daily]\n    figures:\n"
        f"      - id: n\n        metric: area\n        value: {value}\n        unit: m2\n        qualifier: exact\n"
        + (derived or "        sources: [{source: daily, quote: q}]\n")
    )


def ciftis(root, *args):
    return subprocess.run([sys.executable, "-m", "ciftis", "--dataset", str(root), *args], capture_output=True, text=True, timeout=120)


VALUES = {
    "10**400": ("1" + "0" * 400, f"n.yaml:8: bad value '{'1' + '0' * 39}'… (401 characters): a number of 401 characters is too long (the limit is 100)"),
    "10**20": ("1" + "0" * 20, f"n.yaml:8: figure 'value' {TOO_LARGE}"),
    "10**15": ("1" + "0" * 15, f"n.yaml:8: figure 'value' {TOO_LARGE}"),
    "-10**15": ("-1" + "0" * 15, f"n.yaml:8: figure 'value' {TOO_LARGE}"),
    "4302 digits": ("1" * 4302, f"n.yaml:8: bad value '{'1' * 40}'… (4,302 characters): a number of 4,302 characters is too long (the limit is 100)"),
    "negative 5000 digits": ("-" + "9" * 5000, f"n.yaml:8: bad value '-{'9' * 39}'… (5,001 characters): a number of 5,001 characters is too long (the limit is 100)"),
    "1.0e+400": ("1.0e+400", f"n.yaml:8: figure 'value' {TOO_LARGE}"),
    "-.inf": ("-.inf", f"n.yaml:8: figure 'value' {TOO_LARGE}"),
    ".nan": (".nan", "n.yaml:8: figure 'value' must be a number, not nan"),
    "1e300 float": ("1.0e+300", f"n.yaml:8: figure 'value' {TOO_LARGE}"),
}


@pytest.mark.parametrize("case", VALUES)
def test_a_value_too_large_is_a_problem_with_its_line(case, tmp_path):
    value, problem = VALUES[case]
    root = write_dataset(tmp_path / "d", {**MINI, "n.yaml": figure_file(value)})
    done = ciftis(root, "validate")
    assert (done.returncode, done.stdout, done.stderr) == (1, "", f"{root}/{problem}\n1 problem found\n")


@pytest.mark.parametrize("args", [("show", "2024"), ("show", "figure:n", "--json"), ("compare", "2023", "2024"),
                                  ("compare", "2023", "2024", "--format", "csv"), ("export", "--format", "csv"), ("export", "--format", "json"),
                                  ("search", "exhibition")], ids=" ".join)
@pytest.mark.parametrize("case", ["10**400", "4302 digits", "1.0e+400"])
def test_every_command_reports_the_problem_instead_of_a_traceback(case, args, tmp_path):
    value, problem = VALUES[case]
    root = write_dataset(tmp_path / "d", {**MINI, "n.yaml": figure_file(value)})
    done = ciftis(root, *args)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", f"ciftis: the dataset has 1 problem:\n  {root}/{problem}\n")


def test_the_largest_value_allowed_shows_exports_and_compares(tmp_path):
    root = write_dataset(tmp_path / "d", {**MINI, "n.yaml": figure_file("999999999999999")})
    assert ciftis(root, "validate").returncode == 0
    for args in (("show", "2024"), ("export", "--format", "csv"), ("compare", "2023", "2024", "--format", "csv")):
        done = ciftis(root, *args)
        assert (done.returncode, done.stderr) == (0, ""), args
    assert "999999999999999" in ciftis(root, "export", "--format", "csv").stdout


DERIVED = {
    "b*b over 10**14": ("1", "b * b", "100000000000000", "the formula gives a value too large to compute (values must be less than 10^15 in size)"),
    "a constant 1e400": ("1", "b * 1e400", "2", "the formula gives a value too large to compute (values must be less than 10^15 in size)"),
    "a long product": ("1", " * ".join(["b"] * 45), "999999999999", "the formula gives a value too large to compute (values must be less than 10^15 in size)"),
    "a float overflow": ("1", " * ".join(["b"] * 23) + " * 1.5", "100000000000000", "the formula gives a value too large to compute"),
    "an infinite float": ("1", "b * 1.0e300 * 1.0e300", "2", "the formula gives a value too large to compute (values must be less than 10^15 in size)"),
}


@pytest.mark.parametrize("case", DERIVED)
def test_a_derivation_too_large_is_a_problem(case, tmp_path):
    value, formula, b, problem = DERIVED[case]
    derived = f"        derived:\n          formula: {formula}\n          inputs:\n            b: {{value: {b}, source: daily, quote: q}}\n"
    root = write_dataset(tmp_path / "d", {**MINI, "n.yaml": figure_file(value, derived)})
    done = ciftis(root, "validate")
    assert (done.returncode, done.stderr) == (1, f"{root}/n.yaml:6: figure 'n': {problem}\n1 problem found\n")


def test_an_ordinal_too_large_is_a_problem(tmp_path):
    root = write_dataset(tmp_path / "d", {**MINI, "n.yaml": "editions:\n  - year: 2024\n    name: X\n    ordinal: 10000000000000000000\n    sources: [daily]\n"})
    done = ciftis(root, "validate")
    assert (done.returncode, done.stderr) == (1, f"{root}/n.yaml:4: edition 'ordinal' {TOO_LARGE}\n1 problem found\n")
