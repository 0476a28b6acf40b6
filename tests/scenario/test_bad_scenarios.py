"""Every broken scenario in tests/data/bad_scenarios gives exactly its expected problem lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from leverage.scenario import check_file

BAD = Path(__file__).resolve().parent.parent / "data" / "bad_scenarios"
CASES = sorted(p.name for p in BAD.glob("*.yaml"))


def test_there_are_at_least_thirty_cases() -> None:
    """The folder holds at least 30 broken files, each with its expected output."""
    assert len(CASES) >= 30
    for name in CASES:
        assert (BAD / name).with_suffix(".expected").is_file(), name


@pytest.mark.parametrize("name", CASES)
def test_expected_problems(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The problems printed for a broken file are exactly the expected lines."""
    monkeypatch.chdir(BAD)
    expected = (BAD / name).with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    got = [str(p) for p in check_file(name)]
    assert got == expected
    assert any(line.split(": ")[1] in ("error", "warning") for line in got)


@pytest.mark.parametrize("name", CASES)
def test_never_an_internal_error(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """No broken file trips the checker's safety net."""
    monkeypatch.chdir(BAD)
    assert not any("internal error" in p.message for p in check_file(name))
