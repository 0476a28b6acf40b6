"""Scripted and random events: when they fire and what they do."""

from __future__ import annotations

import numpy as np

from leverage.core.rules import Work, apply_effect, compiled
from leverage.core.state import State
from leverage.core.world import World


def _truth(value: np.ndarray) -> np.ndarray:
    """(B,) bool from a condition's float values."""
    return np.asarray(np.asarray(value, dtype=float) != 0.0)


def events_due(world: World, state: State, draws: np.ndarray) -> np.ndarray:
    """(B, E) True where event e fires this turn, given uniform draws (B, E) in [0, 1)."""
    rules = compiled(world)
    turn = state.turn + 1
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


def apply_events(world: World, work: Work, fired: np.ndarray) -> None:
    """Apply the effects of the events that fired (effects name fixed countries)."""
    rules = compiled(world)
    for k in np.flatnonzero(fired.any(axis=0)):
        rows = np.flatnonzero(fired[:, k])
        for effect in rules.event_ok[k]:
            fixed = np.full(rows.shape, max(effect.b, 0), dtype=np.int64)
            apply_effect(world, work, effect, rows, max(effect.a, 0), fixed)
