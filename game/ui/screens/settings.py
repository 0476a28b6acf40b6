"""Settings: window size, full screen, UI scale 100-200%, colour-blind-safe palette, sound.

Changes apply at once and are saved (game/settings.py) when leaving the screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.ui.screen import Screen

if TYPE_CHECKING:
    from game.ui.app import App

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
        label_w, bh, gap = s(160), s(40), s(10)
        y = m + s(64)
        row = s(58)
        x0 = m + label_w
        # window size
        self.label(pygame.Rect(m, y, label_w, bh), "Window size")
        x = x0
        current = (self.app.width, self.app.height)
        for size in WINDOW_SIZES:
            text = f"{size[0]} x {size[1]}"
            self.button(pygame.Rect(x, y, s(140), bh), text,
                        lambda size=size: self.set_size(size),
                        object_id="#primary" if current == size and not self.app.fullscreen
                        else None,
                        tooltip=f"Make the window {text} pixels (you can also drag its edges).")
            x += s(140) + gap
        self.button(pygame.Rect(x, y, s(160), bh),
                    ("[x]" if settings.fullscreen else "[ ]") + " Full screen",
                    self.toggle_fullscreen,
                    tooltip="Fill the whole screen (good on a classroom projector).")
        y += row
        # scale
        self.label(pygame.Rect(m, y, label_w, bh), "UI scale",
                   tooltip="Makes text and controls bigger for projectors and high-DPI screens.")
        x = x0
        for pct in SCALES:
            self.button(pygame.Rect(x, y, s(90), bh), f"{pct}%",
                        lambda pct=pct: self.app.set_scale(pct / 100.0),
                        object_id="#primary" if round(self.app.scale * 100) == pct else None,
                        tooltip=f"Draw the interface at {pct}% size.")
            x += s(90) + gap
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
