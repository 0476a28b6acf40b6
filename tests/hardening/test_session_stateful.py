"""A Hypothesis state machine over the session: any sequence of plan, unplan, respond, end turn,
undo, redo, save, load and make-event-happen keeps the game consistent after every step."""

from __future__ import annotations

import functools
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from leverage.core.actions import IllegalMoveError, Move
from leverage.core.state import STORED
from leverage.core.vocab import indicator
from leverage.session import GameOverError, PlayerConfig, Session, states_equal
from leverage.storage import load_save, write_save

ROOT = Path(__file__).resolve().parents[2]
HUMANS = ("VEN", "TUR")


@functools.lru_cache(maxsize=1)
def loaded_scenario() -> Any:
    """The Gold Route, loaded once for every example."""
    from leverage.scenario import load_scenario

    return load_scenario(str(ROOT / "scenarios" / "gold_route.yaml"))


def new_session(seed: int) -> Session:
    """Two people (VEN, TUR), every other country an easy computer player, 6 turns."""
    loaded = loaded_scenario()
    players = {code: PlayerConfig("human" if code in HUMANS else "computer", "easy")
               for code in loaded.world.codes}
    session = Session.new(loaded, players, seed=seed, turns=6)
    session.autosave = False
    return session


class SessionMachine(RuleBasedStateMachine):
    """Commands a teacher or players can give, in any order."""

    def __init__(self) -> None:
        """A fresh game and a folder for its saves."""
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="leverage-stateful-"))
        self.session = new_session(7)
        self.undone: Any = None   # the state an undo dropped, while the plan is unchanged

    def teardown(self) -> None:
        """Remove the saves folder."""
        shutil.rmtree(self.folder, ignore_errors=True)

    def changed_plan(self) -> None:
        """A new decision: a redo no longer has to repeat the undone turn."""
        self.undone = None

    @rule(data=st.data())
    def plan(self, data: st.DataObject) -> None:
        """A person plans a card that is playable now (or is told why not)."""
        country = data.draw(st.sampled_from(HUMANS))
        options = [o for o in self.session.options(country) if o.targets]
        if not options:
            return
        option = data.draw(st.sampled_from(options))
        target = data.draw(st.sampled_from(option.targets))
        try:
            self.session.plan(country, Move(option.id, country, target, "because"))
        except (IllegalMoveError, GameOverError):
            return
        self.changed_plan()

    @rule(data=st.data())
    def unplan(self, data: st.DataObject) -> None:
        """A person takes a planned card back."""
        country = data.draw(st.sampled_from(HUMANS))
        planned = self.session.planned(country)
        if planned:
            self.session.unplan(country, data.draw(st.sampled_from(planned)).move_id)
            self.changed_plan()

    @rule(data=st.data())
    def respond(self, data: st.DataObject) -> None:
        """A person answers a proposal in their inbox."""
        country = data.draw(st.sampled_from(HUMANS))
        inbox = self.session.inbox(country)
        if inbox:
            self.session.respond(country, data.draw(st.sampled_from(inbox)), data.draw(st.booleans()))
            self.changed_plan()

    @rule(data=st.data())
    def make_event_happen(self, data: st.DataObject) -> None:
        """The teacher has an event happen at the end of the turn."""
        if self.session.is_over or not self.session.world.events:
            return
        event = data.draw(st.sampled_from(self.session.world.events))
        self.session.make_event_happen(event.id)
        self.changed_plan()

    @precondition(lambda self: not self.session.is_over)
    @rule()
    def end_turn(self) -> None:
        """Everyone has planned: the turn is resolved."""
        before = len(self.session.states)
        self.session.end_turn()
        assert len(self.session.states) == before + 1
        self.undone = None

    @precondition(lambda self: bool(self.session.records))
    @rule()
    def undo(self) -> None:
        """The teacher takes the last turn back."""
        dropped = self.session.state
        self.session.undo()
        self.undone = dropped

    @precondition(lambda self: self.undone is not None and not self.session.is_over)
    @rule()
    def redo(self) -> None:
        """Ending the undone turn again with the same plans gives the same state, bit for bit."""
        self.session.end_turn()
        assert states_equal(self.session.state, self.undone) is None
        self.undone = None

    @rule()
    def save_and_load(self) -> None:
        """A save loads back into the same game, plans included, and play goes on from it."""
        path = write_save(self.session, self.folder / "game.json")
        loaded = load_save(path, ROOT / "scenarios")
        loaded.autosave = False
        assert len(loaded.states) == len(self.session.states)
        for a, b in zip(loaded.states, self.session.states, strict=True):
            assert states_equal(a, b) is None
        assert loaded.plan_snapshot() == self.session.plan_snapshot()
        assert loaded.events_made_to_happen() == self.session.events_made_to_happen()
        self.session = loaded

    @invariant()
    def history_is_consistent(self) -> None:
        """One state more than records and reports; the turn follows the records."""
        session = self.session
        assert len(session.states) == len(session.records) + 1 == len(session.reports) + 1
        assert session.turn == len(session.records) + 1
        assert [s.turn for s in session.states] == list(range(len(session.states)))

    @invariant()
    def values_are_finite_and_in_range(self) -> None:
        """Every number finite; every stored indicator within its range."""
        state = self.session.state
        for name, value in state.arrays().items():
            if value.dtype.kind == "f":
                assert np.isfinite(value).all(), name
        for k, name in enumerate(STORED):
            ind = indicator(name)
            column = state.ind[..., k]
            assert (column >= ind.low - 1e-6).all() and (column <= ind.high + 1e-6).all(), name

    @invariant()
    def budgets_hold(self) -> None:
        """No person has planned more than their budget."""
        for country in HUMANS:
            assert self.session.budget_left(country) >= -1e-9


SessionMachine.TestCase.settings = settings(
    max_examples=12, stateful_step_count=18, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
test_session_stays_consistent = SessionMachine.TestCase
