"""How much relations move trade: the global `gamma_hostility`, or a pair's own value in the
scenario's `relations:` ("politics frozen, trade flows").

Sizes as stated in docs/model.md, section 2 (paired counterfactuals, same seed, Pastor and Steel
with a test move that sours US-Turkish relations).
"""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path

import numpy as np

from tests.model.paired import Pair
from tests.model.variants import paired_in, variant

QUARREL = ("\nmoves:\n", "\nmoves:\n  - {id: quarrel, name: Quarrel, by: [USA], target: [TUR], "
           "cost: 0, summary: Insults., effects: [{relation: -80}]}\n")
PAIR = "  - {between: [TUR, USA], value: {value: -35,"
FROZEN = "  - {between: [TUR, USA], gamma_hostility: 0, value: {value: -35,"


@cache
def quarrel(frozen: bool) -> Pair:
    """The US sours relations with Turkey at turn 1, with the global weight of hostility on
    trade or with none for this pair; 40 games, 4 turns."""
    edits = [QUARREL] + ([(PAIR, FROZEN)] if frozen else [])
    with tempfile.TemporaryDirectory() as folder:
        world, start = variant("pastor_and_steel", Path(folder), edits)
    return paired_in(world, start, 4, (1, ("USA", "quarrel", "TUR")), games=40)


def exports_change(pair: Pair, turn: int) -> float:
    """Median over games of with / without - 1 of Turkey's exports to the US."""
    tur, usa = pair.world.country("TUR"), pair.world.country("USA")
    moved, base = pair.moved[turn].trade[:, tur, usa], pair.base[turn].trade[:, tur, usa]
    return float(np.median(moved / base - 1.0))


def test_hostility_cuts_trade_by_default() -> None:
    """Section 2: a quarrel of 80 points (relations about 40 points worse after four turns)
    cuts Turkey's exports to the US by 10-30% after four turns with the global
    `gamma_hostility` 0.5."""
    assert -0.30 <= exports_change(quarrel(False), 4) <= -0.10


def test_a_pair_with_no_weight_trades_on_through_a_quarrel() -> None:
    """Section 2: with `gamma_hostility: 0` for the pair, the same quarrel moves its trade by
    less than 1%, while relations fall as much as with the global weight."""
    frozen, plain = quarrel(True), quarrel(False)
    assert abs(exports_change(frozen, 4)) < 0.01
    tur, usa = frozen.world.country("TUR"), frozen.world.country("USA")
    drop = [float(np.median(p.moved[4].relations[:, tur, usa] - p.base[4].relations[:, tur, usa]))
            for p in (frozen, plain)]
    assert drop[0] < -20.0 and abs(drop[0] - drop[1]) < 1.0, drop
