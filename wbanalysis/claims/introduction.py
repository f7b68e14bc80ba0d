"""The introduction, and the size of the region against its EU neighbours (shared by chapters 1 and 3)."""

from __future__ import annotations

import re

import pandas as pd

from ..analysis import economy, timeline
from ..countries import NAMES, NEIGHBOURS, WB6
from .common import QUALITATIVE, cite, graded, number, one, rows, text, unrecorded, year
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
        f"In {year}, {int(below.sum())} of {len(below)} values of the WB6 (population, GDP, military spending) "
        "are below "
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


#: The report's date of publication (its cover: "April 25, 2025").
PUBLISHED = "2025-04-25"
#: The gap in CFSP alignment rates (percentage points) this project reads as "divergent".
DIVERGENT = 25
#: The share of cross-border operations this project reads as "do not respect borders".
CROSS_BORDER = 0.75


def alignment_gap() -> tuple[pd.DataFrame, pd.Series, float]:
    """The WB6's CFSP alignment rates in the latest period that rates most of them (rows, rates, max - min)."""
    rated = rows("cfsp_alignment", where=lambda t: t["alignment_rate_pct"].notna() & t["country"].isin(WB6))
    counts = rated.groupby("period")["country"].nunique()
    best = counts[counts == counts.max()].index
    period = max(best, key=lambda p: (year(p) or 0, p))
    chosen = rated[rated["period"] == period]
    rates = chosen.set_index("country")["alignment_rate_pct"].astype(float)
    return chosen, rates, float(rates.max() - rates.min())


@check("C0-2")
def _divergent_alignment() -> Finding:
    chosen, rates, gap = alignment_gap()
    period = text(chosen["period"].iloc[0])
    top = [c for c in rates.index if rates[c] == rates.max()]
    low = rates.idxmin()
    divergent = gap >= DIVERGENT
    unrated = [c for c in WB6 if c not in rates.index]
    return Finding(
        "supported" if divergent else "contradicted",
        f"In {period} the WB6's alignment with EU foreign-policy declarations ranged from {rates.min():g}% "
        f"({NAMES[low]}) to {rates.max():g}% ({', '.join(NAMES[c] for c in top)}), a gap of {gap:g} points"
        + (f"; {', '.join(NAMES[c] for c in unrated)} has no rate here." if unrated else "."),
        ", ".join(f"{c} {rates[c]:g}%" for c in rates.index) + f" ({period})",
        (cite("cfsp_alignment", chosen, note=f"alignment rates, {period}"),),
        (
            Compared(
                f"gap in CFSP alignment rates, {period}",
                f"divergent (this project: {DIVERGENT} points or more)",
                f"{gap:g} points ({rates.min():g}% to {rates.max():g}%)",
            ),
        ),
        right="alignments diverge" if divergent else "",
        wrong="" if divergent else f"the rates differ by {gap:g} points only",
    )


def countries_involved(release: pd.Series) -> int | None:
    """How many countries an operation involved: its stated total, else the countries its source names."""
    total = number(release["countries_total"])
    if total:
        return int(total)
    named = [p for p in text(release["countries_named_in_source"]).split(";") if p.strip()]
    return len(named) or None


BORDER_PARTS = ("cross-border crime", "cyberattacks from abroad")


@check("C0-3")
def _across_borders() -> Finding:
    from .chapter2 import distinct_releases

    releases = distinct_releases()
    counts = releases.apply(countries_involved, axis=1)
    known = releases[counts.notna()]
    cross = int((counts.dropna() >= 2).sum())
    share = cross / len(known) if len(known) else 0.0
    attacks = one("evidence_other", topic_id="C4-cyber-2022")
    origin = re.search(r"attributed to ([A-Z][a-z]+)", text(attacks["fact"]))
    foreign = bool(origin) and origin.group(1) not in NAMES.values()
    parts = [share >= CROSS_BORDER, foreign]
    return Finding(
        graded(parts),
        f"{cross} of the {len(known)} Europol operations behind Table 2 whose participants are known involved two or "
        f"more countries, and the 2022 cyberattacks on Albania were "
        + (f"attributed to {origin.group(1)}" if origin else "not attributed to any state here")
        + "; hybrid threats and disinformation are not measured here.",
        f"{cross} of {len(known)} operations cross-border; attacks attributed to {origin.group(1) if origin else '-'}",
        (
            cite("europol_releases", known, note="countries involved in each operation"),
            cite("evidence_other", attacks, note="2022 cyberattacks"),
        ),
        (
            Compared(
                "operations involving two or more countries",
                f"organized crime does not respect borders (this project: {CROSS_BORDER:.0%} or more)",
                f"{cross} of {len(known)} ({share:.0%})",
            ),
            Compared(
                "origin of the 2022 cyberattacks on Albania", "across borders", origin.group(1) if origin else "-"
            ),
        ),
        right=", ".join(n for n, ok in zip(BORDER_PARTS, parts, strict=True) if ok),
        wrong=", ".join(n for n, ok in zip(BORDER_PARTS, parts, strict=True) if not ok),
    )


@check("C0-4")
def _aspiring_members() -> Finding:
    candidates = timeline.members("EU candidate status", PUBLISHED)
    status = rows(
        "milestones", where=lambda t: (t["event_type"] == "EU status") & t["details"].str.contains("candidate")
    )
    potential = [c for c in WB6 if any(c in s.split(";") for s in status["countries"]) and c not in candidates]
    aspiring = [c for c in WB6 if c in candidates or c in potential]
    missing = [c for c in WB6 if c not in aspiring]
    cited = rows("milestones", event_type="EU candidate status")
    return Finding(
        "supported" if not missing else "partly supported" if aspiring else "contradicted",
        f"Before the report {len(candidates)} of the six held EU candidate status ({', '.join(candidates)})"
        + (f" and {', '.join(NAMES[c] for c in potential)} was a potential candidate" if potential else "")
        + (f"; {', '.join(NAMES[c] for c in missing)} had neither." if missing else "."),
        f"candidates: {', '.join(candidates)}; potential candidates: {', '.join(potential) or 'none'}",
        (cite("milestones", cited, note="EU candidate status"), cite("milestones", status, note="EU status")),
        (Compared("WB6 with an EU membership perspective", "all six aspire to membership", f"{len(aspiring)} of 6"),),
        right=f"{len(aspiring)} of the six are candidates or potential candidates",
        wrong=f"no EU status for {', '.join(missing)}" if missing else "",
    )
