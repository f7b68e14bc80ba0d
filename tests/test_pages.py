"""The pages as a reader meets them: in plain words (no parameter names, hashes, codes or file paths), and in print
(a chapter in a few pages, no heading stranded at the foot of a page, each part's findings on one page)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from wbanalysis import params, report
from wbanalysis.builder.layout import findings_page
from wbanalysis.labels import LABELS

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (make test installs it)")

#: Code words a reader must not meet: parameter and column names, hashes, file paths, country codes, 'WB6'.
CODE_WORDS = re.compile(
    "|".join([
        r"\b(?:" + "|".join(sorted(set(LABELS) | set(params.PARSERS), key=len, reverse=True)) + r")\b(?=[^ ]*_|\s*=)",
        r"\b[a-z]+_[a-z0-9_]+\b",  # snake_case names
        r"\b[0-9a-f]{12,64}\b",  # hashes
        r"\bsha256\b",
        r"(?:\bdata|\bwbanalysis|\bfigures)/[\w./-]+",  # project paths
        r"\b[\w-]+\.(?:csv|json|py|ipynb)\b",  # file names
        r"\b(?:ALB|BIH|XKX|MNE|MKD|SRB|HRV|SVN|HUN|ROU|BGR|GRC)\b",  # country codes
        r"(?<!-)\bWB6\b",
    ])
)


def reader_pages(out: Path) -> list[Path]:
    return sorted(p for p in out.glob("*.html") if not p.name.endswith(".full.html"))


def visible_text(page: Path) -> str:
    """What a reader reads: the page's text without scripts and styles, link addresses, and what is marked as
    someone else's words (quotes of the report in “…”, its tables as printed, the publishers' titles, citations)."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for tag in soup(["script", "style", "blockquote", "pre"]):
        tag.decompose()
    for tag in soup.select(".wb-verbatim, .wb-cite, a"):
        tag.decompose()
    text = " ".join(soup.get_text(" ").split())
    return re.sub(r"“[^”]*”", "“…”", text)  # quotations: the report's words


def test_reader_pages_speak_plain_words(reports):
    found = {}
    for page in reader_pages(reports):
        hits = sorted({m.group() for m in CODE_WORDS.finditer(visible_text(page))})
        if hits:
            found[page.name] = hits[:12]
    assert not found, f"code words on reader pages: {found}"


def test_the_scan_finds_code_words(tmp_path):
    page = tmp_path / "p.html"
    for text in ("built with focus_country = SRB", "data 34b2f0c15ef4", "see data/claims.csv", "the WB6 met"):
        page.write_text(f"<html><body><p>{text}</p></body></html>", encoding="utf-8")
        assert CODE_WORDS.search(visible_text(page)), text
    page.write_text("<html><body><blockquote>the WB6 met</blockquote><p>Serbia</p></body></html>", encoding="utf-8")
    assert not CODE_WORDS.search(visible_text(page))


def _pdf(page: Path, tmp: Path) -> tuple[int, list[str]]:
    """Print a page with headless Chromium: (number of pages, the text of each page)."""
    from pypdf import PdfReader

    pdf = tmp / (page.stem + ".pdf")
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", page.as_uri()], check=True, capture_output=True, timeout=120)
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    return len(reader.pages), [p.extract_text() or "" for p in reader.pages]


def _headings(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [" ".join(h.get_text(" ").replace("¶", "").split()) for h in soup.find_all(["h1", "h2", "h3"])]


@needs_chromium
def test_a_chapter_prints_in_a_dozen_pages_with_no_stranded_heading(reports, tmp_path):
    page = reports / f"{report.chapter(4).notebook}.html"
    count, texts = _pdf(page, tmp_path)
    assert count <= 12, f"{page.name} prints on {count} pages"
    headings = [h for h in _headings(page) if h]
    for number, text in enumerate(texts[:-1], start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert lines and lines[-1] not in headings, f"page {number} ends with the heading {lines[-1]!r}"


@needs_chromium
@pytest.mark.parametrize("part", [c.number for c in report.chapters()])
def test_each_parts_findings_print_on_one_page(reports, tmp_path, part):
    count, _ = _pdf(reports / findings_page(part), tmp_path)
    assert count == 1


@needs_chromium
def test_site_pages_print_without_navigation(reports, tmp_path):
    for name in ("index.html", "claims.html", "methodology.html"):
        _, texts = _pdf(reports / name, tmp_path)
        assert "Claims explorer ·" not in texts[0] and "Filter by" not in " ".join(texts[:1]) or name != "claims.html"


def _counts_in_badges(block) -> dict[str, int]:
    """{verdict label: count} from a list of badges followed by their counts."""
    found = {}
    for item in block.find_all("li"):
        badge = item.find("span")
        if badge is not None:
            number = re.search(r"\d+", item.get_text(" ").replace(badge.get_text(), ""))
            found[badge.get_text(" ").split(" ", 1)[-1].strip().lower()] = int(number.group())
    return found


def test_one_number_everywhere_for_each_parts_verdicts(reports):
    """The index's table, the explorer's rows, each chapter page's summary and each part's findings page count
    the same claims with the same verdicts."""
    from wbanalysis.theme import GRADES, VERDICTS

    index = BeautifulSoup((reports / "index.html").read_text(encoding="utf-8"), "html.parser")
    table = index.find("caption", string=re.compile("per part")).find_parent("table")
    head = [th.get_text(" ").strip().lower() for th in table.find("tr").find_all("th")[1:]]
    explorer = BeautifulSoup((reports / "claims.html").read_text(encoding="utf-8"), "html.parser")
    for part in report.chapters():
        row = table.find("th", string=part.label).find_parent("tr")
        on_index = {v: int(td.get_text()) for v, td in zip(head, row.find_all("td"), strict=False)}
        on_index = {v: n for v, n in on_index.items() if v in {g.label.lower() for g in GRADES.values()} and n}
        rows = explorer.select(f'#claims tbody tr[data-chapter="{part.number}"]')
        in_explorer = {GRADES[v].label.lower(): sum(r["data-verdict"] == v for r in rows) for v in VERDICTS}
        in_explorer = {v: n for v, n in in_explorer.items() if n}
        page = BeautifulSoup((reports / f"{part.notebook}.html").read_text(encoding="utf-8"), "html.parser")
        on_page = _counts_in_badges(page.select_one("aside.wb-summary"))
        findings = BeautifulSoup((reports / findings_page(part.number)).read_text(encoding="utf-8"), "html.parser")
        on_findings = _counts_in_badges(findings.select_one("ul.counts"))
        assert on_index == in_explorer == on_page == on_findings, part.label


def test_every_share_stated_with_its_counts_is_their_ratio(reports):
    """'N of the M ... (P%)' anywhere on a reader page: P is N/M, so a share is never quoted on another basis."""
    pattern = re.compile(r"\b(\d+) of the (\d+)\b[^()%]{0,120}?\((\d+(?:\.\d+)?)%")
    checked = 0
    for page in reader_pages(reports):
        for n, m, p in pattern.findall(visible_text(page)):
            checked += 1
            assert round(100 * int(n) / int(m)) == round(float(p)), (page.name, n, m, p)
    assert checked >= 3


def test_every_page_says_what_it_is_and_when_it_was_built(reports):
    """A version, the data package and the build date on every page, for whoever cites or prints it."""
    from wbanalysis import __version__

    pages = sorted(reports.glob("*.html"))
    assert len(pages) > 10
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        footer = soup.find("footer", class_="wb-colophon")
        assert footer is not None, page.name
        text = footer.get_text(" ", strip=True)
        assert f"wbanalysis {__version__}" in text and re.search(r"built \d{4}-\d{2}-\d{2}", text), page.name
