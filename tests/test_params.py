"""Parameter validation: every error names the parameter, the bad value and what is valid."""


import pytest

from wbanalysis.errors import ParameterError
from wbanalysis.params import PARSERS, parse_cli_value, resolve, validate

NB = "02_institutional_frameworks"


def test_aliases_and_comma_strings_normalise():
    p = validate(NB, countries="Kosovo,BiH", focus_country="xk", start_year=2023, end_year=2024, dedupe=False)
    assert p.countries == ["BIH", "XKX"] and p.focus_country == "XKX" and p["dedupe"] is False


def test_unknown_country_names_it_and_lists_valid_codes():
    with pytest.raises(ParameterError) as err:
        validate(NB, countries=["ALB", "Atlantis"])
    assert "countries" in str(err.value) and "'Atlantis'" in str(err.value)
    assert "XKX (Kosovo)" in str(err.value)


def test_empty_country_list():
    with pytest.raises(ParameterError, match="countries is empty"):
        validate(NB, countries=[])


@pytest.mark.parametrize("bad", ["last year", 2023.5, True, None])
def test_year_must_be_an_integer(bad):
    with pytest.raises(ParameterError, match="start_year must be a whole year"):
        validate(NB, start_year=bad)


def test_inverted_year_range():
    with pytest.raises(ParameterError, match="start_year=2025 is after end_year=2023"):
        validate(NB, start_year=2025, end_year=2023)


def test_year_outside_the_data():
    with pytest.raises(ParameterError, match=r"end_year=2031 is outside .* \(2023-2025\)"):
        validate(NB, end_year=2031)


def test_flag_must_be_boolean():
    with pytest.raises(ParameterError, match="dedupe must be true or false, got 'yes'"):
        validate(NB, dedupe="yes")


def test_unknown_parameter_is_refused():
    with pytest.raises(ParameterError, match="unknown parameter 'colour'"):
        validate(NB, colour="red")


@pytest.mark.parametrize(
    ("text", "value"),
    [("2024", 2024), ("ALB,SRB", ["ALB", "SRB"]), ("[MNE]", ["MNE"]), ("false", False), ("Kosovo", ["Kosovo"])],
)
def test_cli_values_are_yaml(text, value):
    name = "countries" if isinstance(value, list) else "x"
    assert parse_cli_value(name, text) == value


def test_malformed_cli_value():
    with pytest.raises(ParameterError, match="-p countries"):
        parse_cli_value("countries", "[ALB, SRB")


def test_resolve_checks_names_against_the_notebook(notebook_02):
    with pytest.raises(ParameterError, match="has no parameter 'weights'; its parameters are: countries"):
        resolve(str(notebook_02), NB, {"weights": 1})
    with pytest.raises(ParameterError, match="start_year=2025 is after end_year=2024"):
        resolve(str(notebook_02), NB, {"start_year": 2025, "end_year": 2024})
    # only the given parameters come back (papermill injects only those), normalised
    assert resolve(str(notebook_02), NB, {"countries": ["Kosovo"]}) == {"countries": ["XKX"]}


def test_every_declared_parameter_has_a_parser(notebook_02):
    from wbanalysis.params import declared

    assert set(declared(str(notebook_02))) <= set(PARSERS)


def test_year_span_matches_the_data():
    from wbanalysis.analysis import europol
    from wbanalysis.params import years_with_data

    years = europol.operations()["year"]
    assert years_with_data(NB) == sorted(set(years))


def test_comparison_countries_take_neighbours_only():
    assert validate("00_overview", comparison_countries="Greece,HR").comparison_countries == ["HRV", "GRC"]
    with pytest.raises(ParameterError, match="comparison_countries: 'SRB' \\(Serbia\\) is not allowed here"):
        validate("00_overview", comparison_countries=["SRB"])


def test_overview_year_span():
    assert validate("00_overview", start_year=1995, end_year=2024).start_year == 1995
    with pytest.raises(ParameterError, match=r"\(1995-2024\)"):
        validate("00_overview", end_year=2025)


def test_year_ranges_come_from_the_data_and_an_empty_range_is_refused(monkeypatch):
    from wbanalysis import params
    from wbanalysis.errors import ParameterError

    assert params.years_with_data("02_institutional_frameworks") == [2023, 2024, 2025]
    assert params.years_with_data("00_overview")[-1] == 2024
    monkeypatch.setattr(params, "years_with_data", lambda nb: [2000, 2001, 2010])
    with pytest.raises(ParameterError, match=r"no data in these years; the data of 00_overview cover 2000-2001, 2010"):
        params.validate("00_overview", start_year=2003, end_year=2008)
    params.validate("00_overview", start_year=2001, end_year=2008)


def test_an_indicator_without_data_in_the_chosen_years_is_said_in_words():
    from wbanalysis import plots
    from wbanalysis.analysis import economy

    panel = economy.panel(["population", "gdp"], ["ALB", "SRB"], 2024, 2024)  # the World Bank GDP stops in 2023
    year = economy.latest_common_year(panel, ["ALB", "SRB"])
    shot = economy.snapshot(panel, year)
    assert year == 2024 and shot["gdp (US$ billion (current))"].isna().all()
    assert "No data" in plots.describe(plots.value_bars(shot["gdp (US$ billion (current))"], title="GDP"))
