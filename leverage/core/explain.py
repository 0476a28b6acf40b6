"""Why things changed: contributions by cause that add up to each indicator's change, and news."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from leverage.core.actions import Actions
from leverage.core.derived import gold_market, home_gold_value, reserve_values, usable_reserves
from leverage.core.mechanisms import (
    EXPLANATIONS,
    STABILITY_LABELS,
    cause_sentence,
    income_gap,
    log_constants,
    saturate,
)
from leverage.core.rules import CompiledRules, Work
from leverage.core.stages import Turn
from leverage.core.state import COL, State
from leverage.core.vocab import DEAL_KINDS, POLICY_KINDS, SANCTION_KINDS
from leverage.core.world import World

#: Indicators whose change an Explanation decomposes (besides `relations`, pair level).
EXPLAINED: tuple[str, ...] = (
    "growth", "gdp", "inflation", "reserves", "oil_output", "stability", "emigrants",
)
_REPRESSION = POLICY_KINDS.index("repression")
SANCTION_LABELS: dict[str, str] = {
    "financial": "financial", "trade": "trade", "oil": "oil", "other": "gold/transport/officials",
}


@dataclass
class NewsItem:
    """One line of news for the turn-results screen (about game 0 of the batch)."""

    turn: int
    kind: str                 # 'event' | 'move' | 'deal' | 'bloc' | 'change'
    title: str
    text: str
    countries: tuple[str, ...]


@dataclass
class Explanation:
    """changes[indicator][cause] is a (B, N) contribution to the indicator's change this turn.

    For `relations` the arrays are (B, N, N).  The contributions of an indicator add up to its
    change over the turn; `mechanisms` gives the one-sentence explanation of each cause.
    """

    changes: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    mechanisms: dict[str, str] = field(default_factory=dict)
    news: list[NewsItem] = field(default_factory=list)

    def add(self, indicator: str, cause: str, value: np.ndarray, why: str) -> None:
        """Add a contribution (summed with any earlier one under the same cause)."""
        bucket = self.changes.setdefault(indicator, {})
        if cause in bucket:
            bucket[cause] = bucket[cause] + value
        else:
            bucket[cause] = np.array(value, dtype=float, copy=True)
        self.mechanisms.setdefault(cause, why)

    def total(self, indicator: str) -> np.ndarray:
        """Sum of the contributions to one indicator."""
        parts = list(self.changes.get(indicator, {}).values())
        return np.asarray(sum(parts[1:], parts[0].copy())) if parts else np.zeros(0)

    def top(self, indicator: str, country: int, b: int = 0, k: int = 5) -> list[tuple[str, float]]:
        """The k largest causes (by size) of the change of one country's indicator in game b."""
        items = [(cause, float(v[b, country])) for cause, v in
                 self.changes.get(indicator, {}).items() if v.ndim == 2]
        items.sort(key=lambda cv: (-abs(cv[1]), cv[0]))
        return items[:k]

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


def parts_of(turn: Turn) -> Parts:
    """The contributions by cause that the explanation reports, from a turn's stage results."""
    s, lv, tr, gr, inf, soc = (turn.start, turn.levers, turn.trade, turn.growth,
                               turn.inflation, turn.society)
    p, dt = s.p, s.rules.dt
    rho = p.growth_persistence
    parts = Parts()
    parts.growth = {k: (1 - rho) * v for k, v in gr.pushes.items()}
    parts.growth["Return to trend growth"] = (1 - rho) * (s.consts.trend
                                                          - s.ind[:, :, COL["growth"]])
    parts.growth["Random shock"] = gr.shock
    parts.growth_pairs = {k: -(1 - rho) * v for k, v in gr.terms.items()}
    parts.x_gdp = gr.x
    parts.infl = {
        "Inertia": inf.inertia, "Money printing": inf.pressure["print"],
        "Buying miners' gold": inf.pressure["miner_gold"],
        "Lost oil income (printed deficit)": inf.pressure["deficit"],
        "Dollar shortage": inf.pressure["shortage"], "Austerity": inf.pressure["austerity"],
        "Random shock": inf.shock,
    }
    parts.log_infl = gr.log_infl
    parts.oil = {"Capacity and upkeep": (tr.cap - tr.q) / p.tau_oil}
    parts.oil_pairs = _oil_buyer_parts(turn)
    parts.stab = {
        "Return to normal": (soc.parts["base"] - soc.stab) / p.tau_stability,
        **{STABILITY_LABELS[k]: v / p.tau_stability for k, v in soc.parts.items() if k != "base"},
    }
    base = p.emig_rate * soc.population * income_gap(gr.new_gdp, soc.population, p) * dt
    infl_part = base * p.emig_inflation * np.maximum(inf.new_log_infl - log_constants(p).crisis,
                                                     0.0)
    recession = base * p.emig_recession * np.maximum(-gr.new_growth, 0.0) / 10.0
    repression = lv.pol[:, :, _REPRESSION]
    parts.emig = {"Runaway prices": infl_part, "Recession": recession,
                  "Repression": (infl_part + recession) * p.emig_repression * repression}
    parts.rel = _relation_parts(turn)
    parts.res = _reserve_parts(turn)
    return parts


def _relation_parts(turn: Turn) -> dict[str, np.ndarray]:
    """Drift of relations by part of their target (B, N, N), adding up to the whole drift.

    The target is the saturated sum of its parts: the long-run ties pull toward their own
    saturated value, and every other part counts at the slope between that and the target.
    """
    s, rel = turn.start, turn.relations
    scale = s.rules.off / max(s.p.tau_relations, 1.0)
    pulled = saturate(rel.anchor)
    rest = rel.raw - rel.anchor
    near = np.abs(rest) < 1e-9
    slope = np.where(near, 1.0 - (pulled / 100.0) ** 2,
                     (rel.target - pulled) / np.where(near, 1.0, rest))
    out = {"anchor": (pulled - s.work.relations) * scale}
    for k, v in rel.parts.items():
        if k != "anchor":
            out[k] = v * slope * scale
    return out


def _oil_buyer_parts(turn: Turn) -> np.ndarray:
    """(B, N, N) change of output due to each sanctioner's bans on buyers [country, sanctioner].

    The change beyond following capacity (wells shut in at once, and the lower output the
    remaining buyers allow) is shared among the sanctioners by the buyers each bans (now or
    last turn, for a ban lifted this turn).
    """
    p, tr, ol, lv = turn.start.p, turn.trade, turn.oil, turn.levers
    buyers = ol.new_q - tr.q - (tr.cap - tr.q) / p.tau_oil
    weight = lv.vol[2].swapaxes(1, 2)
    if lv.vol_prev is not None:
        weight = np.maximum(weight, lv.vol_prev[2].swapaxes(1, 2))
    weight = ol.free_share * weight
    total = weight.sum(axis=2, keepdims=True)
    share = np.where(total > 1e-12, weight / np.maximum(total, 1e-12), 0.0)
    return np.asarray(buyers[:, :, None] * share)


def _reserve_parts(turn: Turn) -> dict[str, np.ndarray]:
    """Changes in each reserve asset's value by cause (B, N, 5), and the freezes."""
    rs, p = turn.reserves, turn.start.p
    d_gold = np.zeros(rs.d_income.shape[:2] + (5,))
    per_tonne = home_gold_value(p, rs.market, rs.gold_price)
    d_gold[:, :, 3] = -rs.tonnes * per_tonne
    d_gold[:, :, 1] = rs.tonnes * (rs.gold_price[:, None] * (1.0 - p.gold_haircut))
    d_miner = np.zeros_like(d_gold)
    d_miner[:, :, 3] = rs.miner * per_tonne
    return {"Oil and export income": _pad5(rs.d_income), "Gold sold through partners": d_gold,
            "Buying miners' gold": d_miner, "Credit lines": _pad5(rs.d_credit),
            "_frozen": rs.frozen, "_before_adds": turn.before_adds}


def _pad5(cash: np.ndarray) -> np.ndarray:
    """(B, N, 3) cash changes as (B, N, 5) reserve-asset changes."""
    out = np.zeros(cash.shape[:2] + (5,))
    out[:, :, :3] = cash
    return out


class Tracker:
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
                                          gold_market(w.sanctions), self.gold_price)}

    def note(self, label: str, why: str) -> None:
        """Attribute the change since the last note to `label`."""
        now = self._snapshot()
        diff = {k: now[k] - self.snap[k] for k in now}
        self.snap = now
        if any(np.any(v != 0) for v in diff.values()):
            self.steps.append((label, why, diff))


def explain_turn(world: World, rules: CompiledRules, state: State, work: Work, new: State,
             parts: Parts, tracker: Tracker, ex: Explanation) -> None:
    """Fill `ex.changes`: contributions by cause adding up to each indicator's change."""
    p = world.params
    names = world.names
    e = EXPLANATIONS
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
               else cause_sentence(label, e["growth"]))
    _pairs(world, ex, "growth", parts.growth_pairs, names, work.sanctions)
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
               else cause_sentence(label, e["inflation"]))
    direct("inflation")
    limits("inflation", new.ind[:, :, col["inflation"]] - state.ind[:, :, col["inflation"]])

    # oil output
    for label, v in parts.oil.items():
        ex.add("oil_output", label, v, cause_sentence(label, e["oil_output"]))
    for j in range(world.n):
        v = parts.oil_pairs[:, :, j]
        if np.any(v != 0):
            ex.add("oil_output", f"{names[j]} oil sanctions (buyers lost)", v, e["sanction_ban"])
    direct("oil_output")
    limits("oil_output", new.ind[:, :, col["oil_output"]] - state.ind[:, :, col["oil_output"]])

    # stability, emigration
    for label, v in parts.stab.items():
        ex.add("stability", label, v, cause_sentence(label, e["stability"]))
    direct("stability")
    limits("stability", new.ind[:, :, col["stability"]] - state.ind[:, :, col["stability"]])
    for label, v in parts.emig.items():
        ex.add("emigrants", label, v, cause_sentence(label, e["emigration"]))
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
    channel = gold_market(work.sanctions)
    values_work = reserve_values(work.ind, p, channel, new.gold_price)
    ex.add("reserves", "Freezes", (values_work * (work.frozen - frozen)).sum(axis=2),
           e["freezes"])
    mid = usable_reserves(before, frozen, p, channel, new.gold_price)
    end = usable_reserves(new.ind, new.frozen, p, channel, new.gold_price)
    adds = end - mid
    if np.any(adds != 0):
        ex.add("reserves", "Earlier moves and events", adds, e["moves"])
    start = usable_reserves(state.ind, state.frozen, p, gold_market(state.sanctions),
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
           names: tuple[str, ...], levels: np.ndarray) -> None:
    """Growth contributions of each sanctioner's bite, labelled by who sanctions whom.

    A financial bite without financial sanctions of one's own is the banking access a defier
    of secondary sanctions loses.
    """
    n = world.n
    financial = SANCTION_KINDS.index("financial")
    for kind, arr in terms.items():
        for j in range(n):
            for i in range(n):
                v = arr[:, i, j]
                if i == j or not np.any(v != 0):
                    continue
                out = np.zeros(arr.shape[:2])
                out[:, i] = v
                label = f"{names[j]} {SANCTION_LABELS[kind]} sanctions on {names[i]}"
                why = EXPLANATIONS["sanction_bite"]
                if kind == "trade":
                    label = f"Trade sanctions between {names[min(i, j)]} and {names[max(i, j)]}"
                elif kind == "financial" and not np.any(levels[:, j, i, financial] > 0):
                    label = f"{names[j]} secondary sanctions on {names[i]} (banking access)"
                    why = EXPLANATIONS["defiance"]
                ex.add(indicator, label, out, why)


def news(world: World, state: State, new: State, actions: Actions, accepted: np.ndarray,
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
