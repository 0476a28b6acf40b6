"""`validate --playtest`: after the checks, a batch of games warns about balance, dominant moves,
moves never played and events never fired, at the line of the role, move or event."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from leverage.cli import main
from leverage.commands.playtest_check import Places, _role_problems
from leverage.core.playtest import PlaytestResult
from leverage.scenario.loader import load_file

FLAGS = ["--title", "Steel", "--date", "2018-08-10", "--countries", "USA,TUR", "--turns", "4"]
RARE_EVENT = """events:
  - id: rare_storm
    title: A storm
    chance: 0.000001
    effects:
      - {relation: 5, of: USA, with: TUR}
"""
UNPLAYABLE_MOVE = """moves:
  - id: desperate_measure
    name: Desperate measure
    by: [USA]
    when: "USA.stability < 1"
    summary: Only when all is lost.
    effects:
      - {relation: 1, of: USA, with: TUR}
"""


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the first line of `path` that contains `text`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    """A scaffolded scenario with a move that is never legal in play, an event that is (almost)
    never drawn and a role that cannot win."""
    path = tmp_path / "steel.yaml"
    assert main(["new", str(path), *FLAGS]) == 0
    text = path.read_text(encoding="utf-8")
    text = text.replace("events:\n", RARE_EVENT).replace("moves:\n", UNPLAYABLE_MOVE)
    text = text.replace("    win: 50\n", "    win: 99\n", 1)   # the first role (USA): out of reach
    path.write_text(text, encoding="utf-8")
    return path


def test_playtest_warns_at_the_lines_of_moves_events_and_roles(
        scenario: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Never played, never fired and win rates outside 20-60% are warnings at their lines."""
    capsys.readouterr()
    assert main(["validate", str(scenario)]) == 0
    assert "0 errors, 0 warnings" in capsys.readouterr().out
    assert main(["validate", str(scenario), "--playtest", "--games", "60", "--ai", "easy"]) == 0
    out = capsys.readouterr().out
    move_line = line_of(scenario, "- id: desperate_measure")
    event_line = line_of(scenario, "- id: rare_storm")
    assert (f"{scenario}:{move_line}:5: warning: move 'desperate_measure' was never played in 60 "
            "playtest games (easy players, seed 0)") in out
    assert f"{scenario}:{event_line}:5: warning: event 'rare_storm' never fired" in out
    assert "move 'usa_state_visit' was never played" not in out
    role_lines = [line for line in out.splitlines() if "warning: role " in line]
    assert any("role USA (Government of United States of America) won 0% in 60 playtest games"
               in line and "too rarely" in line for line in role_lines), out
    for line in role_lines:
        code = line.split("warning: role ")[1][:3]
        rate = int(line.split(" won ")[1].split("%")[0])
        assert not 20 <= rate <= 60
        assert line.startswith(f"{scenario}:{line_of(scenario, f'  {code}:')}:3:")
    assert out.strip().endswith(f"1 file: 0 errors, {len(out.splitlines()) - 1} warnings")


def test_playtest_skips_broken_files_and_libraries(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """A file with errors is not played (and says so); --games without --playtest is refused."""
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\nid: x\n", encoding="utf-8")
    assert main(["validate", str(broken), "--playtest"]) == 1
    assert f"{broken}: not playtested: fix the errors first" in capsys.readouterr().out
    assert main(["validate", str(broken), "--games", "10"]) == 2
    assert "--games and --ai are used with --playtest" in capsys.readouterr().err


def _result(played_in_wins: float, played_in_losses: float, wins: int, games: int = 100
            ) -> PlaytestResult:
    """A result for one role (country 0) with two moves: move 'a' played in the given shares."""
    scores = np.zeros((games, 2, 1))
    scores[:wins, -1, 0] = 80.0
    played = np.zeros((games, 1, 2), dtype=np.int32)
    played[: round(wins * played_in_wins), 0, 0] = 1
    losses = games - wins
    played[wins: wins + round(losses * played_in_losses), 0, 0] = 1
    played[:, 0, 1] = 1                      # 'b': played in every game
    return PlaytestResult(codes=("USA",), move_ids=("a", "b"), role_countries=(0,),
                          role_titles=("T",), role_win=(50.0,), indicators=(), levels=("easy",),
                          seed=0, turns=1, series=None, scores=scores, played=played,
                          final=np.zeros((games, 1, 0)), objectives=np.zeros((games, 0)))


@pytest.mark.parametrize(("in_wins", "in_losses", "wins", "dominant"), [
    (0.9, 0.3, 40, True),      # played in 90% of the wins, 30% of the rest: dominant
    (0.9, 0.85, 40, False),    # played as often in losses: it decides nothing
    (0.7, 0.1, 40, False),     # under 80% of the wins
    (1.0, 0.0, 5, False),      # too few wins to judge
])
def test_dominant_move(tmp_path: Path, in_wins: float, in_losses: float, wins: int,
                       dominant: bool) -> None:
    """A move is dominant when in more than 80% of the wins and clearly more than elsewhere; a
    move every game plays ('b') never is."""
    path = tmp_path / "s.yaml"
    path.write_text("moves:\n  - id: b\n  - id: a\nroles:\n  USA: {}\n", encoding="utf-8")
    places = Places(load_file(str(path)).root, str(path))
    found = [str(p) for p in _role_problems(_result(in_wins, in_losses, wins), places, "in test")]
    moves = [p for p in found if "dominant move" in p]
    assert len(moves) == (1 if dominant else 0), found
    if dominant:
        assert moves[0].startswith(f"{path}:3:5: warning: move 'a' was played in 90% of USA's "
                                   "40 wins but 30% of its other games in test")
