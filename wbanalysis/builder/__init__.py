"""The code that builds the HTML reports from the notebooks (``wbanalysis build``, ``wbanalysis refresh``).

- ``orchestrate``: a build from start to end (:func:`build`); ``plan``: notebooks, parameter sets, report names;
- ``cache``: what a report depends on, and whether its last build still holds; ``record``: the build record;
- ``executors``: where reports run (``local`` worker processes, ``dask``); ``worker``: one report, on a worker;
- ``kernels``: a new kernel per report, forked from a template; ``pages``: the executed notebook to its pages;
- ``output``: writing into an output folder; ``layout``: the name of every file there;
- ``index`` and ``overview``: the index, the claims explorer, methodology and change-log pages;
- ``progress``: the progress bar; ``refresh``: re-executing the committed notebooks in place.
"""

from __future__ import annotations

from typing import Any

__all__ = ["build"]


def __getattr__(name: str) -> Any:
    """``build`` on first use, so that importing one module here (the CLI's list of executors) does not load every
    other (``refresh`` is ``refresh.refresh``)."""
    if name == "build":
        from .orchestrate import build

        return build
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
