"""``index.html``: every report in an output folder, its parameters and build, and the claims scorecard.

The page is rendered from a Jinja2 template with autoescape: every text from a record, a notebook or the
data is escaped by construction, and links are URL-encoded.
"""

from __future__ import annotations

import functools
import itertools
import platform
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..files import write_atomic
from ..sanitise import protect
from . import layout, record
from .overview import chapter_label, findings, overview
from .record import Record, data_stamp

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "index"


@functools.cache
def _environment() -> Any:
    import jinja2

    from .. import report

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True)
    env.globals["report"] = {  # what every page says of the report, from ``report`` (never typed in a template)
        "title": report.TITLE, "publisher": report.PUBLISHER, "month": f"{report.DATE:%B %Y}",
        "date": report.date_text(),
    }
    return env


def _render(name: str = "index.html.j2", **values: Any) -> str:
    """A page from its template, with its Content-Security-Policy (``sanitise.protect``)."""
    from ..citation import colophon

    return protect(_environment().get_template(name).render(**({"colophon": colophon()} | values)))


def _parameters(params: dict[str, Any]) -> str:
    """The choices a report was built with, as a reader names them ('Country in focus: Albania')."""
    from ..params import label, shown

    return "; ".join(f"{label(k)}: {shown(v)}" for k, v in params.items()) or "as the report is by default"


def compare_page(out_dir: Path, notebook: str, title: str, records: list[Record]) -> str:
    """``compare__<notebook>.html``: the variants of one notebook side by side, read from their build records (the
    parameters, the paragraph on the country in focus, the figures it states by name, the figure files); returns
    the file name.  No page is read back: a record without the paragraph's data says 'not recorded'."""
    variants = [
        {
            "name": rec.name,
            "reader": rec.reader,
            "parameters": _parameters(rec.params),
            "country_view": rec.view.get("text") or "not recorded: rebuild the report",
            "figures": sum(path.startswith(layout.FIGURES + "/") for path in rec.files),
        }
        for rec in records
    ]
    stated = [dict(map(tuple, rec.view.get("figures", []))) for rec in records]
    labels = list(dict.fromkeys(label for figures in stated for label in figures))
    rows = []
    for label in labels:
        values = [figures.get(label, "not stated") for figures in stated]
        rows.append({"label": label, "values": values, "differs": len(set(values)) > 1})
    name = layout.compare_page(notebook)
    page = _render("compare.html.j2", title=title, notebook=notebook, variants=variants, rows=rows,
                   differing=sum(r["differs"] for r in rows))
    write_atomic(out_dir / name, page)
    return name


def _part(notebook: str) -> str:
    """The part of the report a notebook checks ('Chapter 2'), 'Notebook 41' for one of one's own, else its name."""
    return chapter_label(int(notebook[:2])) if notebook[:2].isdigit() else notebook


def card_heading(part: str, title: str) -> str:
    """A report's heading on the index: 'Chapter 2: its title', or the title alone where it names its part already
    ('Conclusions: the scorecard')."""
    return title if title.casefold().startswith(part.casefold()) else f"{part}: {title}"


def _findings_link(out_dir: Path, notebook: str) -> str:
    """The one-page findings of the part a notebook checks, when that page is in ``out_dir``."""
    if not notebook[:2].isdigit():
        return ""
    page = layout.findings_page(int(notebook[:2]))
    return page if (out_dir / page).exists() else ""


def _reports(group: list[Record], data_hash: str) -> list[dict[str, Any]]:
    return [
        {
            "reader": r.reader,
            "full": r.full,
            "parameters": _parameters(r.params),
            "variant": r.variant,
            "built": r.built,
            "seconds": float(r.seconds),
            "data": r.data or "unknown",
            "stale_data": r.data != data_hash,
        }
        for r in group
    ]


def _card_links(scores: dict[str, Any], records: list[Record]) -> dict[str, Any]:
    """Each claim, and each row of the change log, linked to its card in a page of this folder: its chapter's
    default report, else a variant of it; no link when neither is here."""
    from .. import report

    notebooks = {c.number: c.notebook for c in report.chapters()}
    pages: dict[str, str] = {}
    for rec in sorted(records, key=lambda r: (r.variant, r.name)):
        pages.setdefault(rec.notebook, rec.reader)

    def href(claim_id: str, chapter: int) -> str:
        page = pages.get(notebooks.get(chapter, ""))
        return f"{quote(page)}#{claim_id}" if page else ""

    claims = [claim | {"href": href(claim["id"], int(claim["chapter"]))} for claim in scores["claims"]]
    changes = [
        entry | {"rows": [row | {"href": href(row["id"], int(row["chapter"]))} for row in entry["rows"]]}
        for entry in scores["changes"]
    ]
    return scores | {"claims": claims, "changes": changes}


def write_index(out_dir: Path, scores: dict[str, Any] | None = None) -> Path:
    """``index.html`` (every report built into ``out_dir``, variants under their notebook, the scorecard and build
    information), ``claims.html`` (the claims explorer), ``methodology.html`` and ``changes.html`` (the change log of
    the verdicts) and each part's one-page findings: ``layout.site_pages()``.

    ``scores`` is ``overview()`` when the caller computed it already (a build does, while reports run).
    """
    records, unreadable = record.read_all(out_dir)
    data_version, data_hash = data_stamp()
    groups = []
    ordered = sorted(records, key=lambda r: (r.notebook, r.name))
    for notebook, grouped in itertools.groupby(ordered, lambda r: r.notebook):
        group = list(grouped)
        title = next((r.title for r in group if r.title), notebook)
        groups.append(
            {
                "notebook": notebook,
                "compare": compare_page(out_dir, notebook, title, group) if len(group) > 1 else "",
                "findings": _findings_link(out_dir, notebook),
                "heading": card_heading(_part(notebook), title),
                "reports": _reports(group, data_hash),
            }
        )
    scores = scores if scores is not None else overview()
    if "error" not in scores:
        scores = _card_links(scores, records)
        for page in (layout.CLAIMS_PAGE, layout.METHODOLOGY_PAGE, layout.CHANGES_PAGE):
            write_atomic(out_dir / page, _render(f"{page}.j2", **scores))
        for part in findings(scores["claims"]):
            write_atomic(out_dir / part["page"], _render("findings.html.j2", part=part, **scores))
    page = _render(
        groups=groups,
        stale_reports=sum(r["stale_data"] for g in groups for r in g["reports"]),
        scorecard=scores,
        unreadable=unreadable,
        version=__version__,
        data_version=data_version,
        data_hash=data_hash,
        python=platform.python_version(),
    )
    return write_atomic(out_dir / layout.INDEX_PAGE, page)
