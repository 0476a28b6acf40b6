"""`bench`: the quick run prints every figure with its target, and the verdicts are right."""

from __future__ import annotations

import argparse
import io

from leverage.commands.bench import Figure, _spread, run_bench


def test_quick_bench_prints_every_figure() -> None:
    """Every DESIGN.md figure appears once, with a target and a PASS or MISS verdict."""
    out = io.StringIO()
    status = run_bench(argparse.Namespace(quick=True, scenario=None), out)
    text = out.getvalue()
    assert status == 0, text
    assert "BLAS pinned to 1 thread" in text
    labels = ("model step, 1 game (step", "easy, batched", "batched vs one by one",
              "normal, batched", "forecast ", "load + validate")
    lines = text.splitlines()
    for label in labels:
        found = [line for line in lines if label in line]
        assert len(found) == 1, (label, text)
        assert found[0].count("PASS") + found[0].count("MISS") == 1
    assert "targets met" in lines[-1]


def test_verdicts_and_spread() -> None:
    """Lower-is-better and higher-is-better targets; P10-P90 spread for many samples."""
    assert Figure("x", 0.8, 0.7, 0.9, "ms", 1.0).passed
    assert not Figure("x", 1.2, 0.7, 1.5, "ms", 1.0).passed
    assert Figure("x", 35.0, 30.0, 40.0, "x", 30.0, higher_is_better=True).passed
    assert not Figure("x", 20.0, 15.0, 25.0, "x", 30.0, higher_is_better=True).passed
    med, low, high = _spread([float(v) for v in range(101)])
    assert (med, low, high) == (50.0, 10.0, 90.0)
    assert _spread([3.0, 1.0, 2.0]) == (2.0, 1.0, 3.0)
