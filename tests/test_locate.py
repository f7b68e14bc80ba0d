"""Where a quote sits in the report: every claim records its place, and found again in the report's text."""

from __future__ import annotations

import pandas as pd

from wbanalysis import data, locate


def test_every_claim_records_its_place():
    table = data.load("claims")
    assert table["place"].str.len().gt(10).all()


def test_recorded_places_match_the_report_text(report_text):
    text = report_text.read_text(encoding="utf-8")
    table = pd.read_csv(data.resource_path("claims"), dtype=str, keep_default_na=False)
    computed = [locate.claim_place(i, q, text) for i, q in zip(table["id"], table["quote"], strict=True)]
    assert computed == table["place"].tolist()


def test_locate_finds_a_paragraph_by_section():
    text = "Disclaimer:\n\nIntroduction\n\n" + "A first paragraph that is long enough to count as one. " * 2
    text += "\n\nFragmented Regional Response\n\n" + "Second paragraph, with the quoted words inside it here. " * 2
    assert locate.locate("quoted words", text) == "Introduction, section “Fragmented Regional Response”, paragraph 1"
    assert locate.locate("absent words", text) == ""
