"""Why things changed: contributions by cause that add up to each indicator's change, and news."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class NewsItem:
    """One line of news for the turn-results screen (about game 0 of the batch)."""

    turn: int
    kind: str                 # 'event' | 'move' | 'deal' | 'bloc' | 'change'
    title: str
    text: str
    countries: tuple[str, ...]


@dataclass
class Explanation:
    """changes[indicator][cause] is a (B, N) contribution to the indicator's change this turn.

    For `relations` the arrays are (B, N, N).  The contributions of an indicator add up to its
    change over the turn; `mechanisms` gives the one-sentence explanation of each cause.
    """

    changes: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    mechanisms: dict[str, str] = field(default_factory=dict)
    news: list[NewsItem] = field(default_factory=list)

    def add(self, indicator: str, cause: str, value: np.ndarray, why: str) -> None:
        """Add a contribution (summed with any earlier one under the same cause)."""
        bucket = self.changes.setdefault(indicator, {})
        if cause in bucket:
            bucket[cause] = bucket[cause] + value
        else:
            bucket[cause] = np.array(value, dtype=float, copy=True)
        self.mechanisms.setdefault(cause, why)

    def total(self, indicator: str) -> np.ndarray:
        """Sum of the contributions to one indicator."""
        parts = list(self.changes.get(indicator, {}).values())
        return np.asarray(sum(parts[1:], parts[0].copy())) if parts else np.zeros(0)

    def top(self, indicator: str, country: int, b: int = 0, k: int = 5) -> list[tuple[str, float]]:
        """The k largest causes (by size) of the change of one country's indicator in game b."""
        items = [(cause, float(v[b, country])) for cause, v in
                 self.changes.get(indicator, {}).items() if v.ndim == 2]
        items.sort(key=lambda cv: (-abs(cv[1]), cv[0]))
        return items[:k]
