"""`reference`: the words and numbers of the model, written out from the code for authors.

    python main.py reference [--out FILE]

Lists every indicator (from `game/core/vocab.py`), every sanction, deal and policy kind, the names
and functions of the condition language (`game/core/expr.py`), and every model parameter with its
default, the range the checker allows and its source (the comment beside it in
`game/core/params.py`). `docs/reference.md` is this command's output; a test keeps the two equal.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from game.commands.generated import write_generated

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
    from game.core import params

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
    from game.core.vocab import INDICATORS

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
    from game.core import vocab

    lines: list[str] = []
    for title, words, meanings in (
        ("Sanction kinds", vocab.SANCTION_KINDS, vocab.SANCTION_MEANINGS),
        ("Deal kinds", vocab.DEAL_KINDS, vocab.DEAL_MEANINGS),
        ("Policy kinds", vocab.POLICY_KINDS, vocab.POLICY_MEANINGS),
    ):
        lines += ["", f"## {title}", "", "| kind | meaning |", "|---|---|"]
        lines += [f"| `{w}` | {_cell(meanings.get(w, ''))} |" for w in words]
    lines += ["", "## Payment systems and reserve assets", "",
              "Payment systems (`home_payment`, the `pay_*` indicators): "
              + ", ".join(f"`{p}` ({vocab.PAYMENT_LABELS.get(p, p)})"
                          for p in vocab.PAYMENT_SYSTEMS) + ".",
              "", "Reserve assets: " + ", ".join(f"`{a}`" for a in vocab.RESERVE_ASSETS) + "."]
    return lines


def expression_lines() -> list[str]:
    """The bare names and the functions of the condition language, with their arguments."""
    from game.core.expr import FUNCTIONS, GLOBALS

    lines = ["", "## Names and functions in conditions", "",
             "Bare names: " + ", ".join(f"`{g}`" for g in GLOBALS) + ". Functions (each argument "
             "is a country code, a bloc id, a kind, a flag, an event or move id, or a number):", ""]
    for name, kinds in FUNCTIONS.items():
        lines.append(f"- `{name}({', '.join(k.upper() for k in kinds)})`")
    return lines


def param_lines() -> list[str]:
    """Every model parameter: default, allowed range and source, grouped by section."""
    from game.scenario.ranges import param_range

    lines = ["", "## Model parameters", "",
             "A scenario overrides any of them in its `model:` section (`model: {oil_price0: "
             "55.0}`); the checker refuses a value outside the range shown. \"[assumption]\" "
             "marks a value with no published source.", ""]
    section = None
    for doc in param_docs():
        if doc.section != section:
            section = doc.section
            lines += ["", f"### {section or 'other'}", "",
                      "| parameter | default | range | source and meaning |", "|---|---|---|---|"]
        allowed = param_range(doc.name)
        lines.append(f"| `{doc.name}` | {_number(doc.default)} | {_number(allowed.low)} to "
                     f"{_number(allowed.high)} | {_cell(doc.source)} |")
    return lines


def reference_text() -> str:
    """The whole reference as Markdown, ending in a newline."""
    lines = ["# Reference: indicators, kinds and model parameters", "",
             "<!-- Generated by 'python main.py reference --out docs/reference.md' from "
             "game/core/vocab.py, game/core/expr.py and game/core/params.py; do not edit. -->", "",
             "The words a scenario can use and the numbers the model starts from. "
             "The file format itself is in `docs/scenario-format.md`.", ""]
    lines += indicator_lines() + kind_lines() + expression_lines() + param_lines()
    return "\n".join(lines) + "\n"


def run_reference(out: str | None, stdout: TextIO) -> int:
    """Write the reference to `out` (or the standard output); 0 on success, 1 when it cannot."""
    return write_generated(reference_text(), out, stdout, "reference", "Reference")
