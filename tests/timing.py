"""Timing for the tests that assert growth (linear, not quadratic), never absolute speed."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def best_seconds(work: Callable[[Any], object], given: Any) -> float:
    """The best of three runs of `work(given)`: the machine is shared and noisy, and the
    fastest run is the one least disturbed."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        work(given)
        best = min(best, time.perf_counter() - started)
    return best
