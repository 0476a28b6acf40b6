"""The host's protocol through aiohttp's test client: join, act, forged roles, limits, reconnect.

The page is served on the test's own loop, linked to the classroom by the same pipe and relay as
the server's process (`leverage.net.link.in_one_process`). A thread plays the frame loop's part
(`Hosting.pump_in_thread` does the same for the headless host): it takes the messages from the
pipe and applies them through the session.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

pytest.importorskip("aiohttp")

from aiohttp.test_utils import TestClient, TestServer  # noqa: E402

from leverage.net import server as net_server  # noqa: E402
from leverage.net.classroom import Classroom  # noqa: E402
from leverage.net.link import Relay, in_one_process  # noqa: E402
from leverage.net.server import make_app  # noqa: E402
from tests.net.helpers import hosted_session, offer_pair, playable  # noqa: E402


class Pump:
    """The frame loop's part: apply the classroom's queue every few milliseconds."""

    def __init__(self, classroom: Classroom, relay: Relay) -> None:
        """Start pumping."""
        self.classroom = classroom
        self.relay = relay
        self.running = True
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self) -> None:
        """Pump until stopped."""
        while self.running:
            self.relay.poll()
            self.classroom.pump()
            time.sleep(0.002)

    def stop(self) -> None:
        """Stop pumping."""
        self.running = False
        self.thread.join(2)


def run(body: Callable[[TestClient[Any, Any], Classroom], Awaitable[None]],
        session: Any = None) -> Classroom:
    """Serve a hosted game on a test server and run `body(client, classroom)` against it."""
    session = session or hosted_session()
    classroom = Classroom(session, "127.0.0.1", 0)
    gateway, relay = in_one_process(classroom)
    relay.everything()
    pump = Pump(classroom, relay)

    async def main() -> None:
        """Start the test server, run the body, close."""
        async with TestClient(TestServer(make_app(gateway))) as client:
            await body(client, classroom)

    try:
        asyncio.run(main())
    finally:
        pump.stop()
        relay.stop()
    return classroom


async def join(client: TestClient[Any, Any], code: str) -> dict[str, Any]:
    """POST /join; the answer's JSON with its status."""
    response = await client.post("/join", json={"code": code})
    data = await response.json()
    data["status"] = response.status
    return dict(data)


class Device:
    """A team page's socket: sends requests and waits for replies and views."""

    def __init__(self, ws: Any) -> None:
        """Wrap an open socket."""
        self.ws = ws
        self.view: dict[str, Any] = {}
        self.status: dict[str, Any] = {}
        self.next_id = 1

    @classmethod
    async def open(cls, client: TestClient[Any, Any], token: str) -> Device:
        """Connect and say hello; wait for the welcome and the first view."""
        device = cls(await client.ws_connect("/ws"))
        await device.ws.send_str(json.dumps({"op": "hello", "token": token}))
        first = await device.receive()
        assert first["type"] == "welcome", first
        await device.until(lambda: bool(device.view))
        return device

    async def receive(self) -> dict[str, Any]:
        """The next message (views and status are remembered)."""
        message = await self.ws.receive_json(timeout=10)
        if message["type"] == "view":
            self.view = message
        elif message["type"] == "status":
            self.status = message
        return dict(message)

    async def until(self, condition: Callable[[], bool]) -> None:
        """Read messages until `condition()` holds."""
        while not condition():
            await self.receive()

    async def ask(self, **message: Any) -> dict[str, Any]:
        """Send a request and return its reply."""
        ref = self.next_id
        self.next_id += 1
        await self.ws.send_str(json.dumps({**message, "id": ref}))
        while True:
            reply = await self.receive()
            if reply["type"] == "reply" and reply.get("id") == ref:
                return reply


def test_join_plan_and_the_view_shows_the_plan() -> None:
    """A team joins with its code, plans a move with a reason and sees it in its view."""
    async def body(client: TestClient[Any, Any], classroom: Classroom) -> None:
        role, team = next(iter(classroom.teams.items()))
        wrong = await join(client, "ZZZZZZ")
        assert wrong["status"] == 403 and "code" in wrong["error"]
        joined = await join(client, team.join_code.lower())
        assert joined["status"] == 200 and joined["role"] == role
        device = await Device.open(client, joined["token"])
        assert device.view["role"] == role and device.view["briefing"]["objectives"]
        move, target = playable(classroom.session, role)
        refused = await device.ask(op="plan", move=move, target=target, reason="")
        assert not refused["ok"] and "reason" in refused["error"]  # the game asks for reasons
        reply = await device.ask(op="plan", move=move, target=target, reason="<b>ours</b>")
        assert reply["ok"], reply
        await device.until(lambda: bool(device.view["planned"]))
        assert device.view["planned"][0]["reason"] == "<b>ours</b>"
        assert classroom.session.planned(role)[0].move_id == move
        assert classroom.joined(role)

    run(body)


def test_forged_role_is_refused_and_changes_nothing() -> None:
    """A team's device cannot act for another role, whatever the message says."""
    async def body(client: TestClient[Any, Any], classroom: Classroom) -> None:
        roles = list(classroom.teams)
        mine, other = roles[0], roles[1]
        joined = await join(client, classroom.teams[mine].join_code)
        device = await Device.open(client, joined["token"])
        move, target = playable(classroom.session, other)
        for field in ("role", "country", "actor"):
            reply = await device.ask(op="plan", move=move, target=target, reason="x",
                                     **{field: other})
            assert not reply["ok"] and "cannot act for" in reply["error"]
        assert classroom.session.planned(other) == []
        # a move only the other role may play, sent for itself, is refused by the session
        own = {o.id for o in classroom.session.options(mine)}
        theirs = next(o.id for o in classroom.session.options(other) if o.id not in own)
        reply = await device.ask(op="plan", move=theirs, target=target, reason="x")
        assert not reply["ok"] and classroom.session.planned(other) == []
        assert all(p.move_id != theirs for p in classroom.session.planned(mine))
        # a token is never read from the view of another team, and a bad token is refused
        ws = await client.ws_connect("/ws")
        await ws.send_str(json.dumps({"op": "hello", "token": "not-a-token"}))
        closing = await ws.receive(timeout=5)
        assert ws.closed or closing.data == 4001

    run(body)


def test_each_view_holds_its_own_role_only() -> None:
    """Another team's briefing and plan never reach a team's page."""
    async def body(client: TestClient[Any, Any], classroom: Classroom) -> None:
        mine, other = list(classroom.teams)[:2]
        a = await Device.open(client, (await join(client, classroom.teams[mine].join_code))["token"])
        b = await Device.open(client, (await join(client, classroom.teams[other].join_code))["token"])
        move, target = playable(classroom.session, other)
        assert (await b.ask(op="plan", move=move, target=target, reason="secret plan"))["ok"]
        await b.until(lambda: bool(b.view["planned"]))
        await a.until(lambda: any(t["role"] == other and t["planned"] for t in a.status.get("teams", [])))
        assert "secret plan" not in json.dumps(a.view)
        assert a.view["role"] == mine and a.view["briefing"] != b.view["briefing"]

    run(body)


def test_limits_on_size_rate_and_joins(monkeypatch: pytest.MonkeyPatch) -> None:
    """Too large a message closes the socket; too many are refused; join codes cannot be
    guessed by trying."""
    monkeypatch.setattr(net_server, "JOINS_PER_MINUTE", 5)
    # a slow refill (1 a second, not 10): the 60 messages below outrun the bucket however long
    # a busy machine takes to send them
    monkeypatch.setattr(net_server, "RATE", 1.0)

    async def body(client: TestClient[Any, Any], classroom: Classroom) -> None:
        role, team = next(iter(classroom.teams.items()))
        token = (await join(client, team.join_code))["token"]
        device = await Device.open(client, token)
        await device.ws.send_str(json.dumps({"op": "plan", "reason": "x" * 100_000}))
        kinds = set()
        while not device.ws.closed and not kinds & {"CLOSE", "CLOSING", "CLOSED", "ERROR"}:
            kinds.add((await device.ws.receive(timeout=5)).type.name)
        assert device.ws.close_code == 1009  # message too big
        device = await Device.open(client, token)
        replies = []
        for k in range(60):
            await device.ws.send_str(json.dumps({"op": "ready", "ready": k % 2 == 0, "id": k}))
        while len(replies) < 60:
            message = await device.receive()
            if message["type"] == "reply":
                replies.append(message)
        refused = [r for r in replies if "slow down" in r.get("error", "")]
        assert 10 <= len(refused) <= 45, len(refused)
        statuses = [(await join(client, f"WRONG{k}"))["status"] for k in range(7)]
        assert statuses[:4] == [403] * 4 and statuses[-1] == 429

    run(body)


def test_reconnect_keeps_the_team_and_its_plan() -> None:
    """A dropped socket and a new one with the same token: same team, same plan."""
    async def body(client: TestClient[Any, Any], classroom: Classroom) -> None:
        role, team = next(iter(classroom.teams.items()))
        token = (await join(client, team.join_code))["token"]
        device = await Device.open(client, token)
        move, target = playable(classroom.session, role)
        assert (await device.ask(op="plan", move=move, target=target, reason="keep it"))["ok"]
        await device.ws.close()
        again = await Device.open(client, token)
        assert again.view["role"] == role
        assert [p["move"] for p in again.view["planned"]] == [move]
        assert again.view["planned"][0]["reason"] == "keep it"

    run(body)


def test_turn_resolves_when_every_joined_team_is_ready_and_offer_can_be_answered() -> None:
    """Two teams ready: the turn resolves (computers play the others); the offer one made
    waits in the other's inbox and is answered there."""
    session = hosted_session()
    proposer, partner, offer = offer_pair(session)

    async def body(client: TestClient[Any, Any], classroom: Classroom) -> None:
        a = await Device.open(client, (await join(client, classroom.teams[proposer].join_code))["token"])
        b = await Device.open(client, (await join(client, classroom.teams[partner].join_code))["token"])
        assert (await a.ask(op="plan", move=offer, target=partner, reason="a deal"))["ok"]
        assert (await a.ask(op="ready", ready=True))["ok"]
        start = classroom.session.turn
        assert (await b.ask(op="ready", ready=True))["ok"]
        await b.until(lambda: b.view["turn"] == start + 1 and bool(b.view["inbox"]))
        assert b.view["results"]["turn"] == start and not b.view["ready"]
        stale = await a.ask(op="ready", ready=True, turn=start)  # pressed as the turn ended
        assert not stale["ok"] and not classroom.session.is_ready(proposer)
        item = b.view["inbox"][0]
        reply = await b.ask(op="respond", proposer=item["proposer"], move=item["move"],
                            accept=True)
        assert reply["ok"]
        await b.until(lambda: b.view["inbox"][0]["answer"] is True)
        unjoined = [r for r in classroom.teams if r not in (proposer, partner)]
        assert all(not classroom.joined(r) for r in unjoined)
        logged = classroom.session.records[0].moves
        assert any(m.country == proposer and m.move_id == offer and not m.computer
                   for m in logged)

    run(body, session)


def test_forecast_with_and_without_the_move(monkeypatch: pytest.MonkeyPatch) -> None:
    """A team asks for a forecast of a move it may play: its view gets the futures with and
    without it; a move it may not play gets no forecast."""
    monkeypatch.setenv("LEVERAGE_FORECAST", "thread")

    async def body(client: TestClient[Any, Any], classroom: Classroom) -> None:
        role, team = next(iter(classroom.teams.items()))
        device = await Device.open(client, (await join(client, team.join_code))["token"])
        move, target = playable(classroom.session, role)
        assert (await device.ask(op="forecast", move=move, target=target))["ok"]
        await device.until(lambda: bool((device.view.get("forecast") or {}).get("charts")))
        forecast = device.view["forecast"]
        assert forecast["move"] == move and forecast["target"] == target
        chart = forecast["charts"][0]
        assert len(chart["with"]) == forecast["turns"] + 1 == len(chart["without"])
        assert chart["with"][0] == chart["without"][0]  # the same starting point
        assert all(lo <= mid <= hi for lo, mid, hi in chart["with"] if lo is not None)
        other = list(classroom.teams)[1]
        own = {o.id for o in classroom.session.options(role)}
        theirs = next(o.id for o in classroom.session.options(other) if o.id not in own)
        refused = await device.ask(op="forecast", move=theirs, target=other)
        assert not refused["ok"]
        assert classroom.session.planned(role) == []  # a forecast plans nothing

    classroom = run(body)
    classroom.close()


def test_statuses_are_spaced_and_the_newest_arrives(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every team's progress reaches every device, at most one status per STATUS_EVERY to a
    device however busy the class, and the last one sent is the newest."""
    sent: dict[int, list[float]] = {}
    send_status = net_server.Connection.send_status

    async def timed(self: Any) -> None:
        """Note when a status went out to this device."""
        before = self.sent_status
        await send_status(self)
        if self.sent_status is not before:
            sent.setdefault(id(self), []).append(asyncio.get_running_loop().time())

    monkeypatch.setattr(net_server.Connection, "send_status", timed)

    async def body(client: TestClient[Any, Any], classroom: Classroom) -> None:
        (_, team), (other, other_team) = list(classroom.teams.items())[:2]
        watcher = await Device.open(client, (await join(client, team.join_code))["token"])
        actor = await Device.open(client, (await join(client, other_team.join_code))["token"])
        move, target = playable(classroom.session, other)
        for _ in range(3):
            for op in ({"op": "plan", "move": move, "target": target}, {"op": "unplan",
                                                                         "move": move}):
                assert (await actor.ask(**op))["ok"]
        assert (await actor.ask(op="ready"))["ok"]

        def other_is_ready() -> bool:
            """The watcher's newest status shows the other team ready."""
            rows = {t["role"]: t for t in watcher.status.get("teams", [])}
            return bool(rows.get(other, {}).get("ready"))

        await watcher.until(other_is_ready)
        for times in sent.values():
            gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
            assert all(gap >= net_server.STATUS_EVERY * 0.99 for gap in gaps), gaps
        assert len(sent) == 2  # both devices had statuses, the last one the newest (above)

    run(body, hosted_session(ask_reasons=False))
