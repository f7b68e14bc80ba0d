"""Report Table 1: the security frameworks and each WB6 country's place in them.

Participation is counted under an explicit *reading* of the printed statuses:

- ``strict``: membership or a formal agreement the row states (member, operational
  or cooperation agreement, partner);
- ``inclusive``: also the looser ties the row names (working arrangement,
  beneficiary, liaison unit, technical assistance) and participation implied by
  membership of a wider body (UNODC's "UN members").

"not_listed" (a country neither named nor excluded) and "excluded" never count.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .. import data
from ..countries import WB6

STRICT = frozenset({"member", "operational_agreement", "cooperation_agreement", "partner"})
READINGS: dict[str, frozenset[str]] = {
    "strict": STRICT,
    "inclusive": STRICT | {"working_arrangement", "beneficiary", "liaison", "assistance", "implied"},
}
#: Statuses that say the printed row does not settle the country's participation.
UNSTATED = frozenset({"not_listed", "implied"})


def frameworks(correct_titles: bool = False) -> pd.DataFrame:
    """Table 1 as printed, with ``type_group``: the printed type normalised (case, spacing)."""
    table = data.load("table1_frameworks")
    if correct_titles:
        fixes = data.load("corrections")
        fixes = fixes[(fixes["resource"] == "table1_frameworks") & (fixes["applied_by"] == "correct_titles")]
        for row, field, corrected in zip(fixes["row"], fixes["field"], fixes["corrected"], strict=True):
            table.loc[table["row"] == row, field] = corrected
    table["type_group"] = table["type"].str.lower().str.replace(r"\s*/\s*", " / ", regex=True)
    return table


def statuses() -> pd.DataFrame:
    """Framework x country table of printed statuses (framework ids in table order)."""
    long = data.load("table1_participation")
    wide = long.pivot(index="framework_id", columns="country", values="status")
    order = frameworks()["framework_id"]
    return wide.loc[order, list(WB6)]


def as_printed() -> pd.DataFrame:
    """Table 1 as the report prints it (its own words, typos included), marked as such for its page."""
    from ..present import mark

    return mark(frameworks()[["row", "framework", "type", "scope", "key_actors"]].set_index("row"), "verbatim")


def status_table(countries: Sequence[str] = WB6) -> pd.DataFrame:
    """The statuses for display: one row per framework, named as Table 1 prints it, one column per country."""
    table = statuses()[list(countries)]
    names = frameworks().set_index("framework_id")["framework"]
    table.index = pd.Index([names[i] for i in table.index], name="framework")
    table.columns.name = None
    return table


def _reading(reading: str) -> frozenset[str]:
    try:
        return READINGS[reading]
    except KeyError:
        raise ValueError(f"unknown reading {reading!r}; valid readings: {', '.join(READINGS)}") from None


def participation(reading: str = "strict", countries: Sequence[str] = WB6) -> pd.DataFrame:
    """Boolean framework x country matrix under a reading."""
    counted = _reading(reading)
    return statuses()[list(countries)].isin(counted)


def coverage(reading: str = "strict", countries: Sequence[str] = WB6) -> pd.DataFrame:
    """Per country: frameworks taken part in, out of all in Table 1, and the share."""
    matrix = participation(reading, countries)
    table = pd.DataFrame({"frameworks": matrix.sum().astype(int), "of": len(matrix)})
    table["share"] = table["frameworks"] / table["of"]
    table.index.name = "country"
    return table


def coverage_by(field: str, reading: str = "strict", countries: Sequence[str] = WB6) -> pd.DataFrame:
    """Frameworks taken part in per group of ``field`` ('scope' or 'type_group') x country, with group sizes."""
    table = frameworks()
    if field not in ("scope", "type_group"):
        raise ValueError(f"cannot group by {field!r}; valid fields: scope, type_group")
    matrix = participation(reading, countries)
    matrix[field] = table.set_index("framework_id")[field]
    grouped = matrix.groupby(field).sum().astype(int)
    grouped["frameworks"] = matrix.groupby(field).size()
    return grouped.sort_index()


def coverage_readings(countries: Sequence[str] = WB6) -> pd.DataFrame:
    """Country x reading: frameworks counted under each reading."""
    return pd.DataFrame({name: coverage(name, countries)["frameworks"] for name in READINGS})


def beyond_wb6(table: pd.DataFrame) -> pd.Series:
    """True where a framework's key actors include anyone besides the WB6."""
    return table.set_index("framework_id")["key_actors"].str.strip() != "WB6"


def unsettled(countries: Sequence[str] = WB6) -> pd.DataFrame:
    """Frameworks whose printed row leaves some countries' participation unstated."""
    wide = statuses()[list(countries)]
    mask = wide.isin(UNSTATED)
    rows = mask.any(axis=1)
    result = pd.DataFrame(
        {"countries": [", ".join(c for c in wide.columns if mask.loc[fid, c]) for fid in wide.index[rows]]},
        index=wide.index[rows],
    )
    result["status"] = [", ".join(sorted(set(wide.loc[fid][mask.loc[fid]]))) for fid in result.index]
    return result
