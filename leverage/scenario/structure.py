"""Structural validation: a loaded Document against a pydantic model, errors mapped to positions."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from leverage.core.expr import did_you_mean
from leverage.scenario import schema
from leverage.scenario.errors import ERROR, Problem
from leverage.scenario.loader import MAP, Document, YNode

M = TypeVar("M", bound=BaseModel)

#: Every model of the format, to guess which one a mapping with an unknown key was meant to be.
ALL_MODELS: tuple[type[BaseModel], ...] = (
    schema.Sourced, schema.SanctionEffect, schema.DealEffect, schema.PolicyEffect,
    schema.ChangeEffect, schema.RelationEffect, schema.LoanEffect, schema.FreezeEffect,
    schema.JoinEffect, schema.LeaveEffect, schema.FlagEffect, schema.Move, schema.UseMove,
    schema.Event, schema.Objective, schema.Role, schema.HistoryMove, schema.HistoryEvent,
    schema.SeriesPoint, schema.History, schema.Source, schema.Country, schema.Bloc,
    schema.Relation, schema.Trade, schema.Loan, schema.SanctionInForce, schema.DealInForce,
    schema.Calendar, schema.Scenario, schema.Library,
)


def validate(doc: Document, model: type[M], data: Any) -> tuple[M | None, list[Problem]]:
    """Validate plain data against `model`; on failure, one problem per pydantic error."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems = [error_problem(doc, err, model) for err in exc.errors(include_url=False)]
        return None, sorted(set(problems))


def _field_name(loc: tuple[int | str, ...]) -> str:
    """The key an error is about (union tags and `[key]` markers skipped)."""
    for part in reversed(loc):
        if isinstance(part, str) and not part.startswith("~") and part != "[key]":
            return part
    return "value"


def _shown(value: Any) -> str:
    """A short description of a wrong value."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text '{value[:40]}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "nothing" if value is None else type(value).__name__


def _number(value: Any) -> str:
    """A limit or input number without a useless `.0`."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _guess_model(mapping: YNode, default: type[BaseModel]) -> list[str]:
    """Keys of the model a mapping most likely follows (the one sharing most of its keys)."""
    keys = {k.text for k, _ in mapping.pairs}
    best = default
    best_score = len(keys & set(schema.model_keys(default)))
    for model in ALL_MODELS:
        score = len(keys & set(schema.model_keys(model)))
        if score > best_score:
            best, best_score = model, score
    return schema.model_keys(best)


def error_problem(doc: Document, err: Any, model: type[BaseModel]) -> Problem:
    """Turn one pydantic error into a Problem at the right node."""
    loc: tuple[int | str, ...] = tuple(err["loc"])
    kind: str = err["type"]
    field = _field_name(loc)
    node, key = doc.locate(loc)
    value = err.get("input")
    ctx: dict[str, Any] = err.get("ctx") or {}
    at: YNode = node
    if loc and loc[-1] == "[key]" and key is not None:
        at = key
    if kind == "missing":
        parent, _ = doc.locate(loc[:-1])
        message = f"missing required key '{field}'"
        return Problem(doc.path, parent.line, parent.col, ERROR, message)
    if kind == "extra_forbidden":
        parent, _ = doc.locate(loc[:-1])
        at = key if key is not None else node
        allowed = _guess_model(parent, model) if parent.kind == MAP else []
        hint = did_you_mean(field, allowed)
        return Problem(doc.path, at.line, at.col, ERROR, f"unknown key '{field}'{hint}")
    if at.bool_word and kind in ("string_type", "literal_error"):
        message = (f"{at.text} is read as true/false by YAML; write \"{at.text}\" in quotes "
                   "if you mean the text")
        return Problem(doc.path, at.line, at.col, ERROR, message)
    return Problem(doc.path, at.line, at.col, ERROR, _message(kind, field, value, ctx, err))


def _message(kind: str, field: str, value: Any, ctx: dict[str, Any], err: Any) -> str:
    """The wording of a structural problem."""
    simple: dict[str, str] = {
        "string_type": f"{field} must be text, not {_shown(value)}",
        "int_type": f"{field} must be a whole number, not {_shown(value)}",
        "int_from_float": f"{field} must be a whole number, not {_shown(value)}",
        "float_type": f"{field} must be a number, not {_shown(value)}",
        "bool_type": f"{field} must be true or false, not {_shown(value)}",
        "finite_number": f"{field} must be a finite number",
        "list_type": f"{field} must be a list, not {_shown(value)}",
        "dict_type": f"{field} must be a mapping (key: value), not {_shown(value)}",
        "model_type": f"{field} must be a mapping (key: value), not {_shown(value)}",
        "model_attributes_type": f"{field} must be a mapping (key: value), not {_shown(value)}",
        "string_too_short": f"{field} must not be empty",
    }
    if kind in simple:
        return simple[kind]
    bounds = {"greater_than_equal": ("ge", "at least"), "less_than_equal": ("le", "at most"),
              "greater_than": ("gt", "more than"), "less_than": ("lt", "less than")}
    if kind in bounds:
        name, words = bounds[kind]
        return f"{field} must be {words} {_number(ctx.get(name))} (got {_number(value)})"
    if kind == "too_short":
        count = ctx.get("min_length", 1)
        return f"{field} needs at least {count} item{'s' if count != 1 else ''}"
    if kind == "string_too_long":
        size = len(value) if isinstance(value, str) else "more"
        return (f"{field} is {size} characters long; it takes at most {ctx.get('max_length')} "
                "characters: shorten it")
    if kind == "too_long":
        return f"{field} takes at most {ctx.get('max_length')} items"
    if kind == "string_pattern_mismatch":
        meaning = schema.PATTERN_MEANINGS.get(str(ctx.get("pattern")), "in the expected form")
        return f"'{value}' is not {meaning}"
    if kind == "literal_error":
        listed = str(ctx.get("expected", "")).replace("'", "")
        choices = [w.strip() for w in listed.replace(" or ", ",").split(",") if w.strip()]
        hint = did_you_mean(str(value), choices) if isinstance(value, str) else ""
        return f"{field} must be one of {', '.join(choices)}, not {_shown(value)}{hint}"
    if kind == "effect":
        return str(err.get("msg", "bad effect"))
    if kind == "value_error":
        text = str(err.get("msg", ""))
        return text.removeprefix("Value error, ")
    return f"{field}: {err.get('msg', 'invalid value')}"
