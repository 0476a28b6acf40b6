"""`--version` and `python -m leverage`: the same command line as main.py, the version from metadata."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest

import leverage
from leverage.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_version_comes_from_pyproject(capsys: pytest.CaptureFixture[str]) -> None:
    """`--version` prints the version in pyproject.toml, as the package metadata holds it."""
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == f"leverage {declared}\n"
    assert version("leverage") == declared == leverage.__version__


def test_python_dash_m_game_runs_the_cli() -> None:
    """`python -m leverage --help` lists the commands, schema among them."""
    done = subprocess.run([sys.executable, "-m", "leverage", "--help"], cwd=ROOT, capture_output=True,
                          text=True, timeout=30, check=False)
    assert done.returncode == 0, done.stderr
    assert "schema" in done.stdout and "--version" in done.stdout
