"""Shipped assets: the map's countries and shapes, projections, flags, fonts and sounds."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import wave
from pathlib import Path

import numpy as np
import pygame
import pytest

from leverage.ui.assets import (
    SOUND_NAMES,
    AssetError,
    Assets,
    MapData,
    MapView,
    ProjectedMap,
    asset_dir,
    load_map,
    project,
    render_map,
    unproject,
)

REQUIRED_FLAGS = "VEN USA RUS TUR CHN BRA CHE GBR IND ZAF IRN CUB COL MEX ARE DEU FRA EU".split()
SCENARIO = ("VEN", "USA", "RUS", "TUR", "CHN", "BRA", "CHE")
# (lon_min, lat_min, lon_max, lat_max) that each country's main territory must lie within
PLAUSIBLE = {
    "VEN": (-74.0, 0.0, -59.0, 13.0),
    "USA": (-125.5, 24.0, -66.0, 50.0),
    "RUS": (26.0, 41.0, 180.0, 82.0),
    "TUR": (25.5, 35.5, 45.0, 42.5),
    "CHN": (73.0, 18.0, 135.5, 54.0),
    "BRA": (-74.5, -34.0, -34.5, 5.5),
    "CHE": (5.9, 45.7, 10.6, 47.9),
}
OCEAN = (10, 20, 30)
LAND = (200, 200, 200)
HIGHLIGHT = (250, 40, 40)


@pytest.fixture(scope="module")
def assets() -> Assets:
    """One Assets object for the module, with pygame's font module started."""
    pygame.font.init()
    return Assets()


@pytest.fixture(scope="module")
def world(assets: Assets) -> MapData:
    """The shipped map."""
    return assets.map()


def test_asset_dir_is_the_repository_folder() -> None:
    """asset_dir() finds assets/ next to the game package, with every kind of asset in it."""
    root = asset_dir()
    assert root.name == "assets"
    for sub in ("map", "flags", "fonts", "sounds"):
        assert (root / sub).is_dir(), sub


def test_shipped_licences_and_sources_exist() -> None:
    """Every third-party asset ships its licence, and SOURCES.md names each folder."""
    root = asset_dir()
    for path in ("map/LICENSE-world-atlas.txt", "map/LICENSE-NaturalEarth.txt",
                 "flags/LICENSE-flag-icons.txt", "fonts/LICENSE-OFL.txt"):
        assert (root / path).stat().st_size > 200, path
    sources = (root / "SOURCES.md").read_text(encoding="utf-8")
    for word in ("world-atlas", "flag-icons", "Noto Sans", "CC0", "build_map.py", "build_sounds.py"):
        assert word in sources


def test_assets_stay_small() -> None:
    """The assets folder (fonts, flags, map, sounds) stays under 8 MB: 3 MB, plus the two wide
    fonts (Arabic, 3,755 common Chinese characters, kana and emoji merged in: 2.4 MB each)."""
    size = sum(p.stat().st_size for p in asset_dir().rglob("*") if p.is_file())
    assert size < 8_000_000


def test_map_has_the_scenario_countries_with_plausible_shapes(world: MapData) -> None:
    """Each scenario country is on the map, its main territory inside a known box."""
    for code, (lo_lon, lo_lat, hi_lon, hi_lat) in PLAUSIBLE.items():
        country = world[code]
        a, b, c, d = country.core_bbox
        assert lo_lon <= a < c <= hi_lon and lo_lat <= b < d <= hi_lat, (code, country.core_bbox)
        lon, lat = country.label
        assert a <= lon <= c and b <= lat <= d, (code, country.label)
    ven = world["VEN"]
    assert ven.name == "Venezuela"
    assert ven.bbox[0] == pytest.approx(-73.3, abs=0.5) and ven.bbox[2] == pytest.approx(-59.8, abs=0.5)
    assert ven.bbox[1] == pytest.approx(0.7, abs=0.5) and ven.bbox[3] == pytest.approx(12.2, abs=0.5)


def test_map_codes_are_unique_alpha3_and_numeric_ids_match(world: MapData) -> None:
    """Codes are three upper-case letters, unique; a few ISO numeric ids are as expected."""
    assert len(world) > 170
    assert len(set(world.codes)) == len(world.codes)
    assert all(len(c) == 3 and c.isalpha() and c.isupper() for c in world.codes)
    assert world["VEN"].numeric == "862" and world["USA"].numeric == "840"
    assert world["RUS"].numeric == "643" and world["CHE"].numeric == "756"


def test_no_ring_crosses_the_antimeridian(world: MapData) -> None:
    """Rings are split at 180 degrees: no edge jumps more than 180 degrees of longitude."""
    for country in world:
        for ring in country.exteriors + country.holes:
            assert ring.shape[1] == 2 and len(ring) >= 3
            assert np.all(np.abs(ring[:, 0]) <= 180.0) and np.all(np.abs(ring[:, 1]) <= 90.0)
            jumps = np.abs(np.diff(ring[:, 0])) >= 180.0
            along_pole = (np.abs(ring[:-1, 1]) == 90.0) & (np.abs(ring[1:, 1]) == 90.0)
            assert not np.any(jumps & ~along_pole), country.code
    assert world["RUS"].bbox[0] == -180.0 and world["RUS"].bbox[2] == 180.0
    assert world["FJI"].bbox[0] == -180.0


def test_holes_are_drawn_before_what_fills_them(world: MapData) -> None:
    """South Africa has a hole (Lesotho) and comes before Lesotho in the drawing order."""
    assert world["ZAF"].holes
    assert world.codes.index("ZAF") < world.codes.index("LSO")


def test_missing_map_raises_asset_error(tmp_path: Path) -> None:
    """A missing map file is reported with the command that rebuilds it."""
    with pytest.raises(AssetError, match="build_map.py"):
        load_map(tmp_path / "nowhere.npz")


@pytest.mark.parametrize("projection", ["natural_earth", "equirectangular"])
def test_project_fits_the_view_and_inverts(projection: str) -> None:
    """The view's corners land inside the rectangle; unproject undoes project."""
    view = MapView(-100.0, 60.0, -40.0, 75.0, projection)
    rect = pygame.Rect(10, 20, 800, 450)
    lonlat = np.array([[-100.0, 0.0], [60.0, 0.0], [-20.0, -40.0], [-20.0, 75.0], [-66.0, 8.0]])
    screen = project(lonlat, rect, view)
    assert np.all(screen[:, 0] >= rect.left - 1e-6) and np.all(screen[:, 0] <= rect.right + 1e-6)
    assert np.all(screen[:, 1] >= rect.top - 1e-6) and np.all(screen[:, 1] <= rect.bottom + 1e-6)
    assert screen[0, 0] < screen[1, 0] and screen[3, 1] < screen[2, 1]  # east right, north up
    width = screen[:, 0].max() - screen[:, 0].min()
    height = screen[:, 1].max() - screen[:, 1].min()
    assert width == pytest.approx(rect.width, rel=1e-6) or height == pytest.approx(rect.height, rel=1e-6)
    np.testing.assert_allclose(unproject(screen, rect, view), lonlat, atol=1e-6)


def test_view_checks_and_zoom() -> None:
    """Bad windows are refused; zooming shrinks the window and stays inside the world."""
    with pytest.raises(ValueError):
        MapView(10.0, -10.0)
    with pytest.raises(ValueError):
        MapView(projection="mercator")
    view = MapView()
    zoomed = view.zoomed(4.0, centre=(175.0, 80.0))
    assert zoomed.lon_max <= 180.0 and zoomed.lat_max <= 90.0
    assert zoomed.lon_max - zoomed.lon_min == pytest.approx(90.0)
    back = zoomed.panned(-500.0, 0.0)
    assert back.lon_min == -180.0


def test_view_for_covers_the_scenario_region(world: MapData) -> None:
    """The view fitted to the scenario countries spans the Americas to East Asia."""
    view = world.view_for(SCENARIO)
    assert view.lon_min < -120.0 and view.lon_max > 130.0
    assert view.lat_min < -34.0 and view.lat_max > 70.0
    small = world.view_for(["VEN", "CUB"])
    assert -100.0 < small.lon_min < -85.0 and small.lat_max < 35.0


def _colour_at(surface: pygame.Surface, pos: tuple[int, int]) -> tuple[int, int, int]:
    """The RGB colour of one pixel."""
    c = surface.get_at(pos)
    return c.r, c.g, c.b


def test_rendered_region_shows_venezuela(world: MapData) -> None:
    """Drawing the scenario region paints Venezuela's label point in its highlight colour."""
    view = world.view_for(SCENARIO)
    surface = render_map(world, (960, 540), view, {"VEN": HIGHLIGHT}, land=LAND, ocean=OCEAN)
    projected = ProjectedMap(world, (0, 0, 960, 540), view)
    x, y = projected.label_point("VEN")
    assert _colour_at(surface, (x, y)) == HIGHLIGHT
    box = projected.country_rect("VEN")
    pixels = pygame.surfarray.pixels3d(surface)[box.left:box.right, box.top:box.bottom]
    red = np.all(pixels == np.array(HIGHLIGHT), axis=2)
    assert red.sum() > 0.3 * box.width * box.height
    mid_atlantic = project([-35.0, 25.0], (0, 0, 960, 540), view)
    assert _colour_at(surface, (round(mid_atlantic[0]), round(mid_atlantic[1]))) == OCEAN


def test_hit_testing_finds_countries(world: MapData) -> None:
    """Clicking a label point returns that country; the open ocean returns None."""
    projected = ProjectedMap(world, (0, 0, 1280, 720), world.view_for(SCENARIO))
    for code in SCENARIO + ("LSO", "ZAF"):
        assert projected.country_at(projected.label_point(code)) == code
    ocean = project([-35.0, 25.0], projected.rect, projected.view)
    assert projected.country_at((float(ocean[0]), float(ocean[1]))) is None
    assert projected.country_at((-5.0, -5.0)) is None
    near_che = projected.label_point("CHE")
    assert projected.country_at((near_che[0] + 1, near_che[1] + 1), tolerance=12) == "CHE"


def test_antimeridian_draws_no_band_across_the_map(world: MapData) -> None:
    """Russia and Fiji stay at the edges: the mid-Pacific and the Atlantic are not painted."""
    view = MapView(lat_min=-60.0, lat_max=85.0)
    surface = render_map(world, (1000, 500), view, {"RUS": HIGHLIGHT, "FJI": HIGHLIGHT},
                         land=LAND, ocean=OCEAN, border=None)
    for lon, lat in ((0.0, 70.0), (-150.0, 66.0), (-30.0, -17.0), (-160.0, -17.0)):
        x, y = project([lon, lat], (0, 0, 1000, 500), view)
        assert _colour_at(surface, (round(x), round(y))) != HIGHLIGHT, (lon, lat)
    x, y = project([100.0, 62.0], (0, 0, 1000, 500), view)
    assert _colour_at(surface, (round(x), round(y))) == HIGHLIGHT


@pytest.mark.parametrize("size", [(48, 36), (160, 120)])
def test_required_flags_load_at_both_sizes(assets: Assets, size: tuple[int, int]) -> None:
    """Each required flag ships at both sizes and is not the grey placeholder."""
    for code in REQUIRED_FLAGS:
        path = asset_dir() / "flags" / f"{size[0]}x{size[1]}" / f"{code}.png"
        assert path.is_file(), path
        surface = assets.flag(code, size)
        assert surface.get_size() == size
        colours = {tuple(surface.get_at((x, y)))[:3] for x in range(0, size[0], 4)
                   for y in range(0, size[1], 4)}
        assert len(colours) >= 2, code


def test_venezuela_flag_keeps_its_stars(assets: Assets) -> None:
    """The blue band of Venezuela's flag holds white star pixels (rendered with <use>)."""
    surface = assets.flag("VEN", (160, 120))
    band = pygame.surfarray.pixels3d(surface)[:, 40:80]
    white = np.all(band > 220, axis=2)
    assert white.sum() > 40


def test_flag_scales_caches_and_falls_back(assets: Assets) -> None:
    """Odd sizes are scaled, repeated calls return the cached surface, unknown codes get a placeholder."""
    assert assets.flag("BRA", (64, 48)).get_size() == (64, 48)
    assert assets.flag("bra", (64, 48)) is assets.flag("BRA", (64, 48))
    assert assets.flag("EUR", (48, 36)).get_size() == (48, 36)
    placeholder = assets.flag("ZZZ", (60, 40))
    assert placeholder.get_size() == (60, 40)
    assert _colour_at(placeholder, (30, 2)) == _colour_at(placeholder, (30, 3))


def test_fonts_load_and_differ(assets: Assets) -> None:
    """Noto Sans regular, bold and italic load; bold text is wider than regular."""
    for name in ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf"):
        assert (asset_dir() / "fonts" / name).is_file()
    regular = assets.font(20)
    bold = assets.font(20, bold=True)
    italic = assets.font(20, italic=True)
    assert regular is assets.font(20)
    assert bold.size("Venezuela")[0] > regular.size("Venezuela")[0]
    assert italic.render("ç ñ €", True, (0, 0, 0)).get_width() > 10
    assert 20 <= regular.get_linesize() <= 32


def test_sound_files_are_short_clean_wavs() -> None:
    """Each sound is 16-bit 44.1 kHz PCM, under a second, not clipped, starting and ending softly."""
    for name in SOUND_NAMES:
        with wave.open(str(asset_dir() / "sounds" / f"{name}.wav"), "rb") as wav:
            assert wav.getsampwidth() == 2 and wav.getframerate() == 44_100
            frames = wav.getnframes()
            data = np.frombuffer(wav.readframes(frames), dtype="<i2").astype(np.int32)
        assert 0 < frames / 44_100 < 1.0, name
        assert np.abs(data).max() < 32_000, name
        assert np.abs(data).max() > 8_000, name
        assert abs(data[0]) < 500 and abs(data[-1]) < 500, name


def test_sounds_load_or_are_none(assets: Assets) -> None:
    """sound() gives a Sound under a second (or None without audio); unknown names are refused."""
    for name in SOUND_NAMES:
        effect = assets.sound(name)
        if effect is not None:
            assert 0.0 < effect.get_length() < 1.0
    assets.play("click")
    with pytest.raises(AssetError):
        assets.sound("fanfare")


def test_sound_is_none_without_audio(monkeypatch: pytest.MonkeyPatch) -> None:
    """When the mixer cannot start, sound() gives None, play() is silent, and init is tried once."""
    calls: list[int] = []

    def failing_init(*args: object, **kwargs: object) -> None:
        """Stand in for a machine without an audio device."""
        calls.append(1)
        raise pygame.error("no audio device")

    monkeypatch.setattr(pygame.mixer, "get_init", lambda: None)
    monkeypatch.setattr(pygame.mixer, "init", failing_init)
    fresh = Assets()
    assert fresh.sound("click") is None and fresh.sound("news") is None
    fresh.play("turn_end")
    assert len(calls) == 1
