"""Relations: a saturating target with no wall at +-100; one-off shifts fade.

Sizes as stated in docs/model.md, section 10 (paired counterfactuals, same seed).
"""

from __future__ import annotations

import numpy as np
import pytest

from leverage.core import mechanisms as mech
from leverage.core.params import Params
from tests.model.paired import Pair, paired, play

GAMES = 60
#: Per article scenario: what is played first (turn, player, move) and the US sanction imposed
#: at turn 6: a sanction lifted at turn 4 and imposed again; in Beyond the Dollar, where
#: Washington lifts the gold sanctions again only once Caracas keeps the Barbados promise, the
#: promise kept on the first turn (the gold licence then stands) and the gold sanctions imposed.
HOSTILE = {
    "gold_route": ((4, "USA", "lift_oil_embargo"), "oil_embargo"),
    "lavrov_caracas": ((4, "USA", "lift_officials_sanctions"), "sanction_officials"),
    "beyond_dollar": ((1, "VEN", "honour_barbados"), "gold_sector_sanctions"),
}


def relation_effect(pair: Pair, turn: int, a: str, b: str) -> float:
    """Median over games of (with - without) of the relation between a and b."""
    i, j = pair.world.codes.index(a), pair.world.codes.index(b)
    return float(np.median(pair.moved[turn].relations[:, i, j]
                           - pair.base[turn].relations[:, i, j]))


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_move_at_turn_6_still_registers(name: str) -> None:
    """Section 10: a US sanction imposed at turn 6 lowers US-Venezuela relations by 1-10
    points, and they are still at least a point lower two turns later."""
    (turn, player, first), hostile = HOSTILE[name]
    pair = paired(name, 8, (6, ("USA", hostile, "VEN")), plays={turn: [(player, first, "VEN")]},
                  games=GAMES)
    assert -10.0 <= relation_effect(pair, 6, "USA", "VEN") <= -1.0
    assert relation_effect(pair, 8, "USA", "VEN") <= -1.0


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_relations_never_reach_the_wall(name: str) -> None:
    """Section 10: with nobody moving, no relation reaches +-99 in a whole game."""
    states = play(name, 12, games=GAMES)
    for state in states[1:]:
        assert float(np.abs(state.relations).max()) < 99.0


def test_a_one_off_shift_fades() -> None:
    """Section 10: the long-run ties' shift of a move is half gone after `relation_fade_turns`
    turns; the relation itself follows them, so its shift is half gone after that plus
    `tau_relations` turns (within 15%)."""
    p = Params()
    half = int(p.relation_fade_turns)
    lag = int(p.tau_relations)
    pair = paired("tutorial", 1 + half + lag, (1, ("TUR", "comply_with_us", "TUR")),
                  games=GAMES)
    tur, usa = pair.world.codes.index("TUR"), pair.world.codes.index("USA")

    def ties(turn: int) -> float:
        """Median shift of Turkey-US long-run ties after `turn` turns."""
        return float(np.median(pair.moved[turn].anchor[:, tur, usa]
                               - pair.base[turn].anchor[:, tur, usa]))

    assert ties(1 + half) / ties(1) == pytest.approx(0.5, rel=1e-9)
    first = relation_effect(pair, 1, "TUR", "USA")
    assert first > 5.0
    assert relation_effect(pair, 1 + half + lag, "TUR", "USA") / first == pytest.approx(
        0.5, abs=0.075)


def test_a_shift_counts_less_near_the_walls_but_never_nothing() -> None:
    """Section 10: a -10 shift is about -10 at 0, -1.7 at -90 and still moves a relation at -99."""
    start = np.array([0.0, -90.0, -99.0])
    moved = mech.shift_relation(start, -10.0)
    np.testing.assert_allclose(moved[:2] - start[:2], [-9.97, -1.74], atol=0.05)
    assert moved[2] < start[2] and moved[2] > -100.0
    np.testing.assert_allclose(mech.saturate(mech.unsaturate(start)), start, atol=1e-9)
