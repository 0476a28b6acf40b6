"""Indicators computed from the stored arrays: usable reserves, frozen share, oil exports; one
pair's exports, all goods or one product group's."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from leverage.core.mechanisms import lastsum
from leverage.core.params import Params
from leverage.core.state import COL
from leverage.core.vocab import GOODS, GOODS_DEFAULT_SHARES, SANCTION_KINDS

if TYPE_CHECKING:
    from leverage.core.state import State
    from leverage.core.world import World

#: Reserve-asset column of each stored reserve indicator (same order as RESERVE_ASSETS).
RESERVE_COLUMNS: tuple[str, ...] = (
    "reserves_usd", "reserves_eur", "reserves_cny", "gold_home", "gold_abroad",
)
DERIVED: tuple[str, ...] = ("reserves", "frozen", "oil_exports")
_GOLD, _FIN = (SANCTION_KINDS.index(k) for k in ("gold", "financial"))
#: Columns of the reserve assets in State.ind (contiguous, in asset order).
_RESERVES = slice(COL[RESERVE_COLUMNS[0]], COL[RESERVE_COLUMNS[-1]] + 1)


def _max_axis1(x: np.ndarray) -> np.ndarray:
    """Maximum over axis 1 of (B, N, N) (row by row: numpy reduces short axes slowly)."""
    out = np.array(x[:, 0], copy=True)
    for k in range(1, x.shape[1]):
        np.maximum(out, x[:, k], out=out)
    return out


def gold_market(sanctions: np.ndarray) -> np.ndarray:
    """0..1 per country (B, N): can its home gold be sold on the open market?

    A country under no gold or financial sanctions sells at the price less the haircut; a
    sanctioned one counts only the share `gold_home_liquidity` of it as usable.  Deals do not
    enter: a refining deal changes how many tonnes are sold a turn (`mechanisms.gold_sales`),
    not what the gold kept is worth.
    """
    gold = sanctions[..., _GOLD]                                       # [b, by, on]
    fin = sanctions[..., _FIN]
    return np.asarray(1.0 - _max_axis1(np.maximum(gold, fin)))


def gold_price_of(params: Params, gold_price: np.ndarray | None, batch: int) -> np.ndarray:
    """(B, 1) gold price in $bn per tonne: the state's own, else the model's."""
    if gold_price is None:
        return np.full((batch, 1), params.gold_price)
    return np.asarray(gold_price, dtype=float).reshape(-1, 1)


def home_gold_value(params: Params, market: np.ndarray,
                    gold_price: np.ndarray | None = None) -> np.ndarray:
    """$bn per tonne of home gold counted as usable: the price less the haircut on the open
    market, the share `gold_home_liquidity` of the price under gold or financial sanctions."""
    liquid = params.gold_home_liquidity
    price = gold_price_of(params, gold_price, market.shape[0])
    return np.asarray(price * (liquid + (1.0 - params.gold_haircut - liquid) * market))


def reserve_weights(params: Params, market: np.ndarray,
                    gold_price: np.ndarray | None = None) -> np.ndarray:
    """(B, N, 5) dollars ($bn) per unit of each reserve asset: cash 1, gold per tonne.

    Home gold counts at its usable value (see `home_gold_value`), gold abroad at the price.
    """
    price = gold_price_of(params, gold_price, market.shape[0])
    weights = np.empty((max(market.shape[0], price.shape[0]),) + market.shape[1:] + (5,))
    weights[:, :, :3] = 1.0
    weights[:, :, 3] = home_gold_value(params, market, gold_price)
    weights[:, :, 4] = price
    return weights


def reserve_values(ind: np.ndarray, params: Params, market: np.ndarray,
                   gold_price: np.ndarray | None = None) -> np.ndarray:
    """Dollar value ($bn) of each reserve asset (B, N, 5); home gold at its usable value."""
    return np.asarray(ind[:, :, _RESERVES] * reserve_weights(params, market, gold_price))


def usable_factor(params: Params, market: np.ndarray, frozen: np.ndarray,
                  gold_price: np.ndarray | None = None,
                  unfrozen: np.ndarray | None = None) -> np.ndarray:
    """(B, N, 5) usable dollars per unit of each reserve asset: its value less the frozen share.

    `market` is `gold_market(sanctions)`; `unfrozen` is `1.0 - frozen` when the caller has it.
    """
    if unfrozen is None:
        unfrozen = 1.0 - frozen
    return np.asarray(reserve_weights(params, market, gold_price) * unfrozen)


def usable_reserves(ind: np.ndarray, frozen: np.ndarray, params: Params,
                    market: np.ndarray, gold_price: np.ndarray | None = None,
                    factor: np.ndarray | None = None) -> np.ndarray:
    """Usable reserves in $bn, (B, N): unfrozen cash and gold abroad, plus home gold at its
    usable value (the same whether or not a deal sells it).

    `factor` is `usable_factor(params, market, frozen, gold_price)` when the caller has it.
    """
    if factor is None:
        factor = usable_factor(params, market, frozen, gold_price)
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
        market = gold_market(state.sanctions)
        return usable_reserves(state.ind, state.frozen, params, market, state.gold_price)
    if name == "frozen":
        return frozen_percent(state.ind, state.frozen, params, state.gold_price)
    if name == "oil_exports":
        return oil_exports(state.ind, params)
    raise KeyError(name)


def exports(world: World, state: State, a: int, b: int, group: str | None = None) -> np.ndarray:
    """Exports from country a to country b in $bn a year, (B,): all of them, or one product
    group's. A state that keeps no goods apart gives the group its share of the pair's trade
    at the start (the default shares in a world that keeps one flow per pair)."""
    if group is None:
        return np.asarray(state.trade[:, a, b], dtype=np.float64)
    g = GOODS.index(group)
    if state.goods is not None:
        return np.asarray(state.goods[:, a, b, g], dtype=np.float64)
    share = float(GOODS_DEFAULT_SHARES[g] if world.goods0 is None else world.goods0[a, b, g])
    return np.asarray(state.trade[:, a, b] * share, dtype=np.float64)
