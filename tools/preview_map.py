"""Render preview PNGs of the shipped map, the scenario countries highlighted with their flags.

    python tools/preview_map.py --out /tmp/map-preview

Writes world.png (the whole world), region.png (the view fitted to the scenario countries) and
zoom.png (the Caribbean, equirectangular) into the output folder, to check the map by eye.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ("VEN", "USA", "RUS", "TUR", "CHN", "BRA", "CHE", "GBR", "CUB", "IRN")
COLOURS = [(231, 111, 81), (42, 157, 143), (233, 196, 106), (38, 70, 83), (244, 162, 97),
           (130, 90, 170), (200, 80, 120), (90, 150, 210), (160, 190, 80), (210, 120, 40)]


def render(out: Path, name: str, size: tuple[int, int], view: object) -> float:
    """Draw the map with highlights, flags and codes; save it; return the drawing time in ms."""
    import pygame

    from leverage.ui.assets import Assets, MapView, ProjectedMap

    assert isinstance(view, MapView)
    assets = Assets()
    data = assets.map()
    surface = pygame.Surface(size)
    start = time.perf_counter()
    projected = ProjectedMap(data, surface.get_rect(), view)
    fills = {code: COLOURS[i % len(COLOURS)] for i, code in enumerate(SCENARIO)}
    projected.draw(surface, fills)
    elapsed = (time.perf_counter() - start) * 1000.0
    font = assets.font(13, bold=True)
    for code in SCENARIO:
        x, y = projected.label_point(code)
        flag = assets.flag(code, (32, 24))
        surface.blit(flag, flag.get_rect(center=(x, y)))
        pygame.draw.rect(surface, (30, 30, 30), flag.get_rect(center=(x, y)), 1)
        text = font.render(code, True, (20, 20, 20))
        surface.blit(text, text.get_rect(midtop=(x, y + 13)))
    pygame.image.save(surface, str(out / f"{name}.png"))
    return elapsed


def main() -> None:
    """Render the three previews and print timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/map-preview"))
    args = parser.parse_args()
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    sys.path.insert(0, str(ROOT))
    import pygame

    from leverage.ui.assets import Assets, MapView

    pygame.init()
    args.out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    data = Assets().map()
    print(f"map load: {(time.perf_counter() - start) * 1000:.1f} ms")
    views = {
        "world": MapView(lat_min=-90.0, lat_max=90.0),
        "region": data.view_for(SCENARIO),
        "zoom": MapView(-95.0, -55.0, -5.0, 30.0, projection="equirectangular"),
    }
    for name, view in views.items():
        ms = render(args.out, name, (1280, 720), view)
        print(f"{name}: {view} drawn in {ms:.1f} ms")


if __name__ == "__main__":
    main()
