"""The printable pack: private briefing cards, the teacher's guide and the one-page debrief, as
print-ready HTML and as PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from leverage.report.printed import (
    briefing_cards,
    export_printed,
    lesson_plan,
    one_page_debrief,
    pages_html,
)
from leverage.session import PlayerConfig, Session

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def class_game() -> Session:
    """The Gold Route with three teams (Venezuela, Turkey, the United States), two turns played,
    one move with a reason."""
    from leverage.core.actions import Move
    from leverage.scenario import load_scenario

    loaded = load_scenario(str(ROOT / "scenarios" / "gold_route.yaml"))
    teams = {c: PlayerConfig("human", "normal", f"Team {c}") for c in ("VEN", "TUR", "USA")}
    session = Session.new(loaded, teams, seed=3, turns=3, ask_reasons=True)
    session.autosave = False
    option = next(o for o in session.options("VEN") if o.legal and o.affordable)
    session.plan("VEN", Move(option.id, "VEN", option.targets[0], reason="keep the gold safe"))
    for _ in range(2):
        session.end_turn()
    return session


def pdf_pages(data: bytes) -> int:
    """The number of pages of a PDF."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", data))


def test_each_team_gets_its_own_card(class_game: Session) -> None:
    """One card per team; a card names no other team's objectives."""
    cards = briefing_cards(class_game)
    assert [c.title for c in cards] == ["Briefing: Venezuela", "Briefing: Turkey",
                                        "Briefing: United States"]
    world = class_game.world
    objectives = {world.codes[r.country]: [o.text for o in r.objectives] for r in world.roles}
    for card, code in zip(cards, ("VEN", "TUR", "USA"), strict=True):
        text = " ".join(str(t) for _, t in card.blocks)
        for other, lines in objectives.items():
            for line in lines:
                assert (" ".join(line.split()) in text) == (other == code), (card.title, line)


def test_lesson_plans_fit_the_lesson(class_game: Session) -> None:
    """The minutes of a 45- and a 90-minute plan add up to the lesson."""
    for minutes in (45, 90):
        plan = lesson_plan(class_game, minutes, 3)
        assert sum(int(line.split(" min")[0]) for line in plan) == minutes


def test_the_one_page_debrief_has_the_game_and_history(class_game: Session) -> None:
    """Scores, the moves with their reasons and what really happened."""
    page = pages_html("Debrief", one_page_debrief(class_game))
    assert "keep the gold safe" in page and "What really happened" in page
    assert "Venezuela (Team VEN)" in page


def test_export_writes_html_and_pdf_with_a_page_per_card(class_game: Session,
                                                         tmp_path: Path) -> None:
    """Six files; the cards' PDF has a page per team (or more), every PDF is a real PDF."""
    files = export_printed(class_game, tmp_path)
    for path in (files.cards_pdf, files.guide_pdf, files.debrief_pdf):
        data = path.read_bytes()
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
        assert pdf_pages(data) >= 1
    assert pdf_pages(files.cards_pdf.read_bytes()) >= 3
    html = files.cards_html.read_text(encoding="utf-8")
    assert html.count('<section class="page">') == 3 and "@page" in html
    assert "page-break-after" in html
    guide = files.guide_html.read_text(encoding="utf-8")
    assert "A 45-minute lesson" in guide and "A 90-minute lesson" in guide


def test_a_briefing_list_keeps_its_items_whole() -> None:
    """A '- ' item wrapped over two lines in the scenario stays one item."""
    from leverage.report.printed import paragraph_blocks

    blocks = paragraph_blocks("What you can do.\n- Buy gold from miners,\n  paying with new "
                              "money.\n- Ask London for the gold.")
    assert blocks == [("p", "What you can do."),
                      ("li", "Buy gold from miners, paying with new money."),
                      ("li", "Ask London for the gold.")]


def test_the_pdf_pages_render_to_png(class_game: Session, tmp_path: Path) -> None:
    """Each page of the pack renders to an A4-shaped PNG with ink on it (poppler's pdftoppm)."""
    import shutil
    import subprocess

    import pygame

    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (Debian poppler-utils) is not installed")
    files = export_printed(class_game, tmp_path)
    for pdf in (files.cards_pdf, files.guide_pdf, files.debrief_pdf):
        stem = tmp_path / pdf.stem
        subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(stem)], check=True,
                       timeout=60)
        pages = sorted(tmp_path.glob(f"{pdf.stem}-*.png"))
        assert len(pages) == pdf_pages(pdf.read_bytes())
        for page in pages:
            image = pygame.image.load(str(page))
            width, height = image.get_size()
            assert abs(height / width - 297 / 210) < 0.02, "A4 portrait"
            dark = sum(1 for x in range(0, width, 3) for y in range(0, height, 3)
                       if sum(image.get_at((x, y))[:3]) < 500)
            assert dark > 50, f"{page.name} has text on it"
