"""`new`: a new scenario file from a few questions, ready to validate, play and edit.

    python main.py new FILE.yaml [--answers ANSWERS.yaml] [--title T] [--id ID] [--date D]
                                 [--countries USA,TUR] [--roles USA,TUR] [--turns N]
                                 [--months-per-turn M]

Asks on the terminal for what the flags and the answers file do not give: the title, the date of
the story, the countries (ISO 3166 alpha-3 codes from the game's map, shown with their names),
the countries players can play, and the number of turns. Writes a scenario that starts with the
`yaml-language-server` comment naming the JSON Schema, validates with no errors and plays: every
country with neutral starting figures, relations and trade between every pair, two moves for each
role, one dated event and two objectives per role, each commented with what to replace. An
existing file is never overwritten.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from leverage.commands.args import positive_int

#: The questions, in the order they are asked: (answer key, question, hint).
QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("title", "Title of the scenario", "e.g. Pastor and Steel"),
    ("id", "Id (lower-case letters, digits and _)", "Enter for one made from the title"),
    ("date", "Date of the story (YYYY-MM-DD)", "the game starts in that month"),
    ("countries", "Countries (ISO alpha-3 codes, separated by commas)",
     "e.g. USA, TUR; ? lists every code"),
    ("roles", "Countries players can play (codes)", "Enter for all of them"),
    ("turns", "Number of turns (1-60)", "Enter for 8"),
    ("months_per_turn", "Months per turn (1-12)", "Enter for 3"),
)
ANSWER_KEYS: tuple[str, ...] = tuple(q[0] for q in QUESTIONS)
DEFAULTS: dict[str, str] = {"turns": "8", "months_per_turn": "3"}
MAX_COUNTRIES = 12
SCHEMA_NAME = "scenario.schema.json"
_ID_RE = re.compile(r"^[a-z0-9_]+$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class AnswerError(ValueError):
    """An answer that cannot be used, with the message that says why."""


@dataclass(frozen=True)
class Answers:
    """Everything the scaffold needs, checked."""

    title: str
    id: str
    date: str
    countries: tuple[tuple[str, str], ...]      # (code, name)
    roles: tuple[str, ...]
    turns: int
    months_per_turn: int


def add_new_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the `new` options to its sub-parser."""
    parser.add_argument("file", metavar="FILE", help="the scenario file to write (.yaml)")
    parser.add_argument("--answers", metavar="ANSWERS.yaml", default=None,
                        help="a YAML mapping with the answers (keys: " + ", ".join(ANSWER_KEYS)
                        + "), so nothing is asked")
    parser.add_argument("--title", default=None)
    parser.add_argument("--id", dest="id", default=None)
    parser.add_argument("--date", default=None, metavar="YYYY-MM-DD")
    parser.add_argument("--countries", default=None, metavar="CODES", help="e.g. USA,TUR")
    parser.add_argument("--roles", default=None, metavar="CODES",
                        help="the countries players can play (default: all)")
    parser.add_argument("--turns", type=positive_int, default=None)
    parser.add_argument("--months-per-turn", dest="months_per_turn", type=positive_int,
                        default=None)


# ---------------------------------------------------------------------------------- the answers

def known_countries() -> dict[str, str]:
    """The countries of the game's map: alpha-3 code -> name, in code order."""
    import numpy as np

    from leverage.resources import assets_dir

    with np.load(assets_dir() / "map" / "countries-110m.npz", allow_pickle=False) as npz:
        pairs = zip((str(c) for c in npz["codes"]), (str(n) for n in npz["names"]), strict=True)
        return dict(sorted(p for p in pairs if re.fullmatch(r"[A-Z]{3}", p[0])))


def make_id(title: str) -> str:
    """An id from a title: lower case, words joined by _."""
    words = re.findall(r"[a-z0-9]+", title.lower())
    return "_".join(words)[:40].strip("_") or "my_scenario"


def parse_title(text: str) -> str:
    """A title of 1 to 200 characters on one line."""
    text = text.strip()
    if not text:
        raise AnswerError("the title is empty; give a few words, e.g. Pastor and Steel")
    if len(text) > 200 or any(ord(c) < 32 for c in text):
        raise AnswerError("the title must be one line of at most 200 characters")
    return text


def parse_id(text: str) -> str:
    """An id: lower-case letters, digits and _."""
    text = text.strip()
    if not _ID_RE.match(text) or len(text) > 64:
        raise AnswerError(f"'{_short(text)}' is not an id: use lower-case letters, digits and _ "
                          "(at most 64), e.g. pastor_and_steel")
    return text


def parse_date(text: str) -> str:
    """A real date written YYYY-MM-DD, between 1900 and 2100."""
    text = text.strip()
    if not _DATE_RE.match(text):
        raise AnswerError(f"'{_short(text)}' is not a date: write YYYY-MM-DD, e.g. 2018-08-10")
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise AnswerError(f"'{text}' is not a real date (check the month and the day)") from None
    if not 1900 <= day.year <= 2100:
        raise AnswerError(f"'{text}': the year must be between 1900 and 2100")
    return text


def _codes(text: str | Sequence[Any]) -> list[str]:
    """The codes in an answer: a list, or text separated by commas or spaces."""
    items = [str(t) for t in text] if isinstance(text, (list, tuple)) else \
        re.split(r"[,\s]+", str(text))
    return [t.strip().upper() for t in items if t.strip()]


def parse_countries(text: str | Sequence[Any], known: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """Two to MAX_COUNTRIES different known codes, with their names."""
    from leverage.core.expr import did_you_mean

    codes = _codes(text)
    if len(codes) < 2:
        raise AnswerError("give at least two countries, as codes separated by commas, e.g. USA, TUR")
    if len(codes) > MAX_COUNTRIES:
        raise AnswerError(f"at most {MAX_COUNTRIES} countries, not {len(codes)}")
    by_name = {name.upper(): code for code, name in known.items()}
    for code in codes:
        if code not in known:
            hint = (f"; {by_name[code]} is {known[by_name[code]]}" if code in by_name
                    else did_you_mean(code, list(known)))
            raise AnswerError(f"'{_short(code)}' is not a country code of the map{hint} "
                              "(answer ? to list every code)")
    twice = sorted({c for c in codes if codes.count(c) > 1})
    if twice:
        raise AnswerError(f"{', '.join(twice)} is given more than once")
    return tuple((c, known[c]) for c in codes)


def parse_roles(text: str | Sequence[Any], countries: Sequence[str]) -> tuple[str, ...]:
    """One or more of the scenario's countries (empty text: all of them)."""
    codes = _codes(text)
    if not codes:
        return tuple(countries)
    for code in codes:
        if code not in countries:
            raise AnswerError(f"'{_short(code)}' is not one of the scenario's countries "
                              f"({', '.join(countries)})")
    return tuple(dict.fromkeys(codes))


def parse_whole(text: str | int, low: int, high: int, what: str) -> int:
    """A whole number from low to high."""
    try:
        value = int(str(text).strip())
    except ValueError:
        raise AnswerError(f"{what}: '{_short(str(text))}' is not a whole number") from None
    if not low <= value <= high:
        raise AnswerError(f"{what} must be from {low} to {high}, not {value}")
    return value


def _short(text: str) -> str:
    """Text cut to 40 characters, control characters escaped, for a message."""
    from leverage.files import printable

    return printable(text if len(text) <= 40 else text[:39] + "…")


class Asker:
    """Gets each answer: from the given ones, else from the terminal (asked again when bad)."""

    def __init__(self, given: dict[str, Any], inp: TextIO, out: TextIO,
                 known: dict[str, str]) -> None:
        """Answers already given, and where to ask for the others."""
        self.given = given
        self.inp = inp
        self.out = out
        self.known = known

    def get(self, key: str, parse: Callable[[Any], Any]) -> Any:
        """The parsed answer to `key`; AnswerError when a given answer is bad or input ends."""
        if self.given.get(key) is not None:
            try:
                return parse(self.given[key])
            except AnswerError as error:
                raise AnswerError(f"{key}: {error}") from None
        question, hint = next((q, h) for k, q, h in QUESTIONS if k == key)
        while True:
            self.out.write(f"{question} [{hint}]: ")
            self.out.flush()
            line = self.inp.readline()
            if not line:
                raise AnswerError(f"no answer to '{question}' (the input ended); give it with "
                                  f"--{key.replace('_', '-')} or in --answers FILE")
            text = line.strip()
            if text == "?" and key == "countries":
                self.out.write(", ".join(f"{c} {n}" for c, n in self.known.items()) + "\n")
                continue
            if not text and key in DEFAULTS:
                text = DEFAULTS[key]
            try:
                return parse(text)
            except AnswerError as error:
                self.out.write(f"  {error}\n")


def gather(given: dict[str, Any], inp: TextIO, out: TextIO) -> Answers:
    """Ask every question the given answers leave open, and check every answer.

    With no answers given, every question is asked; with some, only the required ones they miss
    (title, date, countries), the others taking their defaults."""
    known = known_countries()
    ask = Asker(given, inp, out, known)
    title = ask.get("title", lambda t: parse_title(str(t)))
    if given:  # answers given on the command line: the optional questions take their defaults
        ask.given = {"id": make_id(title), "roles": "", **DEFAULTS, **given}
    scenario_id = ask.get("id", lambda t: parse_id(str(t)) if str(t).strip() else make_id(title))
    date = ask.get("date", lambda t: parse_date(str(t)))
    countries = ask.get("countries", lambda t: parse_countries(t, known))
    out.write("  " + "; ".join(f"{c} {n}" for c, n in countries) + "\n")
    codes = [c for c, _ in countries]
    roles = ask.get("roles", lambda t: parse_roles(t, codes))
    turns = ask.get("turns", lambda t: parse_whole(t, 1, 60, "turns"))
    months = ask.get("months_per_turn", lambda t: parse_whole(t, 1, 12, "months_per_turn"))
    return Answers(title, scenario_id, date, countries, roles, turns, months)


def read_answers(path: str) -> dict[str, Any]:
    """The answers file: a mapping with known keys (AnswerError naming file:line:col if not)."""
    from leverage.scenario.errors import ScenarioError
    from leverage.scenario.loader import MAP, load_file

    try:
        doc = load_file(path)
    except ScenarioError as error:
        raise AnswerError(str(error.problems[0])) from None
    if doc.root.kind != MAP:
        raise AnswerError(f"{path}:{doc.root.line}:{doc.root.col}: the answers file is a mapping "
                          f"with the keys {', '.join(ANSWER_KEYS)}")
    from leverage.core.expr import did_you_mean

    for key, _ in doc.root.pairs:
        if key.text not in ANSWER_KEYS:
            raise AnswerError(f"{path}:{key.line}:{key.col}: unknown key '{_short(key.text)}'"
                              f"{did_you_mean(key.text, ANSWER_KEYS)} (keys: "
                              f"{', '.join(ANSWER_KEYS)})")
    data = doc.to_python()
    return {k: v for k, v in data.items() if v is not None}


# ---------------------------------------------------------------------------------- the file

def schema_reference(target: Path, repo: Path | None = None) -> tuple[str, Path | None]:
    """The `$schema` path to write in `target`, and a schema file to write beside it (or None).

    In a checkout (`repo`: its docs/scenario.schema.json) the path leads to that file; in an
    installed game the schema is written beside the new file (unless one is already there)."""
    from leverage.commands.schema import SCHEMA_FILE

    if repo is None:
        repo = Path(__file__).resolve().parents[2] / SCHEMA_FILE
    folder = target.resolve().parent
    if repo.is_file():
        return Path(os.path.relpath(repo, folder)).as_posix(), None
    beside = folder / SCHEMA_NAME
    return SCHEMA_NAME, (None if beside.exists() else beside)


def _quote(text: str) -> str:
    """A YAML double-quoted string."""
    import json

    return json.dumps(text, ensure_ascii=False)


def scenario_text(a: Answers, schema: str) -> str:
    """The scenario file for the answers."""
    start = a.date[:7]
    codes = [c for c, _ in a.countries]
    names = dict(a.countries)
    lines = [
        f"# yaml-language-server: $schema={schema}",
        f"# {a.title}: written by 'leverage new'. Every figure below is a neutral starting value:",
        "# replace it with the real one and name its source (docs/authoring.md,",
        "# docs/scenario-format.md). Check with: python main.py validate THIS_FILE --playtest",
        "format: 1",
        f"id: {a.id}",
        f"title: {_quote(a.title)}",
        "summary: >",
        f"  {_quote(a.title)[1:-1]}: what is at stake, in two or three sentences for the players.",
        f"date: {a.date}",
        "difficulty: medium",
        "authors: []",
        "licence: CC-BY-4.0",
        "calendar:",
        f"  start: {start}",
        f"  months_per_turn: {a.months_per_turn}",
        f"  turns: {a.turns}",
        "sources: []                     # the articles and data the scenario relies on",
        "countries:",
    ]
    for code in codes:
        lines += [
            f"  - code: {code}",
            f"    name: {_quote(names[code])}",
            "    capital: 3                  # political capital per turn",
            "    start:                      # names and units in docs/reference.md",
            "      gdp: 500                  # $bn",
            "      growth: 2                 # % a year",
            "      inflation: 4              # % a year",
            "      reserves_usd: 40          # $bn",
            "      stability: 60             # 0-100",
            "      population: 50            # millions",
        ]
    lines.append("relations:                      # -100 hostile .. 100 allied")
    pairs = [(x, y) for i, x in enumerate(codes) for y in codes[i + 1:]]
    lines += [f"  - {{between: [{x}, {y}], value: 0}}" for x, y in pairs]
    lines.append("trade:                          # exports in $bn a year, one direction")
    lines += [f"  - {{from: {x}, to: {y}, value: 5}}" for x in codes for y in codes if x != y]
    lines.append("moves:")
    for code in a.roles:
        lines += _moves_of(code)
    lines += _event_lines(a, codes)
    lines.append("roles:")
    for code in a.roles:
        lines += _role_lines(code, names[code])
    lines += ["questions:", "  - Who gained most, and what did it cost them?"]
    return "\n".join(lines) + "\n"


def _moves_of(code: str) -> list[str]:
    """Two moves for a role: a trade sanction on another country and a diplomatic visit."""
    low = code.lower()
    return [
        f"  - id: {low}_trade_sanctions",
        "    name: Impose trade sanctions",
        f"    by: [{code}]",
        "    target: [others]",
        "    cost: 2",
        "    kind: ongoing",
        "    summary: Restrict trade with the target until lifted.",
        "    effects:",
        "      - {sanction: trade, level: 0.5}",
        "      - {relation: -10}",
        f"  - id: {low}_state_visit",
        "    name: State visit",
        f"    by: [{code}]",
        "    target: [others]",
        "    cost: 1",
        "    summary: A visit that warms relations and raises trade.",
        "    effects:",
        "      - {relation: 10}",
    ]


def _event_lines(a: Answers, codes: Sequence[str]) -> list[str]:
    """One event, dated in the second turn (the first in a one-turn game), between the first
    two countries."""
    later = a.months_per_turn if a.turns >= 2 else 0
    year, month = int(a.date[:4]), int(a.date[5:7]) + later
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    first, second = codes[0], codes[1]
    return [
        "events:",
        "  - id: talks_announced",
        "    title: Talks are announced",
        "    text: Both governments say they will meet. Replace with a real event and its source.",
        f"    date: {year:04d}-{month:02d}",
        "    effects:",
        f"      - {{relation: 5, of: {first}, with: {second}}}",
    ]


def _role_lines(code: str, name: str) -> list[str]:
    """A role with two objectives, growth and stability, each half met at the neutral start (so
    the scaffold starts near balance: `validate --playtest` finds each role winning 20-60%)."""
    return [
        f"  {code}:",
        f"    title: {_quote('Government of ' + name)}",
        "    briefing: |",
        "      What this side wants, what it fears, and what it can do.",
        "    objectives:",
        "      - text: Keep the economy growing",
        f"        expr: {code}.growth",
        "        goal: 4",
        "        fail: 0",
        "      - text: Stay in power",
        f"        expr: {code}.stability",
        "        goal: 75",
        "        fail: 45",
        "    win: 50",
    ]


# ---------------------------------------------------------------------------------- the command

def _given_from(args: argparse.Namespace) -> dict[str, Any]:
    """The answers given on the command line (and in --answers; flags win)."""
    given: dict[str, Any] = {}
    if getattr(args, "answers", None):
        given.update(read_answers(args.answers))
    for key in ANSWER_KEYS:
        value = getattr(args, key, None)
        if value is not None:
            given[key] = value
    return given


def run_new(args: argparse.Namespace, out: TextIO, err: TextIO | None = None,
            inp: TextIO | None = None) -> int:
    """Carry out `new`: 0 when written, 1 when the file exists or cannot be written, 2 for bad
    answers."""
    err = err if err is not None else sys.stderr
    inp = inp if inp is not None else sys.stdin
    target = Path(args.file)
    refused = _refuse_target(target)
    if refused:
        err.write(f"leverage new: error: {refused}\n")
        return 1
    try:
        answers = gather(_given_from(args), inp, out)
    except AnswerError as error:
        err.write(f"leverage new: error: {error}\n")
        return 2
    except KeyboardInterrupt:
        err.write("\nleverage new: stopped; nothing was written.\n")
        return 130
    return _write(target, answers, out, err)


def _refuse_target(target: Path) -> str:
    """Why `target` cannot be written (empty text when it can)."""
    if target.suffix.lower() not in (".yaml", ".yml"):
        return f"{target}: a scenario file name ends in .yaml"
    if target.exists() or target.is_symlink():
        return f"{target} already exists; it was left as it is (choose another name)"
    if not target.parent.is_dir():
        return f"{target}: the folder '{target.parent}' does not exist"
    return ""


def _write(target: Path, answers: Answers, out: TextIO, err: TextIO) -> int:
    """Write the scenario (and the schema beside it when needed); never overwrite."""
    schema, beside = schema_reference(target)
    text = scenario_text(answers, schema)
    try:
        with open(target, "x", encoding="utf-8") as handle:   # "x": never overwrite
            handle.write(text)
        if beside is not None:
            from leverage.commands.schema import schema_text

            beside.write_text(schema_text(), encoding="utf-8")
    except FileExistsError:
        err.write(f"leverage new: error: {target} already exists; it was left as it is\n")
        return 1
    except OSError as error:
        err.write(f"leverage new: error: cannot write {target}: {error.strerror or error}\n")
        return 1
    out.write(f"Scenario written to {target}\n"
              f"Next: python main.py validate {target} --playtest\n"
              f"      python main.py simulate {target}\n")
    return 0
