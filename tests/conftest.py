"""Fixtures for every test: nothing a test writes ever reaches the real user folders."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Saves, autosaves, settings and debriefs go to the test's own temporary folder."""
    monkeypatch.setenv("LEVERAGE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("LEVERAGE_DOCUMENTS_DIR", str(tmp_path / "Documents" / "Leverage"))
    monkeypatch.delenv("LEVERAGE_CONFIG_DIR", raising=False)
