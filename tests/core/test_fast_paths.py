"""The shortcuts that keep a turn fast give the same results as the plain computations."""

from __future__ import annotations

import numpy as np
import pytest

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


def test_sanction_bite_restricted_to_active_sanctioners_is_the_same(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Restricting the bite update to the active sanctioners (big batches) changes no value."""
    rng = np.random.default_rng(3)
    levels = np.zeros((4, 5, 5, 6))
    levels[:, 1] = rng.random((4, 5, 6))
    bite = np.zeros_like(levels)
    bite[:, 3] = rng.random((4, 5, 6))
    active = np.unique(mech.sanction_pairs(levels, bite)[0])
    assert active.tolist() == [1, 3]
    p = Params()
    plain = mech.sanction_bite(levels, bite, p)
    monkeypatch.setattr(mech, "SMALL", 0)  # the restricted form, as for a big batch
    assert np.array_equal(mech.sanction_bite(levels, bite, p, active), plain)


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


def test_a_turn_copies_what_it_writes_and_never_touches_the_old_state(world: World) -> None:
    """Arrays a turn's decisions change are copied first; unchanged ones may be shared."""
    start = make_state(world, batch=2)
    before = {k: v.copy() for k, v in start.arrays().items()}
    acts = play(world, 2, [(USA, "oil_embargo", VEN), (VEN, "refine_gold_turkey", TUR)])
    new, _ = advance(world, start, acts, np.random.default_rng(0))
    assert all(np.array_equal(before[k], v) for k, v in start.arrays().items())
    assert not np.array_equal(new.sanctions, start.sanctions)
    assert new.sanctions is not start.sanctions and new.played is not start.played
    quiet, _ = advance(world, new, play(world, 2, []), np.random.default_rng(1))
    # nothing was decided: shared, not copied
    assert np.shares_memory(quiet.sanctions, new.sanctions)
    assert np.array_equal(quiet.sanctions, new.sanctions)
    work = Work.from_state(new)
    assert work.mut("deals") is not new.deals and work.mut("deals") is work.deals


def test_decisions_the_same_in_every_game_keep_an_array_shared(world: World) -> None:
    """A move played in every game leaves one shared copy; played in some, every game its own."""
    start = make_state(world, batch=3).select(0).repeat(3)
    everywhere, _ = advance(world, start, play(world, 3, [(USA, "oil_embargo", VEN)]),
                            np.random.default_rng(0))
    assert everywhere.sanctions.strides[0] == 0 and everywhere.bite.strides[0] == 0
    assert everywhere.ind.strides[0] != 0, "random shocks differ between games"
    acts = play(world, 3, [(USA, "oil_embargo", VEN)])
    acts.moves[1:] = 0
    some, _ = advance(world, start, acts, np.random.default_rng(0))
    assert some.sanctions.strides[0] != 0
    assert np.array_equal(some.sanctions[0], everywhere.sanctions[0])
    assert not np.array_equal(some.sanctions[1], some.sanctions[0])
    assert np.array_equal(some.ind[0], everywhere.ind[0]), "sharing changes no value"


def test_mechanism_inputs_kept_from_the_last_turn_match_fresh_ones(world: World) -> None:
    """Deal and relation parts reused from the previous turn equal those computed afresh."""
    start = make_state(world)
    acts = play(world, 1, [(VEN, "refine_gold_turkey", TUR)])
    one, _ = advance(world, start, acts, np.random.default_rng(0))
    two, _ = advance(world, one, play(world, 1, []), np.random.default_rng(1))
    fresh = one.evolve()  # same arrays, no kept values
    three, _ = advance(world, fresh, play(world, 1, []), np.random.default_rng(1))
    assert all(np.array_equal(v, three.arrays()[k]) for k, v in two.arrays().items())


def test_effective_bite_for_big_batches_equals_the_small_batch_form(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The column-by-column effective bite used for big batches gives the very same values."""
    rng = np.random.default_rng(11)
    n, kinds = 5, 7
    levels = np.zeros((6, n, n, kinds))
    levels[:, 1, 0, [1, 5]] = 1.0
    levels[:, 3, 0, 1] = 0.5
    levels[:, 1, 2, 2] = rng.random(6)
    bite = levels * rng.random((6, n, n, kinds))
    by, on = mech.sanction_pairs(levels, bite)
    assert list(zip(by.tolist(), on.tolist(), strict=True)) == [(1, 0), (3, 0), (1, 2)]
    c = rng.random((6, n, by.size))
    small = mech.effective_bite(bite, c, by, on)
    monkeypatch.setattr(mech, "BIG", 0)
    big = mech.effective_bite(bite, c, by, on)
    for k in range(kinds):
        assert np.array_equal(np.broadcast_to(small[k], big[k].shape), big[k]), k
    assert not np.array_equal(small[1], bite[..., 1]), "compliance spreads the bite"


def test_clipping_big_and_small_batches_gives_the_same_values(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """Indicators kept within range alike by the small- and big-batch forms, NaN included."""
    from game.core.step import _clip

    rules = compiled(world)
    rng = np.random.default_rng(2)
    ind = rng.normal(0.0, 1e4, size=(3, world.n, len(rules.low)))
    ind[1, 2, 0] = np.nan
    small = _clip(ind, rules)
    monkeypatch.setattr(mech, "SMALL", 0)
    big = _clip(ind, rules)
    assert np.array_equal(small, big)
    assert not np.isnan(big).any()
    assert (big >= rules.low).all() and (big <= rules.high).all()
