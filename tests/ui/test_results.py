"""Turn results: news items, why charts by cause with mechanism sentences."""

from __future__ import annotations

from typing import Any

import pygame

from tests.ui.game_helpers import hover_at, start_game


def open_results(ui: Any) -> Any:
    """Play one turn and show its results over the turn screen."""
    from leverage.ui.screens.results import ResultsScreen
    from leverage.ui.screens.turn import TurnScreen

    session = start_game(ui.app)
    report = session.end_turn()
    ui.app.reset(TurnScreen(ui.app))
    screen = ResultsScreen(ui.app, report)
    ui.app.push(screen)
    ui.tick(3)
    return screen


def test_news_items_are_listed(ui: Any) -> None:
    """Every news item's title is shown, with its text in a tooltip."""
    screen = open_results(ui)
    report = ui.app.session.reports[-1]
    tips = [t for _, t in screen.tips]
    for item in report.news:
        if item.title:
            assert any(t.startswith(item.title) for t in tips), item.title


def test_why_chart_per_indicator_with_mechanisms(ui: Any) -> None:
    """Choosing an indicator draws its why chart; a bar's tooltip gives the mechanism."""
    screen = open_results(ui)
    names = screen.indicators()
    assert names, "something changed"
    target = names[-1]
    ui.click(ui.button(screen.indicator_label(target)))
    assert screen.indicator == target
    ui.tick(2)
    world = ui.app.session.world
    from leverage.ui.screens.results import contributions

    report = ui.app.session.reports[-1]
    if target == "relations":
        parts = contributions(report.explanation, target, world.country(screen.player_code()),
                              world.country(screen.country))
    else:
        parts = contributions(report.explanation, target, world.country(screen.country))
    from leverage.ui.screens.results import readable_causes

    parts, notes = readable_causes(parts, {c: report.explanation.mechanisms.get(c, "")
                                           for c in parts})
    biggest = max(parts, key=lambda c: abs(parts[c]))
    rect = next(r for r, t in screen.tips if t.startswith(f"{biggest}:"))
    hover_at(ui, rect.center)
    tip = screen.tooltip_text or ""
    assert tip.startswith(f"{biggest}:")
    sentence = notes.get(biggest)
    if sentence:
        assert sentence in tip


def test_choosing_a_country(ui: Any) -> None:
    """Country buttons switch whose changes are explained."""
    screen = open_results(ui)
    other = next(c for c in ui.app.session.world.codes if c != screen.country)
    ui.click(next(b for b in ui.buttons() if b.text == other))
    assert screen.country == other


def test_enter_continues(ui: Any) -> None:
    """Enter leaves the results for the next turn."""
    open_results(ui)
    ui.key(pygame.K_RETURN)
    assert ui.top.title == "turn"


def test_score_breakdown_adds_up_to_the_change(ui: Any) -> None:
    """The results list what moved the player's score, objective by objective, and the points
    add up to the score's change."""
    screen = open_results(ui)
    session = ui.app.session
    code = session.human_countries()[0]
    lines = screen.score_lines(code)
    assert lines and len(lines) == len(session.objective_status(code))
    change = session.reports[-1].score_changes[code]
    assert abs(sum(points for _, points, _ in lines) - change) < 1e-6
    tips = [t for _, t in screen.tips]
    for text, _, _ in lines:
        assert any(t.startswith(text + "\n") for t in tips), text


def test_causes_read_right() -> None:
    """'Inertia' that lowers inflation and 'Limits' are named for what they do."""
    from leverage.ui.screens.results import readable_causes

    parts, notes = readable_causes({"Inertia": -12273.0, "Limits": 2.0, "Money printing": 40.0},
                                   {"Inertia": "Prices keep rising at last turn's pace.",
                                    "Money printing": "Printing money raises prices."})
    assert set(parts) == {"Inflation easing by itself", "Held at its lowest possible value",
                          "Money printing"}
    assert "last turn's pace" not in notes["Inflation easing by itself"].split(";")[0]
    assert notes["Money printing"] == "Printing money raises prices."
