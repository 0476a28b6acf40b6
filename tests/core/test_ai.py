"""Computer players: legal moves only, sensible easy rules, history replay, look-ahead strength."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from leverage.core import ai
from leverage.core.actions import Actions
from leverage.core.compiled import compile_world
from leverage.core.playtest import run_games
from leverage.core.rules import COL, compiled, legal_mask
from leverage.core.state import State
from leverage.core.step import step
from leverage.core.streams import Streams
from leverage.core.world import HistoryMove, Objective, RoleDef, World
from tests.core.factory import RUS, TUR, USA, VEN, indicator, make_state


def _cost_ok(world: World, state: State, moves: np.ndarray) -> bool:
    """True when no country spends more political capital than it has."""
    cost = np.array([m.cost for m in world.moves])
    spent = ((moves > 0) * cost[None, None, :]).sum(axis=2)
    return bool((spent <= state.ind[:, :, COL["capital"]] + 1e-9).all())


@pytest.mark.parametrize(("level", "turns"), [("easy", 8), ("normal", 4), ("hard", 2)])
def test_every_level_plays_only_legal_moves(world: World, level: str, turns: int) -> None:
    """`step` checks every move; a whole game at each level never raises and stays affordable."""
    state = make_state(world, batch=3)
    rng = np.random.default_rng(11)
    played = 0
    for _ in range(turns):
        acts = ai.choose_actions(world, state, level, rng)
        assert _cost_ok(world, state, acts.moves)
        played += int((acts.moves > 0).sum())
        state, _ = step(world, state, acts, rng)
    assert played > 0
    assert state.turn == turns
    assert np.isfinite(state.ind).all()


def test_sparse_legality_matches_the_rules(world: World) -> None:
    """`legal_entries` agrees with `rules.legal_mask` on states reached by real play."""
    state = make_state(world, batch=16)
    rng = np.random.default_rng(3)
    tab = ai.tables(world)
    for _ in range(6):
        dense = legal_mask(world, state)
        sparse = ai.legal_entries(world, state)
        assert np.array_equal(dense[:, tab.ei, tab.em, tab.et], sparse)
        assert int(dense.sum()) == int(sparse.sum())
        state, _ = step(world, state, ai.choose_actions(world, state, "easy", rng), rng)


def test_easy_aims_hostile_moves_at_rivals(world: World) -> None:
    """The United States embargoes Venezuela (relation -70), not Turkey (+20)."""
    state = make_state(world, batch=400)
    acts = ai.choose_actions(world, state, "easy", np.random.default_rng(5))
    m = world.move_index("oil_embargo")
    targets = acts.moves[:, USA, m]
    assert (targets > 0).sum() > 40
    assert set(np.unique(targets[targets > 0]) - 1) <= {VEN, RUS}
    assert (targets == VEN + 1).sum() > 0.8 * (targets > 0).sum()


def _with_proposal(world: World, relation: float, batch: int) -> State:
    """Venezuela has proposed gold refining to Turkey; their relation is `relation`."""
    state = make_state(world, batch=batch)
    pending = state.pending.copy()
    pending[:, VEN, TUR, world.move_index("refine_gold_turkey")] = True
    rel = state.relations.copy()
    rel[:, VEN, TUR] = rel[:, TUR, VEN] = relation
    return state.evolve(pending=pending, relations=rel, anchor=rel.copy())


def test_easy_accepts_friends_and_declines_rivals(world: World) -> None:
    """Proposals are accepted by friends far more often than by rivals."""
    m = world.move_index("refine_gold_turkey")
    friends = ai.choose_actions(world, _with_proposal(world, 60.0, 300), "easy",
                                np.random.default_rng(1))
    rivals = ai.choose_actions(world, _with_proposal(world, -60.0, 300), "easy",
                               np.random.default_rng(1))
    assert friends.accept[:, TUR, VEN, m].mean() > 0.9
    assert rivals.accept[:, TUR, VEN, m].mean() < 0.1
    assert not friends.accept[:, USA].any()


def test_history_player_replays_what_happened(world: World) -> None:
    """History players play exactly the recorded moves, on their turns, and nothing else."""
    pm, emb = world.move_index("print_money"), world.move_index("oil_embargo")
    hist = compile_world(replace(world, history_moves=(
        HistoryMove(turn=1, country=VEN, move=pm, target=VEN),
        HistoryMove(turn=2, country=USA, move=emb, target=VEN),
    )))
    state = make_state(hist, batch=2)
    rng = np.random.default_rng(0)
    first = ai.choose_actions(hist, state, "history", rng)
    assert first.moves[:, VEN, pm].tolist() == [VEN + 1, VEN + 1]
    assert int((first.moves > 0).sum()) == 2
    state, _ = step(hist, state, first, rng)
    second = ai.choose_actions(hist, state, "history", rng)
    assert second.moves[:, USA, emb].tolist() == [VEN + 1, VEN + 1]
    assert int((second.moves > 0).sum()) == 2


def test_human_countries_are_left_empty(world: World) -> None:
    """A human country gets no moves, answers or votes from the computer."""
    state = _with_proposal(world, 60.0, 4)
    levels = ["easy"] * world.n
    levels[TUR] = "human"
    acts = ai.choose_actions(world, state, levels, np.random.default_rng(2))
    assert not acts.moves[:, TUR].any()
    assert not acts.accept[:, TUR].any()
    assert acts.moves[:, USA].any()


def test_choose_for_and_answers_for_one_country(world: World) -> None:
    """The session's helpers return legal (move, target) pairs and answer arrays for game 0."""
    state = _with_proposal(world, 60.0, 1)
    rng = np.random.default_rng(4)
    picks = ai.choose_for(world, state, VEN, "normal", rng)
    legal = legal_mask(world, state)[0, VEN]
    assert all(legal[m, t] for m, t in picks)
    answers = ai.answer_proposals(world, state, TUR, "normal", rng)
    assert answers.shape == (world.n, len(world.moves))
    assert not answers[USA].any()
    assert ai.vote(world, state, RUS, "easy", rng).shape == (world.n, len(world.bloc_ids))


def test_choices_are_deterministic(world: World) -> None:
    """The same state and seed give the same decisions at every level."""
    state = make_state(world, batch=4)
    for level in ("easy", "normal"):
        a = ai.choose_actions(world, state, level, np.random.default_rng(9))
        b = ai.choose_actions(world, state, level, np.random.default_rng(9))
        assert np.array_equal(a.moves, b.moves)
        assert np.array_equal(a.accept, b.accept)


def test_unknown_level_is_refused(world: World) -> None:
    """A misspelt level is a ValueError naming the choices."""
    with pytest.raises(ValueError, match="easy"):
        ai.normalise_levels(world, "expert")
    with pytest.raises(ValueError, match="one per country"):
        ai.normalise_levels(world, ["easy"])


def _hawk_world(world: World) -> World:
    """The test World with Venezuela's role scored on bringing inflation down only.

    The easy rules know nothing of a role's aims (they print money as readily as they stop),
    so a player that looks ahead at the role's score should do far better.
    """
    aim = Objective("Bring inflation from 1,000% to 100%", indicator(VEN, "inflation"), 100.0,
                    1000.0, 1.0)
    return compile_world(replace(world, roles=(RoleDef(VEN, "Inflation hawk", (aim,), 50.0),)
                                 + world.roles[1:]))


def test_look_ahead_beats_the_rules(world: World) -> None:
    """Normal (and hard) players score far better than easy ones for the same role and seed."""
    hawk = _hawk_world(world)
    printing = hawk.move_index("print_money")
    means, printed = {}, {}
    for level, games in (("easy", 40), ("normal", 40), ("hard", 10)):
        levels = ["easy"] * hawk.n
        levels[VEN] = level
        result = run_games(hawk, make_state(hawk), games, 5, levels, seed=21, record=False)
        means[level] = result.mean_score(0)
        printed[level] = float((result.played[:, VEN, printing] > 0).mean())
    assert means["normal"] > means["easy"] + 20.0, means
    assert means["hard"] > means["easy"] + 20.0, means
    assert printed["normal"] < printed["easy"] - 0.3, printed


def _played_states(name: str, games: int, turns: int) -> tuple[World, State]:
    """A shipped scenario after `turns` turns of easy play in `games` games (all different)."""
    from tests.core.test_batch_equals_single import shipped

    world, start = shipped(name)
    state = start.repeat(games)
    rng = np.random.default_rng(17)
    for _ in range(turns):
        state, _ = step(world, state, ai.choose_actions(world, state, "easy", rng), rng)
    return world, state


@pytest.mark.parametrize("level", ["easy", "normal", "hard"])
def test_a_game_decides_alike_alone_and_in_a_batch(level: str) -> None:
    """With the same stream per game, every game's moves, answers and votes are the same
    whether it is decided inside a batch of seven or alone (look-ahead strength does not
    depend on the batch size)."""
    world, state = _played_states("lavrov_caracas", 7, 3)
    streams = Streams.from_seeds(np.arange(7) + 40)
    rng = np.random.default_rng(0)
    together = ai.choose_actions(world, state, level, rng, streams=streams)
    assert together.moves.any()
    for g in range(state.batch):
        alone = ai.choose_actions(world, state.select(g), level, rng,
                                  streams=streams.select(np.array([g])))
        assert np.array_equal(together.moves[g], alone.moves[0]), g
        assert np.array_equal(together.accept[g], alone.accept[0]), g
        assert np.array_equal(together.votes[g], alone.votes[0]), g


def test_a_game_decides_alike_in_small_chunks() -> None:
    """The look-ahead's memory chunks do not change a game's decisions either."""
    world, state = _played_states("gold_route", 5, 2)
    streams = Streams.from_seeds(np.arange(5))
    cfg = ai.lookahead_config("normal")
    base, plan = ai.easy_actions(world, state, streams.child("easy"))
    roles = sorted(ai.role_of_country(world))
    wide = ai._lookahead(world, state, roles, cfg, base, plan, streams.child("normal"))
    narrow = ai._lookahead(world, state, roles, replace(cfg, max_rows=1), base, plan,
                           streams.child("normal"))
    assert np.array_equal(wide.moves, narrow.moves)
    assert np.array_equal(wide.accept, narrow.accept)



def test_hard_rolls_out_no_turn_past_the_game() -> None:
    """Hard's rollouts stop at the game's last turn (a turn after the end is never played, so it
    must not count in a move's value); normal keeps its two turns."""
    world, state = _played_states("pastor_and_steel", 2, 0)
    hard, normal = ai.lookahead_config("hard"), ai.lookahead_config("normal")
    assert ai._horizon(world, state, hard) == hard.turns
    last = state.evolve(turn=int(world.turns) - 1)
    assert ai._horizon(world, last, hard) == 1
    assert ai._horizon(world, state.evolve(turn=int(world.turns) - 3), hard) == 3
    assert ai._horizon(world, last, normal) == normal.turns

def _after_pending(world: World, state: State) -> State:
    """The state after a quiet turn in which every pending proposal is accepted."""
    from leverage.core.step import Shocks, resolve

    acts = Actions.empty(state.batch, world.n, len(world.moves), len(world.bloc_ids))
    acts.accept[:] = np.transpose(state.pending, (0, 2, 1, 3))
    b, n = state.batch, world.n
    quiet = Shocks(np.zeros(b), np.zeros((b, n)), np.zeros((b, n)),
                   np.ones((b, len(world.events))))
    return resolve(world, state, acts, quiet, scored=False)[0]


def _levers_of(world: World, i: int, m: int, t: int) -> set[tuple[str, int, int, int, float]]:
    """The (kind, a, b, item, level) levers that country i playing move m on t sets."""
    return {(c.kind, int(c.a_idx[i, t]), int(c.b_idx[i, t]), c.item, float(c.amount))
            for c in compiled(world).levers[m]}


@pytest.mark.parametrize(("name", "level"), [("beyond_dollar", "easy"),
                                             ("lavrov_caracas", "easy"),
                                             ("gold_route", "easy"),
                                             ("beyond_dollar", "normal")])
def test_no_move_whose_levers_are_already_set(name: str, level: str) -> None:
    """No computer player plays a move (such as offering to prepay for oil) whose every lever
    is already in force, will be set by a pending proposal, or is set by another country's
    move this turn: such a move costs capital and changes nothing."""
    from leverage.core.rules import _levers_done
    from tests.core.test_batch_equals_single import shipped

    world, start = shipped(name)
    games = 40 if level == "easy" else 6
    state = start.repeat(games)
    rng = np.random.default_rng(3)
    rules = compiled(world)
    checked = 0
    for _ in range(min(world.turns, 16)):
        acts = ai.choose_actions(world, state, level, rng)
        hyp = _after_pending(world, state)
        for g, i, m in np.argwhere(acts.moves):
            if not rules.levers[m]:
                continue
            t = int(acts.moves[g, i, m]) - 1
            checked += 1
            assert not _levers_done(rules, int(m), hyp)[g, i, t], (world.moves[m].id, g)
            others: set[tuple[str, int, int, int, float]] = set()
            for j, k in np.argwhere(acts.moves[g]):
                if j < i and rules.levers[k]:
                    others |= _levers_of(world, int(j), int(k), int(acts.moves[g, j, k]) - 1)
            assert not _levers_of(world, int(i), int(m), t) <= others, (world.moves[m].id, g)
        state, _ = step(world, state, acts, rng)
    assert checked > 20
