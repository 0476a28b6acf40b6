"""The projector board of a hosted class game.

`BoardScreen(app, hosting)`: the join address, a QR code and join code per team, which teams
have joined, how many moves each has planned and who is ready, the turn's timer and, after each
turn, its news and the scores. Buttons: end the turn now (teacher PIN in teacher mode), the
last turn's results with the "why" charts, the end of the game, stop hosting. The teams' messages
are applied by `App.update` (`app.hosting.pump()`) whichever screen is on top; this screen only
draws what the classroom publishes (cached, redrawn when it changes).
"""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING, Any

import pygame

from game.ui.screen import Screen
from game.ui.widgets import ellipsize

if TYPE_CHECKING:
    from game.ui.app import App

#: Most team columns side by side.
MAX_COLUMNS = 5
#: Seconds between two redraws of the board (a class reads it; it need not change every frame).
REDRAW_EVERY = 0.25
#: News lines shown under the teams after a turn.
NEWS_LINES = 4


def qr_surface(text: str, size: int, dark: tuple[int, int, int] = (0, 0, 0),
               light: tuple[int, int, int] = (255, 255, 255)) -> pygame.Surface:
    """`text` as a QR code (segno), drawn square in `size` pixels with a quiet zone."""
    import segno

    matrix = segno.make(text, error="m", micro=False).matrix
    modules = len(matrix) + 4  # two modules of quiet zone each side
    cell = max(1, size // modules)
    surface = pygame.Surface((modules * cell, modules * cell))
    surface.fill(light)
    for y, row in enumerate(matrix):
        for x, bit in enumerate(row):
            if bit:
                surface.fill(dark, pygame.Rect((x + 2) * cell, (y + 2) * cell, cell, cell))
    return surface


def status_words(team: dict[str, Any]) -> tuple[str, str, str]:
    """A team's state in words (its progress, its devices) and its colour name."""
    if not team["joined"]:
        return "Not joined yet", "the computer plays", "text_dim"
    devices = team.get("devices", 0)
    where = f"{devices} device{'s' if devices != 1 else ''}" if devices else "no device connected"
    if team["ready"]:
        return "READY", where, "good"
    planned = team["planned"]
    moves = f"{planned} move{'s' if planned != 1 else ''} planned" if planned else "planning"
    return moves, where, "warn"


def clock_text(seconds: float | None) -> str:
    """'m:ss' left on the timer ('' without one)."""
    if seconds is None:
        return ""
    left = max(0, math.ceil(seconds))
    return f"{left // 60}:{left % 60:02d}"


class BoardScreen(Screen):
    """What the projector shows while teams play on their own devices."""

    title = "board"

    def __init__(self, app: App, hosting: Any) -> None:
        """Show `hosting`'s classroom."""
        super().__init__(app)
        self.hosting = hosting
        self.classroom = hosting.classroom
        self.message = ""
        self._drawn: Any = None
        self._drawn_at = 0.0
        self._surface: pygame.Surface | None = None
        self._qr: dict[tuple[str, int], pygame.Surface] = {}
        self._report: Any = None
        self._cards: dict[str, tuple[Any, pygame.Surface]] = {}

    @property
    def session(self) -> Any:
        """The hosted game."""
        return self.classroom.session

    # -- widgets ----------------------------------------------------------------------------
    def build(self) -> None:
        """The buttons along the bottom."""
        s, h = self.s, self.s(40)
        y = self.height - s(12) - h
        x = s(16)
        over = self.session.is_over
        items = [
            ("End of game" if over else "End turn now", self.end_of_game if over else self.end_now,
             "The game is over: scores and the debrief." if over else
             "Resolve the turn now with the moves planned so far (teacher PIN in teacher mode)."),
            ("Last results", self.show_results,
             "The last turn's news and the 'why' charts, for the whole class."),
            ("Teacher (F2)", self.open_teacher,
             "Take back a turn, make an event happen, pause every team, change the timer, print "
             "the briefing cards (teacher PIN in teacher mode)."),
            ("Stop hosting", self.stop_hosting,
             "Close the team pages' server and go back to the title (the game is autosaved)."),
        ]
        for k, (text, action, tip) in enumerate(items):
            w = self.font(15).size(text)[0] + s(36)
            enabled = not (text == "Last results" and not self.session.reports)
            self.button(pygame.Rect(x, y, w, h), text, action, tooltip=tip, key=k + 1,
                        object_id="#primary" if k == 0 else None, enabled=enabled)
            x += w + s(10)
        self.key(pygame.K_F2, self.open_teacher)
        self._drawn = None

    def font(self, size: int, bold: bool = False) -> pygame.font.Font:
        """The app's font at a scaled size."""
        return self.app.font(self.s(size), bold)

    # -- commands ---------------------------------------------------------------------------
    def end_now(self) -> None:
        """The teacher ends the turn (after the PIN in teacher mode)."""
        session = self.session
        if session.teacher_mode:
            from game.ui.screens.confirm import PinScreen

            self.app.push(PinScreen(self.app, session.pin_matches, self.classroom.end_turn_now,
                                    "end the turn now"))
            return
        self.classroom.end_turn_now()

    def as_teacher(self, action: Any, purpose: str) -> None:
        """Run a teacher's control: at once without teacher mode, else after the PIN."""
        session = self.session
        if not session.teacher_mode:
            action()
            return
        from game.ui.screens.confirm import PinScreen

        self.app.push(PinScreen(self.app, session.pin_matches, action, purpose))

    def open_teacher(self) -> None:
        """The teacher's controls (undo, redo, events, pause, timer, printed pack)."""
        from game.ui.screens.teacher import TeacherScreen

        if self.classroom.resolving is not None:
            return
        self.as_teacher(lambda: self.app.push(TeacherScreen(self.app, self)),  # type: ignore[arg-type]
                        "open the teacher's controls")

    # What the teacher's controls ask of the screen they steer (as of the turn screen).
    @property
    def clock_left(self) -> float | None:
        """Seconds left on the timer."""
        return self.classroom.seconds_left()

    @clock_left.setter
    def clock_left(self, value: float | None) -> None:
        """The timer was changed: it starts again for this turn."""
        self.classroom.restart_timer()

    def confirm_undo(self) -> None:
        """Ask before taking back the last turn (every team's plan of it comes back)."""
        from game.ui.screens.confirm import ConfirmScreen

        turn = self.session.turn - 1
        self.app.push(ConfirmScreen(
            self.app, f"Take back turn {turn}?",
            f"The world goes back to the start of turn {turn}; the moves the teams planned then "
            "are planned again and their pages show it. Redo plays the turn again as it was.",
            "Take it back", self.undo_now))

    def undo_now(self) -> None:
        """Take back the last turn."""
        from game.session import NothingToUndoError

        try:
            self.session.undo()
        except NothingToUndoError as error:
            self.classroom.message = str(error)
        self.classroom.history_changed()
        self.refresh()

    def redo_now(self) -> None:
        """Play the taken-back turn again as it was."""
        self.session.redo()
        self.classroom.history_changed()
        self.refresh()

    def show_results(self) -> None:
        """The last turn's results screen (news and why charts)."""
        if not self.session.reports:
            return
        from game.ui.screens.results import ResultsScreen

        self.app.push(ResultsScreen(self.app, self.session.reports[-1], after_turn=False))

    def end_of_game(self) -> None:
        """The end-of-game screen (scores, debrief export)."""
        from game.ui.screens.endgame import EndgameScreen

        self.app.push(EndgameScreen(self.app))

    def stop_hosting(self) -> None:
        """Ask, then stop the server and go back to the title."""
        from game.ui.screens.confirm import ConfirmScreen

        self.app.push(ConfirmScreen(
            self.app, "Stop hosting this game?",
            "The team pages lose their connection. The game is autosaved: Continue on the title "
            "screen hosts it again with the same codes.", "Stop hosting", self._stop))

    def _stop(self) -> None:
        """Stop the server; back to the title."""
        self.session.autosave_now()
        self.hosting.stop()
        self.app.hosting = None
        from game.ui.screens.title import TitleScreen

        self.app.reset(TitleScreen(self.app))

    def back(self) -> bool:
        """Esc does not stop a class game by accident: it asks."""
        self.stop_hosting()
        return True

    # -- per frame --------------------------------------------------------------------------
    def enter(self) -> None:
        """The board tells the classroom when the pause curtain is up."""
        super().enter()
        from game.ui.screens.teacher import PauseScreen

        app = self.app
        self.classroom.is_paused = lambda: any(isinstance(s, PauseScreen) for s in app.screens)

    def update(self, dt: float) -> None:
        """Rebuild the buttons when a turn was played (Last results, End of game)."""
        report = self.session.reports[-1] if self.session.reports else None
        if report is not self._report:
            self._report = report
            self.refresh()

    def draw(self, surface: pygame.Surface) -> None:
        """The board, redrawn only when the classroom published something new."""
        board = self.classroom.board
        key = (id(board), surface.get_size(), self.app.scale)
        now = time.perf_counter()
        if self._surface is None or self._drawn != key and (
                now - self._drawn_at >= REDRAW_EVERY or self._drawn is None
                or key[1:] != self._drawn[1:]):
            self._surface = self.render(surface.get_size(), board)
            self._drawn = key
            self._drawn_at = now
        surface.blit(self._surface, (0, 0))

    # -- drawing ----------------------------------------------------------------------------
    def write(self, surf: pygame.Surface, text: str, pos: tuple[int, int], size: int,
              colour: tuple[int, int, int] | None = None, bold: bool = False,
              width: int | None = None, anchor: str = "topleft") -> pygame.Rect:
        """Text cut to `width` pixels, placed by `anchor`; returns where it went."""
        if width is not None:
            text = ellipsize(self.font(size, bold), text, width)
        image = self.app.text(text, size, colour or self.app.palette.text, bold)
        rect = image.get_rect(**{anchor: pos})
        surf.blit(image, rect)
        return rect

    def render(self, size: tuple[int, int], board: dict[str, Any]) -> pygame.Surface:
        """The whole board on one surface (each team's card is drawn again only when it
        changed)."""
        palette = self.app.palette
        if self._surface is not None and self._surface.get_size() == size:
            surf = self._surface
        else:
            surf = pygame.Surface(size)
            self._cards = {}
        surf.fill(palette.bg)
        w, h = size
        s = self.s
        m = s(16)
        top = self._header(surf, board, m)
        bottom = h - s(64)
        news_h = self._news_height(bottom - top)
        self._teams(surf, board, pygame.Rect(m, top, w - 2 * m, bottom - top - news_h))
        if news_h:
            self._news(surf, pygame.Rect(m, bottom - news_h + s(6), w - 2 * m, news_h - s(10)))
        return surf

    def _header(self, surf: pygame.Surface, board: dict[str, Any], m: int) -> int:
        """Join address, turn, timer; returns the y under it."""
        palette, s = self.app.palette, self.s
        w = surf.get_width()
        clock = clock_text(board.get("seconds_left"))
        clock_w = self.font(34, True).size(clock)[0] if clock else 0
        turn = ("Game over" if board["over"] else
                f"Turn {board['turn']} of {board['turns']} - {board['date']}")
        if board.get("resolving"):
            turn = "Playing the turn..."
        right = w - m - clock_w - (s(16) if clock else 0)
        turn_rect = self.write(surf, turn, (right, m + s(4)), 18, palette.text_dim,
                               anchor="topright")
        room = turn_rect.left - m - s(16)
        self.write(surf, f"Join at {board['url']}", (m, m), 26, palette.accent, True, room)
        self.write(surf, "Open it on the classroom Wi-Fi, then type your team's code (or scan "
                   "its QR code).", (m, m + s(36)), 15, palette.text_dim, width=room)
        if clock:
            low = (board.get("seconds_left") or 0) <= 15
            self.write(surf, clock, (w - m, m - s(2)), 34, palette.bad if low else palette.warn,
                       True, anchor="topright")
        if board.get("message"):
            self.write(surf, board["message"], (w - m, m + s(44)), 14, palette.bad,
                       width=w // 2, anchor="topright")
        y = m + s(66)
        pygame.draw.line(surf, palette.border, (m, y), (w - m, y), 1)
        return y + s(10)

    def _news_height(self, room: int) -> int:
        """Height of the results strip (0 before the first turn)."""
        if not self.session.reports:
            return 0
        return min(self.s(40 + 22 * NEWS_LINES), room // 3)

    def _teams(self, surf: pygame.Surface, board: dict[str, Any], area: pygame.Rect) -> None:
        """One card per team: name, QR code, join code, state."""
        teams = board["teams"]
        if not teams:
            return
        cols = min(MAX_COLUMNS, len(teams))
        rows = math.ceil(len(teams) / cols)
        gap = self.s(12)
        cw = (area.w - gap * (cols - 1)) // cols
        ch = (area.h - gap * (rows - 1)) // rows
        for k, team in enumerate(teams):
            r, c = divmod(k, cols)
            rect = pygame.Rect(area.x + c * (cw + gap), area.y + r * (ch + gap), cw, ch)
            key = (tuple(sorted(team.items())), rect.size, self.app.scale)
            cached = self._cards.get(team["role"])
            if cached is None or cached[0] != key:
                card = pygame.Surface(rect.size)
                card.fill(self.app.palette.bg)
                self._team_card(card, team, card.get_rect())
                cached = self._cards[team["role"]] = (key, card)
            surf.blit(cached[1], rect)

    def _team_card(self, surf: pygame.Surface, team: dict[str, Any], rect: pygame.Rect) -> None:
        """A team's card."""
        palette, s = self.app.palette, self.s
        role = team["role"]
        ready = team["ready"]
        pygame.draw.rect(surf, palette.panel, rect, border_radius=s(8))
        pygame.draw.rect(surf, palette.good if ready else palette.border, rect,
                         width=max(1, s(3) if ready else 1), border_radius=s(8))
        pad = s(10)
        inner = rect.w - 2 * pad
        world = self.session.world
        title = next((r.title for r in world.roles if world.codes[r.country] == role), "")
        y = rect.y + pad
        name = f"{team['name']} ({role})"
        if self.font(18, True).size(name)[0] > inner:
            name = team["name"]
        self.write(surf, name, (rect.x + pad, y), 18, bold=True, width=inner)
        y += s(24)
        self.write(surf, title, (rect.x + pad, y), 13, palette.text_dim, width=inner)
        y += s(20)
        words, where, colour = status_words(team)
        foot = s(30) + s(40)
        qr_size = min(inner, rect.bottom - pad - foot - y)
        joined = team["joined"]
        code = self.classroom.teams[role].join_code
        if qr_size >= s(60) and not (joined and qr_size < s(100)):
            qr = self._qr_for(self.classroom.join_url(self.classroom.teams[role]), qr_size)
            surf.blit(qr, qr.get_rect(midtop=(rect.centerx, y)))
            y += qr.get_height() + s(4)
        self.write(surf, " ".join(code), (rect.centerx, y), 24, palette.accent, True,
                   anchor="midtop", width=inner)
        y += s(30)
        self.write(surf, words, (rect.centerx, y), 15, getattr(palette, colour), True,
                   anchor="midtop", width=inner)
        self.write(surf, where, (rect.centerx, y + s(20)), 13, palette.text_dim,
                   anchor="midtop", width=inner)

    def _qr_for(self, url: str, size: int) -> pygame.Surface:
        """A team's QR code, cached per size."""
        key = (url, size)
        if key not in self._qr:
            self._qr[key] = qr_surface(url, size)
        return self._qr[key]

    def _news(self, surf: pygame.Surface, rect: pygame.Rect) -> None:
        """The last turn's news and the scores."""
        palette, s = self.app.palette, self.s
        report = self.session.reports[-1]
        pygame.draw.rect(surf, palette.panel, rect, border_radius=s(8))
        pad = s(10)
        scores = "   ".join(f"{code} {report.scores.get(code, 0.0):.0f} "
                            f"({report.score_changes.get(code, 0.0):+.0f})"
                            for code in self.classroom.teams)
        head = f"Turn {report.turn} ({report.date}): scores  {scores}"
        self.write(surf, head, (rect.x + pad, rect.y + pad), 16, palette.text, True,
                   width=rect.w - 2 * pad)
        y = rect.y + pad + s(26)
        for item in list(report.news)[:NEWS_LINES]:
            if y + s(20) > rect.bottom - pad // 2:
                break
            line = f"{getattr(item, 'title', '')}: {getattr(item, 'text', '')}"
            self.write(surf, line, (rect.x + pad, y), 14, palette.text_dim,
                       width=rect.w - 2 * pad)
            y += s(22)


def open_hosted(app: App, session: Any) -> str | None:
    """Host a loaded game again (Continue after a crash or a stop) and show its board; the
    problem in words when it cannot listen."""
    from game.net.classroom import HostError
    from game.net.host import Hosting

    try:
        hosting = Hosting.resume(session)
    except HostError as error:
        return f"The class game could not be hosted again: {error}"
    show_board(app, hosting)
    return None


def show_board(app: App, hosting: Any) -> None:
    """Make `hosting` the app's hosted game and show its board over the title."""
    from game.ui.screens.title import TitleScreen

    app.session = hosting.classroom.session
    app.hosting = hosting
    app.reset(TitleScreen(app))
    app.push(BoardScreen(app, hosting))
