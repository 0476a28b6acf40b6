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


@cache
def listing() -> Pair:
    """The tutorial with a US oil embargo from turn 1, and the oil traders listed at turn 2 or
    not."""
    return paired("tutorial_with_listing", 10, (2, ("USA", "list_traders", "VEN")),
                  plays={1: [("USA", "oil_embargo", "VEN")]}, games=GAMES)


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


def test_a_fresh_listing_stops_oil_resales_and_new_traders_replace_the_listed() -> None:
    """Section 3: listing the traders who resell embargoed oil takes 200-500 kb/d off
    Venezuela's output at once; as new traders replace the listed, less than 40% of that is
    left eight turns on (Venezuela after the Rosneft Trading listing of 2020)."""
    pair = listing()
    first = pair.effect(2, "oil_output", "VEN")
    assert -500.0 <= first <= -200.0
    assert 0.4 * first <= pair.effect(10, "oil_output", "VEN") <= 0.0
