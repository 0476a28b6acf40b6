"""`python main.py validate FILE...`: print every problem of scenario and library files."""

from __future__ import annotations

from typing import TextIO

from game.scenario import check_file
from game.scenario.errors import problem_key


def _plural(count: int, word: str) -> str:
    """`1 error`, `2 errors`."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def run_validate(paths: list[str], out: TextIO) -> int:
    """Check each file, print one line per problem and a summary; 0 when no errors, else 1."""
    errors = warnings = 0
    for path in paths:
        problems = sorted(check_file(path), key=problem_key)
        for problem in problems:
            out.write(f"{problem}\n")
        errors += sum(1 for p in problems if p.is_error)
        warnings += sum(1 for p in problems if not p.is_error)
    summary = f"{_plural(len(paths), 'file')}: {_plural(errors, 'error')}, "
    out.write(summary + _plural(warnings, "warning") + "\n")
    return 1 if errors else 0
