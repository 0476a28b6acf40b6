"""`python main.py validate FILE... [--playtest [--games N] [--seed S] [--ai LEVEL]]`: print every problem of
scenario and library files; with --playtest, also the warnings of a quick batch of games
(`leverage.commands.playtest_check`)."""

from __future__ import annotations

from typing import TextIO

from leverage.scenario import check_file
from leverage.scenario.errors import Problem, problem_key


def _plural(count: int, word: str) -> str:
    """`1 error`, `2 errors`."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def run_validate(paths: list[str], out: TextIO, playtest: bool = False,
                 games: int | None = None, seed: int = 0, level: str | None = None) -> int:
    """Check each file, print one line per problem and a summary; 0 when no errors, else 1.

    A missing or unreadable file is reported as an error line like any other problem. With
    `playtest`, each scenario without errors is also played `games` times (playtest warnings).
    """
    errors = warnings = 0
    printed: set[str] = set()
    for path in paths:
        problems = check_file(path)
        if playtest:
            problems += _playtest(path, problems, games, seed, level, out)
        for problem in sorted(problems, key=problem_key):
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


def _playtest(path: str, problems: list[Problem], games: int | None, seed: int,
              level: str | None, out: TextIO) -> list[Problem]:
    """The playtest warnings of `path` (none for a library file or a file with errors)."""
    from leverage.commands.playtest_check import PLAYTEST_GAMES, PLAYTEST_LEVEL, playtest_problems
    from leverage.scenario.check import check_document
    from leverage.scenario.errors import ScenarioError

    if any(p.is_error for p in problems):
        out.write(f"{path}: not playtested: fix the errors first\n")
        return []
    if check_document(path).scenario is None:  # a library file: nothing to play
        return []
    try:
        return playtest_problems(path, games or PLAYTEST_GAMES, seed, level or PLAYTEST_LEVEL)
    except ScenarioError as error:
        return list(error.problems)
