"""Every image the README and the docs show is there."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_image_referenced_exists() -> None:
    """Markdown images in README.md and docs/*.md point at files in the repository."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    missing, seen = [], 0
    for page in pages:
        for target in re.findall(r"!\[[^\]]*\]\(([^)\s]+)", page.read_text(encoding="utf-8")):
            if "://" in target:
                continue
            seen += 1
            if not (page.parent / target).is_file():
                missing.append(f"{page.name}: {target}")
    assert seen >= 3, "the README shows the game's screens"
    assert not missing, missing
