"""The kernel a worker keeps between reports, through nbclient's and jupyter_client's public APIs.

Starting a kernel and importing pandas, matplotlib and wbanalysis costs about two seconds, so a worker keeps
its kernel for the next report.  Before each notebook the kernel is made to look new (``kernel_state.fresh``:
names, input history, environment, library options); a kernel that died while idle is replaced; a notebook
that fails takes its kernel down with it, and the next report gets a new one.
"""

from __future__ import annotations

import multiprocessing.util
import os
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..kernels import manager_class
from . import cache

#: Run before each notebook in a kept kernel: see ``kernel_state.fresh``.
RESET_CODE = '__import__("wbanalysis.kernel_state", fromlist=["fresh"]).fresh(get_ipython())'
#: This process's kept kernel: (kernel manager, kernel client), or empty.
_KEPT: list[Any] = []
#: What the kept kernel was started with: the code digest of wbanalysis (it imports wbanalysis once) and
#: whether it renders figures as SVG too.
_KEPT_CODE: list[Any] = []
#: One notebook at a time per process (a Dask worker may run several tasks in threads; papermill is not thread-safe).
_LOCK = threading.Lock()


def _alive() -> bool:
    if not _KEPT:
        return False
    from jupyter_core.utils import run_sync

    km, _ = _KEPT
    try:
        return bool(run_sync(km.is_alive)())
    except Exception:
        return False


def shutdown() -> None:
    """Stop this process's kept kernel, if any, and remove its connection file and sockets."""
    if not _KEPT:
        return
    from jupyter_core.utils import run_sync

    km, kc = _KEPT
    _KEPT.clear()
    try:
        kc.stop_channels()
    except Exception:  # a dead kernel's channels may already be closed
        pass
    try:
        if km.has_kernel:
            run_sync(km.shutdown_kernel)(now=True)  # also removes the connection file and sockets
        else:
            run_sync(km.cleanup_resources)()
    except Exception:  # the process is gone already
        pass


def _quietly(func: Callable[[], Any] | None) -> None:
    """Run ``func`` if given; an error here is left for the real work to meet (and report) again."""
    if func is not None:
        try:
            func()
        except Exception:  # noqa: S110
            pass


def execute(
    notebook: Path,
    params: Mapping[str, Any],
    timeout: int,
    timings: dict[str, float] | None = None,
    svg: bool = False,
    while_starting: Callable[[], Any] | None = None,
) -> Any:
    """Execute a notebook with papermill's parameters in this process's kept kernel; the executed node.

    A failure shuts the kernel down and raises with the partly executed notebook attached as ``wb_notebook``.
    ``timings`` receives the seconds spent starting a kernel (when one was started) and executing.  With
    ``svg`` every figure comes out as SVG as well as PNG.  ``while_starting`` runs in a thread while a new kernel
    starts (work that would otherwise wait for the kernel, which mostly waits itself).
    """
    with _LOCK:
        return _execute(notebook, params, timeout, {} if timings is None else timings, svg, while_starting)


def _execute(
    notebook: Path,
    params: Mapping[str, Any],
    timeout: int,
    timings: dict[str, float],
    svg: bool,
    while_starting: Callable[[], Any] | None,
) -> Any:
    import nbformat
    from nbclient import NotebookClient
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    from . import standby

    nb = parameterize_notebook(
        load_notebook_node(str(notebook)), dict(params), kernel_name="python3", language="python"
    )
    for cell in nb.cells:
        if cell.cell_type == "code":  # no stored output survives (a failed run's later cells stay empty)
            cell.outputs, cell.execution_count = [], None
        if "injected-parameters" in cell.metadata.get("tags", []):  # papermill's id is random: a fixed one
            cell.id = "injected-parameters"  # keeps reports identical run to run
    nb.cells.insert(0, nbformat.v4.new_code_cell(RESET_CODE))
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        kernel_manager_class=manager_class(),
        resources={"metadata": {"path": str(notebook.parent)}},
        shutdown_kernel="immediate",
    )
    if _KEPT and (not _alive() or _KEPT_CODE != [cache.code_digest(), svg]):
        shutdown()  # died while idle, wbanalysis changed or SVG asked for otherwise: a new kernel, not a failure
    if _KEPT:
        client.km, client.kc = _KEPT
    started_with = _KEPT_CODE[:] if _KEPT else [cache.code_digest(), svg]
    try:
        if not _KEPT:
            started = time.perf_counter()
            # with svg, the kernel also renders figures as SVG (for figures/); the caller's environment stays
            env = {k: v for k, v in os.environ.items() if k != "WBANALYSIS_SVG"}
            env |= {"WBANALYSIS_SVG": "1"} if svg else {}
            client.km = client.create_kernel_manager()
            if standby.ready():  # this worker's first kernel: the child forked with the libraries loaded
                client.km.kernel_id = str(uuid.uuid4())
                client.km.provisioner = standby.StandbyProvisioner(
                    kernel_id=client.km.kernel_id, kernel_spec=client.km.kernel_spec, parent=client.km
                )
            client.start_new_kernel(env=env)  # launches the kernel
            helper = threading.Thread(target=_quietly, args=(while_starting,), name="wbanalysis-while-starting")
            helper.start()  # beside the wait for the kernel, which is mostly idle
            try:
                client.start_new_kernel_client()  # waits until it is ready
            finally:
                helper.join()
            timings["kernel start"] = time.perf_counter() - started
        started = time.perf_counter()
        client.execute(cleanup_kc=False)
        timings["execute"] = time.perf_counter() - started
    except BaseException as exc:
        if client.km is not None:
            _KEPT[:] = [client.km, client.kc]
        shutdown()
        nb.cells.pop(0)
        exc.wb_notebook = nb  # the partly executed notebook, kept under failed/
        raise
    nb.cells.pop(0)
    if not _KEPT:
        # worker processes skip atexit; a Finalize runs when the worker exits (and at exit in the parent)
        multiprocessing.util.Finalize(None, shutdown, exitpriority=10)
    _KEPT[:] = [client.km, client.kc]
    _KEPT_CODE[:] = started_with
    for number, cell in enumerate((c for c in nb.cells if c.cell_type == "code"), 1):
        cell.execution_count = number
        for output in cell.get("outputs", []):
            if "execution_count" in output:
                output["execution_count"] = number
    return nb
