"""The shipped scenarios played 10 turns by computer players give bit-identical states.

The digests in `data/golden_turns.json` were recorded on one machine and numpy version; a turn's
arithmetic is only bit-identical on the same platform, so elsewhere the comparison is skipped.
Re-record with `python -m tests.core.test_golden_turns` after an intended change of the model.
"""

from __future__ import annotations

import hashlib
import json
import platform
import sys
from pathlib import Path

import numpy as np
import pytest

from game.core import ai
from game.core.state import State
from game.core.step import step

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "data" / "golden_turns.json"
SCENARIOS: tuple[str, ...] = ("tutorial", "gold_route", "lavrov_caracas", "beyond_dollar")
TURNS = 10


def _digest(state: State) -> str:
    """sha256 of every array of a state, in field order."""
    h = hashlib.sha256()
    for name, value in state.arrays().items():
        h.update(name.encode())
        h.update(str(value.dtype).encode())
        h.update(np.ascontiguousarray(value).tobytes())
    return h.hexdigest()


def play(name: str, batch: int = 1) -> list[str]:
    """Digests of every state of `batch` 10-turn games of easy computer players (seed fixed)."""
    from game.scenario import load_scenario

    loaded = load_scenario(str(ROOT / "scenarios" / f"{name}.yaml"))
    world, game = loaded.world, loaded.state.select(0).repeat(batch)
    rng = np.random.default_rng(20261124)
    out = [_digest(game)]
    for _ in range(TURNS):
        game, _ = step(world, game, ai.choose_actions(world, game, "easy", rng), rng)
        out.append(_digest(game))
    return out


def _platform() -> str:
    """Where the digests are valid: machine, system, Python and numpy versions."""
    return (f"{platform.machine()} {platform.system()} "
            f"{sys.version_info.major}.{sys.version_info.minor} numpy {np.__version__}")


@pytest.mark.parametrize("name", SCENARIOS)
def test_turns_match_the_recorded_states(name: str) -> None:
    """Every array of every state equals the recorded one, turn by turn."""
    data = json.loads(GOLDEN.read_text())
    if data["platform"] != _platform():
        pytest.skip(f"digests recorded on {data['platform']}")
    assert play(name) == data["games"][name]


def test_batched_turns_match_the_recorded_states() -> None:
    """Four games side by side give the recorded states too."""
    data = json.loads(GOLDEN.read_text())
    if data["platform"] != _platform():
        pytest.skip(f"digests recorded on {data['platform']}")
    assert play("gold_route", 4) == data["games"]["gold_route x4"]


def record() -> None:
    """Write the digests of this machine."""
    games = {name: play(name) for name in SCENARIOS}
    games["gold_route x4"] = play("gold_route", 4)
    data = {"platform": _platform(), "games": games}
    GOLDEN.write_text(json.dumps(data, indent=1) + "\n")


if __name__ == "__main__":
    record()
