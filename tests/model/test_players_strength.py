"""Computer players: hard beats normal beats easy, measured on the same games (same seed)."""

from __future__ import annotations

from leverage.core.playtest import level_strength, run_games
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


def test_hard_beats_normal_for_the_united_states_beyond_the_dollar() -> None:
    """The United States' role in Beyond the Dollar, every other country at normal: hard scores
    clearly more than normal on the same games.  Hard judges a move by what it does over five
    turns with the role waiting afterwards; judged with the easy rules' later moves mixed in,
    it used to score 6 points below normal here."""
    world, state = scenario("beyond_dollar")
    role = next(r for r, rd in enumerate(world.roles) if world.codes[rd.country] == "USA")
    country = world.roles[role].country
    means = []
    for level in ("normal", "hard"):
        levels = ["normal"] * world.n
        levels[country] = level
        result = run_games(world, state, 48, world.turns, levels, seed=3, record=False)
        means.append(result.mean_score(role))
    assert means[0] + 1.0 < means[1], means
