"""How a turn treats its inputs: never changed, alike with or without an explanation, the same
next state from a state however it was obtained (played, selected, copied)."""

from __future__ import annotations

import numpy as np

from leverage.core import mechanisms as mech
from leverage.core.params import Params
from leverage.core.rules import Work, compiled
from leverage.core.stages import clip_indicators
from leverage.core.state import COL, State
from leverage.core.step import advance
from leverage.core.world import World
from tests.core.factory import TUR, USA, VEN, make_state, play


def _same(a: State, b: State) -> None:
    """Every array of both states is equal (bit for bit: the same machine and arithmetic)."""
    for name, value in a.arrays().items():
        assert np.array_equal(value, b.arrays()[name], equal_nan=True), name


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
    _same(plain, told)


def test_a_turn_never_changes_the_state_it_starts_from(world: World) -> None:
    """The old state's arrays hold the same values after a turn that changed many of them."""
    start = make_state(world, batch=2)
    before = {k: v.copy() for k, v in start.arrays().items()}
    acts = play(world, 2, [(USA, "oil_embargo", VEN), (VEN, "refine_gold_turkey", TUR)])
    new, _ = advance(world, start, acts, np.random.default_rng(0))
    assert all(np.array_equal(before[k], v) for k, v in start.arrays().items())
    assert not np.array_equal(new.sanctions, start.sanctions)
    later, _ = advance(world, new, play(world, 2, []), np.random.default_rng(1))
    assert np.array_equal(later.sanctions, new.sanctions)


def test_a_move_played_in_some_games_changes_those_games_only(world: World) -> None:
    """An embargo played in game 0 of three: game 0 equals the game where all three play it."""
    start = make_state(world, batch=3).select(0).repeat(3)
    everywhere, _ = advance(world, start, play(world, 3, [(USA, "oil_embargo", VEN)]),
                            np.random.default_rng(0))
    acts = play(world, 3, [(USA, "oil_embargo", VEN)])
    acts.moves[1:] = 0
    some, _ = advance(world, start, acts, np.random.default_rng(0))
    assert np.array_equal(some.sanctions[0], everywhere.sanctions[0])
    assert not np.array_equal(some.sanctions[1], some.sanctions[0])
    assert np.array_equal(some.ind[0], everywhere.ind[0])


def test_a_state_however_obtained_gives_the_same_next_state(world: World) -> None:
    """A played state, its copy with fresh arrays and its games selected one by one step alike."""
    start = make_state(world, batch=2)
    one, _ = advance(world, start, play(world, 2, [(VEN, "refine_gold_turkey", TUR)]),
                     np.random.default_rng(0))
    acts = play(world, 2, [], [(TUR, VEN, "refine_gold_turkey")])
    two, _ = advance(world, one, acts, np.random.default_rng(1))
    fresh = State(turn=one.turn, **{k: np.array(v, copy=True) for k, v in one.arrays().items()})
    _same(two, advance(world, fresh, acts, np.random.default_rng(1))[0])


def test_clipping_keeps_every_indicator_in_range_and_nan_at_the_low_bound(world: World) -> None:
    """Indicators far out of range, NaN included, end within range; payment shares add to 100."""
    rules = compiled(world)
    rng = np.random.default_rng(2)
    ind = rng.normal(0.0, 1e4, size=(3, world.n, len(rules.low)))
    ind[1, 2, 0] = np.nan
    out = clip_indicators(ind, rules)
    assert not np.isnan(out).any()
    assert out[1, 2, 0] == rules.low[0] or out[1, 2, 0] <= rules.high[0]
    assert (out >= rules.low - 1e-9).all() and (out <= rules.high + 1e-9).all()
    pay = [COL[c] for c in COL if c.startswith("pay_")]
    assert np.allclose(out[:, :, pay].sum(axis=2), 100.0)


def test_bite_either_way_is_the_larger_of_both_directions() -> None:
    """`Bites.either_way` is np.maximum of a kind and its transpose, and read back either way."""
    rng = np.random.default_rng(1)
    bites = mech.Bites(rng.random((2, 4, 4, 7)))
    either = bites.either_way(0)
    assert np.array_equal(either, np.maximum(bites[0], bites[0].swapaxes(1, 2)))
    assert np.array_equal(either.swapaxes(1, 2), np.maximum(bites[0].swapaxes(1, 2), bites[0]))


def test_oil_revenue_with_parts_handed_in_equals_the_plain_form() -> None:
    """Export volume and discount handed in give the same revenue as those worked out inside."""
    rng = np.random.default_rng(2)
    p = Params()
    output, demand = rng.random((3, 4)) * 900, rng.random((3, 4)) * 600
    repay, price, discounted = rng.random((3, 4, 4)) * 50, rng.random(3) * 90, rng.random((3, 4))
    plain = mech.oil_revenue(output, demand, repay, price, discounted, p)
    handed = mech.oil_revenue(output, demand, repay, price, discounted, p, None,
                              np.maximum(output - demand, 0.0), p.oil_discount * discounted)
    assert all(np.array_equal(a, b) for a, b in zip(plain, handed, strict=True))


def test_levels_in_effect_nowhere_given_as_none_equal_zeros(world: World) -> None:
    """Repression, payment links and risk given as None give what all-zero arrays give."""
    state = make_state(world)
    p, n = world.params, world.n
    zero = np.zeros((1, n))
    rel = mech.relation_target(state.anchor, state.relations, state.blocs, state.sanctions,
                               state.deals, zero, p)
    rel_none = mech.relation_target(state.anchor, state.relations, state.blocs,
                                    state.sanctions, state.deals, None, p)
    assert all(np.array_equal(rel[k], rel_none[k]) for k in rel)
    gdp, pop = np.full((1, n), 50.0), np.full((1, n), 30.0)
    infl, growth = np.full((1, n), 1.5), np.full((1, n), -4.0)
    assert np.array_equal(mech.emigration(gdp, pop, infl, growth, zero, 0.25, p),
                          mech.emigration(gdp, pop, infl, growth, None, 0.25, p))
    pay = np.full((1, n, 5), 0.2)
    share = state.trade / state.trade.sum(axis=2, keepdims=True)
    plain = mech.payment_pushes(pay, share, np.zeros(pay.shape), np.zeros(pay.shape), None, p)
    none = mech.payment_pushes(pay, share, None, None, None, p)
    assert all(np.array_equal(a, b) for a, b in zip(plain, none, strict=True))
