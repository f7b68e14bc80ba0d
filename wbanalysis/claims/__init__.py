"""The claims: what the report states, the facts each statement asserts, the evidence on each fact, and the
verdict the rule table derives from them.

- ``ledger``: the claims (``data/claims.csv``), their facts (``data/facts.csv``), the readings of vague words;
- ``evidence``: the sources on each fact (the primary evidence and the public datasets), publisher first;
- ``compare``: numbers, dates, lists of countries, titles and facts in words against the report's;
- ``facts``: one fact evaluated (confirmed, refuted, not found), sources resolved by tier;
- ``observe`` and ``observations/``: facts computed from datasets or from several rows together;
- ``rules``: the one rule table from facts to a verdict (the verdict scale itself is ``wbanalysis.theme``);
- ``prose``: the card's words; ``evaluate``: a claim's verdict, remembered and shared in a build;
- ``export``: tables, scorecards, cards, ClaimReview;
- ``tables``: a chapter's summary and fact tables for notebooks; ``drift``: the verdict record and ``--diff``;
- ``mutation``: refute a confirmed fact and the verdict must move.
"""

from __future__ import annotations

from ..theme import MEANINGS, VERDICTS
from ..theme import normal as normal_verdict
from . import ledger
from .export import Report, by_kind, claimreview, csv_table, findings_first, scorecard, table
from .ledger import claim, claims, facts
from .model import Verdict
from .quotes import verify_quotes
from .tables import facts_table, releases_table, summary
from .verdicts import evaluate, evaluate_all, verdict


def chapter_report(chapter: int) -> Report:
    """Every claim of one chapter as a card, findings first."""
    return findings_first(evaluate_all(chapter=chapter))


__all__ = [
    "MEANINGS",
    "VERDICTS",
    "Report",
    "Verdict",
    "by_kind",
    "chapter_report",
    "claim",
    "claimreview",
    "claims",
    "csv_table",
    "evaluate",
    "evaluate_all",
    "facts",
    "facts_table",
    "findings_first",
    "ledger",
    "normal_verdict",
    "releases_table",
    "scorecard",
    "summary",
    "table",
    "verdict",
    "verify_quotes",
]
