"""The WB6: one canonical code per country, display names, aliases and chart colours.

Codes are ISO 3166-1 alpha-3, with ``XKX`` for Kosovo (the code the World Bank
and the IMF use; Kosovo has no ISO code).
"""

from __future__ import annotations

from collections.abc import Iterable

#: The six, in the order the report's Table 2 prints them.
WB6: tuple[str, ...] = ("ALB", "BIH", "XKX", "MNE", "MKD", "SRB")

NAMES: dict[str, str] = {
    "ALB": "Albania",
    "BIH": "Bosnia and Herzegovina",
    "XKX": "Kosovo",
    "MNE": "Montenegro",
    "MKD": "North Macedonia",
    "SRB": "Serbia",
}

#: The EU member states next to the WB6, used for comparison.
NEIGHBOURS: tuple[str, ...] = ("HRV", "SVN", "HUN", "ROU", "BGR", "GRC")
NEIGHBOUR_NAMES: dict[str, str] = {
    "HRV": "Croatia",
    "SVN": "Slovenia",
    "HUN": "Hungary",
    "ROU": "Romania",
    "BGR": "Bulgaria",
    "GRC": "Greece",
}
ALL_NAMES: dict[str, str] = {**NAMES, **NEIGHBOUR_NAMES}

SHORT_NAMES: dict[str, str] = {**ALL_NAMES, "BIH": "BiH", "MKD": "N. Macedonia"}

#: Other spellings accepted wherever a country is a parameter (compared case-insensitively).
ALIASES: dict[str, str] = {
    "AL": "ALB",
    "ALBANIA": "ALB",
    "SHQIPERIA": "ALB",
    "BA": "BIH",
    "BIH": "BIH",
    "BOSNIA": "BIH",
    "BOSNIA AND HERZEGOVINA": "BIH",
    "BOSNIA-HERZEGOVINA": "BIH",
    "XK": "XKX",
    "KOS": "XKX",
    "KOSOVO": "XKX",
    "XKX": "XKX",
    "ME": "MNE",
    "MONTENEGRO": "MNE",
    "MK": "MKD",
    "NMK": "MKD",
    "MACEDONIA": "MKD",
    "NORTH MACEDONIA": "MKD",
    "RS": "SRB",
    "SERBIA": "SRB",
    "REPUBLIC OF SERBIA": "SRB",
    "HR": "HRV",
    "CROATIA": "HRV",
    "SI": "SVN",
    "SLOVENIA": "SVN",
    "HU": "HUN",
    "HUNGARY": "HUN",
    "RO": "ROU",
    "ROMANIA": "ROU",
    "BG": "BGR",
    "BULGARIA": "BGR",
    "GR": "GRC",
    "EL": "GRC",
    "GREECE": "GRC",
    # the countries' names in their own languages (Latin and Cyrillic; accents optional)
    "SHQIPERI": "ALB",
    "REPUBLIKA E SHQIPERISE": "ALB",
    "BOSNA I HERCEGOVINA": "BIH",
    "БОСНА И ХЕРЦЕГОВИНА": "BIH",
    "KOSOVA": "XKX",
    "KOSOVE": "XKX",
    "REPUBLIKA E KOSOVES": "XKX",
    "КОСОВО": "XKX",
    "CRNA GORA": "MNE",
    "ЦРНА ГОРА": "MNE",
    "SEVERNA MAKEDONIJA": "MKD",
    "СЕВЕРНА МАКЕДОНИЈА": "MKD",
    "MAQEDONIA E VERIUT": "MKD",
    "SRBIJA": "SRB",
    "СРБИЈА": "SRB",
    "REPUBLIKA SRBIJA": "SRB",
    "HRVATSKA": "HRV",
    "SLOVENIJA": "SVN",
    "MAGYARORSZAG": "HUN",
    "БЪЛГАРИЯ": "BGR",
    "ΕΛΛΑΔΑ": "GRC",
    "ΕΛΛΑΣ": "GRC",
    "HELLAS": "GRC",
}

#: One colour per country for every chart (Okabe-Ito palette, colour-blind safe).
COLOURS: dict[str, str] = {
    "ALB": "#D55E00",  # vermillion
    "BIH": "#0072B2",  # blue
    "XKX": "#56B4E9",  # sky blue
    "MNE": "#E69F00",  # orange
    "MKD": "#CC79A7",  # reddish purple
    "SRB": "#009E73",  # bluish green
}
#: Neighbours are drawn in grey and told apart by labels, so the WB6 colours stay unique.
NEIGHBOUR_COLOUR = "#8C8C8C"


class UnknownCountryError(ValueError):
    """A country name or code that is not one of the WB6 or their aliases."""


def valid_choices(allowed: Iterable[str] = WB6) -> str:
    """A one-line list of the accepted codes and a few aliases, for error messages."""
    codes = ", ".join(f"{c} ({ALL_NAMES[c]})" for c in allowed)
    aliases = "'Kosovo', 'Kosova', 'XK', 'BiH', 'Srbija', 'Crna Gora'"
    return f"valid codes: {codes}; names and aliases such as {aliases} are accepted"


def _key(text: str) -> str:
    """Upper case, single spaces, Latin accents dropped ('Shqipëria' -> 'SHQIPERIA'); Cyrillic and Greek kept."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", " ".join(text.strip().split()))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", plain).upper()


def to_code(value: str, allowed: Iterable[str] = WB6) -> str:
    """Return the canonical code for a code, name or alias among ``allowed``; raise UnknownCountryError otherwise."""
    allowed = tuple(allowed)
    if not isinstance(value, str):
        raise UnknownCountryError(f"{value!r} is not a country name or code; {valid_choices(allowed)}")
    key = _key(value)
    code = key if key in ALL_NAMES else ALIASES.get(key)
    if code is None:
        raise UnknownCountryError(f"unknown country {value!r}; {valid_choices(allowed)}")
    if code not in allowed:
        raise UnknownCountryError(f"{value!r} ({ALL_NAMES[code]}) is not allowed here; {valid_choices(allowed)}")
    return code


def to_codes(values: Iterable[str], allowed: Iterable[str] = WB6) -> list[str]:
    """Canonical codes for several countries, duplicates removed, in the order of ``allowed``."""
    allowed = tuple(allowed)
    codes = {to_code(v, allowed) for v in values}
    return [c for c in allowed if c in codes]


def name(code: str) -> str:
    """Display name of a code, name or alias of a WB6 country or a neighbour."""
    return ALL_NAMES[to_code(code, ALL_NAMES)]


#: Names readers use where the ISO name reads oddly ('Russian Federation').
_PLAIN_NAMES = {"RUS": "Russia", "XKX": "Kosovo", "GBR": "the United Kingdom", "USA": "the United States",
                "NLD": "the Netherlands", "CZE": "Czechia"}


def any_name(code: str) -> str:
    """The English name of any ISO 3166 alpha-3 code (and XKX for Kosovo), as a reader says it; the code itself
    when it is not one."""
    if code in ALL_NAMES:
        return ALL_NAMES[code]
    if code in _PLAIN_NAMES:
        return _PLAIN_NAMES[code]
    import pycountry

    found = pycountry.countries.get(alpha_3=code)
    return getattr(found, "common_name", None) or getattr(found, "name", None) or code


def join(items: Iterable[str], last: str = "and") -> str:
    """'A', 'A and B', 'A, B and C'; '' for none."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def names_of(codes: Iterable[str]) -> str:
    """Country codes as names joined for a sentence: 'Albania, Montenegro and North Macedonia'."""
    return join(any_name(c) for c in codes)
