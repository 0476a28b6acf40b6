"""The printable pack of a class game: a briefing card per team, the teacher's guide and a
one-page debrief ("your game and what really happened"), each as print-ready HTML (with a print
stylesheet: A4, page breaks) and as PDF (fpdf2, with the game's Noto Sans Wide font).

A team's card holds only its own briefing, objectives and moves, one card per page, so the pages
can be handed out separately.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from leverage.report.debrief import _get, _history, documents_dir
from leverage.session import date_label

if TYPE_CHECKING:
    from leverage.session import Session

#: The game's fonts (Noto Sans with Arabic, Chinese and emoji merged in).
FONT_DIR = Path(__file__).resolve().parents[2] / "assets" / "fonts"
#: Minutes of a lesson spent outside the turns: introduction and briefing, then the debrief.
LESSON_FRAME = {45: (8, 10), 90: (15, 20)}
_PRINT_CSS = """
@page{size:A4;margin:16mm}
body{font-family:"Noto Sans",Arial,sans-serif;color:#111;line-height:1.4;font-size:11pt}
h1{font-size:18pt;margin:0 0 .3em}h2{font-size:13pt;margin:1em 0 .3em}
.page{page-break-after:always;break-after:page}.page:last-child{page-break-after:auto}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:2pt 4pt;
text-align:left;vertical-align:top}.meta{color:#555}
@media screen{body{max-width:800px;margin:2em auto}.page{border-bottom:2px dashed #bbb;
padding-bottom:2em;margin-bottom:2em}}
"""


@dataclass(frozen=True)
class Section:
    """One printed page: a title and blocks of (kind, text) where kind is h2, p, li or row."""

    title: str
    blocks: tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class PrintedFiles:
    """The files of a printed pack."""

    cards_html: Path
    cards_pdf: Path
    guide_html: Path
    guide_pdf: Path
    debrief_html: Path
    debrief_pdf: Path


def _words(text: Any) -> str:
    """Text with its line breaks and runs of spaces folded."""
    return " ".join(str(text or "").split())


def _role_meta(session: Session, code: str) -> Any:
    """The scenario's role entry for `code` (briefing text), or None."""
    roles = _get(session.loaded.scenario, "roles", None) or {}
    return roles.get(code) if isinstance(roles, dict) else None


def _name(session: Session, code: str) -> str:
    """A country's name."""
    world = session.world
    return str(world.names[world.country(code)]) if code in world.codes else code


def paragraph_blocks(paragraph: str) -> list[tuple[str, Any]]:
    """A paragraph of a briefing: its text, then its '- ' lines (with their indented
    continuation lines) as list items."""
    text: list[str] = []
    items: list[str] = []
    for line in paragraph.strip("\n").splitlines():
        if line.lstrip().startswith("- "):
            items.append(line.lstrip()[2:])
        elif items and line.startswith(" "):
            items[-1] += " " + line.strip()
        else:
            text.append(line)
    blocks: list[tuple[str, Any]] = [("p", _words(" ".join(text)))] if any(text) else []
    return blocks + [("li", _words(item)) for item in items]


def briefing_cards(session: Session) -> list[Section]:
    """One private card per team played by people (every role when none is)."""
    world = session.world
    role_codes = [world.codes[r.country] for r in world.roles]
    codes = [c for c in session.human_countries() if c in role_codes] or role_codes
    cards = []
    for code in codes:
        role = next(r for r in world.roles if world.codes[r.country] == code)
        blocks: list[tuple[str, Any]] = [
            ("meta", f"{role.title} · {session.player_name(code)} · {world.title}, "
                     f"{session.turns} turns from {date_label(world, 1)}")]
        text = str(_get(_role_meta(session, code), "briefing", "") or "")
        for paragraph in text.split("\n\n"):
            blocks += paragraph_blocks(paragraph)
        blocks.append(("h2", f"Your objectives (a score of {role.win:g} of 100 wins)"))
        blocks += [("li", f"{_words(o.text)} (full marks at {o.goal:g}, none at {o.fail:g})")
                   for o in role.objectives]
        blocks.append(("h2", f"Your moves (a budget of {session.budget(code):g} points a turn)"))
        blocks += [("li", f"{o.name} (cost {o.cost:g}): {_words(o.summary)}")
                   for o in session.options(code)]
        cards.append(Section(f"Briefing: {_name(session, code)}", tuple(blocks)))
    return cards


def lesson_plan(session: Session, minutes: int, teams: int) -> list[str]:
    """Timings for a lesson of `minutes`: introduction, turns at the minutes each team can
    have, debrief."""
    intro, debrief = LESSON_FRAME[minutes]
    play = minutes - intro - debrief
    turns = max(1, min(session.turns, play // max(1, teams * 2)))
    per_team = play / (turns * max(1, teams))
    return [f"{intro} min: the scenario in two sentences, then each team reads its card.",
            f"{play} min: {turns} turns; about {per_team:.1f} min a team a turn (set the turn "
            f"timer to {int(per_team * 60) // 30 * 30} s).",
            f"{debrief} min: the results and the debrief: what really happened, the questions."]


def teacher_guide(session: Session) -> list[Section]:
    """The teacher's guide: timings, what to watch for, the questions and their reference."""
    world = session.world
    teams = max(1, len(session.human_countries()))
    history = _history(session)
    watch = [f"{e.title}: {_words(e.text)}" for e in world.events if e.chance >= 1.0][:8]
    blocks: list[tuple[str, Any]] = [
        ("meta", f"{world.title} · {teams} team(s) · {session.turns} turns"),
        ("p", _words(_get(session.loaded.scenario, "summary", ""))),
        ("h2", "A 45-minute lesson"), *(("li", t) for t in lesson_plan(session, 45, teams)),
        ("h2", "A 90-minute lesson"), *(("li", t) for t in lesson_plan(session, 90, teams)),
        ("h2", "Teacher's controls"),
        ("li", "Teacher button or F2 (with the PIN set at set-up): take back a turn, play it "
               "again, make an event happen, pause, change the turn timer."),
        ("li", "Ask for a reason with every move: the reasons show in the results and the "
               "debrief, ready for the discussion."),
        ("h2", "What to watch for"), *(("li", w) for w in watch),
        ("h2", "Questions for the discussion, and what really happened"),
        *(("li", _words(q)) for q in _get(session.loaded.scenario, "questions", None) or []),
        ("p", "Reference for the answers: " + _words(history["summary"])),
    ]
    return [Section(f"Teacher's guide: {world.title}", tuple(blocks))]


def one_page_debrief(session: Session) -> list[Section]:
    """Your game and what really happened, on one page."""
    world = session.world
    history = _history(session)
    scores = session.scores()
    blocks: list[tuple[str, Any]] = [("meta", f"{world.title} · seed {session.seed} · "
                                              f"{session.state.turn} of {session.turns} turns")]
    blocks.append(("h2", "Scores"))
    for role in world.roles:
        code = world.codes[role.country]
        verdict = "won" if code in session.winners() else "did not win"
        blocks.append(("li", f"{_name(session, code)} ({session.player_name(code)}): "
                             f"{scores[code]:.0f} of 100, {verdict} (needed {role.win:g})"))
    blocks.append(("h2", "Your game: the moves people played"))
    moves = [m for m in session.log if not m.computer][:14]
    for m in moves:
        target = "" if m.target == m.country else f" on {_name(session, m.target)}"
        reason = f": \u201c{_words(m.reason)}\u201d" if m.reason else ""
        blocks.append(("li", f"Turn {m.turn}, {_name(session, m.country)}: {m.move_name}"
                             f"{target}{reason}"))
    if not moves:
        blocks.append(("p", "No moves were played by people."))
    blocks.append(("h2", "What really happened"))
    blocks.append(("p", _words(history["summary"])))
    blocks += [("li", f"{e['date']}: {_words(e['text'])}") for e in history["events"][:6]]
    return [Section(f"Debrief: {world.title}", tuple(blocks))]


# ------------------------------------------------------------------ HTML
def pages_html(title: str, sections: Sequence[Section]) -> str:
    """Sections as one print-ready HTML file, one section a page."""
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f"<title>{escape(title)}</title><style>{_PRINT_CSS}</style></head><body>"]
    for section in sections:
        parts.append(f'<section class="page"><h1>{escape(section.title)}</h1>')
        in_list = False
        for kind, text in section.blocks:
            if kind == "li" and not in_list:
                parts.append("<ul>")
            if kind != "li" and in_list:
                parts.append("</ul>")
            in_list = kind == "li"
            tag = {"h2": "h2", "li": "li", "meta": 'p class="meta"'}.get(kind, "p")
            parts.append(f"<{tag}>{escape(str(text))}</{tag.split()[0]}>")
        if in_list:
            parts.append("</ul>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


# ------------------------------------------------------------------ PDF
def pages_pdf(sections: Sequence[Section]) -> bytes:
    """Sections as an A4 PDF, one section from a new page, in the game's wide font."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(16, 16, 16)
    pdf.set_auto_page_break(True, margin=16)
    regular, bold = FONT_DIR / "NotoSansWide-Regular.ttf", FONT_DIR / "NotoSansWide-Bold.ttf"
    family = "Helvetica"
    if regular.is_file() and bold.is_file():
        pdf.add_font("NotoWide", "", str(regular))
        pdf.add_font("NotoWide", "B", str(bold))
        family = "NotoWide"
    for section in sections:
        pdf.add_page()
        pdf.set_font(family, "B", 17)
        pdf.multi_cell(0, 8, section.title, new_x="LMARGIN", new_y="NEXT")
        for kind, text in section.blocks:
            _pdf_block(pdf, family, kind, str(text))
    return bytes(pdf.output())


def _pdf_block(pdf: Any, family: str, kind: str, text: str) -> None:
    """One heading, paragraph, line of meta text or list item."""
    if kind == "h2":
        pdf.ln(2)
        pdf.set_font(family, "B", 12.5)
        pdf.multi_cell(0, 6.5, text, new_x="LMARGIN", new_y="NEXT")
        return
    pdf.set_font(family, "", 10.5)
    if kind == "meta":
        pdf.set_text_color(90, 90, 90)
    if kind == "li":
        pdf.set_x(pdf.l_margin + 4)
        pdf.multi_cell(0, 5.2, "\u2022 " + text, new_x="LMARGIN", new_y="NEXT")
    else:
        pdf.multi_cell(0, 5.2, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.2)
    pdf.set_text_color(0, 0, 0)


def export_printed(session: Session, folder: Path | str | None = None) -> PrintedFiles:
    """Write the cards, the guide and the one-page debrief as HTML and PDF (by default in
    Documents/Leverage)."""
    from leverage.storage import atomic_write_text, slug

    directory = Path(folder) if folder is not None else documents_dir()
    directory.mkdir(parents=True, exist_ok=True)
    stamp = _dt.datetime.now(_dt.UTC).strftime("%Y%m%d-%H%M%S")
    stem = f"{slug(session.world.scenario_id)}-{stamp}"
    docs = {"cards": ("Briefing cards", briefing_cards(session)),
            "guide": ("Teacher's guide", teacher_guide(session)),
            "debrief": ("One-page debrief", one_page_debrief(session))}
    paths: dict[str, Path] = {}
    for key, (title, sections) in docs.items():
        paths[f"{key}_html"] = directory / f"{stem}-{key}.html"
        paths[f"{key}_pdf"] = directory / f"{stem}-{key}.pdf"
        atomic_write_text(paths[f"{key}_html"], pages_html(title, sections))
        paths[f"{key}_pdf"].write_bytes(pages_pdf(sections))
    return PrintedFiles(**paths)
