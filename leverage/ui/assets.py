"""Fonts, flags, sounds and the world map shipped in `assets/`, loaded on demand.

The app creates one `Assets` object and keeps it; it caches what it has loaded (fonts by size,
flags by code and size, sounds, the map).  The map comes from Natural Earth's 1:110m countries,
decoded once by `tools/build_map.py` into `assets/map/countries-110m.npz`: per country its
ISO 3166 alpha-3 code, name, rings as lon/lat degrees, a label point and bounding boxes.

`project(lonlat, rect, view)` maps lon/lat onto the screen for a `MapView` (a lon/lat window
and a projection); `ProjectedMap` holds the whole map projected into one rectangle, draws it
and answers which country is under the mouse.  Nothing here runs at import time.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pygame
from numpy.typing import ArrayLike

ColorLike = pygame.Color | tuple[int, int, int] | tuple[int, int, int, int] | str
RectLike = pygame.Rect | tuple[int, int, int, int]

MAP_FILE = Path("map") / "countries-110m.npz"
FLAG_SIZES: tuple[tuple[int, int], ...] = ((48, 36), (160, 120))
FLAG_ALIASES: Mapping[str, str] = {"EUR": "EU"}
#: Noto Sans with Arabic, common Chinese, kana and emoji merged in (tools/build_fallback_fonts.py),
#: so names and reasons in those scripts show; italics stay Latin only.
FONT_FILES: Mapping[tuple[bool, bool], str] = {
    (False, False): "NotoSansWide-Regular.ttf",
    (True, False): "NotoSansWide-Bold.ttf",
    (False, True): "NotoSans-Italic.ttf",
    (True, True): "NotoSansWide-Bold.ttf",  # no bold italic file shipped: slanted by pygame
}
SOUND_NAMES: tuple[str, ...] = ("click", "turn_end", "news", "proposal", "error")
PROJECTIONS: tuple[str, ...] = ("natural_earth", "equirectangular")


class AssetError(Exception):
    """A shipped asset is missing or unreadable, or an unknown one was asked for."""


def asset_dir() -> Path:
    """The shipped `assets/` folder (package data, see leverage.resources)."""
    from leverage.resources import assets_dir

    return assets_dir()


# ----------------------------------------------------------------------------------------------
# Views and projections


@dataclass(frozen=True)
class MapView:
    """A lon/lat window of the world (degrees) and the projection to draw it with."""

    lon_min: float = -180.0
    lon_max: float = 180.0
    lat_min: float = -58.0
    lat_max: float = 84.0
    projection: str = "natural_earth"

    def __post_init__(self) -> None:
        """Refuse windows outside the world or upside down, and unknown projections."""
        if not -180.0 <= self.lon_min < self.lon_max <= 180.0:
            raise ValueError(f"longitudes must satisfy -180 <= min < max <= 180: {self}")
        if not -90.0 <= self.lat_min < self.lat_max <= 90.0:
            raise ValueError(f"latitudes must satisfy -90 <= min < max <= 90: {self}")
        if self.projection not in PROJECTIONS:
            raise ValueError(f"unknown projection {self.projection!r}; one of {PROJECTIONS}")

    @property
    def centre(self) -> tuple[float, float]:
        """The lon/lat middle of the window."""
        return (self.lon_min + self.lon_max) / 2.0, (self.lat_min + self.lat_max) / 2.0

    def zoomed(self, factor: float, centre: tuple[float, float] | None = None) -> MapView:
        """The window scaled by 1/factor around `centre` (default: its own), kept in the world."""
        lon_c, lat_c = centre if centre is not None else self.centre
        half_lon = min(180.0, (self.lon_max - self.lon_min) / (2.0 * factor))
        half_lat = min(90.0, (self.lat_max - self.lat_min) / (2.0 * factor))
        return self._placed(lon_c, lat_c, max(half_lon, 2.0), max(half_lat, 1.5))

    def panned(self, dlon: float, dlat: float) -> MapView:
        """The window moved by dlon/dlat degrees, kept in the world."""
        lon_c, lat_c = self.centre
        half_lon = (self.lon_max - self.lon_min) / 2.0
        half_lat = (self.lat_max - self.lat_min) / 2.0
        return self._placed(lon_c + dlon, lat_c + dlat, half_lon, half_lat)

    def _placed(self, lon_c: float, lat_c: float, half_lon: float, half_lat: float) -> MapView:
        """A window of the given half sizes around a centre, shifted back inside the world."""
        lon_c = min(max(lon_c, -180.0 + half_lon), 180.0 - half_lon)
        lat_c = min(max(lat_c, -90.0 + half_lat), 90.0 - half_lat)
        return replace(self, lon_min=lon_c - half_lon, lon_max=lon_c + half_lon,
                       lat_min=lat_c - half_lat, lat_max=lat_c + half_lat)


WORLD_VIEW = MapView()


def _natural_earth(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The Natural Earth I projection (Savric et al. 2011) of lon/lat in radians."""
    p2 = lat * lat
    p4 = p2 * p2
    x = lon * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4)))
    y = lat * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)))
    return x, y


def _natural_earth_inverse(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Invert Natural Earth I: Newton's method for latitude, then longitude (radians)."""
    lat = np.clip(y, -1.5, 1.5)
    for _ in range(12):
        p2 = lat * lat
        p4 = p2 * p2
        f = lat * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)))
        df = 1.007226 + p2 * (3 * 0.015085 + p4 * (-7 * 0.044475 + 9 * 0.028874 * p2
                                                    - 11 * 0.005916 * p4))
        lat = np.clip(lat - (f - y) / df, -math.pi / 2, math.pi / 2)
    p2 = lat * lat
    p4 = p2 * p2
    lon = x / (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4)))
    return lon, lat


def _raw(lonlat: np.ndarray, projection: str) -> tuple[np.ndarray, np.ndarray]:
    """Project lon/lat degrees to unscaled plane coordinates (y up)."""
    lon = np.radians(lonlat[..., 0])
    lat = np.radians(lonlat[..., 1])
    if projection == "natural_earth":
        return _natural_earth(lon, lat)
    return lon, lat


def _fit(rect: RectLike, view: MapView) -> tuple[float, float, float, float, float]:
    """Scale and offsets that fit the view's projected outline centred in the rectangle."""
    r = pygame.Rect(rect)
    lons = np.linspace(view.lon_min, view.lon_max, 33)
    lats = np.append(np.linspace(view.lat_min, view.lat_max, 33),
                     min(max(0.0, view.lat_min), view.lat_max))  # widest at the equator
    edges = np.concatenate([
        np.stack([lons, np.full_like(lons, view.lat_min)], axis=-1),
        np.stack([lons, np.full_like(lons, view.lat_max)], axis=-1),
        np.stack([np.full_like(lats, view.lon_min), lats], axis=-1),
        np.stack([np.full_like(lats, view.lon_max), lats], axis=-1)])
    x, y = _raw(edges, view.projection)
    x0, x1 = float(x.min()), float(x.max())
    y0, y1 = float(y.min()), float(y.max())
    scale = min(max(r.width, 1) / max(x1 - x0, 1e-9), max(r.height, 1) / max(y1 - y0, 1e-9))
    return scale, r.x + r.width / 2.0, r.y + r.height / 2.0, (x0 + x1) / 2.0, (y0 + y1) / 2.0


def project(lonlat: ArrayLike, rect: RectLike, view: MapView) -> np.ndarray:
    """Screen positions (float, shape (..., 2)) of lon/lat degrees for a view fitted in rect."""
    pts = np.asarray(lonlat, dtype=np.float64)
    scale, sx, sy, mx, my = _fit(rect, view)
    x, y = _raw(pts, view.projection)
    return np.stack([sx + (x - mx) * scale, sy - (y - my) * scale], axis=-1)


def unproject(points: ArrayLike, rect: RectLike, view: MapView) -> np.ndarray:
    """Lon/lat degrees (shape (..., 2)) of screen positions: the inverse of `project`."""
    pts = np.asarray(points, dtype=np.float64)
    scale, sx, sy, mx, my = _fit(rect, view)
    x = (pts[..., 0] - sx) / scale + mx
    y = (sy - pts[..., 1]) / scale + my
    if view.projection == "natural_earth":
        lon, lat = _natural_earth_inverse(x, y)
    else:
        lon, lat = x, y
    return np.stack([np.degrees(lon), np.degrees(lat)], axis=-1)


# ----------------------------------------------------------------------------------------------
# Map data


@dataclass(frozen=True)
class Country:
    """One country of the map: shapes as (n, 2) lon/lat arrays in degrees, and where to label it."""

    code: str
    name: str
    numeric: str
    label: tuple[float, float]
    bbox: tuple[float, float, float, float]
    core_bbox: tuple[float, float, float, float]
    exteriors: tuple[np.ndarray, ...] = field(repr=False)
    holes: tuple[np.ndarray, ...] = field(repr=False)


class MapData:
    """Every country of the map, in drawing order, plus the flat arrays they were cut from."""

    def __init__(self, arrays: Mapping[str, np.ndarray]) -> None:
        """Build the countries from the arrays of the map file (see tools/build_map.py)."""
        self.points: np.ndarray = arrays["points"].astype(np.float64) / 100.0
        self.ring_start: np.ndarray = arrays["ring_start"]
        self.ring_country: np.ndarray = arrays["ring_country"]
        self.ring_hole: np.ndarray = arrays["ring_hole"]
        self.ring_seam: np.ndarray = _seam_rings(self.points, self.ring_start)
        self.codes: tuple[str, ...] = tuple(str(c) for c in arrays["codes"])
        self.countries: dict[str, Country] = {}
        rings: list[list[np.ndarray]] = [[] for _ in self.codes]
        holes: list[list[np.ndarray]] = [[] for _ in self.codes]
        for r, (a, b) in enumerate(zip(self.ring_start[:-1], self.ring_start[1:], strict=True)):
            target = holes if self.ring_hole[r] else rings
            target[int(self.ring_country[r])].append(self.points[a:b])
        for i, code in enumerate(self.codes):
            self.countries[code] = Country(
                code=code, name=str(arrays["names"][i]), numeric=str(arrays["numeric"][i]),
                label=_pair(arrays["labels"][i]), bbox=_quad(arrays["bboxes"][i]),
                core_bbox=_quad(arrays["core_bboxes"][i]),
                exteriors=tuple(rings[i]), holes=tuple(holes[i]))

    def __contains__(self, code: object) -> bool:
        """Whether the map has a country with this alpha-3 code."""
        return code in self.countries

    def __getitem__(self, code: str) -> Country:
        """The country with this alpha-3 code (KeyError if the map has none)."""
        return self.countries[code]

    def __iter__(self) -> Iterator[Country]:
        """The countries in drawing order."""
        return iter(self.countries.values())

    def __len__(self) -> int:
        """How many countries the map has."""
        return len(self.countries)

    def view_for(self, codes: Iterable[str], margin: float = 8.0,
                 projection: str = "natural_earth") -> MapView:
        """A view showing the main territory of the given countries with a margin (degrees)."""
        boxes = [self.countries[c].core_bbox for c in codes if c in self.countries]
        if not boxes:
            return replace(WORLD_VIEW, projection=projection)
        arr = np.array(boxes)
        return MapView(
            lon_min=max(-180.0, float(arr[:, 0].min()) - margin),
            lon_max=min(180.0, float(arr[:, 2].max()) + margin),
            lat_min=max(-90.0, float(arr[:, 1].min()) - margin),
            lat_max=min(90.0, float(arr[:, 3].max()) + margin),
            projection=projection)


def _seam_points(lonlat: np.ndarray) -> np.ndarray:
    """Points on a cut: on the antimeridian or on a pole line closing Antarctica."""
    mask: np.ndarray = (np.abs(lonlat[:, 0]) >= 180.0) | (np.abs(lonlat[:, 1]) >= 90.0)
    return mask


def _seam_rings(points: np.ndarray, ring_start: np.ndarray) -> np.ndarray:
    """For each ring, whether one of its edges runs along a cut (and is no real border)."""
    on = _seam_points(points)
    following = np.arange(1, len(points) + 1)
    following[ring_start[1:] - 1] = ring_start[:-1]  # each ring's last point joins its first
    seam_edge = (on & on[following]).astype(np.int64)
    result: np.ndarray = np.add.reduceat(seam_edge, ring_start[:-1]) > 0
    return result


def _pair(values: np.ndarray) -> tuple[float, float]:
    """Two floats from an array row."""
    return float(values[0]), float(values[1])


def _quad(values: np.ndarray) -> tuple[float, float, float, float]:
    """Four floats from an array row."""
    return float(values[0]), float(values[1]), float(values[2]), float(values[3])


def load_map(path: Path | None = None) -> MapData:
    """Read the map file (default: the shipped one); raises AssetError if it is missing."""
    path = path or asset_dir() / MAP_FILE
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
        return MapData(arrays)
    except (OSError, KeyError, ValueError) as exc:
        raise AssetError(f"{path}: cannot read the map ({exc}); "
                         "rebuild it with: python tools/build_map.py") from exc


# ----------------------------------------------------------------------------------------------
# Drawing the map


@dataclass(frozen=True)
class _ScreenRing:
    """One ring in screen pixels, with its country and whether it is a hole."""

    code: str
    hole: bool
    points: list[tuple[int, int]]  # tuples: the garbage collector soon stops scanning them
    xy: np.ndarray
    box: pygame.Rect
    borders: list[list[tuple[int, int]]] | None  # open border lines if the ring has seams


class ProjectedMap:
    """The map projected into one screen rectangle: draw it, hit-test it, place labels.

    Build it again when the rectangle or the view changes; draw it onto a cached surface when
    the colours change, not every frame.
    """

    def __init__(self, data: MapData, rect: RectLike, view: MapView) -> None:
        """Project every ring once and keep those that reach into the rectangle."""
        self.data = data
        self.rect = pygame.Rect(rect)
        self.view = view
        screen = np.round(project(data.points, self.rect, view)).astype(np.int64)
        starts = data.ring_start
        keep = np.ones(len(screen), dtype=bool)  # drop repeated pixels, keep each ring's first
        keep[1:] = np.any(screen[1:] != screen[:-1], axis=1)
        keep[starts[:-1]] = True
        kept = np.concatenate([[0], np.cumsum(keep)])[starts]  # ring starts among kept points
        pts_all = screen[keep]
        lo = np.minimum.reduceat(pts_all, kept[:-1], axis=0)
        hi = np.maximum.reduceat(pts_all, kept[:-1], axis=0)
        r = self.rect
        reach = ((np.diff(kept) >= 3) & (hi[:, 0] >= r.left) & (lo[:, 0] < r.right)
                 & (hi[:, 1] >= r.top) & (lo[:, 1] < r.bottom))
        self._rings: list[_ScreenRing] = []
        for i in np.flatnonzero(reach):
            ring = pts_all[kept[i]:kept[i + 1]]
            box = pygame.Rect(int(lo[i, 0]), int(lo[i, 1]),
                              int(hi[i, 0] - lo[i, 0]) + 1, int(hi[i, 1] - lo[i, 1]) + 1)
            a, b = int(starts[i]), int(starts[i + 1])
            borders = (_border_lines(data.points[a:b], screen[a:b])
                       if data.ring_seam[i] else None)
            self._rings.append(_ScreenRing(data.codes[int(data.ring_country[i])],
                                           bool(data.ring_hole[i]),
                                           list(map(tuple, ring.tolist())), ring, box,
                                           borders))

    def draw(self, surface: pygame.Surface, fills: Mapping[str, ColorLike] | None = None,
             land: ColorLike = (206, 200, 184), ocean: ColorLike | None = (164, 196, 220),
             border: ColorLike | None = (120, 116, 108), border_width: int = 1) -> None:
        """Fill the ocean (unless None), every country (`fills` or `land`) and their borders."""
        fills = fills or {}
        old_clip = surface.get_clip()
        surface.set_clip(self.rect.clip(old_clip) if old_clip else self.rect)
        hole_colour = ocean if ocean is not None else (0, 0, 0, 0)
        if ocean is not None:
            surface.fill(ocean, self.rect)
        for ring in self._rings:
            pygame.draw.polygon(surface, hole_colour if ring.hole else fills.get(ring.code, land),
                                ring.points)
        if border is not None and border_width > 0:
            for ring in self._rings:
                _draw_border(surface, border, ring, border_width)
        surface.set_clip(old_clip)

    def outline(self, surface: pygame.Surface, code: str, colour: ColorLike, width: int = 2) -> None:
        """Draw one country's outline (e.g. the selected country) on top of the map."""
        for ring in self._rings:
            if ring.code == code and not ring.hole:
                _draw_border(surface, colour, ring, width)

    def country_at(self, pos: tuple[float, float], tolerance: float = 0.0) -> str | None:
        """The country under a screen position, or the one labelled nearest within tolerance."""
        if not self.rect.collidepoint(pos):
            return None
        px, py = float(pos[0]), float(pos[1])
        inside: dict[str, bool] = {}
        for ring in self._rings:
            if ring.box.collidepoint(px, py) and _point_in_ring(ring.xy, px, py):
                inside[ring.code] = not inside.get(ring.code, False)
        for code in reversed(self.data.codes):  # the last drawn is on top
            if inside.get(code):
                return code
        if tolerance <= 0.0:
            return None
        best, best_d = None, tolerance
        for code in self.visible_codes():
            lx, ly = self.label_point(code)
            d = math.hypot(lx - px, ly - py)
            if d <= best_d:
                best, best_d = code, d
        return best

    def visible_codes(self) -> list[str]:
        """The codes of the countries that reach into the rectangle, in drawing order."""
        seen = {ring.code for ring in self._rings}
        return [c for c in self.data.codes if c in seen]

    def label_point(self, code: str) -> tuple[int, int]:
        """Where to put a country's label or flag, in screen pixels."""
        x, y = project(self.data[code].label, self.rect, self.view)
        return round(float(x)), round(float(y))

    def country_rect(self, code: str) -> pygame.Rect:
        """The screen rectangle around a country's main territory."""
        lo_lon, lo_lat, hi_lon, hi_lat = self.data[code].core_bbox
        corners = project([[lo_lon, lo_lat], [hi_lon, hi_lat], [lo_lon, hi_lat], [hi_lon, lo_lat],
                           [(lo_lon + hi_lon) / 2, lo_lat], [(lo_lon + hi_lon) / 2, hi_lat]],
                          self.rect, self.view)
        lo, hi = corners.min(axis=0), corners.max(axis=0)
        return pygame.Rect(round(lo[0]), round(lo[1]), round(hi[0] - lo[0]), round(hi[1] - lo[1]))


def _border_lines(lonlat: np.ndarray, screen: np.ndarray) -> list[list[tuple[int, int]]] | None:
    """Open polylines of a ring without its seams (edges cut along lon 180 or closing a pole).

    None when the ring has no seam and is drawn as one closed line.
    """
    on_seam = _seam_points(lonlat)
    seam = on_seam & np.roll(on_seam, -1)  # edge i joins point i to point i + 1
    if not seam.any():
        return None
    n = len(lonlat)
    start = (int(np.argmax(seam)) + 1) % n
    runs: list[list[int]] = []
    current = [start]
    for k in range(n):
        edge = (start + k) % n
        if seam[edge]:
            runs.append(current)
            current = [(edge + 1) % n]
        else:
            current.append((edge + 1) % n)
    runs.append(current)
    lines = []
    for run in runs:
        pts = _dedupe(screen[run])
        if len(pts) >= 2:
            lines.append([(int(x), int(y)) for x, y in pts])
    return lines


def _draw_border(surface: pygame.Surface, colour: ColorLike, ring: _ScreenRing, width: int) -> None:
    """Draw a ring's border: one closed line, or its open pieces when it has seams."""
    lines: list[tuple[Sequence[Sequence[int]], bool]] = (
        [(ring.points, True)] if ring.borders is None else [(p, False) for p in ring.borders])
    for points, closed in lines:
        if width == 1:
            pygame.draw.aalines(surface, colour, closed, points)
        else:
            pygame.draw.lines(surface, colour, closed, points, width)


def _dedupe(ring: np.ndarray) -> np.ndarray:
    """Drop consecutive repeated pixels from a ring."""
    keep = np.ones(len(ring), dtype=bool)
    keep[1:] = np.any(ring[1:] != ring[:-1], axis=1)
    return ring[keep]


def _point_in_ring(xy: np.ndarray, px: float, py: float) -> bool:
    """Even-odd test of one point against one closed ring of screen points."""
    x1, y1 = xy[:, 0].astype(np.float64), xy[:, 1].astype(np.float64)
    x2, y2 = np.roll(x1, -1), np.roll(y1, -1)
    crosses = (y1 > py) != (y2 > py)
    with np.errstate(divide="ignore", invalid="ignore"):
        x_at = (x2 - x1) * (py - y1) / (y2 - y1) + x1
    return bool(np.count_nonzero(crosses & (px < x_at)) % 2)


def render_map(data: MapData, size: tuple[int, int], view: MapView,
               fills: Mapping[str, ColorLike] | None = None, **style: Any) -> pygame.Surface:
    """A new surface of `size` with the map drawn on it (style: see ProjectedMap.draw)."""
    surface = pygame.Surface(size)
    ProjectedMap(data, (0, 0, size[0], size[1]), view).draw(surface, fills, **style)
    return surface


# ----------------------------------------------------------------------------------------------
# Fonts, flags and sounds, cached by the app's Assets object


def flag_file(root: Path, code: str, size: tuple[int, int]) -> Path | None:
    """The shipped flag PNG that best fits `size` (the smallest at least as wide), if any."""
    code = FLAG_ALIASES.get(code.upper(), code.upper())
    candidates = [s for s in FLAG_SIZES if s[0] >= size[0]] or [FLAG_SIZES[-1]]
    for w, h in sorted(candidates) + sorted(FLAG_SIZES, reverse=True):
        path = root / "flags" / f"{w}x{h}" / f"{code}.png"
        if path.is_file():
            return path
    return None


def placeholder_flag(code: str, size: tuple[int, int], font: pygame.font.Font | None) -> pygame.Surface:
    """A neutral grey rectangle with the code written on it, for countries without a flag."""
    surface = pygame.Surface(size)
    surface.fill((150, 154, 162))
    pygame.draw.rect(surface, (92, 96, 104), surface.get_rect(), max(1, size[1] // 24))
    if font is not None and code:
        text = font.render(code.upper()[:3], True, (255, 255, 255))
        surface.blit(text, text.get_rect(center=surface.get_rect().center))
    return surface


class Assets:
    """Loads the shipped assets on first use and keeps them; one per app."""

    def __init__(self, root: Path | None = None) -> None:
        """Use the given assets folder, or the repository's."""
        self.root = root or asset_dir()
        self.sound_on = True
        self._map: MapData | None = None
        self._fonts: dict[tuple[int, bool, bool], pygame.font.Font] = {}
        self._flags: dict[tuple[str, tuple[int, int]], pygame.Surface] = {}
        self._sounds: dict[str, pygame.mixer.Sound | None] = {}
        self._mixer_failed = False

    def map(self) -> MapData:
        """The world map, read once."""
        if self._map is None:
            self._map = load_map(self.root / MAP_FILE)
        return self._map

    def font(self, size: int, bold: bool = False, italic: bool = False) -> pygame.font.Font:
        """Noto Sans at `size` pixels (pygame's default font if the file is missing)."""
        size = max(1, int(size))
        key = (size, bold, italic)
        cached = self._fonts.get(key)
        if cached is None:
            if not pygame.font.get_init():
                pygame.font.init()
            path = self.root / "fonts" / FONT_FILES[(bold, italic)]
            try:
                cached = pygame.font.Font(path, size)
            except (OSError, pygame.error):
                cached = pygame.font.Font(None, round(size * 1.3))
                cached.bold = bold
            cached.italic = bold and italic
            self._fonts[key] = cached
        return cached

    def flag(self, code: str, size: tuple[int, int] = (48, 36)) -> pygame.Surface:
        """A country's flag scaled to `size`, or a neutral rectangle with its code if none ships."""
        size = (max(1, int(size[0])), max(1, int(size[1])))
        key = (code.upper(), size)
        cached = self._flags.get(key)
        if cached is None:
            cached = self._load_flag(code, size)
            self._flags[key] = cached
        return cached

    def _load_flag(self, code: str, size: tuple[int, int]) -> pygame.Surface:
        """Read and scale one flag, falling back to a placeholder."""
        path = flag_file(self.root, code, size)
        image: pygame.Surface | None = None
        if path is not None:
            try:
                image = pygame.image.load(path)
            except (OSError, pygame.error):
                image = None
        if image is None:
            return placeholder_flag(code, size, self.font(max(6, int(size[1] * 0.42)), bold=True))
        if image.get_size() != size:
            image = pygame.transform.smoothscale(image.convert_alpha()
                                                 if pygame.display.get_surface() else image, size)
        return image.convert() if pygame.display.get_surface() is not None else image

    def sound(self, name: str) -> pygame.mixer.Sound | None:
        """A sound effect, or None when there is no working audio device."""
        if name not in SOUND_NAMES:
            raise AssetError(f"unknown sound {name!r}; known sounds: {', '.join(SOUND_NAMES)}")
        if name not in self._sounds:
            self._sounds[name] = self._load_sound(name) if self._mixer_ready() else None
        return self._sounds[name]

    def play(self, name: str) -> None:
        """Play a sound effect if sound is on and audio works."""
        if self.sound_on:
            effect = self.sound(name)
            if effect is not None:
                effect.play()

    def _mixer_ready(self) -> bool:
        """Start the mixer once if needed; False if there is no audio."""
        if pygame.mixer.get_init():
            return True
        if self._mixer_failed:
            return False
        try:
            pygame.mixer.init(frequency=44_100, size=-16, channels=2, buffer=512)
        except pygame.error:
            self._mixer_failed = True
            return False
        return bool(pygame.mixer.get_init())

    def _load_sound(self, name: str) -> pygame.mixer.Sound | None:
        """Read one WAV file; None if it is missing or unreadable."""
        try:
            return pygame.mixer.Sound(self.root / "sounds" / f"{name}.wav")
        except (OSError, pygame.error):
            return None
