"""`python main.py compare SCENARIO`: play what really happened and set it beside the real figures.

The scenario is played as a batch of GAMES games from one fixed seed (so the table is the same
every time) and the game's value is the median over them, which keeps one lucky or unlucky oil-price
path from deciding the comparison.  Each turn, the moves its `history` section dates in
that turn are played when they are legal and affordable (otherwise nothing); proposals that really
were made are accepted; no other move is played; events fire as usual.  Then, for every series in
`history.series`, the real value at each date is printed beside the game's value at the turn
boundary nearest that date, with two checks over the span of the series:

- direction: the game moves the same way as the real figures between the first and last dates;
- end: the game's value at the last date is within a factor of two of the real one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TextIO

import numpy as np

from game.core.actions import Actions
from game.core.rules import legal_mask
from game.core.state import State
from game.core.step import step
from game.files import printable
from game.scenario import LoadedScenario, ScenarioError, load_scenario
from game.scenario.schema import parse_date

#: The seed of the batch; fixed so that the table is the same every time.
SEED = 2018
#: Games played side by side; the game's value is their median.
GAMES = 64
#: A real change smaller than this share of the first value counts as "flat".
FLAT = 0.02


@dataclass(frozen=True)
class Point:
    """One dated real value beside the game's value at the nearest turn boundary."""

    date: str
    turn: int
    real: float
    game: float


@dataclass(frozen=True)
class SeriesComparison:
    """A real series of one indicator for one country, beside the game's."""

    indicator: str
    country: str
    points: tuple[Point, ...]

    @property
    def real_direction(self) -> int:
        """+1 rising, -1 falling, 0 flat between the first and last real values."""
        return _direction(self.points[0].real, self.points[-1].real)

    @property
    def game_direction(self) -> int:
        """+1 rising, -1 falling, 0 flat between the game's values at the same dates."""
        return _direction(self.points[0].game, self.points[-1].game)

    @property
    def direction_ok(self) -> bool:
        """True when the game moves the way the real figures did."""
        return self.real_direction == self.game_direction

    @property
    def end_ratio(self) -> float:
        """Game value over real value at the last date (inf when the real value is 0)."""
        real, game = self.points[-1].real, self.points[-1].game
        if real == 0:
            return 1.0 if game == 0 else float("inf")
        return game / real

    @property
    def end_ok(self) -> bool:
        """True when the game's last value is within a factor of two of the real one."""
        return 0.5 <= self.end_ratio <= 2.0

    @property
    def ok(self) -> bool:
        """Both checks pass."""
        return self.direction_ok and self.end_ok


def _direction(first: float, last: float) -> int:
    """Sign of the change from `first` to `last`, 0 when it is within FLAT of `first`."""
    change = last - first
    if abs(change) <= FLAT * max(abs(first), 1e-9):
        return 0
    return 1 if change > 0 else -1


def _months(date: str) -> int:
    """Months since year 0 of a YYYY-MM(-DD) date."""
    year, month, _ = parse_date(date)
    return year * 12 + month - 1


def history_actions(loaded: LoadedScenario, state: State) -> Actions:
    """The decisions of one turn when only the real history is played.

    A history move dated in this turn is played when it is legal and the country can still
    afford it (moves are taken in the order the file lists them); a pending proposal is accepted
    when the history lists that proposal.
    """
    world = loaded.world
    legal = legal_mask(world, state)
    actions = Actions.empty(state.batch, world.n, len(world.moves), len(world.bloc_ids))
    remaining = state.get("capital").astype(np.float64).copy()
    turn = state.turn + 1
    real = np.zeros((world.n, world.n, len(world.moves)), dtype=bool)
    for h in world.history_moves:
        real[h.target, h.country, h.move] = h.target != h.country
        if h.turn != turn:
            continue
        cost = world.moves[h.move].cost
        i, m = h.country, h.move
        can = legal[:, i, m, h.target] & (remaining[:, i] >= cost - 1e-9)
        can &= actions.moves[:, i, m] == 0
        actions.moves[:, i, m] = np.where(can, h.target + 1, actions.moves[:, i, m])
        remaining[:, i] -= np.where(can, cost, 0.0)
    pending = np.transpose(state.pending, (0, 2, 1, 3))  # [b, j, i, m]: i proposed m to j
    actions.accept[:] = pending & real[None]
    return actions


def play_history(loaded: LoadedScenario, seed: int = SEED, games: int = GAMES) -> list[State]:
    """The states at the start and after every turn of `games` games playing only the history."""
    world = loaded.world
    rng = np.random.default_rng(seed)
    states = [loaded.state.repeat(games)]
    for _ in range(world.turns):
        state = states[-1]
        new, _ex = step(world, state, history_actions(loaded, state), rng)
        states.append(new)
    return states


def turn_at(loaded: LoadedScenario, date: str) -> int | None:
    """The turn boundary nearest `date` (0 = start), or None when it lies outside the game."""
    cal = loaded.scenario.calendar
    start = cal.start or loaded.scenario.date
    offset = (_months(date) - _months(start)) / cal.months_per_turn
    turn = int(np.floor(offset + 0.5))
    if turn < -1 or turn > loaded.world.turns + 1:
        return None
    return min(max(turn, 0), loaded.world.turns)


def compare_history(loaded: LoadedScenario, seed: int = SEED) -> list[SeriesComparison]:
    """Every history series of the scenario beside the game's values, playing the history."""
    states = play_history(loaded, seed)
    world = loaded.world
    out: list[SeriesComparison] = []
    for indicator, by_country in loaded.scenario.history.series.items():
        for code, series in by_country.items():
            c = world.country(code)
            points: list[Point] = []
            for item in sorted(series, key=lambda p: _months(p.date)):
                turn = turn_at(loaded, item.date)
                if turn is None:
                    continue
                game = float(np.median(states[turn].get(indicator, world.params)[:, c]))
                points.append(Point(item.date, turn, float(item.value), game))
            if points:
                out.append(SeriesComparison(indicator, code, tuple(points)))
    return out


def _arrow(direction: int) -> str:
    """A word for a direction of change."""
    return {1: "up", -1: "down", 0: "flat"}[direction]


def _fmt(value: float) -> str:
    """A compact number for the table."""
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def write_table(comparisons: list[SeriesComparison], out: TextIO) -> None:
    """Print one side-by-side table per series, with its two checks."""
    for comp in comparisons:
        out.write(f"\n{comp.indicator} ({comp.country})\n")
        out.write(f"  {'date':<10} {'turn':>4} {'real':>12} {'game':>12}\n")
        for p in comp.points:
            out.write(f"  {p.date:<10} {p.turn:>4} {_fmt(p.real):>12} {_fmt(p.game):>12}\n")
        verdict = "ok" if comp.direction_ok else "DIFFERENT"
        out.write(f"  direction: real {_arrow(comp.real_direction)}, "
                  f"game {_arrow(comp.game_direction)} ({verdict})\n")
        verdict = "ok" if comp.end_ok else "OUTSIDE a factor of two"
        out.write(f"  end: game/real = {comp.end_ratio:.2f} ({verdict})\n")


def run_compare(path: str, out: TextIO) -> int:
    """Play the scenario's history and print the comparison; 0 when every series passes, else 1."""
    try:
        loaded = load_scenario(path)
    except ScenarioError as exc:
        for problem in exc.problems:
            out.write(f"{problem}\n")
        return 1
    with np.errstate(all="ignore"):  # the model clips what overflows; nothing to print
        comparisons = compare_history(loaded)
    if not comparisons:
        out.write(f"{printable(path)}: the scenario has no history series to compare\n")
        return 1
    out.write(f"{loaded.world.title}: the real history played in {GAMES} games (seed {SEED}); "
              "real figures beside the game's median\n")
    write_table(comparisons, out)
    passed = sum(1 for c in comparisons if c.ok)
    out.write(f"\n{passed} of {len(comparisons)} series follow the real direction "
              "and end within a factor of two\n")
    return 0 if passed == len(comparisons) else 1
