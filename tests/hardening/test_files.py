"""Pipes, folders and other non-regular files are refused at once, never waited on."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from leverage.files import NotRegularFileError, is_regular, printable, read_regular, regular_files
from leverage.scenario import check_file, list_scenarios
from leverage.storage import SaveError, find_scenario, list_saves, read_save

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "scenarios" / "tutorial.yaml"
pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")


def within(seconds: float, work: Callable[[], Any]) -> Any:
    """Run `work` in a thread; fail (instead of hanging the suite) when it takes too long."""
    box: dict[str, Any] = {}

    def run() -> None:
        """Keep the result or the error."""
        try:
            box["value"] = work()
        except BaseException as error:  # handed back to the test below
            box["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still waiting after {seconds} s"
    if "error" in box:
        raise box["error"]
    return box.get("value")


def fifo(path: Path) -> Path:
    """Make a named pipe at `path`."""
    os.mkfifo(path)
    return path


def test_read_regular_refuses_a_pipe_and_a_folder(tmp_path: Path) -> None:
    """A FIFO is 'not a regular file', a folder is a folder, and neither blocks."""
    pipe = fifo(tmp_path / "pipe.yaml")
    with pytest.raises(NotRegularFileError, match="not a regular file"):
        within(5, lambda: read_regular(pipe, 100))
    with pytest.raises(IsADirectoryError):
        read_regular(tmp_path, 100)
    (tmp_path / "a.txt").write_bytes(b"x" * 50)
    assert read_regular(tmp_path / "a.txt", 10) == b"x" * 11  # limit + 1: the caller sees "too big"
    assert not is_regular(pipe) and is_regular(tmp_path / "a.txt")


def test_a_pipe_as_a_scenario_is_a_clear_problem(tmp_path: Path) -> None:
    """validate and load name the path and say it is not a regular file."""
    pipe = fifo(tmp_path / "pipe.yaml")
    problems = within(5, lambda: check_file(str(pipe)))
    assert len(problems) == 1
    assert str(problems[0]).startswith(f"{pipe}:1:1: error: not a regular file")


def test_folders_with_pipes_list_only_real_files(tmp_path: Path) -> None:
    """The scenario picker, the saves list and the save check skip pipes."""
    fifo(tmp_path / "pipe.yaml")
    (tmp_path / "tutorial.yaml").write_bytes(TUTORIAL.read_bytes())
    cards = within(10, lambda: list_scenarios(str(tmp_path)))
    assert [Path(c.path).name for c in cards] == ["tutorial.yaml"]
    assert [p.name for p in regular_files(tmp_path, "*.yaml")] == ["tutorial.yaml"]
    saves = tmp_path / "data" / "saves"
    saves.mkdir(parents=True)
    fifo(saves / "game.json")
    assert within(5, lambda: list_saves(tmp_path / "data")) == []


def test_loading_a_pipe_as_a_save_is_a_save_error(tmp_path: Path) -> None:
    """read_save refuses a pipe with a sentence naming it."""
    pipe = fifo(tmp_path / "game.json")
    with pytest.raises(SaveError, match="not a regular file"):
        within(5, lambda: read_save(pipe))


def test_the_save_check_skips_pipes_among_scenarios(tmp_path: Path) -> None:
    """find_scenario hashes the *.yaml files of the folder; a pipe among them is passed over."""
    from leverage.scenario import load_scenario

    folder = tmp_path / "scenarios"
    shutil.copytree(ROOT / "scenarios" / "library", folder / "library")
    fifo(folder / "a_pipe.yaml")
    (folder / "tutorial.yaml").write_bytes(TUTORIAL.read_bytes())
    loaded = load_scenario(str(folder / "tutorial.yaml"))
    data = {"scenario": {"id": loaded.world.scenario_id, "content_hash": loaded.content_hash,
                         "file": "a_pipe.yaml"}}
    found = within(10, lambda: find_scenario(data, folder, tmp_path / "x.json"))
    assert found.content_hash == loaded.content_hash


@pytest.mark.parametrize("command", [["validate", "{pipe}"], ["simulate", "{pipe}"],
                                     ["simulate", str(TUTORIAL), "--script", "{pipe}"]])
def test_commands_given_a_pipe_answer_at_once(tmp_path: Path, command: list[str]) -> None:
    """validate, simulate and --script with a pipe: one clear line, exit 1, no traceback."""
    pipe = fifo(tmp_path / "pipe.yaml")
    args = [a.replace("{pipe}", str(pipe)) for a in command]
    out = subprocess.run([sys.executable, "main.py", *args], capture_output=True, text=True,
                         cwd=ROOT, timeout=60)
    assert out.returncode == 1, out.stderr
    text = out.stdout + out.stderr
    assert f"{pipe}:1:1: error: not a regular file" in text
    assert "Traceback" not in text


def test_a_library_that_is_a_folder_says_so(tmp_path: Path) -> None:
    """`uses: [basic]` with library/basic.yaml a folder: 'is a folder', not 'did you mean'."""
    good = ROOT / "tests" / "data" / "good"
    (tmp_path / "library" / "basic.yaml").mkdir(parents=True)
    (tmp_path / "mini.yaml").write_bytes((good / "mini.yaml").read_bytes())
    messages = [p.message for p in check_file(str(tmp_path / "mini.yaml"))]
    assert any("is a folder, not a library file" in m for m in messages), messages
    assert not any("did you mean" in m for m in messages)


def test_control_characters_are_escaped() -> None:
    """An ESC sequence, a bell and a newline show as visible escapes."""
    assert printable("a\x1b[2Jb\x07c\nd") == "a\\x1b[2Jb\\x07c\\nd"
    assert printable("Türkiye, 中国") == "Türkiye, 中国"
