"""Goods and measures: each measure acts on one product group, in its own direction; measures
stack; what they stop is partly resold to other buyers over the following turns.

Sizes as stated in docs/model.md, section 2a (paired counterfactuals, same seed): Pastor and
Steel with Turkey's exports split into goods (`pastor_with_measures` in `paired.VARIANTS`).
"""

from __future__ import annotations

from functools import cache

import numpy as np

from leverage.core.vocab import GOODS
from tests.model.paired import Pair, Play, paired

GAMES = 60
SCENARIO = "pastor_with_measures"
METALS, FOOD, MANUFACTURES = (GOODS.index(g) for g in ("metals", "agriculture", "manufactures"))
OTHER_BUYERS = ("DEU", "RUS", "QAT")


@cache
def with_move(move: str, turns: int = 6, plays: tuple[tuple[int, Play], ...] = ()) -> Pair:
    """The games without and with the US playing `move` on Turkey at turn 1 (on top of
    `plays`, in both)."""
    extra: dict[int, list[Play]] = {}
    for turn, play in plays:
        extra.setdefault(turn, []).append(play)
    return paired(SCENARIO, turns, (1, ("USA", move, "TUR")), plays=extra, games=GAMES)


def flow(pair: Pair, states: str, turn: int, src: str, dst: str, group: int) -> np.ndarray:
    """(games,) exports of `group` from `src` to `dst` after `turn` turns."""
    i, j = pair.world.codes.index(src), pair.world.codes.index(dst)
    goods = getattr(pair, states)[turn].goods
    assert goods is not None
    return np.asarray(goods[:, i, j, group])


def change(pair: Pair, turn: int, src: str, dst: str, group: int) -> float:
    """Median over games of with / without - 1 of one flow of one group."""
    return float(np.median(flow(pair, "moved", turn, src, dst, group)
                           / flow(pair, "base", turn, src, dst, group) - 1.0))


def gain(pair: Pair, turn: int, group: int) -> float:
    """Median over games of the extra exports of `group` from Turkey to its other buyers."""
    extra = sum(flow(pair, "moved", turn, "TUR", k, group) - flow(pair, "base", turn, "TUR", k,
                                                                   group) for k in OTHER_BUYERS)
    return float(np.median(extra))


def test_a_tariff_cuts_its_group_in_its_direction_only() -> None:
    """Section 2a: a 25% US duty on Turkish metals cuts Turkey's metals exports to the US by
    50-65% in its first turn (at once: 1.25^-4 = 0.41); US metals exports to Turkey and
    Turkey's other goods to the US move less than 1%."""
    pair = with_move("duty_metals")
    for turn in (1, 4):
        assert -0.65 <= change(pair, turn, "TUR", "USA", METALS) <= -0.50, turn
        assert abs(change(pair, turn, "USA", "TUR", METALS)) < 0.01, turn
        assert abs(change(pair, turn, "TUR", "USA", MANUFACTURES)) < 0.01, turn


def test_a_tariff_is_partly_redirected_over_the_following_turns() -> None:
    """Section 2a: Turkey sells part of the metals the duty keeps out to its other buyers
    (Germany, Russia, Qatar): 10-35% of the lost exports after one turn, 25-60% after four
    (the resales build up over `tau_trade` turns)."""
    pair = with_move("duty_metals")
    shares = []
    for turn in (1, 4):
        lost = float(np.median(flow(pair, "base", turn, "TUR", "USA", METALS)
                               - flow(pair, "moved", turn, "TUR", "USA", METALS)))
        shares.append(gain(pair, turn, METALS) / lost)
    assert 0.10 <= shares[0] <= 0.35, shares
    assert 0.25 <= shares[1] <= 0.60, shares
    assert shares[1] > shares[0] + 0.05, shares


def test_two_duties_stack() -> None:
    """Section 2a: a second 25% duty adds to the first (rates add: 50%, 1.5^-4 = 0.20): the
    flow falls a further 45-60% against one duty alone."""
    pair = paired(SCENARIO, 3, (2, ("USA", "duty_metals", "TUR")),
                  plays={1: [("USA", "duty_metals", "TUR")]}, games=GAMES)
    assert -0.60 <= change(pair, 2, "TUR", "USA", METALS) <= -0.45


def test_a_quota_caps_and_adds_nothing_below_its_cap() -> None:
    """Section 2a: a quota shutting out half of Turkish metals' sanction-free amount caps the
    flow at once: -25% to -40%, as the US tariffs of 2018 (the `trade` sanction at 0.3) already
    keep it about a quarter below that amount; on top of the 25% duty, which already keeps the
    flow below the cap, it changes the flow by less than 1%."""
    alone = with_move("quota_metals")
    for turn in (1, 4):
        assert -0.40 <= change(alone, turn, "TUR", "USA", METALS) <= -0.25, turn
    on_top = with_move("quota_metals", 3, ((1, ("USA", "duty_metals", "TUR")),))
    assert abs(change(on_top, 2, "TUR", "USA", METALS)) < 0.01


def test_an_informal_ban_takes_hold_over_turns() -> None:
    """Section 2a: an informal ban on Turkish food cuts it 35-55% in the first turn and 80-95%
    after four; a formal ban cuts 90-97% at once."""
    informal = with_move("informal_food")
    assert -0.55 <= change(informal, 1, "TUR", "USA", FOOD) <= -0.35
    assert -0.95 <= change(informal, 4, "TUR", "USA", FOOD) <= -0.80
    formal = with_move("ban_food")
    assert -0.97 <= change(formal, 1, "TUR", "USA", FOOD) <= -0.90


def test_an_export_ban_acts_on_the_banning_side_exports() -> None:
    """Section 2a: a US ban on metals exports to Turkey cuts them 90-97% at once and leaves
    Turkey's metals exports to the US within 1%."""
    pair = with_move("no_metals_to")
    assert -0.97 <= change(pair, 1, "USA", "TUR", METALS) <= -0.90
    assert abs(change(pair, 1, "TUR", "USA", METALS)) < 0.01


def test_a_price_boom_raises_the_value_of_the_group() -> None:
    """Section 2a: metal prices doubling doubles the value of Turkey's metals exports at once
    (+95% to +105% to every buyer) and raises Turkey's growth in that turn."""
    pair = paired(SCENARIO, 2, (1, ("USA", "metals_boom", "USA")), games=GAMES)
    for buyer in ("USA", "DEU"):
        assert 0.95 <= change(pair, 1, "TUR", buyer, METALS) <= 1.05
    assert pair.effect(1, "growth", "TUR") > 0.0


def test_conditions_read_goods_measures_and_prices() -> None:
    """`goods(A, B, GROUP)`, `measure(BY, ON, KIND, GROUP)` and `price(GROUP)` read the state:
    two duties stack to a rate of 0.5; the boom puts the metals price at 2."""
    from leverage.core.expr import compile_condition

    pair = paired(SCENARIO, 2, (2, ("USA", "duty_metals", "TUR")),
                  plays={1: [("USA", "duty_metals", "TUR"), ("USA", "metals_boom", "USA")]},
                  games=4)
    world, state = pair.world, pair.moved[2]
    rate = compile_condition("measure(USA, TUR, import_tariff, metals)", world)
    assert np.allclose(rate.evaluate(world, state), 0.5)
    assert np.allclose(compile_condition("price(metals)", world).evaluate(world, state), 2.0)
    flow_now = compile_condition("goods(TUR, USA, metals)", world).evaluate(world, state)
    assert np.allclose(flow_now, state.goods[:, 0, 1, METALS])  # type: ignore[index]


def test_move_cards_say_what_measures_and_prices_do() -> None:
    """A move's effects in words: the measure, its size, whose goods, that measures add up."""
    from leverage.session import describe_move
    from tests.model.paired import scenario

    world, _ = scenario(SCENARIO)
    usa, tur = world.country("USA"), world.country("TUR")
    duty = describe_move(world, world.move_index("duty_metals"), usa, tur)
    assert duty == ("United States adds 25% to its import tariff on Turkey's metals "
                    "(measures add up).",)
    boom = describe_move(world, world.move_index("metals_boom"), usa, usa)
    assert boom == ("World price of metals +100% of its starting price.",)


def test_a_measure_in_force_at_the_start_is_already_in_the_starting_trade() -> None:
    """Section 2a: with the 25% duty already in force at the start (`measures:`), the same
    games play as without it: Turkey's metals exports to the US and to Russia, and the pair's
    trade, stay within 3% of the games without the measure after one and four turns."""
    from tests.model.paired import play

    plain, duty = play(SCENARIO, 4, games=GAMES), play("pastor_duty_in_force", 4, games=GAMES)
    world = with_move("duty_metals").world
    tur, usa, rus = (world.country(c) for c in ("TUR", "USA", "RUS"))
    for turn in (1, 4):
        for buyer in (usa, rus):
            ratio = np.median(duty[turn].goods[:, tur, buyer, METALS]  # type: ignore[index]
                              / plain[turn].goods[:, tur, buyer, METALS])  # type: ignore[index]
            assert abs(float(ratio) - 1.0) < 0.03, (turn, buyer, ratio)
        ratio = np.median(duty[turn].trade[:, tur, usa] / plain[turn].trade[:, tur, usa])
        assert abs(float(ratio) - 1.0) < 0.03, (turn, ratio)


def test_lifting_a_measure_in_force_at_the_start_brings_the_flow_back() -> None:
    """Section 2a: lifting that duty at turn 1 multiplies Turkey's metals exports to the US by
    2.1-2.6 at once (1.25^4 = 2.44, less the resales that no longer come back) and the resales
    to Russia unwind over the following turns (5-25% lower after one turn, 15-40% after four)."""
    pair = paired("pastor_duty_in_force", 4, (1, ("USA", "lift_duty_metals", "TUR")),
                  games=GAMES)
    assert 1.1 <= change(pair, 1, "TUR", "USA", METALS) <= 1.6
    assert -0.25 <= change(pair, 1, "TUR", "RUS", METALS) <= -0.05
    assert -0.40 <= change(pair, 4, "TUR", "RUS", METALS) <= -0.15
