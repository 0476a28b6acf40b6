"""Computer players: hard beats normal beats easy, measured on the same games (same seed)."""

from __future__ import annotations

from leverage.core.playtest import level_strength
from tests.model.paired import scenario


def test_hard_beats_normal_beats_easy_for_venezuela_in_the_gold_route() -> None:
    """Venezuela's role in The Gold Route, every other country at normal: the mean final score
    rises from easy to normal to hard, and hard wins at least as often as easy.  The full table
    of every role of the three article scenarios is `python main.py simulate SCENARIO --games
    300 --compare-levels` (docs/model.md, section 12)."""
    world, state = scenario("gold_route")
    role = next(r for r, rd in enumerate(world.roles) if world.codes[rd.country] == "VEN")
    row = level_strength(world, state, role, games=24, turns=world.turns, seed=1)
    easy, normal, hard = row.mean
    assert easy + 10.0 < normal < hard, row
    assert row.win[2] >= row.win[0], row
