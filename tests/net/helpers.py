"""Shared set-up for the hosting tests: a hosted session and an offer between two roles."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

from leverage.resources import find_scenario_file

SCENARIO = "lavrov_caracas"
#: A test scenario with ten scored roles (a class of ten teams; the load test's).
TEN_TEAMS = Path(__file__).resolve().parents[1] / "data" / "classroom" / "ten_teams.yaml"


def free_port() -> int:
    """A free TCP port on the loopback address."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def hosted_session(seed: int = 5, ask_reasons: bool = True, turns: int | None = 6) -> Any:
    """A new class game of a four-role scenario (every role waits for its team)."""
    from leverage.scenario import load_scenario
    from leverage.session import Session

    path = find_scenario_file(SCENARIO)
    assert path is not None
    return Session.new(load_scenario(str(path)), {}, seed, turns, ask_reasons)


def ten_team_session(seed: int = 5) -> Any:
    """A new class game of the ten-role test scenario."""
    from leverage.scenario import load_scenario
    from leverage.session import Session

    return Session.new(load_scenario(str(TEN_TEAMS)), {}, seed, 6, False)


def playable(session: Any, role: str, kind: str | None = None,
             partner: str | None = None) -> tuple[str, str]:
    """A move `role` may plan now (of `kind`, on `partner` when given): (move id, target)."""
    for option in session.options(role):
        if not (option.legal and option.affordable) or option.planned:
            continue
        if kind is not None and option.kind != kind:
            continue
        if partner is not None and partner not in option.targets:
            continue
        return option.id, (partner or option.targets[0])
    raise AssertionError(f"{role} has no move of kind {kind} on {partner} now")


def offer_pair(session: Any) -> tuple[str, str, str]:
    """(proposer, partner, move id): a proposal one role may make to another now."""
    roles = [session.world.codes[r.country] for r in session.world.roles]
    for proposer in roles:
        for partner in roles:
            if partner == proposer:
                continue
            try:
                move, _ = playable(session, proposer, "proposal", partner)
            except AssertionError:
                continue
            return proposer, partner, move
    raise AssertionError("no role can make an offer to another role now")
