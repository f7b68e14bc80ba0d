"""Checking the ledger's quotes against the report's text, where a user supplies it."""

from __future__ import annotations

from .. import report_text as text_of_the_report
from ..locate import plain
from .ledger import claims


def verify_quotes(report_text: str | None = None) -> list[tuple[str, str]]:
    """Claims whose quote does not appear word for word in the report text (a file or a folder of .txt).

    ``report_text`` defaults to ``$WBANALYSIS_REPORT_TEXT``; the text is not distributed with the project.
    """
    files = text_of_the_report.files(report_text)
    text = " ".join(" ".join(plain(f.read_text(encoding="utf-8")).split()) for f in files)
    return [(c.id, c.quote) for c in claims().values() if " ".join(c.quote.split()) not in text]
