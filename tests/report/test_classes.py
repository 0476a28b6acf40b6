"""Several classes' games of one scenario side by side: the page and the command."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from leverage.commands.class_report import run_class_report
from leverage.core.actions import Move
from leverage.report.classes import MixedScenariosError, class_report_html
from leverage.session import PlayerConfig, Session
from leverage.storage import save_game

ROOT = Path(__file__).resolve().parents[2]


def class_game(scenario: str, seed: int, reason: str) -> Session:
    """A two-turn game of `scenario`, Venezuela played by a team that gives `reason`."""
    from leverage.scenario import load_scenario

    loaded = load_scenario(str(ROOT / "scenarios" / f"{scenario}.yaml"))
    session = Session.new(loaded, {"VEN": PlayerConfig("human", "normal", "Team A")}, seed=seed,
                          turns=2, ask_reasons=True)
    session.autosave = False
    option = next(o for o in session.options("VEN") if o.legal and o.affordable)
    session.plan("VEN", Move(option.id, "VEN", option.targets[0], reason=reason))
    for _ in range(2):
        session.end_turn()
    return session


def test_two_classes_side_by_side() -> None:
    """Both games' outcomes, each class's reasons in its own column, names not ids."""
    a, b = class_game("gold_route", 1, "first class"), class_game("gold_route", 2, "second class")
    page = class_report_html([a, b], ["Monday", "Tuesday"])
    assert "<th>Monday</th><th>Tuesday</th>" in page
    assert page.index("first class") < page.index("second class")
    assert "Government of Venezuela" in page and "Usable reserves" in page


def test_games_of_different_scenarios_are_refused() -> None:
    """A page compares one scenario's games only."""
    with pytest.raises(MixedScenariosError):
        class_report_html([class_game("gold_route", 1, "x"), class_game("tutorial", 1, "y")])


def test_the_command_writes_the_page(tmp_path: Path) -> None:
    """class-report SAVE SAVE --out FILE writes the page; a damaged save is a message."""
    paths = [save_game(class_game("gold_route", s, f"reason {s}"), f"class {s}", tmp_path)
             for s in (1, 2)]
    out = io.StringIO()
    target = tmp_path / "classes.html"
    assert run_class_report([str(p) for p in paths], str(target), out) == 0
    assert "2 games compared" in out.getvalue() and "reason 2" in target.read_text()
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    out = io.StringIO()
    assert run_class_report([str(paths[0]), str(broken)], None, out) == 1
    assert "broken.json" in out.getvalue()
