"""The local executor: each report a job in a pool of worker processes on this machine.

The pool's fork server preloads what every worker needs (``preload``); each worker, as it starts, forks the
template its kernels are forked from (``kernels.standby``).  A worker that dies takes no other report with it: the
reports it had are tried again alone, on new workers.  This process stays free for Ctrl-C.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ... import paths
from ..kernels import execute
from ..worker import Failure, Spec, make_report
from . import Options, Outcome


def check(options: Options) -> None:
    """The options a local build takes: no scheduler."""
    from ...errors import BuildError

    if options.scheduler:
        raise BuildError("--scheduler is for --executor dask; add it, or leave --scheduler out to build here")


def _worker_setup(build_pid: int, runtime: str) -> None:
    """In each local worker: kernels put their sockets in the build's private folder, and the worker (with its
    kernel) ends as soon as the build process is gone, whatever killed it."""
    import gc
    import threading

    from ..kernels import standby

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
            execute.shutdown()
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
        context.set_forkserver_preload([f"{__package__}.preload"])
    setup = {"initializer": _worker_setup, "initargs": (os.getpid(), runtime)}
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, **setup)


def _marked(spec: Spec, marker: str) -> Outcome:
    """In a worker: note that the job started (so a worker's death can be pinned on it), then run it."""
    Path(marker).touch()
    return make_report(spec)


def start(specs: Sequence[Spec], options: Options) -> LocalRun:
    """Run specs in a pool of local worker processes (always processes, so this one stays free for Ctrl-C)."""
    workers = max(1, min(options.workers, len(specs)))
    run = LocalRun(specs, workers, options.runtime)
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

    def _results(self) -> Iterator[tuple[int, Outcome | None]]:
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

    def __iter__(self) -> Iterator[tuple[int, Outcome]]:
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


