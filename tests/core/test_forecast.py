"""Forecasts: ordered percentile bands, a visible effect of the move, and their own random stream."""

from __future__ import annotations

import numpy as np
import pytest

from leverage.core import ai
from leverage.core.actions import IllegalMoveError
from leverage.core.forecast import forecast, percentile_bands
from leverage.core.state import State
from leverage.core.step import step
from leverage.core.world import World
from tests.core.factory import TUR, USA, VEN, make_state


def test_percentile_bands_pick_the_ranked_values() -> None:
    """P10/P50/P90 are the values at those ranks of the sorted futures."""
    values = np.random.default_rng(0).normal(size=(3, 101, 2))
    bands = percentile_bands(values)
    ranked = np.sort(values, axis=1)
    assert bands.shape == (3, 3, 2)
    assert np.array_equal(bands[:, 0], ranked[:, 10])
    assert np.array_equal(bands[:, 1], ranked[:, 50])
    assert np.array_equal(bands[:, 2], ranked[:, 90])


def test_bands_are_ordered_and_start_from_now(world: World, state: State) -> None:
    """P10 <= P50 <= P90 everywhere; turn 0 is the current value for every future."""
    fc = forecast(world, state, VEN, world.move_index("print_money"), VEN, futures=200, turns=4)
    for data in (fc.with_move, fc.without):
        assert data.shape == (5, 3, len(fc.indicators), world.n)
        assert np.all(data[:, 0] <= data[:, 1]) and np.all(data[:, 1] <= data[:, 2])
        assert np.allclose(data[0, 0], data[0, 2])
    assert fc.band("gdp")[0, 1] == pytest.approx(float(state.get("gdp")[0, VEN]))
    assert np.isfinite(fc.with_move).all()


def test_an_impactful_move_changes_the_forecast(world: World, state: State) -> None:
    """Printing money raises Venezuela's forecast inflation compared with not printing."""
    fc = forecast(world, state, VEN, world.move_index("print_money"), VEN, futures=300, turns=6)
    assert fc.median_effect("inflation") > 0
    assert not np.array_equal(fc.with_move, fc.without)
    assert fc.band("inflation", with_move=True)[-1, 1] > fc.band("inflation", with_move=False)[-1, 1]


def _first_legal(world: World, game: State, country: int) -> tuple[int, int]:
    """Some (move, target) the country may play now in game 0."""
    tab = ai.tables(world)
    ok = ai.legal_entries(world, game)[0]
    k = next(k for k in range(ok.size) if ok[k] and tab.ei[k] == country)
    return int(tab.em[k]), int(tab.et[k])


def test_forecast_is_seeded_and_leaves_the_game_alone(world: World) -> None:
    """Same seed, same forecast; asking for forecasts changes neither the state nor the game."""
    start = make_state(world)
    before = {k: v.copy() for k, v in start.arrays().items()}
    m = world.move_index("oil_embargo")
    a = forecast(world, start, USA, m, VEN, futures=100, turns=3, seed=4)
    b = forecast(world, start, USA, m, VEN, futures=100, turns=3, seed=4)
    c = forecast(world, start, USA, m, VEN, futures=100, turns=3, seed=5)
    assert np.array_equal(a.with_move, b.with_move)
    assert not np.array_equal(a.with_move, c.with_move)
    assert all(np.array_equal(before[k], v) for k, v in start.arrays().items())

    def play(with_forecasts: bool) -> State:
        """Three turns of easy play, optionally forecasting before each turn."""
        rng = np.random.default_rng(8)
        game = make_state(world)
        for _ in range(3):
            if with_forecasts:
                for country in (USA, VEN):
                    move, target = _first_legal(world, game, country)
                    forecast(world, game, country, move, target, futures=50, turns=2)
            game, _ = step(world, game, ai.choose_actions(world, game, "easy", rng), rng)
        return game

    plain, watched = play(False), play(True)
    assert all(np.array_equal(v, watched.arrays()[k]) for k, v in plain.arrays().items())


def test_illegal_move_is_refused(world: World, state: State) -> None:
    """A move the country may not play raises IllegalMoveError, not a silent forecast."""
    with pytest.raises(IllegalMoveError):
        forecast(world, state, VEN, world.move_index("oil_embargo"), USA, futures=10, turns=2)
    with pytest.raises(ValueError):
        forecast(world, state, VEN, world.move_index("print_money"), VEN, futures=0)


def test_runs_with_one_seed_meet_the_same_luck(world: World, state: State) -> None:
    """Two runs of futures with the same seed replay each other's shocks; futures differ."""
    from leverage.core.forecast import run_futures

    names = ("gdp", "inflation", "reserves")
    a = run_futures(world, state, 6, 3, 7, names)
    b = run_futures(world, state, 6, 3, 7, names)
    c = run_futures(world, state, 6, 3, 8, names)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)
    assert not np.array_equal(a[-1, 0], a[-1, 1]), "each future meets its own luck"
    assert np.array_equal(a[0, 0], a[0, 5]), "every future starts from the same game"


def test_a_proposal_is_forecast_as_accepted(world: World, state: State) -> None:
    """Refining gold in Turkey is an offer: its forecast shows the deal at work, not a refusal."""
    m = world.move_index("refine_gold_turkey")
    assert world.moves[m].kind == "proposal"
    fc = forecast(world, state, VEN, m, TUR, futures=200, turns=4,
                  indicators=("reserves", "gold_home"))
    assert fc.median_effect("gold_home") < 0, "gold leaves the vaults once Turkey accepts"
    assert not np.array_equal(fc.with_move, fc.without)


def test_a_kept_baseline_gives_the_same_forecast(world: World, state: State) -> None:
    """The no-move futures kept for a turn serve every move, with the same numbers as afresh."""
    from leverage.core.forecast import baseline

    kept = baseline(world, state, futures=60, turns=3, seed=2)
    m = world.move_index("print_money")
    fresh = forecast(world, state, VEN, m, VEN, futures=60, turns=3, seed=2)
    reused = forecast(world, state, VEN, m, VEN, futures=60, turns=3, seed=2, without=kept)
    assert np.array_equal(fresh.without, reused.without)
    assert np.array_equal(fresh.with_move, reused.with_move)
    assert reused.without is kept.bands
    other = forecast(world, state, VEN, m, VEN, futures=60, turns=3, seed=3, without=kept)
    assert other.without is not kept.bands, "a baseline for another seed is not used"


def test_two_assumptions_two_pairs_of_bands(world: World, state: State) -> None:
    """A forecast has bands where nobody else moves and bands where the others play as
    computer players; both start from now, are ordered, and the others' moves widen the spread
    of at least one indicator; without `others` only the first pair is worked out."""
    from leverage.core.forecast import NOBODY_MOVES, OTHERS_PLAY

    m = world.move_index("print_money")
    fc = forecast(world, state, VEN, m, VEN, futures=200, turns=4, seed=2)
    assert fc.has_played and NOBODY_MOVES != OTHERS_PLAY
    assert fc.with_move_played is not None and fc.without_played is not None
    for data in (fc.with_move_played, fc.without_played):
        assert data.shape == fc.with_move.shape
        assert np.all(data[:, 0] <= data[:, 1]) and np.all(data[:, 1] <= data[:, 2])
        assert np.allclose(data[0], fc.with_move[0])
    spread = fc.with_move[-1, 2] - fc.with_move[-1, 0]
    spread_played = fc.with_move_played[-1, 2] - fc.with_move_played[-1, 0]
    assert (spread_played > spread + 1e-9).any()
    assert not np.array_equal(fc.band("gdp", others_play=True), fc.band("gdp"))
    alone = forecast(world, state, VEN, m, VEN, futures=200, turns=4, seed=2, others=None)
    assert not alone.has_played and np.array_equal(alone.with_move, fc.with_move)
    with pytest.raises(ValueError, match="others play"):
        alone.band("gdp", others_play=True)


def test_others_play_bands_share_draws_and_are_seeded(world: World, state: State) -> None:
    """Same seed, same 'others play' bands; the futures without the move are kept per mover."""
    from leverage.core.forecast import baseline

    m = world.move_index("print_money")
    kept = baseline(world, state, 150, 3, 5)
    a = forecast(world, state, VEN, m, VEN, futures=150, turns=3, seed=5, without=kept)
    b = forecast(world, state, VEN, m, VEN, futures=150, turns=3, seed=5)
    assert a.with_move_played is not None and b.with_move_played is not None
    assert np.allclose(a.with_move_played, b.with_move_played)
    assert np.allclose(a.without_played, b.without_played)
    assert (VEN, "easy") in kept.played


def test_calibration_counts_real_values_inside_each_band(world: World) -> None:
    """The calibration check returns shares in [0, 1] for both bands; the band where the
    others play holds at least as many real values of games as played as the one where
    nobody moves (the others' moves are what the first band leaves out)."""
    from leverage.core.forecast import calibration

    cal = calibration(world, make_state(world), VEN, games=16, turns=4, futures=100, seed=1,
                      level="easy", start=1)
    assert cal.inside.shape == (2, 4, len(cal.indicators))
    assert ((cal.inside >= 0) & (cal.inside <= 1)).all()
    assert cal.share(1) >= cal.share(0) - 0.05
    assert 0.0 <= cal.share(0, "gdp", 4) <= 1.0
