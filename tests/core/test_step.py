"""One turn: purity, explanations that add up to the changes, news and scores."""

from __future__ import annotations

import numpy as np

from leverage.core.explain import Explanation
from leverage.core.state import COL, State
from leverage.core.step import EXPLAINED, advance, step
from leverage.core.world import World
from tests.core.factory import RUS, TUR, USA, VEN, make_state, no_actions, play

BUSY = [(USA, "oil_embargo", VEN), (VEN, "refine_gold_turkey", TUR),
        (RUS, "lavrov_visit", VEN), (VEN, "print_money", VEN)]


def _copy(state: State) -> dict[str, np.ndarray]:
    """Deep copies of every array of a state."""
    return {k: v.copy() for k, v in state.arrays().items()}


def _explained_turns(world: World, batch: int = 3) -> list[tuple[State, State, Explanation]]:
    """A few explained turns with moves, deals and events."""
    rng = np.random.default_rng(11)
    state = make_state(world, batch)
    out = []
    for t in range(4):
        plays = BUSY if t == 0 else [(USA, "financial_sanctions", RUS)] if t == 2 else []
        accept = [(TUR, VEN, "refine_gold_turkey")] if t == 1 else None
        new, ex = step(world, state, play(world, batch, plays, accept), rng, explain=True)
        assert ex is not None
        out.append((state, new, ex))
        state = new
    return out


def test_step_does_not_change_its_inputs(world: World, state: State) -> None:
    """step is pure: the state and actions passed in are unchanged."""
    before = _copy(state)
    actions = play(world, 1, BUSY)
    moves = actions.moves.copy()
    step(world, state, actions, np.random.default_rng(0), explain=True)
    for name, value in state.arrays().items():
        assert np.array_equal(value, before[name]), name
    assert np.array_equal(actions.moves, moves)


def test_turn_counter_and_no_explanation_by_default(world: World, state: State) -> None:
    """The turn advances; no explanation unless asked for."""
    new, ex = step(world, state, no_actions(world), np.random.default_rng(0))
    assert new.turn == state.turn + 1 and ex is None


def test_contributions_add_up_to_the_change(world: World) -> None:
    """For every explained indicator, causes add up to the change (1e-9 relative)."""
    for old, new, ex in _explained_turns(world):
        for name in EXPLAINED:
            change = new.get(name, world.params) - old.get(name, world.params)
            total = ex.total(name)
            scale = np.maximum(1.0, np.abs(old.get(name, world.params)))
            assert np.all(np.abs(total - change) <= 1e-9 * scale), name
        rel = new.relations - old.relations
        assert np.all(np.abs(ex.total("relations") - rel) <= 1e-9 * 100)


def test_limits_are_small_when_nothing_hits_a_bound(world: World) -> None:
    """The named causes explain the change by themselves (Limits ~ 0) away from bounds."""
    for _old, _new, ex in _explained_turns(world):
        for name in ("growth", "gdp", "oil_output", "emigrants"):
            limits = ex.changes[name].get("Limits")
            assert limits is not None
            assert np.all(np.abs(limits) < 1e-6), name


def test_causes_are_labelled_and_explained(world: World) -> None:
    """Labels name moves and sanctions; every cause has its one-sentence explanation."""
    turns = _explained_turns(world)
    first = turns[0][2]
    assert "Move: Oil embargo (USA)" in first.changes["relations"]
    assert "Move: Lavrov visits (RUS)" in first.changes["stability"]
    later = turns[2][2]
    assert "United States oil sanctions on Venezuela" in later.changes["growth"]
    assert "Random shock" in later.changes["growth"]
    for ex in (first, later):
        for causes in ex.changes.values():
            for cause in causes:
                assert ex.mechanisms[cause].strip(), cause
    top = later.top("growth", VEN)
    assert len(top) == 5 and abs(top[0][1]) >= abs(top[-1][1])


def test_news_reports_moves_deals_and_events(world: World) -> None:
    """News of game 0: the moves played, deals answered, events fired."""
    turns = _explained_turns(world)
    kinds = {(item.kind, item.title) for _o, _n, ex in turns for item in ex.news}
    assert ("move", "United States: Oil embargo") in kinds
    assert ("move", "Venezuela proposes: Refine gold in Turkey") in kinds
    assert ("deal", "Turkey accepts: Refine gold in Turkey") in kinds
    assert any(k == "event" for k, _t in kinds)
    assert all(item.turn >= 1 for _o, _n, ex in turns for item in ex.news)


def test_scores_are_between_0_and_100(world: World) -> None:
    """Each role's score is within 0..100 and follows its objectives."""
    for _old, new, _ex in _explained_turns(world):
        assert new.score.shape == (3, len(world.roles))
        assert np.all((new.score >= 0) & (new.score <= 100))


def test_advance_matches_step(world: World) -> None:
    """advance (no checks) gives the same result as step for legal actions."""
    state = make_state(world, 2)
    actions = play(world, 2, BUSY)
    a, _ = step(world, state, actions, np.random.default_rng(5))
    b, _ = advance(world, state, actions, np.random.default_rng(5))
    for name, value in a.arrays().items():
        assert np.array_equal(value, b.arrays()[name]), name


def test_explanation_does_not_change_the_result(world: World) -> None:
    """Asking for an explanation draws the same random numbers and gives the same state."""
    state = make_state(world)
    actions = play(world, 1, BUSY)
    a, _ = step(world, state, actions, np.random.default_rng(5), explain=True)
    b, _ = step(world, state, actions, np.random.default_rng(5))
    for name, value in a.arrays().items():
        assert np.array_equal(value, b.arrays()[name]), name


def test_batch_rows_are_independent_of_other_rows_moves(world: World) -> None:
    """A move in game 1 of a batch does not affect game 0."""
    state = make_state(world, 2)
    actions = no_actions(world, 2)
    moved = play(world, 2, [(USA, "oil_embargo", VEN)])
    moved.moves[0] = 0
    a, _ = step(world, state, actions, np.random.default_rng(3))
    b, _ = step(world, state, moved, np.random.default_rng(3))
    assert np.array_equal(a.ind[0], b.ind[0])
    assert not np.array_equal(a.ind[1], b.ind[1])


def test_payment_shares_add_up_to_100(world: World) -> None:
    """Payment-system shares always add up to 100%."""
    for _old, new, _ex in _explained_turns(world):
        shares = new.ind[:, :, COL["pay_usd"]:COL["pay_barter"] + 1].sum(axis=2)
        assert np.allclose(shares, 100.0)


def test_scenario_gold_price_is_used_for_reserves() -> None:
    """A scenario's gold price values gold in the state's derived reserves after a step."""
    from tests.core.factory import make_world

    cheap = make_world()
    dear = make_world(cheap.params.with_overrides({"gold_price": 0.08}))
    rng = np.random.default_rng(1)
    a, _ = step(cheap, make_state(cheap), no_actions(cheap), rng)
    b, _ = step(dear, make_state(dear), no_actions(dear), np.random.default_rng(1))
    assert b.gold_price is not None and float(b.gold_price[0]) == 0.08
    assert b.get("reserves", dear.params)[0, USA] > a.get("reserves", cheap.params)[0, USA] + 100


def test_prepared_state_steps_like_the_raw_one(world: World) -> None:
    """prepare_state only fills baselines: stepping it gives the same next state."""
    from leverage.core.step import prepare_state

    raw = make_state(world, 2)
    ready = prepare_state(world, raw)
    assert ready.gold_price is not None and ready.trade_free is not None
    assert ready.frozen[0, VEN, 0] == 1.0  # US financial sanctions freeze dollar reserves
    a, _ = step(world, raw, play(world, 2, BUSY), np.random.default_rng(4))
    b, _ = step(world, ready, play(world, 2, BUSY), np.random.default_rng(4))
    for name, value in a.arrays().items():
        assert np.allclose(value, b.arrays()[name], rtol=1e-12, atol=1e-12), name


def test_each_growth_cause_has_its_own_sentence(world: World) -> None:
    """Students read a different sentence for each channel, not one line for all of them."""
    from leverage.core.step import step

    state = make_state(world)
    _, ex = step(world, state, no_actions(world), np.random.default_rng(3), explain=True)
    assert ex is not None
    sentences = {ex.mechanisms[label] for label in ex.changes["growth"]
                 if label in ("Exports", "Oil revenue", "Inflation", "Dollar shortage")}
    labels = [label for label in ex.changes["growth"]
              if label in ("Exports", "Oil revenue", "Inflation", "Dollar shortage")]
    assert len(labels) >= 2
    assert len(sentences) == len(labels)
