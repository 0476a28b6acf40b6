"""Sanctions in two parts: bans cut volumes at once, the damage builds and fades slowly.

Sizes as stated in docs/model.md, section 1 (paired counterfactuals, same seed).
"""

from __future__ import annotations

from functools import cache

import numpy as np

from leverage.core.step import step
from tests.model.paired import Pair, actions, paired, scenario

GAMES = 80


def pair_trade(pair: Pair, turn: int, exporter: str, importer: str) -> tuple[np.ndarray, np.ndarray]:
    """(without, with) exports of `exporter` to `importer` after `turn` turns, per game."""
    i, j = pair.world.codes.index(exporter), pair.world.codes.index(importer)
    return (np.asarray(pair.base[turn].trade[:, i, j]),
            np.asarray(pair.moved[turn].trade[:, i, j]))


@cache
def embargo() -> Pair:
    """The tutorial with and without a US oil embargo at turn 1 (its lesson brings one at 2)."""
    return paired("tutorial_with_embargo", 1, (1, ("USA", "oil_embargo", "VEN")), games=GAMES)


@cache
def lifted() -> Pair:
    """An embargo from turn 1, kept or lifted at turn 3."""
    return paired("tutorial_with_embargo", 5, (3, ("USA", "lift_oil_embargo", "VEN")),
                  plays={1: [("USA", "oil_embargo", "VEN")]}, games=GAMES)


def test_a_buyer_ban_stops_most_exports_to_the_sanctioner_in_the_first_turn() -> None:
    """Section 1: within one turn exports to the embargoing buyer fall by 80-99% (the slow
    damage alone would have cut about 10% by then: its bite is 0.22 after a turn)."""
    without, with_ban = pair_trade(embargo(), 1, "VEN", "USA")
    cut = float(np.median(with_ban / without - 1.0))
    assert -0.99 <= cut <= -0.80


def test_a_buyer_ban_shuts_in_wells_in_the_first_turn() -> None:
    """Section 4: the embargo takes 250-500 kb/d off Venezuela's output in its first turn."""
    assert -500.0 <= embargo().effect(1, "oil_output", "VEN") <= -250.0


def test_lost_exports_partly_find_other_buyers_at_once() -> None:
    """Section 2: part of the oil the US no longer buys goes to Turkey, which does not sanction."""
    without, with_ban = pair_trade(embargo(), 1, "VEN", "TUR")
    assert float(np.median(with_ban - without)) > 0.5


def test_lifting_a_ban_brings_the_trade_back_at_once() -> None:
    """Section 1: a turn after the lift, exports to the US are over 10 times the embargoed level."""
    kept, freed = pair_trade(lifted(), 3, "VEN", "USA")
    assert float(np.median(freed / kept)) > 10.0


def test_the_damage_builds_and_fades_slowly() -> None:
    """Section 1: lifting the financing ban frees the frozen dollars at once (usable reserves
    up more than $2bn, growth up 0.3-1.5 points in the first turn) while the damage fades over
    years: growth gains more than another half point by a year later."""
    pair = paired("gold_route", 5, (1, ("USA", "lift_financing_ban", "VEN")), games=GAMES)
    first, later = pair.effect(1, "growth", "VEN"), pair.effect(5, "growth", "VEN")
    assert pair.effect(1, "reserves", "VEN") > 2.0
    assert 0.3 < first < 1.5
    assert later > first + 0.5
    usa, ven = pair.world.codes.index("USA"), pair.world.codes.index("VEN")
    bite = np.asarray(pair.moved[5].bite[:, usa, ven, 1])
    assert float(np.median(bite)) > 0.3  # still biting a year after the lift


def test_revoking_the_licence_cuts_output_below_capacity() -> None:
    """Section 4: in Beyond the Dollar, output is below capacity, yet revoking the oil licence
    takes 40-150 kb/d off it in the same turn. The licence may be taken back from its due date
    (turn 3), and stands then only where Caracas kept the Barbados promise (turn 1 here)."""
    pair = paired("beyond_dollar", 3, (3, ("USA", "revoke_oil_licence", "VEN")),
                  plays={1: [("VEN", "honour_barbados", "VEN")]}, games=GAMES)
    below = pair.value(pair.base, 2, "oil_output", "VEN") < pair.value(pair.base, 2,
                                                                      "oil_capacity", "VEN")
    assert below.all()
    assert -150.0 <= pair.effect(3, "oil_output", "VEN") <= -40.0


def test_the_explanation_books_the_embargo_as_lost_oil_revenue() -> None:
    """Section 4: after the embargo, the turn's explanation shows oil revenue lowering
    Venezuela's GDP in every game; the world price's luck is a separate cause."""
    world, start = scenario("tutorial_with_embargo")
    state = start.repeat(GAMES)
    rng = np.random.default_rng(11)
    _, ex = step(world, state, actions(world, GAMES, [("USA", "oil_embargo", "VEN")]), rng,
                 explain=True)
    assert ex is not None
    ven = world.codes.index("VEN")
    revenue = ex.changes["gdp"]["Oil revenue"][:, ven]
    assert (revenue < 0).all()
    price = ex.changes["gdp"]["Oil price"][:, ven]
    assert (price > 0).any() and (price < 0).any()  # luck goes both ways
