"""Scripted events of the shipped scenarios fire on their dates and can be prevented."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from leverage.core.actions import Actions
from leverage.core.state import State
from leverage.core.step import step
from leverage.core.vocab import RESERVE_ASSETS, SANCTION_KINDS
from leverage.core.world import World
from leverage.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]


def _idle(world: World, state: State, turns: int, play: dict[int, tuple[str, str]]) -> State:
    """Play `turns` turns with no moves except `play[turn] = (country, move)` on itself."""
    rng = np.random.default_rng(3)
    for turn in range(1, turns + 1):
        actions = Actions.empty(state.batch, world.n, len(world.moves), len(world.bloc_ids))
        if turn in play:
            code, move = play[turn]
            c = world.country(code)
            actions.moves[:, c, world.move_index(move)] = c + 1
        state, _ = step(world, state, actions, rng)
    return state


def _flag(world: World, state: State, name: str) -> bool:
    """The value of a flag in game 0."""
    return bool(state.flags[0, world.flag_names.index(name)])


def test_recognition_of_guaido_freezes_the_london_gold_in_january_2019() -> None:
    """By the end of January 2019 the event has fired: flag set, gold abroad frozen."""
    loaded = load_scenario(str(ROOT / "scenarios" / "gold_route.yaml"))
    world = loaded.world
    state = _idle(world, loaded.state, 3, {})
    assert _flag(world, state, "opposition_recognised")
    ven = world.country("VEN")
    assert state.frozen[0, ven, RESERVE_ASSETS.index("gold_abroad")] == 1.0
    assert loaded.state.frozen[0, ven, RESERVE_ASSETS.index("gold_abroad")] == 0.0


def test_an_election_roadmap_prevents_the_pdvsa_sanctions() -> None:
    """Agreeing the roadmap in the first turn keeps the oil embargo of January 2019 away."""
    loaded = load_scenario(str(ROOT / "scenarios" / "gold_route.yaml"))
    world = loaded.world
    usa, ven = world.country("USA"), world.country("VEN")
    oil = SANCTION_KINDS.index("oil")
    without = _idle(world, loaded.state, 3, {})
    with_roadmap = _idle(world, loaded.state, 3, {1: ("VEN", "election_roadmap")})
    assert without.sanctions[0, usa, ven, oil] == 1.0
    assert with_roadmap.sanctions[0, usa, ven, oil] == 0.0
    assert not _flag(world, with_roadmap, "opposition_recognised")


def test_the_tutorial_lessons_fire_one_per_turn() -> None:
    """Each of the six lessons sets its flag on its turn."""
    loaded = load_scenario(str(ROOT / "scenarios" / "tutorial.yaml"))
    world = loaded.world
    state = loaded.state
    for turn in range(1, world.turns + 1):
        state = _idle(world, state, 1, {})
        assert _flag(world, state, f"lesson_{turn}"), turn
