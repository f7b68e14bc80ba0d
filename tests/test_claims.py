"""The claims ledger and its checks."""

import json

import pytest

from wbanalysis import claims


def test_ledger_ids_are_unique_and_every_claim_has_a_check():
    ids = list(claims.ledger()["id"])
    assert len(ids) == len(set(ids))
    assert set(ids) == set(claims.CHECKS)


def test_every_verdict_is_valid_and_not_checkable_has_a_reason():
    for v in claims.evaluate_all():
        assert v.verdict in claims.VERDICTS
        assert v.observed and v.evidence
        assert (v.verdict == "not checkable") == bool(v.reason)


@pytest.mark.parametrize(
    ("claim_id", "verdict", "observed"),
    [
        ("C1-1", "supported", "2,079 arrests stated in 10 of the 20"),
        ("C1-2", "supported", "XKX 2"),
        ("C2-1", "supported", "15 of 16"),
        ("C2-2", "partly supported", "14 of 16"),
        ("C2-3", "supported", "21 of 21"),
        ("C2-4", "supported", "Kosovo with 5 of 20"),
        ("C2-5", "supported", "18 of 21 (85.7%) printed rows and 17 of 20 (85.0%)"),
        ("C2-6", "partly supported", "20 distinct operations in 21 printed rows; repeated: rows 4, 19"),
        ("C2-7", "not checkable", "no count"),
        ("C3-1", "supported", "566 arrests"),
    ],
)
def test_verdicts(claim_id, verdict, observed):
    result = claims.evaluate(claim_id)
    assert result.verdict == verdict
    assert observed in result.observed


def test_serbia_claim_fails_when_the_data_says_otherwise(data_copy):
    import csv

    path = data_copy / "report" / "table2_europol_operations.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    for row in rows[1:8]:
        row[8] = "✗"  # take Serbia out of seven operations
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    from wbanalysis import data

    data.rehash()
    assert claims.evaluate("C2-5").verdict == "partly supported"


def test_unknown_claim_lists_the_ledger():
    with pytest.raises(KeyError, match="C2-1"):
        claims.evaluate("C9-9")


def test_finding_rejects_an_unknown_verdict_and_a_reasonless_not_checkable():
    with pytest.raises(ValueError):
        claims.Finding("probably", "x")
    with pytest.raises(ValueError):
        claims.Finding("not checkable", "x")


def test_verdict_json_and_html_are_well_formed():
    v = claims.evaluate("C2-4")
    assert set(json.loads(json.dumps(v.to_dict()))) >= {"id", "chapter", "quote", "verdict", "observed", "evidence"}
    assert "Verdict: supported" in v._repr_html_()


def test_html_escapes_text_from_data():
    v = claims.Verdict("C0-1", 0, "a", "<script>alert(1)</script>", "p", "count", "t", "supported", "o", ["e"], "")
    assert "<script>" not in v._repr_html_() and "&lt;script&gt;" in v._repr_html_()


def test_scorecard_counts_every_claim():
    verdicts = claims.evaluate_all()
    card = claims.scorecard(verdicts)
    assert list(card.columns) == list(claims.VERDICTS)
    assert card.to_numpy().sum() == len(verdicts)


def test_quotes_appear_word_for_word_in_the_report(report_text):
    assert claims.verify_quotes(str(report_text)) == []


def test_verify_quotes_flags_a_changed_quote(tmp_path, report_text):
    text = report_text.read_text(encoding="utf-8").replace("nearly every operation", "every op")
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    assert [i for i, _ in claims.verify_quotes(str(tmp_path / "r.txt"))] == ["C2-5"]


def test_the_ledger_covers_every_chapter_and_every_table_row():
    table = claims.ledger()
    assert set(table["chapter"]) == {0, 1, 2, 3, 4, 5, 6}
    ids = set(table["id"])
    assert {f"C2-{100 + r}" for r in range(1, 17)} <= ids  # Table 1 rows
    assert {f"C2-{200 + r}" for r in range(1, 22)} <= ids  # Table 2 rows


def test_report_cards_render_every_claim_of_a_chapter():
    report = claims.chapter_report(4)
    assert len(report) == len(claims.ledger().query("chapter == 4"))
    assert report._repr_html_().count('class="wb-claim"') == len(report)
    assert "C4-1" in repr(report)


def test_by_kind_counts_every_claim():
    verdicts = claims.evaluate_all()
    assert claims.by_kind(verdicts).to_numpy().sum() == len(verdicts)


def test_verdicts_are_remembered_but_an_edited_file_is_checked_again(data_copy):
    from wbanalysis import data
    from wbanalysis.errors import DataError

    first = claims.evaluate("C2-5")
    assert claims.evaluate("C2-5") is first  # remembered
    path = data_copy / "report" / "table2_europol_operations.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("2025,✗,✓", "2025,✓,✓", 1), encoding="utf-8")
    with pytest.raises(DataError, match="wbanalysis data rehash"):
        claims.evaluate("C2-5")
    data.rehash()
    assert claims.evaluate("C2-5") is not first


# Table 2 rows, read by hand from data/raw/events/europol_operations.csv: the typo (1), the duplicate (4),
# unverified participant lists or no date (9, 10, 14, 17) are partly supported; "27 tonnes" (12) is contradicted.
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


@pytest.mark.parametrize("row", range(1, 17))
def test_every_table1_row_is_recorded_but_not_checkable(row):
    verdict = claims.evaluate(f"C2-{100 + row}")
    assert verdict.verdict == "not checkable" and "membership list" in verdict.reason
    assert verdict.observed.startswith("as printed: ALB ")
