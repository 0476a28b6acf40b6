"""Scenario files: safe loading, checking and compiling into a World and a starting State.

    loaded = load_scenario("scenarios/gold_route.yaml")   # raises ScenarioError
    world, state = loaded.world, loaded.state
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from leverage.core.state import State
from leverage.core.world import World
from leverage.files import is_regular, read_regular
from leverage.scenario.errors import ERROR, WARNING, Problem, ScenarioError
from leverage.scenario.schema import Scenario

__all__ = [
    "ERROR", "WARNING", "LoadedScenario", "Problem", "ScenarioCard", "ScenarioError",
    "check_file", "list_scenarios", "load_scenario",
]


@dataclass(frozen=True)
class LoadedScenario:
    """A scenario ready to play: the model, the compiled world and starting state."""

    path: str
    scenario: Scenario
    world: World
    state: State
    warnings: list[Problem]
    content_hash: str


@dataclass(frozen=True)
class ScenarioCard:
    """What the scenario picker shows (problems instead when the file is broken)."""

    path: str
    id: str
    title: str
    date: str = ""
    summary: str = ""
    difficulty: str = ""
    roles: tuple[tuple[str, str], ...] = ()          # (country code, role title)
    sources: tuple[tuple[str, str], ...] = ()        # (outlet, title)
    tutorial: bool = False
    problems: tuple[Problem, ...] = field(default_factory=tuple)

    @property
    def playable(self) -> bool:
        """True when the scenario has no errors."""
        return not any(p.is_error for p in self.problems)


def check_file(path: str) -> list[Problem]:
    """Every problem (errors and warnings) of a scenario or library file; never raises."""
    from leverage.scenario.check import check_document

    return _safe_problems(path, lambda: check_document(path).problems)


def load_scenario(path: str) -> LoadedScenario:
    """Load, check and compile a scenario; raises ScenarioError (with every problem) on errors."""
    from leverage.scenario.check import check_document
    from leverage.scenario.compile import compile_result
    from leverage.scenario.loader import MAX_BYTES

    try:
        result = check_document(path)
        if result.errors:
            raise ScenarioError(result.errors + result.warnings)
        if result.scenario is None:
            raise ScenarioError([Problem(path, 1, 1, ERROR,
                                         "this is a library file, not a scenario")])
        world, state = compile_result(result)
        digest = hashlib.sha256(read_regular(path, MAX_BYTES)).hexdigest()
    except ScenarioError:
        raise
    except OSError as exc:
        raise ScenarioError([Problem(path, 1, 1, ERROR, f"cannot read the file: {exc}")]) from None
    except Exception as exc:  # the promise: nothing but ScenarioError leaves this package
        raise ScenarioError([_internal(path, exc)]) from None
    return LoadedScenario(path, result.scenario, world, state, result.warnings, digest)


def list_scenarios(folder: str) -> list[ScenarioCard]:
    """A card for every `*.yaml` scenario directly in `folder`, sorted by file name."""
    from leverage.scenario.check import check_document

    try:
        names = sorted(n for n in os.listdir(folder) if n.endswith((".yaml", ".yml"))
                       and is_regular(os.path.join(folder, n)))
    except OSError:
        return []
    cards: list[ScenarioCard] = []
    for name in names:
        path = os.path.join(folder, name)
        stem = os.path.splitext(name)[0]
        try:
            result = check_document(path)
        except Exception as exc:  # pragma: no cover - safety net
            cards.append(ScenarioCard(path, stem, stem, problems=(_internal(path, exc),)))
            continue
        sc = result.scenario
        if sc is None:
            if result.library is None:
                cards.append(ScenarioCard(path, stem, stem, problems=tuple(result.problems)))
            continue
        cards.append(ScenarioCard(
            path=path, id=sc.id, title=sc.title, date=sc.date, summary=sc.summary.strip(),
            difficulty=sc.difficulty,
            roles=tuple((code, role.title) for code, role in sc.roles.items()),
            sources=tuple((s.outlet, s.title) for s in sc.sources), tutorial=sc.tutorial,
            problems=tuple(result.problems),
        ))
    return cards


def _safe_problems(path: str, run: Callable[[], list[Problem]]) -> list[Problem]:
    """Run a checker, turning anything unexpected into one problem."""
    try:
        return list(run())
    except ScenarioError as exc:
        return list(exc.problems)
    except Exception as exc:  # the promise: nothing but problems leaves this package
        return [_internal(path, exc)]


def _internal(path: str, exc: BaseException) -> Problem:
    """A problem standing for an unexpected failure (a bug in the checker)."""
    return Problem(path, 1, 1, ERROR, f"internal error while checking: {type(exc).__name__}: {exc}")
