"""`simulate`: summary, CSV/JSON output, move scripts, progress and every kind of bad input."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from leverage.commands.script import load_script, resolve_script
from leverage.commands.simulate import Progress, SimulateOptions, _write_idle_turns, run_simulate
from leverage.core.playtest import run_games
from leverage.core.state import COL
from leverage.scenario import load_scenario
from leverage.scenario.errors import ScenarioError

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = str(ROOT / "scenarios" / "gold_route.yaml")


def _run(**kw: object) -> tuple[int, str, str]:
    """Run simulate with options; return (status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    opts = SimulateOptions(**{"scenario": SCENARIO, "progress": False, **kw})  # type: ignore[arg-type]
    return run_simulate(opts, out, err), out.getvalue(), err.getvalue()


def test_summary_and_csv(tmp_path: Path) -> None:
    """The summary names every role with its win rate; the CSV holds every number in long form."""
    path = tmp_path / "results.csv"
    status, out, err = _run(games=12, turns=3, seed=2, out=str(path))
    assert status == 0, err
    world = load_scenario(SCENARIO).world
    for role in world.roles:
        assert f"  {world.codes[role.country]}  " in out
    assert "win rate" in out and "P10" in out and "Moves most played" in out
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["game", "turn", "country", "indicator", "value"]
    assert len(rows) - 1 == 12 * 4 * world.n * 8
    assert {r[2] for r in rows[1:]} == set(world.codes)
    assert {int(r[1]) for r in rows[1:]} == {0, 1, 2, 3}
    assert float(rows[1][4]) == pytest.approx(float(load_scenario(SCENARIO).state.get("gdp")[0, 0]))


def test_json_output_is_complete(tmp_path: Path) -> None:
    """The JSON file has the settings, roles and a [game][turn][country][indicator] series."""
    path = tmp_path / "results.json"
    status, _, err = _run(games=5, turns=2, seed=1, out=str(path))
    assert status == 0, err
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["games"] == 5 and doc["turns"] == 2 and doc["seed"] == 1
    series = doc["series"]
    assert len(series) == 5 and len(series[0]) == 3
    assert len(series[0][0]) == len(doc["countries"])
    assert len(series[0][0][0]) == len(doc["indicators"])
    assert all(0.0 <= r["win_rate"] <= 1.0 for r in doc["roles"])


def test_same_seed_same_summary() -> None:
    """Two runs with the same seed print the same figures."""
    first = _run(games=8, turns=2, seed=5)[1].splitlines()
    second = _run(games=8, turns=2, seed=5)[1].splitlines()
    assert first[2:] == second[2:]  # line 1 holds the run time


def test_same_results_whatever_the_hash_seed(tmp_path: Path) -> None:
    """Two processes with different PYTHONHASHSEED write byte-identical results (normal AI)."""
    import os

    outputs = []
    for hash_seed in ("1", "2"):
        path = tmp_path / f"r{hash_seed}.json"
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run(
            [sys.executable, "main.py", "simulate", SCENARIO, "--games", "6", "--turns", "2",
             "--ai", "normal", "--seed", "3", "--out", str(path)],
            capture_output=True, text=True, cwd=ROOT, env=env, check=False,
        )
        assert done.returncode == 0, done.stderr
        outputs.append(path.read_bytes())
    assert outputs[0] == outputs[1]


def test_script_is_followed(tmp_path: Path) -> None:
    """A move script runs; moves that cannot be played are reported as skipped."""
    script = tmp_path / "moves.yaml"
    script.write_text(
        "scenario: gold_route\nturns:\n  1:\n    - {by: USA, move: gold_sector_sanctions, "
        "target: VEN}\n  2:\n    - {by: USA, move: gold_sector_sanctions, target: VEN}\n",
        encoding="utf-8",
    )
    status, out, err = _run(games=6, turns=3, script=str(script))
    assert status == 0, err
    assert "Scripted moves from" in out
    assert "turn 2: USA gold_sector_sanctions on VEN skipped in 6 of 6 games" in out


def test_history_script(tmp_path: Path) -> None:
    """`--script history` replays the scenario's own history (and says so)."""
    path = tmp_path / "h.json"
    status, out, err = _run(games=4, turns=3, script="history", out=str(path))
    assert status == 0, err
    assert "Scripted moves from the scenario's history" in out
    assert json.loads(path.read_text(encoding="utf-8"))["script"] == "history"


def test_script_errors_have_positions(tmp_path: Path) -> None:
    """Unknown names and structural mistakes are reported with line, column and a hint."""
    script = tmp_path / "bad.yaml"
    script.write_text(
        "turnz: 1\nturns:\n  1:\n    - {by: NO, move: buy_miner_gold}\n  x: []\n",
        encoding="utf-8",
    )
    status, out, err = _run(games=2, turns=2, script=str(script))
    assert status == 1 and out == ""
    assert f"{script}:1:1: error: unknown key 'turnz' (did you mean turns?)" in err
    assert f'{script}:4:12: error: by NO is read as a yes/no value; quote it: "NO"' in err
    assert f"{script}:5:3: error: turn 'x' must be a whole number >= 1" in err
    names = tmp_path / "names.yaml"
    names.write_text(
        "turns:\n  1:\n    - {by: VENN, move: buy_miner_gold}\n"
        "    - {by: VEN, move: refine_gold_turkei, target: TUR}\n",
        encoding="utf-8",
    )
    world = load_scenario(SCENARIO).world
    with pytest.raises(ScenarioError) as info:
        resolve_script(load_script(str(names)), world, 3)
    text = str(info.value)
    assert f"{names}:3:7: error: unknown country 'VENN' (did you mean VEN?)" in text
    assert "unknown move 'refine_gold_turkei' (did you mean refine_gold_turkey?)" in text


def test_bad_scenario_and_bad_options() -> None:
    """A broken scenario exits 1 with its problems; impossible options exit 2."""
    bad = ROOT / "tests" / "data" / "bad_scenarios" / "bad_dates.yaml"
    status, out, err = _run(scenario=str(bad), games=2)
    assert status == 1 and out == ""
    assert f"{bad}:" in err and "error:" in err
    assert _run(games=0)[0] == 2
    assert _run(out="results.txt")[0] == 2
    assert _run(out="/no/such/folder/r.csv")[0] == 2
    assert _run(ai="expert")[0] == 2
    assert "must end in .csv or .json" in _run(out="r.xlsx")[2]


def test_command_line_usage_errors_exit_2() -> None:
    """Through main.py: wrong numbers and levels give a message and status 2, no traceback."""
    for extra in (["--games", "0"], ["--ai", "expert"], ["--turns", "x"], ["--seed", "-1"]):
        done = subprocess.run(
            [sys.executable, "main.py", "simulate", SCENARIO, *extra],
            capture_output=True, text=True, cwd=ROOT, check=False,
        )
        assert done.returncode == 2, extra
        assert "Traceback" not in done.stderr and "error" in done.stderr


@pytest.mark.parametrize("path", sorted((ROOT / "scenarios").glob("*.yaml")), ids=lambda p: p.stem)
def test_computer_players_are_legal_in_every_shipped_scenario(path: Path) -> None:
    """Every level's moves pass the model's own legality checks in every shipped scenario."""
    import numpy as np

    from leverage.core.ai import choose_actions
    from leverage.core.step import step

    loaded = load_scenario(str(path))
    world = loaded.world
    for level in ("easy", "normal", "history"):
        state = loaded.state.repeat(2)
        rng = np.random.default_rng(0)
        for _ in range(3):
            state, _ = step(world, state, choose_actions(world, state, level, rng), rng)
        assert np.isfinite(state.ind).all()


def test_progress_lines_without_a_terminal() -> None:
    """Without a terminal, progress is a line every 10%, ending at 100%."""
    stream = io.StringIO()
    progress = Progress(100, stream)
    for _ in range(10):
        progress.advance(10)
    lines = stream.getvalue().splitlines()
    assert lines[0] == "simulate: 10%" and lines[-1] == "simulate: 100%"
    assert len(lines) == 10


def test_a_role_with_no_move_to_play_is_listed_for_that_turn() -> None:
    """Venezuela without political capital on turn 1 can play nothing that turn (and the summary
    says so), but its budget comes back on turn 2; the other roles had a move on turn 1."""
    loaded = load_scenario(str(ROOT / "scenarios" / "gold_route.yaml"))
    world, state = loaded.world, loaded.state
    ven = world.country("VEN")
    ind = state.ind.copy()
    ind[:, ven, COL["capital"]] = 0.0
    result = run_games(world, replace(state, ind=ind), 6, 2, "easy", 1)
    roles = [role.country for role in world.roles]
    assert result.idle_share(roles.index(ven)).tolist() == [1.0, 0.0]
    assert all(result.idle_share(r)[0] == 0.0 for r, c in enumerate(roles) if c != ven)
    out = io.StringIO()
    _write_idle_turns(result, out)
    assert "Turns with no move to play" in out.getvalue()
    assert "  VEN  turn 1 (100%)\n" in out.getvalue()
    out = io.StringIO()
    _write_idle_turns(run_games(world, state, 6, 1, "easy", 1), out)
    assert out.getvalue() == ""
