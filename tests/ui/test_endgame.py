"""End of game: scores and winners, key charts, what really happened, questions, export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygame
import pytest

from leverage.ui.screens.endgame import EndgameScreen, month_index, real_vs_game
from leverage.ui.screens.title import TitleScreen


@pytest.fixture(scope="module")
def finished() -> Any:
    """A short game played to its end by easy computer players."""
    from tests.ui.conftest import new_session

    session = new_session(turns=2)
    while not session.is_over:
        session.end_turn()
    return session


def open_endgame(app: Any, ui: Any, session: Any) -> EndgameScreen:
    app.session = session
    app.reset(TitleScreen(app))
    screen = app.push(EndgameScreen(app))
    ui.tick()
    return screen


def test_scores_objectives_and_winners(app: Any, ui: Any, finished: Any) -> None:
    open_endgame(app, ui, finished)
    world = finished.world
    html = " ".join(ui.texts())
    for role in world.roles:
        assert world.names[role.country] in html
        for objective in role.objectives:
            assert objective.text in html
    for score in finished.scores().values():
        assert f"Score <b>{score:.0f}</b>" in html
    assert ("Winners:" in html) == bool(finished.winners())


def test_charts_tab_draws_four_charts(app: Any, ui: Any, finished: Any) -> None:
    screen = open_endgame(app, ui, finished)
    ui.key(pygame.K_2)
    assert screen.tab == 1
    ui.tick()
    assert len(screen._charts) == 4
    rect, chart = screen._charts[0]
    assert chart.get_size() == rect.size
    assert app.window.get_at(rect.center)[:3] != app.palette.bg


def test_history_and_discussion_tabs(app: Any, ui: Any, finished: Any) -> None:
    open_endgame(app, ui, finished)
    meta = finished.loaded.scenario
    ui.click_text("3  What really happened")
    text = " ".join(ui.texts())
    if meta.history.summary:
        assert " ".join(meta.history.summary.split())[:40] in text
    for event in meta.history.events[:2]:
        assert event.text in text
    ui.click_text("4  Discussion")
    text = " ".join(ui.texts())
    for question in meta.questions[:2]:
        assert " ".join(question.split())[:40] in text


def test_export_debrief_writes_files(app: Any, ui: Any, finished: Any, data_dir: Path) -> None:
    open_endgame(app, ui, finished)
    ui.click_text("Export debrief")
    ui.wait_until(lambda: ui.shows("Debrief written to"))
    assert list((data_dir / "Documents" / "Leverage").glob("*.html"))


def test_play_again_and_title(app: Any, ui: Any, finished: Any) -> None:
    open_endgame(app, ui, finished)
    ui.click_text("Play again")
    assert ui.titles() == ["title", "setup"]
    open_endgame(app, ui, finished)
    ui.key(pygame.K_ESCAPE)
    assert ui.titles() == ["title"]


def test_dates_and_real_values() -> None:
    import datetime

    assert month_index("2018-07") == 2018 * 12 + 6
    assert month_index(datetime.date(2019, 1, 5)) == 2019 * 12
    assert month_index("soon") is None


def test_real_vs_game_lines(finished: Any) -> None:
    lines = real_vs_game(finished)
    assert all("real" in line and "game" in line for line in lines)


def test_compare_classes_puts_saved_games_beside_this_one(app: Any, ui: Any, finished: Any,
                                                           data_dir: Path) -> None:
    """Without saves of the scenario it says how to make them; with one, it writes the page."""
    from leverage import storage

    open_endgame(app, ui, finished)
    ui.click_text("Compare classes")
    ui.wait_until(lambda: ui.shows("No saved game of this scenario"))
    storage.save_game(finished, "Monday class")
    ui.click_text("Compare classes")
    ui.wait_until(lambda: ui.shows("2 games compared"))
    page = next((data_dir / "Documents" / "Leverage").glob("classes-*.html")).read_text()
    assert "<th>This game</th><th>Monday class</th>" in page


def test_export_runs_beside_the_frame_loop(app: Any, ui: Any, finished: Any,
                                           monkeypatch: Any) -> None:
    """Frames go on while the debrief is written; the message says so, then where it went."""
    import threading

    from leverage.ui.screens import endgame

    release = threading.Event()
    real = endgame.export_debrief

    def slow(session: Any, folder: Any = None) -> tuple[str, bool]:
        """The real export, once the test lets it go."""
        release.wait(10)
        return real(session, folder)

    monkeypatch.setattr(endgame, "export_debrief", slow)
    open_endgame(app, ui, finished)
    ui.click_text("Export debrief")
    ui.tick(5)
    assert ui.shows("Writing the debrief")
    release.set()
    ui.wait_until(lambda: ui.shows("Debrief written to"))
