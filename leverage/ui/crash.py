"""After an unexpected error in a frame: keep the game (an autosave) and the details (a report)."""

from __future__ import annotations

import datetime as _dt
import platform
import traceback
from pathlib import Path
from typing import Any

#: Reports kept in the user data folder (the newest ones).
REPORTS_KEPT = 10


def autosave_after_crash(session: Any) -> str:
    """Autosave `session` (if any); a sentence saying where it went or why it could not."""
    if session is None:
        return "No game was in progress."
    if getattr(session, "read_only", None) is not None:
        return "The game was opened read-only, so nothing was saved."
    try:
        from leverage.storage import autosave

        path = autosave(session)
    except Exception as error:  # the report screen shows whatever happened
        return f"The game could not be autosaved ({type(error).__name__}: {error})."
    return f"The game was autosaved as {path.name}: Continue on the title screen opens it."


def write_crash_report(error: BaseException, screen: str) -> str:
    """Write the traceback and versions to a report file; its path, or why it could not."""
    from leverage.storage import atomic_write_text, data_dir

    stamp = _dt.datetime.now(_dt.UTC).strftime("%Y%m%d-%H%M%S-%f")
    folder = data_dir() / "crash-reports"
    path = folder / f"crash-{stamp}.txt"
    text = (f"Leverage crash report, {stamp} UTC\n"
            f"screen: {screen}\n"
            f"python: {platform.python_version()} on {platform.platform()}\n\n"
            + "".join(traceback.format_exception(error)))
    try:
        atomic_write_text(path, text)
        _prune(folder)
    except OSError as problem:
        return f"(no report file: {problem.strerror or problem})"
    return str(path)


def _prune(folder: Path) -> None:
    """Keep only the newest REPORTS_KEPT reports."""
    reports = sorted(folder.glob("crash-*.txt"))
    for old in reports[: max(0, len(reports) - REPORTS_KEPT)]:
        try:
            old.unlink()
        except OSError:
            continue
