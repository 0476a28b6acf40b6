"""The world map of the turn screen: real country shapes, flags, relations, sanctions and blocs.

`MapSnapshot.from_session(session, player)` takes what the map shows from the session;
`WorldMap` draws it into a rectangle on cached Surfaces (rebuilt only when the snapshot, the
rectangle, the zoom, the scale or the palette changes), answers hover and clicks, and gives the
tooltip text of whatever is under the mouse.  Mouse wheel zooms, dragging pans.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pygame

from leverage.ui.charts import ChartStyle, blit_text, dashed_line, format_value, style_from_app

Colour = tuple[int, int, int]
#: How many projected maps and base images (per size and view) the app keeps between screens.
SHARED_LIMIT = 8

#: Indicators shown in a country's map tooltip: (name, label).
TOOLTIP_INDICATORS: tuple[tuple[str, str], ...] = (
    ("gdp", "GDP"),
    ("growth", "Growth"),
    ("inflation", "Inflation"),
    ("reserves", "Usable reserves"),
    ("stability", "Stability"),
)


def relation_word(score: float) -> str:
    """A word for a relation score from -100 to +100."""
    if score <= -60:
        return "hostile"
    if score <= -20:
        return "tense"
    if score < 20:
        return "neutral"
    if score < 60:
        return "friendly"
    return "allied"


def signed(value: float) -> str:
    """A whole number with its sign (+12, -40, 0)."""
    number = round(value)
    return f"+{number}" if number > 0 else str(number)


def parse_colour(value: Any, default: Colour = (160, 160, 160)) -> Colour:
    """An RGB tuple from a hex string, a name or a tuple (default when unusable)."""
    try:
        colour = pygame.Color(value)
    except (TypeError, ValueError):
        return default
    return (colour.r, colour.g, colour.b)


def mix(a: Colour, b: Colour, t: float) -> Colour:
    """Blend colour a toward b by t in 0..1."""
    t = min(1.0, max(0.0, t))
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t),
            round(a[2] + (b[2] - a[2]) * t))


@dataclass(frozen=True)
class MapSnapshot:
    """What the map shows at one moment: countries, relations, trade, sanctions and blocs."""

    codes: tuple[str, ...]
    names: tuple[str, ...]
    colours: tuple[Colour, ...]
    player: str | None
    relations: np.ndarray                # (N, N) -100..100
    trade: np.ndarray                    # (N, N) exports i -> j, $bn a year
    sanctions: np.ndarray                # (N, N, KS) level 0..1, by i on j
    sanction_kinds: tuple[str, ...]
    blocs: np.ndarray                    # (N, M) 0/1
    bloc_ids: tuple[str, ...]
    bloc_names: tuple[str, ...]
    facts: tuple[tuple[str, ...], ...]   # per country: tooltip lines on its indicators
    version: tuple[Any, ...] = field(default=())

    @staticmethod
    def from_session(session: Any, player: str | None) -> MapSnapshot:
        """Read the current state of a Session (B = 1)."""
        from leverage.core.vocab import SANCTION_KINDS, indicator

        world, state = session.world, session.state
        facts = []
        for i in range(world.n):
            lines = []
            for name, label in TOOLTIP_INDICATORS:
                try:
                    value = float(state.get(name, world.params)[0, i])
                except (KeyError, ValueError, IndexError):
                    continue
                lines.append(f"{label}: {format_value(value, indicator(name).unit)}")
            facts.append(tuple(lines))
        return MapSnapshot(
            codes=tuple(world.codes), names=tuple(world.names),
            colours=tuple(parse_colour(c) for c in world.colours), player=player,
            relations=np.asarray(state.relations[0], dtype=float),
            trade=np.asarray(state.trade[0], dtype=float),
            sanctions=np.asarray(state.sanctions[0], dtype=float),
            sanction_kinds=tuple(SANCTION_KINDS),
            blocs=np.asarray(state.blocs[0], dtype=float),
            bloc_ids=tuple(world.bloc_ids), bloc_names=tuple(world.bloc_names),
            facts=tuple(facts),
            version=(len(getattr(session, "states", ())), state.turn, player),
        )

    def index(self, code: str) -> int:
        """Index of a scenario country (ValueError if absent)."""
        return self.codes.index(code)


@dataclass
class _Layout:
    """Where things are on screen after the last redraw."""

    flags: dict[str, pygame.Rect] = field(default_factory=dict)
    anchors: dict[str, tuple[float, float]] = field(default_factory=dict)
    hotspots: list[tuple[pygame.Rect, str]] = field(default_factory=list)
    legend: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))
    #: Rectangles already holding a label, chip or badge (later ones keep clear of them).
    taken: list[pygame.Rect] = field(default_factory=list)


class WorldMap:
    """The map widget: draw(surface), handle(event), hovered/selected, tooltip()."""

    def __init__(self, app: Any, rect: pygame.Rect | None = None) -> None:
        """Bind to the app's assets, palette and scale; nothing is drawn until `draw`."""
        self.app = app
        self.rect = pygame.Rect(rect or (0, 0, 640, 360))
        self.snapshot: MapSnapshot | None = None
        self.selected: str | None = None
        self.hovered: str | None = None
        self.hover_text: str | None = None
        self.show_legend = True
        #: False: the key is left out rather than drawn over a flag, label, chip or badge.
        self.legend_may_cover = True
        self._zoom_view: Any = None
        self._projected: Any = None
        self._region: tuple[tuple[str, ...], Any] | None = None
        self._projected_key: tuple[Any, ...] | None = None
        self._base: pygame.Surface | None = None
        self._base_key: tuple[Any, ...] | None = None
        self._overlay: pygame.Surface | None = None
        self._overlay_key: tuple[Any, ...] | None = None
        self._composite: pygame.Surface | None = None
        self._layout = _Layout()
        self._drag_from: tuple[int, int] | None = None
        self._dragged = False
        self._mouse: tuple[int, int] | None = None
        self._style_cache: tuple[Any, ChartStyle] | None = None
        self.redraws = 0

    # ------------------------------------------------------------------ inputs

    def set_rect(self, rect: pygame.Rect) -> None:
        """Move or resize the map (caches rebuild on the next draw)."""
        self.rect = pygame.Rect(rect)

    def set_snapshot(self, snapshot: MapSnapshot) -> None:
        """Show a new state; keeps the selection when the country still exists."""
        self.snapshot = snapshot
        if self.selected not in snapshot.codes:
            self.selected = snapshot.player if snapshot.player in snapshot.codes else (
                snapshot.codes[0] if snapshot.codes else None)

    def select(self, code: str | None) -> bool:
        """Select a scenario country; True when the selection changed."""
        if self.snapshot is None or code not in self.snapshot.codes or code == self.selected:
            return False
        self.selected = code
        return True

    def reset_view(self) -> None:
        """Back to the scenario's region."""
        self._zoom_view = None

    def handle(self, event: pygame.event.Event) -> bool:
        """Hover, click to select, wheel to zoom, drag to pan; True when the selection changed."""
        if event.type == pygame.MOUSEMOTION:
            self._on_motion(event.pos, event.buttons)
            return False
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and self.rect.collidepoint(
                event.pos):
            self._drag_from = event.pos
            self._dragged = False
            return False
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            start, self._drag_from = self._drag_from, None
            if start is None or self._dragged or not self.rect.collidepoint(event.pos):
                return False
            return self.select(self.code_at(event.pos))
        if event.type == pygame.MOUSEWHEEL and self._mouse and self.rect.collidepoint(self._mouse):
            self._zoom(1.25 if event.y > 0 else 0.8, self._mouse)
            return False
        return False

    def _on_motion(self, pos: tuple[int, int], buttons: Sequence[int]) -> None:
        """Track hover and drag-panning."""
        self._mouse = pos
        if self._drag_from is not None and buttons and buttons[0]:
            dx, dy = pos[0] - self._drag_from[0], pos[1] - self._drag_from[1]
            if self._dragged or abs(dx) + abs(dy) > max(4, self._style().s(5)):
                self._dragged = True
                self._pan(dx, dy)
                self._drag_from = pos
        self.hover(pos)

    def hover(self, pos: tuple[int, int]) -> None:
        """Update what is under the mouse."""
        self._mouse = pos
        if not self.rect.collidepoint(pos):
            self.hovered, self.hover_text = None, None
            return
        local = (pos[0] - self.rect.x, pos[1] - self.rect.y)
        for rect, text in self._layout.hotspots:
            if rect.collidepoint(local):
                self.hovered, self.hover_text = None, text
                return
        code = self.code_at(pos)
        self.hovered = code
        self.hover_text = self.country_tooltip(code) if code else None

    def tooltip(self) -> str | None:
        """Text for whatever is under the mouse (country, sanction badge, relation line)."""
        return self.hover_text

    # ------------------------------------------------------------------ geometry

    def _style(self) -> ChartStyle:
        """Chart style from the app (scale, palette, fonts), made again only when the scale or
        the palette changes (placing the flags asks for it thousands of times)."""
        key = (self.app.scale, self._palette().name)
        if self._style_cache is None or self._style_cache[0] != key:
            self._style_cache = (key, style_from_app(self.app))
        return self._style_cache[1]

    def _data(self) -> Any:
        """The map data from the shared assets."""
        return self.app.assets.map()

    def _view(self) -> Any:
        """The lon/lat window: the zoomed one, or the scenario's region."""
        if self._zoom_view is not None:
            return self._zoom_view
        codes = self.snapshot.codes if self.snapshot else ()
        if self._region is None or self._region[0] != codes:
            self._region = (codes, self._data().view_for(codes, margin=10.0))
        return self._region[1]

    def projected(self) -> Any:
        """The ProjectedMap for the current rectangle and view (cached)."""
        from leverage.ui.assets import ProjectedMap

        view = self._view()
        key = (self.rect.size, view)
        if self._projected is None or self._projected_key != key:
            shared = self._shared("map_projected")
            projected = shared.get(key)
            if projected is None:
                local = pygame.Rect(0, 0, self.rect.width, self.rect.height)
                projected = ProjectedMap(self._data(), local, view)
                self._remember(shared, key, projected)
            self._projected = projected
            self._projected_key = key
        return self._projected

    def _shared(self, name: str) -> dict[Any, Any]:
        """A cache kept on the app, so a map reopened at a size seen before costs nothing."""
        cache = getattr(self.app, "cache", None)
        if not isinstance(cache, dict):
            return {}
        found = cache.get(name)
        if not isinstance(found, dict):
            found = {}
            cache[name] = found
        return found

    @staticmethod
    def _remember(shared: dict[Any, Any], key: Any, value: Any) -> None:
        """Store a value in a shared cache, forgetting the oldest beyond SHARED_LIMIT entries."""
        shared.pop(key, None)
        shared[key] = value
        while len(shared) > SHARED_LIMIT:
            shared.pop(next(iter(shared)))

    def code_at(self, pos: tuple[int, int]) -> str | None:
        """The country under a screen position: flags first, then shapes."""
        if not self.rect.collidepoint(pos):
            return None
        local = (pos[0] - self.rect.x, pos[1] - self.rect.y)
        for code, rect in self._layout.flags.items():
            if rect.collidepoint(local):
                return code
        found: str | None = self.projected().country_at(local)
        if found is not None:
            return found
        reach = float(self._style().s(12))
        best: tuple[float, str] | None = None
        for name, (x, y) in self._layout.anchors.items():
            distance = math.hypot(x - local[0], y - local[1])
            if distance <= reach and (best is None or distance < best[0]):
                best = (distance, name)
        return best[1] if best else None

    def flag_rect(self, code: str) -> pygame.Rect | None:
        """Screen rectangle of a scenario country's flag (after a draw)."""
        rect = self._layout.flags.get(code)
        return rect.move(self.rect.topleft) if rect is not None else None

    def country_point(self, code: str) -> tuple[int, int] | None:
        """A screen point inside a country (its label point), if it is on the map."""
        data = self._data()
        if code not in data:
            return None
        x, y = self.projected().label_point(code)
        return (x + self.rect.x, y + self.rect.y)

    def _zoom(self, factor: float, pos: tuple[int, int]) -> None:
        """Zoom around a screen position."""
        from leverage.ui.assets import unproject

        view = self._view()
        local = (pos[0] - self.rect.x, pos[1] - self.rect.y)
        lon, lat = unproject(np.array(local, dtype=float), (0, 0, *self.rect.size), view)
        if not (math.isfinite(lon) and math.isfinite(lat)):
            return
        width = view.lon_max - view.lon_min
        if factor > 1 and width < 12:
            return
        if factor < 1 and width >= 359:
            self._zoom_view = None
            return
        self._zoom_view = view.zoomed(factor, (float(lon), float(lat)))

    def _pan(self, dx: int, dy: int) -> None:
        """Move the view by a drag of dx, dy pixels."""
        view = self._view()
        width = max(1, self.rect.width)
        height = max(1, self.rect.height)
        dlon = -dx / width * (view.lon_max - view.lon_min)
        dlat = dy / height * (view.lat_max - view.lat_min)
        self._zoom_view = view.panned(dlon, dlat)

    # ------------------------------------------------------------------ drawing

    def _palette(self) -> Any:
        """The app's palette."""
        return self.app.palette

    def _wanted_base_key(self) -> tuple[Any, ...]:
        """What the base image depends on: size, view, palette, countries, scale."""
        snap = self.snapshot
        return (self.rect.size, self._view(), self._palette().name, snap.codes if snap else (),
                snap.colours if snap else (), self.app.scale)

    def _wanted_overlay_key(self) -> tuple[Any, ...]:
        """What the overlay depends on: the base, the snapshot, the selection, the legend."""
        snap = self.snapshot
        return (self._wanted_base_key(), snap.version if snap else None, id(snap), self.selected,
                self.show_legend)

    def ready(self) -> bool:
        """True when drawing costs only a blit (nothing to project or render first)."""
        if self.rect.width < 20 or self.rect.height < 20:
            return True
        return (self._composite is not None and self._overlay_key == self._wanted_overlay_key())

    def draw_placeholder(self, surface: pygame.Surface) -> None:
        """The sea colour (or the last image) where the map will be, while it is being drawn."""
        if self._composite is not None and self._composite.get_size() == self.rect.size:
            surface.blit(self._composite, self.rect)
            return
        surface.fill(self._palette().sea, self.rect)

    def draw(self, surface: pygame.Surface) -> None:
        """Blit the cached map and overlay, then the hover and selection outlines."""
        if self.rect.width < 20 or self.rect.height < 20:
            return
        self._ensure_base()
        self._ensure_overlay()
        assert self._composite is not None
        surface.blit(self._composite, self.rect)
        if self.hovered and self.hovered != self.selected:
            self._outline(surface, self.hovered, self._palette().text, 1)

    def _outline(self, surface: pygame.Surface, code: str, colour: Colour, width: int) -> None:
        """Outline one country, clipped to the map."""
        if not surface.get_rect().contains(self.rect):
            return  # the window shrank under this map; it is laid out again before it shows
        layer = surface.subsurface(self.rect)
        self.projected().outline(layer, code, colour, max(1, width))

    def _fills(self) -> dict[str, Colour]:
        """Scenario countries' fill colours, softened toward the land colour."""
        palette = self._palette()
        snap = self.snapshot
        if snap is None:
            return {}
        return {code: mix(colour, palette.land, 0.25) for code, colour in zip(snap.codes, snap.colours,
                                                                               strict=True)}

    def _ensure_base(self) -> None:
        """Draw sea, graticule, land and borders when the size, view, palette or countries change."""
        palette = self._palette()
        snap = self.snapshot
        key = self._wanted_base_key()
        if self._base is not None and self._base_key == key:
            return
        shared = self._shared("map_base")
        if key in shared:
            self._base = shared[key]
            self._base_key = key
            return
        base = pygame.Surface(self.rect.size)
        base.fill(palette.sea)
        self._graticule(base)
        land = pygame.Surface(self.rect.size, pygame.SRCALPHA)
        border = mix(palette.land, palette.sea, 0.45)
        self.projected().draw(land, self._fills(), land=palette.land, ocean=None,
                              border=border, border_width=1)
        if snap is not None:
            for code in snap.codes:
                self.projected().outline(land, code, mix(palette.text, palette.land, 0.35), 1)
        base.blit(land, (0, 0))
        self._base = base
        self._base_key = key
        self._remember(shared, key, base)
        self.redraws += 1

    def _graticule(self, base: pygame.Surface) -> None:
        """Faint meridians and parallels every 30 degrees (the land is drawn over them)."""
        from leverage.ui.assets import project

        palette = self._palette()
        colour = mix(palette.sea, palette.text, 0.06)
        rect = (0, 0, *self.rect.size)
        view = self._view()
        for lon in range(-180, 181, 30):
            pts = project(np.array([[lon, lat] for lat in range(-80, 81, 5)], dtype=float), rect, view)
            pygame.draw.lines(base, colour, False, [tuple(p) for p in pts], 1)
        for lat in range(-60, 81, 30):
            pts = project(np.array([[lon, lat] for lon in range(-180, 181, 5)], dtype=float), rect, view)
            pygame.draw.lines(base, colour, False, [tuple(p) for p in pts], 1)

    def _ensure_overlay(self) -> None:
        """Draw relation lines, sanctions, flags, blocs and the legend when anything changes."""
        snap = self.snapshot
        key = self._wanted_overlay_key()
        if self._overlay is not None and self._overlay_key == key:
            return
        overlay = pygame.Surface(self.rect.size, pygame.SRCALPHA)
        self._layout = _Layout()
        if snap is not None and self.selected:
            palette = self._palette()
            self.projected().outline(overlay, self.selected, (*palette.focus, 255),
                                     max(2, self._style().s(2)))
        if snap is not None:
            self._place_flags(snap)
            self._draw_relations(overlay, snap)
            self._draw_sanctions(overlay, snap)
            self._draw_flags(overlay, snap)
            if self.show_legend:
                self._draw_legend(overlay, snap)
        self._overlay = overlay
        self._overlay_key = key
        assert self._base is not None
        self._composite = self._base.copy()
        self._composite.blit(overlay, (0, 0))

    def _place_flags(self, snap: MapSnapshot) -> None:
        """Flag rectangles at label points, pushed apart where they would overlap."""
        style = self._style()
        data = self._data()
        size = (style.s(30), style.s(20))
        bounds = pygame.Rect(0, 0, *self.rect.size).inflate(-style.s(4), -style.s(4))
        rects: dict[str, pygame.Rect] = {}
        for code in snap.codes:
            if code not in data:
                continue
            x, y = self.projected().label_point(code)
            self._layout.anchors[code] = (float(x), float(y))
            rect = pygame.Rect(0, 0, *size)
            rect.center = (x, y)
            rects[code] = rect
        gap = style.s(6)
        labels = {code: self._label_size(code, snap) for code in rects}
        for _ in range(12):
            moved = False
            items = list(rects.items())
            grown = [self._label_area(ra, labels[ca]).inflate(gap, gap) for ca, ra in items]
            for k, (_, ra) in enumerate(items):
                for j, (_, rb) in enumerate(items[k + 1:], k + 1):
                    # whole flag-and-label areas: a wide label ('TUR (you)') needs more room
                    if grown[k].colliderect(grown[j]):
                        push = max(2, style.s(6))
                        if ra.centery <= rb.centery:
                            ra.move_ip(0, -push)
                            rb.move_ip(0, push)
                        else:
                            ra.move_ip(0, push)
                            rb.move_ip(0, -push)
                        grown[k] = self._label_area(ra, labels[items[k][0]]).inflate(gap, gap)
                        grown[j] = self._label_area(rb, labels[items[j][0]]).inflate(gap, gap)
                        moved = True
            if not moved:
                break
        for code, rect in rects.items():
            rect.clamp_ip(bounds)
            if bounds.contains(rect):
                self._layout.flags[code] = rect
                self._layout.anchors[code] = (float(rect.centerx), float(rect.centery))
                self._layout.taken.append(self._flag_label_area(code, rect, snap))

    def _flag_label_area(self, code: str, rect: pygame.Rect, snap: MapSnapshot) -> pygame.Rect:
        """The flag, its code label ('VEN (you)') and bloc dots as one rectangle."""
        return self._label_area(rect, self._label_size(code, snap))

    def _label_size(self, code: str, snap: MapSnapshot) -> tuple[int, int]:
        """The size of a flag's code label ('VEN (you)')."""
        label = code + (" (you)" if code == snap.player else "")
        w, h = self._style().font(11, True).size(label)
        return int(w), int(h)

    def _label_area(self, rect: pygame.Rect, label: tuple[int, int]) -> pygame.Rect:
        """A flag's rectangle grown to hold its label (of size `label`) and bloc dots."""
        style = self._style()
        area = pygame.Rect(0, 0, max(rect.width + style.s(10), label[0] + style.s(4)),
                           rect.height + label[1] + style.s(4))
        area.midtop = (rect.centerx, rect.top - style.s(2))
        return area

    def _free_spot(self, points: Sequence[tuple[float, float]], size: tuple[int, int],
                   fractions: Sequence[float] = (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78)
                   ) -> pygame.Rect:
        """A rectangle of `size` centred on the curve at the first fraction of its length where
        it touches nothing already placed, else beside the curve; the middle when crowded."""
        best: pygame.Rect | None = None
        step = max(size)
        for shift in (0, 1, -1, 2, -2):
            for fraction in fractions:
                rect = pygame.Rect(0, 0, *size)
                rect.center = _beside(points, fraction, shift * step)
                best = best or rect
                if rect.collidelist(self._layout.taken) < 0:
                    self._layout.taken.append(rect)
                    return rect
        assert best is not None
        self._layout.taken.append(best)
        return best

    def _draw_relations(self, overlay: pygame.Surface, snap: MapSnapshot) -> None:
        """Curved lines between scenario countries: colour = relation, width = trade."""
        palette = self._palette()
        style = self._style()
        anchors = self._layout.anchors
        codes = [c for c in snap.codes if c in self._layout.flags]
        pairs = []
        for a_k, a in enumerate(codes):
            for b in codes[a_k + 1:]:
                i, j = snap.index(a), snap.index(b)
                trade = float(snap.trade[i, j] + snap.trade[j, i])
                rel = float(snap.relations[i, j])
                pairs.append((a, b, rel, trade, float(snap.trade[i, j]), float(snap.trade[j, i])))
        top_trade = max([p[3] for p in pairs] + [1e-9])
        focus = self.selected
        # faint lines first, the selected country's on top
        pairs.sort(key=lambda p: (focus in (p[0], p[1]), p[3]))
        for a, b, rel, trade, ab, ba in pairs:
            involved = focus in (a, b)
            if not involved and abs(rel) < 15 and trade < 0.05 * top_trade:
                continue
            colour = palette.relation_colour(rel)
            width = style.s(1) + round(style.s(7) * math.sqrt(max(0.0, trade) / top_trade))
            alpha = 235 if involved or focus is None else 95
            if not involved:
                width = max(1, width // 2)
            points = _curve(anchors[a], anchors[b], 0.12)
            pygame.draw.lines(overlay, (*colour, alpha), False, points, max(1, width))
            mid = points[len(points) // 2]
            if involved:
                mid = self._relation_chip(overlay, points, rel, colour)
            na, nb = snap.names[snap.index(a)], snap.names[snap.index(b)]
            text = (f"{na} – {nb}: relation {signed(rel)} ({relation_word(rel)})\n"
                    f"{na} sells {nb} {format_value(ab, '$bn')} a year\n"
                    f"{nb} sells {na} {format_value(ba, '$bn')} a year\n"
                    "Line colour shows the relation, its width the trade between them.")
            hot = pygame.Rect(0, 0, style.s(18), style.s(18))
            hot.center = (round(mid[0]), round(mid[1]))
            self._layout.hotspots.append((hot, text))

    def _relation_chip(self, overlay: pygame.Surface, points: Sequence[tuple[float, float]],
                       rel: float, colour: Colour) -> tuple[float, float]:
        """A small rounded chip with the relation score on a line, where it covers no flag,
        label or other chip; returns its centre."""
        style = self._style()
        palette = self._palette()
        font = style.font(10, True)
        text = font.render(signed(rel), True, palette.text)
        size = text.get_rect().inflate(style.s(8), style.s(2)).size
        rect = self._free_spot(points, (size[0] + style.s(2), size[1] + style.s(2)))
        rect = rect.inflate(-style.s(2), -style.s(2))
        pygame.draw.rect(overlay, (*palette.bg, 225), rect, border_radius=rect.height // 2)
        pygame.draw.rect(overlay, (*colour, 255), rect, 1, border_radius=rect.height // 2)
        overlay.blit(text, text.get_rect(center=rect.center))
        return (float(rect.centerx), float(rect.centery))

    def _draw_sanctions(self, overlay: pygame.Surface, snap: MapSnapshot) -> None:
        """Red dashed arrows from sanctioner to target, with a badge counting the kinds."""
        palette = self._palette()
        style = self._style()
        anchors = self._layout.anchors
        red = palette.bad
        for i, a in enumerate(snap.codes):
            for j, b in enumerate(snap.codes):
                if i == j or a not in self._layout.flags or b not in self._layout.flags:
                    continue
                levels = snap.sanctions[i, j]
                kinds = [(snap.sanction_kinds[k], float(levels[k])) for k in range(len(levels))
                         if levels[k] > 0.01]
                if not kinds:
                    continue
                points = _curve(anchors[a], anchors[b], -0.2)
                end_gap = style.s(18)
                trimmed = _trim(points, style.s(16), end_gap)
                for p, q in zip(trimmed, trimmed[1:], strict=False):
                    dashed_line(overlay, (*red, 235), p, q, max(2, style.s(2)), style.s(5), style.s(4))
                if len(trimmed) >= 2:
                    _arrow_head(overlay, trimmed[-2], trimmed[-1], (*red, 255), style.s(9))
                badge = self._free_spot(trimmed or points, (style.s(18), style.s(18)))
                pygame.draw.circle(overlay, (*red, 255), badge.center, badge.width // 2)
                pygame.draw.circle(overlay, (255, 255, 255, 255), badge.center, badge.width // 2, 1)
                blit_text(overlay, style.font(10, True), str(len(kinds)), (255, 255, 255),
                          badge.center, "center")
                na, nb = snap.names[i], snap.names[j]
                lines = [f"Sanctions by {na} on {nb}:"]
                lines += [f"  {kind}: level {round(level * 100)}%" for kind, level in kinds]
                self._layout.hotspots.append((badge.inflate(style.s(4), style.s(4)), "\n".join(lines)))

    def _draw_flags(self, overlay: pygame.Surface, snap: MapSnapshot) -> None:
        """Flags with codes, the player's star, the selection ring and bloc dots."""
        palette = self._palette()
        style = self._style()
        font = style.font(11, True)
        for code, rect in self._layout.flags.items():
            i = snap.index(code)
            if code == self.selected:
                pygame.draw.rect(overlay, (*palette.focus, 255), rect.inflate(style.s(6), style.s(6)),
                                 max(2, style.s(2)), border_radius=style.s(3))
            shadow = rect.move(style.s(2), style.s(2))
            pygame.draw.rect(overlay, (0, 0, 0, 120), shadow, border_radius=style.s(2))
            overlay.blit(self.app.assets.flag(code, rect.size), rect)
            pygame.draw.rect(overlay, (*palette.text, 200), rect, 1)
            label = code + (" (you)" if code == snap.player else "")
            text = font.render(label, True, palette.text)
            halo = font.render(label, True, palette.bg)
            pos = text.get_rect(midtop=(rect.centerx, rect.bottom + style.s(2)))
            for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1)):
                overlay.blit(halo, pos.move(dx, dy))
            overlay.blit(text, pos)
            members = [m for m in range(snap.blocs.shape[1]) if snap.blocs[i, m] > 0]
            for k, m in enumerate(members):
                centre = (rect.right + style.s(5), rect.top + style.s(4) + k * style.s(8))
                pygame.draw.circle(overlay, (*self._bloc_colour(m), 255), centre, style.s(3.5))
                pygame.draw.circle(overlay, (*palette.bg, 255), centre, style.s(3.5), 1)

    def _bloc_colour(self, m: int) -> Colour:
        """A distinct colour for bloc m (from the end of the series list, away from lines)."""
        series = self._palette().series
        colour: Colour = series[(len(series) - 1 - m) % len(series)]
        return colour

    def _draw_legend(self, overlay: pygame.Surface, snap: MapSnapshot) -> None:
        """A compact key: relation colours, line width, sanction arrows and bloc dots."""
        palette = self._palette()
        style = self._style()
        font = style.font(10)
        pad = style.s(6)
        line_h = font.get_linesize()
        blocs = [(m, snap.bloc_names[m] or snap.bloc_ids[m]) for m in range(len(snap.bloc_ids))
                 if snap.blocs[:, m].any()]
        bar_w = style.s(90)
        rows = 3 + len(blocs)
        width = max(bar_w + font.size("allied")[0] + font.size("hostile")[0] + style.s(16),
                    *(font.size(f"member of {name}")[0] + style.s(22) for _, name in blocs),
                    font.size("line width = trade")[0] + style.s(26))
        height = rows * line_h + 2 * pad
        if width + 2 * pad > self.rect.width * 0.5 or height > self.rect.height * 0.6:
            return
        box = self._legend_box(width + 2 * pad, height)
        if not self.legend_may_cover and box.collidelist(self._layout.taken) >= 0:
            return
        pygame.draw.rect(overlay, (*palette.bg, 200), box, border_radius=style.s(4))
        x, y = box.x + pad, box.y + pad
        w1 = blit_text(overlay, font, "hostile", palette.text_dim, (x, y)).width
        for k in range(bar_w):
            colour = palette.relation_colour(-100 + 200 * k / max(1, bar_w - 1))
            pygame.draw.line(overlay, (*colour, 255), (x + w1 + style.s(4) + k, y + style.s(3)),
                             (x + w1 + style.s(4) + k, y + line_h - style.s(3)))
        blit_text(overlay, font, "allied", palette.text_dim, (x + w1 + bar_w + style.s(8), y))
        y += line_h
        for k, width_px in enumerate((1, 3, 6)):
            cx = x + k * style.s(7)
            pygame.draw.line(overlay, (*palette.text_dim, 255), (cx, y + line_h - style.s(3)),
                             (cx + style.s(5), y + style.s(3)), style.s(width_px / 2) or 1)
        blit_text(overlay, font, "line width = trade", palette.text_dim, (x + style.s(24), y))
        y += line_h
        dashed_line(overlay, (*palette.bad, 255), (x, y + line_h / 2), (x + style.s(18), y + line_h / 2),
                    2, 4, 3)
        blit_text(overlay, font, "sanctions (arrow to target)", palette.text_dim, (x + style.s(24), y))
        y += line_h
        for m, name in blocs:
            pygame.draw.circle(overlay, (*self._bloc_colour(m), 255), (x + style.s(9), y + line_h // 2),
                               style.s(3.5))
            blit_text(overlay, font, f"member of {name}", palette.text_dim, (x + style.s(24), y))
            y += line_h
        self._layout.legend = box

    def _legend_box(self, width: int, height: int) -> pygame.Rect:
        """The corner for the key that covers the fewest flags, labels, chips and badges
        (bottom right first: the map's corners there are mostly ocean)."""
        m = self._style().s(6)
        w, h = self.rect.size
        corners = [pygame.Rect(w - width - m, h - height - m, width, height),
                   pygame.Rect(m, h - height - m, width, height),
                   pygame.Rect(w - width - m, m, width, height),
                   pygame.Rect(m, m, width, height)]
        return min(corners, key=lambda box: len(box.collidelistall(self._layout.taken)))

    # ------------------------------------------------------------------ tooltips

    def country_tooltip(self, code: str) -> str:
        """Name, relation with the player, key indicators, blocs and sanctions of a country."""
        snap = self.snapshot
        data = self._data()
        if snap is None or code not in snap.codes:
            name = data[code].name if code in data else code
            return f"{name}\nNot part of this scenario."
        i = snap.index(code)
        lines = [snap.names[i] + (" (you)" if code == snap.player else "")]
        if snap.player in snap.codes and code != snap.player:
            rel = float(snap.relations[snap.index(snap.player), i])
            lines.append(f"Relation with you: {signed(rel)} ({relation_word(rel)})")
        lines.extend(snap.facts[i])
        members = [snap.bloc_names[m] or snap.bloc_ids[m] for m in range(snap.blocs.shape[1])
                   if snap.blocs[i, m] > 0]
        if members:
            lines.append("Member of: " + ", ".join(members))
        on_it = [snap.codes[a] for a in range(len(snap.codes)) if snap.sanctions[a, i].max() > 0.01]
        if on_it:
            lines.append("Sanctioned by: " + ", ".join(on_it))
        if code != self.selected:
            lines.append("Click to select.")
        return "\n".join(lines)


def _beside(points: Sequence[tuple[float, float]], fraction: float,
            offset: float) -> tuple[int, int]:
    """The point at `fraction` of a polyline, moved `offset` pixels across it."""
    k = min(len(points) - 1, max(0, round(fraction * (len(points) - 1))))
    x, y = points[k]
    if offset and len(points) > 1:
        (x0, y0), (x1, y1) = points[max(0, k - 1)], points[min(len(points) - 1, k + 1)]
        length = math.hypot(x1 - x0, y1 - y0) or 1.0
        x, y = x - (y1 - y0) / length * offset, y + (x1 - x0) / length * offset
    return (round(x), round(y))


def _curve(a: tuple[float, float], b: tuple[float, float], bend: float,
           steps: int = 16) -> list[tuple[float, float]]:
    """Points of a quadratic curve from a to b, bulging sideways by `bend` of its length."""
    (x0, y0), (x1, y1) = a, b
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    dx, dy = x1 - x0, y1 - y0
    cx, cy = mx - dy * bend, my + dx * bend
    points = []
    for k in range(steps + 1):
        t = k / steps
        u = 1 - t
        points.append((u * u * x0 + 2 * u * t * cx + t * t * x1, u * u * y0 + 2 * u * t * cy + t * t * y1))
    return points


def _trim(points: list[tuple[float, float]], start: float, end: float) -> list[tuple[float, float]]:
    """Drop the parts of a polyline within `start` px of its first and `end` px of its last point."""
    if len(points) < 2:
        return points
    first, last = points[0], points[-1]
    kept = [p for p in points if math.dist(p, first) >= start and math.dist(p, last) >= end]
    return kept if len(kept) >= 2 else points[len(points) // 3: 2 * len(points) // 3 + 1]


def _arrow_head(surface: pygame.Surface, a: tuple[float, float], b: tuple[float, float],
                colour: tuple[int, int, int, int], size: int) -> None:
    """A filled triangle at b pointing away from a."""
    angle = math.atan2(b[1] - a[1], b[0] - a[0])
    left = (b[0] - size * math.cos(angle - 0.45), b[1] - size * math.sin(angle - 0.45))
    right = (b[0] - size * math.cos(angle + 0.45), b[1] - size * math.sin(angle + 0.45))
    pygame.draw.polygon(surface, colour, [b, left, right])
