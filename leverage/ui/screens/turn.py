"""The turn screen: the world map, the selected country's panel, move cards with forecasts.

Also home of `GameScreen`, the base of the in-game screens (turn, relationship, proposals,
results, history): session access, cached panels, custom tooltips over drawn content, a header.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import pygame

from leverage.ui import charts
from leverage.ui.charts import (
    ChartStyle,
    blit_text,
    fit_text,
    format_change,
    format_value,
    wrap_text,
)
from leverage.ui.forecast_worker import ForecastPool, ForecastWorker
from leverage.ui.mapview import MapSnapshot, WorldMap, mix, relation_word, signed
from leverage.ui.screen import Screen

if TYPE_CHECKING:
    from leverage.ui.app import App

Colour = tuple[int, int, int]

#: Indicators in the country panel, most important first (as many as fit are shown).
PANEL_INDICATORS: tuple[str, ...] = (
    "gdp", "growth", "inflation", "reserves", "stability", "oil_output", "gold_home", "debt",
    "frozen", "emigrants", "oil_exports", "gold_abroad", "reserves_cny", "pay_usd", "pay_mir",
    "oil_capacity", "reserves_usd", "reserves_eur", "pay_cny", "pay_eur", "pay_barter", "population",
)
#: +1 when a rise is good news for the country, -1 when it is bad, 0 when neither.
GOOD_WHEN_UP: dict[str, int] = {
    "gdp": 1, "growth": 1, "inflation": -1, "reserves": 1, "reserves_usd": 1, "reserves_eur": 1,
    "reserves_cny": 1, "gold_home": 1, "gold_abroad": 0, "frozen": -1, "oil_output": 1,
    "oil_capacity": 1, "oil_exports": 1, "debt": -1, "stability": 1, "emigrants": -1,
}
KIND_LABELS: dict[str, str] = {"instant": "one-off", "ongoing": "ongoing", "proposal": "proposal"}
TOOLTIP_DELAY = 0.25
#: Forecast tab labels used when the full ones do not fit.
SHORT_TAB_LABELS: dict[str, str] = {"gdp": "GDP", "inflation": "Infl.", "reserves": "Res.",
                                    "stability": "Stab.", "oil_output": "Oil",
                                    "gold_home": "Gold"}
FORECAST_FUTURES = 250
#: Legend of the forecast chart: the two assumptions about the other countries.
#: The first two share the first assumption (the legend shows them side by side).
FORECAST_LABELS: tuple[str, str, str] = ("if nobody else moves: with it", "without",
                                         "if the others play on: with it")
FORECAST_TURNS = 6
#: Once a frame has taken this many milliseconds, further stale panels wait for the next frame
#: (so a click that changes several panels redraws them over a few frames, none of them long).
PANEL_BUDGET_MS = 4.0
#: At most this many frames in a row may leave a panel for later (see GameScreen.defer_work).
DEFER_FRAMES = 4


def indicator_info(name: str) -> Any:
    """The vocabulary entry of an indicator (None when unknown)."""
    from leverage.core.vocab import indicator

    try:
        return indicator(name)
    except KeyError:
        return None


def indicator_tooltip(name: str, value: float | None = None, previous: float | None = None) -> str:
    """What an indicator means, what moves it, and its current value and change."""
    info = indicator_info(name)
    if info is None:
        return name
    lines = [f"{info.label} ({info.unit})"]
    if value is not None:
        line = f"Now: {format_value(value, info.unit)}"
        if previous is not None and math.isfinite(previous):
            line += f" ({format_change(value - previous, info.unit)} since last turn)"
        lines.append(line)
    lines.append(info.meaning)
    lines.append(f"What moves it: {info.moved_by}")
    return "\n".join(lines)


#: Indicators that only some countries have (emigration, gold held abroad, Mir payments...):
#: a country whose value has stayed negligible all game does not get a row for them.
SOMETIMES_ZERO: frozenset[str] = frozenset({
    "emigrants", "gold_abroad", "frozen", "reserves_usd", "reserves_cny", "reserves_eur", "pay_mir",
    "pay_cny",
    "pay_eur", "pay_barter", "oil_output", "oil_exports", "oil_capacity", "gold_home", "debt"})
#: Below these (by unit) a value is negligible: $10m, a thousand people, half a tonne, half a
#: thousand barrels a day, a twentieth of a percent (a few dollars of yuan bought by a rounding
#: of the payment shares is not a reason for a row).
NEGLIGIBLE: dict[str, float] = {"$bn": 0.01, "m": 0.001, "t": 0.5, "kb/d": 0.5, "%": 0.05}


def not_for_this_country(name: str, series: Sequence[float]) -> bool:
    """True for an indicator that only some countries have and that has stayed negligible the
    whole game for this country (the United States' emigrants, its gold abroad)."""
    if name not in SOMETIMES_ZERO:
        return False
    info = indicator_info(name)
    limit = NEGLIGIBLE.get(info.unit if info is not None else "", 1e-9)
    return all(abs(v) < limit for v in series)


def panel_names(session: Any, code: str) -> tuple[tuple[str, ...], bool]:
    """The indicators of `code`'s panel, and whether the scenario chose them (then all of them
    are shown; otherwise the rows that do not apply to the country are left out)."""
    scenario = getattr(getattr(session, "loaded", None), "scenario", None)
    chosen = scenario.panel_indicators(code) if scenario is not None else ()
    return (tuple(chosen), True) if chosen else (PANEL_INDICATORS, False)


def date_of(session: Any, turn: int) -> str:
    """The date label of a turn ('Jul 2018')."""
    from leverage.session import date_label

    return date_label(session.world, turn)


def country_name(session: Any, code: str) -> str:
    """A country's name from its code."""
    world = session.world
    return str(world.names[world.country(code)]) if code in world.codes else code


class GameScreen(Screen):
    """Base of the in-game screens: session, fonts, cached panels and drawn-content tooltips."""

    title = "game"

    def __init__(self, app: App) -> None:
        """Start with no hover and empty caches."""
        super().__init__(app)
        self.tips: list[tuple[pygame.Rect, str]] = []
        self.mouse: tuple[int, int] = (-1, -1)
        self._hover_time = 0.0
        self._tip_cache: tuple[str, int, pygame.Surface] | None = None
        self._panels: dict[str, tuple[Any, pygame.Surface]] = {}
        self._style: tuple[Any, ChartStyle] | None = None
        self.status = ""
        self._status_time = 0.0
        self._deferring_since: int | None = None
        #: The indicators the country panel showed when last drawn, in order.
        self.panel_rows: list[str] = []

    # -- shared -----------------------------------------------------------------------------
    @property
    def session(self) -> Any:
        """The game being played."""
        return self.app.session

    def style(self) -> ChartStyle:
        """Chart style for the current scale and palette (cached)."""
        key = (self.app.scale, self.app.palette.name)
        if self._style is None or self._style[0] != key:
            self._style = (key, charts.style_from_app(self.app))
        return self._style[1]

    def font(self, size: int, bold: bool = False) -> pygame.font.Font:
        """The UI font at `size` unscaled pixels."""
        return self.app.font(self.s(size), bold)

    def write(self, surface: pygame.Surface, text: str, pos: tuple[float, float], size: int = 14,
              colour: Colour | None = None, *, bold: bool = False, anchor: str = "topleft",
              max_width: int | None = None) -> pygame.Rect:
        """Draw one line of text (recorded in the app's text log); returns its rectangle."""
        font = self.font(size, bold)
        rect = blit_text(surface, font, text, colour or self.app.palette.text, pos, anchor,
                         max_width)
        cut = max_width is not None and font.size(text)[0] > max_width
        self.app.text_log.wrote(surface, text, rect, cut)
        return rect

    def place(self, target: pygame.Surface, panel: pygame.Surface, dest: Any,
              area: pygame.Rect | None = None) -> None:
        """Blit a drawn panel (or its `area`) on `target`; the text drawn on it is now on
        `target` too."""
        at = pygame.Rect(dest).topleft if not isinstance(dest, tuple) else dest
        target.blit(panel, at, area)
        self.app.text_log.placed(target, panel, at, area)

    def cached(self, name: str, key: Any, make: Callable[[], pygame.Surface],
               size: tuple[int, int] | None = None) -> pygame.Surface:
        """A panel surface rebuilt only when its key changes.

        With `size`, the rebuild may wait for a later frame when this frame has already done its
        share of work (the old image, or an empty panel, shows meanwhile)."""
        entry = self._panels.get(name)
        if entry is None or entry[0] != key:
            if size is not None and self.defer_work():
                if entry is not None and entry[1].get_size() == size:
                    return entry[1]
                return self.new_panel(size)
            entry = (key, make())
            self._panels[name] = entry
        return entry[1]

    def defer_work(self) -> bool:
        """True when heavy drawing should wait for the next frame (never for more than a few)."""
        frame = self.app.frames
        if self._deferring_since is None or frame < self._deferring_since:
            self._deferring_since = frame
        busy = self.app.frame_spent_ms() > PANEL_BUDGET_MS
        if not busy or frame - self._deferring_since >= DEFER_FRAMES:
            self._deferring_since = None
            return False
        return True

    def invalidate(self, *names: str) -> None:
        """Forget cached panels (all when no name is given)."""
        if not names:
            self._panels.clear()
        for name in names:
            self._panels.pop(name, None)

    def flash(self, text: str) -> None:
        """Show a short status message (errors, confirmations) for a few seconds."""
        self.status = text
        self._status_time = 4.0

    def state_key(self) -> tuple[Any, ...]:
        """Changes whenever the game state or display settings change."""
        session = self.session
        states = len(getattr(session, "states", ())) if session is not None else 0
        return (states, self.app.size, self.app.scale, self.app.palette.name)

    # -- tooltips over custom drawing -------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> bool:
        """Track the mouse for tooltips, then the base class's buttons, keys and focus."""
        if event.type == pygame.MOUSEMOTION:
            if event.pos != self.mouse:
                self._hover_time = 0.0
            self.mouse = event.pos
        return super().handle(event)

    def tooltip_at(self, pos: tuple[int, int]) -> str | None:
        """The tooltip for a screen position: the smallest hotspot containing it, or the whole
        of a line of text cut short there when that hotspot does not tell it."""
        best: tuple[int, str] | None = None
        for rect, text in self.tips:
            if rect.collidepoint(pos):
                area = rect.width * rect.height
                if best is None or area < best[0]:
                    best = (area, text)
        cut = next((line.text for line in self.app.text_log.on(self.app.window)
                    if line.cut and line.rect.collidepoint(pos)), None)
        if cut is not None and (best is None or cut not in best[1]):
            return cut
        return best[1] if best else None

    @property
    def tooltip_text(self) -> str | None:
        """The tooltip on show, if the mouse has rested long enough."""
        if self._hover_time < TOOLTIP_DELAY:
            return None
        return self.tooltip_at(self.mouse)

    def update(self, dt: float) -> None:
        """Advance the hover timer and the status message."""
        self._hover_time += dt
        if self._status_time > 0:
            self._status_time -= dt
            if self._status_time <= 0:
                self.status = ""
        if self.counts_team_time:
            self.keep_clock_running(dt)

    #: True on the screens a team opens while planning (its turn timer keeps running there).
    counts_team_time = False

    def keep_clock_running(self, dt: float) -> None:
        """The team's timer runs on here; at zero, back to the turn screen, where it ends."""
        turn = self.app.find(TurnScreen)
        if not isinstance(turn, TurnScreen) or turn.clock_left is None:
            return
        turn.clock_left = max(0.0, turn.clock_left - dt)
        if turn.clock_left <= 0.0 and self.app.top is self:
            self.app.later(lambda: self.back_to(turn))

    def back_to(self, screen: Screen) -> None:
        """Pop screens until `screen` is on top."""
        while self.app.top is not screen and len(self.app.screens) > 1:
            self.app.pop()

    def draw_over(self, surface: pygame.Surface) -> None:
        """Focus outline, status message and the tooltip, above the widgets."""
        super().draw_over(surface)
        if self.status:
            self._draw_status(surface)
        text = self.tooltip_text
        if text:
            self.draw_tooltip(surface, text, self.mouse)

    def _draw_status(self, surface: pygame.Surface) -> None:
        """A message chip at the bottom centre."""
        palette = self.app.palette
        font = self.font(14, True)
        lines = wrap_text(font, self.status, self.width - self.s(80))[:3]  # wrapped, never cut
        step = font.get_linesize()
        width = max(font.size(line)[0] for line in lines) if lines else 0
        # under the header, where it covers no button
        rect = pygame.Rect(0, 0, width, step * len(lines))
        rect.midtop = (self.width // 2, self.s(62))
        box = rect.inflate(self.s(24), self.s(12))
        pygame.draw.rect(surface, palette.panel_alt, box, border_radius=self.s(6))
        pygame.draw.rect(surface, palette.warn, box, max(1, self.s(1)), border_radius=self.s(6))
        for k, line in enumerate(lines):
            self.write(surface, line, (self.width // 2, rect.y + k * step), 14, bold=True,
                       anchor="midtop")

    def draw_tooltip(self, surface: pygame.Surface, text: str, pos: tuple[int, int]) -> None:
        """A light tooltip box near the mouse, kept inside the window."""
        width = self.s(360)
        if self._tip_cache is None or self._tip_cache[:2] != (text, width):
            self._tip_cache = (text, width, self._render_tip(text, width))
        image = self._tip_cache[2]
        rect = image.get_rect(topleft=(pos[0] + self.s(16), pos[1] + self.s(18)))
        if rect.right > surface.get_width() - 4:
            rect.right = pos[0] - self.s(8)
        if rect.bottom > surface.get_height() - 4:
            rect.bottom = pos[1] - self.s(8)
        rect.clamp_ip(surface.get_rect())
        surface.blit(image, rect)

    def _render_tip(self, text: str, width: int) -> pygame.Surface:
        """Render a tooltip: first line bold, the rest wrapped."""
        pad = self.s(8)
        bold, body = self.font(13, True), self.font(13)
        lines: list[tuple[str, pygame.font.Font]] = []
        for k, raw in enumerate(text.split("\n")):
            font = bold if k == 0 else body
            for line in wrap_text(font, raw, width - 2 * pad):
                lines.append((line, font))
        widest = max((f.size(t)[0] for t, f in lines), default=10)
        height = sum(f.get_linesize() for _, f in lines) + 2 * pad
        image = pygame.Surface((min(width, widest + 2 * pad), height), pygame.SRCALPHA)
        pygame.draw.rect(image, (242, 240, 230), image.get_rect(), border_radius=self.s(4))
        pygame.draw.rect(image, (184, 178, 160), image.get_rect(), 1, border_radius=self.s(4))
        y = pad
        for line, font in lines:
            image.blit(font.render(line, True, (27, 31, 38)), (pad, y))
            y += font.get_linesize()
        return image

    # -- drawing helpers ---------------------------------------------------------------------
    def new_panel(self, size: tuple[int, int], colour: Colour | None = None) -> pygame.Surface:
        """An opaque surface showing a rounded panel on the window background (fast to blit)."""
        surf = pygame.Surface((max(1, size[0]), max(1, size[1])))
        surf.fill(self.app.palette.bg)
        self.panel_rect(surf, surf.get_rect(), colour)
        return surf

    def new_sheet(self, width: int, height: int) -> pygame.Surface:
        """An opaque surface in the panel colour, for content drawn inside a panel."""
        surf = pygame.Surface((max(1, width), max(1, height)))
        surf.fill(self.app.palette.panel)
        return surf

    def panel_rect(self, surface: pygame.Surface, rect: pygame.Rect, colour: Colour | None = None,
                   border: bool = True) -> None:
        """A rounded panel background."""
        palette = self.app.palette
        pygame.draw.rect(surface, colour or palette.panel, rect, border_radius=self.s(6))
        if border:
            pygame.draw.rect(surface, mix(palette.border, palette.panel, 0.3), rect, 1,
                             border_radius=self.s(6))

    def flag(self, code: str, height: int) -> pygame.Surface:
        """A flag `height` pixels tall (4:3)."""
        return self.app.assets.flag(code, (round(height * 4 / 3), height))

    def header(self, surface: pygame.Surface, title: str, subtitle: str = "") -> int:
        """The top bar with a title and the game date; returns its height."""
        palette = self.app.palette
        h = self.s(50)
        pygame.draw.rect(surface, palette.panel, (0, 0, self.width, h))
        pygame.draw.line(surface, palette.border, (0, h - 1), (self.width, h - 1))
        x = self.s(14)
        rect = self.write(surface, title, (x, h // 2), 20, bold=True, anchor="midleft",
                          max_width=max(10, self.header_text_limit() - x))
        if subtitle:
            self.write(surface, subtitle, (rect.right + self.s(14), h // 2), 14, palette.text_dim,
                       anchor="midleft", max_width=max(10, self.header_text_limit() - rect.right))
        return h

    def open_events(self) -> None:
        """A teacher's list of the scenario's events to make happen this turn (PIN first)."""
        from leverage.ui.screens.events import EventsScreen

        if self.session is None or self.session.is_over:
            return
        self.as_teacher(lambda: self.app.push(EventsScreen(self.app)),
                        "choose the events of this turn")

    def as_teacher(self, action: Callable[[], object], purpose: str) -> None:
        """Run a teacher's control: at once without teacher mode, else after the PIN."""
        from leverage.ui.screens.confirm import PinScreen

        session = self.session
        if session is None or not session.teacher_mode:
            action()
            return
        self.app.push(PinScreen(self.app, session.pin_matches, action, purpose))

    def header_text_limit(self) -> int:
        """Right edge available to header text (left of the header buttons)."""
        return self.width - self.s(20)

    def top_button_row(self, items: Sequence[tuple[str, Callable[[], object], str]],
                       y: int | None = None) -> int:
        """Buttons right-aligned in the top bar; returns the x where they start."""
        h = self.s(34)
        y = self.s(8) if y is None else y
        x = self.width - self.s(10)
        font = self.font(15)
        rects = []
        for text, _, _ in reversed(items):
            w = font.size(text)[0] + self.s(26)
            x -= w
            rects.append(pygame.Rect(x, y, w, h))
            x -= self.s(6)
        for (text, action, tip), rect in zip(reversed(items), rects, strict=True):
            self.button(rect, text, action, tooltip=tip)
        return x


# ----------------------------------------------------------------------------------------------


class TurnScreen(GameScreen):
    """Plan one country's moves: map, country panel, move cards, forecast, news, End turn."""

    title = "turn"

    def __init__(self, app: App) -> None:
        """Bind to the session; the player is whoever is planning now."""
        super().__init__(app)
        self.player: str | None = None
        self.selected: str | None = None
        self.card: str | None = None
        self.targets: dict[str, str] = {}
        self.forecast_indicator: str | None = None
        self.forecast_country: str | None = None
        self.scroll = 0
        self.turn_seen = -1
        self.map = WorldMap(app)
        self.worker = ForecastWorker(app.session, futures=FORECAST_FUTURES, turns=FORECAST_TURNS,
                                     pool=ForecastPool.for_app(app))
        self.resolving: threading.Thread | None = None
        self._resolved: Any = None
        self._resolve_error: str | None = None
        self._spin = 0.0
        self.card_rects: list[tuple[str, pygame.Rect]] = []
        self.reason_entry: Any = None
        self.layout: dict[str, pygame.Rect] = {}
        self.forecast_summary = ""
        self._left_tips: list[tuple[pygame.Rect, str]] = []
        self._card_tips: list[tuple[pygame.Rect, str]] = []
        self._card_rects_local: list[tuple[str, pygame.Rect]] = []
        self._detail_tips: list[tuple[pygame.Rect, str]] = []
        self._news_tip = ""
        self._target_row_y: int | None = None
        self._buttons_left = app.width
        self._options: tuple[Any, list[Any]] | None = None
        self.header_line = ("", "")
        self._compact = False
        self._layout_size = (0, 0)
        self._detail_elements: list[Any] = []
        self._tab_elements: list[Any] = []
        self._card_images: dict[tuple[Any, ...], pygame.Surface] = {}
        #: Seconds left on the turn timer for (turn, player) in _clock_key; None: no timer.
        self.clock_left: float | None = None
        self._clock_key: tuple[int, str | None] = (-1, None)
        #: Reasons typed but not yet planned, by move id (kept across rebuilds and dialogs).
        self.drafts: dict[str, str] = {}
        #: Each hot-seat player's card scroll position.
        self.scrolls: dict[str, int] = {}

    # -- life cycle ------------------------------------------------------------------------
    def enter(self) -> None:
        """Refresh for the player planning now (after a hand-over, results or a new turn)."""
        session = self.session
        if session is not None and session.is_over and self.resolving is None:
            self.app.later(self._to_endgame)
        self._sync_player()
        super().enter()

    def leave(self) -> None:
        """Keep a reason being typed before the widgets go."""
        self.keep_draft()
        super().leave()

    def keep_draft(self) -> None:
        """Remember the text of the reason box for the chosen card."""
        entry = self.reason_entry
        if entry is not None and entry.alive() and self.card is not None:
            self.drafts[self.card] = entry.get_text()

    def back(self) -> bool:
        """Esc: ask before leaving the game for the title screen."""
        from leverage.ui.screens.confirm import ConfirmScreen

        self.keep_draft()
        saved = getattr(self.session, "last_autosave", None)
        detail = ("The game was autosaved; you can load it again from the title screen. "
                  if saved is not None else "") + "Moves planned this turn are not saved."
        self.app.push(ConfirmScreen(self.app, "Leave this game?", detail, "Leave the game",
                                    self.leave_game))
        return True

    def leave_game(self) -> None:
        """Back to the title screen."""
        from leverage.ui.screens.title import TitleScreen

        self.app.reset(TitleScreen(self.app))

    def _sync_player(self) -> None:
        """Follow the session: who plans, which turn; forget stale forecasts."""
        session = self.session
        if session is None:
            return
        if self.worker.session is not session:
            self.worker.session = session
            self.worker.clear()
            self.invalidate()
        if session.turn != self.turn_seen:
            self.turn_seen = session.turn
            self.worker.clear()
            self.drafts.clear()
            self.card = None
            self.targets.clear()
            self.invalidate()
        player = session.current_human
        if player is None:
            humans = session.human_countries()
            player = humans[0] if humans else None
        if player != self.player:
            if self.player is not None:
                self.scrolls[self.player] = self.scroll
            self.player = player
            self.scroll = self.scrolls.get(player, 0) if player is not None else 0
            self.status, self._status_time = "", 0.0  # the last team's messages stay with it
            self.card = None
            self.selected = player
            self.invalidate()
        if self.selected is None:
            self.selected = player or (session.world.codes[0] if session.world.codes else None)
        self.map.selected = self.selected
        # Otherwise the panels keep their images: their keys follow the state, size and plan.

    def build(self) -> None:
        """Lay out the regions and create the buttons."""
        session = self.session
        if session is None:
            self.label(pygame.Rect(self.s(20), self.s(20), self.s(400), self.s(30)),
                       "No game in progress.")
            return
        self._layout()
        self._top_buttons()
        start = len(self.elements)
        self._detail_buttons()
        self._detail_elements = self.elements[start:]
        end = self.layout["end"]
        self.button(end, "End turn (Enter)", self.end_turn, object_id="#primary",
                    tooltip="Finish planning: the computer players move and the turn is resolved.",
                    enabled=self.resolving is None and not session.is_over)
        self.key(pygame.K_RETURN, self.end_turn)
        self.key(pygame.K_KP_ENTER, self.end_turn)
        self.key(pygame.K_r, self.open_relationship)
        self.key(pygame.K_p, self.open_proposals)
        self.key(pygame.K_h, self.open_history)
        self.key(pygame.K_n, self.open_results)
        self.key(pygame.K_s, self.open_save)
        self.key(pygame.K_u, self.undo_turn)
        self.key(pygame.K_y, self.redo_turn)
        self.key(pygame.K_e, self.open_events)
        self.key(pygame.K_F2, self.open_teacher)
        self.key(pygame.K_F5, self.reload_scenario)
        self.key(pygame.K_b, self.open_briefing)
        self.key(pygame.K_c, self.next_country)
        self.key(pygame.K_PAGEDOWN, lambda: self.scroll_cards(1))
        self.key(pygame.K_PAGEUP, lambda: self.scroll_cards(-1))
        self.key(pygame.K_DELETE, self.unplan_card)
        for k in range(1, 11):
            self.shortcut(k, lambda k=k: self.pick_card_number(k))
        self.map.set_rect(self.layout["map"])
        self.map.set_snapshot(MapSnapshot.from_session(session, self.player))
        self.map.selected = self.selected

    def _layout(self) -> None:
        """Compute the screen regions for the window size and scale."""
        w, h = self.width, self.height
        m = self.s(8)
        top = self.s(50)
        news_h = self.s(30)
        self._layout_size = (w, h)
        self._compact = w / max(1.0, self.app.scale) < 1100
        if self._compact:
            left_w, right_w = self.s(200), self.s(250)
        else:
            left_w = min(max(int(w * 0.23), self.s(250)), self.s(420))
            right_w = min(max(int(w * 0.28), self.s(300)), self.s(480))
        body_top = top + m
        body_bottom = h - news_h - m * 2
        centre_x = m + left_w + m
        centre_w = max(self.s(200), w - left_w - right_w - 4 * m)
        share = 0.3 if self._compact and self.card is not None else 0.58
        map_h = int((body_bottom - body_top) * share)
        end_h = self.s(44)
        self.layout = {
            "left": pygame.Rect(m, body_top, left_w, body_bottom - body_top),
            "map": pygame.Rect(centre_x, body_top, centre_w, map_h),
            "detail": pygame.Rect(centre_x, body_top + map_h + m, centre_w,
                                  body_bottom - body_top - map_h - m),
            "cards": pygame.Rect(centre_x + centre_w + m, body_top, right_w,
                                 body_bottom - body_top - end_h - m),
            "end": pygame.Rect(centre_x + centre_w + m, body_bottom - end_h, right_w, end_h),
            "news": pygame.Rect(m, h - news_h - m, w - 2 * m, news_h),
        }

    def _top_buttons(self) -> None:
        """Relationship, inbox (with a count), history, results, save."""
        session = self.session
        count = self.inbox_count()
        inbox = f"Inbox ({count})" if count else "Inbox"
        items = [
            ("Relations", self.open_relationship,
             "The bilateral ledger of two countries (R)."),
            (inbox, self.open_proposals,
             "Deals other countries offer you, your own proposals and bloc votes (P)."),
            ("History", self.open_history, "Charts of any indicators, and of trade between two "
             "countries, across the turns played (H)."),
            ("Results", self.open_results, "What happened last turn and why (N)."),
            ("Save", self.open_save, "Save the game (S)."),
            ("Teacher", self.open_teacher,
             "For a teacher: take back a turn (U) or play it again (Y), make an event happen (E), "
             "pause, set the turn timer (F2)."
             + (" Needs the teacher's PIN." if session.teacher_mode else "")),
            ("Help", self.app.open_help, "How to play (F1)."),
        ]
        if not session.reports:
            items.pop(3)
        self._buttons_left = self.top_button_row(items)

    def header_text_limit(self) -> int:
        """Header text stops where the buttons start."""
        return self._buttons_left - self.s(8)

    def _detail_buttons(self) -> None:
        """Target choice, plan/remove, reason, forecast indicator tabs for the chosen card."""
        self.reason_entry = None
        self._target_row_y = None
        option = self.current_option()
        rect = self.layout["detail"]
        if option is None or self.player is None:
            return
        pad = self.s(10)
        info_w = self.info_width(rect.width)
        x0 = rect.x + pad
        targets = list(option.targets)
        planned = self.planned_move(option.id)
        if planned is not None:
            self.button(pygame.Rect(x0, rect.bottom - pad - self.s(34), info_w - pad, self.s(34)),
                        self.fitting(("Remove from plan (Del)", "Remove (Del)", "Remove"),
                                     info_w - pad), self.unplan_card,
                        tooltip="Take this move out of this turn's plan and get its cost back.")
        else:
            needs_target = not (len(targets) == 1 and targets[0] == self.player)
            bh = self.s(28)
            ty = self.detail_rows(rect.bottom)["targets"] - bh
            if needs_target and targets:
                font = self.font(14)
                x_start = x0 + font.size("Target:")[0] + self.s(8)
                bw = self.s(56)
                per_row = max(1, (rect.x + info_w - x_start + self.s(4)) // (bw + self.s(4)))
                rows = (len(targets) + per_row - 1) // per_row
                chosen = self.target_for(option)
                top_y = ty - (rows - 1) * (bh + self.s(4))
                for k, code in enumerate(targets):
                    bx = x_start + (k % per_row) * (bw + self.s(4))
                    by = top_y + (k // per_row) * (bh + self.s(4))
                    self.button(pygame.Rect(bx, by, bw, bh), code,
                                lambda code=code: self.choose_target(code),
                                object_id="#primary" if code == chosen else None,
                                tooltip=f"Play it on {country_name(self.session, code)}.")
                self._target_row_y = top_y
            if self.session.ask_reasons:
                self.reason_entry = self.entry(
                    pygame.Rect(x0, self.detail_rows(rect.bottom)["entry"], info_w - pad,
                                self.s(32)), self.drafts.get(option.id, ""),
                    tooltip="Why you play this move (needed: it is shown in the results, the "
                            "move log and the debrief).")
            affordable = option.affordable and option.legal
            choices = ("Plan this move (Space)", "Plan this move", "Plan") if affordable else (
                ("Not enough budget", "Too costly") if option.legal else
                ("Not available now", "Not now"))
            text = self.fitting(choices, info_w - pad)
            self.button(pygame.Rect(x0, rect.bottom - pad - self.s(34), info_w - pad, self.s(34)),
                        text, self.plan_card, object_id="#primary", enabled=affordable,
                        tooltip=f"Spend {option.cost:g} of your {self.session.budget_left(self.player):g} "
                                "points left this turn on this move.")
            self.key(pygame.K_SPACE, self.plan_card)
        self._tab_buttons()

    def _tab_buttons(self) -> None:
        """Buttons choosing the forecast's indicator (once the forecast is there)."""
        option = self.current_option()
        rect = self.layout["detail"]
        if option is None or self.player is None:
            return
        pad = self.s(10)
        info_w = self.info_width(rect.width)
        y = rect.y + pad
        start = len(self.elements)
        tabs = self.forecast_tabs()
        if tabs:
            fx = rect.x + info_w + pad
            fw = rect.right - pad - fx
            font = self.font(15)
            gap = self.s(4)
            labels = [label for _, label in tabs]
            widths = [font.size(label)[0] + self.s(14) for label in labels]
            if sum(widths) + gap * (len(tabs) - 1) > fw:  # abbreviations before cutting
                labels = [SHORT_TAB_LABELS.get(name, label) for name, label in tabs]
                widths = [font.size(label)[0] + self.s(10) for label in labels]
            cycle = sum(widths) + gap * (len(tabs) - 1) > fw
            other = self.forecast_other()
            if other is not None:
                shown = self.forecast_shown()
                flip = other if shown == self.player else self.player
                text = f"Show {flip}"
                tw = font.size(text)[0] + self.s(18)
                # beside the indicator button when space is short, else right of the chart title
                where = pygame.Rect(rect.right - pad - tw, y, tw, self.s(26)) if cycle else \
                    pygame.Rect(rect.right - pad * 2 - tw, y + self.s(32), tw, self.s(24))
                self.button(where, text, self.toggle_forecast_country,
                            tooltip=f"Chart {country_name(self.session, flip)} instead of "
                                    f"{country_name(self.session, shown)} (T).")
                self.key(pygame.K_t, self.toggle_forecast_country)
                if cycle:
                    fw -= tw + gap
            if cycle:
                self._cycle_tab(tabs, pygame.Rect(fx, y, fw, self.s(26)))
                self._tab_elements = self.elements[start:]
                return
            spare = max(0, fw - sum(widths) - gap * (len(tabs) - 1)) // len(tabs)
            current = self.forecast_choice()
            x = fx
            for (name, _), label, tw in zip(tabs, labels, widths, strict=True):
                self.button(pygame.Rect(x, y, tw + spare, self.s(26)), label,
                            lambda name=name: self.choose_forecast_indicator(name),
                            object_id="#primary" if current and current[1] == name else None,
                            tooltip=indicator_tooltip(name), focus=False)
                x += tw + spare + gap
        self._tab_elements = self.elements[start:]

    def _cycle_tab(self, tabs: list[tuple[str, str]], rect: pygame.Rect) -> None:
        """One button naming the charted indicator; pressing it (or I) charts the next one."""
        current = self.forecast_choice()
        names = [name for name, _ in tabs]
        shown = current[1] if current and current[1] in names else names[0]
        label = dict(tabs)[shown]

        def step() -> None:
            """Chart the next indicator of the forecast."""
            self.choose_forecast_indicator(names[(names.index(shown) + 1) % len(names)])

        text = self.fitting((f"Chart: {label} (I)", f"{label} (I)", label), rect.width)
        self.button(rect, text, step, tooltip="Press to chart the next indicator (I).\n"
                    + indicator_tooltip(shown), focus=False)
        self.key(pygame.K_i, step)

    def detail_rows(self, bottom: int) -> dict[str, int]:
        """Tops of the detail panel's bottom rows for a panel ending at `bottom`: the Plan
        button, the reason box and its label, and the bottom of the target buttons."""
        plan = bottom - self.s(10) - self.s(34)
        entry = plan - self.s(40)
        label = entry - self.s(20)
        targets = label - self.s(6) if self.session.ask_reasons else plan - self.s(8)
        return {"plan": plan, "entry": entry, "label": label, "targets": targets}

    def info_width(self, width: int) -> int:
        """Width of the chosen card's text column in the detail panel."""
        return int(width * (0.45 if self._compact else 0.42))

    def fitting(self, choices: Sequence[str], width: int, size: int = 15) -> str:
        """The first (longest) button text that fits in `width`."""
        font = self.font(size, True)
        for text in choices:
            if font.size(text)[0] + self.s(16) <= width:
                return text
        return choices[-1]

    def _drop(self, elements: list[Any]) -> None:
        """Kill some of this screen's elements and forget their actions and focus."""
        dead = set(elements)
        for element in elements:
            element.kill()
        self.elements = [e for e in self.elements if e not in dead]
        for element in dead:
            self.actions.pop(element, None)
        focused = self.focus.focused
        self.focus.items = [item for item in self.focus.items if item.element not in dead]
        self.focus.focus(focused if focused not in dead else None)

    def rebuild_detail(self) -> None:
        """Recreate only the detail panel's widgets (cheaper than a full relayout)."""
        if not self.active or not self.layout:
            return
        self._drop(self._detail_elements)
        self._tab_elements = []
        self.keys.pop(pygame.K_SPACE, None)
        self.keys.pop(pygame.K_t, None)
        self.keys.pop(pygame.K_i, None)
        start = len(self.elements)
        self._detail_buttons()
        self._detail_elements = self.elements[start:]

    def rebuild_tabs(self) -> None:
        """Recreate only the forecast indicator tabs."""
        if not self.active or not self.layout:
            return
        dead = list(self._tab_elements)
        self.keys.pop(pygame.K_t, None)
        self.keys.pop(pygame.K_i, None)
        self._drop(dead)
        self._detail_elements = [e for e in self._detail_elements if e not in set(dead)]
        self._tab_buttons()
        self._detail_elements.extend(self._tab_elements)

    # -- queries ---------------------------------------------------------------------------
    def inbox_count(self) -> int:
        """Proposals and bloc votes waiting for the player's answer."""
        if self.player is None or self.session is None:
            return 0
        try:
            count = len(self.session.inbox(self.player))
            count += len(self.session.bloc_applications(self.player))
        except Exception:
            return 0
        return count

    def options(self) -> list[Any]:
        """The player's move cards in the scenario's order, the same every turn, so that a move
        keeps its place and number key (cached until the plan changes)."""
        if self.player is None or self.session is None:
            return []
        session = self.session
        key = (len(session.states), self.player,
               tuple((m.move_id, m.target) for m in session.planned(self.player)))
        if self._options is None or self._options[0] != key:
            cards = sorted(session.options(self.player), key=lambda o: o.index)
            self._options = (key, cards)
        return self._options[1]

    def nothing_playable(self) -> bool:
        """True when none of the player's cards can be played this turn (every condition false,
        every once-only move played, or nothing within the budget): ending the turn is all
        there is to do, so it needs no question."""
        options = self.options()
        return bool(options) and not any(o.legal and o.affordable for o in options)

    def current_option(self) -> Any:
        """The chosen card's option, if any."""
        if self.card is None:
            return None
        for option in self.options():
            if option.id == self.card:
                return option
        return None

    def planned_move(self, move_id: str) -> Any:
        """The planned Move with this id, if any."""
        if self.player is None:
            return None
        for move in self.session.planned(self.player):
            if move.move_id == move_id:
                return move
        return None

    def target_for(self, option: Any) -> str | None:
        """The target chosen for a card (default: the first legal one)."""
        planned = self.planned_move(option.id)
        if planned is not None:
            return str(planned.target)
        chosen = self.targets.get(option.id)
        if chosen in option.targets:
            return chosen
        if option.targets:
            if self.selected in option.targets and self.selected != self.player:
                return str(self.selected)
            return str(option.targets[0])
        return None

    # -- commands --------------------------------------------------------------------------
    def pick_card_number(self, number: int) -> None:
        """Number key: choose the card shown with that number (numbers follow the scroll, so
        PageDown brings cards 11 and on under the keys)."""
        cards = self.options()
        index = self.scroll + number - 1
        if 1 <= number <= min(10, self.visible_cards()) and index < len(cards):
            self.pick_card(cards[index].id)

    def pick_card(self, move_id: str) -> None:
        """Choose a card: show its details and ask for its forecast in the background."""
        self.card = None if self.card == move_id else move_id
        self.forecast_indicator = None
        self.forecast_country = None
        self._ensure_card_visible()
        self.request_forecast()
        if self._compact:
            self.relayout()
        else:
            self.rebuild_detail()

    def choose_target(self, code: str) -> None:
        """Choose the target of the chosen card."""
        if self.card is not None:
            self.targets[self.card] = code
            self.forecast_country = None
            self.request_forecast()
            self.rebuild_detail()

    def forecast_other(self) -> str | None:
        """The chosen card's target when it is another country (the chart can show it)."""
        option = self.current_option()
        target = self.target_for(option) if option is not None else None
        return target if target and target != self.player else None

    def forecast_shown(self) -> str | None:
        """The country the forecast chart shows: the player unless the target was chosen."""
        other = self.forecast_other()
        if other is not None and self.forecast_country == other:
            return other
        return self.player

    def toggle_forecast_country(self) -> None:
        """Switch the forecast chart between the player's country and the target (T)."""
        other = self.forecast_other()
        if other is None:
            return
        self.forecast_country = self.player if self.forecast_shown() == other else other
        self.invalidate("detail")
        self.rebuild_tabs()

    def choose_forecast_indicator(self, name: str) -> None:
        """Show another indicator in the forecast chart."""
        self.forecast_indicator = name
        self.rebuild_detail()

    def plan_card(self) -> None:
        """Plan the chosen card on its target."""
        from leverage.core.actions import LeverageError, Move

        option = self.current_option()
        if option is None or self.player is None:
            return
        target = self.target_for(option)
        if target is None:  # the card says why (its status; the reason in whole words here)
            status = self._card_status(option)[0]
            why = option.why_not or f"'{option.name}' cannot be played now."
            self.flash(f"'{option.name}' is already in force." if status == "already in force"
                       else why)
            self.app.play_sound("error")
            return
        reason = ""
        if self.reason_entry is not None:
            reason = self.reason_entry.get_text().strip()
        if self.session.ask_reasons and not reason:
            self.flash("Write a reason first: this game asks for one with every move.")
            self.app.play_sound("error")
            return
        try:
            self.session.plan(self.player, Move(option.id, self.player, target, reason))
        except LeverageError as error:
            self.flash(str(error))
            self.app.play_sound("error")
            return
        where = "" if target == self.player else f" on {country_name(self.session, target)}"
        self.drafts.pop(option.id, None)
        self.flash(f"Planned: {option.name}{where}.")
        self.rebuild_detail()

    def unplan_card(self) -> None:
        """Remove the chosen card from the plan."""
        if self.card is None or self.player is None or self.planned_move(self.card) is None:
            return
        self.session.unplan(self.player, self.card)
        self.flash("Removed from this turn's plan.")
        self.rebuild_detail()

    def select_country(self, code: str | None) -> None:
        """Select a country on the map and in the panel."""
        if code is None or self.session is None or code not in self.session.world.codes:
            return
        self.selected = code
        self.map.selected = code
        self.invalidate("left")

    def next_country(self) -> None:
        """Select the next scenario country (keyboard)."""
        codes = list(self.session.world.codes)
        if not codes:
            return
        k = codes.index(self.selected) if self.selected in codes else -1
        self.select_country(codes[(k + 1) % len(codes)])

    def scroll_cards(self, step: int) -> None:
        """Scroll the card list by `step` cards."""
        count = len(self.options())
        self.scroll = max(0, min(self.scroll + step, max(0, count - self.visible_cards())))
        self.invalidate("cards")

    def visible_cards(self) -> int:
        """How many cards fit in the column."""
        rect = self.layout.get("cards")
        if rect is None:
            return 1
        return max(1, (rect.height - self.s(44)) // (self.card_height() + self.s(6)))

    def card_height(self) -> int:
        """Height of one move card."""
        return self.s(66)

    def _ensure_card_visible(self) -> None:
        """Scroll so that the chosen card is in view."""
        ids = [o.id for o in self.options()]
        if self.card not in ids:
            return
        k = ids.index(self.card)
        visible = self.visible_cards()
        if k < self.scroll:
            self.scroll = k
        elif k >= self.scroll + visible:
            self.scroll = k - visible + 1

    def open_relationship(self) -> None:
        """The relationship view for the player and the selected country."""
        from leverage.ui.screens.relationship import RelationshipScreen

        other = self.selected if self.selected != self.player else None
        self.app.push(RelationshipScreen(self.app, self.player, other))

    def open_proposals(self) -> None:
        """The proposals inbox."""
        from leverage.ui.screens.proposals import ProposalsScreen

        self.app.push(ProposalsScreen(self.app, self.player))

    def open_history(self) -> None:
        """History charts."""
        from leverage.ui.screens.history import HistoryScreen

        countries = [c for c in (self.player, self.selected) if c]
        self.app.push(HistoryScreen(self.app, countries=countries))

    def open_results(self) -> None:
        """The last turn's results."""
        if not self.session.reports:
            self.flash("No turn has been played yet.")
            return
        from leverage.ui.screens.results import ResultsScreen

        self.app.push(ResultsScreen(self.app, self.session.reports[-1], after_turn=False))

    def open_briefing(self) -> None:
        """The planning team's own briefing (no other team's)."""
        from leverage.ui.screens.briefing import BriefingScreen

        if self.player is not None:
            self.app.push(BriefingScreen(self.app, self.player, private=True))

    def open_teacher(self) -> None:
        """The teacher's controls (PIN first in teacher mode)."""
        from leverage.ui.screens.teacher import TeacherScreen

        self.as_teacher(lambda: self.app.push(TeacherScreen(self.app, self)), "open the teacher's controls")

    def reload_scenario(self) -> None:
        """F5, for authors: read the scenario file again; restart with it after a confirmation
        (the PIN first in teacher mode), or list its problems (screens/reload.py)."""
        from leverage.ui.screens.reload import reload_scenario

        self.as_teacher(lambda: reload_scenario(self.app, self.flash),
                        "restart the game with the changed scenario")

    def undo_turn(self) -> None:
        """Take back the last turn: the PIN in teacher mode, then a confirmation."""
        if not self.session.reports:
            self.flash("Nothing to undo: no turn has been played yet.")
            return
        self.as_teacher(self.confirm_undo, "take back the last turn")

    def confirm_undo(self) -> None:
        """Ask before taking back the last turn."""
        from leverage.ui.screens.confirm import ConfirmScreen

        turn = self.session.turn - 1
        detail = (f"The world goes back to the start of turn {turn}; the moves people planned then "
                  "are planned again. Redo (Y) plays the turn again as it was.")
        self.app.push(ConfirmScreen(self.app, f"Take back turn {turn}?", detail, "Take it back",
                                    self.undo_now))

    def undo_now(self) -> None:
        """Take back the last resolved turn; the first team to plan gets the hand-over."""
        from leverage.session import NothingToUndoError
        from leverage.ui.screens.handover import hand_over

        try:
            self.session.undo()
        except NothingToUndoError as error:
            self.flash(str(error).capitalize())
            return
        self.invalidate()
        self.refresh()
        self.flash(f"Turn taken back: turn {self.session.turn} is being planned again.")
        hand_over(self.app)

    def redo_turn(self) -> None:
        """Play again the turn taken back by Undo (the PIN in teacher mode)."""
        if not self.session.can_redo:
            self.flash("Nothing to redo: no turn has been taken back.")
            return
        self.as_teacher(self.redo_now, "play the turn taken back again")

    def redo_now(self) -> None:
        """Play the taken-back turn as it was and show its results."""
        from leverage.ui.screens.results import ResultsScreen

        report = self.session.redo()
        self.invalidate()
        self.refresh()
        self.app.push(ResultsScreen(self.app, report, after_turn=True))

    def pause(self) -> None:
        """Pause the game behind a curtain (the PIN in teacher mode, to pause and to resume)."""
        from leverage.ui.screens.teacher import PauseScreen

        self.as_teacher(lambda: self.app.push(PauseScreen(self.app)), "pause the game")

    def open_save(self) -> None:
        """The save screen (from the menu screens), if there is one."""
        try:
            from leverage.ui.screens.saveload import SaveScreen
        except ImportError:
            self._quick_save()
            return
        self.app.push(SaveScreen(self.app))

    def _quick_save(self) -> None:
        """Save without a save screen."""
        try:
            from leverage.storage import save_session

            path = save_session(self.session)
        except Exception as error:  # saving never crashes the game
            self.flash(f"The game could not be saved: {error}")
            return
        self.flash(f"Saved: {getattr(path, 'name', path)}")

    # -- forecasts -------------------------------------------------------------------------
    def forecast_key(self, option: Any) -> tuple[Any, ...] | None:
        """The worker key of a card's forecast on its current target."""
        target = self.target_for(option)
        if target is None or self.player is None:
            return None
        return (self.session.turn, self.player, option.id, target)

    def request_forecast(self) -> None:
        """Ask the worker for the chosen card's forecast (the newest request is served first)."""
        from leverage.core.actions import Move

        option = self.current_option()
        if option is None or not option.targets:
            return
        key = self.forecast_key(option)
        if key is None:
            return
        self.worker.request(key, self.player, Move(option.id, self.player, key[3]))

    def forecast_result(self) -> Any:
        """The finished forecast of the chosen card, if any."""
        option = self.current_option()
        if option is None:
            return None
        key = self.forecast_key(option)
        return self.worker.result(key) if key is not None else None

    def forecast_tabs(self) -> list[tuple[str, str]]:
        """Indicators the forecast covers, with short labels."""
        result = self.forecast_result()
        if result is None or not result.ok:
            return []
        labels = {"gdp": "GDP", "inflation": "Inflation", "reserves": "Reserves",
                  "stability": "Stability", "oil_output": "Oil"}
        names = getattr(result.value, "indicators", ())
        return [(n, labels.get(n) or getattr(indicator_info(n), "label", n)) for n in names]

    def forecast_choice(self) -> tuple[int, str] | None:
        """(country index, indicator) to chart: the chosen one, else the most affected."""
        result = self.forecast_result()
        if result is None or not result.ok:
            return None
        fc = result.value
        world = self.session.world
        option = self.current_option()
        target = self.target_for(option) if option is not None else None
        shown = self.player
        if self.forecast_country in world.codes and self.forecast_country in (self.player, target):
            shown = self.forecast_country
        countries = [world.country(shown)]
        best: tuple[float, int, str] | None = None
        names = [self.forecast_indicator] if self.forecast_indicator else list(fc.indicators)
        for name in names:
            for c in countries:
                without = fc.band(name, c, False)[-1, 1]
                effect = abs(fc.median_effect(name, c)) / (abs(float(without)) + 1e-6)
                if best is None or effect > best[0] + 1e-12:
                    best = (effect, c, name)
        return (best[1], best[2]) if best else None

    # -- end of turn -----------------------------------------------------------------------
    def answers(self) -> list[tuple[Any, bool]]:
        """The offers this player has answered this turn, each with its answer (yes or no)."""
        if self.player is None or self.session is None:
            return []
        answered = []
        for proposal in self.session.inbox(self.player):
            answer = self.session.response(self.player, proposal)
            if answer is not None:
                answered.append((proposal, bool(answer)))
        return answered

    def end_turn(self) -> None:
        """Finish this player's planning; with nothing planned and no offer answered, ask
        first."""
        session = self.session
        if session is None or self.resolving is not None or session.is_over:
            return
        if self.player is not None and session.current_human is not None \
                and not session.planned(self.player) and not self.answers() \
                and not self.nothing_playable():
            from leverage.ui.screens.confirm import ConfirmScreen

            name = country_name(session, self.player)
            self.app.push(ConfirmScreen(
                self.app, "End the turn with nothing planned?",
                f"{name} has not planned any move this turn. Go back to choose a card, or end "
                "the turn without moves.", "End turn anyway", self.finish_turn))
            return
        self.finish_turn()

    def finish_turn(self) -> None:
        """Hand over to the next person or resolve the turn (the planned moves stand)."""
        session = self.session
        if session is None or self.resolving is not None or session.is_over:
            return
        self.clock_left = None
        if self.player is not None and session.current_human is not None:
            following = session.finish_planning(self.player)
            if following is not None and following != self.player:
                from leverage.ui.screens.handover import HandoverScreen

                self.app.push(HandoverScreen(self.app, following))
                return
        self.worker.clear()
        self.resolving = threading.Thread(target=self._resolve, name="end-turn", daemon=True)
        self.resolving.start()
        self.relayout()

    def _resolve(self) -> None:
        """Resolve the turn (in a background thread)."""
        try:
            self._resolved = self.session.end_turn()
        except Exception as error:  # reported on screen, never a traceback
            self._resolve_error = f"The turn could not be resolved: {error}"

    def _finish_resolve(self) -> None:
        """Back on the UI thread: show the results."""
        self.resolving = None
        report, self._resolved = self._resolved, None
        error, self._resolve_error = self._resolve_error, None
        if error:
            self.flash(error)
            self.relayout()
            return
        self.app.play_sound("turn_end")
        from leverage.ui.screens.results import ResultsScreen

        self.app.push(ResultsScreen(self.app, report, after_turn=True))

    def _to_endgame(self) -> None:
        """The game is over: the end-of-game screen replaces this one."""
        try:
            from leverage.ui.screens.endgame import EndgameScreen
        except ImportError:
            return
        if self.app.top is self:
            self.app.replace(EndgameScreen(self.app))

    # -- frame -----------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> bool:
        """Map hover/click/zoom, card clicks and wheel, then buttons and keys."""
        if self.session is None:
            return super().handle(event)
        if self.resolving is not None:
            if event.type == pygame.MOUSEMOTION:
                self.mouse = event.pos
            return True
        if self.map.handle(event):
            self.select_country(self.map.selected)
            return True
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            for move_id, rect in self.card_rects:
                if rect.collidepoint(event.pos):
                    self.app.play_sound("click")
                    self.pick_card(move_id)
                    return True
            if self.layout.get("news", pygame.Rect(0, 0, 0, 0)).collidepoint(event.pos):
                self.open_results()
                return True
        if event.type == pygame.MOUSEWHEEL and self.layout.get("cards", pygame.Rect(0, 0, 0, 0)
                                                                ).collidepoint(self.mouse):
            self.scroll_cards(-1 if event.y > 0 else 1)
            return True
        return super().handle(event)

    def update(self, dt: float) -> None:
        """Pick up forecasts and the resolved turn; animate the spinner."""
        super().update(dt)
        self._spin = (self._spin + dt * 6.0) % (2 * math.pi)
        if self.worker.poll():
            self.invalidate("detail")
            if self.current_option() is not None and self.active:
                self.rebuild_tabs()
        if self.resolving is not None and not self.resolving.is_alive():
            self._finish_resolve()
        self.tick_clock(dt)

    def tick_clock(self, dt: float) -> None:
        """Count down the team's turn timer; at zero its planned moves stand."""
        session = self.session
        seconds = getattr(session, "turn_seconds", 0)
        if not seconds or self.player is None or self.resolving is not None or session.is_over \
                or session.current_human is None:
            self.clock_left = None
            return
        key = (session.turn, self.player)
        if key != self._clock_key or self.clock_left is None:
            self._clock_key = key
            self.clock_left = float(seconds)
        self.clock_left = max(0.0, self.clock_left - dt)
        if self.clock_left <= 0.0 and self.app.top is self:
            self.flash(f"Time is up: {country_name(session, self.player)}'s planned moves stand.")
            self.finish_turn()

    def clock_text(self) -> str:
        """The time left on the turn timer ('1:05 left'), or '' without a timer."""
        if self.clock_left is None:
            return ""
        whole = math.ceil(self.clock_left)
        return f"{whole // 60}:{whole % 60:02d} left"

    def draw(self, surface: pygame.Surface) -> None:
        """Header, panels, map, cards, detail and news (all cached), then hover details."""
        session = self.session
        if session is None:
            return
        if not self.layout or self._layout_size != self.app.size:
            self._layout()  # drawn under an overlay after a resize: follow the new size
            self.map.set_rect(self.layout["map"])
        key = self.state_key()
        self.tips = []
        self._draw_header(surface)
        left = self.layout["left"]
        self.place(surface, self.cached("left", (key, self.selected, self.player),
                                        lambda: self._render_left(left.size), left.size), left)
        self.tips.extend((r.move(left.topleft), t) for r, t in self._left_tips)
        self._refresh_map(key)
        if self.map.ready() or not self.defer_work():
            self.map.draw(surface)
        else:
            self.map.draw_placeholder(surface)
        if self.map.tooltip():
            self.tips.append((self.map.rect, self.map.tooltip() or ""))
        cards = self.layout["cards"]
        plan_key = (key, self.player, self.card, self.scroll, tuple(
            (m.move_id, m.target) for m in session.planned(self.player)) if self.player else ())
        self.place(surface, self.cached("cards", plan_key, lambda: self._render_cards(cards.size),
                                        cards.size), cards)
        self.card_rects = [(i, r.move(cards.topleft)) for i, r in self._card_rects_local]
        self.tips.extend((r.move(cards.topleft), t) for r, t in self._card_tips)
        detail = self.layout["detail"]
        result = self.forecast_result()
        detail_key = (plan_key, tuple((p.move_id, p.proposer, yes) for p, yes in self.answers()),
                      self.targets.get(self.card or ""), self.forecast_indicator,
                      self.forecast_country, id(result), self.session.ask_reasons,
                      self.session.events_made_to_happen())
        self.place(surface, self.cached("detail", detail_key,
                                        lambda: self._render_detail(detail.size), detail.size),
                   detail)
        self.tips.extend((r.move(detail.topleft), t) for r, t in self._detail_tips)
        if self.current_option() is not None and result is None and self.worker.busy:
            self._draw_spinner(surface, detail)
        news = self.layout["news"]
        self.place(surface, self.cached("news", key, lambda: self._render_news(news.size),
                                        news.size), news)
        self.tips.append((news, self._news_tip))
        if self.resolving is not None:
            self._draw_resolving(surface)

    def _refresh_map(self, key: Any) -> None:
        """Give the map a new snapshot when the state changed."""
        snap = self.map.snapshot
        if snap is None or snap.version[:2] != (len(self.session.states), self.session.state.turn) \
                or snap.player != self.player:
            self.map.set_snapshot(MapSnapshot.from_session(self.session, self.player))
            self.map.selected = self.selected

    def _draw_header(self, surface: pygame.Surface) -> None:
        """Turn, date, whose turn and budget."""
        session = self.session
        palette = self.app.palette
        title = f"Turn {min(session.turn, session.turns)} of {session.turns} · {session.date}"
        if self.player is not None:
            who = f"{country_name(session, self.player)}"
            person = session.player_name(self.player)
            if person and person != who:
                who += f" ({person})"
            left = session.budget_left(self.player)
            sub = f"{who} is planning · budget {left:g} of {session.budget(self.player):g} left"
            clock = self.clock_text()
            if clock:
                sub = f"{clock} · {sub}"
        else:
            sub = "Computer players only"
        self.header_line = (title, sub)
        key = (self.state_key(), title, sub, self._buttons_left)
        bar = self.cached("header", key, lambda: self._render_header(title, sub))
        self.place(surface, bar, (0, 0))
        del palette

    def _render_header(self, title: str, sub: str) -> pygame.Surface:
        """The header bar on its own surface."""
        bar = pygame.Surface((self.width, self.s(50)))
        self.header(bar, title, sub)
        return bar

    def _draw_spinner(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """A turning arc while the forecast runs."""
        palette = self.app.palette
        info_w = self.info_width(rect.width)
        centre = (rect.x + info_w + (rect.width - info_w) // 2, rect.centery)
        radius = self.s(16)
        box = pygame.Rect(0, 0, radius * 2, radius * 2)
        box.center = centre
        pygame.draw.arc(surface, palette.accent, box, self._spin, self._spin + 4.2, max(2, self.s(3)))

    def _draw_resolving(self, surface: pygame.Surface) -> None:
        """A veil with a message while the turn is resolved."""
        veil = self.cached("veil", (self.app.size,), lambda: self._make_veil())
        surface.blit(veil, (0, 0))
        centre = (self.width // 2, self.height // 2)
        box = pygame.Rect(0, 0, self.s(56), self.s(56))
        box.center = (centre[0], centre[1] - self.s(40))
        pygame.draw.arc(surface, self.app.palette.accent, box, self._spin, self._spin + 4.2,
                        max(3, self.s(4)))

    def _make_veil(self) -> pygame.Surface:
        """The translucent layer with the 'resolving' message."""
        veil = pygame.Surface(self.app.size, pygame.SRCALPHA)
        veil.fill((*self.app.palette.bg, 190))
        self.write(veil, "Resolving the turn…", (self.width // 2, self.height // 2 + self.s(10)), 22,
                   bold=True, anchor="center")
        self.write(veil, "Every country's moves take effect together.",
                   (self.width // 2, self.height // 2 + self.s(42)), 15, self.app.palette.text_dim,
                   anchor="center")
        return veil

    # -- the country panel -----------------------------------------------------------------
    def _render_left(self, size: tuple[int, int]) -> pygame.Surface:
        """Flag, name, relation with the player, role score, and indicator rows with sparklines."""
        session = self.session
        palette = self.app.palette
        surf = self.new_panel(size)
        self._left_tips = []
        code = self.selected or self.player
        if code is None:
            return surf
        world = session.world
        i = world.country(code)
        pad = self.s(10)
        w = size[0]
        flag = self.flag(code, self.s(30))
        surf.blit(flag, (pad, pad))
        pygame.draw.rect(surf, palette.border, pygame.Rect((pad, pad), flag.get_size()), 1)
        name_x = pad + flag.get_width() + self.s(10)
        self.write(surf, world.names[i], (name_x, pad - self.s(2)), 18, bold=True,
                   max_width=w - name_x - pad)
        y = pad + self.s(24)
        role = next((r for r in world.roles if r.country == i), None)
        line = "You" if code == self.player else (role.title if role else "Not a playable role")
        if code == self.player and role is not None:
            line = f"You · {role.title}"
        self.write(surf, line, (name_x, y), 13, palette.text_dim, max_width=w - name_x - pad)
        y = pad + max(flag.get_height(), self.s(42)) + self.s(6)
        if self.player and code != self.player:
            rel = float(session.state.relations[0, world.country(self.player), i])
            colour = palette.relation_colour(rel)
            text = f"Relation with you: {signed(rel)} ({relation_word(rel)})"
            rect = self.write(surf, text, (pad, y), 14, colour, bold=True, max_width=w - 2 * pad)
            self._left_tips.append((rect.inflate(self.s(4), self.s(4)),
                                    f"Relation between {world.names[world.country(self.player)]} "
                                    f"and {world.names[i]}\n-100 is hostile, +100 allied. It drifts "
                                    "toward a level set by moves, sanctions, deals and blocs.\n"
                                    "Press R for the full ledger."))
            y += self.s(22)
        scores = session.scores()
        if code in scores:
            score = scores[code]
            rect = self.write(surf, f"Score {score:.0f} / 100", (pad, y), 14, palette.accent,
                              bold=True)
            bar = pygame.Rect(rect.right + self.s(10), y + self.s(6), w - rect.right - self.s(10) - pad,
                              self.s(8))
            if bar.width > self.s(20):
                pygame.draw.rect(surf, palette.panel_alt, bar, border_radius=bar.height // 2)
                fill = bar.copy()
                fill.width = max(bar.height, round(bar.width * min(1.0, max(0.0, score / 100))))
                pygame.draw.rect(surf, palette.accent, fill, border_radius=bar.height // 2)
            self._left_tips.append((pygame.Rect(pad, y, w - 2 * pad, self.s(20)),
                                    "Score of this role: how far its objectives are met "
                                    "(0-100). See the briefing for the objectives."))
            y += self.s(24)
        pygame.draw.line(surf, palette.grid, (pad, y), (w - pad, y))
        y += self.s(6)
        self._indicator_rows(surf, code, y)
        return surf

    def _indicator_rows(self, surf: pygame.Surface, code: str, y: int) -> None:
        """One row per indicator: label, value, trend arrow, sparkline."""
        session = self.session
        palette = self.app.palette
        w, h = surf.get_size()
        pad = self.s(10)
        row_h = self.s(30)
        spark_w = min(self.s(78), w // 5 if self._compact else w // 4)
        style = self.style()
        names, chosen = panel_names(session, code)
        self.panel_rows = []
        for name in names:
            if y + row_h > h - pad:
                break
            info = indicator_info(name)
            if info is None:
                continue
            try:
                series = [float(v) for v in session.series(code, name)]
            except (KeyError, ValueError):
                continue
            if not chosen and not_for_this_country(name, series):
                continue
            self.panel_rows.append(name)
            value = series[-1]
            previous = series[-2] if len(series) > 1 else None
            cy = y + row_h // 2
            value_right = w - pad - spark_w - self.s(22)
            value_text = format_value(value, info.unit)
            value_w = self.font(14, True).size(value_text)[0]
            self.write(surf, info.label, (pad, cy), 13, palette.text_dim, anchor="midleft",
                       max_width=value_right - value_w - pad - self.s(6))
            self.write(surf, value_text, (value_right, cy), 14, bold=True, anchor="midright")
            if previous is not None:
                self._trend(surf, (value_right + self.s(10), cy), value - previous,
                            GOOD_WHEN_UP.get(name, 0))
            colour = palette.accent
            spark = charts.sparkline(series, (spark_w, row_h - self.s(8)), colour, style)
            surf.blit(spark, (w - pad - spark_w, y + self.s(4)))
            self._left_tips.append((pygame.Rect(pad, y, w - 2 * pad, row_h),
                                    indicator_tooltip(name, value, previous)))
            y += row_h
            pygame.draw.line(surf, mix(palette.grid, palette.panel, 0.5), (pad, y), (w - pad, y))

    def _trend(self, surf: pygame.Surface, centre: tuple[int, int], change: float, good: int) -> None:
        """A small triangle: up or down, coloured by whether the change is good news."""
        palette = self.app.palette
        size = self.s(5)
        x, y = centre
        if abs(change) < 1e-9:
            pygame.draw.line(surf, palette.neutral, (x - size, y), (x + size, y), max(2, self.s(2)))
            return
        colour = palette.neutral if good == 0 else (
            palette.good if (change > 0) == (good > 0) else palette.bad)
        if change > 0:
            points = [(x, y - size), (x - size, y + size), (x + size, y + size)]
        else:
            points = [(x, y + size), (x - size, y - size), (x + size, y - size)]
        pygame.draw.polygon(surf, colour, points)

    # -- move cards ------------------------------------------------------------------------
    def _render_cards(self, size: tuple[int, int]) -> pygame.Surface:
        """The budget header and the visible move cards."""
        session = self.session
        palette = self.app.palette
        surf = self.new_panel(size)
        self._card_rects_local = []
        self._card_tips = []
        pad = self.s(8)
        w, h = size
        if self.player is None:
            self.write(surf, "No person plays in this game.", (pad, pad), 14, palette.text_dim)
            return surf
        budget, left = session.budget(self.player), session.budget_left(self.player)
        self.write(surf, "Your moves", (pad + self.s(2), pad), 16, bold=True)
        pips_x = w - pad
        r = self.s(5)
        for k in range(int(round(budget))):
            cx = pips_x - r - k * (2 * r + self.s(3))
            filled = k < left - 1e-9
            pygame.draw.circle(surf, palette.accent if filled else palette.panel_alt,
                               (cx, pad + self.s(11)), r)
            pygame.draw.circle(surf, palette.accent, (cx, pad + self.s(11)), r, 1)
        text = f"{left:g} of {budget:g} left"
        pips_left = pips_x - int(round(budget)) * (2 * r + self.s(3))
        self.write(surf, text, (pips_left - self.s(6), pad + self.s(11)), 13, palette.text_dim,
                   anchor="midright")
        self._card_tips.append((pygame.Rect(pips_left - self.s(100), pad, w - pips_left + self.s(100),
                                            self.s(22)),
                                "Political capital: the budget of moves for this turn. Each move "
                                "costs some; what is not spent is lost."))
        y = pad + self.s(30)
        cards = self.options()
        ch = self.card_height()
        gap = self.s(6)
        visible = self.visible_cards()
        self.scroll = max(0, min(self.scroll, max(0, len(cards) - visible)))
        if not cards:
            self.write(surf, "No moves for this country.", (pad, y), 14, palette.text_dim)
        for k, option in enumerate(cards[self.scroll:self.scroll + visible]):
            number = k + 1  # the number key that picks it (numbers follow the scroll)
            rect = pygame.Rect(pad, y, w - 2 * pad, ch)
            self.place(surf, self._card_image(option, number, rect.size), rect)
            self._card_rects_local.append((option.id, rect))
            self._card_tips.append((rect, self._card_tip(option)))
            y += ch + gap
        if len(cards) > visible:
            more = f"{self.scroll + 1}-{min(len(cards), self.scroll + visible)} of {len(cards)} " \
                   "· wheel or PgUp/PgDn"
            self.write(surf, more, (w // 2, h - self.s(4)), 12, palette.text_dim, anchor="midbottom")
        return surf

    def _card_image(self, option: Any, number: int, size: tuple[int, int]) -> pygame.Surface:
        """One card on its own surface, kept while nothing it shows changes."""
        planned = self.planned_move(option.id)
        key = (option.id, option.name, option.summary, option.cost, option.kind, option.legal,
               option.affordable, tuple(option.targets), planned.target if planned else None,
               option.id == self.card, number, size, self.app.scale, self.app.palette.name,
               self.player)
        image = self._card_images.get(key)
        if image is None:
            if len(self._card_images) > 200:
                self._card_images.clear()
            image = self.new_sheet(*size)
            self._draw_card(image, image.get_rect(), option, number)
            self._card_images[key] = image
        return image

    def _draw_card(self, surf: pygame.Surface, rect: pygame.Rect, option: Any, number: int) -> None:
        """One move card: number, name, cost pips, summary and status line."""
        palette = self.app.palette
        chosen = option.id == self.card
        available = option.legal and (option.affordable or option.planned)
        bg = palette.panel_alt if available else mix(palette.panel_alt, palette.panel, 0.6)
        pygame.draw.rect(surf, bg, rect, border_radius=self.s(5))
        stripe = self.card_colour(option)
        pygame.draw.rect(surf, stripe, (rect.x, rect.y, self.s(4), rect.height),
                         border_top_left_radius=self.s(5), border_bottom_left_radius=self.s(5))
        if chosen:
            pygame.draw.rect(surf, palette.focus, rect, max(2, self.s(2)), border_radius=self.s(5))
        text_colour = palette.text if available else palette.text_dim
        x = rect.x + self.s(12)
        if number <= 10:
            badge = pygame.Rect(x, rect.y + self.s(7), self.s(18), self.s(18))
            pygame.draw.rect(surf, palette.bg, badge, border_radius=self.s(4))
            self.write(surf, str(number % 10), badge.center, 12, palette.text_dim, bold=True,
                       anchor="center")
            x = badge.right + self.s(6)
        cost_w = self.s(12) * max(1, int(round(option.cost))) + self.s(4)
        self.write(surf, option.name, (x, rect.y + self.s(5)), 14, text_colour, bold=True,
                   max_width=rect.right - x - cost_w - self.s(8))
        r = self.s(4)
        for k in range(int(round(option.cost))):
            cx = rect.right - self.s(10) - k * (2 * r + self.s(3))
            pygame.draw.circle(surf, palette.warn if available else palette.neutral,
                               (cx, rect.y + self.s(15)), r)
        self.write(surf, option.summary, (rect.x + self.s(12), rect.y + self.s(26)), 12,
                   palette.text_dim, max_width=rect.width - self.s(20))
        status, colour = self._card_status(option)
        kind = KIND_LABELS.get(option.kind, option.kind)
        tag = f"{kind} · cost {option.cost:g}"
        tag_rect = self.write(surf, tag, (rect.x + self.s(12), rect.bottom - self.s(6)), 12,
                              mix(palette.text_dim, stripe, 0.4), anchor="bottomleft")
        self.write(surf, status, (rect.right - self.s(10), rect.bottom - self.s(6)), 12, colour,
                   bold=True, anchor="bottomright",
                   max_width=rect.right - self.s(10) - tag_rect.right - self.s(10))

    def card_colour(self, option: Any) -> Colour:
        """The card's stripe: red for sanctions, blue for deals, orange for policies, grey else."""
        palette = self.app.palette
        kinds: set[str] = set()
        try:
            kinds = {e.kind for e in self.session.world.moves[option.index].effects}
        except (AttributeError, IndexError):
            pass
        if option.kind == "proposal" or "deal" in kinds:
            return palette.accent
        if "sanction" in kinds or "freeze" in kinds:
            return palette.bad
        if "policy" in kinds:
            return palette.warn
        return palette.neutral

    def _card_status(self, option: Any) -> tuple[str, Colour]:
        """The status line of a card and its colour."""
        palette = self.app.palette
        planned = self.planned_move(option.id)
        if planned is not None:
            if planned.target == self.player:
                return "planned", palette.good
            return f"planned on {planned.target}", palette.good
        if not option.legal:
            if "already in force" in option.why_not or (
                    self.player is not None and self.session.in_force(self.player, option.id)):
                return "already in force", palette.good
            if "awaiting an answer" in option.why_not:
                return "awaiting an answer", palette.accent
            return "not available now", palette.neutral
        if not option.affordable:
            return "over budget", palette.warn
        targets = [t for t in option.targets if t != self.player]
        if not targets:
            return "on yourself", palette.text_dim
        return "on " + ", ".join(targets[:4]) + ("…" if len(targets) > 4 else ""), palette.text_dim

    def _card_tip(self, option: Any) -> str:
        """Tooltip of a card: what it does, its cost, targets and source."""
        lines = [option.name, option.description or option.summary,
                 f"Cost: {option.cost:g} political capital ({KIND_LABELS.get(option.kind, option.kind)})."]
        if option.kind == "ongoing":
            lines.append("It stays in force until it is lifted.")
        if option.kind == "proposal":
            lines.append("The partner answers next turn; nothing happens unless it accepts.")
        if option.targets:
            lines.append("Can be played on: " + ", ".join(
                country_name(self.session, t) for t in option.targets))
        elif not option.legal:
            lines.append(option.why_not or "It cannot be played now.")  # a whole sentence
        if option.source:
            lines.append(f"Source: {option.source}")
        return "\n".join(lines)

    # -- the detail panel ------------------------------------------------------------------
    def _render_detail(self, size: tuple[int, int]) -> pygame.Surface:
        """The chosen card's details and forecast, or this turn's plan."""
        surf = self.new_panel(size)
        self._detail_tips = []
        option = self.current_option()
        if option is None:
            self._render_plan(surf)
        else:
            self._render_card_detail(surf, option)
        return surf

    def _render_plan(self, surf: pygame.Surface) -> None:
        """This turn's plan and a hint."""
        palette = self.app.palette
        pad = self.s(12)
        w, h = surf.get_size()
        self.write(surf, "This turn's plan", (pad, pad), 16, bold=True)
        y = pad + self.s(28)
        planned = self.session.planned(self.player) if self.player else []
        answers = self.answers()
        if not planned and not answers and self.nothing_playable():
            note = ("No move can be played this turn: each card waits for its moment (its "
                    "tooltip says what it needs). Enter ends the turn.")
            for line in wrap_text(self.font(14), note, w - 2 * pad):
                self.write(surf, line, (pad, y), 14, palette.accent)
                y += self.font(14).get_linesize()
            y += self.s(4)
        elif not planned and not answers:
            self.write(surf, "Nothing planned yet.", (pad, y), 14, palette.text_dim)
            y += self.s(22)
        for proposal, yes in answers[:3]:
            who = country_name(self.session, proposal.proposer)
            self.write(surf, f"• {'Accept' if yes else 'Decline'} {who}'s offer: {proposal.name}",
                       (pad, y), 14, palette.good if yes else palette.text_dim,
                       max_width=w - 2 * pad)
            y += self.s(22)
        for move in planned:
            if y > h - self.s(60):
                break
            name = move.move_id
            try:
                name = self.session.world.moves[self.session.world.move_index(move.move_id)].name
            except KeyError:
                pass
            target = "" if move.target == self.player else f" on {country_name(self.session, move.target)}"
            self.write(surf, f"• {name}{target}", (pad, y), 14, palette.good, max_width=w - 2 * pad)
            y += self.s(22)
        outbox = []
        if self.player:
            outbox = [p for p in self.session.outbox(self.player) if p.status == "pending"]
        if outbox and y < h - self.s(60):
            y += self.s(6)
            self.write(surf, "Waiting for an answer:", (pad, y), 13, palette.text_dim, bold=True)
            y += self.s(20)
            for p in outbox[:3]:
                self.write(surf, f"• {p.name} to {country_name(self.session, p.partner)}", (pad, y), 13,
                           palette.text_dim, max_width=w - 2 * pad)
                y += self.s(20)
        events = () if self.session.teacher_mode else self.session.events_made_to_happen()
        if events and y < h - self.s(60):
            titles = {event_id: title for event_id, title, _ in self.session.event_choices()}
            y += self.s(6)
            self.write(surf, "Events a teacher set for the end of this turn:", (pad, y), 13,
                       palette.text_dim, bold=True)
            y += self.s(20)
            for event_id in events[:3]:
                self.write(surf, f"• {titles.get(event_id, event_id)}", (pad, y), 13,
                           palette.warn,
                           max_width=w - 2 * pad)
                y += self.s(20)
        lessons = self.session.lessons_now()
        if lessons:
            self._render_lesson(surf, lessons[0], max(y + self.s(8), h // 3))
            return
        hint = ("Pick a move card (keys 1-9) to see what it does and a forecast of its effects. "
                "Click a country on the map to see its indicators. B shows your briefing. "
                "Enter ends the turn.")
        lines = wrap_text(self.font(13), hint, w - 2 * pad)
        y = h - pad - len(lines) * self.font(13).get_linesize()
        for line in lines:
            self.write(surf, line, (pad, y), 13, palette.text_dim)
            y += self.font(13).get_linesize()

    def _render_lesson(self, surf: pygame.Surface, lesson: tuple[str, str], top: int) -> None:
        """This turn's tutorial lesson in a framed box from `top` to the panel's bottom."""
        palette = self.app.palette
        pad = self.s(12)
        w, h = surf.get_size()
        box = pygame.Rect(pad // 2, top, w - pad, h - top - pad // 2)
        pygame.draw.rect(surf, mix(palette.panel, palette.accent, 0.12), box,
                         border_radius=self.s(6))
        pygame.draw.rect(surf, palette.accent, box, max(1, self.s(1)), border_radius=self.s(6))
        title, text = lesson
        y = box.y + self.s(8)
        self.write(surf, f"This turn · {title}", (box.x + pad, y), 14, palette.accent, bold=True,
                   max_width=box.width - 2 * pad)
        y += self.s(22)
        body = self.font(13)
        lines = wrap_text(body, " ".join(text.split()), box.width - 2 * pad)
        room = max(1, (box.bottom - self.s(6) - y) // body.get_linesize())
        if len(lines) > room:  # the tooltip has the whole lesson
            lines = lines[:room]
            lines[-1] = fit_text(body, lines[-1] + " …", box.width - 2 * pad)
        for line in lines:
            self.write(surf, line, (box.x + pad, y), 13)
            y += body.get_linesize()
        self._detail_tips.append((box, f"{title}\n{' '.join(text.split())}"))

    def _render_card_detail(self, surf: pygame.Surface, option: Any) -> None:
        """Name, description, source and the forecast chart of the chosen card."""
        palette = self.app.palette
        pad = self.s(10)
        w, h = surf.get_size()
        info_w = self.info_width(w)
        y = pad
        self.write(surf, option.name, (pad, y), 16, bold=True, max_width=info_w - pad)
        y += self.s(24)
        kind = KIND_LABELS.get(option.kind, option.kind)
        self.write(surf, f"{kind} · costs {option.cost:g} of {self.session.budget_left(self.player):g} left",
                   (pad, y), 12, palette.text_dim, max_width=info_w - pad)
        y += self.s(20)
        body = self.font(13)
        rows = self.detail_rows(h)
        bottom_limit = rows["targets"] - self.s(4)
        if self._target_row_y:  # the target buttons sit above the Plan button
            bottom_limit = self._target_row_y - self.layout["detail"].y - self.s(4)
        elif self.planned_move(option.id) is not None:
            bottom_limit = rows["plan"] - self.s(34)  # the 'Planned on ...' line
        lines = wrap_text(body, option.description or option.summary, info_w - 2 * pad)
        room = max(1, (bottom_limit - self.s(18) - y) // body.get_linesize())
        if len(lines) > room:  # cut with an ellipsis; the card's tooltip has the whole text
            lines = lines[:room]
            lines[-1] = fit_text(body, lines[-1] + " …", info_w - 2 * pad)
            self._detail_tips.append((pygame.Rect(pad, y, info_w - pad,
                                                  room * body.get_linesize()),
                                      f"{option.name}\n{option.description or option.summary}"))
        for line in lines:
            self.write(surf, line, (pad, y), 13)
            y += body.get_linesize()
        if option.source and y + self.s(18) <= bottom_limit:
            rect = self.write(surf, f"Source: {option.source}", (pad, y + self.s(2)), 12,
                              palette.text_dim, max_width=info_w - 2 * pad)
            self._detail_tips.append((rect, f"Source\n{option.source}"))
        planned = self.planned_move(option.id)
        target_y = self._target_row_y
        if planned is None and option.targets and not (
                len(option.targets) == 1 and option.targets[0] == self.player) and target_y:
            self.write(surf, "Target:", (pad, target_y - self.layout["detail"].y + self.s(14)), 14,
                       palette.text_dim, anchor="midleft")
        if planned is not None:
            where = "" if planned.target == self.player else \
                f" on {country_name(self.session, planned.target)}"
            self.write(surf, f"Planned{where}.",
                       (pad, h - pad - self.s(34) - self.s(24)), 14, palette.good, bold=True)
        if self.session.ask_reasons and planned is None:
            label = self.write(surf, "Your reason (needed to plan it):", (pad, rows["label"]), 12,
                               palette.text_dim, max_width=info_w - pad)
            self._detail_tips.append((label, "Your reason\nWhy you play this move: it is shown "
                                      "in the results, the move log and the debrief."))
        self._render_forecast(surf, pygame.Rect(info_w, 0, w - info_w, h))

    def _render_forecast(self, surf: pygame.Surface, area: pygame.Rect) -> None:
        """The fan chart with and without the move, and a one-line summary."""
        palette = self.app.palette
        pad = self.s(10)
        result = self.forecast_result()
        chart_rect = pygame.Rect(area.x + pad, area.y + pad + self.s(30), area.width - 2 * pad,
                                 area.height - 2 * pad - self.s(30) - self.s(36))
        if result is None:
            self.write(surf, f"Forecasting {FORECAST_FUTURES} futures…", (chart_rect.centerx,
                       chart_rect.centery + self.s(30)), 13, palette.text_dim, anchor="center")
            return
        if not result.ok:
            for k, line in enumerate(wrap_text(self.font(13), f"No forecast: {result.error}",
                                               chart_rect.width)):
                self.write(surf, line, (chart_rect.x, chart_rect.y + k * self.s(18)), 13, palette.bad)
            return
        choice = self.forecast_choice()
        if choice is None:
            return
        country, name = choice
        fc = result.value
        info = indicator_info(name)
        unit = info.unit if info else ""
        world = self.session.world
        with_band = fc.band(name, country, True)
        without_band = fc.band(name, country, False)
        played_band = fc.band(name, country, True, True) if fc.has_played else None
        turns = with_band.shape[0]
        labels = ["now"] + [date_of(self.session, self.session.turn + k) for k in range(1, turns)]
        title = f"{info.label if info else name} of {world.names[country]}"
        chart = charts.fan_chart(
            _chart_band(with_band), _chart_band(without_band), chart_rect.size, self.style(),
            title=title, unit=unit, x_labels=labels, labels=FORECAST_LABELS,
            played=None if played_band is None else _chart_band(played_band))
        self.place(surf, chart, chart_rect)
        self._detail_tips.extend((r.move(chart_rect.topleft), t) for r, t in chart.hotspots)
        effect = float(with_band[-1, 1] - without_band[-1, 1])
        summary = (f"In {turns - 1} turns (median): "
                   f"{format_value(float(with_band[-1, 1]), unit)} with the move, "
                   f"{format_value(float(without_band[-1, 1]), unit)} without "
                   f"({format_change(effect, unit)}) if nobody else moves")
        if played_band is not None:
            summary += (f"; {format_value(float(played_band[-1, 1]), unit)} with it if the "
                        "others play on")
        summary += "."
        self.forecast_summary = summary
        font = self.font(12)
        y = chart_rect.bottom + self.s(2)
        start = y
        for line in wrap_text(font, summary, chart_rect.width)[:2]:
            self.write(surf, line, (chart_rect.x, y), 12, palette.text_dim)
            y += font.get_linesize()
        self._detail_tips.append((pygame.Rect(chart_rect.x, start, chart_rect.width, y - start),
                                  f"{summary}\nFrom {fc.futures} simulated futures per case; the "
                                  "line is the median, the band holds 80% of them (P10 to P90). "
                                  "'Nobody else moves': every other country keeps its policies "
                                  "(the move's own effect). 'Others play on': the other countries "
                                  "keep deciding as computer players, as in the game; its band "
                                  "is wider and closer to what happens."))

    # -- news strip ------------------------------------------------------------------------
    def _render_news(self, size: tuple[int, int]) -> pygame.Surface:
        """One line: the latest news titles."""
        palette = self.app.palette
        surf = self.new_panel(size, palette.panel_alt)
        tag = self.font(12, True).render("NEWS", True, palette.bg)
        chip = tag.get_rect(midleft=(self.s(8) + self.s(6), size[1] // 2)).inflate(self.s(12), self.s(4))
        pygame.draw.rect(surf, palette.warn, chip, border_radius=self.s(3))
        surf.blit(tag, tag.get_rect(center=chip.center))
        items = self._news_items()
        text = "   •   ".join(items) if items else "No news yet: the game begins."
        self._news_tip = ("Latest news\n" + "\n".join(items[:8]) + "\nClick or press N for the "
                          "turn results.") if items else "News of each turn appears here."
        self.write(surf, text, (chip.right + self.s(10), size[1] // 2), 13, anchor="midleft",
                   max_width=size[0] - chip.right - self.s(20))
        return surf

    def _news_items(self) -> list[str]:
        """Titles of the last turn's news."""
        reports = self.session.reports
        if not reports:
            return []
        items = []
        for item in reports[-1].news:
            title = getattr(item, "title", "") or str(item)
            items.append(title)
        return items


def _chart_band(band: Any) -> charts.Band:
    """A (turns + 1, 3) P10/P50/P90 array as a chart Band."""
    return charts.Band(list(band[:, 0]), list(band[:, 1]), list(band[:, 2]))
