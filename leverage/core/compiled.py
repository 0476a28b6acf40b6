"""Per-world constants of the model, worked out once when a scenario is compiled.

`compile_world(world)` returns the World with its `Compiled` parts filled in; the turn, the
rules, the scores and the computer players read them from `world.parts()`.  A World changed
with `dataclasses.replace` must be compiled again (its parts describe the World they came from).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from leverage.core.ai import AiTables, build_tables
from leverage.core.objectives import ObjectiveTable, build_objective_table
from leverage.core.rules import CompiledRules, build_rules
from leverage.core.stages import StepConsts, build_consts
from leverage.core.world import World


@dataclass(frozen=True)
class Compiled:
    """Everything about a World that the model reuses every turn."""

    rules: CompiledRules       # legality, costs, levers, payment issuers, bounds
    consts: StepConsts         # index arrays the mechanisms use
    objectives: ObjectiveTable  # every role's objectives flattened
    ai: AiTables               # what the computer players may play


def compile_world(world: World) -> World:
    """`world` with its Compiled parts built from its own fields (any old parts are replaced)."""
    rules = build_rules(world)
    parts = Compiled(rules=rules, consts=build_consts(world, rules),
                     objectives=build_objective_table(world), ai=build_tables(world, rules))
    return replace(world, compiled=parts)
