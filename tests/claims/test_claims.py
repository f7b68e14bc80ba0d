"""The claims ledger and its verdicts: ids, facts, filters, cards, JSON, scorecards, ClaimReview, quotes."""

import json
import re

import pytest

from wbanalysis import claims, theme
from wbanalysis.claims import ledger


def test_ledger_ids_are_unique_and_every_claim_lists_its_facts():
    ids = list(ledger.claims())
    assert len(ids) == len(set(ids)) >= 210
    assert all(ledger.facts(i) for i in ids), [i for i in ids if not ledger.facts(i)]


def test_every_claim_that_can_be_rated_has_a_central_fact():
    for claim_id in ledger.claims():
        rated = [f for f in ledger.facts(claim_id) if f.rated]
        assert not rated or any(f.central for f in rated), claim_id


def test_twin_facts_point_at_facts_that_exist_and_share_their_status():
    from wbanalysis.claims import factcheck

    for claim_id in ledger.claims():
        for fact in ledger.facts(claim_id):
            if fact.same_as:
                twin = ledger.fact(fact.same_as)
                assert factcheck.evaluate(fact).status == factcheck.evaluate(twin).status, fact.key
                assert fact.same_as.split("/")[0] in ledger.twins(claim_id)


def test_every_verdict_is_on_the_scale_with_its_rule_and_words():
    for v in claims.evaluate_all():
        assert v.verdict in theme.VERDICTS and v.rule and v.conclusion and v.place, v.id
        if v.verdict == "unverified":
            assert v.not_found and v.settle, v.id
        if v.verdict == "not checkable":
            assert not v.right and not v.wrong, v.id


def test_the_five_verdicts_are_in_use():
    assert {v.verdict for v in claims.evaluate_all()} == set(theme.VERDICTS)


def test_unknown_claim_is_refused():
    with pytest.raises(KeyError, match="unknown claim 'C9-9'"):
        claims.evaluate("C9-9")


def test_verdict_json_and_html_are_well_formed():
    v = claims.evaluate("C2-4")
    payload = json.loads(json.dumps(v.to_dict()))
    assert set(payload) >= {"id", "chapter", "quote", "place", "verdict", "rule", "conclusion", "facts", "sources"}
    html = v._repr_html_()
    assert theme.GRADES[v.verdict].badge in html and 'id="C2-4"' in html


def test_html_escapes_text_from_data():
    v = claims.Verdict("C0-1", 0, "a", "<script>alert(1)</script>", "p", "count", "supported", "r", "c")
    assert "<script>" not in v._repr_html_() and "&lt;script&gt;" in v._repr_html_()


def test_scorecard_and_kinds_count_every_claim():
    verdicts = claims.evaluate_all()
    card = claims.scorecard(verdicts)
    assert list(card.columns) == list(theme.VERDICTS)
    assert card.to_numpy().sum() == len(verdicts) == claims.by_kind(verdicts).to_numpy().sum()


def test_filters():
    assert {v.chapter for v in claims.evaluate_all(chapter=4)} == {4}
    assert {v.verdict for v in claims.evaluate_all(verdict="Contradicted")} == {"contradicted"}
    assert {v.kind for v in claims.evaluate_all(kind="date")} == {"date"}
    with pytest.raises(ValueError, match="valid kinds"):
        claims.evaluate_all(kind="vibes")
    with pytest.raises(ValueError, match="valid verdicts"):
        claims.evaluate_all(verdict="probably")


def test_summary_counts_the_verdicts_it_names():
    verdicts = claims.evaluate_all(chapter=4)
    text = str(claims.summary(4))
    assert f"Of the {len(verdicts)} claims" in text
    for v in verdicts:
        if v.verdict in ("contradicted", "partly supported"):
            assert v.id in text


def test_quotes_appear_word_for_word_in_the_report(report_text):
    assert claims.verify_quotes(str(report_text)) == []


def test_verify_quotes_flags_a_changed_quote(tmp_path, report_text):
    text = report_text.read_text(encoding="utf-8").replace("nearly every operation", "every op")
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    assert [i for i, _ in claims.verify_quotes(str(tmp_path / "r.txt"))] == ["C2-5"]


def test_the_ledger_covers_the_whole_report():
    table = ledger.table()
    assert set(table["chapter"]) == {0, 1, 2, 3, 4, 5, 6}
    ids = set(table["id"])
    assert {f"C2-{100 + r}" for r in range(1, 17)} <= ids  # Table 1 rows
    assert {f"C2-{200 + r}" for r in range(1, 22)} <= ids  # Table 2 rows
    assert len(ids) >= 210


def test_report_cards_render_every_claim_of_a_chapter():
    report = claims.chapter_report(4)
    assert len(report) == len([c for c in ledger.claims().values() if c.chapter == 4])
    assert report._repr_html_().count('class="wb-claim"') == len(report)
    order = [theme.FINDINGS_FIRST.index(v.verdict) for v in report]
    assert order == sorted(order)


def test_verdicts_are_remembered_but_an_edited_file_is_checked_again(data_copy):
    from wbanalysis import data
    from wbanalysis.errors import DataError

    first = claims.evaluate("C2-16")
    assert claims.evaluate("C2-16") is first  # remembered
    path = data_copy / "facts.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("C2-16,1,DCAF has 43 members,true,number,43,",
                                                              "C2-16,1,DCAF has 60 members,true,number,60,"),
                    encoding="utf-8")
    with pytest.raises(DataError, match="wbanalysis data rehash"):
        claims.evaluate("C2-16")
    data.rehash()
    assert claims.evaluate("C2-16").verdict != first.verdict


def test_claimreview_has_what_schema_org_and_google_require():
    """Google's ClaimReview guidelines: claimReviewed, reviewRating (with alternateName), url; recommended author,
    datePublished and itemReviewed (a Claim with its author and appearance)."""
    reviews = claims.claimreview(claims.evaluate_all(), base_url="https://example.org/reports/")
    assert len(reviews) == len(ledger.claims())
    labels = {g.label for g in theme.SCALE}
    for review in reviews:
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        assert review["claimReviewed"] and review["reviewRating"]["alternateName"] in labels
        assert re.fullmatch(r"https://example\.org/reports/\d\d_[a-z0-9_]+\.html#C\d-\d+", review["url"])
        assert review["url"].endswith("#" + review["identifier"])
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", review["datePublished"])
        assert review["author"]["@type"] == "Organization" and review["author"]["name"]
        item = review["itemReviewed"]
        assert item["@type"] == "Claim" and item["author"]["@type"] in ("Person", "Organization")
        assert item["appearance"]["@type"] == "CreativeWork" and item["appearance"]["datePublished"]
        rating = review["reviewRating"]
        if "ratingValue" in rating:
            assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        else:
            assert rating["ratingExplanation"]
