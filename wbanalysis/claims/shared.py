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


def _file() -> Path | None:
    folder = os.environ.get(ENV)
    if not folder or data._SUBSTITUTES or not Path(folder).is_dir():  # substituted tables: not the files' verdicts
        return None
    return Path(folder) / f"verdicts-{versions.inputs()}.pickle"


def load() -> dict[str, Verdict] | None:
    """Every claim's verdict as another process of this build computed it for these inputs, or None."""
    path = _file()
    if path is None:
        return None
    try:
        verdicts = pickle.loads(path.read_bytes())  # the build's own private folder (mode 700): trusted
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    if not isinstance(verdicts, list) or not all(isinstance(v, Verdict) for v in verdicts):
        return None
    return {v.id: v for v in verdicts}


def save(verdicts: list[Verdict]) -> None:
    """Share every claim's verdict with the other processes of this build (whole file or nothing)."""
    path = _file()
    if path is None or path.exists():
        return
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".verdicts-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(list(verdicts), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:  # sharing is only a saving: the folder may be gone at the end of the build
        Path(tmp).unlink(missing_ok=True)
