"""The classroom's web server: aiohttp in a process of its own (`serve`), beside the game's.

Routes: `/` the team page (HTML, CSS, JS from `leverage/net/static`, no CDN), `POST /join` a join
code for a session token, `/ws` the team's WebSocket. A socket's first message names its token
(never the URL, so no address bar or log shows it); from then on the socket acts only for that
token's role: a message naming another role is refused, and the role is never read from a
message. Every action goes through the pipe to the game process (`Gateway.submit`), whose
classroom checks it with the session's own rules. Limits: request and message sizes, join
attempts per address, messages per socket (a token bucket), sockets per team.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from importlib.resources import files
from typing import Any

from aiohttp import WSMsgType, web

from leverage.net.classroom import Team
from leverage.net.link import Gateway

#: Largest request body (a join code) and WebSocket message (a reason of 5,000 characters).
MAX_BODY = 1024
MAX_MESSAGE = 24 * 1024
#: Join attempts per address per minute (a join code cannot be guessed by trying).
JOINS_PER_MINUTE = 20
#: Messages per socket: a steady rate and a burst.
RATE = 10.0
BURST = 30.0
#: Messages over the limit in a row before the socket is closed.
STRIKES = 50
#: Devices at once per team.
MAX_SOCKETS_PER_TEAM = 12
#: Seconds a socket may take to say which team it is.
HELLO_TIMEOUT = 10.0
#: Seconds the game thread may take to answer an action.
REPLY_TIMEOUT = 15.0
#: Least seconds between two status messages (every team's progress, the timer) to one device:
#: read at a glance, they need not follow every action of a busy class to every device.
STATUS_EVERY = 0.2
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
                               "frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
STATIC = {"team.js": "text/javascript", "team.css": "text/css"}


class Bucket:
    """A token bucket: `rate` messages a second, bursts up to `burst`."""

    def __init__(self, rate: float, burst: float, clock: Callable[[], float] = time.monotonic
                 ) -> None:
        """A full bucket."""
        self.rate, self.burst, self.clock = rate, burst, clock
        self.level = burst
        self.at = clock()

    def take(self) -> bool:
        """Spend one message; False when over the limit."""
        now = self.clock()
        self.level = min(self.burst, self.level + (now - self.at) * self.rate)
        self.at = now
        if self.level < 1.0:
            return False
        self.level -= 1.0
        return True


def static_text(name: str) -> str:
    """A file of the team page, shipped in the package."""
    return (files("leverage.net") / "static" / name).read_text(encoding="utf-8")


class Hub:
    """The sockets of every team, and the pushes of new views to them."""

    def __init__(self, gateway: Gateway) -> None:
        """No sockets yet."""
        self.gateway = gateway
        self.sockets: dict[str, set[Connection]] = {role: set() for role in gateway.teams}

    def changed(self, roles: set[str]) -> None:
        """On the server loop: every socket gets the status, those of `roles` their view."""
        for role, sockets in self.sockets.items():
            for connection in sockets:
                connection.wake(role in roles)


class Connection:
    """One team device's socket: a sender task pushes the latest view and status."""

    def __init__(self, ws: web.WebSocketResponse, role: str, gateway: Gateway) -> None:
        """Start with everything to send."""
        self.ws, self.role, self.gateway = ws, role, gateway
        self.event = asyncio.Event()
        self.view_due = True
        self.event.set()
        self.sent_view: str | None = None
        self.sent_status: str | None = None
        self.status_at = -STATUS_EVERY
        self.status_later: asyncio.TimerHandle | None = None

    def wake(self, view: bool) -> None:
        """Something changed: send it at the next chance."""
        self.view_due = self.view_due or view
        self.event.set()

    async def pump(self) -> None:
        """Send the newest view and status whenever they change (coalescing bursts)."""
        while not self.ws.closed:
            await self.event.wait()
            self.event.clear()
            view = self.gateway.views.get(self.role)
            if self.view_due and view is not None and view is not self.sent_view:
                self.view_due = False
                self.sent_view = view
                await self.ws.send_str(view)
            await self.send_status()

    async def send_status(self) -> None:
        """Send the newest status, or wake again when STATUS_EVERY has passed since the last."""
        status = self.gateway.board
        if not status or status is self.sent_status or self.status_later is not None:
            return
        loop = asyncio.get_running_loop()
        wait = self.status_at + STATUS_EVERY - loop.time()
        if wait > 0:
            self.status_later = loop.call_later(wait, self.status_due)
            return
        self.sent_status = status
        self.status_at = loop.time()
        await self.ws.send_str(status)

    def close(self) -> None:
        """The socket is gone: no status is due any more."""
        if self.status_later is not None:
            self.status_later.cancel()
            self.status_later = None

    def status_due(self) -> None:
        """The wait between two statuses is over: send the newest."""
        self.status_later = None
        self.event.set()


GATEWAY = web.AppKey("gateway", Gateway)
HUB = web.AppKey("hub", Hub)
JOINS = web.AppKey("joins", dict)
PAGE = web.AppKey("page", str)
FILES = web.AppKey("static", dict)


def make_app(gateway: Gateway) -> web.Application:
    """The aiohttp application serving the classroom behind `gateway`."""
    hub = Hub(gateway)
    app = web.Application(client_max_size=MAX_BODY, middlewares=[security_headers])
    app[GATEWAY] = gateway
    app[HUB] = hub
    app[JOINS] = {}
    app[PAGE] = static_text("team.html")
    app[FILES] = {name: static_text(name) for name in STATIC}
    app.router.add_get("/", page)
    app.router.add_get("/static/{name}", static_file)
    app.router.add_post("/join", join)
    app.router.add_get("/ws", socket)
    app.on_startup.append(_attach)
    return app


async def _attach(app: web.Application) -> None:
    """The gateway reads the game's messages on this loop; new views wake the sockets."""
    gateway = app[GATEWAY]
    gateway.on_change = app[HUB].changed
    gateway.attach(asyncio.get_running_loop())


@web.middleware
async def security_headers(request: web.Request, handler: Any) -> web.StreamResponse:
    """Every answer: no framing, no sniffing, no scripts from elsewhere, no caching."""
    response: web.StreamResponse = await handler(request)
    if not isinstance(response, web.WebSocketResponse):
        response.headers.update(HEADERS)
    return response


async def page(request: web.Request) -> web.Response:
    """The team page."""
    return web.Response(text=request.app[PAGE], content_type="text/html")


async def static_file(request: web.Request) -> web.Response:
    """team.js or team.css (nothing else)."""
    name = request.match_info["name"]
    if name not in STATIC:
        raise web.HTTPNotFound()
    return web.Response(text=request.app[FILES][name], content_type=STATIC[name])


def _allow_join(app: web.Application, address: str) -> bool:
    """At most JOINS_PER_MINUTE join attempts a minute from one address."""
    now = time.monotonic()
    recent = [t for t in app[JOINS].get(address, []) if now - t < 60.0]
    if len(app[JOINS]) > 10_000:
        app[JOINS].clear()
    allowed = len(recent) < JOINS_PER_MINUTE
    if allowed:
        recent.append(now)
    app[JOINS][address] = recent
    return allowed


async def join(request: web.Request) -> web.Response:
    """A join code for the team's session token and role."""
    gateway = request.app[GATEWAY]
    if not _allow_join(request.app, request.remote or ""):
        return web.json_response({"error": "Too many tries: wait a minute, then type the code "
                                           "again."}, status=429, headers=HEADERS)
    try:
        data = await request.json()
        code = str(data.get("code", "")) if isinstance(data, dict) else ""
    except (ValueError, UnicodeDecodeError):
        code = ""
    team = gateway.join(code)
    if team is None:
        return web.json_response({"error": "No team has that code: check it on the projector."},
                                 status=403, headers=HEADERS)
    # joining plays the role from now on (in the game process)
    gateway.submit(team.role, {"op": "_joined"})
    return web.json_response({"token": team.token, "role": team.role}, headers=HEADERS)


async def socket(request: web.Request) -> web.WebSocketResponse:
    """A team device's live connection: its first message is {"op": "hello", "token": ...}."""
    gateway = request.app[GATEWAY]
    hub: Hub = request.app[HUB]
    # no per-message compression: a classroom network is fast, the host's CPU is not spare
    ws = web.WebSocketResponse(max_msg_size=MAX_MESSAGE, heartbeat=20.0, compress=False)
    await ws.prepare(request)
    team = await _hello(ws, gateway)
    if team is None:
        await ws.close(code=4001, message=b"unknown team")
        return ws
    sockets = hub.sockets.setdefault(team.role, set())
    if len(sockets) >= MAX_SOCKETS_PER_TEAM:
        await ws.send_str(json.dumps({"type": "error", "error": "Too many devices for this "
                                                                "team: close one first."}))
        await ws.close(code=4002, message=b"too many devices")
        return ws
    connection = Connection(ws, team.role, gateway)
    sockets.add(connection)
    gateway.seen(team.role, +1)
    gateway.submit(team.role, {"op": "_joined"})
    sender = asyncio.create_task(connection.pump())
    try:
        await ws.send_str(json.dumps({"type": "welcome", "role": team.role}))
        await _serve(ws, team.role, gateway)
    finally:
        sockets.discard(connection)
        gateway.seen(team.role, -1)
        gateway.submit(team.role, {"op": "_joined"})
        sender.cancel()
        connection.close()
    return ws


async def _hello(ws: web.WebSocketResponse, gateway: Gateway) -> Team | None:
    """The team named by the socket's first message, or None."""
    try:
        message = await ws.receive(timeout=HELLO_TIMEOUT)
    except TimeoutError:
        return None
    if message.type != WSMsgType.TEXT:
        return None
    try:
        data = json.loads(message.data)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("op") != "hello":
        return None
    return gateway.team_of(str(data.get("token", "")))


async def _serve(ws: web.WebSocketResponse, role: str, gateway: Gateway) -> None:
    """Answer the team's messages until the socket closes."""
    bucket = Bucket(RATE, BURST)
    strikes = 0
    async for message in ws:
        if message.type != WSMsgType.TEXT:
            break
        if not bucket.take():
            strikes += 1
            if strikes > STRIKES:
                await ws.close(code=4008, message=b"too many messages")
                break
            await ws.send_str(json.dumps({"type": "reply", "ok": False,
                                          "error": "Too many requests: slow down."}))
            continue
        strikes = 0
        reply = await _answer(message.data, role, gateway)
        await ws.send_str(json.dumps(reply))


def _parse(text: str) -> dict[str, Any] | None:
    """A message as a dict, or None when it is not a JSON object."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


async def _answer(text: str, role: str, gateway: Gateway) -> dict[str, Any]:
    """The reply to one message: refused here, or applied by the game process."""
    data = _parse(text)
    if data is None:
        return {"type": "reply", "ok": False, "error": "not a JSON object"}
    ref = data.get("id") if isinstance(data.get("id"), int | str) else None
    for field in ("role", "country", "actor"):
        if field in data and data[field] != role:
            return {"type": "reply", "id": ref, "ok": False,
                    "error": f"this device plays {role}; it cannot act for {str(data[field])[:20]}"}
    if str(data.get("op", "")).startswith("_"):
        return {"type": "reply", "id": ref, "ok": False, "error": "unknown request"}
    try:
        reply = await asyncio.wait_for(gateway.submit(role, data), REPLY_TIMEOUT)
    except TimeoutError:
        reply = {"ok": False, "error": "the host is busy: try again"}
    return {"type": "reply", "id": ref, **reply}


def serve(conn: Any, address: str, port: int, teams: list[tuple[str, str, str]]) -> None:
    """The server process: listen on `address`:`port` for `teams` (role, join code, token)
    until the game says stop or its end of `conn` closes; says "ready" or why it cannot."""
    gateway = Gateway(conn, {role: Team(role, code, token) for role, code, token in teams})
    try:
        asyncio.run(_run(gateway, address, port))
    except KeyboardInterrupt:
        pass


async def _run(gateway: Gateway, address: str, port: int) -> None:
    """Listen, tell the game, and serve until stopped."""
    stopped = asyncio.Event()
    gateway.on_stop = stopped.set
    runner = web.AppRunner(make_app(gateway), access_log=None, handle_signals=False)
    await runner.setup()
    try:
        site = web.TCPSite(runner, address, port, reuse_address=True)
        await site.start()
    except (OSError, RuntimeError) as error:
        gateway.send(("error", str(getattr(error, "strerror", None) or error)))
        await runner.cleanup()
        return
    gateway.send(("ready",))
    try:
        await stopped.wait()
    finally:
        await runner.cleanup()
