"""Payment systems: shares rest where they start and move only through moves, risk and sanctions.

Sizes are those stated in docs/model.md, section 7.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from leverage.core import mechanisms as mech
from leverage.core.params import Params
from tests.model.paired import play, scenario
from tests.model.variants import paired_in, variant

#: Beyond the Dollar as shipped, but with Venezuela not yet linked to Mir and free to adopt it.
NO_MIR_YET = (
    ("  - {kind: payment_link, client: VEN, partner: RUS, since: 2023-06, source: telesur_mir_2023}\n",
     ""),
    ("  - use: apply_brics\n", "  - use: adopt_mir\n  - use: apply_brics\n"),
)


def russia_2022(p: Params, turns: int, risk_on: bool = True, policy_on: bool = True) -> list[float]:
    """Dollar share (%) of Russia-like payments after each turn of a strong push: full financial
    sanctions by the dollar's issuer from turn 1, and full de-dollarising from turn 1."""
    pay = np.array([[[0.52, 0.30, 0.004, 0.12, 0.056]]])
    pay = pay / pay.sum()
    alone = np.zeros((1, 1, 1))  # no trade partners: only the pushes move the shares
    base = mech.payment_base(pay, *mech.payment_pushes(pay, alone, None, None, None, p))
    level = 0.0
    shares = [100.0 * float(pay[0, 0, 0])]
    for _ in range(turns):
        level += (1.0 - level) / p.policy_turns
        risk = np.zeros(pay.shape)
        risk[:, :, 0] = 1.0 if risk_on else 0.0
        policy = np.array([[level ** p.policy_power]]) if policy_on else None
        force, extra = mech.payment_pushes(pay, alone, None, risk, policy, p)
        pay = mech.relax(pay, mech.payment_target(base, force, extra), p.tau_payments)
        shares.append(100.0 * float(pay[0, 0, 0]))
    return shares


def test_a_strong_push_matches_russia_2022() -> None:
    """Sanctions plus de-dollarising take a 52% dollar share to 34% +- 4 in three turns (Russia's
    exports, nine months of 2022); either push alone moves it less."""
    p = Params()
    both = russia_2022(p, 3)
    assert 30.0 <= both[3] <= 38.0
    assert both[1] > both[2] > both[3]
    assert russia_2022(p, 3, policy_on=False)[3] > both[3] + 2.0
    assert russia_2022(p, 3, risk_on=False)[3] > both[3] + 2.0


def test_with_nobody_moving_the_shares_stay_near_their_start() -> None:
    """12 turns with no moves (scripted events only), median of 60 games: in Beyond the Dollar
    and The Gold Route every country's dollar share stays within 3 points of its start, except
    Venezuela's in Beyond the Dollar, which the first turn's event `central_banks_linked` (the
    article's link of the two central banks) pushes off the dollar."""
    for name in ("beyond_dollar", "gold_route"):
        states = play(name, 12, games=60)
        start, end = states[0].get("pay_usd"), states[-1].get("pay_usd")
        drift = np.median(end, axis=0) - np.median(start, axis=0)
        if name == "beyond_dollar":
            world, _ = scenario(name)
            ven = world.country("VEN")
            assert drift[ven] < -3.0, drift[ven]
            drift = np.delete(drift, ven)
        assert np.all(np.abs(drift) <= 3.0), (name, drift)


def test_shares_rest_where_they_start_when_nothing_changes() -> None:
    """With the start's pushes unchanged, the target is the starting shares themselves."""
    rng = np.random.default_rng(3)
    pay = 0.1 + 0.5 * rng.dirichlet(np.ones(5), size=(4, 3))  # every share at least 10%
    trade = rng.random((4, 3, 3))
    risk = np.zeros(pay.shape)
    risk[:, :, 0] = 0.3 * rng.random((4, 3))
    p = Params()
    force, extra = mech.payment_pushes(pay, trade / trade.sum(axis=2, keepdims=True), None,
                                       risk, 0.5 * rng.random((4, 3)), p)
    target = mech.payment_target(mech.payment_base(pay, force, extra), force, extra)
    assert np.allclose(target, pay, atol=1e-12)


#: Beyond the Dollar without the first turn's push of the central-bank link (the same policy).
NO_LINK_PUSH = (("      - {policy: dedollarise, of: VEN, level: 0.6}\n", ""),)


def test_de_dollarising_lowers_the_dollar_share_visibly_and_boundedly(tmp_path: Path) -> None:
    """Beyond the Dollar without the central-bank link's push: Venezuela's de-dollarising policy,
    from the second turn, lowers its dollar share by 5 to 20 points after 4 turns."""
    world, start = variant("beyond_dollar", tmp_path, NO_LINK_PUSH)
    pair = paired_in(world, start, 6, (2, ("VEN", "dedollarise_economy", "VEN")))
    effect = pair.effect(6, "pay_usd", "VEN")
    assert -20.0 <= effect <= -5.0


def test_mir_adoption_lowers_venezuelas_dollar_exposure(tmp_path: Path) -> None:
    """Beyond the Dollar before the Mir link: adopting Mir (accepted by Russia) lowers
    Venezuela's dollar share by 5 to 20 points after 4 turns and raises its Mir share."""
    world, start = variant("beyond_dollar", tmp_path, NO_MIR_YET)
    pair = paired_in(world, start, 5, (1, ("VEN", "adopt_mir", "RUS")),
                     {2: [("RUS", "VEN", "adopt_mir")]})
    assert -20.0 <= pair.effect(5, "pay_usd", "VEN") <= -5.0
    assert pair.effect(5, "pay_mir", "VEN") >= 5.0
