"""Length limits and odd numbers in settings, save names and reasons: clear messages, no crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from leverage.core.actions import IllegalMoveError, Move
from leverage.files import MAX_NAME_CHARS, MAX_TEXT_CHARS
from leverage.session import PlayerConfig, Session
from leverage.settings import Settings, fit_window, load_settings
from leverage.storage import SaveError, save_game

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("text, phrase", [
    ('{"width": 1e999}', "setting 'width' should be a finite number, not inf; using 1280"),
    ('{"height": -1e999}', "setting 'height' should be a finite number, not -inf; using 720"),
    ('{"last_scenario": "' + "x" * 5000 + '"}', "is 5000 characters long (at most 4096)"),
    ('\ufeff{"width": 900}', None),
    ('[' * 100000 + ']' * 100000, "using the defaults"),
])
def test_odd_settings_files_give_defaults_and_a_clear_warning(tmp_path: Path, text: str,
                                                              phrase: str | None) -> None:
    """Infinite sizes, over-long text, a BOM, deep nesting: never an exception."""
    (tmp_path / "settings.json").write_text(text, encoding="utf-8")
    settings, warnings = load_settings(tmp_path)
    assert isinstance(settings, Settings)
    if phrase is None:
        assert warnings == [] and settings.width == 900
    else:
        assert any(phrase in w for w in warnings), warnings


def test_the_window_fits_the_display() -> None:
    """A window never exceeds the display it opens on."""
    assert fit_window(10_000, 10_000, (1920, 1080)) == (1920, 1080)
    assert fit_window(1280, 720, (1920, 1080)) == (1280, 720)
    assert fit_window(1280, 720, None) == (1280, 720)


@pytest.fixture(scope="module")
def session() -> Session:
    """The tutorial with one person."""
    from leverage.scenario import load_scenario

    game = Session.new(load_scenario(str(ROOT / "scenarios" / "tutorial.yaml")),
                       {"VEN": PlayerConfig("human", "normal")}, seed=1)
    game.autosave = False
    return game


def test_a_save_name_too_long_is_refused(session: Session, tmp_path: Path) -> None:
    """A name over the limit: a SaveError saying the limit; nothing written."""
    with pytest.raises(SaveError, match=f"at most {MAX_NAME_CHARS} characters"):
        save_game(session, "n" * (MAX_NAME_CHARS + 1), tmp_path)
    assert not (tmp_path / "saves").exists() or not list((tmp_path / "saves").iterdir())
    assert save_game(session, "n" * MAX_NAME_CHARS, tmp_path).is_file()


def test_a_reason_too_long_is_refused(session: Session) -> None:
    """A written reason over the limit: IllegalMoveError saying the limit."""
    option = next(o for o in session.options("VEN") if o.targets)
    with pytest.raises(IllegalMoveError, match=f"keep it to {MAX_TEXT_CHARS} characters"):
        session.plan("VEN", Move(option.id, "VEN", option.targets[0], "r" * (MAX_TEXT_CHARS + 1)))
    assert session.planned("VEN") == []


def test_a_scenario_title_at_its_limit_still_makes_readable_saves(tmp_path: Path) -> None:
    """A 200-character title plus the date: the autosave's name is cut, the save reads back."""
    import re
    import shutil

    from leverage.scenario import load_scenario
    from leverage.storage import autosave, read_save, save_session

    shutil.copytree(ROOT / "scenarios" / "library", tmp_path / "library")
    text = (ROOT / "scenarios" / "tutorial.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^title: .*$", "title: " + "T" * MAX_NAME_CHARS, text, count=1)
    (tmp_path / "long.yaml").write_text(text, encoding="utf-8")
    game = Session.new(load_scenario(str(tmp_path / "long.yaml")), {}, seed=1)
    game.autosave = False
    for path in (autosave(game, tmp_path), save_session(game, folder=tmp_path)):
        assert len(read_save(path)["name"]) <= MAX_NAME_CHARS
