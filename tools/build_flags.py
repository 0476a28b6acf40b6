"""Convert flag-icons' 4x3 SVG flags to PNG files named by ISO 3166 alpha-3 code.

Needs a full SVG renderer (pygame's own loader drops <use> elements, losing the stars of
Venezuela, China and the United States):

    apt-get install -y librsvg2-bin
    mkdir -p /tmp/npm-assets && cd /tmp/npm-assets && npm install flag-icons i18n-iso-countries
    python tools/build_flags.py --modules /tmp/npm-assets/node_modules --sheet /tmp/flags.png

Writes assets/flags/<W>x<H>/<CODE>.png for every country of the shipped map plus the EU flag
(as EU.png), and the flag-icons licence. --sheet also composes a contact sheet to look at.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "assets" / "flags"
SIZES = ((48, 36), (160, 120))
EXTRA = {"EU": "eu", "XKX": "xk"}  # codes beyond ISO 3166-1 that have a flag-icons file
REQUIRED = ("VEN USA RUS TUR CHN BRA CHE GBR IND ZAF IRN CUB COL MEX ARE DEU FRA EU").split()


def alpha2_table(modules: Path) -> dict[str, str]:
    """alpha-3 -> lower-case alpha-2, read from i18n-iso-countries' codes.json."""
    rows = json.loads((modules / "i18n-iso-countries" / "codes.json").read_text(encoding="utf-8"))
    table = {row[1]: row[0].lower() for row in rows}
    table.update(EXTRA)
    return table


def wanted_codes() -> list[str]:
    """The countries of the shipped map plus the required extra flags, sorted."""
    with np.load(ROOT / "assets" / "map" / "countries-110m.npz") as data:
        codes = {str(c) for c in data["codes"]}
    return sorted(codes | set(REQUIRED))


def convert(svg: Path, png: Path, size: tuple[int, int]) -> None:
    """Render one SVG file to a PNG of exactly `size` pixels with rsvg-convert."""
    png.parent.mkdir(parents=True, exist_ok=True)
    cmd = ["rsvg-convert", "-w", str(size[0]), "-h", str(size[1]), "-o", str(png), str(svg)]
    subprocess.run(cmd, check=True)


def contact_sheet(paths: list[Path], out: Path, columns: int = 16) -> None:
    """Compose all large flags with their codes into one PNG, using pygame."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    pygame.font.init()
    font = pygame.font.Font(None, 20)
    cell_w, cell_h = 170, 146
    rows = (len(paths) + columns - 1) // columns
    sheet = pygame.Surface((columns * cell_w, rows * cell_h))
    sheet.fill((90, 96, 110))
    for i, path in enumerate(paths):
        x, y = (i % columns) * cell_w + 5, (i // columns) * cell_h + 4
        sheet.blit(pygame.image.load(str(path)), (x, y))
        sheet.blit(font.render(path.stem, True, (255, 255, 255)), (x, y + 122))
    pygame.image.save(sheet, str(out))


def main() -> None:
    """Convert the flags, copy the licence and optionally write the contact sheet."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", type=Path, default=Path("/tmp/npm-assets/node_modules"))
    parser.add_argument("--sheet", type=Path, help="also write a contact sheet PNG here")
    args = parser.parse_args()
    svg_dir = args.modules / "flag-icons" / "flags" / "4x3"
    table = alpha2_table(args.modules)
    shutil.rmtree(OUT_DIR, ignore_errors=True)
    done, missing = [], []
    for code in wanted_codes():
        svg = svg_dir / f"{table.get(code, '?')}.svg"
        if not svg.exists():
            missing.append(code)
            continue
        for w, h in SIZES:
            convert(svg, OUT_DIR / f"{w}x{h}" / f"{code}.png", (w, h))
        done.append(code)
    shutil.copyfile(args.modules / "flag-icons" / "LICENSE", OUT_DIR / "LICENSE-flag-icons.txt")
    size = sum(p.stat().st_size for p in OUT_DIR.rglob("*.png"))
    print(f"{len(done)} flags x {len(SIZES)} sizes, {size} bytes; no flag for: {missing}")
    if args.sheet:
        w, h = SIZES[-1]
        contact_sheet([OUT_DIR / f"{w}x{h}" / f"{c}.png" for c in done], args.sheet)
        print(f"contact sheet: {args.sheet}")


if __name__ == "__main__":
    main()
