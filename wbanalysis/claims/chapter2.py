"""Chapter 2 (Zorić): Governmental and institutional approaches; the text's claims (the tables' rows apart)."""

from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd

from ..countries import NAMES, WB6
from .common import QUALITATIVE, cite, contains, date, graded, number, one, pct, rows, text, unrecorded, year
from .model import ONLY_THE_REPORT, Compared, Finding
from .registry import check

#: The share this project reads "nearly every" as.
NEARLY_EVERY = 0.8


def distinct_releases() -> pd.DataFrame:
    """The Europol releases behind Table 2, each release once (a release printed twice counts once)."""
    releases = rows("europol_releases")
    key = (
        releases["real_title_seen"]
        .fillna("")
        .where(releases["real_title_seen"].notna(), releases["table2_row"].astype(str))
    )
    return releases[~key.duplicated()]


def named(releases: pd.DataFrame) -> pd.DataFrame:
    """Per WB6 country: releases naming it, of releases whose participant list was seen."""
    seen = releases[releases["wb6_list_complete"].fillna("").str.startswith("yes")]
    lists = seen["wb6_named_in_source"].fillna("").str.split(";")
    counts = {c: int(lists.map(lambda codes, c=c: c in codes).sum()) for c in WB6}
    return pd.DataFrame({"named": counts, "of": len(seen)}).assign(share=lambda f: f["named"] / f["of"])


@check("C2-1")
def _largely_broader() -> Finding:
    table = rows("table1_frameworks")
    beyond = table["key_actors"].str.contains(r"EU MS|UN members|\d+ members|\+", regex=True)
    return Finding(
        "not checkable",
        f"By the report's own Table 1, {pct(int(beyond.sum()), len(table))} frameworks reach beyond the WB6; no other "
        "source here lists the frameworks the WB6 take part in.",
        f"Table 1: {int(beyond.sum())} of {len(table)} frameworks include actors beyond the WB6",
        (cite("table1_frameworks", table),),
        reason="only the report itself records it",
        needs="an independent inventory of the security frameworks the WB6 belong to (e.g. the RCC's)",
    )


@check("C2-2")
def _exceptions_named() -> Finding:
    table = rows("table1_participation")
    unstated = table[table["status"].isin(["not_listed", "implied"])]
    return Finding(
        "not checkable",
        f"Whether the table names every exception can only be read from the table itself: {len(unstated)} country-"
        "framework cells are left unstated or only implied.",
        f"{len(unstated)} unstated or implied cells",
        (cite("table1_participation", unstated),),
        reason="only the report itself records it",
        needs="each framework's own membership list, to compare with the exceptions the table names",
    )


@check("C2-3")
def _period() -> Finding:
    releases = rows("europol_releases", where=lambda t: t["publication_date"].notna())
    years = releases["publication_date"].str[:4].astype(int)
    inside = years.between(2023, 2025)
    return Finding(
        "supported" if inside.all() else "partly supported" if inside.any() else "contradicted",
        f"The Europol releases behind Table 2 were published {years.min()}-{years.max()}: "
        f"{pct(int(inside.sum()), len(years))} within 2023-2025.",
        f"releases published {years.min()}-{years.max()}",
        (cite("europol_releases", releases, note="publication dates"),),
        (Compared("period of the operations", "2023-2025", f"{years.min()}-{years.max()} (publication dates)"),),
    )


@check("C2-4")
def _all_six() -> Finding:
    releases = distinct_releases()
    counts = named(releases)
    absent = [c for c in WB6 if counts.at[c, "named"] == 0]
    least = counts["named"].idxmin()
    return Finding(
        "supported" if not absent else "partly supported" if len(absent) < len(WB6) else "contradicted",
        f"Every WB6 country is named in at least one of the Europol releases behind Table 2; the fewest: "
        f"{NAMES[least]}, in {counts.at[least, 'named']} of {counts.at[least, 'of']}."
        if not absent
        else f"No release here names {', '.join(NAMES[c] for c in absent)}.",
        ", ".join(f"{c} {counts.at[c, 'named']}" for c in WB6)
        + f" of {counts['of'].iloc[0]} releases with a full list",
        (cite("europol_releases", releases, note="WB6 named in each release"),),
        tuple(
            Compared(f"{NAMES[c]}: releases naming it", "engaged", f"{counts.at[c, 'named']} of {counts.at[c, 'of']}")
            for c in WB6
        ),
    )


@check("C2-5")
def _serbia_nearly_every() -> Finding:
    releases = distinct_releases()
    counts = named(releases)
    serbia = counts.loc["SRB"]
    top = counts["named"].max()
    most = serbia["named"] == top and (counts["named"] == top).sum() == 1
    high = serbia["share"] >= NEARLY_EVERY
    verdict = "supported" if most and high else "partly supported" if most or high else "contradicted"
    return Finding(
        verdict,
        f"Serbia is named in {pct(int(serbia['named']), int(serbia['of']))} of the releases whose participant list was "
        f"seen, {'the most' if most else 'not alone the most'} of the six "
        "(this project reads 'nearly every' as at least "
        f"{NEARLY_EVERY:.0%}).",
        f"Serbia in {int(serbia['named'])} of {int(serbia['of'])} releases",
        (cite("europol_releases", releases, note="WB6 named in each release"),),
        (
            Compared(
                "Serbia's share of operations",
                "nearly every",
                f"{serbia['share']:.0%} ({int(serbia['named'])} of {int(serbia['of'])})",
            ),
        ),
    )


@check("C2-6")
def _rows_distinct() -> Finding:
    printed = rows("table2_europol_operations")
    releases = rows("europol_releases", where=lambda t: t["real_title_seen"].notna())
    repeated = releases[releases["real_title_seen"].duplicated(keep=False)]
    distinct = len(printed) - (len(repeated) - repeated["real_title_seen"].nunique())
    return Finding(
        "partly supported" if len(repeated) else "supported",
        f"Table 2 prints {len(printed)} rows for {distinct} distinct operations: "
        + (
            "; ".join(
                f"rows {', '.join(map(str, g['table2_row']))} are one release ({t})"
                for t, g in repeated.groupby("real_title_seen")
            )
            if len(repeated)
            else "no release is printed twice"
        )
        + ".",
        f"{distinct} distinct operations in {len(printed)} rows",
        (cite("europol_releases", repeated if len(repeated) else releases, note="releases behind the rows"),),
        (Compared("operations listed", f"{len(printed)} rows", f"{distinct} distinct releases"),),
        right="the period and the subject",
        wrong="a release printed twice" if len(repeated) else "",
    )


@check("C2-7")
def _kosovo_agreements() -> Finding:
    return unrecorded(
        "C2-7",
        searched="C1-Svecla",
        conclusion="No count or list of Kosovo's security agreements with "
        "Albania and North Macedonia was found; the minister's statement itself was not found either.",
    )


@check("C2-8")
def _judiciary_distrust() -> Finding:
    return unrecorded("C2-8", searched="C2-BalkanBarometer")


@check("C2-9")
def _eurobarometer() -> Finding:
    row = one(
        "survey_figures",
        where=lambda t: (
            (t["geography"] == "EU27")
            & t["survey"].str.contains("Winter 2025")
            & t["indicator"].str.contains("more important role in protecting")
        ),
    )
    value = float(row["value_pct"])
    return Finding(
        "supported" if abs(value - 66) < 0.5 else "contradicted",
        f"The Winter 2025 Eurobarometer puts the share of EU citizens who want a greater EU role in protecting them at "
        f"{value:g}%.",
        f"{value:g}% of EU27 citizens ({row['survey']}, fieldwork {row['fieldwork']})",
        (cite("survey_figures", row),),
        (Compared("citizens wanting a greater EU role", "66%", f"{value:g}% (EU27, {text(row['fieldwork'])})"),),
    )


@check("C2-10")
def _distrust_27() -> Finding:
    return unrecorded("C2-10", searched="C2-BalkanBarometer")


@check("C2-11")
def _rome_meeting() -> Finding:
    return unrecorded("C2-11")


@check("C2-12")
def _euda_datasheet() -> Finding:
    return unrecorded("C2-12", searched="C2-EUDA-datasheet")


@check("C2-13")
def _firearms_plan() -> Finding:
    return unrecorded("C2-13")


@check("C2-14")
def _kosovo_montenegro() -> Finding:
    items = rows("kosovo_agreements", pair="Kosovo-Albania-Montenegro")
    return unrecorded(
        "C2-14",
        reason=QUALITATIVE,
        conclusion=f"'Full security cooperation' has no measure; "
        f"{len(items)} trilateral instrument with Montenegro is recorded.",
    )


@check("C2-15")
def _nothing_with_serbia() -> Finding:
    return unrecorded(
        "C2-15", searched="C1-Svecla", reason="no list of all agreements exists here, so an absence cannot be shown"
    )


@check("C2-16")
def _dcaf_members() -> Finding:
    printed = one("table1_frameworks", framework_id="dcaf")
    found = unrecorded(
        "C2-16",
        reason=ONLY_THE_REPORT,
        conclusion=f"Only Table 1 gives DCAF's membership ({text(printed['key_actors'])}); no list of DCAF's "
        "members is among the sources here.",
    )
    return replace(found, evidence=(cite("table1_frameworks", printed, note="as printed"),))


@check("C2-17")
def _interpol_members() -> Finding:
    printed = one("table1_frameworks", framework_id="interpol")
    source = one("evidence_other", topic_id="C2-INTERPOL")
    claimed, observed = number(printed["key_actors"]), number(source["value"])
    older = re.search(r"(\d+) countries", text(source["notes"]))
    same = claimed is not None and claimed == observed
    return Finding(
        "supported" if same else "contradicted",
        f"A secondary source gives INTERPOL {observed:g} member countries since {text(source['fact_date']).rstrip('-')}"
        + (f" (an older interpol.int snapshot says {older.group(1)}, before the latest admission)" if older else "")
        + f"; Table 1 prints {claimed:g}. The verdict rests on the newer figure.",
        f"{observed:g} members",
        (cite("table1_frameworks", printed, note="as printed"), cite("evidence_other", source)),
        (
            Compared(
                "INTERPOL member countries",
                f"{claimed:g} (April 2025)",
                f"{observed:g} ({text(source['publisher'])}, since {text(source['fact_date']).rstrip('-')})"
                + (f"; {older.group(1)} (older interpol.int snapshot)" if older else ""),
            ),
        ),
        right="the number of members" if same else "",
        wrong="" if same else f"{observed:g}, not {claimed:g}",
    )


def wb_pact() -> tuple[pd.DataFrame, str, str, str, pd.Timestamp | None]:
    """WB PaCT's records: the rows, their facts joined, the lead and the implementing agency, the project's end."""
    pact = rows("evidence_iisg_rcc", topic_id="C2-WBPaCT")
    facts = " ".join(pact["fact"].fillna(""))
    lead = re.search(r"project lead (\w+)|(\w+) \(project lead\)", facts)
    partner = re.search(r"implementing partner (\w+)", facts)
    ends = []
    for value in pact["value"].fillna(""):
        span = re.search(r"(\d+) months from (\d{4}-\d{2}-\d{2})", value)
        try:
            if span:
                ends.append(pd.Timestamp(span.group(2)) + pd.DateOffset(months=int(span.group(1))))
            else:
                ends += [pd.Timestamp(d) for d in re.findall(r"\d{4}-\d{2}-\d{2}", value)[-1:]]
        except ValueError:
            continue
    return (
        pact,
        facts,
        next((g for g in lead.groups() if g), "") if lead else "",
        partner.group(1) if partner else "",
        max(ends) if ends else None,
    )


@check("C2-18")
def _wb_pact() -> Finding:
    pact, facts, lead, partner, end = wb_pact()
    parts = [
        "DG NEAR" in facts,
        "Europol" in (lead, partner) or "and Europol" in facts,
        end is not None and end.year == 2028,
    ]
    names = ("EU-funded", "implemented by Europol", "running until 2028")
    return Finding(
        graded(parts),
        f"WB PaCT is {'funded through DG NEAR' if parts[0] else 'not shown as EU-funded'}, led by "
        f"{lead or '(not stated)'} with {partner or '(not stated)'} as implementing partner, and runs to "
        f"{end.strftime('%B %Y') if end is not None else '(no end date)'} (the second phase's start plus its "
        "duration).",
        f"to {end.date() if end is not None else '-'}; lead {lead or '-'}; implementing partner {partner or '-'}",
        (cite("evidence_iisg_rcc", pact, note="phases I and II"),),
        (
            Compared(
                "end of the project", "2028", f"{end.date()} (derived: start + duration)" if end is not None else "-"
            ),
            Compared(
                "who implements it", "Europol", f"{lead or '-'} (lead) with {partner or '-'} (implementing partner)"
            ),
        ),
        right=", ".join(n for n, ok in zip(names, parts, strict=True) if ok),
        wrong=", ".join(n for n, ok in zip(names, parts, strict=True) if not ok),
    )


def salw_roadmap() -> pd.Series:
    return one("evidence_iisg_rcc", topic_id="C2-SALW-roadmap", unit="Council Decision date")


@check("C2-19")
def _franco_german() -> Finding:
    row = salw_roadmap()
    fact = text(row["fact"])
    parts = ["Franco-German" in fact, "Council Decision" in fact and bool(date(row["value"]))]
    return Finding(
        graded(parts),
        f"The Roadmap is carried out 'as part of the Franco-German initiative' under an EU Council Decision of "
        f"{date(row['value']) or '(no date)'}; 'fully aligned with standards' has no measure here."
        if all(parts)
        else "The sources here do not show both French-German leadership and the EU's part.",
        fact[:120],
        (cite("evidence_iisg_rcc", row),),
        (
            Compared("who led the Roadmap", "France and Germany", "Franco-German initiative" if parts[0] else "-"),
            Compared("the EU's part", "in consultation with the EU", f"Council Decision {date(row['value']) or '-'}"),
        ),
        right=", ".join(n for n, ok in zip(("France and Germany", "the EU"), parts, strict=True) if ok),
        wrong=", ".join(n for n, ok in zip(("France and Germany", "the EU"), parts, strict=True) if not ok),
    )


@check("C2-20")
def _work_remains() -> Finding:
    original = salw_roadmap()
    revised = one("evidence_iisg_rcc", topic_id="C2-SALW-roadmap", unit="revised roadmap period")
    progress = rows(
        "berlin_topics", where=lambda t: t["topic"].str.contains("SALW") & t["evidence"].str.contains("progress")
    )
    deadline = re.search(r"by (\d{4})", text(original["notes"]))
    end = int(deadline.group(1)) if deadline else None
    start = year(revised["value"])
    extended = end is not None and start is not None and start > end
    return Finding(
        "supported" if extended else "contradicted",
        f"The Roadmap, due to be met by {end or '(no year)'}, was followed by a revised Roadmap for "
        f"{text(revised['value']) or '(no period)'}, endorsed in {date(revised['fact_date']) or '(no date)'}"
        + (
            f"; the Berlin Process welcomed progress on it ({', '.join(map(str, progress['year']))})."
            if len(progress)
            else "."
        ),
        f"revised Roadmap {text(revised['value'])}",
        (
            cite("evidence_iisg_rcc", original, note="the Roadmap's end year (in its full title)"),
            cite("evidence_iisg_rcc", revised, note="the revised Roadmap"),
            cite("berlin_topics", progress, note="progress recorded"),
        ),
        (Compared("work left after the Roadmap's end year", "much", f"a new Roadmap for {text(revised['value'])}"),),
        right="the Roadmap was extended" if extended else "",
        wrong="" if extended else "no extension recorded",
    )


@check("C2-21")
def _kallas() -> Finding:
    kallas = one("evidence_iisg_rcc", topic_id="C4-EU-AL-dialogue")
    borrell = one("evidence_cfsp", where=contains("fact_date", "Borrell term"))
    term = re.search(r"Borrell term (\d{4})-(\d{4})", text(borrell["fact_date"]))
    in_office = "HR/VP Kallas" in text(kallas["fact"]) and year(kallas["fact_date"]) == 2025
    predecessor_left = bool(term) and int(term.group(2)) < 2025
    return Finding(
        graded([in_office, predecessor_left]),
        f"A record of {date(kallas['fact_date']) or '(no date)'} names Kallas as HR/VP"
        + (f", and her predecessor Borrell's term ran {term.group(1)}-{term.group(2)}" if term else "")
        + ": she held the office at the Rome meeting of February 2025.",
        f"Kallas HR/VP in {date(kallas['fact_date']) or '-'}; Borrell {term.group(0) if term else '-'}",
        (cite("evidence_iisg_rcc", kallas), cite("evidence_cfsp", borrell, note="Borrell's term")),
        (Compared("the HR/VP in February 2025", "Kaja Kallas", "Kallas (in office by April 2025; Borrell to 2024)"),),
        right="Kallas was HR/VP" if in_office and predecessor_left else "",
        wrong="" if in_office and predecessor_left else "Kallas's tenure is not shown",
    )


@check("C2-22")
def _fast_track() -> Finding:
    return unrecorded(
        "C2-22",
        conclusion="No dates of Ukraine's and Moldova's applications or candidate status are among the sources here.",
    )


@check("C2-23")
def _svecla() -> Finding:
    signed = rows("kosovo_agreements", where=lambda t: t["item"].str.contains(r"ministers? Svecla", regex=True))
    if signed.empty:
        return unrecorded("C2-23", searched="C1-Svecla", conclusion="No record here names Sveçla's office.")
    item = signed.iloc[0]
    return Finding(
        "partly supported",
        f"Sveçla signed a {text(item['pair'])} security instrument as minister ({text(item['item'])[:60]}...); "
        "the name of his portfolio is not recorded here.",
        f"{text(item['pair'])}: signed by minister Svecla",
        (
            cite("kosovo_agreements", signed),
            cite("evidence_not_found", one("evidence_not_found", topic_id="C1-Svecla")),
        ),
        (Compared("Sveçla's office", "Minister of Internal Affairs and Public Administration", "a Kosovo minister"),),
        right="a Kosovo minister signing security instruments",
        wrong="",
    )
