"""The paragraph on the chosen country in each chapter's page."""

from __future__ import annotations


def test_a_country_view_says_something_about_the_chosen_country():
    from wbanalysis import country_view

    texts = {code: repr(country_view.paragraph(2, code)) for code in ("ALB", "XKX", "SRB")}
    assert len(set(texts.values())) == 3
    assert "Kosovo took part in" in texts["XKX"] and "the fewest of the six" in texts["XKX"]
    assert "<b>Serbia:</b>" in country_view.paragraph(6, "SRB")._repr_html_()
