"""Chapter 5 (Vladisavljev): The challenge of malign external influences and relations with non-EU actors."""

from __future__ import annotations

from ..analysis import economy
from ..countries import NAMES, WB6
from .chapter1 import sanctions_split
from .common import cite, graded, number, one, rows, text, unrecorded
from .model import Compared, Finding
from .registry import check


@check("C5-1")
def _near_monopoly() -> Finding:
    shares = economy.russian_gas_share()
    importers = [c for c in WB6 if c in set(shares.index.get_level_values("country"))]
    latest = {c: shares.loc[c].iloc[-1] for c in importers}
    years = {c: int(shares.loc[c].index[-1]) for c in importers}
    near = [c for c in importers if latest[c] >= 0.9]
    none = [c for c in WB6 if c not in importers]
    return Finding(
        graded([c in near for c in importers]) if importers else "contradicted",
        f"In the last year of data, Russia supplied at least 90% of the gas imports of {', '.join(NAMES[c] for c in near) or 'none'}"
        f"{'' if len(near) == len(importers) else ' but not of ' + ', '.join(NAMES[c] for c in importers if c not in near)}; "
        f"{', '.join(NAMES[c] for c in none)} import no natural gas (Eurostat, data to 2020).",
        ", ".join(f"{c} {latest[c]:.0%} ({years[c]})" for c in importers),
        (cite("eurostat_gas", rows("eurostat_gas", where=lambda t: t["flow"].str.startswith("imports"))),),
        tuple(
            Compared(f"{NAMES[c]}: Russia's share of gas imports", "near-monopoly", f"{latest[c]:.0%} in {years[c]}")
            for c in importers
        ),
        right=", ".join(near),
        wrong=", ".join(c for c in importers if c not in near),
    )


@check("C5-2")
def _highway_loan() -> Finding:
    loan = one("evidence_china", topic_id="C3-MNE-loan", unit="USD")
    amount = number(loan["value"])
    close = abs(amount - 1e9) <= 0.1e9
    return Finding(
        "supported" if close else "contradicted",
        f"China Exim's loan for the Bar-Boljare highway, signed {text(loan['fact_date'])}, was US$ {amount:,.0f}: "
        f"'1 billion' {'rounds it' if close else 'is not close'}.",
        f"US$ {amount:,.0f}",
        (cite("evidence_china", loan),),
        (Compared("the highway loan", "US$ 1 billion", f"US$ {amount:,.0f} (2014)"),),
    )


@check("C5-3")
def _mne_debt() -> Finding:
    debt = economy.panel(["gov_debt"], ["MNE"], 2000, 2024)
    above = debt[debt["value"] > 100]
    peak = debt.loc[debt["value"].idxmax()]
    searched = one("evidence_not_found", topic_id="C3-MNE-external-debt")
    shares = rows("evidence_china", topic_id="C3-MNE-debt-share")
    external = shares[shares["unit"].str.contains("external", case=False)]
    years = ", ".join(str(y) for y in above["year"])
    return Finding(
        graded([not above.empty, not external.empty]),
        f"Montenegro's public debt exceeded 100% of GDP only in {years or 'no year'} (peak {peak['value']:.1f}% in "
        f"{peak['year']}); no source gives the Chinese share of its external debt: the shares found are of GDP or of "
        "total debt."
        if not above.empty
        else "Montenegro's public debt never exceeded 100% of GDP in 2000-2024.",
        f"debt above 100% of GDP in: {years or 'no year'}; peak {peak['value']:.1f}% ({peak['year']})",
        (
            cite(
                "imf_weo",
                rows("imf_weo", country="MNE", concept="GGXWDG_NGDP"),
                url="https://data.imf.org/en/datasets/IMF.RES:WEO",
                note="general government gross debt, % of GDP",
            ),
            cite("evidence_china", shares),
            cite("evidence_not_found", searched),
        ),
        (
            Compared("Montenegro's public debt", "above 100% of GDP", f"above 100% only in {years or 'no year'}"),
            Compared("Chinese share of external debt", "nearly 20%", "not found; ~21-25% of GDP, <25% of total debt"),
        ),
        right=f"debt passed 100% of GDP ({years})" if years else "",
        wrong="only in the pandemic year, years after the loan; the external-debt share is not shown by any source",
    )


@check("C5-4")
def _biggest_investor() -> Finding:
    facts = rows("evidence_china", topic_id="C3-FDI-China")
    ranked = facts[facts["value"].str.contains("rank", na=False)]
    ranks = {text(r["fact_date"]): int(number(text(r["value"]).split("rank")[1])) for _, r in ranked.iterrows()}
    first = [y for y, r in ranks.items() if r == 1]
    return Finding(
        graded([r == 1 for r in ranks.values()]) if ranks else "not checkable",
        f"China ranked first among investors in Serbia in {', '.join(first) or 'no year'} and lower in "
        f"{', '.join(f'{y} ({r})' for y, r in ranks.items() if r != 1) or 'no year'} (NBS data as reported).",
        ", ".join(f"{y}: rank {r}" for y, r in sorted(ranks.items())),
        (cite("evidence_china", ranked),),
        (
            Compared(
                "China's rank among investors in Serbia",
                "first, over the past 5 years",
                ", ".join(f"{y}: {r}" for y, r in sorted(ranks.items())),
            ),
        ),
        right=f"first in {', '.join(first)}" if first else "",
        wrong="not first in every year",
    )


@check("C5-5")
def _cameras() -> Finding:
    counts = rows("evidence_china", topic_id="C3-Huawei-SafeCity")
    belgrade = counts[counts["unit"].str.contains("Belgrade")]
    most = max((number(text(v).split("->")[-1]) or 0 for v in belgrade["value"]), default=0)
    if not most:
        return unrecorded("C5-5", conclusion="No count of Huawei cameras is recorded here.")
    nationwide = counts["fact"].str.contains("nationwide|other cities|across Serbia", case=False).any()
    return Finding(
        graded([most > 1000, nationwide]),
        f"At least {most:,.0f} Huawei cameras are recorded, in Belgrade; none of the sources speaks of cities nationwide.",
        f"{most:,.0f} cameras (Belgrade)",
        (cite("evidence_china", belgrade),),
        (
            Compared(
                "Huawei surveillance cameras",
                "more than 1,000, in cities nationwide",
                f"at least {most:,.0f}, in Belgrade",
            ),
        ),
        right="more than 1,000 cameras" if most > 1000 else "",
        wrong="the sources speak of Belgrade only",
    )


@check("C5-6")
def _serbia_vs_others() -> Finding:
    aligned, not_aligned, evidence = sanctions_split()
    claimed = {"MNE", "ALB", "MKD"}
    ok = claimed <= set(aligned) and "SRB" in not_aligned
    return Finding(
        "partly supported" if ok else "contradicted",
        f"{', '.join(NAMES[c] for c in sorted(claimed & set(aligned)))} aligned with EU sanctions on Russia and Serbia did "
        "not; expulsions of Russian diplomats are not recorded here.",
        f"aligned: {', '.join(aligned)}; not aligned: {', '.join(not_aligned)}",
        tuple(evidence),
        (Compared("aligned with Western sanctions", "Montenegro, Albania, North Macedonia", ", ".join(aligned)),),
        right="the alignment" if ok else "",
        wrong="",
    )


@check("C5-7")
def _belgrade_reluctance() -> Finding:
    _, not_aligned, evidence = sanctions_split()
    serbia = rows("cfsp_alignment", where=lambda t: (t["country"] == "SRB") & t["alignment_rate_pct"].notna())
    latest = serbia.iloc[-1]
    return Finding(
        "supported" if "SRB" in not_aligned else "contradicted",
        f"Serbia has not aligned with EU restrictive measures against Russia; its CFSP alignment was "
        f"{latest['alignment_rate_pct']:g}% in {latest['period']} ({latest['measured_by']}).",
        f"CFSP alignment {latest['alignment_rate_pct']:g}% ({latest['period']})",
        (*evidence, cite("cfsp_alignment", latest)),
        (
            Compared(
                "Serbia's alignment with EU foreign policy",
                "reluctant",
                f"{latest['alignment_rate_pct']:g}% in {latest['period']}",
            ),
        ),
    )


@check("C5-8")
def _copper() -> Finding:
    return unrecorded("C5-8")
