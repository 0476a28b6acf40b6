"""Damaged saves are checked (schema, checksums, values) before use: named damaged, opened at most
read-only, never played on; undo never loses a record."""

from __future__ import annotations

import base64
import json
import math
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from leverage.core.actions import IllegalMoveError
from leverage.save_schema import array_checksum
from leverage.session import NothingToUndoError, PlayerConfig, ReadOnlyError, Session
from leverage.storage import (
    DamagedSaveError,
    SaveError,
    clean_temp_files,
    encode_array,
    list_saves,
    load_save,
    read_save,
    save_game,
    write_save,
)

ROOT = Path(__file__).resolve().parents[2]
CASES = json.loads((ROOT / "tests" / "data" / "damaged_saves" / "cases.json").read_text())["cases"]


@pytest.fixture(scope="module")
def scenarios(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shipped scenarios (saves find their scenario here)."""
    folder = tmp_path_factory.mktemp("scenarios")
    shutil.copytree(ROOT / "scenarios", folder, dirs_exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def good(scenarios: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A save of the tutorial after two turns, as parsed JSON."""
    from leverage.scenario import load_scenario

    loaded = load_scenario(str(scenarios / "tutorial.yaml"))
    code = loaded.world.codes[loaded.world.roles[0].country]
    session = Session.new(loaded, {code: PlayerConfig("human", "normal")}, seed=5)
    session.autosave = False
    session.end_turn()
    session.end_turn()
    path = write_save(session, tmp_path_factory.mktemp("good") / "good.json")
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def damaged(data: dict[str, Any], case: dict[str, Any]) -> dict[str, Any]:
    """A copy of the save with the case's damage done."""
    doc = json.loads(json.dumps(data))
    if "set" in case:
        where, value = case["set"]
        if "repeat" in case:
            value = value * case["repeat"]
        holder = doc
        for key in where[:-1]:
            holder = holder[key]
        holder[where[-1]] = value
    elif "flip" in case:
        turn, name = case["flip"]
        array = doc["snapshots"][turn]["arrays"][name]
        raw = bytearray(base64.b64decode(array["b64"]))
        raw[len(raw) // 2] ^= 0x10
        array["b64"] = base64.b64encode(bytes(raw)).decode()
    elif "nan" in case:
        turn, name = case["nan"]
        snapshot = doc["snapshots"][turn]
        values = np.frombuffer(base64.b64decode(snapshot["arrays"][name]["b64"]), "<f8").copy()
        values[0] = math.nan
        snapshot["arrays"][name]["b64"] = base64.b64encode(values.tobytes()).decode()
        snapshot["checksum"] = array_checksum(snapshot["arrays"])
    return doc


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_each_damage_is_named_and_never_played_on(case: dict[str, Any], good: dict[str, Any],
                                                  scenarios: Path, tmp_path: Path) -> None:
    """load_save refuses the save with a message naming the damage; the file stays as it was."""
    path = tmp_path / "saves" / "case.json"
    path.parent.mkdir()
    text = json.dumps(damaged(good, case))
    path.write_text(text)
    with pytest.raises(SaveError) as caught:
        load_save(path, scenarios)
    assert case["phrase"] in str(caught.value)
    assert isinstance(caught.value, DamagedSaveError)
    assert caught.value.viewable == case["viewable"]
    assert path.read_text() == text
    info = list_saves(tmp_path)[0]
    assert info.problem is not None and "damaged" in info.problem
    assert info.viewable == case["viewable"]


@pytest.mark.parametrize("case", [c for c in CASES if c["viewable"]],
                         ids=[c["name"] for c in CASES if c["viewable"]])
def test_a_viewable_damaged_save_opens_read_only(case: dict[str, Any], good: dict[str, Any],
                                                 scenarios: Path, tmp_path: Path) -> None:
    """Read-only: the turns before the damage, no plans, turns, undo, saves or autosaves."""
    path = tmp_path / "case.json"
    path.write_text(json.dumps(damaged(good, case)))
    session = load_save(path, scenarios, read_only=True)
    bad_turn = (case.get("flip") or case.get("nan"))[0]
    assert len(session.states) == bad_turn and len(session.records) == bad_turn - 1
    assert session.read_only is not None and "damaged" in session.read_only
    assert all(np.isfinite(s.ind).all() for s in session.states)
    option = next(o for o in session.options(session.world.codes[0]) if o.targets)
    from leverage.core.actions import Move

    with pytest.raises(ReadOnlyError):
        session.plan(option_country(session), Move(option.id, option_country(session),
                                                   option.targets[0]))
    with pytest.raises(IllegalMoveError):
        session.end_turn()
    with pytest.raises(NothingToUndoError):
        session.undo()
    with pytest.raises(SaveError, match="read-only"):
        save_game(session, "copy", tmp_path)
    assert session.autosave is False


def option_country(session: Session) -> str:
    """The first country (the one whose options the test looks at)."""
    return session.world.codes[0]


def test_undo_with_a_damaged_generator_state_keeps_the_record(scenarios: Path) -> None:
    """A record whose generator state cannot be restored is kept; undo says why."""
    from dataclasses import replace

    from leverage.scenario import load_scenario

    session = Session.new(load_scenario(str(scenarios / "tutorial.yaml")), {}, seed=2)
    session.autosave = False
    session.end_turn()
    session.records[-1] = replace(session.records[-1], rng_state={"bit_generator": "x"})
    with pytest.raises(NothingToUndoError, match="cannot be undone"):
        session.undo()
    assert len(session.records) == 1 and len(session.states) == 2 and len(session.reports) == 1


def test_a_save_with_a_byte_order_mark_loads(good: dict[str, Any], scenarios: Path,
                                             tmp_path: Path) -> None:
    """A UTF-8 BOM (an editor's) is read like the same file without it."""
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(good).encode())
    assert load_save(path, scenarios).turn == 3


def test_an_older_save_gets_checksums_and_is_still_checked(good: dict[str, Any],
                                                           scenarios: Path,
                                                           tmp_path: Path) -> None:
    """A format-1 save (no checksums) loads; one with a NaN in it is still refused."""
    old = json.loads(json.dumps(good))
    old["version"] = 1
    for snapshot in old["snapshots"]:
        del snapshot["checksum"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old))
    assert load_save(path, scenarios).turn == 3
    values = np.frombuffer(base64.b64decode(old["snapshots"][1]["arrays"]["ind"]["b64"]),
                           "<f8").copy()
    values[3] = math.inf
    old["snapshots"][1]["arrays"]["ind"] = encode_array(values.reshape(
        old["snapshots"][1]["arrays"]["ind"]["shape"]))
    path.write_text(json.dumps(old))
    with pytest.raises(DamagedSaveError, match="not a finite number"):
        load_save(path, scenarios)


def test_temp_files_are_never_listed_and_cleaned_at_start(good: dict[str, Any],
                                                          tmp_path: Path) -> None:
    """.tmp-*.json of interrupted saves: not in the list; removed by the start-up clean."""
    folder = tmp_path / "saves"
    folder.mkdir()
    (folder / "game.json").write_text(json.dumps(good))
    for k in range(3):
        (folder / f".tmp-{k}abc.json").write_text(json.dumps(good)[:100])
    assert [s.path.name for s in list_saves(tmp_path)] == ["game.json"]
    assert clean_temp_files(tmp_path, older_than=3600) == 0
    assert clean_temp_files(tmp_path, older_than=0) == 3
    assert sorted(p.name for p in folder.iterdir()) == ["game.json"]
    assert read_save(folder / "game.json")["name"] == good["name"]
