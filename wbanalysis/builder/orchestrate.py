"""A build from start to end: check the request, plan the jobs, skip what is up to date, run the rest on an
executor, write each report as it arrives, and rewrite the index if anything changed."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .. import data, paths, versions
from ..errors import BuildError, ParameterError
from ..files import discard, discard_staged, sweep_orphans
from ..limits import CELL_TIMEOUT, cell_timeout
from . import cache, executors, layout, output
from .index import overview, write_index
from .kernels.runtime import own_multiprocessing_folder, private_runtime_dir, short_tempdir
from .kernels.runtime import sweep_orphans as sweep_runtime_orphans
from .plan import Job, parameter_sets, parse_sweep, plan, read_params_file, recorded
from .progress import Progress
from .record import Record, data_stamp
from .worker import Failure, Spec


def check_writable(out_dir: Path) -> None:
    """Create ``out_dir`` if needed; a clear error when reports cannot be written there."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        discard(output._stage(out_dir / ".write-test", b""))
    except OSError as exc:
        raise BuildError(
            f"cannot write reports to {out_dir}: {exc.strerror}; choose another folder with --out"
        ) from None


def _record(job: Job, status: str, **fields: Any) -> Record:
    return Record.of(job.notebook.stem, job.name, status, params=dict(job.params), variant=job.variant, **fields)


def execute_jobs(
    jobs: Sequence[Job],
    out_dir: Path,
    force: bool = False,
    timeout: int = CELL_TIMEOUT,
    workers: int | None = None,
    progress: Progress | None = None,
    executor: str = "local",
    scheduler: str | None = None,
    runtime: str | None = None,
    svg: bool = False,
) -> list[Record]:
    """Build the jobs that are not up to date and write each report as it arrives; records in job order.

    ``runtime`` is the build's private folder (kernel sockets, shared verdicts); one is made when not given.
    """
    progress = progress or Progress(len(jobs), enabled=False)
    runner = executors.load(executor)
    workers = workers or executors.default_jobs()
    runner.check(executors.Options(workers, "", scheduler))
    started_with = versions.data_digests()  # the data's bytes now: every read during the build must match them
    shared = cache.inputs(digests=started_with)
    folders: dict[Path, bytes] = {}
    keys = [cache.cache_key(job.notebook, job.params, shared, svg, folders, out_dir) for job in jobs]
    results: dict[int, Record] = {}
    todo = []
    for k, (job, key) in enumerate(zip(jobs, keys, strict=True)):
        if not force and cache.up_to_date(job.name, out_dir, key):
            results[k] = _record(job, "up to date")
            progress.done(results[k])
        else:
            todo.append(k)
    if not todo:
        return [results[k] for k in range(len(jobs))]
    # longest first, so that no worker is left with a long report at the end while the others wait
    todo.sort(key=lambda k: -cache.expected_seconds(jobs[k].notebook, jobs[k].name, out_dir))
    specs = [Spec(str(jobs[k].notebook), dict(jobs[k].params), jobs[k].name, timeout, shared, svg) for k in todo]
    short_tempdir()
    sweep_runtime_orphans()  # private folders of builds and workers that were killed
    own_multiprocessing_folder()
    runtime = runtime or private_runtime_dir()  # kernels' sockets and connection files, removed whatever happens
    stream = None
    try:
        stream = runner.start(specs, executors.Options(workers, runtime, scheduler))
        for k in todo[:workers]:
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


def _finish(job: Job, key: str, outcome: Any, out_dir: Path, shared: str, started_with: dict[str, str]) -> Record:
    """Write a finished report (or keep a failed notebook's executed copy) and say what happened.

    A report is recorded as up to date only if the inputs are as they were when the build started, and every data
    file it read (in its kernel) and this process read (the shared verdicts) had the bytes the build started from:
    data swapped and put back during the build is seen."""

    stages = dict(outcome.seconds)
    if isinstance(outcome, Failure):
        kept = output.keep_failed(out_dir, job.name, outcome.notebook_json)
        return _record(job, "failed", error=outcome.error, seconds=sum(stages.values()), stages=stages, kept=kept)
    read = [dict(getattr(outcome, "reads", {})), data.reads()]  # the kernel's, and this process's (shared verdicts)
    if cache.inputs() != shared or not all(versions.read_as_started(r, started_with) for r in read):
        key = "stale: the inputs changed during the build"
    started = time.perf_counter()
    stamp = "stale" if key.startswith("stale") else data_stamp()[1]
    done = _record(job, "built", seconds=sum(stages.values()), stages=stages, key=key, data=stamp)
    try:
        done = output.write(outcome, out_dir, done)
    except BuildError as exc:
        return _record(job, "failed", error=str(exc), seconds=done.seconds, stages=stages)
    stages["write"] = time.perf_counter() - started
    return done


def _out_dir(out_dir: Path | None) -> Path:
    """The output folder: ``out_dir`` or the reports' folder, never inside the project's data, notebooks or
    package."""
    target = Path(out_dir or paths.REPORTS_DIR)
    for folder, what in ((paths.DATA_DIR, "data"), (paths.NOTEBOOK_DIR, "notebooks"), (versions.PACKAGE, "package")):
        resolved, inside = target.resolve(), folder.resolve()
        if resolved == inside or inside in resolved.parents:
            raise BuildError(f"--out {target} is inside the project's {what} folder; choose another folder")
    return target


def build(
    selectors: Sequence[str] = (),
    raw_params: Mapping[str, Any] | None = None,
    out_dir: Path | None = None,
    force: bool = False,
    timeout: float = CELL_TIMEOUT,
    workers: int | None = None,
    sweeps: Sequence[str] = (),
    params_file: str | None = None,
    show_progress: bool = False,
    executor: str = "local",
    scheduler: str | None = None,
    svg: bool = False,
    stale: bool = False,
) -> list[Record]:
    """Validate every job, build what is out of date, and rewrite the index if anything changed.

    With ``stale=True`` the jobs are every report already in ``out_dir`` (variants included), each with the
    parameters it was built with: those whose inputs changed (data, code, notebook) are rebuilt.

    Figures are written to ``figures/`` as PNG; ``svg=True`` adds an SVG (vector) copy of each, which costs
    a second rendering of every figure."""
    executors.load(executor).check(executors.Options(workers or 1, "", scheduler))
    name_changes = out_dir is None  # into the default folder, a variant must not take the default report's name
    out_dir = _out_dir(out_dir)
    timeout = cell_timeout(timeout)
    if stale:
        if raw_params or sweeps or params_file:
            raise ParameterError(
                "--stale rebuilds the reports in the folder with their own parameters: give it no -p, --sweep or "
                "--params-file"
            )
        jobs = recorded(out_dir, selectors)
    else:
        sets = parameter_sets(raw_params or {}, sweeps, params_file)
        vary = [parse_sweep(s)[0] for s in sweeps] + sorted(
            {k for s in (read_params_file(params_file) if params_file else []) for k in s}
        )
        jobs = plan(selectors, sets, vary, name_changes=name_changes)
    check_writable(out_dir)
    with output.folder_lock(out_dir):  # one build at a time writes into a folder; a second one waits, and says so
        sweep_orphans([out_dir, out_dir / layout.FIGURES, out_dir / layout.RECORDS])  # staged by a killed build
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
        if any(r.status == "built" for r in results) or not all(
            (out_dir / page).exists() for page in layout.site_pages()
        ):
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
