"""Chapter 4 (Barbullushi): Regional security cooperation in the context of the Berlin Process."""

from __future__ import annotations

import re

from ..analysis import timeline
from ..countries import NAMES, WB6
from .chapter1 import defence_documents
from .common import cite, date, graded, names, one, rows, text, unrecorded, wb6_named, year
from .export import REPORT_DATE
from .model import Compared, Finding
from .registry import check


def summit(year_: int):
    return one("berlin_summits", year=year_)


def topic_rows(topic: str, year_: int | None = None):
    return rows(
        "berlin_topics",
        where=lambda t: (
            t["topic"].str.contains(topic, case=False, regex=False)
            & ((t["year"] == year_) if year_ is not None else True)
        ),
    )


@check("C4-1")
def _ten_days() -> Finding:
    first, second, days = defence_documents()
    return Finding(
        "supported" if days == 10 else "contradicted",
        f"The Hungary-Serbia document ({second['date']}) came {days} days after the Albania-Croatia-Kosovo declaration "
        f"({first['date']}), not 10.",
        f"{days} days",
        (cite("milestones", first), cite("milestones", second)),
        (Compared("days between the two documents", "10", f"{days} ({first['date']} to {second['date']})"),),
        right="the order of the two documents" if days > 0 else "",
        wrong="" if days == 10 else "the number of days",
    )


@check("C4-2")
def _migration_first() -> Finding:
    migration = topic_rows("migration")
    first = int(migration["year"].min())
    host = migration.loc[migration["year"] == first, "host_city"].iloc[0]
    return Finding(
        "supported" if first == 2016 else "contradicted",
        f"Migration is on the Berlin Process agenda from {first} ({host}), "
        f"{'as' if first == 2016 else 'not from 2016 (Paris) as'} the chapter says.",
        f"first documented: {first} ({host})",
        (cite("berlin_topics", migration[migration["year"] == first]),),
        (Compared("first summit to discuss migration", "Paris, 2016", f"{host}, {first}"),),
        wrong="" if first == 2016 else "migration was already on the 2015 Vienna agenda",
    )


@check("C4-3")
def _terrorism_2015() -> Finding:
    wbcti = one("berlin_claims_check", where=lambda t: t["claim"].str.startswith("terrorism/CVE introduced"))
    earlier = rows(
        "berlin_claims_check", where=lambda t: t["claim"].str.startswith("CVE/terrorism on the agenda before")
    )
    dated = year(text(wbcti["finding"]))
    right_year = dated == 2015
    before_december = not earlier.empty and "Vienna" in text(earlier["finding"].iloc[0])
    return Finding(
        graded([right_year, not before_december]),
        f"The EU-WB counter-terrorism initiative dates from {dated} (endorsed late that year), but violent extremism "
        "was already the subject of a Vienna declaration earlier in 2015."
        if before_december
        else f"The counter-terrorism initiative dates from {dated}.",
        f"initiative: {dated}; earlier 2015 declaration: {'yes' if before_december else 'no'}",
        (cite("berlin_claims_check", wbcti), *(cite("berlin_claims_check", earlier),) * (not earlier.empty)),
        (
            Compared(
                "when terrorism entered the agenda",
                "December 2015",
                f"{dated} (initiative); earlier in 2015 (Vienna declaration)",
            ),
        ),
        right="2015" if right_year else "",
        wrong="earlier than December" if before_december else "",
    )


@check("C4-4")
def _first_ministerial() -> Finding:
    meeting = topic_rows("first security ministerial")
    first = int(meeting["year"].min()) if len(meeting) else None
    chair = text(summit(first)["chair"]) if first else ""
    return Finding(
        graded([first == 2018, chair == "United Kingdom"]),
        f"The first interior and security ministers' meeting of the Berlin Process was held in {first} under the "
        f"{chair} chair.",
        f"{first}, chair {chair}",
        (cite("berlin_topics", meeting), cite("berlin_summits", summit(first)) if first else cite("berlin_summits")),
        (Compared("first security ministerial", "2018, UK chair", f"{first}, {chair}"),),
    )


def _london_year() -> tuple[list[int], object]:
    london = rows("berlin_summits", host_city="London")
    return sorted(london["year"].astype(int)), london


@check("C4-5")
def _london_2019() -> Finding:
    years, london = _london_year()
    return Finding(
        "supported" if 2019 in years else "contradicted",
        f"London hosted the summit in {', '.join(map(str, years))}; 2019 was {summit(2019)['host_city']}. "
        "The chapter's own footnote 5 dates London to 2018 (C4-6).",
        f"London summits: {', '.join(map(str, years))}",
        (cite("berlin_summits", london), cite("berlin_summits", summit(2019))),
        (Compared("year of the London Summit", "2019", ", ".join(map(str, years))),),
        wrong="" if 2019 in years else "the year (2018, not 2019)",
    )


@check("C4-6")
def _london_2018() -> Finding:
    years, london = _london_year()
    return Finding(
        "supported" if 2018 in years else "contradicted",
        f"London hosted the summit in {', '.join(map(str, years))}.",
        f"London summits: {', '.join(map(str, years))}",
        (cite("berlin_summits", london),),
        (Compared("year of the London Summit", "2018", ", ".join(map(str, years))),),
    )


@check("C4-7")
def _italy_2017() -> Finding:
    row = summit(2017)
    corruption = topic_rows("anti-corruption", 2017)
    return Finding(
        graded([row["chair"] == "Italy", not corruption.empty]),
        f"Italy chaired the 2017 summit (Trieste); that anti-corruption work began then is "
        f"{'recorded' if len(corruption) else 'not recorded in the topics found'}.",
        f"2017 chair: {row['chair']}",
        (cite("berlin_summits", row), cite("berlin_topics", topic_rows("", 2017), note="2017 topics found")),
        (Compared("chair in 2017", "Italy", text(row["chair"])),),
        right="the Italian chair in 2017" if row["chair"] == "Italy" else "",
    )


@check("C4-8")
def _uk_next() -> Finding:
    after = rows("berlin_summits", where=lambda t: t["date"] > "2025-04-25").sort_values("date")
    if after.empty:
        return unrecorded("C4-8")
    first = after.iloc[0]
    return Finding(
        "supported" if first["chair"] == "United Kingdom" else "contradicted",
        f"The first summit after the report was held on {first['date']} in {first['host_city']}, "
        f"chaired by {first['chair']}.",
        f"{first['date']}, {first['host_city']}, {first['chair']}",
        (cite("berlin_summits", first),),
        (Compared("next chair", "United Kingdom", f"{first['chair']} ({first['date']})"),),
    )


@check("C4-9")
def _security_2015() -> Finding:
    found = topic_rows("", 2015)
    topics = " ".join(found["topic"])
    claimed = ("migration", "anti-corruption", "terrorism")
    seen = [t for t in claimed if t in topics]
    if not seen:
        return unrecorded("C4-9", conclusion="None of the three topics is documented for 2015 here.")
    return Finding(
        graded([t in seen for t in claimed]),
        f"Of migration, anti-corruption and terrorism, the 2015 Vienna summit documents show {', '.join(seen)} "
        "(a topic missing here is unverified, not disproved).",
        f"2015 topics found: {', '.join(seen)}",
        (cite("berlin_topics", found),),
        (Compared("security topics on the agenda in 2015", ", ".join(claimed), ", ".join(seen)),),
        right=", ".join(seen),
        wrong="",
    )


@check("C4-10")
def _trieste_declaration() -> Finding:
    corruption = topic_rows("anti-corruption", 2017)
    if corruption.empty:
        return unrecorded(
            "C4-10",
            conclusion="The Trieste 2017 documents seen here do not mention a declaration against "
            "corruption; the statement is unverified.",
        )
    return Finding(
        "supported",
        "A 2017 anti-corruption commitment is documented.",
        "2017 anti-corruption row",
        (cite("berlin_topics", corruption),),
        (Compared("Trieste 2017", "joint declaration against corruption", "documented"),),
    )


@check("C4-11")
def _steering_group_last() -> Finding:
    return unrecorded("C4-11")


@check("C4-12")
def _steering_group_second() -> Finding:
    return unrecorded("C4-12")


@check("C4-13")
def _iisg_rcc() -> Finding:
    row = one("evidence_iisg_rcc", topic_id="C5-IISG-RCC2020")
    when = date(row["value"])
    return Finding(
        "supported" if when[:4] == "2020" else "contradicted",
        f"The RCC became the IISG's legal entity and political umbrella in {when} (RCC).",
        when,
        (cite("evidence_iisg_rcc", row),),
        (Compared("RCC coordinating the IISG from", "2020", when),),
    )


@check("C4-14")
def _eu_albania_dialogue() -> Finding:
    row = one("evidence_iisg_rcc", topic_id="C4-EU-AL-dialogue")
    when = date(row["fact_date"])
    month = when[:7] == "2025-04"
    return Finding(
        "supported" if when == "2025-04-07" else "partly supported" if month else "contradicted",
        f"The first EU-Albania Security and Defence Dialogue was launched in {when}; the exact day was not seen, so "
        "'April 7th' is unverified.",
        when,
        (cite("evidence_iisg_rcc", row),),
        (Compared("launch of the first EU-Albania dialogue", "7 April 2025", f"{when} (day not seen)"),),
        right="April 2025" if month else "",
        wrong="",
    )


@check("C4-15")
def _agreement_on_defence() -> Finding:
    _, second, _ = defence_documents()
    plan = bool(re.search(r"\bplan\b", text(second["details"]), re.I))
    return Finding(
        "partly supported" if plan else "supported",
        f"Hungary and Serbia signed a defence document on {second['date']} in {second['place']}"
        + (
            ": a military cooperation plan putting an earlier agreement into effect, not a new agreement."
            if plan
            else "."
        ),
        text(second["details"])[:160],
        (cite("milestones", second),),
        (Compared("the document", "Agreement on Defence", "cooperation plan" if plan else "agreement"),),
        right="a Hungary-Serbia defence document of 2025",
        wrong="a plan, not an agreement" if plan else "",
    )


@check("C4-16")
def _salw_2018() -> Finding:
    found = topic_rows("SALW", 2018)
    if found.empty:
        return unrecorded("C4-16", searched="C2-SALW-London-2018")
    return Finding(
        "supported",
        "The SALW Control Roadmap was prepared for adoption at the 2018 London summit.",
        "; ".join(found["evidence"]),
        (cite("berlin_topics", found),),
        (Compared("SALW roadmap", "signed at London 2018", "prepared for adoption at London 2018"),),
    )


@check("C4-17")
def _partnerships() -> Finding:
    return unrecorded("C4-17")


# Claims C4-18 onwards: the second reading of the chapter, sentence by sentence (footnotes included).


def iisg(topic: str):
    """A row of the IISG/RCC evidence table by its topic key."""
    return one("evidence_iisg_rcc", topic_id=topic)


def _years(value: object) -> list[int]:
    return [int(y) for y in re.findall(r"\b(?:19|20)\d{2}\b", text(value))]


@check("C4-18")
def _iisg_since_2016() -> Finding:
    start = iisg("C5-IISG-start")
    council = iisg("C5-IISG-pillars")
    other = one("berlin_claims_check", where=lambda t: t["claim"].str.startswith("terrorism/CVE introduced"))
    primary = min(_years(start["value"]), default=None)
    launched = next((y for y in _years(start["value"]) if y != primary), None)
    secondary = re.search(r"IISG in (?:[A-Z][a-z]+ )?((?:19|20)\d{2})", text(other["finding"]))
    second = int(secondary.group(1)) if secondary else None
    ok = primary == 2016
    return Finding(
        "supported" if ok else "contradicted",
        f"The RCC and IISG date the framework to its endorsement by the EU Council in {primary} (launched {launched}); "
        f"this verdict rests on them, not on the Berlin Process check file, which dates the IISG to {second}.",
        f"Council endorsement {primary}, launch {launched} (RCC); {second} (berlin_claims_check)",
        (
            cite("evidence_iisg_rcc", start, note=f"RCC: Council endorsement {primary}, launch {launched}"),
            cite("evidence_iisg_rcc", council, note="IISG: the Council Conclusions behind it"),
            cite("berlin_claims_check", other, note="the other dating, not used for the verdict"),
        ),
        (
            Compared("IISG framework from", "2016", f"{primary} (RCC, IISG); launched {launched}"),
            Compared("IISG start, second source", "2016", f"{second} (berlin_claims_check finding)"),
        ),
        right=f"the Council endorsed the IISG in {primary}" if ok else "",
        wrong="" if ok else f"the IISG dates from {primary}",
    )


@check("C4-19")
def _iisg_strands() -> Finding:
    pillars = iisg("C5-IISG-pillars")
    listed = re.findall(r"\(([^)]*)\)", text(pillars["fact"]).split(";")[0])
    claimed = {"Border Security": "border", "anti-corruption": "corruption", "Counter Serious Crime": "serious crime"}
    found = {name: any(key in p.lower() for p in listed) for name, key in claimed.items()}
    unclaimed = [p for p in listed if not any(key in p.lower() for key in claimed.values())]
    return Finding(
        graded([len(listed) == 3, *found.values()]),
        f"The IISG's {len(listed)} pillars are {', '.join(listed)}: the chapter's "
        f"{' and '.join(n for n, ok in found.items() if ok) or 'strands'} "
        f"{'match' if any(found.values()) else 'do not match'}"
        + (
            f", its {' and '.join(n for n, ok in found.items() if not ok)} strand does not"
            if not all(found.values())
            else ""
        )
        + (f", and {', '.join(unclaimed)} is missing." if unclaimed else "."),
        "; ".join(listed),
        (cite("evidence_iisg_rcc", pillars), cite("evidence_iisg_rcc", iisg("C5-IISG-launch"))),
        (
            Compared("number of strands", "3", str(len(listed))),
            Compared("the strands", ", ".join(claimed), "; ".join(listed)),
        ),
        right=", ".join(n for n, ok in found.items() if ok),
        wrong=", ".join([*(n for n, ok in found.items() if not ok), *(f"{p} missing" for p in unclaimed)]),
    )


@check("C4-20")
def _iisg_first_coordinator() -> Finding:
    launch, rcc = iisg("C5-IISG-launch"), iisg("C5-IISG-RCC2020")
    dcaf = "DCAF" in text(launch["fact"])
    began, handed = date(launch["fact_date"]), date(rcc["value"])
    before = bool(began and handed) and began < handed
    return Finding(
        graded([dcaf, before]),
        f"At the IISG's launch ({began}) its Support Group was "
        + ("hosted by DCAF (its Ljubljana office)" if dcaf else "not hosted by DCAF")
        + f", {'before' if before else 'not before'} the RCC took the IISG over ({handed}).",
        f"Support Group host at launch: {'DCAF Ljubljana' if dcaf else 'not DCAF'} ({began}); RCC from {handed}",
        (cite("evidence_iisg_rcc", launch), cite("evidence_iisg_rcc", rcc)),
        (
            Compared(
                "first coordinator of the IISG", "DCAF (Geneva Centre), before the RCC", f"DCAF Ljubljana, {began}"
            ),
        ),
        right="DCAF before the RCC" if dcaf and before else "",
        wrong="" if dcaf else "the Support Group's host",
    )


@check("C4-21")
def _crm_action_plan() -> Finding:
    row = iisg("C5-CRM-AP")
    years = _years(row["value"])
    start, end = (years[0], years[-1]) if years else (None, None)
    adopted = date(row["fact_date"])
    return Finding(
        graded([start == 2020, end == 2024]),
        f"The Common Regional Market Action Plan adopted at the Sofia summit ({adopted}) covers {start}-{end}: "
        f"the chapter's 2020 is {'right' if start == 2020 else 'the year of adoption, not the start of the plan'}.",
        f"{start}-{end} (adopted {adopted})",
        (cite("evidence_iisg_rcc", row),),
        (Compared("period of the CRM Action Plan", "2020-2024", f"{start}-{end}, adopted {adopted}"),),
        right="the end year" if end == 2024 else "",
        wrong="" if start == 2020 else "the start year",
    )


@check("C4-22")
def _joined_agencies() -> Finding:
    eurojust = rows("evidence_other", topic_id="C2-Eurojust")
    in_force = eurojust[~eurojust["value"].str.contains("not yet", na=False)]
    members = sorted({c for v in in_force["fact"] for c in wb6_named(v)}, key=list(WB6).index)
    pending = sorted({c for v in eurojust["fact"] for c in wb6_named(v)} - set(members), key=list(WB6).index)
    outside = [c for c in WB6 if c not in members and c not in pending]
    return Finding(
        graded([c in members for c in WB6]),
        f"Of the agencies named, only Eurojust's agreements are recorded outside the report: "
        f"{names(members)} have one, {names(pending)} signed one not yet in force, {names(outside)} none.",
        f"Eurojust agreements: {', '.join(members)}; signed only: {', '.join(pending) or 'none'}",
        (cite("evidence_other", eurojust),),
        (Compared("WB6 with a Eurojust cooperation agreement", "the Western Balkans", f"{len(members)} of 6"),),
        right=f"{names(members)} cooperate with Eurojust" if members else "",
        wrong=f"{names([*pending, *outside])} not (yet)" if len(members) < len(WB6) else "",
    )


@check("C4-23")
def _cyber_2022() -> Finding:
    row = one("evidence_other", topic_id="C4-cyber-2022")
    when = year(row["fact_date"])
    hit = [c for c in ("ALB", "MNE") if c in wb6_named(row["fact"])]
    return Finding(
        graded([when == 2022, len(hit) == 2]),
        f"The cyberattacks on {' and '.join(NAMES[c] for c in hit) or 'neither country'} are dated "
        f"{text(row['value'])} ({when}); that regional cooperation "
        "deepened after them has no measure here.",
        f"{names(hit)}, {when}",
        (cite("evidence_other", row),),
        (Compared("cyberattacks on Albania and Montenegro", "2022", f"{when} ({names(hit)})"),),
    )


@check("C4-24")
def _eccg_observer() -> Finding:
    return unrecorded("C4-24")


@check("C4-25")
def _wb3c_founders() -> Finding:
    row = iisg("C3-WB3C")
    founders = [n for n in ("France", "Slovenia") if n in text(row["fact"])]
    host = "Montenegro" in text(row["fact"])
    opened = re.search(r"(\d{4}-\d{2}) \(opening\)", text(row["value"]))
    opening = opened.group(1) if opened else ""
    established = bool(opening) and opening < REPORT_DATE
    return Finding(
        graded([len(founders) == 2, host, established]),
        f"The Letter of Intent for the WB3C was signed by {' and '.join(founders) or 'neither France nor Slovenia'}"
        f"{' with Montenegro' if host else ''}; the centre opened in {opening or 'an unrecorded month'}.",
        f"founders: {', '.join(founders)}{', Montenegro' if host else ''}; opened {opening}",
        (cite("evidence_iisg_rcc", row),),
        (
            Compared("EU members behind the WB3C", "France and Slovenia", ", ".join(founders) or "none"),
            Compared("the centre established in Montenegro", "yes (by April 2025)", f"opened {opening}"),
        ),
    )


def salw_rows():
    return rows("evidence_iisg_rcc", topic_id="C2-SALW-roadmap")


@check("C4-26")
def _roadmap_france_germany() -> Finding:
    roadmap = salw_rows()
    london = topic_rows("SALW", 2018)
    facts = " ".join([*roadmap["fact"], *london["evidence"]])
    france = "Franco-German" in facts or "France" in facts
    germany = "German" in facts
    eu = "Council Decision" in facts
    return Finding(
        graded([france, germany, eu]),
        "The SALW Control Roadmap is described as a Franco-German initiative implemented under an EU Council "
        "Decision (SEESAC prepared it with Germany for the 2018 London summit)."
        if france and germany
        else f"The sources name {'France' if france else ''}{'Germany' if germany else ''} behind the Roadmap.",
        f"France: {'yes' if france else 'no'}; Germany: {'yes' if germany else 'no'}; EU act: {'yes' if eu else 'no'}",
        (cite("evidence_iisg_rcc", roadmap), cite("berlin_topics", london)),
        (
            Compared(
                "who developed the Roadmap",
                "France and Germany, with the EU",
                "Franco-German initiative; EU Council Decision",
            ),
        ),
    )


@check("C4-27")
def _roadmap_2024() -> Finding:
    revised = one(
        "evidence_iisg_rcc", where=lambda t: (t["topic_id"] == "C2-SALW-roadmap") & t["unit"].str.contains("revised")
    )
    period = _years(revised["value"])
    ends = period[0] - 1 if period else None
    return Finding(
        "supported" if ends == 2024 else "contradicted",
        f"The Roadmap was succeeded by a revised Roadmap for {'-'.join(map(str, period))}, so the first ran to {ends}.",
        f"revised Roadmap {'-'.join(map(str, period))}",
        (
            cite("evidence_iisg_rcc", revised),
            cite("berlin_topics", rows("berlin_topics", where=lambda t: t["evidence"].str.contains("revised Roadmap"))),
        ),
        (
            Compared(
                "horizon of the first Roadmap",
                "by 2024",
                f"to {ends} (revised Roadmap from {period[0] if period else '?'})",
            ),
        ),
    )


@check("C4-28")
def _wbcti_rcc() -> Finding:
    pillars, rcc = iisg("C5-IISG-pillars"), iisg("C5-IISG-RCC2020")
    wbcti = one("berlin_claims_check", where=lambda t: t["claim"].str.startswith("terrorism/CVE introduced"))
    in_iisg = "WBCTi" in text(pillars["fact"])
    endorsed = year(wbcti["finding"])
    handed = year(rcc["value"])
    from_start = endorsed is not None and handed is not None and handed <= endorsed
    return Finding(
        graded([in_iisg, from_start]),
        f"The counter-terrorism initiative (WBCTi) {'is' if in_iisg else 'is not recorded as'} a pillar of the IISG, "
        f"but it dates from {endorsed} and the RCC took over the IISG only in {handed}.",
        f"WBCTi an IISG pillar: {'yes' if in_iisg else 'no'}; endorsed {endorsed}; RCC from {handed}",
        (
            cite("evidence_iisg_rcc", pillars),
            cite("evidence_iisg_rcc", rcc),
            cite("berlin_claims_check", wbcti, note=f"finding: WBCTi endorsed in {endorsed}"),
        ),
        (
            Compared("WBCTi part of the IISG", "yes", "yes" if in_iisg else "not recorded"),
            Compared("RCC coordinating the WBCTi", "from its adoption", f"from {handed} (WBCTi {endorsed})"),
        ),
        right="part of the IISG" if in_iisg else "",
        wrong="" if from_start else f"the RCC coordinated it only from {handed}",
    )


def _documented(claim_id: str, year_: int, wanted: dict[str, str], column: str = "topic") -> Finding:
    """Which of the topics a claim names appear in one year's summit documents (a topic not seen is unverified)."""
    found = topic_rows("", year_)
    if found.empty:
        return unrecorded(claim_id, conclusion=f"No {year_} summit documents are recorded here.")
    cell = " ".join(found[column]).lower()
    seen = [name for name, key in wanted.items() if key in cell]
    if not seen:
        return unrecorded(claim_id, conclusion=f"None of the topics is documented for {year_} here.")
    host = text(found["host_city"].iloc[0])
    missing = [n for n in wanted if n not in seen]
    return Finding(
        graded([n in seen for n in wanted]),
        f"The {host} {year_} documents seen here record {', '.join(seen)}"
        + (f"; {', '.join(missing)} not seen (unverified, not disproved)." if missing else "."),
        f"{year_} ({host}): {', '.join(seen)}",
        (cite("berlin_topics", found, note=f"{year_} topics found"),),
        (Compared(f"topics at {host} {year_}", ", ".join(wanted), ", ".join(seen)),),
        right=", ".join(seen),
        wrong=f"{', '.join(missing)} not documented" if missing else "",
    )


@check("C4-29")
def _trieste_terrorism() -> Finding:
    return _documented("C4-29", 2017, {"terrorism and radicalisation": "terrorism"})


@check("C4-30")
def _london_threats() -> Finding:
    return _documented("C4-30", 2018, {"serious and organised crime": "organised crime", "terrorism": "terrorism"})


@check("C4-31")
def _london_trafficking() -> Finding:
    wanted = {
        "human trafficking": "trafficking in human beings",
        "forced labour": "forced labour",
        "modern slavery": "slavery",
    }
    return _documented("C4-31", 2018, wanted, column="evidence")


@check("C4-32")
def _information_exchange() -> Finding:
    return unrecorded("C4-32")


@check("C4-33")
def _bilateral_trilateral() -> Finding:
    documents = rows("milestones", where=lambda t: t["event_type"].str.startswith("defence"))
    parties = {
        text(r["event_type"]): len([c for c in text(r["countries"]).split(";") if c]) for _, r in documents.iterrows()
    }
    declaration = parties.get("defence declaration", 0)
    small = all(2 <= n <= 3 for n in parties.values())
    return Finding(
        graded([declaration == 3, small]),
        f"The Joint Declaration on defence has {declaration} parties; the 2025 defence documents recorded have "
        f"{', '.join(str(n) for n in parties.values())} parties (bilateral or trilateral, none regional).",
        ", ".join(f"{k}: {n} parties" for k, n in parties.items()),
        (cite("milestones", documents),),
        (Compared("parties to the Joint Declaration on defence", "trilateral (3)", str(declaration)),),
    )


@check("C4-34")
def _nato_divide() -> Finding:
    allies = timeline.members("NATO accession", REPORT_DATE)
    others = [c for c in WB6 if c not in allies]
    return Finding(
        "supported" if allies and others else "contradicted",
        f"At the report's date {names(allies)} were NATO allies and {names(others)} were not.",
        f"allies: {', '.join(allies) or 'none'}; non-allies: {', '.join(others) or 'none'}",
        (cite("milestones", rows("milestones", event_type="NATO accession")),),
        (Compared("WB6 NATO allies / non-allies", "both groups", f"{len(allies)} allies, {len(others)} non-allies"),),
    )


@check("C4-35")
def _dialogue_hrvp() -> Finding:
    row = iisg("C4-EU-AL-dialogue")
    led = bool(re.search(r"HR/?VP|High Representative", text(row["fact"])))
    return Finding(
        "supported" if led else "contradicted",
        "The High Representative/Vice-President (Kaja Kallas) launched the first EU-Albania Security and Defence "
        "Dialogue for the EU; the Albanian ministries that led it are not recorded here."
        if led
        else "The source does not name the HR/VP as leading the dialogue.",
        "HR/VP" if led else "not the HR/VP",
        (cite("evidence_iisg_rcc", row),),
        (
            Compared(
                "EU lead of the first EU-Albania dialogue", "the HR/VP", "HR/VP Kallas" if led else "not the HR/VP"
            ),
        ),
    )
