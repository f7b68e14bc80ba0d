"""Facts read from the public datasets themselves (World Bank, SIPRI): the publisher's own figures, tier 1.

The region's size is read against its neighbourhood: the six together against their largest EU neighbour, in
the latest year every one of them has a figure for.
"""

from __future__ import annotations

from datetime import date

from ... import data
from ...countries import NEIGHBOURS, WB6, any_name
from ...vintages import of_resource
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
#: How the WEO's unit codes read after a figure.
UNITS = {"PT": "%", "USD": " US dollars", "na": ""}
#: The vintages of the IMF's World Economic Outlook held, newest first (each a resource of its own).
WEO = ("imf_weo", "imf_weo_apr2025")


def _released_by(resource: str, as_of: date | None, selector: str = "") -> bool:
    """Whether the dataset's vintage was released by ``as_of`` (always when no date is asked for)."""
    return of_resource(resource, selector).released_by(as_of)


def versus_largest_neighbour(measure: str, as_of: date | None = None) -> list[Source]:
    """The six together against the largest EU neighbour, in the latest year all have a figure for: one source
    whose ``observed`` is the ratio (below 1: the six together are smaller)."""
    resource, column, name, label, unit = MEASURES[measure]
    if not _released_by(resource, as_of, name):
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
    return [dataset(resource, [int(i) + 2 for i in rows.index], finding, f"{ratio:.4f}", name)]


for _measure in MEASURES:
    observation(f"{_measure}_vs_largest_neighbour")(
        lambda fact, as_of, _m=_measure: versus_largest_neighbour(_m, as_of)
    )



def weo_vintage(as_of: date | None) -> str | None:
    """The newest WEO vintage out by ``as_of`` (the newest held when no date is asked for)."""
    return next((r for r in WEO if _released_by(r, as_of)), None)


def weo_max_in(resource: str, country: str, concept: str, first: int, last: int) -> Source | None:
    """The highest actual value (never a projection) of a WEO series over a span of years in one vintage; a
    vintage that does not hold every year of the span gives a source that settles nothing and says so."""
    table = data.load(resource)
    rows = table[(table["country"] == country) & (table["concept"] == concept) & table["value"].notna()
                 & table["year"].between(first, last) & ~table["projection"].fillna(False).astype(bool)]
    held = of_resource(resource)
    if set(range(first, last + 1)) - set(rows["year"].astype(int)):
        years = table[(table["country"] == country) & (table["concept"] == concept)]["year"]
        span = f"{int(years.min())}-{int(years.max())}" if len(years) else "no years"
        return dataset(resource, [], f"the IMF's WEO released {held.released}, as held here, covers {span} only, "
                       f"not every year of {first}-{last}")
    top = rows.loc[rows["value"].astype(float).idxmax()]
    series = ", ".join(f"{int(r.year)}: {float(r.value):.1f}" for r in rows.sort_values("year").itertuples())
    unit = UNITS.get(str(top["unit"]), f" {top['unit']}")
    finding = (f"{any_name(country)}, {first}-{last} (IMF WEO released {held.released}): the highest was "
               f"{float(top['value']):.1f}{unit} in {int(top['year'])}; by year {series}")
    return dataset(resource, [int(i) + 2 for i in rows.index], finding, f"{float(top['value']):.4f}")


@observation("weo_max")
def weo_max(fact: Fact, as_of: date | None) -> list[Source]:
    """The highest value of an IMF WEO series for one country over a span of years, in the newest vintage out at
    ``as_of`` (actual values only, never projections): ``weo_max:COUNTRY:CONCEPT:FIRST:LAST``."""
    country, concept, first, last = arguments(fact)
    resource = weo_vintage(as_of)
    found = weo_max_in(resource, country, concept, int(first), int(last)) if resource else None
    return [found] if found else []


def weo_vintages(fact: Fact) -> list[tuple[str, Source | None, str]]:
    """A WEO fact in every vintage held, oldest first: (the vintage, its source if it gives a figure, in words)."""
    country, concept, first, last = arguments(fact)
    said = []
    for resource in reversed(WEO):
        held = of_resource(resource)
        found = weo_max_in(resource, country, concept, int(first), int(last))
        label = f"the {held.label}"
        if found is None or not found.observed:
            table = data.load(resource)
            years = table[(table["country"] == country) & (table["concept"] == concept)]["year"]
            held_years = f"{int(years.min())}-{int(years.max())}" if len(years) else "no years"
            said.append((label, None, f"holds {held_years} only"))
        else:
            unit = "%" if concept.endswith("_NGDP") else ""
            said.append((label, found, f"{float(found.observed):.1f}{unit}"))
    return said


#: Observations read from a dataset held in several vintages: each gives the fact in every vintage.
VINTAGED = {"weo_max": weo_vintages}
