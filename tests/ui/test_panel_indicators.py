"""The country panel of the turn screen: the indicators a scenario chose for a role or a country,
and, by default, no rows for what does not apply (the United States' emigrants, gold abroad)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from tests.ui.game_helpers import start_game

ROOT = Path(__file__).resolve().parents[2]
GOLD_ROUTE = ROOT / "scenarios" / "gold_route.yaml"
VEN_PANEL = ["gold_home", "gold_abroad", "frozen", "reserves", "inflation"]
USA_PANEL = ["gdp", "stability"]


def chosen_copy(folder: Path) -> Path:
    """The Gold Route with a panel for Venezuela's role and one for the United States."""
    (folder / "library").mkdir()
    shutil.copy(ROOT / "scenarios" / "library" / "standard.yaml", folder / "library")
    text = GOLD_ROUTE.read_text(encoding="utf-8")
    text = text.replace("  VEN:\n    title: Government of Venezuela\n",
                        "  VEN:\n    title: Government of Venezuela\n"
                        f"    indicators: [{', '.join(VEN_PANEL)}]\n", 1)
    text = text.replace("  - code: USA\n    name: United States\n",
                        "  - code: USA\n    name: United States\n"
                        f"    indicators: [{', '.join(USA_PANEL)}]\n", 1)
    path = folder / "gold_route_panel.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def open_turn(ui: Any, path: Path) -> Any:
    """A one-person game of `path` on its turn screen, panels drawn."""
    from leverage.ui.screens.turn import TurnScreen

    start_game(ui.app, 1, path=path)
    screen = TurnScreen(ui.app)
    screen.worker.futures, screen.worker.turns = 40, 3
    ui.app.reset(screen)
    for _ in range(40):
        ui.tick(1)
        if screen.panel_rows and screen._deferring_since is None:
            break
    return screen


def select(ui: Any, screen: Any, code: str) -> list[str]:
    """Click `code`'s flag on the map; the rows of its panel once drawn."""
    ui.click_at(screen.map.flag_rect(code).center)
    assert screen.selected == code
    for _ in range(20):
        ui.tick(1)
        if screen._deferring_since is None:
            break
    return list(screen.panel_rows)


def test_by_default_rows_that_do_not_apply_are_left_out(ui: Any) -> None:
    """Venezuela sees its emigrants and gold abroad; the United States does not get those rows,
    nor one for dollar reserves (it issues the dollar) or a few dollars of yuan reserves."""
    screen = open_turn(ui, GOLD_ROUTE)
    assert screen.player == "VEN"
    ven = list(screen.panel_rows)
    assert ven[:3] == ["gdp", "growth", "inflation"]
    assert {"emigrants", "gold_abroad", "frozen"} <= set(ven)
    usa = select(ui, screen, "USA")
    assert usa[:3] == ["gdp", "growth", "inflation"]
    assert not {"emigrants", "gold_abroad", "frozen", "reserves_cny", "pay_mir", "reserves_usd",
                "debt"} & set(usa)
    tips = [text.split(" (")[0] for _, text in screen.tips]
    assert "Emigrants" not in tips and "Gold abroad" not in tips


def test_the_scenario_chooses_the_panel(ui: Any, tmp_path: Path) -> None:
    """A role's `indicators` (and a country's) are the panel's rows, in that order, even a row
    that is zero."""
    screen = open_turn(ui, chosen_copy(tmp_path))
    assert screen.panel_rows == VEN_PANEL
    assert select(ui, screen, "USA") == USA_PANEL
    others = select(ui, screen, "TUR")
    assert others[:3] == ["gdp", "growth", "inflation"] and "emigrants" not in others


def test_negligible_values_do_not_make_a_row() -> None:
    """The rule behind the default: only indicators some countries lack, and only while they stay
    below what the panel would show as more than nothing."""
    from leverage.ui.screens.turn import not_for_this_country

    assert not_for_this_country("reserves_cny", [0.0, 0.0001, 0.003])
    assert not not_for_this_country("reserves_cny", [0.0, 0.2])
    assert not_for_this_country("emigrants", [0.0, 0.0])
    assert not not_for_this_country("emigrants", [0.0, 0.05])
    assert not not_for_this_country("gdp", [0.0, 0.0])
