"""Docs written from the code stay equal to it, and the docs name only files that exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.commands.reference import REFERENCE_FILE, param_docs, reference_text
from game.core.params import Params
from game.core.vocab import DEAL_KINDS, INDICATORS, POLICY_KINDS, SANCTION_KINDS

ROOT = Path(__file__).resolve().parents[1]
DOCS = ["README.md", *(str(p.relative_to(ROOT)) for p in sorted((ROOT / "docs").glob("*.md")))]
#: Folders a short path in the docs may be relative to.
BASES = ("", "docs", "scenarios", "game/ui", "game")
PATH_IN_BACKTICKS = re.compile(r"`([A-Za-z0-9_./-]+/[A-Za-z0-9_.-]+\.(?:py|yaml|md|json|txt|npz))`")


def test_committed_reference_is_the_generated_one() -> None:
    """docs/reference.md equals what `reference` writes now (run it after changing the model)."""
    assert (ROOT / REFERENCE_FILE).read_text(encoding="utf-8") == reference_text(), (
        "docs/reference.md is out of date: run 'python main.py reference --out docs/reference.md'")


def test_reference_lists_every_word_and_parameter() -> None:
    """Every indicator, kind and parameter has its row; every parameter has a source comment."""
    text = reference_text()
    for name in [i.name for i in INDICATORS] + list(SANCTION_KINDS + DEAL_KINDS + POLICY_KINDS):
        assert f"| `{name}` |" in text, name
    docs = param_docs()
    assert [d.name for d in docs] == list(Params.names())
    assert all(d.source and d.section for d in docs), [d.name for d in docs if not d.source]
    assert "| `oil_price0` | 71 | 1 to 1000 | Brent $/bbl at the start" in text


def test_format_doc_links_the_reference_and_says_when_conditions_are_read() -> None:
    """scenario-format.md points at the reference and says what a condition sees."""
    text = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    assert "`docs/reference.md`" in text
    assert "reads the state at the start of the turn" in text
    assert "cannot prevent an event the same turn" in text


@pytest.mark.parametrize("doc", DOCS)
def test_docs_name_only_files_that_exist(doc: str) -> None:
    """Every file path the docs name exists (examples named my_... excepted)."""
    text = (ROOT / doc).read_text(encoding="utf-8")
    missing = [p for p in PATH_IN_BACKTICKS.findall(text) if "my_" not in p
               and not any((ROOT / base / p).exists() for base in BASES)]
    assert not missing, missing
