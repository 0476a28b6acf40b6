"""The team page in a real browser: headless Chromium (Debian's `chromium`) driven by Playwright.

Two teams join, plan moves with reasons (one an offer to the other), a reload mid-plan keeps the
plan, both ready, the turn resolves, the second team answers the offer and both see the results;
student text shows as text, never as markup; a forged request for another role is refused.
Runs when a Chromium binary is found (`LEVERAGE_CHROMIUM`, or `chromium` / `chromium-browser` /
`google-chrome` on the PATH) and Playwright is installed; Playwright never downloads a browser
here. `make test-browser` runs it; `LEVERAGE_SCREENSHOT_DIR=docs/screenshots` also saves the team
page at 360x740 and 1366x768.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.net.helpers import free_port, hosted_session, offer_pair, playable


def chromium_binary() -> str | None:
    """The Chromium to drive, or None."""
    named = os.environ.get("LEVERAGE_CHROMIUM")
    if named:
        return named if Path(named).exists() else None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


BINARY = chromium_binary()
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(BINARY is None, reason="no Chromium binary found (install Debian's "
                       "'chromium' or set LEVERAGE_CHROMIUM); the browser test is skipped"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")



@pytest.fixture
def hosted() -> Iterator[Any]:
    """A hosted four-team game on 127.0.0.1 (a thread plays the frame loop's part)."""
    from leverage.net.host import Hosting

    session = hosted_session(seed=5, ask_reasons=True)
    session.turn_seconds = 600
    hosting = Hosting.start(session, "127.0.0.1", free_port())
    hosting.pump_in_thread()
    yield hosting
    hosting.stop()


@pytest.fixture
def browser() -> Iterator[Any]:
    """Headless Chromium."""
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=BINARY,
                                              args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


def open_team(browser: Any, url: str, size: tuple[int, int] = (1366, 768)) -> Any:
    """A new browser profile that joins with the code in `url`."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]},
                                  has_touch=size[0] < 600)
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("#game-view:not([hidden])")
    page.wait_for_selector(".card")
    return page


def plan(page: Any, move: str, target: str, reason: str) -> None:
    """Write the reason, choose the target, press Plan; wait until the plan lists it."""
    page.fill(f"#reason-{move}", reason)
    if page.locator(f"#target-{move}").count():
        page.select_option(f"#target-{move}", target)
    page.click(f"[data-plan='{move}']")
    page.wait_for_selector(f"[data-unplan='{move}']")


def test_two_teams_plan_answer_and_see_results(hosted: Any, browser: Any) -> None:
    """The whole turn in the browser, with a reload mid-plan and a forged request."""
    classroom = hosted.classroom
    session = classroom.session
    proposer, partner, offer = offer_pair(session)
    other_move, other_target = playable(session, partner)
    start = session.turn
    a = open_team(browser, classroom.join_url(classroom.teams[proposer]))
    b = open_team(browser, classroom.join_url(classroom.teams[partner]))
    assert proposer in a.text_content("#country") and partner in b.text_content("#country")
    # a reason is required in this game: the page says so and nothing is planned
    a.click(f"[data-plan='{offer}']")
    assert "reason" in a.text_content("#alert")
    assert session.planned(proposer) == []
    plan(a, offer, partner, "<img src=x onerror=alert(1)> a fair deal")
    assert "<img src=x onerror=alert(1)> a fair deal" in a.text_content("#plan")
    assert a.locator("#plan img").count() == 0  # student text is text, not markup
    assert "sent when this turn is played" in a.text_content("#outbox")
    a.reload()
    a.wait_for_selector(f"[data-unplan='{offer}']")  # the reload kept the plan
    assert [m.move_id for m in session.planned(proposer)] == [offer]
    if b.locator(f"#target-{other_move}").count():
        b.select_option(f"#target-{other_move}", other_target)
    b.click(f"[data-forecast='{other_move}']")  # the futures with and without the move
    b.wait_for_selector(f"#forecast-{other_move} svg polyline.with", timeout=60_000)
    assert b.locator(f"#forecast-{other_move} svg").count() >= 1
    shots = os.environ.get("LEVERAGE_SCREENSHOT_DIR")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        b.evaluate("window.scrollTo(0, 0)")  # the sticky header at the page's top, not on the card
        card = b.locator(f"#card-{other_move}").bounding_box()
        b.screenshot(path=str(Path(shots) / "team-forecast.png"), full_page=True, clip=card)
    plan(b, other_move, other_target, "Because we must")
    forged = a.evaluate("""async (role) => {
        const ws = new WebSocket("ws://" + location.host + "/ws");
        const token = localStorage.getItem("leverage-token");
        return await new Promise((done) => {
          ws.onopen = () => ws.send(JSON.stringify({op: "hello", token: token}));
          ws.onmessage = (e) => {
            const m = JSON.parse(e.data);
            if (m.type === "welcome") ws.send(JSON.stringify({op: "unplan", id: 9,
                                                 move: "x", role: role}));
            if (m.type === "reply" && m.id === 9) { ws.close(); done(m); }
          };
        });
    }""", partner)
    assert not forged["ok"] and "cannot act for" in forged["error"]
    assert [m.move_id for m in session.planned(partner)] == [other_move]
    a.click("#ready")
    b.click("#ready")
    b.wait_for_selector("#inbox-panel:not([hidden])", timeout=60_000)
    b.wait_for_selector("#results:not([hidden])")
    assert session.turn == start + 1
    assert f"turn {start}" in b.text_content("#results-title")
    b.click(f"[data-accept='{offer}']")
    b.wait_for_selector(f"[data-accept='{offer}'][aria-pressed='true']")
    item = session.inbox(partner)[0]
    assert session.response(partner, item) is True
    a.wait_for_selector("#results:not([hidden])")
    assert "a fair deal" in a.text_content("#moves-made")
    if shots:
        folder = Path(shots)
        folder.mkdir(parents=True, exist_ok=True)
        b.evaluate("window.scrollTo(0, 0)")
        b.screenshot(path=str(folder / "team-1366x768.png"))
        phone = open_team(browser, classroom.join_url(classroom.teams[proposer]), (360, 740))
        phone.screenshot(path=str(folder / "team-360x740.png"))


def test_page_fits_a_phone_without_sideways_scrolling(hosted: Any, browser: Any) -> None:
    """At 360 px nothing is wider than the screen; every control is at least 44 px high."""
    classroom = hosted.classroom
    role = next(iter(classroom.teams))
    page = open_team(browser, classroom.join_url(classroom.teams[role]), (360, 740))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    small = page.evaluate("""() => [...document.querySelectorAll('button, select, textarea')]
        .filter((e) => e.offsetParent !== null && e.getBoundingClientRect().height < 43)
        .map((e) => e.textContent)""")
    assert small == []
    page.keyboard.press("Tab")  # the keyboard reaches the controls
    assert page.evaluate("document.activeElement.tagName") in ("BUTTON", "SUMMARY", "TEXTAREA",
                                                                "SELECT")
