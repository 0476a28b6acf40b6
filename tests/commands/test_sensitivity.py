"""`sensitivity`: each parameter changed by -10% and +10%, one at a time, beside the balance."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from leverage.cli import main
from leverage.commands.sensitivity import HIGH, LOW, Row, changed
from leverage.core.params import Params

ROOT = Path(__file__).resolve().parents[2]


def test_the_table_lists_each_roles_rate_with_each_change(
        capsys: pytest.CaptureFixture[str]) -> None:
    """A parameter that moves the game shows a -10% and a +10% line with every role's rate."""
    code = main(["sensitivity", "gold_route", "--games", "60", "--ai", "easy",
                 "--only", "inflation_half_life", "oil_jv_kbd"])
    text = capsys.readouterr().out
    assert "inflation_half_life" in text and "-10%" in text and "+10%" in text
    assert "VEN" in text and "USA" in text and "(scenario values)" in text
    assert code in (0, 1)
    assert ("A role leaves" in text) == (code == 1)


def test_an_unknown_parameter_is_named_with_a_hint(capsys: pytest.CaptureFixture[str]) -> None:
    """A misspelt parameter is refused with exit status 2 and a pointer to the reference."""
    code = main(["sensitivity", "gold_route", "--only", "inflation_persistance"])
    text = capsys.readouterr().out
    assert code == 2 and "inflation_persistance" in text and "reference" in text


def test_a_row_is_outside_when_any_role_leaves_the_window() -> None:
    """Rows are judged on every role and both changes."""
    inside = Row("x", 1.0, (LOW, 0.5), (HIGH, 0.3))
    assert not inside.outside()
    assert Row("x", 1.0, (0.3, 0.5), (0.3, HIGH + 0.01)).outside()
    assert abs(inside.largest((0.2, 0.5)) - 0.5) < 1e-12


def test_the_output_is_written_to_the_given_stream() -> None:
    """The command writes to the stream it is given (nothing printed elsewhere)."""
    from argparse import Namespace

    from leverage.commands.sensitivity import run_sensitivity

    out = io.StringIO()
    args = Namespace(scenario=str(ROOT / "scenarios" / "tutorial.yaml"), games=20, ai="easy",
                     seed=0, change=0.1, only=["oil_price_sigma"])
    assert run_sensitivity(args, out) in (0, 1)
    assert "oil_price_sigma" in out.getvalue() or "No visible effect" in out.getvalue()


def test_a_changed_share_stays_at_or_below_one() -> None:
    """+10% on a share of 0.95 runs at 1.0 (not 1.045); -10% and other parameters scale freely."""
    base = Params()
    assert base.oil_embargo_cut == 0.95
    assert changed(base, "oil_embargo_cut", 1.1).oil_embargo_cut == 1.0
    assert changed(base, "oil_embargo_cut", 0.9).oil_embargo_cut == pytest.approx(0.855)
    assert changed(base, "tau_oil", 1.1).tau_oil == pytest.approx(base.tau_oil * 1.1)
    assert changed(base, "tau_oil", 1.1).oil_embargo_cut == base.oil_embargo_cut
