"""How well the model's parameters are known, and worlds drawn within that knowledge.

`compare --bands` asks whether the real figures lie inside the range of what the model thinks
could have happened.  Luck alone (oil-price paths, growth shocks) is only part of that range: the
model's parameters are themselves estimates.  A parameter whose comment in `leverage/core/params.py`
cites a published figure is taken as known to within SOURCED (10%); one marked "[assumption]"
to within ASSUMED (30%).  Each drawn world multiplies every parameter by its own factor, drawn
uniformly in logarithm between 1/(1 + spread) and 1 + spread, and keeps it inside the range the
checker allows (a share stays at or below 1).  Prices and unit conversions (the starting oil
and gold prices, the price bounds, kb/d to $bn) are facts of the scenario, not estimates, and
are not drawn; nor is a parameter a scenario sets in its `model:` section (the author chose it).
The sizes of the scenario's own effects (a sale of "about five tonnes", a relation shift) are
estimates too, and are drawn within ASSUMED in each world (`draw_effects`).  So are the
starting values the scenario gives as an assumption rather than a source (gold "interpolated
between" two published figures, oil output "between" two estimates): each is drawn within
STARTING (`draw_start`); sourced starting values, payment shares, population and stability are
kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, TypeGuard

import numpy as np

from leverage.commands.reference import param_docs
from leverage.core.params import Params
from leverage.core.world import Effect, World
from leverage.scenario.ranges import POSITIVE, param_range
from leverage.scenario.schema import Country, Scenario, Sourced

#: Relative uncertainty of a parameter with a published source.
SOURCED = 0.10
#: Relative uncertainty of a parameter marked "[assumption]".
ASSUMED = 0.30
#: Relative uncertainty of a starting value given as an assumption (most lie between two
#: published figures).
STARTING = 0.10
#: The mark of a parameter without a published source.
ASSUMPTION_MARK = "[assumption"


@dataclass(frozen=True)
class Spread:
    """The relative uncertainty of each drawn parameter (name -> share, e.g. 0.3 for 30%)."""

    shares: dict[str, float]

    def names(self) -> tuple[str, ...]:
        """The drawn parameters, in declaration order."""
        return tuple(self.shares)


def parameter_spread(fixed: Iterable[str] = ()) -> Spread:
    """The uncertainty of every drawn parameter; `fixed` names ones kept as they are."""
    kept = set(fixed) | set(POSITIVE)
    shares: dict[str, float] = {}
    for doc in param_docs():
        if doc.name in kept or doc.default == 0.0:
            continue
        shares[doc.name] = ASSUMED if ASSUMPTION_MARK in doc.source else SOURCED
    return Spread(shares)


def draw_params(base: Params, spread: Spread, rng: np.random.Generator) -> Params:
    """`base` with every parameter of `spread` multiplied by a factor drawn within its share."""
    values: dict[str, float] = {}
    for name, share in spread.shares.items():
        bound = float(np.log1p(share))
        factor = float(np.exp(rng.uniform(-bound, bound)))
        values[name] = param_range(name).clamp(float(getattr(base, name)) * factor)
    return replace(base, **values)


#: Effects whose size is an author's estimate ("Sizes are the game's assumptions"), drawn within
#: ASSUMED like a parameter without a source: changes of indicators and shifts of relations.
#: Sanction and policy levels (shares of a whole), loans (sums on record) and flags are kept.
DRAWN_EFFECTS = frozenset({"change", "relation"})


def _draw_effect(effect: Effect, rng: np.random.Generator) -> Effect:
    """`effect` with its amount drawn within ASSUMED when it is an estimated size."""
    if effect.kind not in DRAWN_EFFECTS or effect.amount == 0.0:
        return effect
    bound = float(np.log1p(ASSUMED))
    return replace(effect, amount=effect.amount * float(np.exp(rng.uniform(-bound, bound))))


def draw_effects(world: World, rng: np.random.Generator) -> World:
    """`world` with the estimated sizes of its moves' and events' effects drawn within ASSUMED."""
    moves = tuple(replace(m, effects=tuple(_draw_effect(e, rng) for e in m.effects))
                  for m in world.moves)
    events = tuple(replace(e, effects=tuple(_draw_effect(x, rng) for x in e.effects))
                   for e in world.events)
    return replace(world, moves=moves, events=events)


#: Starting values never drawn: shares that are normalised, head counts on record, and
#: stability, the game's own index (not an estimate of a measured quantity; the conditions of
#: real moves are set against it).
KEPT_START = frozenset({"population", "pay_usd", "pay_eur", "pay_cny", "pay_mir", "pay_barter",
                        "stability"})
#: Starting values drawn with another's factor: capacity moves with the output it was set from.
SAME_FACTOR = {"oil_capacity": "oil_output"}


def _assumed(number: object) -> TypeGuard[Sourced]:
    """True for a starting value given with an assumption and no source."""
    return isinstance(number, Sourced) and number.source is None and number.assumption is not None


def _draw_country(country: Country, rng: np.random.Generator) -> Country:
    """`country` with every assumed starting value multiplied by a factor within STARTING."""
    bound = float(np.log1p(STARTING))
    factors: dict[str, float] = {}
    start = dict(country.start)
    for name in sorted(start):
        number = start[name]
        if name in KEPT_START or not _assumed(number):
            continue
        key = SAME_FACTOR.get(name, name)
        factor = factors.setdefault(key, float(np.exp(rng.uniform(-bound, bound))))
        start[name] = number.model_copy(update={"value": number.value * factor})
    return country.model_copy(update={"start": _capacity_above_output(start)})


def _capacity_above_output(start: dict[str, Any]) -> dict[str, Any]:
    """`start` with oil capacity raised to the output where a draw put it below."""
    cap, out = start.get("oil_capacity"), start.get("oil_output")
    if isinstance(cap, Sourced) and out is not None:
        floor = out.value if isinstance(out, Sourced) else float(out)
        if cap.value < floor:
            start["oil_capacity"] = cap.model_copy(update={"value": floor})
    return start


def draw_start(scenario: Scenario, rng: np.random.Generator) -> Scenario:
    """`scenario` with the starting values it gives as assumptions drawn within STARTING."""
    countries = [_draw_country(c, rng) for c in scenario.countries]
    return scenario.model_copy(update={"countries": countries})
