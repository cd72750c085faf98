"""What the benchmark scripts share: the project on sys.path, the real samples, a timer."""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples" / "reports"
sys.path.insert(0, str(ROOT))


def best_ms(fn, rounds: int = 15, clock=time.perf_counter) -> float:
    """The best of `rounds` runs, in milliseconds (the least disturbed by a noisy machine);
    `clock=time.process_time` for the CPU time this process spent, which other programs on a
    shared machine and waiting for the disk do not change."""
    times = []
    for _ in range(rounds):
        start = clock()
        fn()
        times.append(clock() - start)
    return min(times) * 1000
