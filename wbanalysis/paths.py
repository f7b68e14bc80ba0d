"""One answer to "where?": the project root and its data, notebooks and reports folders.

Each folder can be moved with an environment variable (read when this module is imported):
``WBANALYSIS_DATA``, ``WBANALYSIS_NOTEBOOKS``, ``WBANALYSIS_REPORTS``.  The report's own text is not
part of the project (its rights stay with KCSS); where a user has it, ``WBANALYSIS_REPORT_TEXT``
names the file or folder (see :func:`report_text`).
"""

from __future__ import annotations

import os
from pathlib import Path

from . import report

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = Path(os.environ.get("WBANALYSIS_DATA") or ROOT / "data")
NOTEBOOK_DIR = Path(os.environ.get("WBANALYSIS_NOTEBOOKS") or ROOT / "notebooks")
REPORTS_DIR = Path(os.environ.get("WBANALYSIS_REPORTS") or ROOT / "reports")

#: Where to get the report's text: the publisher's page for the PDF.
REPORT_TEXT_VARIABLE = "WBANALYSIS_REPORT_TEXT"
#: Set during a build to its private folder, where claims' verdicts are shared between its processes.
SHARED_VERDICTS_VARIABLE = "WBANALYSIS_SHARED_VERDICTS"
REPORT_SOURCE = report.ADDRESS
REPORT_TEXT_HINT = (
    f"the report's text is not distributed with wbanalysis (its rights stay with KCSS): download the PDF "
    f"from the publisher's site ({REPORT_SOURCE}), save its text as a .txt file, "
    f"and point {REPORT_TEXT_VARIABLE} (or --report-text) at that file or its folder"
)


def report_text(given: str | os.PathLike | None = None) -> Path | None:
    """The report's text file or folder: ``given``, else ``$WBANALYSIS_REPORT_TEXT``, else None."""
    value = given or os.environ.get(REPORT_TEXT_VARIABLE)
    return Path(value) if value else None


def report_text_files(given: str | os.PathLike | None = None) -> list[Path]:
    """The report's text files (a .txt file, or every .txt in a folder); FileNotFoundError says how to get them."""
    path = report_text(given)
    if path is None:
        raise FileNotFoundError(f"no report text given: {REPORT_TEXT_HINT}")
    files = sorted(path.glob("*.txt")) if path.is_dir() else [path]
    if not files or not all(f.is_file() for f in files):
        raise FileNotFoundError(f"no report text found at {path}: {REPORT_TEXT_HINT}")
    return files
