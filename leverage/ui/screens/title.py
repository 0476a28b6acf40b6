"""Title screen: Continue (newest autosave), New game, Load, Settings, How to play, Quit."""

from __future__ import annotations

import math
import threading
from typing import TYPE_CHECKING, Any

import pygame

from leverage.ui.screen import Screen
from leverage.ui.widgets import column

if TYPE_CHECKING:
    from leverage.ui.app import App


def newest_autosave() -> Any:
    """Path of the newest autosave that loads, or None (never raises)."""
    try:
        from leverage import storage

        return storage.newest_autosave()
    except Exception:
        return None


class TitleScreen(Screen):
    """The first screen: the game's name and the main menu."""

    title = "title"

    def __init__(self, app: App) -> None:
        """Start looking for an autosave in the background (imports stay off the first frame)."""
        super().__init__(app)
        self.autosave: Any = None
        self.checked = False
        self.error = ""
        self._result: list[Any] = []
        self._thread: threading.Thread | None = None
        self._backdrop: pygame.Surface | None = None
        self.continue_button: Any = None
        self.loader: Any = None

    def build(self) -> None:
        """Title, subtitle and the menu buttons."""
        w, h = self.width, self.height
        gap = self.s(12)
        footer = self.s(40)
        head = self.s(70) + self.s(30) + self.s(30)
        top_margin = min(int(h * 0.12), max(self.s(10), (h - head - footer - 6 * (self.s(44) + gap)) // 2))
        bh = min(self.s(44), (h - top_margin - head - footer) // 6 - gap)
        self.label(pygame.Rect(0, top_margin, w, self.s(70)), "LEVERAGE", object_id="#title")
        self.label(pygame.Rect(0, top_margin + self.s(70), w, self.s(30)),
                   "Bilateral relations under sanctions pressure", object_id="#subtitle")
        bw = self.s(300)
        rects = column((w - bw) // 2, top_margin + head, bw, bh, gap, 6)
        self.continue_button = self.button(
            rects[0], "Continue", self.continue_game, object_id="#primary", key=1,
            tooltip="Resume the newest autosaved game.", enabled=self.autosave is not None)
        self.button(rects[1], "New game", self.new_game, object_id="#menu", key=2,
                    tooltip="Choose a scenario and who plays each country.")
        self.button(rects[2], "Load", self.load_game, object_id="#menu", key=3,
                    tooltip="Open a saved game or an autosave.")
        self.button(rects[3], "Settings", self.open_settings, object_id="#menu", key=4,
                    tooltip="Window size, full screen, UI scale, colours and sound.")
        self.button(rects[4], "How to play", self.app.open_help, object_id="#menu", key=5,
                    tooltip="The turn, moves, budget, deals, sanctions, the map and charts (F1).")
        self.button(rects[5], "Quit", self.app.quit, object_id="#menu", key=6,
                    tooltip="Close the game.")
        note = self.error or "Tab / arrows to move, Enter to choose, F1 for help, Esc to go back"
        self.label(pygame.Rect(0, h - self.s(32), w, self.s(24)), note,
                   object_id="#small_centre")
        self.focus.focus_index(0 if self.autosave is not None else 1)

    def back(self) -> bool:
        """Esc on the title does nothing (Quit is a button)."""
        return True

    def enter(self) -> None:
        """Build, and check for autosaves again (a game may have been saved meanwhile)."""
        super().enter()
        if self.checked:
            self.checked = False
            self._thread = None

    def update(self, dt: float) -> None:
        """Start the autosave look-up after the first frame; enable Continue when found."""
        if self.loader is not None and self.loader.done:
            self._finish_loading()
            return
        if self._thread is None and self.app.frames >= 1:
            self._result = []
            self._thread = threading.Thread(target=self._look, daemon=True)
            self._thread.start()
        if not self.checked and self._result:
            self.checked = True
            found = self._result[0]
            if (found is None) != (self.autosave is None) or found is not self.autosave:
                self.autosave = found
                if self.continue_button is not None:
                    if found is not None:
                        self.continue_button.enable()
                        self.focus.focus(self.continue_button)
                    else:
                        self.continue_button.disable()

    def _look(self) -> None:
        """Background: find the newest autosave."""
        self._result.append(newest_autosave())

    def wait_for_check(self, timeout: float = 5.0) -> None:
        """Block until the autosave look-up has finished (tests)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def continue_game(self) -> None:
        """Read the newest autosave in the background; `update` opens the game when read."""
        if self.autosave is None or self.loader is not None:
            return
        from leverage.ui.screens.saveload import SaveLoader

        self.loader = SaveLoader(self.autosave)
        self.loader.start()

    def _finish_loading(self) -> None:
        """Show the game read by Continue, or its problem."""
        loader, self.loader = self.loader, None
        if loader is None:
            return
        error = loader.finish(self.app)
        if error:
            self.error = error
            self.refresh()

    def new_game(self) -> None:
        """Open the scenario picker."""
        from leverage.ui.screens.picker import PickerScreen

        self.app.push(PickerScreen(self.app))

    def load_game(self) -> None:
        """Open the load screen."""
        from leverage.ui.screens.saveload import SaveLoadScreen

        self.app.push(SaveLoadScreen(self.app, mode="load"))

    def open_settings(self) -> None:
        """Open the settings screen."""
        from leverage.ui.screens.settings import SettingsScreen

        self.app.push(SettingsScreen(self.app))

    def draw(self, surface: pygame.Surface) -> None:
        """A calm backdrop: a faint globe grid, cached per window size and palette."""
        size = surface.get_size()
        if self._backdrop is None or self._backdrop.get_size() != size:
            self._backdrop = self._make_backdrop(size)
        surface.blit(self._backdrop, (0, 0))

    def _make_backdrop(self, size: tuple[int, int]) -> pygame.Surface:
        """Draw meridians and parallels of a globe on a dark background."""
        w, h = size
        surface = pygame.Surface(size)
        surface.fill(self.app.palette.bg)
        cx, cy, r = w // 2, int(h * 1.25), int(max(w, h) * 0.9)
        colour = self.app.palette.grid
        for k in range(1, 9):
            pygame.draw.circle(surface, colour, (cx, cy), int(r * k / 8), 1)
        for k in range(-12, 13):
            angle = math.pi / 2 + k * math.pi / 26
            end = (cx + int(r * math.cos(angle) * 1.2), cy - int(r * math.sin(angle) * 1.2))
            pygame.draw.line(surface, colour, (cx, cy), end, 1)
        return surface
