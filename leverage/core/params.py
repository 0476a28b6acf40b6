"""Every model parameter with its default value and where the value comes from.

Parameters are given for turns of a quarter (`months_per_turn = 3`): "per turn" means per
quarter, and a time in turns is a time in quarters.  A scenario with other turns has them
converted once (`Params.for_turn_months`) so that a year holds the same changes; yearly flows
are scaled by `dt = months_per_turn / 12` years where they are used.  Values marked
[assumption] have no published source: scenarios may override them in their `model:` section.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

#: Months in the turn the parameters are given for (a quarter).
CALIBRATION_MONTHS = 3
#: Times in turns of a step that closes a share 1/turns of a gap each turn (`mechanisms.relax`).
STEP_TURNS: tuple[str, ...] = ("policy_turns", "tau_trade", "tau_oil", "tau_relations",
                               "tau_payments", "tau_stability")
#: Times in turns of an exponential approach or a half-life.
DECAY_TURNS: tuple[str, ...] = ("bite_on_turns", "bite_off_turns", "relation_fade_turns")
#: Amounts added each turn (a flow over the turn).
PER_TURN: tuple[str, ...] = (
    "oil_invest", "oil_depletion", "oil_jv_kbd", "gold_sell_tonnes", "miner_gold_tonnes",
    "credit_line_bn", "arms_credit_bn", "kappa_print", "kappa_miner_gold", "kappa_deficit",
    "lambda_shortage", "austerity_inflation",
)
#: Shares of a value kept from one turn to the next.
KEPT_PER_TURN: tuple[str, ...] = ("growth_persistence",)
#: Shares of a gap closed each turn.
PULLED_PER_TURN: tuple[str, ...] = ("oil_price_revert",)
#: Standard deviations of a random step each turn on a level (they grow with the root of time).
STEP_SIGMAS: tuple[str, ...] = ("oil_price_sigma", "inflation_sigma")
#: Standard deviations of a shock each turn on a yearly rate (growth): the year's sum of them
#: keeps its spread when they shrink with the root of the turns in a year.
RATE_SIGMAS: tuple[str, ...] = ("growth_sigma",)

#: Parameters a scenario may also set for one country (in that country's `model:`); every other
#: country keeps the scenario's (or the default) value.
COUNTRY_PARAMS: tuple[str, ...] = ("import_share", "shortage_months", "growth_trend",
                                   "inflation_anchor", "oil_fin_block")


@dataclass(frozen=True)
class Params:
    """The model's parameters (floats), with defaults calibrated in economics.md."""

    # --- prices and randomness -------------------------------------------------------------
    oil_price0: float = 71.0            # Brent $/bbl at the start (2018 average ~71; EIA)
    oil_price_sigma: float = 0.15       # log random walk per quarter [assumption, economics.md 14]
    oil_price_min: float = 10.0         # floor of the random walk, $/bbl [assumption]
    oil_price_max: float = 200.0        # ceiling of the random walk, $/bbl [assumption]
    oil_price_revert: float = 0.05      # pull back toward oil_price0 per turn [assumption]
    gold_price: float = 0.041           # $bn per tonne (~$1,270/oz, 2018; World Gold Council)
    growth_sigma: float = 1.0           # s.d. of GDP growth shocks, %/yr points [assumption]
    issuer_min_gdp: float = 1000.0      # $bn: smallest economy counted as issuing its payment system

    # --- policy inertia (1) ----------------------------------------------------------------
    policy_turns: float = 2.0           # turns for a policy lever to take effect [assumption]
    policy_power: float = 0.7           # effect = level ** power: more gives less (Democracy 3 style)

    # --- sanctions: fast volume effect, slow damage (2) ------------------------------------
    # Buyer bans, licences and export bans cut volumes at once (their level, within the turn);
    # the damage to capital, finance and trade (the bite) builds and fades slowly.
    bite_on_turns: float = 4.0          # damage builds with time constant of a year [assumption; Dai 2021]
    bite_off_turns: float = 12.0        # damage fades over ~3 years after lifting [assumption; Dai 2021: ~8y]

    # --- trade (3, 4) ----------------------------------------------------------------------
    beta_trade: float = 1.2             # full embargo cuts bilateral trade ~70% (e^-1.2) [assumption]
    trade_ban_share: float = 0.75       # share of it made at once by the ban (e^-0.9); the rest bites [assumption]
    beta_fin_trade: float = 0.3         # financial sanctions raise trade costs [assumption]
    beta_transport: float = 0.1         # transport bans [assumption]
    oil_embargo_cut: float = 0.95       # share of oil exports to an embargoing buyer that stops
    gamma_hostility: float = 0.5        # trade falls e^-0.5 at relations -100 [assumption]
    trade_size_elasticity: float = 1.0  # gravity: trade grows with each side's GDP (elasticity 1)
    trade_pact_boost: float = 0.15      # trade pact raises the pair's trade 15% [assumption]
    redirect_share: float = 2.0 / 3.0   # share of lost exports redirected (Haidar: Iran, 2/3)
    redirect_discount: float = 0.25     # value discount on redirected goods ($20 of ~$70/bbl, 2020)
    tau_trade: float = 2.0              # turns for trade to adjust [assumption]
    trade_free_max: float = 50.0        # pre-sanction trade <= 50x the observed (full oil ban 1/20) [assumption]

    # --- goods and measures (2a) -------------------------------------------------------------
    tariff_elasticity: float = 4.0      # a group's flow falls (1 + rate)^-4 (trade elasticity ~4: Simonovska & Waugh 2014)
    goods_ban_cut: float = 0.95         # share of a group's flow a full formal ban stops (as oil_embargo_cut) [assumption]
    informal_ban_cut: float = 0.9       # share an informal ban stops once it holds (Australian coal to China 2021) [assumption]
    goods_redirect_discount: float = 0.1  # value discount on goods sold elsewhere after a measure [assumption]

    # --- third-country compliance (5) ------------------------------------------------------
    comply_base: float = -3.0           # logistic intercept: little compliance without threats
    comply_exposure: float = 2.0        # weight of use of the sanctioner's payment system
    comply_secondary: float = 2.5       # weight of secondary sanctions (Mir dropped in 2 weeks, 2022)
    comply_policy: float = 2.5          # weight of the `comply` policy
    comply_relations: float = 2.0       # weight of (relation with sanctioner - with target) / 100
    secondary_redirect_cut: float = 0.5  # resales of goods stopped by full secondary sanctions [assumption]
    oil_secondary_cut: float = 0.9      # oil resales stopped by a full, fresh listing (Venezuela after Rosneft Trading, Feb-Jun 2020) [assumption, fitted]
    oil_secondary_replace: float = 0.9  # share of a listing's hold on oil resales lost once its bite is full: new traders replace the listed (Venezuela 2021) [assumption, fitted]
    defy_reach: float = 20.0            # defier's financial bite per share of its trade with the target [assumption]

    # --- oil (6, 7) ------------------------------------------------------------------------
    oil_invest: float = 0.05            # upkeep investment, share of capacity per turn [assumption]
    oil_depletion: float = 0.05         # decline of capacity without upkeep, per turn [assumption]
    oil_fin_block: float = 0.9          # share of upkeep stopped by full financial bite (Rodriguez 2019)
    oil_jv_kbd: float = 25.0            # capacity added per turn by an investment deal (Chevron GL41)
    tau_oil: float = 1.5                # turns for output to follow capacity (lost buyers shut wells at once)
    budget_adapt: float = 0.7           # budget stops counting on 70% of buyers bans take, as they bite [assumption; fit]
    oil_home_use: float = 0.2           # least share of output used at home [assumption]
    oil_intensity: float = 1.2          # kb/d of oil used per $bn of GDP (~100 mb/d / $85trn, 2018)
    oil_discount: float = 20.0          # $/bbl discount on redirected crude (Venezuela 2020)
    kbd_to_bn: float = 0.000365         # $bn a year per kb/d per $/bbl (1000 bbl x 365 days / 1e9)

    # --- reserves (8) ----------------------------------------------------------------------
    gold_haircut: float = 0.10          # discount when selling gold through a partner [assumption]
    gold_sell_tonnes: float = 6.0       # tonnes refined and sold per turn (23.6 t in 2018, Turkey)
    gold_exposure: float = 1.0          # share of refining a gold sanction stops per share paid in the sanctioner's money [assumption]
    gold_home_liquidity: float = 0.25   # share of its price home gold counts under sanctions, deals or not [assumption]
    reserve_save: float = 0.3           # share of income above normal that reaches reserves
    miner_gold_tonnes: float = 2.3      # tonnes bought from miners per turn (9.1 t in 2018; Cano)
    credit_line_bn: float = 0.5         # $bn lent per turn by a credit line [assumption]
    arms_credit_bn: float = 0.3         # $bn of debt per turn from arms on credit [assumption]

    # --- growth (9) ------------------------------------------------------------------------
    growth_trend: float = 2.0           # long-run growth, %/yr [assumption]
    growth_persistence: float = 0.7     # share of last turn's growth carried over [assumption]
    phi_financial: float = 1.2          # %/yr lost to full financial bite x dollar use (US: 0.5-0.9)
    phi_trade: float = 6.0              # %/yr lost to full trade bite x partner's trade share
    phi_oil: float = 3.0                # %/yr lost to full oil bite x partner's share x oil share
    phi_other: float = 0.3              # %/yr lost to transport/officials/gold bite [assumption]
    alpha_exports: float = 0.5          # GDP points per point of GDP lost in exports
    alpha_revenue: float = 1.0          # GDP points per point of GDP lost in oil revenue
    phi_inflation: float = 3.0          # %/yr lost per log unit of inflation above 20% [assumption]
    phi_shortage: float = 8.0           # %/yr lost in a full dollar shortage [assumption]
    austerity_growth: float = 1.5       # %/yr lost to full austerity [assumption]
    reform_growth: float = 1.0          # %/yr gained by full reform [assumption]

    # --- inflation (10) ------------------------------------------------------------------
    inflation_half_life: float = 12.8   # months for half of log(1+pi)'s gap to the anchor to close (VEN 2019-22 decline)
    inflation_anchor: float = 4.0       # %/yr where inflation settles with no pressure [assumption]
    kappa_print: float = 0.7            # log points per turn at full printing (with shortage: VEN 2018, 130,000%)
    kappa_miner_gold: float = 0.15      # log points per turn from buying miners' gold [assumption]
    kappa_deficit: float = 3.0          # log points per unit of printed lost oil income / GDP [assumption]
    deficit_printed: float = 0.1        # share of lost oil income printed while reserves last [assumption]
    lambda_shortage: float = 0.15       # log points per turn in a full dollar shortage [assumption]
    austerity_inflation: float = 0.07   # log points removed by full austerity [assumption]
    shortage_months: float = 3.0        # reserves below 3 months of imports = dollar shortage
    import_share: float = 0.25          # imports as a share of GDP [assumption]
    inflation_sigma: float = 0.01       # shock in log points per turn, x (1 + log inflation) [assumption]

    # --- relations (11) ----------------------------------------------------------------------
    tau_relations: float = 4.0          # turns for relations to drift to their target [assumption]
    relation_fade_turns: float = 8.0    # half-life of a one-off shift of long-run ties: 2 years [assumption]
    zeta_bloc: float = 10.0             # points per shared bloc [assumption]
    gamma_ff: float = 0.3               # weight of friends of friends [assumption]
    sanction_hostility: float = 30.0    # points lost per full sanction (summed kinds, capped) [assumption]
    deal_warmth: float = 8.0            # points gained per deal in force [assumption]
    deal_break_penalty: float = 15.0    # points lost by ending a deal in force [assumption]
    repression_hostility: float = 10.0  # relation points lost abroad per full repression [assumption]

    # --- payment systems (12) ----------------------------------------------------------------
    # Shares rest where they start; only changes in these pushes move them.  Calibrated so that
    # a strong push (new full financial sanctions by the dollar's issuer plus full
    # de-dollarising) takes a 52% dollar share to about 33% in three turns: Russia's exports,
    # 52% -> 34% in nine months of 2022 (economics.md; tests/model/test_payments.py).
    tau_payments: float = 5.0           # turns (4-6 quarters, Russia 2022-23)
    beta_network: float = 0.3           # pull toward partners' systems (trade-weighted) [assumption]
    beta_link: float = 2.0              # log pull toward a linked partner's system [assumption]
    link_seed: float = 0.015            # share a link seeds on its system, before the pull [assumption]
    beta_dedollarise: float = 1.0       # log push away from the dollar at full policy (Russia 2022)
    beta_risk: float = 1.0              # log push away from a system whose issuer sanctions you (Russia 2022)

    # --- stability and emigration (13) -------------------------------------------------------
    tau_stability: float = 3.0          # turns [assumption]
    stab_growth: float = 0.4            # points per %/yr of growth above trend [assumption]
    stab_inflation: float = 2.0         # points per log unit of inflation above the anchor [assumption]
    stab_emigration: float = 1.5        # points per % of population leaving a year [assumption]
    stab_repression: float = 15.0       # points from full repression [assumption]
    stab_reform: float = 8.0            # points from full reform [assumption]
    stab_austerity: float = 8.0         # points lost to full austerity [assumption]
    emig_rate: float = 0.02             # share of pop x income gap leaving a year (1.5m/yr VEN 2018-19)
    emig_inflation: float = 0.5         # crisis intensity per log unit of inflation above 20%
    emig_recession: float = 0.5         # crisis intensity per 10 points of GDP contraction [assumption]
    income_ref: float = 8.0             # $k per person where emigration pressure stops [assumption]
    emig_repression: float = 0.3        # extra emigration under full repression [assumption]

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """Names of every parameter, in declaration order."""
        return tuple(f.name for f in fields(cls))

    def for_turn_months(self, months: float) -> Params:
        """These parameters for turns of `months` months (the same values for a quarter).

        A step toward a target keeps the share of the gap a quarter keeps; a decay time or a
        half-life and amounts per turn scale with the turn; persistences are raised to its
        length in quarters; random steps scale with its root (shocks on a rate with its inverse).
        """
        k = months / CALIBRATION_MONTHS
        if k == 1.0:
            return self
        values: dict[str, float] = {}
        for name in STEP_TURNS:
            kept = 1.0 - 1.0 / max(getattr(self, name), 1.0)
            values[name] = 1.0 / max(1.0 - kept ** k, 1e-9)
        for name in DECAY_TURNS:
            values[name] = getattr(self, name) / k
        for name in PER_TURN:
            values[name] = getattr(self, name) * k
        for name in KEPT_PER_TURN:
            values[name] = getattr(self, name) ** k
        for name in PULLED_PER_TURN:
            values[name] = 1.0 - (1.0 - getattr(self, name)) ** k
        for name in STEP_SIGMAS:
            values[name] = getattr(self, name) * math.sqrt(k)
        for name in RATE_SIGMAS:
            values[name] = getattr(self, name) / math.sqrt(k)
        return replace(self, **values)

    def with_overrides(self, values: Mapping[str, float]) -> Params:
        """Return a copy with some parameters replaced (KeyError naming any unknown one)."""
        known = set(self.names())
        for name in sorted(values):
            if name not in known:
                raise KeyError(f"unknown model parameter {name!r}")
        return replace(self, **{k: float(v) for k, v in values.items()})
