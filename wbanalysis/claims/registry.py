"""The one registry of checks: ``@check("C4-5")`` registers a function as the check of claim C4-5.

The registry never imports the modules that register in it; :func:`load` imports them by name.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from .model import Finding

Check = Callable[[], Finding]
#: The modules holding the checks, one per part of the report (chapter 2's table rows apart).
MODULES = (
    "introduction",
    "chapter1",
    "chapter2",
    "chapter2_tables",
    "chapter3",
    "chapter4",
    "chapter5",
    "conclusions",
)
_CHECKS: dict[str, Check] = {}


def check(claim_id: str) -> Callable[[Check], Check]:
    """Register a function (taking no arguments, returning a Finding) as the check of one claim."""

    def register(func: Check) -> Check:
        if claim_id in _CHECKS:
            raise ValueError(f"claim {claim_id} already has a check ({_CHECKS[claim_id].__module__})")
        _CHECKS[claim_id] = func
        return func

    return register


def load() -> dict[str, Check]:
    """Every registered check, by claim id (the chapter modules are imported on first use)."""
    for name in MODULES:
        importlib.import_module(f"{__package__}.{name}")
    return dict(_CHECKS)


def module_of(claim_id: str) -> str:
    """The file that checks a claim: 'where is C4-5 checked?'"""
    return load()[claim_id].__module__.replace(".", "/") + ".py"
