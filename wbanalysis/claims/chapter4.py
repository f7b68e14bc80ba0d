"""Chapter 4 (Barbullushi): Regional security cooperation in the context of the Berlin Process."""

from __future__ import annotations

import re

from .chapter1 import defence_documents
from .common import cite, date, graded, one, rows, text, unrecorded, year
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
        f"The first summit after the report was held on {first['date']} in {first['host_city']}, chaired by {first['chair']}.",
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
