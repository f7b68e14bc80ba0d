"""The claims ledger and its checks.

- ``model``: the verdict scale, Evidence, Finding, Verdict;
- ``registry``: ``@check("C4-5")``, the one way to register a check;
- ``evaluate``: the ledger, running checks, the independence rule, the cache;
- ``export``: tables, scorecards, notebook cards, ClaimReview;
- ``drift``: the committed record of verdicts and ``diff`` against another version;
- one module of checks per part of the report: ``introduction``, ``chapter1`` ... ``chapter5`` (``chapter2_tables``
  for the rows of Tables 1 and 2), ``conclusions``.  ``registry.module_of("C4-5")`` names the file.
"""

from __future__ import annotations

from .evaluate import evaluate, evaluate_all, ledger, normal_verdict, run
from .export import Report, by_kind, claimreview, scorecard, table
from .model import MEANINGS, VERDICTS, Compared, Evidence, Finding, Verdict
from .quotes import verify_quotes


def chapter_report(chapter: int) -> Report:
    """Every claim of one chapter as a card, findings first: contradicted, partly supported, supported, not
    checkable (ledger order within each)."""
    from ..theme import FINDINGS_FIRST

    verdicts = evaluate_all(chapter=chapter)
    return Report(sorted(verdicts, key=lambda v: FINDINGS_FIRST.index(v.verdict)))


__all__ = [
    "MEANINGS",
    "VERDICTS",
    "Compared",
    "Evidence",
    "Finding",
    "Report",
    "Verdict",
    "by_kind",
    "chapter_report",
    "claimreview",
    "evaluate",
    "evaluate_all",
    "ledger",
    "normal_verdict",
    "run",
    "scorecard",
    "table",
    "verify_quotes",
]
