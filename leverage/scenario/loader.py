"""Safe YAML loading: a tree of nodes that remember their line and column.

Only plain data is accepted: no anchors, aliases, tags or merge keys, no duplicate keys, at most
1 MiB and 32 levels of nesting.  Scalars are typed by the project (not by YAML 1.1): unquoted
`yes/no/on/off/y/n/true/false` become booleans, so the schema can point at an unquoted `NO` where a
country code is expected.  Mapping keys are always text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from leverage.files import NotRegularFileError, read_regular
from leverage.scenario.errors import ERROR, Problem, ScenarioError

MAX_BYTES = 1 << 20
MAX_DEPTH = 32
BOOL_WORDS: dict[str, bool] = {
    "yes": True, "no": False, "on": True, "off": False,
    "y": True, "n": False, "true": True, "false": False,
}
NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})
_INT_RE = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT_RE = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
_SPECIAL_FLOATS: dict[str, float] = {
    ".inf": float("inf"), "+.inf": float("inf"), "-.inf": float("-inf"), ".nan": float("nan"),
}
_BAD_CHAR_RE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)

_NUMBER_START = frozenset("0123456789+-.")
_WORD_START = frozenset("yYnNoOtTfF~")
MAP = "map"
SEQ = "seq"
SCALAR = "scalar"


@dataclass(eq=False, slots=True)
class YNode:
    """A YAML node: mapping, sequence or scalar, with its 1-based position and source span."""

    kind: str
    line: int
    col: int
    start: int                        # character index of the node's first character
    end: int                          # character index just after the node
    style: str = ""                   # scalars: "" plain, "'", '"', "|" or ">"
    text: str = ""                    # scalars: the text as YAML read it
    value: Any = None                 # scalars: the typed value
    items: list[YNode] = field(default_factory=list)                 # sequences
    pairs: list[tuple[YNode, YNode]] = field(default_factory=list)   # mappings

    @property
    def bool_word(self) -> bool:
        """True for an unquoted YAML 1.1 boolean word such as `NO` or `on`."""
        return self.kind == SCALAR and self.style == "" and self.text.lower() in BOOL_WORDS

    def get(self, key: str) -> YNode | None:
        """The value node under `key` in a mapping (None if absent or not a mapping)."""
        for k, v in self.pairs:
            if k.text == key:
                return v
        return None

    def key_node(self, key: str) -> YNode | None:
        """The key node `key` in a mapping (None if absent)."""
        for k, _ in self.pairs:
            if k.text == key:
                return k
        return None


@dataclass
class Document:
    """A loaded YAML file: its label (path as shown), source text and root node."""

    path: str
    source: str
    root: YNode
    _line_starts: list[int] = field(default_factory=list)

    def to_python(self) -> Any:
        """The plain Python data (dicts, lists, str, int, float, bool, None)."""
        return to_python(self.root)

    def position(self, index: int) -> tuple[int, int]:
        """1-based (line, column) of the character at `index` in the source."""
        if not self._line_starts:
            breaks = re.finditer("\r\n|[\r\n\x85\u2028\u2029]", self.source)
            self._line_starts = [0] + [m.end() for m in breaks]
        starts = self._line_starts
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if starts[mid] <= index:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1, index - starts[lo] + 1

    def scalar_position(self, node: YNode, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the file of character `offset` of a scalar's value."""
        index = align_offset(self.source, node, offset)
        return self.position(index)

    def locate(self, loc: tuple[int | str, ...]) -> tuple[YNode, YNode | None]:
        """The node at a data path and, when the path ends at a mapping key, that key's node.

        Path elements that do not name a key or an index (pydantic's union tags) are skipped.
        """
        node = self.root
        key: YNode | None = None
        for part in loc:
            if node.kind == MAP and isinstance(part, str):
                for k, v in node.pairs:
                    if k.text == part:
                        node, key = v, k
                        break
            elif node.kind == SEQ and isinstance(part, int) and 0 <= part < len(node.items):
                node, key = node.items[part], None
        return node, key


def to_python(node: YNode) -> Any:
    """Convert a node tree to plain Python data."""
    if node.kind == MAP:
        return {k.text: to_python(v) for k, v in node.pairs}
    if node.kind == SEQ:
        return [to_python(item) for item in node.items]
    return node.value


def scalar_value(text: str, style: str) -> Any:
    """Type a scalar: quoted and block scalars are text; plain ones may be bool, null or numbers."""
    if style != "" or not text:
        return text if style != "" else None
    first = text[0]
    if first in _NUMBER_START:
        if _INT_RE.match(text):
            return int(text) if len(text.lstrip("+-")) <= 18 else float(text)
        if _FLOAT_RE.match(text):
            return float(text)
        return _SPECIAL_FLOATS.get(text.lower(), text)
    if len(text) <= 5 and first in _WORD_START:
        lower = text.lower()
        if lower in BOOL_WORDS:
            return BOOL_WORDS[lower]
        if text in NULL_WORDS:
            return None
    return text


def problem(path: str, line: int, col: int, message: str) -> Problem:
    """An error at a position."""
    return Problem(path, line, col, ERROR, message)


def load_text(path: str, data: bytes) -> Document:
    """Parse bytes into a Document, or raise ScenarioError saying why they are refused."""
    if len(data) > MAX_BYTES:
        raise ScenarioError([problem(path, 1, 1, f"file is larger than 1 MiB ({len(data)} bytes)")])
    source = decode(path, data)
    bad = _BAD_CHAR_RE.search(source)
    if bad is not None:
        line, col = _index_position(source, bad.start())
        raise ScenarioError([problem(
            path, line, col,
            f"character U+{ord(bad.group()):04X} is not allowed in a YAML file",
        )])
    builder = _Builder(path, source)
    root = builder.build()
    return Document(path, source, root)


def decode(path: str, data: bytes) -> str:
    """Decode UTF-8 (an optional byte-order mark is dropped) or raise ScenarioError."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = data[: exc.start]
        line = prefix.count(b"\n") + 1
        last = prefix.rfind(b"\n")
        col = len(prefix[last + 1:].decode("utf-8", errors="replace")) + 1
        byte = data[exc.start]
        raise ScenarioError([problem(
            path, line, col,
            f"the file is not valid UTF-8 text (byte 0x{byte:02x}); save it as UTF-8",
        )]) from None


def load_file(path: str, label: str | None = None) -> Document:
    """Read and parse a file; a missing or unreadable file is a ScenarioError too."""
    shown = label if label is not None else path
    try:
        data = read_regular(path, MAX_BYTES)
    except FileNotFoundError:
        raise ScenarioError([problem(shown, 1, 1, "no such file")]) from None
    except IsADirectoryError:
        raise ScenarioError([problem(shown, 1, 1, "this is a folder, not a file")]) from None
    except NotRegularFileError as exc:
        message = f"{exc.strerror}; name a YAML file saved on disk"
        raise ScenarioError([problem(shown, 1, 1, message)]) from None
    except OSError as exc:
        message = f"cannot read the file: {exc.strerror}"
        raise ScenarioError([problem(shown, 1, 1, message)]) from None
    return load_text(shown, data)


def _index_position(source: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of `index` in `source` (line breaks: LF, CRLF or CR)."""
    prefix = source[:index]
    line = prefix.count("\n") + 1
    last = prefix.rfind("\n")
    return line, index - last


def _parser_class() -> Any:
    """The fastest safe YAML event parser available (libyaml when present)."""
    return getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader


class _Builder:
    """Builds a YNode tree from YAML events, refusing what the format forbids."""

    def __init__(self, path: str, source: str) -> None:
        """Remember the file label and its text."""
        self.path = path
        self.source = source

    def fail(self, mark: Any, message: str) -> ScenarioError:
        """A ScenarioError at a yaml mark."""
        line = int(getattr(mark, "line", 0)) + 1
        col = int(getattr(mark, "column", 0)) + 1
        return ScenarioError([problem(self.path, line, col, message)])

    def syntax_error(self, exc: yaml.YAMLError) -> ScenarioError:
        """A YAML syntax error as a ScenarioError at yaml's mark."""
        if isinstance(exc, yaml.MarkedYAMLError):
            mark = exc.problem_mark or exc.context_mark
            what = exc.problem or exc.context or "invalid YAML"
            context = ""
            if exc.context and exc.context_mark is not None and exc.problem:
                context = f" ({exc.context} at line {exc.context_mark.line + 1})"
            return self.fail(mark, f"YAML syntax error: {what}{context}")
        return ScenarioError([problem(self.path, 1, 1, f"YAML error: {exc}")])

    def build(self) -> YNode:
        """Parse and return the root node; syntax errors become ScenarioError."""
        parser = _parser_class()(self.source)
        try:
            return self._build(parser.get_event)
        except yaml.YAMLError as exc:
            raise self.syntax_error(exc) from None
        finally:
            parser.dispose()

    def _build(self, next_event: Any) -> YNode:
        """Consume the events and return the root node (one tight loop: this is the hot path)."""
        stack: list[YNode] = []
        pending_key: list[YNode | None] = []
        seen_keys: list[dict[str, int]] = []
        root: YNode | None = None
        documents = 0
        scalar, map_start = yaml.ScalarEvent, yaml.MappingStartEvent
        seq_start, map_end = yaml.SequenceStartEvent, yaml.MappingEndEvent
        seq_end, stream_end = yaml.SequenceEndEvent, yaml.StreamEndEvent
        while True:
            event = next_event()
            kind = type(event)
            if kind is scalar or kind is map_start or kind is seq_start:
                if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                    self._refuse_anchor_and_tag(event)
                mark = event.start_mark
                if kind is scalar:
                    style = event.style or ""
                    text = event.value
                    node = YNode(SCALAR, mark.line + 1, mark.column + 1, mark.index,
                                 event.end_mark.index, style, text, scalar_value(text, style))
                else:
                    node = YNode(MAP if kind is map_start else SEQ, mark.line + 1,
                                 mark.column + 1, mark.index, mark.index)
                if not stack:
                    if kind is scalar:
                        root = node
                        continue
                else:
                    parent = stack[-1]
                    if parent.kind == SEQ:
                        parent.items.append(node)
                    else:
                        key = pending_key[-1]
                        if key is None:
                            self._check_key(node, seen_keys[-1])
                            pending_key[-1] = node
                            continue
                        parent.pairs.append((key, node))
                        pending_key[-1] = None
                if kind is not scalar:
                    if len(stack) >= MAX_DEPTH:
                        raise self.fail(mark, f"nesting deeper than {MAX_DEPTH} levels")
                    stack.append(node)
                    pending_key.append(None)
                    seen_keys.append({})
            elif kind is map_end or kind is seq_end:
                done = stack.pop()
                pending_key.pop()
                seen_keys.pop()
                done.end = event.end_mark.index
                if not stack:
                    root = done
            elif event is None or kind is stream_end:
                break
            elif kind is yaml.AliasEvent:
                raise self.fail(event.start_mark, "aliases (*name) are not allowed")
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise self.fail(event.start_mark, "only one YAML document is allowed per file")
        if root is None:
            return YNode(MAP, 1, 1, 0, 0)
        return root

    def _refuse_anchor_and_tag(self, event: Any) -> None:
        """Refuse anchors and explicit tags."""
        if event.anchor is not None:
            raise self.fail(event.start_mark, f"anchors (&{event.anchor}) are not allowed")
        if event.tag is not None and event.tag != "!":
            raise self.fail(event.start_mark, f"tags ({_short_tag(event.tag)}) are not allowed")

    def _check_key(self, key: YNode, seen: dict[str, int]) -> None:
        """Keys must be scalars, not merge keys, and unique in their mapping."""
        if key.kind != SCALAR:
            raise ScenarioError([problem(self.path, key.line, key.col,
                                         "mapping keys must be plain text")])
        if key.style == "" and key.text == "<<":
            raise ScenarioError([problem(self.path, key.line, key.col,
                                         "merge keys (<<) are not allowed")])
        first = seen.get(key.text)
        if first is not None:
            raise ScenarioError([problem(
                self.path, key.line, key.col,
                f"duplicate key '{key.text}' (first at line {first})",
            )])
        seen[key.text] = key.line


def _short_tag(tag: str) -> str:
    """Show a tag the way it was probably written."""
    if tag.startswith("tag:yaml.org,2002:"):
        return "!!" + tag[len("tag:yaml.org,2002:"):]
    return tag


def _mark_index(mark: Any) -> int:
    """Character index of a yaml mark."""
    return int(getattr(mark, "index", 0))


def align_offset(source: str, node: YNode, offset: int) -> int:
    """Source index of character `offset` of a scalar's value (quotes, folding and escapes)."""
    start = node.start
    if node.style in ("'", '"'):
        start += 1
    elif node.style in ("|", ">"):
        newline = source.find("\n", start)
        start = newline + 1 if newline >= 0 else start
    raw_end = min(node.end, len(source))
    p = start
    for i, ch in enumerate(node.text):
        if p < raw_end and source[p] == ch:
            found = p
        elif ch in " \n" and p < raw_end and source[p] in " \t\r\n":
            found = p
        else:
            q = p
            while q < raw_end and source[q] != ch and source[q] in " \t\r\n\\'":
                q += 1
            found = q if q < raw_end and source[q] == ch else p
        if i == offset:
            return found
        p = found + 1
    return max(min(p, raw_end), 0)
