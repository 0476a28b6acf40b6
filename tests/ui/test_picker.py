"""Scenario picker: a card per scenario, tutorial first, broken files show their problems."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pygame
import pytest

from leverage.ui.screens.picker import PickerScreen
from leverage.ui.screens.title import TitleScreen

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.fixture
def folder(tmp_path: Path, scenario_path: Path) -> Path:
    """A scenarios folder: one good scenario, one broken one, the shared library."""
    target = tmp_path / "scenarios"
    target.mkdir()
    shutil.copy(scenario_path, target / scenario_path.name)
    if (SCENARIOS / "library").is_dir():
        shutil.copytree(SCENARIOS / "library", target / "library")
    (target / "broken.yaml").write_text("format: 1\nid: broken\ntitle: [unclosed\n")
    return target


def open_picker(app: Any, ui: Any, folder: Path) -> PickerScreen:
    app.scenarios_dir = folder
    app.reset(TitleScreen(app))
    ui.click_text("New game")
    picker = ui.top
    picker.wait_loaded()
    ui.tick(3)
    return picker


def test_cards_show_scenario_details(app: Any, ui: Any, folder: Path, scenario_path: Path) -> None:
    from leverage.scenario import load_scenario

    meta = load_scenario(str(scenario_path)).scenario
    picker = open_picker(app, ui, folder)
    assert picker.cards is not None and len(picker.cards) == 2
    assert picker.cards[0].ok and not picker.cards[1].ok  # playable first
    text = " ".join(ui.texts())
    assert meta.title in text and meta.difficulty in text and str(meta.date) in text
    for role in meta.roles.values():
        assert role.title in text
    if meta.sources:
        assert meta.sources[0].outlet in text


def test_broken_scenario_shows_checker_messages(app: Any, ui: Any, folder: Path) -> None:
    picker = open_picker(app, ui, folder)
    broken = picker.cards[1]
    assert broken.problems and "broken.yaml" in broken.problems[0]
    assert ui.shows("cannot be played")
    assert ui.shows("broken.yaml:")
    assert len([b for b in ui.buttons() if b.text.endswith("Play")]) == 1


def test_play_opens_setup_by_click_and_by_key(app: Any, ui: Any, folder: Path) -> None:
    open_picker(app, ui, folder)
    ui.click_text("1  Play")
    assert ui.titles() == ["title", "picker", "setup"]
    ui.key(pygame.K_ESCAPE)
    assert ui.titles() == ["title", "picker"]
    ui.key(pygame.K_1)
    assert ui.titles() == ["title", "picker", "setup"]


def test_tutorial_comes_first_and_pages(app: Any, ui: Any, folder: Path, scenario_path: Path) -> None:
    text = scenario_path.read_text(encoding="utf-8")
    for k in range(5):
        (folder / f"copy{k}.yaml").write_text(text, encoding="utf-8")
    tutorial = folder / "tutorial.yaml"
    if not tutorial.exists():
        tutorial.write_text(text.replace("\ntitle:", "\ntutorial: true\ntitle:", 1), encoding="utf-8")
    picker = open_picker(app, ui, folder)
    assert picker.cards[0].tutorial
    columns, rows = picker.per_page()
    if len(picker.cards) > columns * rows:
        assert ui.button("Next >") is not None
        ui.click_text("Next >")
        assert picker.page == 1
        ui.click_text("< Previous")
        assert picker.page == 0


def test_empty_folder_says_so(app: Any, ui: Any, tmp_path: Path) -> None:
    open_picker(app, ui, tmp_path)
    assert ui.shows("No scenarios found")
