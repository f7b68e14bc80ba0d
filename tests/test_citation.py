"""Citable: CITATION.cff agrees with the package, each card says how to cite its check, ClaimReview names the
publishing organisation and reviews a whole statement, and the report's pages are given."""

import json
import re

import pytest
import yaml

from wbanalysis import __version__, citation, paths, report
from wbanalysis.claims import claimreview, evaluate_all


@pytest.fixture(scope="module")
def verdicts() -> list:
    return evaluate_all()


def test_citation_cff_agrees_with_the_package():
    cff = yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["version"] == __version__ and cff["cff-version"].startswith("1.2")
    assert any(ref["date-published"] == report.DATE.isoformat() for ref in cff["references"])


def test_each_card_gives_its_citation_and_the_pages_of_the_pdf(verdicts):
    for v in verdicts[::17]:
        page = v._repr_html_()
        assert f"Fact-check {v.id}:" in page and "@misc{" in page, v.id
        assert f"PDF {report.pages(v.chapter)}" in page, v.id


def test_the_pages_come_from_the_table_of_contents():
    firsts = [c.first_page for c in report.chapters()]
    assert firsts == sorted(firsts) and len(set(firsts)) == len(firsts)
    assert report.pages(2) == f"pp. {report.chapter(2).first_page}-{report.chapter(3).first_page - 1}"


def test_claimreview_names_the_publisher_and_reviews_a_statement(verdicts, monkeypatch):
    monkeypatch.setenv("WBANALYSIS_PUBLISHER", "Example Fact-Checking Desk")
    monkeypatch.setenv("WBANALYSIS_BASE_URL", "https://example.org/wb")
    reviews = claimreview(verdicts)
    assert {r["author"]["name"] for r in reviews} == {"Example Fact-Checking Desk"}
    assert all(r["url"].startswith("https://example.org/wb/") for r in reviews)
    for r in reviews:
        first = next(ch for ch in r["claimReviewed"] if ch.isalnum())
        assert (first.isupper() or first.isdigit()) and r["claimReviewed"].endswith((".", "!", "?")), r["identifier"]
        assert r["itemReviewed"]["text"]  # the exact quote
    assert "Example Fact-Checking Desk" in citation.claim("C1-1", "x", "01.html").apa


def test_a_base_url_that_is_no_address_is_refused(monkeypatch):
    monkeypatch.setenv("WBANALYSIS_BASE_URL", "example.org")
    with pytest.raises(ValueError, match="http"):
        citation.base_url()


def test_bibtex_keys_are_unique_and_well_formed(verdicts):
    keys = [re.match(r"@misc\{([^,]+),", citation.claim(v.id, v.quote, "x.html").bibtex).group(1) for v in verdicts]
    assert len(keys) == len(set(keys))
    json.dumps(citation.evidence_base().__dict__)
