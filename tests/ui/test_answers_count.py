"""Answering an offer is a decision: the plan shows it, and ending the turn does not ask
whether the team really wants to end it with nothing planned."""

from __future__ import annotations

from typing import Any

import pygame
import pytest

from tests.ui.test_class_cards import open_game
from tests.ui.test_turn import wait_resolved


def plan_panel_text(ui: Any) -> list[str]:
    """The lines the turn screen drew in its plan panel."""
    screen = ui.top
    detail = screen.layout["detail"]
    return [line.text for line in ui.app.text_log.on(ui.app.window)
            if detail.contains(line.rect)]


def test_an_accepted_offer_counts_as_the_turns_decision(ui: Any) -> None:
    """Accept an offer in the inbox (P, then A), come back: the plan lists the answer and Enter
    ends the turn at once."""
    screen = open_game(ui, "tutorial.yaml")
    session = ui.app.session
    while not session.inbox("VEN"):
        if session.turn >= 3:
            pytest.skip("no offer came in the first turns")
        ui.key(pygame.K_RETURN)
        ui.key(pygame.K_y)
        wait_resolved(ui, screen)
        ui.key(pygame.K_RETURN)
        ui.tick(2)
    offer = session.inbox("VEN")[0]
    ui.key(pygame.K_p)
    assert ui.top.title != "turn"
    ui.key(pygame.K_a)
    assert session.response("VEN", offer) is True
    ui.key(pygame.K_ESCAPE)
    assert ui.top is screen
    ui.tick(8)
    lines = plan_panel_text(ui)
    assert any(line.startswith("• Accept") and offer.name in line for line in lines), lines
    assert "Nothing planned yet." not in lines
    turn = session.turn
    ui.key(pygame.K_RETURN)
    assert ui.top.title != "confirm"
    wait_resolved(ui, screen)
    assert session.turn == turn + 1


def test_a_turn_with_no_move_to_play_says_so_and_ends_without_a_question(ui: Any) -> None:
    """Washington in Pastor and Steel has no card it can play in August 2018 (its tariffs and
    sanctions are in force, its other moves wait for their moment): the plan says so, and Enter
    ends the turn at once; a team with a playable card is still asked."""
    screen = open_game(ui, "pastor_and_steel.yaml", humans=("USA",))
    assert screen.options() and not any(o.legal and o.affordable for o in screen.options())
    ui.tick(2)
    text = " ".join(plan_panel_text(ui))
    assert "No move can be played this turn" in text and "Nothing planned yet" not in text
    ui.key(pygame.K_RETURN)
    assert ui.top.title != "confirm"
    wait_resolved(ui, screen)
    assert ui.top.title == "results" and ui.app.session.turn == 2
    screen = open_game(ui, "pastor_and_steel.yaml", humans=("TUR",))
    assert any(o.legal and o.affordable for o in screen.options())
    assert "Nothing planned yet." in plan_panel_text(ui)
    ui.key(pygame.K_RETURN)
    assert ui.top.title == "confirm"
