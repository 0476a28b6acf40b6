"""Forecasts off the UI thread: one background worker, the latest request served first.

A screen calls `request(key, code, move)` when the player picks a card and `poll()` in its
`update(dt)`; finished forecasts are kept by key so that going back to a card is instant.
The worker never touches pygame; it only calls `session.forecast(...)`.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any


#: Seconds a thread may hold the interpreter before the UI thread gets a turn (default is 5 ms).
SWITCH_INTERVAL = 0.0005


@dataclass(frozen=True)
class ForecastResult:
    """A finished job: its value, or the error it raised (as text), and how long it took."""

    key: Hashable
    value: Any
    error: str | None
    seconds: float

    @property
    def ok(self) -> bool:
        """True when the job finished without an error."""
        return self.error is None


class ForecastWorker:
    """A single daemon thread running forecast jobs; newer requests are served before older ones.

    `max_pending` bounds the queue: with 1 (the default) only the latest request waits, older
    waiting ones are dropped ("latest wins"); a job already running finishes and is cached.
    """

    def __init__(self, session: Any = None, *, max_pending: int = 1, cache_size: int = 64,
                 futures: int = 400, turns: int = 6) -> None:
        self.session = session
        self.max_pending = max(1, max_pending)
        self.cache_size = max(1, cache_size)
        self.futures = futures
        self.turns = turns
        self._lock = threading.Condition()
        self._pending: list[tuple[Hashable, Callable[[], Any]]] = []
        self._running: Hashable | None = None
        self._done: list[ForecastResult] = []
        self._cache: OrderedDict[Hashable, ForecastResult] = OrderedDict()
        self._closed = False
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------ requests

    def request(self, key: Hashable, code: str, move: Any, *, futures: int | None = None,
                turns: int | None = None) -> bool:
        """Ask for `session.forecast(code, move, futures, turns)`; False when already known."""
        session = self.session
        n_futures = futures or self.futures
        n_turns = turns or self.turns

        def job() -> Any:
            """Run the session's forecast."""
            return session.forecast(code, move, n_futures, n_turns)

        return self.submit(key, job)

    def submit(self, key: Hashable, job: Callable[[], Any]) -> bool:
        """Queue any callable under `key`; False when it is cached, running or already queued."""
        with self._lock:
            if self._closed:
                return False
            if key in self._cache or key == self._running:
                if key in self._cache:
                    self._cache.move_to_end(key)
                return False
            self._pending = [(k, j) for k, j in self._pending if k != key]
            self._pending.append((key, job))
            del self._pending[: max(0, len(self._pending) - self.max_pending)]
            self._ensure_thread()
            self._lock.notify()
            return True

    def _ensure_thread(self) -> None:
        """Start the worker thread the first time it is needed."""
        if self._thread is None or not self._thread.is_alive():
            # hand the interpreter back to the UI thread quickly while a forecast computes
            sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL))
            self._thread = threading.Thread(target=self._loop, name="forecast", daemon=True)
            self._thread.start()

    # ------------------------------------------------------------ results

    def poll(self) -> list[ForecastResult]:
        """Results finished since the last call (call from the screen's update)."""
        with self._lock:
            done, self._done = self._done, []
        return done

    def result(self, key: Hashable) -> ForecastResult | None:
        """The finished result for `key`, if any."""
        with self._lock:
            return self._cache.get(key)

    def is_pending(self, key: Hashable) -> bool:
        """True while `key` waits or runs."""
        with self._lock:
            return key == self._running or any(k == key for k, _ in self._pending)

    @property
    def busy(self) -> bool:
        """True while any job waits or runs."""
        with self._lock:
            return self._running is not None or bool(self._pending)

    def clear(self) -> None:
        """Forget waiting jobs and cached results (the state changed: a new turn)."""
        with self._lock:
            self._pending.clear()
            self._cache.clear()
            self._done.clear()

    def wait(self, timeout: float = 5.0) -> bool:
        """Block until no job waits or runs (tests and the demo); False on timeout."""
        end = time.monotonic() + timeout
        with self._lock:
            while self._running is not None or self._pending:
                left = end - time.monotonic()
                if left <= 0:
                    return False
                self._lock.wait(left)
        return True

    def close(self) -> None:
        """Stop the worker thread after its current job."""
        with self._lock:
            self._closed = True
            self._pending.clear()
            self._lock.notify_all()

    # ------------------------------------------------------------ the thread

    def _loop(self) -> None:
        """Take the newest waiting job, run it, store the result; repeat until closed."""
        while True:
            with self._lock:
                while not self._pending and not self._closed:
                    self._lock.wait()
                if self._closed:
                    self._running = None
                    self._lock.notify_all()
                    return
                key, job = self._pending.pop()
                self._running = key
            result = _run(key, job)
            with self._lock:
                self._running = None
                self._cache[key] = result
                self._cache.move_to_end(key)
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
                self._done.append(result)
                self._lock.notify_all()


def _run(key: Hashable, job: Callable[[], Any]) -> ForecastResult:
    """Run one job, turning any exception into an error message."""
    start = time.perf_counter()
    try:
        value = job()
    except Exception as exc:  # a failed forecast must never take the UI down
        return ForecastResult(key, None, f"{type(exc).__name__}: {exc}", time.perf_counter() - start)
    return ForecastResult(key, value, None, time.perf_counter() - start)
