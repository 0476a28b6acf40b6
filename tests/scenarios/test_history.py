"""Played with what really happened, each article scenario follows the real figures."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest

from leverage.commands.compare import (
    BandPoint,
    band_verdict,
    compare_bands,
    compare_history,
    run_bands,
    run_compare,
    run_history,
    run_uncertain_history,
    turnings,
)
from leverage.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]
ARTICLE_SCENARIOS = ("gold_route", "lavrov_caracas", "beyond_dollar", "pastor_and_steel")


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


def test_bands_print_percentiles_checks_and_skipped_real_moves() -> None:
    """`compare --bands` prints P10/P50/P90 at each real date, the checks and the verdict."""
    out = io.StringIO()
    code = run_bands(str(ROOT / "scenarios" / "gold_route.yaml"), out, games=40)
    text = out.getvalue()
    assert "P10" in text and "P90" in text and "real points after the start" in text
    assert "oil_output (VEN) (checked" in text and "median at every real date" in text
    assert code in (0, 1)
    loaded = load_scenario(str(ROOT / "scenarios" / "gold_route.yaml"))
    with np.errstate(all="ignore"):
        series = compare_bands(loaded, run_uncertain_history(loaded, games=40))
    verdict = band_verdict(series)
    assert verdict.points == sum(len(s.scored) for s in series) > 0
    assert (code == 0) == verdict.ok
    assert f"{verdict.inside} of {verdict.points} real points after the start" in text


def test_bands_count_a_point_inside_only_between_p10_and_p90() -> None:
    """A real value on the band's edge is inside; just beyond it is outside."""
    point = BandPoint("2019-01", 2, real=10.0, p10=10.0, p50=12.0, p90=15.0)
    assert point.inside and abs(point.error - 0.2) < 1e-12
    assert not BandPoint("2019-01", 2, 9.99, 10.0, 12.0, 15.0).inside


def test_turning_points_are_found_in_the_median_path_near_the_real_date() -> None:
    """A real trough at turn 3 matches a median trough at turn 4 (one turn off) but not 6."""
    points = (BandPoint("a", 0, 10, 0, 0, 0), BandPoint("b", 3, 4, 0, 0, 0),
              BandPoint("c", 8, 9, 0, 0, 0))
    near = np.array([10, 9, 8, 7, 5, 6, 7, 8, 9], dtype=float)
    (found,) = turnings(points, near)
    assert (found.kind, found.real_turn, found.game_turn, found.ok) == ("trough", 3, 4, True)
    late = np.array([10, 9, 8, 7, 6, 5, 4, 8, 9], dtype=float)
    assert not turnings(points, late)[0].ok


def test_history_run_names_real_moves_it_could_not_play(tmp_path: Path) -> None:
    """A real move whose condition never holds is listed with its date, games and reason."""
    text = (ROOT / "scenarios" / "beyond_dollar.yaml").read_text(encoding="utf-8")
    text = text.replace("{date: 2024-01, by: VEN, move: austerity, target: VEN}",
                        "{date: 2024-01, by: VEN, move: austerity, target: VEN}\n"
                        "    - {date: 2024-01, by: VEN, move: austerity, target: VEN}")
    path = tmp_path / "twice.yaml"
    path.write_text(text, encoding="utf-8")
    run = run_history(load_scenario(str(path)), games=8)
    twice = [s for s in run.skips if s.move == "austerity"]
    assert twice and twice[0].games == 8 and twice[0].code == "VEN"
    assert twice[0].date.startswith("2024") and "twice" in twice[0].reason


def test_compare_sets_bilateral_trade_by_group_beside_the_game(tmp_path: Path) -> None:
    """`history.trade` series (exports from one country to another, all goods or one group) are
    compared like the indicator series: the game's value is the median of that flow; a scenario
    that keeps trade by group reads the group's own flow."""
    text = (ROOT / "scenarios" / "pastor_and_steel.yaml").read_text(encoding="utf-8")
    flows = (
        "  trade:\n"
        "    - from: TUR\n      to: USA\n      points:\n"
        "        - {date: 2018-08-10, value: 8.7, assumption: test figure}\n"
        "        - {date: 2019-08-10, value: 8.0, assumption: test figure}\n"
        "    - from: TUR\n      to: USA\n      goods: metals\n      points:\n"
        "        - {date: 2018-08-10, value: 1.7, assumption: test figure}\n"
        "        - {date: 2019-08-10, value: 1.2, assumption: test figure}\n"
        "  series:\n")
    assert text.count("\n  series:\n") == 1
    text = text.replace("\n  series:\n", "\n" + flows, 1)
    text = text.replace("\nsanctions:\n", "\ngoods:\n  - {from: TUR, shares: {metals: 0.2}}\n"
                        "\nsanctions:\n", 1)
    path = tmp_path / "pastor_goods.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load_scenario(str(path))
    comparisons = {(c.indicator, c.country): c for c in compare_history(loaded)}
    total = comparisons[("trade", "TUR to USA")]
    metals = comparisons[("trade in metals", "TUR to USA")]
    assert [p.real for p in metals.points] == [1.7, 1.2]
    # at the start the group's flow is its share of the pair's trade
    assert metals.points[0].game == pytest.approx(0.2 * total.points[0].game)
    out = io.StringIO()
    run_compare(str(path), out)
    assert "trade in metals (TUR to USA)" in out.getvalue()
