"""``index.html``: every report in an output folder, its parameters and build, and the claims scorecard.

The page is rendered from a Jinja2 template with autoescape: every text from a record, a notebook or the
data is escaped by construction, and links are URL-encoded.
"""

from __future__ import annotations

import base64
import functools
import itertools
import platform
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .. import __version__, data
from ..errors import WBAnalysisError
from ..files import write_atomic
from ..sanitise import protect
from . import cache

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "index"


#: The pages of the evidence base written beside the reports (``write_index``), besides each part's findings.
SITE_PAGES = ("index.html", "claims.html", "methodology.html", "changes.html")


def site_pages() -> tuple[str, ...]:
    """Every page of the evidence base: ``SITE_PAGES`` and the one-page findings of each part of the report."""
    from .. import report

    try:
        return SITE_PAGES + tuple(findings_page(c.number) for c in report.chapters())
    except WBAnalysisError:  # broken data: the index says so; the pages of the evidence base are not written
        return SITE_PAGES


@functools.cache
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True)


def _render(name: str = "index.html.j2", **values: Any) -> str:
    """A page from its template, with its Content-Security-Policy (``sanitise.protect``)."""
    return protect(_environment().get_template(name).render(**values))


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
    from ..claims.export import chapter_page
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
                "href": f"{chapter_page(v.chapter)}#{v.id}",
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


def findings_page(chapter: int) -> str:
    """The one-page summary of a part's findings, for print: ``findings-NN.html``."""
    return f"findings-{int(chapter):02d}.html"


def findings(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per part of the report: its verdicts today and at the report's date, and the claims found wrong, in part
    or whole, or left unverified, one line each (the one-page findings a reader prints)."""
    from .. import report
    from ..theme import FINDINGS_FIRST, GRADES

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
    from ..claims import drift
    from ..claims.export import chapter_page
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
            "rows": [{"id": r.id, "href": f"{chapter_page(int(r.id[1]))}#{r.id}", "what": drift.WHAT[r.what],
                      "before": r.before or "—", "after": r.after or "—"} for r in rows.itertuples()],
        })
    return records


def _parameters(params: dict[str, Any]) -> str:
    """The choices a report was built with, as a reader names them ('Country in focus: Albania')."""
    from ..params import label, shown

    return "; ".join(f"{label(k)}: {shown(v)}" for k, v in params.items()) or "as the report is by default"


def compare_page(out_dir: Path, notebook: str, title: str, records: list[dict]) -> str:
    """``compare__<notebook>.html``: the variants of one notebook side by side (parameters, the chosen-country
    paragraph and its numbers, the figures); returns the file name."""
    import re

    from bs4 import BeautifulSoup

    variants, numbers = [], []
    for rec in records:
        try:
            soup = BeautifulSoup((out_dir / rec["reader"]).read_text(encoding="utf-8"), "html.parser")
        except OSError:
            continue
        view = soup.find("div", class_="wb-country-view")
        text = view.get_text(" ", strip=True) if view else "not available"
        variants.append(
            {
                "name": rec["name"],
                "reader": rec["reader"],
                "parameters": _parameters(rec.get("params") or {}),
                "country_view": text,
                "figures": len(soup.find_all("img")),
            }
        )
        numbers.append({"name": rec["name"], "numbers": re.findall(r"\d[\d,.]*%?", text)})
    width = max((len(n["numbers"]) for n in numbers), default=0)
    for row in numbers:
        row["numbers"] += ["not available"] * (width - len(row["numbers"]))
    name = f"compare__{notebook}.html"
    page = _render(
        "compare.html.j2",
        title=title,
        notebook=notebook,
        variants=variants,
        differing=numbers if width else [],
        differing_width=width,
    )
    write_atomic(out_dir / name, page)
    return name


def data_stamp() -> tuple[str, str]:
    """The data package's version and the first 12 digits of its descriptor's sha256 (what a report was built
    with: its record keeps it, and the index shows it beside the report)."""
    try:
        return str(data.package().get("version", "")), data.sha256(data.DATA_DIR / data.PACKAGE_FILE)[7:19]
    except (WBAnalysisError, OSError):
        return "unknown", "unknown"


def write_index(out_dir: Path, scores: dict[str, Any] | None = None) -> Path:
    """``index.html`` (every report built into ``out_dir``, variants under their notebook, the scorecard and build
    information), ``claims.html`` (the claims explorer), ``methodology.html`` and ``changes.html`` (the change log of
    the verdicts): ``SITE_PAGES``.

    ``scores`` is ``overview()`` when the caller computed it already (a build does, while reports run).
    """
    records, unreadable = cache.records(out_dir)
    data_version, data_hash = data_stamp()
    groups = []
    for notebook, group in itertools.groupby(
        sorted(records, key=lambda r: (r["notebook"], r["name"])), key=lambda r: r["notebook"]
    ):
        group = list(group)
        reports = [
            {
                "reader": str(r["reader"]),
                "full": str(r["full"]),
                "parameters": _parameters(r.get("params") or {}),
                "variant": bool(r.get("variant")),
                "built": str(r.get("built", "")),
                "seconds": float(r.get("seconds") or 0),
                "data": str(r.get("data") or "unknown"),
                "stale_data": str(r.get("data") or "") != data_hash,
            }
            for r in group
        ]
        stem = str(notebook)
        part = chapter_label(int(stem[:2])) if stem[:2].isdigit() else stem
        title = next((r["title"] for r in group if r.get("title")), notebook)
        compare = compare_page(out_dir, stem, title, group) if len(group) > 1 else ""
        groups.append(
            {
                "notebook": notebook,
                "compare": compare,
                "findings": findings_page(int(stem[:2])) if stem[:2].isdigit() and (out_dir / findings_page(
                    int(stem[:2]))).exists() else "",
                "chapter": part,
                "title": next((r["title"] for r in group if r.get("title")), notebook),
                "reports": reports,
            }
        )
    scores = scores if scores is not None else overview()
    if "error" not in scores:
        # link each claim to its card in a page that is in this folder (the default report, else a variant)
        reader = {}
        for rec in sorted(records, key=lambda r: (bool(r.get("variant")), r["name"])):
            reader.setdefault(str(rec["notebook"])[:2], rec["reader"])
        claims = []
        for claim in scores["claims"]:
            page = reader.get(f"{int(claim['chapter']):02d}")
            claims.append(claim | {"href": f"{quote(page)}#{claim['id']}" if page else ""})
        changes = [record | {"rows": [row | {"href": f"{quote(reader[row['id'][1:].split('-')[0].zfill(2)])}"
                                                     f"#{row['id']}" if row["id"][1:].split("-")[0].zfill(2) in reader
                                             else ""} for row in record["rows"]]}
                   for record in scores["changes"]]
        scores = scores | {"claims": claims, "changes": changes}
        write_atomic(out_dir / "claims.html", _render("claims.html.j2", **scores))
        write_atomic(out_dir / "methodology.html", _render("methodology.html.j2", **scores))
        write_atomic(out_dir / "changes.html", _render("changes.html.j2", **scores))
        for part in findings(scores["claims"]):
            write_atomic(out_dir / part["page"], _render("findings.html.j2", part=part, **scores))
    page = _render(
        groups=groups,
        scorecard=scores,
        unreadable=unreadable,
        version=__version__,
        data_version=data_version,
        data_hash=data_hash,
        python=platform.python_version(),
    )
    return write_atomic(out_dir / "index.html", page)
