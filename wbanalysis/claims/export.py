"""The verdicts for readers and machines: tables, scorecards, notebook cards and schema.org ClaimReview."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .. import report
from ..theme import BEST, FINDINGS_FIRST, GRADES, VERDICTS, WORST
from .model import Verdict, bundle


def table(verdicts: list[Verdict]) -> pd.DataFrame:
    """Verdicts as a compact table (id, quote, verdict, conclusion), indexed by id."""
    from ..present import mark

    frame = pd.DataFrame(
        [{"id": v.id, "quote": f"“{v.quote}”", "verdict": v.verdict, "conclusion": v.conclusion} for v in verdicts],
        columns=["id", "quote", "verdict", "conclusion"],
    ).set_index("id")
    return mark(frame, "screen-only")  # an overview of the cards above it: printing keeps the cards


def scorecard(verdicts: list[Verdict], by: str = "chapter", labels: bool = False) -> pd.DataFrame:
    """Counts of verdicts per chapter (or per ``by``: any Verdict field), every verdict a column in scale order;
    ``labels``: chapters named as readers name them ('Introduction', 'Chapter 1') rather than numbered."""
    frame = pd.DataFrame([{by: getattr(v, by), "verdict": v.verdict} for v in verdicts], columns=[by, "verdict"])
    counts = pd.crosstab(frame[by], frame["verdict"]).reindex(columns=list(VERDICTS), fill_value=0)
    counts.columns.name = None
    if labels and by == "chapter":
        counts.index = pd.Index([report.chapter(n).label for n in counts.index], name="part of the report")
    return counts


#: The columns of ``claims --format csv``: the claim, both verdicts, the card's words, the counted sources.
CSV_COLUMNS = ["id", "chapter", "author", "place", "kind", "quote", "verdict", "as_of", "at_publication",
               "changed_why", "then_and_now", "conclusion", "right", "wrong", "not_found", "settle", "sources"]


def csv_table(verdicts: list[Verdict]) -> pd.DataFrame:
    """One row per claim for a spreadsheet: ``as_of`` empty = today (with the verdict at the report's date)."""
    rows = []
    for v in verdicts:
        row = {c: getattr(v, c, "") for c in CSV_COLUMNS if c != "sources"}
        row["sources"] = " ; ".join(dict.fromkeys(
            f"{s['who']} ({s['when']}) {' '.join(s['links'])}".strip() for s in v.sources if s["counted"]))
        rows.append(row)
    return pd.DataFrame(rows, columns=CSV_COLUMNS)


def by_kind(verdicts: list[Verdict]) -> pd.DataFrame:
    """Counts of verdicts per kind of claim."""
    return scorecard(verdicts, by="kind")


class Report(list):
    """Several verdicts shown together (cards in HTML, text otherwise)."""

    def __repr__(self) -> str:
        return "\n\n".join(repr(v) for v in self)

    def _repr_html_(self) -> str:
        return "".join(v._repr_html_() for v in self)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return bundle(self, repr(self))


def findings_first(verdicts: list[Verdict]) -> Report:
    """Verdicts ordered as a page shows them: contradicted, partly supported, unverified, supported, not
    checkable (report order within each)."""
    return Report(sorted(verdicts, key=lambda v: FINDINGS_FIRST.index(v.verdict)))


def _author(chapter: int) -> dict:
    """A schema.org Person (with the affiliation the report prints) or Organization: the chapter's author."""
    part = report.chapter(chapter)
    person = {"@type": part.type, "name": part.author}
    if part.type == "Person":
        person["affiliation"] = {"@type": "Organization", "name": part.affiliation}
    return person


def claimed(v: Verdict) -> str:
    """The claim as one statement, for ``claimReviewed``: the quote when it is a sentence, else what its central
    facts assert (the ledger's words), so that a fragment such as 'installing more than 1,000' is not all."""
    quote = v.quote.strip()
    if quote[:1].isupper() and quote.endswith((".", "!", "?")):
        return quote
    said = [f["statement"].rstrip(".") for f in v.facts if f["central"]] or \
        [f["statement"].rstrip(".") for f in v.facts if f["test"] == "opinion"]
    text = "; ".join(said) if said else quote.rstrip(".")
    return text[:1].upper() + text[1:] + "."


def claimreview(verdicts: list[Verdict], page: str | None = None, base_url: str | None = None) -> list[dict]:
    """schema.org ClaimReview objects (JSON-LD) for the verdicts, as Google's guidelines ask: ``url`` (the card's
    anchor, on ``page`` or on its chapter's page, after ``base_url``), ``claimReviewed``, ``reviewRating`` with
    ``alternateName``, ``author``, ``datePublished`` and ``itemReviewed`` (the claim, its author, the report).

    reviewRating: ratingValue from the verdict scale (``theme.SCALE``: 5 supported, 3 partly supported,
    1 contradicted) on worstRating 1 to bestRating 5, the verdict in alternateName; unverified and not
    checkable carry no ratingValue, only the alternateName and the rule that gave them.  The author is the
    organisation that publishes the checks (``citation.publisher()``, ``WBANALYSIS_PUBLISHER``); ``base_url``
    defaults to ``WBANALYSIS_BASE_URL``.
    """
    from .. import citation

    base_url = citation.base_url() if base_url is None else base_url
    reviewed = citation.reviewed()
    reviews = []
    for v in verdicts:
        grade = GRADES[v.verdict]
        rating = {"@type": "Rating", "worstRating": WORST, "bestRating": BEST, "alternateName": grade.label}
        if grade.rating is not None:
            rating["ratingValue"] = grade.rating
        else:
            rating["ratingExplanation"] = v.rule
        reviews.append(
            {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "identifier": v.id,
                "url": f"{base_url}{page or report.chapter(v.chapter).page}#{v.id}",
                "datePublished": reviewed,
                "claimReviewed": claimed(v),
                "reviewBody": " ".join(filter(None, [v.conclusion, v.then_and_now])),
                "author": {"@type": "Organization", "name": citation.publisher()},
                "reviewRating": rating,
                "itemReviewed": {
                    "@type": "Claim",
                    "text": v.quote,
                    "author": _author(v.chapter),
                    "datePublished": report.DATE.isoformat(),
                    "appearance": {
                        "@type": "CreativeWork",
                        "name": report.TITLE,
                        "publisher": {"@type": "Organization", "name": report.PUBLISHER},
                        "datePublished": report.DATE.isoformat(),
                        "url": report.ADDRESS,
                    },
                },
            }
        )
    return reviews
