"""`simulate --objectives`: what each objective's expression reaches at the end of the games.

For every role and objective, the P10 / P50 / P90 over games of the objective's value after the
last turn, beside its `fail` and `goal`, and the share of games in which it is fully met. An
objective whose value hardly varies cannot decide who wins (docs/authoring.md, Part 5).

The values come with the playtest result (`PlaytestResult.objectives`): the same games as the
summary's, read from their final states.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

import numpy as np

from leverage.core.world import World


@dataclass(frozen=True)
class ObjectiveSpread:
    """One objective's end-of-game values over the games."""

    code: str
    text: str
    fail: float
    goal: float
    p10: float
    p50: float
    p90: float
    met: float  # share of games at or beyond the goal


def spreads(world: World, values: np.ndarray) -> list[ObjectiveSpread]:
    """P10 / P50 / P90 and the share of games meeting the goal, for every objective in order."""
    out: list[ObjectiveSpread] = []
    column = 0
    for role in world.roles:
        code = world.codes[role.country]
        for objective in role.objectives:
            raw = values[:, column].astype(np.float64)
            column += 1
            finite = raw[np.isfinite(raw)]
            p10, p50, p90 = (np.percentile(finite, [10, 50, 90]) if finite.size
                             else (np.nan, np.nan, np.nan))
            rising = objective.goal >= objective.fail
            met = (finite >= objective.goal) if rising else (finite <= objective.goal)
            out.append(ObjectiveSpread(code, objective.text, objective.fail, objective.goal,
                                       float(p10), float(p50), float(p90),
                                       float(met.sum()) / max(raw.size, 1)))
    return out


def _fmt(value: float) -> str:
    """A number in at most 9 characters."""
    if not np.isfinite(value):
        return "n/a"
    if abs(value) >= 1e6:
        return f"{value:.2e}"
    if abs(value) >= 100:
        return f"{value:.0f}"
    return f"{value:.2f}" if abs(value) < 10 else f"{value:.1f}"


def write_objectives(rows: Sequence[ObjectiveSpread], out: TextIO) -> None:
    """The table printed by `simulate --objectives`."""
    out.write("\nObjectives at the end of the game, over games"
              "        fail      goal       P10       P50       P90   met\n")
    previous = None
    for row in rows:
        code = row.code if row.code != previous else ""
        previous = row.code
        text = row.text if len(row.text) <= 40 else row.text[:39] + "…"
        out.write(f"  {code:<4} {text:<40} {_fmt(row.fail):>9} {_fmt(row.goal):>9}"
                  f" {_fmt(row.p10):>9} {_fmt(row.p50):>9} {_fmt(row.p90):>9} {row.met:5.0%}\n")
    flat = [row for row in rows if _hardly_varies(row)]
    if flat:
        out.write("\nObjectives that hardly vary between games (they shift every score alike "
                  "and cannot decide who wins)\n")
        out.writelines(f"  {row.code}: {row.text}\n" for row in flat)


def _hardly_varies(row: ObjectiveSpread) -> bool:
    """True when P10 to P90 covers under 5% of the distance between fail and goal."""
    span = abs(row.goal - row.fail)
    return bool(np.isfinite(row.p10) and span > 0 and abs(row.p90 - row.p10) < 0.05 * span)
