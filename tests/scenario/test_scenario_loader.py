"""The safe YAML loader: positions, typed scalars and every refused construct."""

from __future__ import annotations

from pathlib import Path

import pytest

from leverage.scenario.errors import Problem, ScenarioError
from leverage.scenario.loader import MAX_BYTES, load_file, load_text


def problems(data: bytes) -> list[str]:
    """The problem lines of loading `data` (empty when it loads)."""
    try:
        load_text("f.yaml", data)
    except ScenarioError as exc:
        return [str(p) for p in exc.problems]
    return []


def test_positions_of_keys_and_values() -> None:
    """Every node knows its 1-based line and column."""
    doc = load_text("f.yaml", b"a: 1\nb:\n  - x\n  - {c: 'q'}\n")
    b = doc.root.get("b")
    assert b is not None
    assert (b.line, b.col) == (3, 3)
    assert (b.items[1].line, b.items[1].col) == (4, 5)
    key = doc.root.key_node("b")
    assert key is not None and (key.line, key.col) == (2, 1)
    assert doc.to_python() == {"a": 1, "b": ["x", {"c": "q"}]}


def test_scalars_are_typed_by_the_project() -> None:
    """YAML 1.1 booleans (any case, y/n too), numbers incl. 1e3, dates kept as text."""
    doc = load_text("f.yaml", b"a: [NO, n, Yes, 'no', 1e3, -2, 2.5, 2018-07-19, 0x10, ~, on]")
    assert doc.to_python() == {
        "a": [False, False, True, "no", 1000.0, -2, 2.5, "2018-07-19", "0x10", None, True]
    }


def test_keys_are_always_text() -> None:
    """`on:` and `NO:` as keys stay text (sanction effects use `on:`)."""
    doc = load_text("f.yaml", b"on: 1\nNO: 2\n")
    assert doc.to_python() == {"on": 1, "NO": 2}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"a: &x 1\nb: *x\n", "f.yaml:1:4: error: anchors (&x) are not allowed"),
        (b"a: 1\nb: *x\n", "f.yaml:2:4: error: aliases (*name) are not allowed"),
        (b"a: !!python/object:os.system 1", "f.yaml:1:4: error: tags (!!python/object:os.system) "
         "are not allowed"),
        (b"a: !!str 1", "f.yaml:1:4: error: tags (!!str) are not allowed"),
        (b"a: {<<: {b: 1}}", "f.yaml:1:5: error: merge keys (<<) are not allowed"),
        (b"a: 1\nb: 2\na: 3\n", "f.yaml:3:1: error: duplicate key 'a' (first at line 1)"),
        (b"? [a]\n: 1\n", "f.yaml:1:3: error: mapping keys must be plain text"),
        (b"a: 1\n---\nb: 2\n", "f.yaml:2:1: error: only one YAML document is allowed per file"),
        (b"\xff\xfe\x00", "f.yaml:1:1: error: the file is not valid UTF-8 text (byte 0xff); "
         "save it as UTF-8"),
        (b"a: 'x\x00'", "f.yaml:1:6: error: character U+0000 is not allowed in a YAML file"),
    ],
)
def test_refused_constructs(data: bytes, expected: str) -> None:
    """Each forbidden construct gives one clear problem at its position."""
    got = problems(data)
    assert len(got) == 1
    assert got[0].startswith(expected)


def test_nesting_limit() -> None:
    """32 levels load; 33 are refused."""
    assert problems(b"a: " + b"[" * 31 + b"]" * 31) == []
    got = problems(b"a: " + b"[" * 32 + b"]" * 32)
    assert got == ["f.yaml:1:35: error: nesting deeper than 32 levels"]


def test_size_limit() -> None:
    """Files over 1 MiB are refused before parsing."""
    data = b"# " + b"x" * MAX_BYTES + b"\n"
    assert problems(data) == [f"f.yaml:1:1: error: file is larger than 1 MiB ({len(data)} bytes)"]
    assert problems(b"a: 1\n" + b"#" * (MAX_BYTES - 10)) == []


def test_byte_order_mark_and_crlf() -> None:
    """A UTF-8 BOM is accepted and CRLF line ends count as one line break."""
    doc = load_text("f.yaml", b"\xef\xbb\xbfa: 1\r\nb: x\r\n")
    node = doc.root.get("b")
    assert node is not None and (node.line, node.col) == (2, 4)


def test_invalid_utf8_position() -> None:
    """The bad byte's line and column are reported."""
    assert problems(b"a: 1\nbb: caf\xe9\n") == [
        "f.yaml:2:8: error: the file is not valid UTF-8 text (byte 0xe9); save it as UTF-8"
    ]


def test_missing_file_and_folder(tmp_path: Path) -> None:
    """A missing file or a folder is a problem, not an exception of another type."""
    with pytest.raises(ScenarioError) as missing:
        load_file(str(tmp_path / "nope.yaml"))
    assert missing.value.problems[0].message == "no such file"
    with pytest.raises(ScenarioError) as folder:
        load_file(str(tmp_path))
    assert "folder" in folder.value.problems[0].message


@pytest.mark.parametrize(
    ("source", "key", "offset", "expected"),
    [
        (b"w: VEN.gdp > 3\n", "w", 11, (1, 15)),
        (b"w: \"VEN.gdp > 3\"\n", "w", 11, (1, 16)),
        (b"w: 'it''s x'\n", "w", 5, (1, 11)),
        (b"w: >\n  VEN.gdp > 3 and\n  relaton(VEN, USA) < 0\n", "w", 16, (3, 3)),
        (b"w: |\n  one\n  two three\n", "w", 8, (3, 7)),
        (b"w: plain text\n  continued here\n", "w", 16, (2, 8)),
        (b"w: \"a \\\" b\"\n", "w", 4, (1, 10)),
    ],
)
def test_scalar_offsets_map_to_file_positions(
    source: bytes, key: str, offset: int, expected: tuple[int, int]
) -> None:
    """A character offset inside a scalar's value maps to its line and column in the file."""
    doc = load_text("f.yaml", source)
    node = doc.root.get(key)
    assert node is not None
    assert doc.scalar_position(node, offset) == expected


def test_problem_format() -> None:
    """Problems print as path:LINE:COL: severity: message."""
    assert str(Problem("a/b.yaml", 3, 7, "warning", "hm")) == "a/b.yaml:3:7: warning: hm"
