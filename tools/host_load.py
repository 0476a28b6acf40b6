"""Load test of a hosted class game on the loopback address (`make load-test`).

The game runs as in class: the projector board (with its map) in the frame loop (dummy video
driver), the web server in its own process. Simulated devices (default 40: ten teams of four devices,
on `tests/data/classroom/ten_teams.yaml`, a test scenario with ten scored roles; the shipped
scenarios have at most four) join over HTTP, hold a WebSocket each with live updates, and every
turn plan, take back and plan again a move with a reason, then say they are ready; the turn
resolves when every team is ready (one ready device is enough, so a device may find the next
turn already started: a run can play a turn more than asked). `--scenario` takes a scenario id
or file, `--teams` how many of its roles get a team (default all), `--devices-per-team` and
`--turns` the rest. Printed: the action latency (send to reply, every action of every device)
p50/p99 and the projector's frame time p50/p95 while it all runs. Targets: action p99 <= 100
ms, frame p95 <= 16 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
#: The default class: ten scored roles (a test scenario, checked by the loader like any other).
TEN_TEAMS = ROOT / "tests" / "data" / "classroom" / "ten_teams.yaml"


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by the nearest rank."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q / 100 * len(ordered) + 0.5)) - 1))]


def free_port() -> int:
    """A free TCP port on the loopback address."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Device:
    """One simulated team device: a socket, the latest view, the latencies it measured."""

    def __init__(self, ws: Any, role: str) -> None:
        """Wrap an open, greeted socket."""
        self.ws, self.role = ws, role
        self.view: dict[str, Any] = {}
        self.waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.next_id = 1
        self.latencies: list[float] = []
        self.updates = 0

    async def read(self) -> None:
        """Read every message: replies to their waiters, views remembered."""
        async for message in self.ws:
            data = json.loads(message.data)
            if data["type"] == "view":
                self.view = data
                self.updates += 1
            elif data["type"] == "status":
                self.updates += 1
            elif data["type"] == "reply" and data.get("id") in self.waiting:
                self.waiting.pop(data["id"]).set_result(data)

    async def ask(self, **message: Any) -> dict[str, Any]:
        """Send an action; wait for its reply and keep the latency."""
        ref = self.next_id
        self.next_id += 1
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.waiting[ref] = future
        started = time.perf_counter()
        await self.ws.send_str(json.dumps({**message, "id": ref}))
        reply = await asyncio.wait_for(future, 30)
        self.latencies.append((time.perf_counter() - started) * 1000.0)
        return reply

    async def turn(self, rng: random.Random) -> None:
        """Plan, take back, plan again with a reason, then ready."""
        cards = [c for c in self.view.get("cards", []) if c["available"]]
        if cards:
            card = rng.choice(cards)
            target = card["targets"][0]["code"]
            await self.ask(op="plan", move=card["id"], target=target, reason="first thought")
            await asyncio.sleep(rng.uniform(0.01, 0.05))
            await self.ask(op="unplan", move=card["id"])
            await asyncio.sleep(rng.uniform(0.01, 0.05))
            await self.ask(op="plan", move=card["id"], target=target,
                           reason=f"device {id(self) % 1000}: because")
        await asyncio.sleep(rng.uniform(0.01, 0.1))
        await self.ask(op="ready", ready=True, turn=self.view.get("turn"))


async def clients(url: str, codes: dict[str, str], per_team: int, turns: int,
                  result: dict[str, Any]) -> None:
    """Every device through `turns` turns."""
    import aiohttp

    rng = random.Random(7)
    async with aiohttp.ClientSession() as http:
        tokens = {}
        for role, code in codes.items():
            async with http.post(url + "join", json={"code": code}) as response:
                tokens[role] = (await response.json())["token"]
        devices: list[Device] = []
        for role, token in tokens.items():
            for _ in range(per_team):
                ws = await http.ws_connect(url.replace("http", "ws") + "ws")
                await ws.send_str(json.dumps({"op": "hello", "token": token}))
                devices.append(Device(ws, role))
        readers = [asyncio.create_task(d.read()) for d in devices]
        while not all(d.view for d in devices):
            await asyncio.sleep(0.01)
        start_turn = devices[0].view["turn"]
        for k in range(turns):
            await asyncio.gather(*(d.turn(rng) for d in devices))
            while not all(d.view.get("turn", 0) >= start_turn + k + 1 for d in devices):
                await asyncio.sleep(0.005)
        result["latencies"] = [x for d in devices for x in d.latencies]
        result["updates"] = sum(d.updates for d in devices)
        result["devices"] = len(devices)
        result["turns"] = devices[0].view["turn"] - start_turn
        for device in devices:
            await device.ws.close()
        for reader in readers:
            reader.cancel()


def run_clients(url: str, codes: str, per_team: int, turns: int) -> int:
    """The simulated devices, in their own process (as on their own devices): the results as
    JSON on standard output."""
    result: dict[str, Any] = {}
    asyncio.run(clients(url, json.loads(codes), per_team, turns, result))
    print(json.dumps(result))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the load test and print the figures; 0 when both targets are met."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--devices-per-team", type=int, default=4)
    parser.add_argument("--teams", type=int, default=None,
                        help="how many of the scenario's roles get a team (default: all)")
    parser.add_argument("--turns", type=int, default=10)
    parser.add_argument("--scenario", default=str(TEN_TEAMS),
                        help="a scenario id or file (default: the ten-role test scenario)")
    parser.add_argument("--clients", nargs=2, metavar=("URL", "CODES"), default=None,
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.clients:
        return run_clients(args.clients[0], args.clients[1], args.devices_per_team, args.turns)

    from leverage.net.host import Hosting
    from leverage.resources import find_scenario_file
    from leverage.scenario import load_scenario
    from leverage.session import Session
    from leverage.ui.app import App
    from leverage.ui.screens.board import show_board

    path = find_scenario_file(args.scenario)
    if path is None:
        parser.error(f"no scenario {args.scenario!r}")
    session = Session.new(load_scenario(str(path)), {}, 3, args.turns + 1, False)
    app = App(size=(1280, 720))
    hosting = Hosting.start(session, "127.0.0.1", free_port())
    show_board(app, hosting)
    classroom = hosting.classroom
    codes = {role: team.join_code for role, team in classroom.teams.items()}
    if args.teams is not None:
        codes = dict(list(codes.items())[:max(1, args.teams)])
    for _ in range(30):  # warm-up: fonts, QR codes, the first board
        app.tick_once(1 / 60)
    process = subprocess.Popen(
        [sys.executable, __file__, "--clients", classroom.join_url(), json.dumps(codes),
         "--devices-per-team", str(args.devices_per_team), "--turns", str(args.turns)],
        stdout=subprocess.PIPE, text=True)
    frames: list[float] = []
    cpu: list[float] = []
    started = time.perf_counter()
    frame = 1 / 60
    try:
        while process.poll() is None and time.perf_counter() - started < 600:
            tick = time.perf_counter()
            app.tick_once(frame)
            frames.append(app.last_frame_ms)
            cpu.append(app.last_frame_cpu_ms)
            time.sleep(max(0.0, frame - (time.perf_counter() - tick)))
    finally:
        app.close()
        if process.poll() is None:
            process.kill()
    output = process.communicate()[0]
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1]) if output.strip() else {}
    seconds = time.perf_counter() - started
    latencies = result.get("latencies", [])
    p99, p95 = percentile(latencies, 99), percentile(frames, 95)
    print(f"{result.get('devices', 0)} devices ({len(codes)} teams x {args.devices_per_team}), "
          f"{result.get('turns', 0)} turns in {seconds:.1f} s; {len(latencies)} actions, "
          f"{result.get('updates', 0)} live updates received")
    print(f"action latency: p50 {percentile(latencies, 50):.1f} ms, p99 {p99:.1f} ms, "
          f"max {max(latencies or [0]):.1f} ms (target p99 <= 100 ms)")
    print(f"projector frame: p50 {percentile(frames, 50):.2f} ms, p95 {p95:.2f} ms, "
          f"max {max(frames or [0]):.1f} ms over {len(frames)} frames (target p95 <= 16 ms)")
    print(f"projector frame, CPU time of the frame loop's thread (machine load left out): "
          f"p50 {percentile(cpu, 50):.2f} ms, p95 {percentile(cpu, 95):.2f} ms")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    ok = result.get("turns", 0) >= args.turns and p99 <= 100.0 and p95 <= 16.0
    print("PASS" if ok else "MISS")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
