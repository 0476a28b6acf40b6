"""One turn of the model: `step(world, state, actions, rng, explain) -> (state, explanation)`."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

from game.core import mechanisms as mech
from game.core.actions import Actions
from game.core.derived import (
    RESERVE_COLUMNS,
    gold_channel,
    home_gold_value,
    reserve_values,
    usable_factor,
    usable_reserves,
)
from game.core.events import apply_events, events_due
from game.core.explain import Explanation, NewsItem
from game.core.objectives import scores
from game.core.params import Params
from game.core.rules import (
    CompiledRules,
    Work,
    apply_move,
    check_actions,
    compiled,
    initial_frozen,
    resolve_applications,
    resolve_proposals,
)
from game.core.state import COL, DERIVED_CACHE, State, compact, widen
from game.core.vocab import (
    DEAL_KINDS,
    PAYMENT_SYSTEMS,
    POLICY_KINDS,
    SANCTION_KINDS,
)
from game.core.world import World

PAY_COLS: tuple[int, ...] = tuple(COL["pay_" + s] for s in PAYMENT_SYSTEMS)
PAY_SLICE = slice(PAY_COLS[0], PAY_COLS[-1] + 1)  # the payment columns are contiguous
RES_COLS: tuple[int, ...] = tuple(COL[c] for c in RESERVE_COLUMNS)
C_GDP, C_GROWTH, C_INFL, C_OIL, C_CAP = (
    COL["gdp"], COL["growth"], COL["inflation"], COL["oil_output"], COL["oil_capacity"])
C_DEBT, C_STAB, C_EMIG, C_POP, C_CAPITAL, C_GOLD_HOME = (
    COL["debt"], COL["stability"], COL["emigrants"], COL["population"], COL["capital"],
    COL["gold_home"])
S_FIN, S_GOLD = SANCTION_KINDS.index("financial"), SANCTION_KINDS.index("gold")
D_PACT, D_INVEST, D_CREDIT, D_ARMS, D_REFINING, D_LINK = (
    DEAL_KINDS.index(k) for k in ("trade_pact", "oil_investment", "credit_line", "arms_credit",
                                  "gold_refining", "payment_link"))
P_COMPLY, P_AUSTERITY, P_REFORM, P_PRINT, P_MINER, P_REPRESSION, P_DEDOLLARISE = (
    POLICY_KINDS.index(k) for k in ("comply", "austerity", "reform", "print_money",
                                    "buy_miner_gold", "repression", "dedollarise"))
#: The State's fields.
STATE_FIELDS: frozenset[str] = frozenset(f.name for f in fields(State))
#: The arrays the static parts of the relations' target read (each part one of them).
RELATION_INPUTS: tuple[str, ...] = ("blocs", "sanctions", "deals")
SANCTION_LABELS: dict[str, str] = {
    "financial": "financial", "trade": "trade", "oil": "oil", "other": "gold/transport/officials",
}
#: Indicators whose change an Explanation decomposes (besides `relations`, pair level).
EXPLAINED: tuple[str, ...] = (
    "growth", "gdp", "inflation", "reserves", "oil_output", "stability", "emigrants",
)


@dataclass
class Parts:
    """Intermediate results of the mechanisms kept for the explanation."""

    growth: dict[str, np.ndarray] = field(default_factory=dict)
    growth_pairs: dict[str, np.ndarray] = field(default_factory=dict)
    infl: dict[str, np.ndarray] = field(default_factory=dict)
    oil: dict[str, np.ndarray] = field(default_factory=dict)
    stab: dict[str, np.ndarray] = field(default_factory=dict)
    emig: dict[str, np.ndarray] = field(default_factory=dict)
    rel: dict[str, np.ndarray] = field(default_factory=dict)
    res: dict[str, np.ndarray] = field(default_factory=dict)   # asset value deltas (B, N, 5)
    log_infl: np.ndarray = field(default_factory=lambda: np.zeros(0))
    x_gdp: np.ndarray = field(default_factory=lambda: np.zeros(0))
    oil_pairs: np.ndarray = field(default_factory=lambda: np.zeros(0))


def step(world: World, state: State, actions: Actions, rng: np.random.Generator,
         explain: bool = False) -> tuple[State, Explanation | None]:
    """Check the actions, then resolve one turn (pure: the inputs are not changed)."""
    check_actions(world, state, actions)
    return advance(world, state, actions, rng, explain)


def advance(world: World, state: State, actions: Actions, rng: np.random.Generator,
            explain: bool = False, scored: bool = True) -> tuple[State, Explanation | None]:
    """Resolve one turn without checking legality (for already-legal batched actions).

    With `scored=False` the objectives are not scored (the new State keeps the old scores).
    """
    rules = compiled(world)
    b, n = state.batch, world.n
    oil_shock = rng.standard_normal(b)
    gdp_shock = rng.standard_normal((b, n))
    infl_shock = rng.standard_normal((b, n))
    event_draw = rng.random((b, len(world.events)))

    moves = np.asarray(actions.moves)
    fired = events_due(world, state, event_draw)
    if actions.events is not None and mech.anywhere(actions.events):
        fired = fired | np.asarray(actions.events, dtype=bool)  # made to happen this turn
    work = Work.from_state(state, rules.horizon)
    ex = Explanation() if explain else None
    tracker = _Tracker(world, work, state.gold_price) if explain else None

    accepted, declined = resolve_proposals(world, state, work, actions, masks=explain)
    if tracker is not None:
        tracker.note("Deals accepted this turn", mech.EXPLANATIONS["deals"])
    admitted, refused = resolve_applications(world, state, work, actions)
    for i, m, rows, targets in _played(moves):
        apply_move(world, work, m, i, rows, targets)
        if tracker is not None:
            tracker.note(f"Move: {world.moves[m].name} ({world.codes[i]})",
                         world.moves[m].summary or mech.EXPLANATIONS["moves"])
    if tracker is None:
        apply_events(world, work, fired)
    elif fired.any():
        for e in range(fired.shape[1]):
            if fired[:, e].any():
                one = np.zeros_like(fired)
                one[:, e] = fired[:, e]
                apply_events(world, work, one)
                if tracker is not None:
                    tracker.note(f"Event: {world.events[e].title}",
                                 world.events[e].text or mech.EXPLANATIONS["moves"])

    parts = Parts() if explain else None
    new = _mechanisms(world, rules, state, work, oil_shock, gdp_shock, infl_shock, parts, fired)
    # the new State is not yet shared: fill its scores in place (keeps its derived-value cache)
    if scored:
        object.__setattr__(new, "score", scores(world, new))
    if ex is not None and tracker is not None and parts is not None:
        _explain(world, rules, state, work, new, parts, tracker, ex)
        _news(world, state, new, actions, accepted, declined, admitted, refused, fired, work, ex)
    return new, ex


def _played(moves: np.ndarray) -> list[tuple[int, int, np.ndarray, np.ndarray]]:
    """(country, move, games, targets) of every move played this turn, country by country."""
    if moves.shape[0] == 1:  # one game: Python integers, no fancy indexing
        flat = moves.reshape(-1)
        width = moves.shape[2]
        first = np.zeros(1, dtype=np.int64)
        return [(*divmod(k, width), first, np.array([flat.item(k) - 1], dtype=np.int64))
                for k in flat.nonzero()[0].tolist()]
    out = []
    for i, m in np.argwhere(moves.any(axis=0)):
        rows = np.flatnonzero(moves[:, i, m])
        out.append((int(i), int(m), rows, moves[rows, i, m].astype(np.int64) - 1))
    return out


class _Turn:
    """The arrays one turn's mechanisms compute, passed from one mechanism to the next."""

    world: World
    rules: CompiledRules
    p: Params
    state: State
    work: Work
    ind: np.ndarray          # (B, N, I) indicators after this turn's decisions
    gdp: np.ndarray
    pay: np.ndarray          # (B, N, K) payment shares 0..1
    price: np.ndarray        # (B,) this turn's oil price
    eff: np.ndarray          # policy levels in effect
    pol: np.ndarray          # policy strength
    live_pol: frozenset[int]  # policy kinds in effect in some game (all of them when explaining)
    explain: bool            # the turn is explained (every cause is worked out)
    bite: np.ndarray
    by: np.ndarray           # (P,) sanctioner of each pair with a sanction in force or biting
    on: np.ndarray           # (P,) its target
    comply: np.ndarray       # (B, N, P) third countries' compliance with each pair's sanctions
    e_bite: mech.Bites       # effective bite per sanction kind, (B, N, N) [by, on]
    export_share: np.ndarray
    trade_share: np.ndarray
    exports: np.ndarray
    q: np.ndarray
    cap: np.ndarray
    demand: np.ndarray
    oil_share: np.ndarray
    non_oil: np.ndarray      # 1 - oil_share
    size: np.ndarray         # GDP over starting GDP
    spare: np.ndarray        # oil output less home use at the start of the turn (at least 0)
    trade_free: np.ndarray
    unsold0: np.ndarray
    free: np.ndarray
    new_trade: np.ndarray
    new_exports: np.ndarray
    new_cap: np.ndarray
    free_share: np.ndarray
    new_q: np.ndarray
    rev_new: np.ndarray
    pledged: np.ndarray        # (B, N, 1) barrels a day owed to lenders this turn
    pledged_before: np.ndarray  # (B, N) the same at the start of the turn
    bal_new: np.ndarray
    bal_old: np.ndarray
    repaid: np.ndarray
    loans: np.ndarray
    oil_repay: np.ndarray
    debt: np.ndarray
    credit: np.ndarray
    lending: bool
    channel: np.ndarray
    gold_price: np.ndarray
    oil_norm: np.ndarray
    cash: np.ndarray
    frozen: np.ndarray
    d_income: np.ndarray
    d_credit: np.ndarray
    tonnes: np.ndarray
    miner: np.ndarray
    new_ind: np.ndarray
    shortage: np.ndarray
    factor: np.ndarray       # usable dollars per unit of each reserve asset (B, N, 5)
    terms: dict[str, np.ndarray]
    pushes: dict[str, np.ndarray]
    log_infl: np.ndarray
    shock: np.ndarray
    new_growth: np.ndarray
    x: np.ndarray
    new_gdp: np.ndarray
    pressure: dict[str, np.ndarray]
    inertia: np.ndarray
    infl_shock: np.ndarray
    new_log_infl: np.ndarray
    new_infl: np.ndarray
    repression: np.ndarray
    rel_parts: dict[str, np.ndarray]
    new_rel: np.ndarray
    new_pay: np.ndarray
    population: np.ndarray
    leaving: np.ndarray
    stab: np.ndarray
    stab_norm: np.ndarray
    stab_parts: dict[str, np.ndarray]
    new_stab: np.ndarray
    keep: dict[str, Any]     # values the next turn may reuse (kept in the new State's cache)
    before: dict[str, Any] | None  # what the turn that made the state kept (its cache)

    def __init__(self, world: World, rules: CompiledRules, state: State, work: Work,
                 explain: bool = False) -> None:
        """Start from the decided state (`explain`: work out every cause for an explanation)."""
        self.explain = explain
        self.world, self.rules, self.p, self.state, self.work = (
            world, rules, world.params, state, work)
        self.before = state.__dict__.get(DERIVED_CACHE)
        self.ind = work.ind
        self.gdp = np.maximum(work.ind[:, :, C_GDP], 1e-9)
        self.pay = work.ind[:, :, PAY_SLICE] / 100.0
        self.keep = {}


def _mechanisms(world: World, rules: CompiledRules, state: State, work: Work,
                oil_shock: np.ndarray, gdp_shock: np.ndarray, infl_shock: np.ndarray,
                parts: Parts | None, fired: np.ndarray) -> State:
    """Apply every mechanism to the decided state; return the next State (without scores)."""
    batch = state.batch
    if batch > 1 and parts is None:
        state, work = _compact(state, work)
    t = _Turn(world, rules, state, work, explain=parts is not None)
    _sanctions(t, oil_shock)
    _trade(t)
    _oil(t)
    _loans(t)
    _reserves(t, parts is not None)
    _growth(t, gdp_shock)
    _inflation(t, infl_shock)
    _relations(t)
    _payments(t)
    _society(t)
    schedule_zero = _new_indicators(t, parts)
    if parts is not None:
        _keep_parts(t, parts)
    return _next_state(t, fired, schedule_zero, batch)


#: Arrays that only decisions and events change (and those computed from them alone): while
#: they are the same in every game (shared, see `State.repeat`), a turn works on one copy.
SLOW_FIELDS: tuple[str, ...] = (
    "relations", "anchor", "sanctions", "bite", "deals", "policies", "policy_eff", "frozen",
    "blocs", "pending", "applications", "flags", "fired", "played", "gold_price", "trade_free",
    "stability_norm", "oil_unsold0",
)


def _compact(state: State, work: Work) -> tuple[State, Work]:
    """The state and work with their shared slow arrays in compact form (one game, for reading).

    An array this turn's decisions wrote is compacted too when they wrote the same in every game.
    """
    slim = {name: compact(value) for name in SLOW_FIELDS
            if isinstance(value := getattr(state, name), np.ndarray)}
    for name in SLOW_FIELDS:
        if name in work.__dataclass_fields__:
            value = getattr(work, name)
            if name in work.owned and _same_in_every_game(value):
                value = value[:1]
            setattr(work, name, compact(value))
    return state.evolve(**slim), work


def _same_in_every_game(value: np.ndarray) -> bool:
    """True when every game holds the same values (the last game is compared first: cheap)."""
    if value.shape[0] < 2:
        return True
    if not bool(np.array_equal(value[0], value[-1])):
        return False
    return bool((value == value[:1]).all())


@dataclass(frozen=True)
class _DealParts:
    """What the mechanisms read from the deals in force (reused while the deals stay put)."""

    pact: np.ndarray       # trade pacts, either way
    invest: np.ndarray     # oil investment deals per country
    invest_any: bool
    credit: np.ndarray     # credit lines this turn ($bn)
    arms: np.ndarray       # arms on credit this turn ($bn)
    lending: bool
    arms_any: bool
    refining: np.ndarray
    refining_any: bool
    link: np.ndarray       # payment links, either way
    link_any: bool


def _deal_parts(t: _Turn) -> _DealParts:
    """The deal-derived arrays of this turn: the previous turn's when the deals did not change."""
    parts: _DealParts | None = t.keep.get("@deal_parts")
    if parts is not None:
        return parts
    parts = _kept(t, "@deal_parts", ("deals",))
    if parts is None:
        p, deals = t.p, t.work.deals
        kinds = np.logical_or.reduce(deals.reshape(-1, deals.shape[-1]), axis=0).tolist()
        pact = deals[..., D_PACT]
        if kinds[D_PACT]:
            pact = np.minimum(1.0, pact + pact.swapaxes(1, 2))
        credit = p.credit_line_bn * deals[..., D_CREDIT]
        arms = p.arms_credit_bn * deals[..., D_ARMS]
        link = deals[..., D_LINK]
        if kinds[D_LINK]:
            link = np.minimum(1.0, link + link.swapaxes(1, 2))
        parts = _DealParts(pact, mech.lastsum(deals[..., D_INVEST]), kinds[D_INVEST], credit,
                           arms, kinds[D_CREDIT], kinds[D_ARMS], deals[..., D_REFINING],
                           kinds[D_REFINING], link, kinds[D_LINK])
    t.keep["@deal_parts"] = parts
    return parts


@dataclass(frozen=True)
class StepConsts:
    """Per-World index arrays the mechanisms use every turn (built once, see `_consts`)."""

    issuers: tuple[tuple[int, int], ...]   # (payment system, country issuing it)
    has_issuer: np.ndarray                 # (1, 1, N) bool: country j issues a payment system
    issuer_system: np.ndarray              # (N,) that system (0 where none)
    gdp0: np.ndarray                       # (1, N) starting GDP (at least 1e-9)
    gdp0_eps: np.ndarray                   # (1, N) starting GDP (at least mech.EPS)
    need: np.ndarray                       # (1, N) reserves needed per $bn of GDP
    #: (payment systems, cash assets) 1.0 for the reserve currency payments in a system arrive
    #: in: mir and barter payments come in as dollars
    cash_of_system: np.ndarray
    risk_systems: np.ndarray               # the systems in `issuers`
    risk_issuers: np.ndarray               # their issuers


def _consts(world: World) -> StepConsts:
    """The StepConsts of `world` (built by `game.core.compiled.compile_world`)."""
    return world.parts().consts


def build_consts(world: World, rules: CompiledRules) -> StepConsts:
    """Build the per-World index arrays the mechanisms use."""
    issuers = tuple((k, int(j)) for k, j in enumerate(rules.issuer_of.tolist()) if j >= 0)
    gdp0 = np.maximum(world.gdp0, 1e-9)[None]
    return StepConsts(
        issuers=issuers,
        risk_systems=np.array([k for k, _ in issuers], dtype=np.int64),
        risk_issuers=np.array([j for _, j in issuers], dtype=np.int64),
        has_issuer=rules.issued[None, None, :] >= 0,
        issuer_system=np.maximum(rules.issued, 0),
        gdp0=gdp0,
        gdp0_eps=_floored_gdp0(world.gdp0, gdp0),
        need=mech.reserves_needed(rules.issuer, world.params),
        cash_of_system=np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0],
                                 [1.0, 0.0, 0.0], [1.0, 0.0, 0.0]]),
    )


def _floored_gdp0(gdp0: np.ndarray, at_least_1e9: np.ndarray) -> np.ndarray:
    """(1, N) starting GDP at least mech.EPS: the very array `at_least_1e9` when equal to it.

    (The reserves then reuse the trade's GDP ratio: the same division of the same values.)
    """
    floored = np.maximum(gdp0, mech.EPS)[None]
    return at_least_1e9 if floored.tobytes() == at_least_1e9.tobytes() else floored


def _sanctions(t: _Turn, oil_shock: np.ndarray) -> None:
    """Oil price, policies in effect, sanction bite and third countries' compliance."""
    p, work = t.p, t.work
    t.price = mech.oil_price_walk(t.state.oil_price, oil_shock, p)
    t.eff = mech.policy_inertia(work.policies, t.state.policy_eff, p)
    t.pol = mech.policy_strength(t.eff, p)
    t.live_pol = (frozenset(range(t.pol.shape[-1])) if t.explain else frozenset(
        np.logical_or.reduce(t.pol.reshape(-1, t.pol.shape[-1]), axis=0).nonzero()[0].tolist()))
    layout = _pair_layout(t)
    t.by, t.on = layout.by, layout.on
    big = t.state.bite.size >= mech.SMALL
    t.bite = mech.sanction_bite(work.sanctions, t.state.bite, p,
                                np.unique(t.by) if big else None)
    t.comply = mech.pair_compliance(work.sanctions, work.relations, t.pay, t.rules.issued,
                                    _policy(t, P_COMPLY), p, t.by, t.on, layout)
    t.e_bite = mech.effective_bite(t.bite, t.comply, t.by, t.on, layout)


def _policy(t: _Turn, kind: int) -> np.ndarray | None:
    """Strength of policy `kind` in every game, or None when no game has it in effect."""
    return t.pol[:, :, kind] if kind in t.live_pol else None


def _pair_layout_kept(t: _Turn) -> mech.PairLayout:
    """This turn's sanction-pair layout (made by `_pair_layout`)."""
    layout: mech.PairLayout = t.keep["@pairs"][1]
    return layout


def _pair_layout(t: _Turn) -> mech.PairLayout:
    """The layout of this turn's sanction pairs: last turn's when the same pairs are in use."""
    use = mech.sanction_use(t.work.sanctions, t.state.bite)
    kept = None if t.before is None else t.before.get("@pairs")
    key = use.tobytes()
    if kept is not None and kept[0] == key:
        layout: mech.PairLayout = kept[1]
    else:
        on, by = np.logical_or.reduce(use, axis=2).T.nonzero()
        layout = mech.pair_layout(by, on, t.rules.issued, t.world.n, t.p, use)
    t.keep["@pairs"] = (key, layout)
    return layout


def _trade(t: _Turn) -> None:
    """Trade moves toward its gravity level, cut by sanctions and partly redirected."""
    p, work, state, ind = t.p, t.work, t.state, t.ind
    trade = state.trade
    kept = None if t.before is None else t.before.get("@exports")
    if kept is not None and kept[0] is trade:  # the previous turn summed this very array
        t.exports = kept[1]
        exports = t.exports[..., None]
    else:
        exports = mech.lastsum(trade, keepdims=True)
        t.exports = exports[..., 0]
    t.export_share, t.trade_share = mech.trade_shares(trade, exports)
    t.q, t.cap = ind[:, :, C_OIL], ind[:, :, C_CAP]
    t.demand = mech.oil_demand(t.q, t.gdp, p)
    t.spare = np.maximum(t.q - t.demand, 0.0)  # oil left for export at the start of the turn
    oil_value = p.kbd_to_bn * t.spare * state.oil_price[:, None]
    t.oil_share = np.minimum(oil_value / np.maximum(t.exports, 1e-9), 1.0)
    t.non_oil = 1 - t.oil_share
    barrier = mech.sanction_barrier(t.e_bite, t.oil_share, p)
    pact = _deal_parts(t).pact
    t.trade_free, t.unsold0 = _baselines(t.world, t.rules, state)
    pacted = _kept(t, "@pacted", ("deals",))  # the baseline never changes, pacts seldom
    if pacted is None:
        pacted = mech.pact_baseline(t.trade_free, pact, p)
    t.keep["@pacted"] = pacted
    # t.gdp is at least 1e-9: np.maximum(t.gdp, EPS) is t.gdp itself
    t.size = size = t.gdp / _consts(t.world).gdp0_eps
    t.free = mech.gravity_trade(t.trade_free, t.gdp, t.world.gdp0, work.relations, pact, p,
                                pacted, size)
    through = t.free * barrier
    target = through + mech.redirection(t.free, barrier, t.e_bite, p, through)
    t.new_trade = mech.relax(trade, target, p.tau_trade)
    t.new_trade *= t.rules.off
    t.new_exports = mech.lastsum(t.new_trade)
    t.keep["@exports"] = (t.new_trade, t.new_exports)  # the next turn's state.trade, summed


def _oil(t: _Turn) -> None:
    """Oil capacity, output and revenue."""
    p, state = t.p, t.state
    cap, q = t.cap, t.q
    fin_bite = mech.lastmax(t.e_bite[S_FIN].swapaxes(1, 2))
    invest = _deal_parts(t).invest
    t.new_cap = mech.oil_capacity(cap, fin_bite, invest, p, _deal_parts(t).invest_any)
    t.free_share = t.free / np.maximum(mech.lastsum(t.free, keepdims=True), 1e-12)
    unsold, discounted = mech.oil_sales(t.free_share, t.e_bite, p)
    t.new_q = np.maximum(mech.relax(q, np.minimum(cap, cap * (1.0 - unsold + t.unsold0)),
                                    p.tau_oil), 0.0)
    t.pledged = mech.lastsum(t.work.oil_repay, keepdims=True)   # barrels owed to lenders
    t.pledged_before = (t.pledged[..., 0] if t.work.oil_repay is state.oil_repay
                        else mech.lastsum(state.oil_repay))
    discount = p.oil_discount * discounted
    t.rev_new, t.repaid, t.bal_new = mech.oil_revenue(t.new_q, t.demand, t.work.oil_repay,
                                                      t.price, discounted, p, t.pledged[..., 0],
                                                      discount=discount)
    _, _, t.bal_old = mech.oil_revenue(q, t.demand, state.oil_repay, state.oil_price,
                                       discounted, p, t.pledged_before, t.spare, discount)


def _loans(t: _Turn) -> None:
    """Loans repaid in oil, credit lines and arms on credit."""
    p, dt, work = t.p, t.rules.dt, t.work
    loans, oil_repay = work.loans, work.oil_repay
    debt = t.ind[:, :, C_DEBT]
    if mech.anywhere(oil_repay):
        pledged = t.pledged
        ship = oil_repay * np.where(pledged > 1e-9,
                                    t.repaid[:, :, None] / np.maximum(pledged, 1e-9), 0.0)
        paid = np.minimum(p.kbd_to_bn * dt * ship * t.price[:, None, None], loans)
        loans = loans - paid
        done = loans <= 1e-9
        loans[done] = 0.0
        oil_repay = np.where(done, 0.0, oil_repay)
        debt = debt - mech.lastsum(paid)
    deal = _deal_parts(t)
    credit, arms = deal.credit, deal.arms
    t.lending = deal.lending
    if t.lending or deal.arms_any:
        loans = loans + credit + arms
        debt = debt + mech.lastsum(credit + arms)
    t.loans, t.oil_repay, t.debt, t.credit = loans, oil_repay, debt, credit


def _reserves(t: _Turn, explain: bool) -> None:
    """Reserves: income saved or spent, gold sold through partners, miners' gold, credit."""
    p, dt, work, state, ind, pay = t.p, t.rules.dt, t.work, t.state, t.ind, t.pay
    world = t.world
    channel = _kept(t, "@gold_channel", ("deals", "sanctions"))
    t.channel = gold_channel(work.deals, work.sanctions) if channel is None else channel
    t.keep["@gold_channel"] = t.channel
    price = state.gold_price  # the model's price, the same in every game
    t.gold_price = (price if price is not None and price.shape[0] == 1
                    else np.full(1, p.gold_price))
    t.oil_norm = mech.normal_revenue(t.cap, t.demand, t.pledged_before, p)
    consts = _consts(world)
    x0 = t.rules.exports0[None] * (t.size if consts.gdp0_eps is consts.gdp0
                                   else t.gdp / consts.gdp0)
    flow = (p.reserve_save * dt) * ((t.rev_new - t.oil_norm)
                                    + (t.new_exports - x0) * t.non_oil)
    # inflows go to unfrozen currencies by payment use; outflows spend unfrozen cash
    t.cash = cash = ind[:, :, RES_COLS[0]:RES_COLS[2] + 1]
    kept = _kept_freezes(t)  # last turn's freezes still hold
    if kept is None:
        frozen = _implied_freezes(world, work)
        unfrozen = 1.0 - frozen
        free_cash = unfrozen[:, :, :3]
        kept = (frozen, free_cash, free_cash + 1e-9, unfrozen)
    else:
        kept = (work.frozen,) + kept[1:]
    t.keep["@frozen"] = kept
    t.frozen = frozen = kept[0]
    free_cash = kept[1]
    inflow = np.matmul(pay, _consts(world).cash_of_system)
    inflow += 1e-3
    inflow *= kept[2]
    inflow /= mech.lastsum(inflow, keepdims=True)
    held = cash * free_cash
    held /= np.maximum(mech.lastsum(held, keepdims=True), 1e-12)
    t.d_income = np.where(flow[:, :, None] >= 0, inflow, held) * flow[:, :, None]
    d_cash = t.d_income.copy()
    gold_home = ind[:, :, C_GOLD_HOME]
    refining = _deal_parts(t).refining
    if not _deal_parts(t).refining_any:
        t.tonnes = np.zeros(gold_home.shape)
    else:
        gold_lvl = work.sanctions[..., S_GOLD]
        layout = _pair_layout_kept(t)
        at = (None if layout.kind_at is None or gold_lvl.shape[0] > 1  # see effective_bite
              else layout.kind_at[:, S_GOLD:S_GOLD + 1])
        pair_gold = (gold_lvl[:, t.by, t.on, None] if at is None
                     else mech.PairLayout.pick(work.sanctions, at))
        spread = mech.spread_over_pairs(t.comply, pair_gold, t.on, t.world.n, layout.at_target)
        gold_block = np.maximum(gold_lvl, spread[..., 0])
        t.tonnes = mech.gold_sales(gold_home, refining, gold_block.swapaxes(1, 2),
                                   work.relations, p)
        d_cash[:, :, 1] += t.tonnes * (t.gold_price[:, None] * (1.0 - p.gold_haircut))
    miner = _policy(t, P_MINER)
    t.miner = np.zeros(1) if miner is None else p.miner_gold_tonnes * miner
    t.d_credit = np.zeros(cash.shape) if t.lending or explain else cash
    if t.lending:
        for k in range(3):
            t.d_credit[:, :, k] = mech.lastsum(t.credit[:, :, t.rules.lender_asset == k])
        d_cash += t.d_credit
    new_ind = ind.copy()
    new_ind[:, :, RES_COLS[0]:RES_COLS[2] + 1] = np.maximum(cash + d_cash, 0.0)
    new_ind[:, :, C_GOLD_HOME] = np.maximum(gold_home - t.tonnes + t.miner, 0.0)
    t.new_ind = new_ind
    factor = _kept(t, "@usable_factor", ("deals", "sanctions", "frozen"))
    if factor is None:
        factor = usable_factor(p, t.channel, frozen, t.gold_price, kept[3])
    t.keep["@usable_factor"] = t.factor = factor
    usable = usable_reserves(new_ind, frozen, p, t.channel, t.gold_price, factor)
    t.shortage = mech.dollar_shortage(usable, t.gdp, t.rules.issuer, p, _consts(world).need)


def _growth(t: _Turn, gdp_shock: np.ndarray) -> None:
    """Growth: momentum, pushes by cause, sanctions' drag, luck; then GDP."""
    p, dt, gdp = t.p, t.rules.dt, t.gdp
    ind = t.ind
    growth = ind[:, :, C_GROWTH]
    consts = _consts(t.world)
    pay_weight = np.where(consts.has_issuer, t.pay.take(consts.issuer_system, axis=2),
                          t.trade_share)
    t.terms = mech.growth_target_terms(t.e_bite, pay_weight, t.export_share, t.trade_share,
                                       t.oil_share, p)
    sanction_loss = mech.lastsum(mech.total(t.terms)) if t.terms else 0.0
    t.log_infl = log_infl = np.log1p(np.maximum(ind[:, :, C_INFL], -99.0) / 100.0)
    rho = p.growth_persistence
    per_gdp = (100.0 / dt) / gdp  # $bn a year as % of GDP a turn
    t.pushes = pushes = {
        "Exports": p.alpha_exports * (t.new_exports - t.exports) * t.non_oil * per_gdp,
        "Oil revenue": p.alpha_revenue * (t.bal_new - t.bal_old) * per_gdp,
        "Inflation": -p.phi_inflation * np.maximum(0.0, log_infl - mech.log_constants(p).crisis),
        "Dollar shortage": -p.phi_shortage * t.shortage,
    }
    for name, weight, kind in (("Austerity", -p.austerity_growth, P_AUSTERITY),
                               ("Reform", p.reform_growth, P_REFORM)):
        level = _policy(t, kind)
        if level is not None:
            pushes[name] = weight * level
    push_total = mech.total(pushes) - sanction_loss
    t.shock = p.growth_sigma * gdp_shock
    t.new_growth = rho * growth + (1 - rho) * (p.growth_trend + push_total) + t.shock
    t.x = t.new_growth * (dt / 100.0)
    t.new_gdp = gdp * np.exp(t.x)


def _inflation(t: _Turn, infl_shock: np.ndarray) -> None:
    """Inflation in log space: inertia, printing, lost oil income, dollar shortage, luck."""
    p, gdp = t.p, t.gdp
    log_infl = t.log_infl
    t.pressure = mech.inflation_pressure(
        _policy(t, P_PRINT), _policy(t, P_MINER),
        np.maximum(0.0, t.oil_norm - t.rev_new) / gdp * (p.deficit_printed
                                                         + (1 - p.deficit_printed) * t.shortage),
        t.shortage, _policy(t, P_AUSTERITY), p)
    rho_i = p.inflation_persistence
    logs = mech.log_constants(p)
    t.inertia = (rho_i - 1.0) * log_infl + (1.0 - rho_i) * logs.anchor
    t.infl_shock = p.inflation_sigma * (1.0 + log_infl) * infl_shock
    new_log_infl = log_infl + t.inertia + mech.total(t.pressure) + t.infl_shock
    t.new_log_infl = mech.clip(new_log_infl, logs.floor, logs.ceiling)
    t.new_infl = np.expm1(t.new_log_infl) * 100.0


def _relations(t: _Turn) -> None:
    """Relations drift toward anchor, blocs, friends of friends; sanctions and deals move them."""
    p, work = t.p, t.work
    t.repression = t.pol[:, :, P_REPRESSION]
    repression = _policy(t, P_REPRESSION)  # None: no repression anywhere
    static = _kept(t, "@relation_static", RELATION_INPUTS)
    if static is None:  # the parts of arrays no decision wrote are reused
        before = None if t.before is None else t.before.get("@relation_static")
        same = {} if before is None else {
            name: before[name] for name in RELATION_INPUTS
            if getattr(t.work, name) is getattr(t.state, name)}
        static = mech.relation_static(work.blocs, work.sanctions, work.deals, p, same)
        static["fixed"] = static["blocs"] + static["sanctions"] + static["deals"]
    t.keep["@relation_static"] = static
    t.rel_parts = parts = mech.relation_target(work.anchor, work.relations, work.blocs,
                                               work.sanctions, work.deals, repression, p,
                                               static, t.rules.off)
    rel_target = work.anchor + static["fixed"] + parts["friends"]
    if repression is not None and mech.anywhere(repression):
        rel_target = rel_target + parts["repression"]
    drift = (rel_target - work.relations) / max(p.tau_relations, 1.0)
    drift *= t.rules.off  # a country's relation with itself stays as it is
    t.new_rel = mech.clip(work.relations + drift, -100, 100)


def _payments(t: _Turn) -> None:
    """Payment shares move to partners' systems and links, away from sanction risk."""
    p, rules, pay = t.p, t.rules, t.pay
    link = _deal_parts(t).link
    if _deal_parts(t).link_any:
        # the smaller partner adopts the bigger one's system more
        weight = t.gdp[:, None, :] / (t.gdp[:, :, None] + t.gdp[:, None, :])
        links: np.ndarray | None = np.matmul(link * weight, rules.link_system)
    else:
        links = None  # no payment link anywhere
    risk = None  # no financial bite anywhere
    consts = _consts(t.world)
    if not t.e_bite.dead(S_FIN) and consts.issuers:
        # the risk of system k is the financial bite of its issuer j on each country
        risk = np.zeros(pay.shape)
        risk[:, :, consts.risk_systems] = t.e_bite[S_FIN].take(consts.risk_issuers,
                                                               axis=1).swapaxes(1, 2)
    pay_target = mech.payment_target(pay, t.trade_share, links, risk,
                                     _policy(t, P_DEDOLLARISE), p)
    t.new_pay = mech.relax(pay, pay_target, p.tau_payments)


def _society(t: _Turn) -> None:
    """Emigration and domestic stability."""
    p, ind, state = t.p, t.ind, t.state
    t.population = population = ind[:, :, C_POP]
    t.leaving = mech.emigration(t.new_gdp, population, t.new_log_infl, t.new_growth,
                                _policy(t, P_REPRESSION), t.rules.dt, p)
    emig_pct = t.leaving / np.maximum(population, 1e-9) * (100.0 / t.rules.dt)
    t.stab = ind[:, :, C_STAB]
    t.stab_norm = (state.ind[:, :, C_STAB].copy() if state.stability_norm is None
                   else state.stability_norm)
    t.stab_parts = mech.stability_target(t.stab_norm, t.new_growth, t.new_log_infl, emig_pct,
                                         _policy(t, P_REPRESSION), _policy(t, P_REFORM),
                                         _policy(t, P_AUSTERITY), p)
    t.new_stab = mech.relax(t.stab, mech.total(t.stab_parts), p.tau_stability)


def _new_indicators(t: _Turn, parts: Parts | None) -> bool:
    """Write the new indicators, add scheduled changes and clip; True when none was scheduled."""
    new_ind, ind = t.new_ind, t.ind
    new_ind[:, :, C_GDP] = t.new_gdp
    new_ind[:, :, C_GROWTH] = t.new_growth
    new_ind[:, :, C_INFL] = t.new_infl
    new_ind[:, :, C_OIL] = t.new_q
    new_ind[:, :, C_CAP] = t.new_cap
    new_ind[:, :, C_DEBT] = t.debt
    new_ind[:, :, C_STAB] = t.new_stab
    new_ind[:, :, C_EMIG] = ind[:, :, C_EMIG] + t.leaving
    new_ind[:, :, C_POP] = t.population - t.leaving
    new_ind[:, :, PAY_SLICE] = t.new_pay * 100.0
    new_ind[:, :, C_CAPITAL] = t.rules.capital
    if parts is not None:
        parts.res["_before_adds"] = new_ind.copy()
    source = t.state.scheduled
    schedule_zero = not mech.anywhere(compact(source))
    if t.work.added:
        new_ind += t.work.add_now
    if not schedule_zero:
        new_ind += source[:, 0]
    t.new_ind = _clip(new_ind, t.rules)
    reserves = usable_reserves(t.new_ind, t.frozen, t.p, t.channel, t.gold_price, t.factor)
    reserves.setflags(write=False)
    t.keep["reserves"] = reserves  # the new state's derived indicator (see State.get)
    return schedule_zero


def _keep_parts(t: _Turn, parts: Parts) -> None:
    """Keep the contributions by cause that the explanation reports."""
    p, dt = t.p, t.rules.dt
    rho = p.growth_persistence
    growth = t.ind[:, :, C_GROWTH]
    parts.growth = {k: (1 - rho) * v for k, v in t.pushes.items()}
    parts.growth["Return to trend growth"] = (1 - rho) * (p.growth_trend - growth)
    parts.growth["Random shock"] = t.shock
    parts.growth_pairs = {k: -(1 - rho) * v for k, v in t.terms.items()}
    parts.x_gdp = t.x
    parts.infl = {
        "Inertia": t.inertia, "Money printing": t.pressure["print"],
        "Buying miners' gold": t.pressure["miner_gold"],
        "Lost oil income (printed deficit)": t.pressure["deficit"],
        "Dollar shortage": t.pressure["shortage"], "Austerity": t.pressure["austerity"],
        "Random shock": t.infl_shock,
    }
    parts.log_infl = t.log_infl
    cap, q = t.cap, t.q
    parts.oil = {"Capacity and upkeep": (cap - q) / p.tau_oil}
    parts.oil["Buyers lost before the game began"] = cap * t.unsold0 / p.tau_oil
    parts.oil_pairs = -(cap[:, :, None] * (1 - p.redirect_share) * t.free_share
                        * p.oil_embargo_cut * t.e_bite[2].swapaxes(1, 2)
                        ) / p.tau_oil
    parts.stab = {
        "Return to normal": (t.stab_parts["base"] - t.stab) / p.tau_stability,
        **{mech.STABILITY_LABELS[k]: v / p.tau_stability
           for k, v in t.stab_parts.items() if k != "base"},
    }
    population = t.population
    base = p.emig_rate * population * mech.income_gap(t.new_gdp, population, p) * dt
    infl_part = base * p.emig_inflation * np.maximum(t.new_log_infl - mech.log_constants(p).crisis,
                                                     0.0)
    recession = base * p.emig_recession * np.maximum(-t.new_growth, 0.0) / 10.0
    parts.emig = {"Runaway prices": infl_part, "Recession": recession,
                  "Repression": (infl_part + recession) * p.emig_repression * t.repression}
    parts.rel = {k: (v - (t.work.relations if k == "anchor" else 0.0)) * t.rules.off
                 / p.tau_relations for k, v in t.rel_parts.items()}
    d_gold = np.zeros(t.cash.shape[:2] + (5,))
    per_tonne = home_gold_value(p, t.channel, t.gold_price)
    d_gold[:, :, 3] = -t.tonnes * per_tonne
    d_gold[:, :, 1] = t.tonnes * (t.gold_price[:, None] * (1.0 - p.gold_haircut))
    d_miner = np.zeros_like(d_gold)
    d_miner[:, :, 3] = t.miner * per_tonne
    pad = np.zeros_like(d_gold)
    parts.res.update({"Oil and export income": _pad5(t.d_income, pad),
                      "Gold sold through partners": d_gold, "Buying miners' gold": d_miner,
                      "Credit lines": _pad5(t.d_credit, pad), "_frozen": t.frozen})


def _next_state(t: _Turn, fired: np.ndarray, schedule_zero: bool, batch: int) -> State:
    """Assemble the next State of `batch` games (scores still to be filled)."""
    state, work = t.state, t.work
    new = _widened(
        batch,
        turn=state.turn + 1,
        ind=t.new_ind,
        relations=t.new_rel,
        anchor=work.anchor,
        trade=t.new_trade,
        loans=t.loans,
        oil_repay=t.oil_repay,
        sanctions=work.sanctions,
        bite=t.bite,
        deals=work.deals,
        policies=work.policies,
        policy_eff=t.eff,
        frozen=t.frozen,
        blocs=work.blocs,
        pending=work.pending,
        applications=work.applications,
        scheduled=work.next_schedule(schedule_zero),
        flags=work.flags,
        fired=_fired(state.fired, fired),
        played=work.played,
        oil_price=t.price,
        score=state.score,
        gold_price=t.gold_price,
        trade_free=t.trade_free,
        stability_norm=t.stab_norm,
        oil_unsold0=t.unsold0,
    )
    # the gold channel depends on deals and sanctions only, which the new State shares
    object.__setattr__(new, DERIVED_CACHE, t.keep)
    return new


def _fired(before: np.ndarray, now: np.ndarray) -> np.ndarray:
    """Times each event has fired, counting this turn's (kept compact when all games agree)."""
    if not mech.anywhere(now):
        return before
    if before.shape[0] == 1 and now.shape[0] > 1 and _same_in_every_game(now):
        now = now[:1]
    return np.asarray(before + now.astype(before.dtype))


def _widened(batch: int, **arrays: Any) -> State:
    """A State of `batch` games from arrays some of which hold one game for all (compact)."""
    if batch == 1:
        return _new_state(arrays)
    fields: dict[str, Any] = {name: widen(value, batch) if isinstance(value, np.ndarray)
                              else value for name, value in arrays.items()}
    return State(**fields)


def _kept_freezes(t: _Turn) -> Any:
    """The freezes the previous turn kept, if the financial sanctions and freezes are as then.

    Other kinds of sanctions may have changed: the freezes read financial ones only (compared
    bit for bit with the state's).
    """
    if t.before is None or t.work.frozen is not t.state.frozen:
        return None
    kept = t.before.get("@frozen")
    new, old = t.work.sanctions, t.state.sanctions
    if kept is not None and new is not old and (
            new.shape != old.shape or new[..., S_FIN].tobytes() != old[..., S_FIN].tobytes()):
        return None
    return kept


def _new_state(arrays: dict[str, Any]) -> State:
    """State(**arrays) for a value of every field (a frozen dataclass that only stores them).

    Filled in one step rather than field by field; the plain constructor when State does more
    than store its fields (a __post_init__) or a field is missing.
    """
    if hasattr(State, "__post_init__") or arrays.keys() != STATE_FIELDS:
        return State(**arrays)
    new = object.__new__(State)
    new.__dict__.update(arrays)
    return new


def _kept(t: _Turn, key: str, inputs: tuple[str, ...]) -> Any:
    """A value the previous turn kept under `key`, if this turn's decisions left its inputs alone.

    An input is left alone while the work holds the state's own array (a write replaces it).
    """
    if t.before is None:
        return None
    work, state = t.work, t.state
    for name in inputs:
        if getattr(work, name) is not getattr(state, name):
            return None
    return t.before.get(key)


def prepare_state(world: World, state: State) -> State:
    """Fill a starting state's baselines so that turn 0 already shows consistent values.

    Sets the gold price, the freezes implied by financial sanctions in force, and the
    baselines the first turn would otherwise derive (sanction-free trade, normal stability,
    oil without buyers).  Stepping a prepared state gives the same result as an unprepared one.
    """
    p = world.params
    trade_free, unsold0 = _baselines(world, compiled(world), state)
    return state.evolve(
        frozen=initial_frozen(world, state.sanctions, state.frozen),
        gold_price=(state.gold_price if state.gold_price is not None
                    else np.full(state.batch, p.gold_price)),
        trade_free=trade_free,
        stability_norm=(state.stability_norm if state.stability_norm is not None
                        else state.ind[:, :, COL["stability"]].copy()),
        oil_unsold0=unsold0,
    )


def _baselines(world: World, rules: CompiledRules, state: State
               ) -> tuple[np.ndarray, np.ndarray]:
    """The state's own trade and oil baselines, or those its arrays imply (before any move)."""
    if state.trade_free is not None and state.oil_unsold0 is not None:
        return state.trade_free, state.oil_unsold0
    p, ind = world.params, state.ind
    gdp = np.maximum(ind[:, :, COL["gdp"]], 1e-9)
    q = ind[:, :, COL["oil_output"]]
    exports = mech.lastsum(state.trade)
    demand = mech.oil_demand(q, gdp, p)
    oil_value = p.kbd_to_bn * np.maximum(q - demand, 0.0) * state.oil_price[:, None]
    oil_share = np.minimum(oil_value / np.maximum(exports, 1e-9), 1.0)
    trade_free = (state.trade_free if state.trade_free is not None
                  else _trade_free(world, rules, state, oil_share))
    if state.oil_unsold0 is not None:
        return trade_free, state.oil_unsold0
    e_bite = _state_bite(world, rules, state)
    pact = state.deals[..., DEAL_KINDS.index("trade_pact")]
    pact = np.minimum(1.0, pact + pact.swapaxes(1, 2))
    free = mech.gravity_trade(trade_free, gdp, world.gdp0, state.relations, pact, p)
    free_share = free / np.maximum(mech.lastsum(free, keepdims=True), 1e-12)
    return trade_free, mech.oil_sales(free_share, e_bite, p)[0]


def _state_bite(world: World, rules: CompiledRules, state: State) -> mech.Bites:
    """Effective bite per sanction kind of a state as it stands (its own bite, no new turn)."""
    p = world.params
    pay = state.ind[:, :, PAY_SLICE] / 100.0
    pol = mech.policy_strength(state.policy_eff, p)
    by, on = mech.sanction_pairs(state.sanctions, state.bite)
    comply = mech.pair_compliance(state.sanctions, state.relations, pay, rules.issued,
                                  pol[:, :, P_COMPLY], p, by, on)
    return mech.effective_bite(state.bite, comply, by, on)


def _trade_free(world: World, rules: CompiledRules, state: State,
                oil_share: np.ndarray) -> np.ndarray:
    """Gravity baseline from a state's trade: what it would be with no sanctions or hostility."""
    p = world.params
    e_bite = _state_bite(world, rules, state)
    pact = state.deals[..., DEAL_KINDS.index("trade_pact")]
    pact = np.minimum(1.0, pact + pact.swapaxes(1, 2))
    gdp = np.maximum(state.ind[:, :, COL["gdp"]], 1e-9)
    size = mech.gravity_trade(np.ones((world.n, world.n)), gdp, world.gdp0, state.relations,
                              pact, p)
    barrier = mech.sanction_barrier(e_bite, oil_share, p)
    trade = state.trade * rules.off
    cap = p.trade_free_max * trade
    # first guess, then take out what sanctions already redirected to this partner
    guess = np.minimum(trade / np.maximum(size * barrier, 1e-9), cap)
    redirected = mech.redirection(guess, barrier, e_bite, p)
    own = np.maximum(trade - redirected, 0.25 * trade)
    return np.asarray(np.minimum(own / np.maximum(size * barrier, 1e-9), cap))


def _implied_freezes(world: World, work: Work) -> np.ndarray:
    """Frozen shares: explicit freezes, raised to what financial sanctions in force imply."""
    frozen = work.frozen
    if frozen.shape[0] < work.sanctions.shape[0]:
        frozen = widen(frozen, work.sanctions.shape[0])
    return initial_frozen(world, work.sanctions, frozen)


def _pad5(cash: np.ndarray, pad: np.ndarray) -> np.ndarray:
    """(B, N, 3) cash changes as (B, N, 5) reserve-asset changes."""
    out = pad.copy()
    out[:, :, :3] = cash
    return out


def _clip(ind: np.ndarray, rules: CompiledRules) -> np.ndarray:
    """Keep every stored indicator within its range; payment shares add up to 100."""
    if ind.size < mech.SMALL:
        out = np.fmin(np.fmax(ind, rules.low), rules.high)  # fmax turns a NaN into the low bound
    else:  # numpy's clip is much faster on big arrays; it keeps a NaN, replaced here
        out = mech.C_CLIP(ind, rules.low, rules.high)
        if np.isnan(np.add.reduce(out, axis=None)):  # finite unless some value is NaN
            bad = np.isnan(out)
            out[bad] = np.broadcast_to(rules.low, out.shape)[bad]
    shares = out[:, :, PAY_SLICE]
    total = mech.lastsum(shares, keepdims=True)
    if float(np.minimum.reduce(total, axis=None)) <= 1e-9:
        shares[:, :, 0] = np.where(total[:, :, 0] <= 1e-9, 100.0, shares[:, :, 0])
        total = mech.lastsum(shares, keepdims=True)
    np.divide(shares, total * 0.01, out=shares)
    return np.asarray(out)


class _Tracker:
    """Records how each decision (move, deal, event) changed the arrays, for the explanation."""

    def __init__(self, world: World, work: Work, gold_price: np.ndarray | None) -> None:
        """Start from the state before any decision."""
        self.world, self.work, self.gold_price = world, work, gold_price
        self.snap = self._snapshot()
        self.steps: list[tuple[str, str, dict[str, np.ndarray]]] = []

    def _snapshot(self) -> dict[str, np.ndarray]:
        """Copies of what decisions change directly."""
        w = self.work
        return {"ind": w.ind.copy(), "add": w.add_now.copy(), "rel": w.relations.copy(),
                "usable": usable_reserves(w.ind, w.frozen, self.world.params,
                                          gold_channel(w.deals, w.sanctions), self.gold_price)}

    def note(self, label: str, why: str) -> None:
        """Attribute the change since the last note to `label`."""
        now = self._snapshot()
        diff = {k: now[k] - self.snap[k] for k in now}
        self.snap = now
        if any(np.any(v != 0) for v in diff.values()):
            self.steps.append((label, why, diff))


def _explain(world: World, rules: CompiledRules, state: State, work: Work, new: State,
             parts: Parts, tracker: _Tracker, ex: Explanation) -> None:
    """Fill `ex.changes`: contributions by cause adding up to each indicator's change."""
    p = world.params
    names = world.names
    e = mech.EXPLANATIONS
    before = parts.res["_before_adds"]
    adds_earlier = state.scheduled[:, 0]
    col = {name: COL[name] for name in ("growth", "gdp", "inflation", "oil_output", "stability",
                                        "emigrants")}

    def direct(name: str) -> None:
        """Contributions of this turn's decisions and earlier scheduled changes."""
        c = col[name]
        for label, why, diff in tracker.steps:
            v = diff["ind"][:, :, c] + diff["add"][:, :, c]
            if np.any(v != 0):
                ex.add(name, label, v, why)
        if np.any(adds_earlier[:, :, c] != 0):
            ex.add(name, "Earlier moves and events", adds_earlier[:, :, c], e["moves"])

    def limits(name: str, change: np.ndarray) -> None:
        """The rest of the change: values kept within range (and rounding)."""
        ex.add(name, "Limits", change - ex.total(name), e["limits"])

    # growth
    for label, v in parts.growth.items():
        ex.add("growth", label, v, e["shock"] if label == "Random shock"
               else mech.cause_sentence(label, e["growth"]))
    _pairs(world, ex, "growth", parts.growth_pairs, names)
    direct("growth")
    limits("growth", new.ind[:, :, col["growth"]] - state.ind[:, :, col["growth"]])

    # GDP: growth causes scaled to the level change
    gdp = np.maximum(work.ind[:, :, col["gdp"]], 1e-9)
    x = parts.x_gdp
    factor = np.where(np.abs(x) > 1e-12, np.expm1(x) / np.where(x == 0, 1.0, x), 1.0)
    scale = gdp * factor * rules.dt / 100.0
    ex.add("gdp", "Momentum (last turn's growth)", scale * state.ind[:, :, col["growth"]],
           e["momentum"])
    for label, v in ex.changes["growth"].items():
        if label.startswith(("Move:", "Event:", "Deals", "Earlier", "Limits")):
            continue
        ex.add("gdp", label, scale * v, ex.mechanisms[label])
    direct("gdp")
    limits("gdp", new.ind[:, :, col["gdp"]] - state.ind[:, :, col["gdp"]])

    # inflation: log-space pushes scaled to the change in percent
    li = parts.log_infl
    dl = sum(parts.infl.values())
    f = np.where(np.abs(dl) > 1e-12, np.expm1(dl) / np.where(dl == 0, 1.0, dl), 1.0)
    scale_i = 100.0 * np.exp(li) * f
    for label, v in parts.infl.items():
        ex.add("inflation", label, scale_i * v,
               e["shock"] if label == "Random shock"
               else mech.cause_sentence(label, e["inflation"]))
    direct("inflation")
    limits("inflation", new.ind[:, :, col["inflation"]] - state.ind[:, :, col["inflation"]])

    # oil output
    for label, v in parts.oil.items():
        ex.add("oil_output", label, v, mech.cause_sentence(label, e["oil_output"]))
    for j in range(world.n):
        v = parts.oil_pairs[:, :, j]
        if np.any(v != 0):
            ex.add("oil_output", f"{names[j]} oil sanctions (buyers lost)", v, e["redirection"])
    direct("oil_output")
    limits("oil_output", new.ind[:, :, col["oil_output"]] - state.ind[:, :, col["oil_output"]])

    # stability, emigration
    for label, v in parts.stab.items():
        ex.add("stability", label, v, mech.cause_sentence(label, e["stability"]))
    direct("stability")
    limits("stability", new.ind[:, :, col["stability"]] - state.ind[:, :, col["stability"]])
    for label, v in parts.emig.items():
        ex.add("emigrants", label, v, mech.cause_sentence(label, e["emigration"]))
    direct("emigrants")
    limits("emigrants", new.ind[:, :, col["emigrants"]] - state.ind[:, :, col["emigrants"]])

    # usable reserves
    frozen = parts.res["_frozen"]
    for label, _why, diff in tracker.steps:
        if np.any(diff["usable"] != 0):
            ex.add("reserves", label, diff["usable"], _why)
    for label in ("Oil and export income", "Gold sold through partners", "Buying miners' gold",
                  "Credit lines"):
        v = (parts.res[label] * (1.0 - frozen)).sum(axis=2)
        ex.add("reserves", label, v, e["reserves"] if "Gold" in label else e["deals"])
    channel = gold_channel(work.deals, work.sanctions)
    values_work = reserve_values(work.ind, p, channel, new.gold_price)
    ex.add("reserves", "Freezes", (values_work * (work.frozen - frozen)).sum(axis=2),
           e["freezes"])
    mid = usable_reserves(before, frozen, p, channel, new.gold_price)
    end = usable_reserves(new.ind, new.frozen, p, channel, new.gold_price)
    adds = end - mid
    if np.any(adds != 0):
        ex.add("reserves", "Earlier moves and events", adds, e["moves"])
    start = usable_reserves(state.ind, state.frozen, p, gold_channel(state.deals, state.sanctions),
                            state.gold_price)
    limits("reserves", end - start)

    # relations (pair level)
    for label, why, diff in tracker.steps:
        if np.any(diff["rel"] != 0):
            ex.add("relations", label, diff["rel"], why)
    rel_labels = {"anchor": "Drift toward long-run ties", "blocs": "Shared blocs",
                  "friends": "Friends of friends", "sanctions": "Sanctions between them",
                  "deals": "Deals in force", "repression": "Repression at home"}
    for k, v in parts.rel.items():
        ex.add("relations", rel_labels[k], v, e["relations"])
    ex.add("relations", "Limits",
           new.relations - state.relations - ex.total("relations"), e["limits"])


def _pairs(world: World, ex: Explanation, indicator: str, terms: dict[str, np.ndarray],
           names: tuple[str, ...]) -> None:
    """Growth contributions of each sanctioner's bite, labelled by who sanctions whom."""
    n = world.n
    for kind, arr in terms.items():
        for j in range(n):
            for i in range(n):
                v = arr[:, i, j]
                if i == j or not np.any(v != 0):
                    continue
                out = np.zeros(arr.shape[:2])
                out[:, i] = v
                label = f"{names[j]} {SANCTION_LABELS[kind]} sanctions on {names[i]}"
                if kind == "trade":
                    label = f"Trade sanctions between {names[min(i, j)]} and {names[max(i, j)]}"
                ex.add(indicator, label, out, mech.EXPLANATIONS["sanction_bite"])


def _news(world: World, state: State, new: State, actions: Actions, accepted: np.ndarray,
          declined: np.ndarray, admitted: np.ndarray, refused: np.ndarray, fired: np.ndarray,
          work: Work, ex: Explanation) -> None:
    """News of game 0: events, moves, deals, bloc decisions and notable changes."""
    turn, codes = new.turn, world.codes
    for e in np.flatnonzero(fired[0]):
        ev = world.events[e]
        who = tuple(sorted({codes[x.a] for x in ev.effects if 0 <= x.a < world.n}))
        ex.news.append(NewsItem(turn, "event", ev.title, ev.text, who))
    moves = np.asarray(actions.moves)[0]
    for i, m in np.argwhere(moves > 0):
        t = int(moves[i, m]) - 1
        mv = world.moves[m]
        if mv.kind == "proposal":
            title = f"{world.names[i]} proposes: {mv.name}"
            text = f"{world.names[i]} offers {world.names[t]}: {mv.summary}"
        else:
            title = f"{world.names[i]}: {mv.name}"
            text = mv.summary if t == i else f"{mv.summary} (towards {world.names[t]})"
        ex.news.append(NewsItem(turn, "move", title, text, (codes[i], codes[t])))
    for label, mask in (("accepts", accepted), ("declines", declined)):
        for i, j, m in np.argwhere(mask[0]):
            mv = world.moves[m]
            ex.news.append(NewsItem(turn, "deal", f"{world.names[j]} {label}: {mv.name}",
                                    f"{world.names[j]} {label} the offer from {world.names[i]}.",
                                    (codes[i], codes[j])))
    for rows, item, a, b in work.broken:
        for r, x, y in zip(rows, a, b, strict=True):
            if r == 0:
                ex.news.append(NewsItem(
                    turn, "deal", f"Deal ended: {DEAL_KINDS[item].replace('_', ' ')}",
                    f"The deal between {world.names[x]} and {world.names[y]} was broken off; "
                    f"relations suffer.", (codes[x], codes[y])))
    for label, mask in (("joins", admitted), ("is refused by", refused)):
        for i, k in np.argwhere(mask[0]):
            ex.news.append(NewsItem(turn, "bloc", f"{world.names[i]} {label} {world.bloc_names[k]}",
                                    f"Decision of {world.bloc_names[k]} on the application of "
                                    f"{world.names[i]}.", (codes[i],)))
    old_i, new_i = state.ind[0], new.ind[0]
    c_inf, c_g = COL["inflation"], COL["growth"]
    for i in range(world.n):
        if new_i[i, c_inf] > 2 * max(old_i[i, c_inf], 10.0):
            ex.news.append(NewsItem(turn, "change", f"Prices soar in {world.names[i]}",
                                    f"Inflation reaches {new_i[i, c_inf]:,.0f}% a year.",
                                    (codes[i],)))
        if abs(new_i[i, c_g] - old_i[i, c_g]) > 5:
            ex.news.append(NewsItem(turn, "change", f"Growth swings in {world.names[i]}",
                                    f"Growth moves from {old_i[i, c_g]:.1f}% to "
                                    f"{new_i[i, c_g]:.1f}% a year.", (codes[i],)))


def default_params() -> Params:
    """The model's default parameters (scenarios override some)."""
    return Params()
