"""Compiling the small scenario that uses every feature: array shapes and values."""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import numpy as np
import pytest

from leverage.core.mechanisms import relation_target, saturate
from leverage.core.state import COL, HORIZON, LOAN_SLOTS, STORED
from leverage.core.vocab import (
    DEAL_KINDS,
    PAYMENT_SYSTEMS,
    POLICY_KINDS,
    RESERVE_ASSETS,
    SANCTION_KINDS,
)
from leverage.core.world import SELF, TARGET
from leverage.scenario import LoadedScenario, ScenarioError, list_scenarios, load_scenario
from leverage.scenario.compile import NEVER

GOOD = Path(__file__).resolve().parent.parent / "data" / "good"
MINI = str(GOOD / "mini.yaml")


@pytest.fixture(scope="module")
def mini() -> LoadedScenario:
    """The compiled mini scenario."""
    return load_scenario(MINI)


def test_loaded_scenario_metadata(mini: LoadedScenario) -> None:
    """Path, model, hash of the bytes and no warnings."""
    assert mini.path == MINI
    assert mini.scenario.id == "mini_test"
    assert mini.warnings == []
    assert mini.content_hash == hashlib.sha256(Path(MINI).read_bytes()).hexdigest()


def test_world_countries_and_calendar(mini: LoadedScenario) -> None:
    """Countries in file order, calendar, colours, capital, payments, gold abroad."""
    w = mini.world
    assert w.codes == ("VEN", "USA", "TUR")
    assert w.colours == ("#e8b923", "#3c5a9a", "#8c8c8c")
    assert w.capital.tolist() == [3.0, 5.0, 2.0]
    assert w.home_payment.tolist() == [0, 0, 1]
    assert w.gold_abroad_at.tolist() == [-1, -1, -1]
    assert (w.start_year, w.start_month, w.months_per_turn, w.turns) == (2018, 7, 3, 8)
    assert w.bloc_ids == ("NATO",) and w.bloc_consensus.tolist() == [False]
    assert w.flag_names == ("turkey_warned", "election_deal")
    assert w.params.oil_price0 == 70.0 and w.params.bite_on_turns == 5.0
    assert w.gdp0.tolist() == [98.0, 20500.0, 780.0]
    assert w.trade0[0, 1] == 10.5 and w.trade0[0, 2] == 0.9 and w.trade0[1, 0] == 0.0


def test_moves_as_arrays(mini: LoadedScenario) -> None:
    """Who may play, on whom, with library moves and their overrides."""
    w = mini.world
    ids = [m.id for m in w.moves]
    assert ids == ["refine_gold_turkey", "secondary_on_turkey", "lend_to_venezuela", "join_nato",
                   "leave_nato", "oil_embargo", "print_money"]
    refine = w.moves[0]
    assert refine.by.tolist() == [True, False, False]
    assert refine.targets.tolist() == [[False, False, True], [False] * 3, [False] * 3]
    assert refine.kind == "proposal" and refine.cost == 2.0
    embargo = w.moves[ids.index("oil_embargo")]
    assert embargo.cost == 4.0 and embargo.by.tolist() == [False, True, False]
    assert embargo.targets[1].tolist() == [True, False, True]
    join = w.moves[ids.index("join_nato")]
    assert join.targets.tolist() == [[True, False, False], [False] * 3, [False] * 3]
    assert join.once
    printing = w.moves[ids.index("print_money")]
    assert printing.when is not None and printing.when.text == "VEN.reserves < 10 and turn >= 2"


def test_effects_resolved(mini: LoadedScenario) -> None:
    """Effects carry kind indices and SELF/TARGET or fixed country slots."""
    w = mini.world
    refine = w.moves[0].effects
    assert (refine[0].kind, refine[0].item, refine[0].a, refine[0].b) == (
        "deal", DEAL_KINDS.index("gold_refining"), SELF, TARGET)
    assert (refine[1].kind, refine[1].a, refine[1].b, refine[1].amount) == (
        "relation", SELF, 1, -8.0)
    assert (refine[2].kind, refine[2].item, refine[2].amount, refine[2].turns) == (
        "change", COL["gold_home"], -3.0, 2)
    secondary = w.moves[1].effects
    assert (secondary[0].item, secondary[0].a, secondary[0].b) == (
        SANCTION_KINDS.index("secondary"), SELF, TARGET)
    assert (secondary[1].kind, secondary[1].item, secondary[1].a, secondary[1].amount) == (
        "freeze", RESERVE_ASSETS.index("gold_abroad"), 0, 0.5)
    assert (secondary[2].kind, secondary[2].item) == ("flag", 0)
    loan = w.moves[2].effects[0]
    assert (loan.kind, loan.a, loan.b, loan.amount, loan.extra) == ("loan", SELF, TARGET, 1.0, 10.0)
    assert (w.moves[3].effects[0].kind, w.moves[3].effects[0].item) == ("join", 0)
    policy = w.moves[6].effects[0]
    assert (policy.kind, policy.item, policy.amount) == (
        "policy", POLICY_KINDS.index("print_money"), 0.8)


def test_events_roles_history(mini: LoadedScenario) -> None:
    """Event turns from dates, roles with objectives, history moves with turns."""
    w = mini.world
    gold, shock = w.events
    assert gold.turn == 2 and gold.chance == 0.5 and gold.once and gold.unless is not None
    assert (gold.effects[0].a, gold.effects[0].b) == (1, 0)
    assert gold.effects[1].amount == 0.0
    assert shock.turn is None and not shock.once
    assert shock.effects[0].delay == 1 and shock.effects[0].turns == 2
    assert [r.country for r in w.roles] == [0, 1]
    assert w.roles[0].win == 55.0 and w.roles[0].objectives[0].weight == 2.0
    assert [(h.turn, h.country, h.move, h.target) for h in w.history_moves] == [
        (2, 1, 1, 2), (3, 0, 6, 0)]
    assert NEVER > 60


def test_state_shapes(mini: LoadedScenario) -> None:
    """Every array of the starting State has its documented shape."""
    s, w = mini.state, mini.world
    n, i = 3, len(STORED)
    ks, kd, kp = len(SANCTION_KINDS), len(DEAL_KINDS), len(POLICY_KINDS)
    shapes = {
        "ind": (1, n, i), "relations": (1, n, n), "anchor": (1, n, n), "trade": (1, n, n),
        "loans": (1, n, n), "oil_repay": (1, n, n), "sanctions": (1, n, n, ks),
        "bite": (1, n, n, ks), "deals": (1, n, n, kd), "policies": (1, n, kp),
        "policy_eff": (1, n, kp), "frozen": (1, n, len(RESERVE_ASSETS)), "blocs": (1, n, 1),
        "pending": (1, n, n, len(w.moves)), "applications": (1, n, 1),
        "scheduled": (1, HORIZON, n, i), "flags": (1, 2), "fired": (1, 2),
        "played": (1, n, len(w.moves)), "oil_price": (1,), "score": (1, 2),
        "gold_price": (1,), "trade_free": (1, n, n), "stability_norm": (1, n),
        "oil_unsold0": (1, n), "anchor0": (1, n, n), "pay_base": (1, n, len(PAYMENT_SYSTEMS)),
        "oil_loans": (1, n, n, LOAN_SLOTS), "oil_loan_kbd": (1, n, n, LOAN_SLOTS),
    }
    assert {k: v.shape for k, v in s.arrays().items()} == shapes
    assert s.turn == 0
    for name in ("pending", "applications", "flags"):
        assert s.arrays()[name].dtype == bool and not s.arrays()[name].any()


def test_state_values(mini: LoadedScenario) -> None:
    """Indicators with defaults and normalised payments; the starting situation."""
    s = mini.state
    ind = s.ind[0]
    assert ind[0, COL["gdp"]] == 98.0 and ind[0, COL["stability"]] == 40.0
    assert ind[1, COL["stability"]] == 60.0 and ind[1, COL["pay_usd"]] == 100.0
    assert ind[2, COL["pay_usd"]] == 50.0 and ind[2, COL["pay_eur"]] == 50.0
    pays = [COL[c] for c in ("pay_usd", "pay_eur", "pay_cny", "pay_mir", "pay_barter")]
    np.testing.assert_allclose(ind[:, pays].sum(axis=1), 100.0)
    assert ind[:, COL["capital"]].tolist() == [3.0, 5.0, 2.0]
    assert s.relations[0, 0, 1] == -70.0 and s.relations[0, 1, 0] == -70.0
    assert s.relations[0, 0, 2] == 30.0 and s.relations[0, 2, 0] == 30.0
    # long-run ties hold the starting relations at rest (the target's other parts taken out)
    np.testing.assert_array_equal(s.anchor, s.anchor0)
    parts = relation_target(s.anchor, s.relations, s.blocs, s.sanctions, s.deals, None,
                            mini.world.params)
    raw = s.anchor + parts["blocs"] + parts["sanctions"] + parts["deals"] + parts["friends"]
    off = ~np.eye(3, dtype=bool)
    np.testing.assert_allclose(saturate(raw)[0][off], s.relations[0][off], atol=1e-9)
    assert s.loans[0, 0, 1] == 3.15 and s.oil_repay[0, 0, 1] == 20.0
    financial = SANCTION_KINDS.index("financial")
    assert s.sanctions[0, 1, 0, financial] == 1.0
    assert s.bite[0, 1, 0, financial] == pytest.approx(1 - math.exp(-(11 / 3) / 5.0))
    assert s.deals[0, 0, 2, DEAL_KINDS.index("trade_pact")] == 1.0
    assert s.blocs[0, :, 0].tolist() == [0.0, 1.0, 1.0]
    assert s.oil_price.tolist() == [70.0]


def test_conditions_evaluate_on_the_batch(mini: LoadedScenario) -> None:
    """Compiled conditions give one value per game."""
    w, s = mini.world, mini.state.repeat(4)
    ind = s.ind.copy()
    ind[:, 0, COL["gold_home"]] = [0.0, 3.0, 6.0, 100.0]
    s = s.evolve(ind=ind)
    when = w.moves[0].when
    assert when is not None
    assert when.evaluate(w, s).tolist() == [0.0, 0.0, 1.0, 1.0]


def test_scenario_error_on_a_broken_file(tmp_path: Path) -> None:
    """load_scenario raises ScenarioError with every problem."""
    path = tmp_path / "broken.yaml"
    path.write_text("format: 1\nid: x\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(str(path))
    assert [p.message for p in info.value.problems] == [
        "missing required key 'countries'", "missing required key 'date'",
        "missing required key 'summary'", "missing required key 'title'"]


def test_library_file_is_not_a_scenario() -> None:
    """Loading a library file as a scenario is a clear error."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(str(GOOD / "library" / "basic.yaml"))
    assert "library file" in info.value.problems[0].message


def test_list_scenarios(tmp_path: Path) -> None:
    """Cards for good files, problems for broken ones, library files skipped."""
    (tmp_path / "a.yaml").write_bytes((GOOD / "mini.yaml").read_bytes())
    (tmp_path / "library").mkdir()
    library = (GOOD / "library" / "basic.yaml").read_bytes()
    (tmp_path / "library" / "basic.yaml").write_bytes(library)
    (tmp_path / "b.yaml").write_text("format: [\n", encoding="utf-8")
    cards = list_scenarios(str(tmp_path))
    assert [c.id for c in cards] == ["mini_test", "b"]
    good, bad = cards
    assert good.playable and good.title == "Mini test scenario" and good.date == "2018-07-19"
    assert good.difficulty == "easy" and not good.tutorial
    assert good.roles == (("VEN", "Government of Venezuela"), ("USA", "US Treasury"))
    assert good.sources[0] == ("Breitbart News", "Venezuela refines gold in Turkey")
    assert not bad.playable and bad.problems[0].line == 2
    assert list_scenarios(str(tmp_path / "missing")) == []
