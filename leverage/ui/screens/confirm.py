"""Dialogs drawn over the screen below: a yes/no confirmation and a teacher's PIN.

`ConfirmScreen(app, question, detail, yes, on_yes)`: the safe answer ("Go back") has the focus,
so Enter or Esc never does the risky thing; the risky one needs its button or the Y key.
`PinScreen(app, check, on_ok, purpose)`: asks for the facilitator PIN set at game set-up and runs
`on_ok` only when `check(typed)` says it matches.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame
import pygame_gui

from leverage.ui.screen import Screen

if TYPE_CHECKING:
    from leverage.ui.app import App

#: Dimming drawn over the screen below a dialog.
VEIL_ALPHA = 170


class Dialog(Screen):
    """A box in the middle of the window over a dimmed copy of the screen below."""

    overlay = True
    #: Unscaled size of the dialog box.
    box_size: tuple[int, int] = (560, 240)

    def __init__(self, app: App) -> None:
        """No veil until the first draw."""
        super().__init__(app)
        self._veil: pygame.Surface | None = None

    def box(self) -> pygame.Rect:
        """The dialog's rectangle, centred and kept inside the window."""
        w = min(self.s(self.box_size[0]), self.width - self.s(20))
        h = min(self.s(self.box_size[1]), self.height - self.s(20))
        return pygame.Rect((self.width - w) // 2, (self.height - h) // 2, w, h)

    def draw(self, surface: pygame.Surface) -> None:
        """Dim the screen below and draw the box."""
        size = surface.get_size()
        if self._veil is None or self._veil.get_size() != size:
            self._veil = pygame.Surface(size, pygame.SRCALPHA)
            self._veil.fill((*self.app.palette.bg, VEIL_ALPHA))
        surface.blit(self._veil, (0, 0))
        rect = self.box()
        pygame.draw.rect(surface, self.app.palette.panel, rect, border_radius=self.s(8))
        pygame.draw.rect(surface, self.app.palette.border, rect, max(1, self.s(2)),
                         border_radius=self.s(8))


class ConfirmScreen(Dialog):
    """"Leave this game?" with Go back (focused; Enter or Esc) and the risky answer (Y)."""

    title = "confirm"

    def __init__(self, app: App, question: str, detail: str, yes: str,
                 on_yes: Callable[[], None]) -> None:
        """Ask `question`; `yes` names the risky answer, which runs `on_yes`."""
        super().__init__(app)
        self.question = question
        self.detail = detail
        self.yes = yes
        self.on_yes = on_yes

    def build(self) -> None:
        """Question, detail and the two answers."""
        rect = self.box()
        pad = self.s(18)
        inner = rect.inflate(-2 * pad, -2 * pad)
        self.label(pygame.Rect(inner.x, inner.y, inner.w, self.s(36)), self.question,
                   object_id="#heading", tooltip=self.question)
        bh = self.s(42)
        text_h = inner.h - self.s(44) - bh - self.s(10)
        if text_h >= self.s(30):
            self.text_view(pygame.Rect(inner.x, inner.y + self.s(44), inner.w, text_h),
                           self.detail, size=15, frame=False)
        bw = (inner.w - self.s(12)) // 2
        safe = self.button(pygame.Rect(inner.x, inner.bottom - bh, bw, bh), "Go back (Esc)",
                           self.app.pop, tooltip="Change nothing and go back.")
        self.button(pygame.Rect(inner.right - bw, inner.bottom - bh, bw, bh), f"{self.yes} (Y)",
                    self.confirm, object_id="#primary", tooltip=self.detail)
        self.key(pygame.K_y, self.confirm)
        self.focus.focus(safe)

    def update(self, dt: float) -> None:
        """A team's turn timer keeps running while it ponders the question."""
        below = self.app.screens[-2] if len(self.app.screens) > 1 else None
        tick = getattr(below, "tick_clock", None)
        if callable(tick):
            tick(dt)

    def confirm(self) -> None:
        """Close the dialog, then do the risky thing."""
        self.app.pop()
        self.on_yes()


class PinScreen(Dialog):
    """The facilitator PIN, asked before a teacher's control (undo, events, pause, timer)."""

    title = "pin"
    box_size = (520, 230)

    def __init__(self, app: App, check: Callable[[str], bool], on_ok: Callable[[], object],
                 purpose: str) -> None:
        """Run `on_ok` once a PIN that `check` accepts is typed; `purpose` says what it
        unlocks."""
        super().__init__(app)
        self.check = check
        self.on_ok = on_ok
        self.purpose = purpose
        self.error = ""
        self.entry_field: object = None

    def build(self) -> None:
        """Heading, the PIN field (with the keyboard), OK and Go back."""
        rect = self.box()
        pad = self.s(18)
        inner = rect.inflate(-2 * pad, -2 * pad)
        self.label(pygame.Rect(inner.x, inner.y, inner.w, self.s(36)), "Teacher's PIN",
                   object_id="#heading", tooltip=f"Needed to {self.purpose}.")
        self.label(pygame.Rect(inner.x, inner.y + self.s(40), inner.w, self.s(28)),
                   self.error or f"Type the PIN to {self.purpose}.",
                   object_id="#bad" if self.error else "#small",
                   tooltip=f"The facilitator PIN chosen at game set-up is needed to {self.purpose}.")
        field = self.entry(pygame.Rect(inner.x, inner.y + self.s(76), inner.w, self.s(36)),
                           tooltip="The facilitator PIN chosen at game set-up.")
        field.set_text_hidden(True)
        self.entry_field = field
        bh = self.s(42)
        bw = (inner.w - self.s(12)) // 2
        self.button(pygame.Rect(inner.x, inner.bottom - bh, bw, bh), "Go back (Esc)",
                    self.app.pop, tooltip="Change nothing and go back.")
        self.button(pygame.Rect(inner.right - bw, inner.bottom - bh, bw, bh), "OK (Enter)",
                    self.submit, object_id="#primary", tooltip=f"Check the PIN and {self.purpose}.")
        self.focus.focus(field)
        # The field takes the keyboard after this frame's events: the letter of the key that
        # opened the dialog (E, U...) must not be typed into it.
        self.app.later(lambda: self.app.manager.set_focus_set(field) if field.alive() else None)

    def handle(self, event: pygame.event.Event) -> bool:
        """Enter (in the PIN field or not) submits it; Esc always goes back."""
        entered = event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and \
            event.ui_element is self.entry_field
        if entered or (event.type == pygame.KEYDOWN
                       and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER)):
            self.submit()
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.pop()
            return True
        return super().handle(event)

    def submit(self) -> None:
        """Unlock when the PIN matches; otherwise say so and clear the field."""
        field = self.entry_field
        typed = field.get_text().strip() if field is not None else ""  # type: ignore[attr-defined]
        if not self.check(typed):
            self.error = "That is not the PIN. Try again."
            self.app.play_sound("error")
            self.refresh()
            return
        self.app.pop()
        self.on_ok()
