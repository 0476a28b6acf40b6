"""Directional tests: each mechanism, a run with and without a move on the same seed."""

from __future__ import annotations

import numpy as np

from leverage.core import mechanisms as mech
from leverage.core.params import Params
from leverage.core.state import COL
from leverage.core.vocab import DEAL_KINDS, SANCTION_KINDS
from leverage.core.world import World
from tests.core.factory import CHN, RUS, TUR, USA, VEN, make_state, simulate

OIL = SANCTION_KINDS.index("oil")


def test_every_mechanism_has_a_one_sentence_explanation() -> None:
    """Each explanation is one short sentence ending with a full stop."""
    for name, text in mech.EXPLANATIONS.items():
        assert text.endswith("."), name
        assert text.count(". ") == 0, name
        assert 10 < len(text) < 120, name


def test_oil_embargo_cuts_exports_to_the_sanctioner_and_growth(world: World) -> None:
    """An oil embargo lowers the target's exports to the sanctioner, its oil exports and growth."""
    base = simulate(world, 6)
    emb = simulate(world, 6, plays={0: [(USA, "oil_embargo", VEN)]})
    assert emb[-1].trade[0, VEN, USA] < 0.5 * base[-1].trade[0, VEN, USA]
    assert emb[-1].get("oil_exports", world.params)[0, VEN] < base[-1].get("oil_exports", world.params)[0, VEN]
    lost = [e.get("growth")[0, VEN] - b.get("growth")[0, VEN] for e, b in zip(emb, base, strict=True)]
    assert max(lost[1:]) < 0
    assert emb[-1].get("gdp")[0, VEN] < base[-1].get("gdp")[0, VEN]


def test_embargoed_oil_is_partly_redirected_to_other_buyers(world: World) -> None:
    """Exports lost to the embargo go partly to partners that do not sanction."""
    base = simulate(world, 6)
    emb = simulate(world, 6, plays={0: [(USA, "oil_embargo", VEN)]})
    assert emb[-1].trade[0, VEN, CHN] > base[-1].trade[0, VEN, CHN]
    assert emb[-1].trade[0, VEN].sum() < base[-1].trade[0, VEN].sum()


def test_refining_gold_through_a_friendly_partner_turns_gold_into_cash(world: World) -> None:
    """Gold at home sold through Turkey becomes cash at the price less the haircut; the gold
    kept is not revalued, so usable reserves rise by no more than the cash from the sales."""
    p = world.params
    base = simulate(world, 6)
    gold = simulate(world, 6, plays={0: [(VEN, "refine_gold_turkey", TUR)]},
                    accept={1: [(TUR, VEN, "refine_gold_turkey")]})
    assert gold[-1].deals[0, VEN, TUR, DEAL_KINDS.index("gold_refining")] == 1.0
    assert gold[-1].get("gold_home")[0, VEN] < base[-1].get("gold_home")[0, VEN] - 10
    sold = float(base[2].get("gold_home")[0, VEN] - gold[2].get("gold_home")[0, VEN])
    cash = sold * p.gold_price * (1.0 - p.gold_haircut)
    euros = float(gold[2].get("reserves_eur")[0, VEN] - base[2].get("reserves_eur")[0, VEN])
    usable = float(gold[2].get("reserves", p)[0, VEN] - base[2].get("reserves", p)[0, VEN])
    assert sold > 1.0 and abs(euros - cash) < 0.05 * cash
    assert 0.0 < usable <= cash + 1e-9


def test_gold_sanctions_and_compliance_stop_gold_sales(world: World) -> None:
    """Gold-sector sanctions plus secondary sanctions make Turkey stop refining."""
    accept = {1: [(TUR, VEN, "refine_gold_turkey")]}
    sales = simulate(world, 6, plays={0: [(VEN, "refine_gold_turkey", TUR)]}, accept=accept)
    blocked = simulate(world, 6, plays={0: [(VEN, "refine_gold_turkey", TUR),
                                            (USA, "secondary_sanctions", VEN)]}, accept=accept)
    assert blocked[-1].get("gold_home")[0, VEN] > sales[-1].get("gold_home")[0, VEN] + 3


def test_declined_proposal_changes_nothing(world: World) -> None:
    """A proposal the partner declines leaves no deal in force."""
    states = simulate(world, 3, plays={0: [(VEN, "refine_gold_turkey", TUR)]})
    assert states[1].pending[0, VEN, TUR, world.move_index("refine_gold_turkey")]
    assert not states[2].pending.any()
    assert states[-1].deals.sum() == 0


def test_secondary_sanctions_cut_third_country_trade_with_the_target(world: World) -> None:
    """Turkey, exposed to the dollar, trades less with Venezuela under secondary sanctions."""
    base = simulate(world, 6, plays={0: [(USA, "oil_embargo", VEN)]})
    sec = simulate(world, 6, plays={0: [(USA, "oil_embargo", VEN)],
                                    1: [(USA, "secondary_sanctions", VEN)]})
    assert sec[-1].trade[0, TUR, VEN] < base[-1].trade[0, TUR, VEN]
    assert sec[-1].trade[0, VEN, TUR] < base[-1].trade[0, VEN, TUR]


def test_compliance_rises_with_dollar_exposure_secondary_and_comply_policy() -> None:
    """c = logistic(exposure, secondary sanctions, comply policy, relations)."""
    p = Params()
    n = 3  # k=0 third country, s=1 sanctioner (issues the dollar), j=2 target
    levels = np.zeros((1, n, n, len(SANCTION_KINDS)))
    rel = np.zeros((1, n, n))
    issued = np.array([-1, 0, -1])
    low, high = np.zeros((1, n, 5)), np.zeros((1, n, 5))
    low[0, :, 4] = 1.0
    high[0, :, 0] = 1.0

    def c(pay: np.ndarray, sec: float, comply: float) -> float:
        lv = levels.copy()
        lv[0, 1, 2, -1] = sec
        pol = np.zeros((1, n))
        pol[0, 0] = comply
        return float(mech.compliance(lv, rel, pay, issued, pol, p)[0, 0, 1, 2])

    assert c(high, 0, 0) > c(low, 0, 0)
    assert c(high, 1, 0) > 0.5 > c(high, 0, 0)
    assert c(low, 0, 1) > c(low, 0, 0)
    assert float(mech.compliance(levels, rel, high, issued, np.zeros((1, n)), p)[0, 1, 1, 2]) == 0
    lv = levels.copy()
    lv[0, 1, 2, -1] = 1.0
    full = mech.compliance(lv, rel, high, issued, np.zeros((1, n)), p)
    only = mech.compliance(lv, rel, high, issued, np.zeros((1, n)), p, active=np.array([1]))
    assert np.array_equal(full[:, :, [1], :], only)
    pair = mech.pair_compliance(lv, rel, high, issued, np.zeros((1, n)), p, np.array([1]),
                                np.array([2]))
    assert np.array_equal(pair[:, :, 0], full[:, :, 1, 2])


def test_payment_link_and_dedollarisation_lower_the_dollar_share(world: World) -> None:
    """Adopting Mir (accepted by Russia) or de-dollarising lowers Venezuela's dollar share."""
    base = simulate(world, 6)
    mir = simulate(world, 6, plays={0: [(VEN, "adopt_mir", RUS)]},
                   accept={1: [(RUS, VEN, "adopt_mir")]})
    dedol = simulate(world, 6, plays={0: [(VEN, "dedollarise", VEN)]})
    assert mir[-1].get("pay_usd")[0, VEN] < base[-1].get("pay_usd")[0, VEN]
    assert mir[-1].get("pay_mir")[0, VEN] > base[-1].get("pay_mir")[0, VEN] + 5
    assert dedol[-1].get("pay_usd")[0, VEN] < base[-1].get("pay_usd")[0, VEN]


def test_financial_sanctions_reduce_oil_capacity_over_time(world: World) -> None:
    """Cut off credit and the oilfields decay, more the longer the ban lasts."""
    base = simulate(world, 8)
    fin = simulate(world, 8, plays={0: [(USA, "financial_sanctions", RUS)]})
    gap = [b.get("oil_capacity")[0, RUS] - f.get("oil_capacity")[0, RUS]
           for b, f in zip(base, fin, strict=True)]
    assert gap[1] > 0
    assert all(later > earlier for earlier, later in zip(gap[1:], gap[2:], strict=False))


def test_investment_deal_raises_capacity(world: World) -> None:
    """An oil joint venture adds capacity."""
    base = simulate(world, 5)
    jv = simulate(world, 5, plays={0: [(VEN, "oil_investment", CHN)]},
                  accept={1: [(CHN, VEN, "oil_investment")]})
    assert jv[-1].get("oil_capacity")[0, VEN] > base[-1].get("oil_capacity")[0, VEN] + 50


def test_bite_grows_then_fades_after_lifting(world: World) -> None:
    """Sanctions hurt more the longer they last, and the damage outlives them."""
    states = simulate(world, 12, plays={0: [(USA, "oil_embargo", VEN)],
                                        4: [(USA, "lift_oil_embargo", VEN)]})
    bite = [s.bite[0, USA, VEN, OIL] for s in states]
    assert all(b > a for a, b in zip(bite[:5], bite[1:5], strict=False))
    assert all(b < a for a, b in zip(bite[5:], bite[6:], strict=False))
    assert bite[-1] > 0.3 * bite[4]
    assert states[-1].sanctions[0, USA, VEN, OIL] == 0


def test_initial_bite_matches_the_bite_update() -> None:
    """A sanction in force for d turns starts with the bite the update would have built."""
    p = Params()
    bite = np.zeros(1)
    for _ in range(5):
        bite = mech.sanction_bite(np.ones(1), bite, p)
    assert abs(float(bite[0]) - mech.initial_bite(1.0, 5, p)) < 1e-12


def test_printing_money_raises_inflation(world: World) -> None:
    """Printing money plus a dollar shortage push prices up (into hyperinflation)."""
    base = simulate(world, 8)
    printing = simulate(world, 8, plays={0: [(VEN, "print_money", VEN)]})
    assert printing[-1].get("inflation")[0, VEN] > 5 * base[-1].get("inflation")[0, VEN]
    assert printing[-1].get("inflation")[0, VEN] > 5_000


def test_breaking_a_deal_costs_relations(world: World) -> None:
    """Ending a deal in force costs relations between the two partners."""
    plays = {0: [(VEN, "refine_gold_turkey", TUR)]}
    accept = {1: [(TUR, VEN, "refine_gold_turkey")]}
    keep = simulate(world, 4, plays=plays, accept=accept)
    broken = simulate(world, 4, plays={**plays, 2: [(VEN, "end_gold_refining", TUR)]},
                      accept=accept)
    assert broken[-1].deals[0, VEN, TUR].sum() == 0
    penalty = world.params.deal_break_penalty
    assert broken[3].relations[0, VEN, TUR] < keep[3].relations[0, VEN, TUR] - 0.5 * penalty
    assert broken[3].anchor[0, VEN, TUR] == broken[3].anchor[0, TUR, VEN]


def test_brics_consensus_one_veto_refuses_membership(world: World) -> None:
    """BRICS decides by consensus: one member's veto keeps the applicant out."""
    plays = {0: [(VEN, "apply_brics", VEN)]}
    vetoed = simulate(world, 2, plays=plays, votes={1: [(RUS, VEN, 0)]})
    agreed = simulate(world, 2, plays=plays, votes={1: [(RUS, VEN, 0), (CHN, VEN, 0)]})
    assert vetoed[1].applications[0, VEN, 0]
    assert vetoed[-1].blocs[0, VEN, 0] == 0
    assert not vetoed[-1].applications.any()
    assert agreed[-1].blocs[0, VEN, 0] == 1


def test_shared_bloc_warms_relations(world: World) -> None:
    """Members of the same bloc drift closer."""
    plays = {0: [(VEN, "apply_brics", VEN)]}
    outside = simulate(world, 6, plays=plays)
    inside = simulate(world, 6, plays=plays, votes={1: [(RUS, VEN, 0), (CHN, VEN, 0)]})
    assert inside[-1].relations[0, VEN, CHN] > outside[-1].relations[0, VEN, CHN]


def test_oil_backed_loan_gives_cash_and_debt_repaid_in_oil(world: World) -> None:
    """An oil-backed loan adds cash and debt now; shipped oil repays it and earns nothing."""
    base = simulate(world, 4)
    loan = simulate(world, 4, plays={0: [(CHN, "oil_for_loans", VEN)]},
                    accept={1: [(VEN, CHN, "oil_for_loans")]})
    assert loan[2].get("reserves", world.params)[0, VEN] > base[2].get("reserves", world.params)[0, VEN] + 3
    assert loan[2].get("debt")[0, VEN] > base[2].get("debt")[0, VEN] + 3
    assert loan[2].oil_repay[0, VEN, CHN] > base[2].oil_repay[0, VEN, CHN]
    assert loan[3].loans[0, VEN, CHN] < loan[2].loans[0, VEN, CHN]
    p = Params()
    out, price, disc = np.full((1, 1), 1000.0), np.full(1, 70.0), np.zeros((1, 1))
    demand = np.full((1, 1), 200.0)
    free, _, _ = mech.oil_revenue(out, demand, np.zeros((1, 1, 1)), price, disc, p)
    pledged, shipped, _ = mech.oil_revenue(out, demand, np.full((1, 1, 1), 300.0), price, disc, p)
    assert pledged[0, 0] < free[0, 0] and shipped[0, 0] == 300.0


def test_freezing_reserves_lowers_usable_reserves(world: World) -> None:
    """Frozen reserves cannot be spent."""
    base = simulate(world, 1)
    frozen = simulate(world, 1, plays={0: [(USA, "freeze_assets", VEN)]})
    assert frozen[-1].get("frozen", world.params)[0, VEN] > base[-1].get("frozen", world.params)[0, VEN]
    assert frozen[-1].get("reserves", world.params)[0, VEN] < base[-1].get("reserves", world.params)[0, VEN]


def test_financial_sanctions_freeze_reserves_in_the_sanctioners_currency(world: World) -> None:
    """Financial sanctions by the dollar's issuer freeze dollar reserves; lifting unfreezes."""
    states = simulate(world, 3, plays={0: [(USA, "financial_sanctions", RUS)],
                                       1: [(USA, "lift_financial", RUS)]})
    assert states[1].frozen[0, RUS, 0] == 1.0 and states[1].frozen[0, RUS, 1] == 0.0
    assert states[2].frozen[0, RUS, 0] == 0.0


def test_growth_costs_match_published_ranges() -> None:
    """US financial sanctions cost ~0.5-0.9 points a year; comprehensive ones more than 5."""
    world_state = make_state(__import__("tests.core.factory", fromlist=["make_world"])
                             .make_world())
    p = Params()
    trade = world_state.trade
    export_share, trade_share = mech.trade_shares(trade)
    pay = world_state.ind[:, :, COL["pay_usd"]:COL["pay_barter"] + 1] / 100.0
    pay_weight = np.broadcast_to(pay[:, :, :1], trade.shape).copy()  # USA issues the dollar
    oil_share = np.ones((1, 5))
    eff = np.zeros((1, 5, 5, len(SANCTION_KINDS)))
    eff[0, USA, VEN, SANCTION_KINDS.index("financial")] = 1.0
    fin = mech.growth_target_terms(eff, pay_weight, export_share, trade_share, oil_share, p)
    cost = sum(float(t[0, VEN].sum()) for t in fin.values())
    assert 0.5 <= cost <= 0.9
    eff[0, USA, VEN, :6] = 1.0
    full = mech.growth_target_terms(eff, pay_weight, export_share, trade_share, oil_share, p)
    assert sum(float(t[0, VEN].sum()) for t in full.values()) > 5.0


def test_emigration_calibrated_to_venezuela_2018() -> None:
    """About 1.5 million a year leave at Venezuela's 2018 income and inflation."""
    p = Params()
    flow = mech.emigration(np.array([[98.0]]), np.array([[29.0]]),
                           np.array([[np.log1p(1300.6)]]), np.array([[-18.0]]),
                           np.zeros((1, 1)), 1.0, p)
    assert 1.0 < float(flow[0, 0]) < 2.0
    rich = mech.emigration(np.array([[20500.0]]), np.array([[327.0]]), np.zeros((1, 1)),
                           np.array([[-3.0]]), np.zeros((1, 1)), 1.0, p)
    assert float(rich[0, 0]) == 0.0
    calm = mech.emigration(np.array([[3550.0]]), np.array([[1430.0]]),
                           np.array([[np.log1p(0.05)]]), np.array([[7.0]]),
                           np.zeros((1, 1)), 1.0, p)
    assert float(calm[0, 0]) == 0.0  # poor but growing, low inflation: no exodus


def test_hard_times_lower_stability_and_repression_holds_it(world: World) -> None:
    """Printing money (hyperinflation) lowers stability; repression props it up."""
    base = simulate(world, 6)
    printing = simulate(world, 6, plays={0: [(VEN, "print_money", VEN)]})
    both = simulate(world, 6, plays={0: [(VEN, "print_money", VEN)],
                                     1: [(VEN, "repression", VEN)]})
    assert printing[-1].get("stability")[0, VEN] < base[-1].get("stability")[0, VEN]
    assert both[-1].get("stability")[0, VEN] > printing[-1].get("stability")[0, VEN]
    assert printing[-1].get("emigrants")[0, VEN] > base[-1].get("emigrants")[0, VEN]


def test_policy_inertia_moves_part_way() -> None:
    """Policies act slowly: the level in effect moves part of the way each turn."""
    p = Params()
    eff = mech.policy_inertia(np.ones(1), np.zeros(1), p)
    assert 0 < float(eff[0]) < 1
    assert float(mech.policy_strength(np.array([0.5]), p)[0]) > 0.5


def test_scheduled_change_applies_this_turn_and_next(world: World) -> None:
    """A change effect over two turns adds to stability on both turns."""
    base = simulate(world, 3)
    visit = simulate(world, 3, plays={0: [(RUS, "lavrov_visit", VEN)]})
    col = COL["stability"]
    d1 = visit[1].ind[0, VEN, col] - base[1].ind[0, VEN, col]
    assert abs(d1 - 3.0) < 1e-9
    assert visit[1].scheduled[0, 0, VEN, col] == 3.0
    assert visit[2].ind[0, VEN, col] - base[2].ind[0, VEN, col] > 3.0
    assert visit[1].relations[0, VEN, RUS] > base[1].relations[0, VEN, RUS]


def test_scripted_event_fires_once_on_its_turn(world: World) -> None:
    """The gold-sector sanctions arrive on turn 3 and fire once."""
    states = simulate(world, 5)
    gold = SANCTION_KINDS.index("gold")
    assert states[2].sanctions[0, USA, VEN, gold] == 0
    assert states[3].sanctions[0, USA, VEN, gold] == 1
    assert states[-1].fired[0, 0] == 1


def test_unless_condition_blocks_an_event(world: World) -> None:
    """The blackout never happens once the election flag is set."""
    flagged = simulate(world, 12, plays={0: [(VEN, "election_roadmap", VEN)]}, batch=20)
    assert (flagged[-1].fired[:, 1] - flagged[1].fired[:, 1]).sum() == 0  # from turn 2 on
    free = simulate(world, 12, batch=20)
    assert free[-1].fired[:, 1].sum() > 0


def test_leave_removes_membership(world: World) -> None:
    """Leaving a bloc ends membership at once."""
    states = simulate(world, 1, plays={0: [(TUR, "leave_g20", TUR)]})
    assert states[1].blocs[0, TUR, 1] == 0


def test_params_overrides_and_unknown_names() -> None:
    """Scenarios override parameters by name; an unknown name is a KeyError naming it."""
    p = Params().with_overrides({"oil_price0": 64.0, "bite_off_turns": 8})
    assert p.oil_price0 == 64.0 and p.bite_off_turns == 8.0
    assert Params().oil_price0 == 71.0
    assert "gold_price" in Params.names() and "tau_payments" in Params.names()
    try:
        Params().with_overrides({"oil_prise0": 1.0})
    except KeyError as exc:
        assert "oil_prise0" in str(exc)
    else:
        raise AssertionError("unknown parameter accepted")
