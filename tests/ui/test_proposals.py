"""The proposals inbox: offers with Accept/Decline and forecasts, own offers, bloc votes."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pygame
import pytest

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def scenario_paths() -> list[Path]:
    """Shipped scenarios, the tutorial first."""
    names = ("tutorial.yaml", "gold_route.yaml", "beyond_dollar.yaml", "lavrov_caracas.yaml")
    paths = [SCENARIOS / n for n in names if (SCENARIOS / n).is_file()]
    if not paths:
        pytest.skip("no scenario shipped yet")
    return paths


@functools.cache
def _loaded(path: str) -> Any:
    """Load a scenario once for the whole test run (it is never modified)."""
    from game.scenario import load_scenario

    return load_scenario(path)


def start_game(app: Any, humans: int = 1, seed: int = 1) -> Any:
    """A real Session on a real scenario: the first `humans` roles are people."""
    from game.session import PlayerConfig, Session

    loaded = next((x for x in map(_loaded, map(str, scenario_paths()))
                   if len(x.world.roles) >= humans), None)
    if loaded is None:
        pytest.skip(f"no scenario with {humans} roles")
    world = loaded.world
    codes = [world.codes[r.country] for r in world.roles][:humans]
    players = {c: PlayerConfig("human", "normal", f"Player {k + 1}") for k, c in enumerate(codes)}
    session = Session.new(loaded, players, seed=seed)
    session.autosave = False
    app.session = session
    return session


def hover_at(ui: Any, pos: tuple[int, int], seconds: float = 0.5) -> None:
    """Move the mouse to `pos` and rest there long enough for a tooltip."""
    pygame.mouse.set_pos(pos)
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    for _ in range(6):
        ui.app.tick_once(seconds / 6)


@pytest.fixture(autouse=True)
def _thread_forecasts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forecasts run in a thread in tests (no extra process per app)."""
    monkeypatch.setenv("LEVERAGE_FORECAST", "thread")


def game_with_offer(ui: Any) -> tuple[Any, str, Any]:
    """A game in which another person's proposal waits in the first player's inbox."""
    from game.core.actions import Move

    session = start_game(ui.app, humans=2)
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
    pytest.skip("no proposal between the two roles in this scenario")
    raise AssertionError


def open_inbox(ui: Any, code: str) -> Any:
    """Show the inbox of `code` with quick forecasts."""
    from game.ui.screens.proposals import ProposalsScreen

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
    assert [p.move_id for p in offers] == [option.id]
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
