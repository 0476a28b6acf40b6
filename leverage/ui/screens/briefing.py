"""Briefing: a role's briefing text, its objectives and the sources with their key quotes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from leverage.ui.screen import Screen
from leverage.ui.widgets import escape, html_colour

if TYPE_CHECKING:
    from leverage.ui.app import App


def scenario_meta(session: Any) -> Any:
    """The validated scenario model behind a session (title, sources, roles, history ...)."""
    loaded = getattr(session, "loaded", None)
    for name in ("scenario", "meta", "model", "data"):
        value = getattr(loaded, name, None)
        if value is not None and hasattr(value, "title"):
            return value
    return None


def session_date(session: Any) -> str:
    """The session's current date label, e.g. 'Jul 2018'."""
    for name in ("date_label", "date"):
        value = getattr(session, name, None)
        if isinstance(value, str):
            return value
    return ""


def paragraphs_html(text: str) -> str:
    """Plain text to HTML: blank lines split paragraphs, '- ' lines stay list items."""
    out: list[str] = []
    for paragraph in text.strip().split("\n\n"):
        lines: list[str] = []
        for raw in paragraph.splitlines():
            line = raw.strip()
            if not line:
                continue
            if line.startswith(("- ", "* ")) or not lines:
                lines.append(line)
            else:
                lines[-1] += " " + line
        out.append("<br>".join(escape(line) for line in lines))
    return "<br><br>".join(out) + "<br><br>"


def role_codes(session: Any) -> list[str]:
    """Country codes of every scored role, in scenario order."""
    world = session.world
    return [world.codes[r.country] for r in world.roles]


def objective_lines(session: Any, code: str) -> list[str]:
    """'text (goal G, fails at F)' for each objective of `code`'s role."""
    world = session.world
    for role in world.roles:
        if world.codes[role.country] == code:
            return [f"{o.text} (goal {o.goal:g}; nothing at {o.fail:g}; weight {o.weight:g})"
                    for o in role.objectives]
    return []


def briefing_html(app: App, session: Any, code: str) -> str:
    """The full briefing of one role as HTML-subset text."""
    world = session.world
    meta = scenario_meta(session)
    dim = html_colour(app.palette.text_dim)
    accent = html_colour(app.palette.accent)
    name = world.names[world.country(code)]
    role = (getattr(meta, "roles", {}) or {}).get(code) if meta is not None else None
    title = getattr(role, "title", "") or next(
        (r.title for r in world.roles if world.codes[r.country] == code), "")
    parts = [f"<b>{escape(name)}</b><br>",
             f"<font color='{dim}'>{escape(title)} - {escape(session_date(session))}"
             f"</font><br><br>"]
    text = str(getattr(role, "briefing", "") or "").strip()
    if text:
        parts.append(paragraphs_html(text))
    else:
        parts.append("<i>This role has no written briefing.</i><br><br>")
    objectives = objective_lines(session, code)
    if objectives:
        parts.append(f"<font color='{accent}'><b>Objectives</b></font><br>")
        parts.extend(f"- {escape(line)}<br>" for line in objectives)
        win = next((r.win for r in world.roles if world.codes[r.country] == code), None)
        if win is not None:
            parts.append(f"<font color='{dim}'>A score of {win:g} or more out of 100 wins."
                         "</font><br>")
        parts.append("<br>")
    sources = list(getattr(meta, "sources", []) or []) if meta is not None else []
    if sources:
        parts.append(f"<font color='{accent}'><b>Sources</b></font><br>")
        for source in sources:
            parts.append(f"<b>{escape(str(getattr(source, 'title', '')))}</b> - "
                         f"{escape(str(getattr(source, 'outlet', '')))}, "
                         f"{escape(str(getattr(source, 'date', '')))}<br>")
            url = getattr(source, "url", None)
            if url:
                parts.append(f"<font color='{dim}'>{escape(str(url))}</font><br>")
            for quote in getattr(source, "quotes", []) or []:
                parts.append(f"<i>\"{escape(' '.join(str(quote).split()))}\"</i><br>")
            parts.append("<br>")
    return "".join(parts)


class BriefingScreen(Screen):
    """One tab per role (people's roles first); Begin starts play when opened from set-up."""

    title = "briefing"

    def __init__(self, app: App, code: str | None = None, start_game: bool = False,
                 private: bool = False) -> None:
        """Show `code`'s briefing (default: the first person's role); `private`: that role's
        only (a hot-seat team reads its own briefing, no other team's)."""
        super().__init__(app)
        session = app.session
        assert session is not None, "the briefing needs a session"
        humans = [c for c in session.human_countries() if c in role_codes(session)]
        others = [c for c in role_codes(session) if c not in humans]
        self.tabs: list[str] = humans + others
        if private and code is not None:
            self.tabs = [code] if code in role_codes(session) else []
        self.code = code if code is not None else (self.tabs[0] if self.tabs else None)
        self.start_game = start_game
        self.body: Any = None

    def build(self) -> None:
        """Tabs, the briefing text (scrollable) and Begin/Back."""
        session = self.app.session
        assert session is not None
        w, h = self.width, self.height
        m = self.s(24)
        world = session.world
        self.label(pygame.Rect(m, m, w - 2 * m, self.s(40)), f"Briefing: {world.title}",
                   object_id="#heading")
        top = m + self.s(52)
        x = m
        humans = set(session.human_countries())
        for k, code in enumerate(self.tabs):
            name = world.names[world.country(code)]
            label = f"{k + 1}  {name}" + (" (you)" if code in humans else "")
            width = max(self.s(150), self.app.font(self.s(15)).size(label)[0] + self.s(30))
            if x + width > w - m:
                break
            self.button(pygame.Rect(x, top, width, self.s(36)), label,
                        lambda code=code: self.show(code), key=k + 1,
                        object_id="#primary" if code == self.code else None,
                        tooltip=f"Read the briefing for {name}.")
            x += width + self.s(8)
        body_top = top + self.s(48)
        bottom = h - m - self.s(40)
        html = briefing_html(self.app, session, self.code) if self.code else "No roles."
        self.body = self.text_view(pygame.Rect(m, body_top, w - 2 * m, bottom - body_top - self.s(12)),
                                   html)
        self.scroll_target = self.body
        if self.start_game:
            begin = self.button(pygame.Rect(w - m - self.s(220), bottom, self.s(220), self.s(40)),
                                "Begin", self.begin, object_id="#primary",
                                tooltip="Start the first turn.")
            self.focus.focus(begin)
        back = self.button(pygame.Rect(m, bottom, self.s(160), self.s(40)), "Back (Esc)",
                           self.app.pop, tooltip="Return to the previous screen.")
        if not self.start_game:
            self.focus.focus(back)

    def show(self, code: str) -> None:
        """Switch to another role's briefing."""
        self.code = code
        self.refresh()

    def begin(self) -> None:
        """Start play (the title stays underneath the turn screen), autosaved at once."""
        session = self.app.session
        if session is not None and not session.records:
            session.autosave_now()
        start_play(self.app)


def start_play(app: App) -> None:
    """Show the game: [title, turn screen], with a hand-over first when several people play."""
    from leverage.ui.screens.title import TitleScreen

    app.reset(TitleScreen(app))
    open_turn(app)


def open_turn(app: App) -> None:
    """Push the turn screen (or the end of game when the game is over)."""
    session = app.session
    if session is None:
        return
    if session.is_over:
        from leverage.ui.screens.endgame import EndgameScreen

        app.push(EndgameScreen(app))
        return
    from leverage.ui.screens.turn import TurnScreen

    app.push(TurnScreen(app))
    from leverage.ui.screens.handover import hand_over

    hand_over(app)
