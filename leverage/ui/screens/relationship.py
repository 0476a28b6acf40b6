"""The relationship view: the bilateral ledger of two countries, the heart of the game.

Pick two countries (default: the player and its most important counterpart) to see their
relation and its history, trade each way, loans and debts, sanctions with their level and bite
(and secondary sanctions reaching third parties), agreements in force, payment channels, and
the moves each made toward the other, with the reasons given.  Every number has a tooltip.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from leverage.ui import charts
from leverage.ui.charts import format_change, format_value, wrap_text
from leverage.ui.mapview import relation_word, signed
from leverage.ui.screens.history import real_trade_points
from leverage.ui.screens.turn import GameScreen, country_name, date_of

if TYPE_CHECKING:
    from leverage.ui.app import App

Colour = tuple[int, int, int]

SANCTION_LABELS: dict[str, str] = {
    "trade": "Trade embargo", "financial": "Financial sanctions", "oil": "Oil embargo",
    "gold": "Gold ban", "transport": "Transport ban", "officials": "Sanctions on officials",
    "secondary": "Secondary sanctions",
}
DEAL_LABELS: dict[str, str] = {
    "gold_refining": "Gold refining", "oil_for_loans": "Oil for loans",
    "payment_link": "Payment link", "arms_credit": "Arms on credit",
    "oil_investment": "Oil investment", "credit_line": "Credit line", "trade_pact": "Trade pact",
}
PAYMENT_SHORT: dict[str, str] = {
    "usd": "Dollar", "eur": "Euro", "cny": "Yuan", "mir": "Mir/SPFS", "barter": "Gold/barter",
}


def goods_lines(a: str, b: str, ledger: Any) -> str:
    """The trade of a and b by product group, for the trade tooltip ('' without goods)."""
    if not ledger.goods_ab:
        return ""
    rows = [f"\n{g}: {format_value(ledger.goods_ab[g], '$bn')} and "
            f"{format_value(ledger.goods_ba.get(g, 0.0), '$bn')}" for g in ledger.goods_ab]
    return f"\nBy group ({a} sells, {b} sells):" + "".join(rows)


def measure_text(measure: Any) -> str:
    """One trade measure in a few words: 'USA: import tariff 25% on TUR metals'."""
    kind = measure.kind.replace("_", " ")
    size = f"{measure.level:.0%}"
    return f"{measure.by}: {kind} {size} on {measure.on} {measure.goods}"


def importance(session: Any, a: str, b: str) -> float:
    """How much two countries matter to each other: trade, sanctions, loans, relation strength."""
    world, state = session.world, session.state
    i, j = world.country(a), world.country(b)
    trade = float(state.trade[0, i, j] + state.trade[0, j, i])
    sanctions = float(state.sanctions[0, i, j].sum() + state.sanctions[0, j, i].sum())
    loans = float(state.loans[0, i, j] + state.loans[0, j, i])
    deals = float(state.deals[0, i, j].sum() + state.deals[0, j, i].sum())
    rel = abs(float(state.relations[0, i, j]))
    return trade + 25.0 * sanctions + 0.2 * loans + 10.0 * deals + rel / 10.0


def main_counterpart(session: Any, a: str) -> str | None:
    """The country that matters most to `a`."""
    others = [c for c in session.world.codes if c != a]
    if not others:
        return None
    return max(others, key=lambda c: (importance(session, a, c), c))


class RelationshipScreen(GameScreen):
    """Two countries side by side and everything that ties or divides them."""

    title = "relationship"
    counts_team_time = True

    def __init__(self, app: App, a: str | None = None, b: str | None = None) -> None:
        """Show countries a and b (defaults: the player and its main counterpart)."""
        super().__init__(app)
        session = app.session
        codes = list(session.world.codes) if session is not None else []
        if a not in codes:
            human = session.current_human if session is not None else None
            humans = session.human_countries() if session is not None else []
            a = human or (humans[0] if humans else (codes[0] if codes else None))
        if (b not in codes or b == a) and session is not None and a is not None:
            b = main_counterpart(session, a)
        self.a: str | None = a
        self.b: str | None = b
        self.scrolls: dict[str, int] = {}
        self.columns: dict[str, pygame.Rect] = {}
        self._tips_local: dict[str, list[tuple[pygame.Rect, str]]] = {}
        self._heights: dict[str, int] = {}
        self._column_height = 0
        self.ledger: Any = None

    # -- building ----------------------------------------------------------------------------
    def build(self) -> None:
        """Header buttons, the two country pickers, keys."""
        session = self.session
        if session is None or self.a is None or self.b is None:
            self.label(pygame.Rect(self.s(20), self.s(60), self.s(500), self.s(30)),
                       "Two countries are needed for a relationship view.")
            self.button(pygame.Rect(self.s(20), self.s(100), self.s(140), self.s(36)), "Back",
                        self.app.pop)
            return
        self.ledger = session.ledger(self.a, self.b)
        self._buttons_left = self.top_button_row([
            ("Swap (S)", self.swap, "Put the other country on the left."),
            ("Back (Esc)", self.app.pop, "Back to the previous screen."),
        ])
        self.key(pygame.K_s, self.swap)
        self._pickers()
        self._layout()

    def header_text_limit(self) -> int:
        """Header text stops at the buttons."""
        return getattr(self, "_buttons_left", self.width) - self.s(8)

    def _pickers(self) -> None:
        """A row of country buttons for each side."""
        codes = list(self.session.world.codes)
        y = self.s(58)
        h = self.s(30)
        half = (self.width - self.s(24)) // 2
        font = self.font(14)
        for side, current, x0 in (("a", self.a, self.s(8)), ("b", self.b, self.s(16) + half)):
            label = "Country" if side == "a" else "Partner"
            x = x0 + font.size(label)[0] + self.s(10)
            least = max(self.font(15, True).size(c)[0] for c in codes) + self.s(6)
            bw = max(least, min(self.s(72), (half - (x - x0)) // max(1, len(codes)) - self.s(4)))
            for k, code in enumerate(codes):
                if x + bw > x0 + half:
                    break
                other = self.b if side == "a" else self.a
                self.button(pygame.Rect(x, y, bw, h), code,
                            lambda code=code, side=side: self.choose(side, code),
                            object_id="#primary" if code == current else None,
                            tooltip=f"{country_name(self.session, code)}"
                                    + (" (already on the other side: swaps them)" if code == other else ""),
                            key=(k + 1) if side == "b" and k < 9 else None)
                x += bw + self.s(4)

    def _layout(self) -> None:
        """The hero band and three columns."""
        m = self.s(8)
        top = self.s(58) + self.s(30) + m
        hero_h = self.s(104)
        self.hero = pygame.Rect(m, top, self.width - 2 * m, hero_h)
        body_top = self.hero.bottom + m
        col_w = (self.width - 4 * m) // 3
        height = self.height - body_top - m
        self.columns = {
            name: pygame.Rect(m + k * (col_w + m), body_top, col_w, height)
            for k, name in enumerate(("history", "money", "ties"))
        }

    # -- commands ----------------------------------------------------------------------------
    def choose(self, side: str, code: str) -> None:
        """Put `code` on one side (swapping when it is already on the other)."""
        if side == "a":
            if code == self.b:
                self.a, self.b = self.b, self.a
            else:
                self.a = code
        else:
            if code == self.a:
                self.a, self.b = self.b, self.a
            else:
                self.b = code
        self.scrolls.clear()
        self.invalidate()
        self.relayout()

    def swap(self) -> None:
        """Exchange the two sides."""
        self.a, self.b = self.b, self.a
        self.invalidate()
        self.relayout()

    def handle(self, event: pygame.event.Event) -> bool:
        """Wheel scrolls the column under the mouse."""
        if event.type == pygame.MOUSEWHEEL:
            for name, rect in self.columns.items():
                if rect.collidepoint(self.mouse):
                    limit = max(0, self._heights.get(name, 0) - rect.height + 2 * self.s(4))
                    value = self.scrolls.get(name, 0) - event.y * self.s(40)
                    self.scrolls[name] = max(0, min(limit, value))
                    return True
        return super().handle(event)

    # -- drawing -------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        """Header, hero band and the three ledger columns (cached)."""
        session = self.session
        if session is None or self.ledger is None:
            return
        names = f"{country_name(session, self.a)} and {country_name(session, self.b)} · {session.date}"
        self.header(surface, "Relations", names)
        font = self.font(14)
        half = (self.width - self.s(24)) // 2
        for label, x in (("Country", self.s(8)), ("Partner", self.s(16) + half)):
            self.write(surface, label, (x, self.s(58) + self.s(15)), 14, self.app.palette.text_dim,
                       anchor="midleft")
        del font
        key = (self.state_key(), self.a, self.b)
        self.tips = []
        self.place(surface, self.cached("hero", key, lambda: self._render_hero(self.hero.size)),
                   self.hero)
        self.tips.extend((r.move(self.hero.topleft), t) for r, t in self._tips_local.get("hero", []))
        for name, rect in self.columns.items():
            inner = rect.inflate(-2, -2 * self.s(4))
            content = self.cached(name, key,
                                  lambda name=name, inner=inner: self._render_column(name, inner.width,
                                                                                     inner.height))
            self._heights[name] = content.get_height()
            offset = min(self.scrolls.get(name, 0), max(0, content.get_height() - inner.height))
            self.panel_rect(surface, rect)
            self.place(surface, content, inner, pygame.Rect(0, offset, inner.width, inner.height))
            if content.get_height() > inner.height:
                self._scrollbar(surface, rect, offset, content.get_height())
            for r, t in self._tips_local.get(name, []):
                moved = r.move(inner.x, inner.y - offset)
                if moved.colliderect(inner):
                    self.tips.append((moved.clip(inner), t))

    def _scrollbar(self, surface: pygame.Surface, rect: pygame.Rect, offset: int, total: int) -> None:
        """A thin scroll indicator on the right of a column."""
        palette = self.app.palette
        track = pygame.Rect(rect.right - self.s(5), rect.y + self.s(4), self.s(3), rect.height - self.s(8))
        size = max(self.s(20), track.height * rect.height // max(1, total))
        y = track.y + (track.height - size) * offset // max(1, total - rect.height)
        pygame.draw.rect(surface, palette.grid, track, border_radius=2)
        pygame.draw.rect(surface, palette.text_dim, (track.x, y, track.width, size), border_radius=2)

    # -- the hero band ---------------------------------------------------------------------------
    def _render_hero(self, size: tuple[int, int]) -> pygame.Surface:
        """Both flags and names, the relation gauge and the headline facts."""
        session = self.session
        palette = self.app.palette
        surf = self.new_panel(size)
        tips: list[tuple[pygame.Rect, str]] = []
        w, h = size
        pad = self.s(12)
        flag_h = self.s(54)
        side_w = int(w * 0.27)
        for code, left in ((self.a, True), (self.b, False)):
            flag = self.flag(code, flag_h)
            fx = pad if left else w - pad - flag.get_width()
            surf.blit(flag, (fx, (h - flag_h) // 2))
            pygame.draw.rect(surf, palette.border, pygame.Rect(fx, (h - flag_h) // 2, *flag.get_size()), 1)
            tx = fx + flag.get_width() + self.s(12) if left else fx - self.s(12)
            anchor = "topleft" if left else "topright"
            name_rect = self.write(surf, country_name(session, code), (tx, self.s(18)), 20, bold=True,
                                   anchor=anchor, max_width=side_w - flag.get_width() - self.s(12))
            role = self._role_line(code)
            self.write(surf, role, (tx, name_rect.bottom + self.s(2)), 13, palette.text_dim,
                       anchor=anchor, max_width=side_w - flag.get_width() - self.s(12))
            facts = self._side_facts(code)
            self.write(surf, facts, (tx, name_rect.bottom + self.s(22)), 12, palette.text_dim,
                       anchor=anchor, max_width=side_w - flag.get_width() - self.s(12))
        self._gauge(surf, pygame.Rect(side_w + pad, self.s(10), w - 2 * side_w - 2 * pad, h - self.s(20)),
                    tips)
        self._tips_local["hero"] = tips
        return surf

    def _role_line(self, code: str) -> str:
        """'You', the role title, or who plays the country."""
        session = self.session
        world = session.world
        player = session.current_human
        i = world.country(code)
        role = next((r for r in world.roles if r.country == i), None)
        who = "You" if code == player else (
            "played by a person" if code in session.human_countries() else "computer")
        return f"{role.title} · {who}" if role is not None else who

    def _side_facts(self, code: str) -> str:
        """A short line of the country's key numbers."""
        session = self.session
        i = session.world.country(code)
        state = session.state
        gdp = float(state.get("gdp")[0, i])
        infl = float(state.get("inflation")[0, i])
        return f"GDP {format_value(gdp, '$bn')} · inflation {format_value(infl, '%/yr')}"

    def _gauge(self, surf: pygame.Surface, rect: pygame.Rect, tips: list[tuple[pygame.Rect, str]]) -> None:
        """The relation score on a -100..100 colour scale, with its change and status chips."""
        palette = self.app.palette
        ledger = self.ledger
        rel = float(ledger.relation)
        history = [float(v) for v in ledger.relation_history]
        change = rel - history[-2] if len(history) > 1 else 0.0
        colour = palette.relation_colour(rel)
        big = f"{signed(rel)}  {relation_word(rel)}"
        head = self.write(surf, big, (rect.centerx, rect.y), 24, colour, bold=True, anchor="midtop")
        change_text = (f"{format_change(change, '')} since last turn" if len(history) > 1
                       else "first turn")
        self.write(surf, change_text, (rect.centerx, head.bottom), 12, palette.text_dim, anchor="midtop")
        tips.append((head.inflate(self.s(8), self.s(4)),
                     f"Relation: {signed(rel)} ({relation_word(rel)})\nFrom -100 (hostile) to +100 "
                     "(allied). It drifts each turn toward a level set by moves, sanctions, deals, "
                     f"shared blocs and trade.\nChange since last turn: {format_change(change, '')}."))
        bar = pygame.Rect(rect.x + self.s(10), head.bottom + self.s(22), rect.width - self.s(20), self.s(10))
        for k in range(bar.width):
            c = palette.relation_colour(-100 + 200 * k / max(1, bar.width - 1))
            pygame.draw.line(surf, c, (bar.x + k, bar.y), (bar.x + k, bar.bottom))
        mx = bar.x + round((rel + 100) / 200 * bar.width)
        pygame.draw.polygon(surf, palette.text, [(mx, bar.y - self.s(2)), (mx - self.s(6), bar.y - self.s(10)),
                                                 (mx + self.s(6), bar.y - self.s(10))])
        pygame.draw.line(surf, palette.text, (mx, bar.y - self.s(2)), (mx, bar.bottom + self.s(2)), 2)
        for value, label in ((-100, "hostile"), (0, "neutral"), (100, "allied")):
            x = bar.x + round((value + 100) / 200 * bar.width)
            anchor = {-100: "topleft", 0: "midtop", 100: "topright"}[value]
            self.write(surf, label, (x, bar.bottom + self.s(3)), 11, palette.text_dim, anchor=anchor)
        tips.append((bar.inflate(0, self.s(16)), "The relation scale: red is hostile, grey neutral, "
                                                  "green allied. The marker shows where they stand now."))

    # -- columns -----------------------------------------------------------------------------
    def _render_column(self, name: str, width: int, height: int = 0) -> pygame.Surface:
        """Render one column at its natural height."""
        self._column_height = height
        tall = self.new_sheet(width, max(self.s(2000), height))
        tips: list[tuple[pygame.Rect, str]] = []
        if name == "history":
            used = self._column_history(tall, tips)
        elif name == "money":
            used = self._column_money(tall, tips)
        else:
            used = self._column_ties(tall, tips)
        self._tips_local[name] = tips
        height = max(self.s(40), min(used, tall.get_height()))
        return tall.subsurface((0, 0, width, height)).copy()

    def _section(self, surf: pygame.Surface, title: str, y: int) -> int:
        """A section title with a rule; returns the y below it."""
        palette = self.app.palette
        pad = self.s(12)
        self.write(surf, title.upper(), (pad, y), 12, palette.accent, bold=True)
        y += self.s(20)
        pygame.draw.line(surf, palette.grid, (pad, y), (surf.get_width() - pad, y))
        return y + self.s(6)

    def _labels(self) -> list[str]:
        """Date labels for the states so far."""
        session = self.session
        return [date_of(session, k + 1) for k in range(len(session.states))]

    def _column_history(self, surf: pygame.Surface, tips: list[tuple[pygame.Rect, str]]) -> int:
        """Relation history and trade each way over the turns played."""
        ledger = self.ledger
        pad = self.s(8)
        w = surf.get_width()
        labels = self._labels()
        y = self._section(surf, "Relation over time", self.s(10))
        chart_h = max(self.s(170), (self._column_height - self.s(110)) // 2)
        style = self.style()
        rel = charts.line_chart(
            [charts.Series(f"{self.a}-{self.b}", [float(v) for v in ledger.relation_history],
                           self.app.palette.relation_colour(float(ledger.relation)))],
            (w - 2 * pad, chart_h), style, unit="", x_labels=labels, zero=True, y_scale="linear")
        self.place(surf, rel, (pad, y))
        tips.extend((r.move(pad, y), t) for r, t in rel.hotspots)
        y += chart_h + self.s(10)
        y = self._section(surf, "Trade each way ($bn a year)", y)
        trade = charts.line_chart(
            [charts.Series(f"{self.a} sells to {self.b}", [float(v) for v in ledger.trade_ab_history],
                           style.colour(0), real_trade_points(self.session, self.a, self.b)),
             charts.Series(f"{self.b} sells to {self.a}", [float(v) for v in ledger.trade_ba_history],
                           style.colour(1), real_trade_points(self.session, self.b, self.a))],
            (w - 2 * pad, chart_h), style, unit="$bn", x_labels=labels, zero=True, y_scale="linear")
        self.place(surf, trade, (pad, y))
        tips.extend((r.move(pad, y), t) for r, t in trade.hotspots)
        y += chart_h + self.s(6)
        total = float(ledger.trade_ab + ledger.trade_ba)
        balance = float(ledger.trade_ab - ledger.trade_ba)
        line = (f"Now: {format_value(float(ledger.trade_ab), '$bn')} and "
                f"{format_value(float(ledger.trade_ba), '$bn')} · total {format_value(total, '$bn')}")
        rect = self.write(surf, line, (self.s(12), y), 13, max_width=w - self.s(24))
        tips.append((rect, f"{country_name(self.session, self.a)} sells "
                           f"{format_value(float(ledger.trade_ab), '$bn')} a year to "
                           f"{country_name(self.session, self.b)}, and buys "
                           f"{format_value(float(ledger.trade_ba), '$bn')} from it.\n"
                           f"Balance for {self.a}: {format_change(balance, '$bn')}.\n"
                           "Trade falls under embargoes and rises with pacts and payment links."
                           + goods_lines(self.a, self.b, ledger)))
        return y + self.s(26)

    def _column_money(self, surf: pygame.Surface, tips: list[tuple[pygame.Rect, str]]) -> int:
        """Loans and debts, then sanctions each way with level and bite, then secondary ones."""
        ledger = self.ledger
        palette = self.app.palette
        pad = self.s(12)
        w = surf.get_width()
        y = self._section(surf, "Loans and debts", self.s(10))
        rows = [
            (f"{self.a} owes {self.b}", float(ledger.loans_ab), float(ledger.oil_repay_ab), self.a, self.b),
            (f"{self.b} owes {self.a}", float(ledger.loans_ba), float(ledger.oil_repay_ba), self.b, self.a),
        ]
        for label, amount, oil, debtor, creditor in rows:
            self.write(surf, label, (pad, y), 14, palette.text_dim)
            value = format_value(amount, "$bn")
            rect = self.write(surf, value, (w - pad, y), 15, bold=True, anchor="topright")
            tip = (f"{country_name(self.session, debtor)} owes {country_name(self.session, creditor)} "
                   f"{value}.\nLoans come from credit lines, oil-for-loans deals and arms on credit.")
            if oil > 0:
                tip += f"\nIt repays by shipping {format_value(oil, 'kb/d')} of oil."
            tips.append((pygame.Rect(pad, y, w - 2 * pad, self.s(20)), tip))
            y += self.s(22)
            if oil > 0:
                self.write(surf, f"repaid with {format_value(oil, 'kb/d')} of oil", (pad + self.s(12), y),
                           12, palette.text_dim)
                y += self.s(18)
        y += self.s(8)
        y = self._section(surf, "Sanctions", y)
        any_sanction = False
        for by, on, every in ((self.a, self.b, ledger.sanctions_ab), (self.b, self.a, ledger.sanctions_ba)):
            lines = [line for line in every if line.kind != "secondary"]
            if not lines:
                continue
            any_sanction = True
            self.write(surf, f"By {country_name(self.session, by)} on {country_name(self.session, on)}",
                       (pad, y), 13, bold=True, max_width=w - 2 * pad)
            y += self.s(20)
            for line in lines:
                y = self._sanction_row(surf, line, y, tips)
        if not any_sanction:
            self.write(surf, "No sanctions between them.", (pad, y), 13, palette.text_dim)
            y += self.s(22)
        if ledger.measures:
            y += self.s(6)
            y = self._section(surf, "Trade measures", y)
            for measure in ledger.measures:
                rect = self.write(surf, measure_text(measure), (pad, y), 13, palette.bad,
                                  max_width=w - 2 * pad)
                tips.append((rect, f"{country_name(self.session, measure.by)} on "
                                   f"{country_name(self.session, measure.on)}'s "
                                   f"{measure.goods}: {measure_text(measure)}.\n{measure.meaning}"))
                y += self.s(20)
        reaching = list(ledger.secondary)
        if reaching:
            y += self.s(6)
            y = self._section(surf, "Secondary sanctions", y)
            for line in reaching:
                text = (f"{line.by} penalises anyone dealing with {line.on}")
                rect = self.write(surf, text, (pad, y), 13, palette.bad, max_width=w - 2 * pad)
                exposed = self.b if line.on == self.a else self.a
                tips.append((rect, f"Secondary sanctions by {country_name(self.session, line.by)} on "
                                   f"{country_name(self.session, line.on)}: level {line.level:.0%}, bite "
                                   f"{line.bite:.0%}.\n{line.meaning}\nFirms and banks of third "
                                   f"countries - {exposed} among them if it deals with "
                                   f"{line.on} - risk penalties, so many stop trading."))
                y += self.s(20)
                y = self._level_bars(surf, line.level, line.bite, y)
        y = self._relation_why(surf, y + self.s(6), tips)
        return y + self.s(8)

    def _relation_why(self, surf: pygame.Surface, y: int, tips: list[tuple[pygame.Rect, str]]) -> int:
        """What moved their relation in the last turn, cause by cause."""
        from leverage.ui.screens.results import contributions

        session = self.session
        if not session.reports:
            return y
        report = session.reports[-1]
        world = session.world
        parts = contributions(report.explanation, "relations", world.country(self.a),
                              world.country(self.b))
        y = self._section(surf, f"Why the relation moved ({report.date})", y)
        if not parts:
            self.write(surf, "It did not move.", (self.s(12), y), 13, self.app.palette.text_dim)
            return y + self.s(22)
        mechanisms = getattr(report.explanation, "mechanisms", {})
        w = surf.get_width() - self.s(16)
        rows = min(6, len(parts))
        height = self.s(30) * rows + self.s(40)
        chart = charts.why_chart(parts, (w, height), self.style(), max_bars=6,
                                 notes={c: mechanisms.get(c, "") for c in parts})
        self.place(surf, chart, (self.s(8), y))
        tips.extend((r.move(self.s(8), y), t) for r, t in chart.hotspots)
        return y + height

    def _sanction_row(self, surf: pygame.Surface, line: Any, y: int,
                      tips: list[tuple[pygame.Rect, str]]) -> int:
        """One sanction: its name, level and bite bars, with a tooltip."""
        palette = self.app.palette
        pad = self.s(12)
        w = surf.get_width()
        name = SANCTION_LABELS.get(line.kind, line.kind)
        self.write(surf, name, (pad + self.s(8), y), 13, palette.bad if line.level > 0 else palette.text_dim)
        status = "in force" if line.level > 0 else "lifted, still biting"
        self.write(surf, status, (w - pad, y), 12, palette.text_dim, anchor="topright")
        tips.append((pygame.Rect(pad, y, w - 2 * pad, self.s(40)),
                     f"{name} by {line.by} on {line.on}\n{line.meaning}\nLevel {line.level:.0%}: how "
                     f"strictly it is applied.\nBite {line.bite:.0%}: how much it hurts now; it "
                     "grows while the sanction lasts and fades after it is lifted."))
        y += self.s(19)
        return self._level_bars(surf, line.level, line.bite, y)

    def _level_bars(self, surf: pygame.Surface, level: float, bite: float, y: int) -> int:
        """Two thin bars: level and bite."""
        palette = self.app.palette
        pad = self.s(20)
        w = surf.get_width()
        label_w = self.font(11).size("level 100%")[0]
        bar_w = max(self.s(10), (w - 2 * pad - 2 * (label_w + self.s(14)) - self.s(8)) // 2)
        x = pad
        for label, value, colour in (("level", level, palette.bad), ("bite", bite, palette.warn)):
            self.write(surf, f"{label} {value:.0%}", (x, y + self.s(4)), 11, palette.text_dim,
                       anchor="midleft")
            bar = pygame.Rect(x + label_w + self.s(8), y, bar_w, self.s(8))
            pygame.draw.rect(surf, palette.panel_alt, bar, border_radius=self.s(3))
            fill = bar.copy()
            fill.width = round(bar.width * min(1.0, max(0.0, value)))
            if fill.width > 0:
                pygame.draw.rect(surf, colour, fill, border_radius=self.s(3))
            x = bar.right + self.s(8)
        return y + self.s(18)

    def _column_ties(self, surf: pygame.Surface, tips: list[tuple[pygame.Rect, str]]) -> int:
        """Agreements in force, blocs, payment channels and the moves toward each other."""
        ledger = self.ledger
        palette = self.app.palette
        pad = self.s(12)
        w = surf.get_width()
        y = self._section(surf, "Agreements in force", self.s(10))
        if not ledger.deals and not ledger.shared_blocs:
            self.write(surf, "None.", (pad, y), 13, palette.text_dim)
            y += self.s(20)
        for deal in ledger.deals:
            name = DEAL_LABELS.get(deal.kind, deal.kind)
            text = f"{name}: {deal.partner} for {deal.client}"
            rect = self.write(surf, text, (pad, y), 13, palette.good, max_width=w - 2 * pad)
            tips.append((rect, f"{name} (level {deal.level:.0%})\n{deal.meaning}\nClient: "
                               f"{country_name(self.session, deal.client)}; partner: "
                               f"{country_name(self.session, deal.partner)}.\nBreaking a deal "
                               "costs relations."))
            y += self.s(20)
        world = self.session.world
        for bloc in ledger.shared_blocs:
            bloc_name = world.bloc_names[world.bloc_ids.index(bloc)] if bloc in world.bloc_ids else bloc
            rect = self.write(surf, f"Both in {bloc_name}", (pad, y), 13, palette.accent)
            tips.append((rect, f"Both are members of {bloc_name}: shared membership warms relations."))
            y += self.s(20)
        for proposal in ledger.pending:
            text = f"Offered: {proposal.name} ({proposal.proposer} to {proposal.partner})"
            rect = self.write(surf, text, (pad, y), 13, palette.warn, max_width=w - 2 * pad)
            tips.append((rect, f"{proposal.name}: {proposal.summary}\nStatus: {proposal.status}, "
                               "awaiting an answer."))
            y += self.s(20)
        y += self.s(8)
        y = self._section(surf, "Payment channels", y)
        y = self._payments(surf, y, tips)
        y += self.s(8)
        y = self._section(surf, "Moves toward each other", y)
        y = self._moves(surf, y, tips)
        y += self.s(8)
        y = self._section(surf, "Side by side", y)
        y = self._side_by_side(surf, y, tips)
        return y + self.s(8)

    def _payments(self, surf: pygame.Surface, y: int, tips: list[tuple[pygame.Rect, str]]) -> int:
        """Each side's payment shares as a stacked bar, and whether a payment link exists."""
        from leverage.core.vocab import PAYMENT_LABELS

        ledger = self.ledger
        palette = self.app.palette
        pad = self.s(12)
        w = surf.get_width()
        systems = list(PAYMENT_SHORT)
        colours = {s: self.style().colour(k) for k, s in enumerate(systems)}
        for code in (self.a, self.b):
            shares = ledger.payments.get(code, {})
            self.write(surf, code, (pad, y + self.s(7)), 13, bold=True, anchor="midleft")
            bar = pygame.Rect(pad + self.s(44), y, w - 2 * pad - self.s(44), self.s(14))
            total = sum(max(0.0, v) for v in shares.values()) or 1.0
            x = bar.x
            for system in systems:
                share = max(0.0, float(shares.get(system, 0.0)))
                seg_w = round(bar.width * share / total)
                if seg_w <= 0:
                    continue
                seg = pygame.Rect(x, bar.y, min(seg_w, bar.right - x), bar.height)
                pygame.draw.rect(surf, colours[system], seg)
                if seg.width > self.font(11).size("00%")[0] + self.s(4):
                    self.write(surf, f"{share:.0f}%", seg.center, 11, palette.bg, bold=True, anchor="center")
                tips.append((seg, f"{code}: {share:.0f}% of foreign payments in "
                                  f"{PAYMENT_LABELS.get(system, system)}.\nShares move with partners' "
                                  "systems, sanction risk and de-dollarisation."))
                x += seg_w
            y += self.s(20)
        x = pad
        for system in systems:
            item_w = self.s(14) + self.font(11).size(PAYMENT_SHORT[system])[0]
            if x + item_w > w - pad and x > pad:
                x = pad
                y += self.s(18)
            pygame.draw.rect(surf, colours[system], (x, y + self.s(3), self.s(10), self.s(10)))
            rect = self.write(surf, PAYMENT_SHORT[system], (x + self.s(14), y), 11, palette.text_dim)
            x = rect.right + self.s(10)
        y += self.s(20)
        link = ("Payment link in force: cards and bank messages work between them."
                if ledger.payment_link else "No payment link between them.")
        rect = self.write(surf, link, (pad, y), 12, palette.good if ledger.payment_link else palette.text_dim,
                          max_width=w - 2 * pad)
        tips.append((rect, "A payment link (Mir cards, CIPS messages) lets payments flow around the "
                           "dollar system and its sanctions."))
        return y + self.s(22)

    def _side_by_side(self, surf: pygame.Surface, y: int, tips: list[tuple[pygame.Rect, str]]) -> int:
        """Key indicators of both countries in two columns."""
        from leverage.ui.screens.turn import indicator_info, indicator_tooltip

        session = self.session
        palette = self.app.palette
        pad = self.s(12)
        w = surf.get_width()
        world, state = session.world, session.state
        i, j = world.country(self.a), world.country(self.b)
        col_a, col_b = int(w * 0.68), w - pad
        self.write(surf, self.a, (col_a, y), 12, palette.text_dim, bold=True, anchor="topright")
        self.write(surf, self.b, (col_b, y), 12, palette.text_dim, bold=True, anchor="topright")
        y += self.s(18)
        for name in ("gdp", "growth", "inflation", "reserves", "stability", "oil_output", "debt",
                     "frozen"):
            info = indicator_info(name)
            if info is None:
                continue
            try:
                va = float(state.get(name, world.params)[0, i])
                vb = float(state.get(name, world.params)[0, j])
            except (KeyError, ValueError):
                continue
            self.write(surf, info.label, (pad, y), 13, palette.text_dim,
                       max_width=col_a - pad - self.s(90))
            self.write(surf, format_value(va, info.unit), (col_a, y), 13, anchor="topright")
            self.write(surf, format_value(vb, info.unit), (col_b, y), 13, anchor="topright")
            tips.append((pygame.Rect(pad, y, w - 2 * pad, self.s(20)),
                         f"{self.a}: {format_value(va, info.unit)} · {self.b}: "
                         f"{format_value(vb, info.unit)}\n" + indicator_tooltip(name)))
            y += self.s(20)
        return y

    def _moves(self, surf: pygame.Surface, y: int, tips: list[tuple[pygame.Rect, str]]) -> int:
        """The moves each made toward the other, newest first, with reasons."""
        ledger = self.ledger
        palette = self.app.palette
        pad = self.s(12)
        w = surf.get_width()
        moves = sorted(list(ledger.moves_ab) + list(ledger.moves_ba), key=lambda m: (-m.turn, m.country))
        if not moves:
            self.write(surf, "No moves between them yet.", (pad, y), 13, palette.text_dim)
            return y + self.s(22)
        body = self.font(12)
        for move in moves:
            colour = self.style().colour(0 if move.country == self.a else 1)
            when = date_of(self.session, move.turn)
            head = f"{when} · {move.country}: {move.move_name}"
            rect = self.write(surf, head, (pad, y), 13, colour, bold=True, max_width=w - 2 * pad)
            tip = f"{country_name(self.session, move.country)} played {move.move_name} on " \
                  f"{country_name(self.session, move.target)} (turn {move.turn})."
            y = rect.bottom
            if move.reason:
                for line in wrap_text(body, f"\u201c{move.reason}\u201d", w - 2 * pad - self.s(10))[:3]:
                    self.write(surf, line, (pad + self.s(10), y), 12, palette.text_dim)
                    y += body.get_linesize()
                tip += f"\nReason given: {move.reason}"
            elif move.computer:
                tip += "\nPlayed by the computer."
            tips.append((pygame.Rect(pad, rect.y, w - 2 * pad, y - rect.y), tip))
            y += self.s(6)
        return y
