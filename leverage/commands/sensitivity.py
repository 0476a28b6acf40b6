"""`python main.py sensitivity SCENARIO`: how much each model parameter moves the balance.

Every parameter of `leverage/core/params.py` is changed by -CHANGE and +CHANGE (10% by default), one
at a time, and the scenario is played as in `simulate` (same games, same seed, same computer
players) with the changed value, kept within the parameter's allowed range (a share such as
`oil_embargo_cut`, 0.95, runs at 1.0 with +10%, not 1.045).  The table gives each role's win
rate at the scenario's own values and with each change; a role outside LOW..HIGH with any one
change is marked, and the parameters that move no role's win rate by a visible amount are listed
at the end.  The starting
state is the scenario's own: a parameter that only sets starting values changes nothing here.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, replace
from typing import TextIO

import numpy as np

from leverage.commands.args import positive_int
from leverage.commands.args import seed as seed_number
from leverage.core.compiled import compile_world
from leverage.core.params import Params
from leverage.core.playtest import run_games
from leverage.scenario import LoadedScenario, ScenarioError, load_scenario
from leverage.scenario.ranges import param_range

#: Share by which each parameter is lowered and raised.
CHANGE = 0.10
#: Win rates every role must keep with any one change.
LOW, HIGH = 0.15, 0.70
#: A change of a win rate smaller than this counts as no visible effect.
VISIBLE = 0.01
LEVELS = ("easy", "normal", "hard")


@dataclass(frozen=True)
class Row:
    """Each role's win rate with one parameter lowered and raised."""

    name: str
    value: float
    low: tuple[float, ...]
    high: tuple[float, ...]

    def outside(self) -> bool:
        """True when some role leaves LOW..HIGH with either change."""
        return any(not LOW <= r <= HIGH for r in self.low + self.high)

    def largest(self, base: tuple[float, ...]) -> float:
        """The largest change of any role's win rate from `base`."""
        return max(abs(r - b) for rates in (self.low, self.high)
                   for r, b in zip(rates, base, strict=True))


def add_sensitivity_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of the sensitivity command."""
    parser.add_argument("scenario", metavar="SCENARIO",
                        help="a scenario file, or the id of a shipped or user scenario")
    parser.add_argument("--games", type=positive_int, default=400,
                        help="games per run (default 400)")
    parser.add_argument("--ai", choices=LEVELS, default="normal",
                        help="computer players on every role (default normal, as the balance "
                             "table; easy is much quicker)")
    parser.add_argument("--seed", type=seed_number, default=0, help="the seed of every run")
    parser.add_argument("--change", type=float, default=CHANGE,
                        help="share by which each parameter is changed (default 0.1)")
    parser.add_argument("--only", nargs="+", metavar="PARAM", default=None,
                        help="only these parameters")


def win_rates(loaded: LoadedScenario, params: Params, games: int, ai: str,
              seed: int) -> tuple[float, ...]:
    """Each role's win rate over `games` games with the model's parameters set to `params`."""
    world = compile_world(replace(loaded.world, params=params))
    with np.errstate(all="ignore"):
        result = run_games(world, loaded.state, games, world.turns, ai, seed, record=False)
    return tuple(result.win_rate(r) for r in range(len(world.roles)))


def measure(loaded: LoadedScenario, names: list[str], games: int, ai: str, seed: int,
            change: float) -> list[Row]:
    """One Row per parameter in `names`."""
    base = loaded.world.params
    rows = []
    for name in names:
        value = float(getattr(base, name))
        low = win_rates(loaded, changed(base, name, 1 - change), games, ai, seed)
        high = win_rates(loaded, changed(base, name, 1 + change), games, ai, seed)
        rows.append(Row(name, value, low, high))
    return rows


def changed(base: Params, name: str, factor: float) -> Params:
    """`base` with parameter `name` multiplied by `factor`, kept within its allowed range (a
    share stays at or below 1, as in the checker and the drawn worlds of `compare --bands`)."""
    return replace(base, **{name: param_range(name).clamp(float(getattr(base, name)) * factor)})


def write_table(loaded: LoadedScenario, base: tuple[float, ...], rows: list[Row],
                change: float, out: TextIO) -> None:
    """The table: per parameter, each role's win rate with -change and +change."""
    roles = [loaded.world.codes[r.country] for r in loaded.world.roles]
    head = "".join(f"{t:>8}" for t in roles)
    out.write(f"\n{'parameter':<24}{'value':>10}  {'':<6}{head}\n")
    out.write(f"{'(scenario values)':<24}{'':>10}  {'':<6}"
              + "".join(f"{r:>8.1%}" for r in base) + "\n")
    for row in sorted(rows, key=lambda r: -r.largest(base)):
        if row.largest(base) < VISIBLE:
            continue
        mark = "  OUTSIDE" if row.outside() else ""
        for sign, rates in ((f"-{change:.0%}", row.low), (f"+{change:.0%}", row.high)):
            label = row.name if sign.startswith("-") else ""
            value = f"{row.value:>10.4g}" if sign.startswith("-") else f"{'':>10}"
            cells = "".join(f"{r:>8.1%}" for r in rates)
            out.write(f"{label:<24}{value}  {sign:<6}{cells}{mark if label else ''}\n")


def run_sensitivity(args: argparse.Namespace, out: TextIO) -> int:
    """Print the sensitivity table; 0 when every role stays within LOW..HIGH, else 1."""
    try:
        loaded = load_scenario(args.scenario)
    except ScenarioError as exc:
        for problem in exc.problems:
            out.write(f"{problem}\n")
        return 1
    names = list(args.only or Params.names())
    unknown = [n for n in names if n not in Params.names()]
    if unknown:
        out.write(f"unknown model parameter(s): {', '.join(unknown)}; "
                  "'python main.py reference' lists them\n")
        return 2
    if not 0 < args.change < 1:
        out.write(f"--change {args.change} must be between 0 and 1 (0.1 is 10%)\n")
        return 2
    out.write(f"{loaded.world.title}: {args.games} games per run, {args.ai} computer players, "
              f"seed {args.seed}; each parameter changed by -{args.change:.0%} and "
              f"+{args.change:.0%}, one at a time\n")
    base = win_rates(loaded, loaded.world.params, args.games, args.ai, args.seed)
    rows = measure(loaded, names, args.games, args.ai, args.seed, args.change)
    write_table(loaded, base, rows, args.change, out)
    quiet = [r.name for r in rows if r.largest(base) < VISIBLE]
    if quiet:
        out.write(f"\nNo visible effect (every win rate within {VISIBLE:.0%}): "
                  f"{', '.join(quiet)}\n")
    outside = [r.name for r in rows if r.outside()]
    if outside:
        out.write(f"\nA role leaves {LOW:.0%}-{HIGH:.0%} with: {', '.join(outside)}\n")
    else:
        out.write(f"\nEvery role stays within {LOW:.0%}-{HIGH:.0%} with every change.\n")
    sys.stdout.flush()
    return 1 if outside else 0


