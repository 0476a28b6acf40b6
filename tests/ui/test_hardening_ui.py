"""Abusive input on screen: huge names, long pastes, a huge window, a damaged save, a bug in a
frame. The game stays responsive and never dies."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pygame

from leverage.ui.screen import Screen
from leverage.ui.screens.saveload import SaveLoadScreen
from leverage.ui.screens.title import TitleScreen
from leverage.ui.widgets import ellipsize


class _CountingFont:
    """A font that counts the characters it is asked to measure."""

    def __init__(self, font: Any) -> None:
        """Wrap `font`."""
        self.font, self.measured = font, 0

    def size(self, text: str) -> tuple[int, int]:
        """The wrapped font's size of `text`, counted."""
        self.measured += len(text)
        return tuple(self.font.size(text))  # type: ignore[return-value]


def test_ellipsize_measures_little_whatever_the_length(app: Any) -> None:
    """An 8,000-character and a 60 MB name are cut to fit after measuring a few thousand
    characters at most: the work does not grow with the text."""
    font = app.font(18)
    for size in (8_000, 60_000_000):
        counting = _CountingFont(font)
        cut = ellipsize(counting, "W" * size, 300)  # type: ignore[arg-type]
        assert counting.measured < 20 * 302
        assert cut.endswith("…") and font.size(cut)[0] <= 300
    assert ellipsize(font, "short", 300) == "short"
    longest = ellipsize(font, "abcdefghij" * 5, 120)
    assert font.size(longest)[0] <= 120 and font.size(longest[:-1] + "ab…")[0] > 120


def test_a_long_paste_is_refused_by_the_text_box(app: Any, ui: Any, make_session: Any) -> None:
    """The save-name box holds at most 200 characters; 5,000 typed do not freeze a frame."""
    app.session = make_session()
    app.reset(TitleScreen(app))
    screen = app.push(SaveLoadScreen(app, mode="save"))
    ui.tick()
    entry = screen.name_entry
    entry.focus()
    entry.set_text("")
    for _ in range(5000):
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text="x"))
    slowest = 0.0
    for _ in range(300):
        ui.tick(1)
        slowest = max(slowest, app.last_frame_ms)
        if not app._held_events and not pygame.event.peek(pygame.TEXTINPUT):
            break
    assert slowest < 1000
    assert len(entry.get_text()) == 200
    assert "At most 200 characters" in (entry.tool_tip_text or "")


def test_the_window_is_capped_by_the_display(app: Any) -> None:
    """A 10,000 x 10,000 window from the settings is opened at most at the display's size."""
    from leverage.ui.app import display_limit

    app.set_window_size((10_000, 10_000))
    limit = display_limit()
    assert app.width <= limit[0] and app.height <= limit[1]


class Faulty(Screen):
    """A screen with a bug in its update."""

    title = "faulty"

    def update(self, dt: float) -> None:
        """Fail like a bug would."""
        raise ZeroDivisionError("a bug in a screen")


def test_a_bug_in_a_frame_autosaves_and_shows_a_report(app: Any, ui: Any, make_session: Any,
                                                       data_dir: Path) -> None:
    """The frame loop catches the error, autosaves the game, writes a report, shows it."""
    app.session = make_session()
    app.reset(TitleScreen(app))
    app.push(Faulty(app))
    assert app.guarded_tick(1 / 60)
    assert ui.top.title == "crash"
    assert ui.shows("Something went wrong")
    saves = list((data_dir / "saves").glob("autosave-*.json"))
    assert len(saves) == 1
    reports = list((data_dir / "crash-reports").glob("crash-*.txt"))
    assert len(reports) == 1 and "ZeroDivisionError" in reports[0].read_text()
    ui.tick(2)
    ui.click_text("Back to the title")
    assert ui.top.title == "title"


def test_errors_that_keep_coming_end_the_loop(app: Any, monkeypatch: Any) -> None:
    """When even the report fails, the loop gives up with status 1 instead of spinning."""
    from leverage.ui import app as app_module

    app.reset(Faulty(app))
    monkeypatch.setattr(app, "show_crash", lambda error: None)
    results = [app.guarded_tick(1 / 60) for _ in range(app_module.MAX_CRASHES + 1)]
    assert results[:-1] == [True] * app_module.MAX_CRASHES and results[-1] is False


def test_a_damaged_save_is_offered_read_only(app: Any, ui: Any, make_session: Any,
                                             data_dir: Path) -> None:
    """The load screen names the save damaged and offers it read-only, never to play on."""
    from leverage import storage

    session = make_session()
    session.end_turn()
    path = storage.save_game(session, "flipped")
    data = json.loads(path.read_text())
    array = data["snapshots"][1]["arrays"]["relations"]
    raw = bytearray(base64.b64decode(array["b64"]))
    raw[5] ^= 1
    array["b64"] = base64.b64encode(bytes(raw)).decode()
    path.write_text(json.dumps(data))
    app.reset(TitleScreen(app))
    screen = app.push(SaveLoadScreen(app, mode="load"))
    ui.tick()
    assert ui.shows("Damaged:")
    assert not [b for b in ui.buttons() if b.text.endswith("Load")]
    ui.click_text("View read-only")
    ui.wait_until(lambda: screen.loader is None)
    assert app.session is not None and app.session.read_only is not None
    assert len(app.session.states) == 1
    ui.tick(3)
    assert ui.top.title == "endgame"  # shown like a finished game: looked at, not played
    assert ui.shows("Read-only: This save is damaged")
