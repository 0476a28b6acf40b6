"""The fixed vocabulary of the model: indicators, sanction kinds, deal kinds, policies.

Scenario files, expressions and the user interface all name things with these words;
the checker suggests the nearest one when an author misspells a name.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Indicator:
    """One per-country quantity: its name, unit, allowed range and what it means."""

    name: str
    label: str
    unit: str
    low: float
    high: float
    meaning: str
    moved_by: str
    stored: bool = True  # False: derived from other arrays, cannot be set directly


RESERVE_ASSETS: tuple[str, ...] = ("usd", "eur", "cny", "gold_home", "gold_abroad")
PAYMENT_SYSTEMS: tuple[str, ...] = ("usd", "eur", "cny", "mir", "barter")
PAYMENT_LABELS: dict[str, str] = {
    "usd": "US dollar (SWIFT / correspondent banks)",
    "eur": "Euro",
    "cny": "Yuan (CIPS)",
    "mir": "Mir cards / SPFS",
    "barter": "Gold, barter and cash",
}

SANCTION_KINDS: tuple[str, ...] = (
    "trade",
    "financial",
    "oil",
    "gold",
    "transport",
    "officials",
    "secondary",
)
SANCTION_MEANINGS: dict[str, str] = {
    "trade": "Embargo on goods trade between the sanctioner and the target.",
    "financial": "Ban on lending to the target, buying its debt or holding its assets.",
    "oil": "Ban on buying the target's oil.",
    "gold": "Ban on dealing in the target's gold.",
    "transport": "Ban on the target's airline, ships and flights.",
    "officials": "Travel bans and asset freezes on the target's leaders.",
    "secondary": "Penalties on third countries and firms that deal with the target.",
}

#: Product groups that trade is split into (energy is oil: its output model is section 4 of
#: docs/model.md; gold keeps its own mechanism and is in none of them).
GOODS: tuple[str, ...] = ("energy", "metals", "agriculture", "manufactures", "services")
GOODS_MEANINGS: dict[str, str] = {
    "energy": "Crude oil, gas, coal and refined fuels.",
    "metals": "Metals and ores: iron ore, steel, aluminium, copper.",
    "agriculture": "Agriculture and food: grain, meat, wine, seafood.",
    "manufactures": "Machinery, vehicles, chemicals, clothing and other manufactures.",
    "services": "Tourism, education, transport, finance and other services.",
}
#: A pair's trade by group when the scenario gives none: world exports of goods and services
#: in 2018 (WTO, World Trade Statistical Review 2019: services 23%; of goods, fuels 12%, ores,
#: non-ferrous metals, iron and steel 6.5%, agricultural products 10%), rounded to sum to 1.
GOODS_DEFAULT_SHARES: tuple[float, ...] = (0.09, 0.05, 0.08, 0.55, 0.23)

#: Trade measures one country puts on another's goods, group by group.
MEASURE_KINDS: tuple[str, ...] = (
    "import_tariff",
    "import_ban",
    "export_ban",
    "informal_ban",
    "quota",
)
MEASURE_MEANINGS: dict[str, str] = {
    "import_tariff": "A duty on imports from the target, at a rate (0.25 = 25%); rates add up.",
    "import_ban": "A ban on imports from the target; the level is the share of them it covers.",
    "export_ban": "A ban on exports to the target; the level is the share of them it covers.",
    "informal_ban": "Unannounced curbs on imports from the target (customs delays, guidance to "
                    "buyers); they take hold over the following turns.",
    "quota": "A cap on imports from the target: the level is the share of their normal amount "
             "the quota shuts out.",
}
#: True for the measures that act on the imposing country's imports (the target's exports to
#: it); False for those on its own exports to the target.
MEASURE_ON_IMPORTS: tuple[bool, ...] = (True, True, False, True, True)
#: Highest level of each measure kind (a tariff rate of 10 = 1,000%).
MEASURE_MAX: tuple[float, ...] = (10.0, 1.0, 1.0, 1.0, 1.0)

DEAL_KINDS: tuple[str, ...] = (
    "gold_refining",
    "oil_for_loans",
    "payment_link",
    "arms_credit",
    "oil_investment",
    "credit_line",
    "trade_pact",
)
DEAL_MEANINGS: dict[str, str] = {
    "gold_refining": "The partner refines and buys the client's gold, turning it into usable cash.",
    "oil_for_loans": "The partner lends cash now; the client repays by shipping oil.",
    "payment_link": "Each side accepts the other's cards and bank messages (Mir, CIPS).",
    "arms_credit": "The partner sells weapons to the client on credit.",
    "oil_investment": "The partner's firms invest in the client's oilfields (joint ventures).",
    "credit_line": "The partner lends the client cash or restructures its debt.",
    "trade_pact": "Both sides lower barriers and settle trade in their own currencies.",
}

POLICY_KINDS: tuple[str, ...] = (
    "print_money",
    "buy_miner_gold",
    "dedollarise",
    "austerity",
    "repression",
    "reform",
    "comply",
)
POLICY_MEANINGS: dict[str, str] = {
    "print_money": "The central bank prints money to pay for the budget deficit.",
    "buy_miner_gold": "The central bank buys gold from small miners with newly printed money.",
    "dedollarise": "Pushes banks and firms away from the dollar toward other payment systems.",
    "austerity": "Cuts spending: lower deficits, less unrest relief.",
    "repression": "Holds power by force: more stability now, worse relations abroad.",
    "reform": "Political opening (election roadmap, talks with the opposition).",
    "comply": "Banks and firms follow foreign sanctions closely to avoid penalties.",
}

INDICATORS: tuple[Indicator, ...] = (
    Indicator("gdp", "GDP", "$bn", 0.0, 1e6, "Yearly output of the economy in US dollars.",
              "Growth each turn: sanctions, oil revenue, trade, shocks."),
    Indicator("growth", "Growth", "%/yr", -80.0, 40.0, "Real GDP growth over the last turn, as a yearly rate.",
              "Sanctions bite, oil revenue, exports, shocks and moves."),
    Indicator("inflation", "Inflation", "%/yr", -20.0, 1e7, "How fast prices rise, as a yearly rate.",
              "Printing money, dollar shortage, inertia."),
    Indicator("reserves", "Usable reserves", "$bn", 0.0, 1e5,
              "Reserves the central bank can actually spend: unfrozen cash plus gold at home that can be sold.",
              "Oil revenue, loans, gold sales, freezes.", stored=False),
    Indicator("reserves_usd", "Dollar reserves", "$bn", 0.0, 1e5, "Dollar cash and deposits.",
              "Oil revenue, loans, freezes."),
    Indicator("reserves_eur", "Euro reserves", "$bn", 0.0, 1e5, "Euro cash and deposits.",
              "Gold sales for euro cash, freezes."),
    Indicator("reserves_cny", "Yuan reserves", "$bn", 0.0, 1e5, "Yuan deposits, usable through CIPS.",
              "Oil sales to China, yuan settlement."),
    Indicator("gold_home", "Gold at home", "t", 0.0, 1e5, "Central-bank gold in its own vaults.",
              "Buying from miners, refining and selling abroad."),
    Indicator("gold_abroad", "Gold abroad", "t", 0.0, 1e5,
              "Central-bank gold held in foreign vaults; it can be frozen.",
              "Repatriation, freezes."),
    Indicator("frozen", "Frozen share", "%", 0.0, 100.0,
              "Share of reserves frozen by other countries.", "Financial sanctions and recognition of rivals.",
              stored=False),
    Indicator("oil_output", "Oil output", "kb/d", 0.0, 2e4, "Crude oil produced, thousand barrels a day.",
              "Capacity, investment, finance sanctions."),
    Indicator("oil_capacity", "Oil capacity", "kb/d", 0.0, 2e4,
              "What the oilfields could produce with normal upkeep.", "Investment minus decay; credit bans starve it."),
    Indicator("oil_exports", "Oil exports", "kb/d", 0.0, 2e4, "Crude shipped abroad, incl. loan repayments.",
              "Output, embargoes, buyers.", stored=False),
    Indicator("debt", "External debt", "$bn", 0.0, 1e5, "Money owed abroad.", "Loans, arms on credit, repayments."),
    Indicator("stability", "Stability", "0-100", 0.0, 100.0,
              "How firmly the government holds power (100 = unshaken).",
              "Growth, inflation, emigration, repression, reform."),
    Indicator("emigrants", "Emigrants", "m", 0.0, 1e3, "People who have left the country (stock).",
              "Income collapse and inflation."),
    Indicator("population", "Population", "m", 0.0, 2e3, "People living in the country.", "Emigration."),
    Indicator("pay_usd", "Dollar payments", "%", 0.0, 100.0, "Share of foreign payments settled in dollars.",
              "Partners' systems, sanction risk, de-dollarisation."),
    Indicator("pay_eur", "Euro payments", "%", 0.0, 100.0, "Share settled in euros.", "As for dollars."),
    Indicator("pay_cny", "Yuan payments", "%", 0.0, 100.0, "Share settled in yuan through CIPS.",
              "Trade with China, payment links."),
    Indicator("pay_mir", "Mir/SPFS payments", "%", 0.0, 100.0, "Share settled through Russia's Mir/SPFS.",
              "Payment links with Russia."),
    Indicator("pay_barter", "Gold and barter", "%", 0.0, 100.0, "Share settled in gold, barter or cash.",
              "Sanctions that close every bank channel."),
    Indicator("capital", "Political capital", "pts", 0.0, 20.0, "Budget of moves per turn.", "Fixed by the scenario."),
)

INDICATOR_NAMES: tuple[str, ...] = tuple(i.name for i in INDICATORS)


def indicator(name: str) -> Indicator:
    """Return the indicator called `name` (KeyError if there is none)."""
    for ind in INDICATORS:
        if ind.name == name:
            return ind
    raise KeyError(name)
