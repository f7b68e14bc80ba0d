"""The scoreboard: indicators from the data, weights, missing values, sensitivity."""


import pytest

from wbanalysis import data
from wbanalysis.analysis import scoreboard
from wbanalysis.analysis.economy import russian_gas_share
from wbanalysis.labels import label


def test_raw_indicators_come_from_the_data():
    raw = scoreboard.raw_indicators()
    assert raw.loc["SRB", "europol"] == pytest.approx(17 / 20)
    assert raw.loc["XKX", "frameworks"] == pytest.approx(5 / 16)
    assert raw.loc["SRB", "cfsp"] == pytest.approx(0.47)
    assert raw["cfsp"].isna().tolist() == [False, False, True, False, False, False]  # no rate for Kosovo
    assert raw["nato"].to_dict() == {"ALB": 1, "BIH": 0, "XKX": 0, "MNE": 1, "MKD": 1, "SRB": 0}


def test_normalised_to_unit_range():
    norm = scoreboard.normalised(scoreboard.raw_indicators())
    assert norm["europol"].min() == 0 and norm["europol"].max() == 1
    assert norm.loc["SRB", "europol"] == 1


def test_missing_indicator_is_left_out_not_filled():
    table = scoreboard.scores()
    assert table.loc["XKX", "missing"] == label("cfsp")  # named as a reader names it
    only_cfsp = scoreboard.scores({"europol": 0, "frameworks": 0, "nato": 0, "milex": 0, "cfsp": 1})
    assert only_cfsp["score"].isna().tolist() == [False] * 5 + [True]  # Kosovo: no score rather than a made-up one
    assert only_cfsp.index[-1] == "XKX"


def test_weights_change_the_ranking():
    europol_only = scoreboard.scores({"europol": 1, "frameworks": 0, "cfsp": 0, "nato": 0, "milex": 0})
    nato_only = scoreboard.scores({"europol": 0, "frameworks": 0, "cfsp": 0, "nato": 1, "milex": 0})
    assert europol_only.index[0] == "SRB"
    assert nato_only.loc["SRB", "rank"] > nato_only.loc["ALB", "rank"]


def test_bad_weights_are_refused():
    with pytest.raises(ValueError, match="non-negative and not all zero"):
        scoreboard.scores({name: 0 for name in scoreboard.INDICATORS})
    with pytest.raises(ValueError, match="unknown indicator 'budget'"):
        scoreboard.scores({"budget": 1})


def test_sensitivity_table():
    ranks = scoreboard.sensitivity("nato", values=(0, 1, 5))
    assert list(ranks.index) == [0, 1, 5] and sorted(ranks.loc[1]) == [1, 2, 3, 4, 5, 6]


def test_russian_gas_share_by_hand():
    shares = russian_gas_share()
    assert shares.loc[("SRB", 2019)] == pytest.approx(83593.689 / 83811.599)
    assert ("ALB", 2015) not in shares.index  # no imports at all: no share, not zero


def test_scoreboard_indicators_follow_substituted_tables_and_changed_files(data_copy):
    from wbanalysis.analysis import scoreboard

    before = scoreboard.raw_indicators()
    cfsp = data.load("cfsp_alignment")
    cfsp["alignment_rate_pct"] = 0.0
    with data.substituted({"cfsp_alignment": cfsp}):
        assert (scoreboard.raw_indicators()["cfsp"].dropna() == 0).all()
    assert scoreboard.raw_indicators().equals(before)  # remembered again once the substitution ends
    same = scoreboard.raw_indicators()
    same.loc["ALB", "cfsp"] = -1
    assert scoreboard.raw_indicators().equals(before)  # callers get a copy
