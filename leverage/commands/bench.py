"""`bench`: measure the model against the performance targets of DESIGN.md.

    python main.py bench [--quick] [--scenario FILE]

Each line gives the median, the spread (lowest-highest run, or P10-P90 for many samples), the
target and PASS or MISS.  numpy's BLAS is pinned to one thread: the measurements run in a child
process started with the thread variables set, since they only work before numpy is imported.
`--quick` runs small versions of every measurement (for tests); its figures are not comparable.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

BLAS_VARIABLES: tuple[str, ...] = (
    "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS",
)
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Figure:
    """One measured figure against its target."""

    label: str
    median: float
    low: float
    high: float
    unit: str
    target: float
    higher_is_better: bool = False
    note: str = ""
    cpu: float | None = None      # median CPU time (same unit): the wall time without contention

    @property
    def passed(self) -> bool:
        """True when the median meets the target."""
        return self.median >= self.target if self.higher_is_better else self.median <= self.target

    def line(self) -> str:
        """The figure as one table row."""
        sign = ">=" if self.higher_is_better else "<="
        spread = f"{_num(self.low)}-{_num(self.high)} {self.unit}"
        return (
            f"{self.label:<52} {_num(self.median):>8} {self.unit:<3} {spread:>20}  "
            f"{sign} {_num(self.target)} {self.unit:<3} {'PASS' if self.passed else 'MISS'}"
            + (f"  cpu {_num(self.cpu)} {self.unit}" if self.cpu is not None else "")
            + (f"  ({self.note})" if self.note else "")
        )


@dataclass(frozen=True)
class Plan:
    """How big each measurement is."""

    step_samples: int
    easy_games: int
    easy_runs: int
    one_by_one_games: int
    normal_games: int
    normal_runs: int
    turns: int
    forecast_runs: int
    forecast_futures: int
    load_runs: int
    startup_runs: int


FULL = Plan(400, 10_000, 3, 200, 1_000, 1, 12, 15, 1_000, 20, 5)
QUICK = Plan(40, 300, 1, 10, 20, 1, 3, 2, 100, 3, 1)


def _num(value: float) -> str:
    """Compact number."""
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}" if value >= 0.1 else f"{value:.3f}"


def add_bench_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the `bench` options to its sub-parser."""
    parser.add_argument("--quick", action="store_true",
                        help="small measurements only (seconds; figures not comparable)")
    parser.add_argument("--scenario", default=None, metavar="FILE",
                        help="scenario to measure (default: the shipped one with most countries)")


def blas_pinned() -> bool:
    """True when every BLAS thread variable is set to 1."""
    return all(os.environ.get(v) == "1" for v in BLAS_VARIABLES)


def pinned_environment() -> dict[str, str]:
    """This process's environment with BLAS pinned to one thread."""
    env = dict(os.environ)
    env.update({v: "1" for v in BLAS_VARIABLES})
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def run_bench(
    args: argparse.Namespace | TextIO | None = None,
    out: TextIO | None = None,
    quick: bool = False,
) -> int:
    """Run the benchmark and print the figures; `run_bench(args, out)` or `run_bench(out, quick=)`."""
    if args is not None and hasattr(args, "write"):
        out, args = args, None  # type: ignore[assignment]
    stream: TextIO = out if out is not None else sys.stdout
    ns = args if isinstance(args, argparse.Namespace) else argparse.Namespace()
    quick = quick or bool(getattr(ns, "quick", False))
    scenario = getattr(ns, "scenario", None)
    if blas_pinned():
        return measure(stream, quick, scenario)
    command = [sys.executable, "-m", "leverage.commands.bench"] + (["--quick"] if quick else [])
    command += ["--scenario", scenario] if scenario else []
    with subprocess.Popen(
        command, env=pinned_environment(), stdout=subprocess.PIPE, text=True, cwd=ROOT
    ) as child:
        assert child.stdout is not None
        for line in child.stdout:
            stream.write(line)
            stream.flush()
    return child.returncode


def _scenario_files() -> list[Path]:
    """The shipped scenarios."""
    from leverage.resources import scenarios_dir

    return sorted(scenarios_dir().glob("*.yaml"))


def _load_average() -> str:
    """The system's 1, 5 and 15-minute load averages, or 'unknown' where the OS has none."""
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except (AttributeError, OSError):
        return "unknown"


def _time(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[float, float]:
    """Wall-clock and CPU seconds taken by one call of fn(*args, **kwargs)."""
    start, cpu = time.perf_counter(), time.process_time()
    fn(*args, **kwargs)
    return time.perf_counter() - start, time.process_time() - cpu


def _spread(samples: Sequence[float]) -> tuple[float, float, float]:
    """Median, and P10-P90 for many samples (lowest-highest for few)."""
    ordered = sorted(samples)
    if len(ordered) >= 20:
        low = ordered[int(0.1 * (len(ordered) - 1))]
        high = ordered[int(round(0.9 * (len(ordered) - 1)))]
    else:
        low, high = ordered[0], ordered[-1]
    return statistics.median(ordered), low, high


def measure(out: TextIO, quick: bool, scenario: str | None) -> int:
    """Take every measurement and print the table; 0 when it ran (whatever the figures)."""
    from leverage.scenario import load_scenario
    from leverage.scenario.errors import ScenarioError

    plan = QUICK if quick else FULL
    files = [Path(scenario)] if scenario else _scenario_files()
    if not files:
        out.write("bench: no scenario found in scenarios/\n")
        return 1
    try:
        loaded = [(f, load_scenario(str(f))) for f in files]
    except ScenarioError as exc:
        out.write(f"{exc}\n")
        return 1
    path, main = max(loaded, key=lambda fl: (fl[1].world.n, len(fl[1].world.moves)))
    out.write(
        f"Leverage bench{' (quick)' if quick else ''}: {path.name}, {main.world.n} countries, "
        f"{len(main.world.moves)} moves; BLAS pinned to 1 thread; {os.cpu_count()} CPUs; "
        f"load average {_load_average()}\n"
    )
    out.write(f"{'what':<52} {'median':>12} {'spread':>20}  target\n")
    figures: list[Figure] = []
    for fig in _measure_all(main, [f for f, _ in loaded], plan):
        figures.append(fig)
        out.write(fig.line() + "\n")
        out.flush()
    met = sum(f.passed for f in figures)
    out.write(f"{met} of {len(figures)} targets met (by wall-clock median); load average now "
              f"{_load_average()}: with other work running, the CPU times are the fairer figures\n")
    return 0


def _measure_all(loaded: Any, files: Sequence[Path], plan: Plan) -> Any:
    """Yield the figures one by one (so they print as they come)."""
    world, state = loaded.world, loaded.state
    yield from _step_figures(world, state, plan)
    easy = _easy_batched(world, state, plan)
    yield easy
    yield _one_by_one(world, state, plan, easy)
    yield _normal(world, state, plan)
    yield from _forecast(world, state, plan)
    yield _load(files, plan)
    yield _startup(plan)


def _step_figures(world: Any, state: Any, plan: Plan) -> list[Figure]:
    """Median time of one turn of one game: `step` (with legality checks) and `advance`."""
    import numpy as np

    from leverage.core.ai import easy_actions
    from leverage.core.step import advance, step

    rng = np.random.default_rng(1)
    timed: dict[str, list[float]] = {"step": [], "advance": []}
    cpu: dict[str, list[float]] = {"step": [], "advance": []}
    for name in ("step", "advance"):
        current = state.select(0)
        for k in range(plan.step_samples):
            if k % 12 == 0:
                current = state.select(0)
            acts, _ = easy_actions(world, current, rng)
            start, used = time.perf_counter(), time.process_time()
            if name == "step":
                current, _ = step(world, current, acts, rng)
            else:
                current, _ = advance(world, current, acts, rng)
            timed[name].append((time.perf_counter() - start) * 1000)
            cpu[name].append((time.process_time() - used) * 1000)
    figs = []
    for name, label in (("step", "model step, 1 game (step, legality checked)"),
                        ("advance", "model step, 1 game (advance, no checks)")):
        med, low, high = _spread(timed[name])
        figs.append(Figure(label, med, low, high, "ms", 2.0, cpu=statistics.median(cpu[name])))
    return figs


def _easy_batched(world: Any, state: Any, plan: Plan) -> Figure:
    """Seconds for plan.easy_games games x plan.turns turns, easy players on every role."""
    from leverage.core.playtest import run_games

    runs = [
        _time(run_games, world, state, plan.easy_games, plan.turns, "easy", seed=r)
        for r in range(plan.easy_runs)
    ]
    med, low, high = _spread([w for w, _ in runs])
    label = f"playtest {plan.easy_games:,} games x {plan.turns} turns, easy, batched"
    return Figure(label, med, low, high, "s", 10.0 * plan.easy_games / FULL.easy_games,
                  cpu=statistics.median(c for _, c in runs))


def _one_by_one(world: Any, state: Any, plan: Plan, batched: Figure) -> Figure:
    """How many times faster batching is than the same games one by one (from a sample)."""
    from leverage.core.playtest import run_games_separately

    n = plan.one_by_one_games
    took, used = _time(run_games_separately, world, state, n, plan.turns, "easy", seed=0)
    scale = plan.easy_games / n
    ratios = [took * scale / t for t in (batched.median, batched.high, batched.low)]
    cpu = used * scale / batched.cpu if batched.cpu else None
    return Figure(
        f"  batched vs one by one ({n} games one by one, scaled)", ratios[0], ratios[1],
        ratios[2], "x", 30.0, higher_is_better=True,
        note=f"one by one ~{took * scale:.0f} s", cpu=cpu,
    )


def _normal(world: Any, state: Any, plan: Plan) -> Figure:
    """Seconds for plan.normal_games games with look-ahead (normal) players on every role."""
    from leverage.core.playtest import run_games

    runs = [
        _time(run_games, world, state, plan.normal_games, plan.turns, "normal", seed=r)
        for r in range(plan.normal_runs)
    ]
    med, low, high = _spread([w for w, _ in runs])
    label = f"playtest {plan.normal_games:,} games x {plan.turns} turns, normal, batched"
    count = f"{plan.normal_runs} run" + ("s" if plan.normal_runs != 1 else "")
    return Figure(label, med, low, high, "s", 30.0 * plan.normal_games / FULL.normal_games,
                  note=count, cpu=statistics.median(c for _, c in runs))


def _forecast(world: Any, state: Any, plan: Plan) -> list[Figure]:
    """Milliseconds for a forecast of 1,000 futures x 8 turns for one legal move.

    A turn's candidate moves share the futures without a move (same seed, see
    `leverage.core.forecast.baseline`): the first figure is a move's own futures with those kept,
    as every forecast but the turn's first; the second is a turn's first forecast, which also
    works out the no-move futures.
    """
    from leverage.core.ai import legal_entries, tables
    from leverage.core.forecast import baseline, forecast

    tab = tables(world)
    ok = legal_entries(world, state.select(0), tab)[0]
    mover = world.roles[0].country if world.roles else 0
    choice = [k for k in range(ok.size) if ok[k] and tab.ei[k] == mover] or [
        k for k in range(ok.size) if ok[k]
    ]
    k = choice[0]
    country, move, target = int(tab.ei[k]), int(tab.em[k]), int(tab.et[k])
    futures = plan.forecast_futures
    seeds = range(plan.forecast_runs + 1)
    kept = {seed: baseline(world, state, futures, 8, seed) for seed in seeds}
    each = [_time(forecast, world, state, country, move, target, futures=futures, turns=8,
                  seed=seed, without=kept[seed]) for seed in seeds][1:]
    first = [_time(forecast, world, state, country, move, target, futures=futures, turns=8,
                   seed=seed) for seed in seeds][1:]
    alone = [_time(forecast, world, state, country, move, target, futures=futures, turns=8,
                   seed=seed, without=kept[seed], others=None) for seed in seeds][1:]
    target_ms = 100.0 * futures / FULL.forecast_futures
    figures = []
    for runs, label, factor in (
            (each, f"forecast {futures:,} futures x 8 turns ({world.moves[move].id})", 4),
            (first, "  a turn's first (also its no-move futures)", 8),
            (alone, "  'if nobody else moves' band only", 1)):
        med, low, high = _spread([1000 * w for w, _ in runs])
        figures.append(Figure(label[:52], med, low, high, "ms", factor * target_ms,
                              cpu=statistics.median(1000 * c for _, c in runs)))
    return figures


def _load(files: Sequence[Path], plan: Plan) -> Figure:
    """Milliseconds to load and validate the slowest shipped scenario."""
    from leverage.scenario import load_scenario

    worst: tuple[float, float, float] = (0.0, 0.0, 0.0)
    worst_cpu = 0.0
    name = ""
    for f in files:
        runs = [_time(load_scenario, str(f)) for _ in range(plan.load_runs)]
        spread = _spread([1000 * w for w, _ in runs])
        if spread[0] >= worst[0]:
            worst, name = spread, f.name
            worst_cpu = statistics.median(1000 * c for _, c in runs)
    return Figure(f"load + validate {name}"[:52], *worst, "ms", 50.0, cpu=worst_cpu)


#: The game started to its first interactive frame in a child process; prints the seconds.
STARTUP_CODE = (
    "import warnings; warnings.simplefilter('ignore')\n"
    "from leverage.ui.perf import PerfRecorder\n"
    "from leverage.ui.app import App\n"
    "from leverage.ui.screens.title import TitleScreen\n"
    "p = PerfRecorder(); app = App(perf=p); app.reset(TitleScreen(app)); app.tick_once()\n"
    "print(p.startup)\n"
)


def _startup(plan: Plan) -> Figure:
    """Seconds from a fresh process to the title screen's first interactive frame (no display)."""
    import subprocess
    import sys
    import tempfile

    runs = []
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
                   LEVERAGE_DATA_DIR=folder, LEVERAGE_CONFIG_DIR=str(Path(folder) / "config"),
                   PYGAME_HIDE_SUPPORT_PROMPT="1")
        for _ in range(plan.startup_runs):
            done = subprocess.run([sys.executable, "-c", STARTUP_CODE], env=env, text=True,
                                  capture_output=True, timeout=120, check=True)
            runs.append(float(done.stdout.split()[0]))
    return Figure("start-up to the first interactive frame", *_spread(runs), "s", 1.0)


def main(argv: Sequence[str] | None = None) -> int:
    """Run as `python -m leverage.commands.bench` (the child process with BLAS pinned)."""
    parser = argparse.ArgumentParser(prog="leverage bench")
    add_bench_arguments(parser)
    args = parser.parse_args(argv)
    return run_bench(args, sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
