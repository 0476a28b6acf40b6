"""On a busy machine every frame is over its budget and the events wait for later frames; a
key's letter still never lands in the dialog that key opened."""

from __future__ import annotations

from typing import Any

import pygame

from tests.ui.test_class_controls import teacher_game


def test_a_busy_frame_keeps_the_letter_of_the_key_that_opened_the_pin(ui: Any,
                                                                       monkeypatch: Any) -> None:
    """With every frame over budget, E opens the PIN dialog and its 'e' is not typed in it."""
    teacher_game(ui)
    monkeypatch.setattr(ui.app, "over_budget", lambda: True)
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_e, mod=0, unicode="e",
                                         scancode=0))
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text="e"))
    ui.tick(4)
    assert ui.top.title == "pin"
    assert ui.top.entry_field.get_text() == ""
