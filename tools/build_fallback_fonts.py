"""Build the game's wide-coverage fonts: Noto Sans with Arabic, common Chinese and emoji merged in.

pygame's text rendering and pygame_gui have no glyph fallback (a character missing from the font
shows as an empty box), so the fallbacks are merged into one font file per weight:

- Latin, Greek, Cyrillic: Noto Sans (assets/fonts/NotoSans-{Regular,Bold}.ttf, from Debian);
- Arabic: Noto Sans Arabic, whole;
- Chinese and Japanese kana: Noto Sans SC, subset to the 3,755 most common Chinese characters
  (GB 2312 level 1), the kana, CJK punctuation and full-width forms;
- emoji: Noto Emoji (monochrome), whole, scaled to 1000 units per em.

The Noto fonts come from the npm packages @expo-google-fonts/noto-sans-arabic, noto-sans-sc and
noto-emoji (static TTF files from Google Fonts, SIL Open Font License 1.1):

    npm pack @expo-google-fonts/noto-sans-arabic @expo-google-fonts/noto-sans-sc \\
        @expo-google-fonts/noto-emoji
    for f in *.tgz; do mkdir -p "${f%.tgz}" && tar xzf "$f" -C "${f%.tgz}"; done
    pip install fonttools   # a tool only; the game does not need it
    python tools/build_fallback_fonts.py --packages .

Writes assets/fonts/NotoSansWide-{Regular,Bold}.ttf.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "assets" / "fonts"
#: Tables a merge cannot combine (vertical metrics, style attributes, baselines): left out.
DROPPED_TABLES = ("vhea", "vmtx", "STAT", "BASE", "DSIG")
#: Kana, CJK punctuation, full-width forms.
CJK_RANGES = ((0x3000, 0x303F), (0x3040, 0x30FF), (0xFF00, 0xFFEF))


def common_hanzi() -> list[int]:
    """The 3,755 level-1 characters of GB 2312 (the most common simplified Chinese)."""
    found = []
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                found.append(ord(bytes((high, low)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return found


def subset(path: Path, unicodes: list[int] | None, out: Path, keep_layout: bool) -> Path:
    """A copy of a font with only `unicodes` (all when None), no hinting, no vertical tables."""
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    font = TTFont(path)
    options = ft_subset.Options()
    options.hinting = False
    options.drop_tables += list(DROPPED_TABLES)
    options.layout_features = ["*"] if keep_layout else []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes if unicodes is not None else list(font.getBestCmap()))
    subsetter.subset(font)
    if font["head"].unitsPerEm != 1000:
        from fontTools.ttLib.scaleUpem import scale_upem

        scale_upem(font, 1000)
    font.save(out)
    return out


def merge(parts: list[Path], out: Path, family: str, style: str) -> None:
    """Merge fonts (the first one's metrics and names win) and name the result."""
    from fontTools.merge import Merger
    from fontTools.ttLib import TTFont

    merged: Any = Merger().merge([str(p) for p in parts])
    keep_line_height(merged, TTFont(parts[0]))
    names = merged["name"]
    for record_id, text in ((1, family), (2, style), (4, f"{family} {style}"),
                            (6, f"{family.replace(' ', '')}-{style}")):
        names.setName(text, record_id, 3, 1, 0x409)
        names.setName(text, record_id, 1, 0, 0)
    merged.save(out)


def keep_line_height(merged: Any, latin: Any) -> None:
    """The merged font keeps Noto Sans's ascent, descent and line gap (a merge takes the largest
    of all parts, which would space every line of the game out by half)."""
    for attr in ("ascent", "descent", "lineGap"):
        setattr(merged["hhea"], attr, getattr(latin["hhea"], attr))
    for attr in ("sTypoAscender", "sTypoDescender", "sTypoLineGap", "usWinAscent",
                 "usWinDescent"):
        setattr(merged["OS/2"], attr, getattr(latin["OS/2"], attr))


def build(weight: str, packages: Path, work: Path) -> Path:
    """One weight ('Regular' or 'Bold') of the wide font."""
    number = "400Regular" if weight == "Regular" else "700Bold"
    sources = {
        "arabic": next(packages.glob(f"*noto-sans-arabic*/package/{number}/*.ttf")),
        "sc": next(packages.glob(f"*noto-sans-sc*/package/{number}/*.ttf")),
        "emoji": next(packages.glob(f"*noto-emoji*/package/{number}/*.ttf")),
    }
    cjk = common_hanzi() + [c for low, high in CJK_RANGES for c in range(low, high + 1)]
    parts = [
        subset(OUT_DIR / f"NotoSans-{weight}.ttf", None, work / "latin.ttf", keep_layout=True),
        subset(sources["arabic"], None, work / "arabic.ttf", keep_layout=True),
        subset(sources["sc"], cjk, work / "sc.ttf", keep_layout=False),
        subset(sources["emoji"], None, work / "emoji.ttf", keep_layout=False),
    ]
    out = OUT_DIR / f"NotoSansWide-{weight}.ttf"
    merge(parts, out, "Noto Sans Wide", weight)
    return out


def main() -> None:
    """Build both weights."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", type=Path, required=True,
                        help="folder holding the unpacked @expo-google-fonts packages")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for weight in ("Regular", "Bold"):
            work = Path(tmp) / weight
            work.mkdir()
            out = build(weight, args.packages, work)
            print(f"{out.name}: {out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
