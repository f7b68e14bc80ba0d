"""What the site's pages show of the claims: the verdict totals and chart, every claim for the explorer, the rule
table, readings, tiers and corrections for the methodology page, and the change log of the verdicts."""

from __future__ import annotations

import base64
from typing import Any

from .. import data
from ..errors import WBAnalysisError


def _verdict_styles(counts: dict[str, int] | None = None) -> list[dict[str, Any]]:
    from ..theme import SCALE

    return [
        {
            "name": g.name,
            "label": g.label,
            "badge": g.badge,
            "css": g.css,
            "colour": g.colour,
            "text": g.ink,
            "meaning": g.meaning,
            "count": (counts or {}).get(g.name, 0),
        }
        for g in SCALE
    ]


def _text(value: Any) -> str:
    """A cell for a page: text, or 'not available' for a missing value."""
    import pandas as pd

    return "not available" if value is None or pd.isna(value) else str(value)


def reading_text(reading: Any) -> str:
    """'at least 0.8 (another reading: at least 0.9)' for the methodology page."""
    from ..claims.compare import OPS

    def one(op: str, value: float | None) -> str:
        if op == "nearly":
            return f"between {value:g} times the figure and the figure"
        return f"{OPS.get(op, op + ' ')}{value:g} {reading.unit}".strip()

    text = one(reading.compare, reading.value)
    if reading.alternative_compare:
        text += f" (another reading: {one(reading.alternative_compare, reading.alternative_value)})"
    return text


def chapter_of(claim_id: str) -> int:
    """The chapter in a claim's id: 2 for 'C2-212' (ids are ``C<chapter>-<n>``, stable)."""
    return int(claim_id[1:].split("-")[0])


def chapter_label(chapter: int) -> str:
    """'Chapter 2', 'Introduction' (``data/report/chapters.csv``); a notebook of one's own that is no part of the
    report: 'Notebook 41'."""
    from .. import report

    known = {c.number: c.label for c in report.chapters()}
    return known.get(int(chapter), f"Notebook {int(chapter):02d}")


def overview() -> dict[str, Any]:
    """Everything the index, the claims explorer and the methodology page show of the claims (or the error)."""
    from .. import plots, report
    from ..claims import VERDICTS, evaluate_all, ledger
    from ..claims import scorecard as count
    from ..claims.asof import WHY
    from ..claims.evidence import TIERS
    from ..claims.rules import RULES, STATUS_MEANINGS
    from ..countries import NAMES, WB6
    from ..theme import GRADES

    try:
        verdicts = evaluate_all()
        corrections = data.load("corrections")
    except WBAnalysisError as exc:  # broken data must not stop the index listing the reports
        return {"error": str(exc)}
    card = count(verdicts)
    fig = plots.verdict_bars(count(verdicts, labels=True), title="Verdicts on the report's claims, by chapter",
                             ylabel="")
    rows = [{"label": chapter_label(ch), "counts": [int(card.loc[ch, v]) for v in VERDICTS]} for ch in card.index]
    totals = {v: int(card[v].sum()) for v in VERDICTS}
    claims = []
    for v in verdicts:
        text = f"{v.quote} {v.conclusion} {v.observed}"
        mentioned = [c for c in WB6 if c in text or NAMES[c] in text]
        claims.append(
            {
                "id": v.id,
                "chapter": v.chapter,
                "chapter_label": chapter_label(v.chapter),
                "verdict": v.verdict,
                "badge": GRADES[v.verdict].badge,
                "css": GRADES[v.verdict].css,
                "kind": v.kind,
                "quote": v.quote,
                "conclusion": v.conclusion,
                "then": v.at_publication,
                "then_badge": GRADES[v.at_publication].badge if v.at_publication else "",
                "then_css": GRADES[v.at_publication].css if v.at_publication else "",
                "changed": "yes" if v.at_publication and v.at_publication != v.verdict else "no",
                "then_and_now": v.then_and_now,
                "countries": " ".join(mentioned),
                "href": f"{report.chapter(v.chapter).page}#{v.id}",
            }
        )
    changed = [v for v in verdicts if v.at_publication and v.at_publication != v.verdict]
    return {
        "report_date": report.date_text(),
        "then_totals": {g: sum(v.at_publication == g for v in verdicts) for g in VERDICTS},
        "changed_total": len(changed),
        "changed_why": [{"why": words, "count": sum(v.changed_why == key for v in changed)}
                        for key, words in WHY.items() if any(v.changed_why == key for v in changed)],
        "changes": change_log(),
        "verdicts": _verdict_styles(totals),
        "rows": rows,
        "totals": totals,
        "total": len(verdicts),
        "chart": base64.b64encode(plots.png(fig)).decode(),
        "claims": claims,
        "chapters": [{"value": str(ch), "label": chapter_label(ch)} for ch in card.index],
        "kinds": sorted({v.kind for v in verdicts}),
        "countries": [{"code": c, "name": NAMES[c]} for c in WB6],
        "rules": [{"when": r.when, "verdict": GRADES[r.verdict].badge, "css": GRADES[r.verdict].css} for r in RULES],
        "statuses": [{"status": k, "meaning": m} for k, m in STATUS_MEANINGS.items()],
        "readings": [
            {"term": r.term, "reading": reading_text(r), "why": r.why} for r in ledger.readings().values()
        ],
        "tiers": [{"tier": k, "meaning": m} for k, m in TIERS.items()],
        "corrections": [
            {
                "id": r.id,
                "where": f"{r.resource}, row {r.row}",
                "printed": _text(r.printed),
                "corrected": _text(r.corrected),
                "evidence": _text(r.evidence),
                "reason": _text(r.reason),
            }
            for r in corrections.itertuples()
        ],
    }


def findings(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per part of the report: its verdicts today and at the report's date, and the claims found wrong, in part
    or whole, or left unverified, one line each (the one-page findings a reader prints)."""
    from .. import report
    from ..theme import FINDINGS_FIRST, GRADES
    from .layout import findings_page

    parts = []
    for part in report.chapters():
        mine = [c for c in claims if int(c["chapter"]) == part.number]
        if not mine:
            continue
        counts = [{"badge": GRADES[g].badge, "css": GRADES[g].css, "count": sum(c["verdict"] == g for c in mine)}
                  for g in FINDINGS_FIRST]
        shown = [c for c in mine if c["verdict"] in ("contradicted", "partly supported", "unverified")]
        shown.sort(key=lambda c: FINDINGS_FIRST.index(c["verdict"]))
        parts.append({"number": part.number, "label": part.label, "heading": part.heading, "author": part.author,
                      "pages": report.pages(part.number), "page": findings_page(part.number),
                      "counts": [c for c in counts if c["count"]], "shown": shown, "total": len(mine),
                      "changed": sum(c["changed"] == "yes" for c in mine)})
    return parts


def change_log() -> list[dict[str, Any]]:
    """The change log of the verdicts (``data/changes.csv``) grouped by record, newest first, for changes.html."""
    from .. import report
    from ..claims import drift
    from ..dates import spoken

    table = drift.log()
    records = []
    for (number, day), rows in table.groupby(["record", "date"], sort=False):
        inputs = sorted({i for cell in rows["inputs"] for i in cell.split() if i})
        records.append({
            "number": str(number),
            "date": spoken(str(day)),
            "iso": str(day),
            "inputs": ", ".join(i.replace("_", " ") for i in inputs) or "not recorded",
            "moved": int((rows["what"] == "verdict").sum()),
            "rows": [{"id": r.id, "chapter": chapter_of(r.id),
                      "href": f"{report.chapter(chapter_of(r.id)).page}#{r.id}",
                      "what": drift.WHAT[r.what],
                      "before": r.before or "—", "after": r.after or "—"} for r in rows.itertuples()],
        })
    return records
