"""The one game being played (B = 1): players, history of states, move log, undo and replay.

Screens turn input into commands on a `Session`; only the session calls the engine.  Every
random draw of a game comes from one seeded ``numpy.random.Generator`` (PCG64).  Each turn it
yields two child seeds, one for the computer players and one for the model step, so a saved game
can be replayed from its seed and move log without re-running the computer players.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import re
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from leverage.core.actions import Actions, IllegalMoveError, LeverageError, Move
from leverage.core.derived import exports
from leverage.core.state import COL, STORED, State
from leverage.core.vocab import (
    DEAL_KINDS,
    DEAL_MEANINGS,
    GOODS,
    INDICATOR_NAMES,
    MEASURE_KINDS,
    MEASURE_MEANINGS,
    PAYMENT_SYSTEMS,
    POLICY_KINDS,
    RESERVE_ASSETS,
    SANCTION_KINDS,
    SANCTION_MEANINGS,
    indicator,
)
from leverage.core.world import SELF, TARGET, Effect, World
from leverage.files import MAX_NAME_CHARS, MAX_TEXT_CHARS

if TYPE_CHECKING:
    from pathlib import Path

    from leverage.core.forecast import Baseline, Forecast
    from leverage.scenario import LoadedScenario

KINDS: tuple[str, ...] = ("human", "computer")
LEVELS: tuple[str, ...] = ("easy", "normal", "hard", "history")
MONTHS: tuple[str, ...] = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)
#: Reserve assets as a sentence names them.
ASSET_LABELS: dict[str, str] = {
    "usd": "dollar reserves", "eur": "euro reserves", "cny": "yuan reserves",
    "gold_home": "gold at home", "gold_abroad": "gold held abroad",
}
#: The longest game that can be set up, in turns.
MAX_TURNS = 60
#: Seeds drawn from the game's generator are below this bound.
SEED_BOUND = 2**62


class SetupError(LeverageError):
    """A new game was set up with an unknown country, player kind or level."""


class GameOverError(LeverageError):
    """A command that needs a turn in progress was given after the last turn."""


class NothingToUndoError(LeverageError):
    """Undo was asked for before any turn was resolved."""


class ReadOnlyError(IllegalMoveError):
    """A command that would change a game opened read-only (a damaged save)."""


@dataclass(frozen=True)
class PlayerConfig:
    """Who plays a country: a person or the computer, at a level, under a name."""

    kind: str = "computer"         # human | computer
    level: str = "normal"          # easy | normal | hard | history (computer players)
    name: str = ""

    def __post_init__(self) -> None:
        """Refuse unknown kinds and levels with a message that lists the allowed ones."""
        if self.kind not in KINDS:
            raise SetupError(f"unknown player kind '{self.kind}': use one of {', '.join(KINDS)}")
        if self.level not in LEVELS:
            raise SetupError(f"unknown level '{self.level}': use one of {', '.join(LEVELS)}")
        if len(self.name) > MAX_NAME_CHARS:
            raise SetupError(f"a player's name is {len(self.name)} characters long; keep it to "
                             f"{MAX_NAME_CHARS} characters")

    @property
    def human(self) -> bool:
        """True for a person (or team) at the keyboard."""
        return self.kind == "human"


@dataclass(frozen=True)
class MoveOption:
    """One move card for a country this turn."""

    index: int
    id: str
    name: str
    summary: str
    description: str
    source: str
    kind: str
    cost: float
    targets: tuple[str, ...]       # codes of the targets it may be played on now
    legal: bool                    # playable now on at least one target (budget aside)
    affordable: bool               # its cost fits in what is left of the turn's budget
    planned: bool                  # already chosen this turn
    effects: tuple[str, ...] = ()  # what it does (on its first legal target), one line each
    why_not: str = ""              # when not legal: why, in one sentence


@dataclass(frozen=True)
class LoggedMove:
    """A move that was played, as it stands in the move log."""

    turn: int
    country: str
    move_id: str
    move_name: str
    target: str
    reason: str = ""
    public: bool = True
    computer: bool = False


@dataclass(frozen=True)
class LoggedAnswer:
    """A country's answer to another's proposal."""

    turn: int
    country: str                   # who answered
    proposer: str
    move_id: str
    accepted: bool
    computer: bool = False


@dataclass(frozen=True)
class LoggedVote:
    """A bloc member's vote on an application to join."""

    turn: int
    country: str                   # the voting member
    applicant: str
    bloc: str
    yes: bool
    computer: bool = False


@dataclass(frozen=True)
class Proposal:
    """A deal offered by one country to another, awaiting an answer."""

    proposer: str
    partner: str
    move_id: str
    move_index: int
    name: str
    summary: str
    description: str
    status: str = "pending"        # pending (in the partner's inbox) | planned (sent at turn end)
    effects: tuple[str, ...] = ()  # what it does if accepted, one sentence per effect


@dataclass(frozen=True)
class Application:
    """A country's application to join a bloc, put to the bloc's members."""

    applicant: str
    bloc: str
    bloc_name: str
    bloc_index: int
    consensus: bool


@dataclass(frozen=True)
class TurnReport:
    """What happened in one resolved turn."""

    turn: int
    date: str
    news: tuple[Any, ...]
    explanation: Any
    score_changes: dict[str, float]
    scores: dict[str, float]
    moves: tuple[LoggedMove, ...]
    answers: tuple[LoggedAnswer, ...]
    votes: tuple[LoggedVote, ...]
    events: tuple[str, ...] = ()   # ids of the events made to happen this turn (by a teacher)


@dataclass(frozen=True)
class TurnRecord:
    """Everything needed to replay one turn: the generator state before it and all decisions."""

    turn: int
    rng_state: dict[str, Any]
    ai_seed: int
    step_seed: int
    moves: tuple[LoggedMove, ...]
    answers: tuple[LoggedAnswer, ...]
    votes: tuple[LoggedVote, ...]
    events: tuple[str, ...] = ()   # ids of the events made to happen this turn (by a teacher)


@dataclass(frozen=True)
class SanctionLine:
    """One sanction between two countries in the ledger."""

    by: str
    on: str
    kind: str
    level: float
    bite: float
    meaning: str


@dataclass(frozen=True)
class MeasureLine:
    """One trade measure between two countries in the ledger: `by` on `on`'s goods of a group
    (a tariff's rate, or a ban's or quota's level)."""

    by: str
    on: str
    kind: str
    goods: str
    level: float
    meaning: str


@dataclass(frozen=True)
class DealLine:
    """One agreement in force between two countries."""

    kind: str
    client: str
    partner: str
    level: float
    meaning: str


@dataclass(frozen=True)
class Ledger:
    """The bilateral ledger of countries `a` and `b` for the relationship view."""

    a: str
    b: str
    relation: float
    relation_history: np.ndarray
    trade_ab: float                # exports of a to b, $bn a year
    trade_ba: float
    trade_ab_history: np.ndarray
    trade_ba_history: np.ndarray
    loans_ab: float                # owed by a to b, $bn
    loans_ba: float
    oil_repay_ab: float            # kb/d that a ships to b to repay loans
    oil_repay_ba: float
    sanctions_ab: tuple[SanctionLine, ...]   # imposed by a on b
    sanctions_ba: tuple[SanctionLine, ...]
    secondary: tuple[SanctionLine, ...]      # secondary sanctions on a or b, or by them
    deals: tuple[DealLine, ...]
    payments: dict[str, dict[str, float]]    # code -> payment system -> share in %
    payment_link: bool
    shared_blocs: tuple[str, ...]
    moves_ab: tuple[LoggedMove, ...]         # moves a played toward b
    moves_ba: tuple[LoggedMove, ...]
    pending: tuple[Proposal, ...]            # proposals between them awaiting an answer
    #: exports of a to b and of b to a by product group ($bn a year; empty without goods)
    goods_ab: dict[str, float] = field(default_factory=dict)
    goods_ba: dict[str, float] = field(default_factory=dict)
    measures: tuple[MeasureLine, ...] = ()   # trade measures in force between them, both ways


@dataclass
class _TurnPlan:
    """Decisions gathered during the turn in progress."""

    moves: dict[str, list[Move]] = field(default_factory=dict)
    answers: dict[str, dict[tuple[str, str], bool]] = field(default_factory=dict)
    votes: dict[str, dict[tuple[str, str], bool]] = field(default_factory=dict)
    ready: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)  # events to make happen this turn


#: Effect kinds that are the scenario's own bookkeeping (a flag marks that something happened):
#: players are told what a move or event does, not which marker it sets.
HIDDEN_EFFECTS: frozenset[str] = frozenset({"flag"})


def plain_reason(reason: str, move_id: str, name: str, needs: str | None = None) -> str:
    """A refusal reworded for a player: the move's name, and what its condition needs
    (`needs`: the condition in plain words, when the caller has it)."""
    text = reason.replace(f"'{move_id}'", f"'{name}'")
    if needs is not None:
        return re.sub(r"its condition `(.+)` is false", lambda _: f"only when {needs}", text)
    return re.sub(r"its condition `(.+)` is false", r"it needs \1", text)


def date_label(world: World, turn: int) -> str:
    """Return the date at the start of `turn` (1-based) as e.g. 'Jul 2018'."""
    year, month = world.date_of_turn(max(turn, 1))
    return f"{MONTHS[month - 1]} {year}"


def new_rng(seed: int) -> np.random.Generator:
    """Return the game's generator for `seed`."""
    return np.random.Generator(np.random.PCG64(seed))


def rng_from_state(state: Mapping[str, Any]) -> np.random.Generator:
    """Return a PCG64 generator put in the saved `state`."""
    rng = np.random.Generator(np.random.PCG64(0))
    rng.bit_generator.state = copy.deepcopy(dict(state))
    return rng


def draw_turn_seeds(rng: np.random.Generator) -> tuple[int, int]:
    """Draw the computer players' and the model step's seeds for one turn."""
    seeds = rng.integers(0, SEED_BOUND, size=2, dtype=np.int64)
    return int(seeds[0]), int(seeds[1])


def build_actions(world: World, state: State, record: TurnRecord) -> Actions:
    """Turn one turn's logged decisions into the engine's `Actions` arrays."""
    n, n_moves, n_blocs = world.n, len(world.moves), len(world.bloc_ids)
    actions = Actions.empty(state.batch, n, n_moves, n_blocs)
    for move in record.moves:
        i, m = world.country(move.country), world.move_index(move.move_id)
        actions.moves[:, i, m] = world.country(move.target) + 1
    for answer in record.answers:
        j, i = world.country(answer.country), world.country(answer.proposer)
        actions.accept[:, j, i, world.move_index(answer.move_id)] = answer.accepted
    for vote in record.votes:
        k, i = world.country(vote.country), world.country(vote.applicant)
        actions.votes[:, k, i, world.bloc_ids.index(vote.bloc)] = vote.yes
    if record.events:
        ids = [event.id for event in world.events]
        forced = np.zeros((state.batch, len(ids)), dtype=bool)
        for event_id in record.events:
            forced[:, ids.index(event_id)] = True
        actions = replace(actions, events=forced)
    return actions


def run_step(world: World, state: State, actions: Actions, seed: int) -> tuple[State, Any]:
    """Resolve one turn with the model on the turn's own stream."""
    from leverage.core.step import step

    with model_numerics():
        after, explanation = step(world, state, actions, new_rng(seed), explain=True)
    return after, explanation


def model_numerics() -> Any:
    """numpy's floating-point warnings off while the model runs: it clips every indicator into
    its range (a NaN to the low bound), so an overflow on the way is handled, not printed."""
    return np.errstate(all="ignore")


def states_equal(a: State, b: State) -> str | None:
    """Return None when two states are bit-identical, else the name of the first difference."""
    if a.turn != b.turn:
        return "turn"
    arrays_b = b.arrays()
    for name, value in a.arrays().items():
        other = arrays_b.get(name)
        if other is None or value.dtype != other.dtype or value.shape != other.shape:
            return name
        if value.tobytes() != other.tobytes():
            return name
    return None


class Session:
    """A played game: the scenario, its players, every state so far and the move log."""

    def __init__(
        self,
        loaded: LoadedScenario,
        players: Mapping[str, PlayerConfig],
        seed: int,
        turns: int,
        ask_reasons: bool,
        names: Mapping[str, str],
    ) -> None:
        """Set up a session at its first turn; use `Session.new` rather than this."""
        self.loaded = loaded
        self.players: dict[str, PlayerConfig] = dict(players)
        self.seed = int(seed)
        self.turns = int(turns)
        self.ask_reasons = bool(ask_reasons)
        self.names: dict[str, str] = dict(names)
        self.states: list[State] = [loaded.state]
        self.records: list[TurnRecord] = []
        self.reports: list[TurnReport] = []
        self.autosave = True
        self.last_autosave: Path | None = None
        self.autosave_warning: str | None = None
        self.load_warning: str | None = None
        #: sha256 of the facilitator's PIN ("" when there is no teacher mode).
        self.teacher_pin_hash = ""
        #: Seconds each team has to plan a turn (0: no timer).
        self.turn_seconds = 0
        #: A class game hosted for teams' own devices: address, port and each role's join code
        #: and session token ({} when the game is played at this machine only).
        self.hosting: dict[str, Any] = {}
        self._undone: list[TurnRecord] = []
        self.read_only: str | None = None     # why the game can be looked at, not played
        self._rng = new_rng(self.seed)
        self._plan = _TurnPlan()
        self._mask: tuple[State, np.ndarray] | None = None
        self._baseline: tuple[State, Baseline] | None = None
        self._words: dict[int, str | None] = {}

    # ----------------------------------------------------------------- set-up
    @classmethod
    def new(
        cls,
        loaded: LoadedScenario,
        players: Mapping[str, PlayerConfig],
        seed: int,
        turns: int | None = None,
        ask_reasons: bool = False,
        names: Mapping[str, str] | None = None,
    ) -> Session:
        """Start a game; countries left out are played by the computer (normal for roles, easy
        for the others)."""
        world = loaded.world
        for code in players:
            if code not in world.codes:
                raise SetupError(f"no country '{code}' in scenario '{world.scenario_id}'")
        full: dict[str, PlayerConfig] = {}
        for role in world.roles:
            code = world.codes[role.country]
            full[code] = players.get(code, PlayerConfig("computer", "normal"))
        for code in world.codes:
            full.setdefault(code, players.get(code, PlayerConfig("computer", "easy")))
        length = world.turns if turns is None else int(turns)
        if not 1 <= length <= MAX_TURNS:
            raise SetupError(f"a game needs 1 to {MAX_TURNS} turns, not {length}")
        if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
            raise SetupError(f"the seed must be a whole number of at least 0, not {seed!r}")
        ordered = {c: full[c] for c in world.codes if c in full}
        return cls(loaded, ordered, seed, length, ask_reasons, names or {})

    # ----------------------------------------------------------- teacher mode
    def set_teacher_pin(self, pin: str) -> None:
        """Turn teacher mode on with a facilitator PIN (off with ""); only its hash is kept,
        and saved with the game."""
        pin = pin.strip()
        self.teacher_pin_hash = hashlib.sha256(pin.encode()).hexdigest() if pin else ""

    @property
    def teacher_mode(self) -> bool:
        """True when undo, events, pause and the timer need the facilitator PIN."""
        return bool(self.teacher_pin_hash)

    def pin_matches(self, typed: str) -> bool:
        """True when `typed` is the facilitator PIN."""
        digest = hashlib.sha256(typed.strip().encode()).hexdigest()
        return self.teacher_mode and hmac.compare_digest(digest, self.teacher_pin_hash)

    # ------------------------------------------------------------- properties
    @property
    def world(self) -> World:
        """The compiled scenario."""
        world: World = self.loaded.world
        return world

    @property
    def state(self) -> State:
        """The current state (after the last resolved turn)."""
        return self.states[-1]

    @property
    def turn(self) -> int:
        """The turn being played, 1-based (after the end: one past the last)."""
        return self.state.turn + 1

    @property
    def date(self) -> str:
        """The date of the turn being played, e.g. 'Jul 2018'."""
        return date_label(self.world, self.turn)

    @property
    def is_over(self) -> bool:
        """True once the game's last turn has been resolved, and for a game opened read-only
        (a damaged save: it is shown like a finished game, never played on)."""
        return self.read_only is not None or self.state.turn >= self.turns

    @property
    def log(self) -> list[LoggedMove]:
        """Every move played so far, turn by turn."""
        return [move for record in self.records for move in record.moves]

    @property
    def answers_log(self) -> list[LoggedAnswer]:
        """Every answer to a proposal so far."""
        return [answer for record in self.records for answer in record.answers]

    @property
    def votes_log(self) -> list[LoggedVote]:
        """Every vote on a bloc application so far."""
        return [vote for record in self.records for vote in record.votes]

    @property
    def rng_state(self) -> dict[str, Any]:
        """The game's generator state (a JSON-able dict)."""
        state: dict[str, Any] = copy.deepcopy(dict(self._rng.bit_generator.state))
        return state

    def player_name(self, code: str) -> str:
        """The name of whoever plays `code` (falls back to the country's name)."""
        config = self.players.get(code)
        name = self.names.get(code) or (config.name if config else "")
        return name or self.world.names[self.world.country(code)]

    def human_countries(self) -> list[str]:
        """Countries played by people, in scenario order (the hot-seat order)."""
        return [code for code, config in self.players.items() if config.human]

    def computer_countries(self) -> list[str]:
        """Countries played by the computer, in scenario order."""
        return [code for code, config in self.players.items() if not config.human]

    @property
    def current_human(self) -> str | None:
        """The person whose turn it is to plan (hot seat); None when all are ready."""
        if self.is_over:
            return None
        for code in self.human_countries():
            if code not in self._plan.ready:
                return code
        return None

    def finish_planning(self, country: str) -> str | None:
        """Mark `country` as done planning this turn; return the next person to plan."""
        self._writable()
        self._index(country)
        if country not in self._plan.ready:
            self._plan.ready.append(country)
        return self.current_human

    def unready(self, country: str) -> None:
        """Take back `country`'s "done planning" for this turn (a team on its own device)."""
        self._writable()
        self._index(country)
        self._plan.ready = [code for code in self._plan.ready if code != country]

    def is_ready(self, country: str) -> bool:
        """True when `country` has finished planning this turn."""
        return country in self._plan.ready

    # ------------------------------------------------------------------ moves
    def _index(self, code: str) -> int:
        """Index of country `code`, with a clear error for an unknown one."""
        if code not in self.world.codes:
            raise IllegalMoveError(f"no country '{code}' in this game")
        return self.world.country(code)

    def _legal(self) -> np.ndarray:
        """The legal mask (N, Mv, N) of the current state, computed once per state."""
        if self._mask is None or self._mask[0] is not self.state:
            from leverage.core.rules import legal_mask

            self._mask = (self.state, np.asarray(legal_mask(self.world, self.state))[0])
        return self._mask[1]

    def budget(self, country: str) -> float:
        """Political capital `country` may spend this turn."""
        return float(self.state.get("capital")[0, self._index(country)])

    def budget_left(self, country: str) -> float:
        """Political capital left after the moves already planned this turn."""
        spent = sum(float(self._move_def(m.move_id).cost) for m in self.planned(country))
        return self.budget(country) - spent

    def _move_def(self, move_id: str) -> Any:
        """The move definition called `move_id`, with a clear error for an unknown one."""
        try:
            return self.world.moves[self.world.move_index(move_id)]
        except KeyError:
            raise IllegalMoveError(f"no move '{move_id}' in this scenario") from None

    def options(self, country: str) -> list[MoveOption]:
        """The move cards of `country` this turn: every move it may ever play, legal or not."""
        i = self._index(country)
        mask = self._legal()
        left = self.budget_left(country)
        planned = {m.move_id for m in self.planned(country)}
        cards = []
        for m, move in enumerate(self.world.moves):
            if not bool(move.by[i]):
                continue
            targets = tuple(self.world.codes[t] for t in np.flatnonzero(mask[i, m]))
            why_not = ""
            if self.is_over:
                why_not = "The game is over."
            elif not targets:
                allowed = np.flatnonzero(move.targets[i])
                first = self.world.codes[int(allowed[0])] if allowed.size else country
                why_not = plain_reason(self._why_illegal(i, m, first), move.id, move.name,
                                       self.condition_words(move.when))
            cards.append(MoveOption(
                index=m, id=move.id, name=move.name, summary=move.summary,
                description=move.description, source=self.citation(move.source), kind=move.kind,
                cost=float(move.cost), targets=targets, legal=bool(targets) and not self.is_over,
                affordable=float(move.cost) <= left + 1e-9, planned=move.id in planned,
                effects=describe_move(self.world, m, i, self.world.country(targets[0]) if targets
                                      else i),
                why_not=why_not,
            ))
        return cards

    def citation(self, source: str) -> str:
        """A readable citation for a source id of the scenario (other text is returned as it is)."""
        for entry in getattr(self.loaded.scenario, "sources", None) or ():
            if entry.id == source:
                return f"{entry.outlet}, {entry.date}: {entry.title}"
        return source

    def plan(self, country: str, move: Move) -> None:
        """Choose `move` for `country` this turn (IllegalMoveError says why when it may not)."""
        self._writable()
        if len(move.reason) > MAX_TEXT_CHARS:
            raise IllegalMoveError(f"the reason is {len(move.reason)} characters long; keep it "
                                   f"to {MAX_TEXT_CHARS} characters")
        if self.is_over:
            raise IllegalMoveError("the game is over: no more moves can be planned")
        if self.ask_reasons and not move.reason.strip():
            raise IllegalMoveError("this game asks for a reason with every move: write one first")
        if move.actor != country:
            raise IllegalMoveError(f"{country} cannot plan a move made by {move.actor}")
        i = self._index(country)
        definition = self._move_def(move.move_id)
        m = self.world.move_index(move.move_id)
        if not bool(definition.by[i]):
            raise IllegalMoveError(f"{country} may not play '{definition.name}'")
        if move.target not in self.world.codes:
            raise IllegalMoveError(f"no country '{move.target}' to play '{definition.name}' on")
        if any(p.move_id == move.move_id for p in self.planned(country)):
            raise IllegalMoveError(
                f"'{definition.name}' is already planned this turn; remove it first to change it")
        if not bool(self._legal()[i, m, self.world.country(move.target)]):
            raise IllegalMoveError(self._why_illegal(i, m, move.target))
        left = self.budget_left(country)
        if float(definition.cost) > left + 1e-9:
            raise IllegalMoveError(
                f"'{definition.name}' costs {definition.cost:g} political capital but "
                f"{self.world.names[i]} has only {left:g} left this turn")
        self._plan.moves.setdefault(country, []).append(move)

    def in_force(self, country: str, move_id: str) -> bool:
        """True when `country` played move `move_id` in an earlier turn and everything the move
        set (sanction, deal, policy, flag levels) still holds."""
        from leverage.core.rules import _levers_done, compiled

        rules = compiled(self.world)
        m = self.world.move_index(move_id)
        played = [e for e in self.log if e.country == country and e.move_id == move_id]
        if not rules.levers[m] or not played:
            return False
        i, t = self._index(country), self.world.country(played[-1].target)
        return bool(_levers_done(rules, m, self.state)[0, i, t])

    def _why_illegal(self, i: int, m: int, target: str) -> str:
        """A sentence saying why move m may not be played by country i on `target` now."""
        definition = self.world.moves[m]
        code = self.world.codes[i]
        allowed = [self.world.codes[t] for t in np.flatnonzero(self._legal()[i, m])]
        from leverage.core.rules import why_illegal

        reason = why_illegal(self.world, self.state, 0, i, m, self.world.country(target))
        if reason and allowed:
            return f"{reason}; it can be played on {', '.join(allowed)}"
        if reason:
            return str(reason)
        if not allowed:
            when = f" (it needs: {definition.when.text})" if definition.when is not None else ""
            return f"{code} cannot play '{definition.name}' now{when}"
        return (f"{code} cannot play '{definition.name}' on {target} now; "
                f"it can be played on {', '.join(allowed)}")

    def unplan(self, country: str, move_id: str) -> None:
        """Remove a planned move (no error if it was not planned)."""
        self._writable()
        moves = self._plan.moves.get(country, [])
        self._plan.moves[country] = [m for m in moves if m.move_id != move_id]

    def planned(self, country: str) -> list[Move]:
        """The moves `country` has chosen this turn, in the order chosen."""
        return list(self._plan.moves.get(country, []))

    # -------------------------------------------------------- proposals, votes
    def inbox(self, country: str) -> list[Proposal]:
        """Proposals other countries made to `country` that await its answer."""
        j = self._index(country)
        pending = self.state.pending[0]
        found = []
        for i, m in zip(*np.nonzero(pending[:, j, :]), strict=True):
            found.append(self._proposal(int(i), j, int(m), "pending"))
        return found

    def outbox(self, country: str) -> list[Proposal]:
        """Proposals `country` made that await an answer, then those it plans to send."""
        i = self._index(country)
        pending = self.state.pending[0]
        found = [self._proposal(i, int(j), int(m), "pending")
                 for j, m in zip(*np.nonzero(pending[i, :, :]), strict=True)]
        for move in self.planned(country):
            m = self.world.move_index(move.move_id)
            if self.world.moves[m].kind == "proposal":
                found.append(self._proposal(i, self.world.country(move.target), m, "planned"))
        return found

    def _proposal(self, i: int, j: int, m: int, status: str) -> Proposal:
        """Describe the proposal of move m from country i to country j."""
        move = self.world.moves[m]
        return Proposal(self.world.codes[i], self.world.codes[j], move.id, m, move.name,
                        move.summary, move.description, status,
                        describe_move(self.world, m, i, j))

    def respond(self, country: str, proposal: Proposal, accept: bool) -> None:
        """Accept or decline a proposal in `country`'s inbox (unanswered ones are declined)."""
        self._writable()
        if proposal.partner != country or proposal not in self.inbox(country):
            raise IllegalMoveError(
                f"{country} has no pending proposal '{proposal.name}' from {proposal.proposer}")
        answers = self._plan.answers.setdefault(country, {})
        answers[(proposal.proposer, proposal.move_id)] = bool(accept)

    def response(self, country: str, proposal: Proposal) -> bool | None:
        """The answer `country` has given this turn to `proposal`, or None."""
        return self._plan.answers.get(country, {}).get((proposal.proposer, proposal.move_id))

    def bloc_applications(self, country: str) -> list[Application]:
        """Applications to join a bloc of which `country` is a member, awaiting its vote."""
        k = self._index(country)
        state = self.state
        found = []
        for i, b in zip(*np.nonzero(state.applications[0]), strict=True):
            if int(i) != k and state.blocs[0, k, b] > 0:
                found.append(self._application(int(i), int(b)))
        return found

    def _application(self, i: int, b: int) -> Application:
        """Describe country i's application to bloc b."""
        world = self.world
        return Application(world.codes[i], world.bloc_ids[b], world.bloc_names[b], b,
                           bool(world.bloc_consensus[b]))

    def vote(self, country: str, application: Application, yes: bool) -> None:
        """Vote on an application to join a bloc (no vote counts as a refusal)."""
        self._writable()
        if application not in self.bloc_applications(country):
            raise IllegalMoveError(
                f"{country} has no vote on {application.applicant} joining {application.bloc}")
        votes = self._plan.votes.setdefault(country, {})
        votes[(application.applicant, application.bloc)] = bool(yes)

    # ------------------------------------------------------------ end of turn
    def end_turn(self) -> TurnReport:
        """Resolve the turn: computer players decide, the model steps, the game autosaves."""
        self._writable()
        if self.is_over:
            raise GameOverError("the game is over: start a new game or undo the last turn")
        rng_before = self.rng_state
        try:
            ai_seed, step_seed = draw_turn_seeds(self._rng)
            with model_numerics():
                record = self._gather(rng_before, ai_seed, step_seed)
                report = self._resolve(record)
        except BaseException:
            self._rng = rng_from_state(rng_before)  # a refused turn leaves the game as it was
            raise
        self._plan = _TurnPlan()
        self._undone.clear()
        self._autosave()
        return report

    def _gather(self, rng_before: dict[str, Any], ai_seed: int, step_seed: int) -> TurnRecord:
        """Collect every decision of the turn: the people's plans and the computer's choices."""
        from leverage.core.ai import choose_actions

        world, state, turn = self.world, self.state, self.turn
        levels = [self._level(code) for code in world.codes]
        computer = choose_actions(world, state, levels, new_rng(ai_seed))
        moves: list[LoggedMove] = []
        answers: list[LoggedAnswer] = []
        votes: list[LoggedVote] = []
        for i, code in enumerate(world.codes):
            human = levels[i] == "human"
            if human:
                moves.extend(self._logged(turn, m, computer=False) for m in self.planned(code))
            else:
                moves.extend(self._logged(turn, m, computer=True)
                             for m in self._computer_moves(i, computer.moves[0, i]))
            for p in self.inbox(code):
                if human:
                    accepted = bool(self.response(code, p))
                else:
                    accepted = bool(computer.accept[0, i, world.country(p.proposer), p.move_index])
                answers.append(LoggedAnswer(turn, code, p.proposer, p.move_id, accepted, not human))
            for a in self.bloc_applications(code):
                if human:
                    yes = bool(self._plan.votes.get(code, {}).get((a.applicant, a.bloc), False))
                else:
                    yes = bool(computer.votes[0, i, world.country(a.applicant), a.bloc_index])
                votes.append(LoggedVote(turn, code, a.applicant, a.bloc, yes, not human))
        return TurnRecord(turn, rng_before, ai_seed, step_seed, tuple(moves), tuple(answers),
                          tuple(votes), tuple(self._plan.events))

    def _computer_moves(self, i: int, row: np.ndarray) -> list[Move]:
        """The computer's moves for country i, keeping only legal ones within its budget."""
        mask, world = self._legal(), self.world
        left = self.budget(world.codes[i])
        chosen = []
        for m in np.flatnonzero(row):
            t, cost = int(row[m]) - 1, float(world.moves[m].cost)
            if 0 <= t < world.n and bool(mask[i, m, t]) and cost <= left + 1e-9:
                left -= cost
                chosen.append(Move(world.moves[m].id, world.codes[i], world.codes[t]))
        return chosen

    def _level(self, code: str) -> str:
        """The computer level deciding for `code` ('human' for a person's country)."""
        config = self.players.get(code)
        if config is None:
            return "easy"
        return "human" if config.human else config.level

    def _logged(self, turn: int, move: Move, computer: bool) -> LoggedMove:
        """The log entry of a move played this turn."""
        definition = self._move_def(move.move_id)
        return LoggedMove(turn, move.actor, move.move_id, definition.name, move.target,
                          move.reason, public=True, computer=computer)

    def _resolve(self, record: TurnRecord) -> TurnReport:
        """Step the model with the turn's decisions and keep the new state and its report."""
        before = self.state
        actions = build_actions(self.world, before, record)
        after, explanation = run_step(self.world, before, actions, record.step_seed)
        report = self._report(record, before, after, explanation)
        self.states.append(after)
        self.records.append(record)
        self.reports.append(report)
        return report

    def _report(self, record: TurnRecord, before: State, after: State,
                explanation: Any) -> TurnReport:
        """Build the report of one resolved turn."""
        scores_before = self.scores_of(before)
        scores_after = self.scores_of(after)
        changes = {c: scores_after[c] - scores_before[c] for c in scores_after}
        news = tuple(getattr(explanation, "news", ()) or ())
        return TurnReport(record.turn, date_label(self.world, record.turn), news, explanation,
                          changes, scores_after, record.moves, record.answers, record.votes)

    def autosave_now(self) -> None:
        """Autosave at once (e.g. as the game starts, before any turn is played)."""
        self._autosave()

    def _autosave(self) -> None:
        """Autosave into the user data folder; a failure is kept as a warning, never raised."""
        if not self.autosave:
            return
        from leverage.storage import autosave

        try:
            self.last_autosave = autosave(self)
            self.autosave_warning = None
        except (OSError, LeverageError) as error:
            self.autosave_warning = f"The game could not be autosaved: {error}"

    def _writable(self) -> None:
        """Refuse a change to a game opened read-only."""
        if self.read_only is not None:
            raise ReadOnlyError(self.read_only)

    def make_read_only(self, reason: str) -> None:
        """Open this game for looking only (`reason` says why): no plans, turns or autosaves."""
        self.read_only = reason
        self.load_warning = reason
        self.autosave = False
        self._plan = _TurnPlan()

    def undo(self) -> None:
        """Go back one resolved turn; the people's moves of that turn are planned again.

        Nothing changes when it fails: the record is only dropped once everything it needs
        (its generator state) has been checked."""
        if self.read_only is not None:
            raise NothingToUndoError(f"nothing can be undone: {self.read_only}")
        if not self.records:
            raise NothingToUndoError("nothing to undo: no turn has been played yet")
        record = self.records[-1]
        try:
            rng = rng_from_state(record.rng_state)
        except (TypeError, ValueError, KeyError) as error:
            raise NothingToUndoError(f"turn {record.turn} cannot be undone: its saved random "
                                     f"generator state is damaged ({error})") from None
        self.records.pop()
        self._undone.append(record)
        self.states.pop()
        self.reports.pop()
        self._rng = rng
        self._plan = _TurnPlan()
        for move in record.moves:
            if not move.computer:
                self._plan.moves.setdefault(move.country, []).append(
                    Move(move.move_id, move.country, move.target, move.reason))
        for answer in record.answers:
            if not answer.computer:
                slot = self._plan.answers.setdefault(answer.country, {})
                slot[(answer.proposer, answer.move_id)] = answer.accepted
        for vote in record.votes:
            if not vote.computer:
                self._plan.votes.setdefault(vote.country, {})[(vote.applicant, vote.bloc)] = vote.yes
        self._plan.events = list(record.events)

    @property
    def can_redo(self) -> bool:
        """True when a turn taken back by `undo` can be played again as it was."""
        return bool(self._undone)

    def redo(self) -> TurnReport:
        """Play again, exactly as it was, the last turn taken back by `undo`."""
        self._writable()
        if not self._undone:
            raise NothingToUndoError("nothing to redo: no turn has been taken back")
        record = self._undone.pop()
        self._rng = rng_from_state(record.rng_state)
        draw_turn_seeds(self._rng)
        report = self._resolve(record)
        self._plan = _TurnPlan()
        self._autosave()
        return report

    # ---------------------------------------------------------- a teacher's events
    def event_choices(self) -> list[tuple[str, str, str]]:
        """(id, title, text) of every event of the scenario, as it lists them."""
        return [(event.id, event.title, event.text) for event in self.world.events]

    def make_event_happen(self, event_id: str, on: bool = True) -> None:
        """Have an event happen at the end of this turn whatever its date, chance or condition
        (or no longer, with `on` False): for a teacher steering the class."""
        self._writable()
        if event_id not in {event.id for event in self.world.events}:
            raise IllegalMoveError(f"this scenario has no event {event_id!r}")
        if self.is_over:
            raise GameOverError("the game is over: start a new game or undo the last turn")
        events = self._plan.events
        if on and event_id not in events:
            events.append(event_id)
        elif not on and event_id in events:
            events.remove(event_id)

    def condition_words(self, condition: Any) -> str | None:
        """A move's or event's condition in plain words (None without one)."""
        from leverage.core.words import condition_words

        node = getattr(condition, "node", None)
        if node is None:
            return None
        key = id(node)  # the words depend on the condition and the world only
        if key not in self._words:
            self._words[key] = condition_words(node, self.world)
        return self._words[key]


    def event_effects(self, event_id: str) -> list[str]:
        """What an event does, one sentence per effect."""
        event = next(e for e in self.world.events if e.id == event_id)
        return [describe_effect(self.world, effect, max(effect.a, 0), max(effect.b, 0))
                for effect in event.effects if effect.kind not in HIDDEN_EFFECTS]

    def lessons_now(self) -> list[tuple[str, str]]:
        """(title, text) of a tutorial's lessons for the turn being played: its scripted events
        due at the end of this turn whose conditions hold now (none outside tutorials)."""
        if not getattr(self.loaded.scenario, "tutorial", False) or self.is_over:
            return []
        world, state = self.world, self.state
        lessons = []
        for e, event in enumerate(world.events):
            if event.turn != self.turn or event.chance < 1.0 or int(state.fired[0, e]):
                continue
            if event.when is not None and not float(event.when.evaluate(world, state)[0]):
                continue
            if event.unless is not None and float(event.unless.evaluate(world, state)[0]):
                continue
            lessons.append((event.title, event.text))
        return lessons

    def events_made_to_happen(self) -> tuple[str, ...]:
        """Ids of the events that will happen at the end of this turn because of a teacher."""
        return tuple(self._plan.events)

    # ---------------------------------------------------------------- scores
    def scores_of(self, state: State) -> dict[str, float]:
        """Score of each role in `state`, by country code (scored afresh before the first turn,
        whose state has no scores yet)."""
        score = state.score
        if state.turn == 0:
            from leverage.core.objectives import scores

            score = scores(self.world, state)
        return {self.world.codes[role.country]: float(score[0, r])
                for r, role in enumerate(self.world.roles)}

    def scores(self) -> dict[str, float]:
        """Current score (0-100) of each role, by country code."""
        return self.scores_of(self.state)

    def objective_status(self, code: str) -> list[tuple[str, float, float, float, float]]:
        """Each objective of `code`'s role: (text, value now, goal, fail, attainment 0..1)."""
        role = self._role(code)
        rows = []
        for objective in role.objectives:
            value = float(np.asarray(objective.expr.evaluate(self.world, self.state))[0])
            rows.append((objective.text, value, float(objective.goal), float(objective.fail),
                         attainment(value, objective.goal, objective.fail)))
        return rows

    def score_parts(self, code: str, state: State) -> list[tuple[str, float, float]]:
        """Each objective of `code`'s role in `state`: (text, value, points it adds to the
        score out of 100), the points summing to the score."""
        role = self._role(code)
        total = sum(max(o.weight, 0.0) for o in role.objectives) or 1.0
        parts = []
        for objective in role.objectives:
            value = float(np.asarray(objective.expr.evaluate(self.world, state))[0])
            points = 100.0 * max(objective.weight, 0.0) * attainment(
                value, objective.goal, objective.fail) / total
            parts.append((objective.text, value, points))
        return parts

    def _role(self, code: str) -> Any:
        """The role played by country `code`."""
        i = self._index(code)
        for role in self.world.roles:
            if role.country == i:
                return role
        raise SetupError(f"{code} has no role in this scenario")

    def winners(self) -> list[str]:
        """Roles whose score reaches their winning mark (final once the game is over)."""
        scores = self.scores()
        return [self.world.codes[r.country] for r in self.world.roles
                if scores[self.world.codes[r.country]] >= r.win]

    # ---------------------------------------------------------------- series
    def series(self, code: str, indicator: str) -> np.ndarray:
        """Indicator `indicator` of `code` at the start and after every turn played."""
        if indicator not in INDICATOR_NAMES:
            raise KeyError(f"unknown indicator '{indicator}'")
        i = self._index(code)
        return np.array([float(s.get(indicator, self.world.params)[0, i]) for s in self.states])

    def relation_series(self, a: str, b: str) -> np.ndarray:
        """Relation between a and b (-100..100) over the turns played."""
        i, j = self._index(a), self._index(b)
        return np.array([float(s.relations[0, i, j]) for s in self.states])

    def trade_series(self, a: str, b: str, goods: str | None = None) -> np.ndarray:
        """Exports of a to b ($bn a year) over the turns played: all of them, or one product
        group's (`derived.exports`)."""
        i, j = self._index(a), self._index(b)
        return np.array([float(exports(self.world, s, i, j, goods)[0]) for s in self.states])

    # ---------------------------------------------------------------- ledger
    def ledger(self, a: str, b: str) -> Ledger:
        """The bilateral ledger of a and b as they stand now."""
        i, j = self._index(a), self._index(b)
        s = self.state
        world = self.world
        deals = []
        for client, partner in ((i, j), (j, i)):
            for k, kind in enumerate(DEAL_KINDS):
                level = float(s.deals[0, client, partner, k])
                if level > 0:
                    deals.append(DealLine(kind, world.codes[client], world.codes[partner], level,
                                          DEAL_MEANINGS[kind]))
        link = any(d.kind == "payment_link" for d in deals)
        shared = tuple(world.bloc_ids[m] for m in range(len(world.bloc_ids))
                       if s.blocs[0, i, m] > 0 and s.blocs[0, j, m] > 0)
        log = self.log
        pending = [p for p in self.outbox(a) + self.outbox(b) if {p.proposer, p.partner} == {a, b}]
        return Ledger(
            a=a, b=b, relation=float(s.relations[0, i, j]),
            relation_history=self.relation_series(a, b),
            trade_ab=float(s.trade[0, i, j]), trade_ba=float(s.trade[0, j, i]),
            trade_ab_history=self.trade_series(a, b), trade_ba_history=self.trade_series(b, a),
            loans_ab=float(s.loans[0, i, j]), loans_ba=float(s.loans[0, j, i]),
            oil_repay_ab=float(s.oil_repay[0, i, j]), oil_repay_ba=float(s.oil_repay[0, j, i]),
            sanctions_ab=self._sanctions(i, j), sanctions_ba=self._sanctions(j, i),
            secondary=self._secondary(i, j), deals=tuple(deals),
            payments={a: self._payments(i), b: self._payments(j)}, payment_link=link,
            shared_blocs=shared,
            moves_ab=tuple(m for m in log if m.country == a and m.target == b),
            moves_ba=tuple(m for m in log if m.country == b and m.target == a),
            pending=tuple(pending),
            goods_ab=self._goods(i, j), goods_ba=self._goods(j, i),
            measures=self._measures(i, j) + self._measures(j, i),
        )

    def _goods(self, i: int, j: int) -> dict[str, float]:
        """Exports of country i to country j by product group (empty without goods)."""
        goods = self.state.goods
        if goods is None:
            return {}
        return {g: float(goods[0, i, j, k]) for k, g in enumerate(GOODS)}

    def _measures(self, i: int, j: int) -> tuple[MeasureLine, ...]:
        """Trade measures in force by country i on country j, group by group."""
        measures = self.state.measures
        if measures is None:
            return ()
        codes = self.world.codes
        return tuple(
            MeasureLine(codes[i], codes[j], kind, group, float(measures[0, i, j, g, k]),
                        MEASURE_MEANINGS[kind])
            for g, group in enumerate(GOODS) for k, kind in enumerate(MEASURE_KINDS)
            if measures[0, i, j, g, k] > 0)

    def _sanctions(self, i: int, j: int, kinds: Iterable[str] = SANCTION_KINDS) -> tuple[
            SanctionLine, ...]:
        """Sanctions imposed by country i on country j (in force or still biting)."""
        s = self.state
        lines = []
        for kind in kinds:
            k = SANCTION_KINDS.index(kind)
            level, bite = float(s.sanctions[0, i, j, k]), float(s.bite[0, i, j, k])
            if level > 0 or bite > 0:
                lines.append(SanctionLine(self.world.codes[i], self.world.codes[j], kind, level,
                                          bite, SANCTION_MEANINGS[kind]))
        return tuple(lines)

    def _secondary(self, i: int, j: int) -> tuple[SanctionLine, ...]:
        """Secondary sanctions on i or j (which reach whoever deals with them), or by them."""
        lines: list[SanctionLine] = []
        for x in range(self.world.n):
            for y in range(self.world.n):
                if x != y and (x in (i, j) or y in (i, j)):
                    lines.extend(self._sanctions(x, y, ("secondary",)))
        return tuple(lines)

    def _payments(self, i: int) -> dict[str, float]:
        """Payment-system shares of country i, in %."""
        return {p: float(self.state.ind[0, i, COL[f"pay_{p}"]]) for p in PAYMENT_SYSTEMS
                if f"pay_{p}" in COL}

    # -------------------------------------------------------------- forecast
    def forecast_seed(self, country: str, move_index: int, target: int) -> int:
        """A seed for forecasts, fixed by the game and the question, apart from the game's rng."""
        key = f"{self.seed}:{self.turn}:{country}:{move_index}:{target}".encode()
        return zlib.crc32(key) + (self.seed % 1000) * 2**32

    def moves_forecast_seed(self) -> int:
        """The seed of this turn's move forecasts: every candidate meets the same futures."""
        key = f"{self.seed}:{self.turn}:moves".encode()
        return zlib.crc32(key) + (self.seed % 1000) * 2**32

    def forecast(self, country: str, move: Move, futures: int = 1000, turns: int = 8,
                 indicators: Sequence[str] | None = None) -> Forecast:
        """Futures with and without `move` (delegates to leverage.core.forecast; own random stream).

        The futures without any move are the same for every candidate of a turn: they are
        worked out once and kept until the game moves on.
        """
        from leverage.core.forecast import baseline, forecast

        i = self._index(country)
        self._move_def(move.move_id)
        m = self.world.move_index(move.move_id)
        t = self._index(move.target)
        seed, names = self.moves_forecast_seed(), tuple(indicators or
                                                        self.forecast_indicators(country))
        kept = self._baseline
        with model_numerics():
            if kept is None or kept[0] is not self.state or not kept[1].serves(
                    futures, turns, seed, names):
                self._baseline = kept = (self.state, baseline(self.world, self.state, futures,
                                                              turns, seed, names))
            return forecast(self.world, self.state, i, m, t, futures=futures, turns=turns,
                            seed=seed, indicators=names, without=kept[1])

    def forecast_indicators(self, country: str) -> tuple[str, ...]:
        """What a forecast for `country` charts: the usual indicators, then those its role's
        objectives are about (the United States' 'fewer emigrants' adds emigrants)."""
        from leverage.core.forecast import DEFAULT_INDICATORS
        from leverage.core.vocab import INDICATOR_NAMES

        names = list(DEFAULT_INDICATORS)
        try:
            objectives = self._role(country).objectives
        except LeverageError:  # a country without a role
            return tuple(names)
        for objective in objectives:
            for name in re.findall(r"\b[A-Z]{3}\.([a-z_]+)", objective.expr.text):
                if name in INDICATOR_NAMES and name not in names:
                    names.append(name)
        return tuple(names)

    def forecast_proposal(self, country: str, proposal: Proposal, futures: int = 1000,
                          turns: int = 8, indicators: Sequence[str] | None = None) -> Forecast:
        """Futures where `country` accepts `proposal` against futures where it declines.

        Everything else is equal, as in `leverage.core.forecast`: nobody makes a new move, the
        futures with and without share their random draws, and the random stream is the
        forecast's own, so the game's generator is never touched.
        """
        from leverage.core.actions import Actions
        from leverage.core.forecast import Forecast, percentile_bands, run_futures

        if futures < 1 or turns < 1:
            raise ValueError("futures and turns must be at least 1")
        world = self.world
        j, i, m = self._index(country), self._index(proposal.proposer), proposal.move_index
        seed = self.forecast_seed(country, m, i) ^ 0x5EED
        names = tuple(indicators or self.forecast_indicators(country))
        accept = Actions.empty(futures, world.n, len(world.moves), len(world.bloc_ids))
        accept.accept[:, j, i, m] = True
        with model_numerics():
            with_it = run_futures(world, self.state, futures, turns, seed, names, accept)
            without = run_futures(world, self.state, futures, turns, seed, names)
        return Forecast(country=j, move_index=m, target=i, futures=futures, turns=turns,
                        seed=seed, indicators=names, with_move=percentile_bands(with_it),
                        without=percentile_bands(without))

    # ----------------------------------------------------------- replaying
    def restore(self, states: list[State], records: list[TurnRecord],
                rng_state: Mapping[str, Any]) -> None:
        """Put a loaded game's history in place and rebuild the turn reports."""
        self.states = list(states)
        self.records = list(records)
        self._rng = rng_from_state(rng_state)
        self._plan = _TurnPlan()
        self._mask = None
        self.reports = []
        self.load_warning = None
        for k, record in enumerate(self.records):
            before, after = self.states[k], self.states[k + 1]
            actions = build_actions(self.world, before, record)
            again, explanation = run_step(self.world, before, actions, record.step_seed)
            diff = states_equal(again, after)
            if diff is not None and self.load_warning is None:
                self.load_warning = (
                    f"This game was saved by a different version of the model: turn "
                    f"{record.turn} now gives a different '{diff}'. The saved states are kept; "
                    "the 'why' charts of past turns may not match them exactly.")
            self.reports.append(self._report(record, before, after, explanation))

    def plan_snapshot(self) -> dict[str, Any]:
        """The turn in progress (plans, answers, votes, who is ready, the events a teacher made
        happen) as JSON-able data."""
        return {
            "moves": {c: [[m.move_id, m.target, m.reason] for m in ms]
                      for c, ms in self._plan.moves.items() if ms},
            "answers": {c: [[p, mv, a] for (p, mv), a in sorted(d.items())]
                        for c, d in self._plan.answers.items()},
            "votes": {c: [[ap, bl, y] for (ap, bl), y in sorted(d.items())]
                      for c, d in self._plan.votes.items()},
            "ready": list(self._plan.ready),
            "events": list(self._plan.events),
            "class": {"pin_sha256": self.teacher_pin_hash, "turn_seconds": self.turn_seconds,
                      **({"host": self.hosting} if self.hosting else {})},
        }

    def restore_plan(self, data: Mapping[str, Any]) -> None:
        """Put back a saved turn in progress (moves no longer legal are dropped)."""
        self._plan = plan = _TurnPlan()
        for code, moves in data.get("moves", {}).items():
            for m, t, r in moves:
                try:
                    self.plan(str(code), Move(str(m), str(code), str(t), str(r)))
                except IllegalMoveError:
                    continue
        for code, rows in data.get("answers", {}).items():
            plan.answers[code] = {(str(p), str(m)): bool(a) for p, m, a in rows}
        for code, rows in data.get("votes", {}).items():
            plan.votes[code] = {(str(p), str(b)): bool(y) for p, b, y in rows}
        plan.ready = [str(c) for c in data.get("ready", [])]
        known = {event.id for event in self.world.events}
        plan.events = [str(e) for e in data.get("events", []) if str(e) in known]
        settings = data.get("class", {})
        self.teacher_pin_hash = str(settings.get("pin_sha256", "") or "")
        self.turn_seconds = max(0, int(settings.get("turn_seconds", 0) or 0))
        self.hosting = dict(settings.get("host") or {})


def attainment(value: float, goal: float, fail: float) -> float:
    """0 at `fail`, 1 at `goal`, linear in between (direction set by goal versus fail)."""
    if goal == fail:
        return 1.0 if value >= goal else 0.0
    return float(min(1.0, max(0.0, (value - fail) / (goal - fail))))


def _country(world: World, slot: int, actor: int, target: int) -> str:
    """The name of the country an effect slot stands for."""
    index = actor if slot == SELF else target if slot == TARGET else slot
    return world.names[index] if 0 <= index < world.n else "another country"


def describe_effect(world: World, effect: Effect, actor: int, target: int) -> str:
    """One sentence saying what an effect does when `actor` plays it on `target`."""
    a = _country(world, effect.a, actor, target)
    b = _country(world, effect.b, actor, target)
    amount, kind = float(effect.amount), effect.kind
    if kind == "sanction":
        what = SANCTION_KINDS[effect.item]
        if amount <= 0:
            return f"{a} lifts its {what} sanctions on {b}."
        return f"{a} imposes {what} sanctions on {b} (level {amount:.0%})."
    if kind == "deal":
        what = DEAL_KINDS[effect.item].replace("_", " ")
        if amount <= 0:
            return f"Ends the {what} agreement between {a} and {b}."
        article = "An" if what[0] in "aeiou" else "A"
        meaning = DEAL_MEANINGS[DEAL_KINDS[effect.item]]
        return f"{article} {what} agreement between {a} (client) and {b}: {meaning}"
    if kind == "policy":
        return f"{a} sets its {POLICY_KINDS[effect.item].replace('_', ' ')} policy to {amount:.0%}."
    if kind == "change":
        info = indicator(STORED[effect.item])
        unit = "points" if info.unit == "0-100" else info.unit
        when = "" if not effect.delay else (
            " from next turn" if effect.delay == 1 else f" starting in {effect.delay} turns")
        span = f" a turn for {effect.turns} turns" if effect.turns > 1 else ""
        return f"{info.label} of {a}: {amount:+g} {unit}{span}{when}."
    if kind == "relation":
        return f"Relations between {a} and {b} {amount:+g} points."
    if kind == "loan":
        oil = f", repaid with {effect.extra:g} kb/d of oil" if effect.extra > 0 else ""
        return f"{a} lends {b} ${amount:g}bn{oil}."
    if kind == "freeze":
        asset = ASSET_LABELS.get(RESERVE_ASSETS[effect.item], RESERVE_ASSETS[effect.item])
        return f"{b} freezes {amount:.0%} of {a}'s {asset}."
    if kind == "join":
        return f"{a} applies to join {world.bloc_names[effect.item]} (members decide)."
    if kind == "leave":
        return f"{a} leaves {world.bloc_names[effect.item]}."
    if kind == "flag":
        name = world.flag_names[effect.item].replace("_", " ")
        return f"Sets '{name}'." if amount > 0 else f"Clears '{name}'."
    if kind == "measure":
        group, measure = divmod(effect.item, len(MEASURE_KINDS))
        what = MEASURE_KINDS[measure].replace("_", " ")
        size = f"{abs(amount):.0%}"
        if amount > 0:
            return f"{a} adds {size} to its {what} on {b}'s {GOODS[group]} (measures add up)."
        return f"{a} takes {size} off its {what} on {b}'s {GOODS[group]}."
    if kind == "price":
        return f"World price of {GOODS[effect.item]} {amount:+.0%} of its starting price."
    return f"{kind} effect."


def describe_move(world: World, m: int, actor: int, target: int) -> tuple[str, ...]:
    """What move m does when `actor` plays it on `target`, one sentence per effect."""
    return tuple(describe_effect(world, e, actor, target) for e in world.moves[m].effects
                 if e.kind not in HIDDEN_EFFECTS)

