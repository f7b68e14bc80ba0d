"""Chapter 1 (Ilazi): Regional security cooperation in the Western Balkans, a strategic imperative."""

from __future__ import annotations

import re

import pandas as pd

from ..analysis import economy, timeline
from ..countries import NAMES, WB6
from .chapter2 import distinct_releases, named, wb_pact
from .common import cite, date, eurojust_agreements, graded, number, one, pct, rows, text, unrecorded, year
from .introduction import PUBLISHED, size_finding
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
    agreements, covered, _ = eurojust_agreements()
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
        f"Serbia and Bosnia and Herzegovina took {srb.min():.0%}-{srb.max():.0%} and "
        f"{bih.min():.0%}-{bih.max():.0%} of "
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
    """WB6 aligned with EU sanctions on Russia (H1 2024 CFSP rate of 100%, or sanctions of their own), the rest,
    and the rows."""
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
        f"Participation varies widely: {NAMES[low]} is named in "
        f"{pct(int(counts.at[low, 'named']), int(counts.at[low, 'of']))} "
        f"releases, {NAMES[high]} in {pct(int(counts.at[high, 'named']), int(counts.at[high, 'of']))}.",
        f"shares from {counts['share'].min():.0%} to {counts['share'].max():.0%}",
        (cite("europol_releases", distinct_releases(), note="WB6 named in each release"),),
        (
            Compared(
                "spread of participation", "inconsistent", f"{counts['share'].min():.0%} to {counts['share'].max():.0%}"
            ),
        ),
    )


@check("C1-10")
def _roadmap_and_wb3c() -> Finding:
    roadmap = one("evidence_iisg_rcc", topic_id="C2-SALW-roadmap", unit="Council Decision date")
    wb3c = one("evidence_iisg_rcc", topic_id="C3-WB3C")
    first = {"SALW Roadmap": date(roadmap["value"]), "WB3C": date(wb3c["value"])}
    existed = {name: bool(day) and timeline.parse_date(day) < pd.Timestamp(PUBLISHED) for name, day in first.items()}
    return Finding(
        graded(list(existed.values())),
        f"The SALW Roadmap was taken up by an EU Council Decision on {first['SALW Roadmap'] or '(no date)'} and the "
        f"WB3C's Letter of Intent dates from {first['WB3C'] or '(no date)'} (opened {date(wb3c['fact_date'])}): "
        + (
            "both existed before the report."
            if all(existed.values())
            else f"not before the report: {', '.join(n for n, ok in existed.items() if not ok)}."
        ),
        "; ".join(f"{n}: {d or 'no date'}" for n, d in first.items()),
        (cite("evidence_iisg_rcc", roadmap), cite("evidence_iisg_rcc", wb3c)),
        tuple(Compared(f"{n}: first dated record", "an existing initiative", d or "no date") for n, d in first.items()),
        right=", ".join(n for n, ok in existed.items() if ok),
        wrong=", ".join(n for n, ok in existed.items() if not ok),
    )


@check("C1-11")
def _drug_and_weapons_networks() -> Finding:
    releases = distinct_releases()
    arrested = releases[releases["arrests"].fillna(0) > 0]
    results = arrested["key_results"].fillna("")
    drugs = arrested[results.str.contains(r"cocaine|drug|heroin|cannabis", case=False)]
    weapons = arrested[results.str.contains(r"weapon|firearm|\bguns?\b", case=False)]
    cited = arrested[arrested.index.isin(drugs.index.union(weapons.index))]
    return Finding(
        graded([len(drugs) > 0, len(weapons) > 0]),
        f"Of the {len(releases)} distinct Europol releases behind Table 2, {len(drugs)} report arrests with drug "
        f"seizures and {len(weapons)} arrests with weapons or firearms seized (arrests read as networks taken down).",
        f"drugs: {len(drugs)} releases ({int(drugs['arrests'].sum()):,} arrests); weapons: {len(weapons)} releases "
        f"({int(weapons['arrests'].sum()):,} arrests)",
        (cite("europol_releases", cited, note="arrests and seizures"),),
        (
            Compared("operations against drug networks, with arrests", "dismantled", f"{len(drugs)} releases"),
            Compared("operations against weapons networks, with arrests", "dismantled", f"{len(weapons)} releases"),
        ),
        right=", ".join(n for n, f in (("drug networks", drugs), ("weapons networks", weapons)) if len(f)),
        wrong=", ".join(n for n, f in (("drug networks", drugs), ("weapons networks", weapons)) if not len(f)),
    )


@check("C1-12")
def _military_neutrality() -> Finding:
    resolution = rows("evidence_china", topic_id="C3-neutrality")
    declared = resolution[resolution["fact"].str.contains("neutral", case=False)]
    days = sorted(d for d in declared["value"].map(date) if d)
    before = bool(days) and timeline.parse_date(days[0]) < pd.Timestamp(PUBLISHED)
    nato = rows("milestones", event_type="NATO accession")
    outside = "SRB" not in timeline.members("NATO accession", PUBLISHED)
    return Finding(
        graded([before, outside]),
        f"Serbia's National Assembly declared military neutrality on {days[0] if days else '(no date)'}"
        f"{', and Serbia has not joined NATO' if outside else ', yet Serbia appears among NATO members here'}.",
        f"resolution {days[0] if days else 'not dated'}; Serbia in NATO: {'no' if outside else 'yes'}",
        (cite("evidence_china", resolution, note="neutrality resolution"), cite("milestones", nato)),
        (
            Compared("Serbia's military neutrality", "in force", f"declared {days[0] if days else '-'}"),
            Compared("Serbia in NATO", "no (neutral)", "no" if outside else "yes"),
        ),
        right="the neutrality resolution" if before else "",
        wrong="" if before and outside else "the neutrality is not recorded before the report",
    )


#: The share of the borrower's GDP this project reads as a loan large enough to create dependency.
DEPENDENCY = 0.10


def china_loan_share() -> tuple[pd.Series, pd.Series, float]:
    """The China Exim loan for Montenegro's highway, the GDP row of the year it was signed, and the loan's share."""
    loan = one("evidence_china", topic_id="C3-MNE-loan", unit="USD")
    signed = year(loan["fact_date"])
    gdp = one("wdi_population_gdp", country="MNE", indicator="gdp_current_usd", year=signed)
    return loan, gdp, (number(loan["value"]) or 0.0) / float(gdp["value"])


@check("C1-13")
def _debt_diplomacy() -> Finding:
    loan, gdp, share = china_loan_share()
    others = rows("evidence_china", topic_id="C3-MNE-debt-share", where=lambda t: t["unit"].str.contains("GDP"))
    large = share >= DEPENDENCY
    return Finding(
        "partly supported" if large else "contradicted",
        f"China's Exim Bank lent Montenegro USD {number(loan['value']):,.0f} for the Bar-Boljare highway in "
        f"{int(gdp['year'])}, {share:.0%} of that year's GDP; the intent 'to foster dependency' has no measure here.",
        f"loan {share:.0%} of Montenegro's GDP ({int(gdp['year'])})",
        (
            cite("evidence_china", loan, note="the loan"),
            cite("wdi_population_gdp", gdp, note="Montenegro's GDP"),
            cite("evidence_china", others, note="other sources' shares of GDP"),
        ),
        (
            Compared(
                "Chinese infrastructure loan to Montenegro",
                f"debt diplomacy (this project: {DEPENDENCY:.0%} of GDP or more)",
                f"USD {number(loan['value']):,.0f}, {share:.0%} of GDP {int(gdp['year'])}; others: "
                + ", ".join(f"{text(v)}% of GDP" for v in others["value"]),
            ),
        ),
        right="a Chinese state loan for infrastructure of a size that creates dependency" if large else "",
        wrong="" if large else f"the loan is {share:.0%} of GDP",
    )


@check("C1-14")
def _iisg_and_wb_pact() -> Finding:
    iisg = one("evidence_iisg_rcc", topic_id="C5-IISG-start")
    pact, facts, lead, partner, _ = wb_pact()
    eu = "Council of the EU" in text(iisg["fact"]) and "DG NEAR" in facts
    parts = [eu, "Europol" in (lead, partner), lead == "Europol"]
    return Finding(
        graded(parts),
        f"The IISG was endorsed by the Council of the EU and WB PaCT is EU-funded, but WB PaCT is led by "
        f"{lead or '(not stated)'}, with {partner or '(not stated)'} as implementing partner."
        if eu
        else f"No record here ties both frameworks to the EU; WB PaCT is led by {lead or '(not stated)'}.",
        f"WB PaCT lead: {lead or '-'}; implementing partner: {partner or '-'}",
        (cite("evidence_iisg_rcc", iisg), cite("evidence_iisg_rcc", pact, note="WB PaCT")),
        (
            Compared(
                "the frameworks' ties to the EU", "EU-aligned", "EU-endorsed, EU-funded" if eu else "not recorded"
            ),
            Compared("WB PaCT's lead", "Europol", f"{lead or '-'} (implementing partner: {partner or '-'})"),
        ),
        right=", ".join(
            n for n, ok in zip(("EU-aligned", "Europol takes part", "Europol leads"), parts, strict=True) if ok
        ),
        wrong=f"WB PaCT is {lead}'s project, not Europol's" if lead and lead != "Europol" else "",
    )


@check("C1-15")
def _no_security_council() -> Finding:
    return unrecorded(
        "C1-15",
        conclusion="No inventory of the WB6's regional security bodies is among the sources here, so an absence "
        "cannot be shown.",
    )


#: The median years as a candidate, without joining, that this project reads as "slow" enlargement.
SLOW_YEARS = 10


@check("C1-16")
def _slow_enlargement() -> Finding:
    published = pd.Timestamp(PUBLISHED)
    events = timeline.events(types=["EU candidate status"])
    events = events[events["date"] < published]
    waited = ((published - events["date"]).dt.days / 365.25).round(1)
    median = float(waited.median()) if len(waited) else 0.0
    slow = median >= SLOW_YEARS
    cited = rows("milestones", event_type="EU candidate status")
    return Finding(
        "supported" if slow else "contradicted",
        f"By the report, the {len(events)} WB6 candidates had waited a median {median:g} years since candidate status "
        f"without joining (" + ", ".join(f"{c} {w:g}" for c, w in zip(events["country"], waited, strict=True)) + ").",
        f"median {median:g} years as a candidate",
        (cite("milestones", cited, note="EU candidate status"),),
        (
            Compared(
                "years as an EU candidate by April 2025",
                f"slow (this project: a median of {SLOW_YEARS} years or more)",
                f"median {median:g} ({waited.min():g} to {waited.max():g})",
            ),
        ),
        right="a slow process" if slow else "",
        wrong="" if slow else f"a median of {median:g} years",
    )


@check("C1-17")
def _cyber_alignment() -> Finding:
    return unrecorded(
        "C1-17",
        conclusion="No record of WB6 cyber laws aligned with EU standards or of regional alert-sharing mechanisms "
        "is among the sources here.",
    )
