"""The game state: an immutable bundle of numpy arrays with a leading batch axis B."""

from __future__ import annotations

from dataclasses import Field, dataclass, field, fields, replace
from typing import Any

import numpy as np

from leverage.core.params import Params
from leverage.core.vocab import INDICATORS

#: Indicators held in the `ind` array, in column order.  Derived ones are computed on demand.
STORED: tuple[str, ...] = tuple(i.name for i in INDICATORS if i.stored)
COL: dict[str, int] = {name: k for k, name in enumerate(STORED)}
#: How many turns ahead `change` effects with delay/turns can be scheduled.
HORIZON = 24
#: Oil-backed loans kept apart per (borrower, lender); a further one joins the last.
LOAN_SLOTS = 4


def compact(value: np.ndarray) -> np.ndarray:
    """`value`, or its first game alone when one value is broadcast to every game (stride 0).

    Arithmetic on the compact form broadcasts like the full one but does the work once.
    """
    if value.ndim and value.shape[0] > 1 and value.strides[0] == 0:
        return value[:1]
    return value


def widen(value: np.ndarray, batch: int) -> np.ndarray:
    """`value` with `batch` games: a read-only broadcast view when it holds one game for all."""
    if value.shape[0] == batch:
        return value
    return spread(value, batch)


def spread(value: np.ndarray, batch: int) -> np.ndarray:
    """The first game of `value` as `batch` games: a read-only view (stride 0), no copy."""
    return np.broadcast_to(value[:1], (batch,) + value.shape[1:])


@dataclass(frozen=True)
class State:
    """Everything that changes during a game; B games side by side, N countries.

    Shapes: B batch, N countries, I stored indicators, KS sanction kinds, KD deal kinds,
    KP policy kinds, M blocs, Mv moves, E events, F flags, R roles, H horizon.
    """

    turn: int                  # turns completed; 0 before the first turn
    ind: np.ndarray            # (B, N, I) stored indicators, columns named by STORED
    relations: np.ndarray      # (B, N, N) -100..100, symmetric
    anchor: np.ndarray         # (B, N, N) long-run ties (moves shift it, shifts fade), symmetric
    trade: np.ndarray          # (B, N, N) exports from i to j, $bn a year
    loans: np.ndarray          # (B, N, N) owed by i to j, $bn
    oil_repay: np.ndarray      # (B, N, N) kb/d that i ships to j to repay loans
    sanctions: np.ndarray      # (B, N, N, KS) level 0..1 imposed by i on j
    bite: np.ndarray           # (B, N, N, KS) accumulated bite 0..1 (grows while in force, fades after)
    deals: np.ndarray          # (B, N, N, KD) 0..1, [client, partner, kind]
    policies: np.ndarray       # (B, N, KP) policy level chosen, 0..1
    policy_eff: np.ndarray     # (B, N, KP) policy level in effect (moves towards `policies`)
    frozen: np.ndarray         # (B, N, 5) frozen share of each reserve asset
    blocs: np.ndarray          # (B, N, M) membership 0/1
    pending: np.ndarray        # (B, N, N, Mv) bool: proposal of move m from i to j awaiting an answer
    applications: np.ndarray   # (B, N, M) bool: application to join bloc awaiting votes
    #: (B, H, N, I) indicator changes due in 1..H turns (index 0 = next turn); H is HORIZON at
    #: the start, then as many turns as the world's effects can schedule ahead.
    scheduled: np.ndarray
    flags: np.ndarray          # (B, F) bool
    fired: np.ndarray          # (B, E) int: times each event has fired
    played: np.ndarray         # (B, N, Mv) int: times each country played each move
    oil_price: np.ndarray      # (B,) $/bbl
    score: np.ndarray          # (B, R) current score 0..100 of each role
    gold_price: np.ndarray | None = None  # (B,) $bn per tonne; None: the model's default price
    #: (B, N, N) gravity baseline: trade at the starting GDP with no sanctions or hostility;
    #: None until the first turn derives it from the starting trade.
    trade_free: np.ndarray | None = None
    #: (B, N) stability in normal times (None until the first turn takes the starting value).
    stability_norm: np.ndarray | None = None
    #: (B, N) share of oil output without buyers because of embargoes at the start (None until
    #: the first turn derives it): the starting output already reflects it.
    oil_unsold0: np.ndarray | None = None
    #: (B, N, N) long-run ties at the start, on the unbounded scale of the relations' target
    #: (where one-off shifts of `anchor` fade back to); None until the first turn derives it.
    anchor0: np.ndarray | None = None
    #: (B, N, K) resting payment shares: where the shares settle when partners' use, links,
    #: sanction risk and de-dollarising stay as at the start (None until the first turn or
    #: `prepare_state` derives them from the starting shares).
    pay_base: np.ndarray | None = None
    #: (B, N, N, LOAN_SLOTS) $bn still to repay in oil of each oil-backed loan [borrower,
    #: lender, loan]; with `oil_loan_kbd` the kb/d pledged to each.  `oil_repay` is their sum.
    #: None: one loan per pair, the pair's whole debt at its barrels (`loan_slots`).
    oil_loans: np.ndarray | None = None
    oil_loan_kbd: np.ndarray | None = None
    #: (B, N, N, G) exports from i to j by product group (`vocab.GOODS`), $bn a year; their
    #: sum over groups is `trade`.  None in a world without goods (`World.goods0` None).
    goods: np.ndarray | None = None
    #: (B, N, N, G, KM) trade measures in force [by, on, group, kind] (`vocab.MEASURE_KINDS`):
    #: a tariff's rate, or the level of a ban, informal ban or quota.  None: no goods.
    measures: np.ndarray | None = None
    #: (B, G) price of each product group, 1.0 at the start.  None: no goods.
    goods_price: np.ndarray | None = None
    #: (B, N, N, G) resales that the measures in force at the start already put in the starting
    #: trade (None: no such measures); they go when those measures are lifted.
    goods_resold0: np.ndarray | None = None
    #: Derived indicators already worked out for this State: name -> (the parameters used, the
    #: values).  A memo of pure functions of the arrays above, which are never written once the
    #: State is made; every new State (`evolve`, `select`, a turn) starts with an empty one.
    derived: dict[str, tuple[Params, np.ndarray]] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    @property
    def batch(self) -> int:
        """Number of games side by side."""
        return int(self.ind.shape[0])

    def get(self, name: str, params: Params | None = None) -> np.ndarray:
        """Return indicator `name` as a (B, N) array, stored or derived.

        A derived indicator (usable reserves, frozen share, oil exports) is worked out with the
        scenario's parameters, `params` (the World's), once per State and parameters (read-only);
        asking for one without them is an error.
        """
        from leverage.core.derived import derived_indicator

        if name in COL:
            return self.ind[:, :, COL[name]]
        if params is None:
            raise ValueError(f"the indicator {name!r} is worked out with the scenario's "
                             f"parameters: pass the World's params")
        kept = self.derived.get(name)
        if kept is not None and (kept[0] is params or kept[0] == params):
            return kept[1]
        value = derived_indicator(self, name, params)
        value.flags.writeable = False
        self.derived[name] = (params, value)
        return value

    def evolve(self, **changes: Any) -> State:
        """Return a copy with some fields replaced."""
        return replace(self, **changes)

    def select(self, index: int | np.ndarray) -> State:
        """Return the games at `index` (an int keeps a batch axis of 1).

        An array that holds one value for every game stays shared (a read-only broadcast view).
        """
        idx = np.atleast_1d(np.asarray(index))
        kwargs: dict[str, Any] = {}
        for f in _stored_fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, np.ndarray):
                kwargs[f.name] = value
            elif idx.size > 1 and value.shape[0] > 1 and value.strides[0] == 0:
                kwargs[f.name] = spread(value, idx.size)
            else:
                kwargs[f.name] = value[idx]
        return State(**kwargs)

    def repeat(self, count: int) -> State:
        """Return this single game `count` times along the batch axis.

        Every array is shared (a read-only broadcast view of the first game) rather than copied:
        a turn works on shared arrays once (see `compact`) and copies one when it writes to some
        games only (see `rules.Work.mut`).
        """
        kwargs: dict[str, Any] = {}
        for f in _stored_fields(self):
            value = getattr(self, f.name)
            if isinstance(value, np.ndarray):
                kwargs[f.name] = spread(value, count)
            else:
                kwargs[f.name] = value
        return State(**kwargs)

    def compacted(self) -> State:
        """This state with every shared array in its compact form (batch axis 1; for reading)."""
        kwargs: dict[str, Any] = {}
        for f in _stored_fields(self):
            value = getattr(self, f.name)
            kwargs[f.name] = compact(value) if isinstance(value, np.ndarray) else value
        return State(**kwargs)

    def arrays(self) -> dict[str, np.ndarray]:
        """Return every array field by name (for saving and comparing)."""
        return {f.name: getattr(self, f.name) for f in _stored_fields(self)
                if f.name != "turn" and getattr(self, f.name) is not None}


def loan_slots(loans: np.ndarray, oil_repay: np.ndarray, oil_loans: np.ndarray | None,
               oil_loan_kbd: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """The oil-backed loans (amounts, kb/d) of a state; when it keeps none, one loan per pair
    repaid in oil: the pair's whole debt at its barrels."""
    if oil_loans is not None and oil_loan_kbd is not None:
        return oil_loans, oil_loan_kbd
    shape = np.broadcast_shapes(loans.shape, oil_repay.shape) + (LOAN_SLOTS,)
    owed, kbd = np.zeros(shape), np.zeros(shape)
    pledged = oil_repay > 0.0
    owed[..., 0] = np.where(pledged, loans, 0.0)
    kbd[..., 0] = np.where(pledged, oil_repay, 0.0)
    return owed, kbd


def _stored_fields(state: State) -> tuple[Field[Any], ...]:
    """The State's own fields (its constructor's arguments; not the memo of derived values)."""
    return tuple(f for f in fields(state) if f.init)
