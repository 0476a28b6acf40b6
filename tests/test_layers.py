"""The layering rules of docs/architecture.md, checked on the real package."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_core_import_leaves_pygame_and_yaml_out() -> None:
    """Importing every core module loads neither pygame nor yaml."""
    modules = sorted(p.stem for p in (ROOT / "leverage" / "core").glob("*.py") if p.stem != "__init__")
    code = (
        "import sys\n"
        + "".join(f"import leverage.core.{m}\n" for m in modules)
        + "bad = [m for m in ('pygame', 'pygame_gui', 'yaml') if m in sys.modules]\n"
        + "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


def _imports(path: Path) -> set[str]:
    """Top-level package names imported anywhere in `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_lower_layers_do_not_import_higher_ones() -> None:
    """core imports nothing above it; scenario never imports session or ui; session never ui."""
    rules = {
        "core": ("leverage.scenario", "leverage.session", "leverage.ui", "leverage.report", "leverage.commands"),
        "scenario": ("leverage.session", "leverage.ui", "leverage.report"),
    }
    for folder, forbidden in rules.items():
        for path in (ROOT / "leverage" / folder).glob("*.py"):
            for name in _imports(path):
                assert not name.startswith(forbidden), f"{path.name} imports {name}"
    for name in _imports(ROOT / "leverage" / "session.py"):
        assert not name.startswith("leverage.ui"), f"session.py imports {name}"


def test_cli_usage_error_exits_2() -> None:
    """A wrong argument gets a message and exit status 2, never a traceback."""
    out = subprocess.run(
        [sys.executable, "main.py", "simulate"], capture_output=True, text=True, cwd=ROOT
    )
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert "--help" in out.stderr
