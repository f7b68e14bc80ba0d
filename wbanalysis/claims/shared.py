"""Verdicts shared by the processes of one build: computed once per version of the data and code, then read.

A build runs the checks in its own process (for the index) and in every worker and kernel (for the pages);
each run costs about half a second.  During a build, ``$WBANALYSIS_SHARED_VERDICTS`` names the build's private
folder: the first process to finish the checks writes them there, under the hash of everything they depend on
(``versions.inputs()``: data files, code, package versions), and the others read that file instead of running
the checks again.  Outside a build the variable is unset and nothing is shared.  A file for other data or code
has another name, so it is never read by mistake; a broken or missing file means the checks run here.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path

from .. import data, paths, versions
from .model import Verdict

#: The build's private folder for shared verdicts (set by ``build`` for itself, its workers and their kernels).
ENV = paths.SHARED_VERDICTS_VARIABLE


def path() -> Path | None:
    """Where this build's verdicts for the inputs as they are now are shared; None outside a build."""
    folder = os.environ.get(ENV)
    if not folder or data._SUBSTITUTES or not Path(folder).is_dir():  # substituted tables: not the files' verdicts
        return None
    return Path(folder) / f"verdicts-{versions.inputs()}.pickle"


def load(where: Path | None) -> dict[str, Verdict] | None:
    """Every claim's verdict as another process of this build computed it for these inputs, or None."""
    if where is None:
        return None
    try:
        verdicts = pickle.loads(where.read_bytes())  # the build's own private folder (mode 700): trusted
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    if not isinstance(verdicts, list) or not all(isinstance(v, Verdict) for v in verdicts):
        return None
    return {v.id: v for v in verdicts}


def save(verdicts: list[Verdict], where: Path | None) -> None:
    """Share every claim's verdict with the other processes of this build (whole file or nothing).

    ``where`` is the :func:`path` taken *before* the checks ran: if the data or code changed meanwhile, the
    verdicts go under the old inputs' name, which no process asks for any more."""
    if where is None or where.exists():
        return
    try:
        fd, tmp = tempfile.mkstemp(dir=where.parent, prefix=".verdicts-", suffix=".tmp")
    except OSError:  # the build's folder is gone (the build ended): nothing to share with
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(list(verdicts), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, where)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
