"""A batch of games gives the same states as the same games played one at a time.

The regression cases fix the random shocks at zero (no luck), so that a batch of identical games
must reproduce the single game exactly, whatever random numbers each draws.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leverage.core import ai
from leverage.core.actions import Actions
from leverage.core.compiled import compile_world
from leverage.core.state import State
from leverage.core.step import Shocks, advance, resolve
from leverage.core.world import World
from leverage.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]
RTOL = 1e-9
ATOL = 1e-9


@cache
def quiet(name: str) -> tuple[World, State]:
    """A shipped scenario with every random shock and hazard turned off, and its first game."""
    loaded = load_scenario(str(ROOT / "scenarios" / f"{name}.yaml"))
    params = replace(loaded.world.params, oil_price_sigma=0.0, growth_sigma=0.0,
                     inflation_sigma=0.0)
    events = tuple(replace(e, chance=0.0) if e.chance < 1.0 else e for e in loaded.world.events)
    world = replace(loaded.world, params=params, events=events)
    return compile_world(world), loaded.state.select(0)


def assert_rows_equal(batch: State, single: State, row: int) -> None:
    """Every array of game `row` of `batch` equals the single game's, within a tolerance."""
    one = batch.select(row).arrays()
    for name, value in single.arrays().items():
        np.testing.assert_allclose(np.asarray(one[name], dtype=float),
                                   np.asarray(value, dtype=float), rtol=RTOL, atol=ATOL,
                                   err_msg=f"{name} of game {row}")


def play(world: World, state: State, plays: list[tuple[str, str, str]],
         events: list[str] = ()) -> Actions:  # type: ignore[assignment]
    """Actions for every game of `state`: the same (move, actor, target) plays and events."""
    acts = Actions.empty(state.batch, world.n, len(world.moves), len(world.bloc_ids))
    for move, actor, target in plays:
        acts.moves[:, world.country(actor), world.move_index(move)] = world.country(target) + 1
    if events:
        forced = np.zeros((state.batch, len(world.events)), dtype=bool)
        ids = [e.id for e in world.events]
        for event in events:
            forced[:, ids.index(event)] = True
        acts = replace(acts, events=forced)
    return acts


def turn_alike(world: World, state: State, plays: list[tuple[str, str, str]],
               events: list[str] = (), games: int = 2) -> None:  # type: ignore[assignment]
    """One turn played alike in `games` games, then two quiet turns, give the single game's
    states in each game."""
    single, batch = state, state.repeat(games)
    for turn in range(3):
        now = (plays, events) if turn == 0 else ([], [])
        single, _ = advance(world, single, play(world, single, *now), np.random.default_rng(1))
        batch, _ = advance(world, batch, play(world, batch, *now), np.random.default_rng(1))
        for row in range(games):
            assert_rows_equal(batch, single, row)


def test_a_move_without_changes_after_one_with_changes_counts_them_once() -> None:
    """Turkey raises rates (growth -1.5) and the US sends Treasury: growth falls once, not twice."""
    world, state = quiet("gold_route")
    plays = [("raise_interest_rates", "TUR", "TUR"), ("warn_turkey", "USA", "TUR")]
    turn_alike(world, state, plays)
    single, _ = advance(world, state, play(world, state, plays), np.random.default_rng(1))
    pair, _ = advance(world, state.repeat(2), play(world, state.repeat(2), plays),
                      np.random.default_rng(1))
    tur = world.country("TUR")
    assert np.allclose(pair.get("growth")[:, tur], single.get("growth")[0, tur], rtol=RTOL)


def test_events_firing_together_in_every_game_change_indicators_once() -> None:
    """Events firing together in every game add their indicator changes once, also when events
    without such changes follow them."""
    world, state = quiet("gold_route")
    turn_alike(world, state, [], events=["covid_oil_crash", "maduro_in_moscow"])
    turn_alike(world, state, [], events=["covid_oil_crash", "great_blackout", "maduro_in_moscow",
                                         "erdogan_in_caracas"],
               games=3)


SHIPPED: tuple[str, ...] = tuple(sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml")))


@cache
def shipped(name: str) -> tuple[World, State]:
    """A shipped scenario as it is, and its first game."""
    loaded = load_scenario(str(ROOT / "scenarios" / f"{name}.yaml"))
    return loaded.world, loaded.state.select(0)


def game_actions(acts: Actions, row: int) -> Actions:
    """The actions of game `row` of a batch, as a batch of one."""
    return Actions(moves=acts.moves[row:row + 1], accept=acts.accept[row:row + 1],
                   votes=acts.votes[row:row + 1],
                   events=None if acts.events is None else acts.events[row:row + 1])


def forced_events(world: World, batch: int, rng: np.random.Generator, mode: int
                  ) -> np.ndarray | None:
    """Events a teacher makes happen: none (0), the same few in every game (1), or some
    in some games (2)."""
    if mode == 0 or not world.events:
        return None
    chosen = rng.random(len(world.events)) < 3.0 / len(world.events)
    if mode == 1:
        return np.repeat(chosen[None], batch, axis=0)
    return (rng.random((batch, len(world.events))) < 0.5) & chosen[None]


def play_both_ways(name: str, batch: int, turns: int, seed: int, events: int) -> None:
    """`batch` games played side by side equal each game played alone with the same actions and
    random draws, every array, every turn (the games start identical and shared)."""
    world, start = shipped(name)
    together = start.repeat(batch)
    alone = [start] * batch
    rng = np.random.default_rng(seed)
    for _ in range(turns):
        acts = ai.choose_actions(world, together, "easy", rng)
        acts = replace(acts, events=forced_events(world, batch, rng, events))
        shocks = Shocks.draw(rng, batch, world.n, len(world.events))
        together, _ = resolve(world, together, acts, shocks)
        for row in range(batch):
            alone[row], _ = resolve(world, alone[row], game_actions(acts, row),
                                    shocks.select(row))
            assert_rows_equal(together, alone[row], row)


@pytest.mark.parametrize("name", SHIPPED)
def test_sixteen_games_together_equal_sixteen_games_alone(name: str) -> None:
    """Every shipped scenario: 16 games of random computer players, 8 turns, both ways."""
    play_both_ways(name, 16, 8, 20261204, events=0)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(SHIPPED), batch=st.integers(2, 6), turns=st.integers(1, 5),
       seed=st.integers(0, 2**32 - 1), events=st.integers(0, 2))
def test_any_batch_equals_its_games_alone(name: str, batch: int, turns: int, seed: int,
                                          events: int) -> None:
    """Any scenario, batch size, seed and mix of moves and events made to happen together."""
    play_both_ways(name, batch, turns, seed, events)


def test_a_state_from_a_save_or_selected_from_a_batch_gives_the_same_next_state() -> None:
    """A state written to a save and read back, or picked out of a batch, steps like the played
    one (nothing but the State is carried from one turn to the next)."""
    from leverage.storage import decode_state, encode_state

    world, start = shipped("gold_route")
    rng = np.random.default_rng(7)
    played = start.repeat(3)
    for _ in range(3):
        played, _ = resolve(world, played, ai.choose_actions(world, played, "easy", rng),
                            Shocks.draw(rng, 3, world.n, len(world.events)))
    acts = ai.choose_actions(world, played, "easy", rng)
    shocks = Shocks.draw(rng, 3, world.n, len(world.events))
    after, _ = resolve(world, played, acts, shocks)
    for row in range(3):
        one = played.select(row)
        for again in (one, decode_state(encode_state(one))):
            next_one, _ = resolve(world, again, game_actions(acts, row), shocks.select(row))
            assert_rows_equal(after, next_one, row)


@pytest.mark.parametrize("name", ["pastor_with_measures", "pastor_duty_in_force"])
def test_a_world_with_goods_and_measures_batch_equals_single_and_saves(name: str) -> None:
    """Pastor and Steel with goods kept apart and US measures and a metals boom on offer (the
    computer players take them as they like), with or without a duty in force at the start: 6
    games side by side equal each alone, and a state read back from a save steps like the
    played one."""
    from leverage.storage import decode_state, encode_state
    from tests.model.paired import scenario

    world, start = scenario(name)
    start = start.select(0)
    together, alone = start.repeat(6), [start] * 6
    rng = np.random.default_rng(5)
    for _ in range(5):
        acts = ai.choose_actions(world, together, "easy", rng)
        moves = acts.moves.copy()
        usa, tur = world.country("USA"), world.country("TUR")
        for k, move in enumerate(("duty_metals", "informal_food", "quota_metals")):
            moves[k::3, usa, world.move_index(move)] = tur + 1  # a different measure per game
        acts = replace(acts, moves=moves)
        shocks = Shocks.draw(rng, 6, world.n, len(world.events))
        before = together
        together, _ = resolve(world, together, acts, shocks)
        for row in range(6):
            again = decode_state(encode_state(before.select(row)))
            alone[row], _ = resolve(world, alone[row], game_actions(acts, row), shocks.select(row))
            assert_rows_equal(together, alone[row], row)
            saved, _ = resolve(world, again, game_actions(acts, row), shocks.select(row))
            assert_rows_equal(together, saved, row)
    assert together.measures is not None and together.measures.any()
