"""Where the game's files are: shipped scenarios and assets as package data, the user's folder."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from leverage.commands.simulate import SimulateOptions, run_simulate
from leverage.resources import (
    assets_dir,
    declared_id,
    find_scenario_file,
    scenario_folders,
    scenarios_dir,
    user_scenarios_dir,
)
from leverage.ui.screens.picker import load_catalogs

ROOT = Path(__file__).resolve().parents[1]


def user_copy(name: str, new_id: str, title: str) -> Path:
    """A shipped scenario copied into the user's scenarios folder under another id and title."""
    folder = user_scenarios_dir()
    folder.mkdir(parents=True, exist_ok=True)
    text = (scenarios_dir() / f"{name}.yaml").read_text(encoding="utf-8")
    text = text.replace(f"\nid: {name}\n", f"\nid: {new_id}\n", 1)
    text = text.replace("\ntitle: \"", f"\ntitle: \"{title} - ", 1)  # a quoted title
    path = folder / "my_copy.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_folders_are_package_data_with_the_repository_files() -> None:
    """The package's data folders hold the repository's scenarios and assets."""
    assert scenarios_dir() == (ROOT / "scenarios").resolve()
    assert assets_dir() == (ROOT / "assets").resolve()
    assert (scenarios_dir() / "library" / "standard.yaml").is_file()
    assert (assets_dir() / "theme" / "theme.json").is_file()


def test_the_user_folder_is_in_the_user_data_folder(tmp_path: Path) -> None:
    """`scenarios/` in the user data folder ($LEVERAGE_DATA_DIR in tests), after the shipped one."""
    assert user_scenarios_dir() == Path(os.environ["LEVERAGE_DATA_DIR"]) / "scenarios"
    assert scenario_folders() == [scenarios_dir(), user_scenarios_dir()]


def test_a_scenario_is_found_by_path_file_name_or_id() -> None:
    """A path, a shipped file's stem, a user file's declared id; None for an unknown name."""
    mine = user_copy("tutorial", "my_tutorial", "Mine")
    assert find_scenario_file(str(mine)) == mine
    assert find_scenario_file("gold_route") == scenarios_dir() / "gold_route.yaml"
    assert find_scenario_file("my_tutorial") == mine
    assert declared_id(mine) == "my_tutorial"
    assert find_scenario_file("no_such_scenario") is None
    assert find_scenario_file("missing/gold_route.yaml") is None


def test_the_picker_lists_user_scenarios_beside_the_shipped_ones() -> None:
    """A scenario in the user's folder gets a playable card among the shipped ones; its
    `uses: [standard]` finds the shipped library."""
    user_copy("tutorial", "my_tutorial", "Mine")
    cards = load_catalogs(scenarios_dir(), None)
    shipped = {p.name for p in scenarios_dir().glob("*.yaml")}
    assert {Path(c.path).name for c in cards} == shipped | {"my_copy.yaml"}
    mine = next(c for c in cards if Path(c.path).name == "my_copy.yaml")
    assert mine.ok, mine.problems
    assert mine.title.startswith("Mine - ")


def test_simulate_takes_an_id() -> None:
    """`simulate tutorial` plays the shipped tutorial; an unknown id says no such file."""
    out, err = io.StringIO(), io.StringIO()
    assert run_simulate(SimulateOptions("tutorial", games=2, progress=False), out, err) == 0
    assert "(tutorial)" in out.getvalue().splitlines()[0]
    assert run_simulate(SimulateOptions("nope", games=2, progress=False), out, err) == 1
    assert "nope:1:1: error: no such file" in err.getvalue()


@pytest.mark.parametrize("name", ["scenarios", "assets"])
def test_package_links_point_at_the_repository_folders(name: str) -> None:
    """leverage/data/NAME is a relative link to the top-level folder (what the wheel ships)."""
    link = ROOT / "leverage" / "data" / name
    assert link.is_symlink() and os.readlink(link) == f"../../{name}"


def test_a_game_of_a_user_scenario_saves_and_loads_back() -> None:
    """A save made from a scenario in the user's folder finds it there when loaded or replayed."""
    from leverage.scenario import load_scenario
    from leverage.session import PlayerConfig, Session
    from leverage.storage import load_save, replay, save_game

    mine = user_copy("tutorial", "my_tutorial", "Mine")
    loaded = load_scenario(str(mine))
    players = {code: PlayerConfig("computer", "easy") for code in loaded.world.codes}
    session = Session.new(loaded, players, seed=3)
    session.autosave = False
    session.end_turn()
    path = save_game(session, "mine")
    again = load_save(path)
    assert again.loaded.world.scenario_id == "my_tutorial"
    assert Path(again.loaded.path) == mine
    assert len(list(replay(path))) == len(session.states)


def test_compare_takes_an_id(capsys: pytest.CaptureFixture[str]) -> None:
    """`compare tutorial` reads the shipped file; an unknown name is reported with the ids."""
    from leverage.cli import main

    main(["compare", "tutorial"])
    captured = capsys.readouterr()
    assert f"{scenarios_dir() / 'tutorial.yaml'}: " in captured.out + captured.err
    assert main(["compare", "nope"]) == 1
    captured = capsys.readouterr()
    assert "'nope' is neither a scenario file nor the id" in captured.err
    assert "ids: beyond_dollar, gold_route" in captured.err
