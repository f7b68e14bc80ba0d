"""Computed observations: a fact whose figure comes from a public dataset, or from several evidence rows together
(how many releases name Serbia), names a function here in ``facts.csv`` (column ``observe``).

An observation may take arguments after its name, separated by colons (``weo_max:MNE:GGXWDG_NGDP:2014:2019``).
Functions register with ``@observation("name")`` in the modules of ``claims/observations/``, which are found by
walking that package: adding a module is enough, nothing lists them by hand.  Each returns the sources it read,
each with its ``observed`` value; an observation reads only sources published by the date it is asked for.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from datetime import date

from . import own
from .evidence import Source
from .ledger import Fact

Observer = Callable[[Fact, date | None], list[Source]]
_OBSERVERS: dict[str, Observer] = {}


def observation(name: str) -> Callable[[Observer], Observer]:
    """Register a function (a Fact and the date asked for -> the sources it read) under ``name``."""

    def register(func: Observer) -> Observer:
        known = _OBSERVERS.get(name)
        if known is not None and known is not func and known.__module__ != func.__module__:  # a re-import replaces
            raise ValueError(f"observation {name!r} is already registered ({_OBSERVERS[name].__module__})")
        _OBSERVERS[name] = func
        return func

    return register


def observers() -> dict[str, Observer]:
    """Every registered observation, by name (the modules of ``claims.observations`` are imported first)."""
    from . import observations

    for module in pkgutil.iter_modules(observations.__path__):
        importlib.import_module(f"{observations.__name__}.{module.name}")
    own.load_observations()  # one's own (``WBANALYSIS_CLAIMS``), if any
    return dict(_OBSERVERS)


def observe(fact: Fact, as_of: date | None = None) -> list[Source]:
    """The sources a fact's observation reads (those known at ``as_of``); the error names the valid ones."""
    found = observers()
    name = fact.observe.split(":")[0]  # 'weo_max:MNE:GGXWDG_NGDP:2014:2019': a name and its arguments
    if name not in found:
        raise KeyError(f"{fact.key}: unknown observation {name!r}; valid: {', '.join(sorted(found))}")
    return found[name](fact, as_of)


def arguments(fact: Fact) -> list[str]:
    """The arguments an observation is given in ``facts.csv`` ('weo_max:MNE:GGXWDG_NGDP:2014:2019')."""
    return fact.observe.split(":")[1:]
