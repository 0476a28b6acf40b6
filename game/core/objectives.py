"""Scores: how far each role has reached its objectives, 0..100 per game."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.core.expr import Attr, CompiledCondition, ScalarEvaluator, scalar_evaluator
from game.core.state import COL, State
from game.core.world import Objective, World

#: One objective in a single game: (evaluator, or None for a stored indicator read at
#: [0, country, column]; country; column; fail; goal; span; flat; weight).
Step = tuple[ScalarEvaluator | None, int, int, float, float, float, bool, float]


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
    #: (O,) (fail, goal, span, flat, weight) of each objective as Python values
    bounds: tuple[tuple[float, float, float, bool, float], ...] = ()
    #: (O,) how each objective is worked out in a single game, with its bounds (see `_step`)
    plan: tuple[Step, ...] = ()


def attainment(objective: Objective, value: np.ndarray) -> np.ndarray:
    """0 at `fail`, 1 at `goal`, linear in between and clipped (either direction)."""
    span = objective.goal - objective.fail
    if span == 0:
        return np.asarray((value >= objective.goal).astype(float))
    return np.asarray(np.minimum(np.maximum((value - objective.fail) / span, 0.0), 1.0))


def objective_table(world: World) -> ObjectiveTable:
    """The ObjectiveTable of `world` (built by `game.core.compiled.compile_world`)."""
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
    bounds = tuple(zip(fail.tolist(), goal.tolist(), span.tolist(), flat.tolist(),
                       weight.tolist(), strict=True))
    return ObjectiveTable(
        objectives=tuple(objs), fail=fail, goal=goal, span=span, flat=flat, weight=weight,
        roles=tuple(roles), bounds=bounds,
        plan=tuple(_step(world, o) + b for o, b in zip(objs, bounds, strict=True)),
    )


def _step(world: World, objective: Objective) -> tuple[ScalarEvaluator | None, int, int]:
    """How to read an objective's value in a single game: a stored indicator straight away."""
    node = objective.expr.node if isinstance(objective.expr, CompiledCondition) else None
    if isinstance(node, Attr) and node.attr in COL:
        return None, world.country(node.code), COL[node.attr]
    return scalar_evaluator(objective.expr), 0, 0


def scores(world: World, state: State) -> np.ndarray:
    """(B, R) score of each role: 100 x weighted mean attainment of its objectives.

    An objective without a value (NaN) counts as failed.
    """
    tab = objective_table(world)
    if state.ind.shape[0] == 1 and tab.objectives:
        return np.array([_scores_one(world, state, tab, len(world.roles))])
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


def _scores_one(world: World, state: State, tab: ObjectiveTable, roles: int) -> list[float]:
    """`scores` for a single game, with Python floats (the same values): one per role."""
    att = []
    ind = state.ind
    for value_of, country, col, fail, goal, span, flat, weight in tab.plan:
        value = (float(ind.item(0, country, col)) if value_of is None
                 else value_of(world, state))
        if value != value:  # NaN counts as failed
            value = fail
        if flat:
            att.append((1.0 if value >= goal else 0.0) * weight)
            continue
        x = (value - fail) / span
        x = x if x > 0.0 or x != x else 0.0     # np.maximum(x, 0.0)
        att.append((x if x < 1.0 or x != x else 1.0) * weight)  # np.minimum(x, 1.0)
    out = [0.0] * roles
    for r, total, cols in tab.roles:
        acc = att[cols[0]]
        for c in cols[1:]:
            acc += att[c]
        out[r] = 100.0 * acc / total
    return out


def winners(world: World, state: State) -> np.ndarray:
    """(B, R) True where the role's score has reached its `win` threshold."""
    need = np.array([role.win for role in world.roles], dtype=float)
    return np.asarray(state.score >= need[None, :])
