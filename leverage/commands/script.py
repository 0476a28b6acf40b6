"""Move scripts for `simulate --script`: which moves given countries play on which turns.

A move script is a small YAML file, read with the scenario package's safe loader (no anchors,
aliases, tags or duplicate keys; at most 1 MiB):

```yaml
scenario: gold_route               # optional: the scenario id this script is written for
turns:
  1:
    - {by: VEN, move: refine_gold_turkey, target: TUR}
  3:
    - {by: USA, move: gold_sector_sanctions, target: VEN}
    - {by: VEN, move: buy_miner_gold}    # no target: the country itself
```

Every country named under `by` is scripted for the whole game: on each turn it plays exactly the
moves listed for that turn (where legal and affordable in that game) and nothing on other turns.
Scripted countries still answer proposals and vote like the easy computer player.  Every other
country is played by the computer.  Problems are reported as `file:LINE:COL: error: message`.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from leverage.core.playtest import ScriptedMove
from leverage.core.world import World
from leverage.scenario.errors import ERROR, WARNING, Problem, ScenarioError
from leverage.scenario.loader import MAP, SCALAR, SEQ, Document, YNode, load_file

TOP_KEYS: tuple[str, ...] = ("scenario", "turns")
MOVE_KEYS: tuple[str, ...] = ("by", "move", "target", "reason")


@dataclass(frozen=True)
class ScriptLine:
    """One scripted move as written, with its position in the file."""

    turn: int
    by: str
    move: str
    target: str | None
    line: int
    col: int


@dataclass(frozen=True)
class MoveScript:
    """A parsed move script."""

    path: str
    scenario: str | None
    moves: tuple[ScriptLine, ...]


def _hint(name: str, known: Sequence[str]) -> str:
    """' (did you mean X?)' when a known name is close to `name`."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""


def _problem(doc: Document, node: YNode, message: str, severity: str = ERROR) -> Problem:
    """A problem at `node`'s position."""
    return Problem(doc.path, node.line, node.col, severity, message)


def _text(doc: Document, node: YNode, what: str, problems: list[Problem]) -> str | None:
    """The text of a scalar that must be a string, or None after recording a problem."""
    if node.kind != SCALAR or node.value is None:
        problems.append(_problem(doc, node, f"{what} must be text"))
        return None
    if node.bool_word:
        problems.append(_problem(
            doc, node, f'{what} {node.text} is read as a yes/no value; quote it: "{node.text}"'
        ))
        return None
    if not isinstance(node.value, str):
        problems.append(_problem(doc, node, f"{what} must be text, not a number"))
        return None
    return node.value


def _parse_move(doc: Document, turn: int, node: YNode, problems: list[Problem]) -> ScriptLine | None:
    """Read one `{by, move, target}` mapping."""
    if node.kind != MAP:
        problems.append(_problem(doc, node, "each scripted move must be a mapping {by, move, target}"))
        return None
    for key_node, _ in node.pairs:
        if key_node.text not in MOVE_KEYS:
            problems.append(_problem(
                doc, key_node, f"unknown key '{key_node.text}'{_hint(key_node.text, MOVE_KEYS)}"
            ))
    values: dict[str, str | None] = {}
    for key in ("by", "move", "target"):
        value = node.get(key)
        if value is None:
            if key != "target":
                problems.append(_problem(doc, node, f"missing '{key}'"))
            values[key] = None
            continue
        values[key] = _text(doc, value, key, problems)
    by, move = values["by"], values["move"]
    if by is None or move is None:
        return None
    return ScriptLine(turn, by, move, values["target"], node.line, node.col)


def _parse_turns(doc: Document, node: YNode, problems: list[Problem]) -> list[ScriptLine]:
    """Read the `turns` mapping: turn number -> list of moves."""
    if node.kind != MAP:
        problems.append(_problem(doc, node, "'turns' must map turn numbers to lists of moves"))
        return []
    out: list[ScriptLine] = []
    for key, value in node.pairs:
        if not key.text.isdigit() or int(key.text) < 1:
            problems.append(_problem(doc, key, f"turn '{key.text}' must be a whole number >= 1"))
            continue
        if value.kind != SEQ:
            problems.append(_problem(doc, value, f"turn {key.text} must list moves (- {{by: ...}})"))
            continue
        for item in value.items:
            parsed = _parse_move(doc, int(key.text), item, problems)
            if parsed is not None:
                out.append(parsed)
    return out


def parse_script(doc: Document) -> MoveScript:
    """Check a loaded document's structure; raise ScenarioError with every problem."""
    problems: list[Problem] = []
    root = doc.root
    moves: list[ScriptLine] = []
    scenario: str | None = None
    if root.kind != MAP:
        problems.append(_problem(doc, root, "a move script is a mapping with a 'turns' key"))
    else:
        for key, value in root.pairs:
            if key.text not in TOP_KEYS:
                problems.append(_problem(doc, key, f"unknown key '{key.text}'{_hint(key.text, TOP_KEYS)}"))
            elif key.text == "scenario":
                scenario = _text(doc, value, "scenario", problems)
        turns = root.get("turns")
        if turns is None:
            problems.append(_problem(doc, root, "missing 'turns'"))
        else:
            moves = _parse_turns(doc, turns, problems)
    if any(p.is_error for p in problems):
        raise ScenarioError(problems)
    return MoveScript(doc.path, scenario, tuple(moves))


def load_script(path: str) -> MoveScript:
    """Load and check the structure of a move script file (ScenarioError on any problem)."""
    return parse_script(load_file(path))


def resolve_script(
    script: MoveScript, world: World, turns: int | None = None
) -> tuple[tuple[ScriptedMove, ...], list[Problem]]:
    """Turn names into indices for `world`; raise ScenarioError on errors, return warnings."""
    problems: list[Problem] = []
    if script.scenario is not None and script.scenario != world.scenario_id:
        problems.append(Problem(
            script.path, 1, 1, WARNING,
            f"script is for scenario '{script.scenario}', not '{world.scenario_id}'",
        ))
    move_ids = [m.id for m in world.moves]
    out: list[ScriptedMove] = []
    for s in script.moves:
        where = (script.path, s.line, s.col)
        bad = False
        for code in (s.by, s.target):
            if code is not None and code not in world.codes:
                problems.append(Problem(*where, ERROR, f"unknown country '{code}'{_hint(code, world.codes)}"))
                bad = True
        if s.move not in move_ids:
            problems.append(Problem(*where, ERROR, f"unknown move '{s.move}'{_hint(s.move, move_ids)}"))
            bad = True
        if turns is not None and s.turn > turns:
            problems.append(Problem(
                *where, WARNING, f"turn {s.turn} is after the last simulated turn ({turns})"
            ))
        if bad:
            continue
        actor = world.country(s.by)
        target = world.country(s.target) if s.target is not None else actor
        move = world.move_index(s.move)
        mdef = world.moves[move]
        if not bool(mdef.by[actor]):
            problems.append(Problem(*where, ERROR, f"{s.by} may not play {s.move}"))
            continue
        if not bool(mdef.targets[actor, target]):
            problems.append(Problem(*where, ERROR, f"{s.move} cannot target {world.codes[target]}"))
            continue
        out.append(ScriptedMove(turn=s.turn, country=actor, move=move, target=target))
    if any(p.is_error for p in problems):
        raise ScenarioError(problems)
    return tuple(out), problems
