"""Hot-seat curtain: names the next player, hides the screen below, Enter continues."""

from __future__ import annotations

from typing import Any

import pygame

from leverage.ui.screen import Screen
from leverage.ui.screens.handover import HandoverScreen


class Secret(Screen):
    title = "secret"

    def build(self) -> None:
        self.label(pygame.Rect(10, 10, 400, 30), "SECRET PLAN")

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill((255, 0, 255), pygame.Rect(0, 0, 50, 50))


class FakeSession:
    world = type("W", (), {"codes": ("VEN", "USA"), "names": ("Venezuela", "United States"),
                           "country": staticmethod(lambda c: ("VEN", "USA").index(c))})()
    turn, turns, date = 2, 8, "Oct 2018"

    def player_name(self, code: str) -> str:
        return {"VEN": "Alice", "USA": "United States"}[code]

    def human_countries(self) -> list[str]:
        return ["VEN", "USA"]


def test_curtain_names_the_player_and_hides_the_previous_screen(app: Any, ui: Any) -> None:
    app.session = FakeSession()
    app.push(Secret(app))
    app.push(HandoverScreen(app, "VEN"))
    ui.tick()
    assert ui.shows("Pass to Alice (Venezuela)")
    assert ui.shows("Turn 2 of 8")
    assert not ui.shows("SECRET PLAN")
    assert app.window.get_at((10, 10))[:3] != (255, 0, 255)
    ui.key(pygame.K_ESCAPE)  # Esc does not lift the curtain
    assert ui.titles() == ["secret", "handover"]
    ui.key(pygame.K_RETURN)
    assert ui.titles() == ["secret"]
    assert ui.shows("SECRET PLAN")


def test_without_a_person_name_and_with_a_continuation(app: Any, ui: Any) -> None:
    app.session = FakeSession()
    done: list[str] = []
    app.push(Secret(app))
    app.push(HandoverScreen(app, "USA", on_continue=lambda: done.append("go")))
    ui.tick()
    assert ui.shows("Pass to the player of United States")
    ui.click_text("I am ready")
    assert done == ["go"]


def test_the_first_team_of_a_turn_is_not_told_of_a_previous_player(ui: Any) -> None:
    """In a hot-seat game the second team's curtain hides the first team's choices; the first
    team of the next turn is told it plans first, not that a previous player's choices hide."""
    from tests.ui.test_class_cards import open_game
    from tests.ui.test_turn import wait_resolved

    screen = open_game(ui, "gold_route.yaml", humans=("VEN", "USA"))
    ui.key(pygame.K_RETURN)
    ui.key(pygame.K_y)
    assert ui.top.title == "handover" and ui.top.code == "USA"
    assert ui.shows("The previous player's choices are hidden.")
    ui.key(pygame.K_RETURN)
    ui.key(pygame.K_RETURN)
    ui.key(pygame.K_y)
    wait_resolved(ui, screen)
    ui.key(pygame.K_RETURN)
    assert ui.top.title == "handover" and ui.top.code == "VEN"
    assert not ui.shows("The previous player's choices are hidden.")
    assert ui.shows("You plan first this turn")
