"""The claims ledger and its checks: registration, verdict shape, exports, quotes."""

import json

import pytest

from wbanalysis import claims
from wbanalysis.claims import registry
from wbanalysis.claims.model import MEANINGS


def test_ledger_ids_are_unique_and_every_claim_has_exactly_one_check():
    ids = list(claims.ledger()["id"])
    assert len(ids) == len(set(ids))
    assert set(ids) == set(registry.load())


def test_where_a_claim_is_checked_is_a_file_name():
    assert registry.module_of("C4-5") == "wbanalysis/claims/chapter4.py"
    assert registry.module_of("C2-212") == "wbanalysis/claims/chapter2_tables.py"
    assert registry.module_of("C0-1") == "wbanalysis/claims/introduction.py"


def test_a_claim_cannot_be_registered_twice():
    with pytest.raises(ValueError, match="already has a check"):
        registry.check("C4-5")(lambda: None)


def test_every_verdict_reads_like_a_fact_check():
    for v in claims.evaluate_all():
        assert v.verdict in claims.VERDICTS
        assert v.conclusion and v.observed and v.place
        if v.verdict == "not checkable":
            assert v.reason and v.needs, v.id
        else:
            assert v.evidence and v.as_of, v.id
            assert all(e.startswith("data/") for e in v.evidence), v.id


def test_every_verdict_has_a_meaning():
    assert set(MEANINGS) == set(claims.VERDICTS)


def test_unknown_claim_is_refused():
    with pytest.raises(KeyError, match="unknown claim 'C9-9'"):
        claims.evaluate("C9-9")


def test_finding_rejects_an_unknown_verdict_a_reasonless_not_checkable_and_evidence_free_support():
    with pytest.raises(ValueError):
        claims.Finding("probably", "x")
    with pytest.raises(ValueError):
        claims.Finding("not checkable", "x")
    with pytest.raises(ValueError):
        claims.Finding("supported", "x")


def test_verdict_json_and_html_are_well_formed():
    v = claims.evaluate("C2-4")
    payload = json.loads(json.dumps(v.to_dict()))
    assert set(payload) >= {"id", "chapter", "quote", "place", "verdict", "conclusion", "compared", "evidence", "as_of"}
    assert "✓ Supported" in v._repr_html_() and 'id="C2-4"' in v._repr_html_()


def test_html_escapes_text_from_data():
    v = claims.Verdict("C0-1", 0, "a", "<script>alert(1)</script>", "p", "count", "t", "supported", "c", "o", "", "")
    assert "<script>" not in v._repr_html_() and "&lt;script&gt;" in v._repr_html_()


def test_scorecard_and_kinds_count_every_claim():
    verdicts = claims.evaluate_all()
    card = claims.scorecard(verdicts)
    assert list(card.columns) == list(claims.VERDICTS)
    assert card.to_numpy().sum() == len(verdicts) == claims.by_kind(verdicts).to_numpy().sum()


def test_filters():
    assert {v.chapter for v in claims.evaluate_all(chapter=4)} == {4}
    assert {v.verdict for v in claims.evaluate_all(verdict="Contradicted")} == {"contradicted"}
    assert {v.kind for v in claims.evaluate_all(kind="date")} == {"date"}
    with pytest.raises(ValueError, match="valid kinds"):
        claims.evaluate_all(kind="vibes")


def test_quotes_appear_word_for_word_in_the_report(report_text):
    assert claims.verify_quotes(str(report_text)) == []


def test_verify_quotes_flags_a_changed_quote(tmp_path, report_text):
    text = report_text.read_text(encoding="utf-8").replace("nearly every operation", "every op")
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    assert [i for i, _ in claims.verify_quotes(str(tmp_path / "r.txt"))] == ["C2-5"]


def test_the_ledger_covers_the_whole_report():
    table = claims.ledger()
    assert set(table["chapter"]) == {0, 1, 2, 3, 4, 5, 6}
    ids = set(table["id"])
    assert {f"C2-{100 + r}" for r in range(1, 17)} <= ids  # Table 1 rows
    assert {f"C2-{200 + r}" for r in range(1, 22)} <= ids  # Table 2 rows
    rows = {i for i in ids if i.startswith("C2-") and int(i.split("-")[1]) > 100}
    assert len(ids) >= 150 and len(ids - rows) >= 100


def test_report_cards_render_every_claim_of_a_chapter():
    report = claims.chapter_report(4)
    assert len(report) == len(claims.ledger().query("chapter == 4"))
    assert report._repr_html_().count('class="wb-claim"') == len(report)
    assert "C4-1" in repr(report)


def test_verdicts_are_remembered_but_an_edited_file_is_checked_again(data_copy):
    from wbanalysis import data
    from wbanalysis.errors import DataError

    first = claims.evaluate("C2-5")
    assert claims.evaluate("C2-5") is first  # remembered
    path = data_copy / "external" / "europol_releases.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("2023-05-25", "2023-05-26"), encoding="utf-8")
    with pytest.raises(DataError, match="wbanalysis data rehash"):
        claims.evaluate("C2-5")
    data.rehash()
    assert claims.evaluate("C2-5") is not first


def test_serbia_claim_follows_the_releases(data_copy):
    import pandas as pd

    from wbanalysis import data

    path = data_copy / "external" / "europol_releases.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    seen = table["wb6_list_complete"].str.startswith("yes")
    first = table.index[seen & table["wb6_named_in_source"].str.contains("SRB")][:6]
    table.loc[first, "wb6_named_in_source"] = (
        table.loc[first, "wb6_named_in_source"].str.replace("SRB", "").str.strip(";")
    )
    table.to_csv(path, index=False, lineterminator="\n")
    data.rehash()
    assert claims.evaluate("C2-5").verdict != "supported"


# Table 2 rows, read by hand from data/raw/events/europol_operations.csv: the typo (1), the repeated release (4),
# unverified participant lists (9, 10, 14, 17) are partly supported; "27 tonnes" (12) is contradicted.
TABLE2_VERDICTS = {row: "supported" for row in range(1, 22)} | {
    1: "partly supported",
    4: "partly supported",
    9: "partly supported",
    10: "partly supported",
    14: "partly supported",
    17: "partly supported",
    12: "contradicted",
}


@pytest.mark.parametrize("row", range(1, 22))
def test_every_table2_row(row):
    assert claims.evaluate(f"C2-{200 + row}").verdict == TABLE2_VERDICTS[row]


# Table 1 rows with an outside source: the IISG's pillars, Eurojust's agreements, EMPACT releases
# (INTERPOL's member count is claim C2-17).
TABLE1_CHECKED = {3: "supported", 4: "supported", 7: "supported"}


@pytest.mark.parametrize("row", range(1, 17))
def test_every_table1_row(row):
    verdict = claims.evaluate(f"C2-{100 + row}")
    if row in TABLE1_CHECKED:
        assert verdict.verdict == TABLE1_CHECKED[row]
        assert any(e.startswith("data/external/") for e in verdict.evidence)
    else:
        assert verdict.verdict == "not checkable" and verdict.reason == "only the report itself records it"
        assert verdict.observed.startswith("as printed: ALB ")


def test_claimreview_has_what_schema_org_and_google_require():
    """Google's ClaimReview guidelines: claimReviewed, reviewRating (with alternateName), url; recommended author,
    datePublished and itemReviewed (a Claim with its author and appearance)."""
    import re

    reviews = claims.claimreview(claims.evaluate_all(), base_url="https://example.org/reports/")
    assert len(reviews) == len(claims.ledger())
    for review in reviews:
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        assert review["claimReviewed"] and review["reviewRating"]["alternateName"] in claims.VERDICTS
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
