"""The status message over the turn screen wraps instead of being cut, at any size and scale,
and names the country, not its code."""

from __future__ import annotations

from typing import Any

import pygame
import pytest

from tests.ui.test_class_cards import open_game


@pytest.mark.parametrize(("size", "scale"), [((800, 560), 2.0), ((1920, 1080), 1.5)])
def test_an_over_budget_message_shows_whole(ui: Any, size: tuple[int, int], scale: float) -> None:
    """Choosing a card the budget cannot pay: the whole message shows, inside the window."""
    ui.app.set_window_size(size)
    ui.app.set_scale(scale)
    screen = open_game(ui, "gold_route.yaml")
    options = screen.options()
    cheap = [o for o in options if o.legal]
    spent = 0.0
    for option in cheap:  # spend the budget on what can be played
        if spent + option.cost <= ui.app.session.budget("VEN"):
            ui.app.session.plan("VEN", _move(option))
            spent += option.cost
    screen._options = None
    dear = next(o for o in screen.options() if o.legal and not o.planned and not o.affordable)
    screen.pick_card(dear.id)
    ui.key(pygame.K_SPACE)
    assert "Venezuela has only" in screen.status and " VEN " not in screen.status
    ui.tick(2)
    window = pygame.Rect((0, 0), ui.app.size)
    status = " ".join(screen.status.split())
    drawn = [line for line in ui.app.text_log.on(ui.app.window)
             if line.text.strip() and line.text.strip() in status
             and abs(line.rect.centerx - ui.app.size[0] // 2) <= 1
             and line.rect.y < ui.app.s(62) + 3 * ui.app.s(24)]
    assert " ".join(line.text.strip() for line in drawn) == status, [d.text for d in drawn]
    assert all(window.contains(line.rect) and not line.cut for line in drawn)

def _move(option: Any) -> Any:
    """The Move playing `option` on its first target."""
    from leverage.core.actions import Move

    return Move(option.id, "VEN", option.targets[0])


def test_space_on_a_card_that_cannot_be_played_says_why(ui: Any) -> None:
    """Space on an unavailable card gives its reason in words, not 'has no target'."""
    screen = open_game(ui, "tutorial.yaml")
    option = next(o for o in screen.options() if o.id == "end_gold_refining")
    assert not option.legal
    screen.pick_card(option.id)
    ui.key(pygame.K_SPACE)
    assert "no target" not in screen.status
    assert screen.status == option.why_not and "only when" in screen.status
