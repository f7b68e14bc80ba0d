"""Table 1 analyses against values read by hand from the printed table."""

import pytest

from wbanalysis.analysis import frameworks


def test_sixteen_frameworks_in_printed_order():
    table = frameworks.frameworks()
    assert len(table) == 16
    assert table["framework_id"].iloc[0] == "cepol" and table["framework_id"].iloc[-1] == "unodc"


def test_strict_coverage():
    counts = frameworks.coverage("strict")["frameworks"].to_dict()
    assert counts == {"ALB": 12, "BIH": 12, "XKX": 5, "MNE": 13, "MKD": 13, "SRB": 12}


def test_inclusive_coverage_adds_the_looser_ties():
    counts = frameworks.coverage("inclusive")["frameworks"].to_dict()
    assert counts["ALB"] == 15  # + CEPOL, EUDA, UNODC
    assert counts["XKX"] == 10  # + CEPOL, Europol, EUDA, INTERPOL liaison, UNODC assistance


def test_unknown_reading_lists_valid_ones():
    with pytest.raises(ValueError, match="valid readings: strict, inclusive"):
        frameworks.coverage("lenient")


def test_coverage_by_scope():
    by_scope = frameworks.coverage_by("scope", "strict")
    assert by_scope["frameworks"].to_dict() == {"EU-led": 6, "international": 4, "regional": 6}
    assert by_scope.loc["EU-led", "XKX"] == 2  # Frontex and EMPACT
    assert by_scope.loc["regional", "XKX"] == 2  # IISG and SEESAC


def test_type_groups_normalise_case_and_spacing():
    groups = frameworks.frameworks()["type_group"].value_counts().to_dict()
    assert groups["law enforcement"] == 7
    assert groups["security / military"] == 1


def test_beyond_wb6_and_unsettled_rows():
    table = frameworks.frameworks()
    assert list(frameworks.beyond_wb6(table)[lambda s: ~s].index) == ["iisg"]
    assert list(frameworks.unsettled().index) == ["dcaf", "unodc"]


def test_corrected_title():
    assert frameworks.frameworks(correct_titles=True).loc[4, "framework"] == "European Union Drugs Agency (EUDA)"
    assert frameworks.frameworks().loc[4, "framework"] == "European Union Drugs Agency (ADA)"
