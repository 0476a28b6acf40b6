"""Game set-up: person or computer per country, levels, names, seed, turns, reasons, Start."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygame
import pytest

from leverage.ui.screens.setup import SetupScreen
from leverage.ui.screens.title import TitleScreen


@pytest.fixture
def setup(app: Any, ui: Any, scenario_path: Path) -> SetupScreen:
    from leverage.scenario import load_scenario

    loaded = load_scenario(str(scenario_path))
    app.reset(TitleScreen(app))
    screen = app.push(SetupScreen(app, loaded, scenario_path))
    ui.tick()
    return screen


def kind_buttons(ui: Any) -> list[Any]:
    return [b for b in ui.buttons() if b.text in ("Person", "Computer")]


def test_one_row_per_country_with_defaults(setup: SetupScreen, ui: Any) -> None:
    world = setup.loaded.world
    kinds = kind_buttons(ui)
    assert len(kinds) == world.n
    assert [b.text for b in kinds].count("Person") == 1
    for name in world.names:
        assert ui.shows(name)
    for role in world.roles:
        assert ui.shows(role.title)
    assert ui.shows(str(world.turns))


def test_toggle_kind_level_turns_and_reasons(setup: SetupScreen, ui: Any) -> None:
    second = setup.codes[1]
    ui.click(kind_buttons(ui)[1])
    assert setup.kinds[second] == "human"
    ui.click(kind_buttons(ui)[1])
    assert setup.kinds[second] == "computer"
    level_before = setup.levels[second]
    level_button = [b for b in ui.buttons() if b.text == level_before.capitalize()][0]
    ui.click(level_button)
    assert setup.levels[second] != level_before
    turns = setup.turns
    ui.click_text("+")
    ui.click_text("+")
    ui.click_text("-")
    assert setup.turns == turns + 1
    ui.click_text("[ ] Ask for a reason")
    assert setup.ask_reasons and ui.button("[x] Ask for a reason") is not None


def test_names_and_seed_typed_then_start(setup: SetupScreen, app: Any, ui: Any) -> None:
    first = setup.codes[0]
    ui.click(setup.name_entries[first])
    ui.type_text("Team Blue")
    ui.click(setup.seed_entry)
    for _ in range(10):
        ui.key(pygame.K_BACKSPACE)
    ui.type_text("4242")
    ui.click_text("Start game")
    session = app.session
    assert session is not None
    assert session.seed == 4242
    human = session.human_countries()
    assert human == [c for c in setup.codes if setup.kinds[c] == "human"]
    assert session.player_name(human[0]) == "Team Blue"
    assert ui.titles()[-1] == "briefing"


def test_bad_seed_and_no_person_are_explained(setup: SetupScreen, app: Any, ui: Any) -> None:
    ui.click(setup.seed_entry)
    for _ in range(10):
        ui.key(pygame.K_BACKSPACE)
    ui.type_text("abc")
    ui.click_text("Start game")
    assert app.session is None and ui.shows("The seed must be a whole number")
    setup.seed_entry.set_text("7")
    for code in setup.codes:
        setup.kinds[code] = "computer"
    setup.relayout()
    ui.click_text("Start game")
    assert app.session is None and ui.shows("at least one country played by a person")


def test_keyboard_reaches_every_control(setup: SetupScreen, ui: Any) -> None:
    seen = set()
    for _ in range(len(setup.focus.items) + 1):
        ui.key(pygame.K_TAB)
        seen.add(id(setup.focus.focused))
    usable = [i.element for i in setup.focus.items if i.element.is_enabled]
    assert all(id(e) in seen for e in usable)


def test_space_in_a_clicked_name_field_types_a_space(setup: SetupScreen, ui: Any) -> None:
    """SDL sends a key press and the text for Space: the field gets it, no button is pressed."""
    first = setup.codes[0]
    entry = setup.name_entries[first]
    ui.click(entry)
    ui.type_text("Class")
    ui.key(pygame.K_SPACE, unicode=" ")
    ui.type_text(" 3B")
    ui.key(pygame.K_1, unicode="1")
    assert ui.titles()[-1] == "setup"
    assert entry.get_text().startswith("Class")
    assert "3B" in entry.get_text()


def test_a_title_too_wide_for_a_small_window_is_cut_and_kept_in_its_tooltip(
        app: Any, ui: Any, tutorial_path: Path, tmp_path: Path) -> None:
    """At the smallest window a title too long for it ends in an ellipsis, in full in its
    tooltip, instead of being clipped."""
    from leverage.scenario import load_scenario
    from leverage.ui.widgets import LABEL_MARGIN

    ui.resize(800, 560)
    app.set_scale(2.0)
    text = tutorial_path.read_text(encoding="utf-8")
    long_title = "Tutorial: Gold, Oil and Sanctions, from the Orinoco to Ankara and Back Again"
    scenario_path = tutorial_path.parent / f".test-long-title-{tmp_path.name}.yaml"
    scenario_path.write_text(text.replace('title: "Tutorial: Gold, Oil and Sanctions"',
                                          f'title: "{long_title}"', 1), encoding="utf-8")
    try:
        loaded = load_scenario(str(scenario_path))
    finally:
        scenario_path.unlink()
    assert loaded.world.title == long_title
    app.reset(TitleScreen(app))
    app.push(SetupScreen(app, loaded, scenario_path))
    ui.tick()
    full = f"New game: {loaded.world.title}"
    labels = [e for e in ui.elements() if getattr(e, "text", "").startswith("New game")]
    assert len(labels) == 1
    label = labels[0]
    assert label.font.size(full)[0] > label.rect.width, "the window is small enough to cut it"
    assert label.font.size(label.text)[0] <= label.rect.width - LABEL_MARGIN
    assert label.text.endswith("\u2026") and full.startswith(label.text[:-1].rstrip())
    assert label.tool_tip_text == full
