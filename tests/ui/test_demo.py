"""The demo plays a scenario through every screen type and saves a screenshot of each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from game.ui.demo import choose_card, resolve_scenario, run_demo
from game.ui.perf import PerfRecorder
from game.ui.screens.picker import Card


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
    assert "no playable scenario" in capsys.readouterr().err


def test_perf_recorder_is_fed_by_the_app(app: Any, ui: Any) -> None:
    from game.ui.screens.title import TitleScreen

    app.perf = PerfRecorder()
    app.reset(TitleScreen(app))
    ui.tick(5)
    assert app.perf.startup is not None
    assert len(app.perf.frames["title"]) >= 4
