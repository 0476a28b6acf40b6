"""Computer players for every country of every game in the batch at once.

Levels:
- ``easy``: hand-written rules.  Each move gets a score from what it does (hostile moves aim at
  rivals, deals and loans at friends, domestic moves by their effect on the country's own
  indicators), minus a penalty for repeating itself or for something already in force, plus noise
  from the game's random stream; the best moves are played while the budget lasts.  Proposals from
  friends are accepted, bloc applications are voted on by relations.
- ``normal`` and ``hard``: Monte Carlo look-ahead.  A handful of candidate moves (the easy player's
  favourites) and "pass" are tried in many rolled-out futures at once: every game is copied R times
  along the batch axis, each copy plays one candidate per look-ahead country (a balanced random
  design, so every candidate is tried equally often), everyone then plays easy for a few turns,
  and each candidate is valued by the role's average score in the copies that tried it.  Proposals
  and bloc votes are settled the same way, comparing accepting with declining.
- ``history``: plays the moves that really happened (``World.history_moves``) on their turn when
  they are legal, accepts the proposals that really were accepted, and nothing else.
- ``human``: leaves the country's decisions empty (a person makes them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from game.core.actions import Actions
from game.core.rules import legal_mask
from game.core.state import STORED, State
from game.core.step import advance
from game.core.world import SELF, TARGET, MoveDef, World

LEVELS: tuple[str, ...] = ("easy", "normal", "hard", "history", "human")

#: Indicators that a country wants higher (+1) or lower (-1); others are neutral.
_GOOD_WHEN_HIGH: tuple[str, ...] = (
    "gdp", "growth", "reserves_usd", "reserves_eur", "reserves_cny", "gold_home", "gold_abroad",
    "oil_output", "oil_capacity", "stability", "population", "capital",
)
_GOOD_WHEN_LOW: tuple[str, ...] = ("inflation", "debt", "emigrants")

_NEG_INF = np.float32(-np.inf)


@dataclass(frozen=True)
class EasyRules:
    """The weights of the easy player's rules."""

    relation_weight: float = 0.9     # how much relations steer hostile and friendly moves
    noise: float = 0.55              # spread of the random part of a move's score
    threshold: float = 0.45          # a move is played only when its score is above this
    repeat_penalty: float = 0.35     # per earlier play of the same move
    max_moves: int = 3               # moves per turn at most
    accept_threshold: float = -0.05  # relation/100 (plus noise) above which a proposal is accepted
    vote_threshold: float = 0.0      # relation/100 (plus noise) above which a member votes yes
    answer_noise: float = 0.2        # spread of the noise on answers


@dataclass(frozen=True)
class Lookahead:
    """How hard a look-ahead player thinks: candidates tried, copies per game, turns ahead."""

    candidates: int
    rollouts: int
    turns: int
    margin: float = 0.05              # score points a move must gain over passing
    max_rows: int = 6144              # copies rolled out at once (bounds memory)


def lookahead_config(level: str) -> Lookahead:
    """The look-ahead settings of a level ('normal' or 'hard')."""
    if level == "hard":
        return Lookahead(candidates=6, rollouts=48, turns=4)
    return Lookahead(candidates=4, rollouts=20, turns=3)


@dataclass(frozen=True)
class MoveTraits:
    """What the easy rules read from each move's effects, as arrays over moves."""

    base: np.ndarray        # (Mv,) float32 value of the move for its player, before relations
    lean: np.ndarray        # (Mv,) float32 > 0 friendly toward the target, < 0 hostile
    cost: np.ndarray        # (Mv,) float64 political capital


@dataclass(frozen=True)
class EasyPlan:
    """The easy player's view of one turn: a score and best target for every move."""

    score: np.ndarray       # (B, N, Mv) float32, -inf when the move cannot be played
    target: np.ndarray      # (B, N, Mv) int target of the move
    useful: np.ndarray      # (B, N, Mv) bool: legal and affordable on some target


def move_traits(world: World) -> MoveTraits:
    """Read the easy rules' view of every move from its effects."""
    good = _indicator_goodness()
    n_moves = len(world.moves)
    base = np.zeros(n_moves, dtype=np.float32)
    lean = np.zeros(n_moves, dtype=np.float32)
    for m, move in enumerate(world.moves):
        base[m], lean[m] = _traits_of(move, good)
    cost = np.array([mv.cost for mv in world.moves], dtype=np.float64)
    return MoveTraits(base=base, lean=lean, cost=cost)


def _indicator_goodness() -> np.ndarray:
    """+1 for stored indicators a country wants high, -1 for those it wants low, else 0."""
    good = np.zeros(len(STORED), dtype=np.float32)
    for k, name in enumerate(STORED):
        if name in _GOOD_WHEN_HIGH:
            good[k] = 1.0
        elif name in _GOOD_WHEN_LOW:
            good[k] = -1.0
    return good


def _traits_of(move: MoveDef, good: np.ndarray) -> tuple[float, float]:
    """Base value of a move for its player and its lean toward the target (+ friendly)."""
    base, lean = 0.3, 0.0
    for e in move.effects:
        on_target = TARGET in (e.a, e.b)
        if e.kind == "sanction":
            if e.b == TARGET:
                lean += -1.0 if e.amount > 0 else 0.5
        elif e.kind == "freeze":
            lean += -1.0 if e.a == TARGET else 0.0
        elif e.kind == "deal":
            if e.amount > 0:
                lean += 1.0
                base += 0.3
            else:
                lean -= 0.5
        elif e.kind == "relation":
            if on_target and e.a in (SELF, TARGET):
                lean += float(np.clip(e.amount / 10.0, -1.0, 1.0))
            elif e.amount < 0:
                base -= 0.1
        elif e.kind == "loan":
            if e.a == SELF:
                lean += 0.6
            else:
                base += 0.6
        elif e.kind == "change":
            sign = float(np.sign(e.amount)) * float(good[e.item]) if e.item < good.size else 0.0
            if e.a == SELF:
                base += 0.5 * sign
            elif e.a == TARGET:
                lean += 0.5 * sign
        elif e.kind == "policy":
            base += 0.1
        elif e.kind == "join":
            base += 0.5
        elif e.kind == "leave":
            base -= 0.5
    return base, lean


# --------------------------------------------------------------------------- easy player


def easy_plan(
    world: World,
    state: State,
    legal: np.ndarray,
    rng: np.random.Generator,
    traits: MoveTraits,
    rules: EasyRules = EasyRules(),
) -> EasyPlan:
    """Score every move of every country in every game by the easy rules (with noise)."""
    batch, n, n_moves = legal.shape[0], legal.shape[1], legal.shape[2]
    rel = state.relations.astype(np.float32) / np.float32(100.0)
    rel = rel * (1.0 - np.eye(n, dtype=np.float32))
    lean = (traits.lean * np.float32(rules.relation_weight))[None, None, :, None]
    pref = np.where(legal, lean * rel[:, :, None, :], _NEG_INF)
    target = np.argmax(pref, axis=3)
    best = np.take_along_axis(pref, target[..., None], axis=3)[..., 0]
    noise = rng.standard_normal((batch, n, n_moves), dtype=np.float32) * np.float32(rules.noise)
    score = best + traits.base[None, None, :] + noise
    score -= np.float32(rules.repeat_penalty) * np.minimum(state.played, 5).astype(np.float32)
    capital = state.get("capital")
    affordable = traits.cost[None, None, :] <= capital[:, :, None] + 1e-9
    score = np.where(affordable, score, _NEG_INF)
    useful = np.isfinite(score)
    return EasyPlan(score=score, target=target, useful=useful)


def pick_moves(
    score: np.ndarray,
    target: np.ndarray,
    cost: np.ndarray,
    capital: np.ndarray,
    threshold: float,
    max_moves: int,
) -> np.ndarray:
    """Greedy choice: best-scoring moves above `threshold` while the budget lasts -> (B, N, Mv)."""
    batch, n, n_moves = score.shape
    moves = np.zeros((batch, n, n_moves), dtype=np.int16)
    k = min(max(max_moves * 2, 1), n_moves)
    if n_moves == 0 or k == 0:
        return moves
    top = np.argpartition(-score, k - 1, axis=2)[:, :, :k] if k < n_moves else np.broadcast_to(
        np.arange(n_moves), score.shape
    )
    top_score = np.take_along_axis(score, top, axis=2)
    order = np.argsort(-top_score, axis=2, kind="stable")
    top = np.take_along_axis(top, order, axis=2)
    remaining = capital.astype(np.float64).copy()
    count = np.zeros((batch, n), dtype=np.int32)
    bi = np.arange(batch)[:, None]
    ni = np.arange(n)[None, :]
    for rank in range(k):
        m = top[:, :, rank]
        s = np.take_along_axis(score, m[..., None], axis=2)[..., 0]
        c = cost[m]
        take = (s > threshold) & (c <= remaining + 1e-9) & (count < max_moves)
        tgt = np.take_along_axis(target, m[..., None], axis=2)[..., 0]
        current = moves[bi, ni, m]
        moves[bi, ni, m] = np.where(take, (tgt + 1).astype(np.int16), current)
        remaining -= np.where(take, c, 0.0)
        count += take
    return moves


def easy_answers(
    state: State, rng: np.random.Generator, rules: EasyRules = EasyRules()
) -> tuple[np.ndarray, np.ndarray]:
    """Accept proposals from friends and vote on applications by relations -> (accept, votes)."""
    batch, n = state.relations.shape[0], state.relations.shape[1]
    rel = state.relations.astype(np.float32) / np.float32(100.0)  # [j, i]
    noise = rng.standard_normal((batch, n, n), dtype=np.float32) * np.float32(rules.answer_noise)
    friendly = (rel + noise) > rules.accept_threshold
    accept = state.pending.transpose(0, 2, 1, 3) & friendly[:, :, :, None]
    noise = rng.standard_normal((batch, n, n), dtype=np.float32) * np.float32(rules.answer_noise)
    yes = (rel + noise) > rules.vote_threshold  # [k, i]
    member = state.blocs > 0.5  # (B, N, M) [k, bloc]
    votes = state.applications[:, None, :, :] & member[:, :, None, :] & yes[:, :, :, None]
    return accept, votes


def easy_actions(
    world: World,
    state: State,
    rng: np.random.Generator,
    traits: MoveTraits | None = None,
    legal: np.ndarray | None = None,
    rules: EasyRules = EasyRules(),
) -> tuple[Actions, EasyPlan]:
    """The easy player's decisions for every country of every game, and its plan."""
    traits = traits if traits is not None else move_traits(world)
    legal = legal if legal is not None else legal_mask(world, state)
    plan = easy_plan(world, state, legal, rng, traits, rules)
    moves = pick_moves(
        plan.score, plan.target, traits.cost, state.get("capital"), rules.threshold, rules.max_moves
    )
    accept, votes = easy_answers(state, rng, rules)
    return Actions(moves=moves, accept=accept, votes=votes), plan


# --------------------------------------------------------------------------- history player


def history_moves_now(world: World, state: State, country: int, legal: np.ndarray) -> np.ndarray:
    """(B, Mv) moves that `country` really played on this turn, where legal and affordable."""
    batch, n_moves = legal.shape[0], legal.shape[2]
    moves = np.zeros((batch, n_moves), dtype=np.int16)
    turn = state.turn + 1
    remaining = state.get("capital")[:, country].astype(np.float64).copy()
    for h in world.history_moves:
        if h.turn != turn or h.country != country:
            continue
        cost = world.moves[h.move].cost
        ok = legal[:, country, h.move, h.target] & (remaining >= cost - 1e-9) & (
            moves[:, h.move] == 0
        )
        moves[:, h.move] = np.where(ok, h.target + 1, moves[:, h.move])
        remaining -= np.where(ok, cost, 0.0)
    return moves


def history_accepts(world: World, state: State, country: int) -> np.ndarray:
    """(B, N, Mv) accept the pending proposals to `country` that really were made to it."""
    real = np.zeros(state.pending.shape[1:2] + state.pending.shape[3:4], dtype=bool)
    for h in world.history_moves:
        if h.target == country and h.country != country:
            real[h.country, h.move] = True
    return state.pending[:, :, country, :] & real[None]


# --------------------------------------------------------------------------- look-ahead players


def role_of_country(world: World) -> dict[int, int]:
    """Index of the (first) role played by each country that has one."""
    roles: dict[int, int] = {}
    for r, role in enumerate(world.roles):
        roles.setdefault(role.country, r)
    return roles


def _balanced_assignment(
    rng: np.random.Generator, games: int, rows: int, options: int
) -> np.ndarray:
    """(games, rows) option per copy: each option equally often, in random order per game."""
    base = np.tile(np.arange(rows) % options, (games, 1))
    return rng.permuted(base, axis=1)


@dataclass(frozen=True)
class _Candidates:
    """Candidate single moves of the look-ahead countries, for a chunk of games."""

    move: np.ndarray     # (G, L, C) move index (column 0 = pass, unused)
    target: np.ndarray   # (G, L, C)
    valid: np.ndarray    # (G, L, C) bool; column 0 (pass) always True
    assign: np.ndarray   # (G, R, L) candidate tried in each copy


def _candidates(
    plan: EasyPlan,
    countries: Sequence[int],
    cfg: Lookahead,
    rng: np.random.Generator,
) -> _Candidates:
    """The easy player's favourite useful moves per look-ahead country, plus passing."""
    batch, _, n_moves = plan.score.shape
    n_l, c_all = len(countries), cfg.candidates + 1
    move = np.zeros((batch, n_l, c_all), dtype=np.int64)
    target = np.zeros((batch, n_l, c_all), dtype=np.int64)
    valid = np.zeros((batch, n_l, c_all), dtype=bool)
    valid[:, :, 0] = True
    k = min(cfg.candidates, n_moves)
    for li, country in enumerate(countries):
        score = np.where(plan.useful[:, country], plan.score[:, country], _NEG_INF)
        if k == 0:
            continue
        top = np.argpartition(-score, k - 1, axis=1)[:, :k] if k < n_moves else np.tile(
            np.arange(n_moves), (batch, 1)
        )
        top_score = np.take_along_axis(score, top, axis=1)
        order = np.argsort(-top_score, axis=1, kind="stable")
        top = np.take_along_axis(top, order, axis=1)
        move[:, li, 1 : k + 1] = top
        target[:, li, 1 : k + 1] = np.take_along_axis(plan.target[:, country], top, axis=1)
        valid[:, li, 1 : k + 1] = np.isfinite(np.take_along_axis(score, top, axis=1))
    assign = np.stack(
        [_balanced_assignment(rng, batch, cfg.rollouts, c_all) for _ in countries], axis=2
    )
    return _Candidates(move=move, target=target, valid=valid, assign=assign)


def _lookahead(
    world: World,
    state: State,
    countries: Sequence[int],
    cfg: Lookahead,
    base: Actions,
    plan: EasyPlan,
    traits: MoveTraits,
    rng: np.random.Generator,
) -> Actions:
    """Decide for the look-ahead `countries` by rolling candidates forward; others keep `base`."""
    batch = state.batch
    per_chunk = max(1, cfg.max_rows // max(cfg.rollouts, 1))
    parts: list[Actions] = []
    for start in range(0, batch, per_chunk):
        idx = np.arange(start, min(batch, start + per_chunk))
        sub = state.select(idx)
        sub_base = Actions(base.moves[idx], base.accept[idx], base.votes[idx])
        sub_plan = EasyPlan(plan.score[idx], plan.target[idx], plan.useful[idx])
        parts.append(_lookahead_chunk(world, sub, countries, cfg, sub_base, sub_plan, traits, rng))
    return Actions(
        moves=np.concatenate([p.moves for p in parts]),
        accept=np.concatenate([p.accept for p in parts]),
        votes=np.concatenate([p.votes for p in parts]),
    )


def _lookahead_chunk(
    world: World,
    state: State,
    countries: Sequence[int],
    cfg: Lookahead,
    base: Actions,
    plan: EasyPlan,
    traits: MoveTraits,
    rng: np.random.Generator,
) -> Actions:
    """Look-ahead decisions for one chunk of games (copies stacked along the batch axis)."""
    games, rows = state.batch, cfg.rollouts
    n_rows = games * rows
    cand = _candidates(plan, countries, cfg, rng)
    # Turn-1 actions of every copy: everyone else as `base`, look-ahead countries by the design.
    moves = np.repeat(base.moves, rows, axis=0)
    accept = np.repeat(base.accept, rows, axis=0)
    votes = np.repeat(base.votes, rows, axis=0)
    row_game = np.repeat(np.arange(games), rows)
    flat_assign = cand.assign.reshape(n_rows, len(countries))
    acc_try: list[np.ndarray] = []
    vote_try: list[np.ndarray] = []
    for li, country in enumerate(countries):
        moves[:, country, :] = 0
        c = flat_assign[:, li]
        m = cand.move[row_game, li, c]
        t = cand.target[row_game, li, c]
        play = (c > 0) & cand.valid[row_game, li, c]
        rows_play = np.nonzero(play)[0]
        moves[rows_play, country, m[rows_play]] = (t[rows_play] + 1).astype(np.int16)
        pend = np.repeat(state.pending[:, :, country, :], rows, axis=0)  # (rows, N, Mv) from i
        tried = pend & (rng.random(pend.shape) < 0.5)
        accept[:, country, :, :] = tried
        acc_try.append(tried)
        apps = np.repeat(state.applications, rows, axis=0)  # (rows, N, M)
        member = np.repeat(state.blocs[:, country, :] > 0.5, rows, axis=0)[:, None, :]
        vtry = apps & member & (rng.random(apps.shape) < 0.5)
        votes[:, country, :, :] = vtry
        vote_try.append(vtry)
    copies = state.select(row_game)
    copies = advance(world, copies, Actions(moves=moves, accept=accept, votes=votes), rng)
    total = copies.score.astype(np.float64).copy()
    for _ in range(cfg.turns - 1):
        acts, _ = easy_actions(world, copies, rng, traits)
        copies = advance(world, copies, acts, rng)
        total += copies.score
    value = (total / cfg.turns).reshape(games, rows, -1)
    return _decide(world, state, countries, cfg, base, cand, value, acc_try, vote_try, traits)


def _group_mean(value: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean of `value` (G, R) over copies where `mask` (G, R, ...) holds, and the counts."""
    extra = mask.ndim - 2
    v = value.reshape(value.shape + (1,) * extra)
    count = mask.sum(axis=1)
    total = np.where(mask, v, 0.0).sum(axis=1)
    return total / np.maximum(count, 1), count


def _decide(
    world: World,
    state: State,
    countries: Sequence[int],
    cfg: Lookahead,
    base: Actions,
    cand: _Candidates,
    value: np.ndarray,
    acc_try: list[np.ndarray],
    vote_try: list[np.ndarray],
    traits: MoveTraits,
) -> Actions:
    """Turn rolled-out values into moves, answers and votes for the look-ahead countries."""
    games, rows = value.shape[0], value.shape[1]
    roles = role_of_country(world)
    moves, accept, votes = base.moves.copy(), base.accept.copy(), base.votes.copy()
    capital = state.get("capital")
    for li, country in enumerate(countries):
        v = value[:, :, roles[country]]
        v = v - v.mean(axis=1, keepdims=True)
        c_all = cand.move.shape[2]
        means = np.stack([_group_mean(v, cand.assign[:, :, li] == c)[0] for c in range(c_all)], 1)
        gain = np.where(cand.valid[:, li, :], means - means[:, :1], -np.inf)
        gain[:, 0] = -np.inf
        moves[:, country, :] = _greedy_candidates(
            gain, cand.move[:, li], cand.target[:, li], traits.cost, capital[:, country], cfg
        )
        shape_a = (games, rows) + acc_try[li].shape[1:]
        tried = acc_try[li].reshape(shape_a)
        pend = state.pending[:, :, country, :]
        yes, n_yes = _group_mean(v, tried)
        no, n_no = _group_mean(v, ~tried & pend[:, None])
        known = (n_yes > 0) & (n_no > 0)
        accept[:, country] = np.where(known, pend & (yes > no), base.accept[:, country])
        vt = vote_try[li].reshape((games, rows) + vote_try[li].shape[1:])
        apps = state.applications & (state.blocs[:, country, :] > 0.5)[:, None, :]
        yes, n_yes = _group_mean(v, vt)
        no, n_no = _group_mean(v, ~vt & apps[:, None])
        known = (n_yes > 0) & (n_no > 0)
        votes[:, country] = np.where(known, apps & (yes >= no), base.votes[:, country])
    return Actions(moves=moves, accept=accept, votes=votes)


def _greedy_candidates(
    gain: np.ndarray,
    move: np.ndarray,
    target: np.ndarray,
    cost: np.ndarray,
    capital: np.ndarray,
    cfg: Lookahead,
) -> np.ndarray:
    """Play candidates in order of gain while they beat passing and the budget lasts."""
    games, c_all = gain.shape
    n_moves = cost.shape[0]
    out = np.zeros((games, n_moves), dtype=np.int16)
    order = np.argsort(-gain, axis=1, kind="stable")
    remaining = capital.astype(np.float64).copy()
    gi = np.arange(games)
    for rank in range(c_all):
        c = order[:, rank]
        g = gain[gi, c]
        m = move[gi, c]
        price = cost[m]
        take = np.isfinite(g) & (g > cfg.margin) & (price <= remaining + 1e-9)
        out[gi[take], m[take]] = (target[gi, c][take] + 1).astype(np.int16)
        remaining -= np.where(take, price, 0.0)
    return out


# --------------------------------------------------------------------------- public API


def normalise_levels(world: World, levels: str | Sequence[str]) -> tuple[str, ...]:
    """One level per country (a single string applies to all); ValueError on an unknown level."""
    out = (levels,) * world.n if isinstance(levels, str) else tuple(levels)
    if len(out) != world.n:
        raise ValueError(f"expected {world.n} levels (one per country), got {len(out)}")
    for level in out:
        if level not in LEVELS:
            raise ValueError(f"unknown level {level!r}; choose from {', '.join(LEVELS)}")
    return out


def choose_actions(
    world: World,
    state: State,
    levels: str | Sequence[str],
    rng: np.random.Generator,
    rules: EasyRules = EasyRules(),
) -> Actions:
    """Decide one turn for every country of every game: moves, answers to proposals, votes."""
    lv = normalise_levels(world, levels)
    traits = move_traits(world)
    legal = legal_mask(world, state)
    base, plan = easy_actions(world, state, rng, traits, legal, rules)
    for country, level in enumerate(lv):
        if level == "history":
            base.moves[:, country] = history_moves_now(world, state, country, legal)
            base.accept[:, country] = history_accepts(world, state, country)
    roles = role_of_country(world)
    for level in ("normal", "hard"):
        group = [c for c, lvl in enumerate(lv) if lvl == level and c in roles]
        if group:
            decided = _lookahead(
                world, state, group, lookahead_config(level), base, plan, traits, rng
            )
            for country in group:
                base.moves[:, country] = decided.moves[:, country]
                base.accept[:, country] = decided.accept[:, country]
                base.votes[:, country] = decided.votes[:, country]
    for country, level in enumerate(lv):
        if level == "human":
            base.moves[:, country] = 0
            base.accept[:, country] = False
            base.votes[:, country] = False
    return base


def _solo_levels(world: World, country: int, level: str) -> list[str]:
    """Levels with `country` at `level` and everyone else left to people."""
    levels = ["human"] * world.n
    levels[country] = level
    return levels


def choose_for(
    world: World, state: State, country: int, level: str, rng: np.random.Generator
) -> list[tuple[int, int]]:
    """The moves (move index, target) the computer plays for `country` in game 0 this turn."""
    acts = choose_actions(world, state, _solo_levels(world, country, level), rng)
    row = acts.moves[0, country]
    return [(int(m), int(row[m]) - 1) for m in np.nonzero(row)[0]]


def answer_proposals(
    world: World, state: State, country: int, level: str, rng: np.random.Generator
) -> np.ndarray:
    """(N, Mv) bool for game 0: True where `country` accepts the proposal of move m from i."""
    acts = choose_actions(world, state, _solo_levels(world, country, level), rng)
    return acts.accept[0, country].copy()


def vote(
    world: World, state: State, country: int, level: str, rng: np.random.Generator
) -> np.ndarray:
    """(N, M) bool for game 0: True where `country` agrees that applicant i joins the bloc."""
    acts = choose_actions(world, state, _solo_levels(world, country, level), rng)
    return acts.votes[0, country].copy()
