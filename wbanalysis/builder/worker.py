"""The worker's side of a build: one report executed in a new kernel and made into pages, in memory.

Whichever executor runs it (a local worker process, a Dask worker on another machine), :func:`make_report` takes a
:class:`Spec` and returns the pages (:class:`~wbanalysis.builder.pages.Built`) or a :class:`Failure`; the process
that asked writes them (``output``), so a report is only ever written by the build that owns it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import versions
from . import cache
from .kernels import execute
from .kernels.runtime import worker_runtime
from .pages import Built, render, warm_up

versions.loaded_code()  # the code this process runs: a worker whose files change later refuses jobs


@dataclass(frozen=True)
class Spec:
    """What a worker needs to build one report (picklable, so it can travel to a cluster)."""

    notebook: str
    params: dict[str, Any]
    name: str
    timeout: int
    inputs: str  # the asking side's ``cache.inputs()``: a worker with other data or code refuses the job
    svg: bool = False  # figures also rendered as SVG, for figures/


@dataclass
class Failure:
    """A job whose notebook failed: the message, and the partly executed notebook (JSON) when there is one."""

    name: str
    error: str
    notebook_json: str = ""
    seconds: dict[str, float] = field(default_factory=dict)


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
            notebook = Path(spec.notebook)
            executed = execute.execute(notebook, spec.params, spec.timeout, seconds, spec.svg, warm_up, reads)
        except Exception as first:
            if type(first).__name__ != "DeadKernelError":
                raise
            seconds["retried"] = 1.0  # the kernel died: a new kernel gets one more try at the same report
            executed = execute.execute(Path(spec.notebook), spec.params, spec.timeout, seconds, spec.svg, reads=reads)
    except Exception as exc:  # nbclient raises several types; all mean the notebook failed
        import nbformat

        partial = getattr(exc, "wb_notebook", None)
        text = nbformat.writes(partial) if partial is not None else ""
        return Failure(spec.name, describe(exc, partial), text, seconds)
    try:
        built = render(executed, spec.name, Path(spec.notebook).stem, seconds)
    except Exception as exc:  # e.g. an output that is not what its type says (a PNG that is not base64)
        import nbformat

        error = f"the report could not be made into pages: {type(exc).__name__}: {exc}"
        return Failure(spec.name, error, nbformat.writes(executed), seconds)
    built.reads = reads
    return built
