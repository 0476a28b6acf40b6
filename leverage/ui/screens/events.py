"""Events for a teacher: make one of the scenario's events happen at the end of this turn.

A teacher steering a class can bring forward what the scenario would do later, or what might
never happen (a blackout, a refinery holding gold), to test the teams.  The chosen events happen
whatever their date, chance or condition; they are logged with the turn, saved, replayed and
undone like the moves, and everyone sees them in the turn's news.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import pygame

from leverage.session import date_label
from leverage.ui.screen import Screen

if TYPE_CHECKING:
    from leverage.session import Session
    from leverage.ui.app import App

INTRO = ("For a teacher: the events ticked here happen at the end of this turn, whatever their "
         "date, chance or condition. Everyone sees them in the turn's news.")


def _escape(text: str) -> str:
    """Text safe inside the rich-text markup (quotes kept as they are)."""
    return html.escape(text, quote=False)


class EventsScreen(Screen):
    """The scenario's events as a ticked list, with the chosen one's text and effects."""

    title = "events"

    def __init__(self, app: App) -> None:
        """Open on the first page, showing the first event."""
        super().__init__(app)
        self.page = 0
        session = app.session
        choices = session.event_choices() if session is not None else []
        self.shown = choices[0][0] if choices else None

    @property
    def session(self) -> Session | None:
        """The game in progress."""
        return self.app.session

    @property
    def compact(self) -> bool:
        """True on a small window or a large UI scale: no intro or details panel, tooltips only."""
        scale = max(1.0, self.app.scale)
        return self.width / scale < 760 or self.height / scale < 480

    def top(self) -> int:
        """Where the list of events starts."""
        return self.s(24) + (self.s(56) if self.compact else self.s(110))

    def per_page(self) -> int:
        """How many event rows fit on one page."""
        bottom = self.height - self.s(24) * 2 - self.s(40)
        return max(1, (bottom - self.top()) // self.s(44))

    def build(self) -> None:
        """Heading, intro, one toggle button per event, details, back."""
        w, h = self.width, self.height
        m, s = self.s(24), self.s
        self.label(pygame.Rect(m, m, w - 2 * m, s(40)), "Make an event happen",
                   object_id="#heading", tooltip=INTRO)
        if not self.compact:
            self.text_view(pygame.Rect(m, m + s(46), w - 2 * m, s(52)), _escape(INTRO),
                           size=14, frame=False)
        session = self.session
        bh = s(40)
        back = self.button(pygame.Rect(m, h - m - bh, s(130), bh), "Back (Esc)", self.app.pop,
                           object_id="#primary", tooltip="Back to the turn.")
        if session is None:
            return
        choices = session.event_choices()
        chosen = set(session.events_made_to_happen())
        top = self.top()
        list_w = w - 2 * m if self.compact else min(s(460), (w - 3 * m) // 2)
        per = self.per_page()
        pages = max(1, -(-len(choices) // per))
        self.page = min(self.page, pages - 1)
        first = self.page * per
        for k, (event_id, title, text) in enumerate(choices[first:first + per]):
            mark = "[x]" if event_id in chosen else "[ ]"
            number = k + 1
            label = f"{number}. {mark} {title}" if number <= 9 else f"{mark} {title}"
            self.button(pygame.Rect(m, top + k * s(44), list_w, s(38)), label,
                        lambda event_id=event_id: self.toggle(event_id),
                        key=number if number <= 9 else None,
                        object_id="#primary" if event_id in chosen else None,
                        tooltip=f"{text} Click to {'cancel' if event_id in chosen else 'choose'} "
                                "it for this turn.")
        if pages > 1:
            y = h - m - bh
            self.button(pygame.Rect(m + s(140), y, s(110), bh), "Previous",
                        lambda: self.turn_page(-1), enabled=self.page > 0,
                        tooltip=f"The events before these (page {self.page + 1} of {pages}).")
            self.button(pygame.Rect(m + s(260), y, s(110), bh), "Next",
                        lambda: self.turn_page(1), enabled=self.page < pages - 1,
                        tooltip=f"The events after these (page {self.page + 1} of {pages}).")
        if not self.compact:
            x = m + list_w + m
            self.text_view(pygame.Rect(x, top, w - x - m, h - top - 2 * m - bh), self.details(),
                           size=15)
        self.focus.focus(back)

    def details(self) -> str:
        """The shown event: its text, when it would happen by itself, what it does."""
        session = self.session
        if session is None or self.shown is None:
            return "This scenario has no events."
        world = session.world
        event = next(e for e in world.events if e.id == self.shown)
        when = []
        if event.turn is not None:
            when.append(f"not before {date_label(world, event.turn)}")
        if event.chance < 1.0:
            when.append(f"with a chance of {event.chance:.0%} each turn")
        if event.when is not None:
            when.append(f"when {session.condition_words(event.when) or event.when.text}")
        if event.unless is not None:
            when.append(f"unless {session.condition_words(event.unless) or event.unless.text}")
        lines = [f"<b>{_escape(event.title)}</b>", _escape(event.text)]
        if when:
            lines.append("<i>By itself it happens " + _escape(", ".join(when)) + ".</i>")
        effects = session.event_effects(event.id)
        if effects:
            lines.append("<b>What it does</b><br>" + "<br>".join(
                "- " + _escape(line) for line in effects))
        if event.id in session.events_made_to_happen():
            lines.append("<b>It will happen at the end of this turn.</b>")
        return "<br><br>".join(lines)

    # -- commands ---------------------------------------------------------------------------
    def toggle(self, event_id: str) -> None:
        """Choose the event for this turn, or cancel it; show its details."""
        session = self.session
        if session is None:
            return
        chosen = event_id in session.events_made_to_happen()
        session.make_event_happen(event_id, on=not chosen)
        self.shown = event_id
        self.refresh()

    def turn_page(self, step: int) -> None:
        """Show the next or previous page of events."""
        self.page = max(0, self.page + step)
        self.refresh()
