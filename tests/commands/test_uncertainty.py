"""Worlds drawn within the model's known uncertainty widen the history bands honestly."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from leverage.commands.compare import run_history, run_uncertain_history
from leverage.commands.uncertainty import (
    ASSUMED,
    SOURCED,
    draw_effects,
    draw_params,
    parameter_spread,
)
from leverage.core.params import Params
from leverage.scenario import load_scenario
from leverage.scenario.ranges import POSITIVE, SHARES

ROOT = Path(__file__).resolve().parents[2]


def test_assumptions_are_drawn_wider_than_sourced_parameters_and_facts_not_at_all() -> None:
    """'[assumption]' parameters get 30%, sourced ones 10%; prices and fixed ones none."""
    spread = parameter_spread(fixed=["tau_trade"])
    assert spread.shares["gamma_hostility"] == ASSUMED      # marked [assumption]
    assert spread.shares["redirect_share"] == SOURCED        # Haidar: Iran, 2/3
    assert not set(POSITIVE) & set(spread.names())
    assert "tau_trade" not in spread.names()


def test_drawn_parameters_stay_within_their_share_and_their_allowed_range() -> None:
    """Every drawn value lies within 1/(1+s)..(1+s) of its default, and shares stay <= 1."""
    base = Params()
    spread = parameter_spread()
    rng = np.random.default_rng(5)
    draws = [draw_params(base, spread, rng) for _ in range(30)]
    for name, share in spread.shares.items():
        default = float(getattr(base, name))
        values = np.array([float(getattr(d, name)) for d in draws])
        ratio = values / default
        assert ratio.min() >= 1 / (1 + share) - 1e-12
        assert ratio.max() <= 1 + share + 1e-12
        assert np.ptp(ratio) > 0.0 or (name in SHARES and values.max() == 1.0)
        if name in SHARES:
            assert values.max() <= 1.0


def test_effect_sizes_are_drawn_but_sanctions_and_flags_are_kept() -> None:
    """A sale of five tonnes becomes 3.8-6.5 t in a drawn world; a sanction's level is kept."""
    world = load_scenario(str(ROOT / "scenarios" / "gold_route.yaml")).world
    drawn = draw_effects(world, np.random.default_rng(1))
    changed = kept = 0
    for before, after in zip(world.moves, drawn.moves, strict=True):
        for e0, e1 in zip(before.effects, after.effects, strict=True):
            if e0.kind in ("change", "relation") and e0.amount != 0.0:
                ratio = e1.amount / e0.amount
                assert 1 / (1 + ASSUMED) - 1e-12 <= ratio <= 1 + ASSUMED + 1e-12
                changed += ratio != 1.0
            else:
                assert e1 == e0
                kept += 1
    assert changed > 20 and kept > 20


def test_drawn_worlds_widen_the_band_and_count_every_game() -> None:
    """The P10-P90 band over drawn worlds is wider than luck alone; skips add up over worlds."""
    loaded = load_scenario(str(ROOT / "scenarios" / "gold_route.yaml"))
    c = loaded.world.country("VEN")
    luck = run_history(loaded, games=40).path("gold_home", c)
    drawn = run_uncertain_history(loaded, games=40, worlds=8)
    assert drawn.games == 40
    wide = drawn.path("gold_home", c)
    assert wide.shape == luck.shape
    spread_luck = np.percentile(luck[-1], 90) - np.percentile(luck[-1], 10)
    spread_drawn = np.percentile(wide[-1], 90) - np.percentile(wide[-1], 10)
    assert spread_drawn > spread_luck + 2.0
    for skip in drawn.skips:
        assert 0 < skip.games <= 40
