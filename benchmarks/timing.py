"""The one way the benchmarks time an action: the median of repeated runs after a warm one."""

from __future__ import annotations

import statistics
import time


def median_seconds(action, repeat: int, clock=time.perf_counter) -> float:
    """Median seconds of `action` over `repeat` runs by `clock`, after one warm run (imports,
    template cache). time.process_time as the clock counts this process's CPU only."""
    action()
    times = []
    for _ in range(repeat):
        start = clock()
        action()
        times.append(clock() - start)
    return statistics.median(times)
