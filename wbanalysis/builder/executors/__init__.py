"""Executors: where the reports of a build run.  Each is one module here with two functions:

- ``check(options)``: refuse options it cannot use (a BuildError naming the option), before anything runs;
- ``start(specs, options)``: run every :class:`~wbanalysis.builder.worker.Spec` (each through
  :func:`~wbanalysis.builder.worker.make_report`) and give ``(position, outcome)`` pairs as they finish; what it
  returns may have ``close()``, called when the build stops early (Ctrl-C), to stop what still runs.

``local`` runs them in worker processes on this machine, ``dask`` on a Dask distributed cluster.  Another runner (a
Slurm or Kubernetes job per report) is one new module with those two functions, and its name in ``EXECUTORS``.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Union

from ...errors import BuildError

if TYPE_CHECKING:
    from ..pages import Built
    from ..worker import Failure

#: The executors, by the name ``--executor`` takes; the first is the default.
EXECUTORS = ("local", "dask")

#: What a report's job comes back as.
Outcome = Union["Built", "Failure"]


@dataclass(frozen=True)
class Options:
    """What an executor may need: worker processes, the build's private folder, a scheduler's address."""

    workers: int
    runtime: str
    scheduler: str | None = None


def default_jobs() -> int:
    """Worker processes by default: the cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def load(name: str) -> ModuleType:
    """The executor ``name``; the error lists the valid ones."""
    if name not in EXECUTORS:
        raise BuildError(f"unknown executor {name!r}; valid executors: {', '.join(EXECUTORS)}")
    return importlib.import_module(f"{__name__}.{name}")
