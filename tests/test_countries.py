
import pytest

from wbanalysis.countries import COLOURS, NAMES, WB6, UnknownCountryError, to_code, to_codes


@pytest.mark.parametrize(
    ("alias", "code"),
    [
        ("Kosovo", "XKX"),
        ("XK", "XKX"),
        ("kos", "XKX"),
        ("BiH", "BIH"),
        ("Bosnia", "BIH"),
        ("north  macedonia", "MKD"),
        ("srb", "SRB"),
        ("ALB", "ALB"),
        (" Montenegro ", "MNE"),
    ],
)
def test_aliases_map_to_one_code(alias, code):
    assert to_code(alias) == code


def test_unknown_country_names_it_and_lists_valid_codes():
    with pytest.raises(UnknownCountryError) as err:
        to_code("Croatia")
    message = str(err.value)
    assert "'Croatia'" in message
    assert all(code in message for code in WB6)


def test_to_codes_dedupes_and_keeps_table_order():
    assert to_codes(["Serbia", "ALB", "RS", "Kosovo"]) == ["ALB", "XKX", "SRB"]


def test_every_country_has_a_name_and_a_distinct_colour():
    assert set(NAMES) == set(COLOURS) == set(WB6)
    assert len(set(COLOURS.values())) == len(WB6)


@pytest.mark.parametrize(
    "alias, code",
    [
        ("Kosova", "XKX"),
        ("Kosovë", "XKX"),
        ("Shqipëria", "ALB"),
        ("Србија", "SRB"),
        ("Crna Gora", "MNE"),
        ("Bosna i Hercegovina", "BIH"),
        ("Severna Makedonija", "MKD"),
        ("Maqedonia e Veriut", "MKD"),
    ],
)
def test_names_in_the_countries_own_languages(alias, code):
    from wbanalysis.countries import to_code

    assert to_code(alias) == code
