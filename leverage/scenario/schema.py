"""The scenario format as pydantic models (structure, types and ranges; names are checked later).

Every model forbids unknown keys.  Union members carry tags starting with `~` so that an error's
location can be walked back to the YAML node it came from (see `loader.Document.locate`).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    model_validator,
)

from leverage.core.expr import did_you_mean
from leverage.core.vocab import DEAL_KINDS, GOODS, MEASURE_KINDS, POLICY_KINDS, SANCTION_KINDS
from leverage.files import MAX_NAME_CHARS

#: Longest id (of a move, event, source, flag or bloc), in characters.
MAX_ID_CHARS = 64
#: Longest condition or objective expression, in characters.
MAX_EXPRESSION_CHARS = 2000
CODE_RE = r"^[A-Z]{3}$"
ID_RE = r"^[a-z0-9_]+$"
BLOC_RE = r"^[A-Za-z0-9_]+$"
DATE_RE = r"^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$"
COLOUR_RE = r"^#[0-9a-fA-F]{6}$"
FREEZE_ASSETS: tuple[str, ...] = ("usd", "eur", "cny", "gold_abroad")
EFFECT_KINDS: tuple[str, ...] = (
    "sanction", "deal", "policy", "change", "relation", "loan", "freeze", "join", "leave", "flag",
    "measure", "price",
)
#: What an effect's `goods:` list may name: the product groups, or `all` of them.
GOODS_OR_ALL: tuple[str, ...] = (*GOODS, "all")
#: What a pattern means, for error messages.
PATTERN_MEANINGS: dict[str, str] = {
    CODE_RE: "a country code: three upper-case letters, e.g. VEN",
    ID_RE: "an id: lower-case letters, digits and _",
    BLOC_RE: "a bloc id: letters, digits and _",
    DATE_RE: "a date written YYYY-MM or YYYY-MM-DD",
    COLOUR_RE: "a colour written #rrggbb",
}
_CODE = re.compile(CODE_RE)


def parse_date(text: str) -> tuple[int, int, int]:
    """(year, month, day) of a `YYYY-MM` or `YYYY-MM-DD` date (day 1 when absent)."""
    parts = [int(p) for p in text.split("-")]
    return parts[0], parts[1], parts[2] if len(parts) > 2 else 1


def _valid_date(text: str) -> str:
    """Check month and day ranges."""
    year, month, day = parse_date(text)
    if not 1 <= month <= 12:
        raise ValueError(f"month {month:02d} is not between 01 and 12")
    if not 1000 <= year <= 9999:
        raise ValueError(f"'{text}' is not a real date (years run from 1000 to 9999)")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValueError(f"'{text}' is not a real date: {calendar.month_name[month]} {year} "
                         f"has {last} days")
    return text


def _vocabulary(words: Sequence[str], what: str) -> Callable[[str], str]:
    """A validator accepting one of `words`, suggesting the closest on a miss."""

    def check(value: str) -> str:
        """Accept a known word."""
        if value not in words:
            hint = did_you_mean(value, words)
            listed = "" if hint else f" (one of: {', '.join(words)})"
            raise ValueError(f"unknown {what} '{value}'{hint}{listed}")
        return value

    return check


def _format(value: int) -> int:
    """Only format 1 exists."""
    if value != 1:
        raise ValueError(
            f"format {value} is not supported; this version of Leverage reads format 1"
        )
    return value


def _who(value: str) -> str:
    """self, target or a country code."""
    if value in ("self", "target") or _CODE.match(value):
        return value
    raise ValueError(f"expected self, target or a country code (e.g. VEN), got '{value}'")


def _by_item(value: str) -> str:
    """any or a country code."""
    if value == "any" or _CODE.match(value):
        return value
    raise ValueError(f"expected a country code (e.g. VEN) or any, got '{value}'")


def _target_item(value: str) -> str:
    """self, any, others or a country code."""
    if value in ("self", "any", "others") or _CODE.match(value):
        return value
    raise ValueError(f"expected a country code (e.g. VEN), self, any or others, got '{value}'")


Code = Annotated[str, Field(pattern=CODE_RE)]
Ident = Annotated[str, Field(pattern=ID_RE, max_length=MAX_ID_CHARS)]
BlocId = Annotated[str, Field(pattern=BLOC_RE, max_length=MAX_ID_CHARS)]
Date = Annotated[str, Field(pattern=DATE_RE), AfterValidator(_valid_date)]
#: Longest paragraph text (a briefing, a summary, a quote), in characters.
MAX_PROSE_CHARS = 10_000
Text = Annotated[str, Field(min_length=1, max_length=MAX_PROSE_CHARS)]
#: Text that may be empty.
Prose = Annotated[str, Field(max_length=MAX_PROSE_CHARS)]
#: A name or title: one line, at most MAX_NAME_CHARS characters.
Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME_CHARS)]
Finite = Annotated[float, Field(allow_inf_nan=False)]
Level = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
Who = Annotated[str, AfterValidator(_who)]
ByItem = Annotated[str, AfterValidator(_by_item)]
TargetItem = Annotated[str, AfterValidator(_target_item)]
SanctionKind = Annotated[str, AfterValidator(_vocabulary(SANCTION_KINDS, "sanction kind"))]
DealKind = Annotated[str, AfterValidator(_vocabulary(DEAL_KINDS, "deal kind"))]
PolicyKind = Annotated[str, AfterValidator(_vocabulary(POLICY_KINDS, "policy kind"))]
FreezeAsset = Annotated[str, AfterValidator(_vocabulary(FREEZE_ASSETS, "reserve asset"))]
MeasureKind = Annotated[str, AfterValidator(_vocabulary(MEASURE_KINDS, "measure kind"))]
GoodsGroup = Annotated[str, AfterValidator(_vocabulary(GOODS, "product group"))]
GoodsItem = Annotated[str, AfterValidator(_vocabulary(GOODS_OR_ALL, "product group"))]
Expression = Annotated[str, Field(min_length=1, max_length=MAX_EXPRESSION_CHARS)]
FormatVersion = Annotated[int, AfterValidator(_format)]


class Base(BaseModel):
    """Strict, frozen, no unknown keys."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=False)


class Sourced(Base):
    """A number with its source (an id in `sources`) or the assumption behind it."""

    value: Finite
    source: Ident | None = None
    assumption: Text | None = None


def _number_tag(value: Any) -> str:
    """Which form a number takes: a mapping with a source, or a plain number."""
    return "~sourced" if isinstance(value, dict) else "~number"


Num = Annotated[
    Annotated[Finite, Tag("~number")] | Annotated[Sourced, Tag("~sourced")],
    Discriminator(_number_tag),
]


def value_of(number: float | Sourced) -> float:
    """The number itself, with or without its source."""
    return number.value if isinstance(number, Sourced) else float(number)


# ----------------------------------------------------------------------------------------------
# Effects


class SanctionEffect(Base):
    """Impose (level > 0) or lift (level 0) a sanction of `by` on `on`."""

    sanction: SanctionKind
    level: Level = 1.0
    by: Who = "self"
    on: Who = "target"


class DealEffect(Base):
    """Start (level > 0) or end (level 0) a deal; `client` receives the service."""

    deal: DealKind
    client: Who = "self"
    partner: Who | None = None
    level: Level = 1.0


class PolicyEffect(Base):
    """Set a domestic policy lever."""

    policy: PolicyKind
    level: Level = 1.0
    of: Who = "self"


class ChangeEffect(Base):
    """Add `by` to a stored indicator (not a derived one) each turn for `turns` turns, after
    `delay` turns."""

    change: str
    of: Who = "self"
    by: Finite
    turns: Annotated[int, Field(ge=1, le=24)] = 1
    delay: Annotated[int, Field(ge=0, le=23)] = 0

    @model_validator(mode="after")
    def _within_horizon(self) -> ChangeEffect:
        """The last change must fall within the 24 turns the model schedules ahead."""
        if self.delay + self.turns > 24:
            raise ValueError(f"delay + turns must be at most 24 (got {self.delay} + {self.turns})")
        return self


class RelationEffect(Base):
    """Shift relations between two countries by this many points."""

    relation: Annotated[float, Field(ge=-200.0, le=200.0, allow_inf_nan=False)]
    of: Who = "self"
    with_: Who = Field(default="target", alias="with")


class LoanEffect(Base):
    """A new loan of this many $bn: cash to the borrower, debt to the lender; `oil_repaid` is
    the oil (kb/d) shipped to repay it."""

    loan: Annotated[float, Field(gt=0.0, le=10000.0, allow_inf_nan=False)]
    lender: Who = "self"
    borrower: Who | None = None
    oil_repaid: Annotated[float, Field(ge=0.0, le=20000.0, allow_inf_nan=False)] = 0.0


class FreezeEffect(Base):
    """Freeze a share of a country's reserve asset."""

    freeze: FreezeAsset
    of: Who = "target"
    by: Who = "self"
    share: Level = 1.0


class JoinEffect(Base):
    """Apply to join a bloc; its members decide (by consensus or majority)."""

    join: BlocId
    of: Who = "self"


class LeaveEffect(Base):
    """Leave a bloc."""

    leave: BlocId
    of: Who = "self"


class FlagEffect(Base):
    """Set (or clear) a named flag, which conditions read with `flag(NAME)`."""

    flag: Ident
    value: bool = True


class MeasureEffect(Base):
    """Add `add` to a trade measure of `by` on `on` for some product groups (a tariff's rate,
    or a ban's or quota's level); measures stack, and a negative amount lifts them."""

    measure: MeasureKind
    goods: Annotated[list[GoodsItem], Field(min_length=1)]
    add: Annotated[float, Field(ge=-10.0, le=10.0, allow_inf_nan=False)]
    by: Who = "self"
    on: Who = "target"


class PriceEffect(Base):
    """Add `add` to the world price of a product group (1.0 = its price at the start)."""

    price: GoodsGroup
    add: Annotated[float, Field(ge=-5.0, le=5.0, allow_inf_nan=False)]

    @model_validator(mode="after")
    def _not_energy(self) -> PriceEffect:
        """Energy's price is the oil price, which its own model moves."""
        if self.price == "energy":
            raise ValueError("the energy group's price is the oil price, which moves by itself "
                             "(`oil_price_sigma`); move another group's price")
        return self


AnyEffect = (
    SanctionEffect | DealEffect | PolicyEffect | ChangeEffect | RelationEffect | LoanEffect
    | FreezeEffect | JoinEffect | LeaveEffect | FlagEffect | MeasureEffect | PriceEffect
)


def _effect_tag(value: Any) -> str | None:
    """The effect kind: the one effect key present in the mapping (None if not exactly one)."""
    if not isinstance(value, dict):
        return None
    present = [k for k in EFFECT_KINDS if k in value]
    return "~" + present[0] if len(present) == 1 else None


Effect = Annotated[
    Annotated[SanctionEffect, Tag("~sanction")]
    | Annotated[DealEffect, Tag("~deal")]
    | Annotated[PolicyEffect, Tag("~policy")]
    | Annotated[ChangeEffect, Tag("~change")]
    | Annotated[RelationEffect, Tag("~relation")]
    | Annotated[LoanEffect, Tag("~loan")]
    | Annotated[FreezeEffect, Tag("~freeze")]
    | Annotated[JoinEffect, Tag("~join")]
    | Annotated[LeaveEffect, Tag("~leave")]
    | Annotated[FlagEffect, Tag("~flag")]
    | Annotated[MeasureEffect, Tag("~measure")]
    | Annotated[PriceEffect, Tag("~price")],
    Discriminator(
        _effect_tag,
        custom_error_type="effect",
        custom_error_message=(
            "an effect is a mapping with exactly one of: " + ", ".join(EFFECT_KINDS)
        ),
    ),
]

# ----------------------------------------------------------------------------------------------
# Moves and events

Cost = Annotated[float, Field(ge=0.0, le=20.0, allow_inf_nan=False)]
MoveKind = Literal["instant", "ongoing", "proposal"]


class Move(Base):
    """A move defined in full."""

    id: Ident
    name: Name
    by: Annotated[list[ByItem], Field(min_length=1)]
    target: Annotated[list[TargetItem], Field(min_length=1)] = ["self"]
    cost: Cost = 1.0
    kind: MoveKind = "instant"
    once: bool = False
    when: Expression | None = None
    summary: Text
    description: Prose = ""
    source: Prose = ""
    effects: list[Effect] = []


class UseMove(Base):
    """A library move taken in, with optional overrides."""

    use: Ident
    by: Annotated[list[ByItem], Field(min_length=1)] | None = None
    target: Annotated[list[TargetItem], Field(min_length=1)] | None = None
    cost: Cost | None = None
    when: Expression | None = None
    name: Name | None = None
    summary: Text | None = None


def _move_tag(value: Any) -> str:
    """`use:` items versus full moves."""
    return "~use" if isinstance(value, dict) and "use" in value else "~move"


MoveItem = Annotated[
    Annotated[Move, Tag("~move")] | Annotated[UseMove, Tag("~use")],
    Discriminator(_move_tag),
]


class Event(Base):
    """A scripted or random event."""

    id: Ident
    title: Name
    text: Prose = ""
    date: Date | None = None
    when: Expression | None = None
    chance: Level = 1.0
    unless: Expression | None = None
    once: bool = True
    source: Prose = ""
    effects: list[Effect] = []


# ----------------------------------------------------------------------------------------------
# Roles and history


class Objective(Base):
    """A scored aim: attainment 0 at `fail`, 1 at `goal`."""

    text: Text
    expr: Expression
    goal: Finite
    fail: Finite
    weight: Annotated[float, Field(gt=0.0, le=100.0, allow_inf_nan=False)] = 1.0


#: The indicators the turn screen's panel shows for a country, in order (names in
#: docs/reference.md); empty: the game's own list, without the rows that do not apply.
PanelIndicators = Annotated[list[Annotated[str, Field(min_length=1, max_length=40)]],
                            Field(max_length=30)]


class Role(Base):
    """A playable role."""

    title: Name
    briefing: Prose = ""
    objectives: Annotated[list[Objective], Field(min_length=1)]
    win: Annotated[float, Field(ge=0.0, le=100.0, allow_inf_nan=False)] = 50.0
    indicators: PanelIndicators = []


class HistoryMove(Base):
    """A move that really happened."""

    date: Date
    by: Code
    move: Ident
    target: Code | None = None


class HistoryEvent(Base):
    """Something that really happened."""

    date: Date
    text: Text
    source: Prose = ""


class SeriesPoint(Base):
    """A real value at a date."""

    date: Date
    value: Finite
    source: Ident | None = None
    assumption: Text | None = None


class TradeSeries(Base):
    """Real exports from one country to another ($bn a year), of one product group or all."""

    from_: Code = Field(alias="from")
    to: Code
    goods: GoodsGroup | None = None
    points: Annotated[list[SeriesPoint], Field(min_length=1)]


class History(Base):
    """What really happened."""

    summary: Prose = ""
    moves: list[HistoryMove] = []
    events: list[HistoryEvent] = []
    series: dict[str, dict[Code, list[SeriesPoint]]] = {}
    trade: list[TradeSeries] = []


# ----------------------------------------------------------------------------------------------
# The world at the start


class Source(Base):
    """An article or document the scenario relies on."""

    id: Ident
    title: Name
    outlet: Name
    date: Date
    url: str | None = None
    quotes: list[Prose] = []


class Country(Base):
    """A country and its starting indicators."""

    code: Code
    name: Name
    colour: Annotated[str, Field(pattern=COLOUR_RE)] = "#8c8c8c"
    capital: Annotated[float, Field(ge=1.0, le=20.0, allow_inf_nan=False)] = 3.0
    home_payment: Literal["usd", "eur", "cny", "mir", "barter"] = "usd"
    gold_abroad_at: Code | None = None
    start: dict[str, Num] = {}
    indicators: PanelIndicators = []
    #: This country's own values of some model parameters (`params.COUNTRY_PARAMS`).
    model: dict[str, Finite] = {}


class Bloc(Base):
    """A bloc of countries."""

    id: Annotated[str, Field(pattern=BLOC_RE)]
    name: Name
    members: list[Code] = []
    decides_by: Literal["consensus", "majority"] = "consensus"


class Relation(Base):
    """Starting relations between two countries; `gamma_hostility` how much hostility between
    them cuts their trade (default: the model's `gamma_hostility`)."""

    between: Annotated[list[Code], Field(min_length=2, max_length=2)]
    value: Num
    gamma_hostility: Annotated[float, Field(ge=0.0, le=5.0, allow_inf_nan=False)] | None = None


class Trade(Base):
    """Starting exports from one country to another, $bn a year."""

    from_: Code = Field(alias="from")
    to: Code
    value: Num


class GoodsShares(Base):
    """Shares of each product group in exports from one country (to one partner, or to all):
    the groups not named share the rest in the default proportions."""

    from_: Code = Field(alias="from")
    to: Code | None = None
    shares: Annotated[dict[GoodsGroup, Level], Field(min_length=1)]
    source: Ident | None = None
    assumption: Text | None = None


class MeasureInForce(Base):
    """A trade measure in force at the start: `by` on `on`'s goods of some groups (a tariff's
    rate, or a ban's or quota's level); entries on the same goods add up."""

    by: Code
    on: Code
    measure: MeasureKind
    goods: Annotated[list[GoodsItem], Field(min_length=1)]
    level: Annotated[float, Field(gt=0.0, le=10.0, allow_inf_nan=False)]
    since: Date | None = None
    source: Prose = ""


class Loan(Base):
    """A starting loan, $bn owed by the debtor to the creditor."""

    debtor: Code
    creditor: Code
    value: Num
    oil_repaid: Num = 0.0


class SanctionInForce(Base):
    """A sanction in force at the start."""

    by: Code
    on: Code
    kind: SanctionKind
    level: Level = 1.0
    since: Date | None = None
    source: Prose = ""


class DealInForce(Base):
    """A deal in force at the start."""

    kind: DealKind
    client: Code
    partner: Code
    level: Level = 1.0
    since: Date | None = None
    source: Prose = ""


class Calendar(Base):
    """When the game starts, how long a turn is and how many turns there are."""

    start: Date | None = None
    months_per_turn: Annotated[int, Field(ge=1, le=12)] = 3
    turns: Annotated[int, Field(ge=1, le=60)] = 12


class Scenario(Base):
    """A whole scenario file."""

    format: FormatVersion
    id: Ident
    title: Name
    summary: Text
    date: Date
    difficulty: Literal["easy", "medium", "hard"] = "medium"
    authors: list[Prose] = []
    licence: Prose = ""
    tutorial: bool = False
    uses: list[Ident] = []
    calendar: Calendar = Calendar()
    sources: list[Source] = []
    countries: Annotated[list[Country], Field(min_length=1)]
    blocs: list[Bloc] = []
    relations: list[Relation] = []
    trade: list[Trade] = []
    goods: list[GoodsShares] = []
    loans: list[Loan] = []
    sanctions: list[SanctionInForce] = []
    measures: list[MeasureInForce] = []
    deals: list[DealInForce] = []
    moves: list[MoveItem] = []
    events: list[Event] = []
    roles: dict[Code, Role] = {}
    questions: list[Prose] = []
    history: History = History()
    model: dict[str, Finite] = {}

    def panel_indicators(self, code: str) -> tuple[str, ...]:
        """The indicators the scenario lists for `code`'s panel: its country's list, else its
        role's; empty when it lists none (the game then chooses)."""
        country = next((c for c in self.countries if c.code == code), None)
        if country is not None and country.indicators:
            return tuple(country.indicators)
        role = self.roles.get(code)
        return tuple(role.indicators) if role is not None else ()


class Library(Base):
    """A library file of standard moves."""

    format: FormatVersion
    library: Ident
    title: Prose = ""
    sources: list[Source] = []
    moves: list[Move] = []


#: Keys of each model, for "did you mean" on unknown keys.
def model_keys(model: type[BaseModel]) -> list[str]:
    """The keys a model accepts (aliases where set)."""
    return [f.alias or name for name, f in model.model_fields.items()]
