"""Forecasts: many futures at once, with and without a candidate move, as P10/P50/P90 bands.

The forecast is the "everything else equal" comparison that shows the move's own effect.  The
futures run side by side along the batch axis, once with the move played on the first turn and
once without, and both runs draw the same random numbers (common random numbers: future k with
the move meets the same shocks and events as future k without it).

Two assumptions about the others, each with its own bands:
- "if nobody else moves" (`with_move`, `without`): every country keeps its current policies,
  sanctions and deals, pending proposals are declined, and random shocks and events still run.
  This isolates the move's own effect.
- "if the others play as computer players" (`with_move_played`, `without_played`): every other
  country decides each turn as a computer player at `others` (easy by default) would, each
  future from its own stream, the same in the runs with and without the move; the mover makes
  no further move.  This is what the game as played looks like, and its bands are wider.

A proposal being forecast is taken as accepted by its target (and an application to join a bloc
as approved by its members), so the chart shows what the deal would do.  The random streams are
the forecast's own (from `seed`), so asking for a forecast never changes the game.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from leverage.core.actions import Actions, IllegalMoveError
from leverage.core.ai import choose_actions
from leverage.core.rules import legal_mask
from leverage.core.state import State
from leverage.core.step import advance
from leverage.core.streams import Streams
from leverage.core.world import World

DEFAULT_INDICATORS: tuple[str, ...] = ("gdp", "inflation", "reserves", "stability", "oil_output")
#: The percentiles reported, in the order of the bands' second axis.
PERCENTILES: tuple[int, ...] = (10, 50, 90)
#: The level at which the other countries play in the "others play" bands.
OTHERS_LEVEL = "easy"
#: Labels of the two assumptions, for charts and reports.
NOBODY_MOVES = "if nobody else moves"
OTHERS_PLAY = "if the others play as computer players"


@dataclass(frozen=True)
class Others:
    """The other countries play as computer players at `level`; `mover` makes no new move."""

    level: str
    mover: int


@dataclass(frozen=True)
class Forecast:
    """P10/P50/P90 of indicators for every country, turn by turn, with and without a move.

    `with_move` and `without` have shape (turns + 1, 3, K, N): turn offset 0 (now) .. turns,
    percentile (P10, P50, P90), indicator (as `indicators`), country: the futures in which nobody
    else moves.  `with_move_played` and `without_played` are the same where the other countries
    play as computer players (None when not worked out).
    """

    country: int
    move_index: int
    target: int
    futures: int
    turns: int
    seed: int
    indicators: tuple[str, ...]
    with_move: np.ndarray
    without: np.ndarray
    with_move_played: np.ndarray | None = None
    without_played: np.ndarray | None = None

    @property
    def has_played(self) -> bool:
        """True when the "others play" bands were worked out."""
        return self.with_move_played is not None and self.without_played is not None

    def band(self, indicator: str, country: int | None = None, with_move: bool = True,
             others_play: bool = False) -> np.ndarray:
        """(turns + 1, 3) P10/P50/P90 of `indicator` for `country` (default: the mover).

        `others_play` picks the futures where the other countries play as computer players
        (ValueError when they were not worked out).
        """
        k = self.indicators.index(indicator)
        c = self.country if country is None else country
        if others_play:
            data = self.with_move_played if with_move else self.without_played
            if data is None:
                raise ValueError("this forecast has no 'others play' bands")
        else:
            data = self.with_move if with_move else self.without
        return data[:, :, k, c]

    def median_effect(self, indicator: str, country: int | None = None) -> float:
        """Median with the move minus median without, at the last turn."""
        return float(
            self.band(indicator, country, True)[-1, 1] - self.band(indicator, country, False)[-1, 1]
        )


def percentile_bands(values: np.ndarray) -> np.ndarray:
    """P10/P50/P90 along axis 1 of (T, F, ...) values -> (T, 3, ...) (nearest rank).

    Sorting each series laid out contiguously is faster than partitioning at three ranks.
    """
    futures = values.shape[1]
    ks = [min(futures - 1, max(0, int(round(p / 100.0 * (futures - 1))))) for p in PERCENTILES]
    ordered = np.sort(np.ascontiguousarray(np.moveaxis(values, 1, -1)), axis=-1)
    return np.stack([ordered[..., k] for k in ks], axis=1)


@dataclass(frozen=True)
class Baseline:
    """The futures of a game where nobody makes a new move: P10/P50/P90 bands, (T + 1, 3, K, N).

    With common random numbers every candidate move of a turn is compared with the same
    no-move futures, so one Baseline serves all of them (see `baseline`).
    """

    futures: int
    turns: int
    seed: int
    indicators: tuple[str, ...]
    bands: np.ndarray
    played: dict[tuple[int, str], np.ndarray] = field(default_factory=dict, compare=False)

    def played_bands(self, world: World, state: State, others: Others) -> np.ndarray:
        """The no-move bands where the others play as computer players (worked out once per
        mover and level, then kept)."""
        key = (others.mover, others.level)
        if key not in self.played:
            record = run_futures(world, state, self.futures, self.turns, self.seed,
                                 self.indicators, others=others)
            self.played[key] = percentile_bands(record)
        return self.played[key]

    def serves(self, futures: int, turns: int, seed: int, indicators: tuple[str, ...]) -> bool:
        """True when these are the no-move futures a forecast with these settings needs."""
        return (self.futures, self.turns, self.seed, self.indicators) == (
            futures, turns, seed, indicators)


def baseline(world: World, state: State, futures: int = 1000, turns: int = 8, seed: int = 0,
             indicators: Sequence[str] = DEFAULT_INDICATORS) -> Baseline:
    """The no-move futures of game 0 of `state`, for every forecast with the same settings."""
    names = tuple(indicators)
    record = run_futures(world, state, futures, turns, seed, names)
    return Baseline(futures, turns, seed, names, percentile_bands(record))


def forecast(
    world: World,
    state: State,
    country: int,
    move_index: int,
    target: int,
    futures: int = 1000,
    turns: int = 8,
    seed: int = 0,
    indicators: Sequence[str] = DEFAULT_INDICATORS,
    without: Baseline | None = None,
    others: str | None = OTHERS_LEVEL,
) -> Forecast:
    """Run `futures` futures for `turns` turns with and without `country` playing the move.

    `without` is the game's `baseline` for these settings when the caller keeps one (it is the
    same for every candidate move); it is computed here otherwise.  `others` is the level at
    which the other countries play in the second pair of bands (None: only the first pair).
    """
    if futures < 1 or turns < 1:
        raise ValueError("futures and turns must be at least 1")
    now = state.select(0)
    if not bool(legal_mask(world, now)[0, country, move_index, target]):
        mv = world.moves[move_index]
        raise IllegalMoveError(
            f"{world.codes[country]} cannot play {mv.id} on {world.codes[target]} now"
        )
    names = tuple(indicators)
    move = (country, move_index, target)
    with_move = run_futures(world, now, futures, turns, seed, names,
                            _play(world, futures, move), _answers(world, futures, move))
    if without is None or not without.serves(futures, turns, seed, names):
        without = baseline(world, now, futures, turns, seed, names)
    played: dict[str, np.ndarray | None] = {"with_move_played": None, "without_played": None}
    if others is not None:
        who = Others(others, country)
        played["with_move_played"] = percentile_bands(run_futures(
            world, now, futures, turns, seed, names, _play(world, futures, move),
            _answers(world, futures, move), others=who))
        played["without_played"] = without.played_bands(world, now, who)
    return Forecast(
        country=country,
        move_index=move_index,
        target=target,
        futures=futures,
        turns=turns,
        seed=seed,
        indicators=names,
        with_move=percentile_bands(with_move),
        without=without.bands,
        **played,
    )


def run_futures(world: World, now: State, futures: int, turns: int, seed: int,
                names: Sequence[str], first: Actions | None = None,
                second: Actions | None = None, others: Others | None = None) -> np.ndarray:
    """(turns + 1, futures, K, N) indicators of `futures` futures of the one game `now`.

    `first` and `second` are everyone's actions in the first two turns (none by default); later
    nobody acts, unless `others` makes every other country play as a computer player.  Turn k
    of every run draws from a generator seeded by the k-th child of `seed`, and future f's
    players from stream f of `seed`, so two runs with the same seed meet the same shocks,
    events and (for the same states) the same decisions.
    """
    seeds = np.random.SeedSequence(seed).spawn(turns)
    runs = now.select(0).repeat(futures)
    record = np.empty((turns + 1, futures, len(names), world.n), dtype=np.float64)
    record[0] = _snapshot(runs, names, world)
    nothing = Actions.empty(futures, world.n, len(world.moves), len(world.bloc_names))
    streams = Streams.from_seeds(np.arange(futures) + (seed % 2**40) * 4096).child("others")
    for turn in range(turns):
        acts = first if turn == 0 else second if turn == 1 else None
        acts = nothing if acts is None else acts
        if others is not None:
            acts = _with_others(world, runs, acts, others, streams.child(turn))
        runs, _ = advance(world, runs, acts, np.random.default_rng(seeds[turn]), scored=False)
        record[turn + 1] = _snapshot(runs, names, world)
    return record


def _with_others(world: World, runs: State, acts: Actions, others: Others,
                 streams: Streams) -> Actions:
    """`acts` for the mover (and the answers it forces), the computer players' for the others."""
    levels = [others.level] * world.n
    levels[others.mover] = "human"
    played = choose_actions(world, runs, levels, np.random.default_rng(0), streams=streams)
    moves = played.moves.copy()
    moves[:, others.mover] = acts.moves[:, others.mover]
    return Actions(moves=moves, accept=played.accept | acts.accept,
                   votes=played.votes | acts.votes)


def _play(world: World, futures: int, move: tuple[int, int, int]) -> Actions:
    """The first turn's actions: the country plays the move in every future."""
    country, move_index, target = move
    acts = Actions.empty(futures, world.n, len(world.moves), len(world.bloc_names))
    acts.moves[:, country, move_index] = target + 1
    return acts


def _answers(world: World, futures: int, move: tuple[int, int, int]) -> Actions:
    """The second turn's actions: the target accepts the proposal, blocs approve the application."""
    country, move_index, target = move
    acts = Actions.empty(futures, world.n, len(world.moves), len(world.bloc_names))
    mv = world.moves[move_index]
    if mv.kind == "proposal":
        acts.accept[:, target, country, move_index] = True
    for effect in mv.effects:
        if effect.kind == "join":
            acts.votes[:, :, country, effect.item] = True
    return acts


def _snapshot(state: State, names: Sequence[str], world: World) -> np.ndarray:
    """(B, K, N) the named indicators of every country in every game."""
    return np.stack([state.get(name, world.params) for name in names], axis=1)


@dataclass(frozen=True)
class Calibration:
    """How often the real futures of games as played fall inside each band's P10-P90.

    `inside` has shape (2, turns, K): band (0 = nobody else moves, 1 = the others play as
    computer players), turn offset 1..turns, indicator; each value is the share of games.
    """

    country: int
    games: int
    futures: int
    level: str
    others: str
    indicators: tuple[str, ...]
    inside: np.ndarray

    def share(self, band: int, indicator: str | None = None, offset: int | None = None) -> float:
        """Share inside one band, for one indicator (default all) and turn offset (default all)."""
        data = self.inside[band]
        if offset is not None:
            data = data[offset - 1 : offset]
        if indicator is not None:
            data = data[:, self.indicators.index(indicator)]
        return float(data.mean())


def calibration(world: World, state: State, country: int, games: int = 100, turns: int = 8,
                futures: int = 200, seed: int = 0, level: str = "normal", start: int = 2,
                indicators: Sequence[str] = DEFAULT_INDICATORS,
                others: str = OTHERS_LEVEL) -> Calibration:
    """Play `games` games from leverage 0 of `state` with every country a computer player at
    `level` for `start` turns; then forecast `country` passing (both bands) in each game and
    play the game on, `country` passing and the others at `level`, counting the real values
    that fall inside each band's P10-P90."""
    names = tuple(indicators)
    levels = [level] * world.n
    rng = np.random.default_rng(seed)
    real = state.select(0).repeat(games)
    for _ in range(start):
        real, _ = advance(world, real, choose_actions(world, real, levels, rng), rng)
    bands = np.empty((2, turns + 1, 3, len(names), games))
    who = Others(others, country)
    for g in range(games):
        now = real.select(g)
        kept = baseline(world, now, futures, turns, seed + g, names)
        bands[0, ..., g] = kept.bands[..., country]
        bands[1, ..., g] = kept.played_bands(world, now, who)[..., country]
    levels[country] = "human"
    values = np.empty((turns + 1, len(names), games))
    values[0] = _snapshot(real, names, world)[:, :, country].T
    for t in range(turns):
        real, _ = advance(world, real, choose_actions(world, real, levels, rng), rng)
        values[t + 1] = _snapshot(real, names, world)[:, :, country].T
    low, high = bands[:, 1:, 0], bands[:, 1:, 2]
    inside = (values[None, 1:] >= low - 1e-9) & (values[None, 1:] <= high + 1e-9)
    return Calibration(country, games, futures, level, others, names, inside.mean(axis=3))
