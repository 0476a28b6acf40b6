"""The framework: screen stack, dispatch, global keys, resize, scale, palette, focus, perf."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pygame
import pytest

from leverage.ui import theme
from leverage.ui.perf import PerfRecorder, percentile
from leverage.ui.screen import Screen
from leverage.ui.widgets import FocusRing, column, ellipsize, wrap_text

ROOT = Path(__file__).resolve().parents[2]


class Probe(Screen):
    """A screen that records its life cycle and has three buttons."""

    title = "probe"

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.calls: list[str] = []
        self.pressed: list[str] = []
        self.builds = 0

    def build(self) -> None:
        self.builds += 1
        for k, rect in enumerate(column(self.s(20), self.s(20), self.s(200), self.s(40), self.s(8), 3)):
            name = "ABC"[k]
            self.button(rect, name, lambda name=name: self.pressed.append(name), key=k + 1,
                        tooltip=f"Button {name} does a thing.")

    def enter(self) -> None:
        self.calls.append("enter")
        super().enter()

    def leave(self) -> None:
        self.calls.append("leave")
        super().leave()


def test_stack_push_pop_replace_reset(app: Any) -> None:
    a, b, c = Probe(app), Probe(app), Probe(app)
    app.push(a)
    app.push(b)
    assert app.top is b and a.calls == ["enter", "leave"] and b.calls == ["enter"]
    app.pop()
    assert app.top is a and a.calls == ["enter", "leave", "enter"] and b.calls[-1] == "leave"
    app.replace(c)
    assert app.screens == [c] and a.calls[-1] == "leave"
    app.push(Probe(app))
    app.reset(b)
    assert app.screens == [b]


def test_click_runs_the_button_action(app: Any, ui: Any) -> None:
    probe = app.push(Probe(app))
    ui.tick()
    ui.click_text("B")
    assert probe.pressed == ["B"]


def test_keyboard_focus_ring_and_number_keys(app: Any, ui: Any) -> None:
    probe = app.push(Probe(app))
    ui.tick()
    ui.key(pygame.K_TAB)
    assert probe.focus.focused is ui.button("A")
    ui.key(pygame.K_DOWN)
    ui.key(pygame.K_RETURN)
    assert probe.pressed == ["B"]
    ui.key(pygame.K_TAB, mod=pygame.KMOD_SHIFT)
    assert probe.focus.focused is ui.button("A")
    ui.key(pygame.K_UP)  # wraps to the last button
    assert probe.focus.focused is ui.button("C")
    ui.key(pygame.K_3)
    assert probe.pressed == ["B", "C"]


def test_focus_outline_is_drawn(app: Any, ui: Any) -> None:
    probe = app.push(Probe(app))
    ui.tick()
    ui.key(pygame.K_TAB)
    rect = ui.button("A").get_abs_rect()
    colour = app.window.get_at((rect.centerx, rect.top - 2))[:3]
    assert colour == app.palette.focus
    assert probe.focus.focused is not None


def test_escape_pops_and_f1_opens_help(app: Any, ui: Any) -> None:
    app.push(Probe(app))
    app.push(Probe(app))
    ui.key(pygame.K_ESCAPE)
    assert len(app.screens) == 1
    ui.key(pygame.K_ESCAPE)  # the last screen stays
    assert len(app.screens) == 1
    ui.key(pygame.K_F1)
    assert ui.titles() == ["probe", "help"]
    ui.key(pygame.K_F1)  # not twice
    assert ui.titles() == ["probe", "help"]


def test_resize_relayouts_the_top_screen(app: Any, ui: Any) -> None:
    probe = app.push(Probe(app))
    ui.tick()
    builds = probe.builds
    ui.resize(1600, 900)
    assert app.size == (1600, 900)
    assert probe.builds == builds + 1
    assert app.manager.window_resolution == (1600, 900)
    ui.resize(300, 200)  # kept at the minimum size
    assert app.width >= 800 and app.height >= 560


def test_scale_makes_widgets_and_fonts_bigger(app: Any, ui: Any) -> None:
    app.push(Probe(app))
    ui.tick()
    small = ui.button("A").rect.height
    app.set_window_size((1920, 1080))
    app.set_auto_scale(False)
    app.set_scale(1.5)
    ui.tick()
    assert app.scale == 1.5 and app.settings.ui_scale == 150
    assert ui.button("A").rect.height == round(small * 1.5)
    app.set_scale(9)
    assert app.settings.ui_scale == 200 and app.scale == 1.75, "capped to fit 1920 x 1080"


def test_scale_follows_the_window(app: Any, ui: Any) -> None:
    """A small window lowers a large scale; a large window raises 100 % unless switched off."""
    app.push(Probe(app))
    app.set_scale(2.0)
    ui.tick()
    assert app.scale == 1.25, "1280 x 720 holds at most 125 %"
    app.set_scale(1.0)
    ui.resize(1920, 1080)
    assert app.scale == 1.5
    ui.resize(2560, 1440)
    assert app.scale == 2.0
    app.set_auto_scale(False)
    assert app.scale == 1.0
    ui.resize(800, 560)
    app.set_scale(2.0)
    assert app.scale == 1.0


def test_theme_fonts_scale_and_palette_recolours() -> None:
    base = {"label": {"font": {"name": "noto_sans", "size": "14"}}}
    built = theme.build_theme(2.0, theme.colour_blind_palette(), base)
    assert built["label"]["font"]["size"] == "28"
    assert built["#good"]["colours"]["normal_text"] == theme.rgb_hex((0, 158, 115))
    assert base["label"]["font"]["size"] == "14"  # the base is not modified


def test_palette_relation_scale_and_colour_blind(app: Any) -> None:
    normal = theme.normal_palette()
    assert normal.relation_colour(-100) == normal.relation_stops[0]
    assert normal.relation_colour(100) == normal.relation_stops[-1]
    assert normal.relation_colour(0) == normal.relation_stops[2]
    assert normal.relation_colour(500) == normal.relation_colour(100)
    app.set_colour_blind(True)
    assert app.palette.name == "colour-blind" and app.settings.colour_blind
    assert app.palette.relation_colour(100) != normal.relation_colour(100)


def test_tooltip_shows_on_hover(app: Any, ui: Any) -> None:
    app.push(Probe(app))
    ui.tick()
    ui.hover(ui.button("C"))
    assert "Button C does a thing." in (ui.tooltip_text() or "")


def test_sound_respects_the_setting(app: Any) -> None:
    played: list[str] = []

    class FakeSound:
        def __init__(self, name: str) -> None:
            self.name = name

        def play(self) -> None:
            played.append(self.name)

    class FakeAssets:
        def sound(self, name: str) -> FakeSound:
            return FakeSound(name)

    app._assets = FakeAssets()
    app.audio = True
    app.play_sound("click")
    app.set_sound(False)
    app.play_sound("news")
    assert played == ["click"]


def test_quit_event_stops_the_loop(app: Any, ui: Any) -> None:
    app.push(Probe(app))
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    ui.tick(1)
    assert not app.running


def test_text_cache_reuses_surfaces(app: Any) -> None:
    first = app.text("Hello", 14)
    assert app.text("Hello", 14) is first
    assert app.text("Hello", 14, bold=True) is not first


def test_focus_ring_skips_disabled(app: Any, ui: Any) -> None:
    probe = app.push(Probe(app))
    ui.tick()
    ui.button("B").disable()
    ring: FocusRing = probe.focus
    ring.focus(ui.button("A"))
    ring.move(1)
    assert ring.focused is ui.button("C")


def test_text_helpers() -> None:
    pygame.font.init()
    font = pygame.font.Font(None, 20)
    lines = wrap_text(font, "one two three four five six seven", 60)
    assert len(lines) > 1 and all(font.size(line)[0] <= 60 or " " not in line for line in lines)
    cut = ellipsize(font, "a long piece of text that does not fit", 80)
    assert cut.endswith("…") and font.size(cut)[0] <= 80


def test_perf_percentiles_and_report() -> None:
    recorder = PerfRecorder()
    for ms in range(1, 101):
        recorder.frame("turn", float(ms))
    recorder.mark_interactive()
    n, p50, p95, p99, top = recorder.stats("turn")
    assert (n, p50, p95, p99, top) == (100, 51.0, 95.0, 99.0, 100.0)
    assert percentile([3.0], 95) == 3.0
    text = recorder.report()
    assert "turn" in text and "Start-up" in text


def test_the_first_frame_comes_before_the_heavy_modules_are_imported(tmp_path: Path) -> None:
    """numpy and pydantic stay out of start-up (the time it takes is the benchmark's figure)."""
    code = (
        "import warnings; warnings.simplefilter('ignore')\n"
        "from leverage.ui.perf import PerfRecorder\n"
        "from leverage.ui.app import App\n"
        "from leverage.ui.screens.title import TitleScreen\n"
        "p = PerfRecorder(); app = App(perf=p); app.reset(TitleScreen(app)); app.tick_once()\n"
        "import sys; print(p.startup); print('numpy' in sys.modules, 'pydantic' in sys.modules)\n"
    )
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               LEVERAGE_DATA_DIR=str(tmp_path), LEVERAGE_CONFIG_DIR=str(tmp_path / "c"),
               PYGAME_HIDE_SUPPORT_PROMPT="1")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=60, check=True).stdout.split("\n")
    assert float(out[0]) > 0.0
    assert out[1] == "False False", "heavy modules were imported before the first frame"


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_probe_fits_in_window(app: Any, ui: Any, size: tuple[int, int]) -> None:
    app.set_window_size(size)
    app.push(Probe(app))
    ui.tick()
    window = pygame.Rect(0, 0, *app.size)
    assert all(window.contains(b.get_abs_rect()) for b in ui.buttons())


def test_markup_is_parsed_into_styled_lines() -> None:
    from leverage.ui.widgets import parse_markup

    lines = parse_markup("Plain <b>bold <i>both</i></b><br><font color='#ff0000'>red</font> &amp; more")
    assert len(lines) == 2
    first, second = lines
    assert [(r.text, r.bold, r.italic) for r in first] == [
        ("Plain ", False, False), ("bold ", True, False), ("both", True, True)]
    assert second[0].colour == (255, 0, 0) and second[1].text == " & more"
    assert second[1].colour is None


def test_text_view_wraps_scrolls_and_draws(app: Any, ui: Any) -> None:
    probe = app.push(Probe(app))
    words = " ".join(f"word{k}" for k in range(600))
    view = probe.text_view(pygame.Rect(300, 20, 400, 200), f"<b>Title</b><br>{words}")
    probe.scroll_target = view
    ui.tick()
    assert view.content().get_width() <= 400 and view.max_scroll > 0
    assert app.window.get_at((301, 21))[:3] == app.palette.panel
    ui.key(pygame.K_PAGEDOWN)
    assert view.scroll > 0
    ui.key(pygame.K_END)
    assert view.scroll == view.max_scroll
    pygame.mouse.set_pos(view.rect.center)
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=3, flipped=False,
                                         precise_x=0.0, precise_y=3.0))
    ui.tick(2)
    assert view.scroll < view.max_scroll
    assert "word599" in view.plain_text and ui.shows("word17")


def test_close_stops_the_forecast_pool(app: Any) -> None:
    """App.close() closes the forecast processes it started."""

    class Pool:
        closed = False

        def close(self) -> None:
            Pool.closed = True

    assert os.environ.get("LEVERAGE_FORECAST") == "thread", "UI tests start no forecast process"
    app.forecast_pool = Pool()
    app.close()
    assert Pool.closed and app.forecast_pool is None


def test_the_frame_rate_drops_after_a_pause_in_the_input(ui: Any) -> None:
    """Five seconds without mouse or keyboard: the loop asks for IDLE_FPS frames a second (half
    the work on an idle screen); the next key press brings back the full rate."""
    from leverage.ui import app as app_module

    ui.tick(1)
    assert ui.app.frame_rate() == app_module.FPS
    ui.app.last_input -= app_module.IDLE_AFTER + 1.0
    assert ui.app.frame_rate() == app_module.IDLE_FPS < app_module.FPS
    ui.key(pygame.K_TAB)
    assert ui.app.frame_rate() == app_module.FPS
