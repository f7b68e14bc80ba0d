"""Benchmark the report build against the usual serial papermill + nbconvert loop.

Prints, measured in one run on this machine:
  (a) the naive serial loop (``papermill`` then ``jupyter nbconvert --to html``, per chapter notebook);
  (b) ``wbanalysis build --force`` cold (the median of three, each into a new folder);
  (c) ``wbanalysis build`` with nothing changed;
  (d) a sweep of focus_country over the six WB6 countries (every chapter notebook);
the ratios (b)/(a) and (d)/(6 x a); the peak memory of the whole build (the build process and all its children,
workers and kernels: PSS, so that the pages forked processes share count once; summed RSS beside it); where the
time of (b) and (d) goes, per stage (kernel start, execution, figures, export; summed over the workers, from the
build records); and a cold evaluation of every claim in one process.  Targets: (b)/(a) <= 0.20, (c) <= 0.3 s,
(d) <= 0.15 of six naive loops, peak memory <= 1 GB.  Run with ``make bench``.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
#: Cold builds timed (each into a new folder); the median is compared (one build varies by about 10 % here).
COLD_RUNS = 3
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _memory(procs: list[psutil.Process]) -> tuple[int, int]:
    """(PSS, RSS) summed over processes, in bytes.  PSS counts a page shared by n processes as 1/n in each, so the
    sum is the memory the processes really hold; RSS counts a shared page in every process that maps it (forked
    workers and kernels share most of their pages), so its sum overstates it."""
    pss = rss = 0
    for p in procs:
        try:
            info = p.memory_full_info()
        except (psutil.Error, AttributeError):
            continue
        rss += info.rss
        pss += getattr(info, "pss", info.rss)
    return pss, rss


def run(cmd: list[str], sample: bool = False) -> tuple[float, tuple[int, int]]:
    """Seconds a command takes; with ``sample``, also the peak memory (PSS, RSS; bytes) of it and its descendants
    together.  Sampling reads every process's page tables 20 times a second, which costs CPU the build would
    use: timed runs do not sample, and the memory comes from a second run of the same command."""
    started = time.perf_counter()
    proc = psutil.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = (0, 0)
    stop = threading.Event()

    def sampling() -> None:
        nonlocal peak
        while not stop.is_set():
            try:
                now = _memory([proc, *proc.children(recursive=True)])
                peak = (max(peak[0], now[0]), max(peak[1], now[1]))
            except psutil.Error:
                pass
            time.sleep(0.05)

    sampler = threading.Thread(target=sampling, daemon=True)
    if sample:
        sampler.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - started
    stop.set()
    if sample:
        sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err.decode()[-2000:]}")
    return seconds, peak


def naive(out: Path) -> float:
    out.mkdir(parents=True, exist_ok=True)
    total = 0.0
    for nb in NOTEBOOKS:
        executed = out / nb.name
        total += run([str(BIN / "papermill"), str(nb), str(executed), "--cwd", str(nb.parent)])[0]
        total += run([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed), "--output-dir", str(out)])[0]
    return total


def stages(out: Path) -> dict[str, float]:
    """Seconds per build stage, summed over every report built into ``out`` (from its build records)."""
    from wbanalysis.builder import record

    total: dict[str, float] = {}
    for built in record.read_all(out)[0]:
        for stage, seconds in built.stages.items():
            total[stage] = total.get(stage, 0.0) + seconds
    return total


def claims_cold() -> float:
    code = "import time; t = time.perf_counter(); from wbanalysis import claims; claims.evaluate_all(); "
    code += "print(time.perf_counter() - t)"
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def main() -> None:
    wb = str(BIN / "wbanalysis")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        a = naive(tmp / "naive")
        cold = [[wb, "build", "--force", "--out", str(tmp / f"reports-{k}")] for k in range(COLD_RUNS)]
        countries = "focus_country=ALB,BIH,XKX,MNE,MKD,SRB"
        sweep = [wb, "build", "--force", "--sweep", countries, "--out", str(tmp / "sweep")]
        colds = [run(command)[0] for command in cold]  # each into a new folder: no cache, no earlier timings
        b = statistics.median(colds)
        b_stages = stages(tmp / f"reports-{colds.index(b)}")
        c, _ = run([wb, "build", "--out", str(tmp / "reports-0")])
        d, _ = run(sweep)
        d_stages = stages(tmp / "sweep")
        _, b_mem = run(cold[0], sample=True)
        _, d_mem = run(sweep, sample=True)
    e = claims_cold()
    n = len(NOTEBOOKS)
    rows = [
        ("(a) naive serial papermill + nbconvert loop", f"{a:.2f} s", f"{n} notebooks"),
        (
            f"(b) wbanalysis build --force (cold), median of {COLD_RUNS}",
            f"{b:.2f} s",
            f"(b)/(a) = {b / a:.2f} (target <= 0.20); runs {min(colds):.2f}-{max(colds):.2f} s",
        ),
        ("(c) wbanalysis build, nothing changed", f"{c:.2f} s", "target <= 0.3 s"),
        (
            "(d) sweep focus_country over 6 countries",
            f"{d:.2f} s",
            f"(d)/(6 x a) = {d / (6 * a):.2f} (target <= 0.15); {6 * n} reports",
        ),
        (
            "peak memory of the whole build (PSS)",
            f"{max(b_mem[0], d_mem[0]) / 2**20:.0f} MB",
            f"target <= 1024 MB (summed RSS, which counts shared pages in each process: "
            f"{max(b_mem[1], d_mem[1]) / 2**20:.0f} MB)",
        ),
        ("claims: evaluate_all() cold, one process", f"{e:.2f} s", "inside the kernels, part of execution"),
    ]
    width = max(len(r[0]) for r in rows)
    cores = len(psutil.Process().cpu_affinity()) if hasattr(psutil.Process(), "cpu_affinity") else psutil.cpu_count()
    print(f"wbanalysis build benchmark: {n} chapter notebooks, {cores} cores, Python {sys.version.split()[0]}")
    for label, value, note in rows:
        print(f"{label:<{width}}  {value:>10}  {note}")
    print("\nwhere the time goes (seconds summed over the worker processes):")
    names = sorted(set(b_stages) | set(d_stages), key=["kernel start", "execute", "figures", "export", "write"].index)
    print(f"  {'stage':<14}{'(b) cold':>10}{'(d) sweep':>11}")
    for stage in names:
        print(f"  {stage:<14}{b_stages.get(stage, 0):>10.2f}{d_stages.get(stage, 0):>11.2f}")


if __name__ == "__main__":
    main()
