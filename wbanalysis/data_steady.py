"""A block of work during which no data file is expected to change (``data.steady``): each resource is checked
once and the data folder's fingerprint taken once, instead of at each of the tens of thousands of asks a claims
evaluation makes."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class _Steady(contextlib.ContextDecorator):
    """``with data.steady:`` (or ``@data.steady``): within the block no data file is expected to change, so each
    resource is checked once and the data folder's ``fingerprint`` taken once.  An evaluation of the claims asks
    for them tens of thousands of times; outside a block each ask costs a few ``stat`` calls."""

    _local = threading.local()

    def once(self, key: tuple, compute: Callable[[], T]) -> T:
        """``compute()``, worked out once per block for ``key`` (every time outside a block)."""
        if not getattr(self._local, "depth", 0):
            return compute()
        if key not in self._local.memo:
            self._local.memo[key] = compute()
        return self._local.memo[key]

    def __enter__(self) -> None:
        self._local.depth = getattr(self._local, "depth", 0) + 1
        if self._local.depth == 1:
            self._local.memo = {}

    def __exit__(self, *exc: object) -> None:
        self._local.depth -= 1
        if not self._local.depth:
            self._local.memo = {}


steady = _Steady()
