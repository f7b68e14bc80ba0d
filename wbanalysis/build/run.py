"""Running the jobs: one report per job in worker processes (local, or on a Dask cluster), with progress.

A worker executes a notebook and renders its report in memory; the process that asked writes it (``output``),
so a report is only ever written by the build that owns it, and a job sent to a cluster comes back here.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import paths, versions
from ..errors import BuildError
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


def local(specs: Sequence[Spec], workers: int, runtime: str) -> LocalRun:
    """Run specs in a pool of local worker processes (always processes, so this one stays free for Ctrl-C)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # forkserver: workers fork from a clean single-threaded server that has papermill, nbconvert and the page
    # templates loaded once (``warm``); forking the (possibly multi-threaded) caller itself can deadlock.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["wbanalysis.build.warm"])
    setup = {"initializer": _worker_setup, "initargs": (os.getpid(), runtime)}
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, **setup)
    try:  # the workers start now, not when the first result is asked for
        futures = {pool.submit(make_report, spec): k for k, spec in enumerate(specs)}
    except BaseException:
        stop_local(pool, runtime)
        raise
    pool.shutdown(wait=False)  # no more jobs: a worker with nothing left to do ends (and stops its kernel) now
    return LocalRun(pool, futures, specs, runtime)


class LocalRun:
    """The local pool's results as they finish (iterate once); ``close()`` stops the workers and their kernels
    unless every job has ended, whether or not the results were asked for (Ctrl-C before, during or after)."""

    def __init__(self, pool: Any, futures: dict, specs: Sequence[Spec], runtime: str) -> None:
        self.pool, self.futures, self.specs, self.runtime = pool, futures, specs, runtime

    def __iter__(self) -> Iterator[tuple[int, Built | Failure]]:
        from concurrent.futures import as_completed

        for future in as_completed(self.futures):
            try:
                yield self.futures[future], future.result()
            except Exception as exc:  # the worker process itself died (killed, out of memory)
                name = self.specs[self.futures[future]].name
                yield self.futures[future], Failure(name, f"the worker process died ({exc})")
        self.pool.shutdown(wait=True)

    def close(self) -> None:
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
            continue
    for proc in doomed:
        try:
            proc.kill()
        except psutil.Error:
            pass
    psutil.wait_procs(doomed, timeout=10)


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


class Progress:
    """A progress bar (reports done/total, the current report, elapsed time) on a terminal; lines elsewhere."""

    def __init__(self, total: int, enabled: bool = True, stream: Any = None) -> None:
        self.total, self.enabled, self.count = total, enabled, 0
        self.stream = stream or sys.stderr
        self.bar = None
        if enabled and total and getattr(self.stream, "isatty", lambda: False)():
            from tqdm import tqdm

            self.bar = tqdm(
                total=total,
                unit="report",
                file=self.stream,
                dynamic_ncols=True,
                bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}] {postfix}",
            )

    def start(self, name: str) -> None:
        if self.bar is not None:
            self.bar.set_postfix_str(name)

    def done(self, result: Result) -> None:
        self.count += 1
        if self.bar is not None:
            self.bar.set_postfix_str(f"{result.name}: {result.status}")
            self.bar.update(1)
        elif self.enabled:
            detail = f" - {result.error}" if result.error else ""
            print(
                f"[{self.count}/{self.total}] {result.name}: {result.status} ({result.seconds:.1f} s){detail}",
                file=self.stream,
                flush=True,
            )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


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
