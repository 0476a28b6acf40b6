"""Conditions in plain words: `VEN.gold_home > 5 and not flag(uae_closed)` becomes
"Venezuela's gold at home is above 5 t and 'uae closed' has not happened".

Used where a player or teacher reads why a move is not available or when an event happens.
"""

from __future__ import annotations

from leverage.core.expr import Attr, Binary, Call, Name, Node, Number, Unary
from leverage.core.vocab import DEAL_KINDS, indicator
from leverage.core.world import World

COMPARISONS: dict[str, tuple[str, str]] = {  # operator: (words, words when negated)
    ">": ("is above", "is not above"),
    ">=": ("is at least", "is below"),
    "<": ("is below", "is at least"),
    "<=": ("is at most", "is above"),
    "==": ("is", "is not"),
    "!=": ("is not", "is"),
}
ARITHMETIC: dict[str, str] = {"+": "plus", "-": "minus", "*": "times", "/": "divided by"}
GLOBALS: dict[str, str] = {"turn": "the turn", "year": "the year", "month": "the month",
                           "oil_price": "the oil price"}
#: Units written after a number compared with an indicator (others are left out).
UNITS: frozenset[str] = frozenset({"$bn", "%", "%/yr", "kb/d", "m", "t"})


def condition_words(node: Node, world: World) -> str:
    """The condition `node` (parsed by `leverage.core.expr.parse`) as a plain sentence."""
    return _words(node, world, negated=False)


def _words(node: Node, world: World, negated: bool) -> str:
    """`node` in words, negated when asked (a condition under `not`)."""
    if isinstance(node, Unary) and node.op == "not":
        return _words(node.operand, world, not negated)
    if isinstance(node, Binary) and node.op in ("and", "or"):
        op = node.op if not negated else ("or" if node.op == "and" else "and")
        return f"{_words(node.left, world, negated)} {op} {_words(node.right, world, negated)}"
    if isinstance(node, Binary) and node.op in COMPARISONS:
        verb = COMPARISONS[node.op][1 if negated else 0]
        unit = _unit(node.left)
        return f"{_value(node.left, world)} {verb} {_value(node.right, world, unit)}"
    if isinstance(node, Call):
        fact = _fact(node, world, negated)
        if fact is not None:
            return fact
    text = _value(node, world)
    return f"not ({text})" if negated else text


def _fact(call: Call, world: World, negated: bool) -> str | None:
    """A call that states a fact (flag, fired, played, member, sanctioned, deal), or None."""
    args = [_argument(arg) for arg in call.args]
    func = call.func
    if func == "flag":
        return f"'{_flag_title(args[0], world)}' has {'not happened yet' if negated else 'happened'}"
    if func == "fired":
        titles = {event.id: event.title for event in world.events}
        return f"'{titles.get(args[0], args[0])}' has {'not ' if negated else ''}happened"
    if func == "played":
        names = {move.id: move.name for move in world.moves}
        verb = "has not played" if negated else "has played"
        return f"{_country(args[0], world)} {verb} '{names.get(args[1], args[1])}'"
    if func == "member":
        bloc = dict(zip(world.bloc_ids, world.bloc_names, strict=True)).get(args[1], args[1])
        return f"{_country(args[0], world)} is {'not ' if negated else ''}a member of {bloc}"
    if func == "sanctioned":
        verb = "has no" if negated else "has"
        return (f"{_country(args[0], world)} {verb} {args[2]} sanctions on "
                f"{_country(args[1], world)}")
    if func == "deal" and args[2] in DEAL_KINDS:
        kind = args[2].replace("_", " ")
        return (f"{'no' if negated else 'a'} {kind} deal is in force between "
                f"{_country(args[0], world)} and {_country(args[1], world)}")
    return None


def _value(node: Node, world: World, unit: str = "") -> str:
    """A quantity in words: a number (with `unit`), an indicator, a function, a sum."""
    if isinstance(node, Number):
        if node.boolean:
            return "true" if node.value else "false"
        return _number(node.value, unit)
    if isinstance(node, Name):
        return GLOBALS.get(node.name, node.name)
    if isinstance(node, Attr):
        try:
            label = indicator(node.attr).label
        except KeyError:
            label = node.attr.replace("_", " ")
        first = label.split()[0]
        if not (first.isupper() or "/" in first or any(c.isupper() for c in first[1:])):
            label = label[0].lower() + label[1:]  # "Gold at home" -> "gold at home"
        return f"{_country(node.code, world)}'s {label}"
    if isinstance(node, Unary):
        if isinstance(node.operand, Number) and not node.operand.boolean:
            return _number(-node.operand.value, unit)
        return f"minus {_value(node.operand, world)}"
    if isinstance(node, Binary) and node.op in ARITHMETIC:
        return f"{_value(node.left, world)} {ARITHMETIC[node.op]} {_value(node.right, world)}"
    if isinstance(node, Call):
        return _call_value(node, world)
    return condition_words(node, world)


def _call_value(call: Call, world: World) -> str:
    """A function's value in words."""
    func = call.func
    if func in ("min", "max"):
        parts = " and ".join(_value(arg, world) for arg in call.args)
        return f"the {'lower' if func == 'min' else 'higher'} of {parts}"
    if func == "abs":
        return f"the size of {_value(call.args[0], world)}"
    args = [_argument(arg) for arg in call.args]
    a = _country(args[0], world) if args else ""
    b = _country(args[1], world) if len(args) > 1 else ""
    if func == "relation":
        return f"relations between {a} and {b}"
    if func == "trade":
        return f"{a}'s exports to {b}"
    if func == "loans":
        return f"{a}'s debt to {b}"
    if func == "sanction":
        return f"the level of {a}'s {args[2]} sanctions on {b}"
    if func == "goods":
        return f"{a}'s exports of {args[2]} to {b}"
    if func == "measure":
        return f"{a}'s {args[2].replace('_', ' ')} on {b}'s {args[3]}"
    if func == "price":
        return f"the price of {args[0]} (1 at the start)"
    fact = _fact(call, world, negated=False)
    return fact if fact is not None else func


def _flag_title(flag: str, world: World) -> str:
    """A flag named after the event or move that sets it (its own name when nothing does)."""
    sources = [(event.title, event.effects) for event in world.events]
    sources += [(move.name, move.effects) for move in world.moves]
    for title, effects in sources:
        for effect in effects:
            if (effect.kind == "flag" and effect.amount > 0 and flag in world.flag_names
                    and world.flag_names[effect.item] == flag):
                return title
    return flag.replace("_", " ")


def _number(value: float, unit: str) -> str:
    """A number with its unit: money as $4.5bn, others as 4.5 kb/d."""
    text = f"{abs(value):,.6g}"
    sign = "-" if value < 0 else ""
    if unit == "$bn":
        return f"{sign}${text}bn"
    return f"{sign}{text}" + (f" {unit}" if unit else "")


def _argument(node: Node) -> str:
    """A name argument of a function (a country code, flag, event, move, bloc or kind)."""
    if isinstance(node, Name):
        return node.name
    return "?"


def _country(code: str, world: World) -> str:
    """A country's name from its code (the code itself when unknown)."""
    return world.names[world.codes.index(code)] if code in world.codes else code


def _unit(node: Node) -> str:
    """The unit of an indicator on the left of a comparison, when it reads well after a number."""
    if isinstance(node, Attr):
        try:
            unit = indicator(node.attr).unit
        except KeyError:
            return ""
        return unit if unit in UNITS else ""
    if isinstance(node, Name) and node.name == "oil_price":
        return "$/bbl"
    return ""
