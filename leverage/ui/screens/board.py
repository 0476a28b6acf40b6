"""The projector board of a hosted class game.

`BoardScreen(app, hosting)`: the join address, a QR code and join code per team, which teams
have joined, how many moves each has planned and who is ready, the turn's timer, the map (the
turn screen's `WorldMap`) and, after each turn, its news and the scores. Buttons: end the turn
now (teacher PIN in teacher mode), the last turn's results with the "why" charts, the teacher's
controls, the end of the game, stop hosting. The teams' messages are applied by `App.update`
(`app.hosting.pump()`) whichever screen is on top; this screen only draws what the classroom
publishes (cached, redrawn when it changes).
"""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING, Any

import pygame

from leverage.ui.charts import wrap_text
from leverage.ui.mapview import MapSnapshot, WorldMap, signed
from leverage.ui.screens.turn import GameScreen

if TYPE_CHECKING:
    from leverage.ui.app import App

#: Shares of the board's width (in %) the teams' cards may take, the first that holds them
#: (each card with room for its main lines); the map has the rest.
TEAMS_SHARES = (50, 60, 70)
#: Narrowest room for a team card's words beside its QR code (unscaled pixels).
CARD_TEXT_MIN = 160
#: Padding inside a team card (unscaled pixels).
CARD_PAD = 10
#: Smallest QR code drawn (unscaled pixels); once a team has joined, smaller than QR_MIN_JOINED
#: is left out (its code is still shown).
QR_MIN = 60
QR_MIN_JOINED = 90
#: Lines of a card's words kept under its QR code (name, code, progress, devices).
QR_WORDS = 4
#: Seconds between two redraws of the board (a class reads it; it need not change every frame).
REDRAW_EVERY = 0.25
#: Seconds a frame may spend drawing team cards anew; the others keep their last look until
#: the next frame (a new turn changes all ten cards of a ten-team class at once).
CARDS_BUDGET = 0.004
#: News lines shown under the teams after a turn.
NEWS_LINES = 4


def qr_modules(text: str) -> list[list[bool]]:
    """`text` as a QR code's modules (segno), dark ones True, without the quiet zone."""
    import segno

    return [[bool(bit) for bit in row] for row in segno.make(text, error="m", micro=False).matrix]


def qr_surface(modules: list[list[bool]], size: int, dark: tuple[int, int, int] = (0, 0, 0),
               light: tuple[int, int, int] = (255, 255, 255)) -> pygame.Surface:
    """A QR code's `modules` drawn square in `size` pixels, with a quiet zone of two modules
    each side (whole pixels per module, so the code stays sharp)."""
    count = len(modules) + 4
    small = pygame.Surface((count, count))
    small.fill(light)
    for y, row in enumerate(modules):
        for x, bit in enumerate(row):
            if bit:
                small.set_at((x + 2, y + 2), dark)
    cell = max(1, size // count)
    return pygame.transform.scale(small, (count * cell, count * cell))


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


class BoardScreen(GameScreen):
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
        self._qr_modules: dict[str, list[list[bool]]] = {}
        self._report: Any = None
        self._cards: dict[str, tuple[Any, pygame.Surface]] = {}
        #: True when some team cards were left as they were to keep the frame short.
        self._stale = False
        self._results_panel: Any = None
        self._tips: list[tuple[pygame.Rect, str]] = []
        self.map = WorldMap(app)
        self.map.legend_may_cover = False  # a flag hidden on the projector is a team's country
        self._map_key: Any = None
        #: Where the teams, the map and the results went on the last render.
        self.areas: dict[str, pygame.Rect] = {}

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

    # -- commands ---------------------------------------------------------------------------
    def end_now(self) -> None:
        """The teacher ends the turn (after the PIN in teacher mode)."""
        session = self.session
        if session.teacher_mode:
            from leverage.ui.screens.confirm import PinScreen

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
        from leverage.ui.screens.confirm import PinScreen

        self.app.push(PinScreen(self.app, session.pin_matches, action, purpose))

    def open_teacher(self) -> None:
        """The teacher's controls (undo, redo, events, pause, timer, printed pack)."""
        from leverage.ui.screens.teacher import TeacherScreen

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
        from leverage.ui.screens.confirm import ConfirmScreen

        turn = self.session.turn - 1
        self.app.push(ConfirmScreen(
            self.app, f"Take back turn {turn}?",
            f"The world goes back to the start of turn {turn}; the moves the teams planned then "
            "are planned again and their pages show it. Redo plays the turn again as it was.",
            "Take it back", self.undo_now))

    def undo_now(self) -> None:
        """Take back the last turn."""
        from leverage.session import NothingToUndoError

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
        from leverage.ui.screens.results import ResultsScreen

        self.app.push(ResultsScreen(self.app, self.session.reports[-1], after_turn=False))

    def end_of_game(self) -> None:
        """The end-of-game screen (scores, debrief export)."""
        from leverage.ui.screens.endgame import EndgameScreen

        self.app.push(EndgameScreen(self.app))

    def stop_hosting(self) -> None:
        """Ask, then stop the server and go back to the title."""
        from leverage.ui.screens.confirm import ConfirmScreen

        self.app.push(ConfirmScreen(
            self.app, "Stop hosting this game?",
            "The team pages lose their connection. The game is autosaved: Continue on the title "
            "screen hosts it again with the same codes.", "Stop hosting", self._stop))

    def _stop(self) -> None:
        """Stop the server; back to the title."""
        self.session.autosave_now()
        self.hosting.stop()
        self.app.hosting = None
        from leverage.ui.screens.title import TitleScreen

        self.app.reset(TitleScreen(self.app))

    def back(self) -> bool:
        """Esc does not stop a class game by accident: it asks."""
        self.stop_hosting()
        return True

    # -- per frame --------------------------------------------------------------------------
    def enter(self) -> None:
        """The board tells the classroom when the pause curtain is up."""
        super().enter()
        from leverage.ui.screens.teacher import PauseScreen

        app = self.app
        self.classroom.is_paused = lambda: any(isinstance(s, PauseScreen) for s in app.screens)

    def handle(self, event: pygame.event.Event) -> bool:
        """The map follows the mouse (hover, wheel zoom, drag); then the buttons and keys."""
        self.map.handle(event)
        return super().handle(event)

    def update(self, dt: float) -> None:
        """Rebuild the buttons when a turn was played (Last results, End of game); give the map
        the new state."""
        super().update(dt)
        report = self.session.reports[-1] if self.session.reports else None
        if report is not self._report:
            self._report = report
            self.refresh()
        self._refresh_map()

    def _refresh_map(self) -> None:
        """A new map snapshot when the world changed (never while a turn is being played)."""
        if self.classroom.resolving is not None:
            return
        session = self.session
        key = (len(session.states), session.turn, id(session.state))
        if key != self._map_key:
            self._map_key = key
            self.map.set_snapshot(MapSnapshot.from_session(session, None))
            self.map.selected = None

    def draw(self, surface: pygame.Surface) -> None:
        """The board (redrawn only when the classroom published something new), then the map."""
        board = self.classroom.board
        key = (id(board), surface.get_size(), self.app.scale, self._report)
        now = time.perf_counter()
        if self._surface is None or self._stale or self._drawn != key and (
                now - self._drawn_at >= REDRAW_EVERY or self._drawn is None
                or key[1:] != self._drawn[1:]):
            self._surface = self.render(surface.get_size(), board)
            self._drawn = key
            self._drawn_at = now
        self.place(surface, self._surface, (0, 0))
        self.tips = list(self._tips)
        self.map.set_rect(self.areas["map"])
        if self.map.ready() or not self.defer_work():
            self.map.draw(surface)
        else:
            self.map.draw_placeholder(surface)
        if self.map.tooltip():
            self.tips.append((self.map.rect, self.map.tooltip() or ""))

    # -- drawing ----------------------------------------------------------------------------
    def render(self, size: tuple[int, int], board: dict[str, Any]) -> pygame.Surface:
        """The whole board but the map on one surface (each team's card is drawn again only
        when it changed)."""
        palette = self.app.palette
        if self._surface is not None and self._surface.get_size() == size:
            surf = self._surface
            self.app.text_log.clear(surf)
        else:
            surf = pygame.Surface(size)
            self._cards = {}
        surf.fill(palette.bg)
        self._tips = []
        self._stale = False
        top = self._header(surf, board, self.s(16))
        for share in TEAMS_SHARES:
            self.areas = board_areas(pygame.Rect(0, 0, *size), top, self.s,
                                     bool(self.session.reports), share)
            grid = self.card_grid(len(board["teams"]), self.areas["teams"])
            if grid[2]:
                break
        self._teams(surf, board, self.areas["teams"], grid[:2])
        if "results" in self.areas:
            self._results(surf, self.areas["results"])
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
        self.write(surf, f"Join at {board['url']}", (m, m), 26, palette.accent, bold=True,
                   max_width=room)
        hint = ("Open it on the classroom Wi-Fi, then type your team's code (or scan its QR "
                "code).")
        message = board.get("message") or ""
        message_w = min(w // 2, self.font(14).size(message)[0]) if message else 0
        hint_room = w - 2 * m - (message_w + s(16) if message else 0)
        self.write(surf, hint, (m, m + s(38)), 15, palette.text_dim, max_width=hint_room)
        if clock:
            low = (board.get("seconds_left") or 0) <= 15
            self.write(surf, clock, (w - m, m - s(2)), 34, palette.bad if low else palette.warn,
                       bold=True, anchor="topright")
        if message:
            self.write(surf, message, (w - m, m + s(40)), 14, palette.bad, anchor="topright",
                       max_width=message_w)
        y = m + s(66)
        pygame.draw.line(surf, palette.border, (m, y), (w - m, y), 1)
        return y + s(10)

    def card_grid(self, teams: int, area: pygame.Rect) -> tuple[int, int, bool]:
        """Columns and rows of the team cards in `area`, and whether each holds its main
        lines."""
        return card_grid(teams, area, self.s(10), self.s(CARD_TEXT_MIN),
                         self.card_text_height(3) + 2 * self.s(CARD_PAD),
                         self.card_text_height(QR_WORDS))

    def _teams(self, surf: pygame.Surface, board: dict[str, Any], area: pygame.Rect,
               grid: tuple[int, int]) -> None:
        """One card per team: name, QR code, join code, state."""
        teams = board["teams"]
        if not teams:
            return
        gap = self.s(10)
        cols, rows = grid
        cw = (area.w - gap * (cols - 1)) // cols
        ch = (area.h - gap * (rows - 1)) // rows
        deadline = time.perf_counter() + CARDS_BUDGET
        for k, team in enumerate(teams):
            r, c = divmod(k, cols)
            rect = pygame.Rect(area.x + c * (cw + gap), area.y + r * (ch + gap), cw, ch)
            key = (tuple(sorted(team.items())), rect.size, self.app.scale)
            cached = self._cards.get(team["role"])
            if cached is not None and cached[0] != key and cached[0][1:] == key[1:] \
                    and time.perf_counter() > deadline:
                self._stale = True  # this card's news waits for the next frame
            elif cached is None or cached[0] != key:
                card = pygame.Surface(rect.size)
                card.fill(self.app.palette.bg)
                self._team_card(card, team)
                cached = self._cards[team["role"]] = (key, card)
            self.place(surf, cached[1], rect.topleft)
            self._tips.append((rect, self.team_tip(team)))

    def card_lines(self, team: dict[str, Any]) -> list[tuple[str, int, str, bool]]:
        """A team card's lines, most important first: (text, size, colour name, bold)."""
        world = self.session.world
        role = team["role"]
        title = next((r.title for r in world.roles if world.codes[r.country] == role), "")
        words, where, colour = status_words(team)
        code = " ".join(self.classroom.teams[role].join_code)
        return [(f"{team['name']} ({role})", 18, "text", True), (code, 24, "accent", True),
                (words, 15, colour, True), (where, 13, "text_dim", False),
                (title, 13, "text_dim", False)]

    def compact_lines(self, team: dict[str, Any]) -> list[tuple[str, int, str, bool]]:
        """A small card's lines: the role with its progress, then the join code."""
        words, _, colour = status_words(team)
        return [(f"{team['role']}: {words}", 15, colour, True),
                (" ".join(self.classroom.teams[team["role"]].join_code), 20, "accent", True)]

    def card_text_height(self, lines: int) -> int:
        """Height of a card's first `lines` lines of text."""
        sizes = [(18, True), (24, True), (15, True), (13, False), (13, False)][:lines]
        return sum(self.font(size, bold).get_linesize() for size, bold in sizes)

    def lines_height(self, lines: list[tuple[str, int, str, bool]]) -> int:
        """Height of these lines of text."""
        return sum(self.font(size, bold).get_linesize() for _, size, _, bold in lines)

    def team_tip(self, team: dict[str, Any]) -> str:
        """A team card's tooltip: everything the card says."""
        lines = self.card_lines(team)
        return "\n".join([lines[0][0], f"Join code: {lines[1][0].replace(' ', '')}",
                          *(text for text, *_ in lines[2:] if text)])

    def _team_card(self, surf: pygame.Surface, team: dict[str, Any]) -> None:
        """A team's card: its QR code above its words or beside them (whichever leaves the
        larger code), or its words alone when there is no room for a readable code."""
        palette, s = self.app.palette, self.s
        rect = surf.get_rect()
        ready = team["ready"]
        pygame.draw.rect(surf, palette.panel, rect, border_radius=s(8))
        pygame.draw.rect(surf, palette.good if ready else palette.border, rect,
                         width=max(1, s(3) if ready else 1), border_radius=s(8))
        pad = s(CARD_PAD)
        side, above = qr_sizes(rect.size, pad, s(CARD_TEXT_MIN), self.card_text_height(QR_WORDS))
        size = max(side, above)
        if size < s(QR_MIN) or (team["joined"] and size < s(QR_MIN_JOINED)):
            self._card_words(surf, team, pygame.Rect(pad, pad, rect.w - 2 * pad,
                                                     rect.h - 2 * pad), "topleft")
            return
        role = team["role"]
        qr = self._qr_for(self.classroom.join_url(self.classroom.teams[role]), size)
        if above > side:
            words_h = rect.h - 3 * pad - qr.get_height()
            shown = self.lines_that_fit(words_h)
            y = (rect.h - qr.get_height() - pad - self.card_text_height(shown)) // 2
            surf.blit(qr, qr.get_rect(midtop=(rect.centerx, y)))
            top = y + qr.get_height() + pad
            self._card_words(surf, team, pygame.Rect(pad, top, rect.w - 2 * pad,
                                                     rect.h - pad - top), "midtop")
            return
        surf.blit(qr, qr.get_rect(midleft=(pad, rect.centery)))
        x = 2 * pad + qr.get_width()
        self._card_words(surf, team, pygame.Rect(x, pad, rect.w - x - pad, rect.h - 2 * pad),
                         "topleft")

    def lines_that_fit(self, height: int) -> int:
        """How many of a card's lines fit in `height` pixels."""
        shown = 0
        while shown < 5 and self.card_text_height(shown + 1) <= height:
            shown += 1
        return shown

    def _card_words(self, surf: pygame.Surface, team: dict[str, Any], area: pygame.Rect,
                    anchor: str) -> None:
        """A card's lines that fit in `area`, centred in its height, aligned by `anchor`."""
        palette = self.app.palette
        lines = self.card_lines(team)
        if self.card_text_height(3) > area.h:  # too small for name, code and progress
            lines = self.compact_lines(team)
        shown = len(lines)
        while shown and self.lines_height(lines[:shown]) > area.h:
            shown -= 1
        y = area.y + (area.h - self.lines_height(lines[:shown])) // 2
        x = area.centerx if anchor == "midtop" else area.x
        for text, size, colour, bold in lines[:shown]:
            font = self.font(size, bold)
            if text:
                if size == 18 and font.size(text)[0] > area.w:
                    text = team["name"]
                if colour == "accent" and font.size(text)[0] > area.w:
                    text = text.replace(" ", "")  # a join code is never cut
                self.write(surf, text, (x, y), size, getattr(palette, colour), bold=bold,
                           anchor=anchor, max_width=area.w)
            y += font.get_linesize()

    def _qr_for(self, url: str, size: int) -> pygame.Surface:
        """A team's QR code, cached per size (its modules are worked out once per address)."""
        key = (url, size)
        if key not in self._qr:
            if url not in self._qr_modules:
                self._qr_modules[url] = qr_modules(url)
            self._qr[key] = qr_surface(self._qr_modules[url], size)
        return self._qr[key]

    def _results(self, surf: pygame.Surface, rect: pygame.Rect) -> None:
        """The last turn's scores and news, drawn once per turn and size."""
        report = self.session.reports[-1]
        key = (rect.size, self.app.scale, tuple(self.classroom.teams))
        cached = self._results_panel
        if cached is None or cached[0] != key or cached[1] is not report:
            panel = pygame.Surface(rect.size)
            panel.fill(self.app.palette.bg)
            before = len(self._tips)
            self._draw_results(panel, panel.get_rect(), report)
            tips = self._tips[before:]
            del self._tips[before:]
            cached = self._results_panel = (key, report, panel, tips)
        self.place(surf, cached[2], rect.topleft)
        self._tips.extend((area.move(rect.topleft), tip) for area, tip in cached[3])

    def _draw_results(self, surf: pygame.Surface, rect: pygame.Rect, report: Any) -> None:
        """The last turn's scores and news (the why charts are under Last results)."""
        palette, s = self.app.palette, self.s
        pygame.draw.rect(surf, palette.panel, rect, border_radius=s(8))
        pad = s(10)
        inner = rect.w - 2 * pad
        bottom = rect.bottom - pad // 2
        y = rect.y + pad
        hint = "Why: Last results (2)"
        head = f"Turn {report.turn} ({report.date}): scores"
        hint_w = self.font(13).size(hint)[0]
        head_w = self.font(16, True).size(head)[0]
        if head_w + hint_w + s(16) <= inner:
            self.write(surf, hint, (rect.right - pad, y + s(2)), 13, palette.text_dim,
                       anchor="topright")
            self._tips.append((pygame.Rect(rect.right - pad - hint_w, y, hint_w, s(20)),
                               "Last results opens this turn's news and the 'why' charts of "
                               "every country, for the whole class."))
        self.write(surf, head, (rect.x + pad, y), 16, bold=True,
                   max_width=inner - (hint_w + s(16) if head_w + hint_w + s(16) <= inner else 0))
        y += self.font(16, True).get_linesize()
        scores = [f"{code} {report.scores.get(code, 0.0):.0f} "
                  f"({signed(report.score_changes.get(code, 0.0))})" for code in self.classroom.teams]
        step = self.font(15, True).get_linesize()
        for line in wrap_text(self.font(15, True), "   ".join(scores), inner)[:2]:
            if y + step > bottom:
                return
            self.write(surf, line, (rect.x + pad, y), 15, palette.accent, bold=True,
                       max_width=inner)
            y += step
        step = self.font(14).get_linesize()
        for item in list(report.news)[:NEWS_LINES]:
            if y + step > bottom:
                break
            line = f"{getattr(item, 'title', '')}: {getattr(item, 'text', '')}"
            self.write(surf, line, (rect.x + pad, y), 14, palette.text_dim, max_width=inner)
            y += step


def board_areas(window: pygame.Rect, top: int, s: Any, results: bool,
                share: int = TEAMS_SHARES[0]) -> dict[str, pygame.Rect]:
    """Where the board's parts go under the header: the teams' cards on the left (`share` %
    of the width), the map on the right over the last turn's results (when a turn has been
    played)."""
    m, gap = s(16), s(12)
    body = pygame.Rect(m, top, window.w - 2 * m, window.h - s(64) - top)
    teams_w = (body.w - gap) * share // 100
    teams = pygame.Rect(body.x, body.y, teams_w, body.h)
    right = pygame.Rect(teams.right + gap, body.y, body.right - teams.right - gap, body.h)
    areas = {"teams": teams, "map": right}
    if results:
        results_h = min(s(44 + 22 * (NEWS_LINES + 1)), right.h * 2 // 5)
        areas["map"] = pygame.Rect(right.x, right.y, right.w, right.h - results_h - gap)
        areas["results"] = pygame.Rect(right.x, right.bottom - results_h, right.w, results_h)
    return areas


def qr_sizes(card: tuple[int, int], pad: int, text_min: int, text_h: int) -> tuple[int, int]:
    """The largest QR code a card holds beside its words and above them."""
    w, h = card
    return min(h - 2 * pad, w - 3 * pad - text_min), min(w - 2 * pad, h - 3 * pad - text_h)


def card_grid(teams: int, area: pygame.Rect, gap: int, text_min: int, min_height: int,
              text_h: int) -> tuple[int, int, bool]:
    """Columns and rows of team cards, and whether every card holds its main lines
    (`min_height` tall, `text_min` wide): the largest QR codes that leave each card room for
    its words (`text_h` high under the code, `text_min` wide beside it), and the fewest
    columns; when no grid holds them, the one that falls least short."""
    best: tuple[tuple[int, int, int], tuple[int, int, bool]] | None = None
    for cols in range(1, max(1, min(teams, 4)) + 1):
        rows = math.ceil(teams / cols)
        cw = (area.w - gap * (cols - 1)) // cols
        ch = (area.h - gap * (rows - 1)) // rows
        fits = ch >= min_height and cw >= text_min + gap
        if fits:
            score = (1, max(qr_sizes((cw, ch), gap, text_min, text_h)), -cols)
        else:
            score = (0, 0, min(ch - min_height, cw - text_min - gap))
        if best is None or score > best[0]:
            best = (score, (cols, rows, fits))
    assert best is not None
    return best[1]


def open_hosted(app: App, session: Any) -> str | None:
    """Host a loaded game again (Continue after a crash or a stop) and show its board; the
    problem in words when it cannot listen."""
    from leverage.net.classroom import HostError
    from leverage.net.host import Hosting

    try:
        hosting = Hosting.resume(session)
    except HostError as error:
        return f"The class game could not be hosted again: {error}"
    show_board(app, hosting)
    return None


def show_board(app: App, hosting: Any) -> None:
    """Make `hosting` the app's hosted game and show its board over the title."""
    from leverage.ui.screens.title import TitleScreen

    app.session = hosting.classroom.session
    app.hosting = hosting
    app.reset(TitleScreen(app))
    app.push(BoardScreen(app, hosting))
