"""The fixed part of a game: countries, blocs, moves, events and roles, compiled from a scenario."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import numpy as np

from leverage.core.params import Params

if TYPE_CHECKING:
    from leverage.core.compiled import Compiled


class Condition(Protocol):
    """A compiled expression: evaluates to a (B,) float array (booleans as 0/1)."""

    text: str

    def evaluate(self, world: World, state: object) -> np.ndarray:
        """Return the value for each game in the batch."""
        ...


#: Who an effect applies to, before a move is played: the mover, its target, or a fixed country.
SELF = -1
TARGET = -2


@dataclass(frozen=True)
class Effect:
    """One effect of a move or event, with country references resolved to indices.

    kind is one of: sanction, deal, policy, change, relation, loan, freeze, join, leave, flag,
    measure (item = group x len(MEASURE_KINDS) + measure kind; a=by, b=on; amount added) and
    price (item = group; amount added to its price).
    `a` and `b` are country slots (index >= 0, SELF or TARGET): for sanction a=by, b=on;
    deal a=client, b=partner; policy/change/freeze/join/leave a=of; relation a=of, b=with;
    loan a=lender, b=borrower.  `item` is the index of the sanction/deal/policy kind,
    indicator column, reserve asset, bloc or flag.
    """

    kind: str
    item: int = 0
    a: int = SELF
    b: int = TARGET
    amount: float = 1.0
    turns: int = 1
    delay: int = 0
    extra: float = 0.0  # loan: oil repaid in kb/d


@dataclass(frozen=True)
class MoveDef:
    """A move as data: who may play it, on whom, at what cost, when, and what it does."""

    id: str
    name: str
    summary: str
    description: str
    source: str
    kind: str                      # instant | ongoing | proposal
    cost: float
    once: bool
    by: np.ndarray                 # (N,) bool: who may play it
    targets: np.ndarray            # (N, N) bool: [actor, target] allowed
    when: Condition | None
    effects: tuple[Effect, ...]


@dataclass(frozen=True)
class EventDef:
    """A scripted or random event: when it may fire, how likely, what it does."""

    id: str
    title: str
    text: str
    source: str
    turn: int | None               # first turn on which it may fire (from its date), or None
    when: Condition | None
    unless: Condition | None
    chance: float
    once: bool
    effects: tuple[Effect, ...]


@dataclass(frozen=True)
class Objective:
    """One scored aim of a role: attainment runs from 0 at `fail` to 1 at `goal`."""

    text: str
    expr: Condition
    goal: float
    fail: float
    weight: float


@dataclass(frozen=True)
class RoleDef:
    """A playable role: its country, aims and the score it needs to win."""

    country: int
    title: str
    objectives: tuple[Objective, ...]
    win: float


@dataclass(frozen=True)
class HistoryMove:
    """A move that really happened, on the turn it happened."""

    turn: int
    country: int
    move: int
    target: int


class NotCompiledError(RuntimeError):
    """A World was used before `leverage.core.compiled.compile_world` built its parts."""


@dataclass(frozen=True)
class World:
    """Everything fixed for the length of a game.

    `compiled` holds the per-world constants the model reuses (see `leverage.core.compiled`); it is
    filled by `compile_world`, which must run again after any `dataclasses.replace`.
    """

    scenario_id: str
    title: str
    codes: tuple[str, ...]
    names: tuple[str, ...]
    colours: tuple[str, ...]
    capital: np.ndarray            # (N,) political capital per turn
    home_payment: np.ndarray       # (N,) int index into PAYMENT_SYSTEMS
    gold_abroad_at: np.ndarray     # (N,) int country index, -1 when not a scenario country
    bloc_ids: tuple[str, ...]
    bloc_names: tuple[str, ...]
    bloc_consensus: np.ndarray     # (M,) bool: True consensus, False majority
    flag_names: tuple[str, ...]
    start_year: int
    start_month: int
    months_per_turn: int
    turns: int
    params: Params
    moves: tuple[MoveDef, ...]
    events: tuple[EventDef, ...]
    roles: tuple[RoleDef, ...]
    gdp0: np.ndarray               # (N,) starting GDP, the gravity baseline
    trade0: np.ndarray             # (N, N) starting trade, the gravity baseline
    history_moves: tuple[HistoryMove, ...] = field(default_factory=tuple)
    #: (N, N, G) share of each group (`vocab.GOODS`) in exports from i to j at the start (each
    #: pair sums to 1); None: the world's trade is not split into goods (no measures, prices).
    goods0: np.ndarray | None = None
    #: (name, (N,) values) of the parameters set country by country (`params.COUNTRY_PARAMS`);
    #: a parameter not listed has the global value for every country.
    country_params: tuple[tuple[str, np.ndarray], ...] = ()
    #: (N, N) how much relations move each pair's trade (`gamma_hostility`), where a scenario
    #: sets it for some pairs; None: the global value for every pair.
    hostility: np.ndarray | None = None
    compiled: Compiled | None = field(default=None, compare=False, repr=False)

    def parts(self) -> Compiled:
        """The compiled per-world constants (NotCompiledError before `compile_world`)."""
        if self.compiled is None:
            raise NotCompiledError(f"scenario {self.scenario_id!r} was not compiled")
        return self.compiled

    def local(self, name: str) -> np.ndarray:
        """(N,) the value of parameter `name` for each country (the global one where not set)."""
        for key, values in self.country_params:
            if key == name:
                return values
        return np.full(len(self.codes), float(getattr(self.params, name)))

    @property
    def n(self) -> int:
        """Number of countries."""
        return len(self.codes)

    def country(self, code: str) -> int:
        """Index of the country with ISO code `code` (KeyError if absent)."""
        return self.codes.index(code) if code in self.codes else _missing(code)

    def move_index(self, move_id: str) -> int:
        """Index of the move `move_id` (KeyError if absent)."""
        for k, move in enumerate(self.moves):
            if move.id == move_id:
                return k
        raise KeyError(move_id)

    def date_of_turn(self, turn: int) -> tuple[int, int]:
        """(year, month) at the start of `turn` (turn 1 is the scenario's start)."""
        months = self.start_year * 12 + (self.start_month - 1) + (turn - 1) * self.months_per_turn
        return months // 12, months % 12 + 1


def _missing(code: str) -> int:
    """Raise the KeyError for an unknown country code."""
    raise KeyError(code)
