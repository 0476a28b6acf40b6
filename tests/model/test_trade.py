"""Trade: the baseline after a lift is pre-sanction trade, scaled by GDP.

Sizes as stated in docs/model.md, section 2 (paired counterfactuals, same seed).
"""

from __future__ import annotations

from functools import cache

import numpy as np

from tests.model.paired import Pair, paired

GAMES = 80


@cache
def lavrov_lift() -> Pair:
    """Lavrov in Caracas with and without the US lifting its oil embargo at turn 1."""
    return paired("lavrov_caracas", 8, (1, ("USA", "lift_oil_embargo", "VEN")), games=GAMES)


def ven_to_usa(pair: Pair, states: str, turn: int) -> np.ndarray:
    """Venezuela's exports to the US after `turn` turns, per game."""
    ven, usa = pair.world.codes.index("VEN"), pair.world.codes.index("USA")
    return np.asarray(getattr(pair, states)[turn].trade[:, ven, usa])


def test_the_baseline_is_trade_before_the_sanctions() -> None:
    """Section 2: the sanction-free baseline of trade that starts under a full oil embargo is
    20-60 times the embargoed trade (no longer capped at 4 times)."""
    pair = lavrov_lift()
    ven, usa = pair.world.codes.index("VEN"), pair.world.codes.index("USA")
    start = float(pair.base[0].trade[0, ven, usa])
    free = float(np.median(pair.moved[1].trade_free[:, ven, usa]))
    assert 20.0 * start <= free <= 60.0 * start


def test_after_a_lift_trade_recovers_toward_the_baseline() -> None:
    """Section 2: after the lift, exports to the US are 10-40 times what they are under the
    embargo, after one turn and still after eight (the financial sanctions still weigh)."""
    pair = lavrov_lift()
    for turn in (1, 8):
        ratio = float(np.median(ven_to_usa(pair, "moved", turn) / ven_to_usa(pair, "base", turn)))
        assert 10.0 <= ratio <= 40.0, (turn, ratio)
