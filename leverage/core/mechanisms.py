"""The model's mechanisms: one small function per idea, each explained in one sentence.

Every function is vectorised over the batch axis B and reads only the previous state's arrays
(passed in as arguments); none of them changes its inputs.  Country axes follow the State's
convention: sanctions[b, i, j, k] is imposed by i on j; trade[b, i, j] are exports of i to j.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from leverage.core.params import Params
from leverage.core.vocab import PAYMENT_SYSTEMS

#: The one-sentence explanation of each mechanism, shown to students.
EXPLANATIONS: dict[str, str] = {
    "policy_inertia": "Policies act slowly, and more gives less.",
    "sanction_bite": "Sanctions hurt more the longer they last, and the damage outlives them.",
    "sanction_ban": "A ban on buying or selling stops the trade within weeks; lifting it lets it return as fast.",
    "defiance": "Firms that keep dealing with a sanctioned country lose access to the sanctioner's banks.",
    "compliance": "Countries that depend on the dollar abandon the target.",
    "gravity_trade": "Big economies trade more; hostility and sanctions push trade down.",
    "redirection": "Sanctioned goods find other buyers, at a discount.",
    "oil_capacity": "Cut off credit and the oilfields decay.",
    "oil_output": "Oil is pumped only as fast as the fields allow and buyers take it.",
    "oil_revenue": "Oil shipped to repay loans earns no cash.",
    "reserves": "Gold abroad can be frozen; gold at home is hard to sell.",
    "freezes": "Financial sanctions freeze reserves held in the sanctioner's currency or vaults.",
    "growth": "Sanctions and oil shocks slow growth.",
    "inflation": "Printing money plus a dollar shortage push prices up.",
    "relations": "Friends of friends drift together; old quarrels and favours fade.",
    "payments": (
        "Countries move to payment systems their partners use and that can't be cut off."
    ),
    "stability": "Hard times and runaway prices shake a government; repression holds it, for a while.",
    "emigration": "When incomes collapse and prices soar, people leave.",
    "oil_price": "The world oil price wanders at random.",
    "deals": "Agreements in force keep money, gold and oil flowing between partners.",
    "momentum": "Economies keep some of last turn's momentum.",
    "shock": "Luck: things nobody planned for.",
    "limits": "Values are kept within their possible range.",
    "moves": "A move or event changed this directly.",
}

#: What each cause in a turn's explanation means, for causes whose label names a channel.
CAUSE_EXPLANATIONS: dict[str, str] = {
    "Return to trend growth": "Without new shocks, an economy drifts back toward its normal growth rate.",
    "Exports": "Firms and farms that sell abroad earn more when exports rise and less when they fall, and the economy grows or shrinks with them.",
    "Oil revenue": "Oil pays for most imports: less oil income means less of everything bought abroad.",
    "Oil price": "The world oil price moved, by luck: dearer oil helps exporters and costs importers.",
    "Inflation": "Runaway prices wreck savings and planning, so the economy slows.",
    "Dollar shortage": "Without dollars a country cannot pay for imported food, parts and medicine.",
    "Austerity": "Spending cuts tame prices but slow the economy for a while.",
    "Reform": "A political opening brings back investors and eases the pressure.",
    "Inertia": "Prices keep rising at last turn's pace until something changes expectations.",
    "Money printing": "Printing money to pay the government's bills pushes prices up.",
    "Buying miners' gold": "Paying miners with new money adds to the money in circulation.",
    "Lost oil income (printed deficit)": "When oil income falls, the government prints the money it no longer earns.",
    "Return to normal": "Shocks to a government's grip fade with time.",
    "Economic growth": "A growing economy steadies a government; a shrinking one shakes it.",
    "Rising prices": "Soaring prices turn people against the government.",
    "Political opening": "A political opening calms the street, though hard-liners resent it.",
    "Emigration": "Mass departures drain the country and show discontent.",
    "Repression": "Force keeps a government in place for a while, and drives more people to leave.",
    "Runaway prices": "When prices soar, people leave to earn a living elsewhere.",
    "Recession": "When the economy shrinks, people leave to find work abroad.",
    "Capacity and upkeep": "Oilfields without investment and spare parts produce less each year.",
}


#: The cause labels of the parts of stability's target, by part name.
STABILITY_LABELS: dict[str, str] = {
    "growth": "Economic growth",
    "inflation": "Rising prices",
    "emigration": "Emigration",
    "repression": "Repression",
    "reform": "Political opening",
    "austerity": "Austerity",
}


@dataclass(frozen=True)
class LogConstants:
    """Logarithms the mechanisms use every turn, worked out once per set of parameters."""

    crisis: float       # log(1.2): prices rising faster than 20% a year
    anchor: float       # log(1 + normal inflation)
    oil_price0: float   # log of the starting oil price
    floor: float        # log(1 - 20%): the lowest inflation kept
    ceiling: float      # log(1 + 100,000%): the highest inflation kept


def log_constants(p: Params) -> LogConstants:
    """The LogConstants of `p` (a handful of logarithms)."""
    return LogConstants(np.log(1.2), np.log1p(p.inflation_anchor / 100), np.log(p.oil_price0),
                        np.log1p(-0.2), np.log1p(1e5))


def cause_sentence(label: str, fallback: str) -> str:
    """The student-facing sentence for a cause label, or `fallback` for a general one."""
    return CAUSE_EXPLANATIONS.get(label, fallback)


EPS = 1e-12


def lastsum(x: np.ndarray, keepdims: bool = False) -> np.ndarray:
    """Sum over the last axis (einsum: much faster than .sum for short axes and big batches)."""
    out: np.ndarray = np.einsum("...j->...", x)
    return out[..., None] if keepdims else out


def anywhere(x: np.ndarray) -> bool:
    """True when any element is non-zero."""
    return bool(np.count_nonzero(x))


def lastmax(x: np.ndarray) -> np.ndarray:
    """Maximum over a short last axis (column by column: numpy reduces short axes slowly)."""
    out = np.array(x[..., 0], copy=True)
    for k in range(1, x.shape[-1]):
        np.maximum(out, x[..., k], out=out)
    return out


def total(parts: dict[str, np.ndarray]) -> np.ndarray:
    """Sum of the arrays in a dict of contributions."""
    values = list(parts.values())
    if len(values) == 1:
        return np.array(values[0], dtype=float, copy=True)
    out = np.asarray(values[0] + values[1], dtype=float)
    for v in values[2:]:
        if v.shape[0] > out.shape[0]:  # a compact (one-game) start meets a full batch
            out = out + v
        else:
            out += v
    return out


def clip(x: np.ndarray, low: float, high: float) -> np.ndarray:
    """Elementwise clip to [low, high]."""
    return np.asarray(np.clip(x, low, high))


def persistence(half_life_months: float, dt: float) -> float:
    """Share of a gap left after one turn of `dt` years, for a half-life given in months."""
    return float(0.5 ** (12.0 * dt / max(half_life_months, 1e-9)))


def policy_inertia(chosen: np.ndarray, in_effect: np.ndarray, p: Params) -> np.ndarray:
    """Policy levels in effect move a fraction 1/k of the way to the chosen levels each turn."""
    return np.asarray(in_effect + (chosen - in_effect) / max(p.policy_turns, 1.0))


def policy_strength(in_effect: np.ndarray, p: Params) -> np.ndarray:
    """Diminishing returns: the effect of a policy at level x is x ** power."""
    return np.asarray(np.power(clip(in_effect, 0.0, 1.0), p.policy_power))


def sanction_bite(levels: np.ndarray, bite: np.ndarray, p: Params) -> np.ndarray:
    """Bite moves toward the sanction level: quickly while in force, slowly after lifting."""
    up = 1.0 - math.exp(-1.0 / max(p.bite_on_turns, 1e-6))
    down = 1.0 - math.exp(-1.0 / max(p.bite_off_turns, 1e-6))
    rate = np.where(levels >= bite, up, down)
    return np.asarray(bite + (levels - bite) * rate)


def initial_bite(level: float, turns_in_force: float, p: Params) -> float:
    """Bite of a sanction in force at `level` for `turns_in_force` turns at the start."""
    return float(level * (1.0 - math.exp(-max(turns_in_force, 0.0) / max(p.bite_on_turns, 1e-6))))


def sanction_use(levels: np.ndarray, bite: np.ndarray) -> np.ndarray:
    """(N, N, KS) bool [by, on, kind]: a sanction is in force or biting, in any game."""
    return np.asarray(np.logical_or.reduce(levels > 0.0, axis=0)
                      | np.logical_or.reduce(bite > 0.0, axis=0))


def sanction_pairs(levels: np.ndarray, bite: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(sanctioner, target) index arrays of the pairs with a sanction in force or biting.

    A pair counts when it does in any game.  Pairs are ordered by target, then sanctioner.
    """
    used = np.logical_or.reduce(sanction_use(levels, bite), axis=2)
    target, by = used.T.nonzero()
    return by, target


@dataclass(frozen=True)
class PairLayout:
    """Index arrays for the (sanctioner, target) pairs of `sanction_pairs`, built once per set."""

    by: np.ndarray          # (P,) sanctioner
    on: np.ndarray          # (P,) target
    third: np.ndarray       # (N, P) bool: country k is party to neither side of pair q
    at_target: np.ndarray   # (P, N) 1.0 where the pair's target is the column
    #: (N, P) weights of country k's relations in its score against complying: its relation
    #: with the sanctioner counts against, with the target for
    by_relations: np.ndarray
    #: (K, P) weights of k's payment shares: use of the sanctioner's system counts for complying
    by_payments: np.ndarray


def pair_layout(by: np.ndarray, on: np.ndarray, issued: np.ndarray, n: int,
                p: Params) -> PairLayout:
    """The PairLayout of the pairs (by, on) among n countries; issued as in `pair_compliance`."""
    k = np.arange(n)[:, None]
    at_target = np.asarray(on[:, None] == np.arange(n)[None, :], dtype=float)
    at_sanctioner = np.asarray(by[:, None] == np.arange(n)[None, :], dtype=float)
    system = issued[by]                                        # (P,) -1: issues none
    by_payments = np.asarray(system[None, :] == np.arange(len(PAYMENT_SYSTEMS))[:, None],
                             dtype=float) * -p.comply_exposure
    return PairLayout(by, on, (k != by[None, :]) & (k != on[None, :]), at_target,
                      (at_sanctioner - at_target).T * (-p.comply_relations / 100.0),
                      by_payments)


def pair_compliance(
    levels: np.ndarray, relations: np.ndarray, pay: np.ndarray, issued: np.ndarray,
    comply: np.ndarray | None, p: Params, by: np.ndarray, on: np.ndarray,
    layout: PairLayout | None = None,
) -> np.ndarray:
    """Compliance c[b, k, q] of third country k with by[q]'s sanctions on on[q], 0..1, (B,N,P).

    levels (B,N,N,KS) sanction levels; relations (B,N,N); pay (B,N,K) payment shares 0..1;
    issued (N,) payment system each country issues (-1: none); comply (B,N) policy strength
    (None: no country has that policy).  Countries that are party to the sanction (k = by or
    k = on) have compliance 0.  `layout` is `pair_layout(by, on, issued, N, p)` when the caller
    keeps one.  Compliance is the logistic function of a score (worked out negated here).
    """
    pl = pair_layout(by, on, issued, relations.shape[1], p) if layout is None else layout
    against = np.matmul(relations, pl.by_relations) + np.matmul(pay, pl.by_payments)
    against -= p.comply_base
    if comply is not None:
        against = against - p.comply_policy * comply[:, :, None]
    secondary = levels[:, by, on, -1]  # the last kind
    against -= (p.comply_secondary * secondary)[:, None, :]
    np.exp(against, out=against)
    against += 1.0
    np.reciprocal(against, out=against)
    against *= pl.third
    return np.asarray(against)


def compliance(
    levels: np.ndarray,
    relations: np.ndarray,
    pay: np.ndarray,
    issued: np.ndarray,
    comply: np.ndarray,
    p: Params,
    active: np.ndarray | None = None,
) -> np.ndarray:
    """Compliance c[b, k, s, j] of third country k with sanctioner s's sanctions on j, 0..1.

    The dense form of `pair_compliance` for every sanctioner (or only the `active` ones: the s
    axis then has their length) and every target.
    """
    n = relations.shape[1]
    s_idx = np.arange(n) if active is None else np.asarray(active)
    by, on = np.repeat(s_idx, n), np.tile(np.arange(n), s_idx.size)
    c = pair_compliance(levels, relations, pay, issued, comply, p, by, on)
    return c.reshape(c.shape[0], n, s_idx.size, n)


def spread_over_pairs(c: np.ndarray, values: np.ndarray, on: np.ndarray, n: int,
                      at_target: np.ndarray | None = None) -> np.ndarray:
    """Sum over pairs q of c[b, k, q] * values[b, q, l], placed at target on[q]: (B, N, N, L).

    at_target is `PairLayout.at_target` when the caller has it.
    """
    if at_target is None:
        at_target = np.asarray(on[:, None] == np.arange(n)[None, :], dtype=float)  # (P, N)
    contrib = c[:, :, :, None] * values[:, None, :, :]  # (B, N, P, L)
    return np.asarray(np.matmul(at_target.T, contrib))


class Bites:
    """Effective bite per sanction kind, each (B, N, N) [by, on], knowing which kinds bite.

    Holds a (B, N, N, KS) array or one array per kind; `bites[k]` is kind k.  `live` holds the
    kinds with a bite anywhere; the others are all zero, and the mechanisms skip them (adding
    or multiplying by zero would change no value).
    """

    def __init__(self, arrays: np.ndarray | Sequence[np.ndarray],
                 live: Collection[int] | None = None) -> None:
        """The bites (stacked on a last axis, or per kind) and the kinds that bite (default all)."""
        self.arrays = arrays
        self.kinds = arrays.shape[-1] if isinstance(arrays, np.ndarray) else len(arrays)
        self.live = frozenset(range(self.kinds) if live is None else live)
        self._either: dict[int, np.ndarray] = {}

    def __getitem__(self, kind: int) -> np.ndarray:
        """Kind `kind`, (B, N, N) [by, on]."""
        arrays = self.arrays
        return arrays[..., kind] if isinstance(arrays, np.ndarray) else arrays[kind]

    def __len__(self) -> int:
        """Number of sanction kinds."""
        return self.kinds

    def either_way(self, kind: int) -> np.ndarray:
        """[b, i, j] the larger of kind `kind`'s bite of i on j and of j on i (worked out once)."""
        out = self._either.get(kind)
        if out is None:
            bite = self[kind]
            out = self._either[kind] = np.maximum(bite, bite.swapaxes(1, 2))
        return out

    def dead(self, kind: int) -> bool:
        """True when no one applies this kind of sanction (its bite is zero everywhere)."""
        return kind not in self.live


BiteLike = np.ndarray | Sequence[np.ndarray] | Bites
"""Effective bite as the mechanisms accept it: stacked on a last axis, per kind, or Bites."""


def by_kind(eff: BiteLike) -> Bites:
    """Effective bite per sanction kind, each (B, N, N) [by, on], from (B, N, N, KS) or as is."""
    return eff if isinstance(eff, Bites) else Bites(eff)


def effective_bite(bite: np.ndarray, c: np.ndarray, by: np.ndarray, on: np.ndarray,
                   kinds: Collection[int] | None = None) -> Bites:
    """Bite each country applies to each other, own sanctions or by complying, per kind 0..1.

    Returns one (B, N, N) array [by, on] per sanction kind.  c is the `pair_compliance` of the
    pairs (by, on) (`sanction_pairs`).  A kind no pair applies is the bite itself (zero), and
    costs nothing; so is secondary sanctions' own bite, which no mechanism reads (they act
    through third countries' compliance).  Given `kinds`, only those kinds are worked out and
    the others read as zero (used for the volume effect of sanction levels).
    """
    kinds_n = bite.shape[-1]
    zero = np.zeros((1,) + bite.shape[1:-1])
    if by.size == 0:
        return Bites(bite if kinds is None else [zero] * kinds_n, ())
    src = bite[:, by, on, :-1]  # (B, P, KS - 1): secondary acts through compliance
    live = np.logical_or.reduce(src.reshape(-1, kinds_n - 1), axis=0).nonzero()[0].tolist()
    if kinds is not None:
        live = [k for k in live if k in kinds]
    if not live:
        return Bites(bite if kinds is None else [zero] * kinds_n, ())
    at_target = np.asarray(on[:, None] == np.arange(bite.shape[1])[None, :], dtype=float)
    out = [bite[..., k] if kinds is None else zero for k in range(kinds_n)]
    for k in live:
        out[k] = _bite_by_target(bite[..., k], c, src[..., k], at_target)
    return Bites(out, live)


def _bite_by_target(own: np.ndarray, c: np.ndarray, src: np.ndarray,
                    at_target: np.ndarray) -> np.ndarray:
    """One kind's effective bite: the own bite, raised at each target by the compliance that
    the pairs on that target spread (summed over the pairs, at most 1).

    at_target (P, N) is 1.0 where pair q's target is the column.
    """
    spread = np.matmul(c, src[:, :, None] * at_target)  # (B, N, N) [k, target]
    np.minimum(spread, 1.0, out=spread)
    return np.asarray(np.maximum(own, spread))


def trade_shares(trade: np.ndarray, exports: np.ndarray | None = None
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Export shares s[i, j] of i's exports going to j, and trade shares of i's total trade.

    `exports` is `lastsum(trade, keepdims=True)` when the caller has it.
    """
    if exports is None:
        exports = lastsum(trade, keepdims=True)
    total = trade + trade.swapaxes(1, 2)
    both = lastsum(total, keepdims=True)
    return trade / np.maximum(exports, EPS), total / np.maximum(both, EPS)


#: Sanction kinds whose level cuts volumes at once: goods embargoes and buyer bans (oil).
VOLUME_KINDS: tuple[int, ...] = (0, 2)


def volume_barrier(vol: BiteLike, oil_share: np.ndarray, p: Params) -> np.ndarray | None:
    """Factor 0..1 that bans in force leave of exports from i to j at once, (B,N,N); None: 1.

    `vol` holds the effective levels of the goods embargo (either way) and of buyer bans on oil
    (only the target's oil exports): a ban works within weeks, so within the turn.
    """
    v = by_kind(vol)
    out: np.ndarray | None = None
    if not v.dead(0):
        out = np.exp(v.either_way(0) * -(p.trade_ban_share * p.beta_trade))
    if not v.dead(2):
        oil = 1.0 - p.oil_embargo_cut * oil_share[:, :, None] * v[2].swapaxes(1, 2)
        out = oil if out is None else out * oil
    return out


def damage_barrier(eff: BiteLike, p: Params) -> np.ndarray | None:
    """Factor 0..1 that the slow damage of sanctions (their bite) leaves of trade, (B,N,N).

    None: no damage anywhere (a factor of 1).  The goods embargo's damage is the part of
    `beta_trade` its ban does not make at once; financial and transport bans act only so.
    """
    e = by_kind(eff)
    x: np.ndarray | None = None  # minus the barrier's exponent
    for kind, beta in ((0, (1.0 - p.trade_ban_share) * p.beta_trade), (1, p.beta_fin_trade),
                       (4, p.beta_transport)):
        if not e.dead(kind):  # either way: exports from i to j or from j to i
            term = e.either_way(kind) * -beta
            x = term if x is None else x + term
    return None if x is None else np.asarray(np.exp(x))


def sanction_barrier(eff: BiteLike, vol: BiteLike, oil_share: np.ndarray,
                     p: Params) -> np.ndarray:
    """Factor 0..1 that sanctions leave of exports from i to j, (B,N,N): bans times damage."""
    ban = volume_barrier(vol, oil_share, p)
    damage = damage_barrier(eff, p)
    if ban is None and damage is None:
        return np.ones((oil_share.shape[0],) + oil_share.shape[1:] * 2)
    if ban is None or damage is None:
        return np.asarray(ban if damage is None else damage)
    return np.asarray(ban * damage)


def gravity_trade(
    trade0: np.ndarray, gdp: np.ndarray, gdp0: np.ndarray, relations: np.ndarray,
    pact: np.ndarray, p: Params, gamma: np.ndarray | None = None,
) -> np.ndarray:
    """Trade without sanctions: the baseline scaled by both economies' size and by hostility.

    trade0 is (N, N) or (B, N, N), at the GDP gdp0; `gamma` (N, N) each pair's own
    `gamma_hostility` where the scenario sets one (None: the global value for every pair).
    """
    size = np.maximum(gdp, EPS) / np.maximum(gdp0, EPS)[None]
    if p.trade_size_elasticity != 1.0:
        size = np.power(size, p.trade_size_elasticity)
    weight = p.gamma_hostility if gamma is None else gamma
    hostile = np.exp(np.minimum(relations, 0.0) * (weight / 100.0))
    return np.asarray(pact_baseline(trade0, pact, p) * size[:, :, None] * size[:, None, :]
                      * hostile)


def pact_baseline(trade0: np.ndarray, pact: np.ndarray, p: Params) -> np.ndarray:
    """The trade baseline raised by trade pacts in force, (B, N, N)."""
    base = trade0 if trade0.ndim == 3 else trade0[None]
    return np.asarray(base * (1.0 + p.trade_pact_boost * pact))


def redirection(
    free: np.ndarray, barrier: np.ndarray, eff: BiteLike, p: Params,
    through: np.ndarray | None = None, vol: BiteLike | None = None,
    secondary: np.ndarray | None = None,
) -> np.ndarray:
    """Exports lost to sanctions, 2/3 resold at a discount to partners that do not sanction.

    `through` is `free * barrier` (the exports that get through) when the caller has it; `vol`
    the levels of bans in force (goods and oil buyers close a partner as the damage does);
    `secondary` (B, N) the strongest secondary sanctions on each exporter, which stop a share
    `secondary_redirect_cut` of the resales (traders and shippers fear them).
    """
    e = by_kind(eff)
    kept = free * barrier if through is None else through
    share = p.redirect_share * (1.0 - p.redirect_discount)
    resold = lastsum(free - kept)
    if secondary is not None:
        resold = resold * (1.0 - p.secondary_redirect_cut * secondary)
    closing = [e[k] for k in (0, 1) if not e.dead(k)]  # trade or financial damage
    if vol is not None:
        v = by_kind(vol)
        closing += [v[k] for k in VOLUME_KINDS if not v.dead(k)]
    elif not e.dead(2):
        closing.append(e[2])
    weight = kept
    if closing:
        closed = closing[0]
        for other in closing[1:]:
            closed = np.maximum(closed, other)
        weight = kept * (1.0 - closed.swapaxes(1, 2))  # [i, k]: k takes i's goods
    total = lastsum(weight)
    return np.asarray((share * resold / np.maximum(total, EPS))[:, :, None] * weight)


#: Indices of the measure kinds (`vocab.MEASURE_KINDS`).
M_TARIFF, M_IMPORT_BAN, M_EXPORT_BAN, M_INFORMAL, M_QUOTA = range(5)


def measure_factors(measures: np.ndarray, p: Params
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Shares of each flow [exporter, importer, group] that the measures in force leave.

    `measures` is (B, N, N, G, KM) [by, on, group, kind].  Import measures by i on j act on
    j's exports to i, export bans on i's exports to j: each only in its direction.  Returns the
    formal measures' factor (tariffs x import bans x export bans, at once), the informal bans'
    factor (they take hold as trade adjusts) and the quotas' cap, each (B, N, N, G).
    """
    imports = measures.swapaxes(1, 2)  # [exporter = on, importer = by]
    tariff = np.power(1.0 + imports[..., M_TARIFF], -p.tariff_elasticity)
    banned = 1.0 - p.goods_ban_cut * np.minimum(imports[..., M_IMPORT_BAN], 1.0)
    kept_out = 1.0 - p.goods_ban_cut * np.minimum(measures[..., M_EXPORT_BAN], 1.0)
    informal = 1.0 - p.informal_ban_cut * np.minimum(imports[..., M_INFORMAL], 1.0)
    cap = 1.0 - np.minimum(imports[..., M_QUOTA], 1.0)
    return np.asarray(tariff * banned * kept_out), np.asarray(informal), np.asarray(cap)


def measures_kept(measures: np.ndarray, p: Params) -> np.ndarray:
    """(B, N, N, G) share of each flow [exporter, importer, group] that measures leave once
    they hold (formal x informal, capped by the quotas; sanctions aside)."""
    formal, informal, cap = measure_factors(measures, p)
    return np.asarray(np.minimum(formal * informal, cap))


def group_mix(through: np.ndarray, goods0: np.ndarray) -> np.ndarray:
    """(B, N, N, G) each group's share of what gets through from i to j (the starting shares
    where nothing does)."""
    total = lastsum(through, keepdims=True)
    return np.asarray(np.where(total > EPS, through / np.maximum(total, EPS), goods0[None]))


def goods_redirection(before: np.ndarray, through: np.ndarray, p: Params) -> np.ndarray:
    """(B, N, N, G) exports that measures stop, resold by group to the exporter's other buyers.

    `before` is each flow before measures (after sanctions), `through` what measures leave.  A
    share `redirect_share x (1 - goods_redirect_discount)` of what an exporter loses in a group
    goes to the buyers of that group in proportion to what they still take.
    """
    lost = lastsum(np.maximum(before - through, 0.0).swapaxes(-1, -2))  # (B, N, G)
    # buyers weigh by what they take, less where their own measures cut it
    weight = through * np.where(before > EPS, through / np.maximum(before, EPS), 1.0)
    taken = lastsum(weight.swapaxes(-1, -2), keepdims=True).swapaxes(-1, -2)  # (B, N, 1, G)
    share = p.redirect_share * (1.0 - p.goods_redirect_discount)
    return np.asarray(share * lost[:, :, None, :] * weight / np.maximum(taken, EPS))


def relax(value: np.ndarray, target: np.ndarray, turns: float) -> np.ndarray:
    """Move a fraction 1/turns of the way to the target."""
    return np.asarray(value + (target - value) / max(turns, 1.0))


def oil_capacity(
    cap: np.ndarray, fin_bite: np.ndarray, fin_block: np.ndarray, invest_deals: np.ndarray,
    p: Params, invest_any: bool = True,
) -> np.ndarray:
    """Oil capacity next turn: upkeep lost to credit bans, investment deals, net depletion.

    fin_bite (0..1) is the strongest financial bite on the country; `fin_block` (1, N) the share
    of each country's upkeep a full bite stops (`oil_fin_block`, `World.local`); `invest_any`
    False says there is no investment deal anywhere.
    """
    keep = (1.0 + p.oil_invest - p.oil_depletion) - (p.oil_invest * fin_block) * fin_bite
    new = cap * keep
    if invest_any:
        new = new + p.oil_jv_kbd * invest_deals * (cap > 0)
    return np.asarray(np.maximum(new, 0.0))


def oil_sales(
    export_share: np.ndarray, vol: BiteLike, p: Params, secondary: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Share of oil buyers lost to bans in force net of resale, and share resold at a discount.

    `vol` holds the effective levels of the bans (a buyer ban works within weeks); `secondary`
    (B, N) the strongest secondary sanctions on the exporter's oil, as fresh as they still are
    (`oil_secondary_on`), which stop a share `oil_secondary_cut` of the resales.
    """
    v = by_kind(vol)
    if v.dead(2):
        none = np.zeros(export_share.shape[:2])
        return none, none
    blocked = lastsum(export_share * p.oil_embargo_cut * v[2].swapaxes(1, 2))
    blocked = clip(blocked, 0.0, 1.0)
    resold = p.redirect_share * blocked
    if secondary is not None:
        resold = resold * (1.0 - p.oil_secondary_cut * secondary)
    return blocked - resold, resold


def secondary_on(levels: np.ndarray, worn: np.ndarray | None = None) -> np.ndarray | None:
    """(B, N) the strongest secondary sanctions on each country, or None when there are none.

    `worn` (B, N, N) [by, on], when given, is taken off each sanction's level first.
    """
    sec = levels[..., -1]
    if not anywhere(sec):
        return None
    if worn is not None:
        sec = np.maximum(sec - worn, 0.0)
    return np.asarray(np.max(sec, axis=1))


def oil_secondary_on(levels: np.ndarray, bite: np.ndarray, p: Params) -> np.ndarray | None:
    """(B, N) the strongest secondary sanctions on each country's oil resales, as fresh as they are.

    A listing frightens the oil traders and shippers it names at once; as it ages (its bite
    builds) new traders, blenders and tankers replace them, and a share `oil_secondary_replace` of
    its hold on the resales is gone once the bite is full.  None when there are none.
    """
    return secondary_on(levels, p.oil_secondary_replace * bite[..., -1])


def defiance_bite(c: np.ndarray, levels: np.ndarray, trade_share: np.ndarray,
                  layout: PairLayout, p: Params) -> np.ndarray | None:
    """(B, N, N) [sanctioner, k] financial bite that secondary sanctions put on defiers k.

    A third country that does not comply (1 - c) while it trades with the target loses
    banking access to the sanctioner: the bite is the secondary level times its defiance times
    `defy_reach` times the target's share of its trade (at most 1).  None: no one is exposed.
    """
    sec = levels[:, layout.by, layout.on, -1]  # (B, P)
    if not anywhere(sec):
        return None
    n = trade_share.shape[1]
    reach = np.minimum(1.0, p.defy_reach * trade_share[:, :, layout.on])  # (B, N, P)
    exposed = sec[:, None, :] * (1.0 - c) * layout.third * reach       # (B, N, P)
    out = np.zeros((exposed.shape[0], n, n))
    for q, j in enumerate(layout.by.tolist()):
        np.maximum(out[:, j, :], exposed[:, :, q], out=out[:, j, :])
    return out


def oil_demand(output: np.ndarray, gdp: np.ndarray, p: Params) -> np.ndarray:
    """Oil used at home (kb/d): in proportion to GDP, and at least a share of output."""
    return np.asarray(np.maximum(p.oil_home_use * output, p.oil_intensity * gdp))


def oil_revenue(
    output: np.ndarray, demand: np.ndarray, repay: np.ndarray, price: np.ndarray,
    discounted: np.ndarray, p: Params, pledged: np.ndarray | None = None,
    exports: np.ndarray | None = None, discount: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cash oil revenue ($bn/yr), barrels shipped to repay loans (kb/d) and the net oil balance.

    Barrels shipped to repay loans earn no cash.  The balance ($bn/yr) is the cash revenue of an
    exporter, or minus the import bill of an importer.  When the caller has them, `pledged` is
    `lastsum(repay)`, `exports` is `np.maximum(output - demand, 0.0)` and `discount` is
    `p.oil_discount * discounted`.
    """
    if exports is None:
        exports = np.maximum(output - demand, 0.0)
    repaid = np.minimum(lastsum(repay) if pledged is None else pledged, exports)
    if discount is None:
        discount = p.oil_discount * discounted
    unit = np.maximum(price[:, None] - discount, 0.0)
    cash = p.kbd_to_bn * (exports - repaid) * unit
    bill = p.kbd_to_bn * np.maximum(demand - output, 0.0) * price[:, None]
    return cash, repaid, cash - bill


def oil_loan_repayments(
    owed: np.ndarray, kbd: np.ndarray, shipped: np.ndarray, price: np.ndarray, dt: float,
    p: Params,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each oil-backed loan repaid by its own barrels: (amounts left, kb/d, $bn paid per pair).

    owed and kbd are (B, N, N, L) per loan; `shipped` (B, N, 1) is the share of the pledged
    barrels actually shipped this turn.  A loan paid off stops taking barrels; the others go on.
    """
    value = (p.kbd_to_bn * dt) * kbd * (shipped * price[:, None, None])[..., None]
    paid = np.minimum(value, owed)
    left = owed - paid
    done = left <= 1e-9
    return (np.where(done, 0.0, left), np.where(done, 0.0, kbd),
            np.asarray(lastsum(paid)))


def normal_revenue(cap: np.ndarray, demand: np.ndarray, pledged: np.ndarray,
                   p: Params) -> np.ndarray:
    """Cash oil revenue at capacity and the starting price, less barrels pledged to lenders.

    This is the income the budget is built on; falling short of it drains reserves.
    """
    barrels = np.maximum(cap - demand - pledged, 0.0)
    return np.asarray((p.kbd_to_bn * p.oil_price0) * barrels)


def gold_exposure(gold: np.ndarray, use: np.ndarray, p: Params) -> np.ndarray:
    """(B, client, partner) 0..1: how far gold sanctions by a payment system's issuer close a
    refiner that pays through that system (it risks losing it by handling the gold).

    gold (B, S, N) is the gold sanction of each system's issuer on each client; use (B, N, S)
    each partner's payment share in each system.
    """
    out = np.zeros(np.broadcast_shapes(gold.shape[:1], use.shape[:1]) + (gold.shape[2],
                                                                         use.shape[1]))
    for k in range(gold.shape[1]):
        np.maximum(out, gold[:, k, :, None] * use[:, None, :, k], out=out)
    return clip(p.gold_exposure * out, 0.0, 1.0)


def gold_sales(
    gold_home: np.ndarray, refining: np.ndarray, gold_block: np.ndarray,
    relations: np.ndarray, p: Params,
) -> np.ndarray:
    """Tonnes of home gold refined and sold through partners this turn, in all, (B,N).

    Each partner with a refining deal takes up to `gold_sell_tonnes` a turn, less what gold
    sanctions (gold_block, 0..1) close and more the friendlier it is; no more than the gold at
    home is sold.
    """
    friendly = clip(relations * 0.025 + 0.5, 0.0, 1.0)  # 0 at relations -20, 1 at +20
    wanted = lastsum(refining * (1.0 - clip(gold_block, 0.0, 1.0)) * friendly)
    return np.asarray(np.minimum(p.gold_sell_tonnes * wanted, np.maximum(gold_home, 0.0)))


def credit_currency(own: np.ndarray, frozen_cash: np.ndarray, use: np.ndarray) -> np.ndarray:
    """Reserve currency (0 usd, 1 eur, 2 cny) in which lent money reaches the borrower.

    `own` is the lender's currency (-1: it issues none), `frozen_cash` (..., 3) the borrower's
    frozen share of each currency, `use` (..., 3) its payment shares in them.  The lender's own
    currency when the borrower can use it as freely as any other; otherwise the borrower's
    least-frozen currency (the one it pays in most on a tie): a loan is never credited where
    the borrower cannot spend it.
    """
    free = 1.0 - np.asarray(frozen_cash, dtype=float)
    shape = np.broadcast_shapes(free.shape, np.shape(use), np.shape(own) + (3,))
    free = np.broadcast_to(free, shape)
    best = np.argmax(free + 1e-3 * use, axis=-1)
    best_free = np.take_along_axis(free, best[..., None], axis=-1)[..., 0]
    own = np.broadcast_to(np.asarray(own), best.shape)
    own_free = np.take_along_axis(free, np.maximum(own, 0)[..., None], axis=-1)[..., 0]
    return np.asarray(np.where((own >= 0) & (own_free >= best_free - 1e-9), own, best))


def reserves_needed(issuer: np.ndarray, p: Params, months: np.ndarray | None = None,
                    share: np.ndarray | None = None) -> np.ndarray:
    """(1, N) reserves each country needs per $bn of GDP: `shortage_months` of imports.

    Issuers of a payment system need none (they pay in their own money).  `months` and `share`
    (N,) are each country's own `shortage_months` and `import_share` when the caller has them.
    """
    cover = ((p.shortage_months if months is None else months) / 12.0
             * (p.import_share if share is None else share))
    return np.asarray(cover * (1.0 - issuer)[None])


def dollar_shortage(usable: np.ndarray, gdp: np.ndarray, issuer: np.ndarray,
                    p: Params, needed: np.ndarray | None = None) -> np.ndarray:
    """0..1: how far usable reserves fall short of `shortage_months` of imports.

    `needed` is `reserves_needed(issuer, p)` when the caller keeps it.
    """
    need = gdp * (reserves_needed(issuer, p) if needed is None else needed)
    return np.asarray(np.where(need > EPS, clip(1.0 - usable / np.maximum(need, EPS), 0.0, 1.0),
                               0.0))


def growth_target_terms(
    eff: BiteLike, pay_weight: np.ndarray, export_share: np.ndarray,
    trade_share: np.ndarray, oil_share: np.ndarray, p: Params,
) -> dict[str, np.ndarray]:
    """Growth lost (%/yr, positive = loss) to each sanctioner's bite, by kind, (B,i,j).

    Only the kinds someone applies appear.
    """
    e = by_kind(eff)

    def on_i(kind: int) -> np.ndarray:
        """[b, i, j]: the bite of j on i."""
        return e[kind].swapaxes(1, 2)

    terms: dict[str, np.ndarray] = {}
    if not e.dead(1):
        terms["financial"] = p.phi_financial * pay_weight * on_i(1)
    if not e.dead(0):
        # np.maximum(on_i(0), e[0]) is either_way(0) read the other way round
        terms["trade"] = p.phi_trade * trade_share * e.either_way(0).swapaxes(1, 2)
    if not e.dead(2):
        terms["oil"] = p.phi_oil * export_share * oil_share[:, :, None] * on_i(2)
    others = [on_i(k) for k in (3, 4, 5) if not e.dead(k)]
    if others:
        total = others[0]
        for more in others[1:]:
            total = total + more
        terms["other"] = p.phi_other * total
    return terms


def inflation_pressure(
    printing: np.ndarray | None, miner_gold: np.ndarray | None, lost_income: np.ndarray,
    shortage: np.ndarray, austerity: np.ndarray | None, p: Params,
) -> dict[str, np.ndarray]:
    """Pushes on log(1 + inflation) this turn, by cause (a policy given as None is in effect
    nowhere and pushes nothing)."""
    pushes = {
        "deficit": p.kappa_deficit * lost_income,
        "shortage": p.lambda_shortage * shortage,
    }
    if printing is not None:
        pushes["print"] = p.kappa_print * printing
    if miner_gold is not None:
        pushes["miner_gold"] = p.kappa_miner_gold * miner_gold
    if austerity is not None:
        pushes["austerity"] = -p.austerity_inflation * austerity
    return pushes


def relation_static(blocs: np.ndarray, levels: np.ndarray, deals: np.ndarray,
                    p: Params) -> dict[str, np.ndarray]:
    """The parts of the relations' target set by blocs, sanctions and deals alone."""
    lv = lastsum(levels)
    dl = lastsum(deals)
    return {"blocs": p.zeta_bloc * np.matmul(blocs, blocs.swapaxes(1, 2)),
            "sanctions": -p.sanction_hostility * np.minimum(1.0, lv + lv.swapaxes(1, 2)),
            "deals": p.deal_warmth * (dl + dl.swapaxes(1, 2))}


def relation_target(
    anchor: np.ndarray, relations: np.ndarray, blocs: np.ndarray, levels: np.ndarray,
    deals: np.ndarray, repression: np.ndarray | None, p: Params,
    off: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Where relations drift: anchor, shared blocs, friends of friends, sanctions, deals, repression.

    Diagonal entries are meaningless (callers keep a country's relation with itself);
    `repression` None is repression in effect nowhere; `off` is 1.0 off the diagonal.
    """
    n = relations.shape[1]
    fixed = relation_static(blocs, levels, deals, p)
    g = relations * (1.0 - np.eye(n)) if off is None else relations * off
    friends = np.matmul(g, g) * (p.gamma_ff / 100.0 / max(n - 2, 1))
    if repression is not None and anywhere(repression):
        harsh = -p.repression_hostility * (repression[:, :, None] + repression[:, None, :])
    else:
        harsh = np.zeros(friends.shape)
    return {
        "anchor": anchor,
        "blocs": fixed["blocs"],
        "friends": friends,
        "sanctions": fixed["sanctions"],
        "deals": fixed["deals"],
        "repression": harsh,
    }


def saturate(raw: np.ndarray) -> np.ndarray:
    """Relations' target from its unbounded sum: 100 tanh(sum / 100), strictly inside +-100.

    Near zero it is the sum itself; toward the walls each further point counts less but never
    nothing, so a move at -90 still registers.
    """
    return np.asarray(100.0 * np.tanh(np.asarray(raw) / 100.0))


def unsaturate(rel: np.ndarray) -> np.ndarray:
    """The unbounded sum whose `saturate` is `rel` (relations kept within +-99 first)."""
    return np.asarray(100.0 * np.arctanh(clip(np.asarray(rel, dtype=float) / 100.0, -0.99, 0.99)))


def shift_relation(rel: np.ndarray, amount: np.ndarray | float) -> np.ndarray:
    """A relation shifted by `amount` points on the unbounded scale: smaller near the walls."""
    return saturate(unsaturate(rel) + amount)


def fade_anchor(anchor: np.ndarray, anchor0: np.ndarray, p: Params) -> np.ndarray:
    """Long-run ties drift back to their starting level: a shift is half gone in
    `relation_fade_turns` turns."""
    keep = 0.5 ** (1.0 / max(p.relation_fade_turns, 1e-6))
    return np.asarray(anchor0 + (anchor - anchor0) * keep)


def payment_pushes(
    pay: np.ndarray, trade_share: np.ndarray, links: np.ndarray | None,
    risk: np.ndarray | None, dedollarise: np.ndarray | None, p: Params,
) -> tuple[np.ndarray, np.ndarray]:
    """(force, extra), each (B, N, K): what pushes each payment system's share up or down.

    `force` multiplies a system's resting share by exp(force): partners' use pulls, a payment
    link to a partner's system pulls, sanction risk on a system and de-dollarising push away.
    `extra` is new use added outright (so a system nobody used can start): a seed from a link
    (pulled like the system's own use), the payments de-dollarising moves to partners' other systems or barter, and barter
    under sanction risk.  `links` or `risk` given as None is zero everywhere.
    """
    if risk is not None and not anywhere(risk):
        risk = None
    if links is not None and not anywhere(links):
        links = None
    partners = np.matmul(trade_share, pay)
    lone = lastsum(trade_share, keepdims=True) <= EPS
    if anywhere(lone):
        partners += pay * lone
    force = partners - pay
    force *= p.beta_network
    extra = np.zeros(force.shape)
    if risk is not None:
        force -= p.beta_risk * risk
        extra[:, :, 4] += (0.1 * p.beta_risk) * lastmax(risk)
    if links is not None:
        pull = p.beta_link * links
        force += pull
        extra += p.link_seed * links * np.exp(pull)  # the seed grows with the pull
    if dedollarise is not None and anywhere(dedollarise):
        force[:, :, 0] -= p.beta_dedollarise * dedollarise
        # de-dollarising moves payments to partners' other systems, or to barter
        alt = partners.copy()
        alt[:, :, 0] = 0.0
        alt[:, :, 4] += 0.05
        alt *= (0.1 * p.beta_dedollarise * dedollarise)[:, :, None] / lastsum(alt, keepdims=True)
        extra += alt
    return force, extra


def payment_base(pay: np.ndarray, force: np.ndarray, extra: np.ndarray) -> np.ndarray:
    """Resting payment shares (B, N, K): those the pushes of the start turn into the starting
    shares, so that with nothing new the shares stay where they start."""
    scale = 1.0 + lastsum(extra, keepdims=True)
    return np.asarray(np.maximum(pay * scale - extra, 0.0) * np.exp(-force))


def payment_target(base: np.ndarray, force: np.ndarray, extra: np.ndarray) -> np.ndarray:
    """Target payment shares (B, N, K): the resting shares moved by the pushes, adding to 1."""
    mass = base * np.exp(force) + extra
    return np.asarray(mass / np.maximum(lastsum(mass, keepdims=True), EPS))


def stability_target(
    norm: np.ndarray, growth: np.ndarray, log_infl: np.ndarray, emig_pct: np.ndarray,
    repression: np.ndarray | None, reform: np.ndarray | None, austerity: np.ndarray | None,
    p: Params, trend: np.ndarray | float | None = None,
    anchor: np.ndarray | float | None = None,
) -> dict[str, np.ndarray]:
    """Where stability settles: its normal level moved by hard times and policies (points).

    A policy given as None is in effect nowhere and moves nothing.  `trend` and `anchor` are
    each country's trend growth and log inflation anchor (the global ones when None).
    """
    trend = p.growth_trend if trend is None else trend
    anchor = log_constants(p).anchor if anchor is None else anchor
    parts = {
        "base": norm,
        "growth": p.stab_growth * (growth - trend),
        "inflation": -p.stab_inflation * np.maximum(log_infl - anchor, 0.0),
        "emigration": -p.stab_emigration * emig_pct,
    }
    for name, weight, level in (("repression", p.stab_repression, repression),
                                ("reform", p.stab_reform, reform),
                                ("austerity", -p.stab_austerity, austerity)):
        if level is not None:
            parts[name] = weight * level
    return parts


def income_gap(gdp: np.ndarray, population: np.ndarray, p: Params) -> np.ndarray:
    """0..1: how far income per person falls short of the reference income."""
    return clip(1.0 - gdp / np.maximum(population, EPS) / p.income_ref, 0.0, 1.0)


def distress(log_infl: np.ndarray, growth: np.ndarray, p: Params) -> np.ndarray:
    """Crisis intensity: runaway prices (above 20% a year) and a shrinking economy."""
    return np.asarray(p.emig_inflation * np.maximum(log_infl - log_constants(p).crisis, 0.0)
                      + (p.emig_recession / 10.0) * np.maximum(-growth, 0.0))


def emigration(
    gdp: np.ndarray, population: np.ndarray, log_infl: np.ndarray, growth: np.ndarray,
    repression: np.ndarray | None, dt: float, p: Params,
) -> np.ndarray:
    """People leaving this turn (millions): income gap times crisis intensity.

    `repression` None: repression is in effect nowhere.
    """
    gap = income_gap(gdp, population, p)
    mult = distress(log_infl, growth, p)
    if repression is not None and anywhere(repression):
        mult = mult * (1.0 + p.emig_repression * repression)
    flow = (p.emig_rate * dt) * population * gap * mult
    return np.asarray(np.minimum(flow, 0.05 * population))


def oil_price_walk(price: np.ndarray, shock: np.ndarray, p: Params) -> np.ndarray:
    """Log random walk with a weak pull back to the starting price, kept within bounds."""
    log_p = np.log(np.maximum(price, EPS))
    pull = p.oil_price_revert * (log_constants(p).oil_price0 - log_p)
    new = np.exp(log_p + pull + p.oil_price_sigma * shock)
    return np.asarray(clip(new, p.oil_price_min, p.oil_price_max))
