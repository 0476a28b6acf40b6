"""`python main.py host SCENARIO`: a class game where teams plan on their own devices.

Opens the game on the projector board (join address, a QR code and a join code per team, who is
ready, the timer, the results). With `--headless` no window opens: the codes are printed and the
game runs until Ctrl+C (a server without a projector, and the fault and load tests). `--resume`
hosts the newest autosave of a hosted game again, with the same codes.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from typing import Any, TextIO

from leverage.commands.args import positive_int


def add_host_arguments(parser: argparse.ArgumentParser) -> None:
    """The host command's options."""
    parser.add_argument("scenario", nargs="?", default=None, metavar="SCENARIO",
                        help="a scenario file or id (not needed with --resume)")
    parser.add_argument("--address", default=None,
                        help="the address to listen on (default: this machine's address on the "
                             "local network; 127.0.0.1 for this machine only)")
    parser.add_argument("--port", type=positive_int, default=8765, help="the port (8765)")
    parser.add_argument("--seed", type=int, default=None, help="the game's seed")
    parser.add_argument("--turns", type=positive_int, default=None, help="the number of turns")
    parser.add_argument("--timer", type=int, default=0, metavar="SECONDS",
                        help="seconds each turn lasts (0: until every team is ready)")
    parser.add_argument("--pin", default="", help="a teacher PIN (teacher mode)")
    parser.add_argument("--reasons", action="store_true",
                        help="every move needs a written reason")
    parser.add_argument("--resume", action="store_true",
                        help="host the newest autosave of a hosted game again (same codes)")
    parser.add_argument("--headless", action="store_true",
                        help="no window: print the codes and run until Ctrl+C")


def new_session(args: argparse.Namespace, scenario: str) -> Any:
    """A new class game: every scored role is played by a team once it joins."""
    import random

    from leverage.scenario import load_scenario
    from leverage.session import Session

    loaded = load_scenario(scenario)
    seed = args.seed if args.seed is not None else random.randrange(1, 1_000_000)
    session = Session.new(loaded, {}, seed, args.turns, args.reasons)
    session.set_teacher_pin(args.pin)
    session.turn_seconds = max(0, min(3600, int(args.timer)))
    return session


def hosted_autosave() -> Any:
    """The newest autosave of a hosted game, or None."""
    from leverage.storage import autosave_paths, read_save, saves_dir

    for path in reversed(autosave_paths(saves_dir())):
        try:
            data = read_save(path)
        except Exception:  # a damaged autosave is skipped
            continue
        if (data.get("in_progress") or {}).get("class", {}).get("host"):
            return path
    return None


def run_host(args: argparse.Namespace, scenario: str | None, out: TextIO) -> int:
    """Host a class game; 0 when it ended normally, 1 with a message when it could not."""
    from leverage.core.actions import LeverageError
    from leverage.net.classroom import HostError
    from leverage.net.host import Hosting, lan_address

    try:
        if args.resume:
            path = hosted_autosave()
            if path is None:
                out.write("No hosted game to resume: start one with 'host SCENARIO'.\n")
                return 1
            from leverage.storage import load_save

            session = load_save(path)
            if args.address is not None:
                session.hosting["address"] = args.address
            hosting = Hosting.resume(session)
        else:
            if scenario is None:
                out.write("Name a scenario to host (or use --resume).\n")
                return 2
            session = new_session(args, scenario)
            hosting = Hosting.start(session, args.address or lan_address(), args.port)
    except (HostError, LeverageError, OSError, ValueError) as error:
        out.write(f"Cannot host: {error}\n")
        return 1
    print_codes(hosting, out)
    if args.headless:
        return run_headless(hosting)
    from leverage.ui.app import run_game

    return run_game(hosting=hosting)


def print_codes(hosting: Any, out: TextIO) -> None:
    """The join address and every team's code (for the teacher's terminal)."""
    classroom = hosting.classroom
    out.write(f"Teams join at {classroom.join_url()}\n")
    for role, team in classroom.teams.items():
        out.write(f"  {role}: code {team.join_code}\n")
    out.flush()


def run_headless(hosting: Any) -> int:
    """Run the hosted game without a window until Ctrl+C or SIGTERM."""
    stopping: list[int] = []

    def stop(signum: int, frame: Any) -> None:
        """Stop at the next pump."""
        stopping.append(signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while not stopping:
            hosting.pump()
            time.sleep(1 / 120)
    finally:
        hosting.stop()
    sys.stdout.flush()
    return 0
