"""Forecasts: many futures at once, with and without a candidate move, as P10/P50/P90 bands.

The forecast is the "everything else equal" comparison that shows the move's own effect.  The
futures run side by side along the batch axis, once with the move played on the first turn and
once without, and both runs draw the same random numbers (common random numbers: future k with
the move meets the same shocks and events as future k without it).  Nobody makes a
new move during the forecast: every country keeps its current policies, sanctions and deals,
pending proposals are declined, and random shocks and events still run.  A proposal being
forecast is taken as accepted by its target (and an application to join a bloc as approved by
its members), so the chart shows what the deal would do.  The random stream is the
forecast's own (`numpy.random.default_rng(seed)`), so asking for a forecast never changes the game.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from game.core.actions import Actions, IllegalMoveError
from game.core.rules import legal_mask
from game.core.state import State
from game.core.step import advance
from game.core.world import World

DEFAULT_INDICATORS: tuple[str, ...] = ("gdp", "inflation", "reserves", "stability", "oil_output")
#: The percentiles reported, in the order of the bands' second axis.
PERCENTILES: tuple[int, ...] = (10, 50, 90)


@dataclass(frozen=True)
class Forecast:
    """P10/P50/P90 of indicators for every country, turn by turn, with and without a move.

    `with_move` and `without` have shape (turns + 1, 3, K, N): turn offset 0 (now) .. turns,
    percentile (P10, P50, P90), indicator (as `indicators`), country.
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

    def band(self, indicator: str, country: int | None = None, with_move: bool = True) -> np.ndarray:
        """(turns + 1, 3) P10/P50/P90 of `indicator` for `country` (default: the mover)."""
        k = self.indicators.index(indicator)
        c = self.country if country is None else country
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
) -> Forecast:
    """Run `futures` futures for `turns` turns with and without `country` playing the move.

    `without` is the game's `baseline` for these settings when the caller keeps one (it is the
    same for every candidate move); it is computed here otherwise.
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
    )


def run_futures(world: World, now: State, futures: int, turns: int, seed: int,
                names: Sequence[str], first: Actions | None = None,
                second: Actions | None = None) -> np.ndarray:
    """(turns + 1, futures, K, N) indicators of `futures` futures of the one game `now`.

    `first` and `second` are everyone's actions in the first two turns (none by default); later
    nobody acts.  Turn k of every run draws from a generator seeded by the k-th child of
    `seed`, so two runs with the same seed meet the same shocks and events.
    """
    seeds = np.random.SeedSequence(seed).spawn(turns)
    runs = now.select(0).repeat(futures)
    record = np.empty((turns + 1, futures, len(names), world.n), dtype=np.float64)
    record[0] = _snapshot(runs, names, world)
    nothing = Actions.empty(futures, world.n, len(world.moves), len(world.bloc_names))
    for turn in range(turns):
        acts = first if turn == 0 else second if turn == 1 else None
        runs, _ = advance(world, runs, nothing if acts is None else acts,
                          np.random.default_rng(seeds[turn]), scored=False)
        record[turn + 1] = _snapshot(runs, names, world)
    return record


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
