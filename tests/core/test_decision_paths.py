"""A single game (B = 1) takes shortcuts through a turn's decisions: the results are the same.

Legality checks, conditions, scores, events, moves, proposals and bloc votes are worked out with
Python scalars when there is one game; here each is compared with the batch computation of the
same game played twice side by side (bit for bit, signed zeros included).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.core.actions import Actions, IllegalMoveError
from game.core.events import apply_events, events_due
from game.core.expr import CompiledCondition, compile_condition, value_one
from game.core.objectives import scores
from game.core.rules import (
    Work,
    _clip01,
    apply_move,
    check_actions,
    compiled,
    legal_mask,
    resolve_applications,
    resolve_proposals,
)
from game.core.state import COL, State
from game.core.step import advance
from game.core.world import World
from tests.core.factory import CHN, RUS, TUR, USA, VEN, make_state, make_world

ROOT = Path(__file__).resolve().parents[2]
WORK_ARRAYS: tuple[str, ...] = (
    "ind", "relations", "anchor", "loans", "oil_repay", "sanctions", "deals", "policies",
    "frozen", "blocs", "pending", "applications", "flags", "played", "add_now",
)
SPECIAL: tuple[float, ...] = (0.0, -0.0, 1.0, -3.0, 2.5, 60.0, 1e308, -1e308, math.inf,
                              -math.inf, math.nan)


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal arrays, NaN equal to NaN and 0.0 different from -0.0."""
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape:
        return False
    if a.dtype.kind != "f" or b.dtype.kind != "f":
        return bool(np.array_equal(a, b))
    return bool(np.array_equal(a, b, equal_nan=True) and
                np.array_equal(np.signbit(a), np.signbit(b)))


def _pair(state: State) -> State:
    """The single game `state` twice side by side, as plain (writable) arrays."""
    twice = state.repeat(2)
    return twice.evolve(**{k: np.array(v) for k, v in twice.arrays().items()})


def _twice(actions: Actions) -> Actions:
    """Single-game actions played in two games."""
    return Actions(*(np.concatenate([x, x]) for x in (actions.moves, actions.accept,
                                                      actions.votes)))


def _scenario(name: str) -> tuple[World, State]:
    """A shipped scenario's World and single starting game."""
    from game.scenario import load_scenario

    loaded = load_scenario(str(ROOT / "scenarios" / f"{name}.yaml"))
    return loaded.world, loaded.state.select(0)


def _random_actions(world: World, state: State, rng: np.random.Generator) -> Actions:
    """Up to three legal moves per country, random answers to proposals and applications."""
    acts = Actions.empty(1, world.n, len(world.moves), len(world.bloc_ids))
    mask = legal_mask(world, state)[0]
    for i in range(world.n):
        options = np.argwhere(mask[i])
        for k in rng.permutation(len(options))[:3]:
            m, t = (int(x) for x in options[k])
            if acts.moves[0, i, m] == 0:
                acts.moves[0, i, m] = t + 1
    acts.accept[...] = rng.random(acts.accept.shape) < 0.7
    acts.votes[...] = rng.random(acts.votes.shape) < 0.7
    return acts


def _decide(world: World, state: State, acts: Actions, draws: np.ndarray,
            masks: bool) -> tuple[Work, np.ndarray, list[np.ndarray]]:
    """A turn's decisions, as `advance` takes them: (work, events fired, masks)."""
    fired = events_due(world, state, draws)
    work = Work.from_state(state, compiled(world).horizon)
    out = list(resolve_proposals(world, state, work, acts, masks=masks))
    out += resolve_applications(world, state, work, acts)
    moves = np.asarray(acts.moves)
    for i, m in np.argwhere(moves.any(axis=0)):
        rows = np.flatnonzero(moves[:, i, m])
        apply_move(world, work, int(m), int(i), rows, moves[rows, i, m].astype(np.int64) - 1)
    apply_events(world, work, fired)
    return work, fired, out


def _broken_of(work: Work, game: int) -> list[tuple[int, int, int]]:
    """(deal kind, client, partner) of the deals broken off in one game."""
    return [(item, int(x), int(y)) for rows, item, a, b in work.broken
            for r, x, y in zip(rows, a, b, strict=True) if r == game]


def _assert_same_decisions(world: World, state: State, acts: Actions,
                           draws: np.ndarray, masks: bool) -> None:
    """The single-game decisions equal both games of the same game played twice."""
    one, fired1, out1 = _decide(world, state, acts, draws, masks)
    two, fired2, out2 = _decide(world, _pair(state), _twice(acts),
                                np.concatenate([draws, draws]), masks)
    for g in (0, 1):
        assert np.array_equal(fired1[0], fired2[g])
        for name in WORK_ARRAYS:
            assert _same(getattr(one, name)[0], getattr(two, name)[g]), name
        assert _same(one.schedule()[0], two.schedule()[g])
        assert _broken_of(one, 0) == _broken_of(two, g)
        for a, b in zip(out1, out2, strict=True):
            assert a.shape[0] == 0 or np.array_equal(a[0], b[g])
    assert one.added == two.added


def _assert_same_scores(world: World, state: State) -> None:
    """Single-game scores equal the batch scores bit for bit."""
    single, batch = scores(world, state), scores(world, _pair(state))
    assert single.shape == (1, len(world.roles))
    assert _same(single[0], batch[0]) and _same(single[0], batch[1])


def _play(world: World, state: State, turns: int, seed: int) -> None:
    """Play random legal turns of one game, comparing every decision path with the batch one."""
    rng = np.random.default_rng(seed)
    for turn in range(turns):
        acts = _random_actions(world, state, rng)
        draws = rng.random((1, len(world.events)))
        _assert_same_decisions(world, state, acts, draws, masks=bool(turn % 2))
        _assert_same_scores(world, state)
        state, _ = advance(world, state, acts, rng)


def test_test_world_decisions_match_the_batch() -> None:
    """Every effect kind (loans, blocs, freezes, deals broken off) in the test world."""
    world = make_world()
    _play(world, make_state(world), 10, seed=3)


@pytest.mark.parametrize("name", ["gold_route", "beyond_dollar"])
def test_scenario_decisions_match_the_batch(name: str) -> None:
    """A shipped scenario played with random legal moves, events and answers."""
    world, state = _scenario(name)
    _play(world, state, 8, seed=11)


def test_proposals_accepted_by_two_partners_match_the_batch() -> None:
    """Two partners accepting the same proposal in one game: the order of the batch."""
    world = make_world()
    state = make_state(world)
    pending = np.zeros_like(state.pending)
    m = world.move_index("oil_investment")
    pending[0, VEN, [CHN, RUS], m] = True
    deals = state.deals.copy()
    deals[0, VEN, CHN] = 0.5
    state = state.evolve(pending=pending, deals=deals)
    acts = Actions.empty(1, world.n, len(world.moves), len(world.bloc_ids))
    acts.accept[0, [CHN, RUS], VEN, m] = True
    draws = np.ones((1, len(world.events)))
    _assert_same_decisions(world, state, acts, draws, masks=True)
    _assert_same_decisions(world, state, acts, draws, masks=False)


def test_scores_on_the_fail_bound_keep_numpy_signed_zeros() -> None:
    """A value exactly at `fail` with goal below fail, NaN values: the same as numpy's."""
    world = make_world()
    state = make_state(world)
    for stability in (60.0, 20.0, math.nan, -0.0, math.inf):
        ind = state.ind.copy()
        ind[0, VEN, COL["stability"]] = stability
        _assert_same_scores(world, state.evolve(ind=ind))


def _error(world: World, state: State, acts: Actions) -> str | None:
    """The IllegalMoveError message check_actions raises, or None."""
    try:
        check_actions(world, state, acts)
    except IllegalMoveError as exc:
        return str(exc)
    return None


def test_illegal_moves_give_the_batch_messages() -> None:
    """Random (mostly illegal) moves: the single game raises the batch's first message."""
    world, state = _scenario("gold_route")
    twice = _pair(state)
    rng = np.random.default_rng(5)
    seen: set[str] = set()
    for _ in range(150):
        acts = Actions.empty(1, world.n, len(world.moves), len(world.bloc_ids))
        for _ in range(int(rng.integers(1, 4))):
            i, m = int(rng.integers(world.n)), int(rng.integers(len(world.moves)))
            acts.moves[0, i, m] = int(rng.integers(0, world.n + 2))
        message = _error(world, state, acts)
        assert message == _error(world, twice, _twice(acts))
        seen.add((message or "legal").split(" ")[-1])
    assert len(seen) >= 4  # several kinds of reasons (and legal turns) were met


def test_overspending_is_refused_with_the_batch_message() -> None:
    """Legal moves whose costs add up to more than the budget."""
    world = make_world()
    state = make_state(world)
    ind = state.ind.copy()
    ind[0, USA, COL["capital"]] = 3.0
    state = state.evolve(ind=ind)
    acts = Actions.empty(1, world.n, len(world.moves), len(world.bloc_ids))
    acts.moves[0, USA, world.move_index("oil_embargo")] = VEN + 1
    acts.moves[0, USA, world.move_index("trade_embargo")] = TUR + 1
    message = _error(world, state, acts)
    assert message is not None and "spends 4 political capital but has 3" in message
    assert message == _error(world, _pair(state), _twice(acts))
    acts.moves[0, USA, world.move_index("trade_embargo")] = 0
    assert _error(world, state, acts) is None


def test_clip_matches_numpy() -> None:
    """The scalar clip to 0..1 keeps what np.clip keeps (NaN, -0.0)."""
    for x in (*SPECIAL, 0.5, 1.5, -1e-300):
        assert _same(np.float64(_clip01(x)), np.clip(x, 0.0, 1.0))


def test_value_one_of_other_conditions_uses_evaluate() -> None:
    """Conditions that are not compiled expressions are read through `evaluate`."""
    world = make_world()
    state = make_state(world)
    cond = world.moves[world.move_index("refine_gold_turkey")].when
    assert cond is not None and not isinstance(cond, CompiledCondition)
    assert value_one(cond, world, state) == 1.0


def test_constant_conditions_fill_the_batch() -> None:
    """A condition the same in every game still gives a fresh (B,) float array."""
    world = make_world()
    state = make_state(world, 3)
    for text in ("2 * 3", "turn >= 1", "-(1)", "not true", "year"):
        values = compile_condition(text, world).evaluate(world, state)
        assert values.shape == (3,) and values.dtype == np.float64 and values.flags.writeable
        single = compile_condition(text, world).evaluate(world, state.select(0))
        assert single.shape == (1,) and _same(single, values[:1])


EDGES: tuple[str, ...] = (
    "max(1, VEN.gdp)", "max(VEN.gdp, 1)", "min(VEN.gdp, 0)", "min(0, VEN.gdp)",
    "max(-0, VEN.gdp)", "min(-0, VEN.gdp)", "abs(VEN.gdp)", "-VEN.gdp", "1 / VEN.gdp",
    "VEN.gdp / VEN.gdp", "VEN.gdp - VEN.gdp", "VEN.gdp * 0", "VEN.gdp and 1", "not VEN.gdp",
    "VEN.gdp == -0", "VEN.gdp != VEN.gdp",
)


@pytest.mark.parametrize("text", EDGES)
def test_edge_expressions_equal_batch_values(text: str) -> None:
    """min, max, abs, division and logic on NaN, infinities and signed zeros."""
    world = make_world()
    state = make_state(world)
    cond = compile_condition(text, world)
    for value in SPECIAL:
        ind = state.ind.copy()
        ind[0, VEN, COL["gdp"]] = value
        one = state.evolve(ind=ind)
        with np.errstate(all="ignore"):
            single, batch = cond.evaluate(world, one), cond.evaluate(world, _pair(one))
        assert _same(single, batch[:1]) and _same(single, batch[1:]), (text, value)


LEAVES: tuple[str, ...] = (
    "0", "-0", "1", "2.5", "1e308", "true", "false", "VEN.gdp", "USA.inflation",
    "VEN.stability", "VEN.reserves", "TUR.frozen", "VEN.oil_exports", "turn", "year", "month",
    "oil_price", "relation(VEN, USA)", "trade(VEN, TUR)", "loans(VEN, CHN)",
    "sanction(USA, VEN, financial)", "sanctioned(USA, VEN, oil)",
    "deal(VEN, TUR, gold_refining)", "flag(election_deal)", "fired(blackout)",
    "played(VEN, print_money)", "member(RUS, BRICS)",
)
OPERATORS: tuple[str, ...] = ("+", "-", "*", "/", "<", "<=", ">", ">=", "==", "!=", "and", "or")


def _expressions() -> st.SearchStrategy[str]:
    """Random well-formed expressions over the test world."""
    def grow(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        """One level more."""
        return st.one_of(
            st.tuples(inner, st.sampled_from(OPERATORS), inner).map(
                lambda t: f"({t[0]} {t[1]} {t[2]})"),
            inner.map(lambda x: f"(not ({x}))"),
            inner.map(lambda x: f"-({x})"),
            inner.map(lambda x: f"abs({x})"),
            st.tuples(st.sampled_from(("min", "max")), inner, inner).map(
                lambda t: f"{t[0]}({t[1]}, {t[2]})"),
        )
    return st.recursive(st.sampled_from(LEAVES), grow, max_leaves=8)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(text=_expressions(), values=st.lists(st.sampled_from(SPECIAL), min_size=6, max_size=6),
       turn=st.integers(0, 3))
def test_single_game_expressions_equal_batch_values(text: str, values: list[float],
                                                    turn: int) -> None:
    """Scalar evaluation of random expressions on odd values (NaN, inf, -0.0, x/0)."""
    world = make_world()
    state = make_state(world)
    ind, rel, trade = state.ind.copy(), state.relations.copy(), state.trade.copy()
    ind[0, VEN, COL["gdp"]], ind[0, USA, COL["inflation"]] = values[0], values[1]
    ind[0, VEN, COL["stability"]], ind[0, VEN, COL["reserves_usd"]] = values[2], values[3]
    rel[0, VEN, USA] = values[4]
    trade[0, VEN, TUR] = values[5]
    state = state.evolve(turn=turn, ind=ind, relations=rel, trade=trade)
    cond = compile_condition(text, world)
    with np.errstate(all="ignore"):
        single = cond.evaluate(world, state)
        batch = cond.evaluate(world, _pair(state))
    assert single.shape == (1,) and batch.shape == (2,)
    assert _same(single, batch[:1]) and _same(single, batch[1:]), text
