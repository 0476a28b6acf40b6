"""Indicators computed from the stored arrays: usable reserves, frozen share, oil exports."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from game.core.params import Params

if TYPE_CHECKING:
    from game.core.state import State

#: Reserve-asset column of each stored reserve indicator (same order as RESERVE_ASSETS).
RESERVE_COLUMNS: tuple[str, ...] = (
    "reserves_usd", "reserves_eur", "reserves_cny", "gold_home", "gold_abroad",
)
DERIVED: tuple[str, ...] = ("reserves", "frozen", "oil_exports")


def _reserve_slice() -> slice:
    """Columns of the reserve assets in State.ind (they are contiguous, in asset order)."""
    from game.core.state import COL

    return slice(COL[RESERVE_COLUMNS[0]], COL[RESERVE_COLUMNS[-1]] + 1)


def gold_channel(deals: np.ndarray, sanctions: np.ndarray) -> np.ndarray:
    """0..1 per country (B, N): can its home gold be sold through a refining deal in force?

    A deal with partner j is closed by gold sanctions from j, or from any country that also
    threatens secondary sanctions.
    """
    from game.core.vocab import DEAL_KINDS, SANCTION_KINDS

    deal = deals[..., DEAL_KINDS.index("gold_refining")]              # [b, client, partner]
    if not deal.any():
        return np.zeros(deal.shape[:2])
    gold = sanctions[..., SANCTION_KINDS.index("gold")]                # [b, by, on]
    secondary = sanctions[..., SANCTION_KINDS.index("secondary")]
    threat = np.max(gold * secondary, axis=1)                          # [b, on]
    block = np.maximum(np.swapaxes(gold, 1, 2), threat[:, :, None])    # [b, client, partner]
    return np.asarray(np.max(deal * (1.0 - block), axis=2))


def home_gold_value(params: Params, channel: np.ndarray) -> np.ndarray:
    """$bn per tonne of home gold counted as usable: at the haircut with a channel, else little."""
    liquid = params.gold_home_liquidity
    return np.asarray(params.gold_price * (liquid + (1.0 - params.gold_haircut - liquid)
                                           * channel))


def reserve_values(ind: np.ndarray, params: Params, channel: np.ndarray) -> np.ndarray:
    """Dollar value ($bn) of each reserve asset (B, N, 5); home gold at its usable value."""
    values = ind[:, :, _reserve_slice()] * np.array([1.0, 1.0, 1.0, 0.0, params.gold_price])
    values[:, :, 3] = ind[:, :, _reserve_slice()][:, :, 3] * home_gold_value(params, channel)
    return np.asarray(values)


def usable_reserves(ind: np.ndarray, frozen: np.ndarray, params: Params,
                    channel: np.ndarray) -> np.ndarray:
    """Usable reserves in $bn, (B, N): unfrozen cash and gold abroad, plus sellable home gold."""
    values = reserve_values(ind, params, channel) * (1.0 - frozen)
    return np.asarray(values.sum(axis=2))


def frozen_percent(ind: np.ndarray, frozen: np.ndarray, params: Params) -> np.ndarray:
    """Share of reserves (by value, gold at full price) frozen abroad, in % (B, N)."""
    from game.core.state import COL

    cols = [COL[c] for c in RESERVE_COLUMNS]
    values = ind[:, :, cols] * np.array([1.0, 1.0, 1.0, params.gold_price, params.gold_price])
    total = values.sum(axis=2)
    held = (values * frozen).sum(axis=2)
    return np.asarray(np.where(total > 0, 100.0 * held / np.maximum(total, 1e-12), 0.0))


def oil_exports(ind: np.ndarray, params: Params) -> np.ndarray:
    """Crude shipped abroad in kb/d (B, N): output less home use (loan repayments included)."""
    from game.core.state import COL

    output = ind[:, :, COL["oil_output"]]
    demand = np.maximum(params.oil_home_use * output, params.oil_intensity * ind[:, :, COL["gdp"]])
    return np.asarray(np.maximum(output - demand, 0.0))


def derived_indicator(state: State, name: str, params: Params | None = None) -> np.ndarray:
    """Return the derived indicator `name` as (B, N) (KeyError for an unknown name)."""
    p = params if params is not None else Params()
    if name == "reserves":
        return usable_reserves(state.ind, state.frozen, p,
                               gold_channel(state.deals, state.sanctions))
    if name == "frozen":
        return frozen_percent(state.ind, state.frozen, p)
    if name == "oil_exports":
        return oil_exports(state.ind, p)
    raise KeyError(name)
