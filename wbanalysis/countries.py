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

SHORT_NAMES: dict[str, str] = {**NAMES, "BIH": "BiH", "MKD": "N. Macedonia"}

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


class UnknownCountryError(ValueError):
    """A country name or code that is not one of the WB6 or their aliases."""


def valid_choices() -> str:
    """A one-line list of the accepted codes and a few aliases, for error messages."""
    codes = ", ".join(f"{c} ({NAMES[c]})" for c in WB6)
    return f"valid codes: {codes}; aliases such as 'Kosovo', 'XK', 'KOS', 'BiH', 'Bosnia' are accepted"


def to_code(value: str) -> str:
    """Return the canonical code for a code, name or alias; raise UnknownCountryError otherwise."""
    if not isinstance(value, str):
        raise UnknownCountryError(f"{value!r} is not a country name or code; {valid_choices()}")
    key = " ".join(value.strip().upper().split())
    if key in NAMES:
        return key
    if key in ALIASES:
        return ALIASES[key]
    raise UnknownCountryError(f"unknown country {value!r}; {valid_choices()}")


def to_codes(values: Iterable[str]) -> list[str]:
    """Canonical codes for several countries, duplicates removed, in WB6 order."""
    codes = {to_code(v) for v in values}
    return [c for c in WB6 if c in codes]


def name(code: str) -> str:
    """Display name of a canonical code."""
    return NAMES[to_code(code)]
