"""kill -9 at random moments while a game autosaves and saves under names: no save is ever
unreadable, no earlier save is lost, no temp file is listed."""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest

from leverage.session import PlayerConfig, Session
from leverage.storage import (
    TEMP_PREFIX,
    autosave,
    clean_temp_files,
    list_saves,
    read_save,
    save_game,
    saves_dir,
)

ROOT = Path(__file__).resolve().parents[2]
KILLS = 100
SLOTS = ("slot a", "slot b", "slot c")

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")


def played_session() -> Session:
    """The tutorial after three turns (a save of a few dozen kilobytes)."""
    from leverage.scenario import load_scenario

    session = Session.new(load_scenario(str(ROOT / "scenarios" / "tutorial.yaml")),
                          {"VEN": PlayerConfig("human", "normal")}, seed=11)
    session.autosave = False
    for _ in range(3):
        session.end_turn()
    return session


def save_forever(session: Session, folder: Path, seed: int, ready: int) -> None:
    """The child: autosave and save under names, over and over, until killed; one byte on the
    pipe `ready` once the first save is on disk."""
    rng = random.Random(seed)
    try:
        first = True
        while True:
            if rng.random() < 0.5:
                autosave(session, folder)
            else:
                save_game(session, rng.choice(SLOTS), folder)
            if first:
                os.write(ready, b"1")
                first = False
    finally:
        os._exit(0)


def newest_autosave(folder: Path) -> str | None:
    """The name of the newest autosave on disk."""
    names = sorted(p.name for p in saves_dir(folder).glob("autosave-*.json"))
    return names[-1] if names else None


def test_kill_9_during_saves_loses_nothing(tmp_path: Path) -> None:
    """100 kills at random moments; after each, every listed save reads and nothing is lost."""
    session = played_session()
    keeper = save_game(session, "keeper", tmp_path)
    rng = random.Random(1)
    had_slots: set[str] = set()
    temp_seen = 0
    for kill in range(KILLS):
        before_auto = newest_autosave(tmp_path)
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            save_forever(session, tmp_path, kill, write_end)
        os.close(write_end)
        # the kill comes at a random moment after the child's first save, however slowly a
        # busy machine runs the child
        os.read(read_end, 1)
        os.close(read_end)
        time.sleep(rng.uniform(0.0, 0.03))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        infos = list_saves(tmp_path)
        assert [i.path.name for i in infos if i.problem is not None] == []
        assert not [i for i in infos if i.path.name.startswith(TEMP_PREFIX)]
        names = {i.name for i in infos}
        assert "keeper" in names and read_save(keeper)["name"] == "keeper"
        assert had_slots <= names, f"kill {kill}: lost {had_slots - names}"
        had_slots |= names & set(SLOTS)
        if before_auto is not None:
            after_auto = newest_autosave(tmp_path)
            assert after_auto is not None and after_auto >= before_auto
        temp_seen += len(list(saves_dir(tmp_path).glob(f"{TEMP_PREFIX}*")))
        clean_temp_files(tmp_path, older_than=0)  # what the next start does
    assert not list(saves_dir(tmp_path).glob(f"{TEMP_PREFIX}*"))
    assert had_slots == set(SLOTS)
    print(f"{KILLS} kills, {temp_seen} temp files left by them and cleaned, 0 unreadable")
