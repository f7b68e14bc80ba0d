"""The Dask executor: each report a task on a Dask distributed cluster; the results come back to this machine.

Each task runs :func:`~wbanalysis.builder.worker.make_report` on a worker, which executes the notebook in a new kernel
(its files in a private folder of the worker's) and returns the pages; the build writes them here.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence

from ...errors import BuildError
from ..worker import Failure, Spec, make_report
from . import Options, Outcome


def check(options: Options) -> None:
    """The options a Dask build needs: a scheduler's address."""
    if not options.scheduler:
        raise BuildError("--executor dask needs --scheduler ADDRESS (e.g. tcp://127.0.0.1:8786)")
    if "://" not in options.scheduler and ":" not in options.scheduler:
        raise BuildError(f"--scheduler {options.scheduler!r}: not an address such as tcp://10.0.0.5:8786")


#: Seconds a build waits for a Dask scheduler to have a worker (``$WBANALYSIS_DASK_WAIT`` changes it).
DASK_WAIT = 30.0
DASK_WAIT_VARIABLE = "WBANALYSIS_DASK_WAIT"
#: Seconds a build tries to reach the scheduler at most.
CONNECT_WAIT = 15.0


def start(specs: Sequence[Spec], options: Options) -> Iterator[tuple[int, Outcome]]:
    """Run specs on a Dask distributed cluster; results come back here, in the order they finish."""
    scheduler = options.scheduler
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise BuildError("--executor dask needs the 'distributed' package (pip install distributed)") from None
    wait = float(os.environ.get(DASK_WAIT_VARIABLE) or DASK_WAIT)
    try:  # reaching the scheduler: at most CONNECT_WAIT seconds, or less when $WBANALYSIS_DASK_WAIT says so
        client = Client(scheduler, timeout=f"{min(wait, CONNECT_WAIT):g}s", set_as_default=False)
    except (OSError, ValueError, TypeError) as exc:
        raise BuildError(f"--scheduler {scheduler}: cannot reach a Dask scheduler there ({exc})") from None
    with client:
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
