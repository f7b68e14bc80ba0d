"""Chapter 3 (Džankić): Regional security cooperation in the European integration process."""

from __future__ import annotations

import re

import pandas as pd

from ..analysis import timeline
from ..countries import NAMES, WB6
from .chapter1 import coordinator, jad_see_2023
from .common import cite, date, graded, number, one, rows, text, unrecorded
from .introduction import PUBLISHED, size_finding
from .model import Compared, Finding
from .registry import check


@check("C3-1")
def _over_500() -> Finding:
    release = one("europol_releases", table2_row=11)
    check_row = jad_see_2023("arrests")
    arrests = number(check_row["source_value"])
    return Finding(
        "supported" if arrests is not None and arrests > 500 else "contradicted",
        f"Europol's release on the 2023 JAD SEE operation reports {arrests:g} arrests.",
        f"{arrests:g} arrests",
        (cite("north_macedonia_2023_check", check_row), cite("europol_releases", release)),
        (Compared("arrests", "over 500", f"{arrests:g} (November 2023)"),),
    )


@check("C3-2")
def _nato_members() -> Finding:
    joined = timeline.members("NATO accession", "2025-04-25")
    accessions = rows("milestones", event_type="NATO accession")
    claimed = ["ALB", "MNE", "MKD"]
    return Finding(
        "supported" if joined == claimed else "contradicted",
        f"Before the report, {', '.join(NAMES[c] for c in joined)} had joined NATO.",
        ", ".join(f"{c} {d}" for c, d in zip(accessions["countries"], accessions["date"], strict=True)),
        (cite("milestones", accessions),),
        (Compared("WB6 members of NATO", "Albania, Montenegro, North Macedonia", ", ".join(NAMES[c] for c in joined)),),
    )


@check("C3-3")
def _limited_defence() -> Finding:
    found = size_finding(["milex"])
    verdict = "partly supported" if found.verdict == "supported" else found.verdict
    return Finding(
        verdict,
        found.conclusion + " Institutional capacity is not measured here.",
        found.observed,
        found.evidence,
        found.compared,
        right="small defence budgets",
        wrong="",
    )


def _part(item: str, claimed: float, tolerance: float) -> tuple[bool, Compared, object]:
    row = jad_see_2023(item)
    source = text(row["source_value"])
    if item == "drugs":
        kilos = [float(k) for k in re.findall(r"(\d+)\s*kg", source)]
        observed = sum(kilos)
        ok = abs(observed - claimed) <= tolerance * claimed
        shown = f"{observed:g} kg in the items listed ({source[:60]})"
    else:
        observed = number(source)
        ok = observed is not None and abs(observed - claimed) <= tolerance * observed
        shown = f"{observed:g}"
    return ok, Compared(item, text(row["report_value"]), shown), row


@check("C3-6")
def _seizures() -> Finding:
    parts = [_part("guns seized", 300, 0.10), _part("forged documents", 100, 0.10), _part("drugs", 1000, 0.25)]
    held = [c.what for ok, c, _ in parts if ok]
    missed = [f"{c.what}: {c.observed}" for ok, c, _ in parts if not ok]
    return Finding(
        graded([ok for ok, _, _ in parts]),
        f"Of the three seizure figures, {len(held)} match the releases within 10% (drugs: 25%): "
        f"{', '.join(held) or 'none'}.",
        "; ".join(f"{c.what}: {c.observed}" for _, c, _ in parts),
        (
            cite(
                "north_macedonia_2023_check",
                rows(
                    "north_macedonia_2023_check",
                    where=lambda t: t["claim_item"].isin(["guns seized", "forged documents", "drugs"]),
                ),
            ),
        ),
        tuple(c for _, c, _ in parts),
        right=", ".join(held),
        wrong="; ".join(missed),
    )


@check("C3-4")
def _agencies() -> Finding:
    row = jad_see_2023("EU agencies involved")
    claimed = [a.strip() for a in re.split(r",| and ", text(row["report_value"])) if a.strip()]
    source = text(row["source_value"])
    found = [a for a in claimed if a in source]
    return Finding(
        "supported" if len(found) == len(claimed) else "partly supported" if found else "contradicted",
        f"The release names {source}; the report names {', '.join(claimed)}.",
        source,
        (cite("north_macedonia_2023_check", row),),
        (Compared("EU agencies taking part", ", ".join(claimed), source),),
        right=", ".join(found),
        wrong="INTERPOL is left out" if "INTERPOL" in source else "",
    )


@check("C3-5")
def _from_nmk() -> Finding:
    row = jad_see_2023("coordinated from North Macedonia")
    hosted, lead = coordinator(row)
    return Finding(
        "supported" if hosted else "contradicted",
        f"The international coordination centre {'was' if hosted else 'was not'} in Skopje, North Macedonia"
        f"{f' (operational coordination: {lead})' if lead else ''}.",
        text(row["source_value"]),
        (cite("north_macedonia_2023_check", row),),
        (Compared("where it was coordinated from", "North Macedonia", text(row["source_value"])[:90]),),
    )


@check("C3-7")
def _rearm() -> Finding:
    row = one("evidence_other", topic_id="C3-ReArm")
    value = number(row["value"])
    close = value is not None and abs(value - 800) <= 0.05 * 800
    return Finding(
        "supported" if close else "contradicted",
        f"ReArm Europe, presented on {date(row['fact_date'])}, 'could mobilise close to EUR {value:g} billion'.",
        f"EUR {value:g} billion ({text(row['unit'])})",
        (cite("evidence_other", row),),
        (Compared("ReArm Europe", "EUR 800 billion", f"close to EUR {value:g} billion that it could mobilise"),),
        right="the amount",
        wrong="",
    )


@check("C3-8")
def _dodik_date() -> Finding:
    row = one("evidence_other", topic_id="C3-Dodik-date", where=lambda t: t["unit"] == "date")
    day = date(row["value"])
    same = day == "2025-03-11"
    return Finding(
        "supported" if same else "partly supported" if day[:7] == "2025-03" else "contradicted",
        f"The prosecutor's office ordered the arrest on {day}, "
        f"{'the date' if same else 'not 11 March as'} the chapter gives.",
        day,
        (cite("evidence_other", rows("evidence_other", topic_id="C3-Dodik-date")),),
        (Compared("date of the arrest order", "11 March 2025", day),),
        right="March 2025" if day[:7] == "2025-03" else "",
        wrong="" if same else "the day",
    )


@check("C3-9")
def _global_strategy() -> Finding:
    return unrecorded("C3-9")


@check("C3-10")
def _wb3c() -> Finding:
    row = one("evidence_iisg_rcc", topic_id="C3-WB3C")
    partners = [c for c in ("Montenegro", "France", "Slovenia") if c in text(row["fact"])]
    return Finding(
        "supported" if len(partners) == 3 else "partly supported" if partners else "contradicted",
        f"The Letter of Intent for the WB3C was signed by {', '.join(partners)} (November 2022); the centre opened in "
        "Podgorica in December 2024.",
        text(row["value"]),
        (cite("evidence_iisg_rcc", row),),
        (Compared("the WB3C's founders", "France, Slovenia and Montenegro", ", ".join(partners)),),
    )


@check("C3-11")
def _nato_contentious() -> Finding:
    members = timeline.members("NATO accession", "2025-04-25")
    others = [c for c in WB6 if c not in members]
    return Finding(
        "partly supported" if others == ["BIH", "XKX", "SRB"] else "contradicted",
        f"{', '.join(NAMES[c] for c in others)} are the WB6 outside NATO; "
        "how contentious membership is has no measure here.",
        f"not NATO members: {', '.join(others)}",
        (cite("milestones", rows("milestones", event_type="NATO accession")),),
        (Compared("WB6 outside NATO", "Bosnia and Herzegovina, Kosovo, Serbia", ", ".join(NAMES[c] for c in others)),),
        right="the three outside NATO",
        wrong="",
    )


@check("C3-12")
def _trilateral() -> Finding:
    document = one("milestones", event_type="defence declaration")
    parties = [c for c in text(document["countries"]).split(";") if c]
    signed = timeline.parse_date(text(document["date"]))
    age = (pd.Timestamp(PUBLISHED) - signed).days if signed is not None else None
    declaration = bool(re.search(r"declaration", text(document["details"]), re.I))
    parts = [sorted(parties) == ["ALB", "HRV", "XKX"], age is not None and 0 <= age <= 365, not declaration]
    names = ("Albania, Croatia and Kosovo", "recent", "an alliance")
    return Finding(
        graded(parts),
        f"The three signed a {'joint declaration on defence cooperation' if declaration else 'defence document'} in "
        f"{text(document['place'])} on {text(document['date'])}, {age} days before the report"
        + ("; it is not an alliance treaty." if declaration else "."),
        f"{', '.join(parties)}, {text(document['date'])}: {text(document['details'])[:70]}",
        (cite("milestones", document),),
        (
            Compared("parties", "Albania, Croatia and Kosovo", ", ".join(parties)),
            Compared("what was signed", "a military alliance", text(document["details"])[:80]),
        ),
        right=", ".join(n for n, ok in zip(names, parts, strict=True) if ok),
        wrong="a declaration on defence cooperation, not an alliance" if declaration else "",
    )


@check("C3-13")
def _dodik_order() -> Finding:
    records = rows("evidence_other", topic_id="C3-Dodik-date")
    facts = " ".join(records["fact"].fillna(""))
    charge = re.search(r"(\w+)\W{0,2} the constitutional order", facts)
    parts = ["Prosecutor's Office" in facts and bool(re.search(r"arrest|detention", facts)), bool(charge)]
    return Finding(
        graded(parts),
        "The Prosecutor's Office of BiH ordered Dodik's arrest"
        + (f" for '{charge.group(1)} the constitutional order'" if charge else "")
        + "; the Court of BiH issued a nationwide warrant later.",
        facts[:120],
        (cite("evidence_other", records),),
        (
            Compared(
                "who ordered the arrest",
                "the Bosnian Prosecutor's Office",
                "Prosecutor's Office of BiH" if parts[0] else "-",
            ),
            Compared("the charge", "an attack on the constitutional order", f"{charge.group(0)}" if charge else "-"),
        ),
        right=", ".join(n for n, ok in zip(("who ordered it", "the charge"), parts, strict=True) if ok),
        wrong=", ".join(n for n, ok in zip(("who ordered it", "the charge"), parts, strict=True) if not ok),
    )


@check("C3-14")
def _with_wb_states() -> Finding:
    row = jad_see_2023("participating countries")
    release = one("europol_releases", table2_row=11)
    listed = [c for c in WB6 if NAMES[c] in text(row["source_value"])]
    coded = [c for c in text(release["wb6_named_in_source"]).split(";") if c]
    return Finding(
        "supported" if len(listed) == len(WB6) else "partly supported" if listed else "contradicted",
        f"The 2023 JAD SEE release names {len(listed)} of the six among its {number(row['source_value']) or 0:g} "
        f"participating countries ({', '.join(listed)}); the release behind Table 2 names "
        f"{', '.join(coded) or 'none'}.",
        f"WB6 named: {', '.join(listed) or 'none'}",
        (cite("north_macedonia_2023_check", row), cite("europol_releases", release, note="WB6 named")),
        (Compared("WB6 taking part", "the Western Balkan states", f"{len(listed)} of 6 ({', '.join(listed)})"),),
        right=f"{len(listed)} of the six took part" if listed else "",
        wrong=f"not named: {', '.join(c for c in WB6 if c not in listed)}" if len(listed) < len(WB6) else "",
    )


@check("C3-15")
def _crime_areas() -> Finding:
    release = one("europol_releases", table2_row=11)
    breakdown = jad_see_2023("arrest breakdown (secondary)")
    results, secondary = text(release["key_results"]), text(breakdown["source_value"])
    found = {
        "firearms": bool(re.search(r"weapon|firearm", results, re.I)),
        "drugs": bool(re.search(r"drug|cocaine", results, re.I)),
        "human beings": bool(
            re.search(r"trafficking in human beings|human trafficking|\bTHB\b", results + "; " + secondary, re.I)
        ),
    }
    smuggling = re.search(r"(\d+) migrant smuggling", secondary)
    return Finding(
        graded(list(found.values())),
        "The JAD SEE 2023 release records "
        + (", ".join(k for k in ("firearms", "drugs") if found[k]) or "neither firearms nor drugs")
        + "; for people the sources record "
        + (
            f"migrant smuggling ({smuggling.group(1)} arrests, secondary) and illegal entries"
            if smuggling
            else "no crime"
        )
        + (", not trafficking in human beings." if not found["human beings"] else " and trafficking in human beings."),
        "; ".join(f"{k}: {'yes' if v else 'no'}" for k, v in found.items()),
        (
            cite("europol_releases", release, note="results"),
            cite("north_macedonia_2023_check", breakdown, note="arrests by crime (secondary)"),
        ),
        (
            Compared(
                "crime areas targeted",
                "firearms, drugs, human beings",
                ", ".join(k for k, v in found.items() if v) + (", migrant smuggling" if smuggling else ""),
            ),
        ),
        right=", ".join(k for k, v in found.items() if v),
        wrong=", ".join(
            k + (" (the sources say migrant smuggling)" if k == "human beings" else "")
            for k, v in found.items()
            if not v
        ),
    )


@check("C3-16")
def _rearm_date() -> Finding:
    row = one("evidence_other", topic_id="C3-ReArm")
    day = date(row["fact_date"])
    march = day[:7] == "2025-03"
    return Finding(
        "supported" if march else "partly supported" if day[:4] == "2025" else "contradicted",
        f"ReArm Europe was presented on {day or '(no date)'} ({text(row['source_type'])}).",
        day,
        (cite("evidence_other", row),),
        (Compared("date of the plan", "March 2025", day or "-"),),
        right="March 2025" if march else "",
        wrong="" if march else "the month",
    )


@check("C3-17")
def _after_cyberattacks() -> Finding:
    attacks = one("evidence_other", topic_id="C4-cyber-2022")
    wb3c = one("evidence_iisg_rcc", topic_id="C3-WB3C")
    began, intent = timeline.parse_date(date(attacks["value"])), timeline.parse_date(date(wb3c["value"]))
    hit = [c for c in WB6 if NAMES[c] in text(attacks["fact"])]
    after = began is not None and intent is not None and began < intent
    return Finding(
        graded([after, len(hit) >= 2]),
        f"The cyberattacks began on {date(attacks['value']) or '(no date)'} and hit "
        f"{', '.join(NAMES[c] for c in hit)}; the WB3C's Letter of Intent followed in "
        f"{date(wb3c['value']) or '(no date)'}.",
        f"attacks from {date(attacks['value'])}; Letter of Intent {date(wb3c['value'])}",
        (cite("evidence_other", attacks), cite("evidence_iisg_rcc", wb3c)),
        (
            Compared("order", "attacks, then the WB3C", "attacks first" if after else "not in that order"),
            Compared("WB6 countries hit", "across the region", ", ".join(hit) or "none"),
        ),
        right="the WB3C followed the attacks" if after else "",
        wrong="" if after else "the order",
    )


#: A gap without an accession step (years) this project reads as "dormant"; the steps after it read as "rebooting".
DORMANT_YEARS, REBOOT_STEPS = 5, 2
ACCESSION_STEPS = (
    "EU candidate status",
    "EU accession negotiations opened",
    "EU accession negotiations opened (first IGC)",
    "European Council green light for accession negotiations",
)


@check("C3-18")
def _dormant_enlargement() -> Finding:
    steps = timeline.events(types=ACCESSION_STEPS)
    steps = steps[steps["date"] < pd.Timestamp(PUBLISHED)].reset_index(drop=True)
    gaps = steps["date"].diff().dt.days / 365.25
    longest = int(gaps.idxmax()) if gaps.notna().any() else 0
    years = float(gaps.max()) if gaps.notna().any() else 0.0
    after = steps.iloc[longest:]
    parts = [years >= DORMANT_YEARS, len(after) >= REBOOT_STEPS]
    start = steps["date"].iloc[longest - 1].strftime("%Y-%m") if longest else "-"
    end = steps["date"].iloc[longest].strftime("%Y-%m") if len(steps) else "-"
    return Finding(
        graded(parts),
        f"No WB6 country took an EU accession step for {years:.1f} years ({start} to {end}); {len(after)} steps "
        f"followed from {end} ({', '.join(f'{r.country} {r.date:%Y-%m}' for r in after.itertuples())}).",
        f"longest gap {years:.1f} years ({start} to {end}); {len(after)} steps since",
        (cite("milestones", rows("milestones", where=lambda t: t["event_type"].isin(ACCESSION_STEPS))),),
        (
            Compared("longest gap without a step", f"dormant ({DORMANT_YEARS} years or more)", f"{years:.1f} years"),
            Compared("steps since", f"rebooted ({REBOOT_STEPS} or more)", f"{len(after)} from {end}"),
        ),
        right=", ".join(n for n, ok in zip(("dormant", "rebooted"), parts, strict=True) if ok),
        wrong=", ".join(n for n, ok in zip(("dormant", "rebooted"), parts, strict=True) if not ok),
    )


@check("C3-19")
def _unemployment() -> Finding:
    return unrecorded("C3-19", conclusion="No unemployment series is among the data here.")
