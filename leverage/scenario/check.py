"""Cross-reference checks: every name a scenario uses must exist, every expression must parse.

`check_document` runs the whole pipeline for one file (safe loading, structure, cross-references)
and returns every problem found, errors and warnings, each at its line and column.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from leverage.core.expr import (
    ExprError,
    Names,
    Node,
    check_names,
    did_you_mean,
    indicator_hint,
    names_in,
    parse,
    static_value,
)
from leverage.core.params import COUNTRY_PARAMS, Params
from leverage.core.state import STORED
from leverage.core.vocab import GOODS, INDICATOR_NAMES, MEASURE_KINDS, MEASURE_MAX
from leverage.files import is_regular
from leverage.scenario import schema
from leverage.scenario.errors import ERROR, WARNING, Problem, ScenarioError
from leverage.scenario.library import (
    LoadedLibrary,
    ResolvedMove,
    library_folder,
    library_names,
    load_library,
    resolve_use,
)
from leverage.scenario.loader import SCALAR, Document, YNode, load_file
from leverage.scenario.ranges import MAX_BN, MAX_KBD, MAX_OBJECTIVE, change_range, param_range
from leverage.scenario.schema import Library, Move, Scenario, Sourced, UseMove, parse_date
from leverage.scenario.structure import validate

Path = tuple[int | str, ...]
_ID_LIKE = re.compile(r"^[a-z0-9_]+$")


@dataclass
class CheckResult:
    """What checking a scenario file found, and what the compiler needs."""

    path: str
    doc: Document | None
    scenario: Scenario | None
    library: Library | None = None
    moves: list[ResolvedMove] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    trees: dict[str, Node] = field(default_factory=dict)   # parsed expressions by their text

    @property
    def errors(self) -> list[Problem]:
        """The errors only."""
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        """The warnings only."""
        return [p for p in self.problems if not p.is_error]


def check_document(path: str) -> CheckResult:
    """Load and check one scenario or library file; never raises."""
    try:
        return _check_document(path)
    except ScenarioError as exc:
        return CheckResult(path, None, None, problems=list(exc.problems))
    except RecursionError:
        return CheckResult(path, None, None, problems=[
            Problem(path, 1, 1, ERROR, "the file is nested too deeply to check")])


def _check_document(path: str) -> CheckResult:
    """check_document without the safety net."""
    doc = load_file(path)
    data = doc.to_python()
    if not isinstance(data, dict):
        message = "a scenario file is a mapping of keys (format, id, title, ...)"
        return CheckResult(path, doc, None, problems=[
            Problem(path, doc.root.line, doc.root.col, ERROR, message)])
    if "library" in data and "countries" not in data:
        library, problems = validate(doc, Library, data)
        result = CheckResult(path, doc, None, library=library, problems=problems)
        if library is not None:
            checker = _LibraryChecker(doc, library)
            checker.run()
            result.problems.extend(checker.problems)
        result.problems.sort()
        return result
    scenario, problems = validate(doc, Scenario, data)
    if scenario is None:
        problems = sorted(set(problems + raw_expression_problems(doc)))
        return CheckResult(path, doc, None, problems=problems)
    scenario_checker = _ScenarioChecker(doc, scenario)
    scenario_checker.run()
    return CheckResult(path, doc, scenario, moves=scenario_checker.moves,
                       flags=scenario_checker.flag_names(),
                       problems=sorted(set(scenario_checker.problems)),
                       trees=scenario_checker.trees)


#: Deepest expression tree the checker accepts (a chain `a + b + ...` is as deep as it is long).
MAX_TREE_DEPTH = 100


def tree_depth(tree: Node) -> int:
    """How deep an expression tree is (counted without recursion, so any tree can be measured)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        children = [getattr(node, name) for name in ("left", "right", "operand")
                    if hasattr(node, name)]
        children.extend(getattr(node, "args", ()))
        stack.extend((child, depth + 1) for child in children)
    return deepest


def waits_for_itself(tree: Node, event_id: str) -> int | None:
    """Offset of a `fired(event_id)` that the condition needs to be true (in its top-level
    `and` chain), or None: such an event waits for itself and never fires."""
    stack: list[Any] = [tree]
    while stack:
        node = stack.pop()
        if getattr(node, "op", None) == "and":
            stack.extend((node.left, node.right))
        elif _fired_call(node, event_id):
            return int(node.offset)
        elif getattr(node, "op", None) in (">", ">=") and _fired_call(node.left, event_id):
            bound = getattr(node.right, "value", None)
            if isinstance(bound, float) and (bound >= 1 if node.op == ">=" else bound >= 0):
                return int(node.offset)
    return None


def _fired_call(node: Any, event_id: str) -> bool:
    """True for the call `fired(event_id)`."""
    args: tuple[Any, ...] = tuple(getattr(node, "args", ()))
    return (getattr(node, "func", None) == "fired" and len(args) == 1
            and getattr(args[0], "name", None) == event_id)


EXPRESSION_KEYS = frozenset({"when", "unless", "expr"})


def raw_expression_problems(doc: Document) -> list[Problem]:
    """Syntax errors of every expression in a file whose structure is broken.

    Names are checked only once the structure is sound; syntax can be checked at once.
    """
    found: list[Problem] = []
    stack = [doc.root]
    while stack:
        node = stack.pop()
        stack.extend(node.items)
        for key, value in node.pairs:
            if key.text in EXPRESSION_KEYS and value.kind == SCALAR and isinstance(
                    value.value, str):
                found.extend(_syntax_problem(doc, value))
            stack.append(value)
    return found


def _syntax_problem(doc: Document, node: YNode) -> list[Problem]:
    """The syntax error of one expression scalar, if any."""
    try:
        parse(node.text)
    except ExprError as exc:
        line, col = doc.scalar_position(node, exc.offset)
        return [Problem(doc.path, line, col, ERROR, exc.message)]
    return []


def turn_of(date: str, start: str, months_per_turn: int) -> int:
    """The turn containing `date` (1-based; 0 or less when it is before the start)."""
    y, m, _ = parse_date(date)
    sy, sm, _ = parse_date(start)
    months = (y * 12 + m - 1) - (sy * 12 + sm - 1)
    if months < 0:
        return 0
    return months // months_per_turn + 1


class _Base:
    """Shared reporting and expression checking."""

    def __init__(self, doc: Document) -> None:
        """Start with no problems."""
        self.doc = doc
        self.problems: list[Problem] = []
        self.flags_read: list[tuple[str, Document, YNode, int]] = []
        self.flags_set: list[str] = []
        self.trees: dict[str, Node] = {}

    def report(self, doc: Document, path: Path, message: str, severity: str = ERROR,
               key: bool = False) -> None:
        """Add a problem at the node (or key) at `path` in `doc`."""
        node, key_node = doc.locate(path)
        at = key_node if key and key_node is not None else node
        self.problems.append(Problem(doc.path, at.line, at.col, severity, message))

    def expression(self, doc: Document, path: Path, text: str, names: Names,
                   note: str = "") -> Node | None:
        """Parse and check an expression; problems point at the exact token."""
        node, _ = doc.locate(path)
        try:
            tree = parse(text)
        except ExprError as exc:
            self._expr_problem(doc, node, exc, note)
            return None
        depth = tree_depth(tree)
        if depth > MAX_TREE_DEPTH:
            self.problems.append(Problem(
                doc.path, node.line, node.col, ERROR,
                f"this expression is {depth} operations deep (at most {MAX_TREE_DEPTH}); split "
                f"it into shorter conditions, e.g. with flags set by events{note}"))
            return None
        errors = check_names(tree, names)
        for error in errors:
            self._expr_problem(doc, node, error, note)
        for kind, name, offset in names_in(tree):
            if kind == "flag":
                self.flags_read.append((name, doc, node, offset))
        if errors:
            return None
        self.trees[text] = tree
        return tree

    def _expr_problem(self, doc: Document, node: YNode, exc: ExprError, note: str) -> None:
        """A problem inside an expression, at the token's line and column."""
        if node.kind == SCALAR:
            line, col = doc.scalar_position(node, exc.offset)
        else:
            line, col = node.line, node.col
        self.problems.append(Problem(doc.path, line, col, ERROR, exc.message + note))

    def duplicates(self, doc: Document, section: str, ids: Sequence[str], what: str) -> None:
        """Report ids used twice in a list."""
        first: dict[str, int] = {}
        for k, ident in enumerate(ids):
            if ident in first:
                line = doc.locate((section, first[ident]))[0].line
                self.report(doc, (section, k), f"duplicate {what} '{ident}' (first at line {line})")
            else:
                first[ident] = k


class _LibraryChecker(_Base):
    """Checks a library file on its own (countries are checked where the moves are used)."""

    def __init__(self, doc: Document, library: Library) -> None:
        """Keep the library."""
        super().__init__(doc)
        self.library = library

    def run(self) -> None:
        """Duplicate ids, expressions and effect names."""
        lib = self.library
        self.duplicates(self.doc, "moves", [m.id for m in lib.moves], "move id")
        self.duplicates(self.doc, "sources", [s.id for s in lib.sources], "source id")
        names = Names(countries=(), lenient=frozenset({"country", "bloc", "event", "move"}))
        for k, move in enumerate(lib.moves):
            if move.when is not None:
                self.expression(self.doc, ("moves", k, "when"), move.when, names)
            for j, effect in enumerate(move.effects):
                if isinstance(effect, schema.ChangeEffect):
                    _check_change(self, self.doc, ("moves", k, "effects", j), effect.change, "")


def _check_change(base: _Base, doc: Document, path: Path, name: str, note: str) -> None:
    """A `change:` effect must name a stored indicator."""
    if name in STORED:
        return
    if name in INDICATOR_NAMES:
        base.report(doc, path + ("change",),
                    f"'{name}' is computed from other indicators and cannot be changed directly; "
                    f"change its parts (e.g. reserves_usd, gold_home){note}")
        return
    base.report(doc, path + ("change",),
                f"unknown indicator '{name}'{indicator_hint(name, STORED, expression=False)}{note}")


class _ScenarioChecker(_Base):
    """All cross-reference checks of one scenario."""

    def __init__(self, doc: Document, scenario: Scenario) -> None:
        """Collect the names the scenario defines."""
        super().__init__(doc)
        self.sc = scenario
        self.codes = [c.code for c in scenario.countries]
        self.blocs = [b.id for b in scenario.blocs]
        self.sources = [s.id for s in scenario.sources]
        self.start = scenario.calendar.start or scenario.date
        self.turns = scenario.calendar.turns
        self.months_per_turn = scenario.calendar.months_per_turn
        self.moves: list[ResolvedMove] = []
        self.libraries: list[LoadedLibrary] = []
        self.unresolved: list[str] = []   # library moves whose library could not be read

    def run(self) -> None:
        """Every check, in file order."""
        sc = self.sc
        self.duplicates(self.doc, "sources", self.sources, "source id")
        self.duplicates(self.doc, "countries", self.codes, "country code")
        self.duplicates(self.doc, "blocs", self.blocs, "bloc id")
        self.duplicates(self.doc, "events", [e.id for e in sc.events], "event id")
        self._check_libraries()
        self._check_countries()
        self._check_blocs()
        self._check_situation()
        self.names = Names(countries=self.codes, blocs=self.blocs, flags=(),
                           events=[e.id for e in sc.events],
                           moves=[r.move.id for r in self.moves] + self.unresolved)
        self._check_moves()
        self._check_events()
        self._check_roles()
        self._check_panels()
        self._check_history()
        self._check_model()
        self._check_flags()

    # -- helpers ---------------------------------------------------------------------------

    def country(self, doc: Document, path: Path, code: str, note: str = "") -> bool:
        """Report an unknown country code; True when known."""
        if code in self.codes:
            return True
        self.report(doc, path, f"unknown country '{code}'{did_you_mean(code, self.codes)}{note}")
        return False

    def source_id(self, path: Path, source: str | None, strict: bool) -> None:
        """A source reference: an error for values, a warning for id-like free text elsewhere."""
        if not source or source in self.sources or (not strict and not _ID_LIKE.match(source)):
            return
        severity = ERROR if strict else WARNING
        known = self.sources + self._library_sources()
        if not strict and source in known:
            return
        self.report(self.doc, path, f"unknown source '{source}'{did_you_mean(source, known)}",
                    severity)

    def _library_sources(self) -> list[str]:
        """Source ids defined by the libraries in use."""
        return [s.id for lib in self.libraries if lib.library for s in lib.library.sources]

    def sourced(self, path: Path, number: float | Sourced) -> None:
        """Check the source of a value-with-source."""
        if isinstance(number, Sourced):
            self.source_id(path + ("source",), number.source, strict=True)

    def date_turn(self, date: str) -> int:
        """The turn containing a date (0 before the start)."""
        return turn_of(date, self.start, self.months_per_turn)

    def never_true(self, tree: Node) -> bool:
        """True when a condition depends only on the calendar and is false on every turn."""
        sy, sm, _ = parse_date(self.start)
        for turn in range(1, self.turns + 1):
            months = sy * 12 + (sm - 1) + (turn - 1) * self.months_per_turn
            env = {"turn": float(turn), "year": float(months // 12),
                   "month": float(months % 12 + 1)}
            value = static_value(tree, env)
            if value is None or value != 0:
                return False
        return True

    # -- sections --------------------------------------------------------------------------

    def _check_libraries(self) -> None:
        """Load each library in `uses` and resolve the `moves` list."""
        sc = self.sc
        available: dict[str, tuple[Move, Document, Path]] = {}
        broken = False
        for k, name in enumerate(sc.uses):
            path = os.path.join(library_folder(self.doc.path), name + ".yaml")
            if not is_regular(path):
                self.report(self.doc, ("uses", k), _missing_library(self.doc.path, name, path))
                broken = True
                continue
            lib = load_library(name, path)
            self.libraries.append(lib)
            self.problems.extend(lib.problems)
            if lib.library is None or lib.doc is None:
                broken = True
                continue
            # the moves taken in are checked below, against this scenario; the library's other
            # moves are checked when the library file itself is validated
            for j, move in enumerate(lib.library.moves):
                available.setdefault(move.id, (move, lib.doc, ("moves", j)))
        seen: dict[str, int] = {}
        for k, item in enumerate(sc.moves):
            if isinstance(item, UseMove):
                if item.use not in available:
                    hint = did_you_mean(item.use, list(available))
                    if broken and not hint:
                        self.unresolved.append(item.use)  # its library is missing or broken
                        continue
                    where = ("the libraries in `uses`" if sc.uses
                             else "any library (`uses` is empty)")
                    self.report(self.doc, ("moves", k, "use"),
                                f"unknown library move '{item.use}' (not in {where}){hint}")
                    continue
                resolved = resolve_use(item, ("moves", k), self.doc, available[item.use])
            else:
                resolved = ResolvedMove(item, self.doc, ("moves", k))
            ident = resolved.move.id
            if ident in seen:
                self.report(self.doc, ("moves", k),
                            f"duplicate move id '{ident}' (first at line {seen[ident]})")
                continue
            seen[ident] = self.doc.locate(("moves", k))[0].line
            self.moves.append(resolved)

    def _check_countries(self) -> None:
        """Starting indicators: known, settable and in range."""
        for k, country in enumerate(self.sc.countries):
            for name, number in country.start.items():
                path: Path = ("countries", k, "start", name)
                if name == "capital":
                    self.report(self.doc, path, "set political capital with the country's "
                                "`capital` key, not in `start`", key=True)
                elif name not in INDICATOR_NAMES:
                    self.report(self.doc, path, f"unknown indicator '{name}'"
                                f"{indicator_hint(name, STORED, expression=False)}", key=True)
                elif name not in STORED:
                    self.report(self.doc, path, f"'{name}' is computed from other indicators; "
                                "give its parts instead", key=True)
                else:
                    self._in_range(path, name, schema.value_of(number))
                self.sourced(path, number)

    def _in_range(self, path: Path, name: str, value: float) -> None:
        """An indicator value inside its declared range."""
        from leverage.core.vocab import indicator

        ind = indicator(name)
        if not ind.low <= value <= ind.high:
            self.report(self.doc, path, f"{name} must be between {ind.low:g} and {ind.high:g} "
                        f"{ind.unit} (got {value:g})")

    def _check_blocs(self) -> None:
        """Bloc members are scenario countries."""
        for k, bloc in enumerate(self.sc.blocs):
            seen: set[str] = set()
            for j, code in enumerate(bloc.members):
                self.country(self.doc, ("blocs", k, "members", j), code)
                if code in seen:
                    self.report(self.doc, ("blocs", k, "members", j),
                                f"{code} is listed twice in bloc {bloc.id}", WARNING)
                seen.add(code)

    def _pair(self, path: Path, a_key: str, a: str, b_key: str, b: str) -> None:
        """Two known, different countries."""
        ok = self.country(self.doc, path + (a_key,), a)
        ok = self.country(self.doc, path + (b_key,), b) and ok
        if ok and a == b:
            self.report(self.doc, path + (b_key,), f"{a_key} and {b_key} are the same country")

    def _check_situation(self) -> None:
        """Relations, trade, loans, sanctions and deals at the start."""
        sc = self.sc
        pairs: dict[frozenset[str], int] = {}
        for k, rel in enumerate(sc.relations):
            path: Path = ("relations", k)
            a, b = rel.between
            ok = self.country(self.doc, path + ("between", 0), a)
            ok = self.country(self.doc, path + ("between", 1), b) and ok
            if ok and a == b:
                self.report(self.doc, path + ("between",), "relations need two different countries")
            value = schema.value_of(rel.value)
            if not -100 <= value <= 100:
                self.report(self.doc, path + ("value",),
                            f"relations run from -100 to 100 (got {value:g})")
            self.sourced(path + ("value",), rel.value)
            key = frozenset((a, b))
            if key in pairs:
                self.report(self.doc, path, f"relations between {a} and {b} are given twice "
                            f"(first at line {pairs[key]})", WARNING)
            pairs[key] = self.doc.locate(path)[0].line
        for k, tr in enumerate(sc.trade):
            self._pair(("trade", k), "from", tr.from_, "to", tr.to)
            self._non_negative(("trade", k, "value"), "trade", schema.value_of(tr.value),
                               MAX_BN, "more than all the world's trade in a year ($bn)")
            self.sourced(("trade", k, "value"), tr.value)
        for k, mix in enumerate(sc.goods):
            self._goods_shares(("goods", k), mix)
        for k, loan in enumerate(sc.loans):
            self._pair(("loans", k), "debtor", loan.debtor, "creditor", loan.creditor)
            self._non_negative(("loans", k, "value"), "a loan", schema.value_of(loan.value),
                               MAX_BN, "more than all the world's output in a year ($bn)")
            self._non_negative(("loans", k, "oil_repaid"), "oil_repaid",
                               schema.value_of(loan.oil_repaid), MAX_KBD,
                               "more oil than the world produces (kb/d)")
            self.sourced(("loans", k, "value"), loan.value)
            self.sourced(("loans", k, "oil_repaid"), loan.oil_repaid)
        for k, sanction in enumerate(sc.sanctions):
            self._pair(("sanctions", k), "by", sanction.by, "on", sanction.on)
            self.source_id(("sanctions", k, "source"), sanction.source, strict=False)
            if sanction.since is not None and self.date_turn(sanction.since) > 1:
                self.report(self.doc, ("sanctions", k, "since"), "this sanction starts after the "
                            f"game starts ({self.start}); add it as an event instead", WARNING)
        for k, measure in enumerate(sc.measures):
            self._pair(("measures", k), "by", measure.by, "on", measure.on)
            self.source_id(("measures", k, "source"), measure.source, strict=False)
            top = MEASURE_MAX[MEASURE_KINDS.index(measure.measure)]
            if measure.level > top:
                self.report(self.doc, ("measures", k, "level"), f"the level of {measure.measure} runs "
                            f"from 0 to {top:g} (got {measure.level:g})")
            if measure.since is not None and self.date_turn(measure.since) > 1:
                self.report(self.doc, ("measures", k, "since"), "this measure starts after the "
                            f"game starts ({self.start}); add it as an event instead", WARNING)
        for k, deal in enumerate(sc.deals):
            self._pair(("deals", k), "client", deal.client, "partner", deal.partner)
            self.source_id(("deals", k, "source"), deal.source, strict=False)

    def _goods_shares(self, path: Path, mix: schema.GoodsShares) -> None:
        """Known countries, and shares that add up to at most 1 (exactly 1 when every group
        is named)."""
        if mix.to is None:
            self.country(self.doc, path + ("from",), mix.from_)
        else:
            self._pair(path, "from", mix.from_, "to", mix.to)
        total = sum(mix.shares.values())
        if total > 1.0 + 1e-6:
            self.report(self.doc, path + ("shares",), f"the shares add up to {total:g}; they "
                        "are parts of one country's exports and add up to at most 1")
        elif len(mix.shares) == len(GOODS) and abs(total - 1.0) > 0.01:
            self.report(self.doc, path + ("shares",), f"every group is named but the shares "
                        f"add up to {total:g}, not 1")

    def _non_negative(self, path: Path, what: str, value: float, high: float,
                      why: str) -> None:
        """Amounts cannot be negative, nor above `high` (which would be `why`)."""
        if value < 0:
            self.report(self.doc, path, f"{what} cannot be negative (got {value:g})")
        elif value > high:
            self.report(self.doc, path, f"{what} = {value:g} is outside 0..{high:g}: that is "
                        f"{why}")

    # -- moves -----------------------------------------------------------------------------

    def _move_place(self, rm: ResolvedMove, part: Path) -> tuple[Document, Path, str]:
        """Where a part of a move was written, and a note for library moves."""
        if rm.use_doc is None:
            return rm.doc, rm.path + part, ""
        if part and part[0] in rm.overrides:
            return rm.use_doc, rm.use_path + part, ""
        line = rm.use_doc.locate(rm.use_path)[0].line
        return rm.doc, rm.path + part, f" (library move used at {rm.use_doc.path}:{line})"

    def _check_moves(self) -> None:
        """Players, targets, conditions and effects of every move."""
        for rm in self.moves:
            move = rm.move
            players = self._players(rm)
            doc, path, note = self._move_place(rm, ("when",))
            tree = self.expression(doc, path, move.when, self.names, note) if move.when else None
            self._targets(rm)
            for j, effect in enumerate(move.effects):
                self._effect(rm, j, effect, in_event=False)
            if not players and not self._unknown_players(rm):
                doc, path, _ = self._move_place(rm, ("by",))
                if rm.use_doc is not None and "by" not in rm.overrides:
                    doc, path = rm.use_doc, rm.use_path
                self.report(doc, path, f"nobody can ever play move '{move.id}': `by` names no "
                            "country of this scenario", WARNING)
            elif not any(t in ("self", "any", "others") or t in self.codes for t in move.target):
                doc, path, _ = self._move_place(rm, ("target",))
                if rm.use_doc is not None and "target" not in rm.overrides:
                    doc, path = rm.use_doc, rm.use_path
                self.report(doc, path, f"nobody can ever play move '{move.id}': `target` names no "
                            "country of this scenario", WARNING)
            elif tree is not None and self.never_true(tree):
                doc, path, note = self._move_place(rm, ("when",))
                self.report(doc, path, f"move '{move.id}' can never be played: its `when` is false "
                            f"on every turn (1-{self.turns}){note}", WARNING)
            if move.kind == "proposal" and move.target == ["self"]:
                doc, path, note = self._move_place(rm, ("target",))
                self.report(doc, path, f"proposal '{move.id}' needs another country as target"
                            f"{note}", WARNING)
            source_doc, source_path, _ = self._move_place(rm, ("source",))
            if source_doc is self.doc:
                self.source_id(source_path, move.source, strict=False)

    def _players(self, rm: ResolvedMove) -> list[str]:
        """Countries that may play a move (unknown codes are errors in the scenario's own moves)."""
        doc, path, note = self._move_place(rm, ("by",))
        players: list[str] = []
        for j, who in enumerate(rm.move.by):
            if who == "any":
                players.extend(self.codes)
            elif who in self.codes:
                players.append(who)
            elif doc is self.doc:
                self.country(doc, path + (j,), who, note)
        return players

    def _unknown_players(self, rm: ResolvedMove) -> bool:
        """True when the scenario's own `by` list names countries it does not have (reported)."""
        doc, _, _ = self._move_place(rm, ("by",))
        return doc is self.doc and any(w != "any" and w not in self.codes for w in rm.move.by)

    def _targets(self, rm: ResolvedMove) -> None:
        """Target codes exist (library moves may name countries this scenario lacks)."""
        doc, path, note = self._move_place(rm, ("target",))
        for j, who in enumerate(rm.move.target):
            if who not in ("self", "any", "others") and doc is self.doc:
                self.country(doc, path + (j,), who, note)

    def _effect(self, rm: ResolvedMove | None, j: int, effect: Any, in_event: bool,
                event_index: int = 0) -> None:
        """Names inside one effect of a move or event."""
        if rm is not None:
            doc, path, note = self._move_place(rm, ("effects", j))
        else:
            doc, path, note = self.doc, ("events", event_index, "effects", j), ""
        for slot in _country_slots(effect):
            who = getattr(effect, slot)
            key = "with" if slot == "with_" else slot
            if who is None:
                if not in_event:
                    continue
                who = "target"
            if who in ("self", "target"):
                if in_event:
                    given = slot in effect.model_fields_set
                    at = path + (key,) if given else path
                    self.report(doc, at, f"an event has no {who}: name the country with "
                                f"`{key}: CODE`{note}")
                continue
            self.country(doc, path + (key,), who, note)
        if isinstance(effect, (schema.JoinEffect, schema.LeaveEffect)):
            bloc = effect.join if isinstance(effect, schema.JoinEffect) else effect.leave
            key = "join" if isinstance(effect, schema.JoinEffect) else "leave"
            if bloc not in self.blocs:
                self.report(doc, path + (key,),
                            f"unknown bloc '{bloc}'{did_you_mean(bloc, self.blocs)}{note}")
        elif isinstance(effect, schema.ChangeEffect):
            _check_change(self, doc, path, effect.change, note)
            if effect.change in STORED:
                allowed = change_range(effect.change)
                if not allowed.holds(effect.by):
                    self.report(doc, path + ("by",), allowed.message("by", effect.by) + note)
        elif isinstance(effect, schema.FlagEffect):
            if effect.flag not in self.flags_set:
                self.flags_set.append(effect.flag)

    # -- events, roles, history, model ------------------------------------------------------

    def _check_events(self) -> None:
        """Dates inside the calendar, conditions, effects naming fixed countries."""
        for k, event in enumerate(self.sc.events):
            path: Path = ("events", k)
            if event.date is not None:
                turn = self.date_turn(event.date)
                if turn < 1 or turn > self.turns:
                    self.report(self.doc, path + ("date",),
                                f"event '{event.id}' can never fire: {event.date} is outside the "
                                f"game ({self.start}, {self.turns} turns of "
                                f"{self.months_per_turn} months)", WARNING)
            when = None
            if event.when is not None:
                when = self.expression(self.doc, path + ("when",), event.when, self.names)
            if event.unless is not None:
                self.expression(self.doc, path + ("unless",), event.unless, self.names)
            itself = None if when is None else waits_for_itself(when, event.id)
            if itself is not None:
                node, _ = self.doc.locate(path + ("when",))
                line, col = (self.doc.scalar_position(node, itself) if node.kind == SCALAR
                             else (node.line, node.col))
                self.problems.append(Problem(
                    self.doc.path, line, col, WARNING,
                    f"event '{event.id}' can never fire by itself: its `when` needs it to have "
                    f"fired already; for an event that fires once, write `not fired({event.id})`"))
            elif when is not None and self.never_true(when):
                self.report(self.doc, path + ("when",), f"event '{event.id}' can never fire: its "
                            f"`when` is false on every turn (1-{self.turns})", WARNING)
            if event.chance == 0:
                self.report(self.doc, path + ("chance",),
                            f"event '{event.id}' can never fire: chance is 0", WARNING)
            for j, effect in enumerate(event.effects):
                self._effect(None, j, effect, in_event=True, event_index=k)
            self.source_id(path + ("source",), event.source, strict=False)

    def _check_roles(self) -> None:
        """Roles belong to scenario countries; objectives have a direction; someone can play."""
        if not self.sc.roles:
            self.report(self.doc, (), "no playable role: nobody can play this scenario; add a "
                        "`roles:` section naming at least one of its countries, with objectives",
                        WARNING)
        for code, role in self.sc.roles.items():
            path: Path = ("roles", code)
            if code not in self.codes:
                self.report(self.doc, path, f"role for unknown country '{code}'"
                            f"{did_you_mean(code, self.codes)}", key=True)
            for j, objective in enumerate(role.objectives):
                opath = path + ("objectives", j)
                self.expression(self.doc, opath + ("expr",), objective.expr, self.names)
                if objective.goal == objective.fail:
                    self.report(self.doc, opath + ("goal",), "goal and fail are equal, so the "
                                "objective has no direction; make them differ")
                for key in ("goal", "fail"):
                    value = float(getattr(objective, key))
                    if abs(value) > MAX_OBJECTIVE:
                        self.report(self.doc, opath + (key,), f"{key} = {value:g} is outside "
                                    f"{-MAX_OBJECTIVE:g}..{MAX_OBJECTIVE:g}: no indicator comes "
                                    "near it, so the score could never move")

    def _check_panels(self) -> None:
        """Panel indicators (per country or per role) are known names, each given once; a country
        with both lists is warned that its own list wins."""
        places: list[tuple[Path, list[str]]] = [
            (("countries", k, "indicators"), c.indicators) for k, c in enumerate(self.sc.countries)]
        places += [(("roles", code, "indicators"), r.indicators)
                   for code, r in self.sc.roles.items()]
        for path, names in places:
            for j, name in enumerate(names):
                if name not in INDICATOR_NAMES:
                    self.report(self.doc, path + (j,), f"unknown indicator '{name}' in the panel"
                                f"{indicator_hint(name, INDICATOR_NAMES, expression=False)}")
                elif names.index(name) < j:
                    self.report(self.doc, path + (j,), f"indicator '{name}' is listed twice in "
                                "the panel", WARNING)
        for country in self.sc.countries:
            role = self.sc.roles.get(country.code)
            if country.indicators and role is not None and role.indicators:
                self.report(self.doc, ("roles", country.code, "indicators"), (
                    f"{country.code} has panel indicators both in `countries` and in its role; "
                    "the country's list is used"), WARNING, key=True)

    def _check_history(self) -> None:
        """Real moves name real moves; series name indicators and countries."""
        history = self.sc.history
        move_ids = [r.move.id for r in self.moves] + self.unresolved
        for k, hm in enumerate(history.moves):
            path: Path = ("history", "moves", k)
            turn = self.date_turn(hm.date)
            if turn < 1 or turn > self.turns:
                self.report(self.doc, path + ("date",), f"{hm.date} is outside the game "
                            f"({self.start}, {self.turns} turns); this move is never replayed",
                            WARNING)
            self.country(self.doc, path + ("by",), hm.by)
            if hm.target is not None:
                self.country(self.doc, path + ("target",), hm.target)
            if hm.move not in move_ids:
                self.report(self.doc, path + ("move",),
                            f"unknown move '{hm.move}'{did_you_mean(hm.move, move_ids)}")
        for k, he in enumerate(history.events):
            self.source_id(("history", "events", k, "source"), he.source, strict=False)
        for name, by_country in history.series.items():
            if name not in INDICATOR_NAMES:
                self.report(self.doc, ("history", "series", name),
                            f"unknown indicator '{name}'{indicator_hint(name, INDICATOR_NAMES, expression=False)}",
                            key=True)
            for code, points in by_country.items():
                self.country(self.doc, ("history", "series", name, code), code)
                for j, point in enumerate(points):
                    self.source_id(("history", "series", name, code, j, "source"), point.source,
                                   strict=True)
                    if name in INDICATOR_NAMES:
                        self._in_range(("history", "series", name, code, j, "value"), name,
                                       point.value)

        for k, flow in enumerate(history.trade):
            path = ("history", "trade", k)
            self._pair(path, "from", flow.from_, "to", flow.to)
            for j, point in enumerate(flow.points):
                self.source_id(path + ("points", j, "source"), point.source, strict=True)
                self._non_negative(path + ("points", j, "value"), "trade", point.value, MAX_BN,
                                   "more than all the world's trade in a year ($bn)")

    def _check_model(self) -> None:
        """Model overrides name real parameters, each within its range."""
        names = Params.names()
        for name, value in self.sc.model.items():
            if name not in names:
                self.report(self.doc, ("model", name), f"unknown model parameter '{name}'"
                            f"{did_you_mean(name, names)}", key=True)
                continue
            allowed = param_range(name)
            if not allowed.holds(value):
                self.report(self.doc, ("model", name), allowed.message(name, value))
        for k, country in enumerate(self.sc.countries):
            for name, value in country.model.items():
                at: Path = ("countries", k, "model", name)
                if name not in COUNTRY_PARAMS:
                    hint = did_you_mean(name, COUNTRY_PARAMS)
                    listed = "" if hint else f"; a country's `model:` takes {', '.join(COUNTRY_PARAMS)}"
                    where = (" (set it for every country in the top-level `model:`)"
                             if name in names and not hint else "")
                    self.report(self.doc, at, f"'{name}' cannot be set for one country"
                                f"{hint}{listed}{where}", key=True)
                    continue
                allowed = param_range(name)
                if not allowed.holds(value):
                    self.report(self.doc, at, allowed.message(name, value))
        low = self.sc.model.get("oil_price_min", Params().oil_price_min)
        high = self.sc.model.get("oil_price_max", Params().oil_price_max)
        if low >= high:
            bound = "oil_price_min" if "oil_price_min" in self.sc.model else "oil_price_max"
            self.report(self.doc, ("model", bound), f"oil_price_min ({low:g}) must be below "
                        f"oil_price_max ({high:g}): they bound the oil price's random walk")

    def _check_flags(self) -> None:
        """Flags that are read but never set by any move or event."""
        for name, doc, node, offset in self.flags_read:
            if name not in self.flags_set:
                line, col = doc.scalar_position(node, offset) if node.kind == SCALAR else (
                    node.line, node.col)
                hint = did_you_mean(name, self.flags_set)
                self.problems.append(Problem(doc.path, line, col, WARNING,
                                             f"flag '{name}' is never set by any move or event"
                                             f"{hint}"))

    def flag_names(self) -> list[str]:
        """Every flag: those set by effects, then those only read, in order of appearance."""
        names = list(self.flags_set)
        for name, _, _, _ in self.flags_read:
            if name not in names:
                names.append(name)
        return names


def _missing_library(scenario_path: str, name: str, path: str) -> str:
    """Why library `name` cannot be read: missing, a folder, or not a regular file."""
    if os.path.isdir(path):
        return (f"library '{name}': {path} is a folder, not a library file; put the library's "
                "moves in a YAML file of that name")
    if os.path.lexists(path):
        return (f"library '{name}': {path} is not a regular file (a pipe, device or broken "
                "link); make it a YAML file")
    hint = did_you_mean(name, library_names(scenario_path))
    return f"no library '{name}' ({path} not found){hint}"


def _country_slots(effect: Any) -> Iterable[str]:
    """Fields of an effect that name a country."""
    slots: dict[type, tuple[str, ...]] = {
        schema.SanctionEffect: ("by", "on"),
        schema.DealEffect: ("client", "partner"),
        schema.PolicyEffect: ("of",),
        schema.ChangeEffect: ("of",),
        schema.RelationEffect: ("of", "with_"),
        schema.LoanEffect: ("lender", "borrower"),
        schema.FreezeEffect: ("of", "by"),
        schema.JoinEffect: ("of",),
        schema.LeaveEffect: ("of",),
        schema.MeasureEffect: ("by", "on"),
    }
    return slots.get(type(effect), ())
