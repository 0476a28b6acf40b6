"""Gold: one value whatever the deals; a refining deal sells tonnes for cash each turn.

Sizes are those stated in docs/model.md, section 6.
"""

from __future__ import annotations

from pathlib import Path

from leverage.core.params import Params
from tests.model.paired import Pair, paired, scenario
from tests.model.variants import paired_in, variant

#: The tutorial with enough euro cash that the bills of the first turns do not use it all up
EURO_CASH = [('reserves_eur: {value: 0.3, assumption: "small euro cash"}',
              'reserves_eur: {value: 3.0, assumption: "small euro cash"}')]


def _refining(tmp_path: Path, edits: list[tuple[str, str]]) -> tuple[Pair, Params]:
    """Tutorial games without and with the refining deal proposed in turn 1, accepted in 2."""
    world, start = variant("tutorial", tmp_path, edits) if edits else scenario("tutorial")
    pair = paired_in(world, start, 2, (1, ("VEN", "refine_gold_turkey", "TUR")),
                     answer={2: [("TUR", "VEN", "refine_gold_turkey")]})
    return pair, world.params


def test_starting_a_refining_deal_changes_usable_reserves_only_by_the_gold_sold(
        tmp_path: Path) -> None:
    """Tutorial (with euro cash left): the refining deal, accepted in turn 2, sells up to 6 t
    that turn; usable reserves rise by no more than the cash from those tonnes (0 to 0.25 $bn)."""
    pair, p = _refining(tmp_path, EURO_CASH)
    sold = -pair.effect(2, "gold_home", "VEN")
    cash = sold * p.gold_price * (1.0 - p.gold_haircut)
    assert 1.0 <= sold <= p.gold_sell_tonnes + 1e-9
    assert 0.0 < pair.effect(2, "reserves", "VEN") <= cash + 1e-9


def test_selling_gold_turns_tonnes_into_cash_at_the_price_less_the_haircut(
        tmp_path: Path) -> None:
    """Tutorial (with euro cash left): the euros from the tonnes sold are the tonnes times the
    price less the haircut (within 2%)."""
    pair, p = _refining(tmp_path, EURO_CASH)
    sold = -pair.effect(2, "gold_home", "VEN")
    euros = pair.effect(2, "reserves_eur", "VEN")
    assert abs(euros - sold * p.gold_price * (1.0 - p.gold_haircut)) <= 0.02 * euros


def test_gold_sold_with_the_cash_used_up_pays_bills_and_eases_the_shortage(
        tmp_path: Path) -> None:
    """Tutorial as shipped (euro cash spent by turn 2): the cash from the gold pays bills that
    could not be paid, so inflation is lower and growth higher than without the sale."""
    pair, _ = _refining(tmp_path, [])
    assert pair.effect(2, "reserves_eur", "VEN") == 0.0
    assert pair.effect(2, "inflation", "VEN") < -10.0
    assert pair.effect(2, "growth", "VEN") > 0.0


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
