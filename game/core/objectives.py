"""Scores: how far each role has reached its objectives, 0..100 per game."""

from __future__ import annotations

import numpy as np

from game.core.state import State
from game.core.world import Objective, World


def attainment(objective: Objective, value: np.ndarray) -> np.ndarray:
    """0 at `fail`, 1 at `goal`, linear in between and clipped (either direction)."""
    span = objective.goal - objective.fail
    if span == 0:
        return np.asarray((value >= objective.goal).astype(float))
    return np.asarray(np.minimum(np.maximum((value - objective.fail) / span, 0.0), 1.0))


def scores(world: World, state: State) -> np.ndarray:
    """(B, R) score of each role: 100 x weighted mean attainment of its objectives."""
    out = np.zeros((state.batch, len(world.roles)))
    for r, role in enumerate(world.roles):
        total = sum(max(o.weight, 0.0) for o in role.objectives)
        if total <= 0:
            continue
        acc = np.zeros(state.batch)
        for o in role.objectives:
            value = np.asarray(o.expr.evaluate(world, state), dtype=float)
            acc += max(o.weight, 0.0) * attainment(o, value)
        if np.isnan(acc).any():  # an objective without a value scores nothing
            acc = np.zeros(state.batch)
            for o in role.objectives:
                value = np.asarray(o.expr.evaluate(world, state), dtype=float)
                value = np.where(np.isnan(value), o.fail, value)
                acc += max(o.weight, 0.0) * attainment(o, value)
        out[:, r] = 100.0 * acc / total
    return out


def winners(world: World, state: State) -> np.ndarray:
    """(B, R) True where the role's score has reached its `win` threshold."""
    need = np.array([role.win for role in world.roles], dtype=float)
    return np.asarray(state.score >= need[None, :])
