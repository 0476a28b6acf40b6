"""Colours and the pygame_gui theme: a normal palette, a colour-blind-safe one, and UI scaling.

`Palette` names every colour the screens draw with; `relation_colour(score)` maps a relation
(-100 hostile .. +100 allied) onto a colour scale.  `build_theme(scale, palette)` reads
`assets/theme/theme.json`, scales its font sizes and returns the dict pygame_gui accepts.
"""

from __future__ import annotations

import copy
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from leverage.resources import assets_dir

RGB = tuple[int, int, int]

#: The theme file and the fonts folder, inside the shipped assets folder.
THEME_FILE = Path("theme") / "theme.json"
FONT_DIR = Path("fonts")

#: The font family named in theme.json; pygame_gui bundles a Noto Sans under this name.
FONT_NAME = "noto_sans"
#: The name the shipped Noto Sans files in assets/fonts are registered under.
SHIPPED_FONT_NAME = "leverage_sans"


def hex_rgb(text: str) -> RGB:
    """Parse '#rrggbb' into an (r, g, b) tuple."""
    text = text.lstrip("#")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def rgb_hex(colour: RGB) -> str:
    """Format an (r, g, b) tuple as '#rrggbb'."""
    return "#{:02x}{:02x}{:02x}".format(*colour)


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """Blend colour a toward colour b by t in 0..1."""
    t = min(1.0, max(0.0, t))
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


@dataclass(frozen=True)
class Palette:
    """Named colours for custom drawing (map, charts, panels) plus the relation scale."""

    name: str
    bg: RGB = (18, 22, 30)
    panel: RGB = (28, 34, 46)
    panel_alt: RGB = (36, 44, 58)
    border: RGB = (64, 76, 96)
    text: RGB = (230, 234, 240)
    text_dim: RGB = (160, 170, 186)
    accent: RGB = (86, 156, 214)
    focus: RGB = (255, 200, 60)
    good: RGB = (96, 190, 120)
    bad: RGB = (226, 92, 84)
    warn: RGB = (232, 170, 60)
    neutral: RGB = (150, 150, 160)
    grid: RGB = (52, 60, 76)
    sea: RGB = (16, 28, 44)
    land: RGB = (48, 54, 64)
    land_highlight: RGB = (74, 84, 100)
    history: RGB = (240, 240, 240)
    #: Relation scale stops: hostile, cool, neutral, warm, allied (-100, -50, 0, 50, 100).
    relation_stops: tuple[RGB, ...] = (
        (214, 48, 49), (236, 132, 60), (170, 170, 170), (102, 186, 140), (46, 160, 90))
    #: Series colours for charts, in order.
    series: tuple[RGB, ...] = field(default=(
        (86, 156, 214), (232, 170, 60), (96, 190, 120), (226, 92, 84),
        (180, 130, 220), (80, 200, 200), (230, 120, 180), (200, 200, 90)))

    def relation_colour(self, score: float) -> RGB:
        """Colour for a relation score from -100 (hostile) to +100 (allied)."""
        x = (min(100.0, max(-100.0, float(score))) + 100.0) / 200.0 * (len(self.relation_stops) - 1)
        low = min(int(x), len(self.relation_stops) - 2)
        return mix(self.relation_stops[low], self.relation_stops[low + 1], x - low)

    def series_colour(self, k: int) -> RGB:
        """The k-th chart series colour (cycles)."""
        return self.series[k % len(self.series)]

    def sign_colour(self, value: float) -> RGB:
        """Good for positive, bad for negative, neutral for zero."""
        if value > 0:
            return self.good
        if value < 0:
            return self.bad
        return self.neutral


def normal_palette() -> Palette:
    """The default palette."""
    return Palette(name="normal")


def colour_blind_palette() -> Palette:
    """Okabe-Ito colours: distinguishable with every common colour-vision deficiency."""
    return Palette(
        name="colour-blind",
        accent=(86, 180, 233),          # sky blue
        good=(0, 158, 115),             # bluish green
        bad=(213, 94, 0),               # vermillion
        warn=(230, 159, 0),             # orange
        focus=(240, 228, 66),           # yellow
        relation_stops=((213, 94, 0), (230, 159, 0), (170, 170, 170), (86, 180, 233),
                        (0, 114, 178)),
        series=((86, 180, 233), (230, 159, 0), (0, 158, 115), (213, 94, 0),
                (204, 121, 167), (0, 114, 178), (240, 228, 66), (200, 200, 200)),
    )


def palette_for(colour_blind: bool) -> Palette:
    """The palette the settings ask for."""
    return colour_blind_palette() if colour_blind else normal_palette()


def font_paths() -> dict[str, str]:
    """Paths of the shipped Noto Sans files that exist (regular, bold, italic, bold_italic)."""
    names = {  # the wide fonts (Arabic, Chinese, emoji merged in) first, then plain Noto Sans
        "regular": ("NotoSansWide-Regular.ttf", "NotoSans-Regular.ttf"),
        "bold": ("NotoSansWide-Bold.ttf", "NotoSans-Bold.ttf"),
        "italic": ("NotoSans-Italic.ttf",),
        "bold_italic": ("NotoSans-BoldItalic.ttf",),
    }
    found: dict[str, str] = {}
    try:
        folder = assets_dir() / FONT_DIR
    except OSError:  # an incomplete installation: pygame_gui's own font is used
        return found
    for style, choices in names.items():
        path = next((folder / n for n in choices if (folder / n).is_file()), None)
        if path is not None:
            found[style] = str(path)
    return found


def font_name() -> str:
    """The font family name the theme uses (for HTML text: <font face=...>)."""
    return SHIPPED_FONT_NAME if "regular" in font_paths() else FONT_NAME


def load_theme_file(path: Path | None = None) -> dict[str, Any]:
    """Read the theme JSON (the shipped one by default; an empty theme if missing or broken)."""
    try:
        path = path if path is not None else assets_dir() / THEME_FILE
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _scale_fonts(node: Any, scale: float, paths: dict[str, str]) -> None:
    """Scale every "size" inside "font" blocks and point them at the shipped font files."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "font" and isinstance(value, dict):
                size = float(value.get("size", 14))
                value["size"] = str(max(6, round(size * scale)))
                value.setdefault("name", FONT_NAME)
                if "regular" in paths and value.get("name") == FONT_NAME:
                    value["name"] = SHIPPED_FONT_NAME
                    value.setdefault("regular_path", paths["regular"])
                    value.setdefault("bold_path", paths.get("bold", paths["regular"]))
                    value.setdefault("italic_path", paths.get("italic", paths["regular"]))
                    value.setdefault("bold_italic_path",
                                     paths.get("bold_italic", paths.get("bold", paths["regular"])))
            else:
                _scale_fonts(value, scale, paths)
    elif isinstance(node, list):
        for item in node:
            _scale_fonts(item, scale, paths)


def _apply_palette(theme: dict[str, Any], palette: Palette) -> None:
    """Recolour the palette-dependent theme entries (status labels, focus, accents)."""
    entries = {
        "#good": palette.good, "#bad": palette.bad, "#warn": palette.warn,
        "#accent": palette.accent,
    }
    for object_id, colour in entries.items():
        block = theme.setdefault(object_id, {})
        block.setdefault("colours", {})["normal_text"] = rgb_hex(colour)
    primary = theme.setdefault("#primary", {}).setdefault("colours", {})
    primary["normal_bg"] = rgb_hex(mix(palette.accent, (0, 0, 0), 0.35))
    primary["hovered_bg"] = rgb_hex(mix(palette.accent, (0, 0, 0), 0.15))
    primary["selected_bg"] = rgb_hex(palette.accent)
    primary["active_bg"] = rgb_hex(palette.accent)


def _scale_misc(theme: dict[str, Any], scale: float) -> None:
    """Scale border widths, paddings and radii in "misc" blocks."""
    for block in theme.values():
        if not isinstance(block, dict):
            continue
        misc = block.get("misc")
        if not isinstance(misc, dict):
            continue
        for key in ("shape_corner_radius", "border_width", "shadow_width"):
            if key in misc:
                try:
                    misc[key] = str(max(0, round(float(misc[key]) * scale)))
                except (TypeError, ValueError):
                    pass
        for key in ("text_horiz_alignment_padding", "text_vert_alignment_padding"):
            if key in misc:
                try:
                    misc[key] = str(max(0, round(float(misc[key]) * scale)))
                except (TypeError, ValueError):
                    pass
        if "padding" in misc and isinstance(misc["padding"], str) and "," in misc["padding"]:
            try:
                x, y = (float(v) for v in misc["padding"].split(","))
                misc["padding"] = f"{round(x * scale)},{round(y * scale)}"
            except ValueError:
                pass


def build_theme(scale: float, palette: Palette, base: dict[str, Any] | None = None) -> dict[str, Any]:
    """The pygame_gui theme dict for a UI scale (1.0-2.0) and palette."""
    theme = copy.deepcopy(base if base is not None else load_theme_file())
    _scale_fonts(theme, scale, font_paths())
    _scale_misc(theme, scale)
    _apply_palette(theme, palette)
    return theme


def clamp_scale(scale: float) -> float:
    """Keep a UI scale within 1.0-2.0."""
    try:
        value = float(scale)
    except (TypeError, ValueError):
        return 1.0
    if value != value:  # NaN
        return 1.0
    return min(2.0, max(1.0, value))


#: The smallest window the screens are laid out for, in unscaled pixels.
LOGICAL_MIN = (800, 560)
#: The window size 100 % is made for; larger windows get a larger scale when it is automatic.
NATURAL_SIZE = (1280, 720)


def fit_scale(chosen: float, size: tuple[int, int], auto: bool) -> float:
    """The scale to draw at: the chosen one (raised on large windows when `auto`), lowered in
    quarter steps until the window holds at least LOGICAL_MIN unscaled pixels."""
    def quarter(value: float) -> float:
        """Rounded down to a multiple of 0.25."""
        return math.floor(value * 4 + 1e-9) / 4

    wanted = clamp_scale(chosen)
    if auto:
        wanted = max(wanted, quarter(min(size[0] / NATURAL_SIZE[0], size[1] / NATURAL_SIZE[1])))
    room = quarter(min(size[0] / LOGICAL_MIN[0], size[1] / LOGICAL_MIN[1]))
    return clamp_scale(min(wanted, room))


def fonts_in(theme: dict[str, Any]) -> list[dict[str, Any]]:
    """Every distinct font a theme dict uses, as pygame_gui preload descriptions."""
    found: dict[tuple[str, int, str], dict[str, Any]] = {}

    def visit(node: Any) -> None:
        """Collect font blocks."""
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "font" and isinstance(value, dict):
                    bold = str(value.get("bold", "0")) == "1"
                    italic = str(value.get("italic", "0")) == "1"
                    style = ("bold_" if bold else "") + ("italic" if italic else "")
                    style = style.rstrip("_") or "regular"
                    name = str(value.get("name", FONT_NAME))
                    size = int(float(value.get("size", 14)))
                    found[(name, size, style)] = {"name": name, "point_size": size, "style": style}
                else:
                    visit(value)

    visit(theme)
    base = next((f for f in found.values() if f["style"] == "regular"), None)
    if base is not None:  # HTML text uses bold and italic of the base font too
        for style in ("bold", "italic"):
            key = (base["name"], base["point_size"], style)
            found.setdefault(key, {**base, "style": style})
    return sorted(found.values(), key=lambda f: (f["name"], f["point_size"], f["style"]))
