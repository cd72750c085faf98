"""What the benchmark scripts share: the project on sys.path, the real samples, a timer."""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples" / "reports"
sys.path.insert(0, str(ROOT))


def best_ms(fn, rounds: int = 15) -> float:
    """The best of `rounds` runs, in milliseconds (the least disturbed by a noisy machine)."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1000
