"""The teacher's controls and the pause curtain.

`TeacherScreen(app, turn)`: reached from the turn screen's Teacher button (F2), after the
facilitator PIN when the game has one: take back the last turn, play it again, make an event
happen, pause, and set the turn timer.  `PauseScreen(app)`: a curtain over the game; in teacher
mode only the PIN lifts it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from leverage.ui.jobs import Job
from leverage.ui.screen import Screen
from leverage.ui.screens.setup import TIMER_CHOICES, timer_text

if TYPE_CHECKING:
    from leverage.ui.app import App
    from leverage.ui.screens.turn import TurnScreen


class TeacherScreen(Screen):
    """Undo, redo, events, pause and the turn timer, one button each."""

    title = "teacher"

    def __init__(self, app: App, turn: TurnScreen) -> None:
        """Steer the game shown by `turn`."""
        super().__init__(app)
        self.turn = turn
        self.message = ""
        self.job: Job[Any] | None = None  # the printable pack being written

    @property
    def session(self) -> Any:
        """The game in progress."""
        return self.app.session

    def build(self) -> None:
        """Heading, one button per control, Back."""
        session = self.session
        m, s = self.s(24), self.s
        w = min(self.width - 2 * m, s(560))
        x = (self.width - w) // 2
        self.label(pygame.Rect(x, m, w, s(40)), "Teacher's controls", object_id="#heading",
                   tooltip="Steer the class game.")
        played = bool(session.reports) if session is not None else False
        rows = [
            ("1. Take back the last turn (U)", self.undo, played,
             "The world goes back one turn; the moves people planned then are planned again."),
            ("2. Play the taken-back turn again (Y)", self.redo,
             session is not None and session.can_redo,
             "Redo: the turn taken back is played again exactly as it was."),
            ("3. Make an event happen (E)", self.events, True,
             "Choose scenario events for the end of this turn (students do not see this list)."),
            ("4. Pause the game", self.pause, True,
             "A curtain hides the game until the teacher resumes it."),
            (f"5. Turn timer: {timer_text(self.seconds())}", self.cycle_timer, True,
             "How long each team has to plan; at zero the moves it planned stand. Press to "
             "change: " + ", ".join(timer_text(t) for t in TIMER_CHOICES) + "."),
            ("6. Print the briefing cards and guide", self.print_pack, True,
             "Write each team's private briefing card, the teacher's guide and the one-page "
             "debrief as HTML and PDF in Documents/Leverage."),
        ]
        y = m + s(60)
        for k, (text, action, enabled, tip) in enumerate(rows):
            self.button(pygame.Rect(x, y, w, s(42)), text, action, key=k + 1, enabled=enabled,
                        tooltip=tip)
            y += s(50)
        self.key(pygame.K_u, self.undo)
        self.key(pygame.K_y, self.redo)
        self.key(pygame.K_e, self.events)
        back = self.button(pygame.Rect(x, min(y + s(10), self.height - m - s(78)), s(160), s(42)),
                           "Back (Esc)", self.app.pop, object_id="#primary",
                           tooltip="Back to the turn.")
        if self.message:
            self.label(pygame.Rect(x, back.rect.bottom + s(8), w, s(28)), self.message,
                       object_id="#small", tooltip=self.message)
        self.focus.focus(back)

    def print_pack(self) -> None:
        """Write the printable pack beside the frame loop; say where it went when written."""
        from leverage.report.printed import export_printed

        if self.job is not None:
            return
        session = self.session
        self.job = Job(lambda: export_printed(session)).start()
        self.message = "Writing the printable pack…"
        self.refresh()

    def update(self, dt: float) -> None:
        """Say where the printable pack went once it is written."""
        if self.job is None or not self.job.finished():
            return
        try:
            files = self.job.result()
        except Exception as error:  # any failure is reported on screen, never a traceback
            self.message = f"The pack could not be written: {error}"
        else:
            self.message = f"Written to {files.cards_pdf.parent}"
        self.job = None
        self.refresh()

    def seconds(self) -> int:
        """The turn timer now (0: off)."""
        return int(getattr(self.session, "turn_seconds", 0) or 0)

    def undo(self) -> None:
        """Back to the turn screen and ask before taking the last turn back."""
        if self.session is None or not self.session.reports:
            return
        self.app.pop()
        self.turn.confirm_undo()

    def redo(self) -> None:
        """Back to the turn screen and play the taken-back turn again."""
        if self.session is None or not self.session.can_redo:
            return
        self.app.pop()
        self.turn.redo_now()

    def events(self) -> None:
        """The events screen (already past the PIN)."""
        from leverage.ui.screens.events import EventsScreen

        self.app.replace(EventsScreen(self.app))

    def pause(self) -> None:
        """The pause curtain."""
        self.app.replace(PauseScreen(self.app))

    def cycle_timer(self) -> None:
        """The next turn timer choice; the team planning now starts afresh."""
        k = TIMER_CHOICES.index(self.seconds()) if self.seconds() in TIMER_CHOICES else 0
        self.session.turn_seconds = TIMER_CHOICES[(k + 1) % len(TIMER_CHOICES)]
        self.turn.clock_left = None
        self.refresh()


class PauseScreen(Screen):
    """"Paused": hides the game; Resume (the PIN in teacher mode) lifts it."""

    title = "pause"

    def build(self) -> None:
        """The message and Resume."""
        w, h = self.width, self.height
        self.label(pygame.Rect(0, int(h * 0.40), w, self.s(60)), "Paused", object_id="#curtain")
        pin = self.app.session is not None and self.app.session.teacher_mode
        hint = "The teacher resumes the game with the PIN." if pin else "Press Enter to resume."
        self.label(pygame.Rect(0, int(h * 0.40) + self.s(64), w, self.s(30)), hint,
                   object_id="#subtitle")
        bw = self.s(260)
        button = self.button(pygame.Rect((w - bw) // 2, int(h * 0.40) + self.s(116), bw, self.s(48)),
                             "Resume (Enter)", self.resume, object_id="#primary", tooltip=hint)
        self.focus.focus(button)
        self.key(pygame.K_RETURN, self.resume)
        self.key(pygame.K_KP_ENTER, self.resume)

    def back(self) -> bool:
        """Esc does not lift the curtain."""
        return True

    def resume(self) -> None:
        """Lift the curtain (after the PIN in teacher mode)."""
        from leverage.ui.screens.confirm import PinScreen

        session = self.app.session
        if session is not None and session.teacher_mode:
            self.app.push(PinScreen(self.app, session.pin_matches, self.app.pop,
                                    "resume the game"))
        else:
            self.app.pop()
