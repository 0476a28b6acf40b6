"""How to play: topics by click and number key, F1 from anywhere, Esc back, scrolling."""

from __future__ import annotations

from typing import Any

import pygame

from leverage.ui.screens.help import TOPICS, HelpScreen
from leverage.ui.screens.title import TitleScreen


def test_every_topic_has_text_and_a_button(app: Any, ui: Any) -> None:
    app.reset(TitleScreen(app))
    app.push(HelpScreen(app))
    ui.tick()
    for k, (name, text) in enumerate(TOPICS):
        ui.click_text(f"{k + 1}  {name}")
        assert ui.top.topic == k
        assert ui.shows(text[:40])
    for needle in ("budget", "Deals", "sanctions", "map", "charts", "Keyboard"):
        assert any(needle.lower() in t.lower() for _, t in TOPICS)


def test_number_keys_and_escape(app: Any, ui: Any) -> None:
    app.reset(TitleScreen(app))
    ui.key(pygame.K_F1)
    assert ui.titles() == ["title", "help"]
    ui.key(pygame.K_4)
    assert ui.top.topic == 3 and ui.shows("Sanctions are ongoing")
    ui.key(pygame.K_ESCAPE)
    assert ui.titles() == ["title"]


def test_back_button_and_scrolling(app: Any, ui: Any) -> None:
    app.reset(TitleScreen(app))
    app.set_scale(2.0)
    app.push(HelpScreen(app, topic=0))
    ui.tick()
    body = ui.top.body
    if body.max_scroll > 0:  # the text is long enough to scroll at 200 %
        ui.key(pygame.K_PAGEDOWN)
        assert body.scroll > 0
    ui.click_text("Back (Esc)")
    assert ui.titles() == ["title"]
