"""Which moves are legal, and what moves, deals, bloc votes and effects do to the arrays."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from leverage.core.actions import Actions, IllegalMoveError
from leverage.core.mechanisms import credit_currency, shift_relation
from leverage.core.state import COL, STORED, State, compact, loan_slots, spread
from leverage.core.vocab import (
    DEAL_KINDS,
    INDICATORS,
    MEASURE_KINDS,
    MEASURE_MAX,
    PAYMENT_SYSTEMS,
    POLICY_KINDS,
    RESERVE_ASSETS,
    SANCTION_KINDS,
)
from leverage.core.world import SELF, TARGET, Effect, MoveDef, World

LEVER_KINDS: tuple[str, ...] = ("sanction", "deal", "policy", "join", "leave", "flag")
FINANCIAL = SANCTION_KINDS.index("financial")
OIL_FOR_LOANS = DEAL_KINDS.index("oil_for_loans")
GOLD_ABROAD = RESERVE_ASSETS.index("gold_abroad")
#: Reserve currency of each payment system (usd, eur, cny); mir and barter have none (-1).
CASH_ASSET_OF_SYSTEM: tuple[int, ...] = (0, 1, 2, -1, -1)
RESERVE_COLS: tuple[str, ...] = ("reserves_usd", "reserves_eur", "reserves_cny")
#: Range of a product group's price (1.0 = its price at the start).
PRICE_MIN, PRICE_MAX = 0.1, 10.0


@dataclass(frozen=True)
class LeverCheck:
    """One lever-setting effect of a move, resolved for every (actor, target) pair."""

    kind: str
    item: int
    a_idx: np.ndarray  # (N, N) country index of slot a for [actor, target]
    b_idx: np.ndarray  # (N, N)
    amount: float


@dataclass(frozen=True)
class CompiledRules:
    """Per-World arrays computed once: static legality, costs, levers, payment issuers."""

    static: np.ndarray                       # (N, Mv, N) by & targets
    cost: np.ndarray                         # (Mv,)
    once: np.ndarray                         # (Mv,) bool
    proposal: np.ndarray                     # (Mv,) bool
    levers: tuple[tuple[LeverCheck, ...], ...]
    issued: np.ndarray                       # (N,) payment system issued by each country, -1 none
    issuer: np.ndarray                       # (N,) 1.0 when the country issues a system
    issuer_of: np.ndarray                    # (K,) country issuing each system, -1 none
    dt: float                                # years per turn
    event_ok: tuple[tuple[Effect, ...], ...]  # event effects with fixed countries only
    event_chance: np.ndarray                 # (E,) chance per turn of each event
    event_turn: np.ndarray                   # (E,) first turn on which it may fire
    event_once: np.ndarray                   # (E,) bool: fires at most once
    distinct: np.ndarray                     # (N, N, N) True where the three countries differ
    off: np.ndarray                          # (N, N) 1.0 off the diagonal
    link_system: np.ndarray                  # (N, K) the non-dollar home system of each country
    lender_asset: np.ndarray                 # (N,) reserve currency a country lends in (-1 none)
    freeze_by: np.ndarray                    # (P,) sanctioner whose financial sanctions freeze ...
    freeze_of: np.ndarray                    # (P,) ... this country's ...
    freeze_asset: np.ndarray                 # (P,) ... reserve asset
    low: np.ndarray                          # (I,) lower bound of each stored indicator
    high: np.ndarray                         # (I,) upper bound
    lever_moves: tuple[int, ...] = field(default_factory=tuple)
    when_moves: tuple[int, ...] = field(default_factory=tuple)
    horizon: int = 1                         # turns ahead the world's effects can schedule
    capital: np.ndarray = field(default_factory=lambda: np.zeros(0))  # (1, N) capital a turn
    exports0: np.ndarray = field(default_factory=lambda: np.zeros(0))  # (N,) starting exports


def resolve_slot(slot: int, actor: np.ndarray | int, target: np.ndarray | int) -> np.ndarray:
    """Country index for an effect slot (SELF, TARGET or a fixed index)."""
    if slot == SELF:
        return np.asarray(actor)
    if slot == TARGET:
        return np.asarray(target)
    return np.full(np.shape(target), slot, dtype=np.int64)


def _issuers(world: World) -> tuple[np.ndarray, np.ndarray]:
    """Each payment system's issuer: the largest economy whose home system it is."""
    n = world.n
    issued = np.full(n, -1, dtype=np.int64)
    issuer_of = np.full(len(PAYMENT_SYSTEMS), -1, dtype=np.int64)
    for k, name in enumerate(PAYMENT_SYSTEMS):
        if name == "barter":
            continue
        users = [i for i in range(n) if int(world.home_payment[i]) == k
                 and float(world.gdp0[i]) >= world.params.issuer_min_gdp]
        if users:
            best = max(users, key=lambda i: (float(world.gdp0[i]), -i))
            issued[best] = k
            issuer_of[k] = best
    return issued, issuer_of


def build_rules(world: World) -> CompiledRules:
    """Build the CompiledRules of a World."""
    n, mv = world.n, len(world.moves)
    static = np.zeros((n, mv, n), dtype=bool)
    actors = np.arange(n)[:, None] * np.ones((1, n), dtype=np.int64)
    targets = np.ones((n, 1), dtype=np.int64) * np.arange(n)[None, :]
    levers: list[tuple[LeverCheck, ...]] = []
    for m, move in enumerate(world.moves):
        static[:, m, :] = np.asarray(move.by, dtype=bool)[:, None] & np.asarray(move.targets,
                                                                                 dtype=bool)
        checks = tuple(
            LeverCheck(e.kind, e.item, resolve_slot(e.a, actors, targets),
                       resolve_slot(e.b, actors, targets), e.amount)
            for e in move.effects if e.kind in LEVER_KINDS
        )
        levers.append(checks)
    issued, issuer_of = _issuers(world)
    event_ok = tuple(
        tuple(e for e in ev.effects if e.kind == "flag" or (e.a >= 0 and (
            e.b >= 0 or e.kind not in ("sanction", "deal", "relation", "loan", "measure"))))
        for ev in world.events
    )
    by_name = {ind.name: ind for ind in INDICATORS}
    eye = np.eye(n, dtype=bool)
    home = np.asarray(world.home_payment, dtype=np.int64)
    link_system = np.zeros((n, len(PAYMENT_SYSTEMS)))
    link_system[np.arange(n), home] = 1.0
    link_system[:, 0] = 0.0
    pairs = [(int(issuer_of[k]), of, k) for k in range(3) if issuer_of[k] >= 0
             for of in range(n) if of != issuer_of[k]]
    pairs += [(int(world.gold_abroad_at[of]), of, GOLD_ABROAD) for of in range(n)
              if 0 <= int(world.gold_abroad_at[of]) < n and int(world.gold_abroad_at[of]) != of]
    return CompiledRules(
        horizon=_horizon(world),
        capital=np.asarray(world.capital, dtype=float)[None],
        exports0=world.trade0.sum(axis=1),
        event_chance=np.array([ev.chance for ev in world.events], dtype=float),
        event_turn=np.array([ev.turn if ev.turn is not None else 0 for ev in world.events],
                            dtype=np.int64),
        event_once=np.array([ev.once for ev in world.events], dtype=bool),
        freeze_by=np.array([x[0] for x in pairs], dtype=np.int64),
        freeze_of=np.array([x[1] for x in pairs], dtype=np.int64),
        freeze_asset=np.array([x[2] for x in pairs], dtype=np.int64),
        distinct=~(eye[:, :, None] | eye[:, None, :] | eye[None, :, :]),
        off=1.0 - eye,
        link_system=link_system,
        lender_asset=np.asarray(CASH_ASSET_OF_SYSTEM, dtype=np.int64)[home],
        low=np.array([by_name[s].low for s in STORED], dtype=float),
        high=np.array([by_name[s].high for s in STORED], dtype=float),
        static=static,
        cost=np.array([m.cost for m in world.moves], dtype=float),
        once=np.array([m.once for m in world.moves], dtype=bool),
        proposal=np.array([m.kind == "proposal" for m in world.moves], dtype=bool),
        levers=tuple(levers),
        issued=issued,
        issuer=(issued >= 0).astype(float),
        issuer_of=issuer_of,
        dt=world.months_per_turn / 12.0,
        event_ok=event_ok,
        lever_moves=tuple(m for m in range(mv) if levers[m]),
        when_moves=tuple(m for m in range(mv) if world.moves[m].when is not None),
    )


def _horizon(world: World) -> int:
    """Turns ahead the world's `change` effects can schedule (at least 1)."""
    due = [e.delay + max(e.turns, 1) - 1 for m in world.moves for e in m.effects
           if e.kind == "change"]
    due += [e.delay + max(e.turns, 1) - 1 for ev in world.events for e in ev.effects
            if e.kind == "change"]
    return max([1, *due])


def compiled(world: World) -> CompiledRules:
    """The CompiledRules of `world` (built by `leverage.core.compiled.compile_world`)."""
    return world.parts().rules


def initial_frozen(world: World, sanctions: np.ndarray, frozen: np.ndarray | None = None
                   ) -> np.ndarray:
    """Frozen shares (B, N, 5) implied by financial sanctions in force (for starting states).

    Financial sanctions by the issuer of a reserve currency freeze the target's reserves in that
    currency, and the target's gold abroad when it is held in the sanctioner's vaults.
    """
    rules = compiled(world)
    out = (np.zeros(sanctions.shape[:2] + (len(RESERVE_ASSETS),)) if frozen is None
           else np.array(frozen, dtype=float))
    fin = sanctions[..., FINANCIAL]
    by, of, asset = rules.freeze_by, rules.freeze_of, rules.freeze_asset
    if by.size:
        out[:, of, asset] = np.maximum(out[:, of, asset], fin[:, by, of])
    return out


def _already(check: LeverCheck, state: State) -> np.ndarray:
    """True where the lever is already at the move's level for [game, actor, target].

    (B, N, N), or (B, 1, 1) for a flag (the same for every actor and target).
    """
    a, b = check.a_idx, check.b_idx
    if check.kind == "sanction":
        return np.asarray(np.abs(state.sanctions[:, a, b, check.item] - check.amount) < 1e-9)
    if check.kind == "deal":
        return np.asarray(np.abs(state.deals[:, a, b, check.item] - check.amount) < 1e-9)
    if check.kind == "policy":
        return np.asarray(np.abs(state.policies[:, a, check.item] - check.amount) < 1e-9)
    if check.kind == "join":
        return np.asarray((state.blocs[:, a, check.item] > 0.5)
                          | state.applications[:, a, check.item])
    if check.kind == "leave":
        return np.asarray(state.blocs[:, a, check.item] < 0.5)
    want = check.amount > 0.5
    return np.asarray(state.flags[:, check.item] == want)[:, None, None]


def _levers_done(rules: CompiledRules, m: int, state: State) -> np.ndarray:
    """(B, N, N) True where every lever of move m is already at its level (move m has levers)."""
    checks = rules.levers[m]
    done = _already(checks[0], state)
    for check in checks[1:]:
        done = done & _already(check, state)
    n = rules.static.shape[0]
    return np.broadcast_to(done, (state.batch, n, n))


def _when(world: World, move: MoveDef, state: State) -> np.ndarray:
    """(B,) True where the move's condition holds (always when it has none)."""
    if move.when is None:
        return np.ones(state.batch, dtype=bool)
    return np.asarray(np.asarray(move.when.evaluate(world, state), dtype=float) != 0.0)


def legal_mask(world: World, state: State) -> np.ndarray:
    """(B, N, Mv, N) True where country i may play move m on target t now."""
    return _legal(world, state, np.arange(len(world.moves)))


def _legal(world: World, state: State, moves: np.ndarray) -> np.ndarray:
    """(B, N, len(moves), N) True where country i may play moves[k] on target t now."""
    rules = compiled(world)
    static = rules.static[:, moves, :]
    mask = np.broadcast_to(static[None], (state.batch,) + static.shape).copy()
    for k, m in enumerate(moves.tolist()):
        if world.moves[m].when is not None:
            mask[:, :, k, :] &= _when(world, world.moves[m], state)[:, None, None]
        if rules.levers[m]:
            mask[:, :, k, :] &= ~_levers_done(rules, m, state)
    played = (state.played[:, :, moves] > 0) & rules.once[None, None, moves]
    mask &= ~played[:, :, :, None]
    capital = state.ind[:, :, COL["capital"]]
    mask &= (rules.cost[None, None, moves] <= capital[:, :, None] + 1e-9)[:, :, :, None]
    mask &= ~np.transpose(state.pending[:, :, :, moves], (0, 1, 3, 2))
    return mask


def legal_moves(world: World, state: State, country: int, b: int = 0) -> list[tuple[int, list[int]]]:
    """Moves country may play in game b, each with its legal targets."""
    mask = legal_mask(world, state.select(b))[0, country]
    return [(m, [int(t) for t in np.flatnonzero(mask[m])]) for m in range(mask.shape[0])
            if mask[m].any()]


def why_illegal(world: World, state: State, b: int, i: int, m: int, t: int) -> str | None:
    """Reason why country i may not play move m on t in game b, or None when it may."""
    rules = compiled(world)
    move, code = world.moves[m], world.codes[i]
    if not bool(move.by[i]):
        allowed = ", ".join(c for c, ok in zip(world.codes, move.by, strict=True) if ok)
        return f"{code} may not play {move.id!r} ({move.name}): only {allowed or 'nobody'} may"
    if not 0 <= t < world.n:
        return f"{code} played {move.id!r} on target index {t}, which is not a country"
    if not bool(move.targets[i, t]):
        allowed = ", ".join(c for c, ok in zip(world.codes, move.targets[i], strict=True) if ok)
        return (f"{code} may not play {move.id!r} on {world.codes[t]}: "
                f"allowed targets are {allowed or 'none'}")
    if move.when is not None and not bool(_when(world, move, state)[b]):
        return f"{move.id!r} is not available now: its condition `{move.when.text}` is false"
    if bool(rules.once[m]) and int(state.played[b, i, m]) > 0:
        return f"{code} has already played {move.id!r}, which can be played once per game"
    capital = float(state.ind[b, i, COL["capital"]])
    if not move.cost <= capital + 1e-9:  # as `legal_mask` (a NaN budget allows nothing)
        return (f"{move.id!r} costs {move.cost:g} political capital but {code} "
                f"has {capital:g} this turn")
    if bool(state.pending[b, i, t, m]):
        return (f"{code}'s proposal {move.id!r} to {world.codes[t]} is still awaiting an answer")
    if rules.levers[m] and bool(_levers_done(rules, m, state)[b, i, t]):
        return f"{move.id!r} is already in force: playing it again would change nothing"
    return None


def _check_budget(world: World, rules: CompiledRules, state: State, b: int, i: int,
                  played: np.ndarray) -> None:
    """Raise IllegalMoveError when country i spends more political capital than it has."""
    spent = float(rules.cost[played].sum())
    capital = float(state.ind[b, i, COL["capital"]])
    if spent > capital + 1e-9:
        names = ", ".join(f"{world.moves[m].id} ({rules.cost[m]:g})" for m in played)
        raise IllegalMoveError(
            f"{world.codes[i]} spends {spent:g} political capital but has {capital:g} "
            f"this turn: {names}")


def check_actions(world: World, state: State, actions: Actions) -> None:
    """Raise IllegalMoveError naming the first illegal move, target or overspent budget.

    Games, then countries, are checked in order: a country's moves (in move order) before its
    budget.
    """
    moves = np.asarray(actions.moves)
    expected = (state.batch, world.n, len(world.moves))
    if moves.shape != expected:
        raise IllegalMoveError(f"actions.moves has shape {moves.shape}, expected {expected}")
    played = moves != 0
    if not played.any():
        return
    rules = compiled(world)
    illegal = played & ~_legal_at(world, state, moves)
    overspent = _overspent(world, rules, state, played)
    bad = np.argwhere(illegal.any(axis=2) | overspent)
    if bad.size == 0:
        return
    b, i = (int(x) for x in bad[0])
    if illegal[b, i].any():
        m = int(np.flatnonzero(illegal[b, i])[0])
        t = int(moves[b, i, m]) - 1
        reason = why_illegal(world, state, b, i, m, t)
        raise IllegalMoveError(reason or f"{world.codes[i]} may not play {world.moves[m].id!r} now")
    _check_budget(world, rules, state, b, i, np.flatnonzero(played[b, i]))


def _legal_at(world: World, state: State, moves: np.ndarray) -> np.ndarray:
    """(B, N, Mv) True where the target played (`moves` holds target + 1) is a legal one.

    Only the moves played in some game are looked at; the others are False.
    """
    out = np.zeros(moves.shape, dtype=bool)
    columns = np.flatnonzero((moves != 0).any(axis=(0, 1)))
    target = moves[:, :, columns].astype(np.int64) - 1
    inside = (target >= 0) & (target < world.n)
    mask = _legal(world, state, columns)
    picked = np.take_along_axis(mask, np.where(inside, target, 0)[..., None], axis=3)[..., 0]
    out[:, :, columns] = inside & picked
    return out


def _overspent(world: World, rules: CompiledRules, state: State, played: np.ndarray
               ) -> np.ndarray:
    """(B, N) True where a country spends more political capital than it has this turn.

    A quick sum over every move finds the countries near or over their budget; their spending is
    then summed exactly as `_check_budget` sums it.
    """
    chosen = played.astype(float)
    quick = chosen @ rules.cost
    scale = np.maximum(1.0, chosen @ np.abs(rules.cost))
    limit = state.ind[:, :, COL["capital"]] + 1e-9
    out = np.zeros(played.shape[:2], dtype=bool)
    for b, i in np.argwhere(quick >= limit - 1e-6 * scale):
        spent = float(rules.cost[np.flatnonzero(played[b, i])].sum())
        out[b, i] = spent > limit[b, i]
    return out


def _no_games(shape: tuple[int, ...]) -> np.ndarray:
    """All-False boolean array of `shape`, one copy shared by every game (read only)."""
    return spread(np.zeros((1,) + shape[1:], dtype=bool), shape[0])


def _shared(value: np.ndarray) -> bool:
    """True when `value` holds one game's values for every game (one game, or stride 0)."""
    return value.shape[0] == 1 or value.strides[0] == 0


@dataclass
class Work:
    """Mutable copies of the State's arrays while one turn is resolved."""

    ind: np.ndarray
    relations: np.ndarray
    anchor: np.ndarray
    loans: np.ndarray
    oil_repay: np.ndarray
    oil_loans: np.ndarray     # (B, N, N, L) $bn to repay in oil, per loan
    oil_loan_kbd: np.ndarray  # (B, N, N, L) kb/d pledged, per loan
    sanctions: np.ndarray
    deals: np.ndarray
    policies: np.ndarray
    frozen: np.ndarray
    blocs: np.ndarray
    pending: np.ndarray
    applications: np.ndarray
    flags: np.ndarray
    played: np.ndarray
    add_now: np.ndarray     # (B, N, I) indicator changes applied at the end of this turn
    scheduled: np.ndarray | None  # (B, H, N, I) the next state's schedule (slot 0 = next turn)
    source: np.ndarray      # (B, H, N, I) the current state's schedule (read only)
    horizon: int = 24       # slots the next schedule needs at least (see CompiledRules.horizon)
    added: bool = False     # True once something was added to `add_now`
    broken: list[tuple[np.ndarray, int, np.ndarray, np.ndarray]] = field(default_factory=list)
    owned: set[str] = field(default_factory=set)  # arrays already copied (written this turn)
    measures: np.ndarray | None = None     # (B, N, N, G, KM) trade measures; None: no goods
    goods_price: np.ndarray | None = None  # (B, G) price of each product group; None: no goods

    @staticmethod
    def from_state(state: State, horizon: int = 24) -> Work:
        """Start from the State's arrays, copied on first write (see `mut`).

        The schedule is rolled lazily (see `schedule`); this turn's proposals and applications
        start empty.
        """
        oil_loans, oil_loan_kbd = loan_slots(state.loans, state.oil_repay, state.oil_loans,
                                             state.oil_loan_kbd)
        return Work(
            horizon=horizon,
            oil_loans=np.asarray(oil_loans, dtype=float),
            oil_loan_kbd=np.asarray(oil_loan_kbd, dtype=float),
            ind=np.asarray(state.ind, dtype=float),
            relations=np.asarray(state.relations, dtype=float),
            anchor=np.asarray(state.anchor, dtype=float),
            loans=np.asarray(state.loans, dtype=float),
            oil_repay=np.asarray(state.oil_repay, dtype=float),
            sanctions=np.asarray(state.sanctions, dtype=float),
            deals=np.asarray(state.deals, dtype=float),
            policies=np.asarray(state.policies, dtype=float),
            frozen=np.asarray(state.frozen, dtype=float),
            blocs=np.asarray(state.blocs, dtype=float),
            pending=_no_games(state.pending.shape),
            applications=_no_games(state.applications.shape),
            flags=np.asarray(state.flags, dtype=bool),
            played=state.played,
            add_now=np.zeros(state.ind.shape),
            scheduled=None,
            source=state.scheduled,
            owned={"add_now"},
            measures=state.measures,
            goods_price=state.goods_price,
        )

    def mut(self, name: str) -> np.ndarray:
        """The array `name` for writing: a private copy is made on the first write."""
        arr: np.ndarray = getattr(self, name)
        if name not in self.owned:
            arr = arr.copy()  # C order, also for a read-only broadcast view
            setattr(self, name, arr)
            self.owned.add(name)
        return arr

    def schedule(self) -> np.ndarray:
        """The next state's schedule, rolled from the current one on first use.

        It has `horizon` slots (fewer than the source's when the world schedules no further
        ahead), or as many as the source's later slots need.
        """
        if self.scheduled is None:
            self.scheduled = self._rolled(self.source)
        elif not self.scheduled.flags.writeable:  # shared by every game: copy before writing
            self.scheduled = np.array(self.scheduled, order="C", copy=True)
        return self.scheduled

    def _rolled(self, src: np.ndarray) -> np.ndarray:
        """`src` moved one turn on, with `horizon` slots or as many as its later ones need."""
        width = max(self.horizon, 1)
        if src.shape[1] - 1 > width and src[:, width + 1:].any():
            width = src.shape[1] - 1
        sched = np.zeros((src.shape[0], width) + src.shape[2:])
        keep = min(width, src.shape[1] - 1)
        sched[:, :keep] = src[:, 1:keep + 1]
        return sched

    def next_schedule(self, source_is_zero: bool) -> np.ndarray:
        """The schedule to store in the next State (shared when nothing is scheduled)."""
        if self.scheduled is None and (source_is_zero or _shared(self.source)):
            # the same in every game: roll one copy for all
            rolled = self._rolled(self.source[:1])
            return spread(rolled, self.source.shape[0])
        return self.scheduled if self.scheduled is not None else self.schedule()


def add_at(arr: np.ndarray, index: tuple[np.ndarray | int, ...], value: float) -> None:
    """Unbuffered `arr[index] += value` (repeated indices add up); arr must be contiguous."""
    if all(isinstance(i, int) or i.size == 1 for i in index):  # one element: no repeats
        arr[index] += value
        return
    flat = np.ravel_multi_index(index, arr.shape)
    view = arr.reshape(-1)
    assert np.shares_memory(view, arr)
    np.add.at(view, flat, value)


def _shift_relation(work: Work, rows: np.ndarray, a: np.ndarray, b: np.ndarray,
                    amount: np.ndarray | float) -> None:
    """Shift relations (saturating: less near +-100, never nothing) and their long-run ties
    between a and b, symmetrically."""
    ok = a != b
    every = bool(ok.all())
    if not every:
        rows, a, b = rows[ok], a[ok], b[ok]
    amt = (float(amount) if np.ndim(amount) == 0
           else np.asarray(amount, dtype=float) if every else np.asarray(amount, dtype=float)[ok])
    rel = work.mut("relations")
    new = shift_relation(rel[rows, a, b], amt)
    rel[rows, a, b] = new
    rel[rows, b, a] = new
    anchor = work.mut("anchor")  # long-run ties: unbounded (their effect saturates)
    new = anchor[rows, a, b] + amt
    anchor[rows, a, b] = new
    anchor[rows, b, a] = new


def _freeze_assets(world: World, rules: CompiledRules, by: int, of: int) -> list[int]:
    """Reserve assets of `of` that a financial sanction by `by` freezes."""
    assets = []
    system = int(rules.issued[by])
    if system in (0, 1, 2):
        assets.append(system)
    if int(world.gold_abroad_at[of]) == by:
        assets.append(GOLD_ABROAD)
    return assets


def _slot_rows(slot: int, actor: np.ndarray | int, target: np.ndarray,
               shape: tuple[int, ...]) -> np.ndarray:
    """Country index of an effect slot for each row (int64 array of `shape`)."""
    if slot == TARGET:
        who: np.ndarray | int = target
    elif slot == SELF:
        who = actor
    else:
        who = slot
    if isinstance(who, np.ndarray) and who.shape == shape and who.dtype == np.int64:
        return who  # callers only read it
    out = np.empty(shape, dtype=np.int64)
    out[...] = who
    return out


def apply_effect(world: World, work: Work, effect: Effect, rows: np.ndarray,
                 actor: np.ndarray | int, target: np.ndarray) -> None:
    """Apply one effect to games `rows`, for the given actor(s) and target per row."""
    if rows.size == 0:
        return
    a = _slot_rows(effect.a, actor, target, rows.shape)
    b = _slot_rows(effect.b, actor, target, rows.shape)
    kind, item, amount = effect.kind, effect.item, effect.amount
    if kind == "sanction":
        work.mut("sanctions")[rows, a, b, item] = amount
        if item == FINANCIAL:
            rules = compiled(world)
            for r, by, of in zip(rows, a, b, strict=True):
                for asset in _freeze_assets(world, rules, int(by), int(of)):
                    old = work.frozen[r, of, asset]
                    work.mut("frozen")[r, of, asset] = max(old, amount) if amount > 0 else min(old, 0.0)
    elif kind == "deal":
        old = work.deals[rows, a, b, item].copy()
        work.mut("deals")[rows, a, b, item] = amount
        drop = np.maximum(old - amount, 0.0)
        if np.any(drop > 0):
            hit = drop > 0
            _shift_relation(work, rows[hit], a[hit], b[hit],
                            -world.params.deal_break_penalty * drop[hit])
            work.broken.append((rows[hit], item, a[hit], b[hit]))
            if item == OIL_FOR_LOANS and amount <= 0.0:
                _stop_oil_repayments(work, rows[hit], a[hit], b[hit])
    elif kind == "policy":
        work.mut("policies")[rows, a, item] = amount
    elif kind == "change":
        _schedule(work, rows, a, item, amount, effect.delay, effect.turns)
    elif kind == "relation":
        _shift_relation(work, rows, a, b, amount)
    elif kind == "loan":
        _loan(world, compiled(world), work, rows, a, b, amount, effect.extra)
    elif kind == "freeze":
        work.mut("frozen")[rows, a, item] = np.clip(amount, 0.0, 1.0)
    elif kind == "join":
        member = work.blocs[rows, a, item] > 0.5
        work.mut("applications")[rows[~member], a[~member], item] = True
    elif kind == "leave":
        work.mut("blocs")[rows, a, item] = 0.0
    elif kind == "flag":
        work.mut("flags")[rows, item] = amount > 0.5
    elif kind == "measure":
        _add_measure(work, rows, a, b, item, amount)
    elif kind == "price":
        _move_price(work, rows, item, amount)


def _add_measure(work: Work, rows: np.ndarray, by: np.ndarray, on: np.ndarray, item: int,
                 amount: float) -> None:
    """Add `amount` to a trade measure of `by` on `on` (measures stack; kept within range)."""
    if work.measures is None:
        return  # a world without goods: the checker refuses such effects, nothing to change
    ok = by != on
    rows, by, on = rows[ok], by[ok], on[ok]
    group, kind = divmod(item, len(MEASURE_KINDS))
    arr = work.mut("measures")
    add_at(arr, (rows, by, on, np.full(rows.shape, group), np.full(rows.shape, kind)), amount)
    arr[..., kind] = np.clip(arr[..., kind], 0.0, MEASURE_MAX[kind])


def _move_price(work: Work, rows: np.ndarray, group: int, amount: float) -> None:
    """Add `amount` to the price of a product group (1.0 = its price at the start)."""
    if work.goods_price is None:
        return
    arr = work.mut("goods_price")
    arr[rows, group] = np.clip(arr[rows, group] + amount, PRICE_MIN, PRICE_MAX)


def _schedule(work: Work, rows: np.ndarray, a: np.ndarray, col: int, amount: float,
              delay: int, turns: int) -> None:
    """Add `amount` to indicator `col` each turn for `turns` turns after `delay` turns."""
    for k in range(max(turns, 1)):
        due = delay + k  # turns from now; 0 = this turn
        if due == 0:
            add_at(work.add_now, (rows, a, col), amount)
            work.added = True
        elif due - 1 < work.schedule().shape[1]:
            add_at(work.schedule(), (rows, due - 1, a, col), amount)


def _loan(world: World, rules: CompiledRules, work: Work, rows: np.ndarray, lender: np.ndarray,
          borrower: np.ndarray, amount: float, oil: float) -> None:
    """New loan: cash to the borrower in the lender's currency or an unfrozen one, debt, oil
    repayment."""
    ok = lender != borrower
    rows, lender, borrower = rows[ok], lender[ok], borrower[ok]
    add_at(work.mut("loans"), (rows, borrower, lender), amount)
    if oil > 0.0:
        add_at(work.mut("oil_repay"), (rows, borrower, lender), oil)
        _new_oil_loan(work, rows, borrower, lender, amount, oil)
    frozen = implied_frozen_cash(world, work, rows, borrower)
    use = work.ind[rows, borrower][:, [COL["pay_" + c] for c in PAYMENT_SYSTEMS[:3]]]
    assets = credit_currency(rules.lender_asset[lender], frozen, use)
    cols = np.asarray([COL[c] for c in RESERVE_COLS])[assets]
    add_at(work.mut("ind"), (rows, borrower, cols), amount)
    add_at(work.mut("ind"), (rows, borrower, COL["debt"]), amount)


def _stop_oil_repayments(work: Work, rows: np.ndarray, client: np.ndarray,
                         partner: np.ndarray) -> None:
    """An oil-for-loans deal ended: no more barrels go to the lender; the debt stays owed."""
    for who, whom in ((client, partner), (partner, client)):
        work.mut("oil_repay")[rows, who, whom] = 0.0
        work.mut("oil_loans")[rows, who, whom] = 0.0
        work.mut("oil_loan_kbd")[rows, who, whom] = 0.0


def _new_oil_loan(work: Work, rows: np.ndarray, borrower: np.ndarray, lender: np.ndarray,
                  amount: float, oil: float) -> None:
    """Keep a new oil-backed loan apart: the pair's first repaid loan slot, else its last one."""
    owed, kbd = work.mut("oil_loans"), work.mut("oil_loan_kbd")
    for r, i, j in zip(rows.tolist(), borrower.tolist(), lender.tolist(), strict=True):
        free = np.flatnonzero(kbd[r, i, j] <= 0.0)
        slot = int(free[0]) if free.size else kbd.shape[-1] - 1
        owed[r, i, j, slot] += amount
        kbd[r, i, j, slot] += oil


def implied_frozen_cash(world: World, work: Work, rows: np.ndarray,
                        country: np.ndarray) -> np.ndarray:
    """(R, 3) frozen share of each reserve currency of `country` in games `rows`, raised to what
    the financial sanctions in force imply."""
    frozen = work.frozen[rows, country, :3].copy()
    rules = compiled(world)
    fin = work.sanctions[rows, :, :, FINANCIAL]
    for by, of, asset in zip(rules.freeze_by.tolist(), rules.freeze_of.tolist(),
                             rules.freeze_asset.tolist(), strict=True):
        if asset < 3:
            hit = country == of
            frozen[hit, asset] = np.maximum(frozen[hit, asset], fin[hit, by, of])
    return frozen


def apply_move(world: World, work: Work, m: int, actor: int, rows: np.ndarray,
               target: np.ndarray) -> None:
    """Play move m by `actor` on `target` (per row) in games `rows`: effects, or a proposal."""
    rules = compiled(world)
    add_at(work.mut("played"), (rows, actor, m), 1)
    if bool(rules.proposal[m]):
        work.mut("pending")[rows, actor, target, m] = True
        return
    for effect in world.moves[m].effects:
        apply_effect(world, work, effect, rows, actor, target)


def resolve_proposals(world: World, state: State, work: Work, actions: Actions,
                      masks: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Apply accepted proposals pending from last turn; return (accepted, declined) masks.

    With `masks` False the masks are not built (empty arrays are returned): the effects are
    applied all the same.
    """
    pending = state.pending
    if not masks and not _any_pending(pending):
        empty = np.zeros((0,) + pending.shape[1:], dtype=bool)
        return empty, empty
    accept = np.asarray(actions.accept, dtype=bool)
    waiting = _accept(world, work, pending, accept)
    if not masks:
        empty = np.zeros((0,) + pending.shape[1:], dtype=bool)
        return empty, empty
    accepted = pending & np.transpose(accept, (0, 2, 1, 3)) if waiting else (
        np.zeros(pending.shape, dtype=bool))
    return accepted, pending & ~accepted


def _any_pending(pending: np.ndarray) -> bool:
    """True when a proposal (or application) waits in some game."""
    return bool(np.count_nonzero(compact(pending)))


def _accept(world: World, work: Work, pending: np.ndarray, accept: np.ndarray) -> bool:
    """Apply the accepted proposals of a batch; False when no proposal waits in any game.

    In order of (proposer, move), then effect, then game and partner.
    """
    waiting = _waiting(pending)
    groups: dict[tuple[int, int], list[tuple[int, np.ndarray]]] = {}
    for i, j, m in waiting:
        rows = np.flatnonzero(pending[:, i, j, m] & accept[:, j, i, m])
        if rows.size:
            groups.setdefault((i, m), []).append((j, rows))
    for (i, m), hits in sorted(groups.items()):
        rows = np.concatenate([r for _, r in hits])
        tos = np.concatenate([np.full(r.size, j, dtype=np.int64) for j, r in hits])
        order = np.argsort(rows * world.n + tos, kind="stable")  # as np.nonzero orders them
        for effect in world.moves[m].effects:
            apply_effect(world, work, effect, rows[order], i, tos[order])
    return bool(waiting)


def _waiting(pending: np.ndarray) -> list[tuple[int, int, int]]:
    """(from, to, move) triples with a proposal pending in at least one game."""
    if pending.shape[0] == 0:
        return []
    flat = pending.reshape(pending.shape[0], -1)
    cols = np.flatnonzero(flat.any(axis=0))
    return [(int(i), int(j), int(m)) for i, j, m in
            zip(*np.unravel_index(cols, pending.shape[1:]), strict=True)]


def resolve_applications(world: World, state: State, work: Work,
                         actions: Actions) -> tuple[np.ndarray, np.ndarray]:
    """Decide bloc applications from last turn by the members' votes; (admitted, refused)."""
    apps = state.applications
    if not _any_pending(apps):
        none = np.zeros(apps.shape, dtype=apps.dtype)
        return none, none.copy()
    members = state.blocs > 0.5                                   # (B, N, M) [k, bloc]
    votes = np.asarray(actions.votes, dtype=bool)                 # (B, K, I, M)
    n = world.n
    not_self = ~np.eye(n, dtype=bool)[None, :, :, None]           # [k, i]
    voters = members[:, :, None, :] & not_self                    # (B, K, I, M)
    yes = (votes & voters).sum(axis=1)                            # (B, I, M)
    count = voters.sum(axis=1)
    consensus = np.asarray(world.bloc_consensus, dtype=bool)[None, None, :]
    admitted = apps & np.where(consensus, yes == count, 2 * yes > count)
    admitted |= apps & (count == 0)
    work.mut("blocs")[admitted] = 1.0
    return admitted, apps & ~admitted


def stored_index(name: str) -> int:
    """Column of a stored indicator (KeyError when it is derived or unknown)."""
    return STORED.index(name)


__all__ = [
    "CompiledRules", "Work", "apply_effect", "apply_move", "check_actions", "compiled",
    "legal_mask", "legal_moves", "resolve_applications", "resolve_proposals",
    "DEAL_KINDS", "POLICY_KINDS",
]
