"""The game state: an immutable bundle of numpy arrays with a leading batch axis B."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np

from game.core.vocab import INDICATORS

#: Indicators held in the `ind` array, in column order.  Derived ones are computed on demand.
STORED: tuple[str, ...] = tuple(i.name for i in INDICATORS if i.stored)
COL: dict[str, int] = {name: k for k, name in enumerate(STORED)}
#: How many turns ahead `change` effects with delay/turns can be scheduled.
HORIZON = 24
#: Key of the per-State cache of derived values in the instance's __dict__ (see `State.get`).
DERIVED_CACHE = "_derived"
#: Fields `State.repeat` shares as broadcast views: only a turn's decisions write them.
SHARED_ON_REPEAT: frozenset[str] = frozenset(
    {"pending", "played", "applications", "flags", "fired"})


@dataclass(frozen=True)
class State:
    """Everything that changes during a game; B games side by side, N countries.

    Shapes: B batch, N countries, I stored indicators, KS sanction kinds, KD deal kinds,
    KP policy kinds, M blocs, Mv moves, E events, F flags, R roles, H horizon.
    """

    turn: int                  # turns completed; 0 before the first turn
    ind: np.ndarray            # (B, N, I) stored indicators, columns named by STORED
    relations: np.ndarray      # (B, N, N) -100..100, symmetric
    anchor: np.ndarray         # (B, N, N) where relations drift to (moves shift it), symmetric
    trade: np.ndarray          # (B, N, N) exports from i to j, $bn a year
    loans: np.ndarray          # (B, N, N) owed by i to j, $bn
    oil_repay: np.ndarray      # (B, N, N) kb/d that i ships to j to repay loans
    sanctions: np.ndarray      # (B, N, N, KS) level 0..1 imposed by i on j
    bite: np.ndarray           # (B, N, N, KS) accumulated bite 0..1 (grows while in force, fades after)
    deals: np.ndarray          # (B, N, N, KD) 0..1, [client, partner, kind]
    policies: np.ndarray       # (B, N, KP) policy level chosen, 0..1
    policy_eff: np.ndarray     # (B, N, KP) policy level in effect (moves towards `policies`)
    frozen: np.ndarray         # (B, N, 5) frozen share of each reserve asset
    blocs: np.ndarray          # (B, N, M) membership 0/1
    pending: np.ndarray        # (B, N, N, Mv) bool: proposal of move m from i to j awaiting an answer
    applications: np.ndarray   # (B, N, M) bool: application to join bloc awaiting votes
    #: (B, H, N, I) indicator changes due in 1..H turns (index 0 = next turn); H is HORIZON at
    #: the start, then as many turns as the world's effects can schedule ahead.
    scheduled: np.ndarray
    flags: np.ndarray          # (B, F) bool
    fired: np.ndarray          # (B, E) int: times each event has fired
    played: np.ndarray         # (B, N, Mv) int: times each country played each move
    oil_price: np.ndarray      # (B,) $/bbl
    score: np.ndarray          # (B, R) current score 0..100 of each role
    gold_price: np.ndarray | None = None  # (B,) $bn per tonne; None: the model's default price
    #: (B, N, N) gravity baseline: trade at the starting GDP with no sanctions or hostility;
    #: None until the first turn derives it from the starting trade.
    trade_free: np.ndarray | None = None
    #: (B, N) stability in normal times (None until the first turn takes the starting value).
    stability_norm: np.ndarray | None = None
    #: (B, N) share of oil output without buyers because of embargoes at the start (None until
    #: the first turn derives it): the starting output already reflects it.
    oil_unsold0: np.ndarray | None = None

    @property
    def batch(self) -> int:
        """Number of games side by side."""
        return int(self.ind.shape[0])

    def get(self, name: str) -> np.ndarray:
        """Return indicator `name` as a (B, N) array, stored or derived.

        A derived indicator is computed once per State and kept (read-only) with it.
        """
        from game.core.derived import derived_indicator

        if name in COL:
            return self.ind[:, :, COL[name]]
        cache: dict[str, np.ndarray] | None = self.__dict__.get(DERIVED_CACHE)
        if cache is None:
            cache = {}
            object.__setattr__(self, DERIVED_CACHE, cache)
        value = cache.get(name)
        if value is None:
            value = derived_indicator(self, name)
            value.flags.writeable = False
            cache[name] = value
        return value

    def evolve(self, **changes: Any) -> State:
        """Return a copy with some fields replaced."""
        return replace(self, **changes)

    def select(self, index: int | np.ndarray) -> State:
        """Return the games at `index` (an int keeps a batch axis of 1)."""
        idx = np.atleast_1d(np.asarray(index))
        kwargs: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            kwargs[f.name] = value[idx] if isinstance(value, np.ndarray) else value
        return State(**kwargs)

    def repeat(self, count: int) -> State:
        """Return this single game copied `count` times along the batch axis.

        An empty schedule and the arrays only decisions change are shared (read-only broadcast
        views) rather than copied; a turn copies them when it writes (see `rules.Work.mut`).
        """
        kwargs: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if (f.name == "scheduled" and not value[:1].any()) or f.name in SHARED_ON_REPEAT:
                kwargs[f.name] = np.broadcast_to(value[:1], (count,) + value.shape[1:])
            elif isinstance(value, np.ndarray):
                kwargs[f.name] = np.repeat(value[:1], count, axis=0)
            else:
                kwargs[f.name] = value
        return State(**kwargs)

    def arrays(self) -> dict[str, np.ndarray]:
        """Return every array field by name (for saving and comparing)."""
        return {f.name: getattr(self, f.name) for f in fields(self)
                if f.name != "turn" and getattr(self, f.name) is not None}
