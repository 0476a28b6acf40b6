"""`simulate --one-at-a-time`: the games as played one at a time, beside the batched ones."""

from __future__ import annotations

import io
import re
from pathlib import Path

from leverage.commands.simulate import SimulateOptions, run_simulate

ROOT = Path(__file__).resolve().parents[2]


def test_one_at_a_time_prints_a_second_column() -> None:
    """Every role's line has a batched and a one-at-a-time win rate and mean score."""
    out, err = io.StringIO(), io.StringIO()
    opts = SimulateOptions(scenario=str(ROOT / "scenarios" / "gold_route.yaml"), games=4,
                           turns=2, seed=3, progress=False, one_at_a_time=True)
    assert run_simulate(opts, out, err) == 0, err.getvalue()
    text = out.getvalue()
    assert "one at a time" in text and "batched" in text
    rows = re.findall(r"^  (VEN|TUR|USA|RUS) .*?(\d+\.\d)%\s+(-?\d+\.\d)\s+(\d+\.\d)%\s+"
                      r"(-?\d+\.\d)$", text, flags=re.M)
    assert len(rows) == 4, text
    for _, win, score, win1, score1 in rows:
        assert 0.0 <= float(win) <= 100.0 and 0.0 <= float(win1) <= 100.0
        assert abs(float(score) - float(score1)) < 30.0


def test_without_the_option_one_column() -> None:
    """The default summary has no one-at-a-time column."""
    out, err = io.StringIO(), io.StringIO()
    opts = SimulateOptions(scenario=str(ROOT / "scenarios" / "gold_route.yaml"), games=2,
                           turns=1, progress=False)
    assert run_simulate(opts, out, err) == 0
    assert "one at a time" not in out.getvalue()


def test_compare_levels_prints_every_role_at_three_levels() -> None:
    """`--compare-levels` prints a row per role with a score and win rate per level."""
    out, err = io.StringIO(), io.StringIO()
    opts = SimulateOptions(scenario=str(ROOT / "scenarios" / "tutorial.yaml"), games=2,
                           turns=1, progress=False, compare_levels=True)
    assert run_simulate(opts, out, err) == 0, err.getvalue()
    text = out.getvalue()
    assert "easy" in text and "normal" in text and "hard" in text
    rows = re.findall(r"^  VEN\s+((?:-?\d+\.\d\s+\d+\.\d%\s+){3})(yes|NO)$", text, flags=re.M)
    assert len(rows) == 1, text
