"""The shipped scenarios, replayed turn by turn, give the recorded states within a tolerance.

`data/golden_turns.npz` holds, for every shipped scenario, 10 turns played by easy computer
players: the moves of each turn and every array of each state.  The test replays the recorded
moves (so a computer player's choice cannot differ) with the same random seed and compares
every array with `rtol=1e-9`: another CPU's rounding passes, a change of the model fails.
Re-record with `python -m tests.core.test_golden_turns` after an intended change of the model.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from leverage.core import ai
from leverage.core.actions import Actions
from leverage.core.state import State
from leverage.core.step import step
from leverage.core.world import World

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "data" / "golden_turns.npz"
#: (scenario, games side by side)
GAMES: tuple[tuple[str, int], ...] = (
    ("tutorial", 1), ("gold_route", 1), ("lavrov_caracas", 1), ("beyond_dollar", 1),
    ("gold_route", 4),
)
TURNS = 10
SEED = 20261124
RTOL = 1e-9
ATOL = 1e-9


def _start(name: str, batch: int) -> tuple[World, State]:
    """The world of a shipped scenario and `batch` copies of its starting game."""
    from leverage.scenario import load_scenario

    loaded = load_scenario(str(ROOT / "scenarios" / f"{name}.yaml"))
    return loaded.world, loaded.state.select(0).repeat(batch)


def _key(name: str, batch: int) -> str:
    """The prefix of one game's entries in the golden file."""
    return f"{name}x{batch}"


def record_game(name: str, batch: int) -> dict[str, np.ndarray]:
    """Play 10 turns of easy computer players; every turn's moves and every state's arrays."""
    world, game = _start(name, batch)
    rng = np.random.default_rng(SEED)
    out = {f"{_key(name, batch)}/0/{k}": v for k, v in game.arrays().items()}
    for turn in range(1, TURNS + 1):
        acts = ai.choose_actions(world, game, "easy", rng)
        out[f"{_key(name, batch)}/{turn}/@moves"] = acts.moves
        out[f"{_key(name, batch)}/{turn}/@accept"] = acts.accept
        out[f"{_key(name, batch)}/{turn}/@votes"] = acts.votes
        game, _ = step(world, game, acts, rng)
        out.update({f"{_key(name, batch)}/{turn}/{k}": v for k, v in game.arrays().items()})
    return out


def _replay(name: str, batch: int, data: dict[str, np.ndarray]) -> None:
    """Replay the recorded moves and compare every state with the recorded one."""
    world, game = _start(name, batch)
    prefix = _key(name, batch)
    rng = np.random.default_rng(SEED)
    for turn in range(1, TURNS + 1):
        ai.choose_actions(world, game, "easy", rng)  # the same draws as when recorded
        acts = Actions(moves=data[f"{prefix}/{turn}/@moves"],
                       accept=data[f"{prefix}/{turn}/@accept"],
                       votes=data[f"{prefix}/{turn}/@votes"])
        game, _ = step(world, game, acts, rng)
        for k, value in game.arrays().items():
            np.testing.assert_allclose(np.asarray(value, dtype=float),
                                       np.asarray(data[f"{prefix}/{turn}/{k}"], dtype=float),
                                       rtol=RTOL, atol=ATOL, err_msg=f"{prefix} turn {turn} {k}")


@pytest.fixture(scope="module")
def golden() -> dict[str, np.ndarray]:
    """The recorded moves and states."""
    with np.load(GOLDEN) as data:
        return {k: data[k] for k in data.files}


@pytest.mark.parametrize(("name", "batch"), GAMES)
def test_turns_match_the_recorded_states(name: str, batch: int,
                                         golden: dict[str, np.ndarray]) -> None:
    """Every array of every state is the recorded one, within a tolerance, turn by turn."""
    _replay(name, batch, golden)


def test_a_changed_model_is_caught(golden: dict[str, np.ndarray]) -> None:
    """A state one part in a million off the recorded one fails the comparison."""
    key = "gold_routex1/3/ind"
    with pytest.raises(AssertionError):
        np.testing.assert_allclose(golden[key] * (1 + 1e-6), golden[key], rtol=RTOL, atol=ATOL)


def record() -> None:
    """Write the golden file of this machine."""
    data: dict[str, np.ndarray] = {}
    for name, batch in GAMES:
        data.update(record_game(name, batch))
    np.savez_compressed(GOLDEN, **data)  # type: ignore[arg-type]


if __name__ == "__main__":
    record()
