"""End of game: scores and objectives per role, winners, key charts, what really happened,
discussion questions, Export debrief, Play again / Title."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pygame

from leverage.ui.jobs import Job
from leverage.ui.screen import Screen
from leverage.ui.screens.briefing import role_codes, scenario_meta
from leverage.ui.widgets import escape, html_colour

if TYPE_CHECKING:
    from leverage.ui.app import App

TABS: tuple[str, ...] = ("Scores", "Charts", "What really happened", "Discussion")
KEY_INDICATORS: tuple[str, ...] = ("gdp", "inflation", "reserves", "stability")


def month_index(value: Any) -> int | None:
    """Months since year 0 of a date given as a date, 'YYYY-MM' or 'YYYY-MM-DD'."""
    if isinstance(value, _dt.date):
        return value.year * 12 + value.month - 1
    text = str(value)
    try:
        parts = text.split("-")
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
    except (ValueError, IndexError):
        return None
    return year * 12 + month - 1


def turn_of_date(world: Any, value: Any) -> float | None:
    """Position of a date on the game's turn axis (0 = the start)."""
    months = month_index(value)
    if months is None:
        return None
    start = world.start_year * 12 + world.start_month - 1
    return (months - start) / max(1, world.months_per_turn)


def history_points(session: Any, indicator: str, code: str) -> list[tuple[float, float]]:
    """Real values of `indicator` for `code` from the scenario's history, as (turn, value)."""
    meta = scenario_meta(session)
    history = getattr(meta, "history", None)
    table = (getattr(history, "series", {}) or {}).get(indicator, {}) if history else {}
    points: list[tuple[float, float]] = []
    for point in table.get(code, []) or []:
        x = turn_of_date(session.world, getattr(point, "date", None))
        if x is not None and -0.5 <= x <= session.turns + 0.5:
            points.append((x, float(point.value)))
    return points


def number(value: float) -> str:
    """A readable number: 1,200 / 2.07 / 10.0M."""
    try:
        from leverage.ui.charts import format_number

        return format_number(float(value))
    except Exception:
        return f"{value:,.3g}"


def objective_unit(expr: str) -> str:
    """The unit of what an objective measures, from its expression ('VEN.reserves' -> '$bn')."""
    import re

    from leverage.core.vocab import indicator

    if expr.startswith(("trade(", "goods(")):
        return "$bn"
    match = re.fullmatch(r"[A-Z]{3}\.(\w+)", expr.strip())
    if match is None:
        return ""
    try:
        return str(indicator(match.group(1)).unit)
    except KeyError:
        return ""


def objective_value(expr: str, value: float) -> str:
    """What an objective measures, written for a player: a measure's rate or level as a percent
    ('0.44' -> '44%'), an indicator with its unit."""
    from leverage.ui.charts import format_value

    if expr.startswith(("measure(", "sanction(")):
        return f"{value * 100:.0f}%"
    return format_value(value, objective_unit(expr))


def objective_words(expr: str, value: float, goal: float, fail: float, met: float) -> str:
    """One objective's outcome in plain words: how much is met, where it ended, the aim."""
    from leverage.ui.charts import format_value

    percent = f"{met * 100:.0f}% met"
    if expr.startswith("flag("):
        return f"{percent} ({'done' if value >= 0.5 else 'not done'})"
    if expr.startswith("sanction("):
        state = "lifted" if value <= 1e-9 else f"still in force at {value * 100:.0f}% strength"
        return f"{percent} (the sanction is {state})"
    if expr.startswith("measure("):
        state = "lifted" if value <= 1e-9 else f"at {objective_value(expr, value)}"
        return f"{percent} (the measure is {state})"
    unit = objective_unit(expr)
    if expr.startswith("relation("):
        return (f"{percent}: relation ended at {value:+.0f} on the -100 to +100 scale "
                f"(full marks at {goal:+.0f}, none at {fail:+.0f})")
    per_year = " a year" if expr.startswith("trade(") else ""
    return (f"{percent}: ended at {format_value(value, unit)}{per_year} "
            f"(full marks at {format_value(goal, unit)}, none at {format_value(fail, unit)})")


def scores_html(app: App, session: Any) -> str:
    """Each role: score, win mark, winner, objectives with how far they were met."""
    world = session.world
    palette = app.palette
    good, bad, dim = html_colour(palette.good), html_colour(palette.bad), html_colour(palette.text_dim)
    scores = session.scores()
    winners = set(session.winners())
    parts: list[str] = []
    if winners:
        names = ", ".join(world.names[world.country(c)] for c in sorted(winners))
        parts.append(f"<b>Winners: {escape(names)}</b><br><br>")
    else:
        parts.append("<b>No role reached its winning mark.</b><br><br>")
    for role in world.roles:
        code = world.codes[role.country]
        name = world.names[role.country]
        score = scores.get(code, 0.0)
        colour = good if code in winners else bad
        verdict = "won" if code in winners else "did not win"
        player = session.player_name(code)
        who = f" - played by {escape(player)}" if player and player != name else ""
        kind = "person" if code in session.human_countries() else "computer"
        parts.append(f"<b>{escape(name)}</b> ({escape(role.title)}, {kind}){who}<br>"
                     f"Score <b>{score:.0f}</b> / 100, needed {role.win:g}: "
                     f"<font color='{colour}'><b>{verdict}</b></font><br>")
        try:
            rows = session.objective_status(code)
        except Exception:
            rows = []
        role_objectives = list(role.objectives)
        for k, (text, value, goal, fail, met) in enumerate(rows):
            expr = role_objectives[k].expr.text if k < len(role_objectives) else ""
            parts.append(f"<font color='{dim}'>- {escape(text)}: "
                         f"{escape(objective_words(expr, value, goal, fail, met))}</font><br>")
        parts.append("<br>")
    return "".join(parts)


def history_html(app: App, session: Any) -> str:
    """The scenario's real history: summary, events, moves and real against game values."""
    meta = scenario_meta(session)
    history = getattr(meta, "history", None)
    dim = html_colour(app.palette.text_dim)
    accent = html_colour(app.palette.accent)
    if history is None:
        return "<i>This scenario has no record of what really happened.</i>"
    parts: list[str] = []
    summary = str(getattr(history, "summary", "") or "").strip()
    if summary:
        parts.append(escape(" ".join(summary.split())) + "<br><br>")
    events = list(getattr(history, "events", []) or [])
    if events:
        parts.append(f"<font color='{accent}'><b>Events</b></font><br>")
        for event in events:
            parts.append(f"<b>{escape(str(event.date))}</b> - {escape(str(event.text))}<br>")
        parts.append("<br>")
    moves = list(getattr(history, "moves", []) or [])
    if moves:
        parts.append(f"<font color='{accent}'><b>Moves that were really made</b></font><br>")
        names = _move_names(session)
        for move in moves:
            target = f" on {move.target}" if getattr(move, "target", None) else ""
            parts.append(f"<b>{escape(str(move.date))}</b> - {escape(str(move.by))}: "
                         f"{escape(names.get(move.move, move.move))}{escape(target)}<br>")
        parts.append("<br>")
    comparison = real_vs_game(session)
    if comparison:
        parts.append(f"<font color='{accent}'><b>Real against game values</b></font><br>")
        for line in comparison:
            parts.append(f"{escape(line)}<br>")
        parts.append(f"<font color='{dim}'>Real values are the last known figure within the "
                     "game's dates; game values are at the same turn.</font><br>")
    return "".join(parts) or "<i>No history recorded.</i>"


def _move_names(session: Any) -> dict[str, str]:
    """Move id -> name."""
    return {m.id: m.name for m in session.world.moves}


def real_vs_game(session: Any) -> list[str]:
    """'Venezuela inflation (Jan 2020): real 9,586, game 7,210' for each real series point."""
    from leverage.core.vocab import indicator as indicator_info

    meta = scenario_meta(session)
    history = getattr(meta, "history", None)
    table = getattr(history, "series", {}) or {} if history is not None else {}
    world = session.world
    played = len(session.states) - 1
    lines: list[str] = []
    for name in sorted(table):
        try:
            info = indicator_info(name)
            label, unit = info.label, info.unit
        except KeyError:
            label, unit = name, ""
        for code in sorted(table[name]):
            if code not in world.codes:
                continue
            points = [(x, v) for x, v in history_points(session, name, code) if x <= played + 0.01]
            if not points:
                continue
            x, real = max(points)
            turn = max(0, min(played, round(x)))
            try:
                game_value = float(session.series(code, name)[turn])
            except (KeyError, IndexError, ValueError):
                continue
            country = world.names[world.country(code)]
            lines.append(f"{country} {label.lower()}: real {number(real)} {unit}, "
                         f"game {number(game_value)} {unit} (turn {turn})")
    return lines


def questions_html(session: Any) -> str:
    """The scenario's discussion questions, numbered."""
    meta = scenario_meta(session)
    questions = list(getattr(meta, "questions", []) or []) if meta is not None else []
    if not questions:
        return "<i>This scenario has no discussion questions.</i>"
    return "<br><br>".join(f"<b>{k}.</b> {escape(' '.join(str(q).split()))}"
                           for k, q in enumerate(questions, start=1))


def export_debrief(session: Any, folder: Path | None = None) -> tuple[str, bool]:
    """Write the debrief (leverage/report/debrief.py) and the printable pack (briefing cards,
    teacher's guide, one-page debrief: leverage/report/printed.py); (message, ok)."""
    try:
        from leverage.report.debrief import export_debrief as write
        from leverage.report.printed import export_printed

        files = write(session, folder)
        export_printed(session, folder)
    except Exception as error:  # any failure is reported on screen, never a traceback
        return f"The debrief could not be written: {error}", False
    return (f"Debrief written to {getattr(files, 'html', files)}, with the printable pack "
            "(HTML and PDF) beside it"), True


def compare_classes(session: Any) -> tuple[str, bool]:
    """This game beside every saved game of the same scenario (leverage/report/classes.py), written
    to Documents/Leverage; (message, ok)."""
    try:
        import datetime as _dt

        from leverage import storage
        from leverage.report.classes import class_report_html
        from leverage.report.debrief import documents_dir

        others = [info for info in storage.list_saves() if info.problem is None
                  and not info.autosave and info.scenario_id == session.world.scenario_id]
        if not others:
            return ("No saved game of this scenario to compare with: save each class's finished "
                    "game (Save on the turn screen), then compare."), False
        games = [session] + [storage.load_save(info.path) for info in others]
        labels = ["This game"] + [info.name for info in others]
        stamp = _dt.datetime.now(_dt.UTC).strftime("%Y%m%d-%H%M%S")
        target = documents_dir() / f"classes-{storage.slug(session.world.scenario_id)}-{stamp}.html"
        storage.atomic_write_text(target, class_report_html(games, labels))
    except Exception as error:  # any failure is reported on screen, never a traceback
        return f"The comparison could not be written: {error}", False
    return f"{len(games)} games compared in {target}", True


class EndgameScreen(Screen):
    """Tabs: scores, charts, what really happened, discussion; export and play again."""

    title = "endgame"

    def __init__(self, app: App, tab: int = 0) -> None:
        """Open on `tab`."""
        super().__init__(app)
        self.tab = tab
        self.message = ""
        self.message_ok = True
        self.job: Job[tuple[str, bool]] | None = None  # an export or comparison being written
        self._charts: list[tuple[pygame.Rect, pygame.Surface]] = []
        self._chart_key: tuple[Any, ...] | None = None
        self._chart_area: pygame.Rect | None = None

    def build(self) -> None:
        """Heading, tabs, the tab's content and the action buttons."""
        session = self.app.session
        assert session is not None, "the end of game needs a session"
        w, h = self.width, self.height
        m, s = self.s(24), self.s
        world = session.world
        self.label(pygame.Rect(m, m, w - 2 * m, s(40)), f"End of the game: {world.title}",
                   object_id="#heading")
        top = m + s(52)
        x = m
        for k, name in enumerate(TABS):
            width = self.app.font(s(15)).size(f"{k + 1}  {name}")[0] + s(34)
            self.button(pygame.Rect(x, top, width, s(36)), f"{k + 1}  {name}",
                        lambda k=k: self.show(k), key=k + 1,
                        object_id="#primary" if k == self.tab else None,
                        tooltip=f"Show {name.lower()}.")
            x += width + s(8)
        narrow = w < s(1100)  # Compare classes goes above Export debrief
        body = pygame.Rect(m, top + s(48), w - 2 * m,
                           h - top - s(48) - m - s(56) - (s(48) if narrow else 0))
        self._chart_area = None
        if self.tab == 0:
            self.scroll_target = self.text_view(body, scores_html(self.app, session))
        elif self.tab == 1:
            self._chart_area = body
        elif self.tab == 2:
            self.scroll_target = self.text_view(body, history_html(self.app, session))
        else:
            self.scroll_target = self.text_view(body, questions_html(session))
        bottom = h - m - s(40)
        self.button(pygame.Rect(m, bottom - (s(48) if narrow else 0), s(220), s(40)),
                    "Compare classes", self.compare,
                    tooltip="Put this game beside the saved games of the same scenario (other "
                            "classes or machines): outcomes, moves and reasons in one page, in "
                            "Documents/Leverage.")
        self.button(pygame.Rect(m + (0 if narrow else s(232)), bottom, s(220), s(40)),
                    "Export debrief", self.export,
                    tooltip="Write the debrief (scores, charts, move log with reasons, "
                            "what really happened) as a web page and data files, and the "
                            "printable pack (briefing cards, teacher's guide, one-page debrief) "
                            "as HTML and PDF, in Documents/Leverage.")
        again = self.button(pygame.Rect(w - m - s(430), bottom, s(200), s(40)), "Play again",
                            self.play_again, object_id="#primary",
                            tooltip="Set up a new game of the same scenario.")
        self.button(pygame.Rect(w - m - s(220), bottom, s(220), s(40)), "Title screen",
                    self.to_title, tooltip="Return to the title screen.")
        if self.message:
            left = m + s(236) + (0 if narrow else s(232))
            self.label(pygame.Rect(left, bottom, max(s(40), w - m - s(450) - left), s(40)),
                       self.message, object_id="#good" if self.message_ok else "#bad",
                       tooltip=self.message)
        self.focus.focus(again)

    def show(self, tab: int) -> None:
        """Switch tab."""
        self.tab = tab
        self.refresh()

    def back(self) -> bool:
        """Esc goes to the title screen (the game is over)."""
        self.to_title()
        return True

    def export(self) -> None:
        """Export the debrief beside the frame loop; say where it went when it is written."""
        self._start(export_debrief, "Writing the debrief and the printable pack…")

    def compare(self) -> None:
        """Compare this game with the saved games of its scenario (beside the frame loop)."""
        self._start(compare_classes, "Comparing with the saved games…")

    def _start(self, work: Callable[[Any], tuple[str, bool]], saying: str) -> None:
        """Run `work(session)` beside the frame loop (one at a time), saying what it does."""
        session = self.app.session
        if session is None or self.job is not None:
            return
        self.job = Job(lambda: work(session)).start()
        self.message, self.message_ok = saying, True
        self.refresh()

    def update(self, dt: float) -> None:
        """Show the outcome of an export or comparison once it is done."""
        if self.job is not None and self.job.finished():
            self.message, self.message_ok = self.job.result()
            self.job = None
            self.refresh()

    def play_again(self) -> None:
        """Same scenario, new set-up."""
        session = self.app.session
        if session is None:
            return
        from leverage.ui.screens.setup import SetupScreen
        from leverage.ui.screens.title import TitleScreen

        loaded = session.loaded
        self.app.reset(TitleScreen(self.app))
        self.app.push(SetupScreen(self.app, loaded, Path(getattr(loaded, "path", "")) or None))

    def to_title(self) -> None:
        """Back to the title screen."""
        from leverage.ui.screens.title import TitleScreen

        self.app.reset(TitleScreen(self.app))

    # -- charts -----------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        """The key charts (built once per size, scale and palette)."""
        area = self._chart_area
        if area is None:
            return
        key = (area.size, self.app.scale, self.app.palette.name)
        if key != self._chart_key:
            self._charts = self._make_charts(area)
            self._chart_key = key
        for rect, chart in self._charts:
            surface.blit(chart, rect)

    def _make_charts(self, area: pygame.Rect) -> list[tuple[pygame.Rect, pygame.Surface]]:
        """Four line charts: the roles' GDP, inflation, reserves and stability."""
        session = self.app.session
        if session is None:
            return []
        from leverage.core.vocab import indicator as indicator_info
        from leverage.ui import charts

        style = charts.style_from_app(self.app)
        codes = role_codes(session) or list(session.world.codes)
        world = session.world
        labels = [_short_date(world, t) for t in range(len(session.states))]
        gap = self.s(12)
        cw, ch = (area.w - gap) // 2, (area.h - gap) // 2
        out: list[tuple[pygame.Rect, pygame.Surface]] = []
        for k, name in enumerate(KEY_INDICATORS):
            info = indicator_info(name)
            series = []
            for j, code in enumerate(codes):
                values = [float(v) for v in session.series(code, name)]
                series.append(charts.Series(world.names[world.country(code)], values,
                                            style.colour(j), history_points(session, name, code)))
            rect = pygame.Rect(area.x + (k % 2) * (cw + gap), area.y + (k // 2) * (ch + gap), cw, ch)
            chart = charts.line_chart(series, rect.size, style, title=info.label, unit=info.unit,
                                      x_labels=labels)
            out.append((rect, chart))
        return out


def _short_date(world: Any, turn_index: int) -> str:
    """'Jul 18' for the state after `turn_index` turns."""
    year, month = world.date_of_turn(turn_index + 1)
    names = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return f"{names[month - 1]} {year % 100:02d}"
