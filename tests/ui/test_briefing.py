"""Briefing: the role's text, objectives, sources with quotes; tabs; scrolling; Begin."""

from __future__ import annotations

from typing import Any

import pygame

from leverage.ui.screens.briefing import BriefingScreen, paragraphs_html
from leverage.ui.screens.title import TitleScreen


def open_briefing(app: Any, ui: Any, session: Any, start: bool = False) -> BriefingScreen:
    app.session = session
    app.reset(TitleScreen(app))
    screen = app.push(BriefingScreen(app, start_game=start))
    ui.tick()
    return screen


def test_shows_briefing_objectives_and_sources(app: Any, ui: Any, make_session: Any) -> None:
    session = make_session()
    screen = open_briefing(app, ui, session)
    meta = session.loaded.scenario
    code = session.human_countries()[0]
    assert screen.code == code
    html = screen.body.html_text
    role = meta.roles[code]
    first_words = " ".join(role.briefing.split()[:6])
    assert first_words in " ".join(html.split())
    for objective in session.world.roles[0].objectives:
        assert objective.text in html
    for source in meta.sources:
        assert source.title in html
        for quote in source.quotes[:1]:
            assert " ".join(quote.split())[:30] in html
    assert ui.shows("(you)")


def test_tabs_switch_roles_by_click_and_key(app: Any, ui: Any, make_session: Any) -> None:
    session = make_session()
    screen = open_briefing(app, ui, session)
    if len(screen.tabs) < 2:
        return
    second = screen.tabs[1]
    name = session.world.names[session.world.country(second)]
    ui.click_text(f"2  {name}")
    assert screen.code == second
    ui.key(pygame.K_1)
    assert screen.code == screen.tabs[0]


def test_page_down_scrolls_long_text(app: Any, ui: Any, make_session: Any) -> None:
    session = make_session()
    app.set_scale(2.0)
    screen = open_briefing(app, ui, session)
    body = screen.body
    assert body.max_scroll > 0, "the briefing should be long enough to scroll at 200 %"
    ui.key(pygame.K_PAGEDOWN)
    assert body.scroll > 0
    ui.key(pygame.K_HOME)
    assert body.scroll == 0
    pygame.mouse.set_pos(body.rect.center)
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-2, flipped=False,
                                         precise_x=0.0, precise_y=-2.0))
    ui.tick(2)
    assert body.scroll > 0


def test_begin_opens_the_game(app: Any, ui: Any, make_session: Any) -> None:
    session = make_session()
    open_briefing(app, ui, session, start=True)
    ui.click_text("Begin")
    assert ui.titles()[0] == "title"
    assert ui.titles()[-1] in ("turn", "handover")


def test_back_without_begin(app: Any, ui: Any, make_session: Any) -> None:
    open_briefing(app, ui, make_session())
    assert ui.button("Begin") is None
    ui.key(pygame.K_ESCAPE)
    assert ui.titles() == ["title"]


def test_paragraphs_keep_list_items() -> None:
    html = paragraphs_html("Intro line\ncontinues.\n\n- one\n- two\nmore of two")
    assert html.startswith("Intro line continues.<br><br>- one<br>- two more of two")
