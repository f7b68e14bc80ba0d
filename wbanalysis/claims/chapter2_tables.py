"""Chapter 2 (Zorić): every row of Table 1 (C2-101...C2-116) and Table 2 (C2-201...C2-221) as a claim.

Table 1 rows are statements the report alone records unless an independent source bears on the row; Table 2
rows are compared with the Europol releases behind them (title, year, the WB6 named, repeated releases).
"""

from __future__ import annotations

import re

from ..analysis import europol
from ..countries import WB6
from .common import cite, eurojust_agreements, one, rows, text
from .model import Compared, Finding
from .registry import check

# --- Table 1 ------------------------------------------------------------------------------------------------------


def _table1(row: int) -> tuple[str, str]:
    """The framework's id and its participation as printed (the report's own reading)."""
    framework = one("table1_frameworks", row=row)
    statuses = rows("table1_participation", framework_id=framework["framework_id"])
    read = "; ".join(f"{c} {s}" for c, s in zip(statuses["country"], statuses["status"], strict=True))
    return framework["framework_id"], read


def _as_printed(row: int) -> Finding:
    fid, read = _table1(row)
    framework = one("table1_frameworks", row=row)
    return Finding(
        "not checkable",
        f"The row is recorded as printed ({read}); no membership list of {fid} is among the sources here.",
        f"as printed: {read}",
        (
            cite("table1_frameworks", framework),
            cite("table1_participation", rows("table1_participation", framework_id=fid)),
        ),
        reason="only the report itself records it",
        needs=f"the membership or partner list published by {fid} itself, dated before April 2025",
    )


for _row in (1, 2, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16):  # 15 (INTERPOL): its member count is C2-17
    check(f"C2-{100 + _row}")(lambda row=_row: _as_printed(row))


@check("C2-103")
def _iisg_strands() -> Finding:
    printed = one("table1_frameworks", row=3)
    source = one("evidence_iisg_rcc", topic_id="C5-IISG-pillars")
    wanted = {"counter-terrorism": "WBCTi", "serious crime": "WBCSCi", "border security": "WBBSi"}
    purposes = [p.strip() for p in text(printed["purpose"]).split(",")]
    pillars = text(source["value"])
    matched = [p for p in purposes if wanted.get(p, "#") in pillars]
    verdict = (
        "supported"
        if len(matched) == len(purposes) == len(wanted)
        else "partly supported"
        if matched
        else "contradicted"
    )
    return Finding(
        verdict,
        f"The IISG's own page gives its three pillars as {pillars}, which "
        f"{'match' if verdict == 'supported' else 'do not all match'} "
        "the purposes Table 1 prints (counter-terrorism, serious crime, border security).",
        f"purposes printed: {', '.join(purposes)}; pillars: {pillars}",
        (cite("table1_frameworks", printed), cite("evidence_iisg_rcc", source)),
        (Compared("IISG strands", ", ".join(purposes), pillars),),
    )


@check("C2-104")
def _eurojust() -> Finding:
    agreements, named, bih = eurojust_agreements()
    expected = [c for c in WB6 if c not in ("BIH", "XKX")]
    in_force = sorted(named) == sorted(expected)
    signed = "signed" in text(bih["value"]) and "not yet in force" in text(bih["value"])
    verdict = "supported" if in_force and signed else "partly supported" if in_force else "contradicted"
    return Finding(
        verdict,
        f"Eurojust's agreements of 2020 cover {', '.join(named)}, "
        "so 'except BiH and Kosovo' holds for agreements in force; "
        f"Bosnia and Herzegovina signed one in October 2024 ({text(bih['value'])}).",
        f"agreements in force: {', '.join(named)}; BiH: {text(bih['value'])}",
        (cite("evidence_other", agreements, url="Eurojust (address not recorded)"), cite("evidence_other", bih)),
        (Compared("WB6 with a Eurojust cooperation agreement", "all but BiH and Kosovo", ", ".join(named)),),
        right="the agreements in force" if in_force else "",
        wrong="" if in_force else "the WB6 with an agreement in force",
    )


@check("C2-107")
def _empact() -> Finding:
    releases = rows("europol_releases", where=lambda t: t["operation_name"].str.contains("EMPACT"))
    all_six = releases[releases["wb6_named_in_source"].fillna("").map(lambda s: set(s.split(";")) >= set(WB6))]
    return Finding(
        "supported" if len(all_six) else "not checkable",
        f"{len(all_six)} of the {len(releases)} EMPACT actions behind Table 2 name all six WB6 as taking part.",
        f"EMPACT releases naming all six: {len(all_six)} (rows {', '.join(str(i + 1) for i in all_six.index)})",
        (cite("europol_releases", releases, note="EMPACT actions and the WB6 their releases name"),),
        (Compared("WB6 among EMPACT's non-EU partners", "included", f"all six named in {len(all_six)} releases"),),
        reason="" if len(all_six) else "no EMPACT release here names the WB6",
        needs="" if len(all_six) else "EMPACT's list of participating countries",
    )


# --- Table 2 ------------------------------------------------------------------------------------------------------


def _numbers(title: str) -> list[float]:
    """Figures in a title; '1 426' and '1,426' are one number."""
    joined = re.sub(r"(\d)[ ,](\d{3})\b", r"\1\2", title)
    return [float(n) for n in re.findall(r"\d+(?:\.\d+)?", joined)]


def _typos(printed: set[str], real: set[str]) -> list[str]:
    """Printed words one letter away from a word of the release's title ('nice' for 'nine')."""
    return [
        f"'{w}' for '{r}'"
        for w in sorted(printed - real)
        for r in sorted(real)
        if len(w) == len(r) and sum(a != b for a, b in zip(w, r, strict=True)) == 1
    ]


def _words(title: str) -> set[str]:
    return set(re.findall(r"[a-z]+", title.lower()))


def _table2_row(row: int) -> Finding:
    printed = one("table2_europol_operations", row=row)
    release = one("europol_releases", table2_row=row)
    ticked = [c for c in WB6 if printed[c] == europol.TICK]
    named = [c for c in text(release["wb6_named_in_source"]).split(";") if c]
    complete = text(release["wb6_list_complete"]).startswith("yes")
    seen = text(release["real_title_seen"])
    title = text(printed["operation"])
    date = text(release["publication_date"])
    same = (
        rows("europol_releases", where=lambda t: (t["real_title_seen"] == seen) & (t["table2_row"] != row))
        if seen
        else None
    )
    repeat = rows("corrections", kind="duplicate", row=row)  # which printing is the repeat (the misplaced one)
    if repeat.empty:
        same = None
    problems, doubts, right = [], [], []
    compared = [Compared("year", str(printed["year"]), date or "publication date not seen")]
    if date and int(date[:4]) != int(printed["year"]):
        problems.append(f"the release was published in {date[:4]}, not {printed['year']}")
    elif date:
        right.append("the year")
    if seen:
        compared.append(Compared("title", title, seen))
        shown, real = _numbers(title), _numbers(seen)
        if shown and real and shown != real[: len(shown)]:
            problems.append(
                f"the figure in the title is {', '.join(f'{n:g}' for n in real[: len(shown)])}, "
                f"not {', '.join(f'{n:g}' for n in shown)}"
            )
        elif _typos(_words(title), _words(seen)):
            doubts.append(f"a typo in the title: {', '.join(_typos(_words(title), _words(seen)))}")
        elif len(_words(title) & _words(seen)) < 0.6 * len(_words(title)):
            doubts.append("the title is not the release's")
        else:
            right.append("the title (shortened or paraphrased at most)")
    if complete and named:
        compared.append(Compared("WB6 taking part", ", ".join(ticked) or "none", ", ".join(named)))
        (
            right.append("the WB6 marked")
            if sorted(ticked) == sorted(named)
            else problems.append(f"the release names {', '.join(named)}, the table marks {', '.join(ticked) or 'none'}")
        )
    else:
        doubts.append("the release's list of participants was not seen, so the marks are unverified")
    if same is not None and not same.empty:
        problems.append(f"the same release is printed again as row {', '.join(str(r) for r in same['table2_row'])}")
    quantity = any("figure in the title" in p for p in problems)
    verdict = "contradicted" if quantity else "partly supported" if problems or doubts else "supported"
    conclusion = (
        "The row matches its Europol release."
        if verdict == "supported"
        else f"The row differs from its Europol release: {'; '.join(problems + doubts)}."
    )
    evidence = [cite("table2_europol_operations", printed), cite("europol_releases", release)]
    if same is not None and not same.empty:
        evidence += [cite("europol_releases", same, note="the same release"), cite("corrections", repeat)]
    return Finding(
        verdict,
        conclusion,
        "; ".join(f"{c.what}: {c.observed}" for c in compared),
        tuple(evidence),
        tuple(compared),
        right=", ".join(right),
        wrong="; ".join(problems),
    )


for _row in range(1, 22):
    check(f"C2-{200 + _row}")(lambda row=_row: _table2_row(row))
