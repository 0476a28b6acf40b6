"""`python main.py host`: clear messages and exit codes when it cannot host, never a traceback."""

from __future__ import annotations

import socket

import pytest

from leverage.cli import main


def test_host_needs_a_scenario_or_resume(capsys: pytest.CaptureFixture[str]) -> None:
    """No scenario and no --resume: exit 2 with what to do."""
    assert main(["host", "--headless"]) == 2
    assert "Name a scenario" in capsys.readouterr().out


def test_resume_without_a_hosted_game(capsys: pytest.CaptureFixture[str]) -> None:
    """--resume with no hosted autosave says so."""
    assert main(["host", "--resume", "--headless"]) == 1
    assert "No hosted game to resume" in capsys.readouterr().out


def test_a_host_name_is_not_an_address(capsys: pytest.CaptureFixture[str]) -> None:
    """The server binds only to an IP address the teacher chose."""
    assert main(["host", "tutorial", "--address", "classroom.local", "--headless"]) == 1
    assert "is not an IP address" in capsys.readouterr().out


def test_a_port_in_use_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    """Another program on the port: a sentence naming the address and port."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["host", "tutorial", "--address", "127.0.0.1", "--port", str(port),
                     "--headless"]) == 1
    out = capsys.readouterr().out
    assert f"cannot listen on 127.0.0.1 port {port}" in out


def test_a_missing_scenario_names_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    """A scenario that does not exist: the file and the problem."""
    assert main(["host", "no_such_scenario", "--address", "127.0.0.1", "--headless"]) in (1, 2)
    said = capsys.readouterr()
    assert "no_such_scenario" in said.out + said.err
