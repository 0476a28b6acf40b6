"""Scores: how far each role has reached its objectives, 0..100 per game."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from leverage.core.state import State
from leverage.core.world import Objective, World


@dataclass(frozen=True)
class ObjectiveTable:
    """Every role's objectives flattened, with their bounds and weights (built once per World)."""

    objectives: tuple[Objective, ...]
    fail: np.ndarray                      # (O,)
    goal: np.ndarray                      # (O,)
    span: np.ndarray                      # (O,) goal - fail, 1 where it is 0
    flat: np.ndarray                      # (O,) bool: span 0 (reached or not)
    weight: np.ndarray                    # (O,) weight, at least 0
    roles: tuple[tuple[int, float, tuple[int, ...]], ...]  # (role, total weight, columns)


def attainment(objective: Objective, value: np.ndarray) -> np.ndarray:
    """0 at `fail`, 1 at `goal`, linear in between and clipped (either direction)."""
    span = objective.goal - objective.fail
    if span == 0:
        return np.asarray((value >= objective.goal).astype(float))
    return np.asarray(np.minimum(np.maximum((value - objective.fail) / span, 0.0), 1.0))


def objective_table(world: World) -> ObjectiveTable:
    """The ObjectiveTable of `world` (built by `leverage.core.compiled.compile_world`)."""
    return world.parts().objectives


def build_objective_table(world: World) -> ObjectiveTable:
    """Flatten every role's objectives with their bounds and weights."""
    objs: list[Objective] = []
    roles: list[tuple[int, float, tuple[int, ...]]] = []
    for r, role in enumerate(world.roles):
        total = sum(max(o.weight, 0.0) for o in role.objectives)
        if total <= 0:
            continue
        roles.append((r, total, tuple(range(len(objs), len(objs) + len(role.objectives)))))
        objs.extend(role.objectives)
    fail = np.array([o.fail for o in objs], dtype=float)
    goal = np.array([o.goal for o in objs], dtype=float)
    span = goal - fail
    flat = span == 0
    span = np.where(flat, 1.0, span)
    weight = np.array([max(o.weight, 0.0) for o in objs], dtype=float)
    return ObjectiveTable(
        objectives=tuple(objs), fail=fail, goal=goal, span=span, flat=flat, weight=weight,
        roles=tuple(roles),
    )


def scores(world: World, state: State) -> np.ndarray:
    """(B, R) score of each role: 100 x weighted mean attainment of its objectives.

    An objective without a value (NaN) counts as failed.
    """
    tab = objective_table(world)
    out = np.zeros((state.batch, len(world.roles)))
    if not tab.objectives:
        return out
    values = np.empty((state.batch, len(tab.objectives)))
    for k, o in enumerate(tab.objectives):
        values[:, k] = o.expr.evaluate(world, state)
    bad = np.isnan(values)
    if bad.any():
        values = np.where(bad, tab.fail, values)
    att = np.minimum(np.maximum((values - tab.fail) / tab.span, 0.0), 1.0)
    if tab.flat.any():
        att = np.where(tab.flat, (values >= tab.goal).astype(float), att)
    att *= tab.weight
    for r, total, cols in tab.roles:
        acc = att[:, cols[0]].copy()
        for c in cols[1:]:
            acc += att[:, c]
        out[:, r] = 100.0 * acc / total
    return out


def winners(world: World, state: State) -> np.ndarray:
    """(B, R) True where the role's score has reached its `win` threshold."""
    need = np.array([role.win for role in world.roles], dtype=float)
    return np.asarray(state.score >= need[None, :])
