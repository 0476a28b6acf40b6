"""History charts: any indicators for any countries, and the exports of one country to another,
across the turns played, with real values.

`HistoryScreen(app, countries=None, indicators=None, flows=None, side="indicators")`.  Toggle
countries, and indicators or trade flows (up to three charts at once, of either kind; the side
panel lists the indicators or the trade pairs, I and T switch).  An indicator chart draws the
game's line per country; a trade chart draws one country's exports to another, all goods and,
in a scenario that keeps goods apart, each product group the scenario's `history.trade` gives.
Where the scenario knows them, what really happened is drawn as dots.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from leverage.core.vocab import GOODS
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
#: A chart: an indicator's name, or a trade flow (exporter, importer).
Chart = str | tuple[str, str]


def real_points(session: Any, indicator: str, code: str) -> list[tuple[float, float]]:
    """What really happened: (x in turns since the start, value) from the scenario's history."""
    scenario = getattr(getattr(session, "loaded", None), "scenario", None)
    history = getattr(scenario, "history", None)
    series = getattr(history, "series", None) or {}
    return dated_points(session, (series.get(indicator) or {}).get(code) or [])


def trade_series_of(session: Any) -> list[Any]:
    """The scenario's `history.trade` series (real exports of one country to another)."""
    scenario = getattr(getattr(session, "loaded", None), "scenario", None)
    return list(getattr(getattr(scenario, "history", None), "trade", None) or [])


def real_trade_points(session: Any, a: str, b: str,
                      goods: str | None = None) -> list[tuple[float, float]]:
    """Real exports from a to b (all goods, or one product group) from the scenario's
    `history.trade`, as (x in turns since the start, $bn a year)."""
    points = [p for f in trade_series_of(session) if f.from_ == a and f.to == b and f.goods == goods
              for p in f.points]
    return dated_points(session, points)


def trade_groups(session: Any, a: str, b: str) -> list[str]:
    """The product groups of a's exports to b that the scenario has real values for, in the
    order of `vocab.GOODS`; none in a world that keeps one flow per pair."""
    if session.world.goods0 is None:
        return []
    named = {f.goods for f in trade_series_of(session) if f.from_ == a and f.to == b}
    return [g for g in GOODS if g in named]


def trade_pairs(session: Any, home: str | None) -> list[tuple[str, str]]:
    """The pairs offered for trade charts, one row each, the first of a pair selling to the
    second: every pair with real exports in the scenario's history, then `home` with every
    other country, the largest trade first."""
    world = session.world
    rows: list[tuple[str, str]] = []
    seen: set[frozenset[str]] = set()
    for flow in trade_series_of(session):
        pair = frozenset((flow.from_, flow.to))
        if flow.from_ in world.codes and flow.to in world.codes and pair not in seen:
            seen.add(pair)
            rows.append((flow.from_, flow.to))
    if home in world.codes:
        i = world.country(home)
        trade = session.state.trade[0]
        others = sorted((c for c in world.codes if c != home),
                        key=lambda c: -float(trade[i, world.country(c)] + trade[world.country(c), i]))
        for code in others:
            if frozenset((home, code)) not in seen:
                seen.add(frozenset((home, code)))
                rows.append((home, code))
    return rows


def dated_points(session: Any, points: Any) -> list[tuple[float, float]]:
    """Dated values as (x in turns since the start, value), for a chart that begins at the
    start: a value dated up to a turn and a half before it is drawn at the start (where
    `compare` sets it beside the game), an earlier one is left out."""
    world = session.world
    start = world.start_year * 12 + world.start_month - 1
    out = []
    for point in points:
        try:
            parts = [int(p) for p in str(point.date).split("-")]
            months = parts[0] * 12 + parts[1] - 1 - start
        except (ValueError, IndexError):
            continue
        x = months / max(1, world.months_per_turn)
        if x < -1.5:
            continue
        out.append((max(0.0, x), float(point.value)))
    return out


class HistoryScreen(GameScreen):
    """Line charts over the turns played, real history as dots."""

    title = "history"
    counts_team_time = True

    def __init__(self, app: App, countries: list[str] | None = None,
                 indicators: list[str] | None = None,
                 flows: list[tuple[str, str]] | None = None, side: str = "indicators") -> None:
        """Start with these countries, indicators and trade flows (defaults: the player; GDP,
        inflation and reserves) and this list in the side panel ("indicators" or "trade")."""
        super().__init__(app)
        session = app.session
        codes = list(session.world.codes) if session is not None else []
        chosen = [c for c in (countries or []) if c in codes]
        if not chosen and session is not None:
            humans = session.human_countries()
            chosen = humans[:1] or codes[:1]
        self.countries: list[str] = list(dict.fromkeys(chosen))
        #: Whose trade the trade list offers (with every other country): the player.
        self.home: str | None = self.countries[0] if self.countries else None
        wanted: list[Chart] = [i for i in (indicators or []) if i in HISTORY_INDICATORS]
        wanted += [(a, b) for a, b in (flows or []) if a in codes and b in codes and a != b]
        if not wanted:
            wanted = ["gdp", "inflation", "reserves"]
        #: The charts shown, oldest first (at most MAX_CHARTS).
        self.charts: list[Chart] = list(dict.fromkeys(wanted))[-MAX_CHARTS:]
        self.side = side if side in ("indicators", "trade") else "indicators"
        self.layout: dict[str, pygame.Rect] = {}
        self._tips_local: list[tuple[pygame.Rect, str]] = []

    @property
    def indicators(self) -> list[str]:
        """The indicators charted, oldest first."""
        return [c for c in self.charts if isinstance(c, str)]

    @property
    def flows(self) -> list[tuple[str, str]]:
        """The trade flows charted (exporter, importer), oldest first."""
        return [c for c in self.charts if isinstance(c, tuple)]

    def build(self) -> None:
        """Country toggles, the Indicators and Trade lists' switch, the list's toggles, Back."""
        session = self.session
        self._buttons_left = self.top_button_row([("Back (Esc)", self.app.pop, "Back.")])
        if session is None:
            return
        m = self.s(8)
        top = self.s(58)
        side_w = min(max(self.s(220), int(self.width * 0.2)), self.s(360))
        two = self.indicators_in_two_columns(top, m)
        if two:  # every indicator within reach: two columns, each as wide as the longest name
            widest = max(self.font(15).size(label)[0] for label in self.indicator_labels())
            side_w = min(max(side_w, 2 * (widest + self.s(24)) + self.s(24)),
                         int(self.width * 0.4))
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
        y += self.s(8)
        lists = (("indicators", "Indicators", "Charts of indicators of the countries chosen above (I)."),
                 ("trade", "Trade", "Charts of one country's exports to another, $bn a year (T)."))
        for k, (kind, text, tip) in enumerate(lists):
            self.button(pygame.Rect(side.x + pad + k * (bw + self.s(4)), y, bw, self.s(28)), text,
                        lambda kind=kind: self.show_list(kind), tooltip=tip,
                        object_id="#primary" if self.side == kind else None)
        self.key(pygame.K_i, lambda: self.show_list("indicators"))
        self.key(pygame.K_t, lambda: self.show_list("trade"))
        y += self.s(36)
        if self.side == "trade":
            self._trade_buttons(y, bw)
            return
        width = bw if two else side.width - 2 * pad
        labels = self.indicator_labels()
        for k, (name, label) in enumerate(zip(HISTORY_INDICATORS, labels, strict=True)):
            if y + self.s(28) > side.bottom - pad:
                break
            info = indicator_info(name)
            on = name in self.charts
            x = side.x + pad + (k % 2) * (bw + self.s(4)) if two else side.x + pad
            self.button(pygame.Rect(x, y, width, self.s(26)), label,
                        lambda n=name: self.toggle_indicator(n),
                        object_id="#primary" if on else None,
                        tooltip=(f"{info.meaning}\nWhat moves it: {info.moved_by}" if info else name))
            if not two or k % 2 == 1:
                y += self.s(29)

    def indicator_labels(self) -> list[str]:
        """The names of the indicators offered, in order."""
        labels = []
        for name in HISTORY_INDICATORS:
            info = indicator_info(name)
            labels.append(info.label if info else name)
        return labels

    def indicators_in_two_columns(self, top: int, m: int) -> bool:
        """True when the indicators do not all fit in one column under the country toggles."""
        session = self.session
        countries = len(session.world.codes) if session is not None else 0
        pad = self.s(10)
        y = top + pad + self.s(24) + (countries + 1) // 2 * self.s(32) + self.s(8) + self.s(36)
        return y + len(HISTORY_INDICATORS) * self.s(29) > self.height - m - pad

    def _trade_buttons(self, y: int, bw: int) -> None:
        """One row per pair that matters: a button for each way the goods go."""
        session = self.session
        side = self.layout["side"]
        pad = self.s(10)
        for a, b in trade_pairs(session, self.home):
            if y + self.s(28) > side.bottom - pad:
                break
            for k, (x, to) in enumerate(((a, b), (b, a))):
                on = (x, to) in self.charts
                real = bool(real_trade_points(session, x, to)) or bool(trade_groups(session, x, to))
                tip = (f"{'Hide' if on else 'Show'} what {country_name(session, x)} sells to "
                       f"{country_name(session, to)}, $bn a year"
                       + (", with what really happened as dots." if real else "."))
                self.button(pygame.Rect(side.x + pad + k * (bw + self.s(4)), y, bw, self.s(28)),
                            f"{x} to {to}", lambda f=(x, to): self.toggle_flow(f),
                            object_id="#primary" if on else None, tooltip=tip)
            y += self.s(32)

    def header_text_limit(self) -> int:
        """Header text stops at the buttons."""
        return getattr(self, "_buttons_left", self.width) - self.s(8)

    def show_list(self, kind: str) -> None:
        """List the indicators or the trade pairs in the side panel."""
        if kind != self.side:
            self.side = kind
            self.relayout()

    def toggle_country(self, code: str) -> None:
        """Show or hide a country (at least one stays)."""
        if code in self.countries:
            if len(self.countries) > 1:
                self.countries.remove(code)
        else:
            self.countries.append(code)
        self.relayout()

    def toggle_chart(self, chart: Chart) -> None:
        """Show or hide a chart (at least one stays; at most three, the oldest makes room)."""
        if chart in self.charts:
            if len(self.charts) > 1:
                self.charts.remove(chart)
        else:
            self.charts.append(chart)
            if len(self.charts) > MAX_CHARTS:
                self.charts.pop(0)
        self.relayout()

    def toggle_indicator(self, name: str) -> None:
        """Show or hide an indicator chart."""
        self.toggle_chart(name)

    def toggle_flow(self, flow: tuple[str, str]) -> None:
        """Show or hide the chart of one country's exports to another."""
        self.toggle_chart(flow)

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
        area = self.layout["charts"]
        key = (self.state_key(), tuple(self.countries), tuple(self.charts))
        self.place(surface, self.cached("charts", key, lambda: self._render_charts(area.size)), area)
        self.tips = [(r.move(area.topleft), t) for r, t in self._tips_local]

    def _render_charts(self, size: tuple[int, int]) -> pygame.Surface:
        """One line chart per chosen indicator or trade flow, stacked."""
        session = self.session
        surf = pygame.Surface(size)
        surf.fill(self.app.palette.bg)
        self._tips_local = []
        gap = self.s(8)
        count = max(1, len(self.charts))
        h = (size[1] - gap * (count - 1)) // count
        played = len(session.states)
        labels = [date_of(session, k + 1) for k in range(max(played, session.turns + 1))]
        style = self.style()
        for k, chart in enumerate(self.charts):
            if isinstance(chart, tuple):
                series, title, unit, tip = self._trade_lines(chart, len(labels))
            else:
                series, title, unit, tip = self._indicator_lines(chart, len(labels))
            extra = max([0] + [int(x) + 1 for s in series for x, _ in s.history])
            axis_labels = labels + [date_of(session, len(labels) + j + 1)
                                    for j in range(max(0, extra - len(labels)))]
            flow = isinstance(chart, tuple)  # a flow's axis starts at zero, as on the relationship view
            drawn = charts.line_chart(series, (size[0], h), style, title=title, unit=unit,
                                      x_labels=axis_labels, mark_x=played - 1, zero=flow,
                                      y_scale="linear" if flow else "auto",
                                      label_width=style.font(11).size("100,000 %/yr")[0])
            y = k * (h + gap)
            self.place(surf, drawn, (0, y))
            self._tips_local.extend((r.move(0, y), t) for r, t in drawn.hotspots)
            title_h = style.s(6) + style.font(14, True).get_linesize()
            self._tips_local.append((pygame.Rect(0, y, size[0], title_h), tip))
        return surf

    def _indicator_lines(self, name: str, length: int) -> tuple[list[charts.Series], str, str, str]:
        """An indicator chart's lines (one per country chosen), title, unit and title tooltip."""
        session = self.session
        world = session.world
        style = self.style()
        info = indicator_info(name)
        series = []
        for code in self.countries:
            values: list[float | None] = [float(v) for v in session.series(code, name)]
            values += [None] * (length - len(values))
            series.append(charts.Series(country_name(session, code), values,
                                        style.colour(world.country(code)),
                                        history=real_points(session, name, code)))
        title = f"{info.label} ({info.unit})" if info else name
        tip = f"{title}\n{info.meaning}" if info else title
        return series, title, info.unit if info else "", tip

    def _trade_lines(self, flow: tuple[str, str], length: int
                     ) -> tuple[list[charts.Series], str, str, str]:
        """A trade chart's lines (all goods, then each product group with real values), title,
        unit and title tooltip."""
        session = self.session
        world = session.world
        style = self.style()
        a, b = flow
        colour = world.country(a)
        series = []
        for k, group in enumerate([None, *trade_groups(session, a, b)]):
            values: list[float | None] = [float(v) for v in session.trade_series(a, b, group)]
            values += [None] * (length - len(values))
            series.append(charts.Series("All goods" if group is None else group.capitalize(), values,
                                        style.colour(colour + k),
                                        history=real_trade_points(session, a, b, group)))
        seller, buyer = country_name(session, a), country_name(session, b)
        title = f"Exports from {seller} to {buyer} ($bn a year)"
        tip = (f"{title}\nWhat {seller} sells to {buyer} in a year, in billions of dollars: the "
               "game's values after each turn, what really happened as dots.")
        return series, title, "$bn", tip
