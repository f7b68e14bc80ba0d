"""A block of work during which no data file is expected to change (``data.steady``): each resource is checked
once and the data folder's fingerprint taken once, instead of at each of the tens of thousands of asks a claims
evaluation makes."""

from __future__ import annotations

import contextlib
import threading


class _Steady(contextlib.ContextDecorator):
    """``with data.steady:`` (or ``@data.steady``): within the block no data file is expected to change, so each
    resource is checked once and the data folder's ``fingerprint`` taken once.  An evaluation of the claims asks
    for them tens of thousands of times; outside a block each ask costs a few ``stat`` calls."""

    _local = threading.local()

    def memo(self) -> dict | None:
        """What this thread's block has worked out, by call; None outside a block."""
        return self._local.memo if getattr(self._local, "depth", 0) else None

    def __enter__(self) -> None:
        self._local.depth = getattr(self._local, "depth", 0) + 1
        if self._local.depth == 1:
            self._local.memo = {}

    def __exit__(self, *exc: object) -> None:
        self._local.depth -= 1
        if not self._local.depth:
            self._local.memo = {}


steady = _Steady()
