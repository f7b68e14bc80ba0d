"""Chapter 3 (Džankić): Regional security cooperation in the European integration process."""

from __future__ import annotations

import re

from ..analysis import economy, timeline
from ..countries import NAMES, WB6
from .chapter1 import coordinator, jad_see_2023
from .common import cite, date, graded, number, one, rows, text, unrecorded
from .introduction import size_finding
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
        f"Of the three seizure figures, {len(held)} match the releases within 10% (drugs: 25%): {', '.join(held) or 'none'}.",
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
        f"The prosecutor's office ordered the arrest on {day}, {'the date' if same else 'not 11 March as'} the chapter gives.",
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
        f"{', '.join(NAMES[c] for c in others)} are the WB6 outside NATO; how contentious membership is has no measure here.",
        f"not NATO members: {', '.join(others)}",
        (cite("milestones", rows("milestones", event_type="NATO accession")),),
        (Compared("WB6 outside NATO", "Bosnia and Herzegovina, Kosovo, Serbia", ", ".join(NAMES[c] for c in others)),),
        right="the three outside NATO",
        wrong="",
    )


#: A reference for notebooks: the WB6's military spending in 2024 (context for C3-7).
def wb6_milex_2024() -> float:
    return float(economy.panel(["milex"], WB6, 2024, 2024)["value"].sum())
