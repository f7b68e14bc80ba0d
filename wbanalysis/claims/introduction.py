"""The introduction, and the size of the region against its EU neighbours (shared by chapters 1 and 3)."""

from __future__ import annotations

from ..analysis import economy
from ..countries import NEIGHBOURS, WB6
from .common import QUALITATIVE, cite, unrecorded
from .model import Compared, Finding
from .registry import check

SIZE_SOURCES = {"population": "wdi_population_gdp", "gdp": "wdi_population_gdp", "milex": "sipri_milex"}


def size_finding(indicators: list[str]) -> Finding:
    """How many of the WB6's values fall below the median of the six EU neighbours, in the latest common year."""
    table = economy.panel(indicators, start_year=2000, end_year=2024)
    year = economy.latest_common_year(table, list(WB6) + list(NEIGHBOURS))
    compared = economy.compare_to_group(table, year, NEIGHBOURS, WB6)
    below = compared["below_median"]
    share = below.mean()
    verdict = "supported" if below.all() else "partly supported" if share >= 0.5 else "contradicted"
    figures = []
    for indicator, group in compared.groupby("indicator", sort=False):
        values = ", ".join(f"{r.country} {r.value:,.1f}" for r in group.itertuples())
        figures.append(
            Compared(
                f"{indicator}, {year}",
                "small (below the EU neighbours)",
                f"WB6: {values}; neighbours' median {group['group_median'].iloc[0]:,.1f}",
            )
        )
    evidence = [cite(SIZE_SOURCES[i], note=f"{i}, {year}") for i in indicators]
    return Finding(
        verdict,
        f"In {year}, {int(below.sum())} of {len(below)} values of the WB6 (population, GDP, military spending) are below "
        "the median of the six neighbouring EU states (HRV, SVN, HUN, ROU, BGR, GRC).",
        f"{year}: {int(below.sum())} of {len(below)} WB6 values below the neighbours' median",
        tuple(evidence),
        tuple(figures),
    )


@check("C0-1")
def _no_country_alone() -> Finding:
    return unrecorded(
        "C0-1",
        reason=QUALITATIVE,
        conclusion="'The scale and complexity of contemporary threats' has "
        "no measure in the data; the overview shows the countries' size as context.",
    )
