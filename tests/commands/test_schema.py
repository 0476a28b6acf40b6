"""`schema`: the JSON Schema generated from the pydantic models, kept in docs/ and passing every
shipped scenario; the yaml-language-server comment that points editors at it."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from leverage.cli import main
from leverage.commands.schema import SCHEMA_FILE, run_schema, schema_text
from leverage.resources import scenarios_dir
from leverage.scenario.loader import load_file, to_python

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "tests" / "data" / "good"
SHIPPED = sorted(scenarios_dir().glob("*.yaml")) + sorted(scenarios_dir().glob("library/*.yaml"))


def validator() -> jsonschema.Draft7Validator:
    """A validator for the committed schema (itself checked against the dialect first)."""
    schema = json.loads((ROOT / SCHEMA_FILE).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def data_of(path: Path) -> Any:
    """A YAML file as plain data, typed the way Leverage reads it (dates are text)."""
    return to_python(load_file(str(path)).root)


def test_committed_schema_is_the_generated_one() -> None:
    """docs/scenario.schema.json equals what `schema` writes now (run it after changing schema.py)."""
    assert (ROOT / SCHEMA_FILE).read_text(encoding="utf-8") == schema_text(), (
        "docs/scenario.schema.json is out of date: run 'python main.py schema --out "
        "docs/scenario.schema.json'")


@pytest.mark.parametrize("path", SHIPPED + [GOOD / "mini.yaml", GOOD / "library" / "basic.yaml"],
                         ids=lambda p: p.name)
def test_every_shipped_file_passes_the_schema(path: Path) -> None:
    """Each shipped scenario and library file is valid against the JSON Schema."""
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(data_of(path))]
    assert not errors, "\n".join(errors)


def test_the_schema_refuses_what_validate_refuses() -> None:
    """An unknown key, a bad effect and an out-of-range level fail the schema too."""
    data = data_of(scenarios_dir() / "tutorial.yaml")
    move = {"id": "x", "name": "X", "by": ["USA"], "summary": "S", "effects": [{"sanction": "oil"}]}
    data["moves"] = [move]
    assert validator().is_valid(data)
    two_effects = {"sanction": "oil", "deal": "payment_link"}
    for path, value in ((["sumary"], "typo"), (["moves", 0, "effects", 0], two_effects),
                        (["calendar", "turns"], 0), (["moves", 0, "cost"], 99)):
        broken = json.loads(json.dumps(data))
        target = broken
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        assert not validator().is_valid(broken), path


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_files_name_the_schema_for_editors(path: Path) -> None:
    """Every shipped file starts with the yaml-language-server comment, pointing at the schema."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix)
    assert (path.parent / first[len(prefix):]).resolve() == (ROOT / SCHEMA_FILE).resolve()


def test_schema_command_writes_a_file(tmp_path: Path) -> None:
    """`schema --out FILE` writes the schema; without --out it prints it."""
    out = tmp_path / "s.json"
    assert main(["schema", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == schema_text()
    printed = io.StringIO()
    assert run_schema(None, printed) == 0 and printed.getvalue() == schema_text()


def test_schema_command_reports_an_unwritable_file(tmp_path: Path) -> None:
    """A folder that does not exist as a file's parent: a message, exit 1, no traceback."""
    printed = io.StringIO()
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert run_schema(str(blocker / "s.json"), printed) == 1
    assert printed.getvalue().startswith(f"leverage schema: error: cannot write {blocker}")


def _keys(node: Any) -> set[str]:
    """Every key anywhere in a JSON document."""
    if isinstance(node, dict):
        return set(node) | {k for v in node.values() for k in _keys(v)}
    if isinstance(node, list):
        return {k for v in node for k in _keys(v)}
    return set()


def test_the_schema_uses_only_draft_7_keywords() -> None:
    """Editors' YAML language server reads draft 7: no keyword that draft 7 lacks is generated."""
    newer = {"prefixItems", "unevaluatedProperties", "unevaluatedItems", "dependentRequired",
             "dependentSchemas", "$dynamicRef", "$dynamicAnchor", "$anchor", "$recursiveRef",
             "minContains", "maxContains"}
    schema = json.loads(schema_text())
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert not _keys(schema) & newer


def _check_jsonschema(*files: Path) -> subprocess.CompletedProcess[str]:
    """Run the `check-jsonschema` command (the dev dependency) with the committed schema."""
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(ROOT / SCHEMA_FILE),
         *map(str, files)], capture_output=True, text=True, timeout=120, check=False)


def test_check_jsonschema_passes_every_shipped_file() -> None:
    """The editors' tool, `check-jsonschema`, accepts every shipped scenario and library with the
    generated schema."""
    done = _check_jsonschema(*SHIPPED)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok -- validation done" in done.stdout


def test_check_jsonschema_refuses_a_broken_file(tmp_path: Path) -> None:
    """The same run fails on a shipped scenario with a misspelt key, naming the key."""
    broken = tmp_path / "broken.yaml"
    text = (scenarios_dir() / "tutorial.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace("\nsummary:", "\nsumary:", 1), encoding="utf-8")
    done = _check_jsonschema(broken)
    assert done.returncode == 1
    assert "sumary" in done.stdout + done.stderr
