"""Every card reads like a fact-checker's: its words come from its facts, in plain English, and agree with its
verdict.  The test runs over every claim."""

import re

import pytest
from bs4 import BeautifulSoup

from wbanalysis import claims
from wbanalysis.claims import ledger

TEXT_FIELDS = ("conclusion", "right", "wrong", "not_found", "not_rated", "settle")
RAW_CODE = re.compile(r"\b(ALB|BIH|XKX|MNE|MKD|SRB|HRV|SVN|HUN|ROU|BGR|GRC)\b|\b[A-Z]{3}(;[A-Z]{3})+\b")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
DOUBLED = re.compile(r"\b(\w{3,}) \1\b", re.I)
MISSING = re.compile(r"\b(nan|None|NaT)\b|<NA>")
JARGON = re.compile(r"(?<!-)\bWB6\b|\bHR/VP\b")

CLAIMS = list(ledger.claims())  # the ids only: the verdicts are worked out when a test asks, not at collection


def _verdict(claim_id: str) -> claims.Verdict:
    return claims.evaluate(claim_id)  # remembered while the data stand still


@pytest.mark.parametrize("claim_id", CLAIMS)
def test_the_card_reads_plainly_and_agrees_with_its_verdict(claim_id):
    v = _verdict(claim_id)
    texts = [getattr(v, f) for f in TEXT_FIELDS] + list(v.notes) + [f["shown"] for f in v.facts]
    for text in texts:
        assert not DOUBLED.search(text), text
        assert not MISSING.search(text), text
        assert not RAW_CODE.search(text), text
        assert not ISO_DATE.search(text), text
        assert not JARGON.search(text), text
    if v.verdict == "supported":
        assert v.right and not v.wrong
    if v.verdict in ("partly supported", "contradicted"):
        assert v.wrong, "a verdict of something wrong names what is wrong"
    if v.verdict == "partly supported":
        assert v.right, "partly supported names what holds"
    for line in filter(None, v.right.split("; ")):
        assert line not in v.wrong, f"what is right repeats what is wrong: {line}"
    if v.verdict == "unverified":
        assert v.not_found and v.settle and not v.wrong
    if v.verdict == "not checkable":
        assert not (v.right or v.wrong or v.not_found)
    for fact in v.facts:
        first = next(ch for ch in fact["statement"] if ch.isalnum())
        assert fact["status_text"] and (first.isupper() or first.isdigit()), fact


@pytest.mark.parametrize("claim_id", CLAIMS)
def test_the_card_shows_its_facts_and_sources(claim_id):
    v = _verdict(claim_id)
    page = BeautifulSoup(v._repr_html_(), "html.parser")
    card = page.find("div", class_="wb-claim")
    assert card["id"] == v.id and card["data-verdict"] == v.verdict
    text = card.get_text(" ")
    assert v.conclusion in " ".join(text.split())
    counted = [s for s in v.sources if s["counted"]]
    assert len(card.select("ul.wb-sources li")) == len(counted)
    pages = [(s["publisher"], s["address"], s["published"]) for s in v.sources if s["address"]]
    assert len(pages) == len(set(pages)), "a page read for several facts is listed once"
    assert not any(re.search(r"(^|\s|;)(data/|/work|[\w/]+\.csv)", s["address"]) for s in v.sources), \
        "an address is public, never a project file"
    for link in card.find_all("a", href=True):
        assert link["href"].startswith(("https://", "http://", "#")) or "#C" in link["href"], link
    if any(f["test"] not in ("opinion", "context") for f in v.facts):
        assert card.find("table", class_="wb-facts")
