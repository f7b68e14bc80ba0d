"""Checks of the claims beyond chapter 2's tables: every row of Tables 1 and 2, and chapters 1, 3, 4, 5, 6.

Each function is registered with ``claims.check``; importing this module (``claims`` does) registers them.
"""

from __future__ import annotations

import functools

import pandas as pd

from . import data
from .analysis import economy, europol, timeline
from .claims import CHECKS, NO_SOURCE, Finding, check, not_checkable
from .countries import NAMES, WB6


def _s(value: object) -> str:
    """A cell as text; a missing cell as ''."""
    return "" if value is None or pd.isna(value) else str(value)


# --- Table 1, row by row -------------------------------------------------------------------------------------


def _table1_row(row: int) -> Finding:
    frameworks = data.load("table1_frameworks")
    fid = frameworks.loc[frameworks["row"] == row, "framework_id"].iloc[0]
    statuses = data.load("table1_participation")
    statuses = statuses[statuses["framework_id"] == fid]
    read = "; ".join(f"{c} {s}" for c, s in zip(statuses["country"], statuses["status"], strict=True))
    return not_checkable(
        f"as printed: {read}",
        reason="no membership list of this framework is among the sources gathered (the row is recorded as printed)",
        evidence=f"table1_participation rows for {fid}",
    )


for _row in range(1, 17):
    CHECKS[f"C2-{100 + _row}"] = functools.partial(_table1_row, _row)


# --- Table 2, row by row -------------------------------------------------------------------------------------


def _table2_row(row: int) -> Finding:
    printed = europol.operations()
    mine = printed[printed["row"] == row].iloc[0]
    release = data.load("europol_releases")
    src = release[release["table2_row"] == row].iloc[0]
    ticked = [c for c in WB6 if mine[c] == europol.TICK]
    problems, doubts = [], []
    if row in set(europol.corrections("dedupe")["row"]):
        problems.append("the same release is printed again as another row")
    fixed = europol.corrections("correct_titles")
    if row in set(fixed["row"]):
        kind = fixed.loc[fixed["row"] == row, "kind"].iloc[0]
        (problems if kind == "quantity" else doubts).append(f"title {kind}: {_s(src['title_check'])}")
    date = _s(src["publication_date"])
    if date and int(date[:4]) != int(mine["year"]):
        problems.append(f"published {date}, printed {mine['year']}")
    elif not date:
        doubts.append("publication date not seen")
    if _s(src["ticks_vs_source"]).startswith("match"):
        marks = "marks match the WB6 the release names"
    else:
        marks = "the release's participant list was not seen: marks unverified"
        doubts.append(marks)
    named = _s(src["wb6_named_in_source"]) or "none"
    title = _s(src["real_title_seen"]) or _s(src["operation_name"])
    observed = (
        f"printed: {', '.join(ticked) or 'no WB6'} ({mine['year']}); release: {title} "
        f"({date or 'date not seen'}), WB6 named: {named}; {marks}"
    )
    if problems:
        observed += "; " + "; ".join(problems)
    verdict = (
        "contradicted"
        if any("title quantity" in p for p in problems)
        else ("partly supported" if problems or doubts else "supported")
    )
    return Finding(verdict, observed, [f"europol_releases row {row}: {src['source_url']}"])


for _row in range(1, 22):
    CHECKS[f"C2-{200 + _row}"] = functools.partial(_table2_row, _row)


# --- Chapter 1 (Ilazi) -----------------------------------------------------------------------------------------


@check("C1-6")
def _energy_dependence() -> Finding:
    shares = economy.russian_gas_share()
    srb, bih = shares.loc["SRB"], shares.loc["BIH"]
    return Finding(
        "partly supported",
        f"share of gas imports from Russia, {int(srb.index.min())}-{int(srb.index.max())}: Serbia "
        f"{srb.min():.0%}-{srb.max():.0%}, Bosnia and Herzegovina {bih.min():.0%}-{bih.max():.0%}; "
        "Republika Srpska is not reported separately; 'ethnonationalist sentiments' has no measure here",
        ["eurostat_gas: imports_from_russia / imports_from_total (data stop in 2020)"],
    )


def _sanctions_split() -> tuple[list[str], list[str], str]:
    """WB6 countries aligned with EU restrictive measures on Russia, those not aligned, and the evidence."""
    cfsp = data.load("cfsp_alignment")
    full = cfsp[(cfsp["period"] == "2024 H1") & (cfsp["alignment_rate_pct"] == 100)]["country"].tolist()
    milestones = data.load("milestones")
    sanctions = milestones[milestones["event_type"] == "sanctions on Russia"]
    kosovo = "XKX" in " ".join(sanctions["countries"])
    aligned = sorted(set(full) | ({"XKX"} if kosovo else set()), key=list(WB6).index)
    not_aligned = [c for c in WB6 if c not in aligned]
    return aligned, not_aligned, "cfsp_alignment (ISAC, H1 2024) and milestones (sanctions on Russia)"


@check("C1-7")
def _some_align_others_not() -> Finding:
    aligned, not_aligned, evidence = _sanctions_split()
    return Finding(
        "supported" if aligned and not_aligned else "contradicted",
        f"aligned with EU declarations or sanctions: {', '.join(aligned)}; not aligned: {', '.join(not_aligned)} "
        "(Serbia: no EU restrictive measure against Russia, EC 2024); expulsions of diplomats are not recorded here",
        [evidence],
    )


def _nmk(item: str) -> tuple[str, str, str, str]:
    table = data.load("north_macedonia_2023_check")
    row = table[table["claim_item"] == item].iloc[0]
    return row["report_value"], row["source_value"], row["verdict"], row["source_url"]


@check("C1-8")
def _coordinated_by_nmk() -> Finding:
    _, source, _, url = _nmk("coordinated from North Macedonia")
    return Finding(
        "partly supported",
        f"the 2023 JAD SEE operation: {source}; hosted in North Macedonia, led by Spain",
        [f"north_macedonia_2023_check: {url}"],
    )


@check("C1-9")
def _inconsistent_participation() -> Finding:
    counts = europol.country_counts(europol.operations(dedupe=True))["share"]
    spread = counts.max() - counts.min()
    return Finding(
        "supported" if spread >= 0.25 else "contradicted",
        f"shares of the 20 distinct Table 2 operations range from {counts.min():.0%} ({NAMES[counts.idxmin()]}) "
        f"to {counts.max():.0%} ({NAMES[counts.idxmax()]})",
        ["table2_europol_operations (deduplicated)"],
    )


# --- Chapter 2 (Zorić), beyond the tables -------------------------------------------------------------------


@check("C2-10")
def _distrust_27() -> Finding:
    return not_checkable(
        "no Balkan Barometer trust series available",
        evidence="survey_figures: Balkan Barometer judiciary series marked not found",
    )


# --- Chapter 3 (Džankić) -----------------------------------------------------------------------------------------


@check("C3-4")
def _agencies() -> Finding:
    _, source, verdict, url = _nmk("EU agencies involved")
    return Finding("supported", f"release: {source} ({verdict})", [f"north_macedonia_2023_check: {url}"])


@check("C3-5")
def _from_nmk() -> Finding:
    _, source, verdict, url = _nmk("coordinated from North Macedonia")
    return Finding("supported", f"release: {source} ({verdict})", [f"north_macedonia_2023_check: {url}"])


@check("C3-6")
def _seizures() -> Finding:
    parts = []
    for item in ("guns seized", "forged documents", "drugs"):
        report, source, verdict, _ = _nmk(item)
        parts.append(f"{item}: report '{report}', release '{source}' ({verdict})")
    _, _, _, url = _nmk("forged documents")
    return Finding("partly supported", "; ".join(parts), [f"north_macedonia_2023_check: {url}"])


@check("C3-7")
def _rearm() -> Finding:
    table = economy.panel(["milex"], WB6, 2024, 2024)
    total = table["value"].sum()
    return not_checkable(
        f"for scale: the WB6 spent about US$ {total:,.0f} million together on the military in 2024 "
        "(SIPRI, constant 2023 US$)",
        reason="no copy of the ReArm Europe / Readiness 2030 plan is among the sources gathered",
        evidence="sipri_milex 2024, WB6",
    )


# --- Chapter 4 (Barbullushi) ---------------------------------------------------------------------------------------


def _berlin(claim_prefix: str) -> tuple[str, str, str]:
    table = data.load("berlin_claims_check")
    row = table[table["claim"].str.startswith(claim_prefix)].iloc[0]
    return _s(row["finding"]), _s(row["verdict"]), _s(row["source_url"]) or "no source found"


def _summit(year: int) -> tuple[str, str, str]:
    summits = data.load("berlin_summits")
    row = summits[summits["year"] == year].iloc[0]
    return row["host_city"], row["chair"], row["source_url"]


@check("C4-2")
def _migration_first() -> Finding:
    finding, _, url = _berlin("migration first discussed")
    topics = data.load("berlin_topics")
    first = int(topics[topics["topic"].str.contains("migration")]["year"].min())
    return Finding(
        "contradicted",
        f"migration is documented on the agenda from {first} (Vienna): {finding}",
        [f"berlin_topics, berlin_claims_check: {url}"],
    )


@check("C4-3")
def _terrorism_2015() -> Finding:
    finding, _, url = _berlin("terrorism/CVE introduced")
    return Finding("partly supported", finding, [f"berlin_claims_check: {url}"])


@check("C4-4")
def _first_ministerial() -> Finding:
    finding, _, url = _berlin("first security ministerial")
    city, chair, _ = _summit(2018)
    return Finding("supported", f"{finding} (2018 summit: {city}, chair {chair})", [f"berlin_claims_check: {url}"])


@check("C4-5")
def _london_2019() -> Finding:
    city_2018, _, url = _summit(2018)
    city_2019, _, _ = _summit(2019)
    return Finding(
        "contradicted",
        f"London hosted the 2018 summit; 2019 was {city_2019}; the chapter's own footnote 5 dates London to 2018 "
        "(C4-6): the chapter is inconsistent with itself",
        [f"berlin_summits: 2018 {city_2018} ({url})"],
    )


@check("C4-6")
def _london_2018() -> Finding:
    city, chair, url = _summit(2018)
    return Finding(
        "supported" if city == "London" else "contradicted",
        f"2018 summit: {city}, chair {chair}",
        [f"berlin_summits: {url}"],
    )


@check("C4-7")
def _italy_2017() -> Finding:
    city, chair, url = _summit(2017)
    return Finding(
        "partly supported" if chair == "Italy" else "contradicted",
        f"2017 summit: {city}, chair {chair}; that anti-corruption monitoring began then is not recorded",
        [f"berlin_summits: {url}"],
    )


@check("C4-8")
def _uk_next() -> Finding:
    summits = data.load("berlin_summits")
    after = summits[summits["date"] > "2025-04-25"].sort_values("date").iloc[0]
    return Finding(
        "supported" if after["chair"] == "United Kingdom" else "contradicted",
        f"first summit after the report: {after['date']} in {after['host_city']}, chair {after['chair']}",
        [f"berlin_summits: {after['source_url']}"],
    )


@check("C4-9")
def _security_2015() -> Finding:
    topics = data.load("berlin_topics")
    found = sorted(set(topics[topics["year"] == 2015]["topic"]))
    claimed = ("migration", "anti-corruption", "terrorism")
    seen = [t for t in claimed if any(t in f for f in found)]
    verdict = "supported" if len(seen) == len(claimed) else ("partly supported" if seen else "not checkable")
    return Finding(
        verdict,
        f"of migration, anti-corruption and terrorism, documented for 2015 (Vienna): {', '.join(seen) or 'none'} "
        "(a missing topic means not verified: the topic table is incomplete)",
        ["berlin_topics 2015 rows"],
        reason="" if seen else NO_SOURCE,
    )


@check("C4-10")
def _trieste_declaration() -> Finding:
    finding, _, _ = _berlin("Trieste 2017")
    return not_checkable(finding, evidence="berlin_claims_check: no source found")


@check("C4-11")
def _steering_group() -> Finding:
    finding, _, _ = _berlin("Security Commitments Steering Group")
    return not_checkable(finding, evidence="berlin_claims_check: no source found")


# --- Chapter 5 (Vladisavljev) --------------------------------------------------------------------------------------


@check("C5-1")
def _near_monopoly() -> Finding:
    shares = economy.russian_gas_share()
    importers = sorted(set(shares.index.get_level_values("country")) & set(WB6), key=list(WB6).index)
    none = [c for c in WB6 if c not in importers]
    parts = [f"{c} {shares.loc[c].min():.0%}-{shares.loc[c].max():.0%}" for c in importers]
    return Finding(
        "partly supported",
        "Russia's share of natural gas imports 2011-2020: "
        + ", ".join(parts)
        + f"; {', '.join(none)} import no natural gas; the data stop in 2020",
        ["eurostat_gas: imports_from_russia / imports_from_total"],
    )


@check("C5-3")
def _mne_debt() -> Finding:
    debt = economy.panel(["gov_debt"], ["MNE"], 2000, 2024)
    above = debt[debt["value"] > 100]
    peak = debt.loc[debt["value"].idxmax()]
    years = ", ".join(str(y) for y in above["year"])
    return Finding(
        "partly supported" if not above.empty else "contradicted",
        f"Montenegro's general government gross debt exceeded 100% of GDP in {years or 'no year'} "
        f"(peak {peak['value']:.1f}% in {peak['year']}); the Chinese share of external debt is not in the data",
        ["imf_weo: GGXWDG_NGDP, MNE"],
    )


@check("C5-6")
def _serbia_vs_others() -> Finding:
    aligned, not_aligned, evidence = _sanctions_split()
    claimed = {"MNE", "ALB", "MKD"}
    ok = claimed <= set(aligned) and "SRB" in not_aligned
    return Finding(
        "partly supported" if ok else "contradicted",
        f"aligned: {', '.join(aligned)}; Serbia not aligned with any EU restrictive measure against Russia "
        "(EC 2024); expulsions of Russian diplomats are not recorded here",
        [evidence],
    )


# --- Conclusions -----------------------------------------------------------------------------------------------------


@check("C6-1")
def _networks_dismantled() -> Finding:
    releases = data.load("europol_releases")
    releases = releases[releases["table2_row"].isin(europol.operations(dedupe=True)["row"])]
    with_arrests = releases[releases["arrests"].fillna(0) > 0]
    return Finding(
        "supported" if len(with_arrests) > 0 else "contradicted",
        f"{len(with_arrests)} of the {len(releases)} distinct releases behind Table 2 report arrests "
        f"({int(with_arrests['arrests'].sum()):,} in all)",
        ["europol_releases: arrests"],
    )


# --- more claims of chapters 2 to 5 ------------------------------------------------------------------------------


def _agreements(pair: str) -> list[str]:
    table = data.load("kosovo_agreements")
    return [_s(item) for item in table[table["pair"] == pair]["item"]]


@check("C2-14")
def _kosovo_montenegro() -> Finding:
    items = _agreements("Kosovo-Albania-Montenegro")
    return not_checkable(
        f"one trilateral instrument with Montenegro seen: {'; '.join(items) or 'none'}",
        reason="'full security cooperation' has no measure, and the minister's statement was not found",
        evidence="kosovo_agreements: Kosovo-Albania-Montenegro",
    )


@check("C2-15")
def _nothing_with_serbia() -> Finding:
    table = data.load("kosovo_agreements")
    row = table[table["pair"] == "Kosovo-Serbia"].iloc[0]
    return not_checkable(
        "no Kosovo-Serbia security cooperation agreement among the instruments seen",
        reason="no list of all agreements exists here, so an absence cannot be proven",
        evidence=f"kosovo_agreements: Kosovo-Serbia ({_s(row['source_url'])})",
    )


@check("C3-11")
def _nato_contentious() -> Finding:
    members = timeline.members("NATO accession", "2025-04-25")
    others = [c for c in WB6 if c not in members]
    return Finding(
        "partly supported" if others == ["BIH", "XKX", "SRB"] else "contradicted",
        f"not NATO members before the report: {', '.join(NAMES[c] for c in others)}; how contentious membership is "
        "has no measure here",
        ["milestones: NATO accession rows"],
    )


@check("C4-15")
def _agreement_on_defence() -> Finding:
    table = data.load("milestones")
    row = table[table["event_type"] == "defence document"].iloc[0]
    return Finding(
        "partly supported",
        f"signed {row['date']} in {row['place']}: {row['details']}",
        [f"milestones: defence document ({row['source_url']})"],
    )


@check("C4-16")
def _salw_2018() -> Finding:
    topics = data.load("berlin_topics")
    rows = topics[(topics["year"] == 2018) & topics["topic"].str.contains("SALW")]
    return Finding(
        "supported" if not rows.empty else "not checkable",
        f"2018 (London): {'; '.join(rows['evidence'])}" if not rows.empty else "no 2018 SALW record",
        [f"berlin_topics: {url}" for url in rows["source_url"]] or ["berlin_topics"],
        reason="" if not rows.empty else NO_SOURCE,
    )


@check("C5-7")
def _belgrade_reluctance() -> Finding:
    _, not_aligned, evidence = _sanctions_split()
    cfsp = data.load("cfsp_alignment")
    serbia = cfsp[(cfsp["country"] == "SRB") & cfsp["alignment_rate_pct"].notna()]
    latest = serbia.iloc[-1]
    return Finding(
        "supported" if "SRB" in not_aligned else "contradicted",
        f"Serbia has not aligned with EU restrictive measures against Russia (EC 2024); CFSP alignment "
        f"{latest['alignment_rate_pct']:g}% in {latest['period']} ({latest['measured_by']})",
        [evidence],
    )


#: Claims no source here can test: what is missing, per claim (the reason is NO_SOURCE).
NO_RECORD = {
    "C1-5": "no dated record of regional cyber coordination",
    "C2-11": "no record of the February 2025 Rome ministerial meeting",
    "C2-12": "no record of EUDA's Western Balkan datasheet",
    "C2-13": "no copy of the EU Action Plan on Firearms Trafficking 2020-2025",
    "C3-8": "no dated record of the March 2025 arrest order",
    "C3-9": "no record of the EU Global Strategy's adoption",
    "C3-10": "no founding record of the Western Balkans Cyber Capacity Centre",
    "C4-12": "no record of the Security Commitments Steering Group's meetings",
    "C4-13": "no record of the IISG's coordination",
    "C4-14": "no record of the EU-Albania security and defence dialogue",
    "C5-2": "no record of the loan",
    "C5-4": "no foreign direct investment by source country",
    "C5-5": "no count of surveillance cameras",
    "C4-17": "no record of the EU's Security and Defence Partnerships",
    "C5-8": "no trade data by product",
}

for _claim, _missing in NO_RECORD.items():
    CHECKS[_claim] = functools.partial(not_checkable, _missing)
