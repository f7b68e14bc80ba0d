"""A new kernel for each report, through nbclient's and jupyter_client's public APIs.

Each report runs in a kernel process of its own, started for it and stopped after it: no state (options, patched
functions, threads, the working folder, environment, umask, locale or time zone) can pass from one report to the
next.  In a local worker the kernel is forked from the worker's template process, which has the libraries loaded
(``standby``), so a new kernel costs a fork instead of a Python start and imports.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ... import this_notebook
from ...data_reads import READS_VARIABLE
from .manager import manager_class
from .runtime import runtime_dir

#: The kernel of the report this process is running now: [NotebookClient], or empty.
_CURRENT: list[Any] = []
#: One notebook at a time per process (a Dask worker may run several tasks in threads; papermill is not thread-safe).
_LOCK = threading.Lock()


def shutdown() -> None:
    """Stop the kernel of the report this process is running, if any, and remove its connection file and sockets."""
    if _CURRENT:
        _stop(_CURRENT[0])


def _stop(client: Any) -> None:
    from jupyter_core.utils import run_sync

    km = client.km
    try:
        if client.kc is not None:
            client.kc.stop_channels()
    except Exception:  # a dead kernel's channels may already be closed
        pass
    try:
        if km is not None and km.has_kernel:
            # killed and waited for here (5 ms polls for a forked kernel; jupyter_client's wait polls every 0.1 s)
            run_sync(km.provisioner.kill)()
            run_sync(km.provisioner.wait)()
            run_sync(km.shutdown_kernel)(now=True)  # also removes the connection file and sockets
        elif km is not None:
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
    reads: dict[str, str] | None = None,
) -> Any:
    """Execute a notebook with papermill's parameters in a new kernel (stopped afterwards); the executed node.

    A failure raises with the partly executed notebook attached as ``wb_notebook``.  ``timings`` receives the
    seconds spent starting the kernel and executing.  With ``svg`` every figure comes out as SVG as well as PNG.
    ``while_starting`` runs in a thread while the kernel starts (work that would otherwise wait for the kernel).
    ``reads`` receives the data files the kernel read, with the sha256 of the bytes it read (``data.reads``).
    """
    import tempfile

    from ... import data

    with _LOCK, tempfile.NamedTemporaryFile(prefix="reads-", dir=runtime_dir()) as log:
        try:
            return _execute(
                notebook, params, timeout, {} if timings is None else timings, svg, while_starting, log.name
            )
        finally:
            if reads is not None:
                reads.update(data.read_log(log.name))


def _execute(
    notebook: Path,
    params: Mapping[str, Any],
    timeout: int,
    timings: dict[str, float],
    svg: bool,
    while_starting: Callable[[], Any] | None,
    log: str,
) -> Any:
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
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        kernel_manager_class=manager_class(),
        resources={"metadata": {"path": str(notebook.parent)}},
        shutdown_kernel="immediate",
    )
    _CURRENT[:] = [client]
    try:
        started = time.perf_counter()
        # with svg, the kernel also renders figures as SVG (for figures/); the caller's environment stays
        env = {k: v for k, v in os.environ.items() if k != "WBANALYSIS_SVG"}
        env |= {"WBANALYSIS_SVG": "1"} if svg else {}
        env[READS_VARIABLE] = log  # the kernel notes each data file it reads here
        env[this_notebook.VARIABLE] = notebook.stem  # and learns which notebook it runs
        client.km = client.create_kernel_manager()
        if standby.ready():  # a child of the worker's template, forked with the libraries loaded
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
        renumber(nb)
        exc.wb_notebook = nb  # the partly executed notebook, kept by the build (``layout.failed_copy``)
        raise
    finally:
        _stop(client)
        _CURRENT.clear()
    return renumber(nb)


def renumber(nb: Any) -> Any:
    """Number the notebook's own code cells 1, 2, ... by their place, as its author sees them (papermill's
    injected-parameters cell is not the author's: no number); a cell a failure left unrun keeps none."""
    number = 0
    for cell in (c for c in nb.cells if c.cell_type == "code"):
        own = "injected-parameters" not in cell.metadata.get("tags", [])
        number += own
        ran = cell.execution_count is not None or bool(cell.get("outputs"))
        count = number if own and ran else None
        cell.execution_count = count
        for output in cell.get("outputs", []):
            if "execution_count" in output:
                output["execution_count"] = count
    return nb
