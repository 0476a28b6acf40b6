"""Fit model parameters to the real series: the history of every article scenario, per value.

    python tools/fit_history.py inflation_half_life=9,12.8,16 [more=...] [--games 200]

For every combination of the listed values, each article scenario's real history is played as
`compare --bands` plays it, and the table gives, per scenario, the error of the games' median
against the real figures (root mean square of log(game/real) over every real date after the
start, by series), the share of real points inside the P10-P90 band, and whether the checks on
oil output and central-bank gold hold.  The values chosen are written into `leverage/core/params.py`
by hand, with the fit in docs/model.md.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from leverage.commands.compare import band_verdict, compare_bands, run_history  # noqa: E402
from leverage.core.compiled import compile_world  # noqa: E402
from leverage.scenario import LoadedScenario, load_scenario  # noqa: E402

SCENARIOS = ("gold_route", "lavrov_caracas", "beyond_dollar")


def parse_grid(items: list[str]) -> dict[str, list[float]]:
    """name=v1,v2,... pairs as a dict of value lists."""
    grid: dict[str, list[float]] = {}
    for item in items:
        name, _, values = item.partition("=")
        grid[name] = [float(v) for v in values.split(",") if v]
    return grid


def with_params(loaded: LoadedScenario, values: dict[str, float]) -> LoadedScenario:
    """The scenario with some model parameters replaced (on top of its own overrides)."""
    world = compile_world(replace(loaded.world, params=loaded.world.params.with_overrides(values)))
    return replace(loaded, world=world)


def fit_row(loaded: LoadedScenario, games: int) -> tuple[dict[str, float], float, bool]:
    """Log-RMSE per series, the band share and the key checks of one scenario."""
    with np.errstate(all="ignore"):
        series = compare_bands(loaded, run_history(loaded, games=games))
    errors = {}
    for s in series:
        logs = [np.log(max(p.p50, 1e-9) / max(p.real, 1e-9)) for p in s.scored]
        if logs:
            errors[s.indicator] = float(np.sqrt(np.mean(np.square(logs))))
    verdict = band_verdict(series)
    return errors, verdict.share, verdict.key_ok


def main() -> int:
    """Print the fit of every combination of values."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("values", nargs="*", help="name=v1,v2,... (model parameters)")
    parser.add_argument("--games", type=int, default=200)
    args = parser.parse_args()
    grid = parse_grid(args.values)
    loaded = {name: load_scenario(str(ROOT / "scenarios" / f"{name}.yaml")) for name in SCENARIOS}
    names = list(grid)
    for combo in itertools.product(*(grid[n] for n in names)):
        values = dict(zip(names, combo, strict=True))
        label = ", ".join(f"{n}={v:g}" for n, v in values.items()) or "(as shipped)"
        print(f"\n{label}")
        for name, scen in loaded.items():
            errors, share, key_ok = fit_row(with_params(scen, values), args.games)
            detail = "  ".join(f"{k} {v:.2f}" for k, v in sorted(errors.items()))
            print(f"  {name:<16} inside {share:4.0%}  key {'ok' if key_ok else 'no'}  "
                  f"log-RMSE: {detail}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
