"""Fault test: the host process is killed (SIGKILL) during planning and started again with
`host --resume`; the codes and tokens are the same and every plan acknowledged before the kill
is there."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

aiohttp = pytest.importorskip("aiohttp")

from tests.net.helpers import free_port  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]



def start_host(args: list[str], env: dict[str, str]) -> tuple[subprocess.Popen[str], str,
                                                                 dict[str, str]]:
    """Start `main.py host ... --headless`; its join address and codes from its output."""
    process = subprocess.Popen([sys.executable, "main.py", "host", *args, "--headless"],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    url, codes = "", {}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        if line.startswith("Teams join at "):
            url = line.split()[-1]
        found = re.match(r"\s+([A-Z]{3}): code ([A-Z2-9]+)", line)
        if found:
            codes[found.group(1)] = found.group(2)
            if len(codes) == 4:
                break
    assert url and len(codes) == 4, f"the host did not start: {url} {codes}"
    return process, url, codes


async def plan_and_read(url: str, code: str, plan: bool, token: str = "") -> dict[str, Any]:
    """Join with `code` (or reconnect with `token`, as a page does); with `plan`, plan the
    first available move with a reason (and wait for the host's "done"); return the team's
    view."""
    async with aiohttp.ClientSession() as client:
        if not token:
            async with client.post(url + "join", json={"code": code}) as response:
                token = (await response.json())["token"]
        async with client.ws_connect(url.replace("http", "ws") + "ws") as ws:
            await ws.send_str(json.dumps({"op": "hello", "token": token}))
            view: dict[str, Any] = {}
            while not view:
                message = json.loads((await ws.receive(timeout=20)).data)
                if message["type"] == "view":
                    view = message
            if not plan:
                return view
            card = next(c for c in view["cards"] if c["available"])
            await ws.send_str(json.dumps({"op": "plan", "id": 1, "move": card["id"],
                                          "target": card["targets"][0]["code"],
                                          "reason": f"kept: {card['id']}"}))
            while True:
                message = json.loads((await ws.receive(timeout=20)).data)
                if message["type"] == "reply" and message.get("id") == 1:
                    assert message["ok"], message
                    return {"token": token, "move": card["id"]}


def test_killed_host_resumes_with_every_plan(tmp_path: Path) -> None:
    """SIGKILL during planning; `host --resume` has the same codes and both plans."""
    env = {**os.environ, "LEVERAGE_DATA_DIR": str(tmp_path / "data"),
           "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    port = free_port()
    process, url, codes = start_host(["lavrov_caracas", "--address", "127.0.0.1", "--port",
                                      str(port), "--seed", "3"], env)
    try:
        roles = list(codes)[:2]
        made = {role: asyncio.run(plan_and_read(url, codes[role], plan=True)) for role in roles}
        process.send_signal(signal.SIGKILL)  # no clean shutdown, no last save
        process.wait(10)
        process, url_again, codes_again = start_host(["--resume"], env)
        assert (url_again, codes_again) == (url, codes)
        for role in roles:
            view = asyncio.run(plan_and_read(url, "", plan=False, token=made[role]["token"]))
            assert [p["move"] for p in view["planned"]] == [made[role]["move"]]
            assert view["planned"][0]["reason"] == f"kept: {made[role]['move']}"
    finally:
        process.kill()
        process.wait(10)
