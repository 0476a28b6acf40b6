"""The turn screen, driven by posted events against a real Session and a shipped scenario."""

from __future__ import annotations

import time
from typing import Any

import pygame
import pytest

from tests.ui.game_helpers import hover_at, start_game


def open_turn(ui: Any, humans: int = 1) -> Any:
    """Start a game and show its turn screen with small, quick forecasts."""
    from leverage.ui.screens.turn import TurnScreen

    start_game(ui.app, humans)
    screen = TurnScreen(ui.app)
    screen.worker.futures, screen.worker.turns = 40, 3
    ui.app.reset(screen)
    ui.tick(3)
    for _ in range(30):  # panels may be spread over a few frames on a busy machine
        if screen.card_rects and screen._deferring_since is None:
            break
        ui.tick(1)
    return screen


def wait_resolved(ui: Any, screen: Any) -> None:
    """Tick until the turn has been resolved in the background."""
    deadline = time.monotonic() + 20
    while screen.resolving is not None and time.monotonic() < deadline:
        ui.tick(1)
        time.sleep(0.005)
    ui.tick(2)


def playable_card(screen: Any) -> tuple[int, Any]:
    """The number and option of the first card that can be planned now."""
    for k, option in enumerate(screen.options()):
        if option.legal and option.affordable and not option.planned:
            return k + 1, option
    pytest.skip("no playable card in this scenario's first turn")
    raise AssertionError


def test_header_cards_and_end_turn_button(ui: Any) -> None:
    """The turn, date and whose turn show in the header; the cards and End turn are there."""
    screen = open_turn(ui)
    session = ui.app.session
    title, sub = screen.header_line
    assert title.startswith(f"Turn 1 of {session.turns}") and session.date in title
    assert session.world.names[session.world.country(screen.player)] in sub
    assert "budget" in sub
    assert ui.button("End turn (Enter)") is not None
    assert screen.card_rects, "move cards are drawn"
    assert ui.button("Relations") is not None and ui.button("History") is not None


def test_number_key_chooses_card_and_forecast_arrives(ui: Any) -> None:
    """Key 1 chooses the first card; its forecast is computed in the background and charted."""
    screen = open_turn(ui)
    number, option = playable_card(screen)
    ui.key(pygame.K_0 + number)
    assert screen.card == option.id
    assert screen.worker.wait(20)
    ui.wait_until(lambda: screen.forecast_summary, 10)  # the chart may wait a frame or two
    assert screen.forecast_summary.startswith("In 3 turns (median):")
    assert ui.button("GDP") is not None, "forecast indicator tabs appear"
    ui.click(ui.button("Inflation") or ui.button("Infl."))  # short labels when tabs are many
    assert screen.forecast_indicator == "inflation"


def test_click_card_then_plan_it(ui: Any) -> None:
    """Clicking a card and then 'Plan this move' plans it in the session."""
    screen = open_turn(ui)
    _, option = playable_card(screen)
    rect = dict(screen.card_rects)[option.id]
    ui.click_at(rect.center)
    assert screen.card == option.id
    ui.click_text("Plan this move")
    planned = ui.app.session.planned(screen.player)
    assert [m.move_id for m in planned] == [option.id]
    assert planned[0].target in option.targets
    ui.tick(2)
    assert ui.button("Remove from plan (Del)") is not None
    ui.key(pygame.K_DELETE)
    assert ui.app.session.planned(screen.player) == []


def test_click_on_map_selects_country(ui: Any) -> None:
    """Clicking another country's flag selects it; its panel replaces the player's."""
    screen = open_turn(ui)
    other = next(c for c in ui.app.session.world.codes
                 if c != screen.player and screen.map.flag_rect(c) is not None)
    ui.click_at(screen.map.flag_rect(other).center)
    assert screen.selected == other
    ui.tick(2)
    assert any("Relation between" in text for _, text in screen.tips)


def test_indicator_tooltip_says_what_it_means(ui: Any) -> None:
    """Resting the mouse on an indicator row shows its meaning and what moves it."""
    screen = open_turn(ui)
    rect = next(r for r, t in screen.tips if t.startswith("Inflation ("))
    hover_at(ui, rect.center)
    tip = screen.tooltip_text
    assert tip is not None and "How fast prices rise" in tip and "What moves it" in tip


def test_map_hover_names_the_country(ui: Any) -> None:
    """Hovering a country on the map shows its name and relation with the player."""
    screen = open_turn(ui)
    session = ui.app.session
    other = next(c for c in session.world.codes if c != screen.player and screen.map.flag_rect(c))
    hover_at(ui, screen.map.flag_rect(other).center)
    tip = screen.tooltip_text or ""
    assert tip.startswith(session.world.names[session.world.country(other)])
    assert "Relation with you" in tip


def test_enter_ends_turn_and_shows_results(ui: Any) -> None:
    """Enter resolves the turn in the background, then the results; Enter again: turn 2."""
    screen = open_turn(ui)
    ui.key(pygame.K_RETURN)
    ui.key(pygame.K_y)  # nothing planned: end the turn anyway
    wait_resolved(ui, screen)
    assert ui.top.title == "results"
    assert ui.app.session.turn == 2
    ui.key(pygame.K_RETURN)
    assert ui.top is screen
    ui.tick(2)
    assert screen.header_line[0].startswith("Turn 2 of")


def test_hot_seat_hands_over_to_the_next_person(ui: Any) -> None:
    """With two people, ending the first one's planning shows the hand-over, then the second."""
    screen = open_turn(ui, humans=2)
    session = ui.app.session
    first, second = session.human_countries()[:2]
    assert screen.player == first
    ui.click_text("End turn (Enter)")
    ui.click_text("End turn anyway")
    assert ui.top.title == "handover"
    assert session.current_human == second
    ui.key(pygame.K_RETURN)
    assert ui.top is screen and screen.player == second
    assert session.turn == 1


def test_keys_open_the_other_screens(ui: Any) -> None:
    """R, P, H and S open the relationship view, inbox, history and save; Esc comes back."""
    screen = open_turn(ui)
    for key, title in ((pygame.K_r, "relationship"), (pygame.K_p, "proposals"),
                       (pygame.K_h, "history"), (pygame.K_s, "save")):
        ui.key(key)
        assert ui.top.title == title
        ui.key(pygame.K_ESCAPE)
        assert ui.top is screen


def test_layout_follows_a_resize(ui: Any) -> None:
    """A bigger window gives the map more room."""
    screen = open_turn(ui)
    before = screen.layout["map"].width
    ui.resize(1920, 1080)
    ui.tick(2)
    assert screen.layout["map"].width > before
    assert screen.map.rect == screen.layout["map"]


def test_forecast_shows_own_country_and_t_switches_to_the_target(ui: Any) -> None:
    """The fan chart is about the player's country; T (or the Show button) charts the target."""
    screen = open_turn(ui)
    cards = [(k + 1, o) for k, o in enumerate(screen.options())
             if o.legal and o.affordable and any(t != screen.player for t in o.targets)]
    if not cards:
        pytest.skip("no card with a foreign target in this scenario's first turn")
    number, option = cards[0]
    ui.key(pygame.K_0 + number)
    assert screen.worker.wait(20)
    ui.tick(4)
    target = screen.forecast_other()
    assert target is not None and target != screen.player
    world = ui.app.session.world
    assert screen.forecast_shown() == screen.player
    assert screen.forecast_choice()[0] == world.country(screen.player)
    toggle = ui.button(f"Show {target}")
    assert toggle is not None, "a button switches the chart to the target"
    ui.key(pygame.K_t)
    assert screen.forecast_shown() == target
    assert screen.forecast_choice()[0] == world.country(target)
    ui.tick(3)
    assert ui.button(f"Show {screen.player}") is not None
    ui.click_text(f"Show {screen.player}")
    assert screen.forecast_shown() == screen.player


def test_undo_takes_back_the_last_turn(ui: Any) -> None:
    """After a turn, the teacher's Undo (and U) takes it back and the header shows turn 1 again."""
    screen = open_turn(ui)
    ui.key(pygame.K_u)
    assert ui.app.session.turn == 1 and "nothing to undo" in screen.status.lower()
    ui.key(pygame.K_RETURN)
    ui.key(pygame.K_y)
    wait_resolved(ui, screen)
    ui.key(pygame.K_RETURN)
    ui.tick(2)
    assert ui.app.session.turn == 2
    ui.click_text("Teacher")
    ui.click_text("1. Take back")
    ui.click_text("Take it back")
    ui.tick(2)
    assert ui.app.session.turn == 1
    assert screen.header_line[0].startswith("Turn 1 of")
