"""Values a turn reuses (from the previous turn, or shared within the turn) change no result."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import numpy as np
import pytest

from game.core import mechanisms as mech
from game.core.ai import easy_actions
from game.core.params import Params
from game.core.rules import Work, compiled
from game.core.state import DERIVED_CACHE, State
from game.core.step import _kept_freezes, _new_state, _Turn, advance, step
from game.core.vocab import SANCTION_KINDS
from game.core.world import World
from game.scenario import load_scenario
from tests.core.factory import TUR, USA, VEN, make_state, play

ROOT = Path(__file__).resolve().parents[2]


def _same_states(a: State, b: State) -> bool:
    """Every array of both states holds the same bytes (and the same shape and type)."""
    arrays_b = b.arrays()
    return all(v.dtype == arrays_b[k].dtype and v.shape == arrays_b[k].shape
               and np.ascontiguousarray(v).tobytes()
               == np.ascontiguousarray(arrays_b[k]).tobytes()
               for k, v in a.arrays().items())


def _cache(state: State) -> dict[str, object]:
    """The values the turn that made `state` kept for the next one."""
    cache: dict[str, object] = state.__dict__[DERIVED_CACHE]
    return cache


@pytest.mark.parametrize("name", ["gold_route", "beyond_dollar"])
def test_a_state_with_kept_values_and_one_without_give_the_same_turns(name: str) -> None:
    """Every turn of a played game equals the same turn from the state without its cache."""
    scenario = load_scenario(ROOT / "scenarios" / f"{name}.yaml")
    world, state = scenario.world, scenario.state.select(0)
    rng = np.random.default_rng(3)
    for _turn in range(12):
        acts, _ = easy_actions(world, state, rng)
        seed = int(rng.integers(1 << 30))
        kept, _ = step(world, state, acts, np.random.default_rng(seed))
        fresh, _ = step(world, state.evolve(), acts, np.random.default_rng(seed))
        assert _same_states(kept, fresh)
        assert kept.get("reserves").tobytes() == fresh.get("reserves").tobytes()
        state = kept


def test_freezes_are_kept_while_financial_sanctions_stay_and_redone_when_they_change(
        world: World) -> None:
    """Other sanctions leave last turn's freezes in use; a financing ban works them out anew."""
    start = make_state(world)
    one, _ = advance(world, start, play(world, 1, []), np.random.default_rng(0))
    for move, target, reused in (("secondary_sanctions", VEN, True),
                                 ("financial_sanctions", TUR, False)):
        acts = play(world, 1, [(USA, move, target)])
        two, _ = advance(world, one, acts, np.random.default_rng(1))
        again, _ = advance(world, one.evolve(), acts, np.random.default_rng(1))
        assert not np.array_equal(two.sanctions, one.sanctions)
        assert (_cache(two)["@frozen"][1] is _cache(one)["@frozen"][1]) is reused  # type: ignore[index]
        assert _same_states(two, again)


def test_kept_freezes_follow_the_financial_sanctions_alone(world: World) -> None:
    """Freezes are reused when only other kinds of sanctions were written, not after a ban."""
    one, _ = advance(world, make_state(world), play(world, 1, []), np.random.default_rng(0))
    for kind, reused in ((SANCTION_KINDS.index("secondary"), True),
                         (SANCTION_KINDS.index("financial"), False)):
        work = Work.from_state(one)
        work.mut("sanctions")[0, TUR, VEN, kind] = 1.0  # the freezes themselves left alone
        turn = _Turn(world, compiled(world), one, work)
        kept = _kept_freezes(turn)
        assert (kept is _cache(one)["@frozen"]) is reused


def test_relation_parts_of_arrays_no_decision_wrote_are_reused(world: World) -> None:
    """A new deal leaves the blocs' part of the relations' target as it was (the same array)."""
    start = make_state(world)
    proposal = play(world, 1, [(VEN, "refine_gold_turkey", TUR)])
    one, _ = advance(world, start, proposal, np.random.default_rng(0))
    acts = play(world, 1, [], accept=[(TUR, VEN, "refine_gold_turkey")])
    two, _ = advance(world, one, acts, np.random.default_rng(1))
    assert not np.array_equal(two.deals, one.deals)
    again, _ = advance(world, one.evolve(), acts, np.random.default_rng(1))
    before, after = _cache(one)["@relation_static"], _cache(two)["@relation_static"]
    assert after["blocs"] is before["blocs"]  # type: ignore[index]
    assert after["deals"] is not before["deals"]  # type: ignore[index]
    assert _same_states(two, again)


def test_a_state_filled_in_one_step_equals_the_constructed_one(world: World) -> None:
    """`_new_state` gives the State the constructor gives, field for field."""
    state = make_state(world)
    arrays = {f.name: getattr(state, f.name) for f in fields(State)}
    made, built = _new_state(arrays), State(**arrays)
    assert type(made) is State and vars(made).keys() == vars(built).keys()
    assert all(getattr(made, k) is v for k, v in arrays.items())
    assert _same_states(made, built) and made.batch == 1
    with pytest.raises(TypeError):
        _new_state({**arrays, "unknown": 1})  # not a State field: the constructor says so


def test_pairs_gathered_through_flat_indices_equal_fancy_indexing() -> None:
    """`PairLayout.pick` reads the same values as levels[:, by, on, kinds]."""
    rng = np.random.default_rng(0)
    levels = rng.random((1, 5, 5, 7))
    by, on = np.array([1, 1, 3, 0]), np.array([0, 2, 2, 4])
    layout = mech.pair_layout(by, on, np.array([0, -1, 2, -1, -1]), 5, Params(),
                              levels[0] > 0.5)
    assert layout.kind_at is not None and layout.bite_at is not None
    assert layout.secondary_at is not None
    assert np.array_equal(mech.PairLayout.pick(levels, layout.bite_at), levels[:, by, on, :-1])
    assert np.array_equal(mech.PairLayout.pick(levels, layout.secondary_at),
                          levels[:, by, on, -1])
    assert np.array_equal(mech.PairLayout.pick(levels, layout.kind_at[:, 3:4]),
                          levels[:, by, on, 3:4])


def test_bite_either_way_is_the_larger_of_both_directions() -> None:
    """`Bites.either_way` is np.maximum of a kind and its transpose, and read back either way."""
    rng = np.random.default_rng(1)
    bites = mech.Bites(rng.random((2, 4, 4, 7)))
    either = bites.either_way(0)
    assert bites.either_way(0) is either
    assert np.array_equal(either, np.maximum(bites[0], bites[0].swapaxes(1, 2)))
    assert np.array_equal(either.swapaxes(1, 2), np.maximum(bites[0].swapaxes(1, 2), bites[0]))


def test_oil_revenue_with_shared_parts_equals_the_plain_form() -> None:
    """Export volume and discount handed in give the same revenue as those worked out inside."""
    rng = np.random.default_rng(2)
    p = Params()
    output, demand = rng.random((3, 4)) * 900, rng.random((3, 4)) * 600
    repay, price, discounted = rng.random((3, 4, 4)) * 50, rng.random(3) * 90, rng.random((3, 4))
    plain = mech.oil_revenue(output, demand, repay, price, discounted, p)
    shared = mech.oil_revenue(output, demand, repay, price, discounted, p, None,
                              np.maximum(output - demand, 0.0), p.oil_discount * discounted)
    assert all(np.array_equal(a, b) for a, b in zip(plain, shared, strict=True))


def test_relation_static_with_kept_parts_reuses_them(world: World) -> None:
    """Parts handed in are used as they are; the others are worked out as without them."""
    state = make_state(world)
    p = world.params
    plain = mech.relation_static(state.blocs, state.sanctions, state.deals, p)
    marker = np.full(plain["blocs"].shape, 7.0)
    kept = mech.relation_static(state.blocs, state.sanctions, state.deals, p, {"blocs": marker})
    assert kept["blocs"] is marker
    assert all(np.array_equal(kept[k], plain[k]) for k in ("sanctions", "deals"))
    assert list(kept) == ["blocs", "sanctions", "deals"]


def test_one_games_oil_price_walk_equals_the_array_form() -> None:
    """The one-game oil price (floats) equals the array operations on a one-game array."""
    p = Params()
    rng = np.random.default_rng(4)
    logs = mech.log_constants(p)
    for _ in range(2000):
        price = np.array([np.exp(rng.uniform(-1.0, 7.0))])
        shock = rng.standard_normal(1) * 4.0
        log_p = np.log(np.maximum(price, mech.EPS))
        pull = p.oil_price_revert * (logs.oil_price0 - log_p)
        plain = mech.clip(np.exp(log_p + pull + p.oil_price_sigma * shock), p.oil_price_min,
                          p.oil_price_max)
        assert mech.oil_price_walk(price, shock, p).tobytes() == plain.tobytes()
    assert np.isnan(mech.oil_price_walk(np.array([np.nan]), np.zeros(1), p)).all()


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
    plain = mech.payment_target(pay, share, np.zeros(pay.shape), np.zeros(pay.shape), None, p)
    assert np.array_equal(plain, mech.payment_target(pay, share, None, None, None, p))
