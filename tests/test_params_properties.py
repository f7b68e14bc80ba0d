"""Property-based tests (hypothesis) for parameter parsing and validation."""

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wbanalysis.countries import ALIASES, ALL_NAMES, NEIGHBOURS, WB6, to_code
from wbanalysis.errors import ParameterError
from wbanalysis.params import parse_cli_value, validate

NB = "02_institutional_frameworks"
WB6_SPELLINGS = sorted([c for c in WB6] + [a for a, c in ALIASES.items() if c in WB6])
KNOWN = {" ".join(k.split()) for k in list(ALIASES) + list(ALL_NAMES)}


def _vary_case_and_space(text: str, data) -> str:
    cased = "".join(ch.upper() if data.draw(st.booleans()) else ch.lower() for ch in text)
    return (
        data.draw(st.sampled_from(["", " ", "  "]))
        + cased.replace(" ", data.draw(st.sampled_from([" ", "  "])))
        + (data.draw(st.sampled_from(["", " "])))
    )


@given(st.sampled_from(WB6_SPELLINGS), st.data())
def test_any_casing_and_spacing_of_a_spelling_gives_its_code(spelling, data):
    assert to_code(_vary_case_and_space(spelling, data)) == to_code(spelling)


@given(st.text(alphabet=string.ascii_letters + " -'", min_size=1, max_size=20))
def test_an_unknown_name_is_refused_by_name(text):
    if " ".join(text.upper().split()) in KNOWN:
        return
    with pytest.raises(ParameterError) as err:
        validate(NB, countries=[text])
    assert repr(text) in str(err.value) and "valid codes: ALB (Albania)" in str(err.value)


@given(st.lists(st.sampled_from(WB6_SPELLINGS), min_size=1, max_size=12))
def test_country_lists_normalise_to_unique_codes_in_table_order(spellings):
    result = validate(NB, countries=spellings).countries
    expected = {to_code(s) for s in spellings}
    assert result == [c for c in WB6 if c in expected]


@given(st.integers(min_value=1900, max_value=2100), st.integers(min_value=1900, max_value=2100))
def test_year_ranges(start, end):
    inside = all(2023 <= y <= 2025 for y in (start, end))
    if inside and start <= end:
        p = validate(NB, start_year=start, end_year=end)
        assert (p.start_year, p.end_year) == (start, end)
    else:
        with pytest.raises(ParameterError) as err:
            validate(NB, start_year=start, end_year=end)
        message = str(err.value)
        assert (
            ("outside the years" in message)
            if not inside
            else (f"start_year={start} is after end_year={end}" in message)
        )


@given(st.one_of(st.text(max_size=10), st.floats(allow_nan=False), st.booleans(), st.none(), st.lists(st.integers())))
def test_a_year_that_is_not_an_integer_is_refused(value):
    with pytest.raises(ParameterError, match="start_year must be a whole year"):
        validate(NB, start_year=value)


@settings(max_examples=50)
@given(st.integers(min_value=-(10**6), max_value=10**6))
def test_cli_integers_parse_as_integers(number):
    assert parse_cli_value("start_year", str(number)) == number


@given(st.lists(st.sampled_from(list(WB6) + list(NEIGHBOURS)), min_size=1, max_size=6))
def test_comma_lists_parse_to_lists(codes):
    assert parse_cli_value("countries", ",".join(codes)) == codes


@given(st.sampled_from(list(WB6)))
def test_a_wb6_country_is_never_a_comparison_country(code):
    with pytest.raises(ParameterError, match="is not allowed here"):
        validate("00_overview", comparison_countries=[code])
