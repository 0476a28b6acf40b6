"""Scenario picker: a card per scenario (title, date, summary, difficulty, roles, source).

Scenarios are read in a background thread so the screen never stalls; the tutorial comes first.
A scenario that fails its checks gets a card with the checker's messages instead of a Play button.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pygame

from leverage.ui.screen import Screen
from leverage.ui.widgets import escape, html_colour

if TYPE_CHECKING:
    from leverage.ui.app import App

MAX_PROBLEMS = 8


@dataclass
class Card:
    """What the picker shows for one scenario file."""

    path: Path
    title: str
    date: str = ""
    summary: str = ""
    difficulty: str = ""
    roles: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    tutorial: bool = False
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the scenario has no errors and can be played."""
        return not self.problems


def card_from_scenario_card(raw: Any) -> Card:
    """A picker card from the scenario package's ScenarioCard."""
    problems = [str(p) for p in getattr(raw, "problems", ()) if getattr(p, "is_error", True)]
    roles = [f"{title} ({code})" for code, title in getattr(raw, "roles", ())]
    sources = [f"{outlet}: {title}" for outlet, title in getattr(raw, "sources", ())]
    return Card(path=Path(raw.path), title=str(raw.title), date=str(raw.date),
                summary=str(raw.summary), difficulty=str(raw.difficulty), roles=roles,
                sources=sources, tutorial=bool(raw.tutorial), problems=problems)


def load_catalog(folder: Path) -> list[Card]:
    """Every scenario in `folder` as a card, tutorial first, then playable ones, by title."""
    try:
        from leverage.scenario import list_scenarios

        cards = [card_from_scenario_card(c) for c in list_scenarios(str(folder))]
    except Exception as error:  # the picker never crashes on a scenario
        cards = [Card(path=folder, title=folder.name,
                      problems=[f"the scenarios could not be read: {error}"])]
    return sorted(cards, key=lambda c: (not c.tutorial, not c.ok, c.title.lower()))


def load_catalogs(shipped: Path, user: Path | None) -> list[Card]:
    """Every scenario in the shipped folder and the user's own (None: the one in the user data
    folder; a folder that does not exist lists none)."""
    if user is None:
        from leverage.resources import user_scenarios_dir

        user = user_scenarios_dir()
    cards = [card for folder in (shipped, user) if folder.is_dir() for card in load_catalog(folder)]
    return sorted(cards, key=lambda c: (not c.tutorial, not c.ok, c.title.lower()))


def load_for_play(card: Card) -> Any:
    """Load and compile a card's scenario; on failure record the problems in the card."""
    try:
        from leverage.scenario import load_scenario

        return load_scenario(str(card.path))
    except Exception as error:  # ScenarioError holds every problem
        problems = getattr(error, "problems", None)
        card.problems = ([str(p) for p in problems if getattr(p, "is_error", True)]
                         if problems else [str(error) or type(error).__name__])
        return None


def card_html(card: Card, app: App) -> str:
    """The body text of a card."""
    palette = app.palette
    dim = html_colour(palette.text_dim)
    if not card.ok:
        bad = html_colour(palette.bad)
        lines = "<br>".join(escape(p) for p in card.problems[:MAX_PROBLEMS])
        more = len(card.problems) - MAX_PROBLEMS
        extra = f"<br>... and {more} more" if more > 0 else ""
        return (f"<b>{escape(card.path.name)}</b><br>"
                f"<font color='{bad}'>This scenario has problems and cannot be played:</font><br>"
                f"{lines}{extra}")
    badge = " - <b>Tutorial</b>" if card.tutorial else ""
    parts = [f"<b>{escape(card.title)}</b><br>",
             f"<font color='{dim}'>{escape(card.date)} - difficulty: {escape(card.difficulty)}"
             f"{badge}</font><br>"]
    if card.roles:  # near the top, so it is never the line hidden at the bottom
        parts.append(f"<b>Roles:</b> {escape(', '.join(card.roles))}<br>")
    parts.append(f"<br>{escape(card.summary)}<br><br>")
    if card.sources:
        parts.append(f"<font color='{dim}'><b>Source:</b> {escape(card.sources[0])}</font>")
    return "".join(parts)


class PickerScreen(Screen):
    """A page of scenario cards; each playable card has a Play button."""

    title = "picker"

    def __init__(self, app: App) -> None:
        """Start reading the scenarios (cached in app.cache after the first time)."""
        super().__init__(app)
        self.cards: list[Card] | None = app.cache.get("catalog")
        self.page = 0
        self._thread: threading.Thread | None = None
        self._play_band: list[tuple[pygame.Rect, bool]] = []
        self._result: list[list[Card]] = []
        if self.cards is None:
            self._read()

    def _read(self) -> None:
        """Read every scenario in a background thread (the cards appear in `update`)."""
        shipped, user = self.app.scenarios_dir, self.app.user_scenarios_dir
        result: list[list[Card]] = []
        self._result = result
        self._thread = threading.Thread(
            target=lambda: result.append(load_catalogs(shipped, user)), daemon=True)
        self._thread.start()

    def reload(self) -> None:
        """F5, for authors: read every scenario file again (a changed file shows as it is now,
        a broken one with its problems as file:line:col)."""
        if self.cards is None:
            return
        self.app.cache.pop("catalog", None)
        self.cards = None
        self._read()
        self.refresh()

    def wait_loaded(self, timeout: float = 20.0) -> None:
        """Block until the catalogue is read (tests, demo)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def per_page(self) -> tuple[int, int]:
        """(columns, rows) of cards that fit the window."""
        columns = max(1, min(3, self.width // self.s(520)))
        rows = max(1, min(3, (self.height - self.s(170)) // self.s(250)))
        return columns, rows

    def build(self) -> None:
        """Heading, the cards of this page, paging and Back."""
        self._play_band = []
        w, h = self.width, self.height
        m = self.s(24)
        self.label(pygame.Rect(m, m, w - 2 * m, self.s(40)), "Choose a scenario",
                   object_id="#heading")
        bottom = h - m - self.s(40)
        back = self.button(pygame.Rect(m, bottom, self.s(160), self.s(40)), "Back (Esc)",
                           self.app.pop, tooltip="Return to the title screen.")
        self.key(pygame.K_F5, self.reload)
        if self.cards is None:
            self.label(pygame.Rect(m, self.s(120), w - 2 * m, self.s(30)), "Reading scenarios...")
            self.focus.focus(back)
            return
        if not self.cards:
            self.label(pygame.Rect(m, self.s(120), w - 2 * m, self.s(30)),
                       f"No scenarios found in {self.app.scenarios_dir}")
            return
        columns, rows = self.per_page()
        rows = max(1, min(rows, (len(self.cards) + columns - 1) // columns))
        per = columns * rows
        pages = max(1, (len(self.cards) + per - 1) // per)
        self.page = min(self.page, pages - 1)
        top = m + self.s(56)
        gap = self.s(16)
        card_w = (w - 2 * m - gap * (columns - 1)) // columns
        card_h = (bottom - gap - top - gap * (rows - 1)) // rows
        shown = self.cards[self.page * per:(self.page + 1) * per]
        first_play = None
        for k, card in enumerate(shown):
            x = m + (k % columns) * (card_w + gap)
            y = top + (k // columns) * (card_h + gap)
            button = self._build_card(card, pygame.Rect(x, y, card_w, card_h),
                                      self.page * per + k + 1)
            if button is not None and first_play is None:
                first_play = button
        if pages > 1:
            self.button(pygame.Rect(w - m - self.s(330), bottom, self.s(160), self.s(40)),
                        "< Previous", self.previous_page, enabled=self.page > 0,
                        tooltip="Previous page of scenarios.")
            self.button(pygame.Rect(w - m - self.s(160), bottom, self.s(160), self.s(40)),
                        "Next >", self.next_page, enabled=self.page < pages - 1,
                        tooltip="Next page of scenarios.")
            self.label(pygame.Rect(m + self.s(180), bottom, self.s(200), self.s(40)),
                       f"Page {self.page + 1} of {pages}", object_id="#small")
        if first_play is not None:
            self.focus.focus(first_play)

    def _build_card(self, card: Card, rect: pygame.Rect, number: int) -> Any:
        """One card: its text and, when playable, a Play button (number key = its index)."""
        pad = self.s(10)
        button_h = self.s(38)
        self._play_band.append((rect, card.ok))
        text_h = self.whole_lines(rect.h - (pad + button_h if card.ok else 0))
        self.text_view(pygame.Rect(rect.x, rect.y, rect.w, text_h), card_html(card, self.app),
                       frame=False)
        if not card.ok:
            return None
        brect = pygame.Rect(rect.right - pad - self.s(200), rect.bottom - pad - button_h,
                            self.s(200), button_h)
        return self.button(brect, f"{number}  Play", lambda: self.choose(card),
                           key=number if number <= 9 else None, object_id="#primary",
                           tooltip=f"Set up a game of '{card.title}'.")

    def whole_lines(self, height: int) -> int:
        """The largest text-view height up to `height` that shows whole lines only."""
        pad = self.s(10)
        line = self.app.font(self.s(15)).get_linesize() + self.s(3)
        lines = max(1, (height - 2 * pad) // max(1, line))
        return lines * line + 2 * pad

    def draw_views(self, surface: pygame.Surface) -> None:
        """Card backgrounds (red-tinted for broken scenarios), then their text."""
        palette = self.app.palette
        for rect, ok in self._play_band:
            pygame.draw.rect(surface, palette.panel_alt if ok else (46, 28, 28), rect)
            pygame.draw.rect(surface, palette.border if ok else (160, 72, 72), rect, 1)
        super().draw_views(surface)

    def next_page(self) -> None:
        """Show the next page."""
        self.page += 1
        self.refresh()

    def previous_page(self) -> None:
        """Show the previous page."""
        self.page = max(0, self.page - 1)
        self.refresh()

    def update(self, dt: float) -> None:
        """Show the cards once the background read has finished."""
        if self.cards is None and self._result:
            self.cards = self._result[0]
            self.app.cache["catalog"] = self.cards
            self.refresh()

    def choose(self, card: Card) -> None:
        """Open the game set-up for the chosen scenario (a failure shows in its card)."""
        loaded = load_for_play(card)
        if loaded is None:
            self.refresh()
            return
        from leverage.ui.screens.setup import SetupScreen

        self.app.push(SetupScreen(self.app, loaded, card.path))
