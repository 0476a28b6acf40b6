"""`python main.py demo [SCENARIO] [--turns N] [--screenshots DIR] [--perf]`.

The computer plays every role through the real screens: title, help, settings, load, scenario
picker, set-up (every role played "by a person" at this machine, so the hand-over curtain shows),
briefing, then each turn: hand-over, turn screen with a forecast running, relationship view,
proposals, history charts, a teacher's events, save screen, end turn, results ... and finally the
end of game.
Menu screens are driven by posted mouse clicks and key presses; the game screens by their
commands.  With `--screenshots DIR` a PNG of each screen type is saved as NN-<screen>.png.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pygame

from leverage.ui.app import FPS, App, headless
from leverage.ui.perf import PerfRecorder

#: Seconds spent on each screen with a visible window (headless: a few frames).
PAUSE = 1.2
#: Frames the turn screen runs while its forecast computes (for the --perf figures).
FORECAST_FRAMES = 180
#: Give up on a step after this many frames, and no sooner than MAX_WAIT_SECONDS: unpaced frames
#: run fast, and on a busy machine the forecast worker's process may answer after 3000 of them.
MAX_WAIT_FRAMES = 3000
MAX_WAIT_SECONDS = 60.0


class DemoError(Exception):
    """The demo could not go on (a screen did not appear)."""


class Demo:
    """Drives an App through every screen type."""

    def __init__(self, app: App, screenshots: Path | None, paced: bool, pause: float) -> None:
        """`paced`: run at 60 frames a second (visible window or --perf)."""
        self.app = app
        self.screenshots = screenshots
        self.paced = paced
        self.pause_seconds = pause
        self.count = 0
        self.seen: set[str] = set()
        self.saved: list[Path] = []
        self.clock = pygame.time.Clock()

    # -- frames -----------------------------------------------------------------------------
    def frames(self, n: int) -> None:
        """Run n frames (paced at 60 fps when asked)."""
        for _ in range(n):
            if not self.app.running:
                raise DemoError("the window was closed")
            dt = self.clock.tick(FPS) / 1000.0 if self.paced else 1.0 / FPS
            self.app.tick_once(min(dt, 0.1))

    def pause(self) -> None:
        """Stay on the current screen for a moment."""
        self.frames(max(3, int(self.pause_seconds * FPS)))

    def wait_for(self, test: Callable[[], bool], what: str) -> None:
        """Run frames until `test()` holds (at least MAX_WAIT_FRAMES frames and MAX_WAIT_SECONDS)."""
        deadline = time.monotonic() + MAX_WAIT_SECONDS
        waited = 0
        while not test():
            if waited >= MAX_WAIT_FRAMES and time.monotonic() > deadline:
                raise DemoError(f"timed out waiting for {what}")
            self.frames(1)
            waited += 1

    def wait_top(self, title: str) -> Any:
        """Run frames until the screen called `title` is on top; return it."""
        self.wait_for(lambda: self.app.top is not None and self.app.top.title == title,
                      f"the {title} screen")
        return self.app.top

    def capture(self, name: str | None = None) -> None:
        """Save a screenshot of the top screen the first time its kind is seen."""
        top = self.app.top
        name = name or (top.title if top is not None else "screen")
        if self.screenshots is None or name in self.seen:
            return
        self.park_mouse()
        self.seen.add(name)
        self.count += 1
        path = self.screenshots / f"{self.count:02d}-{name}.png"
        self.app.screenshot(path)
        self.saved.append(path)

    def park_mouse(self) -> None:
        """Move the pointer to the window's corner so no tooltip covers the screenshot."""
        pos = (0, 0)
        try:
            pygame.mouse.set_pos(pos)
        except pygame.error:
            pass
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0),
                                             buttons=(0, 0, 0)))
        self.frames(3)

    # -- input ------------------------------------------------------------------------------
    def click(self, text: str) -> None:
        """Click the visible button whose text starts with `text`."""
        for element in self.app.manager.get_sprite_group().sprites():
            label = getattr(element, "text", None)
            if (isinstance(label, str) and label.startswith(text) and element.alive()
                    and getattr(element, "visible", True) and hasattr(element, "pressed_event")):
                pos = element.get_abs_rect().center
                pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0),
                                                     buttons=(0, 0, 0)))
                pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
                pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
                self.frames(3)
                return
        raise DemoError(f"no button '{text}' on the {self.app.top.title if self.app.top else '?'} screen")

    def key(self, key: int) -> None:
        """Press and release a key."""
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=0, unicode="", scancode=0))
        self.frames(3)

    def visit(self, open_screen: Callable[[], object], title: str) -> None:
        """Open a screen, show it, capture it and go back."""
        depth = len(self.app.screens)
        try:
            open_screen()
        except ImportError as error:  # a screen this version does not have
            sys.stderr.write(f"demo: skipping the {title} screen ({error})\n")
            return
        self.frames(3)
        if self.app.top is None or self.app.top.title != title:
            return
        self.pause()
        self.capture()
        while len(self.app.screens) > depth:
            self.app.pop()
        self.frames(2)

    # -- the run ----------------------------------------------------------------------------
    def run(self, scenario: Path | None, turns: int | None) -> None:
        """The whole tour, from the title to the end of the game."""
        from leverage.ui.screens.title import TitleScreen

        self.app.reset(TitleScreen(self.app))
        self.frames(3)
        self.pause()
        self.capture()
        self.menus()
        self.click("New game")
        picker = self.wait_top("picker")
        picker.wait_loaded()
        self.wait_for(lambda: picker.cards is not None, "the scenario list")
        self.frames(3)
        self.pause()
        self.capture()
        card = choose_card(picker.cards + cards_beside(picker.cards, scenario), scenario)
        picker.choose(card)
        setup = self.wait_top("setup")
        self.setup(setup, turns)
        self.click("Start game")
        self.wait_for(lambda: self.app.top is not None and self.app.top.title in (
            "briefing", "handover"), "the briefing or the first hand-over")
        if self.app.session is not None:
            self.app.session.autosave = False  # the demo leaves the player's saves alone
        if self.app.top is not None and self.app.top.title == "briefing":
            self.pause()
            self.capture()
            self.click("Begin")
        else:
            self.private_briefing()
        self.play()
        self.endgame()

    def private_briefing(self) -> None:
        """Hot seat: the first team opens its own briefing from its hand-over (B), then plays."""
        self.pause()
        self.capture("handover")
        self.key(pygame.K_b)
        self.wait_top("briefing")
        self.pause()
        self.capture("briefing")
        self.key(pygame.K_ESCAPE)
        self.wait_top("turn")

    def menus(self) -> None:
        """Help (F1), settings and load, each shown and closed."""
        from leverage.ui.screens.saveload import SaveLoadScreen
        from leverage.ui.screens.settings import SettingsScreen

        self.visit(lambda: self.key(pygame.K_F1), "help")
        self.visit(lambda: self.app.push(SettingsScreen(self.app)), "settings")
        self.visit(lambda: self.app.push(SaveLoadScreen(self.app, mode="load")), "load")

    def setup(self, setup: Any, turns: int | None) -> None:
        """Every role 'played by a person' (the demo decides for them), others by the computer."""
        for code in setup.codes:
            if code in setup.role_titles:
                setup.kinds[code] = "human"
                entry = setup.name_entries.get(code)
                if entry is not None:
                    entry.set_text(f"Computer for {setup.country_names[code]}")
            else:
                setup.kinds[code] = "computer"
                setup.levels[code] = "easy"
        setup.seed = "2018"
        if turns is not None:
            setup.turns = max(1, int(turns))
        setup.relayout()
        self.frames(2)
        self.pause()
        self.capture()

    def play(self) -> None:
        """Play turn after turn until the end-of-game screen shows."""
        first = True
        for _ in range(200):
            self.wait_for(lambda: self.app.top is not None and self.app.top.title in (
                "handover", "turn", "results", "endgame", "confirm"), "the game screens")
            top = self.app.top
            assert top is not None
            if top.title == "endgame":
                return
            if top.title == "confirm":  # a turn ended with nothing planned: yes, end it
                self.capture()
                self.key(pygame.K_y)
                continue
            if top.title == "handover":
                self.pause()
                self.capture()
                self.key(pygame.K_RETURN)
                continue
            if top.title == "results":
                self.frames(5)
                self.pause()
                self.capture()
                self.leave_results()
                continue
            self.plan_turn(top, first)
            first = False
        raise DemoError("the game did not end")

    def leave_results(self) -> None:
        """Close the results screen (Esc), whatever is under it."""
        depth = len(self.app.screens)
        self.key(pygame.K_ESCAPE)
        if len(self.app.screens) >= depth and self.app.top is not None \
                and self.app.top.title == "results":
            self.app.pop()
            self.frames(2)

    def plan_turn(self, turn: Any, first: bool) -> None:
        """Decide the current player's moves, show a forecast, tour the side screens, end."""
        session = self.app.session
        player = getattr(turn, "player", None)
        moves = decide(session, player) if player is not None else []
        if moves and hasattr(turn, "pick_card"):
            move_id, target = moves[0]
            turn.pick_card(move_id)
            if target and hasattr(turn, "choose_target"):
                turn.choose_target(target)
            self.frames(FORECAST_FRAMES if first else 20)
            worker = getattr(turn, "worker", None)
            if worker is not None:
                self.wait_for(lambda: not is_busy(worker), "the forecast")
            self.frames(3)
        self.pause()
        self.capture()
        if session is not None and session.turn == session.turns:
            self.side_screens(turn)  # on the last turn the charts have the most to show
        self.plan_moves(turn, moves)
        self.frames(2)
        turn.end_turn()
        self.wait_for(lambda: self.app.top is not turn, "the end of the turn")

    def plan_moves(self, turn: Any, moves: list[tuple[str, str]]) -> None:
        """Plan the decided moves through the turn screen's commands."""
        for move_id, target in moves:
            try:
                if getattr(turn, "card", None) != move_id:
                    turn.pick_card(move_id)
                if target:
                    turn.choose_target(target)
                turn.plan_card()
            except Exception:  # a move that is no longer legal is skipped
                continue
            self.frames(1)

    def side_screens(self, turn: Any) -> None:
        """Relationship view, proposals, history charts (with a trade chart), a teacher's events
        and saving, once."""
        from leverage.ui.screens.saveload import SaveLoadScreen

        for method, title in (("open_relationship", "relationship"), ("open_proposals", "proposals"),
                              ("open_history", "history"), ("open_events", "events")):
            action = getattr(turn, method, None)
            if action is not None:
                self.visit(self.with_trade(action) if title == "history" else action, title)
        self.visit(lambda: self.app.push(SaveLoadScreen(self.app, mode="save")), "save")

    def with_trade(self, open_history: Callable[[], object]) -> Callable[[], None]:
        """Open the history charts, list the trade pairs (T) and chart the first pair's exports."""

        def run() -> None:
            """The history screen with a trade chart."""
            from leverage.ui.screens.history import HistoryScreen, trade_pairs

            open_history()
            self.frames(2)
            screen = self.app.top
            if not isinstance(screen, HistoryScreen) or self.app.session is None:
                return
            self.key(pygame.K_t)
            pairs = trade_pairs(self.app.session, screen.home)
            if pairs:
                screen.toggle_flow(pairs[0])

        return run

    def endgame(self) -> None:
        """Show each tab of the end-of-game screen."""
        screen = self.wait_top("endgame")
        self.frames(3)
        self.pause()
        self.capture("endgame")
        for k, name in ((2, "endgame-charts"), (3, "endgame-history"), (4, "endgame-discussion")):
            self.key(getattr(pygame, f"K_{k}"))
            self.frames(2)
            self.pause()
            self.capture(name)
        screen.show(0)
        self.frames(2)


def is_busy(worker: Any) -> bool:
    """True while a forecast worker still has work (busy may be a property or a method)."""
    busy = getattr(worker, "busy", False)
    return bool(busy() if callable(busy) else busy)


def choose_card(cards: list[Any], scenario: Path | None) -> Any:
    """The card of the wanted scenario (path, file name or id), else the first playable one."""
    playable = [c for c in cards if c.ok]
    if not playable:
        raise DemoError("no playable scenario")
    if scenario is None:
        return playable[0]
    wanted = str(scenario)
    for card in playable:
        path = Path(card.path)
        if wanted in (str(path), path.name, path.stem) or path.resolve() == Path(wanted).resolve():
            return card
    raise DemoError(f"no playable scenario '{wanted}'")


def cards_beside(listed: list[Any], scenario: Path | None) -> list[Any]:
    """Cards of the scenario's own folder when it is not one the picker lists (a file elsewhere)."""
    if scenario is None or not scenario.is_file():
        return []
    if any(Path(card.path).resolve() == scenario.resolve() for card in listed):
        return []
    from leverage.ui.screens.picker import load_catalog

    return [card for card in load_catalog(scenario.parent)
            if Path(card.path).resolve() == scenario.resolve()]


def scenario_problem(name: str, path: Path) -> str | None:
    """Why the demo cannot play the scenario named `name` (found at `path`), or None."""

    if not path.is_file():
        from leverage.resources import unknown_scenario_message

        return unknown_scenario_message(name)
    from leverage.scenario import ScenarioError, load_scenario

    try:
        loaded = load_scenario(str(path))
    except ScenarioError as error:
        errors = [str(p) for p in error.problems if p.is_error]
        return "\n".join([*errors, f"{path}: {len(errors)} error(s), so the demo cannot play it; "
                                    f"fix them first (python main.py validate {path})"])
    if not loaded.world.roles:
        return (f"{path}: scenario '{loaded.world.scenario_id}' has no playable role, so there is "
                "nobody to play; add a `roles:` section naming at least one of its countries, "
                "with objectives (docs/scenario-format.md, 'roles and objectives')")
    return None


def decide(session: Any, code: str) -> list[tuple[str, str]]:
    """The moves the computer would choose for `code` now: [(move id, target code)]."""
    try:
        import numpy as np

        from leverage.core.ai import choose_actions

        world, state = session.world, session.state
        levels = ["easy"] * world.n
        rng = np.random.default_rng(1000 + session.turn)
        actions = choose_actions(world, state, levels, rng)
        row = actions.moves[0, world.country(code)]
        chosen = [(world.moves[int(m)].id, world.codes[int(row[m]) - 1]) for m in np.flatnonzero(row)]
        for proposal in session.inbox(code):
            accept = bool(actions.accept[0, world.country(code), world.country(proposal.proposer),
                                         proposal.move_index])
            session.respond(code, proposal, accept)
        return chosen
    except Exception:  # the demo goes on without moves for this player
        return []


def resolve_scenario(scenario: str | None) -> Path | None:
    """A scenario given as a path, or the id of a shipped or user scenario."""
    if scenario is None:
        return None
    from leverage.resources import find_scenario_file

    return find_scenario_file(scenario) or Path(scenario)


def run_demo(scenario: str | None = None, turns: int | None = None,
             screenshots: str | None = None, perf: bool = False,
             size: tuple[int, int] | None = None) -> int:
    """Run the demo; 0 when it reached the end of the game, 1 otherwise."""
    path = resolve_scenario(scenario)
    problem = scenario_problem(scenario, path) if scenario is not None and path else None
    if problem is not None:
        sys.stderr.write(f"demo: {problem}\n")
        return 1
    recorder = PerfRecorder() if perf else None
    folder = Path(screenshots) if screenshots else None
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    visible = not headless()
    app = App(size=size, perf=recorder, prewarm=True)  # None: the saved window size
    app.session = None
    demo = Demo(app, folder, paced=visible or perf, pause=PAUSE if visible else 0.0)
    started = time.perf_counter()
    code = 0
    try:
        demo.run(path, turns)
    except DemoError as error:
        sys.stderr.write(f"demo: {error}\n")
        code = 1
    finally:
        app.close()
    elapsed = time.perf_counter() - started
    print(f"Demo finished in {elapsed:.1f} s" + (f"; {len(demo.saved)} screenshots in {folder}"
                                                 if folder is not None else ""))
    if recorder is not None:
        print(recorder.report())
    return code


def main() -> int:
    """Run the demo from `python -m leverage.ui.demo [SCENARIO]`."""
    args = sys.argv[1:]
    return run_demo(args[0] if args else None, None, os.environ.get("LEVERAGE_SHOTS"), False)


if __name__ == "__main__":
    raise SystemExit(main())
