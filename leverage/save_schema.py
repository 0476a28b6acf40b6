"""The shape of a save file (pydantic), checked before anything in it is used.

`check_document` validates a save document of the current format: types, lengths, the random
generator's state, and every array's type, shape and size. `array_checksum` is the checksum each
snapshot carries over its arrays, so a flipped byte is found before the game plays on it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    field_validator,
    model_validator,
)

from leverage.files import MAX_NAME_CHARS, MAX_TEXT_CHARS, printable

#: Largest count of values in one saved array.
MAX_ARRAY_VALUES = 10_000_000
#: Largest number of turns a save may hold.
MAX_SAVED_TURNS = 1000

Name = Annotated[StrictStr, Field(max_length=MAX_NAME_CHARS)]
Text = Annotated[StrictStr, Field(max_length=MAX_TEXT_CHARS)]
Seed = Annotated[StrictInt, Field(ge=0, lt=2**63)]
U128 = Annotated[StrictInt, Field(ge=0, lt=2**128)]


class _Model(BaseModel):
    """Strict types (no '1' for 1), unknown keys ignored."""

    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)


class PcgCore(_Model):
    """The 128-bit state and increment of a PCG64 generator."""

    state: U128
    inc: U128


class RngState(_Model):
    """numpy's PCG64 `bit_generator.state`."""

    bit_generator: Literal["PCG64"]
    state: PcgCore
    has_uint32: Annotated[StrictInt, Field(ge=0, le=1)]
    uinteger: Annotated[StrictInt, Field(ge=0, lt=2**32)]


class ArrayDoc(_Model):
    """One array: dtype, shape and base64 of its raw little-endian bytes (or nested lists)."""

    dtype: Literal["<f8", "<i8", "|b1"]
    shape: Annotated[list[Annotated[StrictInt, Field(ge=0, le=100_000)]], Field(max_length=6)]
    b64: StrictStr | None = None
    list_: Any = Field(default=None, alias="list")

    @model_validator(mode="after")
    def _sizes_agree(self) -> ArrayDoc:
        """The data holds exactly as many values as the shape says."""
        count = 1
        for side in self.shape:
            count *= side
        if count > MAX_ARRAY_VALUES:
            raise ValueError(f"the array is too large ({count} values)")
        if self.b64 is None:
            if self.list_ is None:
                raise ValueError("the array has no data")
            return self
        try:
            raw = base64.b64decode(self.b64, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("the array's data is not valid base64") from None
        size = 1 if self.dtype == "|b1" else 8
        if len(raw) != count * size:
            raise ValueError(f"the array holds {len(raw)} bytes where its shape needs "
                             f"{count * size}")
        return self


class SnapshotDoc(_Model):
    """The state after one turn, with the checksum of its arrays."""

    turn: Annotated[StrictInt, Field(ge=0, le=MAX_SAVED_TURNS)]
    arrays: Annotated[dict[Name, ArrayDoc], Field(max_length=100)]
    checksum: Annotated[StrictStr, Field(pattern="^[0-9a-f]{64}$")]


class MoveDoc(_Model):
    """One logged move."""

    country: Name
    move: Name
    name: Name = ""
    target: Name
    reason: Text = ""
    public: StrictBool = True
    computer: StrictBool = False


class AnswerDoc(_Model):
    """One logged answer to a proposal."""

    country: Name
    proposer: Name
    move: Name
    accepted: StrictBool
    computer: StrictBool = False


class VoteDoc(_Model):
    """One logged vote on joining a bloc."""

    country: Name
    applicant: Name
    bloc: Name
    yes: StrictBool
    computer: StrictBool = False


class RecordDoc(_Model):
    """One turn's decisions."""

    turn: Annotated[StrictInt, Field(ge=1, le=MAX_SAVED_TURNS)]
    rng_state: RngState
    ai_seed: Seed
    step_seed: Seed
    moves: Annotated[list[MoveDoc], Field(max_length=10_000)]
    answers: Annotated[list[AnswerDoc], Field(max_length=10_000)] = []
    votes: Annotated[list[VoteDoc], Field(max_length=10_000)] = []
    events: Annotated[list[Name], Field(max_length=10_000)] = []


class ScenarioRef(_Model):
    """Which scenario the save was played with."""

    id: Name
    title: Name = ""
    content_hash: Annotated[StrictStr, Field(pattern="^[0-9a-f]{64}$")]
    file: Annotated[StrictStr, Field(max_length=255)] = ""


class PlayerDoc(_Model):
    """Who plays a country."""

    kind: Literal["human", "computer"]
    level: Name
    name: Name = ""


class GameDoc(_Model):
    """The game's settings."""

    turns: Annotated[StrictInt, Field(ge=1, le=MAX_SAVED_TURNS)]
    ask_reasons: StrictBool = False
    names: dict[Name, Name] = {}


class HostDoc(_Model):
    """A game hosted for teams' own devices: the address, the port and, per role, the team's
    join code and session token (so a restarted host takes the same codes and tokens)."""

    address: Annotated[StrictStr, Field(max_length=64)]
    port: Annotated[StrictInt, Field(ge=1, le=65535)]
    teams: Annotated[dict[Name, Annotated[tuple[
        Annotated[StrictStr, Field(pattern=r"^[A-Z2-9]{4,12}$")],
        Annotated[StrictStr, Field(pattern=r"^[A-Za-z0-9_-]{16,64}$")]], Strict(False)]],
        Field(max_length=64)]


class ClassDoc(_Model):
    """A class game's teacher settings: the PIN's hash, the turn timer and the hosting."""

    pin_sha256: Annotated[StrictStr, Field(pattern=r"^([0-9a-f]{64})?$")] = ""
    turn_seconds: Annotated[StrictInt, Field(ge=0, le=3600)] = 0
    host: HostDoc | None = None


class PlanDoc(_Model):
    """The turn in progress (plans, answers, votes, who is ready, events made to happen)."""

    moves: dict[Name, list[Annotated[tuple[Name, Name, Text], Strict(False)]]] = {}
    answers: dict[Name, list[Annotated[tuple[Name, Name, StrictBool], Strict(False)]]] = {}
    votes: dict[Name, list[Annotated[tuple[Name, Name, StrictBool], Strict(False)]]] = {}
    ready: list[Name] = []
    events: list[Name] = []
    teacher: Annotated[ClassDoc, Field(alias="class")] = ClassDoc()


class SaveDoc(_Model):
    """A whole save of the current format."""

    kind: Literal["leverage-save"]
    version: StrictInt
    name: Name
    autosave: StrictBool = False
    saved_at: Annotated[StrictStr, Field(max_length=64)] = ""
    scenario: ScenarioRef
    turn: Annotated[StrictInt, Field(ge=0, le=MAX_SAVED_TURNS + 1)]
    date: Annotated[StrictStr, Field(max_length=64)] = ""
    seed: Seed
    rng_state: RngState
    players: Annotated[dict[Name, PlayerDoc], Field(max_length=1000)]
    game: GameDoc
    log: Annotated[list[RecordDoc], Field(max_length=MAX_SAVED_TURNS)]
    in_progress: PlanDoc = PlanDoc()
    snapshots: Annotated[list[SnapshotDoc], Field(min_length=1, max_length=MAX_SAVED_TURNS + 1)]

    @field_validator("in_progress", mode="before")
    @classmethod
    def _empty_plan(cls, value: Any) -> Any:
        """`null` or `{}` for no turn in progress."""
        return value or {}


def array_checksum(arrays: Any) -> str:
    """sha256 of a snapshot's arrays as saved (names, types, shapes and data, in name order)."""
    digest = hashlib.sha256()
    for name in sorted(arrays):
        array = arrays[name]
        data = array.get("b64")
        if not isinstance(data, str):  # an older save's nested lists
            data = json.dumps(array.get("list"), separators=(",", ":"))
        digest.update(f"{name}\0{array.get('dtype')}\0{array.get('shape')}\0".encode())
        digest.update(data.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def first_problem(error: ValidationError) -> str:
    """The first schema error as 'where: what', e.g. 'log[0].rng_state.bit_generator: ...'."""
    detail = error.errors(include_url=False)[0]
    where = ""
    for part in detail["loc"]:
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
    message = str(detail["msg"]).removeprefix("Value error, ")
    if detail["type"] == "missing" and detail["loc"]:
        message = f"missing field '{detail['loc'][-1]}'"
    more = error.error_count() - 1
    extra = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return printable(f"{where or 'the file'}: {message}{extra}")


def check_document(data: dict[str, Any]) -> SaveDoc:
    """The save validated against the schema (ValueError with the first problem when not)."""
    try:
        return SaveDoc.model_validate(data)
    except ValidationError as error:
        raise ValueError(first_problem(error)) from None
