"""`simulate --objectives`: each objective's P10/P50/P90 per role, over the same games."""

from __future__ import annotations

import io

import numpy as np
import pytest

from leverage.commands import results
from leverage.commands.objectives import ObjectiveSpread, spreads, write_objectives
from leverage.commands.results import play_streamed
from leverage.commands.simulate import SimulateOptions, run_simulate
from leverage.core.playtest import ScriptedMove
from leverage.resources import find_scenario_file
from leverage.scenario import load_scenario


def loaded(name: str):  # type: ignore[no-untyped-def]
    """A shipped scenario, loaded."""
    path = find_scenario_file(name)
    assert path is not None
    return load_scenario(str(path))


@pytest.mark.parametrize("chunk", [results.CHUNK_GAMES, 7])
@pytest.mark.parametrize("history", [False, True])
def test_objective_values_are_those_the_final_scores_read(chunk: int, history: bool) -> None:
    """Each game's objective values give its final scores, in one chunk or several, with a
    script."""
    scenario = loaded("gold_route")
    world, state = scenario.world, scenario.state
    script = tuple(ScriptedMove(h.turn, h.country, h.move, h.target)
                   for h in sorted(world.history_moves, key=lambda h: (h.turn, h.country, h.move))
                   ) if history else ()
    summary = play_streamed(world, state, 16, 4, "easy", 5, script or None, None, chunk=chunk)
    values = summary.objectives
    assert values.shape == (16, sum(len(r.objectives) for r in world.roles))
    column = 0
    for r, role in enumerate(world.roles):
        points, total = np.zeros(16), 0.0
        for objective in role.objectives:
            raw = np.nan_to_num(values[:, column], nan=objective.fail)
            span = objective.goal - objective.fail
            met = ((raw >= objective.goal).astype(float) if span == 0
                   else np.clip((raw - objective.fail) / span, 0.0, 1.0))
            points += max(objective.weight, 0.0) * met
            total += max(objective.weight, 0.0)
            column += 1
        np.testing.assert_allclose(100.0 * points / total, summary.final_scores[:, r], rtol=1e-9)


def test_spreads_are_percentiles_of_the_values() -> None:
    """P10/P50/P90 and the share meeting the goal, per objective, for a falling goal too."""
    world = loaded("gold_route").world
    count = sum(len(r.objectives) for r in world.roles)
    values = np.tile(np.arange(11, dtype=float)[:, None], (1, count))
    rows = spreads(world, values)
    assert len(rows) == count
    first = world.roles[0].objectives[0]
    assert (rows[0].p10, rows[0].p50, rows[0].p90) == (1.0, 5.0, 9.0)
    goal_met = values[:, 0] >= first.goal if first.goal >= first.fail else values[:, 0] <= first.goal
    assert rows[0].met == pytest.approx(goal_met.mean())


def test_flat_objectives_are_named() -> None:
    """An objective whose value hardly varies is listed under its own heading."""
    out = io.StringIO()
    write_objectives([ObjectiveSpread("VEN", "Flat aim", 0.0, 10.0, 5.0, 5.0, 5.1, 0.0),
                      ObjectiveSpread("VEN", "Lively aim", 0.0, 10.0, 1.0, 5.0, 9.0, 0.1)], out)
    lines = out.getvalue().splitlines()
    assert lines[2].split() == ["VEN", "Flat", "aim", "0.00", "10.0", "5.00", "5.00", "5.10", "0%"]
    assert lines[-1] == "  VEN: Flat aim"


def test_simulate_prints_every_objective_by_role() -> None:
    """`--objectives` adds a table with a row per objective, the role code on its first row."""
    out, err = io.StringIO(), io.StringIO()
    opts = SimulateOptions("tutorial", games=20, turns=3, progress=False, objectives=True)
    assert run_simulate(opts, out, err) == 0, err.getvalue()
    text = out.getvalue()
    table = text[text.index("Objectives at the end of the game"):].splitlines()
    world = loaded("tutorial").world
    for role in world.roles:
        code = world.codes[role.country]
        rows = [line for line in table if line.startswith(f"  {code} ")]
        assert len(rows) == 1 and role.objectives[0].text[:30] in rows[0]
    assert len([line for line in table[1:] if line.startswith("  ") and "%" in line]) == sum(
        len(r.objectives) for r in world.roles)
    plain = io.StringIO()
    assert run_simulate(SimulateOptions("tutorial", games=20, turns=3, progress=False), plain,
                        io.StringIO()) == 0
    assert "Objectives at the end" not in plain.getvalue()
