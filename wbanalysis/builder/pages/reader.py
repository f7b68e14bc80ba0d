"""The reader's page: the page without code, opened by a summary of its claims' verdicts (findings first), links to
the other pages, a table of contents, and its figures described."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ... import sanitise
from ...theme import FINDINGS_FIRST, GRADES
from .. import layout
from . import cards as cards_on_page
from . import figures

if TYPE_CHECKING:
    from ...claims.model import Verdict


def _heading(tag: Any) -> str:
    """A heading's text without nbconvert's pilcrow anchor."""
    return tag.get_text(" ", strip=True).rstrip("¶").strip()


def reader(soup: Any, executed: Any, name: str, notebook: str, figure_files: list[str],
           claims: list[Verdict] | None = None) -> str:
    """The reader report from the page's tree without code (:func:`without_code`), with the verdict summary box,
    a table of contents, alt text and captions added."""
    page_name, full_name = layout.reader_page(name), layout.full_page(name)
    main = soup.find("main") or soup.body
    title = main.find("h1")
    every = list(claims or [])  # the page's claims, as data (``cards.render_again``)
    prefix = f"C{int(name[:2])}-" if name[:2].isdigit() else ""
    cards = [c for c in every if c.id.startswith(prefix)] or every  # this part's own (the index counts these)
    others = [c.id for c in every if c not in cards]
    counts = Counter(card.verdict for card in cards)
    # every piece of text goes in through the tree (``.string``, attributes): escaped by construction
    box = soup.new_tag("aside", attrs={"class": "wb-summary", "aria-label": "Summary"})
    if cards:
        heading = soup.new_tag("p")
        bold = soup.new_tag("b")
        bold.string = f"Claims of this part of the report: {len(cards)}"
        heading.append(bold)
        if others:
            named = ", ".join(others[:-1]) + " and " + others[-1] if len(others) > 1 else others[0]
            heading.append(f" (also shown where they bear on it, and counted in their own parts: {named})")
        box.append(heading)
        listing = soup.new_tag("ul")
        for verdict in (v for v in FINDINGS_FIRST if counts[v]):
            item = soup.new_tag("li")
            badge = soup.new_tag("span", attrs={"class": f"wb-verdict {GRADES[verdict].css}"})
            badge.string = GRADES[verdict].badge
            item.append(badge)
            item.append(f" {counts[verdict]}")
            listing.append(item)
        box.append(listing)
        findings = [c for c in cards if c.verdict in ("contradicted", "partly supported")]
        findings.sort(key=lambda c: FINDINGS_FIRST.index(c.verdict))
        if findings:
            line = soup.new_tag("p", attrs={"class": "wb-findings"})
            line.append("Findings first: ")
            for k, card in enumerate(findings):
                if k:
                    line.append(", ")
                link = soup.new_tag("a", attrs={"href": "#" + quote(card.id, safe="-")})
                link.string = f"{card.id} ({GRADES[card.verdict].symbol})"
                line.append(link)
            box.append(line)
    links = soup.new_tag("p")
    pages = (
        (quote(full_name), "Full report with code"),
        (layout.INDEX_PAGE, "All reports"),
        (layout.CLAIMS_PAGE, "Claims explorer"),
        (layout.METHODOLOGY_PAGE, "Methodology"),
    )
    for k, (href, label) in enumerate(pages):
        if k:
            links.append(" · ")
        link = soup.new_tag("a", attrs={"href": href})
        link.string = label
        links.append(link)
    box.append(links)
    own = cards_on_page.of_chapter(cards, notebook)
    if own:  # a claim's review lives on its own chapter's page only (one url per claim)
        script = soup.new_tag("script", attrs={"type": "application/ld+json"})
        script.string = cards_on_page.claimreview_json(own, quote(page_name))
        (soup.head or soup).append(script)
    headings = [h for h in main.find_all(["h2", "h3"]) if h.get("id")]
    toc = soup.new_tag("nav", attrs={"class": "wb-toc", "aria-label": "Contents"})
    label = soup.new_tag("p")
    label_text = soup.new_tag("b")
    label_text.string = "Contents"
    label.append(label_text)
    toc.append(label)
    entries = soup.new_tag("ol")
    for h in headings:
        entry = soup.new_tag("li", attrs={"class": f"wb-toc-{h.name}"})
        link = soup.new_tag("a", attrs={"href": "#" + quote(h["id"], safe="-_.~:!$'()*+,;=@")})
        link.string = _heading(h)
        entry.append(link)
        entries.append(entry)
    toc.append(entries)
    anchor = title.find_parent("div", class_="jp-Cell") if title else None
    if anchor is not None:
        anchor.insert_after(toc)
        anchor.insert_after(box)
    else:
        main.insert(0, toc)
        main.insert(0, box)
    figures.describe(soup, executed, figure_files)
    return sanitise.protect(str(soup), scripts=False)
