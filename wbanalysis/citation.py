"""How to cite the evidence base and each of its fact-checks: APA text and BibTeX, from the project's version,
the date its data were last reviewed and, where the pages are published, their address.

Who publishes the checks is configurable (``WBANALYSIS_PUBLISHER``, ``WBANALYSIS_BASE_URL``), so an organisation
that builds and publishes the pages is named as their author, in the citations and in ClaimReview."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from . import __version__, report

#: Who publishes the checks when nobody says otherwise.
DEFAULT_PUBLISHER = "wbanalysis contributors"
TITLE = f"{report.TITLE}: the evidence base"


def publisher() -> str:
    """The organisation that publishes the checks (``WBANALYSIS_PUBLISHER``)."""
    return os.environ.get("WBANALYSIS_PUBLISHER", "").strip() or DEFAULT_PUBLISHER


def base_url() -> str:
    """Where the pages are published (``WBANALYSIS_BASE_URL``), ending in '/', or '' (links stay relative)."""
    url = os.environ.get("WBANALYSIS_BASE_URL", "").strip()
    if url and not url.startswith(("https://", "http://")):
        raise ValueError(f"WBANALYSIS_BASE_URL={url!r}: give an http(s) address, e.g. https://example.org/reports/")
    return url if not url or url.endswith("/") else url + "/"


@dataclass(frozen=True)
class Citation:
    """A suggested citation in two forms."""

    apa: str
    bibtex: str


def reviewed() -> str:
    """When the verdicts were reviewed: the latest date on which the data behind them were accessed."""
    from . import data

    dates = [s.get("accessed", "") for name in data.resource_names() for s in data.resource(name).get("sources", [])]
    return max(d for d in dates if d) if any(dates) else report.DATE.isoformat()


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def evidence_base() -> Citation:
    """The evidence base as a whole."""
    when = reviewed()
    who = publisher()
    url = base_url() + "index.html" if base_url() else ""
    apa = f"{who}. ({when[:4]}). {TITLE} (version {__version__}, data reviewed {when}). " + (url or "")
    bibtex = (f"@misc{{{_key(who)}{when[:4]}evidence,\n  author = {{{{{who}}}}},\n  title = {{{TITLE}}},\n"
              f"  year = {{{when[:4]}}},\n  version = {{{__version__}}},\n  note = {{Data reviewed {when}}}"
              + (f",\n  url = {{{url}}}" if url else "") + "\n}")
    return Citation(apa.strip(), bibtex)


def claim(claim_id: str, quote: str, page: str) -> Citation:
    """One fact-check: the claim's id and quote, on its chapter's page (``page``, with its anchor)."""
    when = reviewed()
    who = publisher()
    url = f"{base_url()}{page}#{claim_id}"
    short = quote if len(quote) <= 80 else quote[:79].rstrip() + "…"
    apa = (f"{who}. ({when[:4]}). Fact-check {claim_id}: “{short}” [{report.PUBLISHER_SHORT}, {report.TITLE}, "
           f"{report.date_text()}]. In {TITLE} (version {__version__}). {url}")
    bibtex = (f"@misc{{{_key(who)}{when[:4]}{_key(claim_id)},\n  author = {{{{{who}}}}},\n"
              f"  title = {{Fact-check {claim_id}: ``{short}''}},\n  howpublished = {{In {TITLE}}},\n"
              f"  year = {{{when[:4]}}},\n  version = {{{__version__}}},\n  url = {{{url}}}\n}}")
    return Citation(apa, bibtex)


def colophon() -> str:
    """What every page says it is, for a reader who cites or prints it: 'wbanalysis 0.1.0 · data package 2026.12 ·
    data reviewed 2026-12-06 · built 2026-12-07' (the day, in UTC)."""
    import time

    from . import data
    from .errors import WBAnalysisError

    try:
        package = str(data.package().get("version", "")) or "unknown"
        seen = reviewed()
    except (WBAnalysisError, OSError):
        package, seen = "unknown", "unknown"
    built = time.strftime("%Y-%m-%d", time.gmtime())
    return f"wbanalysis {__version__} · data package {package} · data reviewed {seen} · built {built}"
