"""Screenshots of the projector board of a hosted class game (docs/screenshots/board-*.png).

Hosts a four-team game on 127.0.0.1, has two teams join (one plans, one is ready), takes a
screenshot, plays a turn and takes another with the scores and news under the map. Run it under
a real display or Xvfb: `Xvfb :8 -screen 0 1280x720x24 & DISPLAY=:8 .venv/bin/python tools/board_screenshots.py`.
"""

from __future__ import annotations

import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    """A free TCP port on the loopback address."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main(out: Path = ROOT / "docs" / "screenshots", size: tuple[int, int] = (1280, 720)) -> None:
    """Write board-planning.png and board-results.png."""
    from leverage.net.host import Hosting
    from leverage.resources import find_scenario_file
    from leverage.scenario import load_scenario
    from leverage.session import Session
    from leverage.ui.app import App
    from leverage.ui.screens.board import show_board
    from tests.net.helpers import playable

    path = find_scenario_file("lavrov_caracas")
    session = Session.new(load_scenario(str(path)), {}, 11, 8, True)
    session.autosave = False
    session.turn_seconds = 180
    app = App(size=size)
    hosting = Hosting.start(session, "127.0.0.1", free_port())
    show_board(app, hosting)
    classroom = hosting.classroom
    first, second = list(classroom.teams)[:2]
    move, target = playable(session, first)
    for role, message in ((first, {"op": "plan", "move": move, "target": target,
                                   "reason": "Oil buys time <script>alert(1)</script>"}),
                          (second, {"op": "ready"})):
        reply = classroom.apply(role, message)
        assert reply["ok"], reply
    classroom.publish({first, second})
    for _ in range(5):
        app.tick_once(1 / 60)
    out.mkdir(parents=True, exist_ok=True)
    app.screenshot(out / "board-planning.png")
    classroom.end_turn_now()
    classroom.pump()
    classroom.wait_resolved()
    for _ in range(5):
        app.tick_once(1 / 60)
    app.screenshot(out / "board-results.png")
    app.close()
    print(f"wrote {out / 'board-planning.png'} and {out / 'board-results.png'}")


if __name__ == "__main__":
    main()
