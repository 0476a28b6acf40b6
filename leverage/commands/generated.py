"""Writing a generated text (the JSON Schema, the reference) to a file or the standard output."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO


def write_generated(text: str, out: str | None, stdout: TextIO, command: str, what: str) -> int:
    """Write `text` to `out` (or `stdout`); say where `what` went; 0 on success, 1 when the file
    cannot be written (one line naming it, no traceback)."""
    if out is None:
        stdout.write(text)
        return 0
    from leverage.storage import atomic_write_text

    try:
        atomic_write_text(Path(out), text)
    except OSError as error:
        stdout.write(f"leverage {command}: error: cannot write {out}: "
                     f"{error.strerror or error}\n")
        return 1
    stdout.write(f"{what} written to {out}\n")
    return 0
