"""The turn screen for a class: the move detail panel, required reasons shown in the results,
readable card statuses, keys for every card, each team's own scroll, the focus after a click,
indicator rows that apply to the country, distinct forecast axis labels."""

from __future__ import annotations

import re
from typing import Any

import pygame
import pytest

from tests.ui.game_helpers import SCENARIOS, _loaded
from tests.ui.test_turn import wait_resolved


def open_game(ui: Any, name: str = "gold_route.yaml", humans: tuple[str, ...] = ("VEN",),
              ask_reasons: bool = False) -> Any:
    """A turn screen of a shipped scenario with the given countries played by people."""
    from leverage.session import PlayerConfig, Session
    from leverage.ui.screens.turn import TurnScreen

    loaded = _loaded(str(SCENARIOS / name))
    players = {c: PlayerConfig("human", "normal", f"Team {c}") for c in humans}
    session = Session.new(loaded, players, seed=2, ask_reasons=ask_reasons)
    session.autosave = False
    ui.app.session = session
    screen = TurnScreen(ui.app)
    screen.worker.futures, screen.worker.turns = 40, 3
    ui.app.reset(screen)
    ui.tick(4)
    return screen


def card_with_targets(screen: Any) -> tuple[int, Any]:
    """The number and option of a visible playable card played on another country."""
    for k, option in enumerate(screen.options()[:screen.visible_cards()]):
        if option.legal and option.affordable and any(t != screen.player for t in option.targets):
            return k + 1, option
    pytest.skip("no playable card with a foreign target in view")
    raise AssertionError


def test_detail_rows_never_overlap(ui: Any) -> None:
    """Target buttons, the source line and the reason label each have their own row."""
    screen = open_game(ui, ask_reasons=True)
    number, option = card_with_targets(screen)
    ui.key(pygame.K_0 + number)
    # the detail panel is built once the forecast worker has answered (slow on a busy machine)
    ui.wait_until(lambda: any(t.startswith("Your reason") for _, t in screen.tips))
    label = next(r for r, t in screen.tips if t.startswith("Your reason"))
    targets = [b.get_abs_rect() for b in ui.buttons() if b.text in option.targets]
    assert targets, "the target buttons are on show"
    for rect in targets:
        assert not rect.colliderect(label), "a target button covers the reason label"
    assert not screen.reason_entry.get_abs_rect().colliderect(label)
    for rect, text in screen.tips:
        if text.startswith("Source"):
            assert not rect.colliderect(label)
            assert all(not rect.colliderect(t) for t in targets)


def test_a_reason_is_required_and_shown_in_the_results(ui: Any) -> None:
    """With reasons asked for, an empty one is refused; the one written is in the results."""
    screen = open_game(ui, ask_reasons=True)
    number, option = card_with_targets(screen)
    ui.key(pygame.K_0 + number)
    ui.tick(2)
    assert not any("optional" in t for _, t in screen.tips)
    ui.click_text("Plan this move")
    assert not ui.app.session.planned(screen.player)
    assert "reason" in screen.status.lower()
    ui.click(screen.reason_entry)
    ui.type_text("to keep the gold safe")
    ui.click_text("Plan this move")
    assert [m.move_id for m in ui.app.session.planned(screen.player)] == [option.id]
    ui.click_text("End turn")
    wait_resolved(ui, screen)
    assert ui.top.title == "results"
    ui.tick(3)
    assert any("Reason: to keep the gold safe" in t for _, t in ui.top.tips)


def test_card_status_says_already_in_force(ui: Any) -> None:
    """A move whose deal is already in force says so on its card, not 'not available now'."""
    screen = open_game(ui)
    in_force = [o for o in screen.options() if "already in force" in o.why_not]
    if not in_force:
        pytest.skip("no move already in force at the start")
    assert screen._card_status(in_force[0])[0] == "already in force"


@pytest.mark.parametrize("name", ["gold_route.yaml", "beyond_dollar.yaml", "lavrov_caracas.yaml",
                                  "pastor_and_steel.yaml", "tutorial.yaml"])
def test_card_reasons_name_no_internal_flags_or_raw_units(name: str) -> None:
    """Why a card cannot be played names events and moves, never a flag id or '4.5 $bn'."""
    from leverage.session import PlayerConfig, Session

    loaded = _loaded(str(SCENARIOS / name))
    world = loaded.world
    codes = [world.codes[r.country] for r in world.roles]
    session = Session.new(loaded, {c: PlayerConfig("human", "normal") for c in codes}, seed=1)
    flags = {f.replace("_", " ") for f in world.flag_names}
    for code in codes:
        for option in session.options(code):
            text = option.why_not
            assert not re.search(r"\d \$bn", text), text
            assert not any(f"'{flag}'" in text for flag in flags), text
            assert " by VEN on " not in text and " by USA on " not in text, text
            assert not any("Sets '" in e for e in option.effects)


def test_cards_past_ten_have_keys(ui: Any) -> None:
    """Number keys follow the scroll: after PageDown, 1 picks the first card in view."""
    screen = open_game(ui)
    cards = screen.options()
    if len(cards) <= screen.visible_cards():
        pytest.skip("every card fits on screen")
    while screen.scroll + screen.visible_cards() < len(cards):
        ui.key(pygame.K_PAGEDOWN)
    last = min(10, screen.visible_cards())
    ui.key(pygame.K_0 + last % 10)
    assert screen.card == cards[screen.scroll + last - 1].id
    assert screen.card == cards[-1].id or screen.scroll + last < len(cards)


def test_each_team_keeps_its_own_scroll(ui: Any) -> None:
    """The second team starts at the top of its cards, not where the first team left off."""
    screen = open_game(ui, humans=("VEN", "USA"))
    ui.key(pygame.K_PAGEDOWN)
    ui.key(pygame.K_PAGEDOWN)
    assert screen.scroll > 0
    ui.key(pygame.K_RETURN)
    ui.key(pygame.K_y)
    assert ui.top.title == "handover"
    ui.key(pygame.K_RETURN)
    assert screen.player == "USA" and screen.scroll == 0


def test_a_click_clears_the_keyboard_focus(ui: Any) -> None:
    """After Tab then a mouse click, Enter ends the turn instead of pressing the old focus."""
    screen = open_game(ui)
    ui.key(pygame.K_TAB)
    assert screen.focus.focused is not None
    _, rect = screen.card_rects[0]
    ui.click_at(rect.center)
    assert screen.focus.focused is None
    ui.key(pygame.K_RETURN)
    assert ui.top.title == "confirm" and ui.shows("nothing planned")


def test_the_united_states_sees_no_venezuela_only_rows(ui: Any) -> None:
    """Emigrants and gold abroad are not listed for a country that has none all game."""
    screen = open_game(ui, humans=("USA",))
    ui.tick(3)
    labels = [t.split("\n")[0] for _, t in screen.tips]
    assert not any(t.startswith(("Emigrants", "Gold abroad")) for t in labels), labels
    screen.select_country("VEN")
    ui.tick(3)
    labels = [t.split("\n")[0] for _, t in screen.tips]
    assert any(t.startswith("Emigrants") for t in labels)


def test_forecast_axis_labels_are_distinct(app: Any) -> None:
    """A narrow range gets enough digits to tell its ticks apart."""
    from leverage.ui import charts

    axis = charts._Axis(319.6, 320.4, 0, 200, False)
    labels = [text for _, text in charts._y_labels(axis, "$bn", 4)]
    assert len(labels) > 1 and len(set(labels)) == len(labels), labels


def test_a_forecast_covers_the_teams_objectives(ui: Any) -> None:
    """The United States' objective on Venezuelan emigrants gets a forecast tab."""
    screen = open_game(ui, humans=("USA",))
    number, option = card_with_targets(screen)
    ui.key(pygame.K_0 + number)
    assert screen.worker.wait(30)
    ui.tick(4)
    labels = [label for _, label in screen.forecast_tabs()]
    assert "Emigrants" in labels and "GDP" in labels
