"""The verdict record (data/verdicts.csv) and its change log: written by claims --record, accepting no other edit."""

from __future__ import annotations

from wbanalysis import data
from wbanalysis.cli import main


def test_G7_claims_record_accepts_no_unrelated_data_edit(data_copy, capsys):
    authors = data_copy / "report" / "chapters.csv"
    authors.write_text(authors.read_text(encoding="utf-8").replace("Kosovar", "Evil Corp", 1), encoding="utf-8")
    verdicts = data_copy / "verdicts.csv"
    verdicts.write_text("", encoding="utf-8")  # so that the record has something to write
    code = main(["claims", "--record"])
    err = capsys.readouterr().err
    problems = data.validate_package(data_copy)
    assert any("chapters.csv" in p and "hash differs" in p for p in problems), problems  # still not accepted
    if code == 0:  # written: its own hash accepted, nothing else
        assert not any("verdicts.csv" in p for p in problems)
    else:  # refused because the evaluation read the edited file: said, and nothing accepted
        assert "chapters.csv has changed since its hash was recorded" in err
