"""The proposals inbox: deals offered to you (with their forecast), your own offers, bloc votes.

`ProposalsScreen(app, player=None)`.  Each offer can be accepted or declined (unanswered offers
are declined when the turn ends); choosing one shows what it would do, forecast in the
background.  Your own proposals show as pending until the partner answers.  Applications to
join a bloc you belong to are put to your vote.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from leverage.ui import charts
from leverage.ui.charts import format_change, format_value, wrap_text
from leverage.ui.forecast_worker import ForecastPool, ForecastWorker
from leverage.ui.screens.turn import (
    FORECAST_FUTURES,
    FORECAST_TURNS,
    GameScreen,
    country_name,
    date_of,
    indicator_info,
)

if TYPE_CHECKING:
    from leverage.ui.app import App


class ProposalsScreen(GameScreen):
    """Offers to answer, offers waiting, and bloc applications to vote on."""

    title = "proposals"
    counts_team_time = True

    def __init__(self, app: App, player: str | None = None) -> None:
        """The inbox of `player` (default: whoever is planning)."""
        super().__init__(app)
        session = app.session
        if session is not None and player not in session.world.codes:
            humans = session.human_countries()
            player = session.current_human or (humans[0] if humans else None)
        self.player = player
        self.chosen = 0
        self.worker = ForecastWorker(session, max_pending=8, futures=FORECAST_FUTURES,
                                     turns=FORECAST_TURNS, pool=ForecastPool.for_app(app))
        self.layout: dict[str, pygame.Rect] = {}
        self.offer_rects: list[pygame.Rect] = []
        self._tips_local: dict[str, list[tuple[pygame.Rect, str]]] = {}
        self.forecast_summary = ""

    # -- data ------------------------------------------------------------------------------------
    def offers(self) -> list[Any]:
        """Proposals awaiting the player's answer."""
        if self.session is None or self.player is None:
            return []
        return list(self.session.inbox(self.player))

    def applications(self) -> list[Any]:
        """Bloc applications the player votes on."""
        if self.session is None or self.player is None:
            return []
        return list(self.session.bloc_applications(self.player))

    def answer_of(self, proposal: Any) -> bool | None:
        """The answer given so far this turn (None: not answered, declined at turn end)."""
        return self.session.response(self.player, proposal)

    def vote_of(self, application: Any) -> bool | None:
        """The vote given so far this turn on an application."""
        plan = getattr(self.session, "_plan", None)
        votes = getattr(plan, "votes", {}).get(self.player, {}) if plan is not None else {}
        value = votes.get((application.applicant, application.bloc))
        return None if value is None else bool(value)

    # -- building --------------------------------------------------------------------------------
    def enter(self) -> None:
        """A fresh worker when the screen comes back after being left."""
        if self.worker.closed:
            self.worker = ForecastWorker(self.session, max_pending=8, futures=self.worker.futures,
                                         turns=self.worker.turns, pool=self.worker.pool)
        super().enter()

    def leave(self) -> None:
        """Stop the worker thread (its finished forecasts go with it)."""
        self.worker.close()
        super().leave()

    def build(self) -> None:
        """Accept/Decline per offer, Yes/No per application, Back."""
        session = self.session
        self._buttons_left = self.top_button_row([
            ("Back (Esc)", self.app.pop, "Back to the turn."),
        ])
        if session is None or self.player is None:
            return
        m = self.s(8)
        top = self.s(58)
        left_w = int((self.width - 3 * m) * 0.5)
        self.layout = {
            "offers": pygame.Rect(m, top, left_w, self.height - top - m),
            "side": pygame.Rect(2 * m + left_w, top, self.width - 3 * m - left_w, self.height - top - m),
        }
        offers = self.offers()
        self.chosen = max(0, min(self.chosen, len(offers) - 1))
        rect = self.layout["offers"]
        pad = self.s(10)
        y = rect.y + pad + self.s(30)
        card_h = self.s(112)
        self.offer_rects = []
        for k, proposal in enumerate(offers):
            if y + card_h > rect.bottom - pad:
                break
            card = pygame.Rect(rect.x + pad, y, rect.width - 2 * pad, card_h)
            self.offer_rects.append(card)
            answer = self.answer_of(proposal)
            bw = self.s(110)
            by = card.bottom - self.s(38)
            self.button(pygame.Rect(card.right - 2 * bw - self.s(16), by, bw, self.s(30)),
                        "Accepted" if answer is True else "Accept",
                        lambda p=proposal: self.respond(p, True),
                        object_id="#primary" if answer is True else None,
                        tooltip=f"Accept {proposal.name} from {country_name(session, proposal.proposer)}. "
                                "It takes effect when the turn is resolved.")
            self.button(pygame.Rect(card.right - bw - self.s(8), by, bw, self.s(30)),
                        "Declined" if answer is False else "Decline",
                        lambda p=proposal: self.respond(p, False),
                        object_id="#primary" if answer is False else None,
                        tooltip="Turn the offer down (offers left unanswered are declined).")
            if k < 9:
                self.shortcut(k + 1, lambda k=k: self.choose(k))
            y += card_h + self.s(8)
        self.key(pygame.K_a, lambda: self.respond_chosen(True))
        self.key(pygame.K_d, lambda: self.respond_chosen(False))
        self._application_buttons()
        self.request_forecasts()

    def header_text_limit(self) -> int:
        """Header text stops at the buttons."""
        return getattr(self, "_buttons_left", self.width) - self.s(8)

    def _application_buttons(self) -> None:
        """Yes / No for each bloc application, placed in the side panel's lower part."""
        side = self.layout["side"]
        pad = self.s(10)
        y = self._applications_top()
        for application in self.applications():
            if y + self.s(64) > side.bottom - pad:
                break
            vote = self.vote_of(application)
            bw = self.s(80)
            by = y + self.s(26)
            self.button(pygame.Rect(side.right - pad - 2 * bw - self.s(6), by, bw, self.s(28)),
                        "Yes" if vote is not True else "Yes (voted)",
                        lambda a=application: self.vote(a, True),
                        object_id="#primary" if vote is True else None,
                        tooltip=f"Agree that {application.applicant} joins {application.bloc_name}.")
            self.button(pygame.Rect(side.right - pad - bw, by, bw, self.s(28)),
                        "No" if vote is not False else "No (voted)",
                        lambda a=application: self.vote(a, False),
                        object_id="#primary" if vote is False else None,
                        tooltip="Refuse (no vote counts as a refusal).")
            y += self.s(64)

    def _applications_top(self) -> int:
        """Where the bloc applications start in the side panel: as low as they fit (the
        forecast's table has the room above), at most 72% of the way down."""
        side = self.layout["side"]
        count = len(self.applications())
        needed = count * self.s(64) if count else self.s(24)
        return max(side.y + int(side.height * 0.72) + self.s(30),
                   side.bottom - self.s(10) - needed)

    # -- commands --------------------------------------------------------------------------------
    def choose(self, index: int) -> None:
        """Show the forecast of offer number `index`."""
        self.chosen = index
        self.invalidate()
        self.relayout()

    def respond(self, proposal: Any, accept: bool) -> None:
        """Accept or decline an offer."""
        from leverage.core.actions import LeverageError

        try:
            self.session.respond(self.player, proposal, accept)
        except LeverageError as error:
            self.flash(str(error))
            return
        offers = self.offers()
        if proposal in offers:
            self.chosen = offers.index(proposal)
        verb = "Accepted" if accept else "Declined"
        self.flash(f"{verb}: {proposal.name} from {country_name(self.session, proposal.proposer)}.")
        self.invalidate()
        self.relayout()

    def respond_chosen(self, accept: bool) -> None:
        """Answer the offer on show (keys A and D)."""
        offers = self.offers()
        if 0 <= self.chosen < len(offers):
            self.respond(offers[self.chosen], accept)

    def vote(self, application: Any, yes: bool) -> None:
        """Vote on a bloc application."""
        from leverage.core.actions import LeverageError

        try:
            self.session.vote(self.player, application, yes)
        except LeverageError as error:
            self.flash(str(error))
            return
        self.flash(f"Voted {'yes' if yes else 'no'} on {application.applicant} joining "
                   f"{application.bloc_name}.")
        self.invalidate()
        self.relayout()

    def request_forecasts(self) -> None:
        """Forecast every offer (the chosen one first) in the background."""
        offers = self.offers()
        order = list(range(len(offers)))
        if 0 <= self.chosen < len(order):
            order.remove(self.chosen)
            order.append(self.chosen)  # the newest request is served first
        for k in order:
            p = offers[k]
            self.worker.request_proposal(self.forecast_key(p), self.player, p)

    def forecast_key(self, proposal: Any) -> tuple[Any, ...]:
        """Worker key of an offer's forecast."""
        return (self.session.turn, proposal.proposer, proposal.move_id, proposal.partner)

    # -- frame -----------------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> bool:
        """Clicking an offer card shows its forecast."""
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            for k, rect in enumerate(self.offer_rects):
                if rect.collidepoint(event.pos) and k != self.chosen:
                    self.choose(k)
                    return True
        return super().handle(event)

    def update(self, dt: float) -> None:
        """Pick up finished forecasts."""
        super().update(dt)
        if self.worker.poll():
            self.invalidate("side")

    def draw(self, surface: pygame.Surface) -> None:
        """Header, offer cards and the side panel (forecast, your offers, votes)."""
        session = self.session
        count = len(self.offers()) if session is not None else 0
        name = country_name(session, self.player) if session is not None and self.player else ""
        self.header(surface, "Inbox", f"{name} · {count} offer{'s' if count != 1 else ''} to answer")
        if session is None or self.player is None:
            return
        self.tips = []
        key = (self.state_key(), self.chosen, self._answers_key())
        offers = self.layout["offers"]
        self.place(surface, self.cached("offers", key, lambda: self._render_offers(offers.size)),
                   offers)
        self.tips.extend((r.move(offers.topleft), t) for r, t in self._tips_local.get("offers", []))
        side = self.layout["side"]
        result = self._chosen_result()
        self.place(surface, self.cached("side", (key, id(result)),
                                        lambda: self._render_side(side.size)), side)
        self.tips.extend((r.move(side.topleft), t) for r, t in self._tips_local.get("side", []))

    def _answers_key(self) -> tuple[Any, ...]:
        """Changes when an answer or vote changes."""
        return (tuple(self.answer_of(p) for p in self.offers()),
                tuple(self.vote_of(a) for a in self.applications()),
                tuple((p.partner, p.move_id, p.status) for p in self.session.outbox(self.player)))

    def _chosen_result(self) -> Any:
        """The forecast of the chosen offer, if finished."""
        offers = self.offers()
        if not 0 <= self.chosen < len(offers):
            return None
        return self.worker.result(self.forecast_key(offers[self.chosen]))

    def _render_offers(self, size: tuple[int, int]) -> pygame.Surface:
        """One card per offer: proposer flag, name, what it does, your answer."""
        palette = self.app.palette
        surf = self.new_panel(size)
        tips: list[tuple[pygame.Rect, str]] = []
        pad = self.s(10)
        self.write(surf, "Offers to you", (pad + self.s(2), pad), 16, bold=True)
        offers = self.offers()
        if not offers:
            self.write(surf, "No offers this turn.", (pad + self.s(2), pad + self.s(34)), 14, palette.text_dim)
            self._past_answers(surf, pad + self.s(64), tips)
        origin = self.layout["offers"].topleft
        for k, (proposal, card) in enumerate(zip(offers, self.offer_rects, strict=False)):
            rect = card.move(-origin[0], -origin[1])
            chosen = k == self.chosen
            pygame.draw.rect(surf, palette.panel_alt, rect, border_radius=self.s(5))
            if chosen:
                pygame.draw.rect(surf, palette.focus, rect, max(2, self.s(2)), border_radius=self.s(5))
            flag = self.flag(proposal.proposer, self.s(24))
            surf.blit(flag, (rect.x + self.s(10), rect.y + self.s(10)))
            x = rect.x + self.s(18) + flag.get_width()
            head = f"{k + 1}. {proposal.name}" if k < 9 else proposal.name
            self.write(surf, head, (x, rect.y + self.s(8)), 15, bold=True, max_width=rect.right - x - pad)
            self.write(surf, f"from {country_name(self.session, proposal.proposer)}",
                       (x, rect.y + self.s(28)), 12, palette.text_dim)
            lines = wrap_text(self.font(12), proposal.summary or proposal.description,
                              rect.width - 2 * self.s(10))
            y = rect.y + self.s(48)
            for line in lines[:2]:
                self.write(surf, line, (rect.x + self.s(10), y), 12)
                y += self.font(12).get_linesize()
            answer = self.answer_of(proposal)
            status = {True: ("You accept", palette.good), False: ("You decline", palette.bad),
                      None: ("Not answered: declined at turn end", palette.warn)}[answer]
            self.write(surf, status[0], (rect.x + self.s(10), rect.bottom - self.s(22)), 12, status[1],
                       bold=True, anchor="midleft", max_width=rect.width - 2 * self.s(110) - self.s(40))
            tips.append((pygame.Rect(rect.x, rect.y, rect.width, rect.height - self.s(44)),
                         f"{proposal.name} from {country_name(self.session, proposal.proposer)}\n"
                         f"{proposal.description or proposal.summary}\nClick to see its forecast; "
                         "A accepts, D declines the offer on show."))
        if offers:
            bottom = max((r.bottom for r in self.offer_rects), default=0) - origin[1]
            self._past_answers(surf, bottom + self.s(16), tips, intro=False)
        self._tips_local["offers"] = tips
        return surf

    def _past_answers(self, surf: pygame.Surface, y: int, tips: list[tuple[pygame.Rect, str]],
                      intro: bool = True) -> None:
        """Answers given to and by the player in earlier turns, newest first."""
        palette = self.app.palette
        pad = self.s(12)
        w, h = surf.get_size()
        if y + self.s(60) > h:
            return
        answers = [a for a in getattr(self.session, "answers_log", [])
                   if self.player in (a.country, a.proposer)]
        body = self.font(13)
        if intro:
            text = ("Deals other countries offer you arrive here: each shows what it would do "
                    "before you accept or decline. Offers left unanswered are declined when the "
                    "turn ends.")
            for line in wrap_text(body, text, w - 2 * pad):
                self.write(surf, line, (pad, y), 13, palette.text_dim)
                y += body.get_linesize()
            y += self.s(14)
        self.write(surf, "Earlier answers", (pad, y), 15, bold=True)
        y += self.s(26)
        if not answers:
            self.write(surf, "None yet.", (pad, y), 13, palette.text_dim)
            return
        world = self.session.world
        for answer in sorted(answers, key=lambda a: -a.turn):
            if y + self.s(22) > h - pad:
                break
            try:
                name = world.moves[world.move_index(answer.move_id)].name
            except KeyError:
                name = answer.move_id
            verb = "accepted" if answer.accepted else "declined"
            who = "You" if answer.country == self.player else country_name(self.session, answer.country)
            whose = "your" if answer.proposer == self.player else f"{answer.proposer}'s"
            text = f"{date_of(self.session, answer.turn)} · {who} {verb} {whose} {name}"
            rect = self.write(surf, text, (pad, y), 13, palette.good if answer.accepted else palette.bad,
                              max_width=w - 2 * pad)
            tips.append((rect, f"{text}.\nAn accepted deal stays in force until one side ends it."))
            y += self.s(22)

    def _render_side(self, size: tuple[int, int]) -> pygame.Surface:
        """The chosen offer's forecast, your own offers and the bloc applications."""
        palette = self.app.palette
        surf = self.new_panel(size)
        tips: list[tuple[pygame.Rect, str]] = []
        pad = self.s(10)
        w, h = size
        chart_bottom = int(h * 0.40)
        self._render_forecast(surf, pygame.Rect(pad, pad, w - 2 * pad, chart_bottom - pad), tips)
        apps_top = self._applications_top() - self.layout["side"].y - self.s(30)
        # the table keeps room above the bloc votes for "Your offers" and one line of it
        y = self._effects_table(surf, chart_bottom + self.s(6), tips,
                                apps_top - self.s(8 + 24 + 20 + 4))
        y += self.s(8)
        self.write(surf, "Your offers", (pad, y), 15, bold=True)
        y += self.s(24)
        outbox = self.session.outbox(self.player)
        if not outbox:
            self.write(surf, "You have no offers waiting.", (pad, y), 13, palette.text_dim)
            y += self.s(20)
        for p in outbox:
            if y + self.s(20) > apps_top - self.s(4):
                break
            status = "pending: awaiting an answer" if p.status == "pending" else "sent when the turn ends"
            text = f"{p.name} to {country_name(self.session, p.partner)} · {status}"
            rect = self.write(surf, text, (pad, y), 13, palette.warn if p.status == "pending" else palette.text_dim,
                              max_width=w - 2 * pad)
            tips.append((rect, f"{p.name}: {p.summary}\nThe partner answers in its next turn."))
            y += self.s(20)
        y = apps_top
        self.write(surf, "Bloc applications to vote on", (pad, y), 15, bold=True)
        y += self.s(30)
        applications = self.applications()
        if not applications:
            self.write(surf, "No applications to vote on.", (pad, y), 13, palette.text_dim)
        for application in applications:
            if y + self.s(64) > h:
                break
            rule = "all members must agree" if application.consensus else "a majority decides"
            self.write(surf, f"{country_name(self.session, application.applicant)} asks to join "
                             f"{application.bloc_name}", (pad, y), 14, bold=True, max_width=w - 2 * pad)
            rect = self.write(surf, rule, (pad, y + self.s(30)), 12, palette.text_dim)
            tips.append((rect, f"{application.bloc_name} decides by "
                               f"{'consensus' if application.consensus else 'majority'}: {rule}."))
            y += self.s(64)
        self._tips_local["side"] = tips
        return surf

    def _effects_table(self, surf: pygame.Surface, y: int, tips: list[tuple[pygame.Rect, str]],
                       bottom: int) -> int:
        """For each forecast indicator of the player: median with and without the deal (the
        rows that fit above `bottom`)."""
        from leverage.ui.screens.turn import GOOD_WHEN_UP

        result = self._chosen_result()
        if result is None or not result.ok or y + self.s(40) > bottom:
            return y
        palette = self.app.palette
        fc = result.value
        me = self.session.world.country(self.player)
        pad = self.s(10)
        w = surf.get_width()
        cols = (pad, int(w * 0.36), int(w * 0.58), w - pad)
        for text, x, anchor in (("In the median future", cols[0], "topleft"),
                                ("with the deal", cols[1], "topright"),
                                ("without", cols[2], "topright"), ("difference", cols[3], "topright")):
            self.write(surf, text, (x if anchor == "topleft" else x + (0 if x == cols[3] else self.s(60)), y),
                       12, palette.text_dim, anchor=anchor)
        y += self.s(20)
        for name in fc.indicators:
            if y + self.s(20) > bottom:
                break
            info = indicator_info(name)
            unit = info.unit if info else ""
            with_v = float(fc.band(name, me, True)[-1, 1])
            without_v = float(fc.band(name, me, False)[-1, 1])
            diff = with_v - without_v
            good = GOOD_WHEN_UP.get(name, 0) * (1 if diff > 0 else -1 if diff < 0 else 0)
            colour = palette.good if good > 0 else palette.bad if good < 0 else palette.text_dim
            self.write(surf, info.label if info else name, (cols[0], y), 13)
            self.write(surf, format_value(with_v, unit), (cols[1] + self.s(60), y), 13, anchor="topright")
            self.write(surf, format_value(without_v, unit), (cols[2] + self.s(60), y), 13,
                       palette.text_dim, anchor="topright")
            self.write(surf, format_change(diff, unit), (cols[3], y), 13, colour, bold=True,
                       anchor="topright")
            tips.append((pygame.Rect(pad, y, w - 2 * pad, self.s(20)),
                         f"{info.label if info else name} after {fc.turns} turns, median of "
                         f"{fc.futures} futures each: {format_value(with_v, unit)} if you accept, "
                         f"{format_value(without_v, unit)} if you decline."))
            y += self.s(20)
        return y

    def _render_forecast(self, surf: pygame.Surface, rect: pygame.Rect,
                         tips: list[tuple[pygame.Rect, str]]) -> None:
        """Fan chart of the chosen offer's effect on the player's most affected indicator."""
        palette = self.app.palette
        offers = self.offers()
        if not offers:
            self.write(surf, "What an offer would do appears here.", (rect.x, rect.y), 14, palette.text_dim)
            return
        proposal = offers[min(self.chosen, len(offers) - 1)]
        self.write(surf, f"If you accept {proposal.name}", (rect.x, rect.y), 15, bold=True,
                   max_width=rect.width)
        result = self._chosen_result()
        area = pygame.Rect(rect.x, rect.y + self.s(24), rect.width, rect.height - self.s(46))
        if result is None:
            self.write(surf, f"Forecasting {FORECAST_FUTURES} futures…", area.center, 13, palette.text_dim,
                       anchor="center")
            return
        if not result.ok:
            self.write(surf, f"No forecast: {result.error}", (area.x, area.y), 13, palette.bad,
                       max_width=area.width)
            return
        fc = result.value
        world = self.session.world
        me = world.country(self.player)
        best = max(fc.indicators, key=lambda n: abs(fc.median_effect(n, me)) /
                   (abs(float(fc.band(n, me, False)[-1, 1])) + 1e-6))
        info = indicator_info(best)
        unit = info.unit if info else ""
        with_band, without = fc.band(best, me, True), fc.band(best, me, False)
        labels = ["now"] + [date_of(self.session, self.session.turn + k) for k in range(1, len(with_band))]
        chart = charts.fan_chart(
            charts.Band(list(with_band[:, 0]), list(with_band[:, 1]), list(with_band[:, 2])),
            charts.Band(list(without[:, 0]), list(without[:, 1]), list(without[:, 2])),
            area.size, self.style(), title=f"{info.label if info else best} of {world.names[me]}",
            unit=unit, x_labels=labels, labels=("with the deal", "without"))
        self.place(surf, chart, area)
        tips.extend((r.move(area.topleft), t) for r, t in chart.hotspots)
        effect = float(with_band[-1, 1] - without[-1, 1])
        text = (f"Median after {len(with_band) - 1} turns: {format_value(float(with_band[-1, 1]), unit)} "
                f"with the deal, {format_value(float(without[-1, 1]), unit)} without "
                f"({format_change(effect, unit)}).")
        self.forecast_summary = text
        rect2 = self.write(surf, text, (area.x, area.bottom + self.s(4)), 12, palette.text_dim,
                           max_width=area.width)
        tips.append((rect2, text))
