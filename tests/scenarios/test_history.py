"""Played with what really happened, each article scenario follows the real figures."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from game.commands.compare import compare_history, run_compare
from game.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]
ARTICLE_SCENARIOS = ("gold_route", "lavrov_caracas", "beyond_dollar")


@pytest.mark.parametrize("name", ARTICLE_SCENARIOS)
def test_history_follows_every_real_series(name: str) -> None:
    """Every listed series moves the real way over its span and ends within a factor of two."""
    loaded = load_scenario(str(ROOT / "scenarios" / f"{name}.yaml"))
    comparisons = compare_history(loaded)
    assert len(comparisons) >= 4
    failures = [
        f"{c.indicator}/{c.country}: real {c.real_direction:+d} game {c.game_direction:+d}, "
        f"end ratio {c.end_ratio:.2f}"
        for c in comparisons if not c.ok
    ]
    assert failures == []


def test_compare_prints_the_table_and_passes() -> None:
    """The command prints each series side by side and exits 0 when all of them pass."""
    out = io.StringIO()
    code = run_compare(str(ROOT / "scenarios" / "gold_route.yaml"), out)
    text = out.getvalue()
    assert "oil_output (VEN)" in text and "direction: real down" in text
    assert code == 0, text


def test_compare_reports_a_broken_file(tmp_path: Path) -> None:
    """A scenario with errors is reported line by line, with exit status 1."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nid: bad\n", encoding="utf-8")
    out = io.StringIO()
    assert run_compare(str(bad), out) == 1
    assert "bad.yaml:" in out.getvalue()
