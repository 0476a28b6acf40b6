"""Pastor and Steel's US duties on Turkish metals act in one direction.

The scenario starts with the US duties of 2018 on Turkish steel and aluminium in force (44% on
the metals group, `measures:`) and Turkey's answer, duties on US farm goods and manufactures,
comes with an event in the first turn. Paired games (same seed): as shipped, and with the US
duties lifted at turn 1 (`pastor_lift_duties` in `paired.VARIANTS`). The duties in force keep
Turkey's metals exports to the US at 1.44^-4 = 23% of what they would be without them
(docs/model.md, section 2a, tariff elasticity 4), and leave US exports to Turkey alone.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from leverage.core.vocab import GOODS
from tests.model.paired import Pair, paired

GAMES = 40
METALS = GOODS.index("metals")


@cache
def lifted() -> Pair:
    """The games as shipped and with every US duty on Turkish metals lifted at turn 1."""
    return paired("pastor_lift_duties", 4, (1, ("USA", "lift_all_metals", "TUR")), games=GAMES)


def flows(pair: Pair, states: str, turn: int, src: str, dst: str) -> np.ndarray:
    """(games, groups) exports from `src` to `dst` by product group after `turn` turns."""
    i, j = pair.world.codes.index(src), pair.world.codes.index(dst)
    goods = getattr(pair, states)[turn].goods
    assert goods is not None
    return np.asarray(goods[:, i, j, :])


def test_the_us_metals_duty_cuts_turkish_metals_to_the_us_only() -> None:
    """With the duties in force, Turkey's metals exports to the US are 74-80% lower than with
    them lifted, after one turn and after four (1.44^-4 = 0.23); US metals exports to Turkey
    and all US exports to Turkey differ by less than 1%, and Turkey's other exports to the US
    by less than 2%."""
    pair = lifted()
    for turn in (1, 4):
        kept = flows(pair, "base", turn, "TUR", "USA")
        free = flows(pair, "moved", turn, "TUR", "USA")
        cut = float(np.median(kept[:, METALS] / free[:, METALS] - 1.0))
        assert -0.80 <= cut <= -0.74, (turn, cut)
        others = [g for g in range(len(GOODS)) if g != METALS]
        assert np.all(np.abs(np.median(kept[:, others] / free[:, others] - 1.0, axis=0)) < 0.02)
        us_kept = flows(pair, "base", turn, "USA", "TUR")
        us_free = flows(pair, "moved", turn, "USA", "TUR")
        assert abs(float(np.median(us_kept[:, METALS] / us_free[:, METALS] - 1.0))) < 0.01
        total = float(np.median(us_kept.sum(axis=1) / us_free.sum(axis=1) - 1.0))
        assert abs(total) < 0.01, (turn, total)


def test_turkey_answers_with_duties_on_us_farm_goods_and_cars() -> None:
    """The retaliation event of the first turn puts Turkey's duties on US farm goods (6%) and
    manufactures (1%), and none on US metals; the US duty on Turkish metals stays at 44%."""
    from leverage.core.expr import compile_condition

    pair = lifted()
    world, state = pair.world, pair.base[1]

    def read(text: str) -> np.ndarray:
        return np.asarray(compile_condition(text, world).evaluate(world, state))

    assert np.allclose(read("measure(TUR, USA, import_tariff, agriculture)"), 0.06)
    assert np.allclose(read("measure(TUR, USA, import_tariff, manufactures)"), 0.01)
    assert np.allclose(read("measure(TUR, USA, import_tariff, metals)"), 0.0)
    assert np.allclose(read("measure(USA, TUR, import_tariff, metals)"), 0.44)
