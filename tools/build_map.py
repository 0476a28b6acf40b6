"""Decode world-atlas's countries-110m.json (TopoJSON) into the game's compact map file.

Run once when the source data changes:

    mkdir -p /tmp/npm-assets && cd /tmp/npm-assets && npm install world-atlas i18n-iso-countries
    python tools/build_map.py --modules /tmp/npm-assets/node_modules

Output: assets/map/countries-110m.npz (numpy arrays only, no pickle) and the world-atlas licence.
Rings are split at the antimeridian, rounded to 0.01 degree and stored as int16 centi-degrees.
Uses the standard library and numpy only.
"""

from __future__ import annotations

import argparse
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "assets" / "map"

# Territories Natural Earth draws without an ISO 3166 numeric code: user-assigned X codes.
UNCODED = {"Kosovo": "XKX", "N. Cyprus": "XNC", "Somaliland": "XSO"}
CORE_AREA_SHARE = 0.2  # polygons at least this share of a country's largest one form its core
Ring = np.ndarray


@dataclass
class CountryShapes:
    """One country while it is being built: rings per polygon, exterior first."""

    code: str
    numeric: str
    name: str
    polygons: list[list[Ring]] = field(default_factory=list)


def decode_arcs(topo: dict[str, Any]) -> list[np.ndarray]:
    """Undo the delta encoding and quantisation of every arc into lon/lat float arrays."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        q = np.cumsum(np.asarray(arc, dtype=np.int64), axis=0)
        arcs.append(np.column_stack([q[:, 0] * sx + tx, q[:, 1] * sy + ty]))
    return arcs


def stitch_ring(arc_ids: list[int], arcs: list[np.ndarray]) -> Ring:
    """Join the arcs of one ring (negative ids are reversed arcs) into a closed point array."""
    parts: list[np.ndarray] = []
    for i in arc_ids:
        pts = arcs[i] if i >= 0 else arcs[~i][::-1]
        parts.append(pts if not parts else pts[1:])
    return np.concatenate(parts)


def clip_half_plane(ring: Ring, bound: float, keep_below: bool) -> Ring:
    """Sutherland-Hodgman clip of a ring against the vertical line lon = bound."""
    if len(ring) == 0:
        return ring
    out: list[tuple[float, float]] = []
    prev = ring[-1]
    for cur in ring:
        cur_in = cur[0] <= bound if keep_below else cur[0] >= bound
        prev_in = prev[0] <= bound if keep_below else prev[0] >= bound
        if cur_in != prev_in:
            t = (bound - prev[0]) / (cur[0] - prev[0])
            out.append((bound, float(prev[1] + t * (cur[1] - prev[1]))))
        if cur_in:
            out.append((float(cur[0]), float(cur[1])))
        prev = cur
    return np.asarray(out, dtype=np.float64).reshape(-1, 2)


def split_antimeridian(ring: Ring) -> list[Ring]:
    """Cut a ring that jumps across lon +-180 into pieces that each lie within [-180, 180]."""
    lon = ring[:, 0]
    if not np.any(np.abs(np.diff(lon)) > 180.0):
        return [ring]
    unwrapped = ring.copy()
    unwrapped[:, 0] = np.unwrap(lon, period=360.0)
    if abs(unwrapped[-1, 0] - unwrapped[0, 0]) > 180.0:  # the ring goes round a pole
        pole = -90.0 if unwrapped[:, 1].mean() < 0 else 90.0
        closing = [[unwrapped[-1, 0], pole], [unwrapped[0, 0], pole], unwrapped[0]]
        unwrapped = np.vstack([unwrapped, closing])
    pieces = []
    lo, hi = unwrapped[:, 0].min(), unwrapped[:, 0].max()
    for k in range(int(np.floor((lo + 180.0) / 360.0)), int(np.ceil((hi - 180.0) / 360.0)) + 1):
        shift = 360.0 * k
        piece = clip_half_plane(unwrapped, 180.0 + shift, keep_below=True)
        piece = clip_half_plane(piece, -180.0 + shift, keep_below=False)
        if len(piece) >= 3:
            piece[:, 0] -= shift
            pieces.append(np.vstack([piece, piece[:1]]))
    return pieces


def quantise(ring: Ring) -> np.ndarray | None:
    """Round to 0.01 degree as int16 centi-degrees, dropping repeats; None if nothing is left."""
    q = np.round(ring * 100.0).astype(np.int32)
    keep = np.ones(len(q), dtype=bool)
    keep[1:] = np.any(q[1:] != q[:-1], axis=1)
    q = q[keep]
    if len(q) > 1 and np.array_equal(q[0], q[-1]):
        q = q[:-1]
    if len(q) < 3 or ring_area(q.astype(np.float64) / 100.0) == 0.0:
        return None
    return q.astype(np.int16)


def ring_area(ring: Ring) -> float:
    """Approximate area in square degrees, longitudes shrunk by the cosine of latitude."""
    x = ring[:, 0] * np.cos(np.radians(ring[:, 1].mean()))
    y = ring[:, 1]
    return float(abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2.0)


def segments(rings: list[Ring]) -> np.ndarray:
    """All edges of the rings as an (S, 4) array x1, y1, x2, y2."""
    return np.vstack([np.hstack([r, np.roll(r, -1, axis=0)]) for r in rings])


def inside(points: np.ndarray, segs: np.ndarray) -> np.ndarray:
    """Even-odd point-in-polygon test for many points against the edges of all rings."""
    px, py = points[:, :1], points[:, 1:]
    x1, y1, x2, y2 = (segs[:, i][None, :] for i in range(4))
    crosses = (y1 > py) != (y2 > py)
    with np.errstate(divide="ignore", invalid="ignore"):
        x_at = (x2 - x1) * (py - y1) / (y2 - y1) + x1
    result: np.ndarray = np.count_nonzero(crosses & (px < x_at), axis=1) % 2 == 1
    return result


def edge_distance(points: np.ndarray, segs: np.ndarray) -> np.ndarray:
    """Distance from each point to the nearest edge."""
    p = points[:, None, :]
    a, b = segs[None, :, :2], segs[None, :, 2:]
    ab = b - a
    denom = np.maximum(np.sum(ab * ab, axis=2), 1e-12)
    t = np.clip(np.sum((p - a) * ab, axis=2) / denom, 0.0, 1.0)
    nearest = a + t[..., None] * ab
    result: np.ndarray = np.sqrt(np.min(np.sum((p - nearest) ** 2, axis=2), axis=1))
    return result


def label_point(polygon: list[Ring]) -> tuple[float, float]:
    """The point inside the polygon farthest from its edges (grid search, then a finer grid)."""
    coslat = float(np.cos(np.radians(polygon[0][:, 1].mean())))
    local = [np.column_stack([r[:, 0] * coslat, r[:, 1]]) for r in polygon]
    segs = segments(local)
    lo, hi = local[0].min(axis=0), local[0].max(axis=0)
    best = (lo + hi) / 2.0
    span = hi - lo
    for _ in range(3):
        axes = [np.linspace(best[i] - span[i] / 2, best[i] + span[i] / 2, 48) for i in range(2)]
        grid = np.stack(np.meshgrid(*axes), axis=-1).reshape(-1, 2)
        grid = grid[inside(grid, segs)]
        if len(grid) == 0:
            break
        best = grid[np.argmax(edge_distance(grid, segs))]
        span = span / 8.0
    return round(float(best[0] / coslat), 2), round(float(best[1]), 2)


def load_codes(modules: Path) -> dict[str, str]:
    """ISO numeric -> alpha-3 from i18n-iso-countries' codes.json (rows alpha2, alpha3, numeric)."""
    rows = json.loads((modules / "i18n-iso-countries" / "codes.json").read_text(encoding="utf-8"))
    return {row[2]: row[1] for row in rows}


def build_countries(topo: dict[str, Any], codes: dict[str, str]) -> list[CountryShapes]:
    """Every country of the topology with its rings split, rounded and labelled."""
    arcs = decode_arcs(topo)
    countries = []
    for geom in topo["objects"]["countries"]["geometries"]:
        name = geom["properties"]["name"]
        numeric = geom.get("id") or ""
        code = codes.get(numeric) or UNCODED.get(name)
        if code is None:
            raise SystemExit(f"no alpha-3 code for {name!r} (numeric {numeric!r})")
        shapes = CountryShapes(code=code, numeric=numeric, name=name)
        polys = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        for poly in polys:
            exterior, *holes = [stitch_ring(r, arcs) for r in poly]
            kept_holes = [q for h in holes if (q := quantise(h)) is not None]
            for piece in split_antimeridian(exterior):
                q = quantise(piece)
                if q is not None:
                    shapes.polygons.append([q, *kept_holes])
                    kept_holes = []  # holes belong to the first piece (none cross 180 degrees)
        countries.append(shapes)
    return countries


def bbox(rings: list[Ring]) -> list[float]:
    """lon_min, lat_min, lon_max, lat_max of the rings, in degrees."""
    pts = np.vstack(rings)
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    return [float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])]


def pack(countries: list[CountryShapes]) -> dict[str, np.ndarray]:
    """Flatten the countries into the arrays of the .npz file, in drawing order."""
    # Countries with holes first, so that what fills a hole (Lesotho) is drawn over it.
    order = sorted(countries, key=lambda c: (not any(len(p) > 1 for p in c.polygons), c.code))
    points, starts, ring_country, ring_hole = [], [0], [], []
    labels, bboxes, cores = [], [], []
    for index, country in enumerate(order):
        deg = [[r.astype(np.float64) / 100.0 for r in poly] for poly in country.polygons]
        areas = [ring_area(poly[0]) for poly in deg]
        largest = int(np.argmax(areas))
        labels.append(label_point(deg[largest]))
        bboxes.append(bbox([poly[0] for poly in deg]))
        core = [poly[0] for poly, a in zip(deg, areas, strict=True) if a >= CORE_AREA_SHARE * areas[largest]]
        cores.append(bbox(core))
        for poly in country.polygons:
            for k, ring in enumerate(poly):
                points.append(ring)
                starts.append(starts[-1] + len(ring))
                ring_country.append(index)
                ring_hole.append(k > 0)
    return {
        "codes": np.array([c.code for c in order], dtype="<U3"),
        "numeric": np.array([c.numeric for c in order], dtype="<U3"),
        "names": np.array([c.name for c in order]),
        "labels": np.array(labels, dtype=np.float32),
        "bboxes": np.array(bboxes, dtype=np.float32),
        "core_bboxes": np.array(cores, dtype=np.float32),
        "ring_start": np.array(starts, dtype=np.int32),
        "ring_country": np.array(ring_country, dtype=np.int16),
        "ring_hole": np.array(ring_hole, dtype=bool),
        "points": np.vstack(points).astype(np.int16),
    }


def main() -> None:
    """Read the npm packages, write assets/map/countries-110m.npz and the licence."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", type=Path, default=Path("/tmp/npm-assets/node_modules"))
    parser.add_argument("--out", type=Path, default=OUT_DIR / "countries-110m.npz")
    args = parser.parse_args()
    topo = json.loads((args.modules / "world-atlas" / "countries-110m.json").read_text("utf-8"))
    countries = build_countries(topo, load_codes(args.modules))
    arrays = pack(countries)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, **arrays)  # type: ignore[arg-type]
    shutil.copyfile(args.modules / "world-atlas" / "LICENSE",
                    args.out.parent / "LICENSE-world-atlas.txt")
    print(f"{args.out}: {len(arrays['codes'])} countries, {len(arrays['ring_hole'])} rings, "
          f"{len(arrays['points'])} points, {args.out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
