"""Indicators computed from the stored arrays: usable reserves, frozen share, oil exports."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from game.core.mechanisms import anywhere, lastmax, lastsum
from game.core.params import Params
from game.core.state import COL
from game.core.vocab import DEAL_KINDS, SANCTION_KINDS

if TYPE_CHECKING:
    from game.core.state import State

#: Reserve-asset column of each stored reserve indicator (same order as RESERVE_ASSETS).
RESERVE_COLUMNS: tuple[str, ...] = (
    "reserves_usd", "reserves_eur", "reserves_cny", "gold_home", "gold_abroad",
)
DERIVED: tuple[str, ...] = ("reserves", "frozen", "oil_exports")
_GOLD, _FIN, _SECONDARY = (SANCTION_KINDS.index(k) for k in ("gold", "financial", "secondary"))
_REFINING = DEAL_KINDS.index("gold_refining")
#: Columns of the reserve assets in State.ind (contiguous, in asset order).
_RESERVES = slice(COL[RESERVE_COLUMNS[0]], COL[RESERVE_COLUMNS[-1]] + 1)


def _max_axis1(x: np.ndarray) -> np.ndarray:
    """Maximum over axis 1 of (B, N, N) (row by row: numpy reduces short axes slowly)."""
    out = np.array(x[:, 0], copy=True)
    for k in range(1, x.shape[1]):
        np.maximum(out, x[:, k], out=out)
    return out


def gold_channel(deals: np.ndarray, sanctions: np.ndarray) -> np.ndarray:
    """0..1 per country (B, N): can its home gold be sold (at the haircut)?

    A country under no gold or financial sanctions sells on the open market.  A sanctioned one
    needs a refining deal in force; a deal with partner j is closed by gold sanctions from j, or
    from any country that also threatens secondary sanctions.
    """
    gold = sanctions[..., _GOLD]                                       # [b, by, on]
    fin = sanctions[..., _FIN]
    market = 1.0 - _max_axis1(np.maximum(gold, fin))                  # [b, country]
    deal = deals[..., _REFINING]                                       # [b, client, partner]
    if not anywhere(deal):
        return np.asarray(market)
    secondary = sanctions[..., _SECONDARY]
    threat = _max_axis1(gold * secondary)                              # [b, on]
    block = np.maximum(gold.swapaxes(1, 2), threat[:, :, None])    # [b, client, partner]
    best = deal * (1.0 - block)
    return np.asarray(np.maximum(market, lastmax(best)))


def gold_price_of(params: Params, gold_price: np.ndarray | None, batch: int) -> np.ndarray:
    """(B, 1) gold price in $bn per tonne: the state's own, else the model's."""
    if gold_price is None:
        return np.full((batch, 1), params.gold_price)
    return np.asarray(gold_price, dtype=float).reshape(-1, 1)


def home_gold_value(params: Params, channel: np.ndarray,
                    gold_price: np.ndarray | None = None) -> np.ndarray:
    """$bn per tonne of home gold counted as usable: at the haircut with a channel, else little."""
    liquid = params.gold_home_liquidity
    price = gold_price_of(params, gold_price, channel.shape[0])
    return np.asarray(price * (liquid + (1.0 - params.gold_haircut - liquid) * channel))


def reserve_weights(params: Params, channel: np.ndarray,
                    gold_price: np.ndarray | None = None) -> np.ndarray:
    """(B, N, 5) dollars ($bn) per unit of each reserve asset: cash 1, gold per tonne.

    Home gold counts at its usable value (see `home_gold_value`), gold abroad at the price.
    """
    price = gold_price_of(params, gold_price, channel.shape[0])
    liquid = params.gold_home_liquidity
    weights = np.empty((max(channel.shape[0], price.shape[0]),) + channel.shape[1:] + (5,))
    weights[:, :, :3] = 1.0
    weights[:, :, 3] = price * (liquid + (1.0 - params.gold_haircut - liquid) * channel)
    weights[:, :, 4] = price
    return weights


def reserve_values(ind: np.ndarray, params: Params, channel: np.ndarray,
                   gold_price: np.ndarray | None = None) -> np.ndarray:
    """Dollar value ($bn) of each reserve asset (B, N, 5); home gold at its usable value."""
    return np.asarray(ind[:, :, _RESERVES] * reserve_weights(params, channel, gold_price))


def usable_factor(params: Params, channel: np.ndarray, frozen: np.ndarray,
                  gold_price: np.ndarray | None = None,
                  unfrozen: np.ndarray | None = None) -> np.ndarray:
    """(B, N, 5) usable dollars per unit of each reserve asset: its value less the frozen share.

    `unfrozen` is `1.0 - frozen` when the caller has it.
    """
    if unfrozen is None:
        unfrozen = 1.0 - frozen
    return np.asarray(reserve_weights(params, channel, gold_price) * unfrozen)


def usable_reserves(ind: np.ndarray, frozen: np.ndarray, params: Params,
                    channel: np.ndarray, gold_price: np.ndarray | None = None,
                    factor: np.ndarray | None = None) -> np.ndarray:
    """Usable reserves in $bn, (B, N): unfrozen cash and gold abroad, plus sellable home gold.

    `factor` is `usable_factor(params, channel, frozen, gold_price)` when the caller has it.
    """
    if factor is None:
        factor = usable_factor(params, channel, frozen, gold_price)
    return lastsum(ind[:, :, _RESERVES] * factor)


def frozen_percent(ind: np.ndarray, frozen: np.ndarray, params: Params,
                   gold_price: np.ndarray | None = None) -> np.ndarray:
    """Share of reserves (by value, gold at full price) frozen abroad, in % (B, N)."""
    values = ind[:, :, _RESERVES].copy()
    values[:, :, 3:] *= gold_price_of(params, gold_price, ind.shape[0])[:, :, None]
    total = values.sum(axis=2)
    held = (values * frozen).sum(axis=2)
    return np.asarray(np.where(total > 0, 100.0 * held / np.maximum(total, 1e-12), 0.0))


def oil_exports(ind: np.ndarray, params: Params) -> np.ndarray:
    """Crude shipped abroad in kb/d (B, N): output less home use (loan repayments included)."""
    output = ind[:, :, COL["oil_output"]]
    demand = np.maximum(params.oil_home_use * output, params.oil_intensity * ind[:, :, COL["gdp"]])
    return np.asarray(np.maximum(output - demand, 0.0))


def derived_indicator(state: State, name: str, params: Params) -> np.ndarray:
    """Return the derived indicator `name` as (B, N) (KeyError for an unknown name)."""
    if name == "reserves":
        channel = gold_channel(state.deals, state.sanctions)
        return usable_reserves(state.ind, state.frozen, params, channel, state.gold_price)
    if name == "frozen":
        return frozen_percent(state.ind, state.frozen, params, state.gold_price)
    if name == "oil_exports":
        return oil_exports(state.ind, params)
    raise KeyError(name)
