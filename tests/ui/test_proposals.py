"""The proposals inbox: offers with Accept/Decline and forecasts, own offers, bloc votes."""

from __future__ import annotations

from typing import Any

import pygame

from tests.ui.game_helpers import scenario_paths, start_game


def game_with_offer(ui: Any) -> tuple[Any, str, Any]:
    """A game in which another person's proposal waits in the first player's inbox."""
    from leverage.core.actions import Move

    articles = [p for p in scenario_paths() if p.stem != "tutorial"]  # two roles or more
    for path in articles:  # the first scenario whose first two roles make an offer
        session = start_game(ui.app, humans=2, path=path)
        me, other = session.human_countries()[:2]
        for _ in range(4):
            for proposer, partner in ((other, me), (me, other)):
                option = next((o for o in session.options(proposer) if o.kind == "proposal"
                               and o.legal and o.affordable and partner in o.targets), None)
                if option is not None:
                    session.plan(proposer, Move(option.id, proposer, partner))
                    session.end_turn()
                    return session, partner, option
            session.end_turn()
    raise AssertionError("no shipped scenario has an offer between its first two roles")


def open_inbox(ui: Any, code: str) -> Any:
    """Show the inbox of `code` with quick forecasts."""
    from leverage.ui.screens.proposals import ProposalsScreen

    screen = ProposalsScreen(ui.app, code)
    screen.worker.futures, screen.worker.turns = 40, 3
    ui.app.reset(screen)
    ui.tick(3)
    return screen


def test_accept_and_decline_an_offer(ui: Any) -> None:
    """Clicking Accept records the answer; the button says so; D declines it instead."""
    session, me, option = game_with_offer(ui)
    screen = open_inbox(ui, me)
    offers = screen.offers()
    # computer players may have made offers too (Russia to Venezuela); the person's comes first
    people = [p for p in offers if p.proposer in session.human_countries()]
    assert [p.move_id for p in people] == [option.id] and offers[0] == people[0]
    ui.click_text("Accept")
    assert session.response(me, offers[0]) is True
    assert ui.button("Accepted") is not None
    ui.key(pygame.K_d)
    assert session.response(me, offers[0]) is False
    assert ui.button("Declined") is not None


def test_offer_forecast_arrives(ui: Any) -> None:
    """Each offer is forecast in the background: accepting against declining."""
    _, me, option = game_with_offer(ui)
    screen = open_inbox(ui, me)
    assert screen.worker.wait(30)
    ui.tick(3)
    assert screen.forecast_summary.startswith("Median after 3 turns:")
    assert "with the deal" in screen.forecast_summary
    assert any("with the deal" in t for _, t in screen.tips)


def test_own_offer_shows_as_pending(ui: Any) -> None:
    """The proposer sees its offer as waiting for an answer."""
    session, me, option = game_with_offer(ui)
    proposer = next(c for c in session.human_countries() if c != me)
    screen = open_inbox(ui, proposer)
    pending = [p for p in session.outbox(proposer) if p.status == "pending"]
    assert pending and pending[0].move_id == option.id
    assert any("The partner answers" in t for _, t in screen.tips)


def test_empty_inbox_explains_itself(ui: Any) -> None:
    """No offers: a sentence says what the inbox is for."""
    session = start_game(ui.app)
    screen = open_inbox(ui, session.human_countries()[0])
    assert screen.offers() == []
    assert ui.button("Accept") is None
    assert ui.button("Back (Esc)") is not None
