"""Reloading the scenario file being played, for authors (F5 on the turn screen).

The file is read and checked again. With problems, a dialog lists them as `file:line:col`
(the game goes on unchanged). Unchanged, a short message says so. Changed and valid, a
confirmation offers to restart the game with it: the same people, computer levels, seed, number
of turns (the file's, when the game had the scenario's length) and settings, from turn 1. Restarting is what an author checking an edit expects (the
edit is seen at once, in a game that is otherwise the same); carrying on the old game with a new
file cannot be done faithfully (its turns were played with the old moves and numbers), so the
game in progress is autosaved first and the restart is asked, never done on a single key press.
The picker's F5 reads every scenario file again (see `PickerScreen.reload`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from leverage.ui.screens.confirm import Dialog
from leverage.ui.widgets import escape

if TYPE_CHECKING:
    from leverage.ui.app import App

#: Problems listed in the dialog (the rest are counted).
MAX_LISTED = 12


class ProblemsScreen(Dialog):
    """The problems of a scenario file, one `file:line:col: message` per line, and Back."""

    title = "scenario problems"
    box_size = (760, 420)

    def __init__(self, app: App, heading: str, problems: list[str], note: str) -> None:
        """Show `problems` under `heading`, with `note` after them."""
        super().__init__(app)
        self.heading = heading
        self.problems = problems
        self.note = note

    def build(self) -> None:
        """Heading, the problems and Back (Esc or Enter)."""
        rect = self.box()
        pad = self.s(18)
        inner = rect.inflate(-2 * pad, -2 * pad)
        self.label(pygame.Rect(inner.x, inner.y, inner.w, self.s(36)), self.heading,
                   object_id="#heading", tooltip=self.heading)
        bh = self.s(42)
        shown = [escape(p) for p in self.problems[:MAX_LISTED]]
        more = len(self.problems) - MAX_LISTED
        if more > 0:
            shown.append(f"... and {more} more (python main.py validate FILE lists them all)")
        text = "<br>".join(shown) + f"<br><br>{escape(self.note)}"
        self.text_view(pygame.Rect(inner.x, inner.y + self.s(44), inner.w,
                                   inner.h - self.s(44) - bh - self.s(10)), text, size=14)
        back = self.button(pygame.Rect(inner.right - self.s(220), inner.bottom - bh, self.s(220),
                                       bh), "Back (Esc)", self.app.pop,
                           tooltip="Close this list; the game goes on as it was.")
        self.key(pygame.K_RETURN, self.app.pop)
        self.focus.focus(back)


def reload_scenario(app: App, flash: Any) -> None:
    """Read the current game's scenario file again: list its problems, say it is unchanged, or
    ask to restart the game with it. `flash(text)` shows a short message on the screen below."""
    from leverage.scenario import ScenarioError, load_scenario
    from leverage.ui.screens.confirm import ConfirmScreen

    session = app.session
    if session is None:
        return
    path = str(session.loaded.path)
    try:
        loaded = load_scenario(path)
    except ScenarioError as error:
        problems = [str(p) for p in error.problems]
        errors = sum(1 for p in error.problems if p.is_error)
        app.push(ProblemsScreen(app, f"The scenario file has {errors} error(s)", problems,
                                "Fix them and press F5 again; the game goes on with the scenario "
                                "as it was when the game started."))
        return
    if loaded.content_hash == session.loaded.content_hash:
        flash(f"{path} has not changed since this game started.")
        return
    from pathlib import Path

    detail = (f"{Path(path).name} has changed. The game starts again at turn 1 with it, with the "
              f"same players, seed and settings. This game (turn {session.turn}) is autosaved "
              "first.")
    app.push(ConfirmScreen(app, "Restart with the changed scenario?", detail, "Restart",
                           lambda: restart_with(app, loaded, flash)))


def restart_with(app: App, loaded: Any, flash: Any) -> None:
    """Autosave the game in progress, then start it again from turn 1 on `loaded`."""
    from leverage.session import Session
    from leverage.ui.screens.briefing import start_play

    old = app.session
    if old is None:
        return
    try:
        old.autosave_now()
        same_length = old.turns == old.world.turns  # the scenario's length: follow the file
        turns = int(loaded.world.turns) if same_length else old.turns
        new = Session.new(loaded, old.players, old.seed, turns, old.ask_reasons, old.names)
    except Exception as error:  # SetupError: a country the players had is gone
        flash(f"The game could not restart with the changed file: {error}")
        return
    new.teacher_pin_hash = old.teacher_pin_hash
    new.turn_seconds = old.turn_seconds
    new.autosave = old.autosave
    app.session = new
    start_play(app)
    top = app.top
    if top is not None and hasattr(top, "flash"):
        top.flash(f"Restarted with the changed scenario ({loaded.world.title}).")
