"""How a reader names the project's codes: parameters, indicators and table columns.  The one table of human
labels: reader pages show these, never the code words (``focus_country``, ``milex_share_gdp``)."""

from __future__ import annotations

import re

LABELS = {
    # parameters
    "countries": "Countries",
    "comparison_countries": "Compared with",
    "focus_country": "Country in focus",
    "start_year": "From the year",
    "end_year": "To the year",
    "dedupe": "Table 2's repeated row counted once",
    "correct_titles": "titles corrected",
    "weight_europol": "Weight of taking part in Europol operations",
    "weight_frameworks": "Weight of taking part in the frameworks of Table 1",
    "weight_cfsp": "Weight of alignment with EU foreign policy",
    "weight_nato": "Weight of NATO membership",
    "weight_milex": "Weight of military spending",
    # indicators and columns
    "population": "population",
    "gdp": "GDP",
    "gdp_weo": "GDP (IMF)",
    "milex": "military spending",
    "milex_share_gdp": "military spending, share of GDP",
    "gov_debt": "government debt",
    "gas_imports": "gas imports",
    "gas_imports_russia": "gas imports from Russia",
    "gas_consumption": "gas consumption",
    "framework_id": "framework",
    "alignment_rate_pct": "alignment rate (%)",
    "measured_by": "measured by",
    "europol": "Europol operations",
    "frameworks": "frameworks of Table 1",
    "cfsp": "alignment with EU foreign policy",
    "nato": "NATO membership",
    # publishers' dataset codes
    "nrg_ti_gas": "gas imports by partner country",
    "nrg_cb_gas": "gas balance",
}


def label(name: str) -> str:
    """A code as a reader names it: its label, else the words of a snake_case name ('operation_name' ->
    'operation name'); a unit in brackets after the name is kept ('milex (US$ million)')."""
    match = re.fullmatch(r"([a-z][a-z0-9_]*)(\s+\(.*\))?", name)
    if not match:
        return name
    word, unit = match.group(1), match.group(2) or ""
    return LABELS.get(word, word.replace("_", " ")) + unit
