"""Batched playtests: determinism, the recorder's figures, scripts, chunks and one-by-one play."""

from __future__ import annotations

import numpy as np
import pytest

from leverage.core.playtest import ScriptedMove, run_games, run_games_separately
from leverage.core.world import World
from tests.core.factory import USA, VEN, make_state


def test_same_seed_same_games_other_seed_other_games(world: World) -> None:
    """A playtest is a pure function of its arguments and seed."""
    a = run_games(world, make_state(world), 30, 5, "easy", seed=3)
    b = run_games(world, make_state(world), 30, 5, "easy", seed=3)
    c = run_games(world, make_state(world), 30, 5, "easy", seed=4)
    assert a.series is not None and b.series is not None and c.series is not None
    assert np.array_equal(a.series, b.series)
    assert np.array_equal(a.scores, b.scores)
    assert np.array_equal(a.played, b.played)
    assert not np.array_equal(a.series, c.series)


def test_recorder_shapes_and_figures(world: World) -> None:
    """Per-turn indicators, scores, winners and move shares are consistent with each other."""
    res = run_games(world, make_state(world), 40, 4, "easy", seed=1)
    assert res.series is not None
    assert res.series.shape == (40, 5, world.n, len(res.indicators))
    assert res.scores.shape == (40, 5, len(world.roles))
    assert np.array_equal(res.wins, res.final_scores >= 50.0)
    for r in range(len(world.roles)):
        assert 0.0 <= res.win_rate(r) <= 1.0
        assert res.mean_score(r) == pytest.approx(float(res.final_scores[:, r].mean()))
        shares = res.move_share_in_wins(r)
        assert set(shares) == {m.id for m in world.moves}
        assert all(0.0 <= s <= 1.0 for s in shares.values())
    gdp = res.indicators.index("gdp")
    assert res.series[0, 0, VEN, gdp] == pytest.approx(98.0)
    low, mid, high = res.end_percentiles("gdp", VEN)
    assert low <= mid <= high
    assert res.played.sum() > 0


def test_move_shares_count_winning_games_only(world: World) -> None:
    """A move played in every game has share 1 in the wins; one never played has share 0."""
    script = [ScriptedMove(turn=1, country=VEN, move=world.move_index("print_money"), target=VEN)]
    res = run_games(world, make_state(world), 30, 3, "easy", seed=2, script=script)
    role = 0
    assert res.wins[:, role].sum() >= 5
    shares = res.move_share_in_wins(role)
    assert shares["print_money"] == 1.0
    assert shares["stop_printing"] == 0.0
    assert res.dominant_move(role) == ("print_money", 1.0)


def test_scripted_countries_play_only_their_script(world: World) -> None:
    """Scripted moves are played where legal; the scripted country plays nothing else."""
    script = [
        ScriptedMove(turn=1, country=USA, move=world.move_index("oil_embargo"), target=VEN),
        ScriptedMove(turn=3, country=USA, move=world.move_index("gold_sanctions"), target=VEN),
    ]
    res = run_games(world, make_state(world), 20, 4, "easy", seed=5, script=script)
    usa = res.played[:, USA]
    assert (usa[:, world.move_index("oil_embargo")] == 1).all()
    assert (usa[:, world.move_index("gold_sanctions")] <= 1).all()
    others = np.delete(usa, [world.move_index("oil_embargo"), world.move_index("gold_sanctions")],
                       axis=1)
    assert others.sum() == 0
    assert res.played[:, VEN].sum() > 0


def test_chunks_and_one_by_one(world: World) -> None:
    """Games split over chunks are deterministic; one-by-one play gives the same kind of result."""
    a = run_games(world, make_state(world), 10, 3, "easy", seed=6, max_batch=4)
    b = run_games(world, make_state(world), 10, 3, "easy", seed=6, max_batch=4)
    assert a.games == 10 and np.array_equal(a.scores, b.scores)
    single = run_games_separately(world, make_state(world), 3, 3, "easy", seed=6, record=False)
    assert single.games == 3 and single.series is None
    assert single.scores.shape == (3, 4, len(world.roles))


def test_mixed_levels_and_bad_arguments(world: World) -> None:
    """Levels may differ per country; impossible sizes are refused."""
    levels = ["normal", "easy", "easy", "human", "easy"]
    res = run_games(world, make_state(world), 4, 2, levels, seed=0, record=False)
    assert res.levels == tuple(levels)
    assert res.played[:, 3].sum() == 0
    with pytest.raises(ValueError):
        run_games(world, make_state(world), 0, 2, "easy", seed=0)
