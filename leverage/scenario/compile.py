"""Compile a checked scenario into the fixed `World` and the starting `State` (B = 1)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from leverage.core.compiled import compile_world
from leverage.core.expr import ExprError, Node, compile_condition
from leverage.core.mechanisms import initial_bite, measures_kept
from leverage.core.objectives import scores
from leverage.core.params import COUNTRY_PARAMS, Params
from leverage.core.stages import prepare_state
from leverage.core.state import COL, HORIZON, STORED, State
from leverage.core.vocab import (
    DEAL_KINDS,
    GOODS,
    GOODS_DEFAULT_SHARES,
    MEASURE_KINDS,
    MEASURE_MAX,
    PAYMENT_SYSTEMS,
    POLICY_KINDS,
    RESERVE_ASSETS,
    SANCTION_KINDS,
)
from leverage.core.world import (
    SELF,
    TARGET,
    Condition,
    EventDef,
    HistoryMove,
    MoveDef,
    Objective,
    RoleDef,
    World,
)
from leverage.scenario import schema
from leverage.scenario.check import CheckResult, turn_of
from leverage.scenario.errors import ERROR, Problem, ScenarioError
from leverage.scenario.schema import Scenario, parse_date, value_of

#: EventDef.turn of an event dated outside the game: a turn that never comes.
NEVER = 1_000_000
PAYMENT_COLUMNS: tuple[str, ...] = tuple("pay_" + p for p in PAYMENT_SYSTEMS)
DEFAULTS: dict[str, float] = {"stability": 60.0}


def compile_result(result: CheckResult) -> tuple[World, State]:
    """World and starting State of a scenario that passed its checks."""
    sc = result.scenario
    if sc is None:
        raise ScenarioError(result.errors or [Problem(result.path, 1, 1, ERROR, "not a scenario")])
    try:
        return _compile(result, sc)
    except (ExprError, KeyError, ValueError, IndexError) as exc:
        raise ScenarioError([Problem(result.path, 1, 1, ERROR,
                                     f"cannot compile the scenario: {exc}")]) from None


def _compile(result: CheckResult, sc: Scenario) -> tuple[World, State]:
    """The compilation proper."""
    codes = tuple(c.code for c in sc.countries)
    index = {code: k for k, code in enumerate(codes)}
    start = sc.calendar.start or sc.date
    sy, sm, _ = parse_date(start)
    params = Params().with_overrides(dict(sc.model)).for_turn_months(
        sc.calendar.months_per_turn)
    flags = tuple(result.flags)
    blocs = tuple(b.id for b in sc.blocs)
    ind = _indicators(sc)
    measures = (starting_measures(sc, index) if uses_goods(sc, [rm.move for rm in result.moves])
                else None)
    trade = _pair_matrix(len(codes), [(t.from_, t.to, value_of(t.value)) for t in sc.trade], index)
    skeleton = World(
        scenario_id=sc.id, title=sc.title, codes=codes,
        names=tuple(c.name for c in sc.countries),
        colours=tuple(c.colour for c in sc.countries),
        capital=np.array([c.capital for c in sc.countries], dtype=np.float64),
        home_payment=np.array([PAYMENT_SYSTEMS.index(c.home_payment) for c in sc.countries],
                              dtype=np.int64),
        gold_abroad_at=np.array([index.get(c.gold_abroad_at or "", -1) for c in sc.countries],
                                dtype=np.int64),
        bloc_ids=blocs, bloc_names=tuple(b.name for b in sc.blocs),
        bloc_consensus=np.array([b.decides_by == "consensus" for b in sc.blocs], dtype=bool),
        flag_names=flags, start_year=sy, start_month=sm,
        months_per_turn=sc.calendar.months_per_turn, turns=sc.calendar.turns, params=params,
        moves=tuple(_move(rm.move, index, blocs, flags, None) for rm in result.moves),
        events=tuple(_event(ev, index, blocs, flags, start, sc, None, None) for ev in sc.events),
        roles=(), gdp0=ind[0, :, COL["gdp"]].copy(), trade0=trade[0].copy(),
        goods0=(free_shares(goods_shares(sc, index), measures, params) if measures is not None
                else None),
        country_params=country_params(sc, params),
        hostility=pair_hostility(sc, index, params),
    )
    trees = result.trees

    def condition(text: str | None) -> Condition | None:
        """Compile an optional expression, reusing the checker's parse."""
        return None if text is None else _required(text, skeleton, trees)

    moves = tuple(_move(rm.move, index, blocs, flags, condition(rm.move.when))
                  for rm in result.moves)
    events = tuple(
        _event(ev, index, blocs, flags, start, sc, condition(ev.when), condition(ev.unless))
        for ev in sc.events
    )
    roles = tuple(
        RoleDef(index[code], role.title, tuple(
            Objective(o.text, _required(o.expr, skeleton, trees), o.goal, o.fail, o.weight)
            for o in role.objectives), role.win)
        for code, role in sc.roles.items()
    )
    move_ids = [m.id for m in moves]
    history = tuple(
        HistoryMove(turn_of(hm.date, start, sc.calendar.months_per_turn), index[hm.by],
                    move_ids.index(hm.move), index[hm.target or hm.by])
        for hm in sc.history.moves
    )
    world = compile_world(replace(skeleton, moves=moves, events=events, roles=roles,
                                  history_moves=history))
    state = _state(sc, world, ind, trade, index, start)
    if measures is not None:
        state = state.evolve(measures=measures,
                             goods=trade[..., None] * goods_shares(sc, index)[None])
    return world, _scored(world, prepare_state(world, state))


def _required(text: str, world: World, trees: dict[str, Node]) -> Condition:
    """Compile an expression (the checker's parse tree when it has one), keeping its text."""
    tree = trees.get(text)
    if tree is None:
        return compile_condition(text, world)
    return replace(compile_condition(tree, world), text=text)


def _who(value: str | None, index: dict[str, int], default: int) -> int:
    """A country slot: SELF, TARGET or a fixed country index."""
    if value is None:
        return default
    if value == "self":
        return SELF
    if value == "target":
        return TARGET
    return index[value]


def _other(slot: int) -> int:
    """The other side of a two-sided effect when only one side is given."""
    return TARGET if slot == SELF else SELF if slot == TARGET else TARGET


def _effect(effect: Any, index: dict[str, int], blocs: tuple[str, ...],
            flags: tuple[str, ...]) -> Any:
    """One effect with its names resolved to indices."""
    from leverage.core.world import Effect

    if isinstance(effect, schema.SanctionEffect):
        return Effect("sanction", SANCTION_KINDS.index(effect.sanction),
                      _who(effect.by, index, SELF), _who(effect.on, index, TARGET), effect.level)
    if isinstance(effect, schema.DealEffect):
        client = _who(effect.client, index, SELF)
        return Effect("deal", DEAL_KINDS.index(effect.deal), client,
                      _who(effect.partner, index, _other(client)), effect.level)
    if isinstance(effect, schema.PolicyEffect):
        return Effect("policy", POLICY_KINDS.index(effect.policy), _who(effect.of, index, SELF),
                      SELF, effect.level)
    if isinstance(effect, schema.ChangeEffect):
        return Effect("change", COL[effect.change], _who(effect.of, index, SELF), SELF,
                      effect.by, effect.turns, effect.delay)
    if isinstance(effect, schema.RelationEffect):
        return Effect("relation", 0, _who(effect.of, index, SELF),
                      _who(effect.with_, index, TARGET), effect.relation)
    if isinstance(effect, schema.LoanEffect):
        lender = _who(effect.lender, index, SELF)
        return Effect("loan", 0, lender, _who(effect.borrower, index, _other(lender)),
                      effect.loan, extra=effect.oil_repaid)
    if isinstance(effect, schema.FreezeEffect):
        return Effect("freeze", RESERVE_ASSETS.index(effect.freeze),
                      _who(effect.of, index, TARGET), _who(effect.by, index, SELF), effect.share)
    if isinstance(effect, schema.PriceEffect):
        return Effect("price", GOODS.index(effect.price), 0, 0, effect.add)
    if isinstance(effect, schema.JoinEffect):
        return Effect("join", blocs.index(effect.join), _who(effect.of, index, SELF), SELF)
    if isinstance(effect, schema.LeaveEffect):
        return Effect("leave", blocs.index(effect.leave), _who(effect.of, index, SELF), SELF)
    assert isinstance(effect, schema.FlagEffect)
    return Effect("flag", flags.index(effect.flag), SELF, SELF, 1.0 if effect.value else 0.0)


def _effects(effects: list[Any], index: dict[str, int], blocs: tuple[str, ...],
             flags: tuple[str, ...]) -> tuple[Any, ...]:
    """Effects with names resolved; a measure on several groups is one effect per group."""
    out: list[Any] = []
    for effect in effects:
        if isinstance(effect, schema.MeasureEffect):
            out.extend(_measures(effect, index))
        else:
            out.append(_effect(effect, index, blocs, flags))
    return tuple(out)


def _measures(effect: schema.MeasureEffect, index: dict[str, int]) -> list[Any]:
    """One measure effect per product group it names (`all`: every group)."""
    from leverage.core.world import Effect

    groups = range(len(GOODS)) if "all" in effect.goods else sorted(
        {GOODS.index(g) for g in effect.goods})
    kind = MEASURE_KINDS.index(effect.measure)
    by, on = _who(effect.by, index, SELF), _who(effect.on, index, TARGET)
    return [Effect("measure", g * len(MEASURE_KINDS) + kind, by, on, effect.add) for g in groups]


def uses_goods(sc: Scenario, moves: list[schema.Move]) -> bool:
    """True when a scenario splits trade into goods: it gives shares, or some move or event
    has a measure or moves a price."""
    if sc.goods or sc.measures:
        return True
    effects = [e for m in moves for e in m.effects] + [e for ev in sc.events for e in ev.effects]
    return any(isinstance(e, (schema.MeasureEffect, schema.PriceEffect)) for e in effects)


def starting_measures(sc: Scenario, index: dict[str, int]) -> np.ndarray:
    """(1, N, N, G, KM) the measures in force at the start [by, on, group, kind], added up."""
    n, g, km = len(index), len(GOODS), len(MEASURE_KINDS)
    out = np.zeros((1, n, n, g, km))
    for m in sc.measures:
        kind = MEASURE_KINDS.index(m.measure)
        groups = range(g) if "all" in m.goods else sorted({GOODS.index(x) for x in m.goods})
        for group in groups:
            out[0, index[m.by], index[m.on], group, kind] += m.level
    for kind in range(km):
        out[..., kind] = np.minimum(out[..., kind], MEASURE_MAX[kind])
    return out


def free_shares(observed: np.ndarray, measures: np.ndarray, params: Params) -> np.ndarray:
    """(N, N, G) each group's share of a pair's trade without the measures in force at the
    start: the observed shares over what the measures leave of each group, summing to 1."""
    if not measures.any():
        return observed
    kept = np.maximum(measures_kept(measures, params)[0], 1e-3)
    grossed = observed / kept
    return np.asarray(grossed / np.maximum(grossed.sum(axis=-1, keepdims=True), 1e-12))


def goods_shares(sc: Scenario, index: dict[str, int]) -> np.ndarray:
    """(N, N, G) share of each group in each pair's exports: the default world mix, replaced
    by the scenario's shares for all of an exporter's partners, then for one partner."""
    n, g = len(index), len(GOODS)
    out = np.broadcast_to(np.asarray(GOODS_DEFAULT_SHARES), (n, n, g)).copy()
    for mix in sorted(sc.goods, key=lambda m: m.to is not None):
        row = _mix(mix.shares)
        if mix.to is None:
            out[index[mix.from_], :, :] = row
        else:
            out[index[mix.from_], index[mix.to], :] = row
    return out


def _mix(shares: dict[str, float]) -> np.ndarray:
    """(G,) shares with the groups not named sharing the rest in the default proportions."""
    default = np.asarray(GOODS_DEFAULT_SHARES)
    row = np.zeros(len(GOODS))
    named = np.zeros(len(GOODS), dtype=bool)
    for name, value in shares.items():
        row[GOODS.index(name)] = value
        named[GOODS.index(name)] = True
    rest = max(0.0, 1.0 - float(row.sum()))
    if (~named).any():
        row[~named] = rest * default[~named] / default[~named].sum()
    return row / max(float(row.sum()), 1e-12)


def country_params(sc: Scenario, params: Params) -> tuple[tuple[str, np.ndarray], ...]:
    """(name, (N,) values) of each parameter some country sets for itself; the others keep the
    scenario's value."""
    out = []
    for name in COUNTRY_PARAMS:
        if any(name in c.model for c in sc.countries):
            values = np.array([c.model.get(name, float(getattr(params, name)))
                               for c in sc.countries], dtype=np.float64)
            out.append((name, values))
    return tuple(out)


def pair_hostility(sc: Scenario, index: dict[str, int], params: Params) -> np.ndarray | None:
    """(N, N) each pair's `gamma_hostility`: the scenario's value for the pairs it sets in
    `relations`, the global one elsewhere; None when it sets none."""
    pairs = [r for r in sc.relations if r.gamma_hostility is not None]
    if not pairs:
        return None
    out = np.full((len(index), len(index)), params.gamma_hostility)
    for rel in pairs:
        a, b = index[rel.between[0]], index[rel.between[1]]
        out[a, b] = out[b, a] = float(rel.gamma_hostility or 0.0)
    return out


def _move(move: schema.Move, index: dict[str, int], blocs: tuple[str, ...],
          flags: tuple[str, ...], when: Condition | None) -> MoveDef:
    """A move as arrays: who may play it and on whom."""
    n = len(index)
    by = np.zeros(n, dtype=bool)
    for who in move.by:
        if who == "any":
            by[:] = True
        elif who in index:
            by[index[who]] = True
    targets = np.zeros((n, n), dtype=bool)
    for who in move.target:
        if who == "self":
            targets |= np.eye(n, dtype=bool)
        elif who == "any":
            targets[:] = True
        elif who == "others":
            targets |= ~np.eye(n, dtype=bool)
        elif who in index:
            targets[:, index[who]] = True
    targets &= by[:, None]
    return MoveDef(
        id=move.id, name=move.name, summary=move.summary, description=move.description.strip(),
        source=move.source, kind=move.kind, cost=move.cost, once=move.once, by=by,
        targets=targets, when=when,
        effects=_effects(move.effects, index, blocs, flags),
    )


def _event(event: schema.Event, index: dict[str, int], blocs: tuple[str, ...],
           flags: tuple[str, ...], start: str, sc: Scenario, when: Condition | None,
           unless: Condition | None) -> EventDef:
    """An event with its first turn worked out from its date."""
    turn: int | None = None
    if event.date is not None:
        turn = turn_of(event.date, start, sc.calendar.months_per_turn)
        if turn < 1 or turn > sc.calendar.turns:
            turn = NEVER
    return EventDef(
        id=event.id, title=event.title, text=event.text.strip(), source=event.source, turn=turn,
        when=when, unless=unless, chance=event.chance, once=event.once,
        effects=_effects(event.effects, index, blocs, flags),
    )


def _indicators(sc: Scenario) -> np.ndarray:
    """(1, N, I) starting indicators with defaults and payment shares summing to 100."""
    n = len(sc.countries)
    ind = np.zeros((1, n, len(STORED)), dtype=np.float64)
    for name, value in DEFAULTS.items():
        ind[0, :, COL[name]] = value
    pay = [COL[c] for c in PAYMENT_COLUMNS]
    for k, country in enumerate(sc.countries):
        for name, number in country.start.items():
            if name in COL:
                ind[0, k, COL[name]] = value_of(number)
        ind[0, k, COL["capital"]] = country.capital
        total = ind[0, k, pay].sum()
        if total <= 0:
            ind[0, k, pay] = 0.0
            ind[0, k, COL["pay_usd"]] = 100.0
        else:
            ind[0, k, pay] = ind[0, k, pay] * (100.0 / total)
    return ind


def _pair_matrix(n: int, entries: list[tuple[str, str, float]], index: dict[str, int],
                 symmetric: bool = False) -> np.ndarray:
    """(1, N, N) matrix from (a, b, value) entries."""
    out = np.zeros((1, n, n), dtype=np.float64)
    for a, b, value in entries:
        out[0, index[a], index[b]] = value
        if symmetric:
            out[0, index[b], index[a]] = value
    return out


def _state(sc: Scenario, world: World, ind: np.ndarray, trade: np.ndarray,
           index: dict[str, int], start: str) -> State:
    """The starting State of one game."""
    n, m = world.n, len(world.bloc_ids)
    ks, kd, kp = len(SANCTION_KINDS), len(DEAL_KINDS), len(POLICY_KINDS)
    mv, e, f, r = len(world.moves), len(world.events), len(world.flag_names), len(world.roles)
    relations = _pair_matrix(
        n, [(x.between[0], x.between[1], value_of(x.value)) for x in sc.relations], index,
        symmetric=True)
    loans = _pair_matrix(n, [(x.debtor, x.creditor, value_of(x.value)) for x in sc.loans], index)
    oil_repay = _pair_matrix(
        n, [(x.debtor, x.creditor, value_of(x.oil_repaid)) for x in sc.loans], index)
    sanctions = np.zeros((1, n, n, ks), dtype=np.float64)
    bite = np.zeros((1, n, n, ks), dtype=np.float64)
    for s in sc.sanctions:
        a, b, k = index[s.by], index[s.on], SANCTION_KINDS.index(s.kind)
        sanctions[0, a, b, k] = s.level
        turns_since = 0.0
        if s.since is not None:
            turns_since = max(0.0, _months_between(s.since, start) / world.months_per_turn)
        bite[0, a, b, k] = initial_bite(s.level, turns_since, world.params)
    deals = np.zeros((1, n, n, kd), dtype=np.float64)
    for d in sc.deals:
        deals[0, index[d.client], index[d.partner], DEAL_KINDS.index(d.kind)] = d.level
    blocs = np.zeros((1, n, m), dtype=np.float64)
    for j, bloc in enumerate(sc.blocs):
        for code in bloc.members:
            blocs[0, index[code], j] = 1.0
    return State(
        turn=0, ind=ind, relations=relations, anchor=relations.copy(), trade=trade,
        loans=loans, oil_repay=oil_repay, sanctions=sanctions, bite=bite, deals=deals,
        policies=np.zeros((1, n, kp)), policy_eff=np.zeros((1, n, kp)),
        frozen=np.zeros((1, n, len(RESERVE_ASSETS))), blocs=blocs,
        pending=np.zeros((1, n, n, mv), dtype=bool), applications=np.zeros((1, n, m), dtype=bool),
        scheduled=np.zeros((1, HORIZON, n, len(STORED))), flags=np.zeros((1, f), dtype=bool),
        fired=np.zeros((1, e), dtype=np.int64), played=np.zeros((1, n, mv), dtype=np.int64),
        oil_price=np.full(1, world.params.oil_price0), score=np.zeros((1, r)),
    )


def _scored(world: World, state: State) -> State:
    """The starting state with each role's score already worked out (turn 0)."""
    return state.evolve(score=scores(world, state))


def _months_between(earlier: str, later: str) -> int:
    """Whole months from `earlier` to `later`."""
    ey, em, _ = parse_date(earlier)
    ly, lm, _ = parse_date(later)
    return (ly * 12 + lm) - (ey * 12 + em)
