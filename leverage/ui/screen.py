"""The base class of every screen on the app's stack.

Life cycle: `enter()` builds the pygame_gui elements (it runs every time the screen becomes the
top of the stack, including after a screen pushed over it is popped); `leave()` kills them.
`relayout()` rebuilds them for a new window size, scale or state.  Subclasses override `build()`
(create elements with the factory methods below), and optionally `handle`, `update`, `draw`,
`back`.  Screen state lives in attributes, so rebuilding is cheap and safe.

`handle(event)` in the base class runs the actions of buttons created with `self.button(...)`
(mouse or Enter through the focus ring), number-key shortcuts (`self.shortcut`) and Tab/arrow
focus moves.  A subclass that overrides `handle` should call `super().handle(event)` first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame
import pygame_gui
from pygame_gui.core import UIElement

from leverage.ui import widgets
from leverage.ui.widgets import Action, FocusRing, TextView

if TYPE_CHECKING:
    from leverage.ui.app import App


class Screen:
    """One full-window screen: builds widgets, turns input into commands, draws custom content."""

    #: Short name used for screenshots and frame-time statistics.
    title: str = "screen"
    #: True: the screen below is drawn first (its custom drawing only), e.g. a dialog.
    overlay: bool = False

    def __init__(self, app: App) -> None:
        """Remember the app; elements are built by `enter()`."""
        self.app = app
        self.elements: list[UIElement] = []
        self.actions: dict[UIElement, Action] = {}
        self.shortcuts: dict[int, Action] = {}
        self.keys: dict[int, Action] = {}
        self.focus = FocusRing()
        self.active = False
        #: A scrollable text box that PageUp/PageDown/Home/End scroll (set it in build()).
        self.scroll_target: Any = None
        #: Set by refresh(): the app rebuilds the screen once, before the next update.
        self.dirty = False
        #: Rich-text views made by text_view(); drawn after draw(), under the widgets.
        self.views: list[TextView] = []

    # -- life cycle -------------------------------------------------------------------------
    def enter(self) -> None:
        """Build the elements (the screen is now the top of the stack)."""
        self.active = True
        self.dirty = False  # built now for the current size: no second build this frame
        self.build()

    def leave(self) -> None:
        """Kill the elements (the screen is popped or covered)."""
        self.clear()
        self.active = False

    def build(self) -> None:
        """Create this screen's elements; subclasses override."""

    def clear(self) -> None:
        """Kill every element this screen made and forget actions, shortcuts and focus."""
        for element in self.elements:
            element.kill()
        self.elements.clear()
        self.actions.clear()
        self.shortcuts.clear()
        self.keys.clear()
        self.focus.clear()
        self.scroll_target = None
        self.views.clear()

    def refresh(self) -> None:
        """Ask for a rebuild before the next update (many changes in one frame: one rebuild)."""
        self.dirty = True

    def relayout(self) -> None:
        """Rebuild for a new window size, scale or state, keeping the focus position."""
        self.dirty = False
        if not self.active:
            return
        index, count = self.focus.index, len(self.focus.items)
        self.clear()
        self.build()
        if index >= 0 and len(self.focus.items) == count:
            self.focus.focus_index(index)  # same controls: keep the keyboard's place

    # -- per frame --------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> bool:
        """Run button actions, focus keys and shortcuts; True when the event was used."""
        if event.type == pygame.MOUSEBUTTONDOWN:
            self.focus.focus(None)  # the mouse took over: Enter no longer presses an old focus
        if event.type in (pygame.MOUSEWHEEL, pygame.MOUSEBUTTONDOWN):
            for view in self.views:
                if view.handle(event):
                    return True
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            action = self.actions.get(event.ui_element)
            if action is None:
                return False
            self.focus.focus(None)  # clicked: the keyboard's focus ring starts again from here
            self.app.play_sound("click")
            action()
            return True
        if event.type != pygame.KEYDOWN:
            return False
        if self._typing() and event.key not in (pygame.K_TAB, pygame.K_ESCAPE):
            return False  # a text field clicked with the mouse keeps every key, Space included
        if self.focus.handle(event):
            if event.key in widgets.ENTER_KEYS:
                self.app.play_sound("click")
            return True
        if event.key in self.keys:
            self.keys[event.key]()
            return True
        if event.key in widgets.SCROLL_KEYS and self.scroll_target is not None:
            return widgets.scroll_box(self.scroll_target, widgets.SCROLL_KEYS[event.key])
        number = widgets.number_of_key(event.key)
        if number is not None and number in self.shortcuts:
            self.app.play_sound("click")
            self.shortcuts[number]()
            return True
        return False

    def _typing(self) -> bool:
        """True while a text field has the keyboard."""
        manager = self.app.manager
        focused = manager.get_focus_set()
        return any(isinstance(e, pygame_gui.elements.UITextEntryLine | pygame_gui.elements.UITextEntryBox)
                   for e in (focused or ()))

    def back(self) -> bool:
        """Esc: pop this screen (if it is not the last); True when handled."""
        if len(self.app.screens) > 1:
            self.app.pop()
            return True
        return False

    def update(self, dt: float) -> None:
        """Advance animations and poll background work (dt in seconds)."""

    def draw(self, surface: pygame.Surface) -> None:
        """Custom drawing under the widgets (map, charts); use cached Surfaces."""

    def draw_views(self, surface: pygame.Surface) -> None:
        """Draw the rich-text views (called by the app after draw())."""
        for view in self.views:
            view.draw(surface)

    def draw_over(self, surface: pygame.Surface) -> None:
        """Drawing on top of the widgets: the keyboard focus outline."""
        self.focus.draw(surface, self.app.palette.focus, max(2, self.app.s(2)))

    # -- element factories ------------------------------------------------------------------
    def track(self, element: UIElement) -> Any:
        """Register an element so that `clear()` kills it; returns it."""
        self.elements.append(element)
        return element

    def button(self, rect: pygame.Rect, text: str, action: Action | None = None, *,
               tooltip: str | None = None, object_id: str | None = None,
               container: Any = None, focus: bool = True, key: int | None = None,
               enabled: bool = True) -> pygame_gui.elements.UIButton:
        """A button whose `action` runs on click or Enter; `key` = number-key shortcut (1-10)."""
        element = widgets.make_button(self.app.manager, rect, text, tooltip=tooltip,
                                      object_id_=object_id, container=container)
        self.track(element)
        if action is not None:
            self.actions[element] = action
            if key is not None:
                self.shortcuts[key] = action
        if focus:
            self.focus.add(element, action)
        if not enabled:
            element.disable()
        return element

    def label(self, rect: pygame.Rect, text: str, *, tooltip: str | None = None,
              object_id: str | None = None, container: Any = None
              ) -> pygame_gui.elements.UILabel:
        """A one-line label."""
        return self.track(widgets.make_label(self.app.manager, rect, text, tooltip=tooltip,
                                             object_id_=object_id, container=container))

    def panel(self, rect: pygame.Rect, *, object_id: str | None = None,
              container: Any = None) -> pygame_gui.elements.UIPanel:
        """A background panel (a container for other elements)."""
        return self.track(widgets.make_panel(self.app.manager, rect, object_id_=object_id,
                                             container=container))

    def text_box(self, rect: pygame.Rect, html: str, *, object_id: str | None = None,
                 container: Any = None) -> pygame_gui.elements.UITextBox:
        """A scrollable box of HTML-subset text."""
        return self.track(widgets.make_text_box(self.app.manager, rect, html,
                                                object_id_=object_id, container=container))

    def text_view(self, rect: pygame.Rect, html: str, *, size: int = 15, frame: bool = True,
                  background: tuple[int, int, int] | None = None,
                  border: tuple[int, int, int] | None = None) -> TextView:
        """A scrollable rich-text view (same markup as text_box, far cheaper to build)."""
        view = TextView(self.app, rect, html, size=size, frame=frame, background=background,
                        border=border)
        self.views.append(view)
        return view

    def entry(self, rect: pygame.Rect, text: str = "", *, tooltip: str | None = None,
              container: Any = None, focus: bool = True) -> pygame_gui.elements.UITextEntryLine:
        """A one-line text entry; Tab reaches it through the focus ring."""
        element = self.track(widgets.make_entry(self.app.manager, rect, text, tooltip=tooltip,
                                                container=container))
        if focus:
            self.focus.add(element, None)
        return element

    def key(self, key: int, action: Action) -> None:
        """Bind a pygame key constant (e.g. pygame.K_s) to an action on this screen."""
        self.keys[key] = action

    def shortcut(self, number: int, action: Action) -> None:
        """Bind number key `number` (1-10; 10 is the 0 key) to an action."""
        self.shortcuts[number] = action

    def on(self, element: UIElement, action: Action) -> None:
        """Run `action` when `element` (a button made elsewhere) is pressed."""
        self.actions[element] = action

    # -- geometry ---------------------------------------------------------------------------
    @property
    def width(self) -> int:
        """Window width in pixels."""
        return self.app.width

    @property
    def height(self) -> int:
        """Window height in pixels."""
        return self.app.height

    def s(self, px: float) -> int:
        """Scale a size by the UI scale."""
        return self.app.s(px)
