"""Preloaded by the worker pool's fork server: what every worker needs, imported once.

The workers are forked from the server after this module is imported, so they start with nbconvert, papermill's
parameters and the claims package loaded, instead of each importing them on its first report.  The page
templates are compiled by each worker while its kernel starts (``export.warm_up``).
"""

from __future__ import annotations

import gc

import ipykernel.kernelapp  # noqa: F401
import IPython  # noqa: F401  (the kernels: see ``standby``)
import nbconvert.exporters  # noqa: F401  (the pages)
import papermill.parameterize  # noqa: F401  (the parameters cell)

from .. import claims  # noqa: F401  (the reader pages carry each claim's review)
from . import run, standby  # noqa: F401  (the worker's entry point; its first kernel)

standby.fresh_path()  # once here, not in each worker
gc.freeze()  # what the workers inherit stays out of their garbage collections (and shared with them)
