"""Problems found in scenario files, and the one error type the scenario package raises."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from leverage.core.actions import LeverageError
from leverage.files import clip, printable

ERROR = "error"
WARNING = "warning"
#: Longest message printed (one quoting a name of any length is cut with an ellipsis).
MAX_MESSAGE_CHARS = 1000


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file, at a 1-based line and column."""

    file: str
    line: int
    col: int
    severity: str
    message: str

    def __str__(self) -> str:
        """Format as `path:LINE:COL: severity: message`, control characters escaped and a
        message quoting a huge name cut to MAX_MESSAGE_CHARS."""
        message = clip(self.message, MAX_MESSAGE_CHARS)
        return printable(f"{self.file}:{self.line}:{self.col}: {self.severity}: {message}")

    @property
    def is_error(self) -> bool:
        """True for errors, False for warnings."""
        return self.severity == ERROR


class ScenarioError(LeverageError):
    """A scenario or library file that cannot be used; holds every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        """Keep the problems, sorted by file and position."""
        self.problems: list[Problem] = sorted(problems, key=problem_key)
        super().__init__("\n".join(str(p) for p in self.problems) or "scenario error")


def problem_key(problem: Problem) -> tuple[str, int, int, int, str]:
    """Sort key: file, line, column, errors before warnings, message."""
    return (problem.file, problem.line, problem.col, 0 if problem.is_error else 1, problem.message)
