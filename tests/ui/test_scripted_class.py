"""A scripted class, start to finish through the screens: four teams at one machine, teacher mode
(PIN), a 90-second turn timer, five turns, reasons asked for, a teacher's event, one team that
lets its time run out, and the debrief with the printable pack at the end."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pygame

from tests.ui.game_helpers import SCENARIOS, _loaded

TEAMS = {"VEN": "Team Caracas", "TUR": "Team Ankara", "USA": "Team Washington",
         "RUS": "Team Moscow"}
PIN = "2468"


def set_up_the_class(ui: Any) -> None:
    """Set-up screen: four teams named, 5 turns, reasons, PIN, 90-second timer; Start."""
    from leverage.ui.screens.setup import SetupScreen

    ui.app.push(SetupScreen(ui.app, _loaded(str(SCENARIOS / "gold_route.yaml"))))
    ui.tick(2)
    screen = ui.top
    for code, name in TEAMS.items():
        if screen.kinds[code] != "human":
            row = [b for b in ui.buttons() if b.text == "Computer"]
            target = next(b for b in row if abs(b.get_abs_rect().centery - screen.name_entries[
                code].get_abs_rect().centery) < 8)
            ui.click(target)
        ui.click(screen.name_entries[code])
        ui.type_text(name)
    while screen.turns > 5:
        ui.click_text("-")
    ui.click_text("[ ] Ask for a reason")
    ui.click(screen.pin_entry)
    ui.type_text(PIN)
    while not ui.button("Turn timer: 90 s"):
        ui.click_text("Turn timer")
    ui.click_text("Start game")
    assert ui.app.session is not None and ui.app.session.pin_matches(PIN)
    assert ui.top.title == "handover", "teams read their own briefings, no shared one"
    assert ui.app.session.last_autosave is not None, "autosaved as the game starts"


def plan_with_a_reason(ui: Any, screen: Any) -> bool:
    """Pick the first playable card in view, write a reason and plan it; False when none."""
    for k, option in enumerate(screen.options()[:min(9, screen.visible_cards())]):
        if option.legal and option.affordable and not option.planned:
            ui.key(pygame.K_1 + k)
            ui.click(screen.reason_entry)
            ui.type_text(f"{TEAMS[screen.player]} thinks it pays")
            ui.click_text("Plan this move")
            return bool(ui.app.session.planned(screen.player))
    return False


def make_an_event_happen(ui: Any) -> None:
    """The teacher: E, the PIN, the first event ticked, back to the turn."""
    ui.key(pygame.K_e)
    assert ui.top.title == "pin"
    ui.type_text(PIN)
    ui.key(pygame.K_RETURN)
    assert ui.top.title == "events"
    ui.key(pygame.K_1)
    ui.key(pygame.K_ESCAPE)


def play_one_screen(ui: Any, seen: dict[str, int]) -> None:
    """Act on whatever screen is on top, as the class would."""
    top = ui.top
    session = ui.app.session
    if top.title in ("handover", "results"):
        ui.key(pygame.K_RETURN)
    elif top.title == "confirm":
        ui.key(pygame.K_y)
    elif top.title == "turn" and top.resolving is None:
        top.worker.futures, top.worker.turns = 20, 2
        if session.turn == 2 and top.player == "VEN" and not session.events_made_to_happen():
            make_an_event_happen(ui)
        if top.player == "RUS" and session.turn == 3:  # Moscow lets its time run out
            before = session.current_human
            ui.tick(95, dt=1.0)
            assert session.current_human != before, "at zero the team's turn ends"
            seen["timeouts"] += 1
            return
        if plan_with_a_reason(ui, top):
            seen["planned"] += 1
        ui.key(pygame.K_RETURN)
    else:
        ui.tick(1)
        time.sleep(0.01)


def test_a_class_of_four_teams_plays_five_turns_to_the_debrief(ui: Any, data_dir: Path) -> None:
    """Four teams, teacher mode, a 90-second timer, five turns, then the debrief and the pack."""
    set_up_the_class(ui)
    session = ui.app.session
    assert session.human_countries() == ["VEN", "TUR", "USA", "RUS"]
    seen = {"planned": 0, "timeouts": 0}
    deadline = time.monotonic() + 240
    while ui.top.title != "endgame":
        assert time.monotonic() < deadline, f"stuck on {ui.top.title}, turn {session.turn}"
        play_one_screen(ui, seen)
    assert session.is_over and session.state.turn == 5
    assert seen["timeouts"] == 1 and seen["planned"] >= 8
    reasons = [m.reason for m in session.log if not m.computer]
    assert reasons and all(r.endswith("thinks it pays") for r in reasons)
    assert session.records[1].events, "the teacher's event happened in turn 2"
    ui.click_text("Export debrief")
    ui.wait_until(lambda: ui.shows("Debrief written to"))
    folder = data_dir / "Documents" / "Leverage"
    names = sorted(p.suffix for p in folder.iterdir())
    assert names.count(".pdf") == 3 and names.count(".html") == 4
    assert names.count(".csv") == 1 and names.count(".json") == 1
    cards = next(folder.glob("*-cards.html")).read_text(encoding="utf-8")
    assert cards.count('<section class="page">') == 4, "a card per scored team, Moscow's too"
