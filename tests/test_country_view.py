"""The paragraph on the country in focus follows the report's own choices: its years, its weights and whether
Table 2's repeated row is counted once, so that it agrees with the tables and charts beside it."""

import re

from wbanalysis import country_view, params
from wbanalysis.analysis import europol, scoreboard


def test_the_scoreboard_sentence_uses_the_reports_weights():
    chosen = params.validate("06_conclusions", focus_country="SRB", weight_nato=0.0, weight_europol=3.0)
    text = repr(country_view.paragraph(6, chosen))
    table = scoreboard.scores(scoreboard.weights_from(chosen))
    assert f"ranks {int(table.at['SRB', 'rank'])} of six" in text and f"{table.at['SRB', 'score']:.2f}" in text
    assert "weights set for this report" in text
    assert "equal weights" in repr(country_view.paragraph(6, "SRB"))


def test_the_size_sentence_stays_in_the_years_chosen():
    chosen = params.validate("00_overview", focus_country="XKX", start_year=2015, end_year=2019)
    year = int(re.search(r"In (\d{4})", repr(country_view.paragraph(0, chosen))).group(1))
    assert 2015 <= year <= 2019


def test_the_europol_sentence_counts_the_rows_the_tables_count():
    chosen = params.validate("02_institutional_frameworks", focus_country="ALB", start_year=2024, end_year=2025,
                             dedupe=False)
    counts = europol.country_counts(europol.selection(False, 2024, 2025))
    text = repr(country_view.paragraph(2, chosen))
    assert f"{int(counts.at['ALB', 'operations'])} of the {int(counts.at['ALB', 'of'])}" in text
    assert "counted twice" in text and "2024-2025" in text
