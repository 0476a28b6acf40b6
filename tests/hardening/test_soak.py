"""A soak: 1,000 turns of one game on a long custom calendar with random legal moves, random
answers and votes; no exception, no NaN, no value out of its range."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np

from leverage.core.actions import Actions
from leverage.core.rules import legal_moves
from leverage.core.state import STORED
from leverage.core.step import step
from leverage.core.vocab import indicator

ROOT = Path(__file__).resolve().parents[2]
TURNS = 1000


def long_scenario(folder: Path) -> Path:
    """The Gold Route on a calendar of one month a turn, as long as the format allows."""
    shutil.copytree(ROOT / "scenarios" / "library", folder / "library")
    text = (ROOT / "scenarios" / "gold_route.yaml").read_text(encoding="utf-8")
    text, count = re.subn(r"(?m)^calendar:.*(\n  .*)*",
                          "calendar: {start: 2018-07, months_per_turn: 1, turns: 60}", text)
    assert count == 1
    path = folder / "long_gold_route.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def random_actions(world: object, state: object, rng: np.random.Generator) -> Actions:
    """Each country plays random legal moves while its budget lasts; random answers and votes."""
    n, moves = world.n, world.moves  # type: ignore[attr-defined]
    actions = Actions.empty(1, n, len(moves), len(world.bloc_ids))  # type: ignore[attr-defined]
    for i in range(n):
        left = float(state.ind[0, i, STORED.index("capital")])  # type: ignore[attr-defined]
        options = legal_moves(world, state, i)  # type: ignore[arg-type]
        for k in rng.permutation(len(options)):
            m, targets = options[k]
            if moves[m].cost <= left + 1e-9 and rng.random() < 0.5:
                actions.moves[0, i, m] = int(rng.choice(targets)) + 1
                left -= float(moves[m].cost)
    actions.accept[...] = rng.random(actions.accept.shape) < 0.5
    actions.votes[...] = rng.random(actions.votes.shape) < 0.5
    return actions


def check(state: object, turn: int) -> None:
    """Every number finite; every stored indicator within its range."""
    for name, value in state.arrays().items():  # type: ignore[attr-defined]
        if value.dtype.kind == "f":
            assert np.isfinite(value).all(), f"turn {turn}: {name} is not finite"
    for k, name in enumerate(STORED):
        ind = indicator(name)
        column = state.ind[..., k]  # type: ignore[attr-defined]
        assert (column >= ind.low - 1e-6).all() and (column <= ind.high + 1e-6).all(), (
            f"turn {turn}: {name} left {ind.low:g}..{ind.high:g}")


def test_a_thousand_turns_stay_finite_and_in_range(tmp_path: Path) -> None:
    """1,000 turns of random legal play (checked by `step`) keep every value sound."""
    from leverage.scenario import load_scenario

    loaded = load_scenario(str(long_scenario(tmp_path)))
    world, state = loaded.world, loaded.state
    rng = np.random.default_rng(2026)
    with np.errstate(all="ignore"):  # as at the session's boundary
        for turn in range(1, TURNS + 1):
            state, _ = step(world, state, random_actions(world, state, rng), rng)
            check(state, turn)
    assert state.turn == TURNS
