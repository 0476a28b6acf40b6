"""The application: window, pygame_gui manager, screen stack and the frame loop.

One frame (`tick_once`) is: gather events -> dispatch each (pygame_gui first, then global keys,
then the top screen) -> `update(dt)` -> draw (screen custom drawing, widgets, focus outline) ->
flip.  Heavy modules (numpy model, scenario loader, pydantic) are imported by the screens that
need them, after the title screen is on show.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pygame
import pygame_gui
from pygame_gui.core.surface_cache import SurfaceCache

from leverage import settings as settings_module
from leverage.resources import scenarios_dir
from leverage.settings import Settings, fit_window
from leverage.ui import theme
from leverage.ui.perf import PerfRecorder
from leverage.ui.screen import Screen
from leverage.ui.textlog import TextLog
from leverage.ui.theme import Palette

if TYPE_CHECKING:
    from leverage.session import Session

DEFAULT_SIZE = (1280, 720)
MIN_SIZE = (800, 560)
#: The largest window opened without a real display (tests, headless demo): 4K.
HEADLESS_LIMIT = (3840, 2160)
FPS = 60
#: Frames a second once nobody has touched the mouse or keyboard for IDLE_AFTER seconds: a game
#: left on a screen (a class reading the briefing, a projector between turns) halves its work.
IDLE_FPS = 30
IDLE_AFTER = 5.0
SWITCH_INTERVAL = 0.001
#: Widget shapes kept by ShapeCache.
SHAPE_CACHE_LIMIT = 800
#: Milliseconds of a frame after which screens leave further panels to the next frames.
FRAME_BUDGET_MS = 40.0
#: Unexpected frame errors in a row before the game gives up (the crash screen itself failing).
MAX_CRASHES = 3


class ShapeCache(SurfaceCache):
    """pygame_gui's cache of widget shapes without its packing into big atlas surfaces (whose
    tidying grows with every shape ever made and costs milliseconds per frame): a plain
    least-recently-used dictionary of at most SHAPE_CACHE_LIMIT surfaces."""

    def add_surface_to_cache(self, surface: pygame.Surface, string_id: str) -> None:
        """Keep a copy of the shape, forgetting the least recently used beyond the limit."""
        lookup = self.cache_short_term_lookup
        lookup.pop(string_id, None)
        lookup[string_id] = {"surface": surface.copy(), "uses": 1}
        while len(lookup) > SHAPE_CACHE_LIMIT:
            lookup.pop(next(iter(lookup)))

    def find_surface_in_cache(self, lookup_id: str) -> pygame.Surface | None:
        """The cached shape (now the most recently used), or None."""
        item = self.cache_short_term_lookup.pop(lookup_id, None)
        if item is None:
            return None
        item["uses"] += 1
        self.cache_short_term_lookup[lookup_id] = item
        return item["surface"]

    def update(self) -> None:
        """Nothing to move between cache levels."""


def headless() -> bool:
    """True when SDL draws to no real display (tests, headless demo)."""
    return os.environ.get("SDL_VIDEODRIVER", "") in ("dummy", "offscreen")


def load_settings() -> tuple[Settings, list[str]]:
    """The player's saved settings and any warnings about them (never raises)."""
    try:
        return settings_module.load_settings()
    except Exception as error:  # a damaged settings file never stops the game
        return Settings(), [f"the settings could not be read ({error}); using the defaults"]


def display_limit() -> tuple[int, int]:
    """The largest window worth opening: the largest display (a fixed size when headless)."""
    if headless():
        return HEADLESS_LIMIT
    try:
        sizes = pygame.display.get_desktop_sizes()
    except pygame.error:
        sizes = []
    usable = [(w, h) for w, h in sizes if w > 0 and h > 0]
    return max(usable, key=lambda wh: wh[0] * wh[1]) if usable else HEADLESS_LIMIT


class App:
    """The window, widget manager, palette, scale and the stack of screens."""

    def __init__(self, size: tuple[int, int] | None = None, *, settings: Settings | None = None,
                 perf: PerfRecorder | None = None, prewarm: bool = False) -> None:
        """Open the window (size overrides the saved window size) and the widget manager."""
        pygame.display.init()
        pygame.font.init()
        self._init_audio()
        # Background work (forecasts, turn resolution) hands the interpreter back to the frame
        # loop every millisecond instead of every 5, so frames are not held up behind it.
        sys.setswitchinterval(SWITCH_INTERVAL)
        self.warnings: list[str] = []
        if settings is None:
            settings, self.warnings = load_settings()
        self.settings: Settings = settings
        self.perf = perf
        self.prewarm = prewarm
        self.palette: Palette = theme.palette_for(self.settings.colour_blind)
        self.fullscreen = self.settings.fullscreen and not headless()
        wanted = size or (self.settings.width, self.settings.height)
        self.window = self._open_window((int(wanted[0]), int(wanted[1])))
        self.scale = self.fitted_scale()
        pygame.display.set_caption("Leverage")
        pygame.key.set_repeat(350, 40)
        self.theme_base = theme.load_theme_file()
        self.manager = self._make_manager()
        self._managers: dict[tuple[float, str], pygame_gui.UIManager] = {
            (self.scale, self.palette.name): self.manager}
        self._next_frame: list[Callable[[], None]] = []
        self.session: Session | None = None
        #: A class game hosted for teams' own devices (leverage.net.host.Hosting), or None; its
        #: teams' messages are applied once a frame, whichever screen is on top.
        self.hosting: Any = None
        #: Where the scenario picker looks for scenario files: the shipped ones.
        self.scenarios_dir: Path = scenarios_dir()
        #: The player's own scenarios, listed after the shipped ones; None: `scenarios/` in the
        #: user data folder (worked out by the picker, so start-up imports nothing for it).
        self.user_scenarios_dir: Path | None = None
        #: Shared values kept between screens (e.g. the scenario catalogue).
        self.cache: dict[str, Any] = {}
        self.screens: list[Screen] = []
        #: The text screens draw themselves, where it lands (checked by the layout test).
        self.text_log = TextLog()
        self.running = True
        self.clock = pygame.time.Clock()
        #: When the last event came (mouse, keyboard, window): the frame rate drops after a pause.
        self.last_input = time.monotonic()
        self.frames = 0
        self.last_frame_ms = 0.0
        #: CPU time the frame loop's thread spent on the last frame (machine load left out).
        self.last_frame_cpu_ms = 0.0
        self.max_frame_ms = 0.0
        #: time.perf_counter() when the current frame began (screens spread heavy drawing over
        #: several frames once a frame has used FRAME_BUDGET_MS).
        self.frame_started = time.perf_counter()
        self.message = ""
        self._assets: Any = None
        self._text_cache: dict[tuple[str, int, tuple[int, int, int], bool], pygame.Surface] = {}
        self._fonts: dict[tuple[int, bool, bool], pygame.font.Font] = {}
        self._later: list[Callable[[], None]] = []
        self._held_events: list[pygame.event.Event] = []
        self._warm_thread: threading.Thread | None = None
        #: Unexpected errors in a row (the frame loop gives up after MAX_CRASHES).
        self.crashes = 0
        settle_garbage()

    # -- set-up -----------------------------------------------------------------------------
    def _init_audio(self) -> None:
        """Start the mixer when there is a sound device (never fatal)."""
        self.audio = False
        try:
            pygame.mixer.init()
            self.audio = True
        except pygame.error:
            self.audio = False

    def _open_window(self, size: tuple[int, int]) -> pygame.Surface:
        """Open (or reopen) the display surface at `size`, resizable or full screen."""
        if self.fullscreen:
            return pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        width, height = fit_window(max(MIN_SIZE[0], size[0]), max(MIN_SIZE[1], size[1]),
                                   display_limit())
        return pygame.display.set_mode((width, height), pygame.RESIZABLE)

    def _make_manager(self) -> pygame_gui.UIManager:
        """A UIManager with the theme scaled and recoloured for the current settings."""
        data = theme.build_theme(self.scale, self.palette, self.theme_base)
        manager = pygame_gui.UIManager(self.window.get_size(), data,
                                       enable_live_theme_updates=False)
        manager.get_theme().shape_cache = ShapeCache()
        with warnings.catch_warnings():  # fonts shared with another scale are already loaded
            warnings.simplefilter("ignore", UserWarning)
            manager.preload_fonts(theme.fonts_in(data))
        return manager

    @property
    def width(self) -> int:
        """Window width in pixels."""
        return self.window.get_width()

    @property
    def height(self) -> int:
        """Window height in pixels."""
        return self.window.get_height()

    @property
    def size(self) -> tuple[int, int]:
        """Window size in pixels."""
        return self.window.get_size()

    def s(self, px: float) -> int:
        """Scale a size in pixels by the UI scale."""
        return round(px * self.scale)

    @property
    def assets(self) -> Any:
        """The shared Assets (map, flags, fonts, sounds), loaded on first use."""
        if self._assets is None:
            from leverage.ui.assets import Assets

            self._assets = Assets()
        return self._assets

    @property
    def top(self) -> Screen | None:
        """The screen on top of the stack."""
        return self.screens[-1] if self.screens else None

    # -- screen stack -----------------------------------------------------------------------
    def push(self, screen: Screen) -> Screen:
        """Cover the current screen with `screen`."""
        if self.screens:
            self.screens[-1].leave()
        self.screens.append(screen)
        screen.enter()
        return screen

    def pop(self) -> Screen | None:
        """Remove the top screen and show the one below."""
        if not self.screens:
            return None
        screen = self.screens.pop()
        screen.leave()
        if self.screens:
            self.screens[-1].enter()
        return screen

    def replace(self, screen: Screen) -> Screen:
        """Swap the top screen for `screen`."""
        if self.screens:
            self.screens.pop().leave()
        self.screens.append(screen)
        screen.enter()
        return screen

    def reset(self, screen: Screen) -> Screen:
        """Clear the stack and show `screen` alone."""
        while self.screens:
            self.screens.pop().leave()
        self.screens.append(screen)
        screen.enter()
        return screen

    def find(self, kind: type) -> Screen | None:
        """The topmost screen on the stack of the given class."""
        for screen in reversed(self.screens):
            if isinstance(screen, kind):
                return screen
        return None

    def later(self, action: Callable[[], None]) -> None:
        """Run `action` after this frame's events (e.g. a stack change asked for mid-dispatch)."""
        self._later.append(action)

    # -- settings ---------------------------------------------------------------------------
    def rebuild(self) -> None:
        """Switch to the manager for the current scale and palette; the top screen rebuilds on
        the next frame (so neither half of the work makes one long frame)."""
        top = self.top
        if top is not None:
            top.leave()
        key = (self.scale, self.palette.name)
        manager = self._managers.get(key)
        if manager is None:
            manager = self._make_manager()
            self._managers[key] = manager
        else:
            manager.set_window_resolution(self.window.get_size())
        self.manager = manager
        self._text_cache.clear()
        self._fonts.clear()
        if top is not None:
            self._next_frame.append(lambda: self._reenter(top))

    def _reenter(self, screen: Screen) -> None:
        """Build `screen` again if it is still on top and has not been rebuilt meanwhile."""
        if self.top is screen and not screen.active:
            screen.enter()

    def change_settings(self, **changes: Any) -> None:
        """Replace the settings with some values changed (kept in range by Settings)."""
        self.settings = self.settings.with_changes(**changes)

    def fitted_scale(self) -> float:
        """The scale for the chosen one and this window (see theme.fit_scale)."""
        return theme.fit_scale(self.settings.scale, self.window.get_size(),
                               self.settings.auto_scale)

    def set_scale(self, scale: float) -> None:
        """Choose the UI scale (1.0-2.0; drawn smaller when the window is too small for it)."""
        self.change_settings(ui_scale=round(theme.clamp_scale(scale) * 100))
        self.scale = self.fitted_scale()
        self.rebuild()

    def set_auto_scale(self, on: bool) -> None:
        """Switch the automatic scale for large windows on or off."""
        self.change_settings(auto_scale=on)
        self.scale = self.fitted_scale()
        self.rebuild()

    def set_colour_blind(self, on: bool) -> None:
        """Switch the colour-blind-safe palette on or off."""
        self.palette = theme.palette_for(on)
        self.change_settings(colour_blind=on)
        self.rebuild()

    def set_window_size(self, size: tuple[int, int], fullscreen: bool | None = None) -> None:
        """Resize the window (or go full screen) and relayout."""
        if fullscreen is not None:
            self.fullscreen = fullscreen and not headless()
            self.change_settings(fullscreen=fullscreen)
        self.change_settings(width=int(size[0]), height=int(size[1]))
        self.window = self._open_window(size)
        self._resized()

    def sound_on(self) -> bool:
        """True when sound effects are switched on."""
        return self.settings.sound

    def set_sound(self, on: bool) -> None:
        """Switch sound effects on or off."""
        self.change_settings(sound=on)

    def save_settings(self) -> str | None:
        """Remember the settings between runs; an error message or None."""
        try:
            return settings_module.save_settings(self.settings)
        except Exception as error:  # never a traceback for a settings file
            return str(error)

    # -- sound and text ---------------------------------------------------------------------
    def play_sound(self, name: str) -> None:
        """Play a short effect (click, turn_end, news, proposal, error) unless sound is off."""
        if not self.audio or not self.sound_on():
            return
        try:
            sound = self.assets.sound(name)
            if sound is not None:
                sound.play()
        except Exception:  # a missing or broken sound never stops the game
            return

    def font(self, size: int, bold: bool = False, italic: bool = False) -> pygame.font.Font:
        """Noto Sans at `size` pixels (already scaled by the caller), cached."""
        key = (size, bold, italic)
        if key not in self._fonts:
            self._fonts[key] = self._load_font(size, bold, italic)
        return self._fonts[key]

    def _load_font(self, size: int, bold: bool, italic: bool = False) -> pygame.font.Font:
        """Load a font from the assets, the shipped files or pygame's default."""
        if self._assets is not None:
            try:
                return self._assets.font(size, bold, italic)  # type: ignore[no-any-return]
            except Exception:
                pass
        paths = theme.font_paths()
        style = "bold_italic" if bold and italic else "bold" if bold else "italic" if italic \
            else "regular"
        path = paths.get(style) or paths.get("bold" if bold else "regular") or paths.get("regular")
        try:
            font = pygame.font.Font(path, size)
        except (OSError, pygame.error):
            font = pygame.font.Font(None, size)
        if italic and style not in paths:
            font.italic = True
        if bold and style not in paths and "bold" not in paths:
            font.bold = True
        return font

    def text(self, text: str, size: int, colour: tuple[int, int, int] | None = None,
             bold: bool = False) -> pygame.Surface:
        """Rendered text (size in unscaled px), cached until the scale or palette changes."""
        colour = colour or self.palette.text
        px = self.s(size)
        rgb = (int(colour[0]), int(colour[1]), int(colour[2]))
        key = (text, px, rgb, bold)
        surface = self._text_cache.get(key)
        if surface is None:
            if len(self._text_cache) > 2000:
                self._text_cache.clear()
            surface = self.font(px, bold).render(text, True, rgb)
            self._text_cache[key] = surface
        return surface

    # -- the frame --------------------------------------------------------------------------
    def frame_spent_ms(self) -> float:
        """Milliseconds spent on the current frame so far (wall clock: cheap to read, and on a
        loaded machine it only makes the screens spread their work more)."""
        return (time.perf_counter() - self.frame_started) * 1000.0

    def over_budget(self) -> bool:
        """True when this frame has done enough work; more drawing should wait a frame."""
        return self.frame_spent_ms() > FRAME_BUDGET_MS

    def dispatch(self, event: pygame.event.Event) -> None:
        """Route one event: window events, pygame_gui, global keys, the top screen, Esc."""
        if event.type == pygame.QUIT:
            self.running = False
            return
        if event.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            self._on_resize(event)
            return
        if self.manager.process_events(event):
            return
        top = self.top
        if top is None:
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_F1:
            self.open_help()
            return
        if top.handle(event):
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            top.back()

    def _on_resize(self, event: pygame.event.Event) -> None:
        """Follow a window resize: resize the surface if needed, then relayout."""
        if self.fullscreen:
            return
        size = (int(getattr(event, "w", getattr(event, "x", self.width))),
                int(getattr(event, "h", getattr(event, "y", self.height))))
        size = fit_window(max(MIN_SIZE[0], size[0]), max(MIN_SIZE[1], size[1]), display_limit())
        if size == self.window.get_size() and tuple(self.manager.window_resolution) == size:
            return  # already laid out for this size (SDL sends several events per resize)
        surface = pygame.display.get_surface()
        if surface is None or surface.get_size() != size:
            self.window = pygame.display.set_mode(size, pygame.RESIZABLE)
        else:
            self.window = surface
        if size != (self.settings.width, self.settings.height):
            self.change_settings(width=size[0], height=size[1])
        self._resized()

    def _resized(self) -> None:
        """Tell the manager and the top screen about the new size (a new scale if it fits
        another one)."""
        if self.fitted_scale() != self.scale:
            self.scale = self.fitted_scale()
            self.rebuild()
            return
        self.manager.set_window_resolution(self.window.get_size())
        top = self.top
        if top is not None:
            top.refresh()

    def open_help(self) -> None:
        """Push How to play unless it is already on top."""
        from leverage.ui.screens.help import HelpScreen

        if not isinstance(self.top, HelpScreen):
            self.push(HelpScreen(self))

    def tick_once(self, dt: float | None = None) -> None:
        """Run exactly one frame: events -> update(dt) -> draw -> flip."""
        started = time.perf_counter()
        cpu_started = time.thread_time()
        self.frame_started = started
        step = 1.0 / FPS if dt is None else dt
        pending, self._next_frame = self._next_frame, []
        for action in pending:
            action()
        self._dispatch_events()
        self._run_later()
        self.update(step)
        self.draw()
        pygame.display.flip()
        self.last_frame_cpu_ms = (time.thread_time() - cpu_started) * 1000.0
        self._after_frame(started)

    def _dispatch_events(self) -> None:
        """Dispatch this frame's events; once the frame has used its budget (e.g. a screen was
        built), the rest wait for the next frame, in order."""
        events = self._held_events + pygame.event.get()
        self._held_events = []
        if events:
            self.last_input = time.monotonic()
        for k, event in enumerate(events):
            # the letter of a key press stays in the key's frame (a dialog the key opened takes
            # the keyboard only after it)
            if k and self.over_budget() and event.type != pygame.TEXTINPUT:
                self._held_events = events[k:]
                return
            self.dispatch(event)

    def _run_later(self) -> None:
        """Run the actions deferred during dispatch."""
        while self._later:
            self._later.pop(0)()

    def update(self, dt: float) -> None:
        """Advance the top screen and the widgets."""
        if self.hosting is not None:
            if self.hosting.classroom.session is not self.session:  # another game was opened
                self.hosting.stop()
                self.hosting = None
            else:
                self.hosting.pump()
        top = self.top
        if top is not None:
            if top.dirty:
                top.relayout()
            top.update(dt)
        self.manager.update(dt)

    def draw(self) -> None:
        """Draw the top screen (and the one below when it is an overlay), widgets, focus."""
        surface = self.window
        surface.fill(self.palette.bg)
        top = self.top
        if top is not None and top.overlay and len(self.screens) > 1:
            self.screens[-2].draw(surface)
        if top is not None:
            self.text_log.clear(surface)  # the top screen's text only (not what lies under a veil)
            top.draw(surface)
            top.draw_views(surface)
        self.manager.draw_ui(surface)
        if top is not None:
            top.draw_over(surface)

    def _after_frame(self, started: float) -> None:
        """Frame statistics, start-up mark and the background warm-up."""
        ms = (time.perf_counter() - started) * 1000.0
        self.frames += 1
        self.last_frame_ms = ms
        if self.frames > 2:
            self.max_frame_ms = max(self.max_frame_ms, ms)
        top = self.top
        if self.perf is not None and top is not None:
            if self.frames == 1:
                self.perf.mark_interactive()
            else:
                self.perf.frame(top.title, ms, self.last_frame_cpu_ms)
        if self.prewarm and self.frames == 2 and self._warm_thread is None:
            self._warm_thread = threading.Thread(target=self._warm_up, daemon=True)
            self._warm_thread.start()

    def _warm_up(self) -> None:
        """Background, after start-up: import the model and game screens, read the world map."""
        _warm_imports()
        try:
            self.assets.map()
        except Exception:  # the turn screen reports a missing map itself
            return
        gc.freeze()  # the map and modules stay for the whole run

    def run(self) -> int:
        """Loop frames until the window is closed or Quit is chosen; an unexpected error in a
        frame autosaves the game and shows a report (1 when errors keep coming)."""
        while self.running:
            dt = self.clock.tick(self.frame_rate()) / 1000.0
            if not self.guarded_tick(min(dt, 0.1)):
                return 1
        return 0

    def frame_rate(self) -> int:
        """Frames a second for the next frame: FPS, or IDLE_FPS after a pause in the input."""
        return FPS if time.monotonic() - self.last_input < IDLE_AFTER else IDLE_FPS

    def guarded_tick(self, dt: float) -> bool:
        """One frame; an unexpected error is reported on a crash screen instead of ending the
        game. False when the errors keep coming (even the report screen fails)."""
        try:
            self.tick_once(dt)
        except Exception as error:  # the last line of defence: the player never sees a traceback
            self.crashes += 1
            if self.crashes > MAX_CRASHES:
                sys.stderr.write(f"Leverage stopped after repeated errors: {error!r}\n")
                return False
            try:
                self.show_crash(error)
            except Exception as failure:  # not even the report could be shown
                sys.stderr.write(f"Leverage stopped: {error!r}; its report failed too: "
                                 f"{failure!r}\n")
                return False
            return True
        self.crashes = 0
        return True

    def show_crash(self, error: BaseException) -> None:
        """Autosave the game in progress, write a report file and show the crash screen."""
        from leverage.ui.crash import autosave_after_crash, write_crash_report
        from leverage.ui.screens.crash import CrashScreen

        saved = autosave_after_crash(self.session)
        report = write_crash_report(error, self.top.title if self.top is not None else "")
        summary = f"{type(error).__name__}: {error}"
        self._held_events = []
        self._later = []
        self._next_frame = []
        self.reset(CrashScreen(self, summary, saved, report))

    def quit(self) -> None:
        """Stop the loop at the end of this frame."""
        self.running = False

    def close(self) -> None:
        """Leave every screen, stop the forecast processes and close the window."""
        while self.screens:
            self.screens.pop().leave()
        if self.hosting is not None:
            self.hosting.stop()
            self.hosting = None
        pool = getattr(self, "forecast_pool", None)
        if pool is not None:
            try:
                pool.close()
            except Exception:  # closing never raises
                pass
            self.forecast_pool = None
        pygame.display.quit()

    def screenshot(self, path: str | Path) -> None:
        """Save the window as a PNG."""
        pygame.image.save(self.window, str(path))


def settle_garbage() -> None:
    """Collect now and move every surviving object (modules, fonts, theme, loaded data) out of
    the collector's sight, so later full collections scan only what was made since and never
    stall a frame for long."""
    gc.collect()
    gc.freeze()


def _warm_imports() -> None:
    """Import the model, scenario loader and session in the background after start-up."""
    for name in ("leverage.scenario", "leverage.session", "leverage.core.step", "leverage.core.ai",
                 "leverage.ui.charts", "leverage.ui.mapview", "leverage.ui.screens.turn"):
        try:
            __import__(name)
        except Exception:
            continue


def _clean_leftovers() -> None:
    """Delete temp files of saves interrupted by an earlier crash (never fatal)."""
    try:
        from leverage.storage import clean_temp_files

        clean_temp_files()
    except OSError:
        return


def run_game(perf: bool = False, size: tuple[int, int] | None = None,
             hosting: Any = None) -> int:
    """Open the game at the title screen and run until quit (the `play` command); with
    `hosting` (the `host` command), at the projector board of that class game."""
    recorder = PerfRecorder() if perf else None
    _clean_leftovers()
    app = App(size=size, perf=recorder, prewarm=True)
    from leverage.ui.screens.title import TitleScreen

    app.reset(TitleScreen(app))
    if hosting is not None:
        from leverage.ui.screens.board import show_board

        show_board(app, hosting)
    try:
        code = app.run()
    finally:
        app.close()
        if recorder is not None:
            print(recorder.report())
    return code
