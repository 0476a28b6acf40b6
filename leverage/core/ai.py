"""Computer players for every country of every game in the batch at once.

Levels:
- ``easy``: hand-written rules.  Each move gets a score from what it does (hostile moves aim at
  rivals, deals and loans at friends, domestic moves by their effect on the country's own
  indicators), minus a penalty for repeating itself, plus noise from the game's random stream;
  the best moves are played while the budget lasts.  Proposals from friends are accepted; members
  vote on bloc applications by their relations with the applicant.
- ``normal`` and ``hard``: Monte Carlo look-ahead.  For each role played at that level, a handful
  of candidate moves (the easy player's favourites) and "pass" are each rolled forward a few turns
  in copies of the game stacked along the batch axis, everyone else playing easy; each candidate
  is valued by the role's score over those turns.  Hard looks further ahead (but never past the
  game's last turn) and, on the turns after the decided one, lets the role itself wait (it will
  decide those turns when they come), so that a candidate is judged by what it does, not by the
  easy rules' later moves.  Every candidate sees the same random shocks (common random numbers),
  so the comparison between them is fair.  The role plays first the candidates that clearly beat
  passing, best first; where the look-ahead sees no clear difference it keeps the easy rules'
  choice (hard also plays the candidates that gain on average); it never plays a candidate that
  clearly loses.  Proposals and bloc votes are settled the same way, comparing copies that accept
  with copies that decline.
- ``history``: plays the moves that really happened (``World.history_moves``) on their turn when
  they are legal and affordable, accepts the proposals that really were made to it, votes by the
  easy rule, and nothing else.
- ``human``: leaves the country's decisions empty (a person makes them).

The easy rules work on the sparse list of (actor, move, target) triples the scenario allows at
all, not on the dense (B, N, Mv, N) legality mask, so a turn of 10,000 games costs little.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from leverage.core.actions import Actions
from leverage.core.rules import CompiledRules, LeverCheck, compiled
from leverage.core.state import COL, STORED, State
from leverage.core.step import Shocks, resolve
from leverage.core.streams import Streams
from leverage.core.world import SELF, TARGET, MoveDef, World

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
    repeat_penalty: float = 0.35     # per earlier play of the same move (up to 5)
    max_moves: int = 3               # moves per turn at most
    accept_threshold: float = -0.05  # relation/100 (plus noise) above which a proposal is accepted
    vote_threshold: float = 0.0      # relation/100 (plus noise) above which a member votes yes
    answer_noise: float = 0.2        # spread of the noise on answers


@dataclass(frozen=True)
class Lookahead:
    """How hard a look-ahead player thinks."""

    candidates: int          # moves tried besides passing
    turns: int               # turns rolled forward (the decided turn included)
    samples: int             # copies per (game, role, candidate) with different shocks
    margin: float = 0.05     # score points a move must gain over passing
    confidence: float = 1.0  # ... plus this many standard errors of the paired gain
    max_rows: int = 4096     # copies rolled out at once (bounds memory)
    final_weight: float = 0.5  # weight of the last rolled-out turn's score (rest: mean of turns)
    later_moves: bool = True   # the role plays the easy rules' moves on the turns after the first
    to_end: bool = False       # the rollout stops at the game's last turn
    lean_in: bool = False      # where unclear, also play candidates whose mean gain is positive


def lookahead_config(level: str) -> Lookahead:
    """The look-ahead settings of a level ('normal' or 'hard')."""
    if level == "hard":
        return Lookahead(candidates=6, turns=5, samples=8, final_weight=0.0, later_moves=False,
                         to_end=True, lean_in=True)
    return Lookahead(candidates=3, turns=2, samples=4)


@dataclass(frozen=True)
class AiTables:
    """Per-World arrays the players use, built once (see `tables`).

    Entries are the (actor, move, target) triples that the scenario allows at all; pairs are the
    (actor, move) pairs with at least one entry, each with its entries padded to `slots`.
    """

    base: np.ndarray          # (Mv,) float32 value of each move for its player
    lean: np.ndarray          # (Mv,) float32 > 0 friendly toward the target, < 0 hostile
    cost: np.ndarray          # (Mv,) float64 political capital
    ei: np.ndarray            # (K,) actor of each entry
    em: np.ndarray            # (K,) move of each entry
    et: np.ndarray            # (K,) target of each entry
    pair_i: np.ndarray        # (P,) actor of each pair
    pair_m: np.ndarray        # (P,) move of each pair
    slots: np.ndarray         # (P, S) entry index of each slot, K for padding
    by_country: tuple[np.ndarray, ...]   # pair indices of each country
    proposals: np.ndarray     # (Mp,) indices of proposal moves
    levers: LeverTable        # the 'already in force' checks of every entry


@dataclass(frozen=True)
class LeverTable:
    """Every lever check of every entry, flattened and grouped by entry (see rules.LeverCheck).

    An entry whose levers are all already at the move's level is illegal ("would change
    nothing").  Checks of one entry are contiguous; `starts` marks where each group begins.
    """

    entries: np.ndarray       # (E,) entries that have lever checks
    starts: np.ndarray        # (E,) first check of each of those entries
    kinds: tuple[tuple[str, np.ndarray], ...]   # (kind, check positions) for each kind present
    a: np.ndarray             # (C,) country in slot a of each check
    b: np.ndarray             # (C,) country in slot b
    item: np.ndarray          # (C,) sanction/deal/policy kind, bloc or flag
    amount: np.ndarray        # (C,) the level the move sets


@dataclass(frozen=True)
class EasyPlan:
    """The easy player's view of one turn: a score and best target for every (actor, move) pair."""

    score: np.ndarray         # (B, P) float32, -inf when no target is legal
    target: np.ndarray        # (B, P) int64 best target


def tables(world: World) -> AiTables:
    """The AiTables of `world` (built by `leverage.core.compiled.compile_world`)."""
    return world.parts().ai


def build_tables(world: World, rules: CompiledRules) -> AiTables:
    """Build the AiTables of a World from its compiled rules."""
    good = _indicator_goodness()
    n_moves = len(world.moves)
    base = np.zeros(n_moves, dtype=np.float32)
    lean = np.zeros(n_moves, dtype=np.float32)
    for m, move in enumerate(world.moves):
        base[m], lean[m] = _traits_of(move, good)
    static = rules.static  # (N, Mv, N)
    ei, em, et = (a.astype(np.int64) for a in np.nonzero(static))
    pairs = sorted({(int(i), int(m)) for i, m in zip(ei, em, strict=True)})
    width = max((int(static[i, m].sum()) for i, m in pairs), default=1)
    slots = np.full((len(pairs), width), ei.size, dtype=np.int64)
    index = {pair: p for p, pair in enumerate(pairs)}
    fill = np.zeros(len(pairs), dtype=np.int64)
    for k in range(ei.size):
        p = index[(int(ei[k]), int(em[k]))]
        slots[p, fill[p]] = k
        fill[p] += 1
    pair_i = np.array([i for i, _ in pairs], dtype=np.int64)
    pair_m = np.array([m for _, m in pairs], dtype=np.int64)
    return AiTables(
        base=base,
        lean=lean,
        cost=np.array([mv.cost for mv in world.moves], dtype=np.float64),
        ei=ei, em=em, et=et,
        pair_i=pair_i, pair_m=pair_m, slots=slots,
        by_country=tuple(np.flatnonzero(pair_i == c) for c in range(world.n)),
        proposals=np.array([m for m, mv in enumerate(world.moves) if mv.kind == "proposal"],
                           dtype=np.int64),
        levers=_lever_table(rules, ei, em, et),
    )


def _lever_table(rules: CompiledRules, ei: np.ndarray, em: np.ndarray, et: np.ndarray
                 ) -> LeverTable:
    """Flatten the rules' lever checks of every entry."""
    levers = rules.levers
    entries: list[int] = []
    starts: list[int] = []
    rows: list[tuple[str, int, int, int, float]] = []
    for k in range(ei.size):
        checks = levers[int(em[k])]
        if not checks:
            continue
        entries.append(k)
        starts.append(len(rows))
        for c in checks:
            a, b = int(c.a_idx[ei[k], et[k]]), int(c.b_idx[ei[k], et[k]])
            rows.append((c.kind, a, b, c.item, float(c.amount)))
    kinds = sorted({r[0] for r in rows})
    return LeverTable(
        entries=np.array(entries, dtype=np.int64),
        starts=np.array(starts, dtype=np.int64),
        kinds=tuple(
            (kind, np.array([i for i, r in enumerate(rows) if r[0] == kind], dtype=np.int64))
            for kind in kinds
        ),
        a=np.array([r[1] for r in rows], dtype=np.int64),
        b=np.array([r[2] for r in rows], dtype=np.int64),
        item=np.array([r[3] for r in rows], dtype=np.int64),
        amount=np.array([r[4] for r in rows], dtype=np.float64),
    )


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
        elif e.kind == "measure":
            if e.b == TARGET:
                lean += -0.5 if e.amount > 0 else 0.3
        elif e.kind == "deal":
            lean += 1.0 if e.amount > 0 else -0.5
            base += 0.3 if e.amount > 0 else 0.0
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
            base += 0.1 if e.amount > 0 else 0.0
        elif e.kind == "join":
            base += 0.5
        elif e.kind == "leave":
            base -= 0.5
    return base, lean


# --------------------------------------------------------------------------- legality


def legal_entries(world: World, state: State, tab: AiTables | None = None) -> np.ndarray:
    """(B, K) True where entry k (actor, move, target) is legal now: `rules.legal_mask`, sparse."""
    tab = tab if tab is not None else tables(world)
    rules = compiled(world)
    ei, em, et = tab.ei, tab.em, tab.et
    capital = state.ind[:, :, COL["capital"]]
    ok = tab.cost[em][None, :] <= capital[:, ei] + 1e-9
    if rules.when_moves:
        when = np.ones((state.batch, len(world.moves)), dtype=bool)
        view = state  # State.get keeps derived indicators
        for m in rules.when_moves:
            cond = world.moves[m].when
            if cond is not None:
                when[:, m] = np.asarray(cond.evaluate(world, view), dtype=float) != 0.0
        ok &= when[:, em]
    once = rules.once[em]
    if once.any():
        ok &= ~((state.played[:, ei, em] > 0) & once[None, :])
    if tab.proposals.size:
        ok &= ~state.pending[:, ei, et, em]
    if tab.levers.entries.size:
        ok[:, tab.levers.entries] &= ~_levers_done(tab.levers, state)
    return np.asarray(ok)


def _levers_done(lev: LeverTable, state: State) -> np.ndarray:
    """(B, E) True where every lever of the entry is already at the move's level."""
    sat = np.ones((state.batch, lev.a.size), dtype=bool)
    for kind, pos in lev.kinds:
        a, b, item, amount = lev.a[pos], lev.b[pos], lev.item[pos], lev.amount[pos]
        if kind == "sanction":
            sat[:, pos] = np.abs(state.sanctions[:, a, b, item] - amount) < 1e-9
        elif kind == "deal":
            sat[:, pos] = np.abs(state.deals[:, a, b, item] - amount) < 1e-9
        elif kind == "policy":
            sat[:, pos] = np.abs(state.policies[:, a, item] - amount) < 1e-9
        elif kind == "join":
            sat[:, pos] = (state.blocs[:, a, item] > 0.5) | state.applications[:, a, item]
        elif kind == "leave":
            sat[:, pos] = state.blocs[:, a, item] < 0.5
        else:
            sat[:, pos] = state.flags[:, item] == (amount > 0.5)
    return np.asarray(np.logical_and.reduceat(sat, lev.starts, axis=1))


# --------------------------------------------------------------------------- no-effect moves

_LEVER_ARRAYS: tuple[str, ...] = ("sanctions", "deals", "policies", "flags", "blocs",
                                  "applications")


def _lever_arrays(state: State) -> dict[str, np.ndarray]:
    """Writable copies of the state's lever arrays."""
    return {name: np.array(getattr(state, name)) for name in _LEVER_ARRAYS}


def _set_levers(world: World, arrays: dict[str, np.ndarray], actor: int, move: int,
                rows: np.ndarray, targets: np.ndarray) -> None:
    """Set in `arrays` the levers that `actor` playing `move` on `targets` (in `rows`) sets."""
    for c in compiled(world).levers[move]:
        a, b = c.a_idx[actor, targets], c.b_idx[actor, targets]
        if c.kind == "sanction":
            arrays["sanctions"][rows, a, b, c.item] = c.amount
        elif c.kind == "deal":
            arrays["deals"][rows, a, b, c.item] = c.amount
        elif c.kind == "policy":
            arrays["policies"][rows, a, c.item] = c.amount
        elif c.kind == "join":
            arrays["applications"][rows, a, c.item] = True
        elif c.kind == "leave":
            arrays["blocs"][rows, a, c.item] = 0.0
        else:
            arrays["flags"][rows, c.item] = c.amount > 0.5


def _with_pending(world: World, state: State) -> dict[str, np.ndarray]:
    """The lever arrays as they will be once every pending proposal is accepted."""
    arrays = _lever_arrays(state)
    flat = state.pending.reshape(state.batch, -1)
    for col in np.flatnonzero(flat.any(axis=0)) if state.batch else ():
        i, j, m = np.unravel_index(col, state.pending.shape[1:])
        rows = np.flatnonzero(flat[:, col])
        _set_levers(world, arrays, int(i), int(m), rows, np.full(rows.size, int(j)))
    return arrays


def useful_entries(world: World, state: State, tab: AiTables | None = None) -> np.ndarray:
    """(B, K) False where entry k would change nothing: every lever it sets is already at the
    move's level or will be once a pending proposal is accepted (e.g. Russia offering to prepay
    for oil while Venezuela's oil-for-loans offer to Russia waits for an answer)."""
    tab = tab if tab is not None else tables(world)
    ok = np.ones((state.batch, tab.ei.size), dtype=bool)
    if tab.levers.entries.size and state.pending.any():
        future = state.evolve(**_with_pending(world, state))
        ok[:, tab.levers.entries] = ~_levers_done(tab.levers, future)
    return ok


def drop_no_effect(world: World, state: State, moves: np.ndarray, kept: Sequence[int] = ()
                   ) -> np.ndarray:
    """`moves` (B, N, Mv) without the moves whose levers an earlier country's move this turn,
    or a pending proposal, already sets (countries in order; the first keeps its move).

    The moves of the `kept` countries (people, history) are never dropped, only counted.
    """
    rules = compiled(world)
    lever_moves = [m for m in np.flatnonzero((moves != 0).any(axis=(0, 1))) if rules.levers[m]]
    if not lever_moves:
        return moves
    out = moves.copy()
    arrays = _with_pending(world, state)
    for country in range(world.n):
        for m in lever_moves:
            rows = np.flatnonzero(out[:, country, m])
            if rows.size == 0:
                continue
            targets = out[rows, country, m].astype(np.int64) - 1
            done = np.full(rows.size, country not in kept)
            for c in rules.levers[m]:
                done &= _lever_at(arrays, c, rows, country, targets)
            out[rows[done], country, m] = 0
            keep = rows[~done]
            _set_levers(world, arrays, country, int(m), keep, targets[~done])
    return out


def _lever_at(arrays: dict[str, np.ndarray], c: LeverCheck, rows: np.ndarray, actor: int,
              targets: np.ndarray) -> np.ndarray:
    """(rows,) True where lever check `c` of `actor` on `targets` is already at its level."""
    a, b = c.a_idx[actor, targets], c.b_idx[actor, targets]
    if c.kind == "sanction":
        return np.asarray(np.abs(arrays["sanctions"][rows, a, b, c.item] - c.amount) < 1e-9)
    if c.kind == "deal":
        return np.asarray(np.abs(arrays["deals"][rows, a, b, c.item] - c.amount) < 1e-9)
    if c.kind == "policy":
        return np.asarray(np.abs(arrays["policies"][rows, a, c.item] - c.amount) < 1e-9)
    if c.kind == "join":
        return np.asarray((arrays["blocs"][rows, a, c.item] > 0.5)
                          | arrays["applications"][rows, a, c.item])
    if c.kind == "leave":
        return np.asarray(arrays["blocs"][rows, a, c.item] < 0.5)
    return np.asarray(arrays["flags"][rows, c.item] == (c.amount > 0.5))


# --------------------------------------------------------------------------- easy player


Draws = np.random.Generator | Streams


def as_streams(draws: Draws, batch: int) -> Streams:
    """Per-game streams: given ones, or keys drawn from a generator."""
    return draws if isinstance(draws, Streams) else Streams.from_rng(draws, batch)


def easy_plan(
    world: World,
    state: State,
    draws: Draws,
    rules: EasyRules = EasyRules(),
    legal: np.ndarray | None = None,
) -> EasyPlan:
    """Score every (actor, move) pair of every game by the easy rules, with its best target."""
    tab = tables(world)
    streams = as_streams(draws, state.batch)
    ok = legal if legal is not None else legal_entries(world, state, tab)
    ok = ok & useful_entries(world, state, tab)
    batch, n_entries = ok.shape
    rel = state.relations[:, tab.ei, tab.et].astype(np.float32) / np.float32(100.0)
    rel *= (tab.ei != tab.et)[None, :]
    lean = tab.lean[tab.em] * np.float32(rules.relation_weight)
    jitter = streams.random("jitter", (n_entries,), np.float32) * np.float32(0.05)
    pref = np.where(ok, lean[None, :] * rel + jitter, _NEG_INF)
    padded = np.concatenate([pref, np.full((batch, 1), _NEG_INF, np.float32)], axis=1)
    grid = padded[:, tab.slots]                       # (B, P, S)
    slot = np.argmax(grid, axis=2)
    best = np.take_along_axis(grid, slot[..., None], axis=2)[..., 0]
    entry = tab.slots[np.arange(tab.slots.shape[0])[None, :], slot]
    target = np.concatenate([tab.et, [0]])[entry]
    n_pairs = tab.pair_m.size
    noise = streams.normal("plan", (n_pairs,), np.float32) * np.float32(rules.noise)
    played = np.minimum(state.played[:, tab.pair_i, tab.pair_m], 5).astype(np.float32)
    score = best + tab.base[tab.pair_m][None, :] + noise
    score -= np.float32(rules.repeat_penalty) * played
    return EasyPlan(score=score, target=target)


def pick_moves(world: World, state: State, plan: EasyPlan, rules: EasyRules = EasyRules()
               ) -> np.ndarray:
    """Greedy choice: best-scoring moves above the threshold while the budget lasts -> moves."""
    tab = tables(world)
    batch = plan.score.shape[0]
    moves = np.zeros((batch, world.n, len(world.moves)), dtype=np.int16)
    capital = state.ind[:, :, COL["capital"]]
    rows = np.arange(batch)
    for country in range(world.n):
        cols = tab.by_country[country]
        if cols.size == 0:
            continue
        score = plan.score[:, cols].copy()
        cost = tab.cost[tab.pair_m[cols]]
        remaining = capital[:, country].astype(np.float64).copy()
        count = np.zeros(batch, dtype=np.int32)
        for _ in range(min(cols.size, 2 * rules.max_moves)):
            j = np.argmax(score, axis=1)
            value = score[rows, j]
            if not (value > rules.threshold).any():
                break  # the best left is below the threshold everywhere
            price = cost[j]
            take = (value > rules.threshold) & (price <= remaining + 1e-9)
            take &= count < rules.max_moves
            score[rows, j] = _NEG_INF
            hit = rows[take]
            pairs = cols[j[take]]
            moves[hit, country, tab.pair_m[pairs]] = (plan.target[hit, pairs] + 1).astype(np.int16)
            remaining -= np.where(take, price, 0.0)
            count += take
    return moves


def easy_answers(
    world: World, state: State, draws: Draws, rules: EasyRules = EasyRules()
) -> tuple[np.ndarray, np.ndarray]:
    """Accept proposals from friends and vote on applications by relations -> (accept, votes)."""
    batch, n = state.batch, world.n
    streams = as_streams(draws, batch)
    accept = np.zeros(state.pending.shape, dtype=bool)
    votes = np.zeros((batch, n, n, state.applications.shape[2]), dtype=bool)
    rel = state.relations.astype(np.float32) / np.float32(100.0)  # [j, i]
    flat = state.pending.reshape(batch, -1).view(np.uint8)
    waiting = np.flatnonzero(flat.max(axis=0)) if batch else np.zeros(0, dtype=np.int64)
    if waiting.size:
        noise = streams.normal("accept", (n, n), np.float32)
        friendly = (rel + noise * np.float32(rules.answer_noise)) > rules.accept_threshold
        for i, j, m in zip(*np.unravel_index(waiting, state.pending.shape[1:]), strict=True):
            accept[:, j, i, m] = state.pending[:, i, j, m] & friendly[:, j, i]
    if state.applications.any():
        noise = streams.normal("vote", (n, n), np.float32)
        yes = (rel + noise * np.float32(rules.answer_noise)) > rules.vote_threshold  # [k, i]
        member = state.blocs > 0.5  # (B, N, M) [k, bloc]
        votes = state.applications[:, None, :, :] & member[:, :, None, :] & yes[:, :, :, None]
    return accept, votes


def easy_actions(
    world: World,
    state: State,
    draws: Draws,
    rules: EasyRules = EasyRules(),
    legal: np.ndarray | None = None,
) -> tuple[Actions, EasyPlan]:
    """The easy player's decisions for every country of every game, and its plan (`legal`:
    `legal_entries` of this state, when the caller has it)."""
    streams = as_streams(draws, state.batch)
    plan = easy_plan(world, state, streams, rules, legal)
    moves = pick_moves(world, state, plan, rules)
    accept, votes = easy_answers(world, state, streams, rules)
    return Actions(moves=moves, accept=accept, votes=votes), plan


# --------------------------------------------------------------------------- history player


def history_moves_now(world: World, state: State, country: int) -> np.ndarray:
    """(B, Mv) moves that `country` really played on this turn, where legal and affordable."""
    tab = tables(world)
    ok = legal_entries(world, state, tab)
    batch = state.batch
    moves = np.zeros((batch, len(world.moves)), dtype=np.int16)
    turn = state.turn + 1
    remaining = state.ind[:, country, COL["capital"]].astype(np.float64).copy()
    for h in world.history_moves:
        if h.turn != turn or h.country != country:
            continue
        k = np.flatnonzero((tab.ei == h.country) & (tab.em == h.move) & (tab.et == h.target))
        if k.size == 0:
            continue
        cost = float(tab.cost[h.move])
        can = ok[:, k[0]] & (remaining >= cost - 1e-9) & (moves[:, h.move] == 0)
        moves[:, h.move] = np.where(can, h.target + 1, moves[:, h.move])
        remaining -= np.where(can, cost, 0.0)
    return moves


def history_accepts(world: World, state: State, country: int) -> np.ndarray:
    """(B, N, Mv) accept the pending proposals to `country` that really were made to it."""
    real = np.zeros((world.n, len(world.moves)), dtype=bool)
    for h in world.history_moves:
        if h.target == country and h.country != country:
            real[h.country, h.move] = True
    return np.asarray(state.pending[:, :, country, :] & real[None])


# --------------------------------------------------------------------------- look-ahead players


def role_of_country(world: World) -> dict[int, int]:
    """Index of the (first) role played by each country that has one."""
    roles: dict[int, int] = {}
    for r, role in enumerate(world.roles):
        roles.setdefault(role.country, r)
    return roles


def _candidates(
    world: World, plan: EasyPlan, countries: Sequence[int], count: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The easy player's favourite playable moves -> move, target, valid, each (B, L, count)."""
    tab = tables(world)
    batch = plan.score.shape[0]
    move = np.zeros((batch, len(countries), count), dtype=np.int64)
    target = np.zeros((batch, len(countries), count), dtype=np.int64)
    valid = np.zeros((batch, len(countries), count), dtype=bool)
    for li, country in enumerate(countries):
        cols = tab.by_country[country]
        k = min(count, cols.size)
        if k == 0:
            continue
        score = plan.score[:, cols]
        top = np.argsort(-score, axis=1, kind="stable")[:, :k]
        move[:, li, :k] = tab.pair_m[cols[top]]
        target[:, li, :k] = np.take_along_axis(plan.target[:, cols], top, axis=1)
        valid[:, li, :k] = np.isfinite(np.take_along_axis(score, top, axis=1))
    return move, target, valid


def _lookahead(
    world: World,
    state: State,
    countries: Sequence[int],
    cfg: Lookahead,
    base: Actions,
    plan: EasyPlan,
    streams: Streams,
) -> Actions:
    """Decide for the look-ahead `countries` by rolling candidates forward; others keep `base`.

    Every game gets the same number of copies and its own streams, so a game decides alike
    alone and in a batch of any size; chunks only bound memory.
    """
    batch = state.batch
    per_game = len(countries) * cfg.samples
    per_chunk = max(1, cfg.max_rows // max(per_game, 1))
    moves, accept, votes = base.moves.copy(), base.accept.copy(), base.votes.copy()
    for start in range(0, batch, per_chunk):
        idx = np.arange(start, min(batch, start + per_chunk))
        sub = state.select(idx)
        decided = _lookahead_chunk(
            world, sub, countries, cfg,
            Actions(base.moves[idx], base.accept[idx], base.votes[idx]),
            EasyPlan(plan.score[idx], plan.target[idx]), streams.select(idx),
        )
        for country in countries:
            moves[idx, country] = decided.moves[:, country]
            accept[idx, country] = decided.accept[:, country]
            votes[idx, country] = decided.votes[:, country]
    return Actions(moves=moves, accept=accept, votes=votes)


@dataclass(frozen=True)
class _Design:
    """Copies of a chunk of games: game, role slot and sample of each copy."""

    game: np.ndarray       # (rows,) game of each copy
    slot: np.ndarray       # (rows,) index into the look-ahead countries
    sample: np.ndarray     # (rows,) which of the game's shock samples the copy meets
    samples: int


def _design(games: int, n_countries: int, cfg: Lookahead) -> _Design:
    """Row layout (game, country slot, sample): the same number of copies for every game."""
    samples = cfg.samples
    rows = np.arange(games * n_countries * samples)
    return _Design(game=rows // (n_countries * samples), slot=(rows // samples) % n_countries,
                   sample=rows % samples, samples=samples)


def _lookahead_chunk(
    world: World,
    state: State,
    countries: Sequence[int],
    cfg: Lookahead,
    base: Actions,
    plan: EasyPlan,
    streams: Streams,
) -> Actions:
    """Look-ahead decisions for one chunk of games (copies stacked along the batch axis)."""
    games, n_l = state.batch, len(countries)
    design = _design(games, n_l, cfg)
    cand_m, cand_t, cand_v = _candidates(world, plan, countries, cfg.candidates)
    pending = np.stack([state.pending[:, :, c, :] for c in countries], axis=1)   # (G, L, N, Mv)
    members = np.stack([state.blocs[:, c, :] > 0.5 for c in countries], axis=1)  # (G, L, M)
    apps = state.applications[:, None, :, :] & members[:, :, None, :]           # (G, L, N, M)
    asked = pending.any(axis=(2, 3)) | apps.any(axis=(2, 3))                     # (G, L)
    calls = ["pass"] + [f"c{c}" for c in range(cfg.candidates)]
    if asked.any():
        calls.append("accept")
    copies = state.select(design.game)
    shared = copies_streams(streams, design)
    roles = role_of_country(world)
    role_idx = np.array([roles[c] for c in countries])
    values = np.zeros((len(calls), games, n_l, design.samples))
    for k, call in enumerate(calls):
        if call.startswith("c") and not cand_v[:, :, int(call[1:])].any():
            continue  # no game has this many candidates: nothing to roll out
        acts = _call_actions(
            base, design, countries, call, cand_m, cand_t, cand_v, pending, apps
        )
        values[k] = _rollout(world, copies, acts, cfg, shared, design,
                             np.asarray(countries), role_idx)
    gains, bars = _paired(values[1 : 1 + cfg.candidates] - values[0][None], cfg)  # (C, G, L)
    moves, accept, votes = base.moves.copy(), base.accept.copy(), base.votes.copy()
    capital = state.ind[:, :, COL["capital"]]
    cost = tables(world).cost
    for li, country in enumerate(countries):
        gain = np.where(cand_v[:, li, :], gains[:, :, li].T, -np.inf)  # (G, C)
        rules_pick = base.moves[np.arange(games)[:, None], country, cand_m[:, li]] == (
            cand_t[:, li] + 1
        )
        moves[:, country] = _greedy(
            _priority(gain, rules_pick | (cfg.lean_in & (gain > 0)), bars[:, :, li].T),
            cand_m[:, li], cand_t[:, li], cost,
            capital[:, country], len(world.moves),
        )
        if calls[-1] == "accept":
            diff, bar = _paired(values[-1, :, li] - values[0, :, li], cfg)
            clear = np.abs(diff) > bar
            yes = (diff > 0)[:, None, None]
            accept[:, country] = np.where(clear[:, None, None], pending[:, li] & yes,
                                          base.accept[:, country])
            votes[:, country] = np.where(clear[:, None, None], apps[:, li] & yes,
                                         base.votes[:, country])
    return Actions(moves=moves, accept=accept, votes=votes)


def _call_actions(
    base: Actions,
    design: _Design,
    countries: Sequence[int],
    call: str,
    cand_m: np.ndarray,
    cand_t: np.ndarray,
    cand_v: np.ndarray,
    pending: np.ndarray,
    apps: np.ndarray,
) -> Actions:
    """First-turn actions of every copy for one call: the role in its slot deviates, others base."""
    g, slot = design.game, design.slot
    moves = base.moves[g].copy()
    accept = base.accept[g].copy()
    votes = base.votes[g].copy()
    for li, country in enumerate(countries):
        rows = np.flatnonzero(slot == li)
        moves[rows, country] = 0
        accept[rows, country] = pending[g[rows], li] if call == "accept" else False
        votes[rows, country] = apps[g[rows], li] if call == "accept" else False
        if call.startswith("c"):
            c = int(call[1:])
            rows = rows[cand_v[g[rows], li, c]]
            m = cand_m[g[rows], li, c]
            moves[rows, country, m] = (cand_t[g[rows], li, c] + 1).astype(np.int16)
    return Actions(moves=moves, accept=accept, votes=votes)


def copies_streams(streams: Streams, design: _Design) -> Streams:
    """The stream of each copy: its game's look-ahead stream, one sub-stream per sample.

    Copies of one game and sample meet the same shocks whatever they play (common random
    numbers), and copies of different games never share numbers.
    """
    game_keys = streams.child("lookahead").keys[design.game]
    return Streams(game_keys).child_each(design.sample)


def _rollout(
    world: World,
    copies: State,
    first: Actions,
    cfg: Lookahead,
    streams: Streams,
    design: _Design,
    countries: np.ndarray,
    role_idx: np.ndarray,
) -> np.ndarray:
    """(G, L, S) value for each slot's role of its copies: the role's score over `cfg.turns`
    turns (the mean over the turns and the last turn, weighed by `cfg.final_weight`)."""
    rows = np.arange(design.slot.size)
    turns = _horizon(world, copies, cfg)
    state, _ = resolve(world, copies, first, _shocks(world, streams.child(0)))
    total = state.score.astype(np.float64).copy()
    for turn in range(1, turns):
        now = streams.child(turn)
        acts, _ = easy_actions(world, state, now)
        if not cfg.later_moves:
            acts.moves[rows, countries[design.slot]] = 0  # the role waits for its next decision
        state, _ = resolve(world, state, acts, _shocks(world, now))
        total += state.score
    value = (1.0 - cfg.final_weight) * total / turns + cfg.final_weight * state.score
    mine = value[rows, role_idx[design.slot]]
    return np.asarray(mine.reshape(-1, role_idx.size, design.samples))


def _horizon(world: World, state: State, cfg: Lookahead) -> int:
    """Turns to roll forward: `cfg.turns`, or fewer when `cfg.to_end` and the game ends sooner."""
    left = int(world.turns) - int(state.turn)
    return min(cfg.turns, left) if cfg.to_end and left >= 1 else cfg.turns


def _shocks(world: World, streams: Streams) -> Shocks:
    """One turn's shocks of every copy, from its own stream."""
    n = world.n
    return Shocks(oil=streams.normal("oil", ()), gdp=streams.normal("gdp", (n,)),
                  infl=streams.normal("infl", (n,)),
                  events=streams.random("events", (len(world.events),)))


def _paired(diffs: np.ndarray, cfg: Lookahead) -> tuple[np.ndarray, np.ndarray]:
    """Mean of paired differences over the last axis (samples), and the bar a mean must pass
    to count as clear: the margin plus `confidence` standard errors."""
    mean = diffs.mean(axis=-1)
    samples = diffs.shape[-1]
    if samples < 2:
        return mean, np.full(mean.shape, cfg.margin)
    error = diffs.std(axis=-1, ddof=1) / np.sqrt(samples)
    return mean, cfg.margin + cfg.confidence * error


def _priority(gain: np.ndarray, fallback: np.ndarray, bar: np.ndarray) -> np.ndarray:
    """Order of play: clear gains first (by size); where the look-ahead sees no clear
    difference, the `fallback` picks (the easy rules' own; for hard also the candidates that
    gain on average); never a candidate that clearly loses."""
    clear = gain > bar
    unclear = (gain >= -bar) & fallback
    return np.where(clear, 1000.0 + gain, np.where(unclear, gain, -np.inf))


def _greedy(
    priority: np.ndarray,
    move: np.ndarray,
    target: np.ndarray,
    cost: np.ndarray,
    capital: np.ndarray,
    n_moves: int,
) -> np.ndarray:
    """Play candidates with a finite priority, highest first, while the budget lasts."""
    games, count = priority.shape
    out = np.zeros((games, n_moves), dtype=np.int16)
    order = np.argsort(-priority, axis=1, kind="stable")
    remaining = capital.astype(np.float64).copy()
    gi = np.arange(games)
    for rank in range(count):
        c = order[:, rank]
        m = move[gi, c]
        price = cost[m]
        take = np.isfinite(priority[gi, c]) & (price <= remaining + 1e-9)
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
    streams: Streams | None = None,
    legal: np.ndarray | None = None,
) -> Actions:
    """Decide one turn for every country of every game: moves, answers to proposals, votes.

    `levels` gives one level per country (or one for all): easy, normal, hard, history or human.
    Countries at normal or hard without a role play easy.  Every game draws from its own stream
    (`streams`, or keys drawn from `rng`), so a game's decisions do not depend on the batch.
    `legal` is `legal_entries` of this state, when the caller has already computed it.
    """
    lv = normalise_levels(world, levels)
    own = streams if streams is not None else Streams.from_rng(rng, state.batch)
    base, plan = easy_actions(world, state, own.child("easy"), rules, legal)
    for country, level in enumerate(lv):
        if level == "history":
            base.moves[:, country] = history_moves_now(world, state, country)
            base.accept[:, country] = history_accepts(world, state, country)
    roles = role_of_country(world)
    out = base
    for level in ("normal", "hard"):
        group = [c for c, lvl in enumerate(lv) if lvl == level and c in roles]
        if group and world.moves:
            decided = _lookahead(world, state, group, lookahead_config(level), base, plan,
                                 own.child(level))
            for country in group:
                out.moves[:, country] = decided.moves[:, country]
                out.accept[:, country] = decided.accept[:, country]
                out.votes[:, country] = decided.votes[:, country]
    for country, level in enumerate(lv):
        if level == "human":
            out.moves[:, country] = 0
            out.accept[:, country] = False
            out.votes[:, country] = False
    kept = tuple(c for c, level in enumerate(lv) if level in ("history", "human"))
    out.moves[:] = drop_no_effect(world, state, out.moves, kept)
    return out


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
    return [(int(m), int(row[m]) - 1) for m in np.flatnonzero(row)]


def answer_proposals(
    world: World, state: State, country: int, level: str, rng: np.random.Generator
) -> np.ndarray:
    """(N, Mv) bool for game 0: True where `country` accepts the proposal of move m from i."""
    acts = choose_actions(world, state, _solo_levels(world, country, level), rng)
    return np.asarray(acts.accept[0, country].copy())


def vote(
    world: World, state: State, country: int, level: str, rng: np.random.Generator
) -> np.ndarray:
    """(N, M) bool for game 0: True where `country` agrees that applicant i joins the bloc."""
    acts = choose_actions(world, state, _solo_levels(world, country, level), rng)
    return np.asarray(acts.votes[0, country].copy())
