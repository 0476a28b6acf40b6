"""Starting and stopping a hosted class game (the classroom and its web server together).

`Hosting.start(session, address, port)` listens only on `address` and only until `stop()`;
a session loaded from a save that was hosted (`session.hosting`) starts again with the same
address, port, join codes and tokens (`Hosting.resume`). The web server runs in a process of
its own (`ServerProcess`, `leverage.net.server.serve`), linked to the classroom by a pipe
(`leverage.net.link`): the game process keeps the session and every rule, the server process
only the sockets.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from typing import Any

from leverage.net.classroom import Classroom, HostError
from leverage.net.link import Relay

DEFAULT_PORT = 8765
#: Seconds a background thread (the turn being played, the autosave) may hold the interpreter
#: before the frame loop gets a turn again.
SWITCH_INTERVAL = 0.0005
#: Seconds the server's process may take to start listening.
START_TIMEOUT = 20.0
#: Seconds between two tries to start again a server process that stopped by itself.
RETRY = 5.0


def lan_address() -> str:
    """This machine's address on the local network (127.0.0.1 when there is none).

    Asks the system which interface would reach a private address; no packet is sent."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))
        address = str(probe.getsockname()[0])
    except OSError:
        address = "127.0.0.1"
    finally:
        probe.close()
    return address


def check_address(address: str) -> str:
    """The address to bind, refused with a clear HostError unless it is an IP address of
    this machine's kind (no host names, no 'every interface' unless asked for on purpose)."""
    import ipaddress

    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        raise HostError(f"'{address}' is not an IP address (e.g. 192.168.1.20 or 127.0.0.1)"
                        ) from None


class ServerProcess:
    """The web server's process and the game's end of the pipe to it."""

    def __init__(self, classroom: Classroom) -> None:
        """Not started yet."""
        self.classroom = classroom
        self.process: Any = None
        self.relay: Relay | None = None
        self.restarts = 0
        self._retry_at = 0.0

    def start(self, timeout: float = START_TIMEOUT) -> None:
        """Start the process; return once it listens (or raise HostError saying why not)."""
        import multiprocessing

        from leverage.net.link import run_server

        context = multiprocessing.get_context("spawn")  # no copy of the game's window or threads
        game_end, server_end = context.Pipe(duplex=True)
        classroom = self.classroom
        teams = [(t.role, t.join_code, t.token) for t in classroom.teams.values()]
        self.process = context.Process(
            target=run_server, args=(server_end, classroom.address, classroom.port, teams),
            name="leverage-host", daemon=True)
        self.process.start()
        server_end.close()
        first: tuple[Any, ...] = ("error", "it did not start in time")
        try:
            if game_end.poll(timeout):
                first = game_end.recv()
        except (EOFError, OSError):
            first = ("error", "it stopped as it started")
        if first[0] != "ready":
            self.process.join(2.0)
            game_end.close()
            raise HostError(f"cannot listen on {classroom.address} port {classroom.port}: "
                            f"{first[1]}")
        self.relay = Relay(classroom, game_end)
        classroom.listeners.append(self.relay.changed)
        self.relay.everything()

    def poll(self) -> int:
        """Hand the teams' waiting messages to the classroom (each frame); a server process
        that died is started again on the same address, port and codes (the pages reconnect)."""
        relay = self.relay
        if relay is None:
            return 0
        count = relay.poll()
        if relay.closed or not self.process.is_alive():
            self.restart()
        return count

    def restart(self) -> None:
        """Start the server again after it stopped by itself (at most every RETRY seconds);
        the board says so when it cannot."""
        now = time.monotonic()
        if now < self._retry_at:
            return
        self._retry_at = now + RETRY
        self._forget()
        self.classroom.devices_gone()
        try:
            self.start()
        except HostError as error:
            self.classroom.say(f"The team pages' server stopped and {error}; trying again.")
            return
        self.restarts += 1
        if self.classroom.message.startswith("The team pages' server stopped"):
            self.classroom.say("")

    def _forget(self, timeout: float = 2.0) -> None:
        """Tell the server process to stop and drop the link to it (it ends within `timeout`
        seconds, or is ended)."""
        relay, self.relay = self.relay, None
        if relay is not None:
            if relay.changed in self.classroom.listeners:
                self.classroom.listeners.remove(relay.changed)
            relay.stop()
        if self.process is not None:
            self.process.join(timeout)
            if self.process.is_alive():
                self.process.terminate()
                self.process.join(timeout)
        if relay is not None:
            relay.conn.close()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop listening and close every socket: the process ends."""
        self._forget(timeout)


class Hosting:
    """A running hosted game: the classroom (game thread) and the server (its own process)."""

    def __init__(self, classroom: Classroom, server: ServerProcess) -> None:
        """Use `Hosting.start` or `Hosting.resume`."""
        self.classroom = classroom
        self.server = server
        self._pumper: threading.Thread | None = None
        self._pumping = False

    @classmethod
    def start(cls, session: Any, address: str, port: int = DEFAULT_PORT) -> Hosting:
        """Host `session` on `address`:`port`."""
        # a turn played in the background hands the interpreter back to the frame loop quickly
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL))
        classroom = Classroom(session, check_address(address), port)
        server = ServerProcess(classroom)
        server.start()
        session.autosave_now()  # the codes are in the autosave before anyone joins
        return cls(classroom, server)

    @classmethod
    def resume(cls, session: Any) -> Hosting:
        """Host again a game loaded from a hosted save: same address, port, codes, tokens."""
        hosting = session.hosting
        if not hosting:
            raise HostError("this game was not hosted for teams' own devices")
        return cls.start(session, str(hosting.get("address", "127.0.0.1")),
                         int(hosting.get("port", DEFAULT_PORT)))

    def pump(self) -> int:
        """Take the teams' messages from the server and apply them (call once per frame on the
        game thread)."""
        self.server.poll()
        return self.classroom.pump()

    def pump_in_thread(self, hz: float = 120.0) -> None:
        """Without a window (headless host, tests): a thread plays the frame loop's part."""
        self._pumping = True

        def loop() -> None:
            """Pump until stopped."""
            while self._pumping:
                self.pump()
                time.sleep(1.0 / hz)

        self._pumper = threading.Thread(target=loop, name="host-pump", daemon=True)
        self._pumper.start()

    def stop(self) -> None:
        """Stop listening (and the pumping thread, if any)."""
        self._pumping = False
        if self._pumper is not None:
            self._pumper.join(2.0)
            self._pumper = None
        self.server.stop()
        self.classroom.saver.flush()
        self.classroom.close()


def start_from_save(path: Any) -> Hosting:
    """Load a hosted game's save and host it again (restart after a crash)."""
    from leverage.storage import load_save

    session = load_save(path)
    return Hosting.resume(session)
