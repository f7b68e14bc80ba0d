"""The conclusions and recommendations."""

from __future__ import annotations

import re

from ..countries import NAMES, WB6
from .chapter1 import DEPENDENCY, china_loan_share
from .chapter2 import distinct_releases
from .common import cite, graded, number, rows, text, unrecorded, year
from .introduction import DIVERGENT, PUBLISHED, alignment_gap, size_finding
from .model import Compared, Finding
from .registry import check


@check("C6-1")
def _networks_dismantled() -> Finding:
    releases = distinct_releases()
    with_arrests = releases[releases["arrests"].fillna(0) > 0]
    return Finding(
        "supported" if len(with_arrests) else "contradicted",
        f"{len(with_arrests)} of the {len(releases)} distinct releases behind Table 2 report arrests "
        f"({int(with_arrests['arrests'].sum()):,} in all).",
        f"{len(with_arrests)} of {len(releases)} releases with arrests",
        (cite("europol_releases", with_arrests, note="arrests"),),
        (
            Compared(
                "operations that took down networks",
                "joint operations dismantled networks",
                f"{len(with_arrests)} with arrests",
            ),
        ),
    )


@check("C6-2")
def _small_divided() -> Finding:
    size = size_finding(["population"])
    chosen, rates, gap = alignment_gap()
    parts = [size.verdict == "supported", gap >= DIVERGENT]
    share_below = size.observed.split(": ", 1)[-1].replace(
        "WB6 values below the neighbours'", "WB6 populations are below the"
    )
    return Finding(
        graded(parts),
        f"{share_below} of the six neighbouring "
        f"EU states ({size.observed.split(':')[0]}), and CFSP alignment rates in {text(chosen['period'].iloc[0])} "
        f"differ by {gap:g} points; how 'loose' the region is has no measure here.",
        f"{size.observed}; CFSP gap {gap:g} points",
        (*size.evidence, cite("cfsp_alignment", chosen, note="alignment rates")),
        (*size.compared, Compared("gap in CFSP alignment rates", f"divided ({DIVERGENT} points or more)", f"{gap:g}")),
        right=", ".join(n for n, ok in zip(("small", "divided"), parts, strict=True) if ok),
        wrong=", ".join(n for n, ok in zip(("small", "divided"), parts, strict=True) if not ok),
    )


#: Years before the report this project reads as "not new".
NOT_NEW_YEARS = 5


@check("C6-3")
def _not_new() -> Finding:
    frameworks = rows(
        "evidence_iisg_rcc",
        where=lambda t: (
            (t["topic_id"] == "C5-IISG-start")
            | ((t["topic_id"] == "C2-SALW-roadmap") & t["fact"].str.contains("Council Decision"))
        ),
    )
    years = {text(r["topic_id"]): year(r["value"]) for _, r in frameworks.iterrows()}
    known = [y for y in years.values() if y]
    earliest = min(known) if known else None
    age = int(PUBLISHED[:4]) - earliest if earliest else 0
    old = age >= NOT_NEW_YEARS
    return Finding(
        "partly supported" if old else "contradicted",
        f"The IISG (EU-endorsed {years.get('C5-IISG-start') or '-'}) and the SALW Roadmap (Council Decision "
        f"{years.get('C2-SALW-roadmap') or '-'}) go back {age} years before the report; whether the case is "
        "'contested' has no measure here.",
        f"earliest framework {earliest or '-'}",
        (cite("evidence_iisg_rcc", frameworks, note="dates of the frameworks"),),
        (
            Compared(
                "age of the regional security frameworks", f"not new ({NOT_NEW_YEARS} years or more)", f"{age} years"
            ),
        ),
        right="not new" if old else "",
        wrong="" if old else f"the frameworks are {age} years old",
    )


@check("C6-4")
def _already_partners() -> Finding:
    signed = rows("evidence_iisg_rcc", topic_id="C4-EU-AL-dialogue")
    partners = [
        c for c in WB6 if any(NAMES[c] in f and "Security and Defence Partnership" in f for f in signed["fact"])
    ]
    if not partners:
        return unrecorded("C6-4", conclusion="No Security and Defence Partnership with a WB6 country is recorded here.")
    when = re.search(r"Partnership signed (\w+ \d{4})", " ".join(signed["fact"]))
    return Finding(
        "contradicted" if len(partners) == len(WB6) else "partly supported",
        f"{', '.join(NAMES[c] for c in partners)} already had a Security and Defence Partnership with the EU "
        f"(signed {when.group(1) if when else 'before the report'}); none is recorded for the other "
        f"{len(WB6) - len(partners)}.",
        f"partnership: {', '.join(partners)}",
        (cite("evidence_iisg_rcc", signed),),
        (Compared("WB6 with an EU Security and Defence Partnership", "none (to be included)", ", ".join(partners)),),
        right=f"{len(WB6) - len(partners)} of the six have none recorded",
        wrong=f"{', '.join(NAMES[c] for c in partners)} already had one",
    )


@check("C6-5")
def _authoritarian_financing() -> Finding:
    loan, gdp, share = china_loan_share()
    ranked = rows("evidence_china", where=lambda t: (t["topic_id"] == "C3-FDI-China") & t["value"].str.contains("rank"))
    last_year = ranked["fact_date"].map(lambda d: max((int(y) for y in re.findall(r"\b20\d{2}\b", text(d))), default=0))
    latest = ranked.loc[last_year.idxmax()]
    ranks = ranked["value"].map(
        lambda v: number(re.search(r"rank (\d+)", text(v)).group(1)) if "rank " in text(v) else None
    )
    rank = ranks[latest.name]
    parts = [share >= DEPENDENCY, rank == 1]
    return Finding(
        graded(parts),
        f"China's Exim Bank lent Montenegro {share:.0%} of its GDP ({int(gdp['year'])}) and China ranked "
        f"{'first' if rank == 1 else rank} among investors in Serbia in {int(last_year.max())} (an official quoted by "
        f"{text(latest['publisher']).split(' (')[0]}; other rankings: "
        + ", ".join(
            f"{r:g} in {text(d)}"
            for i, r, d in zip(ranked.index, ranks, ranked["fact_date"], strict=True)
            if i != latest.name and r
        )
        + ").",
        f"loan {share:.0%} of GDP; China's FDI rank in Serbia: {rank} ({int(last_year.max())})",
        (
            cite("evidence_china", loan, note="the loan"),
            cite("wdi_population_gdp", gdp, note="Montenegro's GDP"),
            cite("evidence_china", ranked, note="China's rank among investors in Serbia"),
        ),
        (
            Compared("Chinese loan to Montenegro", f"substantial ({DEPENDENCY:.0%} of GDP or more)", f"{share:.0%}"),
            Compared(
                "China's rank among investors in Serbia",
                "a leading financier",
                f"{rank:g} ({int(last_year.max())})" if rank == rank and rank else "-",
            ),
        ),
        right=", ".join(
            n for n, ok in zip(("the Montenegro loan", "China's lead in Serbia"), parts, strict=True) if ok
        ),
        wrong=", ".join(
            n for n, ok in zip(("the Montenegro loan", "China's lead in Serbia"), parts, strict=True) if not ok
        ),
    )
