"""Chapter 5 (Vladisavljev): The challenge of malign external influences and relations with non-EU actors."""

from __future__ import annotations

import re

from ..analysis import economy, timeline
from ..countries import NAMES, WB6
from .chapter1 import sanctions_split
from .common import cite, date, graded, names, number, one, rows, text, unrecorded, year
from .export import REPORT_DATE
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
        "In the last year of data, Russia supplied at least 90% of the gas imports of "
        f"{', '.join(NAMES[c] for c in near) or 'none'}"
        f"{'' if len(near) == len(importers) else ' but not of ' + names([c for c in importers if c not in near])}"
        "; "
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
        wrong=(f"above 100% only in {years}, years after the loan; " if years else "debt never passed 100% of GDP; ")
        + ("the external-debt share is not shown by any source" if external.empty else ""),
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
        f"At least {most:,.0f} Huawei cameras are recorded, in Belgrade; "
        "none of the sources speaks of cities nationwide.",
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
        f"{', '.join(NAMES[c] for c in sorted(claimed & set(aligned)))} aligned with EU sanctions on Russia and "
        "Serbia did not; expulsions of Russian diplomats are not recorded here.",
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


# Claims C5-9 onwards: the second reading of the chapter, sentence by sentence.


def china(topic: str, **equals):
    return rows("evidence_china", topic_id=topic, **equals)


@check("C5-9")
def _billions() -> Finding:
    loan = one("evidence_china", topic_id="C3-MNE-loan", unit="USD")
    yearly = china("C3-FDI-China")
    yearly = yearly[yearly["unit"].str.contains("per year", na=False)]
    loan_bn = (number(loan["value"]) or 0) / 1e9
    per_year = [
        (number(r["value"]) or 0, len(re.findall(r"\b20\d{2}\b", text(r["unit"])))) for _, r in yearly.iterrows()
    ]
    fdi_bn = sum(v * n for v, n in per_year) / 1e3
    total = loan_bn + fdi_bn
    fdi_years = " and ".join(re.findall(r"20\d{2}", " ".join(yearly["unit"])))
    return Finding(
        "supported" if total >= 2 else "contradicted",
        f"China lent Montenegro US$ {loan_bn:.2f} billion for the highway and invested about EUR {fdi_bn:.1f} billion "
        f"in Serbia in {fdi_years} alone: billions, though the "
        "sources do not split the investment by sector.",
        f"loan US$ {loan_bn:.2f} bn; FDI in Serbia EUR {fdi_bn:.1f} bn",
        (cite("evidence_china", loan), cite("evidence_china", yearly)),
        (Compared("Chinese money in the region", "billions", f"about {total:.1f} billion (USD and EUR added at par)"),),
        right="billions" if total >= 2 else "",
        wrong="" if total >= 2 else "less than two billion recorded",
    )


@check("C5-10")
def _serbia_gas() -> Finding:
    shares = economy.russian_gas_share().loc["SRB"]
    last = int(shares.index[-1])
    gas = rows("eurostat_gas", where=lambda t: (t["country"] == "SRB") & (t["year"] == last)).set_index("flow")
    russia, total = gas.loc["imports_from_russia", "value_tj"], gas.loc["imports_from_total", "value_tj"]
    supply = russia / (total + gas.loc["indigenous_production", "value_tj"])
    significant = shares.iloc[-1] > 0.5 and supply > 0.5
    russian = rows("eurostat_gas", where=lambda t: (t["country"] == "SRB") & (t["flow"] == "imports_from_russia"))
    other = rows("eurostat_gas", where=lambda t: (t["country"] == "SRB") & (t["flow"] != "imports_from_russia"))
    return Finding(
        "supported" if significant else "contradicted",
        f"Russia supplied {shares.iloc[-1]:.0%} of Serbia's gas imports and {supply:.0%} of its gas supply in {last} "
        f"({shares.min():.0%}-{shares.max():.0%} of imports in {shares.index[0]}-{last}); oil is not measured here.",
        f"{shares.iloc[-1]:.0%} of imports, {supply:.0%} of supply ({last})",
        (cite("eurostat_gas", russian, note="Serbia, imports from Russia"), cite("eurostat_gas", other)),
        (
            Compared(
                "Russia's share of Serbia's gas (tolerance: more than half)",
                "significant",
                f"{shares.iloc[-1]:.0%} of imports, {supply:.0%} of supply in {last}",
            ),
        ),
        right="gas dependence" if significant else "",
        wrong="" if significant else "Russia supplies less than half",
    )


@check("C5-11")
def _nis_sanctions() -> Finding:
    nis = china("C3-NIS")
    listed = nis[nis["unit"] == "date"]
    designated = min((date(d) for d in listed["fact_date"] if date(d)), default="")
    in_force = min((date(d) for d in nis.loc[nis["unit"] != "date", "fact_date"] if date(d)), default="")
    target = listed["fact"].str.contains("NIS").any()
    imposed = bool(designated) and designated < REPORT_DATE and target
    return Finding(
        "supported" if imposed else "contradicted",
        f"The US designated Gazprom Neft on {designated}, listing its Serbian subsidiary NIS; the sanctions took "
        f"effect for NIS only on {in_force}, after repeated postponements.",
        f"designated {designated}; in force for NIS {in_force}",
        (cite("evidence_china", nis),),
        (
            Compared("US sanctions on Serbia's NIS", "imposed (by April 2025)", f"designated {designated}"),
            Compared("in force for NIS", "", in_force),
        ),
        right="sanctions imposed before the report" if imposed else "",
        wrong="",
    )


def fdi_ranks() -> dict[str, int]:
    facts = china("C3-FDI-China")
    ranked = facts[facts["value"].str.contains("rank", na=False)]
    return {text(r["fact_date"]): int(number(text(r["value"]).split("rank")[1])) for _, r in ranked.iterrows()}


@check("C5-12")
def _no_other_country() -> Finding:
    facts = china("C3-FDI-China")
    ranked = facts[facts["value"].str.contains("rank", na=False)]
    ranks = fdi_ranks()
    annual = {y: r for y, r in ranks.items() if re.fullmatch(r"\d{4}", y)}
    if not annual:
        return unrecorded("C5-12", searched="C3-FDI-NBS-primary")
    latest = max(annual)
    other = ", ".join(f"{y}: {r}" for y, r in sorted(ranks.items()) if y != latest)
    return Finding(
        "supported" if annual[latest] == 1 else "contradicted",
        f"In {latest}, the latest year recorded, China was investor number {annual[latest]} in Serbia (deputy "
        f"foreign minister, basis not stated); earlier or cumulative ranks: {other or 'none'}.",
        f"{latest}: rank {annual[latest]}",
        (cite("evidence_china", ranked),),
        (Compared("China's rank among investors in Serbia now", "1", f"{annual[latest]} ({latest}); {other}"),),
        right=f"first in {latest}" if annual[latest] == 1 else "",
        wrong="" if annual[latest] == 1 else f"rank {annual[latest]} in {latest}",
    )


@check("C5-13")
def _safe_city() -> Finding:
    safe = china("C3-Huawei-SafeCity")
    named = safe["fact"].str.contains("Safe City").any()
    facial = safe["fact"].str.contains("facial recognition", case=False).any()
    return Finding(
        graded([named, facial]),
        f"Huawei's Belgrade project {'is' if named else 'is not'} called 'Safe City' and "
        f"{'is' if facial else 'is not'} described with facial-recognition software (authorities deny using it); "
        "'cities nationwide' is C5-5.",
        f"'Safe City': {'yes' if named else 'no'}; facial recognition: {'yes' if facial else 'no'}",
        (cite("evidence_china", safe),),
        (
            Compared("name of the project", "Safe City", "Safe City" if named else "not recorded"),
            Compared("facial recognition", "yes", "described" if facial else "not recorded"),
        ),
    )


def pledge():
    return one("evidence_china", topic_id="C3-5G", unit="date")


@check("C5-14")
def _pledge_2020() -> Finding:
    row = pledge()
    when = date(row["fact_date"])
    clause = "5G" in text(row["fact"])
    return Finding(
        graded([year(when) == 2020, clause]),
        f"The Washington commitments Serbia signed on {when} {'include' if clause else 'do not include'} a clause "
        "against 5G equipment from 'untrusted vendors' (naming neither China nor Huawei).",
        f"signed {when}; 5G clause: {'yes' if clause else 'no'}",
        (cite("evidence_china", china("C3-5G")),),
        (Compared("US-brokered 5G pledge", "2020", when),),
    )


@check("C5-15")
def _huawei_after_pledge() -> Finding:
    signed = date(pledge()["fact_date"])
    hub = one("evidence_other", topic_id="C5-Safe-Huawei-hub")
    contract = one("evidence_china", where=lambda t: (t["topic_id"] == "C3-Huawei-SafeCity") & (t["unit"] == "cameras"))
    later = {
        "Huawei innovation centre in Belgrade": date(hub["value"]),
        "Safe City contract": date(contract["fact_date"]),
    }
    after = {k: d for k, d in later.items() if d and d > signed}
    listed = ", ".join(f"{k} ({d})" for k, d in after.items()) or "nothing recorded"
    return Finding(
        "supported" if after else "contradicted",
        f"After the pledge of {signed} Serbia kept working with Huawei: {listed}."
        if after
        else f"Nothing recorded after the pledge of {signed}.",
        ", ".join(f"{k}: {d}" for k, d in later.items()),
        (cite("evidence_china", pledge()), cite("evidence_other", hub), cite("evidence_china", contract)),
        tuple(Compared(k, f"after the pledge ({signed})", d) for k, d in later.items()),
    )


def neutrality():
    return china("C3-neutrality")


@check("C5-16")
def _neutrality() -> Finding:
    found = neutrality()
    declared = found[found["fact"].str.contains("neutral", case=False)]
    when = min((date(d) for d in declared["fact_date"] if date(d)), default="")
    vote = found[found["unit"] == "votes"]
    ok = bool(when) and when < REPORT_DATE
    return Finding(
        "supported" if ok else "contradicted",
        f"Serbia's National Assembly declared military neutrality in a resolution of {when}"
        + (f" (votes {text(vote['value'].iloc[0])})." if len(vote) else "."),
        f"resolution {when}",
        (cite("evidence_china", found),),
        (Compared("proclaimed military neutrality", "yes", f"resolution of {when}" if when else "not recorded"),),
    )


@check("C5-17")
def _no_nato() -> Finding:
    allies = timeline.members("NATO accession", REPORT_DATE)
    found = neutrality()
    referendum = found[found["fact"].str.contains("referendum|not join|military alliance", case=False)]
    outside = "SRB" not in allies
    return Finding(
        graded([outside, not referendum.empty]),
        f"Serbia {'was not' if outside else 'was'} a NATO member at the report's date, and its neutrality resolution "
        f"{'keeps it out of military alliances until a referendum' if len(referendum) else 'is not recorded'}; "
        "intentions as such have no measure.",
        f"NATO member: {'no' if outside else 'yes'}; "
        f"neutrality until a referendum: {'yes' if len(referendum) else 'no'}",
        (
            cite("milestones", rows("milestones", event_type="NATO accession")),
            cite("evidence_china", referendum if len(referendum) else found),
        ),
        (Compared("Serbia in NATO", "no intention to join", "not a member; neutral until a referendum"),),
    )


@check("C5-18")
def _chinese_arms() -> Finding:
    arms = rows("evidence_china", where=lambda t: t["topic_id"].isin(["C3-FK3", "C3-CH92A"]))
    labels = {"C3-CH92A": "CH-92A drones", "C3-FK3": "FK-3 air defence"}
    dated = [(labels[text(r["topic_id"])], year(r["fact_date"])) for _, r in arms.iterrows()]
    before = sorted({k for k, y in dated if y and y < int(REPORT_DATE[:4])})
    spans = {k: sorted({y for j, y in dated if j == k and y}) for k in before}
    when = {k: "-".join(str(y) for y in (v[0], v[-1]) if y) if v[0] != v[-1] else str(v[0]) for k, v in spans.items()}
    return Finding(
        "supported" if before else "contradicted",
        f"Serbia bought Chinese {' and '.join(f'{k} ({when[k]})' for k in before) or 'equipment: none recorded'}, "
        "before the report.",
        ", ".join(f"{k} {y}" for k, y in dated),
        (cite("evidence_china", arms),),
        (Compared("Chinese military equipment bought by Serbia", "yes", ", ".join(before) or "none recorded"),),
    )


@check("C5-19")
def _russia_cooperation() -> Finding:
    return unrecorded("C5-19")


@check("C5-20")
def _officials_meet() -> Finding:
    summits = rows(
        "berlin_summits", where=lambda t: t["format"].str.contains("Ministers met") & (t["date"] < REPORT_DATE)
    )
    topics = rows(
        "berlin_topics",
        where=lambda t: t["topic"].str.contains("security ministerial") & (t["year"] < int(REPORT_DATE[:4])),
    )
    meetings = sorted(set(summits["year"].astype(int)) | set(topics["year"].astype(int)))
    return Finding(
        graded([not summits.empty, not topics.empty]),
        "Interior and security ministers of the region met under the Berlin Process in "
        f"{', '.join(map(str, meetings)) or 'no year'} before the report; "
        "meetings of intelligence officials are not recorded here.",
        f"security ministerials: {', '.join(map(str, meetings)) or 'none'}",
        (cite("berlin_summits", summits), cite("berlin_topics", topics)),
        (
            Compared(
                "security officials meeting under the Berlin Process", "yes", ", ".join(map(str, meetings)) or "none"
            ),
        ),
    )


@check("C5-21")
def _only_recently() -> Finding:
    security = rows(
        "berlin_topics", where=lambda t: t["topic"].str.contains("terrorism|crime|security|arms|cyber|migration")
    )
    first = int(security["year"].min())
    ministerial = security[security["topic"].str.contains("security ministerial")]
    first_ministerial = int(ministerial["year"].min()) if len(ministerial) else None
    hybrid = rows("berlin_topics", where=lambda t: t["topic"].str.contains("hybrid|malign|disinformation"))
    hybrid_first = int(hybrid["year"].min()) if len(hybrid) else None
    report_year = int(REPORT_DATE[:4])
    recent = first >= report_year - 3
    hybrid_when = text(one("berlin_summits", year=hybrid_first)["date"]) if hybrid_first else ""
    after = "after" if hybrid_when > REPORT_DATE else "before"
    return Finding(
        "supported" if recent else "contradicted",
        f"Security topics are on Berlin Process agendas from {first} and a security ministerial met in "
        f"{first_ministerial}, {report_year - first} years before the report; malign influence is first recorded "
        + (f"on {hybrid_when}, {after} the report" if hybrid_first else "in no summit document")
        + " (the SEECP is not covered here).",
        f"security from {first}; ministerial {first_ministerial}; malign influence {hybrid_first}",
        (
            cite("berlin_topics", security, note="security-related topics (migration, terrorism, crime, arms, cyber)"),
            *((cite("berlin_topics", hybrid, note="malign influence"),) if len(hybrid) else ()),
        ),
        (
            Compared(
                "security on the Berlin Process agenda since (tolerance: recent = 3 years)", "recently", str(first)
            ),
            Compared("first security ministerial", "recently", str(first_ministerial)),
        ),
        right="" if not recent else "recent",
        wrong="" if recent else f"security has been on the agenda since {first}",
    )


@check("C5-22")
def _sectors() -> Finding:
    return unrecorded("C5-22")


@check("C5-23")
def _missions() -> Finding:
    return unrecorded("C5-23")
