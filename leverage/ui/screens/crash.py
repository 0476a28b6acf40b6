"""The report shown when something unexpected went wrong during a frame.

The frame loop (`App.run`) catches the error, autosaves the game in progress, writes the details
to a report file and shows this screen instead of closing the window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from leverage.files import clip, printable
from leverage.ui.screen import Screen

if TYPE_CHECKING:
    from leverage.ui.app import App


class CrashScreen(Screen):
    """What went wrong, where the game was autosaved and where the details are."""

    title = "crash"

    def __init__(self, app: App, error: str, saved: str, report: str) -> None:
        """`error` one line; `saved` where the game was autosaved (or why not); `report` file."""
        super().__init__(app)
        self.error = printable(clip(error, 300))
        self.saved = printable(clip(saved, 300))
        self.report = printable(clip(report, 300))

    def build(self) -> None:
        """Heading, the three facts, and the ways out."""
        w, h, m, s = self.width, self.height, self.s(24), self.s
        self.label(pygame.Rect(m, m, w - 2 * m, s(40)), "Something went wrong",
                   object_id="#heading")
        text = (f"The game ran into an unexpected problem: {escape_html(self.error)}<br><br>"
                f"{escape_html(self.saved)}<br><br>"
                f"The details are in {escape_html(self.report)}; please attach that file when "
                "you report the problem.")
        self.text_box(pygame.Rect(m, m + s(56), w - 2 * m, h - 2 * m - s(120)), text)
        title = self.button(pygame.Rect(m, h - m - s(40), s(260), s(40)), "Back to the title",
                            self.to_title, object_id="#primary",
                            tooltip="Open the title screen; Continue loads the autosave.")
        self.button(pygame.Rect(m + s(280), h - m - s(40), s(160), s(40)), "Quit",
                    self.app.quit, tooltip="Close the game.")
        self.focus.focus(title)

    def to_title(self) -> None:
        """Start again from the title screen (the game in progress stays autosaved)."""
        from leverage.ui.screens.title import TitleScreen

        self.app.session = None
        self.app.reset(TitleScreen(self.app))

    def back(self) -> bool:
        """Esc goes to the title screen."""
        self.to_title()
        return True


def escape_html(text: str) -> str:
    """Text safe inside pygame_gui's HTML subset."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
