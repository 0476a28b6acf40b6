"""Scripted and random events: when they fire and what they do."""

from __future__ import annotations

import numpy as np

from game.core.expr import ScalarEvaluator, scalar_evaluator
from game.core.rules import CompiledRules, Work, apply_effect, apply_effect_one, compiled
from game.core.state import State
from game.core.world import World

_PLAN_KEY = "_event_plan"


def _truth(value: np.ndarray) -> np.ndarray:
    """(B,) bool from a condition's float values."""
    return np.asarray(np.asarray(value, dtype=float) != 0.0)


def events_due(world: World, state: State, draws: np.ndarray) -> np.ndarray:
    """(B, E) True where event e fires this turn, given uniform draws (B, E) in [0, 1)."""
    rules = compiled(world)
    turn = state.turn + 1
    if draws.shape[0] == 1 and state.batch == 1:
        return _events_due_one(world, rules, state, draws, turn)
    fired = (draws < rules.event_chance) & (turn >= rules.event_turn)
    fired &= ~(rules.event_once & (state.fired > 0))
    for e in np.flatnonzero(fired.any(axis=0)):
        ev = world.events[e]
        ok = fired[:, e]
        if ev.when is not None:
            ok &= _truth(ev.when.evaluate(world, state))
        if ev.unless is not None:
            ok &= ~_truth(ev.unless.evaluate(world, state))
        fired[:, e] = ok
    return fired


def _events_due_one(world: World, rules: CompiledRules, state: State, draws: np.ndarray,
                    turn: int) -> np.ndarray:
    """`events_due` for a single game, with Python scalars."""
    fired = np.zeros(draws.shape, dtype=bool)
    times = state.fired.tolist()[0]
    row = draws.tolist()[0]
    for e, chance, first, once, when, unless in _event_plan(world):
        if turn < first:
            break  # the plan is in order of first turn: no later event may fire yet
        if (once and times[e] > 0) or not row[e] < chance:
            continue
        if when is not None and when(world, state) == 0.0:
            continue
        if unless is not None and unless(world, state) != 0.0:
            continue
        fired[0, e] = True
    return fired


#: One event for a single game: (index, chance, first turn, once, when, unless).
EventPlan = tuple[int, float, int, bool, ScalarEvaluator | None, ScalarEvaluator | None]


def _event_plan(world: World) -> tuple[EventPlan, ...]:
    """Every event with single-game evaluators, in order of first turn (built once per World)."""
    cached = world.__dict__.get(_PLAN_KEY)
    if isinstance(cached, tuple):
        return cached
    steps = [
        (e, chance, first, once,
         None if ev.when is None else scalar_evaluator(ev.when),
         None if ev.unless is None else scalar_evaluator(ev.unless))
        for e, (ev, (chance, first, once)) in enumerate(
            zip(world.events, compiled(world).event_list, strict=True))
    ]
    plan = tuple(sorted(steps, key=lambda step: step[2]))
    object.__setattr__(world, _PLAN_KEY, plan)
    return plan


def apply_events(world: World, work: Work, fired: np.ndarray) -> None:
    """Apply the effects of the events that fired (effects name fixed countries)."""
    rules = compiled(world)
    if fired.shape[0] == 1:
        for e, hit in enumerate(fired.tolist()[0]):
            if hit:
                for effect in rules.event_ok[e]:
                    apply_effect_one(world, work, effect, 0, max(effect.a, 0), max(effect.b, 0))
        return
    for k in np.flatnonzero(fired.any(axis=0)):
        rows = np.flatnonzero(fired[:, k])
        for effect in rules.event_ok[k]:
            fixed = np.full(rows.shape, max(effect.b, 0), dtype=np.int64)
            apply_effect(world, work, effect, rows, max(effect.a, 0), fixed)
