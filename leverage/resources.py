"""Where the game's files are: the shipped scenarios and assets, and the user's own scenarios.

The shipped files are package data (`leverage/data/scenarios`, `leverage/data/assets`), found with
`importlib.resources`, so the same calls work from the repository and from an installed wheel.
In the repository those two folders are links to the top-level `scenarios/` and `assets/`; where
links are not available (a checkout with symbolic links off) the top-level folders are used.
The user's own scenarios live in the user data folder (see `leverage.storage.data_dir`).
Standard library only (platformdirs is imported when the user folder is asked for).
"""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

#: The package whose data folder holds the shipped files.
PACKAGE = "leverage"
#: The folder, inside the user data folder, where a player puts scenarios of their own.
USER_SCENARIOS = "scenarios"


class ResourceError(OSError):
    """A shipped folder is missing: the installation is incomplete."""


def shipped_dir(name: str) -> Path:
    """The shipped folder `name` (`scenarios` or `assets`) as a real path on disk."""
    packaged = files(PACKAGE) / "data" / name
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged.resolve()
    checkout = Path(str(files(PACKAGE))).parent / name
    if checkout.is_dir():
        return checkout.resolve()
    raise ResourceError(f"the game's '{name}' folder is missing from {packaged}; "
                        "reinstall Leverage (pip install --force-reinstall leverage)")


def scenarios_dir() -> Path:
    """The folder of the scenarios shipped with the game (libraries in its `library/`)."""
    return shipped_dir("scenarios")


def assets_dir() -> Path:
    """The folder of the shipped fonts, map, flags, sounds and theme."""
    return shipped_dir("assets")


def user_scenarios_dir() -> Path:
    """The folder for the player's own scenarios: `scenarios/` in the user data folder."""
    from leverage.storage import data_dir

    return data_dir() / USER_SCENARIOS


def scenario_folders() -> list[Path]:
    """The folders scenarios are listed from: the shipped ones, then the user's own."""
    return [scenarios_dir(), user_scenarios_dir()]


def find_scenario_file(name: str) -> Path | None:
    """A scenario named by a path, a file name or an id, looked up in every scenario folder."""
    given = Path(name)
    if given.is_file():
        return given
    if given.suffix in (".yaml", ".yml") or len(given.parts) > 1:
        return None
    folders = scenario_folders()
    for folder in folders:
        for candidate in (folder / f"{name}.yaml", folder / f"{name}.yml"):
            if candidate.is_file():
                return candidate
    return next((path for folder in folders for path in _yaml_files(folder)
                 if declared_id(path) == name), None)


def scenario_ids() -> list[str]:
    """The ids of every scenario in the scenario folders (shipped, then the user's), sorted."""
    return sorted({i for folder in scenario_folders() for path in _yaml_files(folder)
                   if (i := declared_id(path)) is not None})


def unknown_scenario_message(name: str) -> str:
    """Why `name` names no scenario: neither a file nor a known id, with the ids there are."""
    from leverage.files import printable

    shown = printable(name if len(name) <= 80 else name[:79] + "…")
    given = Path(name)
    if given.suffix in (".yaml", ".yml") or len(given.parts) > 1:
        what = f"'{shown}': no such file"
    else:
        what = f"'{shown}' is neither a scenario file nor the id of a shipped or user scenario"
    ids = scenario_ids()
    known = ", ".join(ids) if ids else "none found"
    return (f"{what}; give a path to a .yaml file or one of these ids: {known} "
            f"(your own scenarios go in {user_scenarios_dir()})")


def _yaml_files(folder: Path) -> list[Path]:
    """The YAML files directly in `folder` (none when it cannot be read)."""
    from leverage.files import regular_files

    return [*regular_files(folder, "*.yaml"), *regular_files(folder, "*.yml")]


def declared_id(path: Path) -> str | None:
    """The `id:` a scenario file declares on a top-level line (None when there is none)."""
    from leverage.files import read_regular

    try:
        text = read_regular(path, 1 << 20).decode("utf-8", errors="replace")
    except OSError:
        return None
    found = re.search(r"^id:[ \t]*['\"]?([a-z0-9_]+)['\"]?[ \t]*(#.*)?$", text, re.MULTILINE)
    return found.group(1) if found else None
