"""Gold: one value whatever the deals; a refining deal sells tonnes for cash each turn.

Sizes are those stated in docs/model.md, section 6.
"""

from __future__ import annotations

from tests.model.paired import paired, scenario


def test_starting_a_refining_deal_changes_usable_reserves_only_by_the_gold_sold() -> None:
    """Tutorial: the refining deal with Turkey, accepted in turn 2, sells up to 6 t that turn;
    usable reserves rise by no more than the cash from those tonnes (0 to 0.25 $bn)."""
    world, _ = scenario("tutorial")
    p = world.params
    pair = paired("tutorial", 2, (1, ("VEN", "refine_gold_turkey", "TUR")),
                  extra_accepts={2: [("TUR", "VEN", "refine_gold_turkey")]}, games=100)
    sold = -pair.effect(2, "gold_home", "VEN")
    cash = sold * p.gold_price * (1.0 - p.gold_haircut)
    assert 1.0 <= sold <= p.gold_sell_tonnes + 1e-9
    assert 0.0 < pair.effect(2, "reserves", "VEN") <= cash + 1e-9


def test_selling_gold_turns_tonnes_into_cash_at_the_price_less_the_haircut() -> None:
    """Tutorial: the euros from the tonnes sold are the tonnes times the price less the
    haircut (within 2%)."""
    world, _ = scenario("tutorial")
    p = world.params
    pair = paired("tutorial", 2, (1, ("VEN", "refine_gold_turkey", "TUR")),
                  extra_accepts={2: [("TUR", "VEN", "refine_gold_turkey")]}, games=100)
    sold = -pair.effect(2, "gold_home", "VEN")
    euros = pair.effect(2, "reserves_eur", "VEN")
    assert abs(euros - sold * p.gold_price * (1.0 - p.gold_haircut)) <= 0.02 * euros


def test_the_gold_kept_is_not_revalued_by_a_deal() -> None:
    """The Gold Route: ending the refining deal in force at the start changes usable reserves
    only by the gold that is no longer sold (less than 0.3 $bn a turn), not by revaluing the
    107 t kept."""
    pair = paired("gold_route", 1, (1, ("VEN", "end_gold_refining", "TUR")), games=100)
    assert -0.3 <= pair.effect(1, "reserves", "VEN") <= 0.0


def test_a_gold_sanction_by_the_dollars_issuer_cuts_refining_through_a_dollar_user() -> None:
    """Tutorial: US gold-sector sanctions in the turn the Turkish refining deal starts. Turkey
    pays half in dollars, so it refines less: 2 to 5 t a turn fewer sold over three turns."""
    pair = paired("tutorial", 4, (2, ("USA", "gold_sector_sanctions", "VEN")),
                  plays={1: [("VEN", "refine_gold_turkey", "TUR")]},
                  accepts={2: [("TUR", "VEN", "refine_gold_turkey")]}, games=100)
    kept = pair.effect(4, "gold_home", "VEN")
    assert 6.0 <= kept <= 15.0
