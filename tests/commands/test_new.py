"""`new`: a scenario scaffolded from questions validates with no errors, plays, names the schema,
never overwrites a file, and answers bad input with a message, not a traceback."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest

from leverage.cli import main
from leverage.commands.schema import SCHEMA_FILE
from leverage.scenario import check_file, load_scenario
from leverage.scenario.loader import load_file, to_python

ROOT = Path(__file__).resolve().parents[2]
FLAGS = ["--title", "Pastor and Steel", "--date", "2018-08-10", "--countries", "usa, TUR,QAT",
         "--roles", "USA,TUR", "--turns", "4"]


def test_flags_write_a_scenario_that_validates_and_plays(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """The written file starts with the schema comment, has no problems at all and simulates."""
    target = tmp_path / "steel.yaml"
    assert main(["new", str(target), *FLAGS]) == 0
    text = target.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix)
    assert (target.parent / first[len(prefix):]).resolve() == (ROOT / SCHEMA_FILE).resolve()
    assert check_file(str(target)) == []
    loaded = load_scenario(str(target))
    assert loaded.world.codes == ("USA", "TUR", "QAT")
    assert [r.title for r in loaded.world.roles] == ["Government of United States of America",
                                                     "Government of Turkey"]
    assert loaded.world.turns == 4 and loaded.scenario.id == "pastor_and_steel"
    capsys.readouterr()
    assert main(["validate", str(target)]) == 0
    assert "0 errors, 0 warnings" in capsys.readouterr().out
    assert main(["simulate", str(target), "--games", "20", "--turns", "2", "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "Pastor and Steel (pastor_and_steel)" in out and "20 games x 2 turns" in out
    schema = json.loads((ROOT / SCHEMA_FILE).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(to_python(load_file(str(target)).root))


def test_questions_on_the_terminal_ask_again_after_a_bad_answer(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Asked interactively: a bad date and an unknown code are explained and asked again."""
    answers = ["The Barley Dispute", "", "2020-13-01", "2020-05-11", "CHN, Australia", "?", "CHN AUS",
               "AUS", "", "1"]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(answers) + "\n"))
    target = tmp_path / "barley.yaml"
    assert main(["new", str(target)]) == 0
    out = capsys.readouterr().out
    assert "'2020-13-01' is not a real date" in out
    assert "'AUSTRALIA' is not a country code of the map; AUS is Australia" in out
    assert "AUS Australia" in out and "CHN China" in out
    loaded = load_scenario(str(target))
    assert loaded.scenario.id == "the_barley_dispute"
    assert loaded.world.codes == ("CHN", "AUS")
    assert [loaded.world.codes[r.country] for r in loaded.world.roles] == ["AUS"]
    assert loaded.world.turns == 8 and loaded.scenario.calendar.months_per_turn == 1
    assert check_file(str(target)) == []


def test_an_answers_file_is_enough(tmp_path: Path) -> None:
    """--answers gives every answer; nothing is read from the terminal."""
    answers = tmp_path / "answers.yaml"
    answers.write_text("title: Wine and Barley\ndate: 2020-05-11\ncountries: [CHN, AUS]\n"
                       "turns: 3\nmonths_per_turn: 4\n", encoding="utf-8")
    target = tmp_path / "wine.yaml"
    assert main(["new", str(target), "--answers", str(answers)]) == 0
    loaded = load_scenario(str(target))
    assert loaded.world.turns == 3 and loaded.scenario.calendar.start == "2020-05"
    assert len(loaded.world.roles) == 2
    assert check_file(str(target)) == []


def test_an_existing_file_is_never_overwritten(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A second `new` on the same file refuses and leaves the file as it was."""
    target = tmp_path / "steel.yaml"
    target.write_text("mine\n", encoding="utf-8")
    assert main(["new", str(target), *FLAGS]) == 1
    assert "already exists; it was left as it is" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize(("flags", "message"), [
    (["--date", "10/08/2018"], "date: '10/08/2018' is not a date: write YYYY-MM-DD"),
    (["--countries", "USA"], "give at least two countries"),
    (["--countries", "USA,XYZ"], "'XYZ' is not a country code of the map"),
    (["--countries", "USA,USA"], "USA is given more than once"),
    (["--roles", "GBR"], "'GBR' is not one of the scenario's countries (USA, TUR, QAT)"),
    (["--id", "Big Id"], "'Big Id' is not an id"),
    (["--turns", "61"], "turns must be from 1 to 60, not 61"),
])
def test_bad_answers_give_a_message_and_no_file(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                flags: list[str], message: str) -> None:
    """Each bad answer is named with what to write instead; exit 2, no file, no traceback."""
    target = tmp_path / "x.yaml"
    assert main(["new", str(target), *FLAGS, *flags]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not target.exists()


def test_bad_answers_files(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                           monkeypatch: pytest.MonkeyPatch) -> None:
    """An unknown key in the answers file is named at its line; input that ends is explained."""
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    answers = tmp_path / "a.yaml"
    answers.write_text("title: T\ndaet: 2020-01-01\n", encoding="utf-8")
    assert main(["new", str(tmp_path / "x.yaml"), "--answers", str(answers)]) == 2
    assert f"{answers}:2:1: unknown key 'daet'; did you mean date?" in capsys.readouterr().err
    assert main(["new", str(tmp_path / "x.yaml"), "--title", "T"]) == 2
    assert "no answer to 'Date of the story (YYYY-MM-DD)'" in capsys.readouterr().err
    assert main(["new", str(tmp_path / "nofolder" / "x.yaml"), *FLAGS]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_without_a_checkout_the_schema_is_written_beside(tmp_path: Path) -> None:
    """An installed game has no docs/ folder: the comment names a schema written beside the file
    (and an existing one there is kept)."""
    from leverage.commands.new import schema_reference
    from leverage.commands.schema import schema_text

    target = tmp_path / "mine.yaml"
    assert schema_reference(target, tmp_path / "no_docs" / "scenario.schema.json") == (
        "scenario.schema.json", tmp_path / "scenario.schema.json")
    (tmp_path / "scenario.schema.json").write_text(schema_text(), encoding="utf-8")
    assert schema_reference(target, tmp_path / "no_docs" / "scenario.schema.json") == (
        "scenario.schema.json", None)
    inside = ROOT / "scenarios" / "x.yaml"
    assert schema_reference(inside)[0] == "../docs/scenario.schema.json"
