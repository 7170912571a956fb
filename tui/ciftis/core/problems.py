"""A problem found in a dataset, theme or config file, located by path and line, and the error that
carries one (no YAML needed to say so, or to catch it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong in a dataset, theme or config file, located by path and line."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


class YamlError(Exception):
    """A file that cannot be read as safe, plain YAML (or used as what it should hold); carries the Problem."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem
