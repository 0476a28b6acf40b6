"""Hot-seat hand-over: a full-screen curtain that hides the previous player's choices.

`HandoverScreen(app, code, on_continue=None)`: shows "Pass to <name> (<country>)"; Enter (or the
button) runs `on_continue`, or pops the curtain when none is given.  It draws over nothing, so
whatever the previous player chose stays hidden.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame

from leverage.ui.screen import Screen

if TYPE_CHECKING:
    from leverage.ui.app import App


def hand_over(app: App) -> None:
    """With several people at the machine, show the curtain for whoever plans next."""
    session = app.session
    if session is None or session.is_over:
        return
    current = session.current_human
    if current is not None and len(session.human_countries()) > 1:
        app.push(HandoverScreen(app, current))


class HandoverScreen(Screen):
    """"Pass to Alice (Venezuela)" on a plain curtain; Enter to continue."""

    title = "handover"

    def __init__(self, app: App, code: str, on_continue: Callable[[], None] | None = None) -> None:
        """Hand the machine to whoever plays `code`."""
        super().__init__(app)
        self.code = code
        self.on_continue = on_continue
        session = app.session
        self.country = code
        self.person = code
        if session is not None:
            world = session.world
            if code in world.codes:
                self.country = world.names[world.country(code)]
            self.person = session.player_name(code)
        self._curtain: pygame.Surface | None = None
        self._curtain_key: tuple[tuple[int, int], float] = ((0, 0), 0.0)
        self._flag: pygame.Surface | None = None

    def build(self) -> None:
        """The message, a hint and the Continue button."""
        w, h = self.width, self.height
        if self.person and self.person != self.country:
            text = f"Pass to {self.person} ({self.country})"
        else:
            text = f"Pass to the player of {self.country}"
        self.label(pygame.Rect(0, int(h * 0.42), w, self.s(60)), text, object_id="#curtain")
        turn_line = ""
        hidden = "The previous player's choices are hidden."
        session = self.app.session
        if session is not None:
            turn_line = f"Turn {session.turn} of {session.turns} - {session.date}. "
            if session.human_countries()[:1] == [self.code]:  # nobody has planned this turn yet
                hidden = "You plan first this turn; each team's choices stay hidden from the others."
        self.label(pygame.Rect(0, int(h * 0.42) + self.s(64), w, self.s(30)),
                   turn_line + hidden, object_id="#subtitle")
        bw = self.s(280)
        button = self.button(pygame.Rect((w - bw) // 2, int(h * 0.42) + self.s(120), bw, self.s(48)),
                             "I am ready (Enter)", self.proceed, object_id="#primary",
                             tooltip=f"Show {self.country}'s turn.")
        if self.has_briefing():
            self.button(pygame.Rect((w - bw) // 2, int(h * 0.42) + self.s(176), bw, self.s(40)),
                        "Read our briefing (B)", self.read_briefing,
                        tooltip=f"{self.country}'s own briefing, then the turn (no other "
                                "team's briefing is shown).")
            self.key(pygame.K_b, self.read_briefing)
        self.focus.focus(button)

    def has_briefing(self) -> bool:
        """True when this team plays a scored role (it has a briefing of its own)."""
        session = self.app.session
        world = getattr(session, "world", None)
        roles = getattr(world, "roles", ())
        return any(world.codes[r.country] == self.code for r in roles)

    def handle(self, event: pygame.event.Event) -> bool:
        """Enter continues even when the button has lost the focus."""
        if super().handle(event):
            return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.proceed()
            return True
        return False

    def back(self) -> bool:
        """Esc does not lift the curtain (that would show the previous choices)."""
        return True

    def proceed(self) -> None:
        """Lift the curtain (on a team's first turn, onto its own briefing)."""
        if self.on_continue is not None:
            self.on_continue()
        elif len(self.app.screens) > 1:
            self.app.pop()

    def read_briefing(self) -> None:
        """Lift the curtain onto this team's own briefing (Esc from it goes to the turn)."""
        from leverage.ui.screens.briefing import BriefingScreen

        self.proceed()
        if self.app.session is not None and self.on_continue is None:
            self.app.push(BriefingScreen(self.app, self.code, private=True))

    def draw(self, surface: pygame.Surface) -> None:
        """A plain dark curtain with a faint band and the country's flag."""
        size = surface.get_size()
        if self._curtain is None or self._curtain_key != (size, self.app.scale):
            self._curtain_key = (size, self.app.scale)
            self._curtain = pygame.Surface(size)
            self._curtain.fill(self.app.palette.bg)
            bottom = min(size[1], max(int(size[1] * 0.68), int(size[1] * 0.42) + self.s(232)))
            band = pygame.Rect(0, int(size[1] * 0.28), size[0], bottom - int(size[1] * 0.28))
            self._curtain.fill(self.app.palette.panel, band)
            pygame.draw.line(self._curtain, self.app.palette.border, band.topleft, band.topright)
            pygame.draw.line(self._curtain, self.app.palette.border, band.bottomleft,
                             band.bottomright)
        surface.blit(self._curtain, (0, 0))
        flag = self._flag_surface()
        if flag is not None:
            surface.blit(flag, flag.get_rect(midbottom=(size[0] // 2, int(size[1] * 0.41))))

    def _flag_surface(self) -> pygame.Surface | None:
        """The country's flag (cached), or None."""
        if self._flag is None:
            try:
                raw = self.app.assets.flag(self.code, (160, 120))
                height = self.s(60)
                width = round(raw.get_width() * height / max(1, raw.get_height()))
                self._flag = pygame.transform.smoothscale(raw, (width, height))
            except Exception:
                return None
        return self._flag
