"""`simulate`, `compare`, `sensitivity` and `demo` take a scenario file or an id (shipped or the
user's own); a name that matches neither gives one message listing the ids, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from leverage.cli import main
from leverage.resources import scenario_ids

FLAGS = ["--title", "My Own", "--date", "2018-08-10", "--countries", "USA,TUR", "--turns", "2"]


@pytest.fixture
def user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user data folder holding one scenario of the user's own, with its id."""
    data = tmp_path / "data"
    (data / "scenarios").mkdir(parents=True)
    monkeypatch.setenv("LEVERAGE_DATA_DIR", str(data))
    assert main(["new", str(data / "scenarios" / "mine.yaml"), *FLAGS, "--id", "my_own_one"]) == 0
    return data


def test_the_ids_are_the_shipped_and_the_users(user_dir: Path) -> None:
    """scenario_ids lists the declared ids of both folders (library files have none)."""
    ids = scenario_ids()
    assert {"gold_route", "tutorial", "beyond_dollar", "lavrov_caracas", "my_own_one"} <= set(ids)
    assert "standard" not in ids and ids == sorted(ids)


@pytest.mark.parametrize("name", ["my_own_one", "gold_route"])
def test_simulate_takes_an_id(user_dir: Path, name: str,
                              capsys: pytest.CaptureFixture[str]) -> None:
    """A shipped id and a user's id are both played."""
    capsys.readouterr()
    assert main(["simulate", name, "--games", "4", "--turns", "1", "--no-progress"]) == 0
    assert f"({name})" in capsys.readouterr().out.splitlines()[0]


def test_simulate_takes_a_path(user_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A path outside every scenario folder is played as given."""
    path = user_dir.parent / "elsewhere.yaml"
    assert main(["new", str(path), *FLAGS, "--id", "elsewhere"]) == 0
    capsys.readouterr()
    assert main(["simulate", str(path), "--games", "4", "--turns", "1", "--no-progress"]) == 0
    assert "(elsewhere)" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["simulate", "compare", "sensitivity", "demo"])
@pytest.mark.parametrize(("name", "what"), [
    ("gold_rout", "'gold_rout' is neither a scenario file nor the id of a shipped or user scenario"),
    ("missing/gold_route.yaml", "'missing/gold_route.yaml': no such file"),
])
def test_an_unknown_scenario_lists_the_ids(user_dir: Path, capsys: pytest.CaptureFixture[str],
                                           command: str, name: str, what: str) -> None:
    """Exit 1 with one line naming the command, what was wrong and every id there is."""
    capsys.readouterr()
    assert main([command, name]) == 1
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err
    assert lines[0].startswith(f"leverage {command}: error: {what}; give a path to a .yaml file "
                               "or one of these ids: beyond_dollar, gold_route, ")
    assert "my_own_one" in lines[0] and str(user_dir / "scenarios") in lines[0]
