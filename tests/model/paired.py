"""Paired counterfactuals: the same games (same seed, same random draws) with and without one move.

A model claim in `docs/model.md` is tested as a pair of batches that differ in one decision only,
so the difference between them is the move's effect and not luck.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from leverage.core.actions import Actions
from leverage.core.state import State
from leverage.core.step import step
from leverage.core.world import World
from leverage.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]
#: (actor code, move id, target code); the target is the actor for moves without one
Play = tuple[str, str, str]
#: (answering code, proposing code, move id): a proposal accepted
Accept = tuple[str, str, str]


#: Test moves: US measures on Turkish goods, an export ban, a metals boom.
MEASURE_MOVES = """moves:
  - {id: duty_metals, name: Duty on metals, by: [USA], target: [TUR], cost: 0,
     summary: A 25% duty on Turkish metals., effects: [{measure: import_tariff, goods: [metals], add: 0.25}]}
  - {id: quota_metals, name: Quota on metals, by: [USA], target: [TUR], cost: 0,
     summary: A quota shutting out half of Turkish metals., effects: [{measure: quota, goods: [metals], add: 0.5}]}
  - {id: informal_food, name: Informal ban on food, by: [USA], target: [TUR], cost: 0,
     summary: Customs hold Turkish food., effects: [{measure: informal_ban, goods: [agriculture], add: 1.0}]}
  - {id: ban_food, name: Ban on food, by: [USA], target: [TUR], cost: 0,
     summary: A ban on Turkish food., effects: [{measure: import_ban, goods: [agriculture], add: 1.0}]}
  - {id: no_metals_to, name: Export ban on metals, by: [USA], target: [TUR], cost: 0,
     summary: No metals to Turkey., effects: [{measure: export_ban, goods: [metals], add: 1.0}]}
  - {id: lift_duty_metals, name: Lift the duty on metals, by: [USA], target: [TUR], cost: 0,
     summary: The duty goes., effects: [{measure: import_tariff, goods: [metals], add: -0.25}]}
  - {id: metals_boom, name: Metals boom, by: [USA], cost: 0,
     summary: World metal prices double., effects: [{price: metals, add: 1.0}]}
"""
DUTY_IN_FORCE = """measures:
  - {by: USA, on: TUR, measure: import_tariff, goods: [metals], level: 0.25, since: 2018-06}

"""
TURKISH_GOODS = """goods:
  - {from: TUR, shares: {metals: 0.2, agriculture: 0.12}, assumption: "steel and food"}

sanctions:
  - {by: USA, on: TUR, kind: trade, level: 0.3, since: 2018-08-10, source: trump_tariffs_2018}
"""
#: The scenario's US duties on Turkish metals in force at the start (its `measures:`)
SHIPPED_DUTIES = """measures:
  - {by: USA, on: TUR, measure: import_tariff, goods: [metals], level: 0.22, since: 2018-03-23, source: section232_2018}
  - {by: USA, on: TUR, measure: import_tariff, goods: [metals], level: 0.22, since: 2018-08-10, source: trump_tariffs_2018}

"""
#: A test move that takes the scenario's duties on Turkish metals off at once (any turn)
LIFT_SHIPPED_DUTIES = """moves:
  - {id: lift_all_metals, name: Lift the duties on metals, by: [USA], target: [TUR], cost: 0,
     summary: The duties go., effects: [{measure: import_tariff, goods: [metals], add: -0.44}]}
"""

#: A test move that lists the traders and shippers of Venezuela's oil (secondary sanctions)
LIST_TRADERS = """moves:
  - {id: list_traders, name: List the oil traders, by: [USA], target: [VEN], cost: 0,
     summary: Traders listed., effects: [{sanction: secondary, level: 1.0}]}
"""

#: Shipped scenarios with a line changed, for claims about a move the scenario leaves out:
#: name -> (shipped scenario, [(text, replacement)])
VARIANTS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    # the tutorial's US embargo comes only with its lesson (an event); here the US may play it
    "tutorial_with_embargo": ("tutorial", [("  - use: lift_oil_embargo\n",
                                            "  - use: oil_embargo\n  - use: lift_oil_embargo\n")]),
    # the same with a move that lists the traders who resell Venezuela's oil
    "tutorial_with_listing": ("tutorial", [("  - use: lift_oil_embargo\n",
                                            "  - use: oil_embargo\n  - use: lift_oil_embargo\n"),
                                           ("\nmoves:\n", "\n" + LIST_TRADERS)]),
    # Pastor and Steel with Turkey's exports split into goods, the US tariffs of 2018 as a
    # `trade` sanction (level 0.3) instead of the scenario's duties on metals, and US measures on
    # one group on offer
    "pastor_with_measures": ("pastor_and_steel", [("\nmoves:\n", "\n" + MEASURE_MOVES),
                                                  (SHIPPED_DUTIES, ""),
                                                  ("\nsanctions:\n", "\n" + TURKISH_GOODS)]),
    # the same with the 25% duty on Turkish metals already in force at the start
    "pastor_duty_in_force": ("pastor_and_steel", [("\nmoves:\n", "\n" + MEASURE_MOVES),
                                                  (SHIPPED_DUTIES, ""),
                                                  ("\nsanctions:\n", "\n" + TURKISH_GOODS.replace(
                                                      "\nsanctions:\n",
                                                      "\n" + DUTY_IN_FORCE + "sanctions:\n"))]),
    # Pastor and Steel as shipped (its US duties on Turkish metals in force at the start) with a
    # move that lifts them all at once
    "pastor_lift_duties": ("pastor_and_steel", [("\nmoves:\n", "\n" + LIFT_SHIPPED_DUTIES)]),
}


@cache
def scenario(name: str) -> tuple[World, State]:
    """The world and starting state of a shipped scenario (by file stem) or of one of the
    VARIANTS, loaded once."""
    if name not in VARIANTS:
        loaded = load_scenario(str(ROOT / "scenarios" / f"{name}.yaml"))
        return loaded.world, loaded.state
    shipped, edits = VARIANTS[name]
    text = (ROOT / "scenarios" / f"{shipped}.yaml").read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        loaded = load_scenario(str(path))
    return loaded.world, loaded.state


def actions(world: World, batch: int, plays: Sequence[Play],
            accepts: Sequence[Accept] = ()) -> Actions:
    """Actions where every game of the batch plays `plays` and accepts `accepts`."""
    act = Actions.empty(batch, world.n, len(world.moves), len(world.bloc_ids))
    code = {c: i for i, c in enumerate(world.codes)}
    for actor, move, target in plays:
        act.moves[:, code[actor], world.move_index(move)] = code[target] + 1
    for answer, proposer, move in accepts:
        act.accept[:, code[answer], code[proposer], world.move_index(move)] = True
    return act


def play(name: str, turns: int, plays: Mapping[int, Sequence[Play]] | None = None,
         accepts: Mapping[int, Sequence[Accept]] | None = None, games: int = 200,
         seed: int = 11) -> list[State]:
    """States before turn 1 and after each turn; plays/accepts keyed by turn (1-based).

    Moves go through `step`, which refuses an illegal move: a claim about a move is only tested
    where the game would let a player make it.
    """
    world, start = scenario(name)
    state = start.repeat(games) if games > 1 else start
    rng = np.random.default_rng(seed)
    states = [state]
    for turn in range(1, turns + 1):
        act = actions(world, games, (plays or {}).get(turn, ()), (accepts or {}).get(turn, ()))
        state, _ = step(world, state, act, rng)
        states.append(state)
    return states


@dataclass(frozen=True)
class Pair:
    """The same games without (`base`) and with (`moved`) one extra decision."""

    world: World
    base: list[State]
    moved: list[State]

    def value(self, states: list[State], turn: int, indicator: str, code: str) -> np.ndarray:
        """(games,) one country's indicator after `turn` turns (0 = the start)."""
        column = self.world.codes.index(code)
        return np.asarray(states[turn].get(indicator, self.world.params)[:, column], dtype=float)

    def effect(self, turn: int, indicator: str, code: str) -> float:
        """Median over games of (with - without) of an indicator after `turn` turns."""
        diff = (self.value(self.moved, turn, indicator, code)
                - self.value(self.base, turn, indicator, code))
        return float(np.median(diff))

    def relative(self, turn: int, indicator: str, code: str) -> float:
        """Median over games of with / without - 1 of an indicator after `turn` turns."""
        base = self.value(self.base, turn, indicator, code)
        moved = self.value(self.moved, turn, indicator, code)
        return float(np.median(moved / np.where(np.abs(base) < 1e-12, 1e-12, base) - 1.0))


def paired(name: str, turns: int, move: tuple[int, Play],
           plays: Mapping[int, Sequence[Play]] | None = None,
           accepts: Mapping[int, Sequence[Accept]] | None = None,
           extra_accepts: Mapping[int, Sequence[Accept]] | None = None,
           games: int = 200, seed: int = 11) -> Pair:
    """Play the same games without and with `move` = (turn, play) on top of `plays`.

    `extra_accepts` are accepted only in the games with the move (the partner's answer to it).
    """
    base_plays = {t: list(v) for t, v in (plays or {}).items()}
    moved_plays = {t: list(v) for t, v in base_plays.items()}
    moved_plays.setdefault(move[0], []).append(move[1])
    moved_accepts = {t: list(v) for t, v in (accepts or {}).items()}
    for t, extra in (extra_accepts or {}).items():
        moved_accepts.setdefault(t, []).extend(extra)
    world, _ = scenario(name)
    return Pair(world, play(name, turns, base_plays, accepts, games, seed),
                play(name, turns, moved_plays, moved_accepts, games, seed))
