"""Facts read from the public datasets themselves (World Bank, SIPRI): the publisher's own figures, tier 1.

The region's size is read against its neighbourhood: the six together against their largest EU neighbour, in
the latest year every one of them has a figure for.
"""

from __future__ import annotations

from datetime import date

from ... import data
from ...countries import NEIGHBOURS, WB6, any_name
from ..compare import amount
from ..evidence import Source, dataset
from ..ledger import Fact
from ..observe import arguments, observation

#: (resource, column that selects the measure, the measure, how to say it, unit)
MEASURES = {
    "population": ("wdi_population_gdp", "indicator", "population", "people", "people"),
    "gdp": ("wdi_population_gdp", "indicator", "gdp_current_usd", "GDP", "USD"),
    "milex": ("sipri_milex", "measure", "constant_2023_usd_m", "military spending", "million USD (2023 prices)"),
}


def _released_by(resource: str, as_of: date | None) -> bool:
    """Whether the dataset's vintage was released by ``as_of`` (always when no date is asked for)."""
    if as_of is None:
        return True
    probe = dataset(resource, [], "")
    return probe.last is not None and probe.last <= as_of


def versus_largest_neighbour(measure: str, as_of: date | None = None) -> list[Source]:
    """The six together against the largest EU neighbour, in the latest year all have a figure for: one source
    whose ``observed`` is the ratio (below 1: the six together are smaller)."""
    resource, column, name, label, unit = MEASURES[measure]
    if not _released_by(resource, as_of):
        return []
    table = data.load(resource)
    table = table[(table[column] == name) & table["country"].isin(WB6 + NEIGHBOURS) & table["value"].notna()]
    complete = [y for y, group in table.groupby("year") if set(group["country"]) >= set(WB6 + NEIGHBOURS)]
    if not complete:
        return []
    year = max(complete)
    rows = table[table["year"] == year]
    values = dict(zip(rows["country"], rows["value"].astype(float), strict=True))
    total = sum(values[c] for c in WB6)
    largest = max(NEIGHBOURS, key=lambda c: values[c])
    ratio = total / values[largest]
    finding = (f"{year}: the six together {amount(total, unit)} of {label}, {any_name(largest)} alone "
               f"{amount(values[largest], unit)} ({ratio:.2f} times as much for the six)")
    return [dataset(resource, [int(i) + 2 for i in rows.index], finding, f"{ratio:.4f}")]


for _measure in MEASURES:
    observation(f"{_measure}_vs_largest_neighbour")(
        lambda fact, as_of, _m=_measure: versus_largest_neighbour(_m, as_of)
    )



@observation("weo_max")
def weo_max(fact: Fact, as_of: date | None) -> list[Source]:
    """The highest value of an IMF WEO series for one country over a span of years (actual values only, never
    projections): ``weo_max:COUNTRY:CONCEPT:FIRST:LAST``."""
    country, concept, first, last = arguments(fact)
    if not _released_by("imf_weo", as_of):
        return []
    table = data.load("imf_weo")
    rows = table[(table["country"] == country) & (table["concept"] == concept) & table["value"].notna()
                 & table["year"].between(int(first), int(last)) & ~table["projection"].fillna(False).astype(bool)]
    if rows.empty:
        return []
    top = rows.loc[rows["value"].astype(float).idxmax()]
    unit = str(top["unit"])
    series = ", ".join(f"{int(r.year)}: {float(r.value):.1f}" for r in rows.sort_values("year").itertuples())
    finding = (f"{any_name(country)}, {first}-{last} (IMF): the highest was {float(top['value']):.1f} ({unit}) in "
               f"{int(top['year'])}; by year {series}")
    return [dataset("imf_weo", [int(i) + 2 for i in rows.index], finding, f"{float(top['value']):.4f}")]
