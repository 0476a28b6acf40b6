"""Charts drawn with pygame.draw onto Surfaces: sparkline, line chart, fan chart and "why" chart.

Every function returns a `ChartSurface`: a pygame Surface that also carries `hotspots`, the
rectangles (in the chart's own coordinates) that explain a number when the mouse is over them.
Callers cache the result and redraw only when the data, size, scale or palette changes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pygame

from leverage.ui.widgets import ellipsize

Colour = tuple[int, int, int]
FontFn = Callable[[int, bool], pygame.font.Font]

#: Okabe-Ito colours: distinguishable with every common kind of colour blindness.
SERIES_COLOURS: tuple[Colour, ...] = (
    (86, 180, 233),
    (230, 159, 0),
    (0, 158, 115),
    (204, 121, 167),
    (240, 228, 66),
    (213, 94, 0),
    (0, 114, 178),
    (200, 200, 200),
)


@dataclass
class ChartStyle:
    """Colours, fonts and scale shared by every chart."""

    scale: float = 1.0
    background: Colour | None = (24, 30, 41)
    panel: Colour = (31, 39, 52)
    text: Colour = (232, 236, 242)
    muted: Colour = (150, 160, 176)
    grid: Colour = (48, 58, 74)
    axis: Colour = (96, 108, 126)
    series: tuple[Colour, ...] = SERIES_COLOURS
    positive: Colour = (0, 158, 115)
    negative: Colour = (213, 94, 0)
    highlight: Colour = (240, 228, 66)
    history: Colour = (255, 255, 255)
    font_fn: FontFn | None = None
    #: where drawn text is recorded for the layout checks (the app's TextLog), or None
    log: Any = field(default=None, repr=False, compare=False)
    _fonts: dict[tuple[int, bool], pygame.font.Font] = field(default_factory=dict, repr=False)

    def s(self, px: float) -> int:
        """Scale a size in pixels by the UI scale (at least 1)."""
        return max(1, round(px * self.scale))

    def font(self, px: int, bold: bool = False) -> pygame.font.Font:
        """Return a font `px` pixels tall at scale 1, scaled and cached."""
        size = self.s(px)
        key = (size, bold)
        cached = self._fonts.get(key)
        if cached is None:
            cached = _make_font(self.font_fn, size, bold)
            self._fonts[key] = cached
        return cached

    def colour(self, index: int) -> Colour:
        """The series colour number `index` (cycling)."""
        return self.series[index % len(self.series)]

    def key(self) -> tuple[Any, ...]:
        """A hashable summary used by callers to know when cached charts are stale."""
        return (self.scale, self.background, self.text, self.series, self.positive, self.negative)


def _make_font(font_fn: FontFn | None, size: int, bold: bool) -> pygame.font.Font:
    """Build a font with the given function, or pygame's default font."""
    if not pygame.font.get_init():
        pygame.font.init()
    if font_fn is not None:
        return font_fn(size, bold)
    font = pygame.font.Font(None, round(size * 1.3))
    font.set_bold(bold)
    return font


def _rgb(value: Any, default: Colour) -> Colour:
    """Turn a pygame Color, a tuple or a hex string into an RGB tuple (default when unusable)."""
    try:
        colour = pygame.Color(value)
    except (TypeError, ValueError):
        return default
    return (colour.r, colour.g, colour.b)


def style_from_app(app: Any) -> ChartStyle:
    """A ChartStyle taking the app's scale, palette colours and fonts where they exist."""
    palette = getattr(app, "palette", None)
    base = ChartStyle()
    scale = float(getattr(app, "scale", 1.0) or 1.0)

    def pick(names: Sequence[str], default: Colour) -> Colour:
        """The first palette colour among `names` that exists."""
        for name in names:
            value = getattr(palette, name, None) if palette is not None else None
            if value is not None:
                return _rgb(value, default)
        return default

    series_value = getattr(palette, "series", None) if palette is not None else None
    series = base.series
    if series_value:
        series = tuple(_rgb(c, base.series[k % len(base.series)]) for k, c in enumerate(series_value))
    assets = getattr(app, "assets", None)
    font_fn: FontFn | None = None
    if assets is not None and hasattr(assets, "font"):
        font_fn = _asset_font_fn(assets)
    return ChartStyle(
        scale=scale,
        background=pick(("chart_bg", "panel", "bg"), base.background or (0, 0, 0)),
        panel=pick(("panel_alt", "panel"), base.panel),
        text=pick(("text",), base.text),
        muted=pick(("text_dim", "text_muted", "muted"), base.muted),
        grid=pick(("grid",), base.grid),
        axis=pick(("border", "axis"), base.axis),
        series=series,
        positive=pick(("good", "positive"), base.positive),
        negative=pick(("bad", "negative"), base.negative),
        highlight=pick(("focus", "highlight", "warn"), base.highlight),
        history=pick(("history",), base.history),
        font_fn=font_fn,
        log=getattr(app, "text_log", None),
    )


def _asset_font_fn(assets: Any) -> FontFn:
    """Adapt `assets.font(size, bold)` (sizes already scaled by the chart style)."""

    def make(size: int, bold: bool) -> pygame.font.Font:
        """Ask the assets for a font."""
        font: pygame.font.Font = assets.font(size, bold)
        return font

    return make


class ChartSurface(pygame.Surface):
    """A Surface with tooltip hotspots: `hotspots` is a list of (Rect, text) in local coordinates."""

    hotspots: list[tuple[pygame.Rect, str]]

    def __init__(self, size: tuple[int, int]) -> None:
        super().__init__(size, pygame.SRCALPHA)
        self.hotspots = []

    def tooltip_at(self, pos: tuple[int, int]) -> str | None:
        """The text of the smallest hotspot under `pos` (local coordinates), if any."""
        best: tuple[int, str] | None = None
        for rect, text in self.hotspots:
            if rect.collidepoint(pos):
                area = rect.width * rect.height
                if best is None or area < best[0]:
                    best = (area, text)
        return best[1] if best else None


# ---------------------------------------------------------------- number formatting


def format_number(value: float, digits: int = 3) -> str:
    """A short human number: 3 significant digits, thousands separators, k/M beyond a million."""
    if value is None or not math.isfinite(value):
        return "n/a"
    mag = abs(value)
    if mag >= 1e9:
        return f"{value / 1e9:.{max(0, digits - 1 - int(math.log10(mag / 1e9)))}f}bn"
    if mag >= 1e6:
        return f"{value / 1e6:.{max(0, digits - 1 - int(math.log10(mag / 1e6)))}f}M"
    if mag >= 10 ** digits:
        return f"{value:,.0f}"
    if mag < 1e-6:
        return "0"
    decimals = min(6, max(0, digits - 1 - math.floor(math.log10(mag))))
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_value(value: float, unit: str = "", digits: int = 3) -> str:
    """A number with its unit placed the way people read it ($12.3bn, 45%, 800 kb/d)."""
    number = format_number(value, digits)
    if unit == "$bn" and 0 < abs(value) < 1 and math.isfinite(value):
        millions = format_number(value * 1000, min(digits, 2) if abs(value) < 0.1 else digits)
        return f"-${millions[1:]}m" if millions.startswith("-") else f"${millions}m"
    if unit == "$bn":
        return f"-${number[1:]}bn" if number.startswith("-") else f"${number}bn"
    if unit in ("%", "%/yr", "pp"):
        return f"{number}{unit}" if unit == "%" else f"{number} {unit}"
    if unit in ("", "0-100"):
        return number
    return f"{number} {unit}"


def format_change(value: float, unit: str = "") -> str:
    """A signed change with its unit (+1.2 %/yr, -$3bn): two significant digits, at most two
    decimals (a change of 0.286 reads -0.29, not -0.286)."""
    if math.isfinite(value) and abs(value) < 100:
        value = round(value, 2)
    text = format_value(value, unit, 2)
    if value > 0 and not text.startswith("+"):
        return "+" + text
    return text


# ---------------------------------------------------------------- scales and ticks


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high], about `count` of them."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return [0.0]
    if high < low:
        low, high = high, low
    if high - low < 1e-12:
        pad = abs(high) * 0.1 or 1.0
        low, high = low - pad, high + pad
    raw = (high - low) / max(1, count)
    power = 10 ** math.floor(math.log10(raw))
    step = power
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * power
        if raw <= step:
            break
    first = math.floor(low / step) * step
    ticks: list[float] = []
    value = first
    while value <= high + step * 0.5 and len(ticks) < 50:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _symlog(value: float) -> float:
    """Signed logarithm, linear near zero: keeps hyperinflation and 2% inflation on one chart."""
    return math.copysign(math.log10(1.0 + abs(value)), value)


def _symexp(value: float) -> float:
    """Inverse of `_symlog`."""
    return math.copysign(10 ** abs(value) - 1.0, value)


def _use_log(values: Sequence[float], mode: str) -> bool:
    """Whether a y axis should use the signed-log scale."""
    if mode == "log":
        return True
    if mode != "auto" or not values:
        return False
    mags = sorted(abs(v) for v in values)
    top = mags[-1]
    typical = mags[len(mags) // 4] if len(mags) > 3 else mags[0]
    return top >= 1000 and top > 50 * max(typical, 1.0)


@dataclass(frozen=True)
class _Axis:
    """Maps data values onto pixel rows of a plot rectangle."""

    low: float
    high: float
    top: int
    bottom: int
    log: bool

    def y(self, value: float) -> float:
        """Pixel row for `value`."""
        v = _symlog(value) if self.log else value
        lo = _symlog(self.low) if self.log else self.low
        hi = _symlog(self.high) if self.log else self.high
        if hi - lo < 1e-12:
            return (self.top + self.bottom) / 2
        return self.bottom - (v - lo) / (hi - lo) * (self.bottom - self.top)

    def ticks(self, count: int) -> list[float]:
        """Tick values for this axis."""
        if not self.log:
            return [t for t in nice_ticks(self.low, self.high, count) if self.low <= t <= self.high]
        ticks = [0.0] if self.low <= 0 <= self.high else []
        for sign in (1, -1):
            power = 1
            while power <= 12:
                value = sign * 10.0**power
                if self.low <= value <= self.high:
                    ticks.append(value)
                power += 1
        ticks.sort()
        if len(ticks) > count + 1:
            step = math.ceil(len(ticks) / (count + 1))
            ticks = ticks[::step]
        return ticks


def _axis_for(values: Sequence[float], top: int, bottom: int, mode: str, zero: bool) -> _Axis:
    """An axis covering `values` with a little headroom (and zero when asked)."""
    finite = [v for v in values if v is not None and math.isfinite(v)]
    if not finite:
        finite = [0.0, 1.0]
    low, high = min(finite), max(finite)
    if zero:
        low, high = min(low, 0.0), max(high, 0.0)
    log = _use_log(finite, mode)
    if log:
        return _Axis(low, high, top, bottom, True)
    ticks = nice_ticks(low, high, 4)
    low = min(low, ticks[0])
    high = max(high, ticks[-1])
    if high - low < 1e-9:
        low, high = low - 1, high + 1
    return _Axis(low, high, top, bottom, False)


# ---------------------------------------------------------------- drawing helpers


def fit_text(font: pygame.font.Font, text: str, width: int) -> str:
    """`text` shortened with an ellipsis so that it fits in `width` pixels (`ellipsize`, without
    a space before the ellipsis; nothing when not even a letter fits)."""
    if width <= 0:
        return ""
    cut = ellipsize(font, text, width)
    if cut == text:
        return text
    head = cut[:-1].rstrip()
    return head + "…" if head else ""


def blit_text(
    surface: pygame.Surface,
    font: pygame.font.Font,
    text: str,
    colour: Colour,
    pos: tuple[float, float],
    anchor: str = "topleft",
    max_width: int | None = None,
    log: Any = None,
) -> pygame.Rect:
    """Render `text` and blit it anchored at `pos`; returns the rectangle it covers.

    `log` (a TextLog) records the line where it landed, and whether it was cut to fit.
    """
    shown = fit_text(font, text, max_width) if max_width is not None else text
    image = font.render(shown, True, colour)
    rect = image.get_rect(**{anchor: (round(pos[0]), round(pos[1]))})
    surface.blit(image, rect)
    if log is not None:
        log.wrote(surface, text, rect, shown != text)
    return rect


def wrap_text(font: pygame.font.Font, text: str, width: int) -> list[str]:
    """Split `text` into lines no wider than `width` pixels (words kept whole when possible)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split()
        line = ""
        for word in words:
            candidate = f"{line} {word}" if line else word
            if font.size(candidate)[0] <= width or not line:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def dashed_line(
    surface: pygame.Surface,
    colour: Colour | tuple[int, int, int, int],
    start: tuple[float, float],
    end: tuple[float, float],
    width: int = 1,
    dash: int = 6,
    gap: int = 4,
) -> None:
    """Draw a dashed straight line."""
    x0, y0 = start
    x1, y1 = end
    length = math.hypot(x1 - x0, y1 - y0)
    if length < 1:
        return
    dx, dy = (x1 - x0) / length, (y1 - y0) / length
    pos = 0.0
    while pos < length:
        seg_end = min(length, pos + dash)
        pygame.draw.line(
            surface, colour, (x0 + dx * pos, y0 + dy * pos), (x0 + dx * seg_end, y0 + dy * seg_end), width
        )
        pos += dash + gap


def _polyline(surface: pygame.Surface, colour: Colour, points: list[tuple[float, float]], width: int) -> None:
    """A smooth polyline: thick base plus antialiased edges."""
    if len(points) < 2:
        return
    pygame.draw.lines(surface, colour, False, points, width)
    if width <= 2:
        pygame.draw.aalines(surface, colour, False, points)


def _segments(values: Sequence[float | None]) -> list[list[int]]:
    """Runs of consecutive indices where the value is known."""
    runs: list[list[int]] = []
    current: list[int] = []
    for k, value in enumerate(values):
        if value is None or not math.isfinite(value):
            if current:
                runs.append(current)
            current = []
        else:
            current.append(k)
    if current:
        runs.append(current)
    return runs


def _new_surface(size: tuple[int, int], style: ChartStyle | None) -> ChartSurface:
    """An empty chart surface filled with the style's background."""
    w, h = max(1, int(size[0])), max(1, int(size[1]))
    surf = ChartSurface((w, h))
    if style is not None and style.background is not None:
        surf.fill((*style.background, 255))
    else:
        surf.fill((0, 0, 0, 0))
    return surf


# ---------------------------------------------------------------- sparkline


def sparkline(
    values: Sequence[float | None],
    size: tuple[int, int],
    colour: Colour | None = None,
    style: ChartStyle | None = None,
    *,
    fill: bool = True,
    last_dot: bool = True,
    baseline: float | None = None,
) -> ChartSurface:
    """A tiny transparent line of `values`: the shape of a trend, with the last value dotted."""
    style = style or ChartStyle()
    surf = ChartSurface((max(1, int(size[0])), max(1, int(size[1]))))
    surf.fill((0, 0, 0, 0))
    colour = colour or style.colour(0)
    w, h = surf.get_size()
    pad = max(2, style.s(2))
    known = [float(v) for v in values if v is not None and math.isfinite(v)]
    if not known:
        pygame.draw.line(surf, style.grid, (pad, h // 2), (w - pad, h // 2), 1)
        return surf
    axis = _axis_for(known + ([baseline] if baseline is not None else []), pad, h - pad, "auto", False)
    n = len(values)
    step = (w - 2 * pad) / max(1, n - 1)

    def xy(k: int) -> tuple[float, float]:
        """Pixel position of value `k`."""
        value = values[k]
        assert value is not None
        x = pad + k * step if n > 1 else w / 2
        return (x, axis.y(float(value)))

    if baseline is not None:
        by = axis.y(baseline)
        dashed_line(surf, (*style.axis, 255), (pad, by), (w - pad, by), 1, 3, 3)
    for run in _segments(values):
        points = [xy(k) for k in run]
        if fill and len(points) > 1:
            area = points + [(points[-1][0], h - pad), (points[0][0], h - pad)]
            layer = pygame.Surface((w, h), pygame.SRCALPHA)
            pygame.draw.polygon(layer, (*colour, 50), area)
            surf.blit(layer, (0, 0))
        _polyline(surf, colour, points, max(1, style.s(1.5)))
    if last_dot:
        last = max(k for k, v in enumerate(values) if v is not None and math.isfinite(v))
        pygame.draw.circle(surf, colour, xy(last), max(2, style.s(2.5)))
    return surf


# ---------------------------------------------------------------- line chart


@dataclass(frozen=True)
class Series:
    """One line of a line chart: values by x index (None = unknown), plus real-history dots."""

    label: str
    values: Sequence[float | None]
    colour: Colour | None = None
    history: Sequence[tuple[float, float]] = ()
    dashed: bool = False


def _plot_rect(
    size: tuple[int, int], style: ChartStyle, title: str, legend_rows: int, y_label_width: int, x_axis: bool
) -> pygame.Rect:
    """The rectangle inside a chart where data is drawn."""
    w, h = size
    top = style.s(6)
    if title:
        top += style.font(14, True).get_linesize() + style.s(2)
    top += legend_rows * (style.font(12).get_linesize() + style.s(2))
    top += style.s(4)
    bottom = h - style.s(6)
    if x_axis:
        bottom -= style.font(12).get_linesize() + style.s(2)
    left = style.s(8) + y_label_width
    right = w - style.s(12)
    return pygame.Rect(left, top, max(10, right - left), max(10, bottom - top))


def _legend(
    surf: pygame.Surface, style: ChartStyle, items: Sequence[tuple[str, Colour, str]], top: int
) -> int:
    """Draw legend entries (label, colour, kind: line|dot|band|dash) in rows; returns rows used."""
    font = style.font(12)
    x = style.s(10)
    y = top
    rows = 1 if items else 0
    w = surf.get_width()
    sw = style.s(16)
    for label, colour, kind in items:
        text_w = font.size(label)[0]
        needed = sw + style.s(5) + text_w + style.s(14)
        if x + needed > w - style.s(6) and x > style.s(10):
            x = style.s(10)
            y += font.get_linesize() + style.s(2)
            rows += 1
        cy = y + font.get_linesize() // 2
        if kind == "dot":
            pygame.draw.circle(surf, colour, (x + sw // 2, cy), style.s(3.5))
            pygame.draw.circle(surf, style.history, (x + sw // 2, cy), style.s(3.5), 1)
        elif kind == "band":
            band = pygame.Surface((sw, style.s(10)), pygame.SRCALPHA)
            band.fill((*colour, 90))
            surf.blit(band, (x, cy - style.s(5)))
            pygame.draw.line(surf, colour, (x, cy), (x + sw, cy), style.s(2))
        elif kind == "dash":
            dashed_line(surf, colour, (x, cy), (x + sw, cy), style.s(2), style.s(4), style.s(3))
        else:
            pygame.draw.line(surf, colour, (x, cy), (x + sw, cy), style.s(2.5))
        blit_text(surf, font, label, style.text, (x + sw + style.s(5), y), log=style.log)
        x += needed
    return rows


def _legend_rows(style: ChartStyle, labels: Sequence[str], width: int) -> int:
    """How many rows the legend will take at this width."""
    font = style.font(12)
    x = style.s(10)
    rows = 1 if labels else 0
    for label in labels:
        needed = style.s(16) + style.s(5) + font.size(label)[0] + style.s(14)
        if x + needed > width - style.s(6) and x > style.s(10):
            x = style.s(10)
            rows += 1
        x += needed
    return rows


def _y_labels(axis: _Axis, unit: str, count: int) -> list[tuple[float, str]]:
    """Tick values with their text, with as many digits as it takes to tell them apart."""
    ticks = axis.ticks(count)
    labels = [format_value(t, unit) for t in ticks]
    for digits in range(4, 8):
        if len(set(labels)) == len(labels):
            break
        labels = [format_value(t, unit, digits) for t in ticks]
    return list(zip(ticks, labels, strict=True))


def _draw_y_axis(
    surf: pygame.Surface, style: ChartStyle, plot: pygame.Rect, labels: list[tuple[float, str]], axis: _Axis
) -> None:
    """Horizontal grid lines and y tick labels."""
    font = style.font(11)
    for value, text in labels:
        y = axis.y(value)
        colour = style.axis if abs(value) < 1e-12 else style.grid
        pygame.draw.line(surf, colour, (plot.left, y), (plot.right, y), 1)
        blit_text(surf, font, text, style.muted, (plot.left - style.s(5), y), "midright", log=style.log)


def _draw_x_labels(
    surf: pygame.Surface, style: ChartStyle, plot: pygame.Rect, x_of: Callable[[float], float],
    labels: Sequence[str], x_title: str,
) -> None:
    """x tick labels, thinned so that they never overlap."""
    font = style.font(11)
    y = plot.bottom + style.s(3)
    last_right = -10_000
    n = len(labels)
    if n == 0:
        return
    widest = max(font.size(t)[0] for t in labels) + style.s(8)
    every = max(1, math.ceil(widest / max(1.0, plot.width / max(1, n))))
    for k, text in enumerate(labels):
        if k % every and k != n - 1:
            continue
        x = x_of(k)
        rect = font.render(text, True, style.muted).get_rect(midtop=(round(x), y))
        rect.left = max(rect.left, plot.left)  # clear of the y axis' labels
        rect.clamp_ip(surf.get_rect())
        if rect.left <= last_right + style.s(4):
            continue
        pygame.draw.line(surf, style.grid, (x, plot.bottom), (x, plot.bottom + style.s(3)), 1)
        surf.blit(font.render(text, True, style.muted), rect)
        if style.log is not None:
            style.log.wrote(surf, text, rect, False)
        last_right = rect.right
    if x_title:
        blit_text(surf, font, x_title, style.muted, (plot.right, y), "topright", log=style.log)


def _chart_frame(
    surf: ChartSurface, style: ChartStyle, legend: list[tuple[str, Colour, str]],
    values: list[float], n: int, *, title: str = "", unit: str = "",
    x_labels: Sequence[str] | None = None, x_title: str = "", y_scale: str = "auto",
    zero: bool = False, label_width: int = 0,
) -> tuple[pygame.Rect, Any, Callable[[float], float]]:
    """Title, legend and axes of a chart over `n` turns: returns the plot, y axis and x mapping."""
    w, h = surf.get_size()
    rows = _legend_rows(style, [it[0] for it in legend], w)
    probe = _axis_for(values, 0, 100, y_scale, zero)
    y_texts = [t for _, t in _y_labels(probe, unit, 4)]
    label_w = max([style.font(11).size(t)[0] for t in y_texts] + [style.s(20), label_width])
    plot = _plot_rect((w, h), style, title, rows, label_w, x_labels is not None)
    axis = _axis_for(values, plot.top, plot.bottom, y_scale, zero)
    y = style.s(6)
    if title:
        blit_text(surf, style.font(14, True), title, style.text, (style.s(10), y), max_width=w - style.s(20), log=style.log)
        y += style.font(14, True).get_linesize() + style.s(2)
    _legend(surf, style, legend, y)
    _draw_y_axis(surf, style, plot, _y_labels(axis, unit, 4), axis)

    def x_of(k: float) -> float:
        """Pixel column of x index `k`."""
        return plot.left + (k / max(1, n - 1)) * plot.width if n > 1 else plot.centerx

    if x_labels is not None:
        _draw_x_labels(surf, style, plot, x_of, list(x_labels)[:n], x_title)
    return plot, axis, x_of


def line_chart(
    series: Sequence[Series],
    size: tuple[int, int],
    style: ChartStyle | None = None,
    *,
    title: str = "",
    unit: str = "",
    x_labels: Sequence[str] | None = None,
    x_title: str = "",
    y_scale: str = "auto",
    zero: bool = False,
    mark_x: float | None = None,
    label_width: int = 0,
) -> ChartSurface:
    """Several series over turns, with legend, axis labels, and real-history values as dots.

    `label_width` is the least width kept for the y labels (to line up stacked charts).
    """
    style = style or ChartStyle()
    surf = _new_surface(size, style)
    w, h = surf.get_size()
    n = max([len(s.values) for s in series] + [1 + int(max((x for s in series for x, _ in s.history),
                                                            default=0))])
    all_values: list[float] = [
        float(v) for s in series for v in s.values if v is not None and math.isfinite(v)
    ] + [float(v) for s in series for _, v in s.history if math.isfinite(v)]
    legend_items: list[tuple[str, Colour, str]] = []
    for k, s in enumerate(series):
        legend_items.append((s.label, s.colour or style.colour(k), "dash" if s.dashed else "line"))
    if any(s.history for s in series):
        legend_items.append(("real history", style.muted, "dot"))
    plot, axis, x_of = _chart_frame(surf, style, legend_items, all_values, n, title=title,
                                    unit=unit, x_labels=x_labels, x_title=x_title,
                                    y_scale=y_scale, zero=zero, label_width=label_width)
    if mark_x is not None:
        dashed_line(surf, style.highlight, (x_of(mark_x), plot.top), (x_of(mark_x), plot.bottom), 1, 4, 4)
    if not all_values:
        blit_text(surf, style.font(12), "no data yet", style.muted, plot.center, "center", log=style.log)
    for k, s in enumerate(series):
        colour = s.colour or style.colour(k)
        for run in _segments(s.values):
            points = [(x_of(i), axis.y(float(s.values[i] or 0.0))) for i in run]
            if s.dashed:
                for a, b in zip(points, points[1:], strict=False):
                    dashed_line(surf, colour, a, b, style.s(2), style.s(5), style.s(3))
            else:
                _polyline(surf, colour, points, style.s(2))
            if len(points) == 1:
                pygame.draw.circle(surf, colour, points[0], style.s(3))
        last = [i for i in range(len(s.values)) if s.values[i] is not None]
        if last and not s.dashed:
            value = s.values[last[-1]]
            assert value is not None
            pygame.draw.circle(surf, colour, (x_of(last[-1]), axis.y(float(value))), style.s(3))
        for hx, hv in s.history:
            if not math.isfinite(hv):
                continue
            pos = (x_of(hx), axis.y(hv))
            pygame.draw.circle(surf, colour, pos, style.s(4))
            pygame.draw.circle(surf, style.history, pos, style.s(4), max(1, style.s(1)))
    _line_hotspots(surf, style, plot, series, x_of, n, x_labels, unit)
    return surf


def _line_hotspots(
    surf: ChartSurface, style: ChartStyle, plot: pygame.Rect, series: Sequence[Series],
    x_of: Callable[[float], float], n: int, x_labels: Sequence[str] | None, unit: str,
) -> None:
    """One hotspot per x column listing every series' value there (and real values nearby)."""
    half = max(2.0, plot.width / max(1, n - 1) / 2) if n > 1 else plot.width / 2
    for k in range(n):
        label = x_labels[k] if x_labels is not None and k < len(x_labels) else f"turn {k}"
        lines = [label]
        for s in series:
            if k < len(s.values) and s.values[k] is not None:
                lines.append(f"{s.label}: {format_value(float(s.values[k] or 0.0), unit)}")
            for hx, hv in s.history:
                if abs(hx - k) < 0.5:
                    lines.append(f"{s.label}, what really happened: {format_value(hv, unit)}")
        if len(lines) == 1:
            continue
        x = x_of(k)
        rect = pygame.Rect(round(x - half), plot.top, max(4, round(2 * half)), plot.height)
        surf.hotspots.append((rect.clip(plot.inflate(style.s(8), 0)), "\n".join(lines)))


# ---------------------------------------------------------------- fan chart


@dataclass(frozen=True)
class Band:
    """Percentiles of many futures over the next turns (index 0 = now)."""

    p10: Sequence[float]
    p50: Sequence[float]
    p90: Sequence[float]


def fan_chart(
    with_move: Band,
    without: Band | None,
    size: tuple[int, int],
    style: ChartStyle | None = None,
    *,
    title: str = "",
    unit: str = "",
    x_labels: Sequence[str] | None = None,
    labels: Sequence[str] = ("with the move", "without"),
    played: Band | None = None,
) -> ChartSurface:
    """Forecast bands: the P10-P90 range shaded and the median as a line, with and without a move.

    `played` is a third band (labels[2]): the move's futures under another assumption, such as
    the other countries playing on as computer players; it is drawn in the second colour.
    """
    style = style or ChartStyle()
    surf = _new_surface(size, style)
    w, h = surf.get_size()
    bands: list[tuple[Band, Colour, str]] = []
    if without is not None:
        bands.append((without, style.muted, labels[1]))
    if played is not None:
        bands.append((played, style.colour(1), labels[2] if len(labels) > 2 else "others play"))
    bands.append((with_move, style.colour(0), labels[0]))
    n = max(len(b.p50) for b, _, _ in bands)
    values = [float(v) for b, _, _ in bands for seq in (b.p10, b.p50, b.p90) for v in seq
              if math.isfinite(v)]
    legend = [(lab, col, "band") for _, col, lab in reversed(bands)]
    if played is not None and len(legend) == 3:
        legend = [legend[0], legend[2], legend[1]]  # the pair under one assumption first
    plot, axis, x_of = _chart_frame(surf, style, legend, values, n, title=title, unit=unit,
                                    x_labels=x_labels)
    layer = pygame.Surface((w, h), pygame.SRCALPHA)
    for band, colour, _ in bands:
        top = [(x_of(k), axis.y(float(v))) for k, v in enumerate(band.p90)]
        bottom = [(x_of(k), axis.y(float(v))) for k, v in enumerate(band.p10)]
        if len(top) > 1:
            pygame.draw.polygon(layer, (*colour, 70), top + bottom[::-1])
    surf.blit(layer, (0, 0))
    for band, colour, _ in bands:
        for seq in (band.p10, band.p90):
            pts = [(x_of(k), axis.y(float(v))) for k, v in enumerate(seq)]
            if len(pts) > 1:
                pygame.draw.aalines(surf, colour, False, pts)
        median = [(x_of(k), axis.y(float(v))) for k, v in enumerate(band.p50)]
        _polyline(surf, colour, median, style.s(2.5))
        if median:
            pygame.draw.circle(surf, colour, median[-1], style.s(3.5))
    if not values:
        blit_text(surf, style.font(12), "no forecast", style.muted, plot.center, "center", log=style.log)
    _fan_hotspots(surf, plot, bands, x_of, n, x_labels, unit)
    return surf


def _fan_hotspots(
    surf: ChartSurface, plot: pygame.Rect, bands: list[tuple[Band, Colour, str]],
    x_of: Callable[[float], float], n: int, x_labels: Sequence[str] | None, unit: str,
) -> None:
    """A hotspot per turn with the median and range of each band."""
    half = max(2.0, plot.width / max(1, n - 1) / 2) if n > 1 else plot.width / 2
    for k in range(n):
        label = x_labels[k] if x_labels is not None and k < len(x_labels) else f"turn +{k}"
        lines = [label]
        for band, _, name in reversed(bands):
            if k < len(band.p50):
                lines.append(
                    f"{name}: {format_value(float(band.p50[k]), unit)} "
                    f"(likely {format_value(float(band.p10[k]), unit)} to "
                    f"{format_value(float(band.p90[k]), unit)})"
                )
        rect = pygame.Rect(round(x_of(k) - half), plot.top, max(4, round(2 * half)), plot.height)
        surf.hotspots.append((rect.clip(plot), "\n".join(lines)))


# ---------------------------------------------------------------- why chart


def why_chart(
    contributions: Mapping[str, float],
    size: tuple[int, int],
    style: ChartStyle | None = None,
    *,
    net: float | None = None,
    unit: str = "",
    title: str = "",
    notes: Mapping[str, str] | None = None,
    max_bars: int = 7,
) -> ChartSurface:
    """Diverging bars: what pushed an indicator up (right) or down (left), largest first."""
    style = style or ChartStyle()
    surf = _new_surface(size, style)
    w, h = surf.get_size()
    items = [(k, float(v)) for k, v in contributions.items() if math.isfinite(v) and abs(v) > 1e-12]
    items.sort(key=lambda kv: (-abs(kv[1]), kv[0]))
    font = style.font(12)
    y = style.s(6)
    if title:
        blit_text(surf, style.font(14, True), title, style.text, (style.s(10), y), max_width=w - style.s(20), log=style.log)
        y += style.font(14, True).get_linesize() + style.s(4)
    room = (h - y - font.get_linesize() - style.s(10)) // max(1, font.get_linesize() + style.s(2))
    max_bars = max(2, min(max_bars, room))
    if len(items) > max_bars:
        rest = sum(v for _, v in items[max_bars - 1:])
        items = items[: max_bars - 1] + [("everything else", rest)]
    total = net if net is not None else sum(v for _, v in items)
    if not items:
        blit_text(surf, font, "no change this turn", style.muted, (w / 2, (y + h) / 2), "center", log=style.log)
        return surf
    label_w = min(int(w * 0.48), max(font.size(k)[0] for k, _ in items) + style.s(12))
    value_w = max(font.size(format_change(v, unit))[0] for _, v in items) + style.s(8)
    net_h = font.get_linesize() + style.s(10)
    left = label_w + value_w
    right = w - value_w
    if right - left < style.s(40):
        left, right = label_w, w - style.s(8)
    centre = (left + right) / 2
    half = (right - left) / 2
    biggest = max([abs(v) for _, v in items] + [abs(total)])
    row_h = max(font.get_linesize() + style.s(2), min(style.s(30), (h - y - net_h) // max(1, len(items))))
    bar_h = max(style.s(8), int(row_h * 0.62))
    for k, (name, value) in enumerate(items):
        top = y + k * row_h
        cy = top + row_h / 2
        length = half * abs(value) / biggest if biggest > 0 else 0
        colour = style.positive if value > 0 else style.negative
        rect = pygame.Rect(0, 0, max(2, round(length)), bar_h)
        if value > 0:
            rect.midleft = (round(centre), round(cy))
        else:
            rect.midright = (round(centre), round(cy))
        pygame.draw.rect(surf, colour, rect, border_radius=style.s(3))
        blit_text(surf, font, name, style.text, (style.s(8), cy), "midleft", max_width=label_w - style.s(12), log=style.log)
        text = format_change(value, unit)
        if value > 0:
            blit_text(surf, font, text, style.text, (rect.right + style.s(4), cy), "midleft", log=style.log)
        else:
            blit_text(surf, font, text, style.text, (rect.left - style.s(4), cy), "midright", log=style.log)
        tip = f"{name}: {format_change(value, unit)}"
        if notes and notes.get(name):
            tip += "\n" + notes[name]
        surf.hotspots.append((pygame.Rect(0, round(top), w, row_h), tip))
    bottom = y + len(items) * row_h
    pygame.draw.line(surf, style.axis, (centre, y), (centre, bottom), max(1, style.s(1)))
    nx = centre + (half * total / biggest if biggest > 0 else 0)
    dashed_line(surf, style.highlight, (nx, y), (nx, bottom + style.s(4)), max(1, style.s(2)), 4, 3)
    marker = [(nx, bottom + style.s(4)), (nx - style.s(5), bottom + style.s(10)),
              (nx + style.s(5), bottom + style.s(10))]
    pygame.draw.polygon(surf, style.highlight, marker)
    net_text = f"net change {format_change(total, unit)}"
    rect = blit_text(surf, style.font(12, True), net_text, style.highlight,
                     (nx, bottom + style.s(11)), "midtop")
    if rect.right > w or rect.left < 0:
        if style.background is not None:
            surf.fill(style.background, rect)
        rect.clamp_ip(surf.get_rect())
        blit_text(surf, style.font(12, True), net_text, style.highlight, rect.topleft)
    if style.log is not None:
        style.log.wrote(surf, net_text, rect, False)
    surf.hotspots.append((rect.inflate(style.s(6), style.s(4)),
                          f"Net change this turn: {format_change(total, unit)} (the sum of every cause)"))
    return surf
