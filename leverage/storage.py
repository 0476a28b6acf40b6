"""Save files: JSON only, written atomically, autosaved every turn, migrated, checked, replayed.

A save holds the format version, the scenario's id and content hash, the seed and the generator
state, the players and the game's settings, the full move log (with reasons, answers to proposals
and votes) and a snapshot of every state (arrays as base64 of their raw little-endian bytes with
dtype and shape, so they come back bit for bit).
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from leverage.core.actions import LeverageError
from leverage.core.state import State
from leverage.core.vocab import INDICATORS
from leverage.files import MAX_NAME_CHARS, clip, printable, read_regular, regular_files
from leverage.save_schema import array_checksum, check_document

if TYPE_CHECKING:
    from leverage.scenario import LoadedScenario
    from leverage.session import Session, TurnRecord

#: The save format this version of the game writes (2: each snapshot has a checksum).
SAVE_VERSION = 2
#: State arrays a turn derives when a state lacks them (saves made before they were kept).
DERIVED_BASELINES: frozenset[str] = frozenset({"pay_base", "oil_loans", "oil_loan_kbd"})
#: Marks a file as a Leverage save.
SAVE_KIND = "leverage-save"
#: How many autosaves are kept (the newest ones).
AUTOSAVES_KEPT = 5
#: The errors that a damaged save raises while it is decoded.
DAMAGE: tuple[type[Exception], ...] = (
    KeyError, TypeError, ValueError, IndexError, AttributeError, ArithmeticError,
)
#: Refuse to read save files larger than this (bytes).
MAX_SAVE_BYTES = 64 * 1024 * 1024
AUTOSAVE_PREFIX = "autosave-"
#: Temporary files of saves being written start with this; they are never listed.
TEMP_PREFIX = ".tmp-"
#: At start, temp files older than this (seconds) are left over from a crash and deleted.
TEMP_MAX_AGE = 60.0
DATA_DIR_ENV = "LEVERAGE_DATA_DIR"


class SaveError(LeverageError):
    """A save that cannot be written or read: which file, what is wrong, what to do."""

    def __init__(self, path: Path | str, problem: str, hint: str) -> None:
        """Keep the parts so screens can lay them out; str() gives one clear sentence."""
        self.path = Path(path)
        self.problem = problem
        self.hint = hint
        super().__init__(printable(f"{self.path}: {problem}. {hint}"))


class ReplayMismatchError(SaveError):
    """Replaying a save did not give the state it recorded."""


class DamagedSaveError(SaveError):
    """A save whose content is damaged; `viewable` when its good turns can be shown read-only."""

    def __init__(self, path: Path | str, problem: str, hint: str, viewable: bool = False) -> None:
        """Keep whether the save can still be looked at."""
        super().__init__(path, problem, hint)
        self.viewable = viewable


@dataclass(frozen=True)
class SaveInfo:
    """One save as the load screen lists it."""

    path: Path
    name: str
    scenario_id: str
    scenario_title: str
    turn: int
    date: str
    saved_at: str                  # ISO 8601, UTC
    autosave: bool
    problem: str | None = None     # set when the file cannot be loaded
    viewable: bool = False         # a damaged save whose good turns can be shown read-only

    @property
    def saved_label(self) -> str:
        """When it was saved, in local time, e.g. '2026-11-24 14:05'."""
        try:
            stamp = _dt.datetime.fromisoformat(self.saved_at)
        except ValueError:
            return self.saved_at
        return stamp.astimezone().strftime("%Y-%m-%d %H:%M")


# ---------------------------------------------------------------- folders
def data_dir(override: Path | str | None = None) -> Path:
    """The user data folder: `override`, else $LEVERAGE_DATA_DIR, else the platform's folder."""
    if override is not None:
        return Path(override)
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("leverage"))


def saves_dir(override: Path | str | None = None) -> Path:
    """The folder that holds saves and autosaves."""
    return data_dir(override) / "saves"


def default_scenarios_dir() -> Path:
    """The scenarios shipped with the game (package data, see leverage.resources)."""
    from leverage.resources import scenarios_dir

    return scenarios_dir()


# ---------------------------------------------------------------- writing
def atomic_write_text(path: Path, text: str) -> None:
    """Write `text` to `path` atomically: temp file in the same folder, fsync, os.replace."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    """Flush the folder entry so the rename survives a power cut (where the OS allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def encode_array(array: np.ndarray) -> dict[str, Any]:
    """An array as JSON: dtype, shape and base64 of its raw little-endian bytes."""
    data = np.ascontiguousarray(array)
    dtype = data.dtype.newbyteorder("<") if data.dtype.byteorder == ">" else data.dtype
    data = data.astype(dtype, copy=False)
    return {"dtype": dtype.str, "shape": list(data.shape),
            "b64": base64.b64encode(data.tobytes()).decode("ascii")}


def decode_array(data: Mapping[str, Any]) -> np.ndarray:
    """An array back from `encode_array`'s form, or from nested lists with a dtype."""
    dtype = np.dtype(str(data["dtype"]))
    if dtype.hasobject or dtype.kind not in "biuf":
        raise ValueError(f"array type {dtype.str!r} is not one the game saves")
    shape = tuple(int(x) for x in data["shape"])
    if "b64" in data:
        raw = base64.b64decode(str(data["b64"]), validate=True)
        return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
    return np.asarray(data["list"], dtype=dtype).reshape(shape)


def encode_state(state: State) -> dict[str, Any]:
    """A state as JSON, with the checksum of its arrays."""
    arrays = {name: encode_array(value) for name, value in state.arrays().items()}
    return {"turn": state.turn, "arrays": arrays, "checksum": array_checksum(arrays)}


def decode_state(data: Mapping[str, Any]) -> State:
    """A state back from `encode_state`'s form."""
    arrays = {str(name): decode_array(value) for name, value in data["arrays"].items()}
    return State(turn=int(data["turn"]), **arrays)


def _record_to_json(record: TurnRecord) -> dict[str, Any]:
    """One turn's decisions as JSON."""
    return {
        "turn": record.turn,
        "rng_state": record.rng_state,
        "ai_seed": record.ai_seed,
        "step_seed": record.step_seed,
        "moves": [{"country": m.country, "move": m.move_id, "name": m.move_name,
                   "target": m.target, "reason": m.reason, "public": m.public,
                   "computer": m.computer} for m in record.moves],
        "answers": [{"country": a.country, "proposer": a.proposer, "move": a.move_id,
                     "accepted": a.accepted, "computer": a.computer} for a in record.answers],
        "votes": [{"country": v.country, "applicant": v.applicant, "bloc": v.bloc, "yes": v.yes,
                   "computer": v.computer} for v in record.votes],
        "events": list(record.events),
    }


def _record_from_json(data: Mapping[str, Any]) -> TurnRecord:
    """One turn's decisions back from JSON."""
    from leverage.session import LoggedAnswer, LoggedMove, LoggedVote, TurnRecord

    turn = int(data["turn"])
    moves = tuple(LoggedMove(turn, str(m["country"]), str(m["move"]), str(m.get("name", m["move"])),
                             str(m["target"]), str(m.get("reason", "")), bool(m.get("public", True)),
                             bool(m.get("computer", False))) for m in data["moves"])
    answers = tuple(LoggedAnswer(turn, str(a["country"]), str(a["proposer"]), str(a["move"]),
                                 bool(a["accepted"]), bool(a.get("computer", False)))
                    for a in data.get("answers", []))
    votes = tuple(LoggedVote(turn, str(v["country"]), str(v["applicant"]), str(v["bloc"]),
                             bool(v["yes"]), bool(v.get("computer", False)))
                  for v in data.get("votes", []))
    events = tuple(str(e) for e in data.get("events", []))
    return TurnRecord(turn, dict(data["rng_state"]), int(data["ai_seed"]), int(data["step_seed"]),
                      moves, answers, votes, events)


def session_to_json(session: Session, name: str = "", autosave: bool = False,
                    snapshots: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The whole session as a JSON-able save document (`snapshots`: its states already
    encoded with `encode_state`, e.g. kept from an earlier save of the same game)."""
    world = session.world
    return {
        "kind": SAVE_KIND,
        "version": SAVE_VERSION,
        "name": clip(name or f"{world.title}, {session.date}", MAX_NAME_CHARS),
        "autosave": autosave,
        "saved_at": _dt.datetime.now(_dt.UTC).isoformat(timespec="microseconds"),
        "scenario": {"id": world.scenario_id, "title": world.title,
                     "content_hash": session.loaded.content_hash,
                     "file": Path(session.loaded.path).name},
        "turn": session.turn,
        "date": session.date,
        "seed": session.seed,
        "rng_state": session.rng_state,
        "players": {code: {"kind": p.kind, "level": p.level, "name": p.name}
                    for code, p in session.players.items()},
        "game": {"turns": session.turns, "ask_reasons": session.ask_reasons,
                 "names": dict(session.names)},
        "log": [_record_to_json(r) for r in session.records],
        "in_progress": session.plan_snapshot(),
        "snapshots": snapshots if snapshots is not None else
        [encode_state(s) for s in session.states],
    }


def write_save(session: Session, path: Path | str, name: str = "",
               autosave: bool = False) -> Path:
    """Save `session` to `path` atomically; a failure is a SaveError."""
    target = Path(path)
    if session.read_only is not None:
        raise SaveError(target, "a game opened read-only cannot be saved",
                        "Load another save, e.g. an earlier autosave, to play on")
    text = json.dumps(session_to_json(session, name, autosave), separators=(",", ":"))
    try:
        atomic_write_text(target, text)
    except OSError as error:
        raise SaveError(target, f"the game could not be saved ({error.strerror or error})",
                        "Check that the folder exists, is writable and the disk is not full") from None
    return target


def slug(text: str) -> str:
    """A file-name-safe version of `text`."""
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-").lower()
    return cleaned[:60] or "save"


def save_game(session: Session, name: str, folder: Path | str | None = None) -> Path:
    """Save under a name chosen by the player, in the saves folder (replacing a same-named save)."""
    if len(name) > MAX_NAME_CHARS:
        raise SaveError(saves_dir(folder), f"the name is {len(name)} characters long",
                        f"Choose a name of at most {MAX_NAME_CHARS} characters")
    target = saves_dir(folder) / f"{slug(name)}.json"
    if target.name.startswith(AUTOSAVE_PREFIX):
        target = target.with_name("save-" + target.name)
    return write_save(session, target, name=name)


def save_session(session: Session, name: str | None = None,
                 folder: Path | str | None = None) -> Path:
    """Quick save: a named save called after the scenario and the date (e.g. from a key press)."""
    return save_game(session, name or clip(f"{session.world.title} {session.date}", MAX_NAME_CHARS),
                     folder)


def autosave(session: Session, folder: Path | str | None = None,
             keep: int = AUTOSAVES_KEPT) -> Path:
    """Write an autosave of `session` and delete all but the newest `keep` autosaves."""
    directory = saves_dir(folder)
    target = new_autosave_path(session, directory)
    write_save(session, target, autosave=True)
    prune_autosaves(directory, keep)
    return target


def new_autosave_path(session: Session, directory: Path) -> Path:
    """A fresh autosave file name in `directory`: time stamp, scenario and turn."""
    stamp = _dt.datetime.now(_dt.UTC).strftime("%Y%m%d-%H%M%S-%f")
    tail = f"{slug(session.world.scenario_id)}-t{session.state.turn:02d}"
    count = 0
    target = directory / f"{AUTOSAVE_PREFIX}{stamp}{count:02d}-{tail}.json"
    while target.exists():  # two autosaves in one microsecond: keep both, in order
        count += 1
        target = directory / f"{AUTOSAVE_PREFIX}{stamp}{count:02d}-{tail}.json"
    return target


def autosave_paths(directory: Path) -> list[Path]:
    """Autosave files in `directory`, oldest first."""
    return list(regular_files(directory, f"{AUTOSAVE_PREFIX}*.json"))


def prune_autosaves(directory: Path, keep: int = AUTOSAVES_KEPT) -> None:
    """Delete all but the newest `keep` autosaves."""
    paths = autosave_paths(directory)
    for old in paths[: max(0, len(paths) - keep)]:
        try:
            old.unlink()
        except OSError:
            pass


# ---------------------------------------------------------------- reading
def _v0_to_v1(data: dict[str, Any]) -> dict[str, Any]:
    """Version 0 kept the scenario as flat fields, players as 'kind/level' strings, arrays as
    nested lists, moves as [country, move, target, reason] rows and no generator states (they
    follow from the seed, which is drawn from twice per turn)."""
    from leverage.session import draw_turn_seeds, new_rng

    players: dict[str, dict[str, str]] = {}
    for code, text in data["players"].items():
        kind, _, level = str(text).partition("/")
        players[code] = {"kind": kind, "level": level or "normal", "name": ""}
    snapshots = [{"turn": s["turn"],
                  "arrays": {k: {"dtype": v["dtype"], "shape": v["shape"], "list": v["data"]}
                             for k, v in s["arrays"].items()}} for s in data["snapshots"]]
    rng = new_rng(int(data["seed"]))
    log = []
    for entry in data["log"]:
        state = rng.bit_generator.state
        ai_seed, step_seed = draw_turn_seeds(rng)
        log.append({
            "turn": int(entry["turn"]), "rng_state": state, "ai_seed": ai_seed,
            "step_seed": step_seed,
            "moves": [{"country": c, "move": m, "target": t, "reason": r,
                       "computer": players.get(c, {}).get("kind") != "human"}
                      for c, m, t, r in entry["moves"]],
            "answers": [{"country": c, "proposer": p, "move": m, "accepted": a,
                         "computer": players.get(c, {}).get("kind") != "human"}
                        for c, p, m, a in entry.get("answers", [])],
            "votes": [],
        })
    return {
        "kind": SAVE_KIND,
        "version": 1,
        "name": str(data.get("name", "")),
        "autosave": False,
        "saved_at": str(data.get("saved_at", "")),
        "scenario": {"id": data["scenario_id"], "title": data.get("scenario_title", ""),
                     "content_hash": data["scenario_hash"], "file": data.get("scenario_file", "")},
        "turn": int(snapshots[-1]["turn"]) + 1,
        "date": str(data.get("date", "")),
        "seed": int(data["seed"]),
        "rng_state": rng.bit_generator.state,
        "players": players,
        "game": {"turns": int(data["turns"]), "ask_reasons": False, "names": {}},
        "log": log,
        "in_progress": {},
        "snapshots": snapshots,
    }


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 had no checksums: each snapshot gets the checksum of its arrays as they are
    (their types, shapes and values are still checked when the save is loaded)."""
    snapshots = [dict(s, checksum=array_checksum(s["arrays"])) for s in data["snapshots"]]
    return dict(data, version=2, snapshots=snapshots)


#: MIGRATIONS[v] turns a version-v document into a version v+1 document.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _v0_to_v1, 1: _v1_to_v2}


def migrate(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """Bring an older save up to SAVE_VERSION; refuse a newer one."""
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise SaveError(path, "the file has no valid format version",
                        "It is probably not a Leverage save; choose another file")
    if version > SAVE_VERSION:
        raise SaveError(path, f"this save was made by a newer version of Leverage (format "
                              f"{version}; this game reads up to {SAVE_VERSION})",
                        "Update Leverage to load it; the file has been left as it is")
    while version < SAVE_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise SaveError(path, f"save format {version} can no longer be read",
                            "Start a new game; the file has been left as it is")
        try:
            data = step(data)
        except DAMAGE as error:
            raise SaveError(path, f"the format-{version} save is incomplete ({_what(error)})",
                            "The file may be damaged; it has been left as it is") from None
        version = int(data["version"])
    return data


def _read_bytes(source: Path) -> bytes:
    """A save file's bytes (a regular file of at most MAX_SAVE_BYTES; SaveError otherwise)."""
    try:
        raw = read_regular(source, MAX_SAVE_BYTES)
    except FileNotFoundError:
        raise SaveError(source, "the file does not exist",
                        "It may have been moved or deleted; choose another save") from None
    except IsADirectoryError:
        raise SaveError(source, "this is a folder, not a save file",
                        "Choose a .json file from the saves folder") from None
    except OSError as error:
        raise SaveError(source, f"the file cannot be read ({error.strerror or error})",
                        "Choose a save file kept on disk and check its permissions") from None
    if len(raw) > MAX_SAVE_BYTES:
        raise SaveError(source, f"the file is too large to be a save (over {MAX_SAVE_BYTES} "
                                "bytes)", "Choose another file")
    return raw


def read_save(path: Path | str) -> dict[str, Any]:
    """Read, migrate and check a save file against the schema (SaveError when it cannot)."""
    source = Path(path)
    data = migrate(_parse(source, _read_bytes(source)), source)
    try:
        check_document(data)
    except ValueError as error:
        raise DamagedSaveError(source, f"the save is damaged ({error})",
                               "Load another save, e.g. an earlier autosave; the file was left "
                               "as it is") from None
    return data


def _parse(source: Path, raw: bytes) -> dict[str, Any]:
    """The JSON object of a save file (a UTF-8 byte-order mark is allowed)."""
    if not raw.strip():
        raise SaveError(source, "the file is empty", "It is damaged; load another save")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise SaveError(source, "the file is not text (not a JSON save)",
                        "It is damaged or not a Leverage save; load another save") from None
    except json.JSONDecodeError as error:
        raise SaveError(source, f"the file is not valid JSON (line {error.lineno}, column "
                                f"{error.colno}: {error.msg}); it may have been cut short",
                        "Load another save, e.g. an earlier autosave; the file was left as it is"
                        ) from None
    except (ValueError, RecursionError) as error:
        raise SaveError(source, f"the file cannot be read as a save ({type(error).__name__})",
                        "It is damaged or not a Leverage save; load another save") from None
    if not isinstance(data, dict) or data.get("kind") not in (SAVE_KIND, None):
        raise SaveError(source, "the file is JSON but not a Leverage save",
                        "Choose a file from the saves folder")
    if data.get("kind") is None and "scenario_id" not in data:
        raise SaveError(source, "the file is JSON but not a Leverage save",
                        "Choose a file from the saves folder")
    return data


def first_damaged_snapshot(data: Mapping[str, Any]) -> tuple[int, str] | None:
    """(index, problem) of the first snapshot whose arrays fail their checksum or hold a value
    that is not a finite number, else None."""
    for k, snapshot in enumerate(data["snapshots"]):
        if array_checksum(snapshot["arrays"]) != snapshot["checksum"]:
            return k, f"the arrays of turn {snapshot['turn']} do not match their checksum"
        for name, array in snapshot["arrays"].items():
            if not str(array["dtype"]).endswith("f8"):
                continue  # whole numbers and booleans are always finite
            try:
                value = decode_array(array)
            except DAMAGE as error:
                return k, f"'{name}' of turn {snapshot['turn']} cannot be decoded ({_what(error)})"
            if value.dtype.kind == "f" and not bool(np.isfinite(value).all()):
                return k, (f"the state after turn {snapshot['turn']}: '{name}' holds a value "
                           "that is not a finite number")
    return None


def check_state(state: State, start: State, first: bool) -> str | None:
    """Why a decoded snapshot cannot be a state of this scenario (None when it can): every
    array as in the starting state (type, shape), finite, indicators within their ranges."""
    reference = start.arrays()
    arrays = state.arrays()
    # a baseline a save made by an older version lacks is derived again by the next turn
    unknown = set(arrays) ^ (set(reference) - (DERIVED_BASELINES - set(arrays)))
    if unknown:
        return f"its arrays differ from the scenario's ({', '.join(sorted(unknown)[:3])})"
    for name, value in arrays.items():
        model = reference[name]
        if value.dtype != model.dtype or value.ndim != model.ndim:
            return f"'{name}' has type {value.dtype.str} and {value.ndim} axes"
        fixed = [k for k in range(value.ndim) if not (name == "scheduled" and k == 1)]
        if any(value.shape[k] != model.shape[k] for k in fixed):
            return f"'{name}' has shape {list(value.shape)}, not {list(model.shape)}"
        if value.dtype.kind == "f" and not bool(np.isfinite(value).all()):
            return f"'{name}' holds a value that is not a finite number"
    if not first:
        return _indicator_problem(state)
    return None


def _indicator_problem(state: State) -> str | None:
    """The first stored indicator outside its range, in words (None when all are in range)."""
    stored = [i for i in INDICATORS if i.stored]
    for k, indicator in enumerate(stored):
        column = state.ind[..., k]
        slack = 1e-6 * max(1.0, abs(indicator.low), abs(indicator.high))
        if bool((column < indicator.low - slack).any() or (column > indicator.high + slack).any()):
            return (f"indicator '{indicator.name}' is outside its range "
                    f"{indicator.low:g}..{indicator.high:g}")
    return None


def _what(error: BaseException) -> str:
    """A short phrase for a parsing error."""
    if isinstance(error, KeyError):
        return f"missing field {error.args[0]!r}"
    return str(error) or type(error).__name__


def find_scenario(data: Mapping[str, Any], scenarios_dir: Path, path: Path) -> LoadedScenario:
    """Load the scenario a save was made with, checking its id and content hash."""
    from leverage.scenario import ScenarioError, load_scenario

    info = data["scenario"]
    wanted_id, wanted_hash = str(info["id"]), str(info["content_hash"])
    files = list(regular_files(scenarios_dir, "*.yaml")) + list(regular_files(scenarios_dir,
                                                                               "*.yml"))
    named = scenarios_dir / Path(str(info.get("file") or "")).name
    if named in files:
        files.remove(named)
        files.insert(0, named)
    by_bytes = [f for f in files if _sha256(f) == wanted_hash]
    changed = False
    for candidate in by_bytes + [f for f in files if f not in by_bytes]:
        try:
            loaded = load_scenario(str(candidate))
        except ScenarioError:
            continue
        if loaded.world.scenario_id != wanted_id:
            continue
        if loaded.content_hash == wanted_hash:
            return loaded
        changed = True
    if changed:
        raise SaveError(path, f"the scenario '{wanted_id}' has changed since this game was saved "
                              "(its content hash differs)",
                        "Restore the scenario file the game was played with, or start a new game")
    raise SaveError(path, f"the scenario '{wanted_id}' was not found in {scenarios_dir}",
                    "Put the scenario file back in the scenarios folder")


def _scenario_folders(given: Path | str | None) -> list[Path]:
    """The folder given, else the shipped scenarios and the user's own (leverage.resources)."""
    if given is not None:
        return [Path(given)]
    from leverage.resources import scenario_folders

    return scenario_folders()


def find_scenario_in(data: Mapping[str, Any], folders: list[Path], path: Path) -> LoadedScenario:
    """`find_scenario` in each folder in turn: the first that holds the save's scenario; when
    none does, the first folder's answer (a changed scenario is said before a missing one)."""
    errors: list[SaveError] = []
    for folder in folders:
        try:
            return find_scenario(data, folder, path)
        except SaveError as error:
            errors.append(error)
    changed = [e for e in errors if "has changed" in e.problem]
    raise (changed or errors)[0]


def _sha256(path: Path) -> str:
    """sha256 of a file's bytes, '' when it cannot be read."""
    from leverage.scenario.loader import MAX_BYTES

    try:
        return hashlib.sha256(read_regular(path, MAX_BYTES)).hexdigest()
    except OSError:
        return ""


def load_save(path: Path | str, scenarios_dir: Path | str | None = None,
              read_only: bool = False) -> Session:
    """Load a save into a Session (SaveError with a clear message when it cannot).

    A save whose arrays are damaged raises DamagedSaveError; with `read_only` it opens instead
    as a read-only session holding the turns before the damage, which cannot be played on.
    """
    from leverage.session import PlayerConfig, Session

    source = Path(path)
    data = read_save(source)
    try:
        loaded = find_scenario_in(data, _scenario_folders(scenarios_dir), source)
        players = {str(c): PlayerConfig(str(p["kind"]), str(p["level"]), str(p.get("name", "")))
                   for c, p in data["players"].items()}
        game = data["game"]
        session = Session.new(loaded, players, seed=int(data["seed"]), turns=int(game["turns"]),
                              ask_reasons=bool(game.get("ask_reasons", False)),
                              names={str(k): str(v) for k, v in game.get("names", {}).items()})
        records = [_record_from_json(r) for r in data["log"]]
        if len(data["snapshots"]) != len(records) + 1:
            raise SaveError(source, f"the save holds {len(data['snapshots'])} snapshots for "
                                    f"{len(records)} turns", "The file is damaged; load another save")
        good, damage = _good_states(data, loaded.state)
        if damage is not None and not read_only:
            raise DamagedSaveError(source, f"the save is damaged ({damage})",
                                   "It can be opened read-only to look at the turns before "
                                   "the damage, not played on; the file was left as it is",
                                   viewable=True)
        states = good if damage is None else (good or [loaded.state])
        records = records[: len(states) - 1]
        _check_history(states, records, source)
        session.restore(states, records, data["rng_state"])
        if damage is None:
            session.restore_plan(data.get("in_progress") or {})
        else:
            session.make_read_only(f"This save is damaged ({damage}): the turns before the "
                                   "damage are shown read-only and cannot be played on.")
    except SaveError:
        raise
    except LeverageError as error:
        raise SaveError(source, f"the save does not fit its scenario ({error})",
                        "The file may be damaged; load another save") from None
    except DAMAGE as error:
        raise SaveError(source, f"the save is damaged ({_what(error)})",
                        "Load another save, e.g. an earlier autosave; the file was left as it is"
                        ) from None
    except Exception as error:  # untrusted input: whatever breaks, the player gets a message
        raise SaveError(source, f"the save could not be loaded ({type(error).__name__}: "
                                f"{error})",
                        "Load another save, e.g. an earlier autosave; the file was left as it is"
                        ) from None
    return session


def _good_states(data: Mapping[str, Any], start: State) -> tuple[list[State], str | None]:
    """The snapshots before the first damaged one, and what is wrong with it (None if none)."""
    limit = len(data["snapshots"])
    damage: str | None = None
    first_bad = first_damaged_snapshot(data)
    if first_bad is not None:
        limit, damage = first_bad
    states: list[State] = []
    for k, snapshot in enumerate(data["snapshots"][:limit]):
        try:
            state = decode_state(snapshot)
        except DAMAGE as error:
            return states, f"turn {k} cannot be decoded ({_what(error)})"
        problem = "its turn number is out of order" if state.turn != k else None
        problem = problem or check_state(state, start, first=k == 0)
        if problem is not None:
            return states, f"the state after turn {k}: {problem}"
        states.append(state)
    return states, damage


def _check_history(states: list[State], records: list[TurnRecord], path: Path) -> None:
    """The snapshots and the log must cover the same turns."""
    if len(states) != len(records) + 1 or any(s.turn != k for k, s in enumerate(states)):
        raise SaveError(path, f"the save holds {len(states)} snapshots for {len(records)} turns",
                        "The file is damaged; load another save")


def replay(save_path: Path | str, scenarios_dir: Path | str | None = None) -> Iterator[State]:
    """Re-run a save's log from its scenario and seed, yielding each state after checking it
    equals the saved snapshot bit for bit (ReplayMismatchError when one does not)."""
    from leverage.session import build_actions, draw_turn_seeds, new_rng, run_step

    source = Path(save_path)
    data = read_save(source)
    try:
        loaded = find_scenario_in(data, _scenario_folders(scenarios_dir), source)
        snapshots = [decode_state(s) for s in data["snapshots"]]
        records = [_record_from_json(r) for r in data["log"]]
        rng = new_rng(int(data["seed"]))
    except DAMAGE as error:
        raise SaveError(source, f"the save is damaged ({_what(error)})",
                        "Load another save") from None
    _check_history(snapshots, records, source)
    state = loaded.state
    _compare(state, snapshots[0], 0, source)
    yield state
    for k, record in enumerate(records):
        ai_seed, step_seed = draw_turn_seeds(rng)
        if (ai_seed, step_seed) != (record.ai_seed, record.step_seed):
            raise ReplayMismatchError(source, f"turn {record.turn}: the seed does not produce the "
                                              "recorded random streams", "The save is damaged")
        state, _ = run_step(loaded.world, state, build_actions(loaded.world, state, record),
                            step_seed)
        _compare(state, snapshots[k + 1], k + 1, source)
        yield state


def _compare(state: State, snapshot: State, turn: int, path: Path) -> None:
    """Raise ReplayMismatchError when `state` differs from the saved snapshot."""
    from leverage.session import states_equal

    diff = states_equal(state, snapshot)
    if diff is not None:
        raise ReplayMismatchError(path, f"after turn {turn} the replayed '{diff}' differs from "
                                        "the saved state",
                                  "The model or scenario differs from the one that made the save")


# ---------------------------------------------------------------- listing
def list_saves(folder: Path | str | None = None) -> list[SaveInfo]:
    """Every save in the saves folder, newest first; damaged ones carry a `problem`."""
    directory = saves_dir(folder)
    if not directory.is_dir():
        return []
    infos = [_info(p) for p in regular_files(directory, "*.json")
             if not p.name.startswith(TEMP_PREFIX)]
    return sorted(infos, key=lambda s: (s.saved_at, s.path.name), reverse=True)


def clean_temp_files(folder: Path | str | None = None, older_than: float = TEMP_MAX_AGE) -> int:
    """Delete temp files left by saves interrupted more than `older_than` seconds ago (a crash
    or a power cut); return how many were deleted."""
    import time

    directory = saves_dir(folder)
    deleted = 0
    now = time.time()
    for path in regular_files(directory, f"{TEMP_PREFIX}*.json"):
        try:
            if now - path.stat().st_mtime >= older_than:
                path.unlink()
                deleted += 1
        except OSError:
            continue
    return deleted


def _info(path: Path) -> SaveInfo:
    """The load screen's line for one file."""
    auto = path.name.startswith(AUTOSAVE_PREFIX)
    try:
        data = read_save(path)
        scenario = data["scenario"]
        damage = first_damaged_snapshot(data)
        name = printable(str(data.get("name") or path.stem))
        if damage is not None:
            return SaveInfo(path, name, str(scenario["id"]), str(scenario.get("title", "")),
                            int(data.get("turn", 0)), str(data.get("date", "")),
                            str(data.get("saved_at", "")), bool(data.get("autosave", auto)),
                            problem=f"the save is damaged ({damage[1]}); it can be opened "
                                    "read-only", viewable=True)
        return SaveInfo(path, name, str(scenario["id"]),
                        str(scenario.get("title", "")), int(data.get("turn", 0)),
                        str(data.get("date", "")), str(data.get("saved_at", "")),
                        bool(data.get("autosave", auto)))
    except SaveError as error:
        return SaveInfo(path, path.stem, "", "", 0, "", _mtime(path), auto,
                        problem=f"{error.problem}. {error.hint}")
    except DAMAGE as error:
        return SaveInfo(path, path.stem, "", "", 0, "", _mtime(path), auto,
                        problem=f"the save is damaged ({_what(error)})")


def _mtime(path: Path) -> str:
    """A file's modification time in ISO 8601, UTC."""
    try:
        stamp = path.stat().st_mtime
    except OSError:
        return ""
    return _dt.datetime.fromtimestamp(stamp, _dt.UTC).isoformat(timespec="microseconds")


def newest_autosave(folder: Path | str | None = None) -> Path | None:
    """The newest autosave that can be loaded (for the title screen's Continue), or None.

    Autosaves are named by the time they were written, so the newest comes last by name; only
    autosaves are read, newest first, until one is sound."""
    for path in reversed(autosave_paths(saves_dir(folder))):
        if _info(path).problem is None:
            return path
    return None
