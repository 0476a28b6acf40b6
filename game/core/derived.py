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


def reserve_values(ind: np.ndarray, params: Params) -> np.ndarray:
    """Dollar value ($bn) of each reserve asset, (B, N, 5); gold at home at its liquid share."""
    from game.core.state import COL

    cols = [COL[c] for c in RESERVE_COLUMNS]
    values = ind[:, :, cols].astype(float)
    values[:, :, 3] *= params.gold_price * params.gold_home_liquidity
    values[:, :, 4] *= params.gold_price
    return values


def usable_reserves(ind: np.ndarray, frozen: np.ndarray, params: Params) -> np.ndarray:
    """Usable reserves in $bn, (B, N): unfrozen cash and gold abroad, plus sellable home gold."""
    values = reserve_values(ind, params)
    return np.asarray(np.sum(values * (1.0 - frozen), axis=2))


def frozen_percent(ind: np.ndarray, frozen: np.ndarray, params: Params) -> np.ndarray:
    """Share of reserves (by value, gold at full price) frozen abroad, in % (B, N)."""
    from game.core.state import COL

    cols = [COL[c] for c in RESERVE_COLUMNS]
    values = ind[:, :, cols].astype(float)
    values[:, :, 3:] *= params.gold_price
    total = values.sum(axis=2)
    held = (values * frozen).sum(axis=2)
    return np.asarray(np.where(total > 0, 100.0 * held / np.maximum(total, 1e-12), 0.0))


def oil_exports(ind: np.ndarray, params: Params) -> np.ndarray:
    """Crude shipped abroad in kb/d (B, N): output less home use (loan repayments included)."""
    from game.core.state import COL

    return np.asarray(ind[:, :, COL["oil_output"]] * (1.0 - params.oil_home_use))


def derived_indicator(state: State, name: str, params: Params | None = None) -> np.ndarray:
    """Return the derived indicator `name` as (B, N) (KeyError for an unknown name)."""
    p = params if params is not None else Params()
    if name == "reserves":
        return usable_reserves(state.ind, state.frozen, p)
    if name == "frozen":
        return frozen_percent(state.ind, state.frozen, p)
    if name == "oil_exports":
        return oil_exports(state.ind, p)
    raise KeyError(name)
