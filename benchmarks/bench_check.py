"""Time the fast lane (``make check``) and say how fast this machine was while it ran.

Prints the lane's wall time for each run, with two figures that explain a slow one: a reference loop (a pure-Python
count to ten million, timed before each run: 0.4-0.9 s here on 7 December 2026, as the machine's speed varied) and the
share of CPU time the virtual machine's host took away during the run (``steal`` in ``/proc/stat``; Linux only).
Target: under 30 s on this project's 2-core machine.  Run with
``.venv/bin/python benchmarks/bench_check.py [RUNS]``.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def reference_loop() -> float:
    """Seconds for a pure-Python loop of ten million additions."""
    started, total = time.perf_counter(), 0
    for number in range(10_000_000):
        total += number
    return time.perf_counter() - started


def cpu_times() -> list[int] | None:
    """The machine's CPU counters (user, nice, system, idle, iowait, irq, softirq, steal), where Linux gives them."""
    try:
        return [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    except (OSError, ValueError):
        return None


def main(runs: int) -> None:
    for run in range(1, runs + 1):
        loop = reference_loop()
        before = cpu_times()
        started = time.perf_counter()
        done = subprocess.run(["make", "-s", "check"], cwd=ROOT, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        after = cpu_times()
        stolen = ""
        if before and after:
            spent = [b - a for a, b in zip(before, after, strict=True)]
            stolen = f", CPU taken by the host {100 * spent[7] / max(sum(spent), 1):.0f} %"
        outcome = "passed" if done.returncode == 0 else f"FAILED (exit {done.returncode})"
        print(f"run {run}: make check {seconds:.1f} s, {outcome}; reference loop {loop:.2f} s{stolen}", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
