"""A verdict at the report's date beside today's: fair to the authors (judged by what could be known when the
report came out, 25 April 2025) and current for the reader (judged by everything known now).

At an earlier date a fact may rest only on evidence published by then and on dataset vintages released by then
(``factcheck.evaluate(fact, as_of)``); this module says, for a claim whose verdict differs, why: a source
published after the report, a page that gives no date, a data release after the report, a data revision.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import report
from ..dates import spoken
from .evidence import REPORT_DATE, Source
from .factcheck import FactResult

#: Why a verdict at the report's date differs from today's (the counts of the findings page use these words).
WHY = {
    "later evidence": "evidence published after the report",
    "undated evidence": "evidence that gives no date (not shown to predate the report)",
    "later data release": "a dataset released after the report",
    "data revision": "a later vintage of a dataset revised the figure",
}


@dataclass(frozen=True)
class Then:
    """The verdict at the report's date, and why it differs from today's ('' when it does not)."""

    verdict: str
    why: str = ""  # a key of WHY
    because: str = ""  # the reason in words, for the card


def _unknown_then(source: Source) -> bool:
    return source.last is None or source.last > REPORT_DATE


def _reason(source: Source) -> tuple[str, str]:
    """(kind, words) for a source the authors could not have seen."""
    if source.role == "searched":
        when = f"was made by {spoken(source.last)}, after the report" if source.last else "is not dated"
        return "later evidence", f"the search that found nothing {when}"
    if source.role == "dataset":
        return "later data release", f"the {source.title or source.publisher} it rests on was {source.published}"
    if source.first is not None and source.first > REPORT_DATE:
        return "later evidence", f"{source.who()} published it {source.when()}"
    if source.first is not None:
        return "undated evidence", f"the page of {source.who()} cannot be dated before the report ({source.when()})"
    seen = f", seen {spoken(source.last)}" if source.last else ""
    return "undated evidence", f"the page of {source.who()} is undated{seen}"


def then(now: list[FactResult], before: list[FactResult], verdict_now: str, verdict_then: str) -> Then:
    """The verdict at the report's date, with the reason it differs from today's: the facts that moved and the
    sources behind them that came after (or cannot be dated before) the report."""
    if verdict_then == verdict_now:
        return Then(verdict_then)
    reasons: dict[str, str] = {}
    for n, b in zip(now, before, strict=True):
        if n.status == b.status:
            continue
        later = [c.source for c in n.basis if _unknown_then(c.source)]
        older = {c.source.key for c in b.basis}
        if not later and b.basis and any(c.source.key not in older for c in n.basis):
            later = [c.source for c in n.basis]
        for source in later[:1]:
            kind, words = _reason(source)
            if source.role == "dataset" and any(c.source.role == "dataset" for c in b.basis):
                kind = "data revision"
            reasons.setdefault(words, kind)
        if not later and n.status != b.status:
            reasons.setdefault(f"what was known by {report.date_text()} settles less of it", "later evidence")
    kinds = list(dict.fromkeys(reasons.values()))
    return Then(verdict_then, kinds[0] if kinds else "later evidence", "; ".join(reasons))


def sentence(verdict_now: str, at: Then) -> str:
    """'At publication (25 April 2025): unverified — SIPRI's release was released 28 April 2025. Today: supported.'"""
    if at.verdict == verdict_now:
        return ""
    return f"At publication ({spoken(REPORT_DATE)}): {at.verdict} — {at.because}. Today: {verdict_now}."
