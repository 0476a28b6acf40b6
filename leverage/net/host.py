"""Starting and stopping a hosted class game (the classroom and its web server together).

`Hosting.start(session, address, port)` listens only on `address` and only until `stop()`;
a session loaded from a save that was hosted (`session.hosting`) starts again with the same
address, port, join codes and tokens (`Hosting.resume`).
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from typing import Any

from leverage.net.classroom import Classroom, HostError

DEFAULT_PORT = 8765
#: Seconds a background thread may hold the interpreter before the frame loop gets a turn.
SWITCH_INTERVAL = 0.0005


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


class Hosting:
    """A running hosted game: the classroom (game thread) and the server (its own thread)."""

    def __init__(self, classroom: Classroom, server: Any) -> None:
        """Use `Hosting.start` or `Hosting.resume`."""
        self.classroom = classroom
        self.server = server
        self._pumper: threading.Thread | None = None
        self._pumping = False

    @classmethod
    def start(cls, session: Any, address: str, port: int = DEFAULT_PORT) -> Hosting:
        """Host `session` on `address`:`port` (aiohttp is imported only now)."""
        from leverage.net.server import HostServer

        # the server's thread hands the interpreter back to the frame loop quickly
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL))
        classroom = Classroom(session, check_address(address), port)
        server = HostServer(classroom)
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
        """Apply the teams' messages (call once per frame on the game thread)."""
        return self.classroom.pump()

    def pump_in_thread(self, hz: float = 120.0) -> None:
        """Without a window (headless host, tests): a thread plays the frame loop's part."""
        self._pumping = True

        def loop() -> None:
            """Pump until stopped."""
            while self._pumping:
                self.classroom.pump()
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
