"""Slow work a screen starts (writing a debrief, a printable pack) run beside the frame loop.

`Job(work).start()` runs `work()` in a daemon thread; the screen's `update(dt)` polls
`finished()` and reads `result()` once it is done, so no frame waits for files to be written.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Job(Generic[T]):
    """One piece of work in its own thread, with its result or the error it raised."""

    def __init__(self, work: Callable[[], T]) -> None:
        """Prepare `work` (not started yet)."""
        self._work = work
        self._done = threading.Event()
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="job", daemon=True)

    def start(self) -> Job[T]:
        """Start the work; returns the job."""
        self._thread.start()
        return self

    def _run(self) -> None:
        """Run the work, keeping its result or its error."""
        try:
            self._value = self._work()
        except Exception as error:  # handed to the screen, which reports it in words
            self._error = error
        finally:
            self._done.set()

    def finished(self) -> bool:
        """True once the work has ended (well or not)."""
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until the work has ended (tests); True when it has."""
        return self._done.wait(timeout)

    def result(self) -> T:
        """The work's result; raises the error it raised."""
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]
