"""Forecasts off the UI thread: one background worker, the latest request served first.

A screen calls `request(key, code, move)` when the player picks a card (or
`request_proposal(key, code, proposal)` for an offer in the inbox) and `poll()` in its
`update(dt)`; finished forecasts are kept by key so that going back to a card is instant.

The worker thread never touches pygame.  By default it hands the computation to a separate
process (`ForecastPool`, one per app, started on first use) that rebuilds the session from the
scenario file and the current state, so the model's work never competes with drawing for the
interpreter; results are identical to `session.forecast(...)` because the same seed is used.
When that is not possible (no scenario file, no process support) it calls
`session.forecast(...)` in the thread.  `LEVERAGE_FORECAST=thread` forces the thread.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import sys
import threading
import time
import weakref
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
                 futures: int = 400, turns: int = 6, pool: ForecastPool | None = None) -> None:
        self.session = session
        self.pool = pool
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
        return self._request(key, "move", code, move, futures or self.futures, turns or self.turns)

    def request_proposal(self, key: Hashable, code: str, proposal: Any, *,
                         futures: int | None = None, turns: int | None = None) -> bool:
        """Ask for `session.forecast_proposal(code, proposal, ...)`: accepting versus declining."""
        return self._request(key, "proposal", code, proposal, futures or self.futures,
                             turns or self.turns)

    def _request(self, key: Hashable, kind: str, code: str, item: Any, futures: int,
                 turns: int) -> bool:
        """Queue a forecast job: in the pool's process when possible, else in the thread."""
        session, pool = self.session, self.pool

        def job() -> Any:
            """Run the forecast."""
            if pool is not None:
                ticket = pool.ticket(session)
                if ticket is not None:
                    try:
                        return pool.run(ticket, kind, code, item, futures, turns)
                    except PoolUnavailable:
                        pass
            return run_forecast(session, kind, code, item, futures, turns)

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

    @property
    def closed(self) -> bool:
        """True once `close` has been called."""
        return self._closed

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


# ------------------------------------------------------------------------------------------
# The forecast process


class PoolUnavailable(Exception):
    """The forecast process cannot serve this request (the caller computes it in the thread)."""


def run_forecast(session: Any, kind: str, code: str, item: Any, futures: int, turns: int) -> Any:
    """`session.forecast` for a move, `session.forecast_proposal` for an offer."""
    if kind == "proposal":
        return session.forecast_proposal(code, item, futures, turns)
    return session.forecast(code, item, futures, turns)


@functools.lru_cache(maxsize=4)
def _child_scenario(path: str, content_hash: str) -> Any:
    """The scenario loaded in the forecast process (once per file version)."""
    from leverage.scenario import load_scenario

    try:
        loaded = load_scenario(path)
    except Exception as error:
        raise PoolUnavailable(f"cannot load {path}: {error}") from None
    if loaded.content_hash != content_hash:
        raise PoolUnavailable(f"{path} changed since the game started")
    return loaded


class _StateKey:
    """A game state as a cache key: equal when every array is (by a digest of their bytes)."""

    def __init__(self, state: Any) -> None:
        """Digest the state's arrays."""
        import hashlib

        import numpy as np

        self.state = state
        digest = hashlib.blake2b(str(state.turn).encode(), digest_size=16)
        for name, value in state.arrays().items():
            digest.update(name.encode())
            digest.update(np.ascontiguousarray(value).tobytes())
        self.digest = digest.digest()

    def __hash__(self) -> int:
        """Hash of the digest."""
        return hash(self.digest)

    def __eq__(self, other: object) -> bool:
        """Same digest."""
        return isinstance(other, _StateKey) and other.digest == self.digest


@functools.lru_cache(maxsize=2)
def _child_session(path: str, content_hash: str, seed: int, key: _StateKey) -> Any:
    """The session rebuilt at a state in the forecast process, kept for the next request.

    Keeping it keeps the turn's futures without a move, which every candidate move shares.
    """
    from leverage.session import Session

    session = Session.new(_child_scenario(path, content_hash), {}, seed)
    session.states = [key.state]
    return session


def child_forecast(ticket: tuple[Any, ...], kind: str, code: str, item: Any, futures: int,
                   turns: int) -> Any:
    """In the forecast process: rebuild the session at the given state and run the forecast."""
    path, content_hash, seed, state = ticket
    session = _child_session(path, content_hash, seed, _StateKey(state))
    return run_forecast(session, kind, code, item, futures, turns)


def _child_warm() -> bool:
    """Import the model in the forecast process ahead of the first request."""
    import leverage.core.forecast  # noqa: F401
    import leverage.scenario  # noqa: F401
    import leverage.session  # noqa: F401

    return True


class ForecastPool:
    """One worker process for forecasts, started on first use; shared by an app's screens."""

    def __init__(self) -> None:
        """No process yet."""
        self._executor: Any = None
        self._lock = threading.Lock()
        self.broken = False

    @staticmethod
    def for_app(app: Any) -> ForecastPool | None:
        """The app's pool (made on first use), or None when forecasts stay in a thread."""
        if os.environ.get("LEVERAGE_FORECAST", "process") == "thread":
            return None
        pool = getattr(app, "forecast_pool", None)
        if not isinstance(pool, ForecastPool):
            pool = ForecastPool()
            app.forecast_pool = pool
            try:
                weakref.finalize(app, pool.close)  # the process ends with the app
            except TypeError:
                pass
        return pool

    def _pool(self) -> Any:
        """The executor, started on first use."""
        with self._lock:
            if self._executor is None and not self.broken:
                from concurrent.futures import ProcessPoolExecutor

                try:
                    context = multiprocessing.get_context("spawn")
                    self._executor = ProcessPoolExecutor(max_workers=1, mp_context=context)
                except (OSError, ValueError, RuntimeError):
                    self.broken = True
            return self._executor

    def warm(self) -> None:
        """Start the process and import the model in it, without waiting."""
        executor = self._pool()
        if executor is not None:
            try:
                executor.submit(_child_warm)
            except RuntimeError:
                self.broken = True

    @staticmethod
    def ticket(session: Any) -> tuple[Any, ...] | None:
        """What the process needs to rebuild the session: file, hash, seed, state (or None)."""
        loaded = getattr(session, "loaded", None)
        path = getattr(loaded, "path", None)
        content_hash = getattr(loaded, "content_hash", None)
        if not path or not content_hash or not os.path.isfile(str(path)):
            return None
        return (str(path), str(content_hash), int(session.seed), session.state.select(0))

    def run(self, ticket: tuple[Any, ...], kind: str, code: str, item: Any, futures: int,
            turns: int) -> Any:
        """Run one forecast in the process and wait for it (call from a worker thread)."""
        from concurrent.futures.process import BrokenProcessPool

        executor = self._pool()
        if executor is None:
            raise PoolUnavailable("no forecast process")
        try:
            return executor.submit(child_forecast, ticket, kind, code, item, futures, turns).result()
        except (BrokenProcessPool, RuntimeError, OSError) as error:
            self.broken = True
            raise PoolUnavailable(str(error)) from None
        except PoolUnavailable:
            raise
        except (TypeError, AttributeError) as error:
            if "pickle" in str(error):
                raise PoolUnavailable(str(error)) from None
            raise

    def close(self) -> None:
        """Stop the process."""
        with self._lock:
            if self._executor is not None:
                self._executor.shutdown(wait=False, cancel_futures=True)
                self._executor = None
