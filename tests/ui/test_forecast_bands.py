"""The turn screen's forecast: both assumptions about the other countries, each labelled."""

from __future__ import annotations

from typing import Any

import pygame

from tests.ui.test_turn import open_turn, playable_card


def test_forecast_has_both_bands_and_says_which_is_which(ui: Any) -> None:
    """The forecast worked out in the background carries the 'nobody else moves' and the
    'others play on' bands; the chart's legend and the summary name both assumptions."""
    from leverage.ui.screens.turn import FORECAST_LABELS

    screen = open_turn(ui)
    number, _ = playable_card(screen)
    ui.key(pygame.K_0 + number)
    assert screen.worker.wait(30)
    # a busy frame leaves the panel for a later one (GameScreen.defer_work): wait until drawn
    ui.wait_until(lambda: bool(screen.forecast_summary))
    result = screen.forecast_result()
    assert result is not None and result.ok
    assert result.value.has_played
    assert "nobody else moves" in FORECAST_LABELS[0] and "others play" in FORECAST_LABELS[2]
    assert "if nobody else moves" in screen.forecast_summary
    assert "if the others play on" in screen.forecast_summary
