"""Game set-up: who plays each country (person or computer, and its level), names, seed, length,
and whether players must give a short written reason with every move."""

from __future__ import annotations

import random
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pygame

from leverage.ui.screen import Screen
from leverage.ui.widgets import ellipsize

if TYPE_CHECKING:
    from leverage.ui.app import App

LEVELS: tuple[str, ...] = ("easy", "normal", "hard", "history")
LEVEL_TIPS: dict[str, str] = {
    "easy": "Easy: simple rules of thumb.",
    "normal": "Normal: looks a few turns ahead with the model.",
    "hard": "Hard: looks further ahead with more futures.",
    "history": "History: replays what really happened.",
}
MAX_TURNS = 60
#: Turn timer choices in seconds (0: no timer).
TIMER_CHOICES: tuple[int, ...] = (0, 60, 90, 120, 180, 300)


#: What the choices on this screen mean, for a player or a teacher setting up a class.
SETUP_GUIDE = (
    "<b>Choosing who plays</b><br>"
    "<b>Person</b>: a player or a team at this machine. With several people the game is played "
    "hot seat: each plans in turn, and a hand-over screen hides the previous team's choices.<br>"
    "<b>Computer</b>: <b>Easy</b> follows simple rules; <b>Normal</b> plays its three best "
    "candidate moves forward two turns in simulated futures and keeps the one that serves its "
    "objectives best; <b>Hard</b> tries six candidates five turns ahead, in twice as many "
    "futures. A country marked \"not a scored role\" has no objectives: it acts, but it "
    "cannot win or lose.<br><br>"
    "<b>Seed</b>: the same seed, scenario and moves give exactly the same game, so two classes "
    "can play the same world and compare. <b>Turns</b>: each turn covers {months} months.<br>"
    "<b>Ask for a reason</b>: every move needs a sentence of justification; the reasons appear "
    "in the move log and the debrief export, ready for the class discussion.<br>"
    "<b>Teacher PIN</b>: with a PIN, taking back a turn, making events happen, pausing and the "
    "turn timer need it, and students cannot see the coming events. <b>Turn timer</b>: each team "
    "has that long to plan; at zero the moves it planned stand and the next team plays.<br>"
    "<b>Teams join from their own devices</b>: each role's team plans at the same time in a "
    "browser on the classroom Wi-Fi, with the code shown on the projector board."
)


def timer_text(seconds: int) -> str:
    """A timer choice in words: 'off', '90 s', '2 min'."""
    if seconds <= 0:
        return "off"
    return f"{seconds // 60} min" if seconds % 60 == 0 and seconds >= 120 else f"{seconds} s"


class SetupScreen(Screen):
    """One row per country, then the game options and Start."""

    title = "setup"

    def __init__(self, app: App, loaded: Any, path: Path | None = None) -> None:
        """Defaults: the first role is played by a person, every other country by the computer."""
        super().__init__(app)
        self.loaded = loaded
        self.path = path
        world = loaded.world
        self.codes: list[str] = list(world.codes)
        self.country_names = dict(zip(world.codes, world.names, strict=False))
        self.role_titles = {world.codes[r.country]: r.title for r in world.roles}
        first_role = world.codes[world.roles[0].country] if world.roles else self.codes[0]
        self.kinds = {c: ("human" if c == first_role else "computer") for c in self.codes}
        self.levels = {c: ("normal" if c in self.role_titles else "easy") for c in self.codes}
        self.names = {c: "" for c in self.codes}
        self.seed = str(random.randrange(1, 1_000_000))
        self.turns = int(world.turns)
        self.ask_reasons = False
        self.pin = ""
        self.timer = 0
        self.pin_entry: Any = None
        #: Teams join from their own devices (a hosted class game) at this address.
        self.hosted = False
        self.address = ""
        self.address_entry: Any = None
        self.error = ""
        self.name_entries: dict[str, Any] = {}
        self.seed_entry: Any = None
        self._flags: dict[tuple[str, int], pygame.Surface] = {}
        self._flag_spots: list[tuple[str, pygame.Rect]] = []

    def build(self) -> None:
        """Heading, country rows, options and Start."""
        w = self.width
        m = self.s(24)
        title = getattr(self.loaded.world, "title", "")
        self.label(pygame.Rect(m, m, w - 2 * m, self.s(40)), f"New game: {title}",
                   object_id="#heading")
        top = m + self.s(56)
        room = self.height - top - self.s(26) - self.s(14) - self.s(40) * 3 - self.s(56)
        if self._narrow(w - 2 * m):
            room -= self.s(48)  # the hosting option gets a row of its own
        row_h = max(self.s(26), min(self.s(40), room // max(1, len(self.codes)) - self.s(6)))
        gap = self.s(6)
        cols = self._columns(w - 2 * m)
        self.label(pygame.Rect(m + cols[1], top, cols[2] - cols[1], self.s(24)), "Country",
                   object_id="#small")
        self.label(pygame.Rect(m + cols[3], top, cols[4] - cols[3], self.s(24)), "Played by",
                   object_id="#small")
        self.label(pygame.Rect(m + cols[4], top, cols[5] - cols[4], self.s(24)), "Level",
                   object_id="#small")
        self.label(pygame.Rect(m + cols[5], top, cols[6] - cols[5], self.s(24)),
                   self.fit("Player or team name", cols[6] - cols[5]), object_id="#small")
        top += self.s(26)
        self._flag_spots = []
        self.name_entries = {}
        for k, code in enumerate(self.codes):
            self._build_row(code, pygame.Rect(m, top + k * (row_h + gap), w - 2 * m, row_h), cols)
        y = top + len(self.codes) * (row_h + gap) + self.s(14)
        self._build_options(m, y, w - 2 * m)

    def _columns(self, width: int) -> list[int]:
        """x offsets of the row's columns: flag, country, role, kind, level, name, end."""
        s = self.s
        flag, kind, level, gap = s(56), s(120), s(110), s(10)
        rest = max(s(300), width - flag - kind - level - 3 * gap)
        country = int(rest * 0.34)
        role = int(rest * 0.30)
        name = rest - country - role
        xs = [0, flag, flag + country, flag + country + role + gap]
        xs.append(xs[3] + kind + gap)
        xs.append(xs[4] + level + gap)
        xs.append(xs[5] + name)
        return xs

    def fit(self, text: str, width: int) -> str:
        """Shorten text with an ellipsis to fit a column."""
        return ellipsize(self.app.font(self.s(15)), text, max(10, width - self.s(8)))

    def _build_row(self, code: str, rect: pygame.Rect, cols: list[int]) -> None:
        """Flag, country name, role, person/computer, level and name for one country."""
        x0, y, h = rect.x, rect.y, rect.h
        self._flag_spots.append((code, pygame.Rect(x0, y + 2, cols[1] - self.s(8), h - 4)))
        name = f"{self.country_names[code]} ({code})"
        self.label(pygame.Rect(x0 + cols[1], y, cols[2] - cols[1], h),
                   self.fit(name, cols[2] - cols[1]), tooltip=name)
        role = self.role_titles.get(code)
        self.label(pygame.Rect(x0 + cols[2], y, cols[3] - cols[2] - self.s(10), h),
                   self.fit(role or "not a scored role", cols[3] - cols[2] - self.s(10)),
                   object_id=None if role else "#small",
                   tooltip="Scored role: has objectives and a briefing." if role else
                   "Plays its part but has no objectives of its own.")
        human = self.kinds[code] == "human"
        self.button(pygame.Rect(x0 + cols[3], y, cols[4] - cols[3] - self.s(10), h),
                    "Person" if human else "Computer", lambda: self.toggle_kind(code),
                    object_id="#primary" if human else None,
                    tooltip="Who plays this country: a person (or team) at this machine, "
                            "or the computer. Click to switch.")
        level = self.levels[code]
        self.button(pygame.Rect(x0 + cols[4], y, cols[5] - cols[4] - self.s(10), h),
                    level.capitalize() if not human else " ", lambda: self.cycle_level(code),
                    enabled=not human,
                    tooltip=LEVEL_TIPS[level] + " Click to change the computer's level.")
        entry = self.entry(pygame.Rect(x0 + cols[5], y + self.s(3), cols[6] - cols[5], h - self.s(6)),
                           self.names[code],
                           tooltip="Shown on the hand-over screen and in the debrief.")
        self.name_entries[code] = entry

    def _build_options(self, x: int, y: int, width: int) -> None:
        """Seed, number of turns, turn timer, PIN, ask-for-reasons and Start/Back."""
        s = self.s
        h = s(40)
        self.label(pygame.Rect(x, y, s(70), h), "Seed",
                   tooltip="The same seed, scenario and moves give the same game.")
        self.seed_entry = self.entry(pygame.Rect(x + s(70), y + s(3), s(130), h - s(6)), self.seed,
                                     tooltip="Any whole number.")
        tx = x + s(230)
        self.label(pygame.Rect(tx, y, s(70), h), "Turns")
        self.button(pygame.Rect(tx + s(70), y, s(40), h), "-", lambda: self.change_turns(-1),
                    tooltip="One turn fewer.")
        self.label(pygame.Rect(tx + s(114), y, s(50), h), str(self.turns), object_id="#centre")
        self.button(pygame.Rect(tx + s(168), y, s(40), h), "+", lambda: self.change_turns(1),
                    tooltip="One turn more.")
        self.button(pygame.Rect(tx + s(230), y, s(230), h), f"Turn timer: {timer_text(self.timer)}",
                    self.cycle_timer,
                    tooltip="How long each team has to plan a turn; at zero the moves it "
                            "planned stand. Click to change.")
        self.address_entry = None
        narrow = self._narrow(width)
        if not narrow:
            self._build_address(tx + s(480), y)
        y = self._build_teacher_options(x, y + h + s(8), narrow)
        if narrow:
            y += h + s(8)
            self._build_hosted_toggle(x, y)
            self._build_address(x + s(380), y)
        by = self.height - self.s(24) - h
        guide = pygame.Rect(x, y + h + s(18), width, min(s(200), by - y - h - s(36)))
        if guide.height >= s(90):
            months = getattr(self.loaded.world, "months_per_turn", 3)
            self.text_view(guide, SETUP_GUIDE.format(months=months), size=14)
        self.button(pygame.Rect(x, by, s(160), h), "Back (Esc)", self.app.pop,
                    tooltip="Return to the scenario picker.")
        start = self.button(pygame.Rect(x + width - s(220), by, s(220), h), "Start game",
                            self.start, object_id="#primary",
                            tooltip="Read the briefing, then play the first turn.")
        if self.error:
            self.label(pygame.Rect(x + s(180), by, width - s(420), h), self.error,
                       object_id="#bad")
        self.focus.focus(start)

    def _narrow(self, width: int) -> bool:
        """True when the hosting option and its address need a row of their own."""
        return width < self.s(980)

    def _build_address(self, x: int, y: int) -> None:
        """The address a hosted game listens on (only when hosting is on)."""
        s, h = self.s, self.s(40)
        if not self.hosted:
            return
        self.label(pygame.Rect(x, y, s(90), h), "Address",
                   tooltip="The address teams' devices reach this machine at.")
        self.address_entry = self.entry(
            pygame.Rect(x + s(90), y + s(3), s(180), h - s(6)), self.address,
            tooltip="This machine's address on the classroom network (127.0.0.1: this machine "
                    "only). The server listens on this address only.")

    def _build_hosted_toggle(self, x: int, y: int) -> None:
        """Teams join from their own devices: on or off."""
        s = self.s
        self.button(pygame.Rect(x, y, s(360), s(40)),
                    ("[x]" if self.hosted else "[ ]") + " Teams join from their own devices",
                    self.toggle_hosted,
                    tooltip="Each scored role is played by a team from its own phone, tablet or "
                            "laptop on the classroom Wi-Fi: all teams plan at once; this screen "
                            "becomes the projector board with a code per team. Roles no team "
                            "joins are played by the computer.")

    def _build_teacher_options(self, x: int, y: int, narrow: bool = False) -> int:
        """The facilitator PIN and ask-for-reasons on one row; returns the row's y."""
        s = self.s
        h = s(40)
        self.label(pygame.Rect(x, y, s(120), h), "Teacher PIN",
                   tooltip="Optional: a PIN that undo, events, pause and the turn timer need.")
        self.pin_entry = self.entry(pygame.Rect(x + s(120), y + s(3), s(110), h - s(6)), self.pin,
                                    tooltip="Leave empty for a game without a teacher mode.")
        self.button(pygame.Rect(x + s(250), y, s(340), h),
                    ("[x]" if self.ask_reasons else "[ ]") + " Ask for a reason with every move",
                    self.toggle_reasons,
                    tooltip="Each player writes a short justification for every move; "
                            "the reasons appear in the results, the move log and the debrief.")
        if not narrow:
            self._build_hosted_toggle(x + s(610), y)
        return y

    # -- commands ---------------------------------------------------------------------------
    def cycle_timer(self) -> None:
        """The next turn timer choice."""
        k = TIMER_CHOICES.index(self.timer) if self.timer in TIMER_CHOICES else 0
        self.timer = TIMER_CHOICES[(k + 1) % len(TIMER_CHOICES)]
        self.refresh()

    def _keep_entries(self) -> None:
        """Copy what was typed into the entry fields before a rebuild."""
        for code, entry in self.name_entries.items():
            if entry.alive():
                self.names[code] = entry.get_text().strip()
        if self.seed_entry is not None and self.seed_entry.alive():
            self.seed = self.seed_entry.get_text().strip()
        if self.pin_entry is not None and self.pin_entry.alive():
            self.pin = self.pin_entry.get_text().strip()
        if self.address_entry is not None and self.address_entry.alive():
            self.address = self.address_entry.get_text().strip()

    def relayout(self) -> None:
        """Keep typed text across rebuilds."""
        self._keep_entries()
        super().relayout()

    def toggle_kind(self, code: str) -> None:
        """Switch a country between a person and the computer."""
        self.kinds[code] = "computer" if self.kinds[code] == "human" else "human"
        self.refresh()

    def cycle_level(self, code: str) -> None:
        """Next computer level for a country."""
        k = LEVELS.index(self.levels[code])
        self.levels[code] = LEVELS[(k + 1) % len(LEVELS)]
        self.refresh()

    def change_turns(self, step: int) -> None:
        """More or fewer turns (1-60)."""
        self.turns = max(1, min(MAX_TURNS, self.turns + step))
        self.refresh()

    def toggle_hosted(self) -> None:
        """Switch between hot seat at this machine and teams on their own devices."""
        self.hosted = not self.hosted
        if self.hosted and not self.address:
            from leverage.net.host import lan_address

            self.address = lan_address()
        self.refresh()

    def toggle_reasons(self) -> None:
        """Switch ask-for-reasons."""
        self.ask_reasons = not self.ask_reasons
        self.refresh()

    def players(self) -> dict[str, Any]:
        """PlayerConfig per country from the rows (in a hosted game the computer plays each
        role until its team joins)."""
        from leverage.session import PlayerConfig

        return {c: PlayerConfig("computer" if self.hosted else self.kinds[c], self.levels[c],
                                self.names.get(c, ""))
                for c in self.codes}

    def start_hosted(self, session: Any) -> None:
        """Listen for the teams' devices and show the projector board."""
        from leverage.net.classroom import HostError
        from leverage.net.host import DEFAULT_PORT, Hosting
        from leverage.ui.screens.board import show_board

        try:
            hosting = Hosting.start(session, self.address or "127.0.0.1", DEFAULT_PORT)
        except HostError as error:
            self.error = str(error)
            self.refresh()
            return
        show_board(self.app, hosting)

    def start(self) -> None:
        """Create the session and show the briefing (errors stay on this screen)."""
        self._keep_entries()
        try:
            seed = int(self.seed)
        except ValueError:
            self.error = f"The seed must be a whole number, not '{self.seed}'."
            self.refresh()
            return
        if not self.hosted and not any(k == "human" for k in self.kinds.values()):
            self.error = "Choose at least one country played by a person."
            self.refresh()
            return
        from leverage.session import Session

        try:
            session = Session.new(self.loaded, self.players(), seed, self.turns, self.ask_reasons,
                                  {c: n for c, n in self.names.items() if n})
        except Exception as error:  # SetupError and friends: shown, never a traceback
            self.error = str(error)
            self.refresh()
            return
        session.set_teacher_pin(self.pin)
        session.turn_seconds = self.timer
        if self.hosted:
            self.start_hosted(session)
            return
        self.app.session = session
        from leverage.ui.screens.briefing import BriefingScreen, start_play

        if len(session.human_countries()) > 1:  # hot seat: each team reads its own briefing
            session.autosave_now()
            start_play(self.app)
            return
        self.app.push(BriefingScreen(self.app, start_game=True))

    # -- drawing ----------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        """Flags beside the country names."""
        for code, rect in self._flag_spots:
            flag = self._flag(code, rect.h)
            if flag is not None:
                surface.blit(flag, flag.get_rect(midleft=(rect.x, rect.centery)))

    def _flag(self, code: str, height: int) -> pygame.Surface | None:
        """A flag scaled to `height`, cached."""
        key = (code, height)
        if key not in self._flags:
            try:
                raw = self.app.assets.flag(code, (48, 36))
                width = round(raw.get_width() * height / max(1, raw.get_height()))
                self._flags[key] = pygame.transform.smoothscale(raw, (width, height))
            except Exception:
                return None
        return self._flags[key]
