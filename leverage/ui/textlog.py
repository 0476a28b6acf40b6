"""Where the screens' own text lands: each line a screen draws with its font (not a widget) is
recorded on the surface it is drawn on, and follows that surface when it is placed on another,
so the text on the window can be checked (inside the window, not overlapping, cut only with a
tooltip) like the widgets' text."""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import pygame


@dataclass(frozen=True)
class DrawnText:
    """One line of text drawn by a screen: its words, where it is, and whether it was cut."""

    text: str
    rect: pygame.Rect
    cut: bool = False
    panel: int = 0  # which placed surface it came with (0: drawn on the window itself)


class TextLog:
    """The text drawn on each surface; a surface's record lives as long as the surface."""

    def __init__(self) -> None:
        """Start with nothing recorded."""
        self._on: weakref.WeakKeyDictionary[pygame.Surface, list[DrawnText]] = (
            weakref.WeakKeyDictionary())
        self._panels = 0

    def wrote(self, surface: pygame.Surface, text: str, rect: pygame.Rect, cut: bool) -> None:
        """Record a line of text drawn on `surface` at `rect`."""
        if text.strip() and rect.width > 0 and rect.height > 0:
            self._on.setdefault(surface, []).append(DrawnText(text, pygame.Rect(rect), cut))

    def placed(self, target: pygame.Surface, panel: pygame.Surface, dest: tuple[int, int],
               area: pygame.Rect | None = None) -> None:
        """`panel` (or its `area`) was blitted on `target` at `dest`: its text is on `target` too
        (the lines or parts of lines the blit showed)."""
        lines = self._on.get(panel)
        if not lines:
            return
        self._panels += 1
        source = pygame.Rect(area) if area is not None else panel.get_rect()
        shown = source.move(dest[0] - source.x, dest[1] - source.y).clip(target.get_rect())
        moved = [DrawnText(t.text, t.rect.move(dest[0] - source.x, dest[1] - source.y), t.cut,
                           t.panel or self._panels) for t in lines]
        self._on.setdefault(target, []).extend(
            DrawnText(t.text, t.rect.clip(shown), t.cut, t.panel) for t in moved
            if t.rect.clip(shown).height > t.rect.height // 2)

    def clear(self, surface: pygame.Surface) -> None:
        """Forget what was drawn on `surface` (a panel redrawn, or the window's new frame)."""
        self._on.pop(surface, None)

    def on(self, surface: pygame.Surface) -> list[DrawnText]:
        """The text recorded on `surface`."""
        return list(self._on.get(surface, ()))
