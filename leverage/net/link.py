"""The pipe between the game process and the web server's process.

The web server runs in a process of its own, so forty devices talking to it never hold the
projector's frame loop (a thread of the game process would share its interpreter lock). The two
ends of one `multiprocessing` pipe:

- `Relay`, in the game process: `poll()` (each frame) hands the teams' messages to the
  classroom (`Classroom.submit`) and sends each reply back once the classroom gives it (after
  the autosave, for a change); `changed(roles)` (a classroom listener) sends the new views and
  the board (pickled by the pipe, a fraction of the cost of JSON).
- `Gateway`, in the server's process: what the server knows of the classroom (the teams'
  codes and tokens, the latest view of each team and the board's, each turned into JSON text
  once there however many devices it goes to) and `submit`, which sends a message to the game
  process and returns an asyncio future for its reply.

Messages to the server: `("views", {role: view}, board | None)`, `("reply", ref, reply)`,
`("stop",)`. Messages to the game: `("request", ref, role, message)`, `("seen", role, delta)`,
and once, `("ready",)` or `("error", text)`. When the game process dies, the server's end reads
the end of the pipe and the server stops with it (its port is free for the restarted game).
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from leverage.net.classroom import Team, team_by_code, team_by_token


class Relay:
    """The game process's end: the teams' messages in, replies and views out."""

    def __init__(self, classroom: Any, conn: Any) -> None:
        """Relay between `classroom` and the server at the other end of `conn`."""
        self.classroom = classroom
        self.conn = conn
        self._lock = threading.Lock()
        self._sent: dict[str, Any] = {}
        self._sent_board: Any = None
        self.closed = False

    def send(self, message: tuple[Any, ...]) -> None:
        """Send one message to the server (from any thread of the game process)."""
        with self._lock:
            if self.closed:
                return
            try:
                self.conn.send(message)
            except (OSError, EOFError, ValueError):
                self.closed = True

    def poll(self) -> int:
        """Hand every message waiting in the pipe to the classroom; how many there were."""
        count = 0
        while not self.closed:
            try:
                if not self.conn.poll():
                    break
                message = self.conn.recv()
            except (OSError, EOFError, ValueError):
                self.closed = True
                break
            count += 1
            self.receive(message)
        return count

    def receive(self, message: tuple[Any, ...]) -> None:
        """One message from the server: a team's request, or a device come or gone."""
        if message[0] == "request":
            _, ref, role, data = message
            future = self.classroom.submit(role, data)
            future.add_done_callback(lambda done, ref=ref: self.replied(ref, done))
        elif message[0] == "seen":
            self.classroom.seen(message[1], int(message[2]))

    def replied(self, ref: int, future: Future[dict[str, Any]]) -> None:
        """The classroom answered request `ref`: send the reply to the server."""
        self.send(("reply", ref, future.result()))

    def changed(self, roles: set[str]) -> None:
        """A classroom listener: send the views of `roles` that changed, and the board."""
        classroom = self.classroom
        views = {}
        for role in roles:
            view = classroom.views.get(role)
            if view is not None and view is not self._sent.get(role):
                self._sent[role] = views[role] = view
        board = classroom.board
        new_board = None
        if board is not self._sent_board:
            self._sent_board = new_board = board
        if views or new_board is not None:
            self.send(("views", views, new_board))

    def everything(self) -> None:
        """Send every team's view and the board (when the server starts)."""
        self._sent, self._sent_board = {}, None
        self.changed(set(self.classroom.teams))

    def stop(self) -> None:
        """Tell the server to stop; no more messages either way."""
        self.send(("stop",))
        with self._lock:
            self.closed = True


class Gateway:
    """The server process's end: the classroom as the web server sees it."""

    def __init__(self, conn: Any, teams: dict[str, Team]) -> None:
        """The teams' codes and tokens; views arrive once `attach` has started reading."""
        self.conn = conn
        self.teams = teams
        self.views: dict[str, str] = {}
        self.board: str = ""
        self.loop: asyncio.AbstractEventLoop | None = None
        self.on_change: Callable[[set[str]], None] = lambda roles: None
        self.on_stop: Callable[[], None] = lambda: None
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._next = 0
        self._lock = threading.Lock()
        self._reader: threading.Thread | None = None

    def join(self, code: str) -> Team | None:
        """The team whose join code is `code`, or None."""
        return team_by_code(self.teams, code)

    def team_of(self, token: str) -> Team | None:
        """The team holding session token `token`, or None."""
        return team_by_token(self.teams, token)

    def send(self, message: tuple[Any, ...]) -> None:
        """Send one message to the game process (the server's loop, or its start)."""
        with self._lock:
            try:
                self.conn.send(message)
            except (OSError, EOFError, ValueError):
                pass

    def submit(self, role: str, message: dict[str, Any]) -> asyncio.Future[dict[str, Any]]:
        """Send a team's message to the game; the future gets the classroom's reply."""
        assert self.loop is not None, "attach() first"
        self._next += 1
        future: asyncio.Future[dict[str, Any]] = self.loop.create_future()
        self._pending[self._next] = future
        future.add_done_callback(lambda _done, ref=self._next: self._pending.pop(ref, None))
        self.send(("request", self._next, role, message))
        return future

    def seen(self, role: str, delta: int) -> None:
        """A device of `role` connected (+1) or left (-1)."""
        self.send(("seen", role, delta))

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """Read the game's messages from now on and apply them on `loop`."""
        self.loop = loop
        self._reader = threading.Thread(target=self._read, name="host-link", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        """The reader thread: every message goes to the loop; the pipe's end stops it."""
        loop = self.loop
        assert loop is not None
        while True:
            try:
                message = self.conn.recv()
            except (OSError, EOFError, ValueError):
                message = ("stop",)
            if loop.is_closed():
                return
            try:
                loop.call_soon_threadsafe(self.apply, message)
            except RuntimeError:  # the loop closed meanwhile
                return
            if message[0] == "stop":
                return

    def apply(self, message: tuple[Any, ...]) -> None:
        """On the server's loop: new views, a reply, or stop."""
        kind = message[0]
        if kind == "views":
            _, views, board = message
            self.views.update({role: json.dumps(view) for role, view in views.items()})
            if board is not None:
                self.board = json.dumps(board)
            self.on_change(set(views))
        elif kind == "reply":
            future = self._pending.pop(message[1], None)
            if future is not None and not future.done():
                future.set_result(message[2])
        elif kind == "stop":
            for future in self._pending.values():
                if not future.done():
                    future.set_result({"ok": False, "error": "the game has stopped hosting"})
            self._pending.clear()
            self.on_stop()


def run_server(conn: Any, address: str, port: int, teams: list[tuple[str, str, str]]) -> None:
    """The server process's entry point (aiohttp is imported there, never in the game)."""
    from leverage.net.server import serve

    serve(conn, address, port, teams)


def in_one_process(classroom: Any) -> tuple[Gateway, Relay]:
    """Both ends over a pipe within this process (tests serve the page on their own loop and
    pump the relay beside the classroom, as the game's frame loop does)."""
    import multiprocessing

    server_end, game_end = multiprocessing.Pipe(duplex=True)
    relay = Relay(classroom, game_end)
    classroom.listeners.append(relay.changed)
    return Gateway(server_end, dict(classroom.teams)), relay
