"""Checking the ledger's quotes against the report's text, where a user supplies it."""

from __future__ import annotations

from .. import paths
from .evaluate import ledger


def verify_quotes(report_text: str | None = None) -> list[tuple[str, str]]:
    """Claims whose quote does not appear word for word in the report text (a file or a folder of .txt).

    ``report_text`` defaults to ``$WBANALYSIS_REPORT_TEXT``; the text is not distributed with the project.
    """
    files = paths.report_text_files(report_text)
    text = " ".join(" ".join(f.read_text(encoding="utf-8").split()) for f in files)
    table = ledger()
    return [(i, q) for i, q in zip(table["id"], table["quote"], strict=True) if " ".join(q.split()) not in text]
