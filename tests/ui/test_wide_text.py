"""Team names and reasons in Arabic, Chinese, Japanese kana and emoji show as letters, not boxes:
typed on the set-up screen, they reach the hand-over curtain in a font that has their glyphs."""

from __future__ import annotations

from typing import Any

import pygame
import pytest

from leverage.ui import theme
from tests.ui.game_helpers import SCENARIOS, _loaded

MISSING = "\U000f0000"  # a private-use character: the font's "missing glyph" box
NAMES = {"VEN": "فريق كاراكاس", "USA": "中国队 カナ 🙂"}


def has_glyphs(font: Any, text: str) -> bool:
    """True when every non-space character of `text` has a glyph of its own in `font`."""
    tofu = font.metrics(MISSING)[0]
    return all(m is not None and m != tofu
               for c, m in zip(text, font.metrics(text), strict=True) if not c.isspace())


@pytest.mark.parametrize("style", ["regular", "bold"])
def test_the_shipped_fonts_cover_arabic_chinese_kana_and_emoji(style: str) -> None:
    """The regular and bold fonts have every glyph of the sample names."""
    pygame.font.init()
    font = pygame.font.Font(theme.font_paths()[style], 16)
    for text in NAMES.values():
        assert has_glyphs(font, text), text
    assert not has_glyphs(font, "\uac00"), "Korean is not in the documented subset"


def test_names_typed_at_set_up_show_on_the_hand_over(ui: Any) -> None:
    """Type the names into the set-up rows; the curtain shows them in a covering font."""
    from leverage.ui.screens.setup import SetupScreen

    ui.app.push(SetupScreen(ui.app, _loaded(str(SCENARIOS / "gold_route.yaml"))))
    ui.tick(2)
    screen = ui.top
    for code, name in NAMES.items():
        if screen.kinds[code] != "human":
            screen.toggle_kind(code)
            ui.tick(2)
        ui.click(screen.name_entries[code])
        ui.type_text(name)
    ui.click_text("Start game")
    assert ui.top.title == "handover"
    label = next(e for e in ui.elements() if getattr(e, "text", "").startswith("Pass to"))
    assert NAMES["VEN"] in label.text
    assert has_glyphs(label.font._GUIFontPygame__internal_font, NAMES["VEN"])
    assert has_glyphs(ui.app.font(16), NAMES["USA"])
