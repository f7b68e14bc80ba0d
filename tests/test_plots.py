"""Chart helpers: a figure laid out once draws the same picture in every format."""

from __future__ import annotations

from wbanalysis import plots


def test_a_figure_laid_out_once_draws_the_same_png(tmp_path):
    import pandas as pd

    series = pd.Series({"ALB": 1.0, "SRB": 3.0, "MKD": 2.0})
    usual = plots.png(plots.value_bars(series, focus="SRB", title="Spending", source="a source"))
    fixed = plots.fixed_layout(plots.value_bars(series, focus="SRB", title="Spending", source="a source"))
    assert type(fixed.get_layout_engine()).__name__ == "PlaceHolderLayoutEngine"  # no second layout
    assert plots.png(fixed) == usual
    assert plots.svg(fixed).startswith("<?xml")
