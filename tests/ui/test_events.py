"""A teacher's events: E on the turn screen lists the scenario's events; a ticked one happens."""

from __future__ import annotations

from typing import Any

import pygame

from tests.ui.test_turn import open_turn, wait_resolved


def test_a_teacher_makes_an_event_happen_this_turn(ui: Any) -> None:
    """E opens the events; number 1 ticks the first one; it fires and is in the results."""
    screen = open_turn(ui)
    session = ui.app.session
    event_id, title, _text = session.event_choices()[0]
    ui.key(pygame.K_e)
    assert ui.top.title == "events"
    assert ui.shows("Make an event happen")
    assert any(title in text for text in ui.texts())
    ui.key(pygame.K_1)
    assert session.events_made_to_happen() == (event_id,)
    assert ui.button(f"1. [x] {title}") is not None
    ui.key(pygame.K_ESCAPE)
    ui.tick(2)
    assert ui.top is screen
    e = [event.id for event in session.world.events].index(event_id)
    ui.key(pygame.K_RETURN)
    ui.key(pygame.K_y)  # nothing planned: end the turn anyway
    wait_resolved(ui, screen)
    assert ui.top.title == "results"
    assert int(session.state.fired[0, e]) >= 1
    assert any(item.title == title for item in session.reports[-1].news)
    assert session.events_made_to_happen() == ()


def test_ticking_again_cancels_the_event(ui: Any) -> None:
    """A second click on a ticked event takes it off this turn's list."""
    open_turn(ui)
    session = ui.app.session
    _event_id, title, _text = session.event_choices()[0]
    ui.key(pygame.K_e)
    ui.click(ui.button(f"1. [ ] {title}"))
    ui.click(ui.button(f"1. [x] {title}"))
    assert session.events_made_to_happen() == ()
    assert ui.button(f"1. [ ] {title}") is not None
