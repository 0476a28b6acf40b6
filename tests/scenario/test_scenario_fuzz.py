"""Random text, random bytes and mutated scenarios: only ScenarioError ever comes out."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leverage.scenario import ScenarioError, check_file, load_scenario
from leverage.scenario.loader import load_file

GOOD = Path(__file__).resolve().parent.parent / "data" / "good"
SETTINGS = settings(max_examples=120, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch folder with the good fixture's library beside it."""
    base = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(GOOD / "library", base / "library")
    return base


@pytest.fixture(scope="module")
def tree() -> Any:
    """The good mini scenario as plain data."""
    return load_file(str(GOOD / "mini.yaml")).to_python()


def exercise(path: Path) -> None:
    """Check and load a file: problems are fine, any other exception is a failure."""
    problems = check_file(str(path))
    assert not any("internal error" in p.message for p in problems), problems
    try:
        load_scenario(str(path))
    except ScenarioError as exc:
        assert exc.problems
        assert not any("internal error" in p.message for p in exc.problems), exc.problems


@SETTINGS
@given(text=st.text(max_size=400))
def test_random_text(folder: Path, text: str) -> None:
    """Arbitrary text never raises anything but ScenarioError."""
    path = folder / "text.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    exercise(path)


@SETTINGS
@given(data=st.binary(max_size=400))
def test_random_bytes(folder: Path, data: bytes) -> None:
    """Arbitrary bytes (invalid UTF-8, NULs) never raise anything but ScenarioError."""
    path = folder / "bytes.yaml"
    path.write_bytes(data)
    exercise(path)


YAMLISH = st.sampled_from([
    "a: [", "- x", "{", "}", ": :", "&a", "*a", "!!python/object:os.system", "<<: x", "NO",
    "  ", "\t", "\n", "'", '"', "|", ">", "#", "---", "...", "? x", "%YAML 1.1", "1e999",
    "9" * 5000, "a:\n  b:\n    c: d", "- - - -", "[[[[[[[[", "\\x00", "é", "\ufeff",
])


@SETTINGS
@given(parts=st.lists(st.one_of(YAMLISH, st.text(max_size=10)), max_size=30))
def test_yaml_like_fragments(folder: Path, parts: list[str]) -> None:
    """Fragments of YAML syntax glued together never raise anything but ScenarioError."""
    path = folder / "fragments.yaml"
    path.write_text("".join(parts), encoding="utf-8", errors="surrogatepass")
    exercise(path)


def paths_of(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value in a tree of dicts and lists."""
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths_of(value, prefix + (key,))
    elif isinstance(node, list):
        for k, value in enumerate(node):
            found += paths_of(value, prefix + (k,))
    return found


def get(node: Any, path: tuple[Any, ...]) -> Any:
    """The value at a path."""
    for part in path:
        node = node[part]
    return node


VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**30, 10**30),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12),
    st.sampled_from(["VEN", "USA", "NO", "self", "target", "any", "2018-07", "2030-13", "turn >",
                     "VEN.gdp > 3", "flag(x)", "gold", "oil", "BRICS", "NATO", "basic",
                     "print_money",
                     "cano_2018", "0x10", ""]),
    st.lists(st.sampled_from(["VEN", "USA", "TUR", 1, None]), max_size=3),
    st.dictionaries(st.sampled_from(["value", "source", "by", "of", "x"]),
                    st.sampled_from([1, "VEN", "cano_2018", None]), max_size=2),
)


@SETTINGS
@given(data=st.data())
def test_mutated_scenarios(folder: Path, tree: Any, data: st.DataObject) -> None:
    """The good scenario with keys dropped, values replaced or swapped: only ScenarioError."""
    mutated = copy.deepcopy(tree)
    for _ in range(data.draw(st.integers(1, 4))):
        paths = paths_of(mutated)
        if not paths:
            break
        path = data.draw(st.sampled_from(paths))
        parent = get(mutated, path[:-1])
        operation = data.draw(st.sampled_from(["drop", "replace", "swap"]))
        if operation == "drop":
            del parent[path[-1]]
        elif operation == "replace":
            parent[path[-1]] = data.draw(VALUES)
        else:
            other = data.draw(st.sampled_from(paths))
            if other[: len(path)] != path and path[: len(other)] != other:
                other_parent = get(mutated, other[:-1])
                parent[path[-1]], other_parent[other[-1]] = (
                    copy.deepcopy(other_parent[other[-1]]), copy.deepcopy(parent[path[-1]]))
    if data.draw(st.booleans()):
        text = yaml.safe_dump(mutated, sort_keys=False, allow_unicode=True)
    else:
        text = json.dumps(mutated, allow_nan=True)
    path = folder / "mutated.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    exercise(path)


def test_the_unmutated_tree_loads(folder: Path, tree: Any) -> None:
    """The round trip used by the mutation test keeps the good scenario valid."""
    path = folder / "same.yaml"
    path.write_text(yaml.safe_dump(tree, sort_keys=False), encoding="utf-8")
    assert check_file(str(path)) == []
    path.write_text(json.dumps(tree), encoding="utf-8")
    assert check_file(str(path)) == []
