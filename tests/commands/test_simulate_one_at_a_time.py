"""`simulate --one-at-a-time`: the games as played one at a time, beside the batched ones."""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np

from leverage.commands.simulate import SimulateOptions, run_simulate
from leverage.core.playtest import paired_lead

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
    """`--compare-levels` prints a row per role with a score and win rate per level, and each
    level's lead over the one below (the difference of the mean scores, with its error)."""
    out, err = io.StringIO(), io.StringIO()
    opts = SimulateOptions(scenario=str(ROOT / "scenarios" / "tutorial.yaml"), games=3,
                           turns=2, progress=False, compare_levels=True)
    assert run_simulate(opts, out, err) == 0, err.getvalue()
    text = out.getvalue()
    assert "easy" in text and "normal" in text and "hard" in text
    rows = re.findall(r"^  VEN\s+(-?\d+\.\d)\s+\d+\.\d%\s+(-?\d+\.\d)\s+\d+\.\d%\s+(-?\d+\.\d)"
                      r"\s+\d+\.\d%\s+(?:yes|NO)\s+([-+]\d+\.\d) ± (\d+\.\d)\s+([-+]\d+\.\d) ± "
                      r"(\d+\.\d)$", text, flags=re.M)
    assert len(rows) == 1, text
    easy, normal, hard, up1, se1, up2, se2 = (float(x) for x in rows[0])
    assert abs(up1 - (normal - easy)) <= 0.11 and abs(up2 - (hard - normal)) <= 0.11
    assert se1 >= 0.0 and se2 >= 0.0


def test_a_lead_is_the_mean_paired_difference_with_its_error() -> None:
    """Games won by 1, 2 and 3 points more: a lead of 2 with an error of 1 / sqrt(3)."""
    lead, se = paired_lead(np.array([10.0, 20.0, 30.0]), np.array([11.0, 22.0, 33.0]))
    assert lead == 2.0 and abs(se - 1.0 / np.sqrt(3.0)) < 1e-12
    assert paired_lead(np.array([5.0]), np.array([7.0])) == (2.0, 0.0)
