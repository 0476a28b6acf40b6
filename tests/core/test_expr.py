"""The condition language: tokens, grammar, errors with offsets, names and batch evaluation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leverage.core.expr import (
    Attr,
    Binary,
    Call,
    ExprError,
    ExprNameError,
    ExprSyntaxError,
    Name,
    Names,
    Number,
    Unary,
    check_names,
    compile_condition,
    names_in,
    parse,
    static_value,
    tokenize,
)
from leverage.core.state import COL
from leverage.core.vocab import DEAL_KINDS, SANCTION_KINDS
from tests.core.factory import CHN, RUS, TUR, USA, VEN, make_state, make_world

NAMES = Names(countries=("VEN", "USA", "TUR"), blocs=("BRICS",), flags=("deal_done",),
              events=("coup",), moves=("embargo",))


def test_tokens_and_offsets() -> None:
    """Numbers (incl. 1e3 and .5), names, operators, with their offsets."""
    tokens = tokenize("VEN.gdp>=1e3 and .5")
    assert [(t.kind, t.text, t.offset) for t in tokens] == [
        ("name", "VEN", 0), ("op", ".", 3), ("name", "gdp", 4), ("op", ">=", 7),
        ("number", "1e3", 9), ("name", "and", 13), ("number", ".5", 17), ("end", "", 19)]


def test_precedence_and_positions() -> None:
    """`not` binds looser than comparison, `*` tighter than `+`; nodes keep offsets."""
    tree = parse("not 1 + 2 * VEN.gdp < 3 or flag(x)")
    assert isinstance(tree, Binary) and tree.op == "or"
    left = tree.left
    assert isinstance(left, Unary) and left.op == "not" and left.offset == 0
    comparison = left.operand
    assert isinstance(comparison, Binary) and comparison.op == "<" and comparison.op_offset == 20
    total = comparison.left
    assert isinstance(total, Binary) and total.op == "+"
    product = total.right
    assert isinstance(product, Binary) and product.op == "*"
    assert product.right == Attr(12, "VEN", "gdp", 16)
    assert tree.right == Call(27, "flag", (Name(32, "x"),))
    assert parse("-(2)") == Unary(0, "-", Number(2, 2.0))
    assert parse("true") == Number(0, 1.0, boolean=True)


@pytest.mark.parametrize(
    ("text", "message", "offset"),
    [
        ("", "empty expression", 0),
        ("VEN.gdp >> 3", "expected a value, found '>'", 9),
        ("turn = 3", "unexpected character '=' (use == to compare)", 5),
        ("a && b", "unexpected character '&' (write `and`, `or`, `not`)", 2),
        ("(1 + 2", "expected ')', found the end of the expression", 6),
        ("1 < 2 < 3", "comparisons cannot be chained; join them with `and`", 6),
        ("VEN.", "expected an indicator name after 'VEN.', found the end of the expression", 4),
        ("min(1, 2", "expected ',' or ')', found the end of the expression", 8),
        ("1 2", "unexpected '2'", 2),
        ("and", "expected a value, found 'and'", 0),
        ("1e999", "number 1e999 is too large", 0),
        ("(" * 60 + "1" + ")" * 60, "expression nested too deeply", 40),
    ],
)
def test_syntax_errors(text: str, message: str, offset: int) -> None:
    """Each malformed expression names the problem and where it is."""
    with pytest.raises(ExprSyntaxError) as info:
        parse(text)
    assert (info.value.message, info.value.offset) == (message, offset)


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        ("VEN.inflaton > 3", [("unknown indicator 'inflaton'; did you mean inflation?", 4)]),
        ("VNZ.gdp", [("unknown country 'VNZ'; did you mean VEN?", 0)]),
        ("relatoin(VEN, USA)", [("unknown function 'relatoin'; did you mean relation?", 0)]),
        ("sanctioned(USA, VEN, oill)", [("unknown sanction kind 'oill'; did you mean oil?", 21)]),
        ("deal(VEN, TUR, gold)", [("unknown deal kind 'gold'", 15)]),
        ("member(VEN, BRIC)", [("unknown bloc 'BRIC'; did you mean BRICS?", 12)]),
        ("fired(cuop)", [("unknown event 'cuop'; did you mean coup?", 6)]),
        ("played(USA, embrago)", [("unknown move 'embrago'; did you mean embargo?", 12)]),
        ("tunr > 2", [("unknown name 'tunr'; did you mean turn? (names: turn, year, month, "
                       "oil_price, or CODE.indicator)", 0)]),
        ("VEN > 2", [("'VEN' is a country; name one of its indicators, e.g. VEN.gdp", 0)]),
        ("relation(VEN)", [("relation() takes 2 arguments, got 1", 0)]),
        ("relation(VEN, 1 + 2)", [("argument of relation() must be a country name", 14)]),
        ("flag(never_set) and min(turn, 3) > abs(-1)", []),
    ],
)
def test_name_errors(text: str, problems: list[tuple[str, int]]) -> None:
    """Unknown names are reported with a suggestion and the offset of the name."""
    errors = check_names(parse(text), NAMES)
    assert [(e.message, e.offset) for e in errors] == problems


def test_names_in() -> None:
    """Every name with its kind, for cross-reference checks."""
    found = names_in(parse("VEN.gdp > 1 and sanctioned(USA, VEN, oil) and flag(f) and turn"))
    assert found == [
        ("country", "VEN", 0), ("indicator", "gdp", 4), ("function", "sanctioned", 16),
        ("country", "USA", 27), ("country", "VEN", 32), ("sanction", "oil", 37),
        ("function", "flag", 46), ("flag", "f", 51), ("global", "turn", 58)]


def test_static_value_for_calendar_checks() -> None:
    """Calendar-only conditions are evaluated without a state; others give None."""
    env = {"turn": 3.0, "year": 2019.0, "month": 1.0}
    assert static_value(parse("turn > 10"), env) == 0.0
    assert static_value(parse("turn > 10 and VEN.gdp > 0"), env) == 0.0
    assert static_value(parse("turn >= 3 or VEN.gdp > 0"), env) == 1.0
    assert static_value(parse("VEN.gdp > 0"), env) is None
    assert static_value(parse("year * 12 + month / 0"), env) == 2019 * 12


def test_evaluate_indicators_and_arithmetic_on_a_batch() -> None:
    """Indicators per game, arithmetic, x/0 = 0 and booleans as 0/1."""
    world = make_world()
    state = make_state(world, batch=3)
    ind = state.ind.copy()
    ind[:, VEN, COL["inflation"]] = [10.0, 2000.0, 5000.0]
    state = state.evolve(ind=ind, turn=2)
    cond = compile_condition("VEN.inflation > 1000 and turn >= 3", world)
    assert cond.text == "VEN.inflation > 1000 and turn >= 3"
    result = cond.evaluate(world, state)
    assert result.shape == (3,) and result.dtype == np.float64
    assert result.tolist() == [0.0, 1.0, 1.0]
    assert compile_condition("VEN.inflation / 0", world).evaluate(world, state).tolist() == [0] * 3
    assert compile_condition("-VEN.inflation / 10 + abs(-2) * 3", world).evaluate(
        world, state).tolist() == [5.0, -194.0, -494.0]
    assert compile_condition("not (1 == 2) or false", world).evaluate(world, state).tolist() == [
        1.0] * 3
    assert compile_condition("min(VEN.inflation, 100) + max(1, 2) - (3 != 3)", world).evaluate(
        world, state).tolist() == [12.0, 102.0, 102.0]


def test_evaluate_calendar_and_oil() -> None:
    """turn is 1-based (the turn being played); year/month follow the calendar."""
    world = make_world()
    state = make_state(world, batch=2).evolve(turn=2, oil_price=np.array([50.0, 80.0]))
    values = {text: compile_condition(text, world).evaluate(world, state).tolist()
              for text in ("turn", "year", "month", "oil_price")}
    assert values == {"turn": [3.0, 3.0], "year": [2019.0, 2019.0], "month": [1.0, 1.0],
                      "oil_price": [50.0, 80.0]}


def test_evaluate_relations_sanctions_deals_blocs() -> None:
    """Pair functions read the right cells; deal() looks both ways."""
    world = make_world()
    state = make_state(world, batch=2)
    deals = state.deals.copy()
    deals[1, TUR, VEN, DEAL_KINDS.index("gold_refining")] = 1.0
    sanctions = state.sanctions.copy()
    sanctions[0, USA, TUR, SANCTION_KINDS.index("secondary")] = 0.5
    state = state.evolve(deals=deals, sanctions=sanctions)

    def ev(text: str) -> list[float]:
        """Evaluate on the batch."""
        return list(compile_condition(text, world).evaluate(world, state).tolist())

    assert ev("deal(VEN, TUR, gold_refining)") == [0.0, 1.0]
    assert ev("sanction(USA, TUR, secondary)") == [0.5, 0.0]
    assert ev("sanctioned(USA, TUR, secondary)") == [1.0, 0.0]
    assert ev("sanctioned(USA, VEN, financial)") == [1.0, 1.0]
    assert ev("relation(VEN, USA)") == [state.relations[0, VEN, USA]] * 2
    assert ev("loans(VEN, CHN) - loans(CHN, VEN)") == [15.0, 15.0]
    assert ev("trade(VEN, CHN)") == [world.trade0[VEN, CHN]] * 2
    assert ev("member(CHN, BRICS) + member(VEN, BRICS) * 10") == [1.0, 1.0]
    assert ev("VEN.reserves > 0") == [1.0, 1.0]
    assert RUS != CHN


def test_evaluate_flags_events_moves() -> None:
    """flag(), fired() and played() read the state's bookkeeping arrays."""
    world = make_world()
    state = make_state(world, batch=2)
    flags = state.flags.copy()
    flags[1, 0] = True
    fired = state.fired.copy()
    fired[0, 0] = 2
    played = state.played.copy()
    played[1, USA, world.move_index("trade_embargo")] = 1
    state = state.evolve(flags=flags, fired=fired, played=played)

    def ev(text: str) -> list[float]:
        """Evaluate on the batch."""
        return list(compile_condition(text, world).evaluate(world, state).tolist())

    assert ev("flag(election_deal)") == [0.0, 1.0]
    assert ev("fired(gold_sector)") == [1.0, 0.0]
    assert ev("played(USA, trade_embargo)") == [0.0, 1.0]


def test_compile_refuses_unknown_names() -> None:
    """compile_condition raises the first name error."""
    world = make_world()
    with pytest.raises(ExprNameError) as info:
        compile_condition("VEN.gdp > 0 and member(VEN, BRIX)", world)
    assert info.value.message == "unknown bloc 'BRIX'; did you mean BRICS?"
    assert isinstance(info.value, ExprError)


EXPR_PIECES = st.sampled_from([
    "VEN.gdp", "USA.reserves", "turn", "year", "month", "oil_price", "relation(VEN, USA)",
    "deal(VEN, TUR, gold_refining)", "flag(election_deal)", "fired(gold_sector)", "1", "0", "2.5",
    "1e3", "true", "false", "+", "-", "*", "/", "<", "<=", "==", "!=", ">", ">=", "and", "or",
    "not",
    "(", ")", ",", "min(", "max(", "abs(", "VEN.", "xyz", "BRICS", "member(CHN, BRICS)", " ",
])


@settings(max_examples=300, deadline=None, derandomize=True)
@given(pieces=st.lists(EXPR_PIECES, max_size=25), noise=st.text(max_size=5))
def test_random_expressions_only_raise_expr_errors(pieces: list[str], noise: str) -> None:
    """Random token soup parses, fails with ExprError, or evaluates to a (B,) array."""
    world = make_world()
    state = make_state(world, batch=2)
    text = " ".join(pieces) + noise
    try:
        cond = compile_condition(text, world)
    except ExprError as exc:
        assert 0 <= exc.offset <= len(text)
        return
    with np.errstate(all="ignore"):
        value = cond.evaluate(world, state)
    assert value.shape == (2,)
