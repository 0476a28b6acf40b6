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

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TextIO

import numpy as np

from leverage.commands.uncertainty import (
    ASSUMED,
    SOURCED,
    STARTING,
    draw_effects,
    draw_params,
    draw_start,
    parameter_spread,
)
from leverage.core.actions import Actions
from leverage.core.compiled import compile_world
from leverage.core.derived import exports
from leverage.core.params import Params
from leverage.core.rules import legal_mask, why_illegal
from leverage.core.state import State
from leverage.core.step import step
from leverage.core.world import HistoryMove, World
from leverage.files import printable
from leverage.scenario import LoadedScenario, ScenarioError, load_scenario
from leverage.scenario.check import CheckResult, check_document
from leverage.scenario.compile import compile_result
from leverage.scenario.schema import Scenario, SeriesPoint, parse_date

#: The seed of the batch; fixed so that the table is the same every time.
SEED = 2018
#: Games played side by side; the game's value is their median.
GAMES = 64
#: A real change smaller than this share of the first value counts as "flat".
FLAT = 0.02
#: Games played for `compare --bands` (the P10-P90 band is taken over them).
BAND_GAMES = 200
#: Worlds with drawn parameters the band games are spread over (1: the parameters as they are).
BAND_WORLDS = 40
#: Series held to the strict checks of `--bands`: the median near every real value, turning
#: points at the right time.
KEY_SERIES = ("oil_output", "gold_home")
#: Yearly rates that cross zero, whose end check is a distance in points, not a ratio (a
#: factor of two means nothing between growth of 0.9% and 2.1%).
SIGNED_RATES = frozenset({"growth"})
#: The largest distance, in percentage points, of a signed rate's last value from the real one.
END_POINTS = 2.0
#: Largest error of the median, as a share of the real value, for a key series.
KEY_ERROR = 0.30
#: Least share of real points (after the start) inside the games' P10-P90 band.
BAND_SHARE = 0.70
#: A game's turning point may lie this many turns from the real one.
TURNING_SLACK = 1


@dataclass(frozen=True)
class Point:
    """One dated real value beside the game's median at its date (read between the two turn
    boundaries around it; `turn` is the nearest)."""

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
        """True when the game's last value is within a factor of two of the real one (a rate
        that can fall below zero: within END_POINTS points)."""
        if self.indicator in SIGNED_RATES:
            return abs(self.points[-1].game - self.points[-1].real) <= END_POINTS
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


def _months(date: str) -> float:
    """Months since year 0 of a YYYY-MM(-DD) date; a day counts as its share of the month (a
    figure of 31 October lies 2.7 months after 10 August, not 2)."""
    year, month, day = parse_date(date)
    return year * 12 + month - 1 + (day - 1) / calendar.monthrange(year, month)[1]


@dataclass(frozen=True)
class Skip:
    """A real move the history player could not play in some games, and why (first such game)."""

    date: str
    code: str
    move: str
    games: int
    reason: str


def history_actions(loaded: LoadedScenario, state: State,
                    skips: dict[int, tuple[int, str]] | None = None,
                    world: World | None = None) -> Actions:
    """The decisions of one turn when only the real history is played.

    A history move dated in this turn is played when it is legal and the country can still
    afford it (moves are taken in the order the file lists them); a pending proposal is accepted
    when the history lists that proposal.  `skips`, when given, counts per history move (index in
    `world.history_moves`) the games in which it was not played, with the first game's reason.
    `world` replaces the scenario's compiled world (the same scenario with other parameters).
    """
    world = world or loaded.world
    legal = legal_mask(world, state)
    actions = Actions.empty(state.batch, world.n, len(world.moves), len(world.bloc_ids))
    remaining = state.get("capital").astype(np.float64).copy()
    turn = state.turn + 1
    real = np.zeros((world.n, world.n, len(world.moves)), dtype=bool)
    for k, h in enumerate(world.history_moves):
        real[h.target, h.country, h.move] = h.target != h.country
        if h.turn != turn:
            continue
        cost = world.moves[h.move].cost
        i, m = h.country, h.move
        can = legal[:, i, m, h.target] & (remaining[:, i] >= cost - 1e-9)
        can &= actions.moves[:, i, m] == 0
        if skips is not None and not can.all():
            b = int(np.flatnonzero(~can)[0])
            reason = _skip_reason(world, state, actions, remaining, b, h)
            count, first = skips.get(k, (0, reason))
            skips[k] = (count + int((~can).sum()), first)
        actions.moves[:, i, m] = np.where(can, h.target + 1, actions.moves[:, i, m])
        remaining[:, i] -= np.where(can, cost, 0.0)
    pending = np.transpose(state.pending, (0, 2, 1, 3))  # [b, j, i, m]: i proposed m to j
    actions.accept[:] = pending & real[None]
    return actions


def _skip_reason(world: World, state: State, actions: Actions, remaining: np.ndarray, b: int,
                 h: HistoryMove) -> str:
    """Why history move `h` cannot be played in game b this turn."""
    i, m = h.country, h.move
    if actions.moves[b, i, m] != 0:
        return "the history lists it twice in one turn"
    reason = why_illegal(world, state, b, i, m, h.target)
    if reason is not None:
        return reason
    return (f"{world.codes[i]} has {remaining[b, i]:g} political capital left after the earlier "
            f"real moves of this turn; it costs {world.moves[m].cost:g}")


@dataclass(frozen=True)
class HistoryRun:
    """The states of a batch of games playing only the history, and the real moves skipped."""

    states: list[State]
    skips: tuple[Skip, ...]
    params: Params = field(default_factory=Params)

    def path(self, indicator: str, country: int) -> np.ndarray:
        """`indicator` of `country` at every turn boundary (rows) in every game (columns)."""
        return np.array([s.get(indicator, self.params)[:, country] for s in self.states],
                        dtype=np.float64)

    def series_path(self, series: RealSeries) -> np.ndarray:
        """What `series` measures at every turn boundary (rows) in every game (columns)."""
        return np.array([series.read(s, self.params) for s in self.states], dtype=np.float64)


@dataclass(frozen=True)
class BandRun:
    """History games played in several drawn worlds (see `leverage/commands/uncertainty.py`)."""

    runs: tuple[HistoryRun, ...]

    @property
    def games(self) -> int:
        """Games played over all the worlds."""
        return sum(r.states[0].batch for r in self.runs)

    def path(self, indicator: str, country: int) -> np.ndarray:
        """`indicator` of `country` at every turn boundary in every game of every world."""
        return np.concatenate([r.path(indicator, country) for r in self.runs], axis=1)

    def series_path(self, series: RealSeries) -> np.ndarray:
        """What `series` measures at every turn boundary in every game of every world."""
        return np.concatenate([r.series_path(series) for r in self.runs], axis=1)

    @property
    def skips(self) -> tuple[Skip, ...]:
        """The real moves skipped, counted over every world (the first reason kept)."""
        merged: dict[tuple[str, str, str], Skip] = {}
        for run in self.runs:
            for skip in run.skips:
                key = (skip.date, skip.code, skip.move)
                seen = merged.get(key)
                merged[key] = skip if seen is None else replace(seen, games=seen.games + skip.games)
        return tuple(sorted(merged.values(), key=lambda s: (_months(s.date), s.code, s.move)))


def play_history(loaded: LoadedScenario, seed: int = SEED, games: int = GAMES) -> list[State]:
    """The states at the start and after every turn of `games` games playing only the history."""
    return run_history(loaded, seed, games).states


def run_history(loaded: LoadedScenario, seed: int = SEED, games: int = GAMES,
                world: World | None = None) -> HistoryRun:
    """Play only the history in `games` games; the states and the real moves skipped.

    `world` replaces the scenario's compiled world (the same scenario with other parameters).
    """
    world = world or loaded.world
    rng = np.random.default_rng(seed)
    states = [loaded.state.repeat(games)]
    counts: dict[int, tuple[int, str]] = {}
    for _ in range(world.turns):
        state = states[-1]
        new, _ex = step(world, state, history_actions(loaded, state, counts, world), rng)
        states.append(new)
    skips = []
    for k in sorted(counts):
        h = world.history_moves[k]
        date = _date_of_turn(loaded, h.turn - 1)
        skips.append(Skip(date, world.codes[h.country], world.moves[h.move].id, counts[k][0],
                          counts[k][1]))
    return HistoryRun(states, tuple(skips), world.params)


def run_uncertain_history(loaded: LoadedScenario, seed: int = SEED, games: int = BAND_GAMES,
                          worlds: int = BAND_WORLDS) -> BandRun:
    """Play only the history in `games` games spread over `worlds` worlds with drawn parameters.

    Each world's parameters and effect sizes are drawn by `uncertainty.draw_params` and
    `uncertainty.draw_effects` (parameters the scenario sets itself are kept); its games share
    its seed stream.  One world keeps the parameters as
    they are when `worlds` is 1.
    """
    if worlds <= 1:
        return BandRun((run_history(loaded, seed, games),))
    spread = parameter_spread(fixed=loaded.scenario.model)
    rng = np.random.default_rng([seed, 1])
    start_rng = np.random.default_rng([seed, 2])
    checked = check_document(loaded.path)
    runs = []
    for k in range(worlds):
        count = games // worlds + (1 if k < games % worlds else 0)
        if count == 0:
            continue
        params = draw_params(loaded.world.params, spread, rng)
        drawn = _with_start(loaded, checked, draw_start(loaded.scenario, start_rng))
        world = compile_world(replace(draw_effects(drawn.world, rng), params=params))
        runs.append(run_history(drawn, seed + k, count, world))
    return BandRun(tuple(runs))


def _with_start(loaded: LoadedScenario, checked: CheckResult, scenario: Scenario) -> LoadedScenario:
    """`loaded` compiled again from `scenario` (the same file with other starting values)."""
    world, state = compile_result(replace(checked, scenario=scenario))
    return replace(loaded, scenario=scenario, world=world, state=state)


def _date_of_turn(loaded: LoadedScenario, turn: int) -> str:
    """The YYYY-MM date at which turn boundary `turn` (0 = start) falls."""
    cal = loaded.scenario.calendar
    year, month, _ = parse_date(cal.start or loaded.scenario.date)
    months = year * 12 + month - 1 + turn * cal.months_per_turn
    return f"{months // 12:04d}-{months % 12 + 1:02d}"


def _offset(loaded: LoadedScenario, date: str) -> float:
    """Turns from the start to `date` (fractional; negative before the start)."""
    cal = loaded.scenario.calendar
    return (_months(date) - _months(cal.start or loaded.scenario.date)) / cal.months_per_turn


def turn_at(loaded: LoadedScenario, date: str) -> int | None:
    """The turn boundary nearest `date` (0 = start), or None when it lies outside the game."""
    turn = int(np.floor(_offset(loaded, date) + 0.5))
    if turn < -1 or turn > loaded.world.turns + 1:
        return None
    return min(max(turn, 0), loaded.world.turns)


@dataclass(frozen=True)
class RealSeries:
    """One real series of a scenario's history: what it measures, of whom, its dated values, and
    how to read the same quantity from a state ((B,) values)."""

    indicator: str
    country: str
    points: tuple[SeriesPoint, ...]
    read: Callable[[State, Params], np.ndarray]


def real_series(loaded: LoadedScenario) -> list[RealSeries]:
    """The indicator series (`history.series`), then the bilateral trade series
    (`history.trade`: exports from one country to another, all goods or one group)."""
    world = loaded.world
    out: list[RealSeries] = []
    for indicator, by_country in loaded.scenario.history.series.items():
        for code, series in by_country.items():
            out.append(RealSeries(indicator, code, _sorted(series),
                                  _indicator_reader(indicator, world.country(code))))
    for flow in loaded.scenario.history.trade:
        a, b = world.country(flow.from_), world.country(flow.to)
        label = "trade" if flow.goods is None else f"trade in {flow.goods}"
        out.append(RealSeries(label, f"{flow.from_} to {flow.to}", _sorted(flow.points),
                              _trade_reader(world, a, b, flow.goods)))
    return out


def _sorted(points: list[SeriesPoint]) -> tuple[SeriesPoint, ...]:
    """Points in date order."""
    return tuple(sorted(points, key=lambda p: _months(p.date)))


def _indicator_reader(indicator: str, c: int) -> Callable[[State, Params], np.ndarray]:
    """Reads one country's indicator from a state (derived ones with the given parameters)."""
    return lambda s, params: np.asarray(s.get(indicator, params)[:, c], dtype=np.float64)


def _trade_reader(world: World, a: int, b: int,
                  group: str | None) -> Callable[[State, Params], np.ndarray]:
    """Reads exports from a to b from a state: all of them, or one product group's
    (`derived.exports`)."""
    return lambda s, _params: exports(world, s, a, b, group)


def compare_history(loaded: LoadedScenario, seed: int = SEED) -> list[SeriesComparison]:
    """Every history series of the scenario beside the game's values, playing the history."""
    states = play_history(loaded, seed)
    out: list[SeriesComparison] = []
    for series in real_series(loaded):
        medians = np.array([np.median(series.read(s, loaded.world.params)) for s in states])
        points: list[Point] = []
        for item in series.points:
            turn = turn_at(loaded, item.date)
            if turn is None:
                continue
            game = float(np.interp(turns_at(loaded, item.date), np.arange(len(medians)), medians))
            points.append(Point(item.date, turn, float(item.value), game))
        if points:
            out.append(SeriesComparison(series.indicator, series.country, tuple(points)))
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
        if comp.indicator in SIGNED_RATES:
            verdict = "ok" if comp.end_ok else f"OUTSIDE {END_POINTS:g} points"
            gap = comp.points[-1].game - comp.points[-1].real
            out.write(f"  end: game - real = {gap:+.2f} points ({verdict})\n")
        else:
            verdict = "ok" if comp.end_ok else "OUTSIDE a factor of two"
            out.write(f"  end: game/real = {comp.end_ratio:.2f} ({verdict})\n")


def _load(path: str, out: TextIO) -> LoadedScenario | None:
    """The scenario at `path`, or None after printing its problems."""
    try:
        return load_scenario(path)
    except ScenarioError as exc:
        for problem in exc.problems:
            out.write(f"{problem}\n")
        return None


def run_compare(path: str, out: TextIO) -> int:
    """Play the scenario's history and print the comparison; 0 when every series passes, else 1."""
    loaded = _load(path, out)
    if loaded is None:
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
              "and end within a factor of two (growth: within "
              f"{END_POINTS:g} points)\n")
    return 0 if passed == len(comparisons) else 1


@dataclass(frozen=True)
class BandPoint:
    """A real value beside the P10, P50 and P90 of the games at the nearest turn boundary."""

    date: str
    turn: int
    real: float
    p10: float
    p50: float
    p90: float

    @property
    def inside(self) -> bool:
        """True when the real value lies within the games' P10-P90 band."""
        return self.p10 <= self.real <= self.p90

    @property
    def error(self) -> float:
        """The median's error as a share of the real value."""
        return abs(self.p50 - self.real) / max(abs(self.real), 1e-9)


@dataclass(frozen=True)
class Turning:
    """A real turning point and where the games' median turns nearest to it."""

    date: str
    kind: str          # "peak" or "trough"
    real_turn: int
    game_turn: int

    @property
    def ok(self) -> bool:
        """True when the game turns within TURNING_SLACK turns of the real date."""
        return abs(self.game_turn - self.real_turn) <= TURNING_SLACK


@dataclass(frozen=True)
class BandSeries:
    """A real series beside the games' bands; key series have the strict checks too."""

    indicator: str
    country: str
    points: tuple[BandPoint, ...]
    turnings: tuple[Turning, ...]

    @property
    def key(self) -> bool:
        """True for the series held to the median and turning-point checks."""
        return self.indicator in KEY_SERIES

    @property
    def scored(self) -> tuple[BandPoint, ...]:
        """The points after the start (the start is set from the real values)."""
        return tuple(p for p in self.points if p.turn > 0)

    @property
    def median_ok(self) -> bool:
        """True when the median is within KEY_ERROR of every real value after the start."""
        return all(p.error <= KEY_ERROR for p in self.scored)

    @property
    def turning_ok(self) -> bool:
        """True when every real turning point is matched in time."""
        return all(t.ok for t in self.turnings)


def _kind(before: float, at: float, after: float) -> str | None:
    """"peak", "trough" or None for the middle of three values (changes under FLAT ignored)."""
    up = _direction(before, at)
    down = _direction(at, after)
    if up > 0 and down < 0:
        return "peak"
    if up < 0 and down > 0:
        return "trough"
    return None


def turnings(points: tuple[BandPoint, ...], median: np.ndarray) -> tuple[Turning, ...]:
    """Real turning points, each with the turn where the median path is most extreme nearby.

    `median` is the games' median at every turn boundary; the search runs between the real
    points on either side.
    """
    out = []
    for before, at, after in zip(points, points[1:], points[2:], strict=False):
        kind = _kind(before.real, at.real, after.real)
        if kind is None:
            continue
        window = median[before.turn:after.turn + 1]
        pick = np.argmax(window) if kind == "peak" else np.argmin(window)
        out.append(Turning(at.date, kind, at.turn, before.turn + int(pick)))
    return tuple(out)


def turns_at(loaded: LoadedScenario, date: str) -> float:
    """Turns from the start to `date` (fractional), kept within the game."""
    return float(min(max(_offset(loaded, date), 0.0), loaded.world.turns))


def interpolate(bands: np.ndarray, at: float) -> tuple[float, float, float]:
    """The (P10, P50, P90) rows of `bands` (3, turns + 1) read linearly at turn `at`."""
    low = int(np.floor(at))
    high = min(low + 1, bands.shape[1] - 1)
    share = at - low
    values = bands[:, low] * (1.0 - share) + bands[:, high] * share
    return float(values[0]), float(values[1]), float(values[2])


def compare_bands(loaded: LoadedScenario, run: HistoryRun | BandRun) -> list[BandSeries]:
    """Every history series of the scenario beside the P10/P50/P90 of the history games.

    A real date between two turn boundaries is read between the two (linearly): a figure of
    mid-February is set beside the games a third of the way through the first quarter.
    """
    out: list[BandSeries] = []
    for series in real_series(loaded):
        path = run.series_path(series)
        bands = np.percentile(path, [10, 50, 90], axis=1)
        points = []
        for item in series.points:
            turn = turn_at(loaded, item.date)
            if turn is not None:
                p10, p50, p90 = interpolate(bands, turns_at(loaded, item.date))
                points.append(BandPoint(item.date, turn, float(item.value), p10, p50, p90))
        if points:
            out.append(BandSeries(series.indicator, series.country, tuple(points),
                                  turnings(tuple(points), bands[1])))
    return out


@dataclass(frozen=True)
class BandVerdict:
    """The three checks of `compare --bands` over a scenario's series."""

    inside: int
    points: int
    key_ok: bool

    @property
    def share(self) -> float:
        """Share of real points after the start inside the P10-P90 band."""
        return self.inside / self.points if self.points else 1.0

    @property
    def ok(self) -> bool:
        """Every check holds."""
        return self.key_ok and self.share >= BAND_SHARE


def band_verdict(series: list[BandSeries]) -> BandVerdict:
    """Count the points inside their bands and check the key series."""
    scored = [p for s in series for p in s.scored]
    key_ok = all(s.median_ok and s.turning_ok for s in series if s.key)
    return BandVerdict(sum(p.inside for p in scored), len(scored), key_ok)


def write_bands(series: list[BandSeries], skips: tuple[Skip, ...], out: TextIO) -> None:
    """Print one table per series with the band, the median's error and the turning points."""
    for comp in series:
        mark = " (checked: median within 30%, turning points)" if comp.key else ""
        out.write(f"\n{comp.indicator} ({comp.country}){mark}\n")
        out.write(f"  {'date':<10} {'turn':>4} {'real':>10} {'P10':>10} {'P50':>10} "
                  f"{'P90':>10} {'error':>7}  band\n")
        for p in comp.points:
            band = "start" if p.turn == 0 else ("inside" if p.inside else "OUTSIDE")
            out.write(f"  {p.date:<10} {p.turn:>4} {_fmt(p.real):>10} {_fmt(p.p10):>10} "
                      f"{_fmt(p.p50):>10} {_fmt(p.p90):>10} {p.error:>6.0%}  {band}\n")
        for t in comp.turnings:
            verdict = "ok" if t.ok else "WRONG TIME"
            out.write(f"  {t.kind} at {t.date} (turn {t.real_turn}): the median turns at turn "
                      f"{t.game_turn} ({verdict})\n")
        if comp.key:
            verdict = "ok" if comp.median_ok else f"OFF by more than {KEY_ERROR:.0%}"
            out.write(f"  median at every real date: {verdict}\n")
    if skips:
        out.write("\nReal moves the history player could not play:\n")
        for skip in skips:
            out.write(f"  {skip.date} {skip.code} {skip.move}: skipped in {skip.games} games "
                      f"({skip.reason})\n")


def run_bands(path: str, out: TextIO, games: int = BAND_GAMES, worlds: int = BAND_WORLDS) -> int:
    """Play the history in `games` games over `worlds` drawn worlds and print the bands.

    0 when every check holds.
    """
    loaded = _load(path, out)
    if loaded is None:
        return 1
    with np.errstate(all="ignore"):
        run = run_uncertain_history(loaded, SEED, games, worlds)
        series = compare_bands(loaded, run)
    if not series:
        out.write(f"{printable(path)}: the scenario has no history series to compare\n")
        return 1
    if worlds > 1:
        spread = (f"{min(worlds, games)} worlds whose model parameters are drawn within "
                  f"{SOURCED:.0%} (sourced) or {ASSUMED:.0%} (assumptions) of their values, "
                  f"the scenario's effect sizes within {ASSUMED:.0%} and its assumed starting "
                  f"values within {STARTING:.0%}")
    else:
        spread = "the model's parameters as they are (luck only)"
    out.write(f"{loaded.world.title}: the real history played in {run.games} games (seed {SEED}; "
              f"{spread}); real figures beside the games' P10, median and P90\n")
    write_bands(series, run.skips, out)
    verdict = band_verdict(series)
    out.write(f"\n{verdict.inside} of {verdict.points} real points after the start lie inside "
              f"the P10-P90 band ({verdict.share:.0%}; at least {BAND_SHARE:.0%} needed)\n")
    key = "hold" if verdict.key_ok else "do NOT hold"
    out.write(f"the checks on {', '.join(KEY_SERIES)} (median within {KEY_ERROR:.0%} at every "
              f"real date, turning points within {TURNING_SLACK} turn) {key}\n")
    return 0 if verdict.ok else 1
