"""F5 reads the scenario file again: on the turn screen it lists the file's problems (file:line:col)
or restarts the game with the changed file after a confirmation; on the picker it reads every
file again. The game in progress is never lost: it is autosaved before a restart."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pygame

from tests.ui.game_helpers import start_game

ROOT = Path(__file__).resolve().parents[2]


def copy_scenario(folder: Path) -> Path:
    """The Gold Route in `folder`, with its library beside it."""
    (folder / "library").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "scenarios" / "library" / "standard.yaml", folder / "library")
    path = folder / "gold_route.yaml"
    shutil.copy(ROOT / "scenarios" / "gold_route.yaml", path)
    return path


def open_turn(ui: Any, path: Path) -> Any:
    """A one-person game of `path` on its turn screen."""
    from leverage.ui.screens.turn import TurnScreen

    session = start_game(ui.app, 1, path=path)
    session.autosave = True
    screen = TurnScreen(ui.app)
    screen.worker.futures, screen.worker.turns = 40, 3
    ui.app.reset(screen)
    ui.tick(3)
    return screen


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in the file with `new`."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_unchanged_file_is_said_so(ui: Any, tmp_path: Path) -> None:
    """F5 with the file as it was: a message, no dialog, the same game."""
    screen = open_turn(ui, copy_scenario(tmp_path))
    session = ui.app.session
    ui.key(pygame.K_F5)
    assert ui.top is screen and ui.app.session is session
    assert "has not changed since this game started" in screen.status


def test_a_broken_file_lists_its_problems_and_the_game_goes_on(ui: Any, tmp_path: Path) -> None:
    """An unknown key and a misspelt indicator are listed as file:line:col; Esc goes back to the
    same game."""
    path = copy_scenario(tmp_path)
    screen = open_turn(ui, path)
    session = ui.app.session
    edit(path, "\nsummary:", "\nsumary:")
    ui.key(pygame.K_F5)
    assert ui.top.title == "scenario problems"
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("sumary:"))
    assert any(f"{path}:{line}:1: error: unknown key 'sumary'" in p for p in ui.top.problems)
    assert ui.shows("The scenario file has")
    ui.key(pygame.K_ESCAPE)
    assert ui.top is screen and ui.app.session is session


def test_a_changed_file_restarts_the_game_after_asking(ui: Any, tmp_path: Path,
                                                       data_dir: Path) -> None:
    """After a turn, a changed title: F5 asks; Go back keeps the game; Y autosaves it and starts
    again at turn 1 with the change, the same seed, players and length."""
    from tests.ui.test_turn import wait_resolved

    path = copy_scenario(tmp_path)
    screen = open_turn(ui, path)
    old = ui.app.session
    screen.end_turn()
    if ui.top.title == "confirm":   # End turn with nothing planned asks first
        ui.key(pygame.K_y)
    wait_resolved(ui, screen)
    while ui.top.title != "turn":
        ui.key(pygame.K_ESCAPE)
    assert old.turn == 2
    edit(path, 'title: The Gold Route', 'title: The Gold Route, second draft')
    ui.key(pygame.K_F5)
    assert ui.top.title == "confirm" and ui.top.question == "Restart with the changed scenario?"
    ui.key(pygame.K_ESCAPE)
    assert ui.app.session is old and old.turn == 2
    before = set((data_dir / "saves").glob("autosave-*"))
    ui.key(pygame.K_F5)
    ui.key(pygame.K_y)
    new = ui.app.session
    assert new is not old
    assert new.world.title == "The Gold Route, second draft" and new.turn == 1
    assert (new.seed, new.turns, new.players) == (old.seed, old.turns, old.players)
    after = set((data_dir / "saves").glob("autosave-*"))
    assert old.last_autosave in after - before, "the game was not autosaved before the restart"
    assert old.last_autosave.name.endswith("-gold_route-t01.json")   # one turn played
    assert ui.top.title in ("turn", "handover")


def test_the_picker_reads_the_files_again(ui: Any, data_dir: Path) -> None:
    """A scenario added (broken) after the list was read appears after F5, with its problems."""
    from leverage.ui.screens.picker import PickerScreen

    picker = PickerScreen(ui.app)
    ui.app.push(picker)
    picker.wait_loaded()
    ui.tick(3)
    assert picker.cards is not None
    before = len(picker.cards)
    mine = data_dir / "scenarios" / "mine.yaml"
    mine.parent.mkdir(parents=True, exist_ok=True)
    mine.write_text("format: 1\nid: mine\ntitle: Mine\n", encoding="utf-8")
    ui.key(pygame.K_F5)
    picker.wait_loaded()
    ui.tick(3)
    assert picker.cards is not None and len(picker.cards) == before + 1
    card = next(c for c in picker.cards if c.path == mine)
    assert not card.ok and any(p.startswith(f"{mine}:1:1: error:") for p in card.problems)
