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
CHAPTER_NAMES = {0: "Introduction", 6: "Conclusions"}


@functools.cache
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True)


def _render(name: str = "index.html.j2", **values: Any) -> str:
    """A page from its template, with its Content-Security-Policy (``sanitise.protect``)."""
    return protect(_environment().get_template(name).render(**values))


def _verdict_styles(counts: dict[str, int] | None = None) -> list[dict[str, Any]]:
    from ..claims import MEANINGS, VERDICTS
    from ..theme import VERDICT_STYLE, badge_text, css_class

    dark = {"partly supported", "contradicted"}  # dark text on the light colours, for contrast
    return [
        {
            "name": v,
            "label": VERDICT_STYLE[v][0],
            "badge": badge_text(v),
            "css": css_class(v),
            "colour": VERDICT_STYLE[v][2],
            "text": "#000" if v in dark else "#fff",
            "meaning": MEANINGS[v],
            "count": (counts or {}).get(v, 0),
        }
        for v in VERDICTS
    ]


def _text(value: Any) -> str:
    """A cell for a page: text, or 'not available' for a missing value."""
    import pandas as pd

    return "not available" if value is None or pd.isna(value) else str(value)


def chapter_label(chapter: int) -> str:
    return CHAPTER_NAMES.get(int(chapter), f"Chapter {chapter}")


def overview() -> dict[str, Any]:
    """Everything the index, the claims explorer and the methodology page show of the claims (or the error)."""
    from .. import plots
    from ..claims import VERDICTS, evaluate_all
    from ..claims import scorecard as count
    from ..claims.export import chapter_page
    from ..countries import NAMES, WB6
    from ..theme import badge_text, css_class

    try:
        verdicts = evaluate_all()
        corrections = data.load("corrections")
    except WBAnalysisError as exc:  # broken data must not stop the index listing the reports
        return {"error": str(exc)}
    card = count(verdicts)
    fig = plots.verdict_bars(card, title="Verdicts on the report's claims, by chapter", ylabel="chapter")
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
                "badge": badge_text(v.verdict),
                "css": css_class(v.verdict),
                "kind": v.kind,
                "quote": v.quote,
                "conclusion": v.conclusion,
                "countries": " ".join(mentioned),
                "href": f"{chapter_page(v.chapter)}#{v.id}",
            }
        )
    return {
        "verdicts": _verdict_styles(totals),
        "rows": rows,
        "totals": totals,
        "total": len(verdicts),
        "chart": base64.b64encode(plots.png(fig)).decode(),
        "claims": claims,
        "chapters": [{"value": str(ch), "label": chapter_label(ch)} for ch in card.index],
        "kinds": sorted({v.kind for v in verdicts}),
        "countries": [{"code": c, "name": NAMES[c]} for c in WB6],
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


def _parameters(params: dict[str, Any]) -> str:
    return ", ".join(f"{k} = {', '.join(map(str, v)) if isinstance(v, list) else v}" for k, v in params.items()) or (
        "default parameters"
    )


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
    information), ``claims.html`` (the claims explorer) and ``methodology.html``.

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
        scores = scores | {"claims": claims}
        write_atomic(out_dir / "claims.html", _render("claims.html.j2", **scores))
        write_atomic(out_dir / "methodology.html", _render("methodology.html.j2", **scores))
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
