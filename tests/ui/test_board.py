"""The projector board of a hosted class game, the set-up option that starts one, Continue that
hosts it again, and what hosting leaves out of the game's start-up."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("aiohttp")

from tests.net.helpers import free_port, hosted_session, playable  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]



def port_open(port: int) -> bool:
    """True when something listens on 127.0.0.1:port."""
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def host(app: Any, session: Any = None) -> Any:
    """Host a four-team game on the loopback address and show its board."""
    from leverage.net.host import Hosting
    from leverage.ui.screens.board import show_board

    hosting = Hosting.start(session or hosted_session(ask_reasons=False), "127.0.0.1",
                            free_port())
    show_board(app, hosting)
    return hosting


def test_board_follows_the_teams_and_ends_the_turn(ui: Any) -> None:
    """Joined, planned and ready show on the board; End turn now plays the turn; the results
    strip and Last results appear; Stop hosting closes the port."""
    from leverage.ui.screens.board import BoardScreen, status_words

    hosting = host(ui.app)
    classroom = hosting.classroom
    ui.tick(3)
    assert isinstance(ui.app.top, BoardScreen)
    assert port_open(classroom.port)
    first, second = list(classroom.teams)[:2]
    move, target = playable(classroom.session, first)
    classroom.submit(first, {"op": "plan", "move": move, "target": target, "reason": "x"})
    classroom.submit(second, {"op": "ready"})
    ui.wait_until(lambda: classroom.session.is_ready(second))
    rows = {t["role"]: t for t in classroom.board["teams"]}
    assert status_words(rows[first])[0] == "1 move planned"
    assert status_words(rows[second])[0] == "READY"
    assert status_words(rows[list(classroom.teams)[2]])[:2] == ("Not joined yet",
                                                                "the computer plays")
    turn = classroom.session.turn
    ui.click(ui.button("End turn now"))
    ui.wait_until(lambda: classroom.session.turn == turn + 1 and classroom.resolving is None)
    ui.tick(3)
    assert ui.button("Last results").is_enabled
    from leverage.ui.screens.results import ResultsScreen

    ui.click(ui.button("Last results"))
    ui.tick(3)
    assert isinstance(ui.app.top, ResultsScreen)  # the "why" charts for the whole class
    ui.key(27)  # Esc: back to the board
    ui.tick(3)
    assert isinstance(ui.app.top, BoardScreen)
    logged = {m.country for m in classroom.session.records[-1].moves if not m.computer}
    assert first in logged
    ui.click(ui.button("Stop hosting"))
    ui.tick(2)
    ui.key(ord("y"))
    ui.tick(3)
    assert ui.app.hosting is None and not port_open(classroom.port)


def test_timer_ends_the_turn_for_joined_teams(ui: Any) -> None:
    """With a timer, the turn is played when it runs out (once a team has joined)."""
    session = hosted_session(ask_reasons=False)
    session.turn_seconds = 60
    hosting = host(ui.app, session)
    classroom = hosting.classroom
    now = [0.0]
    classroom.clock = lambda: now[0]
    classroom.turn_started = 0.0
    now[0] = 120.0
    ui.tick(2)
    assert classroom.session.turn == session.turn and classroom.resolving is None  # nobody
    assert classroom.seconds_left() == 60  # the timer waits for the first team
    reply = classroom.submit(next(iter(classroom.teams)), {"op": "ready", "ready": False})
    ui.wait_until(lambda: reply.done())
    turn = session.turn
    assert session.turn == turn and classroom.resolving is None  # a full minute to plan
    now[0] = 200.0
    ui.wait_until(lambda: session.turn == turn + 1 and classroom.resolving is None)
    hosting.stop()


def test_setup_option_hosts_and_continue_hosts_again_with_the_same_codes(ui: Any) -> None:
    """'Teams join from their own devices' starts a hosted game on the chosen address; after
    the host stops, Continue (the autosave) hosts it again with the same codes and plans."""
    from leverage.resources import find_scenario_file
    from leverage.scenario import load_scenario
    from leverage.storage import newest_autosave
    from leverage.ui.screens.board import BoardScreen
    from leverage.ui.screens.saveload import SaveLoader
    from leverage.ui.screens.setup import SetupScreen
    from tests.net.helpers import SCENARIO

    loaded = load_scenario(str(find_scenario_file(SCENARIO)))
    setup = SetupScreen(ui.app, loaded)
    ui.app.push(setup)
    ui.tick(2)
    ui.click(ui.button("[ ] Teams join from their own devices"))
    ui.tick(2)
    setup.address_entry.set_text("127.0.0.1")
    ui.click(ui.button("Start game"))
    ui.tick(3)
    assert isinstance(ui.app.top, BoardScreen)
    hosting = ui.app.hosting
    classroom = hosting.classroom
    assert classroom.address == "127.0.0.1"
    codes = {role: team.join_code for role, team in classroom.teams.items()}
    role = next(iter(codes))
    move, target = playable(classroom.session, role)
    reply = classroom.submit(role, {"op": "plan", "move": move, "target": target, "reason": "r"})
    ui.wait_until(lambda: reply.done())
    assert reply.result()["ok"]
    hosting.stop()
    ui.app.hosting = None
    loader = SaveLoader(newest_autosave())
    loader.run()
    assert loader.finish(ui.app) is None
    ui.tick(2)
    assert isinstance(ui.app.top, BoardScreen)
    again = ui.app.hosting.classroom
    assert {r: t.join_code for r, t in again.teams.items()} == codes
    assert [m.move_id for m in again.session.planned(role)] == [move]


def test_starting_the_game_does_not_import_the_web_server() -> None:
    """aiohttp and segno are imported only when a game is hosted (start-up stays fast)."""
    code = ("import sys, leverage.cli, leverage.ui.app, leverage.ui.screens.title, leverage.ui.screens.setup, "
            "leverage.ui.screens.board, leverage.net.host; "
            "print([m for m in ('aiohttp', 'segno') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env={"SDL_VIDEODRIVER": "dummy", "PATH": "/usr/bin:/bin"}, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_students_text_is_escaped_in_the_debrief() -> None:
    """A reason typed on a team page is text in the debrief page, never markup."""
    from leverage.net.classroom import Classroom
    from leverage.report.debrief import debrief_html

    session = hosted_session(ask_reasons=True)
    session.autosave = False
    classroom = Classroom(session, "127.0.0.1", 1)
    role = next(iter(classroom.teams))
    move, target = playable(session, role)
    evil = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    assert classroom.apply(role, {"op": "plan", "move": move, "target": target,
                                  "reason": evil})["ok"]
    session.end_turn()
    html = debrief_html(session)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert" in html


def test_teacher_pause_undo_and_redo_reach_the_teams(ui: Any) -> None:
    """The teacher's controls steer the hosted game: the pause curtain holds every team's
    actions and the timer; a turn taken back brings the teams' plans back; redo plays it."""
    from leverage.ui.screens.teacher import PauseScreen, TeacherScreen

    session = hosted_session(ask_reasons=False)
    session.turn_seconds = 300
    hosting = host(ui.app, session)
    classroom = hosting.classroom
    role = next(iter(classroom.teams))
    move, target = playable(session, role)
    assert classroom.apply(role, {"op": "plan", "move": move, "target": target})["ok"]
    board = ui.app.top
    board.open_teacher()
    ui.tick(2)
    assert isinstance(ui.app.top, TeacherScreen)
    ui.click(ui.button("4. Pause the game"))
    ui.tick(3)
    assert isinstance(ui.app.top, PauseScreen) and classroom.paused and classroom.board["paused"]
    left = classroom.seconds_left()
    refused = classroom.submit(role, {"op": "ready"})
    ui.wait_until(lambda: refused.done())
    assert not refused.result()["ok"] and "paused" in refused.result()["error"]
    ui.click(ui.button("Resume (Enter)"))
    ui.tick(3)
    assert not classroom.paused and abs((classroom.seconds_left() or 0) - (left or 0)) < 2
    turn = session.turn
    classroom.end_turn_now()
    ui.wait_until(lambda: session.turn == turn + 1 and classroom.resolving is None)
    board.undo_now()
    assert session.turn == turn and [m.move_id for m in session.planned(role)] == [move]
    assert [p["move"] for p in classroom.views[role]["planned"]] == [move]
    board.redo_now()
    assert session.turn == turn + 1 and classroom.views[role]["turn"] == turn + 1
    hosting.stop()


def test_opening_another_game_stops_hosting(ui: Any) -> None:
    """The server listens only while its hosted game is the one open."""
    hosting = host(ui.app)
    port = hosting.classroom.port
    ui.tick(2)
    assert port_open(port)
    ui.app.session = hosted_session()
    ui.tick(2)
    assert ui.app.hosting is None and not port_open(port)


@pytest.mark.parametrize(("size", "scale"), [
    ((800, 560), 1.0), ((1280, 720), 1.0), ((1280, 720), 1.5), ((1280, 720), 2.0),
    ((1920, 1080), 1.0), ((1920, 1080), 1.5), ((1920, 1080), 2.0)])
def test_ten_teams_and_the_map_share_the_board(ui: Any, size: tuple[int, int],
                                               scale: float) -> None:
    """Ten teams' cards and the map side by side, before and after a turn: nothing outside
    the window, no text over other text, a line cut short shows whole in its tooltip; every
    team's join code is on the board, whole; the map answers the mouse."""
    from types import SimpleNamespace

    import pygame

    from leverage.net.classroom import Classroom
    from leverage.ui.screens.board import BoardScreen, show_board
    from tests.net.helpers import ten_team_session
    from tests.ui.test_layout_sizes import layout_problems

    ui.app.set_window_size(size)
    ui.app.set_scale(scale)
    session = ten_team_session()
    session.autosave = False
    session.turn_seconds = 300  # the clock in the header too
    classroom = Classroom(session, "127.0.0.1", 8765)
    classroom.message = "The game could not be autosaved: the disk is full."
    assert len(classroom.teams) == 10
    assert classroom.apply(next(iter(classroom.teams)), {"op": "ready"})["ok"]
    classroom.publish(set(classroom.teams))
    show_board(ui.app, SimpleNamespace(classroom=classroom, stop=lambda: None))
    ui.app.hosting = None  # nothing to pump: the classroom is driven here
    board = ui.app.top
    assert isinstance(board, BoardScreen)
    for played in (0, 1):
        ui.tick(8)
        assert layout_problems(ui.app, f"board {size} {scale} turn {played}") == []
        lines = ui.app.text_log.on(ui.app.window)
        drawn = {line.text for line in lines}
        codes = {team.join_code for team in classroom.teams.values()}
        code_lines = [line for line in lines if line.text.replace(" ", "") in codes]
        assert {line.text.replace(" ", "") for line in code_lines} == codes
        assert not any(line.cut for line in code_lines)
        assert classroom.message in drawn
        assert any(re.fullmatch(r"[45]:\d\d", text) for text in drawn)  # the clock
        teams, shown = board.areas["teams"], board.map.rect
        assert shown.width > size[0] // 4 and shown.height > size[1] // 3
        assert not shown.colliderect(teams) and ui.app.window.get_rect().contains(shown)
        assert board.map.snapshot is not None
        assert board.map.snapshot.version[0] == len(session.states)  # the world as it is now
        if played == 0:
            session.end_turn()
            classroom.publish(set(classroom.teams))
    assert "results" in board.areas and not board.areas["results"].colliderect(shown)
    assert any(line.text.startswith(f"Turn {session.turn - 1} (") for line in
               ui.app.text_log.on(ui.app.window))
    flag = board.map.flag_rect("BRA")  # a flag is on top of the shapes it may cover
    assert flag is not None and shown.contains(flag)
    point = flag.center
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=point, rel=(0, 0),
                                         buttons=(0, 0, 0)))
    ui.tick(30)
    assert "Brazil" in (board.tooltip_at(point) or "")
