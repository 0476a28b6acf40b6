"""Settings: window size, full screen, UI scale, colour-blind palette, sound; remembered."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pygame

from leverage.settings import load_settings
from leverage.ui.screens.settings import SettingsScreen
from leverage.ui.screens.title import TitleScreen


def open_settings(app: Any, ui: Any) -> SettingsScreen:
    app.reset(TitleScreen(app))
    screen = app.push(SettingsScreen(app))
    ui.tick()
    return screen


def test_changes_apply_at_once_and_are_saved(app: Any, ui: Any, data_dir: Path) -> None:
    open_settings(app, ui)
    ui.click_text("150%")
    assert app.settings.ui_scale == 150 and app.scale == 1.25  # 1280 x 720 holds 125 % at most
    ui.tick(2)
    assert ui.shows("Shown at 125%")
    ui.click_text("Colour-blind safe")
    assert app.palette.name == "colour-blind"
    ui.click_text("Off")
    assert not app.settings.sound
    ui.click_text("1600 x 900")
    assert app.size == (1600, 900)
    ui.click_text("Save and back")
    assert ui.titles() == ["title"]
    saved, warnings = load_settings()
    assert warnings == []
    assert (saved.ui_scale, saved.colour_blind, saved.sound, saved.width, saved.height) == (
        150, True, False, 1600, 900)
    assert json.loads((data_dir / "config" / "settings.json").read_text())["ui_scale"] == 150


def test_settings_are_remembered_by_the_next_run(app: Any, ui: Any, data_dir: Path) -> None:
    from leverage.ui.app import App

    open_settings(app, ui)
    ui.click_text("200%")
    ui.key(pygame.K_ESCAPE)  # Esc saves too
    app.close()
    second = App()
    try:
        assert second.settings.ui_scale == 200 and second.scale == 1.25
    finally:
        second.close()


def test_chosen_option_is_highlighted_and_full_screen_toggles(app: Any, ui: Any) -> None:
    open_settings(app, ui)
    assert ui.button("100%").object_ids[-1] == "#primary"
    assert ui.button("125%").object_ids[-1] != "#primary"
    ui.click_text("[ ] Full screen")
    assert app.settings.fullscreen
    assert ui.button("[x] Full screen") is not None


def test_relation_scale_preview_uses_the_palette(app: Any, ui: Any) -> None:
    screen = open_settings(app, ui)
    rect = screen._scale_preview
    left = app.window.get_at((rect.x + 1, rect.centery))[:3]
    assert left == app.palette.relation_colour(-100)
    ui.click_text("Colour-blind safe")
    rect = ui.top._scale_preview
    assert app.window.get_at((rect.x + 1, rect.centery))[:3] == app.palette.relation_colour(-100)


def test_damaged_settings_file_gives_defaults_and_a_message(data_dir: Path) -> None:
    from leverage.ui.app import App

    (data_dir / "config").mkdir()
    (data_dir / "config" / "settings.json").write_text("{ not json")
    app = App()
    try:
        assert app.scale == 1.0 and app.warnings
        screen = app.push(SettingsScreen(app))
        app.tick_once()
        assert screen.message
    finally:
        app.close()
