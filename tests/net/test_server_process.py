"""The web server's own process: it listens for the game, says why when it cannot, and ends
when the game's end of the pipe closes (a killed game leaves no server holding its port)."""

from __future__ import annotations

import json
import os
import socket
import time
import urllib.request
from typing import Any

import pytest

pytest.importorskip("aiohttp")

from leverage.net.classroom import HostError  # noqa: E402
from leverage.net.host import Hosting  # noqa: E402
from tests.net.helpers import free_port, hosted_session  # noqa: E402


def join(port: int, code: str) -> dict[str, Any]:
    """POST /join to the hosted game; the answer's JSON."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/join", data=json.dumps({"code": code}).encode(),
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return dict(json.loads(response.read()))


def test_the_server_runs_in_its_own_process_and_joins_reach_the_game(tmp_path: Any,
                                                                    monkeypatch: Any) -> None:
    """The server is another process; a join there makes the role a team's in the game."""
    monkeypatch.setenv("LEVERAGE_DATA_DIR", str(tmp_path))
    port = free_port()
    hosting = Hosting.start(hosted_session(), "127.0.0.1", port)
    try:
        process = hosting.server.process
        assert process.is_alive() and process.pid != os.getpid()
        role, team = next(iter(hosting.classroom.teams.items()))
        answer = join(port, team.join_code.lower())
        assert answer == {"token": team.token, "role": role}
        deadline = time.monotonic() + 10
        while not hosting.classroom.joined(role) and time.monotonic() < deadline:
            hosting.pump()
            time.sleep(0.01)
        assert hosting.classroom.joined(role)
    finally:
        hosting.stop()
    assert not process.is_alive()


def test_a_port_in_use_is_refused_with_its_number(tmp_path: Any, monkeypatch: Any) -> None:
    """Another program on the port: HostError names the address and port, no traceback."""
    monkeypatch.setenv("LEVERAGE_DATA_DIR", str(tmp_path))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(HostError, match=f"cannot listen on 127.0.0.1 port {port}"):
            Hosting.start(hosted_session(), "127.0.0.1", port)


def test_the_server_ends_when_the_game_is_gone(tmp_path: Any, monkeypatch: Any) -> None:
    """The game's end of the pipe closes without a word (the game was killed): the server
    process stops and the port is free again."""
    monkeypatch.setenv("LEVERAGE_DATA_DIR", str(tmp_path))
    port = free_port()
    hosting = Hosting.start(hosted_session(), "127.0.0.1", port)
    process = hosting.server.process
    relay = hosting.server.relay
    assert relay is not None
    relay.conn.close()  # as when the game process dies
    process.join(10)
    assert not process.is_alive()
    with socket.socket() as again:
        again.bind(("127.0.0.1", port))
    hosting.server.relay = None
    hosting.classroom.close()


def test_a_server_that_died_is_started_again_with_the_same_codes(tmp_path: Any,
                                                                 monkeypatch: Any) -> None:
    """The server process is killed: the next frames start it again on the same port, and a
    team's code still joins (the pages reconnect by themselves)."""
    monkeypatch.setenv("LEVERAGE_DATA_DIR", str(tmp_path))
    port = free_port()
    hosting = Hosting.start(hosted_session(), "127.0.0.1", port)
    try:
        first = hosting.server.process
        first.kill()
        first.join(10)
        deadline = time.monotonic() + 30
        while hosting.server.restarts == 0 and time.monotonic() < deadline:
            hosting.pump()
            time.sleep(0.02)
        assert hosting.server.restarts == 1
        assert hosting.server.process is not first and hosting.server.process.is_alive()
        role, team = next(iter(hosting.classroom.teams.items()))
        assert join(port, team.join_code) == {"token": team.token, "role": role}
    finally:
        hosting.stop()
