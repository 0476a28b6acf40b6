"""`validate`: problem lines, the summary and the exit code; and the load + validate time."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from leverage.commands.validate import run_validate

DATA = Path(__file__).resolve().parent.parent / "data"


def run(paths: list[str]) -> tuple[int, list[str]]:
    """Exit code and printed lines."""
    out = io.StringIO()
    code = run_validate(paths, out)
    return code, out.getvalue().splitlines()


def test_clean_files_exit_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    """A clean scenario and its library: only the summary, exit 0."""
    monkeypatch.chdir(DATA / "good")
    assert run(["mini.yaml", "library/basic.yaml"]) == (0, ["2 files: 0 errors, 0 warnings"])


def test_errors_warnings_and_missing_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every problem line, a missing file as an error, the summary, exit 1."""
    monkeypatch.chdir(DATA / "bad_scenarios")
    code, lines = run(["roles_problems.yaml", "event_never_fires.yaml", "nope.yaml"])
    assert code == 1
    assert lines[0].startswith("roles_problems.yaml:21:3: error: role for unknown country 'VNZ'")
    assert lines[-2] == "nope.yaml:1:1: error: no such file"
    assert lines[-1] == "3 files: 3 errors, 4 warnings"
    assert len(lines) == 3 + 4 + 1


def test_warnings_only_exit_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    """Warnings alone do not fail validation."""
    monkeypatch.chdir(DATA / "bad_scenarios")
    code, lines = run(["move_nobody_can_play.yaml"])
    assert code == 0 and lines[-1] == "1 file: 0 errors, 4 warnings"


def test_shipped_scenarios_have_no_errors() -> None:
    """Every scenario and library file in scenarios/ validates without errors."""
    root = Path(__file__).resolve().parents[2] / "scenarios"
    files = sorted(str(p) for p in root.glob("*.yaml")) + sorted(
        str(p) for p in root.glob("library/*.yaml"))
    if not files:
        pytest.skip("no shipped scenarios yet")
    code, lines = run(files)
    assert code == 0, "\n".join(lines)


def test_library_problems_print_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A broken library used by two scenarios is reported once."""
    (tmp_path / "library").mkdir()
    (tmp_path / "library" / "basic.yaml").write_text(
        "format: 1\nlibrary: basic\nmoves:\n  - {id: m, name: M, by: [any], summary: s, cost: 99}\n",
        encoding="utf-8")
    mini = (DATA / "good" / "mini.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(mini, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(mini.replace("id: mini_test", "id: mini_b"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, lines = run(["a.yaml", "b.yaml"])
    assert code == 1
    assert lines == ["library/basic.yaml:4:51: error: cost must be at most 20 (got 99)",
                     "2 files: 1 error, 0 warnings"]
