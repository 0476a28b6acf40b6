"""Per-country parameters: a country given its own trend growth and inflation anchor settles at
them; the other countries do not move.

Sizes as stated in docs/model.md, section 8 and 9 (the same games, same seed, in Pastor and
Steel as shipped and with Qatar's own `model:`).
"""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path

import numpy as np

from leverage.core.state import State
from leverage.core.world import World
from tests.model.variants import played, variant

TURNS = 16
QATAR = ('      pay_eur: {value: 10, assumption: "euro trade"}\n  - code: RUS\n')
OWN = ('      pay_eur: {value: 10, assumption: "euro trade"}\n'
       '    model: {growth_trend: 5.0, inflation_anchor: 8.0}\n  - code: RUS\n')
COVER = ('      pay_eur: {value: 10, assumption: "euro trade"}\n'
         '    model: {import_share: 0.35, shortage_months: 6}\n  - code: RUS\n')


@cache
def both() -> tuple[World, list[State], World, list[State]]:
    """Pastor and Steel as shipped and with Qatar's own parameters: 40 games of 16 turns each,
    no moves, the same random draws."""
    with tempfile.TemporaryDirectory() as folder:
        base_world, base_start = variant("pastor_and_steel", Path(folder), [])
        own_world, own_start = variant("pastor_and_steel", Path(folder), [(QATAR, OWN)])
    return (base_world, played(base_world, base_start, TURNS, games=40), own_world,
            played(own_world, own_start, TURNS, games=40))


def median(world: World, states: list[State], turn: int, indicator: str, code: str) -> float:
    """Median over games of one indicator of one country after `turn` turns."""
    return float(np.median(states[turn].get(indicator, world.params)[:, world.country(code)]))


def test_a_country_settles_at_its_own_trend_and_anchor() -> None:
    """Sections 8 and 9: Qatar given a 5% trend and an 8% anchor grows 4-6% a year and has
    6-10% inflation after four years (2% and 4% by default: its growth stays below 3%)."""
    base_world, base, own_world, own = both()
    assert 4.0 <= median(own_world, own, TURNS, "growth", "QAT") <= 6.0
    assert 6.0 <= median(own_world, own, TURNS, "inflation", "QAT") <= 10.0
    assert median(base_world, base, TURNS, "growth", "QAT") < 3.0
    assert median(base_world, base, TURNS, "inflation", "QAT") < 6.0


def test_the_other_countries_are_unchanged() -> None:
    """Sections 8 and 9: the other countries' growth and inflation differ by less than 0.1
    points and their GDP by less than 0.5% (Qatar's faster growth raises their trade a little)."""
    base_world, base, own_world, own = both()
    for code in ("TUR", "USA", "RUS", "DEU"):
        for name in ("growth", "inflation"):
            gap = abs(median(own_world, own, TURNS, name, code)
                      - median(base_world, base, TURNS, name, code))
            assert gap < 0.1, (code, name, gap)
        ratio = median(own_world, own, TURNS, "gdp", code) / median(base_world, base, TURNS,
                                                                     "gdp", code)
        assert abs(ratio - 1.0) < 0.005, (code, ratio)


def test_a_country_own_reserve_cover_sets_its_dollar_needs() -> None:
    """Section 6: Qatar's own import share and months of cover set the reserves it needs
    (0.35 x 6/12 of GDP instead of 0.25 x 3/12); the others' stay the global ones."""
    base_world = both()[0]
    with tempfile.TemporaryDirectory() as folder:
        own_world, _ = variant("pastor_and_steel", Path(folder), [(QATAR, COVER)])
    q = own_world.country("QAT")
    own_need = own_world.parts().consts.need[0]
    base_need = base_world.parts().consts.need[0]
    assert np.isclose(own_need[q], 0.35 * 6 / 12) and np.isclose(base_need[q], 0.25 * 3 / 12)
    others = [k for k in range(own_world.n) if k != q]
    assert np.allclose(own_need[others], base_need[others])


def test_russia_keeps_its_oilfields_under_financial_sanctions() -> None:
    """Section 4: in Beyond the Dollar (full US financial sanctions on Russia since 2022) Russia's
    own `oil_fin_block` (0.1) keeps its oil capacity within 5% of the start after eight turns;
    with Venezuela's share (the global 0.9) it would lose more than 15%. Venezuela's capacity is
    the same in both."""
    turns, games = 8, 20
    with tempfile.TemporaryDirectory() as folder:
        own_world, own_start = variant("beyond_dollar", Path(folder), [])
        global_world, global_start = variant(
            "beyond_dollar", Path(folder), [("      oil_fin_block: 0.1\n", "      oil_fin_block: 0.9\n")])
    own = played(own_world, own_start, turns, games=games)
    glob = played(global_world, global_start, turns, games=games)

    def lost(world: World, states: list[State], code: str) -> float:
        """Share of the starting capacity lost after `turns` turns (median over games)."""
        return 1.0 - median(world, states, turns, "oil_capacity", code) / median(
            world, states, 0, "oil_capacity", code)

    assert lost(own_world, own, "RUS") < 0.05
    assert lost(global_world, glob, "RUS") > 0.15
    assert abs(lost(own_world, own, "VEN") - lost(global_world, glob, "VEN")) < 0.01
