"""The ranges the checker allows for model parameters and effect amounts, each with its reason.

A value outside them does not break the file's structure but gives nonsense (negative prices,
reserves of minus $36,000bn, GDP pinned at zero), so the checker refuses it and says which range
applies and why.
"""

from __future__ import annotations

from dataclasses import dataclass

from leverage.core.params import Params
from leverage.core.vocab import indicator

#: Parameters that are shares of a whole (0..1).
SHARES: frozenset[str] = frozenset({
    "oil_price_revert", "redirect_share", "redirect_discount", "oil_embargo_cut", "oil_invest",
    "oil_depletion", "oil_fin_block", "oil_home_use", "gold_haircut", "gold_home_liquidity",
    "reserve_save", "growth_persistence", "deficit_printed",
    "import_share", "gamma_ff", "trade_ban_share", "secondary_redirect_cut", "budget_adapt",
    "goods_ban_cut", "informal_ban_cut", "goods_redirect_discount",
})
#: Prices and sizes that must stay positive: (low, high, unit).
POSITIVE: dict[str, tuple[float, float, str]] = {
    "gold_price": (0.001, 1.0, "$bn per tonne"),
    "oil_price0": (1.0, 1000.0, "$/bbl"),
    "oil_price_min": (1.0, 1000.0, "$/bbl"),
    "oil_price_max": (1.0, 1000.0, "$/bbl"),
    "kbd_to_bn": (0.0001, 0.001, "$bn a year per kb/d per $/bbl"),
}
#: Largest amount in $bn (a trade flow or a loan): world output is about 100,000 $bn a year.
MAX_BN = 100_000.0
#: Largest oil flow in kb/d: the world produces about 100,000 kb/d.
MAX_KBD = 100_000.0
#: Largest goal or fail of an objective (in the units of its expression).
MAX_OBJECTIVE = 1e12
#: How far from its default a parameter may go, as a multiple of the default.
SCALE = 10.0


@dataclass(frozen=True)
class Range:
    """An allowed range and why it is the range."""

    low: float
    high: float
    why: str

    def holds(self, value: float) -> bool:
        """True when `value` is inside the range (bounds included)."""
        return self.low <= value <= self.high

    def clamp(self, value: float) -> float:
        """`value` moved to the nearest bound when it lies outside the range."""
        return min(max(value, self.low), self.high)

    def message(self, what: str, value: float) -> str:
        """'what = value is outside low..high: why'."""
        return f"{what} = {value:g} is outside {self.low:g}..{self.high:g}: {self.why}"


def param_range(name: str) -> Range:
    """The range of model parameter `name` (a known one) and the reason for it."""
    if name in POSITIVE:
        low, high, unit = POSITIVE[name]
        return Range(low, high, f"a price or unit conversion ({unit}) must be positive and "
                                "of a realistic size")
    if name in SHARES:
        return Range(0.0, 1.0, "it is a share of a whole")
    if name.startswith("tau_") or name.endswith("_turns") or name.endswith("_months"):
        return Range(0.5, 100.0, "it is a time in turns: under half a turn the model overshoots "
                                 "(and 0 divides by zero)")
    default = float(getattr(Params(), name))
    size = SCALE * max(abs(default), 1e-9)
    if default >= 0:
        return Range(0.0, size, f"a weight of the model cannot turn negative, and more than "
                                f"{SCALE:g} times its default ({default:g}) leaves the range it "
                                "was calibrated for")
    return Range(-size, size, f"more than {SCALE:g} times its default ({default:g}) leaves the "
                              "range the model was calibrated for")


def change_range(name: str) -> Range:
    """The range of a `change:` effect's `by` on a stored indicator: at most its whole range."""
    ind = indicator(name)
    span = float(ind.high - ind.low)
    return Range(-span, span, f"{name} runs from {ind.low:g} to {ind.high:g} {ind.unit}, so a "
                              "larger change per turn only pins it at a bound")
