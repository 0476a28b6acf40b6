"""The shortcuts that keep a turn fast give the same results as the plain computations."""

from __future__ import annotations

import numpy as np

from game.core import mechanisms as mech
from game.core.params import Params
from game.core.rules import Work, compiled
from game.core.state import COL, State
from game.core.step import advance
from game.core.world import World
from tests.core.factory import TUR, USA, VEN, make_state, play


def test_schedule_narrows_to_the_world_horizon_but_keeps_later_changes(world: World,
                                                                       state: State) -> None:
    """An empty schedule rolls to the world's horizon; changes due later are never dropped."""
    horizon = compiled(world).horizon
    assert 1 <= horizon < state.scheduled.shape[1]
    assert Work.from_state(state, horizon).schedule().shape[1] == horizon
    far = state.scheduled.copy()
    far[0, 10, VEN, COL["stability"]] = 4.0
    work = Work.from_state(state.evolve(scheduled=far), horizon)
    rolled = work.schedule()
    assert rolled.shape[1] >= 10 and rolled[0, 9, VEN, COL["stability"]] == 4.0
    assert np.count_nonzero(rolled) == 1


def test_derived_indicators_are_kept_read_only_per_state(state: State) -> None:
    """A derived indicator is computed once per State, read-only, and not carried by copies."""
    first = state.get("reserves")
    assert state.get("reserves") is first and not first.flags.writeable
    richer = state.evolve(ind=state.ind * np.where(np.arange(state.ind.shape[2]) ==
                                                   COL["reserves_usd"], 2.0, 1.0))
    assert richer.get("reserves") is not first
    assert richer.get("reserves")[0, USA] >= first[0, USA]


def test_sanction_bite_restricted_to_active_sanctioners_is_the_same() -> None:
    """Restricting the bite update to the active sanctioners changes no value."""
    rng = np.random.default_rng(3)
    levels = np.zeros((4, 5, 5, 6))
    levels[:, 1] = rng.random((4, 5, 6))
    bite = np.zeros_like(levels)
    bite[:, 3] = rng.random((4, 5, 6))
    active = mech.active_sanctioners(levels, bite)
    assert active.tolist() == [1, 3]
    p = Params()
    assert np.array_equal(mech.sanction_bite(levels, bite, p, active),
                          mech.sanction_bite(levels, bite, p))


def test_explained_and_plain_turns_agree_with_deals_accepted(world: World) -> None:
    """Accepting a proposal gives the same next state with or without an explanation."""
    state = make_state(world, 3)
    rng = np.random.default_rng(5)
    state, _ = advance(world, state, play(world, 3, [(VEN, "refine_gold_turkey", TUR)]), rng)
    assert state.pending.any()
    acts = play(world, 3, [], [(TUR, VEN, "refine_gold_turkey")])
    plain, _ = advance(world, state, acts, np.random.default_rng(9))
    told, ex = advance(world, state, acts, np.random.default_rng(9), explain=True)
    assert ex is not None
    assert plain.deals.any()
    for name, value in plain.arrays().items():
        assert np.array_equal(value, told.arrays()[name]), name
