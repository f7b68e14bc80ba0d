"""Preloaded by the local pool's fork server: what every worker needs, imported once.

The workers are forked from the server after this module is imported, so they start with a kernel's libraries
(IPython, ipykernel, pandas: see ``standby``), nbconvert, papermill's parameters and the claims package loaded,
instead of each importing them on its first report.  The page templates are compiled by each worker while its
kernel starts (``pages.warm_up``).
"""

from __future__ import annotations

import gc
import importlib
import warnings

#: What a kernel imports, first: the warning filters they leave are what the template's kernels keep.  pyplot is
#: imported without choosing a backend; each kernel sets the one a new import would take (``standby``).
for _name in ("ipykernel.kernelapp", "IPython", "pandas", "matplotlib.pyplot"):
    importlib.import_module(_name)
KERNEL_FILTERS = list(warnings.filters)
#: Then what the worker needs for itself: the pages, the parameters cell, the claims' reviews, its entry point.
for _name in ("nbconvert.exporters", "papermill.parameterize", "wbanalysis.claims", "wbanalysis.builder.worker"):
    importlib.import_module(_name)

from ..kernels import standby  # noqa: E402  (after the kernel's libraries, on purpose)

standby.remember_filters(KERNEL_FILTERS)
standby.fresh_path()  # once here, not in each worker
gc.freeze()  # what the workers inherit stays out of their garbage collections (and shared with them)
