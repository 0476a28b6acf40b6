"""Shared widget helpers: keyboard focus ring, element factories with tooltips, layout helpers.

Screens usually call the factory methods on `Screen` (`self.button(...)`, `self.label(...)`), which
use the functions here and register the element for clean-up and keyboard focus.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pygame
import pygame_gui
from pygame_gui.core import ObjectID, UIElement

from leverage.files import MAX_NAME_CHARS, clip

Action = Callable[[], object]

#: Number keys (top row and keypad) mapped to 1..9 (0 counts as 10).
NUMBER_KEYS: dict[int, int] = {
    pygame.K_1: 1, pygame.K_2: 2, pygame.K_3: 3, pygame.K_4: 4, pygame.K_5: 5,
    pygame.K_6: 6, pygame.K_7: 7, pygame.K_8: 8, pygame.K_9: 9, pygame.K_0: 10,
    pygame.K_KP1: 1, pygame.K_KP2: 2, pygame.K_KP3: 3, pygame.K_KP4: 4, pygame.K_KP5: 5,
    pygame.K_KP6: 6, pygame.K_KP7: 7, pygame.K_KP8: 8, pygame.K_KP9: 9, pygame.K_KP0: 10,
}

ENTER_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)
NEXT_KEYS = (pygame.K_DOWN, pygame.K_RIGHT)
PREV_KEYS = (pygame.K_UP, pygame.K_LEFT)


def number_of_key(key: int) -> int | None:
    """1..10 for a number key (top row or keypad), else None."""
    return NUMBER_KEYS.get(key)


def object_id(name: str | None) -> ObjectID | None:
    """A pygame_gui ObjectID from '#name' (or None)."""
    if not name:
        return None
    return ObjectID(object_id=name if name.startswith("#") else f"#{name}")


@dataclass
class FocusItem:
    """One element in the focus ring and what Enter does on it."""

    element: UIElement
    action: Action | None


def _is_text_input(element: object) -> bool:
    """True for elements that take typed text (arrows and Enter belong to them)."""
    return isinstance(element, pygame_gui.elements.UITextEntryLine | pygame_gui.elements.UITextEntryBox)


def _usable(element: UIElement) -> bool:
    """True when the element is alive, visible and enabled."""
    alive = element.alive() if hasattr(element, "alive") else True
    visible = bool(getattr(element, "visible", True))
    enabled = bool(getattr(element, "is_enabled", True))
    return alive and visible and enabled


class FocusRing:
    """Keyboard navigation: Tab/Shift-Tab and arrows move the focus, Enter/Space activates.

    The focused element gets a visible outline (`draw`).  Elements are added in reading order.
    """

    def __init__(self) -> None:
        """An empty ring with nothing focused."""
        self.items: list[FocusItem] = []
        self.index = -1
        self.arrows = True

    def add(self, element: UIElement, action: Action | None = None) -> UIElement:
        """Append `element`; `action` runs when Enter is pressed on it."""
        self.items.append(FocusItem(element, action))
        return element

    def clear(self) -> None:
        """Forget every element."""
        self.items.clear()
        self.index = -1

    @property
    def focused(self) -> UIElement | None:
        """The element with the keyboard focus, or None."""
        if 0 <= self.index < len(self.items):
            return self.items[self.index].element
        return None

    def focus(self, element: UIElement | None) -> None:
        """Put the focus on `element` (None removes the focus)."""
        self.index = -1
        for k, item in enumerate(self.items):
            if item.element is element:
                self.index = k

    def focus_index(self, index: int) -> None:
        """Put the focus on the index-th element (clamped)."""
        if self.items:
            self.index = max(0, min(index, len(self.items) - 1))

    def move(self, step: int) -> UIElement | None:
        """Move the focus by `step` usable elements (wrapping) and return the new one."""
        n = len(self.items)
        if n == 0:
            return None
        start = self.index if self.index >= 0 else (-1 if step > 0 else 0)
        k = start
        for _ in range(n):
            k = (k + step) % n
            if _usable(self.items[k].element):
                self.index = k
                self._sync_manager_focus()
                return self.items[k].element
        return None

    def _sync_manager_focus(self) -> None:
        """Give typed input to a focused text field (and take it away from the others)."""
        element = self.focused
        if element is None:
            return
        manager = getattr(element, "ui_manager", None)
        if manager is None:
            return
        if _is_text_input(element):
            manager.set_focus_set(element)
        else:
            manager.set_focus_set(None)

    def activate(self) -> bool:
        """Run the focused element's action; True if there was one."""
        if not 0 <= self.index < len(self.items):
            return False
        item = self.items[self.index]
        if item.action is None or not _usable(item.element):
            return False
        item.action()
        return True

    def handle(self, event: pygame.event.Event) -> bool:
        """Tab/arrows/Enter; True when the event was used."""
        if event.type != pygame.KEYDOWN:
            return False
        typing = _is_text_input(self.focused) and bool(getattr(self.focused, "is_focused", False))
        if event.key == pygame.K_TAB:
            self.move(-1 if event.mod & pygame.KMOD_SHIFT else 1)
            return True
        if typing:
            return False
        if self.arrows and event.key in NEXT_KEYS:
            self.move(1)
            return True
        if self.arrows and event.key in PREV_KEYS:
            self.move(-1)
            return True
        if event.key in ENTER_KEYS:
            return self.activate()
        return False

    def draw(self, surface: pygame.Surface, colour: tuple[int, int, int], width: int) -> None:
        """Outline the focused element."""
        element = self.focused
        if element is None or not _usable(element):
            return
        rect = pygame.Rect(element.get_abs_rect()).inflate(width * 2 + 2, width * 2 + 2)
        pygame.draw.rect(surface, colour, rect, width, border_radius=width * 3)


def make_button(manager: pygame_gui.UIManager, rect: pygame.Rect, text: str, *,
                tooltip: str | None = None, object_id_: str | None = None,
                container: Any = None, anchors: dict[str, Any] | None = None
                ) -> pygame_gui.elements.UIButton:
    """A button with an optional tooltip and theme object id."""
    return pygame_gui.elements.UIButton(
        relative_rect=rect, text=text, manager=manager, container=container,
        tool_tip_text=tooltip, object_id=object_id(object_id_), anchors=anchors)


def make_label(manager: pygame_gui.UIManager, rect: pygame.Rect, text: str, *,
               tooltip: str | None = None, object_id_: str | None = None,
               container: Any = None) -> pygame_gui.elements.UILabel:
    """A one-line text label (text may be empty: pygame_gui needs a space).

    Text wider than the label (a small window, a large UI scale) is cut with an ellipsis, and
    the whole text becomes the label's tooltip, rather than being clipped.
    """
    with warnings.catch_warnings():  # too wide for its rect: shortened just below
        warnings.filterwarnings("ignore", message="Label Rect is too small", category=UserWarning)
        label = pygame_gui.elements.UILabel(
            relative_rect=rect, text=text or " ", manager=manager, container=container,
            object_id=object_id(object_id_))
    fitted = fit_text(label.font, text or " ", rect.width - LABEL_MARGIN)
    if fitted != (text or " "):
        label.set_text(fitted)
        tooltip = tooltip or text
    if tooltip:
        label.set_tooltip(tooltip)
    return label


#: Pixels of a label's width kept free around its text.
LABEL_MARGIN = 6


def fit_text(font: Any, text: str, width: int) -> str:
    """`text`, or its longest beginning with an ellipsis that `font` draws within `width` pixels."""
    if width <= 0 or font.size(text)[0] <= width:
        return text
    low, high = 0, len(text)  # longest prefix that fits, by bisection
    while low < high:
        mid = (low + high + 1) // 2
        if font.size(text[:mid].rstrip() + "\u2026")[0] <= width:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + "\u2026" if low else "\u2026"


def make_panel(manager: pygame_gui.UIManager, rect: pygame.Rect, *,
               object_id_: str | None = None, container: Any = None
               ) -> pygame_gui.elements.UIPanel:
    """A background panel that can hold other elements."""
    return pygame_gui.elements.UIPanel(
        relative_rect=rect, manager=manager, container=container,
        object_id=object_id(object_id_))


def make_text_box(manager: pygame_gui.UIManager, rect: pygame.Rect, html: str, *,
                  object_id_: str | None = None, container: Any = None
                  ) -> pygame_gui.elements.UITextBox:
    """A scrollable box of HTML-subset text (<b>, <i>, <br>, <font color=...>)."""
    return pygame_gui.elements.UITextBox(
        html_text=html, relative_rect=rect, manager=manager, container=container,
        object_id=object_id(object_id_))


def make_entry(manager: pygame_gui.UIManager, rect: pygame.Rect, text: str = "", *,
               tooltip: str | None = None, container: Any = None,
               limit: int = MAX_NAME_CHARS) -> pygame_gui.elements.UITextEntryLine:
    """A one-line text entry field that holds at most `limit` characters (typing or pasting
    more is refused, and the tooltip says so)."""
    entry = pygame_gui.elements.UITextEntryLine(
        relative_rect=rect, manager=manager, container=container,
        initial_text=clip(text, limit) or None)
    entry.set_text_length_limit(limit)
    note = f"At most {limit} characters."
    entry.set_tooltip(f"{tooltip} {note}" if tooltip else note)
    return entry


def column(x: int, y: int, width: int, height: int, gap: int, count: int) -> list[pygame.Rect]:
    """`count` rects stacked top to bottom."""
    return [pygame.Rect(x, y + k * (height + gap), width, height) for k in range(count)]


def row(x: int, y: int, width: int, height: int, gap: int, count: int) -> list[pygame.Rect]:
    """`count` rects side by side, left to right."""
    return [pygame.Rect(x + k * (width + gap), y, width, height) for k in range(count)]


def split_widths(total: int, gap: int, count: int) -> int:
    """Width of each of `count` equal cells filling `total` with `gap` between them."""
    return max(1, (total - gap * (count - 1)) // max(1, count))


def escape(text: str) -> str:
    """Escape text for pygame_gui's HTML subset."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def html_colour(colour: Sequence[int]) -> str:
    """'#rrggbb' for an (r, g, b) colour, for <font color=...>."""
    return f"#{int(colour[0]):02x}{int(colour[1]):02x}{int(colour[2]):02x}"


def wrap_text(font: pygame.font.Font, text: str, width: int) -> list[str]:
    """Split `text` into lines no wider than `width` pixels with `font`."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split()
        line = ""
        for word in words:
            trial = f"{line} {word}".strip()
            if font.size(trial)[0] <= width or not line:
                line = trial
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def ellipsize(font: pygame.font.Font, text: str, width: int) -> str:
    """Cut `text` with an ellipsis so that it fits in `width` pixels.

    A glyph is at least a pixel wide, so no more than `width` + 1 characters are ever measured,
    and a binary search finds the longest prefix that fits: a name of any length costs
    O(width log width), never a measure of the whole text.
    """
    width = max(0, int(width))
    head = text[: width + 1]
    if len(head) == len(text) and font.size(text)[0] <= width:
        return text
    low, high = 0, len(head)  # head[:low] + "…" fits; head[:high] + "…" may not
    while low < high:
        middle = (low + high + 1) // 2
        if font.size(head[:middle] + "…")[0] <= width:
            low = middle
        else:
            high = middle - 1
    return head[:low] + "…"


def scroll_box(box: Any, pages: float) -> bool:
    """Scroll a TextView or a UITextBox by `pages` screens."""
    if hasattr(box, "scroll_by"):
        box.scroll_by(pages)
        return True
    bar = getattr(box, "scroll_bar", None)
    if bar is None or not getattr(box, "alive", lambda: False)():
        return False
    visible = float(getattr(bar, "visible_percentage", 1.0))
    start = float(getattr(bar, "start_percentage", 0.0))
    bar.set_scroll_from_start_percentage(max(0.0, min(1.0 - visible, start + pages * visible * 0.9)))
    return True


SCROLL_KEYS: dict[int, float] = {
    pygame.K_PAGEDOWN: 1.0, pygame.K_PAGEUP: -1.0, pygame.K_HOME: -1000.0, pygame.K_END: 1000.0,
}


# -- rich text view -------------------------------------------------------------------------
_TAG = re.compile(r"<(/?)(br|b|i|font)\b([^>]*)>", re.IGNORECASE)
_COLOUR = re.compile(r"color\s*=\s*['\"]?(#[0-9a-fA-F]{6})")


@dataclass(frozen=True)
class Run:
    """A piece of text in one style."""

    text: str
    bold: bool = False
    italic: bool = False
    colour: tuple[int, int, int] | None = None


def parse_markup(html: str) -> list[list[Run]]:
    """The HTML subset (<b>, <i>, <br>, <font color=...>) as lines of styled runs."""
    lines: list[list[Run]] = [[]]
    bold = italic = 0
    colours: list[tuple[int, int, int] | None] = [None]
    pos = 0

    def emit(text: str) -> None:
        """Add text in the current style."""
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        text = text.replace("\n", " ")
        if text:
            lines[-1].append(Run(text, bold > 0, italic > 0, colours[-1]))

    for match in _TAG.finditer(html):
        emit(html[pos:match.start()])
        pos = match.end()
        closing, tag, attrs = match.group(1) == "/", match.group(2).lower(), match.group(3)
        if tag == "br":
            lines.append([])
        elif tag == "b":
            bold += -1 if closing else 1
        elif tag == "i":
            italic += -1 if closing else 1
        elif tag == "font":
            if closing:
                if len(colours) > 1:
                    colours.pop()
            else:
                found = _COLOUR.search(attrs)
                colours.append(_hex(found.group(1)) if found else colours[-1])
    emit(html[pos:])
    return lines


def _hex(text: str) -> tuple[int, int, int]:
    """'#rrggbb' -> (r, g, b)."""
    return int(text[1:3], 16), int(text[3:5], 16), int(text[5:7], 16)


FontFor = Callable[[bool, bool], pygame.font.Font]


def render_markup(html: str, width: int, font_for: FontFor, colour: tuple[int, int, int],
                  line_gap: int = 0) -> pygame.Surface:
    """Lay out and render markup into one transparent Surface `width` pixels wide."""
    rendered: list[list[tuple[pygame.Surface, int]]] = []
    heights: list[int] = []
    base = font_for(False, False)
    for runs in parse_markup(html):
        rows = _wrap_runs(runs, width, font_for)
        for row in rows:
            pieces = []
            x = 0
            height = base.get_linesize()
            for run, text in row:
                font = font_for(run.bold, run.italic)
                surface = font.render(text, True, run.colour or colour)
                pieces.append((surface, x))
                x += surface.get_width()
                height = max(height, font.get_linesize())
            rendered.append(pieces)
            heights.append(height + line_gap)
    total = max(1, sum(heights))
    out = pygame.Surface((max(1, width), total), pygame.SRCALPHA)
    y = 0
    for pieces, height in zip(rendered, heights, strict=True):
        for surface, x in pieces:
            out.blit(surface, (x, y))
        y += height
    return out


def _wrap_runs(runs: list[Run], width: int, font_for: FontFor) -> list[list[tuple[Run, str]]]:
    """Break one line of runs into rows that fit `width`, splitting at spaces."""
    rows: list[list[tuple[Run, str]]] = [[]]
    x = 0
    for run in runs:
        font = font_for(run.bold, run.italic)
        words = re.split(r"(\s+)", run.text)
        current = ""
        for word in words:
            if not word:
                continue
            trial = current + word
            w = font.size(trial)[0]
            if x + w <= width or (not current.strip() and x == 0):
                current = trial
                continue
            if current:
                rows[-1].append((run, current))
            rows.append([])
            x = 0
            current = word.lstrip()
        if current:
            rows[-1].append((run, current))
            x += font.size(current)[0]
    return rows


class TextView:
    """A scrollable block of rich text drawn from one cached Surface (cheap to rebuild).

    Mouse wheel over it, PageUp/PageDown/Home/End (as a screen's `scroll_target`) and clicks on
    its scroll bar move it.  `plain_text` holds the text without markup.
    """

    def __init__(self, app: Any, rect: pygame.Rect, html: str, *, size: int = 15,
                 frame: bool = True, background: tuple[int, int, int] | None = None,
                 border: tuple[int, int, int] | None = None) -> None:
        """A view of `html` in `rect` (font size in unscaled px; colours default to the
        palette's panel and border)."""
        self.app = app
        self.rect = pygame.Rect(rect)
        self.size = size
        self.frame = frame
        self.background = background
        self.border = border
        self.html = html
        self.scroll = 0
        self._content: pygame.Surface | None = None

    @property
    def html_text(self) -> str:
        """The markup shown (same name as pygame_gui's text box)."""
        return self.html

    @property
    def plain_text(self) -> str:
        """The text without markup."""
        return " ".join("".join(r.text for r in line) for line in parse_markup(self.html))

    def set_text(self, html: str) -> None:
        """Show other text (from the top)."""
        self.html = html
        self.scroll = 0
        self._content = None

    @property
    def pad(self) -> int:
        """Inner padding."""
        return int(self.app.s(10))

    @property
    def bar_width(self) -> int:
        """Scroll bar width."""
        return int(self.app.s(8))

    def content(self) -> pygame.Surface:
        """The rendered text (built on first use)."""
        if self._content is None:
            px = int(self.app.s(self.size))
            width = self.rect.w - 2 * self.pad - self.bar_width - int(self.app.s(4))
            self._content = render_markup(self.html, max(20, width),
                                          lambda b, i: self.app.font(px, b, i),
                                          self.app.palette.text, int(self.app.s(3)))
        return self._content

    @property
    def inner(self) -> pygame.Rect:
        """Where the text shows."""
        return self.rect.inflate(-2 * self.pad, -2 * self.pad)

    @property
    def max_scroll(self) -> int:
        """How far it can scroll."""
        return max(0, self.content().get_height() - self.inner.h)

    def scroll_by(self, pages: float) -> bool:
        """Scroll by `pages` views (negative: up); True when it moved."""
        before = self.scroll
        self.scroll = int(max(0, min(self.max_scroll, self.scroll + pages * self.inner.h * 0.9)))
        return self.scroll != before

    def handle(self, event: pygame.event.Event) -> bool:
        """Wheel over the view and clicks on its scroll bar."""
        if event.type == pygame.MOUSEWHEEL:
            if self.rect.collidepoint(pygame.mouse.get_pos()) and self.max_scroll > 0:
                self.scroll = int(max(0, min(self.max_scroll,
                                             self.scroll - event.y * self.app.s(40))))
                return True
        if event.type == pygame.MOUSEBUTTONDOWN and getattr(event, "button", 0) == 1:
            bar = self._bar_track()
            if bar is not None and bar.collidepoint(event.pos):
                thumb = self._thumb(bar)
                self.scroll_by(-1 if event.pos[1] < thumb.centery else 1)
                return True
        return False

    def _bar_track(self) -> pygame.Rect | None:
        """The scroll bar's track (None when everything fits)."""
        if self.max_scroll <= 0:
            return None
        return pygame.Rect(self.rect.right - self.bar_width - int(self.app.s(4)),
                           self.rect.y + int(self.app.s(4)), self.bar_width,
                           self.rect.h - int(self.app.s(8)))

    def _thumb(self, track: pygame.Rect) -> pygame.Rect:
        """The scroll bar's thumb."""
        total = self.content().get_height()
        h = max(int(self.app.s(20)), track.h * self.inner.h // max(1, total))
        y = track.y + (track.h - h) * self.scroll // max(1, self.max_scroll)
        return pygame.Rect(track.x, y, track.w, h)

    def draw(self, surface: pygame.Surface) -> None:
        """Background, the visible part of the text and the scroll bar."""
        palette = self.app.palette
        if self.frame:
            pygame.draw.rect(surface, self.background or palette.panel, self.rect)
            pygame.draw.rect(surface, self.border or palette.border, self.rect, 1)
        inner = self.inner
        content = self.content()
        self.scroll = min(self.scroll, self.max_scroll)
        area = pygame.Rect(0, self.scroll, inner.w, inner.h)
        surface.blit(content, inner.topleft, area)
        track = self._bar_track()
        if track is not None:
            pygame.draw.rect(surface, palette.bg, track, border_radius=self.bar_width // 2)
            pygame.draw.rect(surface, palette.border, self._thumb(track),
                             border_radius=self.bar_width // 2)
