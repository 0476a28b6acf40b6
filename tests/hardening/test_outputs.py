"""simulate streams its results (same numbers, bounded memory); output errors are one line."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from leverage.commands.results import JsonSink, open_sink, play_streamed
from leverage.core.playtest import DEFAULT_INDICATORS, run_games
from leverage.scenario import load_scenario
from leverage.session import Session, model_numerics

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "scenarios" / "tutorial.yaml"


def header(world: object, games: int, turns: int) -> dict[str, object]:
    """The settings a results file starts with."""
    return {"format": 1, "scenario": "tutorial", "games": games, "turns": turns, "seed": 3,
            "ai": "easy", "script": None, "countries": list(world.codes),  # type: ignore[attr-defined]
            "indicators": list(DEFAULT_INDICATORS)}


def test_streamed_chunks_give_the_same_numbers(tmp_path: Path) -> None:
    """25 games streamed in chunks of 10 = one run_games call with batches of 10."""
    loaded = load_scenario(str(TUTORIAL))
    world, state = loaded.world, loaded.state
    whole = run_games(world, state, 25, 4, "easy", 3, max_batch=10)
    path = tmp_path / "r.json"
    sink = open_sink(str(path), header(world, 25, 4))
    assert isinstance(sink, JsonSink)
    result = play_streamed(world, state, 25, 4, "easy", 3, None, sink, chunk=10)
    sink.finish(result)
    doc = json.loads(path.read_text())
    assert whole.series is not None
    assert np.array_equal(np.asarray(doc["series"]), whole.series.astype(float).round(6))
    assert np.array_equal(result.final_scores, whole.final_scores)
    assert np.array_equal(result.final, whole.final)
    assert doc["roles"][0]["win_rate"] == whole.win_rate(0)
    assert len(doc["final_scores"]) == 25 and not list(tmp_path.glob(".simulate-*"))


def test_streamed_csv_has_a_row_per_number(tmp_path: Path) -> None:
    """CSV streaming: the header and games x (turns + 1) x countries x indicators rows."""
    loaded = load_scenario(str(TUTORIAL))
    world = loaded.world
    path = tmp_path / "r.csv"
    sink = open_sink(str(path), header(world, 7, 2))
    result = play_streamed(world, loaded.state, 7, 2, "easy", 1, None, sink, chunk=3)
    sink.finish(result)
    rows = list(csv.reader(path.open()))
    assert rows[0] == ["game", "turn", "country", "indicator", "value"]
    assert len(rows) - 1 == 7 * 3 * world.n * len(DEFAULT_INDICATORS)
    assert rows[-1][0] == "6"


def test_many_games_fit_in_bounded_memory(tmp_path: Path) -> None:
    """25,000 games (3 chunks) with JSON output under a 1.5 GB address-space limit."""
    resource = pytest.importorskip("resource")
    limit = 1_500_000_000

    def cap() -> None:
        """Limit the child's address space."""
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    out = tmp_path / "big.json"
    done = subprocess.run([sys.executable, "main.py", "simulate", str(TUTORIAL), "--games",
                           "25000", "--turns", "2", "--out", str(out), "--no-progress"],
                          cwd=ROOT, capture_output=True, text=True, timeout=240, preexec_fn=cap)
    assert done.returncode == 0, done.stderr
    with out.open() as handle:
        assert len(json.load(handle)["series"]) == 25000


def run_cli(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run main.py with `args`."""
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, text=True,
                          stderr=subprocess.PIPE, timeout=120, **kwargs)  # type: ignore[call-overload]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["validate", str(TUTORIAL)],
                                  ["simulate", str(TUTORIAL), "--games", "5"]])
def test_a_full_or_closed_stdout_is_one_line_and_exit_1(args: list[str]) -> None:
    """Output on a full device or a closed stdout: one line on stderr, exit status 1."""
    with open("/dev/full", "w") as full:
        done = run_cli(args, stdout=full)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == ("leverage: cannot write the output (No space "
                                                    "left on device)")
    assert "Traceback" not in done.stderr
    closed = run_cli(args, stdout=subprocess.DEVNULL, preexec_fn=lambda: os.close(1))
    assert closed.returncode == 1
    assert closed.stderr.strip() == "leverage: standard output is closed; nothing can be printed"


def test_compare_into_head_ends_quietly() -> None:
    """`compare ... | head -1`: the reader leaves early; no BrokenPipeError traceback."""
    process = subprocess.Popen([sys.executable, "main.py", "compare",
                                str(ROOT / "scenarios" / "gold_route.yaml")], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    error = process.stderr.read()
    process.wait(timeout=120)
    assert first and "Traceback" not in error and "BrokenPipe" not in error


def test_a_script_listing_a_move_twice_counts_games_once(tmp_path: Path) -> None:
    """A move listed many times on one turn is played once; skips never exceed the games."""
    script = tmp_path / "twice.yaml"
    line = "    - {by: USA, move: gold_sector_sanctions, target: VEN}\n"
    script.write_text("turns:\n  1:\n" + line * 50)
    done = run_cli(["simulate", str(ROOT / "scenarios" / "gold_route.yaml"), "--games", "20",
                    "--turns", "1", "--script", str(script)], stdout=subprocess.PIPE)
    assert done.returncode == 0, done.stderr
    assert "listed more than once" in done.stderr
    for text in done.stdout.splitlines():
        if "skipped in" in text:
            count = int(text.split("skipped in ")[1].split(" of ")[0])
            assert count <= 20


def extreme_scenario(folder: Path) -> Path:
    """The tutorial with the model parameters of tests/data/extreme_model.yaml."""
    shutil.copytree(ROOT / "scenarios" / "library", folder / "library")
    text = TUTORIAL.read_text(encoding="utf-8")
    assert "\nmodel:" not in text
    extra = (ROOT / "tests" / "data" / "extreme_model.yaml").read_text(encoding="utf-8")
    path = folder / "extreme.yaml"
    path.write_text(text + "\n" + extra, encoding="utf-8")
    return path


def test_overflow_in_the_model_is_handled_not_printed(tmp_path: Path) -> None:
    """Valid extreme parameters overflow inside the model: no warning reaches the player."""
    path = extreme_scenario(tmp_path)
    done = run_cli(["simulate", str(path), "--games", "300", "--turns", "24", "--no-progress"],
                   stdout=subprocess.PIPE)
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr and "overflow" not in done.stderr
    loaded = load_scenario(str(path))
    session = Session.new(loaded, {}, seed=4, turns=24)
    session.autosave = False
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="warn", invalid="warn", divide="warn"):
            while not session.is_over:
                session.end_turn()
    assert np.isfinite(session.state.ind).all()


def test_model_numerics_silence_floating_point_errors() -> None:
    """Inside the session's boundary an overflow neither raises nor prints."""
    with np.errstate(all="raise"), model_numerics():
        assert np.isinf(np.float64(1e308) * 10)
