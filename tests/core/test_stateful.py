"""A stateful Hypothesis test: random legal moves for many turns keep every value in range."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from leverage.core.actions import IllegalMoveError
from leverage.core.rules import legal_mask
from leverage.core.state import COL
from leverage.core.step import step
from leverage.core.vocab import INDICATORS
from tests.core.factory import make_state, make_world, no_actions

BATCH = 2


class RandomPlay(RuleBasedStateMachine):
    """Plays random legal moves, answers and votes; checks the state after every turn."""

    def __init__(self) -> None:
        """Start a fresh game."""
        super().__init__()
        self.world = make_world()
        self.state = make_state(self.world, BATCH)
        self.rng = np.random.default_rng(0)

    @rule(data=st.data())
    def play_turn(self, data: st.DataObject) -> None:
        """Every country plays random legal moves within its budget."""
        world, state = self.world, self.state
        mask = legal_mask(world, state)
        actions = no_actions(world, BATCH)
        for b in range(BATCH):
            for i in range(world.n):
                budget = float(state.ind[b, i, COL["capital"]])
                options = [(int(m), int(t)) for m, t in zip(*np.nonzero(mask[b, i]), strict=True)]
                picks = data.draw(st.lists(st.sampled_from(options), max_size=3, unique_by=lambda x: x[0])
                                  if options else st.just([]))
                for m, t in picks:
                    cost = world.moves[m].cost
                    if cost <= budget + 1e-9:
                        actions.moves[b, i, m] = t + 1
                        budget -= cost
        actions.accept[...] = data.draw(st.booleans()) & state.pending.transpose(0, 2, 1, 3)
        actions.votes[...] = data.draw(st.booleans())
        self.state, _ = step(world, state, actions, self.rng, explain=data.draw(st.booleans()))

    @rule(data=st.data())
    def illegal_move_raises(self, data: st.DataObject) -> None:
        """A move outside the legal mask is refused and the state stays as it was."""
        world, state = self.world, self.state
        mask = legal_mask(world, state)[0]
        illegal = np.argwhere(~mask)
        if illegal.size == 0:
            return
        i, m, t = (int(x) for x in illegal[data.draw(st.integers(0, len(illegal) - 1))])
        actions = no_actions(world, BATCH)
        actions.moves[0, i, m] = t + 1
        before = state.ind.copy()
        with pytest.raises(IllegalMoveError):
            step(world, state, actions, np.random.default_rng(0))
        assert np.array_equal(state.ind, before)

    @invariant()
    def values_are_finite_and_in_range(self) -> None:
        """No NaN, no infinity, every indicator within its declared range."""
        s = self.state
        for name, value in s.arrays().items():
            if value.dtype.kind == "f":
                assert np.all(np.isfinite(value)), name
        for ind in INDICATORS:
            v = s.get(ind.name, self.world.params)
            assert np.all((v >= ind.low) & (v <= ind.high)), (ind.name, v)
        assert np.all(np.abs(s.relations) <= 100)
        for arr in (s.sanctions, s.bite, s.deals, s.policies, s.policy_eff, s.frozen):
            assert np.all((arr >= 0) & (arr <= 1))
        assert np.all((s.score >= 0) & (s.score <= 100))
        assert np.allclose(s.relations, s.relations.transpose(0, 2, 1))


RandomPlay.TestCase.settings = settings(
    max_examples=12, stateful_step_count=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TestRandomPlay = RandomPlay.TestCase
