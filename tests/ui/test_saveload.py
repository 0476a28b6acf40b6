"""Save and load screens: save under a name, list saves and autosaves, load, damaged saves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygame

from leverage.ui.screens.saveload import SaveLoadScreen, SaveScreen
from leverage.ui.screens.title import TitleScreen


def test_empty_list_says_so(app: Any, ui: Any) -> None:
    app.reset(TitleScreen(app))
    ui.click_text("Load")
    assert ui.titles() == ["title", "load"]
    assert ui.shows("No saved games yet")


def test_save_with_a_name_then_load_it(app: Any, ui: Any, make_session: Any, data_dir: Path) -> None:
    session = make_session(seed=77)
    app.session = session
    app.reset(TitleScreen(app))
    screen = app.push(SaveScreen(app))
    ui.tick()
    entry = screen.name_entry
    ui.click(entry)
    entry.set_text("")
    ui.type_text("Class 3B")
    ui.click_text("Save")
    assert (data_dir / "saves" / "class-3b.json").is_file()
    assert ui.shows("Saved as class-3b.json")
    assert ui.shows("Class 3B")
    app.session = None
    app.reset(TitleScreen(app))
    ui.click_text("Load")
    assert ui.shows("Class 3B")
    ui.key(pygame.K_1)
    ui.wait_until(lambda: ui.top.title != "load")
    assert app.session is not None and app.session.seed == 77
    assert ui.titles()[0] == "title" and ui.titles()[-1] in ("turn", "handover")


def test_autosaves_listed_and_damaged_save_explained(app: Any, ui: Any, make_session: Any,
                                                     data_dir: Path) -> None:
    from leverage import storage

    storage.autosave(make_session())
    folder = data_dir / "saves"
    (folder / "broken.json").write_text("{ this is not json")
    app.reset(TitleScreen(app))
    app.push(SaveLoadScreen(app, mode="load"))
    ui.tick()
    assert ui.shows("autosave")
    assert ui.shows("Damaged:")
    loads = [b for b in ui.buttons() if b.text.endswith("Load")]
    assert len(loads) == 1  # the damaged save has no Load button


def test_load_failure_is_shown_not_raised(app: Any, ui: Any, make_session: Any,
                                          data_dir: Path) -> None:
    from leverage import storage

    path = storage.save_game(make_session(), "to be damaged")
    app.reset(TitleScreen(app))
    screen = app.push(SaveLoadScreen(app, mode="load"))
    ui.tick()
    path.write_text('{"kind": "leverage-save", "version": 1}')
    ui.click_text("1  Load")
    ui.wait_until(lambda: screen.loader is None)
    assert ui.titles() == ["title", "load"]
    assert screen.message and ui.shows(screen.message[:20])


def test_save_mode_needs_a_name(app: Any, ui: Any, make_session: Any) -> None:
    app.session = make_session()
    app.reset(TitleScreen(app))
    screen = app.push(SaveLoadScreen(app, mode="save"))
    ui.tick()
    screen.name_entry.set_text("   ")
    ui.click_text("Save")
    assert ui.shows("Type a name for the save.")
