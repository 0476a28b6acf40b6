"""The player's settings, remembered between runs as JSON in the user config folder.

A damaged or unreadable settings file never stops the game: the defaults are used and a warning
says what was wrong.  Out-of-range values are brought into range, also with a warning.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from leverage.files import clip, printable, read_regular

CONFIG_DIR_ENV = "LEVERAGE_CONFIG_DIR"
DATA_DIR_ENV = "LEVERAGE_DATA_DIR"
SETTINGS_FILE = "settings.json"
MIN_WIDTH, MIN_HEIGHT = 800, 600
MAX_SIDE = 10000
UI_SCALE_MIN, UI_SCALE_MAX = 100, 200
#: Longest text setting (a scenario path), in characters.
MAX_SETTING_CHARS = 4096
#: Largest settings file read (bytes).
MAX_SETTINGS_BYTES = 64 * 1024


@dataclass(frozen=True)
class Settings:
    """Window size, full screen, UI scale (100-200 %), colour-blind palette, sound, last scenario."""

    width: int = 1280
    height: int = 720
    fullscreen: bool = False
    ui_scale: int = 100
    #: Larger scale on large windows (the chosen scale is the least); smaller when it cannot fit.
    auto_scale: bool = True
    colour_blind: bool = False
    sound: bool = True
    last_scenario: str = ""

    def to_json(self) -> dict[str, Any]:
        """The settings as a JSON-able dict."""
        return asdict(self)

    def with_changes(self, **changes: Any) -> Settings:
        """A copy with some settings changed and brought into range."""
        settings, _ = from_json({**self.to_json(), **changes})
        return settings

    @property
    def scale(self) -> float:
        """UI scale as a factor (1.0 to 2.0)."""
        return self.ui_scale / 100.0


def config_dir(override: Path | str | None = None) -> Path:
    """The settings folder: `override`, $LEVERAGE_CONFIG_DIR, $LEVERAGE_DATA_DIR/config, or the
    platform's user config folder."""
    if override is not None:
        return Path(override)
    if os.environ.get(CONFIG_DIR_ENV):
        return Path(os.environ[CONFIG_DIR_ENV])
    if os.environ.get(DATA_DIR_ENV):
        return Path(os.environ[DATA_DIR_ENV]) / "config"
    import platformdirs

    return Path(platformdirs.user_config_dir("leverage"))


def settings_path(folder: Path | str | None = None) -> Path:
    """The settings file."""
    return config_dir(folder) / SETTINGS_FILE


def _as_bool(name: str, value: Any, default: bool, warnings: list[str]) -> bool:
    """A boolean setting; anything else falls back to the default with a warning."""
    if isinstance(value, bool):
        return value
    warnings.append(f"setting '{name}' should be true or false, not {value!r}; using {default}")
    return default


def _as_int(name: str, value: Any, default: int, low: int, high: int,
            warnings: list[str]) -> int:
    """A whole-number setting brought into low..high."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        shown = printable(clip(repr(value), 40))
        warnings.append(f"setting '{name}' should be a finite number, not {shown}; "
                        f"using {default}")
        return default
    number = int(round(value))
    if number < low or number > high:
        clamped = min(high, max(low, number))
        warnings.append(f"setting '{name}' = {number} is outside {low}..{high}; using {clamped}")
        return clamped
    return number


def from_json(data: Any) -> tuple[Settings, list[str]]:
    """Settings from a parsed JSON value, with a warning for every value that was not usable."""
    defaults = Settings()
    warnings: list[str] = []
    if not isinstance(data, dict):
        return defaults, ["the settings file does not hold a JSON object; using the defaults"]
    known = {f.name for f in fields(Settings)}
    values: dict[str, Any] = {}
    for name in sorted(known & data.keys()):
        value, default = data[name], getattr(defaults, name)
        if name == "width":
            values[name] = _as_int(name, value, default, MIN_WIDTH, MAX_SIDE, warnings)
        elif name == "height":
            values[name] = _as_int(name, value, default, MIN_HEIGHT, MAX_SIDE, warnings)
        elif name == "ui_scale":
            values[name] = _as_int(name, value, default, UI_SCALE_MIN, UI_SCALE_MAX, warnings)
        elif isinstance(default, bool):
            values[name] = _as_bool(name, value, default, warnings)
        elif isinstance(value, str) and len(value) <= MAX_SETTING_CHARS:
            values[name] = value
        elif isinstance(value, str):
            warnings.append(f"setting '{name}' is {len(value)} characters long (at most "
                            f"{MAX_SETTING_CHARS}); using the default")
        else:
            shown = printable(clip(repr(value), 40))
            warnings.append(f"setting '{name}' should be text, not {shown}; using the default")
    return replace(defaults, **values), warnings


def load_settings(folder: Path | str | None = None) -> tuple[Settings, list[str]]:
    """Read the settings; a missing file gives the defaults, a damaged one the defaults and a
    warning.  Never raises."""
    path = settings_path(folder)
    try:
        raw = read_regular(path, MAX_SETTINGS_BYTES)
        if len(raw) > MAX_SETTINGS_BYTES:
            return Settings(), [f"{path}: the settings file is larger than {MAX_SETTINGS_BYTES} "
                                "bytes; using the defaults"]
        text = raw.decode("utf-8-sig")
    except FileNotFoundError:
        return Settings(), []
    except (OSError, UnicodeDecodeError) as error:
        return Settings(), [f"{path}: the settings could not be read ({error}); using the defaults"]
    try:
        data = json.loads(text)
    except RecursionError:
        return Settings(), [f"{path}: the settings file is nested too deeply; using the defaults"]
    except json.JSONDecodeError as error:
        return Settings(), [f"{path}:{error.lineno}:{error.colno}: the settings file is damaged "
                            f"({error.msg}); using the defaults (it will be replaced when the "
                            "settings are next saved)"]
    settings, warnings = from_json(data)
    return settings, [printable(f"{path}: {w}") for w in warnings]


def fit_window(width: int, height: int, display: tuple[int, int] | None) -> tuple[int, int]:
    """A window size no larger than the display (when its size is known)."""
    if display is None or display[0] <= 0 or display[1] <= 0:
        return width, height
    return min(width, display[0]), min(height, display[1])


def save_settings(settings: Settings, folder: Path | str | None = None) -> str | None:
    """Write the settings atomically; return a warning instead of raising when that fails."""
    from leverage.storage import atomic_write_text

    path = settings_path(folder)
    try:
        atomic_write_text(path, json.dumps(settings.to_json(), indent=2, sort_keys=True) + "\n")
    except OSError as error:
        return f"{path}: the settings could not be saved ({error.strerror or error})"
    return None
