"""A move card keeps its number from turn to turn: the number key that picks a move and what
its card says change only when the move itself does (its status line says why)."""

from __future__ import annotations

from typing import Any

import pygame

from tests.ui.test_class_cards import open_game
from tests.ui.test_turn import wait_resolved


def cards_in_view(screen: Any) -> dict[str, tuple[int, str, float, str]]:
    """Each card at the top of the list: (its number key, name, cost, summary)."""
    assert screen.scroll == 0, "each turn starts at the top of the cards"
    shown = screen.options()[:min(10, screen.visible_cards())]
    return {o.id: (k + 1, o.name, o.cost, o.summary) for k, o in enumerate(shown)}


def test_a_move_keeps_its_number_key_from_turn_to_turn(ui: Any) -> None:
    """Over four turns of The Gold Route, each card in view has the same number, name, cost and
    summary, and its number key picks the same move, although what is playable changes."""
    screen = open_game(ui, "gold_route.yaml")
    session = ui.app.session
    seen: list[dict[str, tuple[int, str, float, str]]] = []
    legal: list[frozenset[str]] = []
    for _ in range(4):
        ui.tick(2)
        seen.append(cards_in_view(screen))
        legal.append(frozenset(o.id for o in screen.options() if o.legal))
        number, (move_id, _) = 1, next(iter(seen[-1].items()))
        ui.key(pygame.K_0 + number)
        assert screen.card == move_id
        screen.card = None
        screen.rebuild_detail()
        ui.key(pygame.K_RETURN)
        ui.key(pygame.K_y)
        wait_resolved(ui, screen)
        ui.key(pygame.K_RETURN)
        ui.tick(2)
        if session.is_over:
            break
    assert len(seen) >= 3 and len(set(legal)) > 1, "what is playable should change in the game"
    for later in seen[1:]:
        for move_id, card in later.items():
            assert seen[0].get(move_id) == card, (move_id, seen[0].get(move_id), card)


def test_a_proposal_waiting_for_its_answer_says_so(ui: Any) -> None:
    """The turn after a proposal, its card explains why it cannot be played again: it is
    awaiting an answer (not just 'not available now')."""
    screen = open_game(ui, "tutorial.yaml")
    number = [o.id for o in screen.options()].index("refine_gold_turkey") + 1
    ui.key(pygame.K_0 + number)
    ui.key(pygame.K_SPACE)
    screen.card = None
    screen.rebuild_detail()
    ui.key(pygame.K_RETURN)
    wait_resolved(ui, screen)
    ui.key(pygame.K_RETURN)
    ui.tick(2)
    option = next(o for o in screen.options() if o.id == "refine_gold_turkey")
    assert not option.legal
    assert screen._card_status(option)[0] == "awaiting an answer"
    assert cards_in_view(screen)["refine_gold_turkey"][0] == number


def test_a_move_played_last_turn_says_it_is_in_force(ui: Any) -> None:
    """The United States lifts the lending ban; next turn its card says 'already in force', not
    'not available now'."""
    screen = open_game(ui, "gold_route.yaml", humans=("USA",))
    session = ui.app.session
    lift = next(o for o in screen.options() if o.id == "lift_financing_ban")
    assert lift.legal, "the lending ban is in force at the start"
    assert screen._card_status(lift)[0] != "already in force"
    ui.key(pygame.K_0 + [o.id for o in screen.options()].index(lift.id) + 1)
    ui.key(pygame.K_SPACE)
    screen.card = None
    screen.rebuild_detail()
    ui.key(pygame.K_RETURN)
    wait_resolved(ui, screen)
    ui.key(pygame.K_RETURN)
    ui.tick(2)
    assert session.turn == 2
    lift = next(o for o in screen.options() if o.id == "lift_financing_ban")
    assert not lift.legal
    assert screen._card_status(lift)[0] == "already in force"
    embargo = next(o for o in screen.options() if o.id == "lift_oil_embargo")
    assert screen._card_status(embargo)[0] != "already in force", "never played: not in force"
