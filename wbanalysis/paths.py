"""One answer to "where?": the project root and its data, notebooks and reports folders.

Each folder can be moved with an environment variable (read when this module is imported):
``WBANALYSIS_DATA``, ``WBANALYSIS_NOTEBOOKS``, ``WBANALYSIS_REPORTS``.  The report's own text is not
part of the project (its rights stay with KCSS); where a user has it, ``WBANALYSIS_REPORT_TEXT``
names the file or folder (see :func:`report_text`; ``report_text.files`` reads it).
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = Path(os.environ.get("WBANALYSIS_DATA") or ROOT / "data")
NOTEBOOK_DIR = Path(os.environ.get("WBANALYSIS_NOTEBOOKS") or ROOT / "notebooks")
REPORTS_DIR = Path(os.environ.get("WBANALYSIS_REPORTS") or ROOT / "reports")

#: The variable naming the report's text (a .txt file or a folder of them), where a user has it.
REPORT_TEXT_VARIABLE = "WBANALYSIS_REPORT_TEXT"
#: Set during a build to its private folder, where claims' verdicts are shared between its processes.
SHARED_VERDICTS_VARIABLE = "WBANALYSIS_SHARED_VERDICTS"


def report_text(given: str | os.PathLike | None = None) -> Path | None:
    """The report's text file or folder: ``given``, else ``$WBANALYSIS_REPORT_TEXT``, else None."""
    value = given or os.environ.get(REPORT_TEXT_VARIABLE)
    return Path(value) if value else None
