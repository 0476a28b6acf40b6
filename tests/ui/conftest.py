"""Headless UI test support: an `app` fixture with a temporary data folder and a `ui` driver
that posts real pygame events (mouse clicks at a widget's centre, key presses) and reads back
what the screen shows."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
# Forecasts run in a thread in UI tests; a test that wants the worker process sets "process".
os.environ.setdefault("LEVERAGE_FORECAST", "thread")

import pygame  # noqa: E402
import pygame_gui  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
TUTORIAL = SCENARIOS / "tutorial.yaml"


class Driver:
    """Drives an App with posted events and inspects its widgets."""

    def __init__(self, app: Any) -> None:
        """Wrap `app`."""
        self.app = app

    # -- frames --------------------------------------------------------------------------
    def tick(self, frames: int = 3, dt: float = 1 / 60) -> None:
        """Run `frames` frames."""
        for _ in range(frames):
            self.app.tick_once(dt)

    def wait_until(self, test: Any, seconds: float = 20.0) -> None:
        """Run frames until `test()` is true (background work such as loading a save)."""
        import time

        deadline = time.monotonic() + seconds
        while not test():
            assert time.monotonic() < deadline, f"timed out on the {self.app.top.title} screen"
            self.tick(1)
            time.sleep(0.002)

    # -- input ---------------------------------------------------------------------------
    def click_at(self, pos: tuple[int, int], button: int = 1) -> None:
        """Post a mouse press and release at `pos`, then run frames until the press lands."""
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button))
        self.tick(3)

    def click(self, element: Any) -> None:
        """Click the centre of a widget."""
        assert element is not None, "no such element on screen"
        self.click_at(tuple(int(v) for v in element.get_abs_rect().center))

    def click_text(self, text: str) -> None:
        """Click the button whose text is `text` (or starts with it)."""
        self.click(self.button(text))

    def key(self, key: int, mod: int = 0, unicode: str = "") -> None:
        """Post a key press and release, then run frames."""
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=unicode,
                                             scancode=0))
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode="",
                                             scancode=0))
        self.tick(3)

    def type_text(self, text: str) -> None:
        """Type text into the focused field (TEXTINPUT events, as SDL sends them)."""
        for char in text:
            pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=char))
        self.tick(2)

    def hover(self, element: Any, seconds: float = 1.6) -> None:
        """Move the mouse over a widget and wait long enough for its tooltip."""
        pos = tuple(int(v) for v in element.get_abs_rect().center)
        pygame.mouse.set_pos(pos)
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
        steps = 8
        for _ in range(steps):
            self.app.tick_once(seconds / steps)

    def resize(self, width: int, height: int) -> None:
        """Post a window resize."""
        pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=width, h=height,
                                             size=(width, height)))
        self.tick(2)

    # -- inspection ----------------------------------------------------------------------
    def elements(self) -> list[Any]:
        """Every live, visible pygame_gui element."""
        group = self.app.manager.get_sprite_group()
        return [e for e in group.sprites() if getattr(e, "visible", True) and e.alive()]

    def buttons(self) -> list[Any]:
        """Every live, visible button."""
        return [e for e in self.elements() if isinstance(e, pygame_gui.elements.UIButton)]

    def button(self, text: str) -> Any:
        """The visible button whose text equals `text`, else the first that starts with it."""
        buttons = self.buttons()
        for b in buttons:
            if b.text == text:
                return b
        for b in buttons:
            if b.text.startswith(text):
                return b
        return None

    def texts(self) -> list[str]:
        """The text of every visible label, button, text box and rich-text view."""
        out: list[str] = [v.html_text for v in getattr(self.app.top, "views", [])]
        for e in self.elements():
            for attr in ("text", "html_text"):
                value = getattr(e, attr, None)
                if isinstance(value, str) and value.strip():
                    out.append(value)
                    break
        return out

    def shows(self, text: str) -> bool:
        """True when some visible widget's text contains `text`."""
        return any(text in t for t in self.texts())

    def tooltip_text(self) -> str | None:
        """The text of the tooltip on show, if any."""
        for e in self.elements():
            if isinstance(e, pygame_gui.elements.UITooltip):
                box = getattr(e, "text_block", None)
                return str(getattr(box, "html_text", "")) if box is not None else ""
        return None

    @property
    def top(self) -> Any:
        """The screen on top of the stack."""
        return self.app.top

    def titles(self) -> list[str]:
        """Titles of the screens on the stack, bottom first."""
        return [s.title for s in self.app.screens]


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary user data folder for saves and settings."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("LEVERAGE_DATA_DIR", str(folder))
    monkeypatch.setenv("LEVERAGE_CONFIG_DIR", str(folder / "config"))
    monkeypatch.setenv("LEVERAGE_DOCUMENTS_DIR", str(folder / "Documents" / "Leverage"))
    return folder


@pytest.fixture
def app(data_dir: Path) -> Iterator[Any]:
    """A headless 1280x720 App with default settings and an empty data folder."""
    from leverage.settings import Settings
    from leverage.ui.app import App

    application = App(size=(1280, 720), settings=Settings())
    yield application
    application.close()


@pytest.fixture
def ui(app: Any) -> Driver:
    """A driver for `app`."""
    return Driver(app)


@pytest.fixture
def tutorial_path() -> Path:
    """The tutorial scenario (skips the test when it has not been written yet)."""
    if not TUTORIAL.is_file():
        pytest.skip("scenarios/tutorial.yaml is not there yet")
    return TUTORIAL


def playable_scenario() -> Path:
    """The tutorial when it exists, else the first shipped scenario."""
    if TUTORIAL.is_file():
        return TUTORIAL
    found = sorted(SCENARIOS.glob("*.yaml"))
    if not found:
        pytest.skip("no scenario files yet")
    return found[0]


def new_session(path: Path | None = None, humans: int = 1, turns: int | None = None,
                seed: int = 5, level: str = "easy") -> Any:
    """A session with the first `humans` roles played by people and the rest by easy computers."""
    from leverage.scenario import load_scenario
    from leverage.session import PlayerConfig, Session

    loaded = load_scenario(str(path or playable_scenario()))
    world = loaded.world
    players = {c: PlayerConfig("computer", level) for c in world.codes}
    for role in world.roles[:humans]:
        players[world.codes[role.country]] = PlayerConfig("human", level)
    session = Session.new(loaded, players, seed, turns)
    session.autosave = False
    return session


@pytest.fixture
def scenario_path() -> Path:
    """A playable scenario file."""
    return playable_scenario()


@pytest.fixture
def make_session() -> Any:
    """new_session as a fixture (the test modules are not a package)."""
    return new_session
