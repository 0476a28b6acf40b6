"""The tutorial teaches on time: each lesson shows on the turn screen of the turn it is about,
then in that turn's results, and none contradicts the state; the thresholds the briefing and
the lessons quote are the role's own, and the player has to act to win."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pygame
import pytest

from tests.ui.conftest import SCENARIOS
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


def gold_abroad_frozen(session: Any) -> float:
    """The frozen share of Venezuela's gold held abroad now."""
    from leverage.core.vocab import RESERVE_ASSETS

    ven = session.world.codes.index("VEN")
    return float(session.state.frozen[0, ven, RESERVE_ASSETS.index("gold_abroad")])


@dataclass
class TurnSeen:
    """What one tutorial turn showed, and the state around it."""

    turn: int
    shown: str
    text: str
    news: list[str]
    embargo_before: float
    embargo_after: float
    frozen_before: float
    frozen_after: float
    relations: dict[str, float]


def play_tutorial(ui: Any, first_move: str | None) -> list[TurnSeen]:
    """Play the tutorial through the screens (optionally one move in turn 1, accepting the
    replies it needs); per turn what the turn screen and its results showed."""
    screen = open_game(ui, "tutorial.yaml")
    session = ui.app.session
    seen = []
    while not session.is_over:
        turn = session.turn
        ui.tick(3)
        shown = lesson_on_show(screen)
        text = next((t for _, t in screen.tips if t.startswith(shown)), "") if shown else ""
        before = (oil_embargo_level(session), gold_abroad_frozen(session))
        relations = {c: session.ledger("VEN", c).relation for c in ("TUR", "USA")}
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
        seen.append(TurnSeen(turn, shown, text, news, before[0], oil_embargo_level(session),
                             before[1], gold_abroad_frozen(session), relations))
        if "avoided" in " ".join(news):
            assert oil_embargo_level(session) == 0, "the 'avoided' lesson with an embargo in force"
        if any(n == "Lesson 2: trade and sanctions" for n in news):
            assert oil_embargo_level(session) > 0
        ui.key(pygame.K_RETURN)
        ui.tick(2)
    return seen


def numbers(text: str) -> set[float]:
    """The numbers a text quotes ('+40', '-60', '$5bn', '35 or more')."""
    return {float(n) for n in re.findall(r"[-+]?\d+(?:\.\d+)?", text.replace(",", ""))}


@pytest.mark.parametrize("first_move", [None, "election_roadmap", "refine_gold_turkey"])
def test_each_lesson_shows_on_its_own_turn(ui: Any, first_move: str | None) -> None:
    """Turn by turn, the turn screen shows the lesson dated for that turn, the same lesson is in
    its results, 'Try this turn' is read before the turn is played, and what each lesson says
    about the state is true."""
    seen = play_tutorial(ui, first_move)
    session = ui.app.session
    dated = dated_lessons(session)
    assert len(seen) == session.turns
    for turn in seen:
        assert turn.shown in dated.get(turn.turn, []), f"turn {turn.turn} shows {turn.shown!r}"
        assert turn.news == [turn.shown], f"turn {turn.turn}: screen {turn.shown!r}, results {turn.news}"
    first, second, third, last = seen[0], seen[1], seen[2], seen[-1]
    assert first.shown == "Lesson 1: friends and rivals"
    assert "Try this turn" in first.text
    quoted = numbers(first.text)
    assert {round(first.relations["TUR"]), round(first.relations["USA"])} <= quoted
    roadmap = first_move == "election_roadmap"
    assert second.shown == ("Lesson 2: trade and sanctions (avoided)" if roadmap else
                            "Lesson 2: trade and sanctions")
    if roadmap:
        assert second.embargo_before == second.embargo_after == 0
    else:  # "at the end of this turn the United States stops buying your oil"
        assert second.embargo_before == 0 < second.embargo_after
    assert third.shown.startswith("Lesson 3")  # "at the end of this turn it is frozen"
    assert third.frozen_before == 0 and third.frozen_after == pytest.approx(1.0)
    assert last.shown == "Lesson 6: how you are scored" and "last turn" in last.text


def test_the_thresholds_quoted_are_the_roles_own() -> None:
    """The briefing quotes every objective's goal and the winning mark; the scoring lesson
    quotes the winning mark."""
    from tests.ui.game_helpers import _loaded

    loaded = _loaded(str(SCENARIOS / "tutorial.yaml"))
    role = loaded.world.roles[0]
    briefing = numbers(loaded.scenario.roles["VEN"].briefing)
    for objective in role.objectives:
        assert objective.goal in briefing and objective.goal in numbers(objective.text)
    assert role.win in briefing
    scoring = next(e for e in loaded.world.events if e.title.startswith("Lesson 6"))
    assert role.win in numbers(scoring.text)


@pytest.mark.parametrize(("first_move", "wins"), [(None, False), ("refine_gold_turkey", True)])
def test_doing_nothing_loses_and_the_first_lesson_wins(ui: Any, first_move: str | None,
                                                       wins: bool) -> None:
    """Nobody starts at the winning mark; ending every turn with nothing planned loses, while
    proposing what the first lesson suggests wins."""
    seen = play_tutorial(ui, first_move)
    session = ui.app.session
    role = session.world.roles[0]
    assert session.scores_of(session.states[0])["VEN"] < role.win
    assert len(seen) == session.turns
    assert ("VEN" in session.winners()) is wins, session.score_parts("VEN", session.state)
