"""Tests of save files: bit-exact round trips, replay, autosaves, migration and damaged files."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from leverage.core.actions import Move
from leverage.save_schema import array_checksum
from leverage.session import PlayerConfig, Session, states_equal
from leverage.storage import (
    AUTOSAVES_KEPT,
    DERIVED_BASELINES,
    SAVE_VERSION,
    ReplayMismatchError,
    SaveError,
    autosave_paths,
    decode_array,
    encode_array,
    list_saves,
    load_save,
    newest_autosave,
    read_save,
    replay,
    save_game,
    save_session,
    saves_dir,
    write_save,
)

MINI = Path(__file__).parent / "report" / "data" / "mini_scenario.yaml"
HUMAN = PlayerConfig("human", "normal", "Team A")
EASY = PlayerConfig("computer", "easy")


@pytest.fixture
def scenarios(tmp_path: Path) -> Path:
    """A scenarios folder holding the mini scenario."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    shutil.copy(MINI, folder / MINI.name)
    return folder


def played(scenarios: Path, turns_played: int = 2, seed: int = 9) -> Session:
    """A game of the mini scenario with a few turns played, a reason and a proposal answer."""
    from leverage.scenario import load_scenario

    loaded = load_scenario(str(scenarios / MINI.name))
    players = {"VEN": HUMAN, "USA": EASY, "RUS": EASY, "TUR": PlayerConfig("human", "easy")}
    session = Session.new(loaded, players, seed=seed, ask_reasons=True,
                          names={"TUR": "Team B"})
    session.autosave = False
    for k in range(turns_played):
        if k == 0:
            session.plan("VEN", Move("refine_gold", "VEN", "TUR", reason="Cash for <food> & \"oil\""))
        for proposal in session.inbox("TUR"):
            session.respond("TUR", proposal, True)
        session.end_turn()
    return session


def assert_same_game(a: Session, b: Session) -> None:
    """Two sessions hold the same history bit for bit."""
    assert len(a.states) == len(b.states)
    for x, y in zip(a.states, b.states, strict=True):
        assert states_equal(x, y) is None
    assert a.log == b.log
    assert a.answers_log == b.answers_log and a.votes_log == b.votes_log
    assert a.rng_state == b.rng_state
    assert a.players == b.players and a.seed == b.seed and a.turns == b.turns


@pytest.mark.parametrize("array", [
    np.array([[1.5, -0.0], [np.nan, np.inf]], dtype=np.float64),
    np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 7,
    np.array([True, False, True]),
    np.array([[-3, 32767]], dtype=np.int16),
    np.zeros((1, 0, 3)),
    np.array([1.0, 2.0], dtype=">f8"),
])
def test_arrays_round_trip_bit_for_bit(array: np.ndarray) -> None:
    """dtype, shape and every byte survive JSON."""
    back = decode_array(json.loads(json.dumps(encode_array(array))))
    assert back.shape == array.shape
    assert back.dtype == array.dtype.newbyteorder("=") or back.dtype == array.dtype
    assert back.astype(array.dtype).tobytes() == array.tobytes()


def test_save_load_continue_is_identical(scenarios: Path, tmp_path: Path) -> None:
    """A loaded save holds the same game, and both continue identically."""
    session = played(scenarios)
    session.plan("VEN", Move("print_money", "VEN", "VEN", reason="Wages"))
    path = write_save(session, tmp_path / "game.json", name="Class game")
    loaded = load_save(path, scenarios)
    loaded.autosave = False
    assert_same_game(session, loaded)
    assert loaded.ask_reasons and loaded.names == {"TUR": "Team B"}
    assert loaded.planned("VEN") == [Move("print_money", "VEN", "VEN", "Wages")]
    assert [m.reason for m in loaded.log if m.country == "VEN"] == ['Cash for <food> & "oil"']
    assert len(loaded.reports) == 2
    assert [r.scores for r in loaded.reports] == [r.scores for r in session.reports]
    session.end_turn()
    loaded.end_turn()
    assert_same_game(session, loaded)


def test_save_file_is_json_with_the_required_parts(scenarios: Path, tmp_path: Path) -> None:
    """Version, scenario id and hash, seed, generator state, players, log, snapshots."""
    session = played(scenarios)
    path = write_save(session, tmp_path / "game.json")
    data = json.loads(path.read_text())
    assert data["version"] == SAVE_VERSION and data["kind"] == "leverage-save"
    assert data["scenario"]["id"] == "mini_test"
    assert data["scenario"]["content_hash"] == session.loaded.content_hash
    assert data["seed"] == 9 and data["rng_state"]["bit_generator"] == "PCG64"
    assert data["players"]["VEN"] == {"kind": "human", "level": "normal", "name": "Team A"}
    assert len(data["log"]) == 2 and len(data["snapshots"]) == 3
    assert data["log"][1]["answers"][0]["accepted"] is True
    assert not list(tmp_path.glob(".tmp-*"))


def test_replay_reproduces_every_snapshot(scenarios: Path, tmp_path: Path) -> None:
    """Replaying a save from scenario and seed gives each saved state bit for bit."""
    session = played(scenarios, turns_played=3)
    path = write_save(session, tmp_path / "game.json")
    states = list(replay(path, scenarios))
    assert len(states) == 4
    for a, b in zip(states, session.states, strict=True):
        assert states_equal(a, b) is None


def test_replay_detects_a_changed_snapshot(scenarios: Path, tmp_path: Path) -> None:
    """A snapshot that does not follow from the log is reported with the turn and array."""
    session = played(scenarios)
    path = write_save(session, tmp_path / "game.json")
    data = json.loads(path.read_text())
    data["snapshots"][2]["arrays"]["relations"] = encode_array(session.states[2].relations + 1)
    path.write_text(json.dumps(data))
    with pytest.raises(ReplayMismatchError, match="after turn 2 the replayed 'relations'"):
        list(replay(path, scenarios))


def test_autosave_keeps_the_newest_five(scenarios: Path, tmp_path: Path) -> None:
    """Seven turns leave five autosaves, the newest being the last turn."""
    session = played(scenarios, turns_played=0)
    session.autosave = True
    for _ in range(6):
        session.end_turn()
    session.undo()
    session.end_turn()
    folder = tmp_path / "data" / "saves"
    paths = autosave_paths(folder)
    assert len(paths) == AUTOSAVES_KEPT
    assert session.last_autosave == paths[-1]
    assert newest_autosave() == paths[-1]
    assert read_save(paths[-1])["turn"] == 7


def test_list_saves_for_the_load_screen(scenarios: Path, tmp_path: Path) -> None:
    """Named saves and autosaves are listed newest first; damaged ones carry their problem."""
    session = played(scenarios)
    session.autosave = True
    session.end_turn()
    named = save_game(session, "Our class game")
    (saves_dir() / "broken.json").write_text('{"kind": "leverage-save", "vers')
    saves = list_saves()
    by_name = {s.path.name: s for s in saves}
    assert named.name == "our-class-game.json"
    info = by_name["our-class-game.json"]
    assert (info.name, info.scenario_title, info.turn, info.date, info.autosave) == (
        "Our class game", "Mini test scenario", 4, "Apr 2019", False)
    assert info.problem is None
    autos = [s for s in saves if s.autosave]
    assert len(autos) == 1 and autos[0].turn == 4
    assert "not valid JSON" in (by_name["broken.json"].problem or "")
    assert saves[0].saved_at >= saves[1].saved_at


def damaged_cases(good: str) -> dict[str, tuple[bytes, str]]:
    """File contents that must each be refused, with a phrase the message must hold."""
    data = json.loads(good)
    missing = dict(data)
    del missing["snapshots"]
    newer = dict(data, version=SAVE_VERSION + 1)
    short_history = dict(data, snapshots=data["snapshots"][:1])
    bad_array = json.loads(good)
    bad_array["snapshots"][0]["arrays"]["ind"]["b64"] = "%%%"
    other_scenario = json.loads(good)
    other_scenario["scenario"]["id"] = "no_such_scenario"
    stranger = json.loads(good)
    stranger["players"]["XXX"] = {"kind": "human", "level": "easy", "name": ""}
    return {
        "stranger": (json.dumps(stranger).encode(), "does not fit its scenario (no country 'XXX'"),
        "truncated": (good[: len(good) // 2].encode(), "not valid JSON"),
        "empty": (b"", "empty"),
        "binary": (bytes(range(256)), "not text"),
        "array": (b"[1, 2, 3]", "not a Leverage save"),
        "other_json": (b'{"name": "a shopping list"}', "not a Leverage save"),
        "missing": (json.dumps(missing).encode(), "missing field 'snapshots'"),
        "newer": (json.dumps(newer).encode(), "newer version of Leverage"),
        "no_version": (json.dumps(dict(data, version="one")).encode(), "no valid format version"),
        "history": (json.dumps(short_history).encode(), "1 snapshots for 2 turns"),
        "bad_array": (json.dumps(bad_array).encode(), "damaged"),
        "scenario": (json.dumps(other_scenario).encode(), "was not found"),
    }


def test_damaged_saves_get_clear_messages_and_stay_untouched(scenarios: Path,
                                                              tmp_path: Path) -> None:
    """Every kind of damage is a SaveError naming the file, and the file is left as it was."""
    session = played(scenarios)
    good = write_save(session, tmp_path / "good.json").read_text()
    for name, (content, phrase) in damaged_cases(good).items():
        path = tmp_path / f"{name}.json"
        path.write_bytes(content)
        with pytest.raises(SaveError) as caught:
            load_save(path, scenarios)
        message = str(caught.value)
        assert phrase in message, (name, message)
        assert str(path) in message and caught.value.hint, name
        assert path.read_bytes() == content, name


def test_a_missing_file_is_a_save_error(tmp_path: Path, scenarios: Path) -> None:
    """No file: a clear message, not an exception from the OS."""
    with pytest.raises(SaveError, match="does not exist"):
        load_save(tmp_path / "nothing.json", scenarios)


def test_a_changed_scenario_is_refused(scenarios: Path, tmp_path: Path) -> None:
    """A save made with another version of the scenario file is refused by its content hash."""
    session = played(scenarios)
    path = write_save(session, tmp_path / "game.json")
    scenario = scenarios / MINI.name
    scenario.write_text(scenario.read_text().replace("capital: 3\n    gold_abroad_at",
                                                     "capital: 4\n    gold_abroad_at"))
    with pytest.raises(SaveError, match="has changed since this game was saved"):
        load_save(path, scenarios)


def test_a_failed_write_is_a_save_error(scenarios: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Saving into a folder that cannot exist says so; a failed write leaves the old save whole
    and no temporary file behind."""
    session = played(scenarios, turns_played=1)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(SaveError, match="could not be saved"):
        write_save(session, blocker / "game.json")
    path = write_save(session, tmp_path / "game.json")
    before = path.read_bytes()
    session.end_turn()

    def full_disk(src: str, dst: str) -> None:
        """A rename that fails as on a full or read-only disk."""
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(SaveError, match="No space left on device"):
        write_save(session, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp")) == []


def to_v0(data: dict[str, Any]) -> dict[str, Any]:
    """Write a current save in the version-0 layout, as an early build of the game did."""
    return {
        "version": 0,
        "name": data["name"],
        "scenario_id": data["scenario"]["id"],
        "scenario_hash": data["scenario"]["content_hash"],
        "scenario_file": data["scenario"]["file"],
        "seed": data["seed"],
        "rng": data["rng_state"],
        "turns": data["game"]["turns"],
        "players": {c: f"{p['kind']}/{p['level']}" for c, p in data["players"].items()},
        "log": [{"turn": r["turn"],
                 "moves": [[m["country"], m["move"], m["target"], m["reason"]] for m in r["moves"]],
                 "answers": [[a["country"], a["proposer"], a["move"], a["accepted"]]
                             for a in r["answers"]]} for r in data["log"]],
        "snapshots": [{"turn": s["turn"], "arrays": {
            k: {"dtype": v["dtype"], "shape": v["shape"],
                "data": decode_array(v).tolist()} for k, v in s["arrays"].items()}}
            for s in data["snapshots"]],
    }


def test_a_version_0_save_is_migrated(scenarios: Path, tmp_path: Path) -> None:
    """A hand-made version-0 file loads into the same game and replays."""
    session = played(scenarios)
    data = json.loads(write_save(session, tmp_path / "v1.json").read_text())
    old = tmp_path / "v0.json"
    old.write_text(json.dumps(to_v0(data)))
    loaded = load_save(old, scenarios)
    for x, y in zip(loaded.states, session.states, strict=True):
        assert states_equal(x, y) is None
    assert [(m.country, m.move_id, m.reason) for m in loaded.log] == [
        (m.country, m.move_id, m.reason) for m in session.log]
    assert [r.step_seed for r in loaded.records] == [r.step_seed for r in session.records]
    assert loaded.rng_state == session.rng_state
    assert loaded.players["VEN"].kind == "human"
    assert len(list(replay(old, scenarios))) == 3


def test_quick_save_is_named_after_scenario_and_date(scenarios: Path) -> None:
    """save_session writes a named (not auto) save the load screen lists."""
    session = played(scenarios, turns_played=1)
    path = save_session(session)
    assert path.name == "mini-test-scenario-oct-2018.json"
    assert [(s.name, s.autosave) for s in list_saves()] == [("Mini test scenario Oct 2018", False)]


def test_replay_in_another_process_with_another_hash_seed(scenarios: Path,
                                                           tmp_path: Path) -> None:
    """A save replays bit for bit in a fresh process whatever PYTHONHASHSEED is."""
    session = played(scenarios, turns_played=3)
    path = write_save(session, tmp_path / "game.json")
    code = ("import sys; from leverage.storage import replay; "
            "print(len(list(replay(sys.argv[1], sys.argv[2]))))")
    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, PYTHONHASHSEED="12345", PYTHONPATH=str(root))
    done = subprocess.run([sys.executable, "-c", code, str(path), str(scenarios)], env=env,
                          capture_output=True, text=True, timeout=60, cwd=root)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "4"


def mutations(data: Any, rng: random.Random, count: int) -> list[tuple[str, Any]]:
    """`count` copies of a save document, each with one value somewhere replaced by junk."""
    paths: list[list[Any]] = []

    def walk(node: Any, path: list[Any], depth: int) -> None:
        """Collect paths to every value down to a few levels."""
        paths.append(path)
        if depth == 0:
            return
        if isinstance(node, dict):
            for key in node:
                walk(node[key], path + [key], depth - 1)
        elif isinstance(node, list):
            for index in range(min(len(node), 2)):
                walk(node[index], path + [index], depth - 1)

    walk(data, [], 6)
    junk: list[Any] = [None, "x", -1, 10**30, 1.5, [], {}, True, [1, 2], {"a": 1}]
    out = []
    for _ in range(count):
        path = rng.choice(paths[1:])
        copy = json.loads(json.dumps(data))
        node = copy
        for key in path[:-1]:
            node = node[key]
        if rng.random() < 0.2 and isinstance(node, dict):
            del node[path[-1]]
        else:
            node[path[-1]] = rng.choice(junk)
        out.append(("/".join(map(str, path)), copy))
    return out


def test_mutated_saves_never_crash(scenarios: Path, tmp_path: Path) -> None:
    """Junk anywhere in a save either loads or gives a SaveError; nothing else escapes."""
    session = played(scenarios)
    data = json.loads(write_save(session, tmp_path / "good.json").read_text())
    path = tmp_path / "mutated.json"
    for where, document in mutations(data, random.Random(1), 120):
        path.write_text(json.dumps(document))
        try:
            load_save(path, scenarios)
        except SaveError as error:
            assert str(path) in str(error), where
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100000 + "]" * 100000)
    with pytest.raises(SaveError):
        load_save(deep, scenarios)


def test_a_save_from_another_model_version_loads_with_a_warning(scenarios: Path,
                                                                 tmp_path: Path) -> None:
    """Snapshots that the current model would not reproduce are kept, with a warning."""
    session = played(scenarios)
    path = write_save(session, tmp_path / "game.json")
    assert load_save(path, scenarios).load_warning is None
    data = json.loads(path.read_text())
    changed = session.states[1].relations.copy()
    changed[0, 0, 1] += 0.5
    data["snapshots"][1]["arrays"]["relations"] = encode_array(changed)
    data["snapshots"][1]["checksum"] = array_checksum(data["snapshots"][1]["arrays"])
    path.write_text(json.dumps(data))
    loaded = load_save(path, scenarios)
    assert loaded.load_warning is not None and "turn 1" in loaded.load_warning
    assert loaded.states[1].relations[0, 0, 1] == changed[0, 0, 1]


def test_a_save_made_before_newer_baselines_were_kept_loads_and_plays_on(
        scenarios: Path, tmp_path: Path) -> None:
    """Snapshots without the arrays a turn can derive again (made by an older version) load, and
    the game goes on."""
    session = played(scenarios)
    path = write_save(session, tmp_path / "game.json")
    data = json.loads(path.read_text())
    for snapshot in data["snapshots"]:
        for name in DERIVED_BASELINES:
            del snapshot["arrays"][name]
        snapshot["checksum"] = array_checksum(snapshot["arrays"])
    path.write_text(json.dumps(data))
    loaded = load_save(path, scenarios)
    loaded.autosave = False
    assert all(getattr(loaded.states[-1], name) is None for name in DERIVED_BASELINES)
    loaded.end_turn()
    assert all(getattr(loaded.states[-1], name) is not None for name in DERIVED_BASELINES)


def test_a_teachers_event_happens_is_saved_and_replays(tmp_path: Path) -> None:
    """An event a teacher makes happen fires at the end of the turn, in the news; the save
    keeps it, replays it bit for bit, and undo puts it back in the plan."""
    from leverage.scenario import load_scenario

    folder = Path(__file__).resolve().parents[1] / "scenarios"
    loaded = load_scenario(str(folder / "gold_route.yaml"))
    session = Session.new(loaded, {"VEN": HUMAN}, seed=3)
    session.autosave = False
    session.end_turn()
    event_id, title, _text = session.event_choices()[-1]
    e = [event.id for event in session.world.events].index(event_id)
    fired_before = int(session.state.fired[0, e])
    session.make_event_happen(event_id)
    assert session.events_made_to_happen() == (event_id,)
    report = session.end_turn()
    assert int(session.state.fired[0, e]) == fired_before + 1
    assert any(item.title == title for item in report.news)
    assert session.events_made_to_happen() == ()
    path = write_save(session, tmp_path / "game.json")
    assert json.loads(path.read_text())["log"][1]["events"] == [event_id]
    states = list(replay(path, folder))
    assert states_equal(states[-1], session.state) is None
    again = load_save(path, folder)
    assert again.load_warning is None
    assert_same_game(session, again)
    session.undo()
    assert session.events_made_to_happen() == (event_id,)
    session.make_event_happen(event_id, on=False)
    assert session.events_made_to_happen() == ()
