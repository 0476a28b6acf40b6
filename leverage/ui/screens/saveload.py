"""Save and Load: saves and autosaves listed newest first; damaged saves show their message.

`SaveLoadScreen(app, mode="load" | "save")`.  `open_save(app, path_or_info)` loads a save into
`app.session` and shows the game, returning an error message instead of raising.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pygame

from leverage.ui.screen import Screen
from leverage.ui.widgets import ellipsize

if TYPE_CHECKING:
    from leverage.ui.app import App


def open_save(app: App, entry: Any) -> str | None:
    """Load a save (a path or a SaveInfo) now and show its game; an error message or None."""
    loader = SaveLoader(entry)
    loader.run()
    return loader.finish(app)


class SaveLoader:
    """Reads a save in a background thread so the frame loop never waits for the disk."""

    def __init__(self, entry: Any, read_only: bool = False) -> None:
        """Remember which save (a path or a SaveInfo); `read_only` opens a damaged save's
        good turns for looking only."""
        self.path = Path(getattr(entry, "path", entry))
        self.read_only = read_only
        self.session: Any = None
        self.error: str | None = None
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        """Start reading in the background."""
        self.thread = threading.Thread(target=self.run, name="load-save", daemon=True)
        self.thread.start()

    def run(self) -> None:
        """Read the save (in whichever thread calls this)."""
        try:
            from leverage import storage

            self.session = storage.load_save(self.path, read_only=self.read_only)
        except Exception as error:  # SaveError carries a clear sentence; anything else too
            self.error = str(error) or type(error).__name__

    @property
    def done(self) -> bool:
        """True once the read has finished (or was never started in the background)."""
        return self.thread is None or not self.thread.is_alive()

    def finish(self, app: App) -> str | None:
        """Show the loaded game, or return the error message."""
        if self.error is not None or self.session is None:
            return self.error or "The save could not be read."
        app.session = self.session
        if getattr(self.session, "hosting", None) and self.session.read_only is None \
                and not self.session.is_over:
            from leverage.ui.screens.board import open_hosted

            return open_hosted(app, self.session)  # a class game: host it again
        from leverage.ui.screens.briefing import start_play

        start_play(app)
        reason = getattr(self.session, "read_only", None)
        top = app.top
        if reason is not None and top is not None and hasattr(top, "message"):
            top.message = f"Read-only: {reason}"   # the end-of-game screen's message line
            top.message_ok = False
            top.refresh()
        return None


def list_entries() -> tuple[list[Any], str]:
    """Every save (newest first) and an error message if the folder could not be read."""
    try:
        from leverage import storage

        return list(storage.list_saves()), ""
    except Exception as error:
        return [], f"The saves could not be listed: {error}"


def describe(entry: Any) -> str:
    """'Scenario - turn N (date) - saved YYYY-MM-DD HH:MM' for one save."""
    saved = str(getattr(entry, "saved_at", ""))[:16].replace("T", " ")
    kind = "autosave" if getattr(entry, "autosave", False) else "save"
    scenario = getattr(entry, "scenario_title", "") or getattr(entry, "scenario_id", "")
    return f"{scenario} - turn {getattr(entry, 'turn', '?')} ({getattr(entry, 'date', '')}) - {kind}, {saved} UTC"


class SaveLoadScreen(Screen):
    """A page of saves; in save mode a name field and Save button on top."""

    title = "saveload"

    def __init__(self, app: App, mode: str = "load") -> None:
        """mode 'load' lists saves to open; 'save' also lets the player save under a name."""
        super().__init__(app)
        self.mode = "save" if mode == "save" and app.session is not None else "load"
        self.entries, self.message = list_entries()
        self.page = 0
        self.name_entry: Any = None
        session = app.session
        self.name = f"{session.world.title}, {session.date}" if session is not None else ""
        self.title = "save" if self.mode == "save" else "load"
        self.loader: SaveLoader | None = None

    def build(self) -> None:
        """Heading, name field (save mode), the list of saves, paging and Back."""
        w, h = self.width, self.height
        m, s = self.s(24), self.s
        heading = "Save the game" if self.mode == "save" else "Load a game"
        self.label(pygame.Rect(m, m, w - 2 * m, s(40)), heading, object_id="#heading")
        y = m + s(56)
        first: Any = None
        if self.mode == "save":
            self.label(pygame.Rect(m, y, s(80), s(40)), "Name")
            self.name_entry = self.entry(pygame.Rect(m + s(80), y + s(3), w - 2 * m - s(300), s(34)),
                                         self.name, tooltip="A name for this save.")
            first = self.button(pygame.Rect(w - m - s(200), y, s(200), s(40)), "Save",
                                self.save, object_id="#primary",
                                tooltip="Write the save (a save with the same name is replaced).")
            y += s(56)
        bottom = h - m - s(40)
        msg_h = s(56) if self.message else 0
        row_h, gap = s(56), s(6)
        rows = max(1, (bottom - y - s(10) - msg_h) // (row_h + gap))
        pages = max(1, (len(self.entries) + rows - 1) // rows)
        self.page = min(self.page, pages - 1)
        shown = self.entries[self.page * rows:(self.page + 1) * rows]
        if not self.entries:
            self.label(pygame.Rect(m, y, w - 2 * m, s(30)),
                       "No saved games yet. The game autosaves at the end of every turn.",
                       object_id="#small")
        number = 0
        for k, entry in enumerate(shown):
            if not getattr(entry, "problem", None):
                number += 1
            button = self._build_row(entry, pygame.Rect(m, y + k * (row_h + gap), w - 2 * m, row_h),
                                     number)
            if first is None and button is not None:
                first = button
        if self.message:
            ok = self.message.startswith(("Saved as", "Loading"))
            self.text_box(pygame.Rect(m, bottom - s(10) - msg_h, w - 2 * m, msg_h), self.message,
                          object_id=None if ok else "#error_box")
        back = self.button(pygame.Rect(m, bottom, s(160), s(40)), "Back (Esc)", self.app.pop,
                           tooltip="Return to the previous screen.")
        if pages > 1:
            self.button(pygame.Rect(w - m - s(330), bottom, s(160), s(40)), "< Newer",
                        self.previous_page, enabled=self.page > 0, tooltip="Newer saves.")
            self.button(pygame.Rect(w - m - s(160), bottom, s(160), s(40)), "Older >",
                        self.next_page, enabled=self.page < pages - 1, tooltip="Older saves.")
            self.label(pygame.Rect(m + s(180), bottom, s(220), s(40)),
                       f"Page {self.page + 1} of {pages}", object_id="#small")
        self.focus.focus(first or back)

    def _build_row(self, entry: Any, rect: pygame.Rect, number: int) -> Any:
        """One save: its name, what it is, and Load (or its problem when damaged)."""
        s = self.s
        self.panel(rect, object_id="#card")
        problem = getattr(entry, "problem", None)
        pad = s(10)
        text_w = rect.w - s(190)
        self.label(pygame.Rect(rect.x + pad, rect.y + s(2), text_w, s(27)),
                   ellipsize(self.app.font(s(18), bold=True), str(getattr(entry, "name", "")),
                             text_w - s(12)), object_id="#subheading")
        if problem:
            text = ellipsize(self.app.font(s(15), bold=True), f"Damaged: {problem}", text_w - s(12))
            self.label(pygame.Rect(rect.x + pad, rect.y + s(28), text_w, s(22)), text,
                       object_id="#bad", tooltip=str(problem))
            if self.mode == "load" and getattr(entry, "viewable", False):
                return self.button(pygame.Rect(rect.right - s(170), rect.y + s(8), s(160), s(40)),
                                   "View read-only", lambda: self.load(entry, read_only=True),
                                   tooltip="Look at the turns before the damage; the game "
                                           "cannot be played on.")
            return None
        self.label(pygame.Rect(rect.x + pad, rect.y + s(28), text_w, s(22)),
                   ellipsize(self.app.font(s(13)), describe(entry), text_w - s(12)),
                   object_id="#small")
        if self.mode == "save":
            return self.button(pygame.Rect(rect.right - s(170), rect.y + s(8), s(160), s(40)),
                               "Use this name", lambda: self.use_name(entry),
                               tooltip="Save over this save.")
        return self.button(pygame.Rect(rect.right - s(170), rect.y + s(8), s(160), s(40)),
                           f"{number}  Load", lambda: self.load(entry), object_id="#primary",
                           key=number if number <= 9 else None,
                           tooltip=f"Open '{getattr(entry, 'name', '')}'.")

    # -- commands ---------------------------------------------------------------------------
    def next_page(self) -> None:
        """Older saves."""
        self.page += 1
        self.refresh()

    def previous_page(self) -> None:
        """Newer saves."""
        self.page = max(0, self.page - 1)
        self.refresh()

    def load(self, entry: Any, read_only: bool = False) -> None:
        """Start reading a save; `update` shows the game (or the problem) when it is read."""
        if self.loader is not None:
            return
        self.loader = SaveLoader(entry, read_only)
        self.loader.start()
        self.message = f"Loading {getattr(entry, 'name', '')}..."
        self.refresh()

    def update(self, dt: float) -> None:
        """Finish a background load."""
        loader = self.loader
        if loader is None or not loader.done:
            return
        self.loader = None
        error = loader.finish(self.app)
        if error:
            self.message = error
            self.refresh()

    def use_name(self, entry: Any) -> None:
        """Copy an existing save's name into the name field."""
        self.name = str(getattr(entry, "name", ""))
        self.refresh()

    def save(self) -> None:
        """Save the game under the typed name."""
        if self.name_entry is not None:
            self.name = self.name_entry.get_text().strip()
        if not self.name:
            self.message = "Type a name for the save."
            self.refresh()
            return
        session = self.app.session
        if session is None:
            return
        try:
            from leverage import storage

            path = storage.save_game(session, self.name)
        except Exception as error:  # SaveError: which file, what is wrong, what to do
            self.message = str(error)
            self.refresh()
            return
        self.entries, listing_error = list_entries()
        self.message = listing_error or f"Saved as {path.name}."
        self.refresh()

    def relayout(self) -> None:
        """Keep the typed name across rebuilds."""
        if self.name_entry is not None and self.name_entry.alive():
            self.name = self.name_entry.get_text()
        super().relayout()


class SaveScreen(SaveLoadScreen):
    """The save screen (the game in progress under a name)."""

    def __init__(self, app: App) -> None:
        """Save mode."""
        super().__init__(app, mode="save")


class LoadScreen(SaveLoadScreen):
    """The load screen."""

    def __init__(self, app: App) -> None:
        """Load mode."""
        super().__init__(app, mode="load")
