"""Batched playtests: many games with computer players at once, all side by side along B.

`run_games` plays every game in one batch (in chunks of at most `max_batch` games); the
recorder keeps per-turn indicators per country, final scores, winners per role and how often each
country played each move, which is what balance checks read (e.g. "no move is played in more than
80% of a role's winning games").  `run_games_separately` plays the same number of games with a
batch of one each, for measuring what batching gains.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from leverage.core.actions import Actions
from leverage.core.ai import choose_actions, legal_entries, normalise_levels, tables
from leverage.core.objectives import scores as role_scores
from leverage.core.state import State
from leverage.core.step import advance
from leverage.core.world import World

DEFAULT_INDICATORS: tuple[str, ...] = (
    "gdp", "growth", "inflation", "reserves", "stability", "oil_output", "debt", "emigrants",
)


@dataclass(frozen=True)
class ScriptedMove:
    """A move a script makes a country play on a turn (1-based, as `State.turn + 1`)."""

    turn: int
    country: int
    move: int
    target: int


@dataclass(frozen=True)
class PlaytestResult:
    """What a batch of playtest games produced.

    series: (G, T + 1, N, K) float32 indicators per game, turn (0 = start), country, indicator;
    None when not recorded.  final: (G, N, K) the same indicators after the last turn (always
    kept).  scores: (G, T + 1, R) scores per turn (column 0 = start).
    played: (G, N, Mv) how many times each country played each move.
    objectives: (G, O) the value of every role's objectives after the last turn, roles in order.
    fired: (G, E) how many times each event fired in each game (None when not kept).
    idle: (G, T, R) True where a role's country had no legal move at the start of a turn (None
    when not kept).
    """

    codes: tuple[str, ...]
    move_ids: tuple[str, ...]
    role_countries: tuple[int, ...]
    role_titles: tuple[str, ...]
    role_win: tuple[float, ...]
    indicators: tuple[str, ...]
    levels: tuple[str, ...]
    seed: int
    turns: int
    series: np.ndarray | None
    scores: np.ndarray
    played: np.ndarray
    final: np.ndarray
    objectives: np.ndarray
    script_skips: tuple[tuple[ScriptedMove, int], ...] = ()
    fired: np.ndarray | None = None
    idle: np.ndarray | None = None

    @property
    def script_skipped(self) -> int:
        """How many (game, scripted move) pairs were skipped as illegal or unaffordable."""
        return sum(count for _, count in self.script_skips)

    @property
    def games(self) -> int:
        """Number of games played."""
        return int(self.scores.shape[0])

    @property
    def final_scores(self) -> np.ndarray:
        """(G, R) score of each role after the last turn."""
        return self.scores[:, -1, :]

    @property
    def wins(self) -> np.ndarray:
        """(G, R) True where the role reached its winning score."""
        return self.final_scores >= np.asarray(self.role_win)[None, :]

    def win_rate(self, role: int) -> float:
        """Share of games the role won."""
        return float(self.wins[:, role].mean()) if self.games else 0.0

    def mean_score(self, role: int) -> float:
        """Mean final score of the role."""
        return float(self.final_scores[:, role].mean()) if self.games else 0.0

    def move_share_in_wins(self, role: int) -> dict[str, float]:
        """For each move, the share of the role's winning games in which its country played it."""
        won = self.wins[:, role]
        country = self.role_countries[role]
        if not won.any():
            return {m: 0.0 for m in self.move_ids}
        used = self.played[won, country, :] > 0
        share = used.mean(axis=0)
        return {m: float(share[k]) for k, m in enumerate(self.move_ids)}

    def top_moves(self, role: int, count: int = 3) -> list[tuple[str, float]]:
        """The moves most often played in the role's winning games, with their shares."""
        shares = self.move_share_in_wins(role)
        ranked = sorted(shares.items(), key=lambda kv: (-kv[1], kv[0]))
        return [(m, s) for m, s in ranked[:count] if s > 0]

    def dominant_move(self, role: int, limit: float = 0.8) -> tuple[str, float] | None:
        """The most used move in the role's wins if it exceeds `limit` (a balance warning)."""
        top = self.top_moves(role, 1)
        return top[0] if top and top[0][1] > limit else None

    def idle_share(self, role: int) -> np.ndarray:
        """(T,) share of games in which the role had no legal move at the start of each turn."""
        if self.idle is None or not self.games:
            return np.zeros(self.turns)
        return np.asarray(self.idle[:, :, role].mean(axis=0))

    def end_percentiles(self, indicator: str, country: int) -> tuple[float, float, float]:
        """P10, P50, P90 over games of `indicator` for `country` after the last turn."""
        values = self.final[:, country, self.indicators.index(indicator)].astype(np.float64)
        p10, p50, p90 = np.percentile(values, [10, 50, 90])
        return float(p10), float(p50), float(p90)


@dataclass(frozen=True)
class _Chunk:
    """What one batch of games produced."""

    series: np.ndarray | None
    scores: np.ndarray
    played: np.ndarray
    final: np.ndarray
    objectives: np.ndarray
    skipped: list[tuple[ScriptedMove, int]]
    fired: np.ndarray
    idle: np.ndarray


def _scripted_countries(script: Sequence[ScriptedMove] | None) -> tuple[int, ...]:
    """Countries whose moves the script decides."""
    return tuple(sorted({s.country for s in script})) if script else ()


def apply_script(
    world: World, state: State, actions: Actions, script: Sequence[ScriptedMove]
) -> tuple[Actions, list[tuple[ScriptedMove, int]]]:
    """Replace scripted countries' moves by this turn's scripted ones (where legal and affordable).

    Returns the actions and, per scripted move of this turn, in how many games it was skipped.
    """
    turn = state.turn + 1
    scripted = _scripted_countries(script)
    moves = actions.moves.copy()
    moves[:, list(scripted), :] = 0
    now = [s for s in script if s.turn == turn]
    if not now:
        return Actions(moves=moves, accept=actions.accept, votes=actions.votes), []
    tab = tables(world)
    legal = legal_entries(world, state, tab)
    capital = state.get("capital")
    remaining = {c: capital[:, c].astype(np.float64).copy() for c in scripted}
    skipped: list[tuple[ScriptedMove, int]] = []
    for s in now:
        cost = world.moves[s.move].cost
        k = np.flatnonzero((tab.ei == s.country) & (tab.em == s.move) & (tab.et == s.target))
        ok = legal[:, k[0]] if k.size else np.zeros(state.batch, dtype=bool)
        ok = ok & (remaining[s.country] >= cost - 1e-9)
        ok &= moves[:, s.country, s.move] == 0
        moves[:, s.country, s.move] = np.where(ok, s.target + 1, moves[:, s.country, s.move])
        remaining[s.country] -= np.where(ok, cost, 0.0)
        if not ok.all():
            skipped.append((s, int((~ok).sum())))
    return Actions(moves=moves, accept=actions.accept, votes=actions.votes), skipped


def _levels_with_script(levels: tuple[str, ...], scripted: Sequence[int]) -> tuple[str, ...]:
    """Scripted countries answer proposals and vote like the easy player."""
    out = list(levels)
    for c in scripted:
        out[c] = "easy"
    return tuple(out)


def _record(state: State, names: Sequence[str], world: World) -> np.ndarray:
    """(B, N, K) float32 snapshot of the named indicators."""
    return np.stack([state.get(n, world.params) for n in names], axis=2).astype(np.float32)


def _play_batch(
    world: World,
    state0: State,
    games: int,
    turns: int,
    levels: tuple[str, ...],
    rng: np.random.Generator,
    script: Sequence[ScriptedMove] | None,
    names: tuple[str, ...],
    record: bool,
    progress: Callable[[int], None] | None,
) -> _Chunk:
    """Play one batch of games."""
    state = state0.select(0).repeat(games)
    scripted = _scripted_countries(script)
    lv = _levels_with_script(levels, scripted)
    series = np.empty((games, turns + 1, world.n, len(names)), np.float32) if record else None
    scores = np.empty((games, turns + 1, len(world.roles)), dtype=np.float64)
    played = np.zeros((games, world.n, len(world.moves)), dtype=np.int32)
    tab = tables(world)
    role_entries = [tab.ei == r.country for r in world.roles]
    idle = np.zeros((games, turns, len(role_entries)), dtype=bool)
    if series is not None:
        series[:, 0] = _record(state, names, world)
    scores[:, 0] = role_scores(world, state)
    skipped: list[tuple[ScriptedMove, int]] = []
    for t in range(turns):
        legal = legal_entries(world, state, tab)
        for r, entries in enumerate(role_entries):
            idle[:, t, r] = ~legal[:, entries].any(axis=1)
        acts = choose_actions(world, state, lv, rng, legal=legal)
        if script:
            acts, miss = apply_script(world, state, acts, script)
            skipped.extend(miss)
        played += acts.moves > 0
        state, _ = advance(world, state, acts, rng)
        if series is not None:
            series[:, t + 1] = _record(state, names, world)
        scores[:, t + 1] = state.score
        if progress is not None:
            progress(games)
    return _Chunk(series, scores, played, _record(state, names, world),
                  objective_values(world, state), skipped, np.array(state.fired), idle)


def objective_values(world: World, state: State) -> np.ndarray:
    """(B, O) the value of every role's objectives, roles in order (what the scores read)."""
    objectives = [o for role in world.roles for o in role.objectives]
    if not objectives:
        return np.zeros((state.batch, 0))
    return np.stack([np.asarray(o.expr.evaluate(world, state), dtype=np.float64)
                     for o in objectives], axis=1)


def run_games(
    world: World,
    state0: State,
    games: int,
    turns: int,
    levels: str | Sequence[str],
    seed: int,
    script: Sequence[ScriptedMove] | None = None,
    record: bool = True,
    indicators: Sequence[str] = DEFAULT_INDICATORS,
    max_batch: int = 10_000,
    progress: Callable[[int], None] | None = None,
) -> PlaytestResult:
    """Play `games` games of `turns` turns side by side from leverage 0 of `state0`.

    Same arguments give the same result.  More than `max_batch` games are played in chunks, each
    with its own stream spawned from `seed`.  `progress(games_in_chunk)` is called after each turn.
    """
    if games < 1 or turns < 0:
        raise ValueError("games must be at least 1 and turns at least 0")
    lv = normalise_levels(world, levels)
    names = tuple(indicators)
    sizes = [min(max_batch, games - s) for s in range(0, games, max_batch)]
    if len(sizes) == 1:
        rngs = [np.random.default_rng(seed)]
    else:
        rngs = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(len(sizes))]
    parts = [
        _play_batch(world, state0, size, turns, lv, rng, script, names, record, progress)
        for size, rng in zip(sizes, rngs, strict=True)
    ]
    return _result(world, lv, seed, turns, names, record, parts)


def _result(
    world: World,
    levels: tuple[str, ...],
    seed: int,
    turns: int,
    names: tuple[str, ...],
    record: bool,
    parts: Sequence[_Chunk],
) -> PlaytestResult:
    """Assemble a result from played chunks."""
    series = [p.series for p in parts if p.series is not None]
    return PlaytestResult(
        codes=world.codes,
        move_ids=tuple(m.id for m in world.moves),
        role_countries=tuple(r.country for r in world.roles),
        role_titles=tuple(r.title for r in world.roles),
        role_win=tuple(float(r.win) for r in world.roles),
        indicators=names,
        levels=levels,
        seed=seed,
        turns=turns,
        series=np.concatenate(series) if record and series else None,
        scores=np.concatenate([p.scores for p in parts]),
        played=np.concatenate([p.played for p in parts]),
        final=np.concatenate([p.final for p in parts]),
        objectives=np.concatenate([p.objectives for p in parts]),
        script_skips=_merge_skips([p.skipped for p in parts]),
        fired=np.concatenate([np.broadcast_to(p.fired, (p.scores.shape[0],) + p.fired.shape[1:])
                              for p in parts]),
        idle=np.concatenate([p.idle for p in parts]),
    )


def _merge_skips(
    parts: Sequence[list[tuple[ScriptedMove, int]]],
) -> tuple[tuple[ScriptedMove, int], ...]:
    """Add up skip counts of the same scripted move over chunks."""
    total: dict[ScriptedMove, int] = {}
    for part in parts:
        for move, count in part:
            total[move] = total.get(move, 0) + count
    return tuple(sorted(total.items(), key=lambda kv: (kv[0].turn, kv[0].country, kv[0].move)))


def run_games_separately(
    world: World,
    state0: State,
    games: int,
    turns: int,
    levels: str | Sequence[str],
    seed: int,
    script: Sequence[ScriptedMove] | None = None,
    record: bool = True,
    indicators: Sequence[str] = DEFAULT_INDICATORS,
) -> PlaytestResult:
    """Play the games one at a time (batch of one each, game g seeded `seed + g`)."""
    lv = normalise_levels(world, levels)
    names = tuple(indicators)
    parts = [
        _play_batch(
            world, state0, 1, turns, lv, np.random.default_rng(seed + g), script, names, record,
            None,
        )
        for g in range(games)
    ]
    return _result(world, lv, seed, turns, names, record, parts)


#: The levels `level_strength` compares, weakest first.
STRENGTH_LEVELS: tuple[str, ...] = ("easy", "normal", "hard")


@dataclass(frozen=True)
class Strength:
    """One role's mean final score and win rate at each level, every other country at normal."""

    role: int
    code: str
    mean: tuple[float, ...]
    win: tuple[float, ...]
    #: each level's lead over the one below in mean score, over the same games, with its
    #: standard error: (normal - easy, hard - normal)
    leads: tuple[tuple[float, float], ...] = ()

    @property
    def ordered(self) -> bool:
        """True when mean score and win rate both rise from easy to normal to hard."""
        return all(a < b for a, b in zip(self.mean, self.mean[1:], strict=False)) and all(
            a <= b for a, b in zip(self.win, self.win[1:], strict=False))


def level_strength(world: World, state0: State, role: int, games: int, turns: int, seed: int,
                   others: str = "normal") -> Strength:
    """Play the same games (same seed) with the role's country at easy, normal and hard and
    every other country at `others`."""
    country = world.roles[role].country
    means, wins, finals = [], [], []
    for level in STRENGTH_LEVELS:
        levels = [others] * world.n
        levels[country] = level
        result = run_games(world, state0, games, turns, levels, seed, record=False)
        means.append(result.mean_score(role))
        wins.append(result.win_rate(role))
        finals.append(result.final_scores[:, role])
    leads = tuple(paired_lead(low, high) for low, high in zip(finals, finals[1:], strict=False))
    return Strength(role, world.codes[country], tuple(means), tuple(wins), leads)


def paired_lead(low: np.ndarray, high: np.ndarray) -> tuple[float, float]:
    """Mean of `high - low` over the same games, and its standard error (0 for one game)."""
    diff = np.asarray(high, dtype=np.float64) - np.asarray(low, dtype=np.float64)
    se = float(diff.std(ddof=1) / np.sqrt(diff.size)) if diff.size > 1 else 0.0
    return float(diff.mean()), se
