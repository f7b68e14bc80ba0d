"""Chapter 1 (Ilazi): Regional security cooperation in the Western Balkans, a strategic imperative."""

from __future__ import annotations

import re

from ..analysis import economy
from ..countries import NAMES, WB6
from .chapter2 import distinct_releases, named
from .common import cite, graded, one, pct, rows, text, year
from .introduction import size_finding
from .model import Compared, Finding
from .registry import check


@check("C1-1")
def _arrests_hundreds() -> Finding:
    releases = distinct_releases()
    counted = releases[releases["arrests"].notna()]
    total = int(counted["arrests"].sum())
    return Finding(
        "supported" if total >= 200 else "contradicted",
        f"The {len(counted)} distinct Europol releases behind Table 2 report {total:,} arrests in all.",
        f"{total:,} arrests in {len(counted)} releases",
        (cite("europol_releases", counted, note="headline arrests"),),
        (Compared("arrests in the joint operations", "hundreds", f"{total:,} (2023-2025 releases)"),),
    )


@check("C1-2")
def _kosovo_access() -> Finding:
    agreements = one(
        "evidence_other", topic_id="C2-Eurojust", where=lambda t: t["fact"].str.contains("cooperation agreements")
    )
    fact = text(agreements["fact"])
    covered = [c for c in WB6 if NAMES[c] in fact]
    lacks = "XKX" not in covered
    return Finding(
        "supported" if lacks else "contradicted",
        f"Kosovo is not among the WB6 with a Eurojust cooperation agreement ({', '.join(NAMES[c] for c in covered)}); "
        "its Europol status (a working arrangement only) is recorded by the report's Table 1 alone.",
        f"Eurojust agreements: {', '.join(covered)}",
        (cite("evidence_other", agreements, url="Eurojust (address not recorded)"),),
        (Compared("Kosovo's access to Eurojust", "lacking", "no cooperation agreement" if lacks else "an agreement"),),
        right="no Eurojust agreement for Kosovo" if lacks else "",
    )


@check("C1-3")
def _small_states() -> Finding:
    return size_finding(["population", "gdp", "milex"])


def defence_documents() -> tuple:
    """The Albania-Croatia-Kosovo declaration and the Hungary-Serbia document: rows, dates, days between."""
    first = one("milestones", event_type="defence declaration")
    second = one("milestones", event_type="defence document")
    import pandas as pd

    days = (pd.Timestamp(second["date"]) - pd.Timestamp(first["date"])).days
    return first, second, days


@check("C1-4")
def _days_after() -> Finding:
    first, second, days = defence_documents()
    plan = bool(re.search(r"\bplan\b", text(second["details"]), re.I))
    verdict = graded([0 < days <= 31, not plan])
    return Finding(
        verdict,
        f"The Hungary-Serbia document was signed {days} days after the Albania-Croatia-Kosovo declaration"
        + ("; it was a military cooperation plan, not a new agreement." if plan else "."),
        f"{first['date']} and {second['date']}: {days} days",
        (cite("milestones", first), cite("milestones", second)),
        (
            Compared("days between the two documents", "just days", f"{days} days"),
            Compared("the Hungary-Serbia document", "a bilateral defence agreement", text(second["details"])[:120]),
        ),
        right="signed days after the trilateral declaration" if 0 < days <= 31 else "",
        wrong="a cooperation plan, not an agreement" if plan else "",
    )


@check("C1-5")
def _cyber_2022() -> Finding:
    attacks = one("evidence_other", topic_id="C4-cyber-2022")
    fact = text(attacks["fact"])
    both = "Albania" in fact and "Montenegro" in fact and year(attacks["fact_date"]) == 2022
    return Finding(
        "partly supported" if both else "contradicted",
        "The 2022 cyberattacks on Albania and Montenegro are confirmed; that regional coordination intensified after "
        "them has no measure here."
        if both
        else "The attacks are not dated to 2022 on both countries here.",
        f"attacks: {text(attacks['value'])}",
        (cite("evidence_other", attacks),),
        (Compared("the attacks", "2022, Albania and Montenegro", f"{text(attacks['fact_date'])}"),),
        right="the attacks of 2022" if both else "",
        wrong="" if both else "the date or the countries",
    )


@check("C1-6")
def _energy_dependence() -> Finding:
    shares = economy.russian_gas_share()
    srb, bih = shares.loc["SRB"], shares.loc["BIH"]
    dependent = srb.min() >= 0.5 and bih.min() >= 0.5
    return Finding(
        "partly supported" if dependent else "contradicted",
        f"Serbia and Bosnia and Herzegovina took {srb.min():.0%}-{srb.max():.0%} and {bih.min():.0%}-{bih.max():.0%} of "
        "their gas imports from Russia (Eurostat, to 2020); Republika Srpska is not reported separately and "
        "'ethnonationalist sentiments' has no measure here.",
        f"Russian share of gas imports: SRB {srb.min():.0%}-{srb.max():.0%}, BIH {bih.min():.0%}-{bih.max():.0%}",
        (
            cite(
                "eurostat_gas",
                rows(
                    "eurostat_gas",
                    where=lambda t: t["country"].isin(["SRB", "BIH"]) & t["flow"].str.startswith("imports"),
                ),
            ),
        ),
        (
            Compared(
                "Serbia's gas imports from Russia", "energy dependence", f"{srb.min():.0%}-{srb.max():.0%} (2011-2020)"
            ),
        ),
        right="dependence on Russian gas" if dependent else "",
        wrong="",
    )


def sanctions_split() -> tuple[list[str], list[str], list]:
    """WB6 aligned with EU sanctions on Russia (H1 2024 CFSP rate of 100%, or sanctions of their own), the rest, rows."""
    full = rows("cfsp_alignment", where=lambda t: (t["period"] == "2024 H1") & (t["alignment_rate_pct"] == 100))
    own = rows(
        "milestones",
        where=lambda t: (t["event_type"] == "sanctions on Russia") & t["details"].str.contains("imposed sanctions"),
    )
    serbia = one(
        "cfsp_alignment",
        where=lambda t: (t["country"] == "SRB") & t["qualitative_statement"].str.contains("not aligned", na=False),
    )
    aligned = [c for c in WB6 if c in set(full["country"]) or any(c in s for s in own["countries"])]
    not_aligned = [c for c in WB6 if c not in aligned]
    evidence = [cite("cfsp_alignment", full, note="100% alignment, H1 2024"), cite("cfsp_alignment", serbia)]
    if len(own):
        evidence.append(cite("milestones", own, note="sanctions of its own"))
    return aligned, not_aligned, evidence


@check("C1-7")
def _some_align_others_not() -> Finding:
    aligned, not_aligned, evidence = sanctions_split()
    split = bool(aligned) and bool(not_aligned)
    return Finding(
        "partly supported" if split else "contradicted",
        f"Alignment with EU sanctions is split ({', '.join(aligned)} aligned; {', '.join(not_aligned)} not); "
        "expulsions of diplomats and 'deepening ties' with Moscow or Beijing are not measured here.",
        f"aligned: {', '.join(aligned)}; not aligned: {', '.join(not_aligned) or 'none'}",
        tuple(evidence),
        (Compared("WB6 aligned with EU sanctions on Russia", "some", f"{len(aligned)} of 6 ({', '.join(aligned)})"),),
        right="some align with EU sanctions, others do not" if split else "",
    )


def jad_see_2023(item: str):
    return one("north_macedonia_2023_check", claim_item=item)


def coordinator(row) -> tuple[bool, str]:
    """Whether the 2023 operation was hosted in North Macedonia, and who coordinated it (from the source's words)."""
    source = text(row["source_value"])
    match = re.search(r"([A-Z][a-z]+) coordinated", source)
    return "North Macedonia" in source, match.group(1) if match else ""


@check("C1-8")
def _coordinated_by_nmk() -> Finding:
    row = jad_see_2023("coordinated from North Macedonia")
    hosted, lead = coordinator(row)
    by_nmk = lead in ("North", "Macedonia", "Skopje")
    return Finding(
        graded([hosted, by_nmk]),
        f"The 2023 JAD SEE operation was {'hosted in Skopje' if hosted else 'not hosted in North Macedonia'}"
        f"{f', with {lead} coordinating it' if lead else ''}.",
        text(row["source_value"]),
        (cite("north_macedonia_2023_check", row),),
        (
            Compared(
                "who coordinated the operation",
                "North Macedonia",
                f"{lead or 'not stated'} (hosted in Skopje: {hosted})",
            ),
        ),
        right="the coordination centre was in North Macedonia" if hosted else "",
        wrong=f"{lead} led the coordination" if lead and not by_nmk else "",
    )


@check("C1-9")
def _inconsistent_participation() -> Finding:
    counts = named(distinct_releases())
    spread = counts["share"].max() - counts["share"].min()
    low, high = counts["share"].idxmin(), counts["share"].idxmax()
    return Finding(
        "supported" if spread >= 0.25 else "contradicted",
        f"Participation varies widely: {NAMES[low]} is named in {pct(int(counts.at[low, 'named']), int(counts.at[low, 'of']))} "
        f"releases, {NAMES[high]} in {pct(int(counts.at[high, 'named']), int(counts.at[high, 'of']))}.",
        f"shares from {counts['share'].min():.0%} to {counts['share'].max():.0%}",
        (cite("europol_releases", distinct_releases(), note="WB6 named in each release"),),
        (
            Compared(
                "spread of participation", "inconsistent", f"{counts['share'].min():.0%} to {counts['share'].max():.0%}"
            ),
        ),
    )
