"""The tutorial played from the title screen to the end of the game with posted input only.

Every step is a real mouse click at a widget's centre or a key press; after each step the test
checks what the screen shows.  (Waiting for background work - reading the scenarios, resolving a
turn - is done by running frames, as the real loop would.)
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pygame

from leverage.ui.screens.title import TitleScreen

MAX_STEPS = 200


def run_until(ui: Any, test: Any, seconds: float = 30.0) -> None:
    """Run frames until `test()` is true (background work finishing)."""
    deadline = time.monotonic() + seconds
    while not test():
        assert time.monotonic() < deadline, f"timed out on the {ui.top.title} screen"
        ui.tick(1)
        time.sleep(0.002)


def test_tutorial_from_title_to_end_of_game(app: Any, ui: Any, tutorial_path: Path) -> None:
    from leverage.scenario import load_scenario

    meta = load_scenario(str(tutorial_path)).scenario
    app.reset(TitleScreen(app))
    ui.tick(3)
    assert ui.shows("LEVERAGE") and ui.button("New game") is not None

    # Title -> scenario picker: the tutorial's card comes first.
    ui.click_text("New game")
    assert ui.top.title == "picker"
    run_until(ui, lambda: ui.top.cards is not None)
    ui.tick(2)
    assert ui.shows(meta.title) and ui.shows("Tutorial")
    ui.click_text("1  Play")

    # Set-up: every country listed, the first role played by a person.
    assert ui.top.title == "setup"
    world = ui.top.loaded.world
    assert all(ui.shows(name) for name in world.names)
    assert [b.text for b in ui.buttons()].count("Person") == 1
    ui.click_text("Start game")

    # Briefing: the role's objectives and the sources.
    assert ui.top.title == "briefing"
    session = app.session
    assert session is not None and session.world.scenario_id == meta.id
    code = session.human_countries()[0]
    role = next(r for r in world.roles if world.codes[r.country] == code)
    assert all(ui.shows(o.text) for o in role.objectives)
    ui.click_text("Begin")

    seen: list[str] = []
    turns_played = 0
    for _ in range(MAX_STEPS):
        title = ui.top.title
        seen.append(title)
        if title == "endgame":
            break
        if title == "handover":
            assert ui.shows("Pass to")
            ui.key(pygame.K_RETURN)
        elif title == "turn":
            assert ui.top.player == code
            turn_before = session.turn
            ui.key(pygame.K_1)  # choose the first move card
            plan = ui.button("Plan this move")
            if plan is not None and plan.is_enabled:
                ui.click(plan)
            end = ui.button("End turn")
            assert end is not None and end.is_enabled, (ui.titles(), [b.text for b in ui.buttons()])
            ui.click(end)
            if ui.top.title == "confirm":  # the first card could not be played this turn
                ui.key(pygame.K_y)
            run_until(ui, lambda: ui.top.title != "turn")
            assert session.turn == turn_before + 1
            turns_played += 1
        elif title == "results":
            report = session.reports[-1]
            assert ui.shows("Continue")
            assert report.turn == turns_played
            ui.click_text("Continue")
        else:
            raise AssertionError(f"unexpected screen {title}")
        run_until(ui, lambda: ui.top is not None)
    else:
        raise AssertionError(f"the game did not end: {seen[-5:]}")

    # End of game: scores for every role, then the other tabs.
    assert session.is_over and turns_played == session.turns
    assert "results" in seen and "turn" in seen
    assert ui.shows("End of the game")
    for r in world.roles:
        assert ui.shows(world.names[r.country])
    ui.key(pygame.K_2)
    assert ui.top.tab == 1
    ui.key(pygame.K_3)
    if meta.history.events:
        assert ui.shows(meta.history.events[0].text)
    ui.key(pygame.K_4)
    if meta.questions:
        assert ui.shows(" ".join(meta.questions[0].split())[:30])
    ui.click_text("Title screen")
    assert ui.titles() == ["title"]
