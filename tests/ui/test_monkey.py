"""20,000 seeded random events (clicks, keys, wheel, typing, resizes) across every screen.

No event may raise, and no frame may freeze the game: over 250 ms of work, including the frames
that open a screen (the turn screen spreads its first drawing over a few frames and reuses the
projected map).  The frame-time targets themselves are the benchmark's and `demo --perf`'s to
measure; this bound catches stalls such as files written inside a frame.
A frame's work is the CPU time of the frame loop's thread (`App.last_frame_cpu_ms`): the test
machine is shared with other jobs, so wall-clock time is dominated by machine load rather than by
the game; the slowest frame by wall-clock time is printed as well (run pytest with -s).
Several events are posted per frame to keep the test short, so a frame here often does the work
of several real frames.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

import pygame

from leverage.ui.screens.title import TitleScreen

EVENTS = 20_000
SEGMENT = 800
EVENTS_PER_FRAME = 10
FRAME_LIMIT_MS = 250.0
SEED = 20181119

KEYS = [pygame.K_TAB, pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT, pygame.K_RIGHT, pygame.K_RETURN,
        pygame.K_SPACE, pygame.K_ESCAPE, pygame.K_F1, pygame.K_PAGEUP, pygame.K_PAGEDOWN,
        pygame.K_HOME, pygame.K_END, pygame.K_DELETE, pygame.K_BACKSPACE, pygame.K_r, pygame.K_p,
        pygame.K_h, pygame.K_n, pygame.K_c, pygame.K_s] + [getattr(pygame, f"K_{k}") for k in range(10)]


def screen_makers(app: Any, make_session: Any) -> list[tuple[str, Callable[[], Any]]]:
    """(name, factory) for every screen; game screens get a fresh session each time."""
    from leverage.ui.screens.briefing import BriefingScreen
    from leverage.ui.screens.handover import HandoverScreen
    from leverage.ui.screens.help import HelpScreen
    from leverage.ui.screens.picker import PickerScreen
    from leverage.ui.screens.saveload import SaveLoadScreen
    from leverage.ui.screens.settings import SettingsScreen
    from leverage.ui.screens.setup import SetupScreen

    def fresh(turns: int = 3, played: int = 0) -> Any:
        session = make_session(humans=2, turns=turns)
        for _ in range(played):
            session.end_turn()
        app.session = session
        return session

    def game_screen(module: str, name: str, played: int = 1, **kwargs: Any) -> Callable[[], Any]:
        def make() -> Any:
            import importlib

            fresh(played=played)
            cls = getattr(importlib.import_module(f"leverage.ui.screens.{module}"), name)
            return cls(app, **kwargs)
        return make

    def setup() -> Any:
        session = fresh()
        return SetupScreen(app, session.loaded)

    def handover() -> Any:
        session = fresh()
        return HandoverScreen(app, session.human_countries()[-1])

    def endgame() -> Any:
        from leverage.ui.screens.endgame import EndgameScreen

        fresh(turns=1, played=1)
        return EndgameScreen(app)

    return [
        ("title", lambda: TitleScreen(app)),
        ("picker", lambda: PickerScreen(app)),
        ("setup", setup),
        ("briefing", lambda: (fresh(), BriefingScreen(app, start_game=True))[1]),
        ("settings", lambda: SettingsScreen(app)),
        ("help", lambda: HelpScreen(app)),
        ("load", lambda: SaveLoadScreen(app, mode="load")),
        ("save", lambda: (fresh(), SaveLoadScreen(app, mode="save"))[1]),
        ("handover", handover),
        ("endgame", endgame),
        ("turn", game_screen("turn", "TurnScreen", played=0)),
        ("relationship", game_screen("relationship", "RelationshipScreen")),
        ("proposals", game_screen("proposals", "ProposalsScreen")),
        ("results", game_screen("results", "ResultsScreen")),
        ("history", game_screen("history", "HistoryScreen")),
    ]


def random_event(rng: random.Random, app: Any) -> pygame.event.Event:
    """One random input event, biased toward the widgets on screen."""
    w, h = app.size
    roll = rng.random()
    if roll < 0.40:
        buttons = [e for e in app.manager.get_sprite_group().sprites()
                   if hasattr(e, "pressed_event") and e.alive() and getattr(e, "visible", True)]
        if buttons:
            pos = tuple(int(v) for v in rng.choice(buttons).get_abs_rect().center)
        else:
            pos = (rng.randrange(w), rng.randrange(h))
        kind = pygame.MOUSEBUTTONDOWN if rng.random() < 0.5 else pygame.MOUSEBUTTONUP
        return pygame.event.Event(kind, pos=pos, button=1)
    if roll < 0.55:
        kind = rng.choice([pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP])
        return pygame.event.Event(kind, pos=(rng.randrange(w), rng.randrange(h)),
                                  button=rng.choice([1, 1, 1, 3]))
    if roll < 0.62:
        pos = (rng.randrange(w), rng.randrange(h))
        return pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
    if roll < 0.85:
        mod = pygame.KMOD_SHIFT if rng.random() < 0.15 else 0
        return pygame.event.Event(pygame.KEYDOWN, key=rng.choice(KEYS), mod=mod, unicode="",
                                  scancode=0)
    if roll < 0.92:
        return pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=rng.choice([-3, -1, 1, 3]),
                                  flipped=False, precise_x=0.0, precise_y=0.0)
    if roll < 0.985:
        return pygame.event.Event(pygame.TEXTINPUT, text=rng.choice("abcXYZ 0123-"))
    size = (rng.randrange(800, 1921), rng.randrange(600, 1081))
    return pygame.event.Event(pygame.VIDEORESIZE, w=size[0], h=size[1], size=size)


def warm_up(app: Any, makers: list[tuple[str, Callable[[], Any]]]) -> None:
    """Import every screen module and open every screen once, untimed.

    A fresh clone has no compiled modules yet: a screen imported for the first time inside a
    frame would be timed with its compilation, which happens once per installation.  The
    objects made so far (by the whole test session too) are then moved out of the garbage
    collector's sight, as the game does after start-up.
    """
    import importlib
    import pkgutil

    import leverage.ui.screens

    for module in pkgutil.iter_modules(leverage.ui.screens.__path__):
        importlib.import_module(f"leverage.ui.screens.{module.name}")
    for _name, make in makers:
        app.reset(TitleScreen(app))
        app.push(make())
        for _ in range(2):
            app.tick_once(1 / 60)
    from leverage.ui.app import settle_garbage

    settle_garbage()  # as the game does after start-up: what lasts is out of the collector's sight


def test_monkey(app: Any, make_session: Any) -> None:
    rng = random.Random(SEED)
    makers = screen_makers(app, make_session)
    warm_up(app, makers)
    slowest = (0.0, "")
    slowest_open = (0.0, "")
    slowest_wall = (0.0, "")
    visited: set[str] = set()
    sent = 0
    segment = 0
    started = time.perf_counter()
    while sent < EVENTS:
        name, make = makers[segment % len(makers)]
        segment += 1
        app.running = True
        app.reset(TitleScreen(app))
        if name != "title":
            app.push(make())
        for _ in range(2):  # the first frames of a new screen build it
            app.tick_once(1 / 60)
        if app.top is not None:
            visited.add(app.top.title)
        end = min(EVENTS, sent + SEGMENT)
        while sent < end:
            for _ in range(EVENTS_PER_FRAME):
                pygame.event.post(random_event(rng, app))
                sent += 1
            before = app.top
            app.tick_once(1 / 60)
            top = app.top
            visited.add(top.title if top is not None else "none")
            where = top.title if top is not None else "none"
            if top is not before:
                if app.last_frame_cpu_ms > slowest_open[0]:
                    slowest_open = (app.last_frame_cpu_ms, where)
            elif app.last_frame_cpu_ms > slowest[0]:
                slowest = (app.last_frame_cpu_ms, where)
            if app.last_frame_ms > slowest_wall[0]:
                slowest_wall = (app.last_frame_ms, where)
            if not app.running:  # Quit was chosen: start again from the title
                app.running = True
                app.reset(TitleScreen(app))
        pygame.event.clear()
    elapsed = time.perf_counter() - started
    print(f"\nmonkey: {sent} events, {len(visited)} screens {sorted(visited)}, "
          f"slowest frame {slowest[0]:.1f} ms of work on {slowest[1]}, "
          f"slowest frame opening a screen {slowest_open[0]:.1f} ms on {slowest_open[1]} "
          f"({slowest_wall[0]:.1f} ms wall-clock on {slowest_wall[1]}), {elapsed:.1f} s")
    expected = {n for n, _ in makers}
    assert expected <= visited | {"load", "save"}, expected - visited
    assert slowest[0] <= FRAME_LIMIT_MS, f"a frame took {slowest[0]:.1f} ms on {slowest[1]}"
    assert slowest_open[0] <= FRAME_LIMIT_MS, \
        f"opening {slowest_open[1]} took {slowest_open[0]:.1f} ms"
