"""Shipped scenarios with a line or two changed, for claims about moves a scenario does not offer
at the start (a deal already in force, a library move it leaves out)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from leverage.core.state import State
from leverage.core.step import step
from leverage.core.world import World
from leverage.scenario import load_scenario
from tests.model.paired import ROOT, Accept, Pair, Play, actions


def variant(name: str, folder: Path, edits: Sequence[tuple[str, str]]) -> tuple[World, State]:
    """The shipped scenario `name` with each (old, new) text replaced once, loaded from `folder`."""
    text = (ROOT / "scenarios" / f"{name}.yaml").read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = folder / f"{name}_variant.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load_scenario(str(path))
    return loaded.world, loaded.state


def played(world: World, start: State, turns: int,
           plays: Mapping[int, Sequence[Play]] | None = None,
           accepts: Mapping[int, Sequence[Accept]] | None = None, games: int = 100,
           seed: int = 11) -> list[State]:
    """States of `games` games of `world` from `start` (as `paired.play`, for any world)."""
    rng = np.random.default_rng(seed)
    state = start.repeat(games)
    states = [state]
    for turn in range(1, turns + 1):
        act = actions(world, games, (plays or {}).get(turn, ()), (accepts or {}).get(turn, ()))
        state, _ = step(world, state, act, rng)
        states.append(state)
    return states


def paired_in(world: World, start: State, turns: int, move: tuple[int, Play],
              answer: Mapping[int, Sequence[Accept]] | None = None, games: int = 100) -> Pair:
    """The same games of `world` without and with `move` (and the partner's `answer`)."""
    with_move = {move[0]: [move[1]]}
    return Pair(world, played(world, start, turns, games=games),
                played(world, start, turns, with_move, answer, games=games))
