"""The demo plays a scenario through every screen type and saves a screenshot of each."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from leverage.ui.demo import choose_card, resolve_scenario, run_demo
from leverage.ui.perf import PerfRecorder
from leverage.ui.screens.picker import Card


def test_demo_visits_every_screen_and_saves_screenshots(tmp_path: Path, data_dir: Path,
                                                         scenario_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    shots = tmp_path / "shots"
    assert run_demo(str(scenario_path), 2, str(shots), perf=True) == 0
    names = sorted(p.name for p in shots.glob("*.png"))
    kinds = {n.split("-", 1)[1][:-4] for n in names}
    expected = {"title", "help", "settings", "load", "picker", "setup", "briefing", "turn",
                "relationship", "proposals", "history", "save", "results", "endgame",
                "endgame-charts", "endgame-history", "endgame-discussion"}
    assert expected <= kinds, expected - kinds
    assert names[0] == "01-title.png"
    assert all(p.stat().st_size > 5000 for p in shots.glob("*.png"))
    out = capsys.readouterr().out
    assert "Frame times" in out and "Start-up to the first interactive frame" in out
    assert not (data_dir / "saves").exists() or not list((data_dir / "saves").glob("*.json"))


def test_scenario_choice() -> None:
    cards = [Card(Path("scenarios/a.yaml"), "A"), Card(Path("scenarios/b.yaml"), "B"),
             Card(Path("scenarios/bad.yaml"), "Bad", problems=["x"])]
    assert choose_card(cards, None).title == "A"
    assert choose_card(cards, Path("b")).title == "B"
    with pytest.raises(Exception, match="no playable scenario 'bad'"):
        choose_card(cards, Path("bad"))
    assert resolve_scenario(None) is None
    tutorial = resolve_scenario("tutorial")
    assert tutorial is not None and tutorial.name.startswith("tutorial")


def test_demo_reports_an_unknown_scenario(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_demo("no_such_scenario", 1, None, perf=False) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        "demo: 'no_such_scenario' is neither a scenario file nor the id of a shipped or user "
        "scenario; give a path to a .yaml file or one of these ids: beyond_dollar, gold_route, ")


def test_demo_says_a_file_has_no_playable_role(data_dir: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A scenario without roles: the demo names the file and what to add, and opens no window."""
    path = Path(__file__).resolve().parents[1] / "data" / "bad_scenarios" / "no_roles.yaml"
    assert run_demo(str(path), 1, None, perf=False) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"demo: {path}: scenario 'bad_case' has no playable role")
    assert "add a `roles:` section" in err


def test_demo_lists_the_errors_of_a_broken_file(data_dir: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """A scenario with errors: each error at file:line:col, then what to do."""
    path = Path(__file__).resolve().parents[1] / "data" / "bad_scenarios" / "roles_problems.yaml"
    assert run_demo(str(path), 1, None, perf=False) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith(f"demo: {path}:21:3: error: role for unknown country 'VNZ'")
    assert lines[-1].endswith(f"fix them first (python main.py validate {path})")


def test_demo_plays_a_file_outside_the_scenario_folders(data_dir: Path, tmp_path: Path) -> None:
    """A scenario file elsewhere (an author's draft) is played, not refused."""
    shipped = resolve_scenario("tutorial")
    assert shipped is not None
    draft = tmp_path / "draft.yaml"
    draft.write_bytes(shipped.read_bytes())
    shutil.copytree(shipped.parent / "library", tmp_path / "library")
    assert run_demo(str(draft), 1, None, perf=False) == 0


def test_perf_recorder_is_fed_by_the_app(app: Any, ui: Any) -> None:
    from leverage.ui.screens.title import TitleScreen

    app.perf = PerfRecorder()
    app.reset(TitleScreen(app))
    ui.tick(5)
    assert app.perf.startup is not None
    assert len(app.perf.frames["title"]) >= 4
