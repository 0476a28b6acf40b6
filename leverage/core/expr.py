"""The condition language of scenarios: a tokenizer, a parser and a vectorised evaluator.

`VEN.inflation > 1000 and turn >= 3` is parsed into a tree of nodes, each remembering its offset in
the text (so the scenario checker can point at the exact token), and compiled into a `Condition`
that evaluates on every game of a batch at once.  No `eval`: only the grammar below is accepted.

    expr       := or
    or         := and ("or" and)*
    and        := not ("and" not)*
    not        := "not" not | comparison
    comparison := sum (("<" | "<=" | ">" | ">=" | "==" | "!=") sum)?
    sum        := product (("+" | "-") product)*
    product    := unary (("*" | "/") unary)*
    unary      := "-" unary | "+" unary | atom
    atom       := NUMBER | "true" | "false" | NAME | NAME "." NAME | NAME "(" args ")"
                | "(" expr ")"
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from leverage.core.actions import LeverageError
from leverage.core.vocab import (
    DEAL_KINDS,
    GOODS,
    GOODS_DEFAULT_SHARES,
    INDICATOR_NAMES,
    MEASURE_KINDS,
    SANCTION_KINDS,
)

if TYPE_CHECKING:
    from leverage.core.state import State
    from leverage.core.world import World

#: Names that stand alone (no country): the turn being played (1-based), calendar, oil price.
GLOBALS: tuple[str, ...] = ("turn", "year", "month", "oil_price")
#: Functions, with the kind of each argument: country, bloc, sanction/deal kind, flag, event,
#: move, or a number (any expression).
FUNCTIONS: dict[str, tuple[str, ...]] = {
    "relation": ("country", "country"),
    "trade": ("country", "country"),
    "loans": ("country", "country"),
    "sanction": ("country", "country", "sanction"),
    "sanctioned": ("country", "country", "sanction"),
    "deal": ("country", "country", "deal"),
    "goods": ("country", "country", "goods"),
    "measure": ("country", "country", "measure", "goods"),
    "price": ("goods",),
    "member": ("country", "bloc"),
    "flag": ("flag",),
    "fired": ("event",),
    "played": ("country", "move"),
    "min": ("number", "number"),
    "max": ("number", "number"),
    "abs": ("number",),
}
KEYWORDS = frozenset({"and", "or", "not", "true", "false"})
COMPARISONS = ("<=", ">=", "==", "!=", "<", ">")
_TOKEN_RE = re.compile(
    r"(?P<space>\s+)"
    r"|(?P<number>(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op><=|>=|==|!=|<|>|\+|-|\*|/|\(|\)|,|\.)"
)
MAX_LENGTH = 2000
MAX_DEPTH = 40


class ExprError(LeverageError):
    """A problem with an expression, at a character offset in its text."""

    def __init__(self, message: str, offset: int) -> None:
        """Keep the message and the offset."""
        super().__init__(message)
        self.message = message
        self.offset = offset


class ExprSyntaxError(ExprError):
    """The text is not a well-formed expression."""


class ExprNameError(ExprError):
    """The expression names something the scenario does not have."""


@dataclass(frozen=True)
class Token:
    """One token: kind (number, name, op, end), its text and offset."""

    kind: str
    text: str
    offset: int


@dataclass(frozen=True)
class Node:
    """Base of the expression tree; `offset` is where the node starts in the text."""

    offset: int


@dataclass(frozen=True)
class Number(Node):
    """A number literal (true and false are 1 and 0)."""

    value: float
    boolean: bool = False


@dataclass(frozen=True)
class Name(Node):
    """A bare name: a global (`turn`) or a function argument (`VEN`, `gold`, `BRICS`)."""

    name: str


@dataclass(frozen=True)
class Attr(Node):
    """A country's indicator: `VEN.inflation`."""

    code: str
    attr: str
    attr_offset: int


@dataclass(frozen=True)
class Call(Node):
    """A function call: `relation(VEN, USA)`."""

    func: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Unary(Node):
    """`-x` or `not x`."""

    op: str
    operand: Node


@dataclass(frozen=True)
class Binary(Node):
    """`a op b` for arithmetic, comparison and logic; `op_offset` is where the operator is."""

    op: str
    left: Node
    right: Node
    op_offset: int = 0


def tokenize(text: str) -> list[Token]:
    """Split `text` into tokens, ending with an `end` token."""
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN_RE.match(text, pos)
        if match is None:
            ch = text[pos]
            hint = " (write `and`, `or`, `not`)" if ch in "&|!" else ""
            hint = " (use == to compare)" if ch == "=" else hint
            raise ExprSyntaxError(f"unexpected character '{ch}'{hint}", pos)
        kind = match.lastgroup or "space"
        if kind != "space":
            tokens.append(Token(kind, match.group(), pos))
        pos = match.end()
    tokens.append(Token("end", "", len(text.rstrip())))  # just after the last character
    return tokens


def parse(text: str) -> Node:
    """Parse an expression, raising ExprSyntaxError with the offset of the problem."""
    if len(text) > MAX_LENGTH:
        raise ExprSyntaxError(f"expression longer than {MAX_LENGTH} characters", MAX_LENGTH)
    if not text.strip():
        raise ExprSyntaxError("empty expression", 0)
    return _Parser(tokenize(text)).parse()


class _Parser:
    """Recursive-descent parser over a token list."""

    def __init__(self, tokens: list[Token]) -> None:
        """Start at the first token."""
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

    @property
    def tok(self) -> Token:
        """The current token."""
        return self.tokens[self.pos]

    def advance(self) -> Token:
        """Consume and return the current token."""
        token = self.tokens[self.pos]
        if token.kind != "end":
            self.pos += 1
        return token

    def at(self, text: str) -> bool:
        """True when the current token is the operator or keyword `text`."""
        return self.tok.kind in ("op", "name") and self.tok.text == text

    def expect(self, text: str, what: str) -> Token:
        """Consume `text` or raise a syntax error saying what was expected."""
        if not self.at(text):
            raise ExprSyntaxError(f"expected {what}, found {describe(self.tok)}", self.tok.offset)
        return self.advance()

    def parse(self) -> Node:
        """Parse a whole expression and require the end of the text."""
        node = self.parse_or()
        if self.tok.kind != "end":
            raise ExprSyntaxError(f"unexpected {describe(self.tok)}", self.tok.offset)
        return node

    def nested(self) -> None:
        """Refuse absurdly deep nesting (a guard for the recursion)."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprSyntaxError("expression nested too deeply", self.tok.offset)

    def parse_or(self) -> Node:
        """or-expression."""
        left = self.parse_and()
        while self.at("or"):
            op = self.advance()
            left = Binary(left.offset, "or", left, self.parse_and(), op.offset)
        return left

    def parse_and(self) -> Node:
        """and-expression."""
        left = self.parse_not()
        while self.at("and"):
            op = self.advance()
            left = Binary(left.offset, "and", left, self.parse_not(), op.offset)
        return left

    def parse_not(self) -> Node:
        """not-expression."""
        if self.at("not"):
            op = self.advance()
            self.nested()
            operand = self.parse_not()
            self.depth -= 1
            return Unary(op.offset, "not", operand)
        return self.parse_comparison()

    def parse_comparison(self) -> Node:
        """A single (unchained) comparison."""
        left = self.parse_sum()
        if self.tok.kind == "op" and self.tok.text in COMPARISONS:
            op = self.advance()
            right = self.parse_sum()
            if self.tok.kind == "op" and self.tok.text in COMPARISONS:
                raise ExprSyntaxError(
                    "comparisons cannot be chained; join them with `and`", self.tok.offset
                )
            return Binary(left.offset, op.text, left, right, op.offset)
        return left

    def parse_sum(self) -> Node:
        """Addition and subtraction."""
        left = self.parse_product()
        while self.tok.kind == "op" and self.tok.text in "+-":
            op = self.advance()
            left = Binary(left.offset, op.text, left, self.parse_product(), op.offset)
        return left

    def parse_product(self) -> Node:
        """Multiplication and division."""
        left = self.parse_unary()
        while self.tok.kind == "op" and self.tok.text in "*/":
            op = self.advance()
            left = Binary(left.offset, op.text, left, self.parse_unary(), op.offset)
        return left

    def parse_unary(self) -> Node:
        """Unary minus and plus."""
        if self.tok.kind == "op" and self.tok.text in "+-":
            op = self.advance()
            self.nested()
            operand = self.parse_unary()
            self.depth -= 1
            return operand if op.text == "+" else Unary(op.offset, "-", operand)
        return self.parse_atom()

    def parse_atom(self) -> Node:
        """Numbers, names, indicators, calls and parentheses."""
        tok = self.tok
        if tok.kind == "number":
            self.advance()
            value = float(tok.text)
            if not np.isfinite(value):
                raise ExprSyntaxError(f"number {tok.text} is too large", tok.offset)
            return Number(tok.offset, value)
        if tok.kind == "op" and tok.text == "(":
            self.nested()
            self.advance()
            inner = self.parse_or()
            self.depth -= 1
            self.expect(")", "')'")
            return inner
        if tok.kind == "name":
            return self.parse_name()
        raise ExprSyntaxError(f"expected a value, found {describe(tok)}", tok.offset)

    def parse_name(self) -> Node:
        """A keyword constant, a global, `CODE.indicator` or `function(args)`."""
        tok = self.advance()
        if tok.text in ("true", "false"):
            return Number(tok.offset, 1.0 if tok.text == "true" else 0.0, boolean=True)
        if tok.text in KEYWORDS:
            raise ExprSyntaxError(f"expected a value, found '{tok.text}'", tok.offset)
        if self.at("."):
            self.advance()
            attr = self.tok
            if attr.kind != "name":
                raise ExprSyntaxError(
                    f"expected an indicator name after '{tok.text}.', found {describe(attr)}",
                    attr.offset,
                )
            self.advance()
            return Attr(tok.offset, tok.text, attr.text, attr.offset)
        if self.at("("):
            self.advance()
            args: list[Node] = []
            self.nested()
            if not self.at(")"):
                args.append(self.parse_or())
                while self.at(","):
                    self.advance()
                    args.append(self.parse_or())
            self.depth -= 1
            self.expect(")", "',' or ')'")
            return Call(tok.offset, tok.text, tuple(args))
        return Name(tok.offset, tok.text)


def describe(token: Token) -> str:
    """How a token is named in messages."""
    if token.kind == "end":
        return "the end of the expression"
    return f"'{token.text}'"


def walk(node: Node) -> Iterator[Node]:
    """Every node of the tree, parents first."""
    yield node
    if isinstance(node, Call):
        for arg in node.args:
            yield from walk(arg)
    elif isinstance(node, Unary):
        yield from walk(node.operand)
    elif isinstance(node, Binary):
        yield from walk(node.left)
        yield from walk(node.right)


def name_arguments(root: Node) -> dict[int, str]:
    """Offsets of the bare names used as name arguments of calls, with the kind they name."""
    found: dict[int, str] = {}
    for sub in walk(root):
        if isinstance(sub, Call):
            kinds = FUNCTIONS.get(sub.func, ("unknown",) * len(sub.args))
            for kind, arg in zip(kinds, sub.args, strict=False):
                if kind != "number" and isinstance(arg, Name):
                    found[arg.offset] = kind
    return found


def names_in(node: Node) -> list[tuple[str, str, int]]:
    """Every name the expression refers to, as (kind, name, offset).

    kind is global, country, indicator, function, bloc, sanction, deal, flag, event or move.
    """
    arguments = name_arguments(node)
    found: list[tuple[str, str, int]] = []
    for sub in walk(node):
        if isinstance(sub, Name) and arguments.get(sub.offset) != "unknown":
            found.append((arguments.get(sub.offset, "global"), sub.name, sub.offset))
        elif isinstance(sub, Attr):
            found.append(("country", sub.code, sub.offset))
            found.append(("indicator", sub.attr, sub.attr_offset))
        elif isinstance(sub, Call):
            found.append(("function", sub.func, sub.offset))
    return found


@dataclass(frozen=True)
class Names:
    """What an expression may name: the scenario's countries, blocs, flags, events and moves."""

    countries: Sequence[str]
    blocs: Sequence[str] = ()
    flags: Sequence[str] = ()
    events: Sequence[str] = ()
    moves: Sequence[str] = ()
    indicators: Sequence[str] = field(default_factory=lambda: INDICATOR_NAMES)
    lenient: frozenset[str] = frozenset()   # kinds of names not checked (e.g. in library files)

    @staticmethod
    def of_world(world: World) -> Names:
        """The names a compiled world offers."""
        return Names(
            countries=world.codes,
            blocs=world.bloc_ids,
            flags=world.flag_names,
            events=tuple(e.id for e in world.events),
            moves=tuple(m.id for m in world.moves),
        )


def did_you_mean(name: str, known: Sequence[str]) -> str:
    """`; did you mean X?` for the closest known name, or an empty string."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    if not close:
        lowered = {k.lower(): k for k in known}
        if name.lower() in lowered:
            close = [lowered[name.lower()]]
    return f"; did you mean {close[0]}?" if close else ""


def indicator_hint(name: str, known: Sequence[str], expression: bool = True) -> str:
    """`; did you mean X?`, or (in an expression) what `name` is when it is a function, or the
    list of the indicators."""
    if expression and name in FUNCTIONS:
        args = ", ".join(k.upper() for k in FUNCTIONS[name])
        return f"; '{name}' is a function, not an indicator: write {name}({args})"
    return did_you_mean(name, known) or f" (indicators: {', '.join(known)})"


#: Why `self` and `target` cannot be named in a condition, and what to write instead.
PLAYER_WORDS: dict[str, str] = {
    "target": ("'target' cannot be used in a condition, which names countries by their codes; "
               "for a condition on each target, write one move per target, e.g. `target: [TUR]` "
               "with `when: \"relation(USA, TUR) > 0\"`"),
    "self": ("'self' cannot be used in a condition, which names countries by their codes; write "
             "the code of the country playing the move, e.g. `when: \"USA.stability > 40\"`"),
}

_KIND_WORDS: dict[str, str] = {
    "country": "country", "bloc": "bloc", "sanction": "sanction kind", "deal": "deal kind",
    "flag": "flag", "event": "event", "move": "move", "indicator": "indicator",
    "goods": "product group", "measure": "measure kind",
}


def check_names(node: Node, names: Names) -> list[ExprError]:
    """Every unknown name and wrong call in the expression (empty when all is well)."""
    known: dict[str, Sequence[str]] = {
        "country": names.countries, "bloc": names.blocs, "sanction": SANCTION_KINDS,
        "deal": DEAL_KINDS, "flag": names.flags, "event": names.events, "move": names.moves,
        "indicator": names.indicators, "goods": GOODS, "measure": MEASURE_KINDS,
    }
    errors: list[ExprError] = []
    arguments = name_arguments(node)
    for sub in walk(node):
        if isinstance(sub, Name) and sub.offset not in arguments:
            if sub.name not in GLOBALS:
                errors.append(_unknown_global(sub.name, sub.offset, names))
        elif isinstance(sub, Attr):
            if sub.code not in names.countries and "country" not in names.lenient:
                errors.append(_unknown("country", sub.code, sub.offset, names.countries))
            if sub.attr not in names.indicators:
                errors.append(_unknown("indicator", sub.attr, sub.attr_offset, names.indicators))
        elif isinstance(sub, Call):
            errors.extend(_check_call(sub, known, names.lenient))
    return errors


def _unknown(kind: str, name: str, offset: int, known: Sequence[str]) -> ExprNameError:
    """An unknown-name error with a suggestion (for `self`/`target`, what to write instead)."""
    if kind == "country" and name in PLAYER_WORDS:
        return ExprNameError(PLAYER_WORDS[name], offset)
    hint = indicator_hint(name, known) if kind == "indicator" else did_you_mean(name, known)
    return ExprNameError(f"unknown {_KIND_WORDS[kind]} '{name}'{hint}", offset)


def _unknown_global(name: str, offset: int, names: Names) -> ExprError:
    """A bare name that is not turn/year/month/oil_price."""
    hint = did_you_mean(name, list(GLOBALS) + list(FUNCTIONS))
    if name in names.countries:
        return ExprNameError(
            f"'{name}' is a country; name one of its indicators, e.g. {name}.gdp", offset
        )
    if name in FUNCTIONS:
        return ExprNameError(f"'{name}' is a function; call it: {name}(...)", offset)
    return ExprNameError(
        f"unknown name '{name}'{hint} (names: {', '.join(GLOBALS)}, or CODE.indicator)", offset
    )


def _check_call(
    call: Call, known: dict[str, Sequence[str]], lenient: frozenset[str]
) -> list[ExprError]:
    """Check a call's function name, argument count and name arguments."""
    if call.func not in FUNCTIONS:
        return [ExprNameError(
            f"unknown function '{call.func}'{did_you_mean(call.func, list(FUNCTIONS))}",
            call.offset,
        )]
    kinds = FUNCTIONS[call.func]
    if len(call.args) != len(kinds):
        plural = "s" if len(kinds) != 1 else ""
        return [ExprSyntaxError(
            f"{call.func}() takes {len(kinds)} argument{plural}, got {len(call.args)}", call.offset
        )]
    errors: list[ExprError] = []
    for kind, arg in zip(kinds, call.args, strict=True):
        if kind == "number":
            continue
        if not isinstance(arg, Name):
            errors.append(ExprSyntaxError(
                f"argument of {call.func}() must be a {_KIND_WORDS[kind]} name", arg.offset
            ))
        elif arg.name not in known[kind]:
            if kind == "flag" or kind in lenient:
                continue  # flags are declared by use; the checker warns about unset ones
            errors.append(_unknown(kind, arg.name, arg.offset, known[kind]))
    return errors


# ----------------------------------------------------------------------------------------------
# Static evaluation (calendar only), for "can this ever be true?" checks.

def static_value(node: Node, env: dict[str, float]) -> float | None:
    """The value of a node that depends only on names in `env`; None when it reads the state."""
    if isinstance(node, Number):
        return node.value
    if isinstance(node, Name):
        return env.get(node.name)
    if isinstance(node, Unary):
        inner = static_value(node.operand, env)
        if inner is None:
            return None
        return float(inner == 0) if node.op == "not" else -inner
    if isinstance(node, Binary):
        return _static_binary(node, env)
    return None


def _static_binary(node: Binary, env: dict[str, float]) -> float | None:
    """Static value of a binary node; `and` is false when either side is statically false."""
    left = static_value(node.left, env)
    right = static_value(node.right, env)
    if node.op == "and" and (left == 0.0 or right == 0.0):
        return 0.0
    if node.op == "or" and ((left is not None and left != 0) or (right is not None and right != 0)):
        return 1.0
    if left is None or right is None:
        return None
    return float(_scalar_op(node.op, np.float64(left), np.float64(right)))


def _scalar_op(op: str, a: np.float64, b: np.float64) -> float:
    """Apply a binary operator to two numbers."""
    result = _apply(op, np.atleast_1d(a), np.atleast_1d(b))
    return float(result[0])


# ----------------------------------------------------------------------------------------------
# Vectorised evaluation.

Evaluator = Callable[["World", "State"], np.ndarray]


@dataclass
class CompiledCondition:
    """A compiled expression (the Condition protocol of leverage/core/world.py).

    `fn` evaluates a whole batch (it may return a 0-d value when every game agrees); a single
    game is a batch of one.
    """

    text: str
    node: Node
    fn: Evaluator

    def evaluate(self, world: World, state: object) -> np.ndarray:
        """The value for each game in the batch, as a (B,) float array."""
        result = np.asarray(self.fn(world, state), dtype=np.float64)  # type: ignore[arg-type]
        if result.ndim == 0:
            return np.full(_batch(state), result, dtype=np.float64)  # type: ignore[arg-type]
        return result


def compile_condition(source: Node | str, world: World) -> CompiledCondition:
    """Compile an expression (text or parsed tree) for `world`; raises ExprError when invalid."""
    text = source if isinstance(source, str) else ""
    node = parse(source) if isinstance(source, str) else source
    errors = check_names(node, Names.of_world(world))
    if errors:
        raise errors[0]
    return CompiledCondition(text, node, _compile(node, world))


Operator = Callable[[np.ndarray, np.ndarray], np.ndarray]


def _divide(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a / b elementwise, 0 where b is 0."""
    out = np.zeros(np.broadcast(a, b).shape, dtype=np.float64)
    np.divide(a, b, out=out, where=(b != 0))
    return out


def _both(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Logical `and` of two values (non-zero is true)."""
    return np.asarray((a != 0) & (b != 0))


def _either(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Logical `or` of two values (non-zero is true)."""
    return np.asarray((a != 0) | (b != 0))


#: The one table of binary operators the evaluator uses (results as floats, booleans as 0/1).
OPERATORS: dict[str, Operator] = {
    "+": np.add, "-": np.subtract, "*": np.multiply, "/": _divide, "and": _both, "or": _either,
    "<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal,
    "==": np.equal, "!=": np.not_equal,
}


def _apply(op: str, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Apply a binary operator elementwise (booleans as 0/1, x/0 = 0)."""
    return np.asarray(OPERATORS[op](a, b), dtype=np.float64)


def _batch(state: State) -> int:
    """Number of games in the batch."""
    return int(state.ind.shape[0])


def _compile(node: Node, world: World) -> Evaluator:
    """Build a closure that evaluates `node` on a whole batch (0-d when the same in every game)."""
    if isinstance(node, Number):
        value = np.asarray(node.value, dtype=np.float64)
        return lambda w, s: value
    if isinstance(node, Name):
        return _compile_global(node.name)
    if isinstance(node, Attr):
        country = world.country(node.code)
        attr = node.attr
        return lambda w, s: np.asarray(s.get(attr, w.params)[:, country], dtype=np.float64)
    if isinstance(node, Unary):
        inner = _compile(node.operand, world)
        if node.op == "not":
            return lambda w, s: np.asarray(np.asarray(inner(w, s)) == 0, dtype=np.float64)
        return lambda w, s: np.negative(inner(w, s))
    if isinstance(node, Binary):
        left = _compile(node.left, world)
        right = _compile(node.right, world)
        operator = OPERATORS[node.op]
        return lambda w, s: np.asarray(operator(left(w, s), right(w, s)), dtype=np.float64)
    if isinstance(node, Call):
        return _compile_call(node, world)
    raise ExprSyntaxError("unsupported expression", node.offset)


def _compile_global(name: str) -> Evaluator:
    """turn (1-based), year, month and oil price."""
    if name == "turn":
        return lambda w, s: np.asarray(s.turn + 1, dtype=np.float64)
    if name == "year":
        return lambda w, s: np.asarray(w.date_of_turn(s.turn + 1)[0], dtype=np.float64)
    if name == "month":
        return lambda w, s: np.asarray(w.date_of_turn(s.turn + 1)[1], dtype=np.float64)
    return lambda w, s: np.asarray(s.oil_price, dtype=np.float64).reshape(-1)


def _arg_name(node: Node) -> str:
    """The name of a name argument (checked earlier)."""
    assert isinstance(node, Name)
    return node.name


def _compile_call(call: Call, world: World) -> Evaluator:
    """Compile a function call."""
    func = call.func
    if func in ("min", "max", "abs"):
        parts = [_compile(arg, world) for arg in call.args]
        if func == "abs":
            return lambda w, s: np.abs(parts[0](w, s))
        pick = np.minimum if func == "min" else np.maximum
        return lambda w, s: pick(parts[0](w, s), parts[1](w, s))
    names = [_arg_name(arg) for arg in call.args]
    if func == "flag":
        f = world.flag_names.index(names[0])
        return lambda w, s: s.flags[:, f].astype(np.float64)
    if func == "fired":
        e = [ev.id for ev in world.events].index(names[0])
        return lambda w, s: (s.fired[:, e] > 0).astype(np.float64)
    if func == "price":
        g = GOODS.index(names[0])
        return lambda w, s: _group_price(s, g)
    a = world.country(names[0])
    if func == "played":
        m = world.move_index(names[1])
        return lambda w, s: (s.played[:, a, m] > 0).astype(np.float64)
    if func == "member":
        k = world.bloc_ids.index(names[1])
        return lambda w, s: (s.blocs[:, a, k] > 0).astype(np.float64)
    b = world.country(names[1])
    return _compile_pair(func, a, b, names)


def _group_price(state: Any, g: int) -> np.ndarray:
    """(B,) the price of product group g (1.0 at the start, and in a world without goods)."""
    if state.goods_price is None:
        return np.ones(state.batch)
    return np.asarray(state.goods_price[:, g], dtype=np.float64)


def _goods_flow(world: World, state: Any, a: int, b: int, g: int) -> np.ndarray:
    """(B,) exports of group g from a to b ($bn a year): the pair's trade at the world's shares
    in a world without goods kept apart."""
    if state.goods is not None:
        return np.asarray(state.goods[:, a, b, g], dtype=np.float64)
    shares = GOODS_DEFAULT_SHARES[g] if world.goods0 is None else world.goods0[a, b, g]
    return np.asarray(state.trade[:, a, b] * shares, dtype=np.float64)


def _compile_pair(func: str, a: int, b: int, names: list[str]) -> Evaluator:
    """Functions of a pair of countries: relation, trade, loans, sanction(ed), deal."""
    if func == "relation":
        return lambda w, s: np.asarray(s.relations[:, a, b], dtype=np.float64)
    if func == "trade":
        return lambda w, s: np.asarray(s.trade[:, a, b], dtype=np.float64)
    if func == "loans":
        return lambda w, s: np.asarray(s.loans[:, a, b], dtype=np.float64)
    if func == "goods":
        g = GOODS.index(names[2])
        return lambda w, s: _goods_flow(w, s, a, b, g)
    if func == "measure":
        m, g = MEASURE_KINDS.index(names[2]), GOODS.index(names[3])
        return lambda w, s: (np.zeros(s.batch) if s.measures is None
                             else np.asarray(s.measures[:, a, b, g, m], dtype=np.float64))
    if func in ("sanction", "sanctioned"):
        k = SANCTION_KINDS.index(names[2])
        if func == "sanction":
            return lambda w, s: np.asarray(s.sanctions[:, a, b, k], dtype=np.float64)
        return lambda w, s: (s.sanctions[:, a, b, k] > 0).astype(np.float64)
    d = DEAL_KINDS.index(names[2])
    return lambda w, s: ((s.deals[:, a, b, d] > 0) | (s.deals[:, b, a, d] > 0)).astype(np.float64)
