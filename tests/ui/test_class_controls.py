"""Safe controls and teacher mode for a class: confirmations, undo with redo, autosave at the
start, every hot-seat hand-over, the facilitator PIN, the pause curtain and the turn timer.
Every test drives the real screens with posted events."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygame
import pytest

from tests.ui.game_helpers import start_game
from tests.ui.test_turn import open_turn, playable_card, wait_resolved


def play_a_turn(ui: Any, screen: Any) -> None:
    """End the turn with nothing planned (confirmed with Y) and come back from the results."""
    ui.key(pygame.K_RETURN)
    assert ui.top.title == "confirm"
    ui.key(pygame.K_y)
    wait_resolved(ui, screen)
    assert ui.top.title == "results"
    ui.key(pygame.K_RETURN)


def test_esc_on_the_turn_screen_asks_before_leaving(ui: Any) -> None:
    """Esc asks; Esc or Enter on the question goes back to the game; Y leaves for the title."""
    screen = open_turn(ui)
    ui.key(pygame.K_ESCAPE)
    assert ui.top.title == "confirm" and ui.shows("Leave this game?")
    ui.key(pygame.K_ESCAPE)
    assert ui.top is screen
    ui.key(pygame.K_ESCAPE)
    ui.key(pygame.K_RETURN)  # the focused answer is the safe one
    assert ui.top is screen
    ui.key(pygame.K_ESCAPE)
    ui.click_text("Leave the game")
    assert ui.titles() == ["title"]


def test_esc_while_typing_a_reason_asks_and_keeps_the_text(ui: Any) -> None:
    """In the reason box, Esc asks before leaving; going back keeps what was typed."""
    start_game(ui.app)
    ui.app.session.ask_reasons = True
    from leverage.ui.screens.turn import TurnScreen

    screen = TurnScreen(ui.app)
    ui.app.reset(screen)
    ui.tick(3)
    number, option = playable_card(screen)
    ui.key(pygame.K_0 + number)
    ui.tick(2)
    ui.click(screen.reason_entry)
    ui.type_text("to test")
    ui.key(pygame.K_ESCAPE)
    assert ui.top.title == "confirm"
    ui.click_text("Go back")
    assert ui.top is screen
    assert screen.reason_entry.get_text() == "to test"


def test_ending_a_turn_with_nothing_planned_asks_first(ui: Any) -> None:
    """Enter with no move planned asks; Enter again keeps planning; Y ends the turn."""
    screen = open_turn(ui)
    ui.key(pygame.K_RETURN)
    assert ui.top.title == "confirm" and ui.shows("nothing planned")
    ui.key(pygame.K_RETURN)
    assert ui.top is screen and ui.app.session.turn == 1
    ui.key(pygame.K_RETURN)
    ui.key(pygame.K_y)
    wait_resolved(ui, screen)
    assert ui.top.title == "results" and ui.app.session.turn == 2


def test_a_planned_move_ends_the_turn_without_a_question(ui: Any) -> None:
    """With a move planned, Enter ends the turn at once."""
    screen = open_turn(ui)
    number, _ = playable_card(screen)
    ui.key(pygame.K_0 + number)
    ui.key(pygame.K_SPACE)
    ui.key(pygame.K_RETURN)
    wait_resolved(ui, screen)
    assert ui.top.title == "results"


def test_undo_asks_and_redo_plays_the_turn_again(ui: Any) -> None:
    """U asks before taking a turn back; Y on the turn screen plays it again, the same."""
    screen = open_turn(ui)
    play_a_turn(ui, screen)
    session = ui.app.session
    after = session.state.ind.copy()
    ui.key(pygame.K_u)
    assert ui.top.title == "confirm" and ui.shows("Take back turn 1?")
    ui.key(pygame.K_ESCAPE)
    assert session.turn == 2
    ui.key(pygame.K_u)
    ui.key(pygame.K_y)
    assert session.turn == 1 and session.can_redo
    ui.key(pygame.K_y)
    assert ui.top.title == "results" and session.turn == 2
    assert (session.state.ind == after).all()


def test_the_game_is_autosaved_as_it_starts(ui: Any, data_dir: Path) -> None:
    """Begin on the first briefing writes an autosave before any turn is played."""
    from leverage.ui.screens.briefing import BriefingScreen

    start_game(ui.app)
    ui.app.session.autosave = True
    ui.app.push(BriefingScreen(ui.app, start_game=True))
    ui.tick(2)
    ui.click_text("Begin")
    assert ui.top.title == "turn"
    assert list(data_dir.rglob("autosave-*.json")), "an autosave exists before turn 1 is played"


def test_every_hot_seat_hand_over_is_shown(ui: Any) -> None:
    """After the results, Continue shows the first team's hand-over; a second Enter on its turn
    screen asks instead of ending its turn with nothing planned."""
    screen = open_turn(ui, humans=2)
    session = ui.app.session
    first = session.human_countries()[0]
    ui.key(pygame.K_RETURN)
    ui.key(pygame.K_y)  # the first team ends with nothing planned
    assert ui.top.title == "handover"
    ui.key(pygame.K_RETURN)
    ui.key(pygame.K_RETURN)
    ui.key(pygame.K_y)
    wait_resolved(ui, screen)
    assert ui.top.title == "results"
    ui.key(pygame.K_RETURN)
    assert ui.top.title == "handover" and ui.top.code == first
    ui.key(pygame.K_RETURN)
    assert ui.top is screen and screen.player == first
    ui.key(pygame.K_RETURN)
    assert ui.top.title == "confirm" and session.current_human == first


def test_undo_in_hot_seat_hands_over_to_the_first_team(ui: Any) -> None:
    """A turn taken back opens on the first team's hand-over, not on the last team's screen."""
    screen = open_turn(ui, humans=2)
    for _ in range(2):
        ui.key(pygame.K_RETURN)
        ui.key(pygame.K_y)
        if ui.top.title == "handover":
            ui.key(pygame.K_RETURN)
    wait_resolved(ui, screen)
    ui.key(pygame.K_RETURN)
    ui.key(pygame.K_RETURN)  # past the hand-over
    ui.key(pygame.K_u)
    ui.key(pygame.K_y)
    assert ui.top.title == "handover"
    assert ui.top.code == ui.app.session.human_countries()[0]


# -- teacher mode ------------------------------------------------------------------------------


def teacher_game(ui: Any, pin: str = "4321") -> Any:
    """A turn screen of a game with a facilitator PIN."""
    screen = open_turn(ui)
    ui.app.session.set_teacher_pin(pin)
    return screen


def type_pin(ui: Any, pin: str) -> None:
    """Type into the PIN dialog and press Enter."""
    assert ui.top.title == "pin"
    ui.type_text(pin)
    ui.key(pygame.K_RETURN)


def test_undo_needs_the_pin(ui: Any) -> None:
    """With a PIN, U asks for it; a wrong one is refused, the right one leads to the question."""
    screen = teacher_game(ui)
    play_a_turn(ui, screen)
    ui.key(pygame.K_u)
    type_pin(ui, "1111")
    assert ui.top.title == "pin" and ui.shows("not the PIN")
    ui.key(pygame.K_ESCAPE)
    assert ui.top is screen and ui.app.session.turn == 2
    ui.key(pygame.K_u)
    type_pin(ui, "4321")
    assert ui.top.title == "confirm"


def test_events_screen_needs_the_pin_and_names_effects_in_words(ui: Any) -> None:
    """E asks for the PIN; the events screen then shows no internal flag names."""
    teacher_game(ui)
    ui.key(pygame.K_e)
    assert ui.top.title == "pin" and not ui.shows("Make an event happen")
    type_pin(ui, "4321")
    assert ui.top.title == "events"
    session = ui.app.session
    for event_id, _, _ in session.event_choices():
        ui.top.shown = event_id
        assert "Sets '" not in ui.top.details() and "Clears '" not in ui.top.details()


def test_teacher_controls_pause_and_timer_need_the_pin(ui: Any) -> None:
    """F2 asks for the PIN; Pause hides the game and only the PIN resumes it; the timer cycles."""
    screen = teacher_game(ui)
    ui.key(pygame.K_F2)
    type_pin(ui, "4321")
    assert ui.top.title == "teacher"
    ui.click_text("5. Turn timer")
    assert ui.app.session.turn_seconds == 60
    ui.click_text("4. Pause")
    assert ui.top.title == "pause"
    ui.key(pygame.K_ESCAPE)
    assert ui.top.title == "pause"
    ui.key(pygame.K_RETURN)
    type_pin(ui, "4321")
    assert ui.top is screen


def test_turn_timer_counts_down_and_the_planned_moves_stand(ui: Any) -> None:
    """The header shows the time left; at zero the turn ends with the moves planned."""
    screen = open_turn(ui)
    session = ui.app.session
    session.turn_seconds = 3
    number, option = playable_card(screen)
    ui.key(pygame.K_0 + number)
    ui.key(pygame.K_SPACE)
    ui.tick(2)
    assert "0:03 left" in screen.header_line[1] or "0:02 left" in screen.header_line[1]
    ui.tick(4, dt=1.0)
    wait_resolved(ui, screen)
    assert ui.top.title == "results"
    assert any(m.move_id == option.id and not m.computer for m in session.log)


def test_the_timer_runs_on_in_the_relationship_view(ui: Any) -> None:
    """A team cannot stop its clock by opening another screen: at zero it is back and done."""
    screen = open_turn(ui)
    ui.app.session.turn_seconds = 2
    ui.tick(2)
    ui.key(pygame.K_r)
    assert ui.top.title == "relationship"
    ui.tick(4, dt=1.0)
    wait_resolved(ui, screen)
    assert ui.top.title == "results" and ui.app.session.turn == 2


@pytest.mark.parametrize("pin", ["", "99"])
def test_setup_sets_the_pin_and_the_timer(ui: Any, pin: str) -> None:
    """The set-up screen's PIN field and timer button reach the session."""
    from leverage.scenario import load_scenario
    from leverage.ui.screens.setup import SetupScreen
    from tests.ui.game_helpers import scenario_paths

    ui.app.push(SetupScreen(ui.app, load_scenario(str(scenario_paths()[0]))))
    ui.tick(2)
    ui.click(ui.top.pin_entry)
    ui.type_text(pin)
    ui.click_text("Turn timer: off")
    ui.click_text("Turn timer: 60 s")
    ui.click_text("Start game")
    session = ui.app.session
    assert session.teacher_mode == bool(pin) and session.turn_seconds == 90
    assert not pin or (session.pin_matches(pin) and not session.pin_matches(pin + "0"))


def test_the_next_team_does_not_see_the_last_teams_message(ui: Any) -> None:
    """'Planned: ...' flashed for one team is gone when the next team's turn screen shows."""
    screen = open_turn(ui, humans=2)
    number, option = playable_card(screen)
    ui.key(pygame.K_0 + number)
    ui.key(pygame.K_SPACE)
    assert option.name in screen.status
    ui.key(pygame.K_RETURN)
    assert ui.top.title == "handover"
    ui.key(pygame.K_RETURN)
    assert ui.top is screen and option.name not in screen.status


def test_the_key_that_opens_the_pin_is_not_typed_into_it(ui: Any) -> None:
    """E arrives with its letter (as SDL sends it); the PIN field stays empty for the PIN."""
    teacher_game(ui)
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_e, mod=0, unicode="e",
                                         scancode=0))
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text="e"))
    ui.tick(3)
    assert ui.top.title == "pin"
    assert ui.top.entry_field.get_text() == ""
    type_pin(ui, "4321")
    assert ui.top.title == "events"


def test_teacher_mode_and_timer_survive_a_save(ui: Any, data_dir: Path) -> None:
    """An autosaved class game loads with its PIN (kept as a hash) and its timer."""
    from leverage import storage

    teacher_game(ui, "9876")
    session = ui.app.session
    session.turn_seconds = 120
    path = storage.save_game(session, "class")
    assert "9876" not in path.read_text(encoding="utf-8")
    loaded = storage.load_save(path)
    assert loaded.teacher_mode and loaded.pin_matches("9876") and loaded.turn_seconds == 120


def test_hot_seat_teams_read_only_their_own_briefing(ui: Any) -> None:
    """From set-up with two teams: each team's first hand-over leads to its own briefing, with
    no other team's tab; B shows it again during the game."""
    from leverage.scenario import load_scenario
    from leverage.ui.screens.setup import SetupScreen
    from tests.ui.game_helpers import SCENARIOS

    ui.app.push(SetupScreen(ui.app, load_scenario(str(SCENARIOS / "gold_route.yaml"))))
    ui.tick(2)
    ui.top.toggle_kind("USA")
    ui.tick(2)
    ui.click_text("Start game")
    assert ui.top.title == "handover" and ui.top.code == "VEN", "no shared briefing"
    ui.click_text("Read our briefing")
    assert ui.top.title == "briefing" and ui.top.tabs == ["VEN"]
    assert not any("United States" in b.text for b in ui.buttons())
    ui.key(pygame.K_ESCAPE)
    assert ui.top.title == "turn"
    ui.key(pygame.K_RETURN)
    ui.key(pygame.K_y)
    assert ui.top.title == "handover" and ui.top.code == "USA"
    ui.key(pygame.K_b)
    assert ui.top.title == "briefing" and ui.top.tabs == ["USA"]
    ui.key(pygame.K_ESCAPE)
    ui.key(pygame.K_b)
    assert ui.top.title == "briefing" and ui.top.tabs == ["USA"]


def test_the_timer_runs_on_behind_a_question(ui: Any) -> None:
    """Esc's question does not stop a team's clock: back on the turn, its time is up."""
    screen = open_turn(ui)
    ui.app.session.turn_seconds = 2
    ui.tick(2)
    ui.key(pygame.K_ESCAPE)
    assert ui.top.title == "confirm"
    ui.tick(3, dt=1.0)
    ui.key(pygame.K_ESCAPE)
    wait_resolved(ui, screen)
    assert ui.top.title == "results" and ui.app.session.turn == 2
