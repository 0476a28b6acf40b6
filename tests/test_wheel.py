"""The built wheel plays outside the repository: scenarios and assets ship as package data.

Builds the wheel with pip, installs it (without dependencies) into a fresh venv in a temporary
folder that sees this environment's packages (numpy, pygame-ce, pydantic) through a path file, and
runs `python -m leverage` there from a folder outside the repository. Set LEVERAGE_SKIP_WHEEL=1 to skip
it (e.g. on a machine where pip cannot build).
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import sysconfig
import urllib.request
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SKIP_ENV = "LEVERAGE_SKIP_WHEEL"

pytestmark = pytest.mark.skipif(os.environ.get(SKIP_ENV) == "1",
                                reason=f"{SKIP_ENV}=1: the wheel is not built")


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None,
        timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run a command, failing the test with its output when it fails."""
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)
    assert done.returncode == 0, f"{command} -> {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The python of a fresh venv holding the wheel built from this repository."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    archive = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                              "--exclude-standard"], cwd=ROOT, capture_output=True, check=True)
    for name in archive.stdout.decode().split("\0"):
        if not name or not (ROOT / name).exists() and not (ROOT / name).is_symlink():
            continue
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / name).is_symlink():
            target.symlink_to(os.readlink(ROOT / name))
        else:
            target.write_bytes((ROOT / name).read_bytes())
    wheels = base / "wheels"
    run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps",
         "-q", "-w", str(wheels)], base, timeout=120)
    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
               base).stdout.strip()
    wheel = next(wheels.glob("leverage-*.whl"))
    run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-compile", "-q",
         "--target", site, str(wheel)], base, timeout=120)
    (Path(site) / "leverage-test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def outside(python: Path) -> dict[str, str]:
    """An environment with no trace of the repository, headless SDL and its own data folder."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               LEVERAGE_DATA_DIR=str(python.parents[2] / "data"))
    return env


def test_the_wheel_holds_the_game_and_its_files(installed: Path) -> None:
    """`game` comes from the venv, not the repository, with the scenarios and assets inside."""
    code = ("import leverage, leverage.resources as r; print(leverage.__file__); "
            "print(r.scenarios_dir()); print(r.assets_dir())")
    lines = run([str(installed), "-c", code], installed.parents[2],
                outside(installed)).stdout.splitlines()
    for line in lines:
        assert str(installed.parents[1]) in line, lines
        assert str(ROOT) not in line, lines


def test_version_and_validate_from_the_wheel(installed: Path) -> None:
    """`python -m leverage --version` and `validate` of a shipped scenario, by id, from the wheel."""
    env, cwd = outside(installed), installed.parents[2]
    version = run([str(installed), "-m", "leverage", "--version"], cwd, env).stdout
    assert version.startswith("leverage 0.")
    shipped = run([str(installed), "-c", "import leverage.resources as r; "
                   "print(r.find_scenario_file('gold_route'))"], cwd, env).stdout.strip()
    result = run([str(installed), "-m", "leverage", "validate", shipped], cwd, env).stdout
    assert "0 errors, 0 warnings" in result


def test_a_headless_game_and_the_demo_from_the_wheel(installed: Path) -> None:
    """`simulate` and `demo` by scenario id, headless, from the installed wheel."""
    env, cwd = outside(installed), installed.parents[2]
    played = run([str(installed), "-m", "leverage", "simulate", "tutorial", "--games", "4",
                  "--no-progress"], cwd, env).stdout
    assert "Roles" in played
    shown = run([str(installed), "-m", "leverage", "demo", "tutorial", "--turns", "1"], cwd, env,
                timeout=90)
    assert "Demo finished" in shown.stdout


def test_the_team_page_ships_in_the_wheel(installed: Path) -> None:
    """The hosted game's team page (HTML, CSS, JavaScript) is package data of the wheel."""
    env, cwd = outside(installed), installed.parents[2]
    code = ("from leverage.net.server import static_text; "
            "print(*(len(static_text(n)) for n in ('team.html', 'team.css', 'team.js')))")
    sizes = run([str(installed), "-c", code], cwd, env).stdout.split()
    assert len(sizes) == 3 and all(int(size) > 500 for size in sizes)


def test_a_hosted_game_from_the_wheel(installed: Path) -> None:
    """`host --headless` from the wheel: the server's own process starts from the installed
    package, serves the team page and turns a join code into a token."""
    env, cwd = outside(installed), installed.parents[2]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [str(installed), "-m", "leverage", "host", "tutorial", "--address", "127.0.0.1",
         "--port", str(port), "--headless"], cwd=cwd, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    try:
        assert process.stdout is not None
        code = ""
        for line in process.stdout:
            found = re.match(r"\s+[A-Z]{3}: code ([A-Z2-9]+)", line)
            if found:
                code = found.group(1)
                break
        assert code, "the hosted game did not print a join code"
        base = f"http://127.0.0.1:{port}/"
        with urllib.request.urlopen(base, timeout=20) as response:
            assert b"<html" in response.read().lower()
        request = urllib.request.Request(base + "join", data=json.dumps({"code": code}).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=20) as response:
            assert json.loads(response.read())["token"]
    finally:
        process.terminate()
        process.wait(20)
