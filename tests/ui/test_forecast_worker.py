"""The forecast worker: off the UI thread, latest request first, results cached."""

from __future__ import annotations

import threading
import time

import pytest

from leverage.ui.forecast_worker import ForecastWorker


class SlowSession:
    """A session whose forecast takes a while and records what it was asked."""

    def __init__(self, delay: float = 0.05) -> None:
        self.delay = delay
        self.calls: list[tuple[str, str]] = []
        self.threads: set[str] = set()
        self.gate = threading.Event()
        self.gate.set()

    def forecast(self, code: str, move: str, futures: int, turns: int) -> str:
        """Pretend to forecast."""
        self.gate.wait(2)
        self.threads.add(threading.current_thread().name)
        self.calls.append((code, move))
        time.sleep(self.delay)
        return f"{code}:{move}:{futures}:{turns}"


def test_runs_in_background_and_caches() -> None:
    """A request returns while the work is held back; the result arrives through poll and stays
    cached."""
    session = SlowSession(0.05)
    session.gate.clear()  # the forecast cannot finish until the gate opens
    worker = ForecastWorker(session, futures=10, turns=3)
    assert worker.request("a", "VEN", "m1")
    assert worker.poll() == [] and session.calls == []
    session.gate.set()
    assert worker.wait(2)
    done = worker.poll()
    assert [r.value for r in done] == ["VEN:m1:10:3"]
    assert worker.result("a") is not None and worker.result("a").ok
    assert session.threads == {"forecast"}
    assert not worker.request("a", "VEN", "m1")  # cached: not run again
    worker.close()


def test_latest_request_wins() -> None:
    """While one job runs, only the newest waiting request is kept."""
    session = SlowSession(0.01)
    session.gate.clear()
    worker = ForecastWorker(session)
    worker.request("first", "VEN", "m1")
    time.sleep(0.05)
    worker.request("second", "VEN", "m2")
    worker.request("third", "VEN", "m3")
    session.gate.set()
    assert worker.wait(2)
    keys = [r.key for r in worker.poll()]
    assert keys == ["first", "third"]
    assert worker.result("second") is None
    worker.close()


def test_errors_are_reported_not_raised() -> None:
    """A failing forecast comes back as an error result."""

    class Broken:
        """A session whose forecast fails."""

        def forecast(self, *args: object) -> None:
            """Always fail."""
            raise ValueError("no futures")

    worker = ForecastWorker(Broken())
    worker.request("x", "VEN", "m")
    assert worker.wait(2)
    (result,) = worker.poll()
    assert not result.ok and "no futures" in (result.error or "")
    worker.close()


def test_clear_forgets_cache() -> None:
    """After a new turn the old forecasts are gone."""
    worker = ForecastWorker(SlowSession(0.0))
    worker.request("k", "VEN", "m")
    worker.wait(2)
    worker.clear()
    assert worker.result("k") is None
    assert worker.request("k", "VEN", "m")
    worker.wait(2)
    worker.close()


def test_process_pool_gives_the_sessions_own_forecast(monkeypatch: pytest.MonkeyPatch) -> None:
    """In the forecast process the result is bit-identical to session.forecast in this one."""
    from pathlib import Path

    import numpy as np

    from leverage.core.actions import Move
    from leverage.scenario import load_scenario
    from leverage.session import PlayerConfig, Session
    from leverage.ui.forecast_worker import ForecastPool

    path = Path(__file__).resolve().parents[2] / "scenarios" / "tutorial.yaml"
    if not path.is_file():
        pytest.skip("tutorial scenario not there yet")
    loaded = load_scenario(str(path))
    code = loaded.world.codes[loaded.world.roles[0].country]
    session = Session.new(loaded, {code: PlayerConfig("human")}, seed=5)
    option = next(o for o in session.options(code) if o.legal)
    move = Move(option.id, code, option.targets[0])

    class App:
        """Where the pool is kept."""

    monkeypatch.setenv("LEVERAGE_FORECAST", "process")
    pool = ForecastPool.for_app(App())
    assert pool is not None
    worker = ForecastWorker(session, pool=pool, futures=30, turns=2)
    try:
        worker.request("k", code, move)
        assert worker.wait(60)
        (result,) = worker.poll()
        assert result.ok, result.error
        expected = session.forecast(code, move, 30, 2)
        assert np.array_equal(result.value.with_move, expected.with_move)
        assert np.array_equal(result.value.without, expected.without)
    finally:
        worker.close()
        pool.close()


def test_thread_is_used_without_a_scenario_file() -> None:
    """A session that did not come from a file is forecast in the thread."""
    from leverage.ui.forecast_worker import ForecastPool

    assert ForecastPool.ticket(SlowSession()) is None
