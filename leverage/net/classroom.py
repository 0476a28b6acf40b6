"""The game-thread side of a hosted class game: teams, their actions and the views they see.

The web server (in its own process, `leverage.net.link`) never touches the session. Each team's
message comes through the relay to `Classroom.requests` (`submit`, from any thread) and its
reply goes back the same way; the game's frame loop calls `pump()`, which
applies the messages through the session's own calls (`plan`, `unplan`, `respond`, `vote`,
`finish_planning`), rebuilds the views of the teams concerned and autosaves, so a plan is kept as
soon as it is made. The views are plain JSON-able dicts replaced whole, never changed in place;
the relay sends each new one to the server.
"""

from __future__ import annotations

import queue
import secrets
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Letters of a join code: no 0/O, 1/I/L, so a code read off a projector is typed right.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
#: Longest time the frame loop spends on the teams' messages and views in one frame (seconds).
PUMP_BUDGET = 0.004
#: Encoded states the saver keeps (a game's turns, with room for undone ones).
MAX_KEPT_STATES = 64
#: Shortest time between two autosaves of the teams' plans (seconds).
SAVE_INTERVAL = 0.0
#: Messages a team may send: their names and the fields they carry.
OPS = ("plan", "unplan", "respond", "vote", "ready", "forecast")
#: Requests that change nothing in the game (no autosave, no new view until their result).
READ_ONLY_OPS = ("forecast",)
#: A team page's forecast: futures and turns ahead (fewer than the turn screen's, many teams
#: ask at once).
FORECAST_FUTURES = 400
FORECAST_TURNS = 6


class HostError(Exception):
    """The classroom could not be hosted (bad address, port in use, no such role)."""


@dataclass
class Team:
    """A role played from the team's own devices: its join code and session token."""

    role: str
    join_code: str
    token: str


@dataclass
class Request:
    """One team's message waiting for the game thread, and where its reply goes."""

    role: str
    message: dict[str, Any]
    reply: Future[dict[str, Any]]


def new_code(taken: set[str]) -> str:
    """A fresh join code, unlike every code in `taken`."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            return code


def role_codes(session: Any) -> list[str]:
    """The country codes of the scenario's scored roles, in scenario order."""
    world = session.world
    return [world.codes[role.country] for role in world.roles]


def make_teams(session: Any) -> dict[str, Team]:
    """A join code and a session token for every scored role."""
    teams: dict[str, Team] = {}
    for role in role_codes(session):
        code = new_code({t.join_code for t in teams.values()})
        teams[role] = Team(role, code, secrets.token_urlsafe(24))
    return teams


def teams_from_save(hosting: dict[str, Any]) -> dict[str, Team]:
    """The teams kept in a save's hosting record."""
    return {str(role): Team(str(role), str(pair[0]), str(pair[1]))
            for role, pair in (hosting.get("teams") or {}).items()}


def team_by_code(teams: dict[str, Team], code: str) -> Team | None:
    """The team whose join code is `code` (case and spaces ignored), or None."""
    typed = "".join(str(code).split()).upper()[:32]
    for team in teams.values():
        if secrets.compare_digest(team.join_code, typed):
            return team
    return None


def team_by_token(teams: dict[str, Team], token: str) -> Team | None:
    """The team holding session token `token`, or None."""
    for team in teams.values():
        if secrets.compare_digest(team.token.encode(), str(token)[:128].encode()):
            return team
    return None


def answer(replies: list[tuple[Future[dict[str, Any]], dict[str, Any]]]) -> None:
    """Hand each waiting team its reply."""
    for future, reply in replies:
        if not future.done():
            future.set_result(reply)


class Saver:
    """Autosaves written beside the frame loop: the game thread takes the save's data (a
    fraction of a millisecond), this thread writes it (with fsync, milliseconds) and then
    releases the replies that wait for it. Saves queued meanwhile are coalesced: the newest
    is written, every waiting reply released after it."""

    def __init__(self) -> None:
        """A writer thread, started on the first save."""
        self._cond = threading.Condition()
        self._pending: tuple[Any, Path, dict[str, Any]] | None = None
        self._replies: list[tuple[Future[dict[str, Any]], dict[str, Any]]] = []
        self._thread: threading.Thread | None = None
        self._busy = False
        self._snapshots: dict[int, tuple[Any, dict[str, Any]]] = {}
        self._texts: dict[int, tuple[Any, str]] = {}

    def save(self, session: Any, replies: list[tuple[Future[dict[str, Any]],
                                                     dict[str, Any]]]) -> None:
        """Take the session's save data now; write it and answer `replies` in the thread."""
        from leverage.storage import new_autosave_path, saves_dir, session_to_json

        try:
            data = session_to_json(session, autosave=True,
                                   snapshots=[self._encoded(s) for s in session.states])
            # named now, so the autosaves sort in the order the game was in
            target = new_autosave_path(session, saves_dir())
        except Exception as error:  # never lose the replies over a save problem
            session.autosave_warning = f"The game could not be autosaved: {error}"
            answer(replies)
            return
        with self._cond:
            self._pending = (session, target, data)
            self._replies.extend(replies)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="host-save", daemon=True)
                self._thread.start()
            self._cond.notify()

    def _encoded(self, state: Any) -> dict[str, Any]:
        """A state as saved, worked out once (states never change once made)."""
        from leverage.storage import encode_state

        kept = self._snapshots.get(id(state))
        if kept is None or kept[0] is not state:
            kept = self._snapshots[id(state)] = (state, encode_state(state))
            if len(self._snapshots) > 4 * MAX_KEPT_STATES:
                self._snapshots = {id(state): kept}
        return kept[1]

    def _text(self, data: dict[str, Any]) -> str:
        """The save as JSON text; each state's part is turned into text once (the largest
        part of a save, and the same in every save of the game)."""
        import json

        parts = []
        for snapshot in data["snapshots"]:
            kept = self._texts.get(id(snapshot))
            if kept is None or kept[0] is not snapshot:
                kept = self._texts[id(snapshot)] = (snapshot, json.dumps(
                    snapshot, separators=(",", ":")))
            parts.append(kept[1])
        if len(self._texts) > 4 * MAX_KEPT_STATES:
            self._texts = {}
        head = json.dumps({k: v for k, v in data.items() if k != "snapshots"},
                          separators=(",", ":"))
        return head[:-1] + ',"snapshots":[' + ",".join(parts) + "]}"

    def _run(self) -> None:
        """Write the newest pending save, then answer everyone who waited for it."""
        while True:
            with self._cond:
                while self._pending is None:
                    self._busy = False
                    self._cond.notify_all()
                    self._cond.wait()
                self._busy = True
                (session, target, data), self._pending = self._pending, None
                replies, self._replies = self._replies, []
            write_autosave(session, target, self._text(data))
            answer(replies)

    def flush(self, timeout: float = 10.0) -> None:
        """Wait until every queued save is written (tests, shutting down)."""
        with self._cond:
            self._cond.wait_for(lambda: self._pending is None and not self._busy, timeout)


def write_autosave(session: Any, target: Path, text: str) -> None:
    """Write a save's JSON text as an autosave at `target` (a failure becomes the session's
    warning)."""
    from leverage.core.actions import LeverageError
    from leverage.storage import atomic_write_text, prune_autosaves

    try:
        atomic_write_text(target, text)
        prune_autosaves(target.parent)
        session.last_autosave = target
        session.autosave_warning = None
    except (OSError, LeverageError) as error:
        session.autosave_warning = f"The game could not be autosaved: {error}"


class Classroom:
    """The hosted turn: teams, the queue of their actions, the published views and the timer."""

    def __init__(self, session: Any, address: str, port: int,
                 teams: dict[str, Team] | None = None, clock: Callable[[], float] = time.monotonic
                 ) -> None:
        """Host `session` at `address`:`port`; `teams` from a save keep their codes."""
        self.session = session
        self.address = address
        self.port = int(port)
        self.teams = teams or teams_from_save(session.hosting) or make_teams(session)
        self.clock = clock
        self.requests: queue.Queue[Request] = queue.Queue()
        #: The latest view of each role and of the board; replaced whole, read by the server.
        self.views: dict[str, dict[str, Any]] = {}
        self.board: dict[str, Any] = {}
        #: Called with the roles whose view changed (from the game thread).
        self.listeners: list[Callable[[set[str]], None]] = []
        self.connected: dict[str, int] = {role: 0 for role in self.teams}
        self.turn_started = clock()
        self.end_requested = False
        self.resolving: threading.Thread | None = None
        self._resolved: Any = None
        self._resolve_error = ""
        self.message = ""
        self.last_report: Any = session.reports[-1] if session.reports else None
        self._lock = threading.Lock()
        self.saver = Saver()
        #: Each team's latest forecast (what its page charts), and the worker computing them.
        self.forecasts: dict[str, dict[str, Any]] = {}
        self._forecaster: Any = None
        #: True while the teacher's pause curtain is up (set by the board): no actions, the
        #: timer stands still.
        self.is_paused: Callable[[], bool] = lambda: False
        self.paused = False
        self._left_at_pause: float | None = None
        #: Each role's move cards as worked out for the current state (see views.options).
        self.kept_options: dict[str, Any] = {}
        #: Each team's briefing, indicators and results, per state and report (views.py).
        self.kept_parts: dict[str, Any] = {}
        self._dirty: set[str] = set()
        self._resolve_waited = False
        self._save_due = False
        self._last_save = 0.0
        self._waiting: list[tuple[Future[dict[str, Any]], dict[str, Any]]] = []
        self._remember()
        self.publish(set(self.teams))

    # -- set-up and tokens ------------------------------------------------------------------
    def _remember(self) -> None:
        """Keep the address, port, codes and tokens in the session (and so in its saves)."""
        self.session.hosting = {
            "address": self.address, "port": self.port,
            "teams": {role: [t.join_code, t.token] for role, t in self.teams.items()},
        }

    def join(self, code: str) -> Team | None:
        """The team whose join code is `code` (case and spaces ignored), or None."""
        return team_by_code(self.teams, code)

    def team_of(self, token: str) -> Team | None:
        """The team holding session token `token`, or None."""
        return team_by_token(self.teams, token)

    def join_url(self, team: Team | None = None) -> str:
        """The address students open (with the team's code, for a QR code)."""
        host = f"[{self.address}]" if ":" in self.address else self.address
        base = f"http://{host}:{self.port}/"
        return f"{base}?code={team.join_code}" if team is not None else base

    # -- from the relay (any thread) -----------------------------------------------------------
    def submit(self, role: str, message: dict[str, Any]) -> Future[dict[str, Any]]:
        """Queue a team's message for the game thread; the future gets the reply."""
        request = Request(role, message, Future())
        self.requests.put(request)
        return request.reply

    def seen(self, role: str, delta: int) -> None:
        """A device of `role` connected (+1) or left (-1)."""
        with self._lock:
            self.connected[role] = max(0, self.connected.get(role, 0) + delta)

    # -- on the game thread -----------------------------------------------------------------
    def pump(self, budget: float = PUMP_BUDGET) -> int:
        """Apply the queued messages (for at most `budget` seconds), check the timer, finish a
        resolved turn; returns the number of messages applied."""
        if self.resolving is not None:
            if self.resolving.is_alive():
                return self._refuse_while_resolving()
            self._finish_resolve()
        self._follow_pause()
        started = time.perf_counter()
        answered: list[tuple[Request, dict[str, Any]]] = []
        while time.perf_counter() - started < budget:
            try:
                request = self.requests.get_nowait()
            except queue.Empty:
                break
            reply = self.apply(request.role, request.message)
            if reply.get("ok") and request.message.get("op") not in READ_ONLY_OPS:
                self._dirty.add(request.role)
                self._save_due = True
            answered.append((request, reply))
        self._poll_forecasts()
        self._waiting.extend((request.reply, reply) for request, reply in answered)
        self._save(started)
        self._rebuild(started, budget)
        if self.should_resolve():
            # the turn starts at the next frame when this one's budget is spent
            if time.perf_counter() - started < budget or self._resolve_waited:
                self._resolve_waited = False
                self.start_resolve()
            else:
                self._resolve_waited = True
        elif self.session.turn_seconds:
            if not self.joined_roles():  # the timer starts once a team has joined
                self.turn_started = self.clock()
            self._publish_board_if_ticked()
        return len(answered)

    def _refuse_while_resolving(self) -> int:
        """While the turn is being played the session is busy: the teams' requests get an
        answer at once (their pages say the turn is being played); a device joining or
        leaving waits for the new turn."""
        later: list[Request] = []
        refused = 0
        while True:
            try:
                request = self.requests.get_nowait()
            except queue.Empty:
                break
            if request.message.get("op") == "_joined":
                later.append(request)
                continue
            request.reply.set_result({"ok": False, "error": "the turn is being played: wait "
                                                            "for the results"})
            refused += 1
        for request in later:
            self.requests.put(request)
        return refused

    def _save(self, now: float) -> None:
        """Autosave the changes (at most every SAVE_INTERVAL); the replies waiting for it are
        answered once it is written ("done" means the plan is on disk)."""
        if not self._save_due:
            answer(self._waiting)
            self._waiting = []
            return
        if not self.session.autosave:
            self._save_due = False
            answer(self._waiting)
            self._waiting = []
            return
        if now - self._last_save < SAVE_INTERVAL:
            return
        self._save_due = False
        self._last_save = now
        waiting, self._waiting = self._waiting, []
        self.saver.save(self.session, waiting)

    def _rebuild(self, started: float, budget: float) -> None:
        """Rebuild the views of the teams whose game changed, within the frame's budget (at
        least one a frame; the rest next frame)."""
        if not self._dirty:
            return
        from leverage.net.views import team_view

        built: set[str] = set()
        for role in list(self._dirty):
            if built and time.perf_counter() - started >= budget:
                break
            self.views[role] = team_view(self, role)
            built.add(role)
            self._dirty.discard(role)
        self._announce(built)

    def apply(self, role: str, message: dict[str, Any]) -> dict[str, Any]:
        """Apply one team's message through the session; the reply says ok or why not."""
        from leverage.core.actions import LeverageError

        op = message.get("op")
        if op == "_joined" and role in self.teams:  # from the server: a device joined or left
            self._join_role(role)
            return {"ok": True}
        if op not in OPS:
            return {"ok": False, "error": f"unknown request '{str(op)[:40]}'"}
        if self.paused:
            return {"ok": False, "error": "the teacher has paused the game"}
        if role not in self.teams:
            return {"ok": False, "error": "this device does not play a role in this game"}
        if self.session.is_over:
            return {"ok": False, "error": "the game is over"}
        self._join_role(role)
        try:
            getattr(self, f"_op_{op}")(role, message)
        except LeverageError as error:
            return {"ok": False, "error": str(error)}
        except (KeyError, TypeError, ValueError) as error:
            return {"ok": False, "error": f"a malformed request: {str(error)[:200]}"}
        return {"ok": True}

    def _join_role(self, role: str) -> None:
        """From its first action on, a role is played by its team, not the computer."""
        from leverage.session import PlayerConfig

        config = self.session.players.get(role)
        if config is not None and not config.human:
            self.session.players[role] = PlayerConfig("human", config.level, config.name)

    def joined(self, role: str) -> bool:
        """True when a team plays `role` (it joined; the computer plays it otherwise)."""
        config = self.session.players.get(role)
        return bool(config is not None and config.human)

    def mark_joined(self, role: str) -> None:
        """A device joined with `role`'s code: the team plays the role from now on."""
        self._join_role(role)
        self.publish({role})

    def _op_plan(self, role: str, message: dict[str, Any]) -> None:
        """Plan a move (with its reason) for the team's role."""
        from leverage.core.actions import Move

        reason = str(message.get("reason", ""))
        self.session.plan(role, Move(str(message["move"]), role,
                                     str(message.get("target") or role), reason))

    def _op_unplan(self, role: str, message: dict[str, Any]) -> None:
        """Take a planned move back."""
        self.session.unplan(role, str(message["move"]))

    def _op_respond(self, role: str, message: dict[str, Any]) -> None:
        """Accept or decline a proposal in the team's inbox."""
        from leverage.core.actions import IllegalMoveError

        for proposal in self.session.inbox(role):
            if proposal.proposer == message["proposer"] and proposal.move_id == message["move"]:
                self.session.respond(role, proposal, bool(message["accept"]))
                return
        raise IllegalMoveError("there is no such proposal waiting for an answer")

    def _op_vote(self, role: str, message: dict[str, Any]) -> None:
        """Vote on an application to join a bloc."""
        from leverage.core.actions import IllegalMoveError

        for application in self.session.bloc_applications(role):
            if application.applicant == message["applicant"] and \
                    application.bloc == message["bloc"]:
                self.session.vote(role, application, bool(message["yes"]))
                return
        raise IllegalMoveError("there is no such vote for this team")

    def _op_ready(self, role: str, message: dict[str, Any]) -> None:
        """Done planning (or not done after all); a "ready" sent for a turn already played is
        refused, so it never counts for the next one."""
        from leverage.core.actions import IllegalMoveError

        turn = message.get("turn")
        if turn is not None and turn != self.session.turn:
            raise IllegalMoveError("that turn has already been played: look at the new turn")
        if message.get("ready", True):
            self.session.finish_planning(role)
        else:
            self.session.unready(role)

    def _op_forecast(self, role: str, message: dict[str, Any]) -> None:
        """Ask the forecast worker for the futures with and without a move the team may play."""
        from leverage.core.actions import IllegalMoveError, Move

        move_id = str(message["move"])
        target = str(message.get("target") or role)
        card = next((c for c in self.session.options(role) if c.id == move_id), None)
        if card is None or target not in card.targets:
            raise IllegalMoveError("a forecast needs a move the team can play now, on a target "
                                   "it can be played on")
        key = (self.session.turn, role, move_id, target)
        self.forecasts[role] = {"move": move_id, "target": target, "pending": True}
        self._dirty.add(role)
        worker = self._worker()
        if not worker.request(key, role, Move(move_id, role, target),
                              futures=FORECAST_FUTURES, turns=FORECAST_TURNS):
            done = worker.result(key)
            if done is not None:
                self._take_forecast(done)

    def _worker(self) -> Any:
        """The forecast worker (started on first use; a process when possible)."""
        if self._forecaster is None:
            import os

            from leverage.ui.forecast_worker import ForecastPool, ForecastWorker

            pool = None if os.environ.get("LEVERAGE_FORECAST") == "thread" else ForecastPool()
            self._forecaster = ForecastWorker(self.session, max_pending=4 * len(self.teams),
                                              pool=pool)
        return self._forecaster

    def _poll_forecasts(self) -> None:
        """Hand finished forecasts to their teams' views."""
        if self._forecaster is None:
            return
        for result in self._forecaster.poll():
            self._take_forecast(result)

    def _take_forecast(self, result: Any) -> None:
        """Keep a finished forecast for its team (if it is still the one the team asked for)."""
        from leverage.net.views import forecast_chart

        turn, role, move_id, target = result.key
        asked = self.forecasts.get(role, {})
        if turn != self.session.turn or (asked.get("move"), asked.get("target")) != (
                move_id, target):
            return
        if not result.ok:
            self.forecasts[role] = {"move": move_id, "target": target,
                                    "error": "The forecast could not be worked out."}
        else:
            self.forecasts[role] = forecast_chart(self.session, role, move_id, target,
                                                  result.value)
        self._dirty.add(role)

    def close(self) -> None:
        """Stop the forecast worker and its process."""
        worker, self._forecaster = self._forecaster, None
        if worker is not None:
            worker.close()
            if worker.pool is not None:
                worker.pool.close()

    # -- the turn ---------------------------------------------------------------------------
    def _follow_pause(self) -> None:
        """The pause curtain went up or down: hold the timer, tell the teams."""
        paused = bool(self.is_paused())
        if paused == self.paused:
            return
        if paused:
            self._left_at_pause = self.seconds_left()
        elif self._left_at_pause is not None:
            self.turn_started = self.clock() - (self.session.turn_seconds - self._left_at_pause)
        self.paused = paused
        self._announce(set())

    def restart_timer(self) -> None:
        """The timer starts again for this turn (its length was changed)."""
        self.turn_started = self.clock()
        self._announce(set())

    def say(self, message: str) -> None:
        """Show `message` on the board and the teams' status line."""
        self.message = message
        self._announce(set())

    def devices_gone(self) -> None:
        """Every device lost its connection (the server stopped): none is counted."""
        with self._lock:
            self.connected = {role: 0 for role in self.teams}

    def history_changed(self) -> None:
        """A turn was taken back or played again: every team sees the game as it is now."""
        self.last_report = self.session.reports[-1] if self.session.reports else None
        self.forecasts = {}
        self.turn_started = self.clock()
        self.session.autosave_now()
        self.publish(set(self.teams))

    def seconds_left(self) -> float | None:
        """Seconds left on the turn's timer (None without a timer)."""
        if not self.session.turn_seconds:
            return None
        if self.paused and self._left_at_pause is not None:
            return self._left_at_pause
        return max(0.0, float(self.session.turn_seconds) - (self.clock() - self.turn_started))

    def joined_roles(self) -> list[str]:
        """Roles played by teams."""
        return [role for role in self.teams if self.joined(role)]

    def should_resolve(self) -> bool:
        """True when the turn ends now: every team is ready, the timer ran out or the teacher
        ended it (computer players fill the roles no team joined)."""
        session = self.session
        if session.is_over or session.read_only is not None or self.resolving is not None \
                or self.paused:
            return False
        if self.end_requested:
            return True
        joined = self.joined_roles()
        if not joined:
            return False
        if all(session.is_ready(role) for role in joined):
            return True
        left = self.seconds_left()
        return left is not None and left <= 0.0

    def end_turn_now(self) -> None:
        """The teacher ends the turn early (the plans made so far stand)."""
        self.end_requested = True

    def start_resolve(self) -> None:
        """Resolve the turn in a background thread (the frame loop keeps running)."""
        self.end_requested = False
        self._last_save = 0.0
        self._save(time.perf_counter())  # every plan made is on disk before the turn
        self.resolving = threading.Thread(target=self._resolve, name="host-turn", daemon=True)
        self.resolving.start()
        self._show_resolving()

    def _show_resolving(self) -> None:
        """Every page says the turn is being played: the views not yet rebuilt since their
        last change are built now, the others only change their flag (nothing else in them
        can change until the turn is played)."""
        from leverage.net.views import team_view

        for role in self.teams:
            if role in self._dirty or role not in self.views:
                self.views[role] = team_view(self, role)
            else:
                self.views[role] = {**self.views[role], "resolving": True}
        self._dirty.clear()
        self._announce(set(self.teams))

    def _resolve(self) -> None:
        """Background: the session resolves the turn and autosaves."""
        try:
            self._resolved = self.session.end_turn()
        except Exception as error:  # shown on the board, never a traceback
            self._resolve_error = f"The turn could not be resolved: {error}"

    def wait_resolved(self, timeout: float = 60.0) -> None:
        """Block until a turn being resolved is done, and publish it (tests, tools)."""
        if self.resolving is not None:
            self.resolving.join(timeout)
            self.pump(0.0)
            for _ in self.teams:  # the new turn's views, at least one a pump
                if not self._dirty or self.resolving is not None:
                    break
                self.pump(0.0)

    def _finish_resolve(self) -> None:
        """Back on the game thread: the new turn starts; every team sees its results."""
        self.resolving = None
        report, self._resolved = self._resolved, None
        self.message, self._resolve_error = self._resolve_error, ""
        if report is not None:
            self.last_report = report
        self.forecasts = {}
        self.turn_started = self.clock()
        self._dirty.update(self.teams)  # rebuilt within the frames' budget, a few a frame
        self.board = self.board_view()

    def _publish_board_if_ticked(self) -> None:
        """With a timer, refresh the board's countdown once a second."""
        left = self.seconds_left()
        shown = self.board.get("seconds_left")
        if left is not None and (shown is None or int(shown) != int(left)):
            self._announce(set())

    # -- views --------------------------------------------------------------------------------
    def _announce(self, roles: set[str]) -> None:
        """A new board, and the listeners told which teams' views changed."""
        self.board = self.board_view()
        for listener in list(self.listeners):
            listener(roles)

    def publish(self, roles: set[str]) -> None:
        """Rebuild the views of `roles` and the board, and tell the listeners."""
        from leverage.net.views import team_view

        for role in roles:
            if role in self.teams:
                self.views[role] = team_view(self, role)
                self._dirty.discard(role)
        self._announce(set(roles))

    def status(self) -> list[dict[str, Any]]:
        """Every team's progress: joined, moves planned, ready, devices connected."""
        session = self.session
        rows = []
        for role in self.teams:
            rows.append({"role": role, "name": session.player_name(role),
                         "joined": self.joined(role), "planned": len(session.planned(role)),
                         "ready": session.is_ready(role),
                         "devices": self.connected.get(role, 0)})
        return rows

    def board_view(self) -> dict[str, Any]:
        """What the projector (and every team page's status line) shows: the address, each
        team's progress, the timer."""
        session = self.session
        return {"type": "status", "turn": session.turn, "turns": session.turns,
                "date": session.date, "over": session.is_over, "teams": self.status(),
                "paused": self.paused,
                "seconds_left": self.seconds_left(), "resolving": self.resolving is not None,
                "message": self.message, "url": self.join_url()}
