"""One turn of the model: `step(world, state, actions, rng, explain) -> (state, explanation)`.

A turn is a pure function of the state, the players' actions and the turn's random draws
(`Shocks`): first the decisions (answers to proposals, bloc votes, moves, events) on a `Work`
copy of the state's arrays, then the mechanisms (`leverage.core.stages`), then the scores.  A batch
of B games is resolved at once; a single game is a batch of one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from leverage.core.actions import Actions
from leverage.core.events import apply_events, events_due
from leverage.core.explain import EXPLAINED, Explanation, Tracker, explain_turn, news, parts_of
from leverage.core.mechanisms import EXPLANATIONS, anywhere
from leverage.core.objectives import scores
from leverage.core.params import Params
from leverage.core.rules import (
    Work,
    apply_move,
    check_actions,
    resolve_applications,
    resolve_proposals,
)
from leverage.core.stages import next_state, prepare_state, run
from leverage.core.state import State
from leverage.core.world import World

__all__ = ["EXPLAINED", "Shocks", "advance", "default_params", "prepare_state", "resolve",
           "step"]


@dataclass(frozen=True)
class Shocks:
    """The random draws of one turn for B games."""

    oil: np.ndarray      # (B,) standard normal: the oil price's walk
    gdp: np.ndarray      # (B, N) standard normal: growth luck
    infl: np.ndarray     # (B, N) standard normal: inflation luck
    events: np.ndarray   # (B, E) uniform in [0, 1): which chance events happen

    @staticmethod
    def draw(rng: np.random.Generator, batch: int, n: int, n_events: int) -> Shocks:
        """Draw one turn's shocks, in a fixed order, from the game's generator."""
        oil = rng.standard_normal(batch)
        gdp = rng.standard_normal((batch, n))
        infl = rng.standard_normal((batch, n))
        return Shocks(oil, gdp, infl, rng.random((batch, n_events)))

    def select(self, rows: int | np.ndarray) -> Shocks:
        """The shocks of some games (an int keeps a batch axis of 1)."""
        idx = np.atleast_1d(np.asarray(rows))
        return Shocks(self.oil[idx], self.gdp[idx], self.infl[idx], self.events[idx])


def step(world: World, state: State, actions: Actions, rng: np.random.Generator,
         explain: bool = False) -> tuple[State, Explanation | None]:
    """Check the actions, then resolve one turn (pure: the inputs are not changed)."""
    check_actions(world, state, actions)
    return advance(world, state, actions, rng, explain)


def advance(world: World, state: State, actions: Actions, rng: np.random.Generator,
            explain: bool = False, scored: bool = True) -> tuple[State, Explanation | None]:
    """Draw the turn's shocks and resolve it without checking legality.

    With `scored=False` the objectives are not scored (the new State keeps the old scores).
    """
    shocks = Shocks.draw(rng, state.batch, world.n, len(world.events))
    return resolve(world, state, actions, shocks, explain, scored)


def resolve(world: World, state: State, actions: Actions, shocks: Shocks,
            explain: bool = False, scored: bool = True) -> tuple[State, Explanation | None]:
    """Resolve one turn with the given shocks: decisions, mechanisms, scores (and why)."""
    rules = world.parts().rules
    fired = events_due(world, state, shocks.events)
    if actions.events is not None and anywhere(actions.events):
        fired = fired | np.asarray(actions.events, dtype=bool)  # made to happen this turn
    work = Work.from_state(state, rules.horizon)
    tracker = Tracker(world, work, state.gold_price) if explain else None
    accepted, declined = resolve_proposals(world, state, work, actions, masks=explain)
    if tracker is not None:
        tracker.note("Deals accepted this turn", EXPLANATIONS["deals"])
    admitted, refused = resolve_applications(world, state, work, actions)
    _play_moves(world, work, np.asarray(actions.moves), tracker)
    _happen(world, work, fired, tracker)
    turn = run(world, state, work, shocks.oil, shocks.gdp, shocks.infl, explain)
    new = next_state(turn, fired, state.batch)
    if scored:
        new = replace(new, score=scores(world, new))
    if tracker is None:
        return new, None
    ex = Explanation()
    explain_turn(world, rules, state, turn.start.work, new, parts_of(turn), tracker, ex)
    news(world, state, new, actions, accepted, declined, admitted, refused, fired,
         turn.start.work, ex)
    return new, ex


def _play_moves(world: World, work: Work, moves: np.ndarray, tracker: Tracker | None) -> None:
    """Apply every move played this turn, country by country (noting each for the explanation)."""
    for i, m in np.argwhere(moves.any(axis=0)).tolist():
        rows = np.flatnonzero(moves[:, i, m])
        apply_move(world, work, m, i, rows, moves[rows, i, m].astype(np.int64) - 1)
        if tracker is not None:
            tracker.note(f"Move: {world.moves[m].name} ({world.codes[i]})",
                         world.moves[m].summary or EXPLANATIONS["moves"])


def _happen(world: World, work: Work, fired: np.ndarray, tracker: Tracker | None) -> None:
    """Apply the events that fired (one at a time when explaining, to tell their effects apart)."""
    if tracker is None:
        apply_events(world, work, fired)
        return
    for e in np.flatnonzero(fired.any(axis=0)).tolist():
        one = np.zeros_like(fired)
        one[:, e] = fired[:, e]
        apply_events(world, work, one)
        tracker.note(f"Event: {world.events[e].title}",
                     world.events[e].text or EXPLANATIONS["moves"])


def default_params() -> Params:
    """The model's default parameters (scenarios override some)."""
    return Params()
