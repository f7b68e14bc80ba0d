"""Running the jobs: one report per job in worker processes (local, or on a Dask cluster), with progress.

A worker executes a notebook and renders its report in memory; the process that asked writes it (``output``),
so a report is only ever written by the build that owns it, and a job sent to a cluster comes back here.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import paths, versions
from ..errors import BuildError
from ..kernels import worker_runtime
from . import cache, kernel
from .export import Built, render, warm_up
from .plan import Job

versions.loaded_code()  # the code this process runs: a worker whose files change later refuses jobs

#: Seconds a single cell may run before the build gives up on the notebook.
DEFAULT_CELL_TIMEOUT = 300


@dataclass
class Result:
    """What happened to one job."""

    notebook: str
    name: str
    status: str  # built | up to date | failed
    seconds: float = 0.0
    params: dict[str, Any] = field(default_factory=dict)
    reader: str = ""
    full: str = ""
    error: str = ""
    stages: dict[str, float] = field(default_factory=dict)
    kept: str = ""  # where the failed notebook's executed copy was kept, if anywhere


@dataclass
class Failure:
    """A job whose notebook failed: the message, and the partly executed notebook (JSON) when there is one."""

    name: str
    error: str
    notebook_json: str = ""
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Spec:
    """What a worker needs to build one report (picklable, so it can travel to a cluster)."""

    notebook: str
    params: dict[str, Any]
    name: str
    timeout: int
    inputs: str  # the asking side's ``cache.inputs()``: a worker with other data or code refuses the job
    svg: bool = False  # figures also rendered as SVG, for figures/


def describe(exc: BaseException, nb: Any = None) -> str:
    """``RuntimeError in cell 3: message``: the error and the cell it happened in (its execution count)."""
    ename, evalue = getattr(exc, "ename", type(exc).__name__), getattr(exc, "evalue", None)
    if ename == "CellTimeoutError":
        evalue = "the cell ran longer than the per-cell timeout (raise it with --timeout SECONDS)"
    elif ename == "DeadKernelError":
        evalue = "the kernel died (out of memory, or the code ended the process)"
    elif evalue is None:
        lines = [line.strip() for line in str(exc).splitlines() if line.strip().strip("-")]
        evalue = lines[-1] if lines else ""
    cell = getattr(exc, "exec_count", None)
    if nb is not None:  # the notebook's own code cells, by place (papermill's injected cell is not one of them)
        code = [c for c in nb.cells if c.cell_type == "code"]
        code = [c for c in code if "injected-parameters" not in c.metadata.get("tags", ())]
        errors = [any(o.get("output_type") == "error" for o in c.get("outputs", [])) for c in code]
        failing = [n for n, failed in enumerate(errors, 1) if failed]
        started = [n for n, c in enumerate(code, 1) if c.get("execution_count") is not None]
        cell = failing[0] if failing else (started[-1] if started else None)
    where = f" in cell {cell}" if cell else ""
    return f"{ename}{where}: {evalue}".strip()


def make_report(spec: Spec) -> Built | Failure:
    """Execute and render one report (in a worker process); never raises for a failing notebook."""
    seconds: dict[str, float] = {}
    reads: dict[str, str] = {}
    worker_runtime()  # on a Dask worker: its kernels' files in a private folder of its own
    if spec.inputs and cache.inputs() != spec.inputs:
        return Failure(
            spec.name,
            "this worker's data, code or package versions differ from the build's; "
            "install the same wbanalysis and data on every worker",
        )
    if versions.loaded_code() != versions.code_digest():
        return Failure(
            spec.name,
            "this worker runs wbanalysis code older than its files (they changed after it started); restart the worker",
        )
    try:
        try:
            executed = kernel.execute(Path(spec.notebook), spec.params, spec.timeout, seconds, spec.svg, warm_up, reads)
        except Exception as first:
            if type(first).__name__ != "DeadKernelError":
                raise
            seconds["retried"] = 1.0  # the kernel died: a new kernel gets one more try at the same report
            executed = kernel.execute(Path(spec.notebook), spec.params, spec.timeout, seconds, spec.svg, reads=reads)
    except Exception as exc:  # nbclient raises several types; all mean the notebook failed
        import nbformat

        partial = getattr(exc, "wb_notebook", None)
        text = nbformat.writes(partial) if partial is not None else ""
        return Failure(spec.name, describe(exc, partial), text, seconds)
    try:
        built = render(executed, spec.name, seconds)
    except Exception as exc:  # e.g. an output that is not what its type says (a PNG that is not base64)
        import nbformat

        error = f"the report could not be made into pages: {type(exc).__name__}: {exc}"
        return Failure(spec.name, error, nbformat.writes(executed), seconds)
    built.reads = reads
    return built


def default_jobs() -> int:
    """Worker processes by default: the cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _worker_setup(build_pid: int, runtime: str) -> None:
    """In each local worker: kernels put their sockets in the build's private folder, and the worker (with its
    kernel) ends as soon as the build process is gone, whatever killed it."""
    import gc
    import threading

    from . import standby

    standby.prepare()  # first, while this worker is single-threaded: its first kernel, forked ahead of time
    # rendering a page makes many small objects: fewer collections of the youngest ones (about 10 % faster)
    gc.set_threshold(50_000, 10, 10)
    Path(runtime, WORKER_MARK.format(pid=os.getpid())).touch()  # so that the build can stop exactly its workers
    os.environ["WBANALYSIS_RUNTIME"] = runtime
    os.environ["JUPYTER_RUNTIME_DIR"] = runtime
    os.environ[paths.SHARED_VERDICTS_VARIABLE] = runtime  # claims' verdicts computed once per build (``claims.shared``)
    home = Path.home()
    if not os.access(home, os.W_OK):  # matplotlib would warn into the report that it cannot write its cache
        os.environ.setdefault("MPLCONFIGDIR", runtime)

    def watch() -> None:
        while True:
            time.sleep(0.5)
            try:
                os.kill(build_pid, 0)
                continue
            except (ProcessLookupError, PermissionError):  # gone (or its pid reused by someone else's process)
                pass
            kernel.shutdown()
            shutil.rmtree(runtime, ignore_errors=True)
            os._exit(1)

    threading.Thread(target=watch, daemon=True, name="wbanalysis-parent-watch").start()


def _pool(workers: int, runtime: str) -> Any:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # forkserver: workers fork from a clean single-threaded server that has papermill, nbconvert and the page
    # templates loaded once (``warm``); forking the (possibly multi-threaded) caller itself can deadlock.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["wbanalysis.build.warm"])
    setup = {"initializer": _worker_setup, "initargs": (os.getpid(), runtime)}
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, **setup)


def _marked(spec: Spec, marker: str) -> Built | Failure:
    """In a worker: note that the job started (so a worker's death can be pinned on it), then run it."""
    Path(marker).touch()
    return make_report(spec)


def local(specs: Sequence[Spec], workers: int, runtime: str) -> LocalRun:
    """Run specs in a pool of local worker processes (always processes, so this one stays free for Ctrl-C)."""
    run = LocalRun(specs, workers, runtime)
    run.submit(list(range(len(specs))), workers)  # the workers start now, not when the first result is asked for
    return run


#: What a report that took its worker down fails with.
WORKER_DIED = (
    "the worker process died while building this report (killed, or out of memory); it was tried again alone "
    "and died again; the other reports were built on new workers"
)


class LocalRun:
    """The local pool's results as they finish (iterate once); ``close()`` stops the workers and their kernels
    unless every job has ended, whether or not the results were asked for (Ctrl-C before, during or after).

    A worker that dies (killed, out of memory) breaks its pool: the reports that were running then are each tried
    again alone on a new worker, so the one that takes its worker down fails alone, named; the reports that had
    not started go on in a new pool."""

    def __init__(self, specs: Sequence[Spec], workers: int, runtime: str) -> None:
        self.specs, self.workers, self.runtime = specs, workers, runtime
        self.pool: Any = None
        self.futures: dict = {}
        self.round = 0

    def _marker(self, k: int) -> str:
        return str(Path(self.runtime, f"started-{self.round}-{k}"))

    def submit(self, indices: list[int], workers: int) -> None:
        self.round += 1
        self.pool = _pool(max(1, min(workers, len(indices))), self.runtime)
        try:
            self.futures = {self.pool.submit(_marked, self.specs[k], self._marker(k)): k for k in indices}
        except BaseException:
            stop_local(self.pool, self.runtime)
            raise
        self.pool.shutdown(wait=False)  # no more jobs: a worker with nothing left to do ends (and its kernel) now

    def _results(self) -> Iterator[tuple[int, Built | Failure | None]]:
        """The current pool's results; None for a job whose worker died (or that was lost with it)."""
        from concurrent.futures import as_completed
        from concurrent.futures.process import BrokenProcessPool

        for future in as_completed(self.futures):
            k = self.futures[future]
            try:
                yield k, future.result()
            except BrokenProcessPool:
                yield k, None
            except Exception as exc:  # raised in the worker outside a report's own handling
                yield k, Failure(self.specs[k].name, f"{type(exc).__name__} in the worker: {exc}")
        self.pool.shutdown(wait=True)

    def __iter__(self) -> Iterator[tuple[int, Built | Failure]]:
        while True:
            lost = []
            for k, outcome in self._results():
                if outcome is None:
                    lost.append(k)
                else:
                    yield k, outcome
            if not lost:
                return
            stop_local(self.pool, self.runtime)  # what is left of the broken pool (a worker blocked on its results)
            running = [k for k in lost if Path(self._marker(k)).exists()]
            waiting = [k for k in lost if k not in running]
            for k in running:  # alone, so that a report that kills its worker takes no other report with it
                self.submit([k], 1)
                for _, outcome in self._results():
                    yield k, outcome if outcome is not None else Failure(self.specs[k].name, WORKER_DIED)
            if not waiting:
                return
            self.submit(waiting, self.workers)

    def close(self) -> None:
        if self.pool is None:
            return
        if not all(f.done() for f in self.futures):
            stop_local(self.pool, self.runtime)
        self.pool.shutdown(wait=True)


#: The file each local worker leaves in the build's private folder: how the build finds its own workers.
WORKER_MARK = "worker-{pid}.pid"


def stop_local(pool: Any, runtime: str) -> None:
    """After Ctrl-C (or any error here): kill this build's workers and their kernels.

    Only those: the pool's fork server (and multiprocessing's resource tracker) are this process's, shared with
    later builds in it (a second ``build()`` in JupyterLab after an interrupted one)."""
    import psutil

    pool.shutdown(wait=False, cancel_futures=True)
    doomed = []
    for mark in Path(runtime).glob(WORKER_MARK.format(pid="*")):
        try:
            worker = psutil.Process(int(mark.name.split("-")[1].split(".")[0]))
            doomed += [worker, *worker.children(recursive=True)]
        except (psutil.Error, ValueError):
            pass
        mark.unlink(missing_ok=True)
    for proc in doomed:
        try:
            proc.kill()
        except psutil.Error:
            pass
    psutil.wait_procs(doomed, timeout=10)


#: Seconds a build waits for a Dask scheduler to have a worker (``$WBANALYSIS_DASK_WAIT`` changes it).
DASK_WAIT = 30.0
DASK_WAIT_VARIABLE = "WBANALYSIS_DASK_WAIT"


def dask(specs: Sequence[Spec], scheduler: str) -> Iterator[tuple[int, Built | Failure]]:
    """Run specs on a Dask distributed cluster; results come back here, in the order they finish."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise BuildError("--executor dask needs the 'distributed' package (pip install distributed)") from None
    try:
        client = Client(scheduler, timeout="15s", set_as_default=False)
    except (OSError, ValueError, TypeError) as exc:
        raise BuildError(f"--scheduler {scheduler}: cannot reach a Dask scheduler there ({exc})") from None
    with client:
        wait = float(os.environ.get(DASK_WAIT_VARIABLE) or DASK_WAIT)
        try:
            client.wait_for_workers(1, timeout=wait)
        except (TimeoutError, OSError):
            raise BuildError(
                f"--scheduler {scheduler}: the scheduler has no worker (waited {wait:g} s); "
                f"start one with `dask worker {scheduler}`"
            ) from None
        futures = {
            client.submit(make_report, spec, pure=False, key=f"wbanalysis-{spec.name}-{k}-{time.time_ns()}"): k
            for k, spec in enumerate(specs)
        }
        try:
            for future in as_completed(futures, loop=client.loop):
                k = futures[future]
                try:
                    yield k, future.result()
                except Exception as exc:  # e.g. KilledWorker: the task's workers died too often
                    yield k, Failure(specs[k].name, f"{type(exc).__name__} on the Dask cluster: {exc}")
        except BaseException:
            client.cancel(list(futures))
            raise


def new_result(job: Job, status: str, **extra: Any) -> Result:
    return Result(
        job.notebook.stem,
        job.name,
        status,
        params=dict(job.params),
        reader=f"{job.name}.html",
        full=f"{job.name}.full.html",
        **extra,
    )
