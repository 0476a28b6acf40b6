"""Single-game shortcuts of a turn's decisions give what the general computations give.

Schedules written slot by slot or as one slice, lever checks prepared per World, and single-game
evaluators of conditions are compared with the batch forms on the same values.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from game.core.expr import CompiledCondition, compile_condition, scalar_evaluator, value_one
from game.core.objectives import objective_table, scores
from game.core.rules import (
    Work,
    _already,
    _already_at,
    _schedule,
    _schedule_one,
    compiled,
)
from game.core.state import COL, State
from game.core.world import World
from tests.core.factory import TUR, VEN, make_state, make_world

ROOT = Path(__file__).resolve().parents[2]


def _scenario(name: str) -> tuple[World, State]:
    """A shipped scenario's World and single starting game."""
    from game.scenario import load_scenario

    loaded = load_scenario(str(ROOT / "scenarios" / f"{name}.yaml"))
    return loaded.world, loaded.state.select(0)


@pytest.mark.parametrize("horizon", [1, 3, 24])
def test_scheduled_changes_of_one_game_match_the_batch(horizon: int) -> None:
    """Changes now, later, over many turns and past the horizon: slot for slot the same."""
    world = make_world()
    state = make_state(world)
    col = COL["stability"]
    one = Work.from_state(state, horizon)
    two = Work.from_state(state.repeat(2), horizon)
    rows = np.array([1], dtype=np.int64)
    for k, (delay, turns) in enumerate([(0, 1), (0, 2), (0, 6), (1, 1), (2, 3), (1, 5),
                                        (4, 2), (0, 0), (3, 9), (horizon, 2), (30, 2)]):
        amount = 0.1 * (k + 1) + 1e-3
        _schedule_one(one, 0, VEN + k % 2, col, amount, delay, turns)
        _schedule(two, rows, np.array([VEN + k % 2], dtype=np.int64), col, amount, delay, turns)
        assert np.array_equal(one.add_now[0], two.add_now[1]), (delay, turns)
        assert np.array_equal(one.schedule()[0], two.schedule()[1]), (delay, turns)
    assert one.added and two.added
    assert np.any(one.schedule()[0, :, VEN, col] != 0.0)
    assert not two.schedule()[0].any()  # the other game is left alone


def _levers_in_play(world: World, state: State, seed: int) -> State:
    """`state` with sanctions, deals, policies, flags and blocs at move levels or elsewhere."""
    rng = np.random.default_rng(seed)
    levels = sorted({c.amount for checks in compiled(world).levers for c in checks} | {0.0, 0.3})
    sanctions = rng.choice(levels, size=state.sanctions.shape)
    deals = rng.choice(levels, size=state.deals.shape)
    policies = rng.choice(levels, size=state.policies.shape)
    flags = rng.random(state.flags.shape) < 0.5
    blocs = (rng.random(state.blocs.shape) < 0.5).astype(float)
    apps = rng.random(state.applications.shape) < 0.3
    return state.evolve(sanctions=sanctions, deals=deals, policies=policies, flags=flags,
                        blocs=blocs, applications=apps)


@pytest.mark.parametrize("name", ["test", "gold_route", "lavrov_caracas"])
def test_lever_checks_prepared_per_world_agree_with_the_general_ones(name: str) -> None:
    """Every lever of every move, every actor and target, levers at and off their levels."""
    world, start = (make_world(), None) if name == "test" else _scenario(name)
    state0 = make_state(world) if start is None else start
    rules = compiled(world)
    agreed = met = 0
    for seed in range(4):
        state = _levers_in_play(world, state0, seed)
        for m, checks in enumerate(rules.levers):
            for check, test in zip(checks, rules.levers_one[m], strict=True):
                batch = _already(check, state)[0]
                for i in range(world.n):
                    for t in range(world.n):
                        fast = test(state, i, t)
                        assert fast == _already_at(check, state, i, t) == bool(batch[i, t])
                        agreed += 1
                        met += fast
    assert agreed > 0 and 0 < met < agreed  # both answers were met


def test_single_game_evaluators() -> None:
    """Compiled conditions give their own evaluator; other conditions are read as a value."""
    world = make_world()
    state = make_state(world)
    cond = compile_condition("VEN.stability > 10 and relation(VEN, TUR) < 200", world)
    assert isinstance(cond, CompiledCondition)
    assert scalar_evaluator(cond) is cond.one
    assert scalar_evaluator(cond)(world, state) == 1.0
    other = world.moves[world.move_index("refine_gold_turkey")].when
    assert other is not None and not isinstance(other, CompiledCondition)
    assert scalar_evaluator(other)(world, state) == value_one(other, world, state)
    level = float(state.relations[0, VEN, TUR])
    text = f"relation(VEN, TUR) == {level!r}"
    assert value_one(compile_condition(text, world), world, state) == 1.0


@pytest.mark.parametrize("batch", [1, 3])
def test_fresh_proposal_arrays_are_written_in_place_only_when_private(batch: int) -> None:
    """A single game's empty proposals and applications are its own; shared ones are copied."""
    world = make_world()
    state = make_state(world, batch)
    work = Work.from_state(state, compiled(world).horizon)
    for name in ("pending", "applications"):
        before = getattr(work, name)
        assert not before.any()
        after = work.mut(name)
        after[(0,) * after.ndim] = True
        assert (after is before) == (batch == 1)
        assert not getattr(state, name).any()  # the state is never written
        assert int(after.sum()) == 1 and after.flags.writeable
    assert work.mut("relations") is not state.relations  # copied on the first write


def test_objectives_on_stored_indicators_score_as_the_batch() -> None:
    """Objectives read straight from stored indicators, on odd values: numpy's scores."""
    world, state = _scenario("gold_route")
    plan = objective_table(world).plan
    stored = [(country, col) for value_of, country, col, *_ in plan if value_of is None]
    assert stored and len(stored) < len(plan)  # both kinds of objective are met
    for k, value in enumerate((math.nan, -0.0, math.inf, -math.inf, 1e308, 0.5)):
        ind = state.ind.copy()
        for n, (country, col) in enumerate(stored):
            ind[0, country, col] = value if (n + k) % 2 else -value
        one = state.evolve(ind=ind)
        twice = one.repeat(2)
        with np.errstate(all="ignore"):
            single, batch = scores(world, one), scores(world, twice)
        assert np.array_equal(single[0], batch[1], equal_nan=True), value
        assert np.array_equal(np.signbit(single[0]), np.signbit(batch[0])), value


FUSED: tuple[str, ...] = (
    "VEN.gdp > 1 and VEN.stability < 50 and relation(VEN, USA) < 0",
    "VEN.gdp > 1 and VEN.stability < 50 and relation(VEN, USA) < 0 and not flag(election_deal)",
    "VEN.gdp < 0 or VEN.stability > 1e300 or USA.inflation != USA.inflation or 0",
    "VEN.gdp and 1 or VEN.stability and USA.inflation or 0",
    "(VEN.gdp and VEN.stability) and (USA.inflation and VEN.gdp) and 1",
    "not flag(election_deal) and not deal(VEN, TUR, gold_refining) and not sanctioned(USA, VEN, oil)",
    "not (deal(VEN, TUR, gold_refining)) or not (sanctioned(USA, VEN, oil))",
    "VEN.gdp >= 0", "VEN.gdp <= -0", "VEN.gdp <= 0", "VEN.stability <= 2.5", "VEN.gdp == 2.5", "VEN.gdp != 1", "VEN.gdp < 1e308",
    "VEN.reserves > 1", "not min(VEN.gdp, 1)", "not relation(VEN, USA)",
)
ODD: tuple[float, ...] = (0.0, -0.0, 1.0, 2.5, -3.0, 1e308, math.inf, -math.inf, math.nan)


def _odd_state(world: World, state: State, k: int) -> State:
    """`state` with odd values where the FUSED expressions look."""
    ind, rel = state.ind.copy(), state.relations.copy()
    deals, sanctions, flags = state.deals.copy(), state.sanctions.copy(), state.flags.copy()
    pick = [float(x) for x in np.random.default_rng(k).choice(ODD, 6)]
    ind[0, VEN, COL["gdp"]], ind[0, VEN, COL["stability"]] = pick[0], pick[1]
    ind[0, 1, COL["inflation"]], rel[0, VEN, 1] = pick[2], pick[3]
    deals[0, VEN, TUR, :] = pick[4] if k % 3 else 0.0
    deals[0, TUR, VEN, :] = pick[5] if k % 4 == 1 else 0.0
    sanctions[0, 1, VEN, :] = pick[5] if k % 2 else 0.0
    flags[0, :] = k % 2 == 0
    return state.evolve(ind=ind, relations=rel, deals=deals, sanctions=sanctions, flags=flags)


@pytest.mark.parametrize("text", FUSED)
def test_fused_single_game_expressions_equal_batch_values(text: str) -> None:
    """Chains of and / or, negated calls and comparisons of stored values, on odd values."""
    world = make_world()
    cond = compile_condition(text, world)
    seen = set()
    for k in range(150):
        one = _odd_state(world, make_state(world), k)
        twice = one.repeat(2)
        with np.errstate(all="ignore"):
            single = value_one(cond, world, one)
            batch = cond.evaluate(world, twice)
        assert np.array_equal(np.array([single, single]), batch, equal_nan=True), (text, k)
        assert np.array_equal(np.signbit([single]), np.signbit(batch[:1])), (text, k)
        seen.add(single)
    assert len(seen) > 1 or text in ("VEN.gdp < 1e308",)  # the values met mattered
