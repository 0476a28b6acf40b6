"""Libraries of standard moves (`scenarios/library/*.yaml`) and `use:` with overrides."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from leverage.files import is_regular
from leverage.scenario.errors import ERROR, Problem, ScenarioError
from leverage.scenario.loader import Document, load_file
from leverage.scenario.schema import Library, Move, UseMove
from leverage.scenario.structure import validate

#: Fields a scenario may override when it takes in a library move.
OVERRIDABLE: tuple[str, ...] = ("by", "target", "cost", "when", "name", "summary")


@dataclass
class LoadedLibrary:
    """A library file: its document and model (None when it has structural errors)."""

    name: str
    path: str
    doc: Document | None
    library: Library | None
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class ResolvedMove:
    """A move as the scenario uses it, with where each part was written.

    For a library move, `doc`/`path` point into the library file and `use_doc`/`use_path` at the
    `use:` item in the scenario; `overrides` names the fields the scenario replaced.
    """

    move: Move
    doc: Document
    path: tuple[int | str, ...]
    use_doc: Document | None = None
    use_path: tuple[int | str, ...] = ()
    overrides: frozenset[str] = frozenset()

    @property
    def from_library(self) -> bool:
        """True for a move taken in with `use:`."""
        return self.use_doc is not None


def library_folder(scenario_path: str) -> str:
    """The folder where a scenario's libraries live: `library/` beside the scenario, or the
    shipped libraries when there is no such folder (a scenario in the user's own folder)."""
    beside = os.path.join(os.path.dirname(scenario_path), "library")
    if os.path.isdir(beside):
        return beside
    from leverage.resources import scenarios_dir

    try:
        return str(scenarios_dir() / "library")
    except OSError:  # an incomplete installation: report the folder beside the scenario
        return beside


def library_names(scenario_path: str) -> list[str]:
    """Names of the library files available to a scenario."""
    folder = library_folder(scenario_path)
    try:
        entries = sorted(os.listdir(folder))
    except OSError:
        return []
    return [e[: -len(".yaml")] for e in entries
            if e.endswith(".yaml") and is_regular(os.path.join(folder, e))]


def load_library(name: str, path: str) -> LoadedLibrary:
    """Load and structurally validate one library file."""
    try:
        doc = load_file(path)
    except ScenarioError as exc:
        return LoadedLibrary(name, path, None, None, list(exc.problems))
    data = doc.to_python()
    if not isinstance(data, dict) or "library" not in data:
        problem = Problem(path, doc.root.line, doc.root.col, ERROR,
                          "not a library file (it needs `format: 1`, `library: NAME`, `moves:`)")
        return LoadedLibrary(name, path, doc, None, [problem])
    library, problems = validate(doc, Library, data)
    return LoadedLibrary(name, path, doc, library, problems)


def resolve_use(
    item: UseMove, item_path: tuple[int | str, ...], scenario_doc: Document,
    found: tuple[Move, Document, tuple[int | str, ...]],
) -> ResolvedMove:
    """A library move with the scenario's overrides applied."""
    move, doc, path = found
    changes = {name: getattr(item, name) for name in OVERRIDABLE if getattr(item, name) is not None}
    merged = move.model_copy(update=changes)
    return ResolvedMove(merged, doc, path, scenario_doc, item_path, frozenset(changes))
