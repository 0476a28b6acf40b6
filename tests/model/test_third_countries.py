"""Third countries: secondary sanctions cost those who comply and those who defy.

Each pair lifts secondary sanctions in force, so `base` is the game with them and `moved` the
game without.  Sizes as stated in docs/model.md, section 3.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from tests.model.paired import Pair, paired

GAMES = 80


@cache
def gold_route() -> Pair:
    """The Gold Route with the 2020 secondary sanctions kept, or lifted at turn 8."""
    return paired("gold_route", 12, (8, ("USA", "lift_secondary_sanctions", "VEN")), games=GAMES)


@cache
def lavrov() -> Pair:
    """Lavrov in Caracas with the secondary sanctions kept, or lifted at turn 2."""
    return paired("lavrov_caracas", 5, (2, ("USA", "lift_secondary_sanctions", "VEN")),
                  games=GAMES)


def both_ways(pair: Pair, states: str, turn: int, a: str, b: str) -> np.ndarray:
    """Trade between a and b (both directions) after `turn` turns, per game."""
    i, j = pair.world.codes.index(a), pair.world.codes.index(b)
    trade = getattr(pair, states)[turn].trade
    return np.asarray(trade[:, i, j] + trade[:, j, i])


def with_secondary(pair: Pair, turn: int, a: str, b: str) -> float:
    """Median of (with secondary sanctions / without - 1) of trade between a and b."""
    return float(np.median(both_ways(pair, "base", turn, a, b)
                           / both_ways(pair, "moved", turn, a, b) - 1.0))


def test_secondary_sanctions_cut_a_defiers_trade_with_the_target() -> None:
    """Section 3: with the 2020 secondary sanctions, Turkey's trade with Venezuela is 15-40%
    lower a year on (traders and shippers fear them)."""
    assert -0.40 <= with_secondary(gold_route(), 12, "TUR", "VEN") <= -0.15


def test_secondary_sanctions_cost_a_defier_gdp() -> None:
    """Section 3: Turkey, which mostly defies them, loses banking access to the US: its GDP is
    lower (0.02-0.5%) and its growth 0.03-0.5 points lower a year on."""
    pair = gold_route()
    assert -0.005 <= -pair.relative(12, "gdp", "TUR") <= -0.0002
    assert -0.5 <= -pair.effect(12, "growth", "TUR") <= -0.03


def test_secondary_sanctions_cut_a_compliers_trade_and_gdp() -> None:
    """Section 3: India, which mostly complies, trades 40-90% less with Venezuela three turns
    on, and that lost trade (with some lost banking access) lowers its GDP."""
    pair = lavrov()
    assert -0.90 <= with_secondary(pair, 5, "IND", "VEN") <= -0.40
    assert -pair.relative(5, "gdp", "IND") < 0.0
    assert -pair.effect(5, "growth", "IND") < 0.0
