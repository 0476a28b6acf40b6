"""A small realistic World and starting State built directly in Python (no YAML).

Venezuela, the United States, Russia, Turkey and China in mid-2018; BRICS (consensus) and the
G20 (majority); moves covering every effect kind, proposals and a bloc application; two events;
roles with objectives.  Conditions are tiny test classes, independent of the expression compiler.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from leverage.core.actions import Actions
from leverage.core.compiled import compile_world
from leverage.core.mechanisms import initial_bite
from leverage.core.params import Params
from leverage.core.state import COL, HORIZON, STORED, State
from leverage.core.vocab import (
    DEAL_KINDS,
    PAYMENT_SYSTEMS,
    POLICY_KINDS,
    RESERVE_ASSETS,
    SANCTION_KINDS,
)
from leverage.core.world import (
    SELF,
    TARGET,
    Effect,
    EventDef,
    MoveDef,
    Objective,
    RoleDef,
    World,
)

CODES = ("VEN", "USA", "RUS", "TUR", "CHN")
VEN, USA, RUS, TUR, CHN = range(5)
NAMES = ("Venezuela", "United States", "Russia", "Turkey", "China")


@dataclass(frozen=True)
class Cond:
    """A condition for tests: a Python function of (world, state) returning (B,) values."""

    text: str
    fn: Callable[[World, State], np.ndarray]

    def evaluate(self, world: World, state: object) -> np.ndarray:
        """Evaluate on every game."""
        assert isinstance(state, State)
        return np.asarray(self.fn(world, state), dtype=float)


def indicator(code: int, name: str) -> Cond:
    """Condition returning one country's indicator."""
    return Cond(f"{CODES[code]}.{name}", lambda w, s: s.get(name, w.params)[:, code])


START: dict[str, tuple[float, ...]] = {
    #              VEN      USA      RUS     TUR    CHN
    "gdp":        (98.0, 20500.0, 1660.0, 780.0, 13900.0),
    "growth":     (-18.0, 2.9, 2.3, 3.0, 6.6),
    "inflation":  (1000.0, 2.4, 3.0, 20.0, 2.0),
    "reserves_usd": (1.5, 40.0, 50.0, 50.0, 1800.0),
    "reserves_eur": (0.5, 20.0, 110.0, 20.0, 700.0),
    "reserves_cny": (0.2, 0.0, 60.0, 0.0, 0.0),
    "gold_home":  (101.0, 8133.0, 2100.0, 250.0, 1850.0),
    "gold_abroad": (31.0, 0.0, 0.0, 0.0, 0.0),
    "oil_output": (1350.0, 11000.0, 11000.0, 50.0, 3800.0),
    "oil_capacity": (1450.0, 11500.0, 11200.0, 60.0, 4000.0),
    "debt":       (150.0, 0.0, 450.0, 450.0, 1900.0),
    "stability":  (40.0, 70.0, 65.0, 55.0, 70.0),
    "emigrants":  (2.3, 0.0, 0.0, 0.0, 0.0),
    "population": (29.0, 327.0, 145.0, 82.0, 1400.0),
    "pay_usd":    (60.0, 95.0, 52.0, 50.0, 50.0),
    "pay_eur":    (20.0, 4.0, 30.0, 40.0, 15.0),
    "pay_cny":    (10.0, 1.0, 5.0, 5.0, 30.0),
    "pay_mir":    (0.0, 0.0, 12.0, 0.0, 0.0),
    "pay_barter": (10.0, 0.0, 1.0, 5.0, 5.0),
    "capital":    (3.0, 4.0, 4.0, 3.0, 4.0),
}
TRADE = {
    (VEN, USA): 12.0, (VEN, CHN): 6.0, (VEN, RUS): 0.3, (VEN, TUR): 0.5,
    (USA, VEN): 5.5, (CHN, VEN): 1.5, (RUS, VEN): 0.5, (TUR, VEN): 0.1,
    (USA, CHN): 120.0, (CHN, USA): 540.0, (USA, RUS): 6.0, (RUS, USA): 20.0,
    (USA, TUR): 10.0, (TUR, USA): 8.0, (RUS, CHN): 56.0, (CHN, RUS): 48.0,
    (RUS, TUR): 20.0, (TUR, RUS): 3.4, (CHN, TUR): 18.0, (TUR, CHN): 3.0,
}
RELATIONS = {
    (VEN, USA): -70.0, (VEN, RUS): 60.0, (VEN, CHN): 50.0, (VEN, TUR): 40.0,
    (USA, RUS): -40.0, (USA, CHN): -10.0, (USA, TUR): 20.0, (RUS, CHN): 50.0,
    (RUS, TUR): 20.0, (CHN, TUR): 10.0,
}


def _targets(actor_mask: list[int], allowed: list[int]) -> np.ndarray:
    """(N, N) target matrix: each actor in actor_mask may target the allowed countries."""
    t = np.zeros((5, 5), dtype=bool)
    for a in actor_mask:
        for b in allowed:
            t[a, b] = True
    return t


def _by(*codes: int) -> np.ndarray:
    """(N,) bool: who may play."""
    out = np.zeros(5, dtype=bool)
    out[list(codes)] = True
    return out


def _move(mid: str, name: str, by: tuple[int, ...], targets: list[int], effects: list[Effect],
          kind: str = "ongoing", cost: float = 1.0, once: bool = False,
          when: Cond | None = None) -> MoveDef:
    """A MoveDef with defaults."""
    return MoveDef(
        id=mid, name=name, summary=name + ".", description=name + ".", source="test",
        kind=kind, cost=cost, once=once, by=_by(*by), targets=_targets(list(by), targets),
        when=when, effects=tuple(effects),
    )


def _s(kind: str) -> int:
    """Sanction kind index."""
    return SANCTION_KINDS.index(kind)


def _d(kind: str) -> int:
    """Deal kind index."""
    return DEAL_KINDS.index(kind)


def _p(kind: str) -> int:
    """Policy kind index."""
    return POLICY_KINDS.index(kind)


def moves() -> tuple[MoveDef, ...]:
    """A dozen-plus moves covering every effect kind."""
    others = [VEN, RUS, TUR, CHN]
    return (
        _move("oil_embargo", "Oil embargo", (USA,), others, [
            Effect("sanction", _s("oil"), SELF, TARGET, 1.0),
            Effect("relation", 0, SELF, TARGET, -10.0)], cost=2),
        _move("lift_oil_embargo", "Lift the oil embargo", (USA,), others, [
            Effect("sanction", _s("oil"), SELF, TARGET, 0.0),
            Effect("relation", 0, SELF, TARGET, 5.0)]),
        _move("financial_sanctions", "Financing ban", (USA,), others, [
            Effect("sanction", _s("financial"), SELF, TARGET, 1.0)], cost=2),
        _move("lift_financial", "Lift the financing ban", (USA,), others, [
            Effect("sanction", _s("financial"), SELF, TARGET, 0.0)]),
        _move("secondary_sanctions", "Secondary sanctions", (USA,), [VEN], [
            Effect("sanction", _s("secondary"), SELF, TARGET, 1.0)], cost=2),
        _move("gold_sanctions", "Gold-sector sanctions", (USA,), [VEN], [
            Effect("sanction", _s("gold"), SELF, TARGET, 1.0)]),
        _move("refine_gold_turkey", "Refine gold in Turkey", (VEN,), [TUR], [
            Effect("deal", _d("gold_refining"), SELF, TARGET, 1.0),
            Effect("relation", 0, SELF, USA, -8.0)], kind="proposal",
            when=Cond("VEN.gold_home > 5", lambda w, s: s.get("gold_home")[:, VEN] > 5)),
        _move("end_gold_refining", "End gold refining", (VEN,), [TUR], [
            Effect("deal", _d("gold_refining"), SELF, TARGET, 0.0)], kind="instant", cost=0),
        _move("adopt_mir", "Adopt Mir cards", (VEN,), [RUS], [
            Effect("deal", _d("payment_link"), SELF, TARGET, 1.0)], kind="proposal"),
        _move("dedollarise", "De-dollarise", (VEN, RUS), [VEN, RUS], [
            Effect("policy", _p("dedollarise"), SELF, SELF, 1.0)]),
        _move("print_money", "Print money", (VEN,), [VEN], [
            Effect("policy", _p("print_money"), SELF, SELF, 1.0)]),
        _move("stop_printing", "Stop printing money", (VEN,), [VEN], [
            Effect("policy", _p("print_money"), SELF, SELF, 0.0)]),
        _move("oil_for_loans", "Oil-backed loan", (CHN, RUS), [VEN], [
            Effect("deal", _d("oil_for_loans"), TARGET, SELF, 1.0),
            Effect("loan", 0, SELF, TARGET, 5.0, extra=150.0)], kind="proposal", cost=2),
        _move("apply_brics", "Apply to join BRICS", (VEN,), [VEN], [
            Effect("join", 0, SELF, SELF)], kind="instant"),
        _move("arms_credit", "Buy arms on credit", (VEN,), [RUS], [
            Effect("deal", _d("arms_credit"), SELF, TARGET, 1.0),
            Effect("relation", 0, SELF, TARGET, 5.0)], kind="proposal"),
        _move("comply_warnings", "Comply with US warnings", (TUR,), [TUR], [
            Effect("policy", _p("comply"), SELF, SELF, 1.0),
            Effect("relation", 0, SELF, USA, 5.0)]),
        _move("election_roadmap", "Agree an election roadmap", (VEN,), [VEN], [
            Effect("flag", 0, SELF, SELF, 1.0),
            Effect("policy", _p("reform"), SELF, SELF, 1.0)], once=True,
            when=Cond("VEN.stability < 80", lambda w, s: s.get("stability")[:, VEN] < 80)),
        _move("lavrov_visit", "Lavrov visits", (RUS,), [VEN], [
            Effect("relation", 0, SELF, TARGET, 10.0),
            Effect("change", COL["stability"], TARGET, TARGET, 3.0, turns=2)], kind="instant"),
        _move("freeze_assets", "Freeze gold held abroad", (USA,), [VEN], [
            Effect("freeze", RESERVE_ASSETS.index("gold_abroad"), TARGET, TARGET, 1.0)]),
        _move("leave_g20", "Leave the G20", (TUR,), [TUR], [
            Effect("leave", 1, SELF, SELF)], kind="instant", cost=3),
        _move("oil_investment", "Invite oil joint ventures", (VEN,), [CHN, RUS], [
            Effect("deal", _d("oil_investment"), SELF, TARGET, 1.0)], kind="proposal"),
        _move("trade_embargo", "Trade embargo", (USA,), others, [
            Effect("sanction", _s("trade"), SELF, TARGET, 1.0)], cost=2),
        _move("credit_line", "Open a credit line", (VEN,), [CHN, RUS], [
            Effect("deal", _d("credit_line"), SELF, TARGET, 1.0)], kind="proposal"),
        _move("repression", "Crack down", (VEN,), [VEN], [
            Effect("policy", _p("repression"), SELF, SELF, 1.0)]),
    )


def events() -> tuple[EventDef, ...]:
    """A scripted event (turn 3) and a random hazard."""
    return (
        EventDef(id="gold_sector", title="US sanctions Venezuela's gold sector", text="EO 13850.",
                 source="test", turn=3, when=None, unless=None, chance=1.0, once=True,
                 effects=(Effect("sanction", _s("gold"), USA, VEN, 1.0),)),
        EventDef(id="blackout", title="Blackout in Venezuela", text="The grid fails.",
                 source="test", turn=None, when=None,
                 unless=Cond("flag(election_deal)", lambda w, s: s.flags[:, 0]),
                 chance=0.2, once=False,
                 effects=(Effect("change", COL["oil_output"], VEN, VEN, -50.0),)),
    )


def roles() -> tuple[RoleDef, ...]:
    """Roles of Venezuela and the United States."""
    return (
        RoleDef(VEN, "Government of Venezuela", (
            Objective("Usable reserves above $8bn", indicator(VEN, "reserves"), 8.0, 2.0, 2.0),
            Objective("Stay in power", indicator(VEN, "stability"), 60.0, 20.0, 1.0),
        ), 50.0),
        RoleDef(USA, "United States", (
            Objective("Weaken the government", indicator(VEN, "stability"), 20.0, 60.0, 1.0),
        ), 50.0),
    )


def make_world(params: Params | None = None) -> World:
    """The test World."""
    gdp0 = np.array(START["gdp"])
    trade0 = np.zeros((5, 5))
    for (a, b), v in TRADE.items():
        trade0[a, b] = v
    return compile_world(World(
        scenario_id="test_ven", title="Test: Venezuela 2018", codes=CODES, names=NAMES,
        colours=("#e8b923", "#3c3b6e", "#d52b1e", "#e30a17", "#de2910"),
        capital=np.array(START["capital"]),
        home_payment=np.array([PAYMENT_SYSTEMS.index(s) for s in ("usd", "usd", "mir", "usd",
                                                                     "cny")]),
        gold_abroad_at=np.array([-1, -1, -1, -1, -1]),
        bloc_ids=("BRICS", "G20"), bloc_names=("BRICS", "G20"),
        bloc_consensus=np.array([True, False]), flag_names=("election_deal",),
        start_year=2018, start_month=7, months_per_turn=3, turns=12,
        params=params or Params(), moves=moves(), events=events(), roles=roles(),
        gdp0=gdp0, trade0=trade0,
    ))


def make_state(world: World, batch: int = 1) -> State:
    """The starting State of the test World, copied `batch` times."""
    n, ks, kd, kp = 5, len(SANCTION_KINDS), len(DEAL_KINDS), len(POLICY_KINDS)
    ind = np.zeros((1, n, len(STORED)))
    for name, values in START.items():
        ind[0, :, COL[name]] = values
    rel = np.zeros((1, n, n))
    for (a, b), v in RELATIONS.items():
        rel[0, a, b] = rel[0, b, a] = v
    sanctions = np.zeros((1, n, n, ks))
    bite = np.zeros((1, n, n, ks))
    sanctions[0, USA, VEN, _s("financial")] = 1.0
    bite[0, USA, VEN, _s("financial")] = initial_bite(1.0, 4, world.params)
    loans = np.zeros((1, n, n))
    oil_repay = np.zeros((1, n, n))
    loans[0, VEN, RUS] = 3.15
    loans[0, VEN, CHN] = 15.0
    oil_repay[0, VEN, CHN] = 375.0
    blocs = np.zeros((1, n, 2))
    blocs[0, [RUS, CHN], 0] = 1.0
    blocs[0, [USA, RUS, TUR, CHN], 1] = 1.0
    mv, e, r = len(world.moves), len(world.events), len(world.roles)
    state = State(
        turn=0, ind=ind, relations=rel, anchor=rel.copy(), trade=world.trade0[None].copy(),
        loans=loans, oil_repay=oil_repay, sanctions=sanctions, bite=bite,
        deals=np.zeros((1, n, n, kd)), policies=np.zeros((1, n, kp)),
        policy_eff=np.zeros((1, n, kp)), frozen=np.zeros((1, n, len(RESERVE_ASSETS))),
        blocs=blocs, pending=np.zeros((1, n, n, mv), dtype=bool),
        applications=np.zeros((1, n, 2), dtype=bool),
        scheduled=np.zeros((1, HORIZON, n, len(STORED))), flags=np.zeros((1, 1), dtype=bool),
        fired=np.zeros((1, e), dtype=np.int64), played=np.zeros((1, n, mv), dtype=np.int64),
        oil_price=np.full(1, world.params.oil_price0), score=np.zeros((1, r)),
    )
    return state.repeat(batch) if batch != 1 else state


def no_actions(world: World, batch: int = 1) -> Actions:
    """Nobody moves, every proposal declined, every application refused."""
    return Actions.empty(batch, world.n, len(world.moves), len(world.bloc_ids))


def play(world: World, batch: int, plays: list[tuple[int, str, int]],
         accept: list[tuple[int, int, str]] | None = None,
         votes: list[tuple[int, int, int]] | None = None) -> Actions:
    """Actions where (actor, move id, target) are played in every game of the batch.

    accept: (answering country, proposing country, move id); votes: (member, applicant, bloc).
    """
    act = no_actions(world, batch)
    for actor, mid, target in plays:
        act.moves[:, actor, world.move_index(mid)] = target + 1
    for j, i, mid in accept or []:
        act.accept[:, j, i, world.move_index(mid)] = True
    for k, i, bloc in votes or []:
        act.votes[:, k, i, bloc] = True
    return act


def simulate(world: World, turns: int, plays: dict[int, list[tuple[int, str, int]]] | None = None,
             accept: dict[int, list[tuple[int, int, str]]] | None = None,
             votes: dict[int, list[tuple[int, int, int]]] | None = None, seed: int = 7,
             batch: int = 1) -> list[State]:
    """Play `turns` turns from the start; plays/accept/votes are keyed by turn index (0-based).

    Returns the states before the first turn and after each turn.
    """
    from leverage.core.step import step

    state = make_state(world, batch)
    rng = np.random.default_rng(seed)
    history = [state]
    for t in range(turns):
        act = play(world, batch, (plays or {}).get(t, []), (accept or {}).get(t),
                   (votes or {}).get(t))
        state, _ = step(world, state, act, rng)
        history.append(state)
    return history
