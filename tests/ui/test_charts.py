"""Charts: sizes, hotspots, number formatting, scales, degenerate data."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest

from leverage.ui import charts
from leverage.ui.charts import Band, ChartStyle, Series


@pytest.fixture(autouse=True)
def _pygame() -> None:
    """Fonts need pygame's font module."""
    pygame.font.init()


def _non_background_pixels(surf: pygame.Surface, background: tuple[int, int, int]) -> int:
    """Count pixels that differ from the background colour."""
    w, h = surf.get_size()
    count = 0
    for x in range(0, w, 2):
        for y in range(0, h, 2):
            if tuple(surf.get_at((x, y)))[:3] != background:
                count += 1
    return count


def test_format_value_units() -> None:
    """Numbers carry their unit the way people read them."""
    assert charts.format_value(12.34, "$bn") == "$12.3bn"
    assert charts.format_value(-3.2, "$bn") == "-$3.2bn"
    assert charts.format_value(45.0, "%") == "45%"
    assert charts.format_value(1234567, "%/yr") == "1.23M %/yr"
    assert charts.format_value(800, "kb/d") == "800 kb/d"
    assert charts.format_change(2, "%/yr") == "+2 %/yr"
    assert charts.format_change(-0.5, "") == "-0.5"
    assert charts.format_number(1e-12) == "0"
    assert charts.format_number(float("nan")) == "n/a"


def test_nice_ticks_cover_range() -> None:
    """Ticks are round and cover the data."""
    ticks = charts.nice_ticks(3.2, 97.0, 5)
    assert ticks[0] <= 3.2 and ticks[-1] >= 97.0
    steps = {round(b - a, 9) for a, b in zip(ticks, ticks[1:], strict=False)}
    assert len(steps) == 1 and steps.pop() in (10, 20, 25)


def test_sparkline_draws_and_survives_gaps() -> None:
    """A sparkline draws something for data, gaps, one value and no value."""
    style = ChartStyle()
    for values in ([1, 2, 3, 2, 5], [1, None, 3, float("nan"), 2], [4], []):
        surf = charts.sparkline(values, (80, 24), None, style)
        assert surf.get_size() == (80, 24)
        assert _non_background_pixels(surf, (0, 0, 0)) > 0


def test_line_chart_hotspots_list_every_series_and_history() -> None:
    """Hovering a column names each series' value and the real value there."""
    style = ChartStyle()
    chart = charts.line_chart(
        [Series("Venezuela", [10, 20, 30], history=[(2, 35.0)]), Series("Russia", [5, 5, 6])],
        (400, 240), style, title="Inflation", unit="%/yr", x_labels=["Jul 2018", "Oct 2018", "Jan 2019"],
    )
    assert chart.get_size() == (400, 240)
    texts = [text for _, text in chart.hotspots]
    assert len(texts) == 3
    assert "Jan 2019" in texts[2] and "Venezuela: 30 %/yr" in texts[2]
    assert "what really happened: 35 %/yr" in texts[2]
    rect = chart.hotspots[0][0]
    assert chart.tooltip_at(rect.center) == texts[0]
    assert chart.tooltip_at((-5, -5)) is None


def test_line_chart_log_scale_for_hyperinflation() -> None:
    """Values spanning many decades use the signed-log axis: small values stay visible."""
    assert charts._use_log([2.0, 3.0, 5.0, 130000.0], "auto")
    assert not charts._use_log([2.0, 3.0, 5.0, 9.0], "auto")
    chart = charts.line_chart([Series("VEN", [60, 1000, 130000]), Series("RUS", [4, 4, 4])],
                              (300, 200), ChartStyle(), unit="%/yr")
    assert chart.get_width() == 300


def test_fan_chart_with_and_without() -> None:
    """The fan chart reports both medians and ranges per turn."""
    with_move = Band([10, 9, 8], [10, 11, 12], [10, 13, 16])
    without = Band([10, 8, 6], [10, 9, 8], [10, 10, 10])
    chart = charts.fan_chart(with_move, without, (360, 220), ChartStyle(), title="Reserves",
                             unit="$bn", x_labels=["now", "+1", "+2"])
    last = chart.hotspots[-1][1]
    assert "with the move: $12bn (likely $8bn to $16bn)" in last
    assert "without: $8bn (likely $6bn to $10bn)" in last


def test_why_chart_sorts_lumps_and_marks_net() -> None:
    """Causes are sorted by size, the small ones lumped, the net change marked."""
    contributions = {f"cause {k}": float(k) for k in range(1, 10)}
    contributions["printing money"] = -20.0
    chart = charts.why_chart(contributions, (420, 300), ChartStyle(), unit="%/yr",
                             notes={"printing money": "More money chasing the same goods."},
                             max_bars=5)
    texts = [text for _, text in chart.hotspots]
    assert texts[0].startswith("printing money: -20 %/yr")
    assert "More money chasing" in texts[0]
    assert texts[1].startswith("cause 9")
    assert any(t.startswith("everything else") for t in texts)
    assert texts[-1].startswith("Net change this turn: +25 %/yr")


def test_why_chart_empty() -> None:
    """No contributions: a clear message rather than an empty panel."""
    chart = charts.why_chart({}, (200, 100), ChartStyle())
    assert chart.hotspots == []
    assert _non_background_pixels(chart, ChartStyle().background or (0, 0, 0)) > 0


def test_scale_makes_text_larger() -> None:
    """At 150% the fonts are larger."""
    small, large = ChartStyle(scale=1.0), ChartStyle(scale=1.5)
    assert large.font(12).get_linesize() > small.font(12).get_linesize()


def test_style_from_app_reads_palette() -> None:
    """A palette's colours and the app's scale reach the charts."""
    from leverage.ui.theme import colour_blind_palette

    class FakeApp:
        """Just what style_from_app reads."""

        palette = colour_blind_palette()
        scale = 1.5

    style = charts.style_from_app(FakeApp())
    assert style.scale == 1.5
    assert style.positive == (0, 158, 115)
    assert style.series[0] == (86, 180, 233)
