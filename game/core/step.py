"""One turn of the model: `step(world, state, actions, rng, explain) -> (state, explanation)`."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from game.core import mechanisms as mech
from game.core.actions import Actions
from game.core.derived import (
    RESERVE_COLUMNS,
    gold_channel,
    home_gold_value,
    reserve_values,
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
from game.core.state import COL, State
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
            explain: bool = False) -> tuple[State, Explanation | None]:
    """Resolve one turn without checking legality (for already-legal batched actions)."""
    rules = compiled(world)
    b, n = state.batch, world.n
    oil_shock = rng.standard_normal(b)
    gdp_shock = rng.standard_normal((b, n))
    infl_shock = rng.standard_normal((b, n))
    event_draw = rng.random((b, len(world.events)))

    work = Work.from_state(state)
    ex = Explanation() if explain else None
    tracker = _Tracker(world, work, state.gold_price) if explain else None

    accepted, declined = resolve_proposals(world, state, work, actions)
    if tracker is not None:
        tracker.note("Deals accepted this turn", mech.EXPLANATIONS["deals"])
    admitted, refused = resolve_applications(world, state, work, actions)
    moves = np.asarray(actions.moves)
    active = np.argwhere(moves.any(axis=0))
    for i, m in active:
        rows = np.flatnonzero(moves[:, i, m])
        apply_move(world, work, int(m), int(i), rows, moves[rows, i, m].astype(np.int64) - 1)
        if tracker is not None:
            tracker.note(f"Move: {world.moves[m].name} ({world.codes[i]})",
                         world.moves[m].summary or mech.EXPLANATIONS["moves"])
    fired = events_due(world, state, event_draw)
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
    new = new.evolve(score=scores(world, new))
    if ex is not None and tracker is not None and parts is not None:
        _explain(world, rules, state, work, new, parts, tracker, ex)
        _news(world, state, new, actions, accepted, declined, admitted, refused, fired, work, ex)
    return new, ex


def _mechanisms(world: World, rules: CompiledRules, state: State, work: Work,
                oil_shock: np.ndarray, gdp_shock: np.ndarray, infl_shock: np.ndarray,
                parts: Parts | None, fired: np.ndarray) -> State:
    """Apply every mechanism to the decided state; return the next State (without scores)."""
    p, dt = world.params, rules.dt
    ind = work.ind
    gdp = np.maximum(ind[:, :, COL["gdp"]], 1e-9)
    growth = ind[:, :, COL["growth"]]
    pay = ind[:, :, PAY_SLICE] / 100.0
    trade = state.trade

    price = mech.oil_price_walk(state.oil_price, oil_shock, p)
    eff = mech.policy_inertia(work.policies, state.policy_eff, p)
    pol = mech.policy_strength(eff, p)
    bite = mech.sanction_bite(work.sanctions, state.bite, p)
    active = mech.active_sanctioners(work.sanctions, bite)
    comply = mech.compliance(work.sanctions, work.relations, pay, rules.issued,
                             pol[:, :, POLICY_KINDS.index("comply")], p, rules.distinct, active)
    e_bite = mech.effective_bite(bite, comply, active)

    # trade and oil
    export_share, trade_share = mech.trade_shares(trade)
    exports = mech.lastsum(trade)
    q, cap = ind[:, :, COL["oil_output"]], ind[:, :, COL["oil_capacity"]]
    demand = mech.oil_demand(q, gdp, p)
    oil_value = p.kbd_to_bn * np.maximum(q - demand, 0.0) * state.oil_price[:, None]
    oil_share = np.minimum(oil_value / np.maximum(exports, 1e-9), 1.0)
    barrier = mech.sanction_barrier(e_bite, oil_share, p)
    deals = work.deals
    pact = deals[..., DEAL_KINDS.index("trade_pact")]
    if pact.any():
        pact = np.minimum(1.0, pact + np.swapaxes(pact, 1, 2))
    trade_free, unsold0 = _baselines(world, rules, state)
    free = mech.gravity_trade(trade_free, gdp, world.gdp0, work.relations, pact, p)
    target = free * barrier + mech.redirection(free, barrier, e_bite, p)
    new_trade = mech.relax(trade, target, p.tau_trade)
    new_trade *= rules.off
    new_exports = mech.lastsum(new_trade)

    fin_bite = mech.lastmax(np.swapaxes(e_bite[..., SANCTION_KINDS.index("financial")], 1, 2))
    invest = mech.lastsum(deals[..., DEAL_KINDS.index("oil_investment")])
    lost, jv, other = mech.oil_capacity(cap, fin_bite, invest, p)
    new_cap = np.maximum(cap + lost + jv + other, 0.0)
    free_share = free / np.maximum(mech.lastsum(free, keepdims=True), 1e-12)
    unsold, discounted = mech.oil_sales(free_share, e_bite, p)
    new_q = np.maximum(mech.relax(q, np.minimum(cap, cap * (1.0 - unsold + unsold0)), p.tau_oil),
                       0.0)
    rev_new, repaid, bal_new = mech.oil_revenue(new_q, demand, work.oil_repay, price,
                                                discounted, p)
    _, _, bal_old = mech.oil_revenue(q, demand, state.oil_repay, state.oil_price, discounted, p)

    # loans repaid in oil, credit lines, arms on credit
    loans, oil_repay = work.loans, work.oil_repay
    debt = ind[:, :, COL["debt"]]
    if oil_repay.any():
        pledged = mech.lastsum(oil_repay, keepdims=True)
        ship = oil_repay * np.where(pledged > 1e-9,
                                    repaid[:, :, None] / np.maximum(pledged, 1e-9), 0.0)
        paid = np.minimum(p.kbd_to_bn * dt * ship * price[:, None, None], loans)
        loans = loans - paid
        done = loans <= 1e-9
        loans[done] = 0.0
        oil_repay = np.where(done, 0.0, oil_repay)
        debt = debt - mech.lastsum(paid)
    credit = p.credit_line_bn * deals[..., DEAL_KINDS.index("credit_line")]
    arms = p.arms_credit_bn * deals[..., DEAL_KINDS.index("arms_credit")]
    lending = credit.any()
    if lending or arms.any():
        loans = loans + credit + arms
        debt = debt + mech.lastsum(credit + arms)

    # reserves
    channel = gold_channel(work.deals, work.sanctions)
    gold_price = np.full(state.batch, p.gold_price)
    per_tonne = home_gold_value(p, channel, gold_price)
    norm = mech.normal_revenue(cap, demand, mech.lastsum(state.oil_repay), p)
    x0 = world.trade0.sum(axis=1)[None] * (gdp / np.maximum(world.gdp0, 1e-9)[None])
    flow = p.reserve_save * dt * ((rev_new - norm) + (new_exports - x0) * (1 - oil_share))
    # inflows go to unfrozen currencies by payment use; outflows spend unfrozen cash
    cash = ind[:, :, RES_COLS[0]:RES_COLS[2] + 1]
    frozen = _implied_freezes(world, work)
    free_cash = 1.0 - frozen[:, :, :3]
    inflow = pay[:, :, :3] + 1e-3
    inflow[:, :, 0] += pay[:, :, 3] + pay[:, :, 4]
    inflow *= free_cash + 1e-9
    inflow /= mech.lastsum(inflow, keepdims=True)
    held = cash * free_cash
    held /= np.maximum(mech.lastsum(held, keepdims=True), 1e-12)
    d_income = np.where(flow[:, :, None] >= 0, inflow, held) * flow[:, :, None]
    d_cash = d_income.copy()
    gold_home = ind[:, :, COL["gold_home"]]
    refining = deals[..., DEAL_KINDS.index("gold_refining")]
    tonnes = np.zeros_like(gold_home)
    if refining.any():
        gold_lvl = work.sanctions[..., SANCTION_KINDS.index("gold")]
        gold_block = np.maximum(gold_lvl, np.einsum("bksj,bsj->bkj", comply, gold_lvl[:, active]))
        tonnes = mech.lastsum(mech.gold_sales(gold_home, refining, np.swapaxes(gold_block, 1, 2),
                                 work.relations, p))
        d_cash[:, :, 1] += tonnes * (gold_price[:, None] * (1.0 - p.gold_haircut))
    miner = p.miner_gold_tonnes * pol[:, :, POLICY_KINDS.index("buy_miner_gold")]
    d_credit = np.zeros_like(cash) if lending or parts is not None else cash
    if lending:
        for k in range(3):
            d_credit[:, :, k] = mech.lastsum(credit[:, :, rules.lender_asset == k])
        d_cash += d_credit

    new_ind = ind.copy()
    new_ind[:, :, RES_COLS[0]:RES_COLS[2] + 1] = np.maximum(cash + d_cash, 0.0)
    new_ind[:, :, COL["gold_home"]] = np.maximum(gold_home - tonnes + miner, 0.0)
    usable = usable_reserves(new_ind, frozen, p, channel, gold_price)
    shortage = mech.dollar_shortage(usable, gdp, rules.issuer, p)

    # growth and GDP
    pay_weight = np.where(rules.issued[None, None, :] >= 0,
                          pay[:, :, np.maximum(rules.issued, 0)], trade_share)
    terms = mech.growth_target_terms(e_bite, pay_weight, export_share, trade_share, oil_share, p)
    sanction_loss = mech.lastsum(mech.total(terms))
    log_infl = np.log1p(np.maximum(ind[:, :, COL["inflation"]], -99.0) / 100.0)
    rho = p.growth_persistence
    pushes = {
        "Exports": p.alpha_exports * (new_exports - exports) * (1 - oil_share)
        / gdp * 100.0 / dt,
        "Oil revenue": p.alpha_revenue * (bal_new - bal_old) / gdp * 100.0 / dt,
        "Inflation": -p.phi_inflation * np.maximum(0.0, log_infl - np.log(1.2)),
        "Dollar shortage": -p.phi_shortage * shortage,
        "Austerity": -p.austerity_growth * pol[:, :, POLICY_KINDS.index("austerity")],
        "Reform": p.reform_growth * pol[:, :, POLICY_KINDS.index("reform")],
    }
    push_total = sum(pushes.values()) - sanction_loss
    shock = p.growth_sigma * gdp_shock
    new_growth = rho * growth + (1 - rho) * (p.growth_trend + push_total) + shock
    x = new_growth * dt / 100.0
    new_gdp = gdp * np.exp(x)

    # inflation
    pressure = mech.inflation_pressure(
        pol[:, :, POLICY_KINDS.index("print_money")], pol[:, :, POLICY_KINDS.index("buy_miner_gold")],
        np.maximum(0.0, norm - rev_new) / gdp * (p.deficit_printed + (1 - p.deficit_printed)
                                                 * shortage), shortage,
        pol[:, :, POLICY_KINDS.index("austerity")], p)
    rho_i = p.inflation_persistence
    inertia = (rho_i - 1.0) * log_infl + (1.0 - rho_i) * np.log1p(p.inflation_anchor / 100.0)
    infl_shock_l = p.inflation_sigma * (1.0 + log_infl) * infl_shock
    new_log_infl = log_infl + inertia + sum(pressure.values()) + infl_shock_l
    new_log_infl = mech.clip(new_log_infl, np.log1p(-0.2), np.log1p(1e5))
    new_infl = np.expm1(new_log_infl) * 100.0

    # relations
    repression = pol[:, :, POLICY_KINDS.index("repression")]
    rel_parts = mech.relation_target(work.anchor, work.relations, work.blocs, work.sanctions,
                                     work.deals, repression, p)
    rel_target = mech.total(rel_parts)
    new_rel = mech.clip(mech.relax(work.relations, rel_target, p.tau_relations), -100, 100)
    diag = np.arange(world.n)
    new_rel[:, diag, diag] = work.relations[:, diag, diag]

    # payment systems
    link = work.deals[..., DEAL_KINDS.index("payment_link")]
    link = np.minimum(1.0, link + np.swapaxes(link, 1, 2))
    if link.any():
        # the smaller partner adopts the bigger one's system more
        weight = gdp[:, None, :] / (gdp[:, :, None] + gdp[:, None, :])
        links = np.matmul(link * weight, rules.link_system)
    else:
        links = np.zeros_like(pay)
    risk = np.zeros_like(pay)
    fin_k = SANCTION_KINDS.index("financial")
    for k, j in enumerate(rules.issuer_of):
        if j >= 0:
            risk[:, :, k] = e_bite[:, int(j), :, fin_k]
    pay_target = mech.payment_target(pay, trade_share, links, risk,
                                     pol[:, :, POLICY_KINDS.index("dedollarise")], p)
    new_pay = mech.relax(pay, pay_target, p.tau_payments)

    # emigration and stability
    population = ind[:, :, COL["population"]]
    leaving = mech.emigration(new_gdp, population, new_log_infl, new_growth, repression, dt, p)
    emig_pct = leaving / np.maximum(population, 1e-9) * 100.0 / dt
    stab = ind[:, :, COL["stability"]]
    norm = (state.ind[:, :, COL["stability"]].copy() if state.stability_norm is None
            else state.stability_norm)
    stab_parts = mech.stability_target(norm, new_growth, new_log_infl, emig_pct, repression,
                                       pol[:, :, POLICY_KINDS.index("reform")],
                                       pol[:, :, POLICY_KINDS.index("austerity")], p)
    new_stab = mech.relax(stab, mech.total(stab_parts), p.tau_stability)

    new_ind[:, :, COL["gdp"]] = new_gdp
    new_ind[:, :, COL["growth"]] = new_growth
    new_ind[:, :, COL["inflation"]] = new_infl
    new_ind[:, :, COL["oil_output"]] = new_q
    new_ind[:, :, COL["oil_capacity"]] = new_cap
    new_ind[:, :, COL["debt"]] = debt
    new_ind[:, :, COL["stability"]] = new_stab
    new_ind[:, :, COL["emigrants"]] = ind[:, :, COL["emigrants"]] + leaving
    new_ind[:, :, COL["population"]] = population - leaving
    new_ind[:, :, PAY_SLICE] = new_pay * 100.0
    new_ind[:, :, COL["capital"]] = np.asarray(world.capital, dtype=float)[None]
    before_adds = new_ind.copy() if parts is not None else new_ind
    schedule_zero = not bool(state.scheduled.any())
    new_ind += work.add_now
    if not schedule_zero:
        new_ind += state.scheduled[:, 0]
    new_ind = _clip(new_ind, rules)

    if parts is not None:
        parts.growth = {k: (1 - rho) * v for k, v in pushes.items()}
        parts.growth["Return to trend growth"] = (1 - rho) * (p.growth_trend - growth)
        parts.growth["Random shock"] = shock
        parts.growth_pairs = {k: -(1 - rho) * v for k, v in terms.items()}
        parts.x_gdp = x
        parts.infl = {
            "Inertia": inertia, "Money printing": pressure["print"],
            "Buying miners' gold": pressure["miner_gold"],
            "Lost oil income (printed deficit)": pressure["deficit"],
            "Dollar shortage": pressure["shortage"], "Austerity": pressure["austerity"],
            "Random shock": infl_shock_l,
        }
        parts.log_infl = log_infl
        parts.oil = {"Capacity and upkeep": (cap - q) / p.tau_oil}
        parts.oil["Buyers lost before the game began"] = cap * unsold0 / p.tau_oil
        parts.oil_pairs = -(cap[:, :, None] * (1 - p.redirect_share) * free_share
                            * p.oil_embargo_cut * np.swapaxes(e_bite[..., 2], 1, 2)
                            ) / p.tau_oil
        parts.stab = {
            "Return to normal": (stab_parts["base"] - stab) / p.tau_stability,
            **{k.capitalize(): v / p.tau_stability for k, v in stab_parts.items() if k != "base"},
        }
        base = p.emig_rate * population * mech.income_gap(new_gdp, population, p) * dt
        infl_part = base * p.emig_inflation * np.maximum(new_log_infl - np.log(1.2), 0.0)
        recession = base * p.emig_recession * np.maximum(-new_growth, 0.0) / 10.0
        parts.emig = {"Runaway prices": infl_part, "Recession": recession,
                      "Repression": (infl_part + recession) * p.emig_repression * repression}
        parts.rel = {k: (v - (work.relations if k == "anchor" else 0.0)) * rules.off
                     / p.tau_relations for k, v in rel_parts.items()}
        d_gold = np.zeros(cash.shape[:2] + (5,))
        d_gold[:, :, 3] = -tonnes * per_tonne
        d_gold[:, :, 1] = tonnes * (gold_price[:, None] * (1.0 - p.gold_haircut))
        d_miner = np.zeros_like(d_gold)
        d_miner[:, :, 3] = miner * per_tonne
        pad = np.zeros_like(d_gold)
        parts.res = {"Oil and export income": _pad5(d_income, pad),
                     "Gold sold through partners": d_gold, "Buying miners' gold": d_miner,
                     "Credit lines": _pad5(d_credit, pad),
                     "_frozen": frozen, "_before_adds": before_adds}

    return State(
        turn=state.turn + 1,
        ind=new_ind,
        relations=new_rel,
        anchor=work.anchor,
        trade=new_trade,
        loans=loans,
        oil_repay=oil_repay,
        sanctions=work.sanctions,
        bite=bite,
        deals=work.deals,
        policies=work.policies,
        policy_eff=eff,
        frozen=frozen,
        blocs=work.blocs,
        pending=work.pending,
        applications=work.applications,
        scheduled=work.next_schedule(schedule_zero),
        flags=work.flags,
        fired=state.fired + fired.astype(state.fired.dtype),
        played=work.played,
        oil_price=price,
        score=state.score.copy(),
        gold_price=gold_price,
        trade_free=trade_free,
        stability_norm=norm,
        oil_unsold0=unsold0,
    )


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
    pay = ind[:, :, PAY_SLICE] / 100.0
    pol = mech.policy_strength(state.policy_eff, p)
    active = mech.active_sanctioners(state.sanctions, state.bite)
    comply = mech.compliance(state.sanctions, state.relations, pay, rules.issued,
                             pol[:, :, POLICY_KINDS.index("comply")], p, rules.distinct, active)
    e_bite = mech.effective_bite(state.bite, comply, active)
    pact = state.deals[..., DEAL_KINDS.index("trade_pact")]
    pact = np.minimum(1.0, pact + np.swapaxes(pact, 1, 2))
    free = mech.gravity_trade(trade_free, gdp, world.gdp0, state.relations, pact, p)
    free_share = free / np.maximum(mech.lastsum(free, keepdims=True), 1e-12)
    return trade_free, mech.oil_sales(free_share, e_bite, p)[0]


def _trade_free(world: World, rules: CompiledRules, state: State,
                oil_share: np.ndarray) -> np.ndarray:
    """Gravity baseline from a state's trade: what it would be with no sanctions or hostility."""
    p = world.params
    pay = state.ind[:, :, PAY_SLICE] / 100.0
    pol = mech.policy_strength(state.policy_eff, p)
    active = mech.active_sanctioners(state.sanctions, state.bite)
    comply = mech.compliance(state.sanctions, state.relations, pay, rules.issued,
                             pol[:, :, POLICY_KINDS.index("comply")], p, rules.distinct, active)
    e_bite = mech.effective_bite(state.bite, comply, active)
    pact = state.deals[..., DEAL_KINDS.index("trade_pact")]
    pact = np.minimum(1.0, pact + np.swapaxes(pact, 1, 2))
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
    return initial_frozen(world, work.sanctions, work.frozen)


def _pad5(cash: np.ndarray, pad: np.ndarray) -> np.ndarray:
    """(B, N, 3) cash changes as (B, N, 5) reserve-asset changes."""
    out = pad.copy()
    out[:, :, :3] = cash
    return out


def _clip(ind: np.ndarray, rules: CompiledRules) -> np.ndarray:
    """Keep every stored indicator within its range; payment shares add up to 100."""
    low, high = rules.low, rules.high
    out = np.minimum(np.maximum(ind, low), high)
    bad = np.isnan(out)
    if bad.any():
        out[bad] = np.broadcast_to(low, out.shape)[bad]
    shares = out[:, :, PAY_SLICE]
    total = mech.lastsum(shares, keepdims=True)
    if np.any(total <= 1e-9):
        shares[:, :, 0] = np.where(total[:, :, 0] <= 1e-9, 100.0, shares[:, :, 0])
        total = mech.lastsum(shares, keepdims=True)
    out[:, :, PAY_SLICE] = shares * (100.0 / total)
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
        ex.add("growth", label, v, e["shock"] if label == "Random shock" else e["growth"])
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
               e["shock"] if label == "Random shock" else e["inflation"])
    direct("inflation")
    limits("inflation", new.ind[:, :, col["inflation"]] - state.ind[:, :, col["inflation"]])

    # oil output
    for label, v in parts.oil.items():
        ex.add("oil_output", label, v, e["oil_capacity"] if "Capacity" in label else e["oil_output"])
    for j in range(world.n):
        v = parts.oil_pairs[:, :, j]
        if np.any(v != 0):
            ex.add("oil_output", f"{names[j]} oil sanctions (buyers lost)", v, e["redirection"])
    direct("oil_output")
    limits("oil_output", new.ind[:, :, col["oil_output"]] - state.ind[:, :, col["oil_output"]])

    # stability, emigration
    for label, v in parts.stab.items():
        ex.add("stability", label, v, e["stability"])
    direct("stability")
    limits("stability", new.ind[:, :, col["stability"]] - state.ind[:, :, col["stability"]])
    for label, v in parts.emig.items():
        ex.add("emigrants", label, v, e["emigration"])
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
