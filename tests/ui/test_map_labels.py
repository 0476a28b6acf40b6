"""The map's labels keep clear of each other: the key covers no flag or label (such as
'VEN (you)'), sanction badges and relation chips cover no number, flag or code ('CUB85')."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui.game_helpers import SCENARIOS, _loaded
from tests.ui.test_class_cards import open_game


@pytest.mark.parametrize("name", ["gold_route.yaml", "beyond_dollar.yaml", "lavrov_caracas.yaml",
                                  "pastor_and_steel.yaml", "tutorial.yaml"])
@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_chips_badges_and_key_keep_clear(ui: Any, name: str, size: tuple[int, int]) -> None:
    """Every flag label, relation chip and sanction badge has its own place; the key none."""
    ui.resize(*size)
    world = _loaded(str(SCENARIOS / name)).world
    screen = open_game(ui, name, humans=(world.codes[world.roles[0].country],))
    for _ in range(10):
        ui.tick(1)
    world_map = screen.map
    assert world_map.ready()
    layout = world_map._layout
    taken = layout.taken
    assert len(taken) > len(layout.flags), "chips and badges are placed as well as the flags"
    clashes = [(a, b) for k, a in enumerate(taken) for b in taken[k + 1:] if a.colliderect(b)]
    assert not clashes, f"{len(clashes)} of {len(taken)} labels overlap"
    if layout.legend.width:
        covered = layout.legend.collidelistall([taken[k] for k in range(len(layout.flags))])
        assert not covered, "the key covers a flag or its label"
