"""Reading files a user can hand the game: regular files only, never a pipe, device or socket.

Opening a named pipe (FIFO) for reading waits until something writes to it, so a FIFO named as a
scenario, a move script or a save would hang the game. Every read of a user's file goes through
`read_regular`, which opens without waiting and refuses anything that is not a regular file.
Standard library only, so every layer may use it.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

#: The longest text (in characters) kept from a name or a one-line field anywhere in the game.
MAX_NAME_CHARS = 200
#: The longest free text (a reason, a summary) kept from a text box or a file.
MAX_TEXT_CHARS = 5000


class NotRegularFileError(OSError):
    """The path names a pipe, device, socket or other file that is not a regular file."""

    def __init__(self, path: Path | str, kind: str) -> None:
        """Keep the path and say what it is instead of a regular file."""
        super().__init__(errno.EINVAL, f"not a regular file (it is {kind})", str(path))
        self.kind = kind


def _kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def read_regular(path: Path | str, limit: int) -> bytes:
    """Read at most `limit` + 1 bytes of a regular file (so a caller can tell it is too large).

    Raises IsADirectoryError for a folder, NotRegularFileError for a pipe, device or socket, and
    the usual OSError for a missing or unreadable file. Never waits for a writer.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "this is a folder, not a file", str(path))
        if not stat.S_ISREG(mode):
            raise NotRegularFileError(path, _kind(mode))
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def is_regular(path: Path | str) -> bool:
    """True when `path` is a regular file (following symlinks); False for anything else."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def regular_files(folder: Path, pattern: str) -> Iterator[Path]:
    """The regular files in `folder` matching a glob `pattern` (pipes, folders etc. skipped)."""
    try:
        candidates = sorted(folder.glob(pattern))
    except OSError:
        return
    yield from (p for p in candidates if is_regular(p))


def printable(text: str) -> str:
    """`text` with control characters escaped (ESC as \\x1b, tab as \\t), so a message can never
    move the cursor, clear a terminal or break a line where it should not."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else _escape(ch) for ch in text)


def _escape(ch: str) -> str:
    """One control or unprintable character as a visible escape."""
    code = ord(ch)
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if ch in named:
        return named[ch]
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def clip(text: str, limit: int = MAX_NAME_CHARS) -> str:
    """`text` cut to `limit` characters, ending in an ellipsis when it was longer."""
    return text if len(text) <= limit else text[: max(0, limit - 1)] + "…"
