"""Legality of moves: the mask, the list, and specific errors for illegal moves."""

from __future__ import annotations

import numpy as np
import pytest

from leverage.core.actions import IllegalMoveError
from leverage.core.rules import legal_mask, legal_moves
from leverage.core.state import COL, State
from leverage.core.step import step
from leverage.core.world import World
from tests.core.factory import CHN, RUS, TUR, USA, VEN, make_state, play, simulate


def _legal(world: World, state: State, actor: int, move: str, target: int) -> bool:
    """Whether the mask allows actor to play move on target in game 0."""
    return bool(legal_mask(world, state)[0, actor, world.move_index(move), target])


def test_mask_shape_and_static_rules(world: World, state: State) -> None:
    """Only listed countries may play a move, on listed targets."""
    mask = legal_mask(world, state)
    assert mask.shape == (1, world.n, len(world.moves), world.n)
    assert _legal(world, state, USA, "oil_embargo", VEN)
    assert not _legal(world, state, VEN, "oil_embargo", USA)
    assert not _legal(world, state, USA, "oil_embargo", USA)
    assert not _legal(world, state, VEN, "refine_gold_turkey", CHN)


def test_legal_moves_lists_targets(world: World, state: State) -> None:
    """legal_moves gives each playable move with its legal targets."""
    moves = dict(legal_moves(world, state, USA))
    assert moves[world.move_index("oil_embargo")] == [VEN, RUS, TUR, CHN]
    assert world.move_index("refine_gold_turkey") not in moves
    assert all(targets for targets in moves.values())


def test_lever_already_at_level_is_not_legal(world: World, state: State) -> None:
    """The financing ban already in force on Venezuela cannot be imposed again; lifting it can."""
    assert not _legal(world, state, USA, "financial_sanctions", VEN)
    assert _legal(world, state, USA, "financial_sanctions", RUS)
    assert _legal(world, state, USA, "lift_financial", VEN)
    assert not _legal(world, state, USA, "lift_financial", RUS)


def test_condition_and_once(world: World) -> None:
    """A move whose condition is false, or a once-only move already played, is illegal."""
    states = simulate(world, 1, plays={0: [(VEN, "election_roadmap", VEN)]})
    assert _legal(world, states[0], VEN, "election_roadmap", VEN)
    assert not _legal(world, states[1], VEN, "election_roadmap", VEN)
    with pytest.raises(IllegalMoveError, match="once per game"):
        step(world, states[1], play(world, 1, [(VEN, "election_roadmap", VEN)]),
             np.random.default_rng(0))
    poor = states[0].evolve(ind=states[0].ind.copy())
    poor.ind[0, VEN, COL["gold_home"]] = 1.0
    assert not _legal(world, poor, VEN, "refine_gold_turkey", TUR)
    with pytest.raises(IllegalMoveError, match="condition `VEN.gold_home > 5` is false"):
        step(world, poor, play(world, 1, [(VEN, "refine_gold_turkey", TUR)]),
             np.random.default_rng(0))


def test_pending_proposal_cannot_be_repeated(world: World) -> None:
    """A proposal awaiting an answer cannot be made again."""
    states = simulate(world, 1, plays={0: [(VEN, "refine_gold_turkey", TUR)]})
    assert not _legal(world, states[1], VEN, "refine_gold_turkey", TUR)
    with pytest.raises(IllegalMoveError, match="still awaiting an answer"):
        step(world, states[1], play(world, 1, [(VEN, "refine_gold_turkey", TUR)]),
             np.random.default_rng(0))


def test_deal_in_force_cannot_be_proposed_again(world: World) -> None:
    """Once accepted, the same deal is not offered again (until it ends)."""
    states = simulate(world, 2, plays={0: [(VEN, "refine_gold_turkey", TUR)]},
                      accept={1: [(TUR, VEN, "refine_gold_turkey")]})
    assert not _legal(world, states[2], VEN, "refine_gold_turkey", TUR)
    assert _legal(world, states[2], VEN, "end_gold_refining", TUR)


def test_bloc_application_rules(world: World) -> None:
    """A member cannot apply again; a pending application blocks a second one."""
    states = simulate(world, 2, plays={0: [(VEN, "apply_brics", VEN)]},
                      votes={1: [(RUS, VEN, 0), (CHN, VEN, 0)]})
    assert not _legal(world, states[1], VEN, "apply_brics", VEN)
    assert not _legal(world, states[2], VEN, "apply_brics", VEN)


def test_wrong_country_message(world: World, state: State) -> None:
    """Playing another country's move names the move and who may play it."""
    with pytest.raises(IllegalMoveError, match=r"VEN may not play 'oil_embargo'.*only USA may"):
        step(world, state, play(world, 1, [(VEN, "oil_embargo", USA)]), np.random.default_rng(0))


def test_bad_target_message(world: World, state: State) -> None:
    """A target outside the allowed list is refused with the allowed targets."""
    with pytest.raises(IllegalMoveError, match="allowed targets are TUR"):
        step(world, state, play(world, 1, [(VEN, "refine_gold_turkey", CHN)]),
             np.random.default_rng(0))


def test_over_budget_message_gives_the_figures(world: World, state: State) -> None:
    """Spending more political capital than the country has is refused with the figures."""
    plays = [(USA, "oil_embargo", VEN), (USA, "secondary_sanctions", VEN),
             (USA, "trade_embargo", VEN)]
    with pytest.raises(IllegalMoveError, match="USA spends 6 political capital but has 4"):
        step(world, state, play(world, 1, plays), np.random.default_rng(0))


def test_single_move_over_budget(world: World, state: State) -> None:
    """A move costing more than the budget is not legal."""
    poor = state.evolve(ind=state.ind.copy())
    poor.ind[0, USA, COL["capital"]] = 1.0
    assert not _legal(world, poor, USA, "oil_embargo", VEN)
    with pytest.raises(IllegalMoveError, match="costs 2 political capital but USA has 1"):
        step(world, poor, play(world, 1, [(USA, "oil_embargo", VEN)]), np.random.default_rng(0))


def test_every_masked_move_is_accepted_by_step(world: World) -> None:
    """Each single move the mask allows is accepted by step (mask and checks agree)."""
    state = make_state(world)
    mask = legal_mask(world, state)[0]
    rng = np.random.default_rng(0)
    for i, m, t in zip(*np.nonzero(mask), strict=True):
        step(world, state, play(world, 1, [(int(i), world.moves[m].id, int(t))]), rng)
    assert mask.sum() > 20


def test_capital_resets_each_turn(world: World) -> None:
    """The budget is per turn: spending it does not carry over."""
    states = simulate(world, 2, plays={0: [(USA, "oil_embargo", VEN),
                                           (USA, "secondary_sanctions", VEN)]})
    assert states[1].ind[0, USA, COL["capital"]] == world.capital[USA]


@pytest.mark.parametrize("batch", [1, 3])
def test_check_actions_refuses_exactly_what_the_mask_excludes(world: World, batch: int) -> None:
    """One move each in different games (some illegal): refused iff the mask excludes one."""
    from leverage.core.actions import Actions
    from leverage.core.rules import check_actions

    states = simulate(world, 3, plays={0: [(USA, "oil_embargo", VEN)],
                                       1: [(VEN, "refine_gold_turkey", TUR)]}, batch=batch)
    rng = np.random.default_rng(4)
    met = {True: 0, False: 0}
    for state in states:
        mask = legal_mask(world, state)
        for _ in range(40):
            acts = Actions.empty(batch, world.n, len(world.moves), len(world.bloc_ids))
            picks = [(b, int(rng.integers(world.n)), int(rng.integers(len(world.moves))),
                      int(rng.integers(-1, world.n + 1))) for b in range(batch)]
            for b, i, m, t in picks:
                acts.moves[b, i, m] = t + 1
            legal = all(t == -1 or (0 <= t < world.n and bool(mask[b, i, m, t]))
                        for b, i, m, t in picks)
            try:
                check_actions(world, state, acts)
                refused = False
            except IllegalMoveError:
                refused = True
            assert refused == (not legal), picks
            met[refused] += 1
    assert met[True] and met[False]
