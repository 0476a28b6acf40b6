"""The tutorial teaches on time: each lesson shows on the turn screen of the turn it is about,
then in that turn's results, and none contradicts the state."""

from __future__ import annotations

from typing import Any

import pygame
import pytest

from tests.ui.test_class_cards import open_game
from tests.ui.test_turn import wait_resolved


def lesson_on_show(screen: Any) -> str:
    """The title of the lesson the turn screen shows ('' when none)."""
    for _, text in screen.tips:
        first = text.split("\n")[0]
        if first.startswith("Lesson"):
            return first
    return ""


def oil_embargo_level(session: Any) -> float:
    """The United States' oil sanction on Venezuela now."""
    ledger = session.ledger("VEN", "USA")
    return max((s.level for s in ledger.sanctions_ba if s.kind == "oil"),
               default=0.0)


def dated_lessons(session: Any) -> dict[int, list[str]]:
    """Lesson titles by the turn they are dated for."""
    out: dict[int, list[str]] = {}
    for event in session.world.events:
        if event.title.startswith("Lesson") and event.turn is not None:
            out.setdefault(event.turn, []).append(event.title)
    return out


def play_tutorial(ui: Any, first_move: str | None) -> list[tuple[int, str, list[str], float]]:
    """Play the tutorial through the screens (optionally one move in turn 1); per turn: the
    lesson on the turn screen, the lessons in that turn's results, the oil embargo before."""
    screen = open_game(ui, "tutorial.yaml")
    session = ui.app.session
    seen = []
    while not session.is_over:
        turn = session.turn
        ui.tick(3)
        shown = lesson_on_show(screen)
        embargo = oil_embargo_level(session)
        if first_move and turn == 1:
            number = [o.id for o in screen.options()].index(first_move) + 1
            ui.key(pygame.K_0 + number)
            ui.key(pygame.K_SPACE)
            screen.card = None
            screen.rebuild_detail()
            ui.key(pygame.K_RETURN)
        else:
            ui.key(pygame.K_RETURN)
            ui.key(pygame.K_y)
        wait_resolved(ui, screen)
        assert ui.top.title == "results"
        news = [n.title for n in session.reports[-1].news if n.title.startswith("Lesson")]
        seen.append((turn, shown, news, embargo))
        if "avoided" in " ".join(news):
            assert oil_embargo_level(session) == 0, "the 'avoided' lesson with an embargo in force"
        if any(n == "Lesson 2: trade and sanctions" for n in news):
            assert oil_embargo_level(session) > 0
        ui.key(pygame.K_RETURN)
        ui.tick(2)
    return seen


@pytest.mark.parametrize("first_move", [None, "election_roadmap"])
def test_each_lesson_shows_on_its_own_turn(ui: Any, first_move: str | None) -> None:
    """Turn by turn, the turn screen shows the lesson dated for that turn, the same lesson is in
    its results, and 'Try this turn' is read before the turn is played."""
    seen = play_tutorial(ui, first_move)
    session = ui.app.session
    dated = dated_lessons(session)
    assert len(seen) == session.turns
    for turn, shown, news, _ in seen:
        assert shown in dated.get(turn, []), f"turn {turn} shows {shown!r}"
        assert news == [shown], f"turn {turn}: screen {shown!r}, results {news}"
    assert seen[0][1] == "Lesson 1: friends and rivals"
    roadmap = first_move == "election_roadmap"
    avoided = roadmap and seen[1][3] == 0  # the US may embargo the oil by a move of its own
    assert seen[1][1] == ("Lesson 2: trade and sanctions (avoided)" if avoided else
                          "Lesson 2: trade and sanctions")
    assert seen[-1][1] == "Lesson 6: how you are scored"
