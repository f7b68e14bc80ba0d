"""The verdicts for readers and machines: tables, scorecards, notebook cards and schema.org ClaimReview."""

from __future__ import annotations

import pandas as pd

from .model import VERDICTS, Verdict


def table(verdicts: list[Verdict]) -> pd.DataFrame:
    """Verdicts as a compact table (id, quote, verdict, conclusion), indexed by id."""
    return pd.DataFrame(
        [{"id": v.id, "quote": v.quote, "verdict": v.verdict, "conclusion": v.conclusion} for v in verdicts]
    ).set_index("id")


def scorecard(verdicts: list[Verdict], by: str = "chapter") -> pd.DataFrame:
    """Counts of verdicts per chapter (or per ``by``: any Verdict field), every verdict a column in a fixed order."""
    frame = pd.DataFrame([{by: getattr(v, by), "verdict": v.verdict} for v in verdicts])
    counts = pd.crosstab(frame[by], frame["verdict"]).reindex(columns=list(VERDICTS), fill_value=0)
    counts.columns.name = None
    return counts


def by_kind(verdicts: list[Verdict]) -> pd.DataFrame:
    """Counts of verdicts per kind of claim."""
    return scorecard(verdicts, by="kind")


class Report(list):
    """Several verdicts shown together (cards in HTML, text otherwise), in ledger order."""

    def __repr__(self) -> str:
        return "\n\n".join(repr(v) for v in self)

    def _repr_html_(self) -> str:
        return "".join(v._repr_html_() for v in self)


#: ClaimReview ratings: 1 = false ... 4 = true; "not checkable" has no numeric rating.
RATINGS = {"contradicted": 1, "partly supported": 2, "supported": 4}
REPORT_TITLE = "Regional Security Cooperation in the Western Balkans"
REPORT_DATE = "2025-04-25"  # printed on the report's cover ("April 25, 2025")
PUBLISHER = "Kosovar Centre for Security Studies"


def _author(name: str, authors: pd.DataFrame) -> dict:
    """A schema.org Person (with the affiliation the report prints) or Organization."""
    kind = authors.at[name, "type"]
    person = {"@type": kind, "name": name}
    if kind == "Person":
        person["affiliation"] = {"@type": "Organization", "name": authors.at[name, "affiliation"]}
    return person


def claimreview(verdicts: list[Verdict]) -> list[dict]:
    """schema.org ClaimReview objects (JSON-LD) for the verdicts.

    reviewRating: ratingValue 1 (contradicted), 2 (partly supported) or 4 (supported) on a scale
    worstRating 1 to bestRating 4, the verdict in alternateName; "not checkable" carries no
    ratingValue, only the alternateName and the reason.
    """
    from .. import data

    authors = data.load("authors").set_index("author")
    reviews = []
    for v in verdicts:
        rating = {"@type": "Rating", "worstRating": 1, "bestRating": 4, "alternateName": v.verdict}
        if v.verdict in RATINGS:
            rating["ratingValue"] = RATINGS[v.verdict]
        else:
            rating["ratingExplanation"] = v.reason
        reviews.append(
            {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "identifier": v.id,
                "claimReviewed": v.quote,
                "reviewBody": v.conclusion,
                "author": {"@type": "Organization", "name": "wbanalysis"},
                "reviewRating": rating,
                "itemReviewed": {
                    "@type": "Claim",
                    "author": _author(v.author, authors),
                    "appearance": {
                        "@type": "CreativeWork",
                        "name": REPORT_TITLE,
                        "publisher": {"@type": "Organization", "name": PUBLISHER},
                        "datePublished": REPORT_DATE,
                        "position": v.chapter,
                    },
                },
            }
        )
    return reviews
