"""Build HTML reports from the notebooks: plan, cache, kernel, run (local pool or Dask), export, output, index.

- ``plan``: notebooks, parameter sets and report names, all validated before any kernel starts;
- ``cache``: what a report depends on (hashed once per build) and the record of each built report;
- ``kernel``: the kernel a worker keeps between reports, made to look new before each one;
- ``run``: executors (local worker processes, or a Dask cluster), failures, progress;
- ``export``: an executed notebook to its reader page, full page and figures, in memory;
- ``output``: writing a report's files and record together or not at all, never outside ``--out``;
- ``index``: ``index.html``; ``refresh``: re-executing the committed notebooks in place.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .. import data, paths, versions
from ..errors import BuildError
from ..files import discard, discard_staged, sweep_orphans, write_atomic
from ..kernels import own_multiprocessing_folder, private_runtime_dir, short_tempdir
from ..kernels import sweep_orphans as sweep_runtime_orphans
from ..limits import positive_seconds
from . import cache, output, run
from .cache import cache_key, environment
from .index import data_stamp, overview, site_pages, write_index
from .plan import Job, available, find, parameter_sets, parse_sweep, plan, read_params_file, report_name
from .progress import Progress
from .refresh import refresh, strip_volatile
from .run import DEFAULT_CELL_TIMEOUT, Failure, Result, Spec, default_jobs

EXECUTORS = ("local", "dask")

__all__ = [
    "DEFAULT_CELL_TIMEOUT",
    "EXECUTORS",
    "Job",
    "Progress",
    "Result",
    "available",
    "build",
    "cache_key",
    "default_jobs",
    "environment",
    "execute_jobs",
    "find",
    "parameter_sets",
    "parse_sweep",
    "plan",
    "read_params_file",
    "refresh",
    "report_name",
    "strip_volatile",
    "write_index",
]


def check_writable(out_dir: Path) -> None:
    """Create ``out_dir`` if needed; a clear error when reports cannot be written there."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        discard(output._stage(out_dir / ".write-test", b""))
    except OSError as exc:
        raise BuildError(
            f"cannot write reports to {out_dir}: {exc.strerror}; choose another folder with --out"
        ) from None


def execute_jobs(
    jobs: Sequence[Job],
    out_dir: Path,
    force: bool = False,
    timeout: int = DEFAULT_CELL_TIMEOUT,
    workers: int | None = None,
    progress: Progress | None = None,
    executor: str = "local",
    scheduler: str | None = None,
    runtime: str | None = None,
    svg: bool = False,
) -> list[Result]:
    """Build the jobs that are not up to date and write each report as it arrives; results in job order.

    ``runtime`` is the build's private folder (kernel sockets, shared verdicts); one is made when not given.
    """
    progress = progress or Progress(len(jobs), enabled=False)
    started_with = versions.data_digests()  # the data's bytes now: every read during the build must match them
    shared = cache.inputs(digests=started_with)
    folders: dict[Path, bytes] = {}
    keys = [cache.cache_key(job.notebook, job.params, shared, svg, folders, out_dir) for job in jobs]
    results: dict[int, Result] = {}
    todo = []
    for k, (job, key) in enumerate(zip(jobs, keys, strict=True)):
        if not force and cache.up_to_date(job.name, out_dir, key):
            results[k] = run.new_result(job, "up to date")
            progress.done(results[k])
        else:
            todo.append(k)
    if not todo:
        return [results[k] for k in range(len(jobs))]
    # longest first, so that no worker is left with a long report at the end while the others wait
    todo.sort(key=lambda k: -cache.expected_seconds(jobs[k].notebook, jobs[k].name, out_dir))
    specs = [Spec(str(jobs[k].notebook), dict(jobs[k].params), jobs[k].name, timeout, shared, svg) for k in todo]
    if executor == "dask" and not scheduler:
        raise BuildError("--executor dask needs --scheduler ADDRESS (e.g. tcp://127.0.0.1:8786)")
    short_tempdir()
    sweep_runtime_orphans()  # private folders of builds and workers that were killed
    own_multiprocessing_folder()
    runtime = runtime or private_runtime_dir()  # kernels' sockets and connection files, removed whatever happens
    stream = None
    try:
        if executor == "dask":
            stream = run.dask(specs, scheduler)
        else:
            stream = run.local(specs, max(1, min(workers or default_jobs(), len(todo))), runtime)
        for k in todo[: workers or default_jobs()]:
            progress.start(jobs[k].name)
        for position, outcome in stream:
            k = todo[position]
            results[k] = _finish(jobs[k], keys[k], outcome, out_dir, shared, started_with)
            progress.done(results[k])
    finally:
        if hasattr(stream, "close"):  # stopped early (Ctrl-C, an error here): workers and kernels stopped first
            stream.close()
        shutil.rmtree(runtime, ignore_errors=True)
        discard_staged(out_dir)  # a write this build was stopped in the middle of; never anyone else's file
    return [results[k] for k in range(len(jobs))]


def _finish(job: Job, key: str, outcome: Any, out_dir: Path, shared: str, started_with: dict[str, str]) -> Result:
    """Write a finished report (or keep a failed notebook's executed copy) and say what happened.

    A report is recorded as up to date only if the inputs are as they were when the build started, and every data
    file it read (in its kernel) and this process read (the shared verdicts) had the bytes the build started from:
    data swapped and put back during the build is seen."""
    stages = dict(outcome.seconds)
    if isinstance(outcome, Failure):
        kept = ""
        if outcome.notebook_json:
            try:
                kept = str(
                    write_atomic(
                        output.inside(out_dir, out_dir / "failed" / f"{job.name}.ipynb"), outcome.notebook_json
                    )
                )
            except (OSError, BuildError):  # the failure is still reported; only the copy is missing
                kept = ""
        return run.new_result(
            job, "failed", error=outcome.error, seconds=sum(stages.values()), stages=stages, kept=kept
        )
    read = [dict(getattr(outcome, "reads", {})), data.reads()]  # the kernel's, and this process's (shared verdicts)
    if cache.inputs() != shared or not all(versions.read_as_started(r, started_with) for r in read):
        key = "stale: the inputs changed during the build"
    started = time.perf_counter()
    result = run.new_result(job, "built", seconds=sum(stages.values()), stages=stages)
    try:
        stamp = "stale" if key.startswith("stale") else data_stamp()[1]
        output.write(outcome, out_dir, vars(result) | {"key": key, "variant": job.variant, "data": stamp})
    except BuildError as exc:
        return run.new_result(job, "failed", error=str(exc), seconds=result.seconds, stages=stages)
    stages["write"] = time.perf_counter() - started
    return result


def build(
    selectors: Sequence[str] = (),
    raw_params: Mapping[str, Any] | None = None,
    out_dir: Path | None = None,
    force: bool = False,
    timeout: int = DEFAULT_CELL_TIMEOUT,
    workers: int | None = None,
    sweeps: Sequence[str] = (),
    params_file: str | None = None,
    show_progress: bool = False,
    executor: str = "local",
    scheduler: str | None = None,
    svg: bool = False,
) -> list[Result]:
    """Validate every job, build what is out of date, and rewrite the index if anything changed.

    Figures are written to ``figures/`` as PNG; ``svg=True`` adds an SVG (vector) copy of each, which costs
    a second rendering of every figure."""
    if executor not in EXECUTORS:
        raise BuildError(f"unknown executor {executor!r}; valid executors: {', '.join(EXECUTORS)}")
    if executor == "dask" and not scheduler:
        raise BuildError("--executor dask needs --scheduler ADDRESS (e.g. tcp://127.0.0.1:8786)")
    if scheduler and executor != "dask":
        raise BuildError("--scheduler is for --executor dask; add it, or leave --scheduler out to build here")
    if scheduler and "://" not in scheduler and ":" not in scheduler:
        raise BuildError(f"--scheduler {scheduler!r}: not an address such as tcp://10.0.0.5:8786")
    name_changes = out_dir is None  # into the default folder, a variant must not take the default report's name
    out_dir = Path(out_dir or paths.REPORTS_DIR)
    positive_seconds(timeout)
    for folder, what in ((paths.DATA_DIR, "data"), (paths.NOTEBOOK_DIR, "notebooks"), (versions.PACKAGE, "package")):
        target, inside = out_dir.resolve(), folder.resolve()
        if target == inside or inside in target.parents:
            raise BuildError(f"--out {out_dir} is inside the project's {what} folder; choose another folder")
    sets = parameter_sets(raw_params or {}, sweeps, params_file)
    vary = [parse_sweep(s)[0] for s in sweeps] + sorted(
        {k for s in (read_params_file(params_file) if params_file else []) for k in s}
    )
    jobs = plan(selectors, sets, vary, name_changes=name_changes)
    check_writable(out_dir)
    with output.folder_lock(out_dir):  # one build at a time writes into a folder; a second one waits, and says so
        sweep_orphans([out_dir, out_dir / "figures", out_dir / cache.STATE_DIR])  # staged by a killed build
        progress = Progress(len(jobs), enabled=show_progress)
        short_tempdir()
        runtime = private_runtime_dir()
        before = os.environ.get(paths.SHARED_VERDICTS_VARIABLE)
        os.environ[paths.SHARED_VERDICTS_VARIABLE] = runtime  # verdicts computed once, read by workers and kernels
        try:
            # the index's claims pages, computed while the pool starts (the verdicts are then shared with kernels)
            scores = _Background(overview)
            results = execute_jobs(jobs, out_dir, force, timeout, workers, progress, executor, scheduler, runtime, svg)
        finally:
            progress.close()
            _restore(paths.SHARED_VERDICTS_VARIABLE, before)
            shutil.rmtree(runtime, ignore_errors=True)
        if any(r.status == "built" for r in results) or not all((out_dir / page).exists() for page in site_pages()):
            write_index(out_dir, scores.result())
    return results


def _restore(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


class _Background(threading.Thread):
    """Run a function in a daemon thread; ``result()`` waits for it (or runs it here if it failed)."""

    def __init__(self, func: Any) -> None:
        super().__init__(daemon=True)
        self.func, self.value = func, None
        self.start()

    def run(self) -> None:
        try:
            self.value = self.func()
        except Exception:  # computed again in the caller, where the error can be reported
            self.value = None

    def result(self) -> Any:
        self.join()
        return self.value if self.value is not None else self.func()
