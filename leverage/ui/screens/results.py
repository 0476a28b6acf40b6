"""Turn results: what happened (news) and why each indicator changed (contributions by cause).

`ResultsScreen(app, report, after_turn=True)` shows one `TurnReport`: the news items (events,
public moves, answers to deals, notable changes), the score changes, and for the chosen country
and indicator a "why" chart of the contributions by cause with the mechanism sentences.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pygame

from leverage.ui import charts
from leverage.ui.charts import format_change, format_number, wrap_text
from leverage.ui.screens.turn import GOOD_WHEN_UP, GameScreen, country_name, indicator_info

if TYPE_CHECKING:
    from leverage.ui.app import App

#: Indicators offered for a "why" chart, in this order (those the engine explains).
WHY_INDICATORS: tuple[str, ...] = (
    "gdp", "growth", "inflation", "reserves", "reserves_usd", "reserves_eur", "reserves_cny",
    "gold_home", "gold_abroad", "stability", "oil_output", "oil_capacity", "debt", "emigrants",
    "population", "pay_usd", "pay_eur", "pay_cny", "pay_mir", "pay_barter",
)
KIND_TAGS: dict[str, str] = {"event": "EVENT", "move": "MOVE", "deal": "DEAL", "bloc": "BLOC",
                             "change": "CHANGE"}


def contributions(explanation: Any, indicator: str, i: int, j: int | None = None) -> dict[str, float]:
    """Contribution of each cause to one country's indicator (or a pair's relation) this turn."""
    out: dict[str, float] = {}
    if explanation is None:
        return out
    for cause, value in getattr(explanation, "changes", {}).get(indicator, {}).items():
        arr = np.asarray(value)
        try:
            v = float(arr[0, i, j]) if j is not None and arr.ndim == 3 else float(arr[0, i])
        except IndexError:
            continue
        if np.isfinite(v) and abs(v) > 1e-12:
            out[cause] = v
    return out


#: Causes whose model name reads wrong to a student, by the sign of their contribution:
#: (label when it raises the indicator, label when it lowers it, sentence).
CAUSE_WORDS: dict[str, tuple[str, str, str]] = {
    "Inertia": ("Momentum of past inflation", "Inflation easing by itself",
                "Without new pressure, inflation drifts back towards its usual level a little "
                "each turn; with pressure, last turn's pace carries on."),
    "Limits": ("Held at its lowest possible value", "Held at its highest possible value",
               "A value cannot go past its possible range (reserves not below zero, stability "
               "between 0 and 100), so part of a change did not happen."),
}


def readable_causes(parts: dict[str, float], notes: dict[str, str]
                    ) -> tuple[dict[str, float], dict[str, str]]:
    """The causes renamed where the model's word reads wrong (see CAUSE_WORDS)."""
    named: dict[str, float] = {}
    said: dict[str, str] = {}
    for cause, value in parts.items():
        label, note = cause, notes.get(cause, "")
        if cause in CAUSE_WORDS:
            up, down, note = CAUSE_WORDS[cause]
            label = up if value > 0 else down
        named[label] = named.get(label, 0.0) + value
        said[label] = note
    return named, said


class ResultsScreen(GameScreen):
    """News and "why" charts for one resolved turn."""

    title = "results"

    def __init__(self, app: App, report: Any = None, after_turn: bool = True) -> None:
        """Show `report` (default: the last one); `after_turn` means Continue goes to the next turn."""
        super().__init__(app)
        session = app.session
        if report is None and session is not None and session.reports:
            report = session.reports[-1]
        self.report = report
        self.after_turn = after_turn
        player = session.current_human if session is not None else None
        humans = session.human_countries() if session is not None else []
        self.country: str | None = player or (humans[0] if humans else (
            session.world.codes[0] if session is not None and session.world.codes else None))
        self.indicator: str | None = None
        self.news_scroll = 0
        self.layout: dict[str, pygame.Rect] = {}
        self._tips_local: dict[str, list[tuple[pygame.Rect, str]]] = {}
        self._news_height = 0

    # -- building --------------------------------------------------------------------------------
    def build(self) -> None:
        """Buttons: continue, history; country and indicator choosers."""
        session = self.session
        if session is None or self.report is None:
            self.label(pygame.Rect(self.s(20), self.s(60), self.s(500), self.s(30)),
                       "No turn has been played yet.")
            self.button(pygame.Rect(self.s(20), self.s(100), self.s(140), self.s(36)), "Back",
                        self.app.pop)
            return
        items = [("History (H)", self.open_history, "Charts of indicators and trade across the turns "
                  "played."),
                 ("Continue (Enter)" if self.after_turn else "Back (Esc)", self.done,
                  "Go on to the next turn." if self.after_turn else "Back to the turn.")]
        self._buttons_left = self.top_button_row(items)
        self.key(pygame.K_RETURN, self.done)
        self.key(pygame.K_KP_ENTER, self.done)
        self.key(pygame.K_h, self.open_history)
        m = self.s(8)
        top = self.s(58)
        news_w = int((self.width - 3 * m) * 0.4)
        self.layout = {
            "news": pygame.Rect(m, top, news_w, self.height - top - m),
            "why": pygame.Rect(2 * m + news_w, top, self.width - 3 * m - news_w, self.height - top - m),
        }
        self._choosers()

    def header_text_limit(self) -> int:
        """Header text stops at the buttons."""
        return getattr(self, "_buttons_left", self.width) - self.s(8)

    def _choosers(self) -> None:
        """Country buttons and indicator buttons (with their net change) above the why chart."""
        world = self.session.world
        why = self.layout["why"]
        pad = self.s(10)
        x, y = why.x + pad, why.y + pad + self.s(26)
        bw = max(self.s(50), min(self.s(70), (why.width - 2 * pad) // max(1, world.n) - self.s(4)))
        for k, code in enumerate(world.codes):
            if x + bw > why.right - pad:
                break
            self.button(pygame.Rect(x, y, bw, self.s(28)), code, lambda c=code: self.choose_country(c),
                        object_id="#primary" if code == self.country else None,
                        tooltip=f"Why {country_name(self.session, code)}'s indicators changed.",
                        key=k + 1 if k < 9 else None)
            x += bw + self.s(4)
        names = self.indicators()
        if self.indicator not in names:
            self.indicator = names[0] if names else None
        y += self.s(36)
        x = why.x + pad
        font = self.font(15, True)
        self._chooser_bottom = y
        for name in names:
            label = self.indicator_label(name)
            bw = font.size(label)[0] + self.s(20)
            if x + bw > why.right - pad:
                x = why.x + pad
                y += self.s(30)
            if y + self.s(26) > why.y + why.height * 0.45:
                break
            self.button(pygame.Rect(x, y, bw, self.s(26)), label, lambda n=name: self.choose_indicator(n),
                        object_id="#primary" if name == self.indicator else None,
                        tooltip=self._indicator_tip(name))
            x += bw + self.s(4)
        self._chooser_bottom = y + self.s(34)

    # -- queries ---------------------------------------------------------------------------------
    def indicators(self) -> list[str]:
        """Indicators with a change for the chosen country, largest relative change first."""
        if self.country is None:
            return []
        world = self.session.world
        i = world.country(self.country)
        names = []
        for name in WHY_INDICATORS:
            parts = contributions(self.report.explanation, name, i)
            if parts:
                names.append(name)
        player = self.player_code()
        if player and player != self.country and contributions(
                self.report.explanation, "relations", world.country(player), i):
            names.append("relations")
        return names

    def player_code(self) -> str | None:
        """The country of the person looking (or the first human)."""
        session = self.session
        humans = session.human_countries()
        return session.current_human or (humans[0] if humans else None)

    def net(self, name: str) -> float:
        """Net change of an indicator for the chosen country."""
        world = self.session.world
        i = world.country(self.country)
        if name == "relations":
            player = self.player_code()
            return sum(contributions(self.report.explanation, name, world.country(player), i).values())
        return sum(contributions(self.report.explanation, name, i).values())

    def indicator_label(self, name: str) -> str:
        """Button text: label and net change."""
        if name == "relations":
            return f"Relation {format_change(self.net(name), '')}"
        info = indicator_info(name)
        unit = info.unit if info else ""
        return f"{info.label if info else name} {format_change(self.net(name), unit)}"

    def _indicator_tip(self, name: str) -> str:
        """Tooltip of an indicator button."""
        if name == "relations":
            return "Relation with you: how each cause moved it this turn."
        info = indicator_info(name)
        if info is None:
            return name
        return f"{info.label}: {info.meaning}\nWhat moves it: {info.moved_by}"

    # -- commands --------------------------------------------------------------------------------
    def choose_country(self, code: str) -> None:
        """Explain another country."""
        self.country = code
        self.invalidate("why")
        self.relayout()

    def choose_indicator(self, name: str) -> None:
        """Explain another indicator."""
        self.indicator = name
        self.invalidate("why")
        self.relayout()

    def done(self) -> None:
        """Continue to the next turn, through the hand-over when several people play (or back)."""
        self.app.pop()
        if self.after_turn:
            from leverage.ui.screens.handover import hand_over

            hand_over(self.app)

    def open_history(self) -> None:
        """History charts."""
        from leverage.ui.screens.history import HistoryScreen

        self.app.push(HistoryScreen(self.app, countries=[c for c in (self.country,) if c]))

    def handle(self, event: pygame.event.Event) -> bool:
        """Wheel scrolls the news."""
        if event.type == pygame.MOUSEWHEEL and self.layout.get("news", pygame.Rect(0, 0, 0, 0)
                                                               ).collidepoint(self.mouse):
            limit = max(0, self._news_height - self.layout["news"].height)
            self.news_scroll = max(0, min(limit, self.news_scroll - event.y * self.s(40)))
            return True
        return super().handle(event)

    # -- drawing ---------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        """Header, news column and the why panel."""
        session = self.session
        if session is None or self.report is None:
            return
        report = self.report
        self.header(surface, f"Turn {report.turn} results", f"{report.date} · what happened and why")
        self.tips = []
        key = (self.state_key(), id(report))
        news = self.layout["news"]
        content = self.cached("news", key, lambda: self._render_news(news.width - 2))
        self._news_height = content.get_height() + 2 * self.s(4)
        self.panel_rect(surface, news)
        inner = news.inflate(-2, -2 * self.s(4))
        offset = min(self.news_scroll, max(0, content.get_height() - inner.height))
        self.place(surface, content, inner, pygame.Rect(0, offset, inner.width, inner.height))
        for r, t in self._tips_local.get("news", []):
            moved = r.move(inner.x, inner.y - offset)
            if moved.colliderect(inner):
                self.tips.append((moved.clip(inner), t))
        why = self.layout["why"]
        panel = self.cached("why", (key, self.country, self.indicator),
                            lambda: self._render_why(why.size))
        self.place(surface, panel, why)
        self.tips.extend((r.move(why.topleft), t) for r, t in self._tips_local.get("why", []))

    def _render_news(self, width: int) -> pygame.Surface:
        """Score changes, then every news item with its kind tag, title and text."""
        palette = self.app.palette
        report = self.report
        tall = self.new_sheet(width, self.s(3000))
        tips: list[tuple[pygame.Rect, str]] = []
        pad = self.s(12)
        y = pad
        self.write(tall, "News", (pad, y), 17, bold=True)
        y += self.s(28)
        if report.scores:
            for code, score in report.scores.items():
                change = float(report.score_changes.get(code, 0.0))
                colour = palette.good if change > 0 else palette.bad if change < 0 else palette.text_dim
                text = f"{country_name(self.session, code)}: score {score:.0f} ({format_change(change, '')})"
                rect = self.write(tall, text, (pad, y), 13, colour, max_width=width - 2 * pad)
                tips.append((rect, "A role's score (0-100) measures how far its objectives are met."))
                y += self.s(20)
            y += self.s(8)
        y = self._render_score_breakdown(tall, y, width, tips)
        y = self._render_reasons(tall, y, width, tips)
        items = list(report.news)
        if not items:
            self.write(tall, "A quiet turn: nothing made the news.", (pad, y), 14, palette.text_dim)
            y += self.s(24)
        body = self.font(13)
        tag_font = self.font(10, True)
        tag_w = max(tag_font.size(t)[0] for t in KIND_TAGS.values()) + self.s(8)
        colours = {"event": palette.warn, "move": palette.accent, "deal": palette.good,
                   "bloc": palette.series_colour(4), "change": palette.neutral}
        for item in items:
            kind = getattr(item, "kind", "event")
            title = getattr(item, "title", str(item))
            text = getattr(item, "text", "")
            tag = tag_font.render(KIND_TAGS.get(kind, kind.upper()), True, palette.bg)
            chip = tag.get_rect(topleft=(pad, y + self.s(3))).inflate(self.s(8), self.s(2))
            chip.topleft = (pad, y + self.s(2))
            chip.width = tag_w
            pygame.draw.rect(tall, colours.get(kind, palette.neutral), chip, border_radius=self.s(3))
            tall.blit(tag, tag.get_rect(center=chip.center))
            start = y
            tx = chip.right + self.s(8)
            for line in wrap_text(self.font(14, True), title, width - tx - pad):
                self.write(tall, line, (tx, y), 14, bold=True)
                y += self.font(14, True).get_linesize()
            for line in wrap_text(body, text, width - tx - pad):
                self.write(tall, line, (tx, y), 13, palette.text_dim)
                y += body.get_linesize()
            countries = ", ".join(getattr(item, "countries", ()) or ())
            tips.append((pygame.Rect(pad, start, width - 2 * pad, y - start),
                         f"{title}\n{text}" + (f"\nCountries: {countries}" if countries else "")))
            y += self.s(10)
        height = min(tall.get_height(), y + pad)
        self._tips_local["news"] = tips
        return tall.subsurface((0, 0, width, height)).copy()

    def score_lines(self, code: str) -> list[tuple[str, float, str]]:
        """(objective, points gained or lost this turn, value before -> after) for a role."""
        session = self.session
        turn = getattr(self.report, "turn", 0)
        if not 1 <= turn < len(session.states):
            return []
        before = session.score_parts(code, session.states[turn - 1])
        after = session.score_parts(code, session.states[turn])
        world = session.world
        role = next(r for r in world.roles if world.codes[r.country] == code)
        exprs = [o.expr.text for o in role.objectives]
        return [(text, new - old, _values(expr, v0, v1))
                for expr, (text, v0, old), (_, v1, new) in zip(exprs, before, after, strict=True)]

    def _render_score_breakdown(self, tall: pygame.Surface, y: int, width: int,
                                tips: list[tuple[pygame.Rect, str]]) -> int:
        """For each role played by people: what moved its score this turn, objective by
        objective; returns the next y."""
        palette = self.app.palette
        pad = self.s(12)
        roles = {self.session.world.codes[r.country] for r in self.session.world.roles}
        for code in self.session.human_countries():
            lines = self.score_lines(code) if code in roles else []
            if not lines:
                continue
            self.write(tall, f"What moved {country_name(self.session, code)}'s score",
                       (pad, y), 14, bold=True, max_width=width - 2 * pad)
            y += self.s(22)
            for text, points, values in lines:
                colour = palette.good if points > 0.05 else palette.bad if points < -0.05 \
                    else palette.text_dim
                line = f"{format_change(points, '')} points · {text} ({values})"
                rect = self.write(tall, line, (pad, y), 13, colour, max_width=width - 2 * pad)
                tips.append((rect, f"{text}\nThis turn: {values}; "
                                   f"{format_change(points, '')} points of the score (0-100)."))
                y += self.s(20)
            y += self.s(8)
        return y

    def _render_reasons(self, tall: pygame.Surface, y: int, width: int,
                        tips: list[tuple[pygame.Rect, str]]) -> int:
        """The reasons the people gave for their moves this turn; returns the next y."""
        moves = [m for m in getattr(self.report, "moves", ()) if m.reason and not m.computer]
        if not moves:
            return y
        palette = self.app.palette
        pad = self.s(12)
        self.write(tall, "Why the teams played their moves", (pad, y), 14, bold=True)
        y += self.s(22)
        body = self.font(13)
        for move in moves:
            who = country_name(self.session, move.country)
            target = "" if move.target == move.country else \
                f" on {country_name(self.session, move.target)}"
            text = f"{who}: {move.move_name}{target}: \u201c{move.reason}\u201d"
            start = y
            for line in wrap_text(body, text, width - 2 * pad):
                self.write(tall, line, (pad, y), 13, palette.text)
                y += body.get_linesize()
            tips.append((pygame.Rect(pad, start, width - 2 * pad, y - start),
                         f"{who} played {move.move_name}{target}\nReason: {move.reason}"))
            y += self.s(4)
        return y + self.s(8)

    def _render_why(self, size: tuple[int, int]) -> pygame.Surface:
        """The why chart of the chosen indicator and the mechanism sentences."""
        palette = self.app.palette
        surf = self.new_panel(size)
        tips: list[tuple[pygame.Rect, str]] = []
        pad = self.s(10)
        w, h = size
        name = country_name(self.session, self.country) if self.country else ""
        self.write(surf, f"Why did {name}'s indicators change?", (pad, pad), 17, bold=True,
                   max_width=w - 2 * pad)
        top = getattr(self, "_chooser_bottom", self.s(140)) - self.layout["why"].y
        if self.indicator is None:
            self.write(surf, "Nothing changed for this country this turn.", (pad, top), 14, palette.text_dim)
            self._tips_local["why"] = tips
            return surf
        world = self.session.world
        i = world.country(self.country)
        if self.indicator == "relations":
            player = self.player_code()
            parts = contributions(self.report.explanation, "relations", world.country(player), i)
            unit, label = "", f"Relation between {player} and {self.country}"
        else:
            parts = contributions(self.report.explanation, self.indicator, i)
            info = indicator_info(self.indicator)
            unit = info.unit if info else ""
            label = f"{info.label if info else self.indicator} of {name}"
        mechanisms = getattr(self.report.explanation, "mechanisms", {})
        notes = {cause: mechanisms.get(cause, "") for cause in parts}
        parts, notes = readable_causes(parts, notes)
        ordered = sorted(parts, key=lambda c: (-abs(parts[c]), c))
        sentences = [c for c in ordered if notes.get(c)][:6]
        body = self.font(13)
        text_lines: list[tuple[str, str]] = []
        for cause in sentences:
            for k, line in enumerate(wrap_text(body, f"{cause}: {notes[cause]}", w - 3 * pad)):
                text_lines.append((line, cause if k == 0 else ""))
        text_h = min(len(text_lines) * body.get_linesize(), int((h - top) * 0.25))
        rows = min(7, len(parts)) or 1
        needed = self.s(24) + rows * self.s(30) + self.s(40)
        chart_h = max(self.s(120), min(needed, h - top - text_h - self.s(20)))
        good = GOOD_WHEN_UP.get(self.indicator, 0)
        style = self.style()
        if good < 0:
            style = replace(style, positive=style.negative, negative=style.positive)
        chart = charts.why_chart(parts, (w - 2 * pad, chart_h), style, unit=unit, title=label,
                                 notes=notes)
        self.place(surf, chart, (pad, top))
        tips.extend((r.move(pad, top), t) for r, t in chart.hotspots)
        y = top + chart_h + self.s(8)
        for line, _ in text_lines:
            if y + body.get_linesize() > h - pad:
                break
            self.write(surf, line, (pad + self.s(4), y), 13)
            y += body.get_linesize()
        self._tips_local["why"] = tips
        return surf


def _values(expr: str, before: float, after: float) -> str:
    """'before to after' for an objective: rates of measures and sanctions as percents."""
    from leverage.ui.screens.endgame import objective_value

    if expr.startswith(("measure(", "sanction(")):
        return f"{objective_value(expr, before)} to {objective_value(expr, after)}"
    return f"{format_number(before)} to {format_number(after)}"
