"""Every non-ASCII character in the UI's source is a glyph Noto Sans really has."""

from __future__ import annotations

import re
from pathlib import Path

import pygame

from leverage.ui import theme

UI = Path(__file__).resolve().parents[2] / "leverage" / "ui"
MISSING = "\U000f0000"  # a private-use character: the font's "missing glyph" box


def test_ui_symbols_exist_in_the_font() -> None:
    pygame.font.init()
    for style, path in theme.font_paths().items():
        font = pygame.font.Font(path, 14)
        tofu = font.metrics(MISSING)[0]
        found = set()
        for source in UI.rglob("*.py"):
            for line in source.read_text(encoding="utf-8").splitlines():
                if line.strip().startswith("#"):
                    continue
                found.update(re.findall(r"[^\x00-\x7f]", line))
        assert found, "expected some typographic characters (· …) in the UI"
        missing = sorted(c for c in found if font.metrics(c)[0] == tofu)
        assert not missing, f"{style}: no glyph for {missing}"


def test_the_missing_glyph_check_can_fail() -> None:
    pygame.font.init()
    font = pygame.font.Font(theme.font_paths()["regular"], 14)
    assert font.metrics("\u2192")[0] == font.metrics(MISSING)[0]  # no arrows in Noto Sans
    assert font.metrics("\u2022")[0] != font.metrics(MISSING)[0]  # but a bullet
