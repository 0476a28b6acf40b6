"""Docs written from the code stay equal to it, and the docs name only files that exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from leverage.commands.reference import REFERENCE_FILE, param_docs, reference_text
from leverage.core.params import Params
from leverage.core.vocab import DEAL_KINDS, INDICATORS, POLICY_KINDS, SANCTION_KINDS

ROOT = Path(__file__).resolve().parents[1]
DOCS = ["README.md", *(str(p.relative_to(ROOT)) for p in sorted((ROOT / "docs").glob("*.md")))]
#: Folders a short path in the docs may be relative to.
BASES = ("", "docs", "scenarios", "leverage/ui", "leverage")
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


def test_format_doc_lists_are_the_generated_ones() -> None:
    """The end of docs/scenario-format.md holds the lists as the code makes them now: every
    indicator, effect kind, kind and parameter (with default, range and source)."""
    from leverage.commands.reference import FORMAT_FILE, with_generated
    from leverage.scenario.schema import EFFECT_KINDS

    text = (ROOT / FORMAT_FILE).read_text(encoding="utf-8")
    assert text == with_generated(text), (
        "docs/scenario-format.md is out of date: run "
        "'python main.py reference --into docs/scenario-format.md'")
    lists = text[text.index("## Lists generated from the code"):]
    for name in [i.name for i in INDICATORS] + list(SANCTION_KINDS + DEAL_KINDS + POLICY_KINDS):
        assert f"| `{name}` |" in lists, name
    for kind in EFFECT_KINDS:
        assert f"| `{kind}: ...` (" in lists, kind
    for doc in param_docs():
        assert f"| `{doc.name}` | " in lists, doc.name
    assert "| `level` (0 to 1, default 1), `by` (default self), `on` (default target) |" in lists


def test_reference_into_rewrites_only_the_marked_part(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """`reference --into FILE` replaces what lies between the markers and keeps the rest; a file
    without the markers is refused with a message."""
    from leverage.cli import main
    from leverage.commands.reference import BEGIN_MARK, END_MARK

    doc = tmp_path / "doc.md"
    doc.write_text(f"# Mine\n\nbefore\n{BEGIN_MARK}\nstale lists\n{END_MARK}\nafter\n",
                   encoding="utf-8")
    assert main(["reference", "--into", str(doc)]) == 0
    text = doc.read_text(encoding="utf-8")
    assert text.startswith(f"# Mine\n\nbefore\n{BEGIN_MARK}\n### Indicators\n")
    assert text.endswith(f"\n{END_MARK}\nafter\n") and "stale lists" not in text
    assert "### Effect kinds" in text and "### Model parameters" in text
    plain = tmp_path / "plain.md"
    plain.write_text("# No markers\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["reference", "--into", str(plain)]) == 1
    assert "the file needs the line" in capsys.readouterr().out
    assert plain.read_text(encoding="utf-8") == "# No markers\n"
