"""History charts: countries, indicators and trade flows to choose, real history as dots, tooltips."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from tests.ui.game_helpers import SCENARIOS, _loaded, hover_at, scenario_paths, start_game


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


def chart_tips(screen: Any, title: str) -> list[str]:
    """The column tooltips of the chart whose title starts with `title`."""
    area = screen.layout["charts"]
    heads = [(r.top, t) for r, t in screen.tips if r.left == area.left and r.width == area.width]
    top = next((y for y, t in heads if t.startswith(title)), None)
    assert top is not None, f"no chart '{title}' on screen: {[t for _, t in heads]}"
    bottom = min([y for y, _ in heads if y > top] + [area.bottom])
    return [t for r, t in screen.tips if top < r.top < bottom]


def test_trade_chart_by_keyboard_and_click(ui: Any) -> None:
    """T lists the trade pairs; a pair's button adds the chart of what one country sells to the
    other, in $bn a year, named both ways, with the game's line over the turns played and the
    real exports of the scenario's `history.trade` as dots; I lists the indicators again."""
    import pygame

    from leverage.ui.screens.history import HistoryScreen

    session = start_game(ui.app, path=SCENARIOS / "gold_route.yaml")
    assert session.human_countries() == ["VEN"]
    for _ in range(2):
        session.end_turn()
    screen = HistoryScreen(ui.app)
    ui.app.reset(screen)
    ui.tick(3)
    assert ui.button("VEN to TUR") is None
    ui.key(pygame.K_t, unicode="t")
    assert screen.side == "trade"
    ui.click_text("VEN to TUR")
    assert screen.charts == ["inflation", "reserves", ("VEN", "TUR")]
    ui.tick(3)
    drawn = {line.text for line in ui.app.text_log.on(ui.app.window)}
    assert "Exports from Venezuela to Turkey ($bn a year)" in drawn
    assert {"All goods", "real history"} <= drawn
    tips = chart_tips(screen, "Exports from Venezuela to Turkey")
    game = [float(x) for x in session.trade_series("VEN", "TUR")]
    from leverage.ui.charts import format_value

    start = next(t for t in tips if "what really happened" in t)
    assert f"All goods: {format_value(game[0], '$bn')}" in start
    assert "All goods, what really happened: $900m" in start
    assert any(f"All goods: {format_value(game[2], '$bn')}" in t for t in tips), tips
    # the keyboard's way: focus the other direction's button and press Enter
    for _ in range(60):
        focused = screen.focus.focused
        if focused is not None and getattr(focused, "text", "") == "TUR to VEN":
            break
        ui.key(pygame.K_TAB)
    ui.key(pygame.K_RETURN)
    assert screen.charts == ["reserves", ("VEN", "TUR"), ("TUR", "VEN")]
    ui.tick(3)
    tips = chart_tips(screen, "Exports from Turkey to Venezuela")
    assert any("All goods, what really happened: $120m" in t for t in tips), tips
    ui.key(pygame.K_i, unicode="i")
    assert screen.side == "indicators" and ui.button("Stability") is not None


def test_trade_chart_by_product_group(ui: Any, tmp_path: Any) -> None:
    """In a scenario that keeps goods apart, a `history.trade` series of one product group
    adds that group's line and real dots to the pair's chart; pairs with real exports come
    first in the trade list."""
    from leverage.ui.screens.history import HistoryScreen, trade_pairs

    text = (SCENARIOS / "pastor_and_steel.yaml").read_text(encoding="utf-8")
    flows = ("  trade:\n"
             "    - from: USA\n      to: QAT\n      points:\n"
             "        - {date: 2018-08-10, value: 3.8, assumption: test figure}\n"
             "    - from: TUR\n      to: USA\n      goods: metals\n      points:\n"
             "        - {date: 2018-08-10, value: 1.7, assumption: test figure}\n"
             "        - {date: 2019-08-10, value: 1.2, assumption: test figure}\n"
             "  series:\n")
    path = tmp_path / "pastor_goods.yaml"
    path.write_text(text.replace("\n  series:\n", "\n" + flows, 1), encoding="utf-8")
    session = start_game(ui.app, path=path)
    home = session.human_countries()[0]
    pairs = trade_pairs(session, home)
    assert pairs[:2] == [("USA", "QAT"), ("TUR", "USA")]
    assert all(home in p for p in pairs[2:]) and len(pairs) == 2 + len(session.world.codes) - 2
    for _ in range(5):
        session.end_turn()
    screen = HistoryScreen(ui.app, flows=[("TUR", "USA")], side="trade")
    ui.app.reset(screen)
    ui.tick(3)
    tips = chart_tips(screen, "Exports from Turkey to United States")
    metals = [float(x) for x in session.trade_series("TUR", "USA", "metals")]
    from leverage.ui.charts import format_value

    assert any("Metals, what really happened: $1.7bn" in t for t in tips), tips
    assert any("Metals, what really happened: $1.2bn" in t for t in tips), tips
    assert any(f"Metals: {format_value(metals[4], '$bn')}" in t for t in tips), tips
    assert not any("All goods, what really happened" in t for t in tips)


def test_real_values_before_the_start() -> None:
    """A real value dated more than a turn and a half before the start is left off the chart;
    one dated nearer the start is drawn at the start."""
    from leverage.session import Session
    from leverage.ui.screens.history import dated_points

    session = Session.new(_loaded(str(SCENARIOS / "gold_route.yaml")), {}, seed=1)
    points = [SimpleNamespace(date=d, value=v)
              for d, v in (("2017-07", 1.0), ("2018-03", 2.0), ("2018-10", 3.0))]
    assert dated_points(session, points) == [(0.0, 2.0), (1.0, 3.0)]


@pytest.mark.parametrize(("size", "scale"), [((1280, 720), 1.5), ((1280, 720), 2.0),
                                             ((800, 560), 1.0), ((1920, 1080), 2.0)])
def test_every_indicator_within_reach(ui: Any, size: tuple[int, int], scale: float) -> None:
    """Every indicator has its button on screen at every size and scale (two columns when one
    does not hold them), and its label is whole."""
    from leverage.ui.screens.history import HISTORY_INDICATORS

    ui.resize(*size)
    ui.app.set_scale(scale)
    try:
        screen = open_history(ui)
        labels = screen.indicator_labels()
        assert len(labels) == len(HISTORY_INDICATORS)
        window = ui.app.window.get_rect()
        shown = {b.text: b for b in ui.buttons()}
        for label in labels:
            assert label in shown, f"{label} has no button at {size} x{scale}"
            rect = shown[label].rect
            assert window.contains(rect), f"{label} is off screen at {size} x{scale}"
            assert screen.font(15).size(label)[0] <= rect.width, f"{label} is cut"
    finally:
        ui.app.set_scale(1.0)
        ui.resize(1280, 720)
