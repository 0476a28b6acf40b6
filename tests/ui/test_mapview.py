"""The world map widget: snapshot, cached drawing, hover, click, zoom, tooltips."""

from __future__ import annotations

from typing import Any

import pygame

from tests.ui.game_helpers import start_game


def make_map(ui: Any) -> tuple[Any, Any]:
    """A WorldMap of a real game, drawn once."""
    from leverage.ui.mapview import MapSnapshot, WorldMap

    session = start_game(ui.app)
    player = session.human_countries()[0]
    world_map = WorldMap(ui.app, pygame.Rect(100, 60, 700, 420))
    world_map.set_snapshot(MapSnapshot.from_session(session, player))
    world_map.draw(ui.app.window)
    return world_map, session


def test_snapshot_reads_the_state(ui: Any) -> None:
    """The snapshot has the scenario's countries and the state's matrices."""
    world_map, session = make_map(ui)
    snap = world_map.snapshot
    n = session.world.n
    assert snap.codes == session.world.codes
    assert snap.relations.shape == (n, n) and snap.sanctions.shape[:2] == (n, n)
    assert snap.player == session.human_countries()[0]
    assert world_map.selected == snap.player


def test_drawing_is_cached(ui: Any) -> None:
    """Drawing again without changes does not redraw the map; a resize does."""
    world_map, _ = make_map(ui)
    assert world_map.redraws == 1
    for _ in range(5):
        world_map.draw(ui.app.window)
    assert world_map.redraws == 1
    world_map.set_rect(pygame.Rect(100, 60, 600, 400))
    world_map.draw(ui.app.window)
    assert world_map.redraws == 2


def test_hover_and_click_select_a_country(ui: Any) -> None:
    """Hovering a flag names the country; clicking it selects it."""
    world_map, session = make_map(ui)
    other = next(c for c in session.world.codes if c != world_map.selected and world_map.flag_rect(c))
    pos = world_map.flag_rect(other).center
    world_map.handle(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    name = session.world.names[session.world.country(other)]
    assert world_map.hovered == other
    assert (world_map.tooltip() or "").startswith(name)
    world_map.handle(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    changed = world_map.handle(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    assert changed and world_map.selected == other


def test_other_countries_are_named_but_muted(ui: Any) -> None:
    """A country outside the scenario gets a tooltip saying so."""
    world_map, session = make_map(ui)
    data = ui.app.assets.map()
    outside = next(c for c in ("AUS", "BRA", "IND", "FRA", "CAN", "EGY")
                   if c not in session.world.codes and world_map.country_point(c) is not None
                   and world_map.rect.collidepoint(world_map.country_point(c)))
    world_map.hover(world_map.country_point(outside))
    assert world_map.hovered == outside
    assert world_map.tooltip() == f"{data[outside].name}\nNot part of this scenario."
    assert not world_map.select(outside)


def test_sanctions_and_relations_have_tooltips(ui: Any) -> None:
    """Sanction badges and relation lines explain themselves."""
    world_map, session = make_map(ui)
    texts = [t for _, t in world_map._layout.hotspots]
    assert any("relation" in t and "sells" in t for t in texts)
    if session.state.sanctions[0].max() > 0.01:
        assert any(t.startswith("Sanctions by") for t in texts)


def test_wheel_zooms_and_reset_restores(ui: Any) -> None:
    """The mouse wheel zooms around the pointer; reset_view goes back."""
    world_map, _ = make_map(ui)
    before = world_map._view()
    centre = world_map.rect.center
    world_map.handle(pygame.event.Event(pygame.MOUSEMOTION, pos=centre, rel=(0, 0), buttons=(0, 0, 0)))
    world_map.handle(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1))
    after = world_map._view()
    assert after.lon_max - after.lon_min < before.lon_max - before.lon_min
    world_map.reset_view()
    assert world_map._view() == before


def test_relation_words() -> None:
    """Scores map to words at the documented thresholds."""
    from leverage.ui.mapview import relation_word, signed

    assert [relation_word(v) for v in (-100, -40, 0, 30, 90)] == [
        "hostile", "tense", "neutral", "friendly", "allied"]
    assert signed(12.4) == "+12" and signed(-3) == "-3" and signed(0.2) == "0"
