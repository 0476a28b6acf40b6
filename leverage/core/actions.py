"""What players decide in one turn, as arrays for the whole batch, and the Move value object."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


class LeverageError(Exception):
    """Base class of every error the game reports to a person."""


class IllegalMoveError(LeverageError):
    """A move that may not be played now (wrong country, target, condition or budget)."""


@dataclass(frozen=True)
class Move:
    """One move by one country this turn: python-chess style value object."""

    move_id: str
    actor: str                     # country code
    target: str                    # country code (the actor itself for moves without a target)
    reason: str = ""               # the player's written justification, if asked for


@dataclass(frozen=True)
class Actions:
    """All decisions of one turn for B games.

    moves[b, i, m] = t + 1 when country i plays move m on target t, 0 when it does not play it.
    accept[b, j, i, m] is True when j accepts the pending proposal of move m from i (otherwise it
    is declined when j's turn comes).  votes[b, k, i, bloc] is True when member k agrees that i joins.
    events[b, e] is True when event e is made to happen this turn.
    """

    moves: np.ndarray   # (B, N, Mv) int16
    accept: np.ndarray  # (B, N, N, Mv) bool
    votes: np.ndarray   # (B, N, N, M) bool
    #: (B, E) bool: events made to happen this turn whatever their date, chance and condition
    #: (a teacher steering a class), or None
    events: np.ndarray | None = None

    @staticmethod
    def empty(batch: int, n: int, n_moves: int, n_blocs: int) -> Actions:
        """No moves, every proposal declined, every application refused."""
        return Actions(
            moves=np.zeros((batch, n, n_moves), dtype=np.int16),
            accept=np.zeros((batch, n, n, n_moves), dtype=bool),
            votes=np.zeros((batch, n, n, n_blocs), dtype=bool),
        )
