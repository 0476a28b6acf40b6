"""Hot-seat curtain: names the next player, hides the screen below, Enter continues."""

from __future__ import annotations

from typing import Any

import pygame

from game.ui.screen import Screen
from game.ui.screens.handover import HandoverScreen


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
