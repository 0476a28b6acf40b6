"""`python main.py validate FILE...`: print every problem of scenario and library files."""

from __future__ import annotations

from typing import TextIO

from game.scenario import check_file
from game.scenario.errors import problem_key


def _plural(count: int, word: str) -> str:
    """`1 error`, `2 errors`."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def run_validate(paths: list[str], out: TextIO) -> int:
    """Check each file, print one line per problem and a summary; 0 when no errors, else 1.

    A missing or unreadable file is reported as an error line like any other problem.
    """
    errors = warnings = 0
    printed: set[str] = set()
    for path in paths:
        problems = sorted(check_file(path), key=problem_key)
        for problem in problems:
            line = str(problem)
            if line in printed:  # a library's problem shows once, however many files use it
                continue
            printed.add(line)
            out.write(line + "\n")
            if problem.is_error:
                errors += 1
            else:
                warnings += 1
    summary = f"{_plural(len(paths), 'file')}: {_plural(errors, 'error')}, "
    out.write(summary + _plural(warnings, "warning") + "\n")
    return 1 if errors else 0
