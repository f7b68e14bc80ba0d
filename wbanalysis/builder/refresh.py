"""Re-executing the committed notebooks in place with their default parameters (``make notebooks``)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .. import this_notebook
from ..errors import BuildError
from ..files import write_atomic
from ..limits import CELL_TIMEOUT, cell_timeout
from .kernels.runtime import private_runtime_dir, sweep_orphans
from .plan import find
from .worker import describe


def _execute(notebook: Path, params: Mapping[str, Any], timeout: int, scratch: Path) -> Any:
    """Run the notebook in a new kernel; papermill saves it to ``scratch`` as it goes."""
    import papermill

    from .kernels.manager import manager_class

    scratch.parent.mkdir(parents=True, exist_ok=True)
    return papermill.execute_notebook(
        str(notebook),
        str(scratch),
        parameters=dict(params),
        kernel_name="python3",
        cwd=str(notebook.parent),
        execution_timeout=timeout,
        progress_bar=False,
        log_output=False,
        kernel_manager_class=manager_class(),
        request_save_on_cell_execute=False,
    )


#: Metadata papermill and Jupyter add on every run; stripped so committed notebooks diff cleanly.
VOLATILE = ("papermill", "execution")


def strip_volatile(nb: Any) -> Any:
    """Remove run-specific metadata (papermill timings, execution timestamps) from a notebook node."""
    for key in VOLATILE:
        nb.metadata.pop(key, None)
    for cell in nb.cells:
        for key in VOLATILE:
            cell.metadata.pop(key, None)
    return nb


def refresh(
    selectors: Sequence[str] = (), timeout: float = CELL_TIMEOUT, progress: Callable[[str], None] | None = None
) -> list[Path]:
    """Re-execute notebooks in place with their default parameters and strip volatile metadata."""
    timeout = cell_timeout(timeout)  # 0 or less would mean "no limit" to papermill: refused, as for a build
    notebooks = find(selectors)
    sweep_orphans()
    runtime = private_runtime_dir()  # the kernels' sockets and connection files: removed at the end, or swept
    names = ("WBANALYSIS_RUNTIME", "JUPYTER_RUNTIME_DIR", this_notebook.VARIABLE)
    before = {name: os.environ.get(name) for name in names}
    os.environ["WBANALYSIS_RUNTIME"] = os.environ["JUPYTER_RUNTIME_DIR"] = runtime
    try:
        return _refresh_all(notebooks, timeout, progress)
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        shutil.rmtree(runtime, ignore_errors=True)


def _refresh_all(notebooks: list[Path], timeout: int, progress: Callable[[str], None] | None) -> list[Path]:
    import nbformat

    for k, nb in enumerate(notebooks, 1):
        if progress:
            progress(f"[{k}/{len(notebooks)}] {nb.stem}")
        scratch = nb.parent / f".{nb.stem}.running.ipynb"
        os.environ[this_notebook.VARIABLE] = nb.stem  # its kernel learns which notebook it runs (restored after)
        try:
            executed = _execute(nb, {}, timeout, scratch)
        except Exception as exc:
            raise BuildError(f"{nb.name} failed: {describe(exc)}; the committed notebook is unchanged") from None
        finally:
            scratch.unlink(missing_ok=True)
        write_atomic(nb, nbformat.writes(strip_volatile(executed)) + "\n")
    return notebooks
