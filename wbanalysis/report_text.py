"""The report's text, where a user supplies it: it is not distributed with wbanalysis (its rights stay with KCSS).

``$WBANALYSIS_REPORT_TEXT`` (``paths.report_text``), or a path given on the command line, names a .txt file or a
folder of them; without it, the message says where the PDF is published and how to point wbanalysis at its text.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import report
from .paths import REPORT_TEXT_VARIABLE, report_text

#: How to get the report's text.
HINT = (
    f"the report's text is not distributed with wbanalysis (its rights stay with KCSS): download the PDF "
    f"from the publisher's site ({report.ADDRESS}), save its text as a .txt file, "
    f"and point {REPORT_TEXT_VARIABLE} (or --report-text) at that file or its folder"
)


def files(given: str | os.PathLike | None = None) -> list[Path]:
    """The report's text files (a .txt file, or every .txt in a folder); FileNotFoundError says how to get them."""
    path = report_text(given)
    if path is None:
        raise FileNotFoundError(f"no report text given: {HINT}")
    found = sorted(path.glob("*.txt")) if path.is_dir() else [path]
    if not found or not all(f.is_file() for f in found):
        raise FileNotFoundError(f"no report text found at {path}: {HINT}")
    return found
