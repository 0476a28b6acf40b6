"""Tests of the player's settings: defaults, round trip, damaged files and out-of-range values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leverage.settings import Settings, config_dir, load_settings, save_settings, settings_path


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    """No settings file yet: the defaults and no warning."""
    settings, warnings = load_settings(tmp_path)
    assert settings == Settings() and warnings == []
    assert (settings.width, settings.height, settings.ui_scale) == (1280, 720, 100)
    assert settings.sound and not settings.fullscreen and not settings.colour_blind


def test_settings_round_trip(tmp_path: Path) -> None:
    """Saved settings come back equal, from a pretty-printed JSON file."""
    chosen = Settings(width=1920, height=1080, fullscreen=True, ui_scale=150,
                      colour_blind=True, sound=False, last_scenario="venezuela_gold_2018")
    assert save_settings(chosen, tmp_path) is None
    assert load_settings(tmp_path) == (chosen, [])
    assert json.loads(settings_path(tmp_path).read_text())["ui_scale"] == 150
    assert chosen.scale == 1.5
    assert not list(tmp_path.glob(".tmp-*"))


@pytest.mark.parametrize("content", ["{not json", "", "\x00\x01", '{"width": 1280',
                                     "[1, 2]", "null"])
def test_damaged_file_gives_defaults_and_a_warning(tmp_path: Path, content: str) -> None:
    """Whatever is in the file, the game starts with the defaults and says why."""
    path = settings_path(tmp_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)
    settings, warnings = load_settings(tmp_path)
    assert settings == Settings()
    assert len(warnings) == 1 and "defaults" in warnings[0]


def test_not_utf8_gives_a_warning(tmp_path: Path) -> None:
    """Bytes that are not text are reported, not raised."""
    settings_path(tmp_path).write_bytes(b"\xff\xfe\xfa")
    settings, warnings = load_settings(tmp_path)
    assert settings == Settings() and "could not be read" in warnings[0]


def test_bad_values_are_brought_into_range(tmp_path: Path) -> None:
    """Out-of-range and wrongly typed values are fixed one by one, each with a warning."""
    settings_path(tmp_path).write_text(json.dumps({
        "ui_scale": 400, "width": 100, "height": "tall", "sound": "yes", "fullscreen": True,
        "last_scenario": 3, "unknown_key": 1}))
    settings, warnings = load_settings(tmp_path)
    assert settings.ui_scale == 200 and settings.width == 800 and settings.height == 720
    assert settings.sound is True and settings.fullscreen is True
    assert settings.last_scenario == ""
    assert len(warnings) == 5
    assert any("ui_scale" in w and "100..200" in w for w in warnings)


def test_with_changes_clamps() -> None:
    """Changing a setting keeps it in range."""
    assert Settings().with_changes(ui_scale=50).ui_scale == 100
    assert Settings().with_changes(sound=False).sound is False


def test_folder_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """$LEVERAGE_CONFIG_DIR wins; else $LEVERAGE_DATA_DIR/config; tests never touch the real one."""
    monkeypatch.setenv("LEVERAGE_CONFIG_DIR", str(tmp_path / "cfg"))
    assert config_dir() == tmp_path / "cfg"
    monkeypatch.delenv("LEVERAGE_CONFIG_DIR")
    monkeypatch.setenv("LEVERAGE_DATA_DIR", str(tmp_path / "data"))
    assert config_dir() == tmp_path / "data" / "config"
    assert save_settings(Settings(sound=False)) is None
    assert load_settings()[0].sound is False


def test_an_unwritable_folder_gives_a_warning(tmp_path: Path) -> None:
    """Saving where no folder can be made returns a warning instead of raising."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    warning = save_settings(Settings(), blocker / "sub")
    assert warning is not None and "could not be saved" in warning
