"""Frame-time recorder: p50/p95/p99 per screen and start-up time to the first interactive frame."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field


def process_age() -> float | None:
    """Seconds since this process started (Linux /proc), or None where unknown."""
    try:
        with open("/proc/self/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        start_ticks = float(fields[19])
        with open("/proc/uptime", encoding="ascii") as handle:
            uptime = float(handle.read().split()[0])
        hertz = os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None
    return max(0.0, uptime - start_ticks / hertz)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank of a non-empty list."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100.0 * (len(ordered) - 1))))
    return ordered[rank]


@dataclass
class PerfRecorder:
    """Collects frame times (ms) by screen title and the start-up time."""

    started: float = field(default_factory=time.perf_counter)
    #: Seconds between process start and `started` (interpreter start-up and imports).
    before_start: float = field(default_factory=lambda: process_age() or 0.0)
    frames: dict[str, list[float]] = field(default_factory=dict)
    #: CPU time of the frame loop's thread per frame (what the game itself cost), by screen.
    cpu: dict[str, list[float]] = field(default_factory=dict)
    startup: float | None = None

    def mark_interactive(self) -> None:
        """Record the start-up time once, when the first interactive frame is on screen."""
        if self.startup is None:
            self.startup = self.before_start + time.perf_counter() - self.started

    def frame(self, screen: str, ms: float, cpu_ms: float | None = None) -> None:
        """Record one frame's time in milliseconds on `screen` (and its thread CPU time)."""
        self.frames.setdefault(screen, []).append(ms)
        if cpu_ms is not None:
            self.cpu.setdefault(screen, []).append(cpu_ms)

    def stats(self, screen: str) -> tuple[int, float, float, float, float]:
        """(frames, p50, p95, p99, max) in ms for `screen`."""
        values = self.frames.get(screen) or [0.0]
        return (len(self.frames.get(screen, [])), percentile(values, 50), percentile(values, 95),
                percentile(values, 99), max(values))

    def all_frames(self) -> list[float]:
        """Every recorded frame time."""
        return [ms for values in self.frames.values() for ms in values]

    def report(self) -> str:
        """A table of frame times per screen (wall clock, and CPU p95) plus the start-up time."""
        lines = ["Frame times (ms per frame; cpu95 = p95 of the frame loop's own CPU time):",
                 f"  {'screen':<18}{'frames':>8}{'p50':>8}{'p95':>8}{'p99':>8}{'max':>8}"
                 f"{'cpu95':>8}"]
        for screen in sorted(self.frames):
            n, p50, p95, p99, top = self.stats(screen)
            cpu = self.cpu.get(screen)
            cpu95 = f"{percentile(cpu, 95):>8.2f}" if cpu else f"{'-':>8}"
            lines.append(f"  {screen:<18}{n:>8}{p50:>8.2f}{p95:>8.2f}{p99:>8.2f}{top:>8.2f}{cpu95}")
        everything = self.all_frames()
        if everything:
            cpu_all = [ms for values in self.cpu.values() for ms in values]
            cpu95 = f"{percentile(cpu_all, 95):>8.2f}" if cpu_all else f"{'-':>8}"
            lines.append(f"  {'all':<18}{len(everything):>8}{percentile(everything, 50):>8.2f}"
                         f"{percentile(everything, 95):>8.2f}{percentile(everything, 99):>8.2f}"
                         f"{max(everything):>8.2f}{cpu95}")
        if self.startup is not None:
            lines.append(f"Start-up to the first interactive frame: {self.startup:.3f} s "
                         f"(of which {self.before_start:.3f} s before the game code ran)")
        return "\n".join(lines)
