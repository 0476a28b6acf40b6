"""A team's view: its own role only, and the move cards kept per state equal the session's."""

from __future__ import annotations

from leverage.core.actions import Move
from leverage.net.views import cards, indicators
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


def test_saver_text_is_the_save_and_loads(tmp_path: object) -> None:
    """The autosave written beside the frame loop (state texts kept between saves) is the same
    document as the game's save, and loads with its plans."""
    import json
    from concurrent.futures import Future

    from leverage.net.classroom import Saver
    from leverage.storage import load_save, newest_autosave, session_to_json

    session = hosted_session(ask_reasons=False)
    role = session.world.codes[session.world.roles[0].country]
    saver = Saver()
    for _ in range(2):
        move, target = playable(session, role)
        session.plan(role, Move(move, role, target, "kept"))
        done: Future[dict[str, object]] = Future()
        saver.save(session, [(done, {"ok": True})])
        assert done.result(timeout=10) == {"ok": True}  # answered once written
        saver.flush()
        path = newest_autosave()
        assert path is not None
        written = json.loads(path.read_text(encoding="utf-8"))
        expected = session_to_json(session, autosave=True)
        for key in ("saved_at",):
            written.pop(key), expected.pop(key)
        assert written == json.loads(json.dumps(expected))
        loaded = load_save(path)
        assert [m.move_id for m in loaded.planned(role)] == [move]
        session.end_turn()


def test_the_ten_team_scenario_is_valid_and_every_role_has_a_team() -> None:
    """The load test's class (tests/data/classroom/ten_teams.yaml) passes the loader's checks
    with no warning, and hosting it makes ten teams, each with moves to play."""
    from leverage.net.classroom import Classroom
    from leverage.scenario import check_file
    from tests.net.helpers import TEN_TEAMS, ten_team_session

    assert [str(p) for p in check_file(str(TEN_TEAMS))] == []
    session = ten_team_session()
    session.autosave = False
    classroom = Classroom(session, "127.0.0.1", 8765)
    assert len(classroom.teams) == 10
    for role in classroom.teams:
        assert any(c["available"] for c in classroom.views[role]["cards"]), role
