"""The mechanisms of one turn as a pipeline of stages, each with explicit inputs and a typed result.

After the decisions (moves, deals, events) the turn runs, in order:

    levers -> trade -> oil -> loans -> reserves -> growth -> inflation -> relations
           -> payments -> society -> new indicators -> next State

Each stage is a function that reads the `Start` of the turn and the results of earlier stages
and returns a small frozen dataclass; nothing is set as a side effect, and no value is carried
from one turn to the next except through the State.  Arrays that are the same in every game of
a batch (shared, see `State.repeat`) are read once, in their one-game form (`compact`), and
broadcast: the same arithmetic as on every game's copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from leverage.core import mechanisms as mech
from leverage.core.derived import (
    RESERVE_COLUMNS,
    gold_market,
    usable_factor,
)
from leverage.core.params import Params
from leverage.core.rules import CompiledRules, Work, initial_frozen
from leverage.core.state import COL, State, compact, loan_slots, widen
from leverage.core.vocab import (
    DEAL_KINDS,
    GOODS,
    MEASURE_KINDS,
    PAYMENT_SYSTEMS,
    POLICY_KINDS,
    SANCTION_KINDS,
)
from leverage.core.world import World

PAY_COLS: tuple[int, ...] = tuple(COL["pay_" + s] for s in PAYMENT_SYSTEMS)
PAY_SLICE = slice(PAY_COLS[0], PAY_COLS[-1] + 1)  # the payment columns are contiguous
RES_COLS: tuple[int, ...] = tuple(COL[c] for c in RESERVE_COLUMNS)
CASH = slice(RES_COLS[0], RES_COLS[2] + 1)         # usd, eur and cny reserves
RESERVES = slice(RES_COLS[0], RES_COLS[-1] + 1)    # every reserve asset (contiguous)
C_GDP, C_GROWTH, C_INFL, C_OIL, C_CAP = (
    COL["gdp"], COL["growth"], COL["inflation"], COL["oil_output"], COL["oil_capacity"])
C_DEBT, C_STAB, C_EMIG, C_POP, C_CAPITAL, C_GOLD_HOME = (
    COL["debt"], COL["stability"], COL["emigrants"], COL["population"], COL["capital"],
    COL["gold_home"])
S_FIN, S_OIL, S_GOLD = (SANCTION_KINDS.index(k) for k in ("financial", "oil", "gold"))
D_PACT, D_INVEST, D_CREDIT, D_ARMS, D_REFINING, D_LINK = (
    DEAL_KINDS.index(k) for k in ("trade_pact", "oil_investment", "credit_line", "arms_credit",
                                  "gold_refining", "payment_link"))
P_COMPLY, P_AUSTERITY, P_REFORM, P_PRINT, P_MINER, P_REPRESSION, P_DEDOLLARISE = (
    POLICY_KINDS.index(k) for k in ("comply", "austerity", "reform", "print_money",
                                    "buy_miner_gold", "repression", "dedollarise"))
#: Arrays that only decisions and events change (and those computed from them alone): while
#: they are the same in every game, a turn reads them once (see `compact_slow`).
SLOW_FIELDS: tuple[str, ...] = (
    "relations", "anchor", "sanctions", "bite", "deals", "policies", "policy_eff", "frozen",
    "blocs", "pending", "applications", "flags", "fired", "played", "gold_price", "trade_free",
    "stability_norm", "oil_unsold0", "anchor0", "pay_base", "measures", "goods_price",
    "goods_resold0",
)


@dataclass(frozen=True)
class StepConsts:
    """Per-World index arrays the mechanisms use every turn (built by `build_consts`)."""

    issuers: tuple[tuple[int, int], ...]   # (payment system, country issuing it)
    has_issuer: np.ndarray                 # (1, 1, N) bool: country j issues a payment system
    issuer_system: np.ndarray              # (N,) that system (0 where none)
    gdp0: np.ndarray                       # (1, N) starting GDP (at least 1e-9)
    need: np.ndarray                       # (1, N) reserves needed per $bn of GDP
    #: (payment systems, cash assets) 1.0 for the reserve currency payments in a system arrive
    #: in: mir and barter payments come in as dollars
    cash_of_system: np.ndarray
    risk_systems: np.ndarray               # the systems in `issuers`
    risk_issuers: np.ndarray               # their issuers
    trend: np.ndarray                      # (1, N) each country's trend growth, %/yr
    anchor: np.ndarray                     # (1, N) each country's log(1 + inflation anchor)
    fin_block: np.ndarray                  # (1, N) share of each country's oil upkeep a full
                                           # financial bite stops (`oil_fin_block`)


def build_consts(world: World, rules: CompiledRules) -> StepConsts:
    """Build the per-World index arrays the mechanisms use."""
    issuers = tuple((k, int(j)) for k, j in enumerate(rules.issuer_of.tolist()) if j >= 0)
    return StepConsts(
        issuers=issuers,
        risk_systems=np.array([k for k, _ in issuers], dtype=np.int64),
        risk_issuers=np.array([j for _, j in issuers], dtype=np.int64),
        has_issuer=rules.issued[None, None, :] >= 0,
        issuer_system=np.maximum(rules.issued, 0),
        gdp0=np.maximum(world.gdp0, 1e-9)[None],
        need=mech.reserves_needed(rules.issuer, world.params, world.local("shortage_months"),
                                  world.local("import_share")),
        trend=world.local("growth_trend")[None],
        anchor=np.log1p(world.local("inflation_anchor") / 100.0)[None],
        fin_block=world.local("oil_fin_block")[None],
        cash_of_system=np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0],
                                 [1.0, 0.0, 0.0], [1.0, 0.0, 0.0]]),
    )


@dataclass(frozen=True)
class Start:
    """What every stage reads: the world, the state before the turn and after its decisions."""

    world: World
    rules: CompiledRules
    consts: StepConsts
    p: Params
    state: State             # the state before the turn (slow arrays compact when shared)
    work: Work               # the arrays after this turn's decisions (likewise)
    ind: np.ndarray          # (B, N, I) indicators after the decisions
    gdp: np.ndarray          # (B, N) GDP, at least 1e-9
    pay: np.ndarray          # (B, N, K) payment shares 0..1
    explain: bool            # every cause is worked out (for an explanation)


def start_of(world: World, state: State, work: Work, explain: bool) -> Start:
    """The Start of a turn whose decisions are in `work`."""
    return Start(world, world.parts().rules, world.parts().consts, world.params, state, work,
                 work.ind, np.maximum(work.ind[:, :, C_GDP], 1e-9),
                 work.ind[:, :, PAY_SLICE] / 100.0, explain)


def compact_slow(state: State, work: Work) -> tuple[State, Work]:
    """The state and work with each slow array held once when every game holds the same."""
    slim = {name: compact(value) for name in SLOW_FIELDS
            if isinstance(value := getattr(state, name), np.ndarray)}
    for name in SLOW_FIELDS:
        if name in work.__dataclass_fields__:
            value = getattr(work, name)
            if value is None:
                continue
            if name in work.owned and same_in_every_game(value):
                value = value[:1]
            setattr(work, name, compact(value))
    return state.evolve(**slim), work


def same_in_every_game(value: np.ndarray) -> bool:
    """True when every game holds the same values (the last game is compared first: cheap)."""
    if value.shape[0] < 2:
        return True
    if not bool(np.array_equal(value[0], value[-1])):
        return False
    return bool((value == value[:1]).all())


@dataclass(frozen=True)
class DealParts:
    """What the mechanisms read from the deals in force."""

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


def deal_parts(deals: np.ndarray, p: Params) -> DealParts:
    """The deal-derived arrays of this turn."""
    kinds = np.logical_or.reduce(deals.reshape(-1, deals.shape[-1]), axis=0).tolist()
    pact = deals[..., D_PACT]
    if kinds[D_PACT]:
        pact = np.minimum(1.0, pact + pact.swapaxes(1, 2))
    link = deals[..., D_LINK]
    if kinds[D_LINK]:
        link = np.minimum(1.0, link + link.swapaxes(1, 2))
    return DealParts(pact, mech.lastsum(deals[..., D_INVEST]), kinds[D_INVEST],
                     p.credit_line_bn * deals[..., D_CREDIT], p.arms_credit_bn * deals[..., D_ARMS],
                     kinds[D_CREDIT], kinds[D_ARMS], deals[..., D_REFINING], kinds[D_REFINING],
                     link, kinds[D_LINK])


@dataclass(frozen=True)
class Levers:
    """Oil price, policies in effect, sanctions (bans in force and bite) and compliance."""

    price: np.ndarray        # (B,) this turn's oil price
    eff: np.ndarray          # (B, N, KP) policy levels in effect
    pol: np.ndarray          # (B, N, KP) policy strength
    live_pol: frozenset[int]  # policy kinds in effect in some game (all of them when explaining)
    bite: np.ndarray         # (B, N, N, KS) accumulated bite
    layout: mech.PairLayout  # the (sanctioner, target) pairs in force or biting
    comply: np.ndarray       # (B, N, P) third countries' compliance with each pair's sanctions
    e_bite: mech.Bites       # effective bite per sanction kind, (B, N, N) [by, on]
    vol: mech.Bites          # effective levels of the bans in force (goods, oil), [by, on]
    #: the same for last turn's levels (this turn's compliance), or None when no level changed
    vol_prev: mech.Bites | None
    secondary: np.ndarray | None  # (B, N) strongest secondary sanctions on each country
    oil_secondary: np.ndarray | None  # (B, N) the same on oil resales, as fresh as they are
    defiance: np.ndarray | None   # (B, N, N) [sanctioner, k] bite on defiers, None: none
    export_share: np.ndarray  # (B, N, N) share of i's exports going to j at the start
    trade_share: np.ndarray  # (B, N, N) share of i's trade (both ways) with j at the start

    def policy(self, kind: int) -> np.ndarray | None:
        """Strength of policy `kind` in every game, or None when no game has it in effect."""
        return self.pol[:, :, kind] if kind in self.live_pol else None


def levers(s: Start, oil_shock: np.ndarray) -> Levers:
    """Oil price walk, policy inertia, sanction bite and compliance, effective bite and bans."""
    p, work, state = s.p, s.work, s.state
    price = mech.oil_price_walk(state.oil_price, oil_shock, p)
    eff = mech.policy_inertia(work.policies, state.policy_eff, p)
    pol = mech.policy_strength(eff, p)
    live_pol = (frozenset(range(pol.shape[-1])) if s.explain else frozenset(
        np.logical_or.reduce(pol.reshape(-1, pol.shape[-1]), axis=0).nonzero()[0].tolist()))
    changed = "sanctions" in work.owned
    use = mech.sanction_use(work.sanctions, state.bite)
    if changed:  # a sanction lifted this turn still has last turn's ban to undo
        use = use | mech.sanction_use(state.sanctions, state.bite)
    on, by = np.logical_or.reduce(use, axis=2).T.nonzero()
    layout = mech.pair_layout(by, on, s.rules.issued, s.world.n, p)
    bite = mech.sanction_bite(work.sanctions, state.bite, p)
    comply_policy = pol[:, :, P_COMPLY] if P_COMPLY in live_pol else None
    comply = mech.pair_compliance(work.sanctions, work.relations, s.pay, s.rules.issued,
                                  comply_policy, p, by, on, layout)
    vol = mech.effective_bite(work.sanctions, comply, by, on, mech.VOLUME_KINDS)
    vol_prev = (mech.effective_bite(state.sanctions, comply, by, on, mech.VOLUME_KINDS)
                if changed else None)
    export_share, trade_share = mech.trade_shares(state.trade)
    defiance = mech.defiance_bite(comply, work.sanctions, trade_share, layout, p)
    e_bite = with_defiance(mech.effective_bite(bite, comply, by, on), defiance)
    return Levers(price, eff, pol, live_pol, bite, layout, comply, e_bite, vol, vol_prev,
                  mech.secondary_on(work.sanctions),
                  mech.oil_secondary_on(work.sanctions, bite, p), defiance, export_share, trade_share)


def with_defiance(e_bite: mech.Bites, defiance: np.ndarray | None) -> mech.Bites:
    """The effective bites with the defiers' lost banking access added to the financial kind."""
    if defiance is None or not mech.anywhere(defiance):
        return e_bite
    arrays = [e_bite[k] for k in range(len(e_bite))]
    arrays[S_FIN] = np.maximum(arrays[S_FIN], defiance)
    return mech.Bites(arrays, e_bite.live | {S_FIN})


@dataclass(frozen=True)
class Trade:
    """Trade after this turn: gravity level, sanctions' barrier and redirection."""

    exports: np.ndarray      # (B, N) exports at the start of the turn
    export_share: np.ndarray  # (B, N, N) share of i's exports going to j
    trade_share: np.ndarray  # (B, N, N) share of i's trade (both ways) with j
    q: np.ndarray            # (B, N) oil output at the start
    cap: np.ndarray          # (B, N) oil capacity at the start
    demand: np.ndarray       # (B, N) oil used at home
    spare: np.ndarray        # (B, N) oil left for export at the start (at least 0)
    oil_share: np.ndarray    # (B, N) share of oil in exports
    trade_free: np.ndarray   # (B, N, N) the gravity baseline
    unsold0: np.ndarray      # (B, N) oil without buyers at the start of the game
    free: np.ndarray         # (B, N, N) trade with no sanctions this turn
    new_trade: np.ndarray    # (B, N, N)
    new_exports: np.ndarray  # (B, N)
    new_goods: np.ndarray | None = None  # (B, N, N, G) exports by product group; None: no goods

    @property
    def non_oil(self) -> np.ndarray:
        """Share of exports that is not oil."""
        return 1 - self.oil_share


def trade(s: Start, lv: Levers, deals: DealParts) -> Trade:
    """Trade moves toward its gravity level, cut by sanctions and partly redirected.

    Bans act at once: this turn's change in their barrier scales last turn's trade before
    trade adjusts (over `tau_trade` turns) to the damage and to the redirected sales.
    """
    p, state, ind = s.p, s.state, s.ind
    old = state.trade
    exports = mech.lastsum(old, keepdims=True)
    export_share, trade_share = lv.export_share, lv.trade_share
    q, cap = ind[:, :, C_OIL], ind[:, :, C_CAP]
    demand = mech.oil_demand(q, s.gdp, p)
    spare = np.maximum(q - demand, 0.0)
    oil_value = p.kbd_to_bn * spare * state.oil_price[:, None]
    oil_share = np.minimum(oil_value / np.maximum(exports[..., 0], 1e-9), 1.0)
    barrier = mech.sanction_barrier(lv.e_bite, lv.vol, oil_share, p)
    trade_free, unsold0 = baselines(s.world, s.rules, state)
    free = mech.gravity_trade(trade_free, s.gdp, s.world.gdp0, s.work.relations, deals.pact, p,
                              s.world.hostility)
    through = free * barrier
    resold = mech.redirection(free, barrier, lv.e_bite, p, through, lv.vol, lv.secondary)
    target = through + resold
    change: np.ndarray | float = 1.0
    if lv.vol_prev is not None:
        change = ban_change(lv.vol, lv.vol_prev, oil_share, p)
    new_goods = None
    if s.world.goods0 is None:
        new_trade = mech.relax(old * change, target, p.tau_trade) * s.rules.off
    else:
        new_goods = goods_trade(s, free, barrier, resold, change)
        new_trade = new_goods.sum(axis=-1)
    return Trade(exports[..., 0], export_share, trade_share, q, cap, demand, spare, oil_share,
                 trade_free, unsold0, free, new_trade, mech.lastsum(new_trade), new_goods)


def goods_trade(s: Start, free: np.ndarray, barrier: np.ndarray, resold: np.ndarray,
                change: np.ndarray | float) -> np.ndarray:
    """(B, N, N, G) exports by product group: each group's gravity level at its price, cut by
    sanctions and by the measures on it in its direction, with resales by group.

    Sanctions' resales (`resold`, (B, N, N)) are split in the proportions the pair's groups get
    through; what measures stop is resold by group to the exporter's other buyers of that
    group.  Formal measures and price moves act at once on last turn's flows; informal bans
    and the resales build up over `tau_trade` turns.
    """
    p, state, work = s.p, s.state, s.work
    price = work.goods_price if work.goods_price is not None else np.ones((1, len(GOODS)))
    goods0 = np.asarray(s.world.goods0)
    free_g = free[..., None] * goods0[None] * price[:, None, None, :]
    keep = barrier[..., None]
    at_once: np.ndarray | float = 1.0
    if work.measures is not None and mech.anywhere(work.measures):
        formal, informal, cap = mech.measure_factors(work.measures, p)
        keep = np.minimum(keep * formal * informal, cap)
        at_once = np.minimum(formal, cap / np.maximum(barrier[..., None], 1e-9))
    through = free_g * keep
    resold_g = resold[..., None] * mech.group_mix(through, goods0)
    target = through + resold_g + mech.goods_redirection(free_g * barrier[..., None], through, p)
    if state.goods_resold0 is not None:  # resales already in the starting trade
        target = np.maximum(target - state.goods_resold0, 0.0)
    old = state.goods if state.goods is not None else state.trade[..., None] * goods0[None]
    start = old * (change[..., None] if isinstance(change, np.ndarray) else change)
    start = start * measures_change(state, at_once, barrier, p) * price_change(state, price)
    return np.asarray(mech.relax(start, target, p.tau_trade) * s.rules.off[..., None])


def measures_change(state: State, at_once: np.ndarray | float, barrier: np.ndarray,
                    p: Params) -> np.ndarray | float:
    """(B, N, N, G) this turn's formal measures' factor over last turn's: they act at once.

    Quotas cap a flow at a share of its sanction-free level: both turns' caps are read against
    this turn's sanctions (`barrier`)."""
    before: np.ndarray | float = 1.0
    if state.measures is not None and mech.anywhere(state.measures):
        formal, _, cap = mech.measure_factors(state.measures, p)
        before = np.minimum(formal, cap / np.maximum(barrier[..., None], 1e-9))
    if isinstance(before, float) and isinstance(at_once, float):
        return 1.0
    before_arr = np.asarray(before)
    # a flow that a measure had stopped stays where it is (zero) until it adjusts
    return np.asarray(np.where(before_arr > 1e-9, at_once / np.maximum(before_arr, 1e-9), 1.0))


def price_change(state: State, price: np.ndarray) -> np.ndarray | float:
    """(B, 1, 1, G) this turn's group prices over last turn's: a price move reprices at once."""
    if state.goods_price is None:
        return 1.0
    return np.asarray((price / np.maximum(state.goods_price, 1e-9))[:, None, None, :])


def ban_change(vol: mech.Bites, vol_prev: mech.Bites, oil_share: np.ndarray,
               p: Params) -> np.ndarray | float:
    """(B, N, N) this turn's volume barrier over last turn's: bans imposed or lifted act at once."""
    now = mech.volume_barrier(vol, oil_share, p)
    before = mech.volume_barrier(vol_prev, oil_share, p)
    if now is None and before is None:
        return 1.0
    if before is None:
        return np.asarray(now)
    after = 1.0 if now is None else now
    # a trade that a total ban had stopped stays where it is (zero) until it adjusts
    return np.asarray(np.where(before > 1e-9, after / np.maximum(before, 1e-9), 1.0))


@dataclass(frozen=True)
class Oil:
    """Oil capacity, output and revenue."""

    new_cap: np.ndarray      # (B, N)
    free_share: np.ndarray   # (B, N, N) share of sanction-free trade going to each partner
    unsold: np.ndarray       # (B, N) share of oil exports whose buyers bans took (net of resale)
    shut: np.ndarray         # (B, N) kb/d shut in at once by bans imposed this turn
    target: np.ndarray       # (B, N) output the fields and buyers allow
    budget_cap: np.ndarray   # (B, N) output the budget counts on: buyers lost as the damage bites
    new_q: np.ndarray        # (B, N) output
    pledged: np.ndarray      # (B, N, 1) barrels a day owed to lenders this turn
    pledged_before: np.ndarray  # (B, N) the same at the start of the turn
    rev_new: np.ndarray      # (B, N) cash revenue
    repaid: np.ndarray       # (B, N) barrels shipped to lenders
    bal_new: np.ndarray      # (B, N) net oil balance
    bal_old: np.ndarray      # (B, N) the same at the start of the turn
    bal_price: np.ndarray    # (B, N) the start's barrels and discounts at this turn's price


def oil(s: Start, lv: Levers, tr: Trade, deals: DealParts) -> Oil:
    """Capacity from upkeep and investment; output from buyers; revenue and oil repayments."""
    p, state = s.p, s.state
    cap, q = tr.cap, tr.q
    fin_bite = mech.lastmax(lv.e_bite[S_FIN].swapaxes(1, 2))
    new_cap = mech.oil_capacity(cap, fin_bite, s.consts.fin_block, deals.invest, p,
                                deals.invest_any)
    free_share = tr.free / np.maximum(mech.lastsum(tr.free, keepdims=True), 1e-12)
    unsold, discounted = mech.oil_sales(free_share, lv.vol, p, lv.oil_secondary)
    unsold_prev, discounted_prev = unsold, discounted
    if lv.vol_prev is not None:
        unsold_prev, discounted_prev = mech.oil_sales(free_share, lv.vol_prev, p, lv.oil_secondary)
    shut = shut_in(q, tr.demand, unsold, unsold_prev)
    budget_cap = budget_output(cap, free_share, lv, tr.unsold0, p)
    target = np.minimum(cap, cap * (1.0 - unsold) / np.maximum(1.0 - tr.unsold0, 1e-6))
    now = np.minimum(q - shut, np.maximum(q, cap))  # wells back on stream: not beyond capacity
    new_q = np.maximum(mech.relax(now, target, p.tau_oil), 0.0)
    pledged = mech.lastsum(s.work.oil_repay, keepdims=True)
    pledged_before = mech.lastsum(state.oil_repay)
    discount = p.oil_discount * discounted
    rev_new, repaid, bal_new = mech.oil_revenue(new_q, tr.demand, s.work.oil_repay, lv.price,
                                                discounted, p, pledged[..., 0], discount=discount)
    discount_prev = discount if lv.vol_prev is None else p.oil_discount * discounted_prev
    _, _, bal_old = mech.oil_revenue(q, tr.demand, state.oil_repay, state.oil_price,
                                     discounted_prev, p, pledged_before, tr.spare, discount_prev)
    _, _, bal_price = mech.oil_revenue(q, tr.demand, state.oil_repay, lv.price,
                                       discounted_prev, p, pledged_before, tr.spare,
                                       discount_prev)
    return Oil(new_cap, free_share, unsold, shut, target, budget_cap, new_q, pledged,
               pledged_before, rev_new, repaid, bal_new, bal_old, bal_price)


def budget_output(cap: np.ndarray, free_share: np.ndarray, lv: Levers, unsold0: np.ndarray,
                  p: Params) -> np.ndarray:
    """(B, N) output the budget counts on: capacity, less a share `budget_adapt` of the buyers
    that bans take as their damage sets in (the government adapts to lost buyers slowly)."""
    if p.budget_adapt <= 0.0:
        return cap
    expected = p.budget_adapt * mech.oil_sales(free_share, lv.e_bite, p, lv.oil_secondary)[0]
    start = np.maximum(1.0 - p.budget_adapt * unsold0, 1e-6)
    return np.asarray(np.minimum(cap, cap * (1.0 - expected) / start))


def shut_in(q: np.ndarray, demand: np.ndarray, unsold: np.ndarray,
            unsold_prev: np.ndarray) -> np.ndarray:
    """(B, N) kb/d shut in (or back on stream) at once as bans take (or give back) buyers.

    Storage fills within weeks: the exported barrels whose buyers a new ban takes stop flowing
    now, whatever the capacity; a lifted ban gives them back as fast.
    """
    exported = np.maximum(q - demand, 0.0)
    change = (unsold - unsold_prev) / np.maximum(1.0 - unsold_prev, 1e-6)
    return np.asarray(exported * change)


@dataclass(frozen=True)
class Loans:
    """Loans, barrels owed and debt after repayments in oil, credit lines and arms on credit."""

    loans: np.ndarray        # (B, N, N) owed by i to j
    oil_repay: np.ndarray    # (B, N, N) kb/d i ships to j
    oil_loans: np.ndarray    # (B, N, N, L) $bn still to repay in oil, per loan
    oil_loan_kbd: np.ndarray  # (B, N, N, L) kb/d pledged, per loan
    debt: np.ndarray         # (B, N)
    credit: np.ndarray       # (B, N, N) credit lines drawn this turn ($bn)


def loans(s: Start, lv: Levers, ol: Oil, deals: DealParts) -> Loans:
    """Each oil-backed loan is repaid by its own barrels until its own amount is paid; credit
    lines and arms on credit add to loans and debt."""
    p, dt, work = s.p, s.rules.dt, s.work
    owed, oil_repay = work.loans, work.oil_repay
    book, kbd = work.oil_loans, work.oil_loan_kbd
    debt = s.ind[:, :, C_DEBT]
    if mech.anywhere(oil_repay):
        shipped = np.where(ol.pledged > 1e-9, ol.repaid[:, :, None] / np.maximum(ol.pledged, 1e-9),
                           0.0)
        book, kbd, paid = mech.oil_loan_repayments(book, kbd, shipped, lv.price, dt, p)
        owed = np.maximum(owed - paid, 0.0)
        owed[owed <= 1e-9] = 0.0
        oil_repay = mech.lastsum(kbd)
        debt = debt - mech.lastsum(paid)
    if deals.lending or deals.arms_any:
        owed = owed + deals.credit + deals.arms
        debt = debt + mech.lastsum(deals.credit + deals.arms)
    return Loans(owed, oil_repay, book, kbd, debt, deals.credit)


@dataclass(frozen=True)
class Reserves:
    """Reserves after income, gold sales, miners' gold and credit; the dollar shortage."""

    market: np.ndarray       # (B, N) can home gold be sold on the open market
    gold_price: np.ndarray   # (B,) or (1,) $bn per tonne
    oil_norm: np.ndarray     # (B, N) normal oil revenue
    frozen: np.ndarray       # (B, N, 5) frozen share of each asset
    d_income: np.ndarray     # (B, N, 3) cash from oil and exports
    d_credit: np.ndarray     # (B, N, 3) cash from credit lines
    tonnes: np.ndarray       # (B, N) home gold sold through partners
    miner: np.ndarray        # (B, N) or (1,) tonnes bought from miners
    cash: np.ndarray         # (B, N, 3) usd, eur and cny reserves after the turn
    gold_home: np.ndarray    # (B, N) tonnes of gold at home after the turn
    shortage: np.ndarray     # (B, N) 0..1 dollar shortage
    factor: np.ndarray       # (B, N, 5) usable dollars per unit of each asset


def reserves(s: Start, lv: Levers, tr: Trade, ol: Oil, ln: Loans, deals: DealParts) -> Reserves:
    """Reserves: income saved or spent, gold sold through partners, miners' gold, credit."""
    p, dt, work, ind = s.p, s.rules.dt, s.work, s.ind
    market = gold_market(work.sanctions)
    price = s.state.gold_price  # the model's price, the same in every game
    gold_price = price if price is not None else np.full(1, p.gold_price)
    oil_norm = mech.normal_revenue(ol.budget_cap, tr.demand, ol.pledged_before, p)
    x0 = s.rules.exports0[None] * (s.gdp / s.consts.gdp0)
    flow = (p.reserve_save * dt) * ((ol.rev_new - oil_norm) + (tr.new_exports - x0) * tr.non_oil)
    # inflows go to unfrozen currencies by payment use; outflows spend unfrozen cash
    cash = ind[:, :, CASH]
    frozen = implied_freezes(s.world, work)
    unfrozen = 1.0 - frozen
    free_cash = unfrozen[:, :, :3]
    inflow = np.matmul(s.pay, s.consts.cash_of_system) + 1e-3
    inflow *= free_cash + 1e-9
    inflow /= mech.lastsum(inflow, keepdims=True)
    held = cash * free_cash
    held /= np.maximum(mech.lastsum(held, keepdims=True), 1e-12)
    d_income = np.where(flow[:, :, None] >= 0, inflow, held) * flow[:, :, None]
    d_cash = d_income.copy()
    gold_home = ind[:, :, C_GOLD_HOME]
    tonnes = gold_sold(s, lv, deals) if deals.refining_any else np.zeros(gold_home.shape)
    d_cash[:, :, 1] += tonnes * (gold_price[:, None] * (1.0 - p.gold_haircut))
    miner_level = lv.policy(P_MINER)
    miner = np.zeros(1) if miner_level is None else p.miner_gold_tonnes * miner_level
    d_credit = np.zeros(cash.shape)
    if deals.lending:
        d_credit = credit_by_currency(s, ln.credit, frozen)
        d_cash += d_credit
    assets = ind[:, :, RESERVES].copy()
    after = cash + d_cash
    assets[:, :, :3] = new_cash = np.maximum(after, 0.0)
    assets[:, :, 3] = new_gold = np.maximum(gold_home - tonnes + miner, 0.0)
    factor = usable_factor(p, market, frozen, gold_price, unfrozen)
    # bills the cash could not pay deepen the shortage; cash arriving this turn pays them first
    unpaid = mech.lastsum(np.minimum(after, 0.0))
    usable = mech.lastsum(assets * factor) + unpaid
    shortage = mech.dollar_shortage(usable, s.gdp, s.rules.issuer, p, s.consts.need)
    return Reserves(market, gold_price, oil_norm, frozen, d_income, d_credit, tonnes, miner,
                    new_cash, new_gold, shortage, factor)


def credit_by_currency(s: Start, credit: np.ndarray, frozen: np.ndarray) -> np.ndarray:
    """(B, N, 3) credit drawn this turn by each borrower, in the currency it arrives in."""
    n = s.world.n
    shape = np.broadcast_shapes(credit.shape, (frozen.shape[0], n, n), (s.pay.shape[0], n, n))
    asset = mech.credit_currency(s.rules.lender_asset[None, None, :],
                                 frozen[:, :, None, :3], s.pay[:, :, None, :3])
    asset = np.broadcast_to(asset, shape)
    credit = np.broadcast_to(credit, shape)
    return np.stack([mech.lastsum(np.where(asset == k, credit, 0.0)) for k in range(3)], axis=-1)


def gold_sold(s: Start, lv: Levers, deals: DealParts) -> np.ndarray:
    """Tonnes of home gold sold through refining partners, less what gold sanctions close."""
    work, layout = s.work, lv.layout
    gold_lvl = work.sanctions[..., S_GOLD]
    pair_gold = gold_lvl[:, layout.by, layout.on, None]
    spread = mech.spread_over_pairs(lv.comply, pair_gold, layout.on, s.world.n,
                                    layout.at_target)
    gold_block = np.maximum(gold_lvl, spread[..., 0]).swapaxes(1, 2)  # [b, client, partner]
    c = s.consts
    if c.issuers and mech.anywhere(gold_lvl):
        exposed = mech.gold_exposure(gold_lvl[:, c.risk_issuers, :], s.pay[:, :, c.risk_systems],
                                     s.p)
        gold_block = 1.0 - (1.0 - gold_block) * (1.0 - exposed)  # either reason stops it
    return mech.gold_sales(s.ind[:, :, C_GOLD_HOME], deals.refining, gold_block,
                           work.relations, s.p)


@dataclass(frozen=True)
class Growth:
    """Growth and GDP after this turn, with the pushes by cause."""

    terms: dict[str, np.ndarray]   # growth lost to each sanctioner's bite, by kind (B, i, j)
    pushes: dict[str, np.ndarray]  # pushes on the growth target by cause (B, N)
    log_infl: np.ndarray     # (B, N) log(1 + inflation) at the start
    shock: np.ndarray        # (B, N) luck
    new_growth: np.ndarray   # (B, N) %/yr
    x: np.ndarray            # (B, N) log change of GDP
    new_gdp: np.ndarray      # (B, N)


def growth(s: Start, lv: Levers, tr: Trade, ol: Oil, rs: Reserves,
           gdp_shock: np.ndarray) -> Growth:
    """Growth: momentum, pushes by cause, sanctions' drag, luck; then GDP."""
    p, dt, gdp, c = s.p, s.rules.dt, s.gdp, s.consts
    pay_weight = np.where(c.has_issuer, s.pay.take(c.issuer_system, axis=2), tr.trade_share)
    terms = mech.growth_target_terms(lv.e_bite, pay_weight, tr.export_share, tr.trade_share,
                                     tr.oil_share, p)
    sanction_loss = mech.lastsum(mech.total(terms)) if terms else 0.0
    log_infl = np.log1p(np.maximum(s.ind[:, :, C_INFL], -99.0) / 100.0)
    per_gdp = (100.0 / dt) / gdp  # $bn a year as % of GDP a turn
    pushes = {
        "Exports": p.alpha_exports * (tr.new_exports - tr.exports) * tr.non_oil * per_gdp,
        "Oil price": p.alpha_revenue * (ol.bal_price - ol.bal_old) * per_gdp,
        "Oil revenue": p.alpha_revenue * (ol.bal_new - ol.bal_price) * per_gdp,
        "Inflation": -p.phi_inflation * np.maximum(0.0, log_infl - mech.log_constants(p).crisis),
        "Dollar shortage": -p.phi_shortage * rs.shortage,
    }
    for name, weight, kind in (("Austerity", -p.austerity_growth, P_AUSTERITY),
                               ("Reform", p.reform_growth, P_REFORM)):
        level = lv.policy(kind)
        if level is not None:
            pushes[name] = weight * level
    push_total = mech.total(pushes) - sanction_loss
    shock = p.growth_sigma * gdp_shock
    rho = p.growth_persistence
    new_growth = rho * s.ind[:, :, C_GROWTH] + (1 - rho) * (c.trend + push_total) + shock
    x = new_growth * (dt / 100.0)
    return Growth(terms, pushes, log_infl, shock, new_growth, x, gdp * np.exp(x))


@dataclass(frozen=True)
class Inflation:
    """Inflation after this turn, in log space, with the pushes by cause."""

    pressure: dict[str, np.ndarray]  # pushes on log(1 + inflation) by cause
    inertia: np.ndarray      # (B, N) the pull of last turn's pace toward the anchor
    shock: np.ndarray        # (B, N) luck
    new_log_infl: np.ndarray  # (B, N)
    new_infl: np.ndarray     # (B, N) %/yr


def inflation(s: Start, lv: Levers, ol: Oil, rs: Reserves, gr: Growth,
              infl_shock: np.ndarray) -> Inflation:
    """Inflation in log space: inertia, printing, lost oil income, dollar shortage, luck."""
    p, gdp, log_infl = s.p, s.gdp, gr.log_infl
    lost = np.maximum(0.0, rs.oil_norm - ol.rev_new) / gdp * (
        p.deficit_printed + (1 - p.deficit_printed) * rs.shortage)
    pressure = mech.inflation_pressure(lv.policy(P_PRINT), lv.policy(P_MINER), lost,
                                       rs.shortage, lv.policy(P_AUSTERITY), p)
    rho_i = mech.persistence(p.inflation_half_life, s.rules.dt)
    logs = mech.log_constants(p)
    inertia = (rho_i - 1.0) * log_infl + (1.0 - rho_i) * s.consts.anchor
    shock = p.inflation_sigma * (1.0 + log_infl) * infl_shock
    new_log_infl = mech.clip(log_infl + inertia + mech.total(pressure) + shock, logs.floor,
                             logs.ceiling)
    return Inflation(pressure, inertia, shock, new_log_infl, np.expm1(new_log_infl) * 100.0)


@dataclass(frozen=True)
class Relations:
    """Relations after this turn, with the parts of their target."""

    parts: dict[str, np.ndarray]   # the relations' target by part (B, N, N), unbounded
    anchor: np.ndarray             # (B, N, N) long-run ties this turn (after the moves' shifts)
    raw: np.ndarray                # (B, N, N) the sum of the parts, unbounded
    target: np.ndarray             # (B, N, N) where relations drift: `raw` saturated
    new_rel: np.ndarray            # (B, N, N)
    new_anchor: np.ndarray         # (B, N, N) long-run ties next turn: shifts fade
    anchor0: np.ndarray            # (B, N, N) long-run ties at the start


def relations(s: Start, lv: Levers) -> Relations:
    """Relations drift toward a saturating target: long-run ties, blocs, friends of friends,
    sanctions, deals, repression; one-off shifts of the ties fade."""
    p, work, off, state = s.p, s.work, s.rules.off, s.state
    anchor0, anchor = state.anchor0, work.anchor
    if anchor0 is None:  # the first turn of an unprepared state: ties at rest at its start
        anchor0 = rest_anchor(s.world, state)
        anchor = anchor0 + (work.anchor - state.anchor)
    repression = lv.policy(P_REPRESSION)
    parts = mech.relation_target(anchor, work.relations, work.blocs, work.sanctions,
                                 work.deals, repression, p, off=off)
    raw = anchor + (parts["blocs"] + parts["sanctions"] + parts["deals"]) + parts["friends"]
    if repression is not None and mech.anywhere(repression):
        raw = raw + parts["repression"]
    target = mech.saturate(raw)
    drift = (target - work.relations) / max(p.tau_relations, 1.0) * off
    return Relations(parts, anchor, raw, target, mech.clip(work.relations + drift, -100, 100),
                     mech.fade_anchor(anchor, anchor0, p), anchor0)


def rest_anchor(world: World, state: State) -> np.ndarray:
    """(B, N, N) long-run ties that hold a state's relations where they are: its target's
    other parts (blocs, sanctions, deals, friends, repression) taken out of the unbounded
    value whose saturation is each relation."""
    p, rules = world.params, world.parts().rules
    repression = mech.policy_strength(state.policy_eff, p)[:, :, P_REPRESSION]
    parts = mech.relation_target(state.anchor, state.relations, state.blocs, state.sanctions,
                                 state.deals, repression, p, off=rules.off)
    others = parts["blocs"] + parts["sanctions"] + parts["deals"] + parts["friends"]
    if mech.anywhere(repression):
        others = others + parts["repression"]
    return np.asarray((mech.unsaturate(state.relations) - others) * rules.off)


def payments(s: Start, lv: Levers, tr: Trade, deals: DealParts) -> tuple[np.ndarray, np.ndarray]:
    """Payment shares (B, N, K) after this turn, and their resting shares: they move only when
    partners' use, payment links, sanction risk or de-dollarising change from the start."""
    force, extra = payment_pushes(s.world, s.rules, s.consts, s.pay, s.gdp, tr.trade_share,
                                  deals.link if deals.link_any else None, s.work.sanctions,
                                  lv.policy(P_DEDOLLARISE), s.p)
    base = s.state.pay_base
    if base is None:  # a state made before resting shares were kept: it rests where it is
        base = pay_base_of(s.world, s.state)
    target = mech.payment_target(base, force, extra)
    return mech.relax(s.pay, target, s.p.tau_payments), base


def pay_base_of(world: World, state: State) -> np.ndarray:
    """(B, N, K) the resting payment shares of a state as it stands (its own pushes)."""
    p, rules = world.params, world.parts().rules
    pay = state.ind[:, :, PAY_SLICE] / 100.0
    exports = mech.lastsum(state.trade, keepdims=True)
    trade_share = mech.trade_shares(state.trade, exports)[1]
    gdp = np.maximum(state.ind[:, :, C_GDP], 1e-9)
    link = state.deals[..., D_LINK]
    link = np.minimum(1.0, link + link.swapaxes(1, 2))
    dedollarise = mech.policy_strength(state.policy_eff, p)[:, :, P_DEDOLLARISE]
    force, extra = payment_pushes(world, rules, world.parts().consts, pay, gdp, trade_share,
                                  link if mech.anywhere(link) else None, state.sanctions,
                                  dedollarise if mech.anywhere(dedollarise) else None, p)
    return mech.payment_base(pay, force, extra)


def payment_pushes(world: World, rules: CompiledRules, c: StepConsts, pay: np.ndarray,
                   gdp: np.ndarray, trade_share: np.ndarray, link: np.ndarray | None,
                   sanctions: np.ndarray, dedollarise: np.ndarray | None,
                   p: Params) -> tuple[np.ndarray, np.ndarray]:
    """`mechanisms.payment_pushes` from the links in force, the financial sanctions in force by
    each system's issuer (the risk of being cut off, from the day they are imposed) and the
    de-dollarising policy."""
    links: np.ndarray | None = None  # no payment link anywhere
    if link is not None:
        # the smaller partner adopts the bigger one's system more
        weight = gdp[:, None, :] / (gdp[:, :, None] + gdp[:, None, :])
        links = np.matmul(link * weight, rules.link_system)
    risk: np.ndarray | None = None  # no financial sanction anywhere
    fin = sanctions[..., S_FIN]
    if c.issuers and mech.anywhere(fin):
        # the risk of system k is the financial sanction of its issuer j on each country
        risk = np.zeros(np.broadcast_shapes(pay.shape, fin.shape[:2] + pay.shape[2:]))
        risk[:, :, c.risk_systems] = fin.take(c.risk_issuers, axis=1).swapaxes(1, 2)
    return mech.payment_pushes(pay, trade_share, links, risk, dedollarise, p)


@dataclass(frozen=True)
class Society:
    """Emigration and domestic stability after this turn."""

    population: np.ndarray   # (B, N) at the start
    leaving: np.ndarray      # (B, N) people leaving this turn (millions)
    stab: np.ndarray         # (B, N) stability at the start
    stab_norm: np.ndarray    # (B, N) stability in normal times
    parts: dict[str, np.ndarray]  # stability's target by part
    new_stab: np.ndarray     # (B, N)


def society(s: Start, lv: Levers, gr: Growth, inf: Inflation) -> Society:
    """Emigration from hardship; stability toward its normal level moved by hard times."""
    p, ind, state = s.p, s.ind, s.state
    population = ind[:, :, C_POP]
    repression = lv.policy(P_REPRESSION)
    leaving = mech.emigration(gr.new_gdp, population, inf.new_log_infl, gr.new_growth,
                              repression, s.rules.dt, p)
    emig_pct = leaving / np.maximum(population, 1e-9) * (100.0 / s.rules.dt)
    stab = ind[:, :, C_STAB]
    norm = (state.ind[:, :, C_STAB].copy() if state.stability_norm is None
            else state.stability_norm)
    parts = mech.stability_target(norm, gr.new_growth, inf.new_log_infl, emig_pct, repression,
                                  lv.policy(P_REFORM), lv.policy(P_AUSTERITY), p,
                                  s.consts.trend, s.consts.anchor)
    return Society(population, leaving, stab, norm, parts,
                   mech.relax(stab, mech.total(parts), p.tau_stability))


@dataclass(frozen=True)
class Turn:
    """Every stage's result of one turn (what the explanation reads)."""

    start: Start
    deals: DealParts
    levers: Levers
    trade: Trade
    oil: Oil
    loans: Loans
    reserves: Reserves
    growth: Growth
    inflation: Inflation
    relations: Relations
    new_pay: np.ndarray
    pay_base: np.ndarray     # (B, N, K) resting payment shares
    society: Society
    before_adds: np.ndarray  # (B, N, I) new indicators before scheduled changes and limits
    new_ind: np.ndarray      # (B, N, I) the new indicators


def run(world: World, state: State, work: Work, oil_shock: np.ndarray, gdp_shock: np.ndarray,
        infl_shock: np.ndarray, explain: bool) -> Turn:
    """Run every stage on the decided state."""
    state, work = compact_slow(state, work)
    s = start_of(world, state, work, explain)
    deals = deal_parts(work.deals, s.p)
    lv = levers(s, oil_shock)
    tr = trade(s, lv, deals)
    ol = oil(s, lv, tr, deals)
    ln = loans(s, lv, ol, deals)
    rs = reserves(s, lv, tr, ol, ln, deals)
    gr = growth(s, lv, tr, ol, rs, gdp_shock)
    inf = inflation(s, lv, ol, rs, gr, infl_shock)
    rel = relations(s, lv)
    new_pay, pay_base = payments(s, lv, tr, deals)
    soc = society(s, lv, gr, inf)
    before = written_indicators(s, rs, gr, inf, ol, ln, soc, new_pay)
    return Turn(s, deals, lv, tr, ol, ln, rs, gr, inf, rel, new_pay, pay_base, soc, before,
                clip_indicators(with_changes_due(before, s), s.rules))


def written_indicators(s: Start, rs: Reserves, gr: Growth, inf: Inflation, ol: Oil, ln: Loans,
                       soc: Society, new_pay: np.ndarray) -> np.ndarray:
    """(B, N, I) the indicators the mechanisms wrote, before scheduled changes and limits."""
    new_ind = s.ind.copy()
    new_ind[:, :, CASH] = rs.cash
    new_ind[:, :, C_GOLD_HOME] = rs.gold_home
    new_ind[:, :, C_GDP] = gr.new_gdp
    new_ind[:, :, C_GROWTH] = gr.new_growth
    new_ind[:, :, C_INFL] = inf.new_infl
    new_ind[:, :, C_OIL] = ol.new_q
    new_ind[:, :, C_CAP] = ol.new_cap
    new_ind[:, :, C_DEBT] = ln.debt
    new_ind[:, :, C_STAB] = soc.new_stab
    new_ind[:, :, C_EMIG] = s.ind[:, :, C_EMIG] + soc.leaving
    new_ind[:, :, C_POP] = soc.population - soc.leaving
    new_ind[:, :, PAY_SLICE] = new_pay * 100.0
    new_ind[:, :, C_CAPITAL] = s.rules.capital
    return new_ind


def with_changes_due(ind: np.ndarray, s: Start) -> np.ndarray:
    """`ind` plus the changes due this turn: the decisions' and those scheduled earlier."""
    if s.work.added:
        ind = ind + s.work.add_now
    due = s.state.scheduled[:, 0]
    if mech.anywhere(compact(due)):
        ind = ind + due
    return ind


def clip_indicators(ind: np.ndarray, rules: CompiledRules) -> np.ndarray:
    """Keep every stored indicator within its range (NaN to the low bound); payment shares
    add up to 100."""
    out = np.clip(ind, rules.low, rules.high)
    bad = np.isnan(out)
    if bad.any():
        out[bad] = np.broadcast_to(rules.low, out.shape)[bad]
    shares = out[:, :, PAY_SLICE]
    total = mech.lastsum(shares, keepdims=True)
    shares[:, :, 0] = np.where(total[:, :, 0] <= 1e-9, 100.0, shares[:, :, 0])
    total = mech.lastsum(shares, keepdims=True)
    np.divide(shares, total * 0.01, out=shares)
    return np.asarray(out)


def next_state(turn: Turn, fired: np.ndarray, batch: int) -> State:
    """Assemble the next State of `batch` games (with the old scores)."""
    s = turn.start
    state, work = s.state, s.work
    arrays: dict[str, Any] = dict(
        turn=state.turn + 1,
        ind=turn.new_ind,
        relations=turn.relations.new_rel,
        anchor=turn.relations.new_anchor,
        trade=turn.trade.new_trade,
        goods=turn.trade.new_goods,
        measures=work.measures,
        goods_price=work.goods_price,
        goods_resold0=state.goods_resold0,
        loans=turn.loans.loans,
        oil_repay=turn.loans.oil_repay,
        oil_loans=turn.loans.oil_loans,
        oil_loan_kbd=turn.loans.oil_loan_kbd,
        sanctions=work.sanctions,
        bite=turn.levers.bite,
        deals=work.deals,
        policies=work.policies,
        policy_eff=turn.levers.eff,
        frozen=turn.reserves.frozen,
        blocs=work.blocs,
        pending=work.pending,
        applications=work.applications,
        scheduled=work.next_schedule(not mech.anywhere(compact(state.scheduled))),
        flags=work.flags,
        fired=times_fired(state.fired, fired),
        played=work.played,
        oil_price=turn.levers.price,
        score=state.score,
        gold_price=turn.reserves.gold_price,
        trade_free=turn.trade.trade_free,
        stability_norm=turn.society.stab_norm,
        oil_unsold0=turn.trade.unsold0,
        anchor0=turn.relations.anchor0,
        pay_base=turn.pay_base,
    )
    wide: dict[str, Any] = {name: widen(value, batch) if isinstance(value, np.ndarray) else value
                            for name, value in arrays.items()}
    return State(**wide)


def times_fired(before: np.ndarray, now: np.ndarray) -> np.ndarray:
    """Times each event has fired, counting this turn's."""
    if not mech.anywhere(now):
        return before
    return np.asarray(before + now.astype(before.dtype))


def prepare_state(world: World, state: State) -> State:
    """Fill a starting state's baselines so that turn 0 already shows consistent values.

    Sets the gold price, the freezes implied by financial sanctions in force, and the
    baselines the first turn would otherwise derive (sanction-free trade, normal stability,
    oil without buyers, long-run ties that hold the starting relations at rest, resting
    payment shares, the oil-backed loans kept apart).  Stepping a
    prepared state gives the same result as an unprepared one.
    """
    p = world.params
    trade_free, unsold0 = baselines(world, world.parts().rules, state)
    anchor, anchor0 = state.anchor, state.anchor0
    if anchor0 is None:
        anchor = anchor0 = rest_anchor(world, state)
    return state.evolve(
        anchor=anchor,
        anchor0=anchor0,
        frozen=initial_frozen(world, state.sanctions, state.frozen),
        gold_price=(state.gold_price if state.gold_price is not None
                    else np.full(state.batch, p.gold_price)),
        trade_free=trade_free,
        stability_norm=(state.stability_norm if state.stability_norm is not None
                        else state.ind[:, :, COL["stability"]].copy()),
        oil_unsold0=unsold0,
        pay_base=state.pay_base if state.pay_base is not None else pay_base_of(world, state),
        **goods_start(world, state),
        **dict(zip(("oil_loans", "oil_loan_kbd"),
                   loan_slots(state.loans, state.oil_repay, state.oil_loans, state.oil_loan_kbd),
                   strict=True)),
    )


def goods_start(world: World, state: State) -> dict[str, np.ndarray | None]:
    """A starting state's goods, measures and group prices: the starting trade split by the
    world's shares, no measures, prices at 1 (what the state has already is kept)."""
    if world.goods0 is None:
        return {"goods": state.goods, "measures": state.measures,
                "goods_price": state.goods_price, "goods_resold0": state.goods_resold0}
    b, n, g = state.batch, world.n, len(GOODS)
    goods = state.goods if state.goods is not None else state.trade[..., None] * world.goods0[None]
    measures = (state.measures if state.measures is not None
                else np.zeros((b, n, n, g, len(MEASURE_KINDS))))
    resold0 = state.goods_resold0
    if resold0 is None and mech.anywhere(measures):
        kept = np.maximum(mech.measures_kept(measures, world.params), 1e-3)
        resold0 = mech.goods_redirection(goods / kept, goods, world.params)
    return {
        "goods": goods, "measures": measures, "goods_resold0": resold0,
        "goods_price": state.goods_price if state.goods_price is not None else np.ones((b, g)),
    }


def measured_out(state: State, p: Params) -> np.ndarray | float:
    """(B, N, N) how much larger each pair's trade would be without the measures in force in a
    starting state: the sum over groups of each group's flow over the share measures leave of
    it, over the pair's trade (1 where there is no trade or no measure)."""
    if state.goods is None or state.measures is None or not mech.anywhere(state.measures):
        return 1.0
    kept = np.maximum(mech.measures_kept(state.measures, p), 1e-3)
    grossed = mech.lastsum(state.goods / kept)
    return np.asarray(np.where(state.trade > 1e-12, grossed / np.maximum(state.trade, 1e-12),
                               1.0))


def baselines(world: World, rules: CompiledRules, state: State) -> tuple[np.ndarray, np.ndarray]:
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
                  else _trade_free(world, rules, state, oil_share) * measured_out(state, p))
    if state.oil_unsold0 is not None:
        return trade_free, state.oil_unsold0
    e_bite, vol = _state_bite(world, rules, state)
    pact = state.deals[..., D_PACT]
    pact = np.minimum(1.0, pact + pact.swapaxes(1, 2))
    free = mech.gravity_trade(trade_free, gdp, world.gdp0, state.relations, pact, p,
                              world.hostility)
    free_share = free / np.maximum(mech.lastsum(free, keepdims=True), 1e-12)
    secondary = mech.oil_secondary_on(state.sanctions, state.bite, p)
    return trade_free, mech.oil_sales(free_share, vol, p, secondary)[0]


def _state_bite(world: World, rules: CompiledRules,
                state: State) -> tuple[mech.Bites, mech.Bites]:
    """Effective bite per sanction kind of a state as it stands (its own bite, no new turn),
    and the effective levels of its bans in force."""
    p = world.params
    pay = state.ind[:, :, PAY_SLICE] / 100.0
    pol = mech.policy_strength(state.policy_eff, p)
    by, on = mech.sanction_pairs(state.sanctions, state.bite)
    layout = mech.pair_layout(by, on, rules.issued, world.n, p)
    comply = mech.pair_compliance(state.sanctions, state.relations, pay, rules.issued,
                                  pol[:, :, P_COMPLY], p, by, on, layout)
    defiance = mech.defiance_bite(comply, state.sanctions, mech.trade_shares(state.trade)[1],
                                  layout, p)
    return (with_defiance(mech.effective_bite(state.bite, comply, by, on), defiance),
            mech.effective_bite(state.sanctions, comply, by, on, mech.VOLUME_KINDS))


def _trade_free(world: World, rules: CompiledRules, state: State,
                oil_share: np.ndarray) -> np.ndarray:
    """Gravity baseline from a state's trade: what it would be with no sanctions or hostility.

    The bans in force and the damage so far are taken out, so after a lift trade returns
    toward its level before the sanctions (scaled by both economies' size).
    """
    p = world.params
    e_bite, vol = _state_bite(world, rules, state)
    pact = state.deals[..., D_PACT]
    pact = np.minimum(1.0, pact + pact.swapaxes(1, 2))
    gdp = np.maximum(state.ind[:, :, COL["gdp"]], 1e-9)
    size = mech.gravity_trade(np.ones((world.n, world.n)), gdp, world.gdp0, state.relations,
                              pact, p, world.hostility)
    barrier = mech.sanction_barrier(e_bite, vol, oil_share, p)
    old = state.trade * rules.off
    cap = p.trade_free_max * old
    # first guess, then take out what sanctions already redirected to this partner
    guess = np.minimum(old / np.maximum(size * barrier, 1e-9), cap)
    redirected = mech.redirection(guess, barrier, e_bite, p, None, vol,
                                  mech.secondary_on(state.sanctions))
    own = np.maximum(old - redirected, 0.25 * old)
    return np.asarray(np.minimum(own / np.maximum(size * barrier, 1e-9), cap))


def implied_freezes(world: World, work: Work) -> np.ndarray:
    """Frozen shares: explicit freezes, raised to what financial sanctions in force imply."""
    frozen = work.frozen
    if frozen.shape[0] < work.sanctions.shape[0]:
        frozen = widen(frozen, work.sanctions.shape[0])
    return initial_frozen(world, work.sanctions, frozen)
