"""Title screen: the menu, keyboard use, Continue with and without an autosave."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygame

from leverage.ui.screens.title import TitleScreen

MENU = ["Continue", "New game", "Load", "Settings", "How to play", "Quit"]


def open_title(app: Any, ui: Any) -> TitleScreen:
    screen = app.reset(TitleScreen(app))
    ui.tick(2)
    screen.wait_for_check()
    ui.tick(2)
    return screen


def test_title_shows_the_name_and_the_menu(app: Any, ui: Any) -> None:
    open_title(app, ui)
    assert ui.shows("LEVERAGE")
    assert [b.text for b in ui.buttons()] == MENU


def test_continue_is_disabled_without_an_autosave(app: Any, ui: Any) -> None:
    screen = open_title(app, ui)
    assert screen.autosave is None
    assert not ui.button("Continue").is_enabled
    ui.click_text("Continue")
    assert ui.titles() == ["title"]
    assert screen.focus.focused is ui.button("New game")


def test_menu_buttons_open_their_screens(app: Any, ui: Any) -> None:
    open_title(app, ui)
    for text, title in (("New game", "picker"), ("Load", "load"), ("Settings", "settings"),
                        ("How to play", "help")):
        ui.click_text(text)
        assert ui.titles() == ["title", title], text
        app.pop()
        ui.tick()


def test_keyboard_enter_and_number_keys(app: Any, ui: Any) -> None:
    open_title(app, ui)
    ui.key(pygame.K_RETURN)  # New game has the focus
    assert ui.titles() == ["title", "picker"]
    ui.key(pygame.K_ESCAPE)
    assert ui.titles() == ["title"]
    ui.key(pygame.K_5)
    assert ui.titles() == ["title", "help"]
    ui.key(pygame.K_ESCAPE)
    ui.key(pygame.K_ESCAPE)  # Esc on the title does nothing
    assert ui.titles() == ["title"] and app.running
    ui.key(pygame.K_DOWN)
    ui.key(pygame.K_DOWN)
    ui.key(pygame.K_DOWN)
    ui.key(pygame.K_DOWN)  # Quit
    ui.key(pygame.K_RETURN)
    assert not app.running


def test_continue_opens_the_newest_autosave(app: Any, ui: Any, data_dir: Path,
                                            make_session: Any) -> None:
    from leverage import storage

    session = make_session(turns=3)
    storage.autosave(session)
    screen = open_title(app, ui)
    assert screen.autosave is not None
    assert ui.button("Continue").is_enabled
    assert screen.focus.focused is ui.button("Continue")
    ui.key(pygame.K_1)
    ui.wait_until(lambda: app.session is not None and ui.top.title != "title")
    assert app.session.seed == 5
    assert ui.titles()[0] == "title" and len(ui.titles()) >= 2


def test_layout_follows_resize_and_scale(app: Any, ui: Any) -> None:
    open_title(app, ui)
    ui.resize(1920, 1080)
    window = pygame.Rect(0, 0, 1920, 1080)
    assert all(window.contains(b.get_abs_rect()) for b in ui.buttons())
    assert abs(ui.button("Quit").get_abs_rect().centerx - 960) <= 1
    app.set_scale(1.5)
    ui.tick()
    assert all(window.contains(b.get_abs_rect()) for b in ui.buttons())
