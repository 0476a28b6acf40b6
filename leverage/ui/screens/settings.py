"""Settings: window size, full screen, UI scale 100-200%, colour-blind-safe palette, sound.

Changes apply at once and are saved (leverage/settings.py) when leaving the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame

from leverage.ui.screen import Screen

if TYPE_CHECKING:
    from leverage.ui.app import App

WINDOW_SIZES: tuple[tuple[int, int], ...] = ((1280, 720), (1600, 900), (1920, 1080))
SCALES: tuple[int, ...] = (100, 125, 150, 175, 200)


class SettingsScreen(Screen):
    """Rows of choices; the chosen option in each row is highlighted."""

    title = "settings"

    def __init__(self, app: App) -> None:
        """Open with the current settings."""
        super().__init__(app)
        self.message = "; ".join(app.warnings) if app.warnings else ""
        self._scale_preview: pygame.Rect | None = None

    def build(self) -> None:
        """One row per setting."""
        w, h = self.width, self.height
        m = self.s(24)
        s = self.s
        settings = self.app.settings
        self.label(pygame.Rect(m, m, w - 2 * m, s(40)), "Settings", object_id="#heading")
        label_w, bh, gap = s(150), s(40), s(10)
        y = m + s(64)
        row = s(58)
        x0 = m + label_w
        # window size
        self.label(pygame.Rect(m, y, label_w, bh), "Window size",
                   tooltip="The window's size in pixels; drag its edges for any other size.")
        current = (self.app.width, self.app.height)
        items: list[tuple[str, int, Callable[[], None], bool, str]] = [
            (f"{size[0]} x {size[1]}", s(140), lambda size=size: self.set_size(size),
             current == size and not self.app.fullscreen,
             f"Make the window {size[0]} x {size[1]} pixels (you can also drag its edges).")
            for size in WINDOW_SIZES]
        items.append((("[x]" if settings.fullscreen else "[ ]") + " Full screen", s(170),
                      self.toggle_fullscreen, False,
                      "Fill the whole screen (good on a classroom projector)."))
        y = self.flow(items, x0, y, bh, gap) + row
        # scale
        self.label(pygame.Rect(m, y, label_w, bh), "UI scale",
                   tooltip="Makes text and controls bigger for projectors and high-DPI screens.")
        items = [(f"{pct}%", s(90), lambda pct=pct: self.app.set_scale(pct / 100.0),
                  settings.ui_scale == pct, f"Draw the interface at {pct}% size.")
                 for pct in SCALES]
        items.append((("[x]" if settings.auto_scale else "[ ]") + " Larger on big windows",
                      s(270), lambda: self.app.set_auto_scale(not settings.auto_scale), False,
                      "Raise the scale on a large window (150% at 1920 x 1080, 200% at "
                      "2560 x 1440); a window too small for the chosen scale always gets a "
                      "smaller one."))
        y = self.flow(items, x0, y, bh, gap)
        shown = round(self.app.scale * 100)
        if shown != settings.ui_scale:
            why = "smaller: the window is too small" if shown < settings.ui_scale else \
                "larger on this big window"
            self.label(pygame.Rect(x0, y + bh + s(2), w - x0 - m, s(24)),
                       f"Shown at {shown}% ({why}).", object_id="#small",
                       tooltip="The scale follows the window size; see 'Larger on big windows'.")
            y += s(24)
        y += row
        # colours
        self.label(pygame.Rect(m, y, label_w, bh), "Colours")
        cb = settings.colour_blind
        self.button(pygame.Rect(x0, y, s(150), bh), "Standard",
                    lambda: self.app.set_colour_blind(False),
                    object_id="#primary" if not cb else None,
                    tooltip="Red (hostile) to green (allied).")
        self.button(pygame.Rect(x0 + s(160), y, s(230), bh), "Colour-blind safe",
                    lambda: self.app.set_colour_blind(True),
                    object_id="#primary" if cb else None,
                    tooltip="Okabe-Ito colours: orange (hostile) to blue (allied), readable with "
                            "every common colour-vision deficiency.")
        self._scale_preview = pygame.Rect(x0 + s(410), y + s(8), min(s(300), w - x0 - s(440) - m),
                                          s(24))
        y += row
        # sound
        self.label(pygame.Rect(m, y, label_w, bh), "Sound effects")
        self.button(pygame.Rect(x0, y, s(150), bh), "On", lambda: self.set_sound(True),
                    object_id="#primary" if settings.sound else None,
                    tooltip="Clicks, end of turn and news sounds.")
        self.button(pygame.Rect(x0 + s(160), y, s(150), bh), "Off", lambda: self.set_sound(False),
                    object_id="#primary" if not settings.sound else None,
                    tooltip="Silence.")
        y += row
        if self.message:
            self.text_box(pygame.Rect(m, y, w - 2 * m, s(70)), self.message, object_id="#small")
        back = self.button(pygame.Rect(m, h - m - bh, s(200), bh), "Save and back (Esc)",
                           self.close, object_id="#primary",
                           tooltip="Remember these settings and go back.")
        self.focus.focus(back)

    def flow(self, items: list[tuple[str, int, Callable[[], None], bool, str]], x0: int, y: int,
             height: int, gap: int) -> int:
        """Buttons (text, width, action, chosen, tooltip) left to right, wrapping onto a new line
        at the window's edge; returns the y of the last line."""
        x = x0
        right = self.width - self.s(24)
        for text, width, action, chosen, tip in items:
            if x + width > right and x > x0:
                x, y = x0, y + height + gap
            self.button(pygame.Rect(x, y, min(width, right - x), height), text, action,
                        object_id="#primary" if chosen else None, tooltip=tip)
            x += width + gap
        return y

    # -- commands ---------------------------------------------------------------------------
    def set_size(self, size: tuple[int, int]) -> None:
        """Resize the window (leaving full screen)."""
        self.app.set_window_size(size, fullscreen=False)

    def toggle_fullscreen(self) -> None:
        """Switch full screen on or off."""
        self.app.set_window_size((self.app.settings.width, self.app.settings.height),
                                 fullscreen=not self.app.settings.fullscreen)
        self.refresh()

    def set_sound(self, on: bool) -> None:
        """Sound on or off (a click confirms when switched on)."""
        self.app.set_sound(on)
        self.refresh()
        if on:
            self.app.play_sound("click")

    def back(self) -> bool:
        """Esc saves too."""
        self.close()
        return True

    def close(self) -> None:
        """Save the settings and return."""
        problem = self.app.save_settings()
        if problem:
            self.message = problem
            self.refresh()
            return
        if len(self.app.screens) > 1:
            self.app.pop()

    def draw(self, surface: pygame.Surface) -> None:
        """A preview of the relation colour scale, hostile to allied."""
        rect = self._scale_preview
        if rect is None or rect.w <= 0:
            return
        steps = 40
        for k in range(steps):
            score = -100 + 200 * k / (steps - 1)
            x = rect.x + rect.w * k // steps
            x2 = rect.x + rect.w * (k + 1) // steps
            pygame.draw.rect(surface, self.app.palette.relation_colour(score),
                             pygame.Rect(x, rect.y, x2 - x, rect.h))
        font = self.app.font(self.s(12))
        left = font.render("hostile", True, self.app.palette.text_dim)
        right = font.render("allied", True, self.app.palette.text_dim)
        surface.blit(left, (rect.x, rect.bottom + self.s(2)))
        surface.blit(right, (rect.right - right.get_width(), rect.bottom + self.s(2)))
