"""The relationship view: defaults, choosing countries, swapping, tooltips, the ledger."""

from __future__ import annotations

from typing import Any

import pygame
import pytest

from tests.ui.game_helpers import hover_at, start_game


def open_view(ui: Any, a: str | None = None, b: str | None = None, turns: int = 0) -> Any:
    """Start a game, play `turns` turns, and show the relationship view."""
    from leverage.ui.screens.relationship import RelationshipScreen

    session = start_game(ui.app)
    for _ in range(turns):
        session.end_turn()
    screen = RelationshipScreen(ui.app, a, b)
    ui.app.reset(screen)
    ui.tick(3)
    return screen


def test_defaults_to_player_and_main_counterpart(ui: Any) -> None:
    """Without arguments: the player on the left, the country that matters most on the right."""
    from leverage.ui.screens.relationship import importance, main_counterpart

    screen = open_view(ui)
    session = ui.app.session
    player = session.human_countries()[0]
    assert screen.a == player
    assert screen.b == main_counterpart(session, player) != player
    others = [c for c in session.world.codes if c != player]
    assert importance(session, player, screen.b) == max(importance(session, player, c) for c in others)
    assert screen.ledger.a == player and screen.ledger.b == screen.b


def test_clicking_a_partner_shows_its_ledger(ui: Any) -> None:
    """Clicking another partner button switches the ledger."""
    screen = open_view(ui)
    codes = ui.app.session.world.codes
    target = next(c for c in codes if c not in (screen.a, screen.b))
    buttons = [b for b in ui.buttons() if b.text == target]
    assert len(buttons) == 2, "one button per side"
    right = max(buttons, key=lambda b: b.get_abs_rect().x)
    ui.click(right)
    assert screen.b == target and screen.ledger.b == target


def test_swap_key_and_choosing_the_other_side(ui: Any) -> None:
    """S swaps the sides; choosing on one side the country of the other swaps them too."""
    screen = open_view(ui)
    a, b = screen.a, screen.b
    ui.key(pygame.K_s)
    assert (screen.a, screen.b) == (b, a)
    screen.choose("b", screen.a)
    assert (screen.a, screen.b) == (a, b)


def test_relation_gauge_has_a_tooltip(ui: Any) -> None:
    """The big relation number explains the scale."""
    screen = open_view(ui)
    rect = next(r for r, t in screen.tips if t.startswith("Relation:"))
    hover_at(ui, rect.center)
    assert "From -100 (hostile) to +100" in (screen.tooltip_text or "")


def test_every_section_is_drawn_with_tooltips(ui: Any) -> None:
    """After a turn the ledger has history charts, payments, moves and why the relation moved."""
    screen = open_view(ui, turns=1)
    ui.tick(2)
    history = [t for _, t in screen._tips_local["history"]]
    ties = [t for _, t in screen._tips_local["ties"]]
    money = [t for _, t in screen._tips_local["money"]]
    assert any("sells" in t for t in history)
    assert any("of foreign payments in" in t for t in ties)
    from leverage.ui.screens.results import contributions

    session = ui.app.session
    world = session.world
    parts = contributions(session.reports[-1].explanation, "relations", world.country(screen.a),
                          world.country(screen.b))
    assert any(t.startswith("Net change this turn") for t in money) == bool(parts)
    assert screen.ledger.relation_history.shape[0] == 2


def test_sanctions_show_level_and_bite(ui: Any) -> None:
    """Where one side sanctions the other, each sanction's level and bite are explained."""
    from leverage.ui.screens.relationship import RelationshipScreen

    session = start_game(ui.app)
    world, state = session.world, session.state
    pairs = [(world.codes[i], world.codes[j]) for i in range(world.n) for j in range(world.n)
             if i != j and state.sanctions[0, i, j].max() > 0.01]
    if not pairs:
        pytest.skip("no sanctions at the start of this scenario")
    by, on = pairs[0]
    screen = RelationshipScreen(ui.app, on, by)
    ui.app.reset(screen)
    ui.tick(2)
    money = [t for _, t in screen._tips_local["money"]]
    assert any("Level" in t and "Bite" in t for t in money)


def test_trade_measures_and_goods_are_shown(ui: Any, tmp_path: Any) -> None:
    """In a scenario that keeps goods apart, a duty in force is listed under Trade measures
    with its meaning, the trade tooltip gives each product group's flow both ways, and the
    real exports of `history.trade` are the trade chart's dots."""
    from leverage.core.actions import Move
    from leverage.ui.screens.relationship import RelationshipScreen
    from tests.model.paired import ROOT, VARIANTS

    shipped, edits = VARIANTS["pastor_with_measures"]
    text = (ROOT / "scenarios" / f"{shipped}.yaml").read_text(encoding="utf-8")
    for old, new in edits:
        text = text.replace(old, new, 1)
    text = text.replace("\n  series:\n", "\n  trade:\n    - {from: TUR, to: USA, points: [{date: "
                        "2018-08-10, value: 8.7, assumption: test figure}]}\n  series:\n", 1)
    path = tmp_path / "pastor_with_measures.yaml"
    path.write_text(text, encoding="utf-8")
    session = start_game(ui.app, humans=4, path=path)
    session.plan("USA", Move("duty_metals", "USA", "TUR"))
    for code in session.human_countries():
        session.finish_planning(code)
    if session.state.turn == 0:
        session.end_turn()
    screen = RelationshipScreen(ui.app, "USA", "TUR")
    ui.app.reset(screen)
    ui.tick(2)
    money = [t for _, t in screen._tips_local["money"]]
    history = [t for _, t in screen._tips_local["history"]]
    assert any("import tariff 25% on TUR metals" in t and "duty" in t for t in money), money
    assert any("By group" in t and "metals:" in t for t in history)
    from leverage.ui.screens.history import real_trade_points

    assert real_trade_points(session, "TUR", "USA") == [(0.0, 8.7)]
    assert real_trade_points(session, "USA", "TUR") == []
