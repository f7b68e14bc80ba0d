"""Where each file of an output folder goes: a report's two pages, its figures, its build record, the executed copy
of a failed notebook, the folder's lock and the site's own pages.  Every other module asks here for a name."""

from __future__ import annotations

from pathlib import Path

#: The folder of build records inside an output folder.
RECORDS = ".build"
#: The lock file of an output folder: one build writes there at a time.
LOCK_FILE = ".build.lock"
#: Where a failed notebook's executed copy is kept.
FAILED = "failed"
#: Where figures are written for reuse.
FIGURES = "figures"
#: The pages of the evidence base written beside the reports (``index.write_index``).
INDEX_PAGE = "index.html"
CLAIMS_PAGE = "claims.html"
METHODOLOGY_PAGE = "methodology.html"
CHANGES_PAGE = "changes.html"
SITE_PAGES = (INDEX_PAGE, CLAIMS_PAGE, METHODOLOGY_PAGE, CHANGES_PAGE)


def findings_page(chapter: int) -> str:
    """``findings-02.html``: the one-page summary of a part's findings, for print."""
    return f"findings-{int(chapter):02d}.html"


def site_pages() -> tuple[str, ...]:
    """Every page of the evidence base: ``SITE_PAGES`` and the one-page findings of each part of the report."""
    from .. import report
    from ..errors import WBAnalysisError

    try:
        return SITE_PAGES + tuple(findings_page(c.number) for c in report.chapters())
    except WBAnalysisError:  # broken data: the index says so; the pages of the evidence base are not written
        return SITE_PAGES


def reader_page(name: str) -> str:
    """``02_institutional_frameworks.html``: the page without code."""
    return f"{name}.html"


def full_page(name: str) -> str:
    """``02_institutional_frameworks.full.html``: the page with code, for researchers."""
    return f"{name}.full.html"


def compare_page(notebook: str) -> str:
    """``compare__02_institutional_frameworks.html``: a notebook's variants side by side."""
    return f"compare__{notebook}.html"


def record_path(out_dir: Path, name: str) -> Path:
    """A report's build record."""
    return Path(out_dir) / RECORDS / f"{name}.json"


def failed_copy(out_dir: Path, name: str) -> Path:
    """Where a failed report's executed notebook is kept."""
    return Path(out_dir) / FAILED / f"{name}.ipynb"


def figure(name: str) -> str:
    """A figure's path relative to the output folder."""
    return f"{FIGURES}/{name}"
