"""`simulate`: play many games of a scenario with computer players and summarise them.

    python main.py simulate SCENARIO [--games N] [--turns T] [--seed S] [--ai easy|normal|hard]
                                     [--script MOVES.yaml] [--out results.json|results.csv]

Prints, per role, the win rate and mean score; the end-of-game P10/P50/P90 of key indicators per
country; and the moves winners played most (with a balance warning when one move appears in more
than 80% of a role's wins).  `--out` writes per-turn indicators per country, as CSV in long format
(game, turn, country, indicator, value) or as JSON.  See docs/simulate.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from leverage.commands.args import positive_int
from leverage.commands.args import seed as seed_number
from leverage.commands.results import OutputFileError, ResultSink, open_sink, play_streamed
from leverage.core.actions import LeverageError
from leverage.core.playtest import DEFAULT_INDICATORS, PlaytestResult, ScriptedMove
from leverage.files import printable
from leverage.scenario.errors import ScenarioError

AI_LEVELS: tuple[str, ...] = ("easy", "normal", "hard")
SUMMARY_INDICATORS: tuple[str, ...] = ("gdp", "inflation", "reserves", "stability", "oil_output")
OUT_SUFFIXES: tuple[str, ...] = (".csv", ".json")
#: `simulate` lists a role's turns with no legal move when at least this share of games has them.
IDLE_LIMIT = 0.5
BALANCE_LIMIT = 0.8
#: Relative cost of one game-turn at each level, to decide when a run is long enough for progress.
_LEVEL_WEIGHT: dict[str, int] = {"easy": 1, "normal": 40, "hard": 200}
_LONG_RUN = 60_000
MAX_GAMES = 200_000
#: `--script history` follows the scenario's own `history.moves`.
HISTORY_SCRIPT = "history"


@dataclass(frozen=True)
class SimulateOptions:
    """The options of one `simulate` run."""

    scenario: str
    games: int = 100
    turns: int | None = None
    seed: int = 0
    ai: str = "easy"
    script: str | None = None
    out: str | None = None
    progress: bool = True
    objectives: bool = False
    one_at_a_time: bool = False
    compare_levels: bool = False


class UsageError(LeverageError):
    """An option that cannot be used as given."""


def _out_path(text: str) -> str:
    """argparse type: an output file ending in .csv or .json."""
    if Path(text).suffix.lower() not in OUT_SUFFIXES:
        raise argparse.ArgumentTypeError(f"'{text}' must end in .csv or .json")
    return text


def add_simulate_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the `simulate` options to its sub-parser."""
    parser.add_argument("scenario", metavar="SCENARIO",
                        help="a scenario file, or the id of a shipped or user scenario")
    parser.add_argument("--games", type=positive_int, default=100, metavar="N",
                        help="games to play side by side (default 100)")
    parser.add_argument("--turns", type=positive_int, default=None, metavar="T",
                        help="turns per game (default: the scenario's length)")
    parser.add_argument("--seed", type=seed_number, default=0, metavar="S", help="random seed (default 0)")
    parser.add_argument("--ai", choices=AI_LEVELS, default="easy",
                        help="computer players' level for every country (default easy)")
    parser.add_argument("--script", default=None, metavar="MOVES.yaml",
                        help="move script: moves given countries play on given turns "
                             "('history': the scenario's real sequence of moves)")
    parser.add_argument("--out", type=_out_path, default=None, metavar="FILE",
                        help="write per-turn indicators per country to FILE (.csv or .json)")
    parser.add_argument("--no-progress", dest="progress", action="store_false",
                        help="do not show progress on stderr")
    parser.add_argument("--one-at-a-time", dest="one_at_a_time", action="store_true",
                        help="also play the games one at a time, as a person plays them (a "
                             "batch of one each), and print their win rates beside the "
                             "batched ones")
    parser.add_argument("--compare-levels", dest="compare_levels", action="store_true",
                        help="instead of one run, play each role at easy, normal and hard with "
                             "every other country at normal, and print each role's mean score "
                             "and win rate per level (the same games, same seed)")
    parser.add_argument("--objectives", action="store_true",
                        help="also print each objective's P10/P50/P90 at the end of the game, "
                             "per role (plays the same games a second time)")


def options_from_args(args: argparse.Namespace) -> SimulateOptions:
    """Read the options from a parsed command line."""
    return SimulateOptions(
        scenario=str(args.scenario),
        games=int(getattr(args, "games", 100)),
        turns=getattr(args, "turns", None),
        seed=int(getattr(args, "seed", 0)),
        ai=str(getattr(args, "ai", "easy")),
        script=getattr(args, "script", None),
        out=getattr(args, "out", None),
        progress=bool(getattr(args, "progress", True)),
        objectives=bool(getattr(args, "objectives", False)),
        one_at_a_time=bool(getattr(args, "one_at_a_time", False)),
        compare_levels=bool(getattr(args, "compare_levels", False)),
    )


def check_options(opts: SimulateOptions) -> None:
    """Raise UsageError for options argparse could not check (when called from Python)."""
    if not 1 <= opts.games <= MAX_GAMES:
        raise UsageError(f"--games must be between 1 and {MAX_GAMES}, not {opts.games}")
    if opts.turns is not None and not 1 <= opts.turns <= 240:
        raise UsageError(f"--turns must be between 1 and 240, not {opts.turns}")
    if opts.seed < 0:
        raise UsageError(f"--seed must be 0 or more, not {opts.seed}")
    if opts.ai not in AI_LEVELS:
        raise UsageError(f"--ai must be one of {', '.join(AI_LEVELS)}, not '{opts.ai}'")
    if opts.out is not None:
        if Path(opts.out).suffix.lower() not in OUT_SUFFIXES:
            raise UsageError(f"--out '{opts.out}' must end in .csv or .json")
        folder = Path(opts.out).parent
        if not folder.is_dir():
            raise UsageError(f"--out '{opts.out}': the folder '{folder}' does not exist")
        if Path(opts.out).is_dir():
            raise UsageError(f"--out '{opts.out}' is a folder; give a file name")


class Progress:
    """Progress on stderr: a redrawn bar on a terminal, a line every 10% otherwise."""

    def __init__(self, total: int, stream: TextIO) -> None:
        """Start at zero of `total` units."""
        self.total = max(total, 1)
        self.done = 0
        self.stream = stream
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self.last_step = -1

    def advance(self, units: int) -> None:
        """Count `units` more and show the new state."""
        self.done += units
        frac = min(1.0, self.done / self.total)
        if self.tty:
            filled = int(frac * 30)
            self.stream.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {frac:4.0%}")
            if frac >= 1.0:
                self.stream.write("\n")
        else:
            step = int(frac * 10)
            if step > self.last_step:
                self.last_step = step
                self.stream.write(f"simulate: {step * 10}%\n")
        self.stream.flush()


def run_simulate(
    args: argparse.Namespace | SimulateOptions, out: TextIO, err: TextIO | None = None
) -> int:
    """Carry out `simulate`; 0 on success, 1 for a bad scenario or script, 2 for bad options."""
    err = err if err is not None else sys.stderr
    opts = args if isinstance(args, SimulateOptions) else options_from_args(args)
    try:
        check_options(opts)
    except UsageError as exc:
        err.write(f"leverage simulate: error: {exc}\n")
        return 2
    try:
        return _simulate(opts, out, err)
    except ScenarioError as exc:
        for problem in exc.problems:
            err.write(f"{problem}\n")  # Problem escapes control characters itself
        errors = sum(1 for p in exc.problems if p.is_error)
        err.write(f"{errors} error(s): nothing was simulated.\n")
        return 1
    except KeyboardInterrupt:
        err.write("\nleverage simulate: interrupted; nothing was written.\n")
        return 130
    except OutputFileError as exc:
        err.write(f"leverage simulate: error: cannot write {opts.out}: {exc.strerror}\n")
        return 1


def _load(path: str) -> Any:
    """Load and check a scenario named by a path or an id (ScenarioError with every problem)."""
    from leverage.resources import find_scenario_file
    from leverage.scenario import load_scenario

    found = find_scenario_file(path)
    return load_scenario(str(found) if found is not None else path)


def _script(opts: SimulateOptions, world: Any, turns: int, err: TextIO) -> tuple[ScriptedMove, ...]:
    """Load the move script, if any; print its warnings."""
    if opts.script is None:
        return ()
    if opts.script == HISTORY_SCRIPT:
        return tuple(
            ScriptedMove(turn=h.turn, country=h.country, move=h.move, target=h.target)
            for h in sorted(world.history_moves, key=lambda h: (h.turn, h.country, h.move))
        )
    from leverage.commands.script import load_script, resolve_script

    moves, warnings = resolve_script(load_script(opts.script), world, turns)
    for w in warnings:
        err.write(f"{printable(str(w))}\n")
    unique = tuple(dict.fromkeys(moves))
    if len(unique) < len(moves):
        err.write(f"{opts.script}: {len(moves) - len(unique)} scripted move(s) are listed more "
                  "than once on the same turn; each is played once\n")
    return unique


def _simulate(opts: SimulateOptions, out: TextIO, err: TextIO) -> int:
    """Load, play, summarise and write."""
    loaded = _load(opts.scenario)
    world, state = loaded.world, loaded.state
    for warning in loaded.warnings:
        err.write(f"{warning}\n")
    turns = opts.turns if opts.turns is not None else int(world.turns)
    if opts.compare_levels:
        _compare_levels(world, state, opts, turns, out)
        return 0
    script = _script(opts, world, turns, err)
    progress: Callable[[int], None] | None = None
    if opts.progress and opts.games * turns * _LEVEL_WEIGHT[opts.ai] >= _LONG_RUN:
        progress = Progress(opts.games * turns, err).advance
    started = time.perf_counter()
    sink = None if opts.out is None else open_sink(opts.out, _header(opts, world, turns))
    try:
        with np.errstate(all="ignore"):  # the model clips what overflows; nothing to print
            result = play_streamed(world, state, opts.games, turns, opts.ai, opts.seed,
                                   script or None, sink, progress)
        if sink is not None:
            _finish(sink, result)
    except BaseException:
        if sink is not None:
            sink.discard()
        raise
    separate = None
    if opts.one_at_a_time:
        from leverage.core.playtest import run_games_separately

        with np.errstate(all="ignore"):
            separate = run_games_separately(world, state, opts.games, turns, opts.ai, opts.seed,
                                            script or None, record=False)
    elapsed = time.perf_counter() - started
    write_summary(result, world, opts, elapsed, out, separate)
    if opts.objectives:
        _write_objectives(world, result, out)
    if opts.out is not None:
        out.write(f"\nPer-turn indicators written to {opts.out}\n")
    return 0


def _compare_levels(world: Any, state: Any, opts: SimulateOptions, turns: int,
                    out: TextIO) -> None:
    """Each role at easy, normal and hard (others at normal): mean score and win rate."""
    from leverage.core.playtest import STRENGTH_LEVELS, level_strength

    started = time.perf_counter()
    out.write(f"{world.title} ({world.scenario_id})\n")
    out.write(f"{_plural(opts.games, 'game')} x {_plural(turns, 'turn')} per level, seed "
              f"{opts.seed}; one role at each level, every other country at normal\n\n")
    out.write("  role  " + "".join(f"{lv:>20}" for lv in STRENGTH_LEVELS)
              + "   ordered   normal-easy    hard-normal\n")
    for r in range(len(world.roles)):
        with np.errstate(all="ignore"):
            row = level_strength(world, state, r, opts.games, turns, opts.seed)
        cells = "".join(f"{m:>12.1f} {w:>7.1%}" for m, w in zip(row.mean, row.win, strict=True))
        leads = "".join(f"{f'{lead:+.1f} ± {se:.1f}':>15}" for lead, se in row.leads)
        out.write(f"  {row.code:<5} {cells}   {'yes' if row.ordered else 'NO ':<7}{leads}\n")
        out.flush()
    out.write(f"\n(mean final score, win rate) per level; each level's lead over the one below in "
              f"mean score over the same games, ± its standard error; "
              f"{time.perf_counter() - started:.0f} s\n")


def _write_objectives(world: Any, result: PlaytestResult, out: TextIO) -> None:
    """Each objective's end-of-game P10 / P50 / P90 per role (leverage.commands.objectives)."""
    from leverage.commands.objectives import spreads, write_objectives

    write_objectives(spreads(world, result.objectives), out)


def _finish(sink: ResultSink, result: PlaytestResult) -> None:
    """Complete the results file (OutputFileError when the disk refuses)."""
    try:
        sink.finish(result)
    except OSError as error:
        raise OutputFileError(error.errno, error.strerror, str(sink.target)) from None


def _header(opts: SimulateOptions, world: Any, turns: int) -> dict[str, Any]:
    """The settings at the head of a JSON results file."""
    return {"format": 1, "scenario": opts.scenario, "games": opts.games, "turns": turns,
            "seed": opts.seed, "ai": opts.ai, "script": opts.script,
            "countries": list(world.codes), "indicators": list(DEFAULT_INDICATORS)}


def write_summary(
    result: PlaytestResult, world: Any, opts: SimulateOptions, elapsed: float, out: TextIO,
    separate: PlaytestResult | None = None,
) -> None:
    """Print win rates, mean scores, end-of-game percentiles and winners' favourite moves.

    With `separate` (the same games played one at a time) its win rates and mean scores are
    printed beside the batched ones.
    """
    out.write(f"{world.title} ({world.scenario_id})\n")
    out.write(
        f"{_plural(result.games, 'game')} x {_plural(result.turns, 'turn')}, "
        f"computer players: {opts.ai}, "
        f"seed {opts.seed}, {elapsed:.1f} s\n"
    )
    if opts.script:
        source = "the scenario's history" if opts.script == HISTORY_SCRIPT else opts.script
        out.write(f"Scripted moves from {source}\n")
        for move, count in result.script_skips:
            out.write(
                f"  turn {move.turn}: {world.codes[move.country]} {world.moves[move.move].id} "
                f"on {world.codes[move.target]} skipped in {count} of {result.games} games "
                f"(not legal or not affordable there)\n"
            )
    _write_roles(result, out, separate)
    _write_percentiles(result, out)
    _write_top_moves(result, out)
    _write_idle_turns(result, out)


def _write_roles(result: PlaytestResult, out: TextIO, separate: PlaytestResult | None) -> None:
    """Win rate and mean score per role (and one at a time, when played)."""
    head = "\nRoles                                     win rate  mean score"
    if separate is not None:
        head = f"\n{'':42}{'batched':<24}one at a time{head}    win rate  mean score"
    out.write(head + "\n")
    for r, country in enumerate(result.role_countries):
        title = result.role_titles[r][:34]
        line = (f"  {result.codes[country]:<4} {title:<34} {result.win_rate(r):7.1%}"
                f"  {result.mean_score(r):10.1f}")
        if separate is not None:
            line += f"    {separate.win_rate(r):7.1%}  {separate.mean_score(r):10.1f}"
        out.write(line + "\n")


def _plural(count: int, word: str) -> str:
    """'1 game', '3 games'."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _fmt(value: float) -> str:
    """A number in at most 9 characters."""
    if abs(value) >= 1e6:
        return f"{value:.2e}"
    if abs(value) >= 100:
        return f"{value:.0f}"
    return f"{value:.2f}" if abs(value) < 10 else f"{value:.1f}"


def _write_percentiles(result: PlaytestResult, out: TextIO) -> None:
    """End-of-game P10 / P50 / P90 of the key indicators, per country."""
    from leverage.core.vocab import indicator

    names = [n for n in SUMMARY_INDICATORS if n in result.indicators]
    out.write("\nEnd of game, over games                    P10        P50        P90\n")
    for c, code in enumerate(result.codes):
        for k, name in enumerate(names):
            label = f"{indicator(name).label} ({indicator(name).unit})"
            p10, p50, p90 = result.end_percentiles(name, c)
            out.write(
                f"  {code if k == 0 else '':<4} {label:<32} {_fmt(p10):>10} {_fmt(p50):>10}"
                f" {_fmt(p90):>10}\n"
            )


def _write_top_moves(result: PlaytestResult, out: TextIO) -> None:
    """The moves each role's winners played most, and balance warnings."""
    out.write("\nMoves most played in winning games (share of the role's wins)\n")
    warnings = []
    for r, country in enumerate(result.role_countries):
        code = result.codes[country]
        wins = int(result.wins[:, r].sum())
        if wins == 0:
            out.write(f"  {code:<4} no wins\n")
            continue
        top = result.top_moves(r, 3)
        text = ", ".join(f"{m} {s:.0%}" for m, s in top) or "no moves"
        out.write(f"  {code:<4} {text}  ({wins} wins)\n")
        dominant = result.dominant_move(r, BALANCE_LIMIT)
        if dominant is not None:
            warnings.append(
                f"  {code}: {dominant[0]} was played in {dominant[1]:.0%} of its wins "
                f"(more than {BALANCE_LIMIT:.0%})"
            )
    if warnings:
        out.write("\nBalance warnings\n" + "\n".join(warnings) + "\n")


def _write_idle_turns(result: PlaytestResult, out: TextIO) -> None:
    """The turns on which a role had no move it could play in at least IDLE_LIMIT of the games:
    a team playing it could only end the turn."""
    lines = []
    for r, country in enumerate(result.role_countries):
        share = result.idle_share(r)
        turns = [f"{t + 1} ({s:.0%})" for t, s in enumerate(share) if s >= IDLE_LIMIT]
        if turns:
            lines.append(f"  {result.codes[country]:<4} turn " + ", ".join(turns))
    if lines:
        out.write(f"\nTurns with no move to play (in {IDLE_LIMIT:.0%} or more of the games; "
                  "the team can only end the turn)\n" + "\n".join(lines) + "\n")
