"""Table 2 analyses against values counted by hand from the printed table."""

import pandas as pd
import pytest

from wbanalysis.analysis import europol


@pytest.fixture(scope="module")
def printed():
    return europol.operations()


@pytest.fixture(scope="module")
def distinct():
    return europol.operations(dedupe=True)


def test_printed_table_has_21_rows_and_dedupe_drops_row_4(printed, distinct):
    assert len(printed) == 21
    assert len(distinct) == 20
    assert 4 not in set(distinct["row"]) and 19 in set(distinct["row"])


def test_country_counts_as_printed(printed):
    counts = europol.country_counts(printed)
    assert counts["operations"].to_dict() == {"ALB": 9, "BIH": 11, "XKX": 5, "MNE": 6, "MKD": 9, "SRB": 18}
    assert counts.loc["SRB", "share"] == pytest.approx(18 / 21)


def test_dedupe_removes_one_serbian_mark_only(distinct):
    counts = europol.country_counts(distinct)
    assert counts["operations"].to_dict() == {"ALB": 9, "BIH": 11, "XKX": 5, "MNE": 6, "MKD": 9, "SRB": 17}
    assert counts.loc["SRB", "share"] == pytest.approx(17 / 20)


def test_counts_by_year(printed):
    by_year = europol.counts_by_year(printed)
    assert by_year["all"].to_dict() == {2023: 12, 2024: 7, 2025: 2}
    assert by_year.loc[2025, "BIH"] == 2 and by_year.loc[2025, "SRB"] == 0
    assert by_year.loc[2024, "SRB"] == 7


def test_operations_with_all_six(printed):
    assert list(europol.operations_with_all(printed)["row"]) == [3, 7, 11, 17]


def test_operations_with_a_subset(printed):
    # Kosovo and Serbia together: the four all-six rows and row 20
    assert list(europol.operations_with_all(printed, ["XKX", "SRB"])["row"]) == [3, 7, 11, 17, 20]


def test_co_participation_is_symmetric_with_counts_on_the_diagonal(printed):
    pairs = europol.co_participation(printed)
    assert pairs.loc["ALB", "BIH"] == pairs.loc["BIH", "ALB"] == 7  # rows 3, 6, 7, 10, 11, 14, 17
    assert pairs.loc["XKX", "BIH"] == 4  # rows 3, 7, 11, 17
    assert pairs.loc["SRB", "SRB"] == 18


def test_duplicates_found(printed, distinct):
    groups = europol.duplicates(printed)
    assert list(groups["rows"]) == [[4, 19]]
    assert europol.duplicates(distinct).empty


def test_filter_years(printed):
    assert set(europol.filter_years(printed, 2024, 2025)["year"]) == {2024, 2025}
    assert len(europol.filter_years(printed, 2024, 2024)) == 7


@pytest.mark.parametrize(
    ("title", "figure"),
    [
        ("796 arrests in massive EU action", 796),
        ("37 arrested as violent Balkan criminal cell taken down", 37),
        ("62 transcontinental migrant smugglers arrested", 62),
        ("219 criminals arrested and 1374 victims identified", 219),
        ("Almost 1,400 firearms removed from circulation", None),
        ("1,426 potential victims identified", None),
        ("Criminal ringleader and nice associates arrested", None),
        ("1,200 arrests in a test", 1200),
    ],
)
def test_arrests_in_title(title, figure):
    assert europol.arrests_in_title(title) == figure


def test_arrests_from_titles_total(distinct):
    figures = europol.arrests_from_titles(distinct)
    assert figures["arrests"].notna().sum() == 10
    assert figures["arrests"].sum() == 25 + 796 + 11 + 85 + 219 + 566 + 62 + 256 + 37 + 22


def test_titles_corrected_only_on_request(printed):
    fixed = europol.operations(correct_titles=True)
    assert printed.loc[0, "operation"] == "Criminal ringleader and nice associates arrested"
    assert fixed.loc[0, "operation"] == "Criminal ringleader and nine associates arrested"
    assert "2.7 tonnes" in fixed.loc[11, "operation"] and "27 tonnes" in printed.loc[11, "operation"]


def test_participation_long_is_tidy(printed):
    long = europol.participation_long(printed)
    assert len(long) == 21 * 6
    assert long["took_part"].sum() == 9 + 11 + 5 + 6 + 9 + 18
    assert list(long.columns) == ["row", "operation", "year", "country", "took_part"]
    assert isinstance(long, pd.DataFrame) and list(long["country"][:6]) == ["ALB", "BIH", "XKX", "MNE", "MKD", "SRB"]
