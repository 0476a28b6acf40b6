"""A team's view: its own role only, and the move cards kept per state equal the session's."""

from __future__ import annotations

from game.core.actions import Move
from game.net.views import cards, indicators
from tests.net.helpers import hosted_session, playable


def test_kept_cards_equal_the_sessions_after_plans_and_turns() -> None:
    """Cards worked out once per state, with the budget and plan filled in afresh, are the
    cards `Session.options` gives, before and after a plan and after a turn."""
    session = hosted_session(ask_reasons=False)
    session.autosave = False
    role = session.world.codes[session.world.roles[0].country]
    kept: dict[str, object] = {}
    assert cards(session, role, kept) == cards(session, role)
    for _ in range(2):
        move, target = playable(session, role)
        session.plan(role, Move(move, role, target))
        fresh = cards(session, role)
        assert cards(session, role, kept) == fresh
        assert any(c["planned"] for c in fresh)
        session.end_turn()
        assert cards(session, role, kept) == cards(session, role)


def test_indicators_are_now_and_a_turn_ago() -> None:
    """Each indicator row holds the value now and the turn before, as the session's series."""
    session = hosted_session(ask_reasons=False)
    session.autosave = False
    role = session.world.codes[session.world.roles[0].country]
    session.end_turn()
    for row in indicators(session, role):
        series = session.series(role, row["name"])
        assert row["value"] == float(series[-1]) and row["previous"] == float(series[-2])
