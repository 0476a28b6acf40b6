"""History charts: any indicators for any countries across the turns played, with real values.

`HistoryScreen(app, countries=None, indicators=None)`.  Toggle countries and indicators (up to
three charts at once); each chart draws the game's line per country and, where the scenario
knows them, what really happened as dots.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from leverage.ui import charts
from leverage.ui.screens.turn import GameScreen, country_name, date_of, indicator_info

if TYPE_CHECKING:
    from leverage.ui.app import App

#: Indicators offered, in this order.
HISTORY_INDICATORS: tuple[str, ...] = (
    "gdp", "growth", "inflation", "reserves", "gold_home", "gold_abroad", "frozen", "oil_output",
    "oil_exports", "debt", "stability", "emigrants", "pay_usd", "pay_cny", "pay_mir",
)
MAX_CHARTS = 3


def real_points(session: Any, indicator: str, code: str) -> list[tuple[float, float]]:
    """What really happened: (x in turns since the start, value) from the scenario's history."""
    scenario = getattr(getattr(session, "loaded", None), "scenario", None)
    history = getattr(scenario, "history", None)
    series = getattr(history, "series", None) or {}
    return dated_points(session, (series.get(indicator) or {}).get(code) or [])


def real_trade_points(session: Any, a: str, b: str) -> list[tuple[float, float]]:
    """Real exports from a to b (all goods) from the scenario's `history.trade`, as
    (x in turns since the start, $bn a year)."""
    scenario = getattr(getattr(session, "loaded", None), "scenario", None)
    flows = getattr(getattr(scenario, "history", None), "trade", None) or []
    points = [p for f in flows if f.from_ == a and f.to == b and f.goods is None
              for p in f.points]
    return dated_points(session, points)


def dated_points(session: Any, points: Any) -> list[tuple[float, float]]:
    """Dated values as (x in turns since the start, value)."""
    world = session.world
    start = world.start_year * 12 + world.start_month - 1
    out = []
    for point in points:
        try:
            parts = [int(p) for p in str(point.date).split("-")]
            months = parts[0] * 12 + parts[1] - 1 - start
        except (ValueError, IndexError):
            continue
        out.append((months / max(1, world.months_per_turn), float(point.value)))
    return out


class HistoryScreen(GameScreen):
    """Line charts over the turns played, real history as dots."""

    title = "history"
    counts_team_time = True

    def __init__(self, app: App, countries: list[str] | None = None,
                 indicators: list[str] | None = None) -> None:
        """Start with these countries and indicators (defaults: the player; GDP and inflation)."""
        super().__init__(app)
        session = app.session
        codes = list(session.world.codes) if session is not None else []
        chosen = [c for c in (countries or []) if c in codes]
        if not chosen and session is not None:
            humans = session.human_countries()
            chosen = humans[:1] or codes[:1]
        self.countries: list[str] = list(dict.fromkeys(chosen))
        wanted = [i for i in (indicators or []) if i in HISTORY_INDICATORS]
        self.indicators: list[str] = wanted or ["gdp", "inflation", "reserves"]
        self.layout: dict[str, pygame.Rect] = {}
        self._tips_local: list[tuple[pygame.Rect, str]] = []

    def build(self) -> None:
        """Country toggles, indicator toggles, Back."""
        session = self.session
        self._buttons_left = self.top_button_row([("Back (Esc)", self.app.pop, "Back.")])
        if session is None:
            return
        m = self.s(8)
        top = self.s(58)
        side_w = min(max(self.s(220), int(self.width * 0.2)), self.s(360))
        self.layout = {
            "side": pygame.Rect(m, top, side_w, self.height - top - m),
            "charts": pygame.Rect(2 * m + side_w, top, self.width - 3 * m - side_w, self.height - top - m),
        }
        side = self.layout["side"]
        pad = self.s(10)
        y = side.y + pad + self.s(24)
        bw = (side.width - 2 * pad - self.s(4)) // 2
        for k, code in enumerate(session.world.codes):
            x = side.x + pad + (k % 2) * (bw + self.s(4))
            on = code in self.countries
            self.button(pygame.Rect(x, y, bw, self.s(28)), code, lambda c=code: self.toggle_country(c),
                        object_id="#primary" if on else None,
                        tooltip=f"{'Hide' if on else 'Show'} {country_name(session, code)}.",
                        key=k + 1 if k < 9 else None)
            if k % 2 == 1:
                y += self.s(32)
        if len(session.world.codes) % 2:
            y += self.s(32)
        y += self.s(34)
        self._indicator_top = y - self.s(26)
        for name in HISTORY_INDICATORS:
            if y + self.s(28) > side.bottom - pad:
                break
            info = indicator_info(name)
            on = name in self.indicators
            label = info.label if info else name
            self.button(pygame.Rect(side.x + pad, y, side.width - 2 * pad, self.s(26)), label,
                        lambda n=name: self.toggle_indicator(n),
                        object_id="#primary" if on else None,
                        tooltip=(f"{info.meaning}\nWhat moves it: {info.moved_by}" if info else name))
            y += self.s(29)

    def header_text_limit(self) -> int:
        """Header text stops at the buttons."""
        return getattr(self, "_buttons_left", self.width) - self.s(8)

    def toggle_country(self, code: str) -> None:
        """Show or hide a country (at least one stays)."""
        if code in self.countries:
            if len(self.countries) > 1:
                self.countries.remove(code)
        else:
            self.countries.append(code)
        self.relayout()

    def toggle_indicator(self, name: str) -> None:
        """Show or hide an indicator chart (at most three; the oldest makes room)."""
        if name in self.indicators:
            if len(self.indicators) > 1:
                self.indicators.remove(name)
        else:
            self.indicators.append(name)
            if len(self.indicators) > MAX_CHARTS:
                self.indicators.pop(0)
        self.relayout()

    def draw(self, surface: pygame.Surface) -> None:
        """Header, side panel titles and the charts (cached)."""
        session = self.session
        turns = len(session.states) - 1 if session is not None else 0
        self.header(surface, "History", f"{turns} turn{'s' if turns != 1 else ''} played · real values as dots")
        if session is None:
            return
        palette = self.app.palette
        side = self.layout["side"]
        self.panel_rect(surface, side)
        self.write(surface, "Countries", (side.x + self.s(12), side.y + self.s(8)), 14, palette.accent, bold=True)
        self.write(surface, "Indicators", (side.x + self.s(12), self._indicator_top), 14, palette.accent,
                   bold=True)
        area = self.layout["charts"]
        key = (self.state_key(), tuple(self.countries), tuple(self.indicators))
        self.place(surface, self.cached("charts", key, lambda: self._render_charts(area.size)), area)
        self.tips = [(r.move(area.topleft), t) for r, t in self._tips_local]

    def _render_charts(self, size: tuple[int, int]) -> pygame.Surface:
        """One line chart per chosen indicator, stacked."""
        session = self.session
        surf = pygame.Surface(size)
        surf.fill(self.app.palette.bg)
        self._tips_local = []
        gap = self.s(8)
        count = max(1, len(self.indicators))
        h = (size[1] - gap * (count - 1)) // count
        played = len(session.states)
        labels = [date_of(session, k + 1) for k in range(max(played, session.turns + 1))]
        style = self.style()
        world = session.world
        for k, name in enumerate(self.indicators):
            info = indicator_info(name)
            series = []
            extra = 0
            for code in self.countries:
                colour = style.colour(world.country(code))
                values: list[float | None] = [float(v) for v in session.series(code, name)]
                values += [None] * (len(labels) - len(values))
                real = real_points(session, name, code)
                extra = max([extra] + [int(x) + 1 for x, _ in real])
                series.append(charts.Series(country_name(session, code), values, colour, history=real))
            axis_labels = labels + [date_of(session, len(labels) + j + 1)
                                    for j in range(max(0, extra - len(labels)))]
            title = f"{info.label} ({info.unit})" if info else name
            chart = charts.line_chart(series, (size[0], h), style, title=title, unit=info.unit if info else "",
                                      x_labels=axis_labels, mark_x=played - 1,
                                      label_width=style.font(11).size("100,000 %/yr")[0])
            y = k * (h + gap)
            self.place(surf, chart, (0, y))
            self._tips_local.extend((r.move(0, y), t) for r, t in chart.hotspots)
        return surf
