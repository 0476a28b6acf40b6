"""Same scenario + seed + moves gives bit-identical states, whatever PYTHONHASHSEED is."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from leverage.core.state import State
from leverage.core.world import World
from tests.core.factory import CHN, RUS, TUR, USA, VEN, simulate

ROOT = Path(__file__).resolve().parents[2]
PLAYS = {0: [(USA, "oil_embargo", VEN), (VEN, "refine_gold_turkey", TUR),
             (VEN, "apply_brics", VEN)],
         2: [(CHN, "oil_for_loans", VEN), (VEN, "adopt_mir", RUS)],
         4: [(VEN, "end_gold_refining", TUR), (USA, "secondary_sanctions", VEN)]}
ACCEPT = {1: [(TUR, VEN, "refine_gold_turkey")],
          3: [(VEN, CHN, "oil_for_loans"), (RUS, VEN, "adopt_mir")]}
VOTES = {1: [(RUS, VEN, 0), (CHN, VEN, 0)]}


def digest(state: State) -> str:
    """sha256 of every array of a state, in field order."""
    h = hashlib.sha256()
    for name, value in state.arrays().items():
        h.update(name.encode())
        h.update(np.ascontiguousarray(value).tobytes())
    return h.hexdigest()


def run_digest(world: World) -> str:
    """Digest of the final state of a fixed 8-turn, 4-game run."""
    return digest(simulate(world, 8, PLAYS, ACCEPT, VOTES, seed=2024, batch=4)[-1])


def test_same_seed_and_moves_give_identical_states(world: World) -> None:
    """Two runs with the same seed and moves are bit-identical at every turn."""
    a = simulate(world, 8, PLAYS, ACCEPT, VOTES, seed=99, batch=3)
    b = simulate(world, 8, PLAYS, ACCEPT, VOTES, seed=99, batch=3)
    for sa, sb in zip(a, b, strict=True):
        assert digest(sa) == digest(sb)


def test_different_seeds_differ(world: World) -> None:
    """The seed matters (the digest is not a constant)."""
    a = simulate(world, 3, seed=1)
    b = simulate(world, 3, seed=2)
    assert digest(a[-1]) != digest(b[-1])


def test_identical_across_processes_and_hash_seeds() -> None:
    """Two processes with different PYTHONHASHSEED compute the same final state."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "from tests.core.factory import make_world\n"
        "from tests.core.test_determinism import run_digest\n"
        "print(run_digest(make_world()))\n"
    )
    outs = []
    for seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        res = subprocess.run([sys.executable, "-c", code, str(ROOT)], capture_output=True,
                             text=True, env=env, cwd=ROOT, timeout=120)
        assert res.returncode == 0, res.stderr
        outs.append(res.stdout.strip())
    assert len(outs[0]) == 64 and outs[0] == outs[1]
