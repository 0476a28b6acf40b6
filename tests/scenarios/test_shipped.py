"""The shipped scenarios and libraries: clean to the checker, playable by computers at every level."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import numpy as np
import pytest

from leverage.core.playtest import run_games
from leverage.scenario import check_file, load_scenario

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
LIBRARIES = sorted((ROOT / "scenarios" / "library").glob("*.yaml"))
LEVELS = ("easy", "normal", "hard")
#: Set LEVERAGE_FULL_MATRIX=1 to play every combination of levels (slow: minutes).
FULL_MATRIX = os.environ.get("LEVERAGE_FULL_MATRIX") == "1"
#: The real series each article scenario must have: Venezuela's four, unless listed here.
KEY_SERIES = {"pastor_and_steel": {"inflation", "growth", "gold_home", "reserves"}}
VENEZUELA_SERIES = {"oil_output", "inflation", "gold_home", "emigrants"}


def _ids(paths: list[Path]) -> list[str]:
    """Test ids: the file names."""
    return [p.name for p in paths]


def test_the_five_scenarios_ship() -> None:
    """The four article scenarios and the tutorial are all there."""
    names = {p.stem for p in SCENARIOS}
    assert {"gold_route", "lavrov_caracas", "beyond_dollar", "pastor_and_steel",
            "tutorial"} <= names
    assert [p.name for p in LIBRARIES] == ["standard.yaml"]


@pytest.mark.parametrize("path", SCENARIOS + LIBRARIES, ids=_ids(SCENARIOS + LIBRARIES))
def test_file_has_no_errors_and_no_warnings(path: Path) -> None:
    """The checker finds nothing at all to say about a shipped file."""
    problems = check_file(str(path))
    assert [str(p) for p in problems] == []


def _level_combinations(roles: int) -> list[tuple[str, ...]]:
    """Every combination of levels, or a Latin square in which each role meets each level."""
    if FULL_MATRIX:
        return list(itertools.product(LEVELS, repeat=roles))
    return [tuple(LEVELS[(r + k) % len(LEVELS)] for r in range(roles)) for k in range(len(LEVELS))]


@pytest.mark.parametrize("path", SCENARIOS, ids=_ids(SCENARIOS))
def test_plays_to_the_end_with_computer_players(path: Path) -> None:
    """Every role at every level: the game reaches its last turn with finite, in-range scores."""
    loaded = load_scenario(str(path))
    world = loaded.world
    role_countries = [role.country for role in world.roles]
    assert role_countries, "a shipped scenario needs at least one playable role"
    for combo in _level_combinations(len(role_countries)):
        levels = ["easy"] * world.n
        for country, level in zip(role_countries, combo, strict=True):
            levels[country] = level
        result = run_games(world, loaded.state, 1, world.turns, levels, seed=7)
        assert result.scores.shape == (1, world.turns + 1, len(world.roles)), combo
        assert np.isfinite(result.scores).all(), combo
        assert ((result.scores >= 0) & (result.scores <= 100)).all(), combo
        assert result.series is not None and np.isfinite(result.series).all(), combo


@pytest.mark.parametrize("path", SCENARIOS, ids=_ids(SCENARIOS))
def test_every_playable_role_has_moves_briefing_and_a_dilemma(path: Path) -> None:
    """At least 8 moves per role (3 in the tutorial), briefings of 250-600 words, 2+ objectives."""
    loaded = load_scenario(str(path))
    sc, world = loaded.scenario, loaded.world
    minimum = 3 if sc.tutorial else 8
    for code, role in sc.roles.items():
        country = world.country(code)
        moves = [m for m in world.moves if m.by[country]]
        assert len(moves) >= minimum, (code, len(moves))
        words = len(role.briefing.split())
        assert 250 <= words <= 600, (code, words)
        assert len(role.objectives) >= (2 if sc.tutorial else 3), code
    assert 3 <= len(sc.questions) <= 5


@pytest.mark.parametrize("path", [p for p in SCENARIOS if p.stem != "tutorial"],
                         ids=_ids([p for p in SCENARIOS if p.stem != "tutorial"]))
def test_article_scenario_is_sourced_and_has_history(path: Path) -> None:
    """Quarterly, 8-12 turns, every source used, four or more real series including the key ones."""
    sc = load_scenario(str(path)).scenario
    assert sc.calendar.months_per_turn == 3 and 8 <= sc.calendar.turns <= 12
    assert KEY_SERIES.get(path.stem, VENEZUELA_SERIES) <= set(sc.history.series)
    assert sc.history.moves and sc.history.events and sc.history.summary
    for country in sc.countries:
        for name, value in country.start.items():
            assert not isinstance(value, float | int), (country.code, name, "needs a source")
    assert any(s.quotes for s in sc.sources)
    assert len(sc.events) >= 6


@pytest.mark.parametrize("path", [p for p in SCENARIOS if p.stem != "tutorial"],
                         ids=_ids([p for p in SCENARIOS if p.stem != "tutorial"]))
def test_article_scenario_has_four_roles(path: Path) -> None:
    """A class of four teams each has something to win."""
    assert len(load_scenario(str(path)).world.roles) >= 4


@pytest.mark.parametrize("path", SCENARIOS, ids=_ids(SCENARIOS))
def test_every_role_starts_below_its_winning_mark(path: Path) -> None:
    """Nobody has won before playing, in the tutorial as in the article scenarios."""
    loaded = load_scenario(str(path))
    world = loaded.world
    assert world.roles
    for r, role in enumerate(world.roles):
        start = float(loaded.state.score[0, r])
        assert start < role.win, (world.codes[role.country], start, role.win)
