"""Shared widget helpers: keyboard focus ring, element factories with tooltips, layout helpers.

Screens usually call the factory methods on `Screen` (`self.button(...)`, `self.label(...)`), which
use the functions here and register the element for clean-up and keyboard focus.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pygame
import pygame_gui
from pygame_gui.core import ObjectID, UIElement

Action = Callable[[], None]

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
    """A one-line text label (text may be empty: pygame_gui needs a space)."""
    label = pygame_gui.elements.UILabel(
        relative_rect=rect, text=text or " ", manager=manager, container=container,
        object_id=object_id(object_id_))
    if tooltip:
        label.set_tooltip(tooltip)
    return label


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
               tooltip: str | None = None, container: Any = None
               ) -> pygame_gui.elements.UITextEntryLine:
    """A one-line text entry field."""
    entry = pygame_gui.elements.UITextEntryLine(
        relative_rect=rect, manager=manager, container=container,
        initial_text=text or None)
    if tooltip:
        entry.set_tooltip(tooltip)
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
    """Cut `text` with an ellipsis so that it fits in `width` pixels."""
    if font.size(text)[0] <= width:
        return text
    while text and font.size(text + "…")[0] > width:
        text = text[:-1]
    return text + "…"


def scroll_box(box: Any, pages: float) -> bool:
    """Scroll a UITextBox (or anything with a vertical scroll bar) by `pages` screens."""
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
