"""History charts: countries and indicators to choose, real history as dots, tooltips."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui.game_helpers import _loaded, hover_at, scenario_paths, start_game


def open_history(ui: Any, turns: int = 1, **kwargs: Any) -> Any:
    """Play some turns and show the history charts."""
    from leverage.ui.screens.history import HistoryScreen

    session = start_game(ui.app)
    for _ in range(turns):
        session.end_turn()
    screen = HistoryScreen(ui.app, **kwargs)
    ui.app.reset(screen)
    ui.tick(3)
    return screen


def test_defaults_and_chart_tooltips(ui: Any) -> None:
    """The player's country and three indicators; each column of a chart has a tooltip."""
    screen = open_history(ui)
    session = ui.app.session
    assert screen.countries == session.human_countries()[:1]
    assert screen.indicators == ["gdp", "inflation", "reserves"]
    from leverage.ui.screens.turn import date_of

    rect = next(r for r, t in screen.tips if t.startswith(date_of(session, 2)))
    hover_at(ui, rect.center)
    name = session.world.names[session.world.country(screen.countries[0])]
    assert f"{name}: " in (screen.tooltip_text or "")


def test_toggle_countries_and_indicators(ui: Any) -> None:
    """Country and indicator buttons add and remove series and charts (at most three)."""
    screen = open_history(ui)
    other = next(c for c in ui.app.session.world.codes if c not in screen.countries)
    ui.click(next(b for b in ui.buttons() if b.text == other))
    assert other in screen.countries
    ui.click_text("Stability")
    assert screen.indicators == ["inflation", "reserves", "stability"]
    ui.click_text("Stability")
    assert "stability" not in screen.indicators


def test_real_history_points() -> None:
    """Values from the scenario's history land at their date, in turns since the start."""
    from leverage.session import Session
    from leverage.ui.screens.history import real_points

    loaded = next((x for x in map(_loaded, map(str, scenario_paths()))
                   if x.scenario.history.series), None)
    if loaded is None:
        pytest.skip("no scenario has real history values")
    session = Session.new(loaded, {}, seed=1)
    series = loaded.scenario.history.series
    indicator, by_country = next(iter(series.items()))
    code, points = next(iter(by_country.items()))
    got = real_points(session, indicator, code)
    assert [v for _, v in got] == [float(p.value) for p in points]
    world = session.world
    year, month = (int(x) for x in points[0].date.split("-")[:2])
    months = (year * 12 + month - 1) - (world.start_year * 12 + world.start_month - 1)
    assert got[0][0] == pytest.approx(months / world.months_per_turn)
