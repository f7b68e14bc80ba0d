"""Run inside a kept kernel before each report, so the notebook sees what a new kernel would show it.

``%reset -f`` clears names only: it keeps the input history (which parameter validation reads) and state held
by libraries.  :func:`fresh` restores what the first call recorded: environment variables, working folder,
``sys.path``, warning filters, the random generators, pandas options and matplotlib's rcParams; then it
resets the shell with a new history session.  This module imports nothing heavy, so it costs nothing when
the notebook does not use those libraries.
"""

from __future__ import annotations

import copy
import os
import random
import sys
import warnings
from typing import Any

_BASELINE: dict[str, Any] = {}


def _snapshot() -> dict[str, Any]:
    import matplotlib
    import numpy as np

    return {
        "environ": dict(os.environ),
        "cwd": os.getcwd(),
        "sys.path": list(sys.path),
        "warnings": list(warnings.filters),
        "random": random.getstate(),
        "numpy": np.random.get_state(),
        "rcParams": {k: copy.deepcopy(v) for k, v in matplotlib.rcParams.items() if k != "backend"},
    }


def _restore(base: dict[str, Any]) -> None:
    os.environ.clear()
    os.environ.update(base["environ"])
    os.chdir(base["cwd"])
    sys.path[:] = base["sys.path"]
    warnings.filters[:] = base["warnings"]
    warnings._filters_mutated()  # type: ignore[attr-defined]
    random.setstate(base["random"])
    import matplotlib
    import numpy as np

    np.random.set_state(base["numpy"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        matplotlib.rcParams.update(base["rcParams"])
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")
        if "pandas" in sys.modules:
            sys.modules["pandas"].reset_option("all")
            if "wbanalysis.present" in sys.modules:  # the project's display options, as on a first import
                sys.modules["wbanalysis.present"].apply_display_options()


def fresh(shell: Any) -> None:
    """Record the kernel's state on first use; on later uses restore it.  Then clear names and history."""
    if _BASELINE:
        _restore(_BASELINE)
    else:
        _BASELINE.update(_snapshot())
    shell.reset(new_session=True)
