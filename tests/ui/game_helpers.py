"""Shared helpers of the game-screen tests: a real Session on a shipped scenario, hovering."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pygame
import pytest

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def scenario_paths() -> list[Path]:
    """Shipped scenarios, the tutorial first."""
    names = ("tutorial.yaml", "gold_route.yaml", "beyond_dollar.yaml", "lavrov_caracas.yaml",
             "pastor_and_steel.yaml")
    paths = [SCENARIOS / n for n in names if (SCENARIOS / n).is_file()]
    if not paths:
        pytest.skip("no scenario shipped yet")
    return paths


@functools.cache
def _loaded(path: str) -> Any:
    """Load a scenario once for the whole test run (it is never modified)."""
    from leverage.scenario import load_scenario

    return load_scenario(path)


def start_game(app: Any, humans: int = 1, seed: int = 1, path: Path | None = None) -> Any:
    """A real Session on a real scenario (`path`, or the first with enough roles): the first
    `humans` roles are people."""
    from leverage.session import PlayerConfig, Session

    paths = [path] if path is not None else scenario_paths()
    loaded = next((x for x in map(_loaded, map(str, paths))
                   if len(x.world.roles) >= humans), None)
    if loaded is None:
        pytest.skip(f"no scenario with {humans} roles")
    world = loaded.world
    codes = [world.codes[r.country] for r in world.roles][:humans]
    players = {c: PlayerConfig("human", "normal", f"Player {k + 1}") for k, c in enumerate(codes)}
    session = Session.new(loaded, players, seed=seed)
    session.autosave = False
    app.session = session
    return session


def hover_at(ui: Any, pos: tuple[int, int], seconds: float = 0.5) -> None:
    """Move the mouse to `pos` and rest there long enough for a tooltip."""
    pygame.mouse.set_pos(pos)
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    for _ in range(6):
        ui.app.tick_once(seconds / 6)
