"""Loans, prepayments and credit lines: credited where the borrower can spend them; each
oil-backed loan repaid by its own barrels.

Sizes are those stated in docs/model.md, section 5.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from leverage.core import mechanisms as mech
from leverage.core.params import Params
from tests.model.paired import paired
from tests.model.variants import paired_in, played, variant

#: Lavrov in Caracas with no oil-for-loans deal in force with Russia (the $4bn debt still repaid
#: at 45 kb/d), so that Russia may prepay for oil again.
NO_RUSSIAN_DEAL = (
    ("  - {kind: oil_for_loans, client: VEN, partner: RUS, since: 2016-01, source: russia_debt}\n",
     ""),
)
#: Beyond the Dollar with no oil-for-loans deal in force with China, so that Venezuela may
#: borrow against oil from China as from Russia.
NO_CHINESE_DEAL = (
    ("  - {kind: oil_for_loans, client: VEN, partner: CHN, since: 2007-11, source: aiddata_china}\n",
     ""),
)
#: Lavrov in Caracas with the library's move that stops repaying in oil.
CAN_STOP_REPAYING = (("  - use: oil_for_loans\n", "  - use: oil_for_loans\n  - use: end_oil_for_loans\n"),)


def test_a_russian_loan_raises_venezuelas_usable_reserves_by_most_of_its_size() -> None:
    """Beyond the Dollar (US financial sanctions freeze Venezuela's dollars): the $3bn
    oil-for-loans deal with Russia, accepted, raises usable reserves by 2.1 to 3.3 $bn after the
    turn it starts, and debt by 2.1 to 3.3."""
    pair = paired("beyond_dollar", 2, (1, ("VEN", "oil_for_loans", "RUS")),
                  extra_accepts={2: [("RUS", "VEN", "oil_for_loans")]}, games=100)
    assert 2.1 <= pair.effect(2, "reserves", "VEN") <= 3.3
    assert 2.1 <= pair.effect(2, "debt", "VEN") <= 3.3


def test_a_russian_prepayment_is_usable_cash(tmp_path: Path) -> None:
    """Lavrov in Caracas (no Russian oil deal in force): Russia's $2bn prepayment, accepted,
    raises usable reserves by 1.4 to 2.2 $bn."""
    world, start = variant("lavrov_caracas", tmp_path, NO_RUSSIAN_DEAL)
    pair = paired_in(world, start, 2, (1, ("RUS", "prepay_oil", "VEN")),
                     {2: [("VEN", "RUS", "prepay_oil")]})
    assert 1.4 <= pair.effect(2, "reserves", "VEN") <= 2.2


def test_a_russian_loan_is_as_usable_as_the_same_loan_from_china(tmp_path: Path) -> None:
    """Beyond the Dollar (no Chinese oil deal in force): the same $3bn oil-for-loans deal raises
    usable reserves by 2.1 to 3.3 $bn whether Russia or China lends, within 0.3 $bn."""
    world, start = variant("beyond_dollar", tmp_path, NO_CHINESE_DEAL)
    effects = {}
    for lender in ("RUS", "CHN"):
        pair = paired_in(world, start, 2, (1, ("VEN", "oil_for_loans", lender)),
                         {2: [(lender, "VEN", "oil_for_loans")]})
        effects[lender] = pair.effect(2, "reserves", "VEN")
        assert 2.1 <= effects[lender] <= 3.3
    assert abs(effects["RUS"] - effects["CHN"]) <= 0.3


def test_a_russian_credit_line_reaches_usable_reserves() -> None:
    """Lavrov in Caracas: Russia's $1bn credit line (plus $0.5bn drawn in the turn it starts)
    raises usable reserves by 1.0 to 1.6 $bn."""
    pair = paired("lavrov_caracas", 2, (1, ("RUS", "lend_to_ally", "VEN")),
                  extra_accepts={2: [("VEN", "RUS", "lend_to_ally")]}, games=100)
    assert 1.0 <= pair.effect(2, "reserves", "VEN") <= 1.6


def test_two_oil_loans_from_one_creditor_are_repaid_apart(tmp_path: Path) -> None:
    """Lavrov in Caracas (no Russian oil deal in force): a $2bn prepayment at 50 kb/d beside the
    $4bn debt repaid at 45 kb/d. When the prepayment is paid off its barrels stop; the first
    loan's 45 kb/d go on."""
    world, start = variant("lavrov_caracas", tmp_path, NO_RUSSIAN_DEAL)
    ven, rus = world.codes.index("VEN"), world.codes.index("RUS")
    states = played(world, start, 12, {1: [("RUS", "prepay_oil", "VEN")]},
                    {2: [("VEN", "RUS", "prepay_oil")]}, games=60)
    during, after = states[4], states[12]
    assert np.median(during.oil_repay[:, ven, rus]) == 95.0
    assert after.oil_loans is not None and after.oil_loan_kbd is not None
    assert np.median(after.oil_loans[:, ven, rus, 1]) == 0.0  # the prepayment is repaid
    assert np.median(after.oil_loans[:, ven, rus, 0]) > 0.3   # the first loan is not
    assert np.median(after.oil_repay[:, ven, rus]) == 45.0


def test_each_loan_stops_taking_barrels_when_its_own_amount_is_paid() -> None:
    """Two loans of one pair: the small one is paid off and stops; the big one pays on."""
    p = Params()
    owed = np.zeros((1, 2, 2, 4))
    kbd = np.zeros((1, 2, 2, 4))
    owed[0, 0, 1, :2] = (0.1, 5.0)
    kbd[0, 0, 1, :2] = (50.0, 50.0)
    left, barrels, paid = mech.oil_loan_repayments(owed, kbd, np.ones((1, 2, 1)),
                                                   np.array([60.0]), 0.25, p)
    per_loan = p.kbd_to_bn * 0.25 * 50.0 * 60.0
    assert left[0, 0, 1, 0] == 0.0 and barrels[0, 0, 1, 0] == 0.0
    assert np.isclose(left[0, 0, 1, 1], 5.0 - per_loan) and barrels[0, 0, 1, 1] == 50.0
    assert np.isclose(paid[0, 0, 1], 0.1 + per_loan)


def test_ending_an_oil_for_loans_deal_stops_the_barrels_but_not_the_debt(tmp_path: Path) -> None:
    """Lavrov in Caracas with `end_oil_for_loans` among Venezuela's moves: ending the deal with
    Russia stops the 45 kb/d pledged (sold for cash again: usable reserves higher the next
    turn; by the second most games have spent their cash down to what is frozen); the $4bn
    stays owed."""
    world, start = variant("lavrov_caracas", tmp_path, CAN_STOP_REPAYING)
    ven, rus = world.codes.index("VEN"), world.codes.index("RUS")
    pair = paired_in(world, start, 2, (1, ("VEN", "end_oil_for_loans", "RUS")))
    assert float(np.max(pair.moved[1].oil_repay[:, ven, rus])) == 0.0
    assert float(np.min(pair.moved[1].loans[:, ven, rus])) >= 4.0 - 1e-9
    assert pair.effect(1, "debt", "VEN") >= 0.0
    assert pair.effect(1, "reserves", "VEN") > 0.03
    assert pair.effect(2, "reserves", "VEN") >= 0.0
