"""`reference`: the words and numbers of the model, written out from the code for authors.

    python main.py reference [--out FILE]
    python main.py reference --into docs/scenario-format.md

Lists every indicator (from `leverage/core/vocab.py`), every effect kind with its fields, ranges and
defaults (the effect models of `leverage/scenario/schema.py`), every sanction, deal and policy kind,
the names and functions of the condition language (`leverage/core/expr.py`), and every model
parameter with its default, the range the checker allows and its source (the comment beside it
in `leverage/core/params.py`). `docs/reference.md` is this command's output, and the end of
`docs/scenario-format.md` (between two marker lines) holds the same lists; tests keep both equal
to the code.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from leverage.commands.generated import write_generated

if TYPE_CHECKING:
    from pydantic.fields import FieldInfo

#: Where the generated reference is kept in the repository (relative to its root).
REFERENCE_FILE = Path("docs") / "reference.md"
#: A parameter line of `Params`: name, default and the comment that gives its source.
_PARAM_LINE = re.compile(r"^\s+([a-z_0-9]+): float = ([^#]+?)\s*#\s*(.*)$")
#: A section line of `Params`: `# --- trade (3, 4) ---`.
_SECTION_LINE = re.compile(r"^\s+# -+ (.+?) -+$")


@dataclass(frozen=True)
class ParamDoc:
    """One model parameter as the reference shows it."""

    section: str
    name: str
    default: float
    source: str


def param_docs() -> list[ParamDoc]:
    """Every parameter of `Params` in declaration order, with its section and source comment."""
    from leverage.core import params

    defaults = params.Params()
    section = ""
    found: dict[str, ParamDoc] = {}
    for line in inspect.getsource(params.Params).splitlines():
        heading = _SECTION_LINE.match(line)
        if heading:
            section = heading.group(1)
            continue
        entry = _PARAM_LINE.match(line)
        if entry and entry.group(1) in params.Params.names():
            name = entry.group(1)
            found[name] = ParamDoc(section, name, float(getattr(defaults, name)), entry.group(3))
    return [found.get(n, ParamDoc("", n, float(getattr(defaults, n)), ""))
            for n in params.Params.names()]


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ").strip()


def _number(value: float) -> str:
    """A number as short as it can be written exactly enough for a table."""
    return f"{value:g}"


def indicator_lines() -> list[str]:
    """The indicators: name, label, unit, range, stored or derived, meaning, what moves it."""
    from leverage.core.vocab import INDICATORS

    lines = ["## Indicators", "",
             "Per-country quantities, read in conditions as `CODE.name` (e.g. `VEN.inflation`). "
             "Stored ones can be set in a country's `start:` and changed by a `change:` effect; "
             "derived ones are worked out from the others and can only be read.", "",
             "| name | label | unit | range | kind | meaning | moved by |",
             "|---|---|---|---|---|---|---|"]
    for ind in INDICATORS:
        kind = "stored" if ind.stored else "derived"
        lines.append(f"| `{ind.name}` | {_cell(ind.label)} | {_cell(ind.unit)} | "
                     f"{_number(ind.low)} to {_number(ind.high)} | {kind} | "
                     f"{_cell(ind.meaning)} | {_cell(ind.moved_by)} |")
    return lines


def kind_lines() -> list[str]:
    """Sanction, deal and policy kinds with their meanings; payment systems; reserve assets."""
    from leverage.core import vocab

    lines: list[str] = []
    for title, words, meanings in (
        ("Sanction kinds", vocab.SANCTION_KINDS, vocab.SANCTION_MEANINGS),
        ("Deal kinds", vocab.DEAL_KINDS, vocab.DEAL_MEANINGS),
        ("Policy kinds", vocab.POLICY_KINDS, vocab.POLICY_MEANINGS),
    ):
        lines += ["", f"## {title}", "", "| kind | meaning |", "|---|---|"]
        lines += [f"| `{w}` | {_cell(meanings.get(w, ''))} |" for w in words]
    lines += goods_lines()
    lines += ["", "## Payment systems and reserve assets", "",
              "Payment systems (`home_payment`, the `pay_*` indicators): "
              + ", ".join(f"`{p}` ({vocab.PAYMENT_LABELS.get(p, p)})"
                          for p in vocab.PAYMENT_SYSTEMS) + ".",
              "", "Reserve assets: " + ", ".join(f"`{a}`" for a in vocab.RESERVE_ASSETS) + "."]
    return lines


def goods_lines() -> list[str]:
    """Product groups with their default shares, and measure kinds with their direction."""
    from leverage.core import vocab

    lines = ["", "## Product groups", "",
             "Trade split into goods (`goods:` shares; the `goods:` of a `measure` effect; the "
             "`price` effect). Default share: a pair's trade by group when the scenario gives "
             "none (world trade in 2018, WTO).", "",
             "| group | default share | what it holds |", "|---|---|---|"]
    lines += [f"| `{g}` | {_number(share)} | {_cell(vocab.GOODS_MEANINGS.get(g, ''))} |"
              for g, share in zip(vocab.GOODS, vocab.GOODS_DEFAULT_SHARES, strict=True)]
    lines += ["", "## Measure kinds", "",
              "A `measure` effect adds its amount to one of these, per product group, put by `by` "
              "on `on`; amounts stack and a negative amount lifts.", "",
              "| kind | acts on | highest | meaning |", "|---|---|---|---|"]
    for k, kind in enumerate(vocab.MEASURE_KINDS):
        side = "`on`'s exports to `by`" if vocab.MEASURE_ON_IMPORTS[k] else "`by`'s exports to `on`"
        lines.append(f"| `{kind}` | {side} | {_number(vocab.MEASURE_MAX[k])} | "
                     f"{_cell(vocab.MEASURE_MEANINGS.get(kind, ''))} |")
    return lines


#: What the value of each effect's key is (the key names the effect kind); a kind missing here
#: is shown with its field's type.
_EFFECT_VALUES: dict[str, str] = {
    "sanction": "a sanction kind", "deal": "a deal kind", "policy": "a policy kind",
    "change": "a stored indicator", "relation": "points on the -100..100 scale",
    "loan": "$bn", "freeze": "a reserve asset", "join": "a bloc id", "leave": "a bloc id",
    "flag": "a flag name (`[a-z0-9_]+`)", "measure": "a measure kind",
    "price": "a product group other than energy",
}
#: How a field with no default value is described.
_NO_DEFAULT: dict[str, str] = {"partner": "the other side", "borrower": "the other side"}


def _bounds(metadata: list[object]) -> str:
    """`0 to 1`, `more than 0 to 10000`, or an empty text, from a field's constraints."""
    low = high = None
    above = False
    for item in metadata:
        if hasattr(item, "ge"):
            low = item.ge
        elif hasattr(item, "gt"):
            low, above = item.gt, True
        if hasattr(item, "le"):
            high = item.le
    if low is None and high is None:
        return ""
    start = "" if low is None else f"{'more than ' if above else ''}{_number(float(low))}"
    end = "" if high is None else _number(float(high))
    return f"{start} to {end}" if start and end else (f"at least {start}" if start
                                                        else f"at most {end}")


def _effect_field(name: str, field: FieldInfo) -> str:
    """One optional field of an effect: `level` (0 to 1, default 1)."""
    info: list[str] = []
    bounds = _bounds(list(field.metadata))
    if bounds:
        info.append(bounds)
    if field.is_required():
        info.append("required")
    else:
        default = field.default
        if default is None:
            info.append(f"default {_NO_DEFAULT.get(name, 'none')}")
        elif isinstance(default, bool):
            info.append(f"default {str(default).lower()}")
        elif isinstance(default, (int, float)):
            info.append(f"default {_number(float(default))}")
        else:
            info.append(f"default {default}")
    return f"`{name}` ({', '.join(info)})"


def effect_lines() -> list[str]:
    """Every effect kind (from the effect models of `leverage/scenario/schema.py`): its key and what
    the key's value is, its other fields with ranges and defaults, and what it does."""
    from typing import get_args

    from leverage.scenario.schema import AnyEffect

    lines = ["", "## Effect kinds", "",
             "An effect (in a move's or an event's `effects`) is a mapping with exactly one of these "
             "keys. In a move, `self` is the country playing it and `target` its target; an event "
             "names every country with a code.", "",
             "| effect | other fields | what it does |", "|---|---|---|"]
    for model in get_args(AnyEffect):
        fields = list(model.model_fields.items())
        key, key_field = fields[0]
        value = _EFFECT_VALUES.get(key, getattr(key_field.annotation, "__name__", "value"))
        bounds = _bounds(list(key_field.metadata))
        value += f", {bounds}" if bounds else ""
        others = ", ".join(_effect_field(f.alias or n, f) for n, f in fields[1:])
        doc = (model.__doc__ or "").strip().splitlines()[0]
        lines.append(f"| `{key}: ...` ({_cell(value)}) | {_cell(others)} | {_cell(doc)} |")
    from leverage.scenario.schema import FREEZE_ASSETS

    lines += ["", "Reserve assets a `freeze` can name: "
              + ", ".join(f"`{a}`" for a in FREEZE_ASSETS) + "."]
    return lines


def expression_lines() -> list[str]:
    """The bare names and the functions of the condition language, with their arguments."""
    from leverage.core.expr import FUNCTIONS, GLOBALS

    lines = ["", "## Names and functions in conditions", "",
             "Bare names: " + ", ".join(f"`{g}`" for g in GLOBALS) + ". Functions (each argument "
             "is a country code, a bloc id, a kind, a flag, an event or move id, or a number):", ""]
    for name, kinds in FUNCTIONS.items():
        lines.append(f"- `{name}({', '.join(k.upper() for k in kinds)})`")
    return lines


def param_lines() -> list[str]:
    """Every model parameter: default, allowed range and source, grouped by section."""
    from leverage.core.params import COUNTRY_PARAMS
    from leverage.scenario.ranges import param_range

    lines = ["", "## Model parameters", "",
             "A scenario overrides any of them in its `model:` section (`model: {oil_price0: "
             "55.0}`); the checker refuses a value outside the range shown. \"[assumption]\" "
             "marks a value with no published source. Values are for turns of a quarter; other "
             "turn lengths convert them (`docs/model.md`, section 0).", ""]
    section = None
    for doc in param_docs():
        if doc.section != section:
            section = doc.section
            lines += ["", f"### {section or 'other'}", "",
                      "| parameter | default | range | source and meaning |", "|---|---|---|---|"]
        allowed = param_range(doc.name)
        own = "; also per country (a country's `model:`)" if doc.name in COUNTRY_PARAMS else ""
        lines.append(f"| `{doc.name}` | {_number(doc.default)} | {_number(allowed.low)} to "
                     f"{_number(allowed.high)} | {_cell(doc.source)}{own} |")
    return lines


def reference_lines() -> list[str]:
    """The lists, each under a `##` heading: indicators, effect kinds, kinds, the condition
    language and the model parameters."""
    return (indicator_lines() + effect_lines() + kind_lines() + expression_lines()
            + param_lines())


def reference_text() -> str:
    """The whole reference as Markdown, ending in a newline."""
    lines = ["# Reference: indicators, kinds and model parameters", "",
             "<!-- Generated by 'python main.py reference --out docs/reference.md' from "
             "leverage/core/vocab.py, leverage/scenario/schema.py, leverage/core/expr.py and "
             "leverage/core/params.py; do not edit. -->", "",
             "The words a scenario can use and the numbers the model starts from. "
             "The file format itself is in `docs/scenario-format.md`.", ""]
    lines += reference_lines()
    return "\n".join(lines) + "\n"


#: The lines around the generated part of `docs/scenario-format.md`.
FORMAT_FILE = Path("docs") / "scenario-format.md"
BEGIN_MARK = ("<!-- Generated from the code by 'python main.py reference --into "
              "docs/scenario-format.md': do not edit between these lines. -->")
END_MARK = "<!-- End of the generated lists. -->"


class MarkerError(ValueError):
    """A file without the markers (or with them out of order) that `--into` needs."""


def with_generated(text: str) -> str:
    """`text` (a Markdown file) with the part between the markers replaced by the lists, their
    headings one level down (`###`), so they sit under the file's own `##` heading."""
    start, end = text.find(BEGIN_MARK), text.find(END_MARK)
    if start < 0 or end < start:
        raise MarkerError(f"the file needs the line {BEGIN_MARK!r} and, after it, {END_MARK!r}")
    body = ["#" + line if line.startswith("##") else line for line in reference_lines()]
    inner = "\n".join(["", *body, ""]).replace("\n\n\n", "\n\n")
    return text[:start + len(BEGIN_MARK)] + "\n" + inner.lstrip("\n") + "\n" + text[end:]


def run_reference(out: str | None, stdout: TextIO, into: str | None = None) -> int:
    """Write the reference to `out` (or the standard output), or its lists into the marked part
    of `into`; 0 on success, 1 when it cannot."""
    if into is None:
        return write_generated(reference_text(), out, stdout, "reference", "Reference")
    from leverage.files import read_regular

    try:
        text = with_generated(read_regular(into, 1 << 22).decode("utf-8"))
    except (OSError, UnicodeDecodeError, MarkerError) as error:
        reason = getattr(error, "strerror", None) or error
        stdout.write(f"leverage reference: error: {into}: {reason}\n")
        return 1
    return write_generated(text, into, stdout, "reference", "The generated lists")
