"""Finishing touches on exported reports: verdict summary, table of contents, figure alt text and
captions, a link to the full report, and the figures written out as files for reuse."""

from __future__ import annotations

import base64
import re
from collections import Counter
from typing import Any
from urllib.parse import quote

from . import sanitise
from .theme import FINDINGS_FIRST, GRADES


def figures(executed: Any) -> list[tuple[str, bytes, bytes | None]]:
    """(description, PNG bytes, SVG bytes or None) of every figure output, in notebook order."""
    found = []
    for cell in executed.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data:
                text = "".join(data.get("text/plain", "")) or "Figure"
                svg = data.get("image/svg+xml")
                found.append(
                    (text.strip(), base64.b64decode(data["image/png"]), "".join(svg).encode() if svg else None)
                )
    return found


def slug(text: str) -> str:
    """A stable file-name fragment from a figure title."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower().removeprefix("figure:")).strip("-")[:60] or "figure"


def figure_files(executed: Any, report: str) -> dict[str, bytes]:
    """Every figure as ``{file name: content}``: PNG, and SVG where the kernel produced one, in notebook order."""
    files: dict[str, bytes] = {}
    for number, (text, png, svg) in enumerate(figures(executed), 1):
        stem = f"{report}__{number:02d}-{slug(text.partition('. Source: ')[0])}"
        files[f"{stem}.png"] = png
        if svg is not None:
            files[f"{stem}.svg"] = svg
    return files


def _heading(tag: Any) -> str:
    """A heading's text without nbconvert's pilcrow anchor."""
    return tag.get_text(" ", strip=True).rstrip("¶").strip()


def _one_card_per_claim(soup: Any) -> list[Any]:
    """The claim cards of a page, one per claim: a card shown again further down becomes a link to the first."""
    seen: dict[str, Any] = {}
    for card in soup.find_all("div", class_="wb-claim"):
        claim = card.get("id")
        if claim in seen:
            note = soup.new_tag("p", attrs={"class": "wb-seen"})
            link = soup.new_tag("a", attrs={"href": "#" + quote(claim, safe="-")})
            link.string = f"{claim}: see its card above"
            note.append(link)
            card.replace_with(note)
        else:
            seen[claim] = card
    return list(seen.values())


def parse(page: str) -> Any:
    """An exported page as a tree, with everything that came from the notebook (its body) sanitised by nh3
    (``sanitise.clean``); the page's own additions come afterwards, through the tree."""
    from bs4 import BeautifulSoup

    return BeautifulSoup(sanitise.clean_body(page), "html.parser")


def full(soup: Any) -> str:
    """The full report from its tree (:func:`parse`): each claim's card once (a later copy becomes a link), so its
    anchor is unique."""
    _one_card_per_claim(soup)
    return sanitise.protect(str(soup), scripts=False)


def _remove(tag: Any) -> None:
    """Remove an element and the line break before it (as if the template had not written it)."""
    before = tag.previous_sibling
    if isinstance(before, str) and not before.strip():
        before.extract()
    tag.decompose()


def _children(tag: Any, name: str) -> list[Any]:
    """``tag``'s child elements with the class ``name`` (the template's own structure, not a notebook's HTML)."""
    return tag.find_all("div", class_=name, recursive=False) if tag is not None else []


def without_code(soup: Any) -> Any:
    """The full report's tree as the reader sees it, in place: code cells keep their outputs only, with no
    prompts (what nbconvert writes with ``exclude_input`` and no prompts, without exporting the notebook twice).

    Only the template's own elements are touched, found by their place (cell, wrapper, area, prompt), so a
    notebook's HTML that happens to use the same class names is left as it is."""
    for cell in _children(soup.find("main") or soup.body, "jp-Cell"):
        classes = list(cell.get("class", []))
        if "jp-CodeCell" in classes:
            for wrapper in _children(cell, "jp-Cell-inputWrapper"):
                _remove(wrapper)
            if "jp-mod-noInput" not in classes:
                at = 3 + ("jp-mod-noOutputs" in classes)  # where the template puts it: before the cell tags
                cell["class"] = classes[:at] + ["jp-mod-noInput"] + classes[at:]
            for wrapper in _children(cell, "jp-Cell-outputWrapper"):
                for area in _children(wrapper, "jp-OutputArea"):
                    for child in _children(area, "jp-OutputArea-child"):
                        for prompt in _children(child, "jp-OutputPrompt"):
                            _remove(prompt)
        elif "jp-MarkdownCell" in classes:
            for wrapper in _children(cell, "jp-Cell-inputWrapper"):
                for area in _children(wrapper, "jp-InputArea"):
                    for prompt in _children(area, "jp-InputPrompt"):
                        _remove(prompt)
    return soup


def claimreview_json(ids: list[str], page_name: str) -> str:
    """The ClaimReview JSON-LD of the claims on a page, safe inside a <script> element."""
    import json

    from . import data
    from .claims import claimreview, evaluate

    version = data.fingerprint()  # once for the page, not once per claim
    reviews = claimreview([evaluate(i, version) for i in ids], page=page_name)
    return json.dumps(reviews, ensure_ascii=False).replace("</", "<\\/")


def reader(soup: Any, executed: Any, full_name: str, figure_files: list[str]) -> str:
    """The reader report from the page's tree without code (:func:`without_code`), with the verdict summary box,
    a table of contents, alt text and captions added."""
    page_name = full_name.removesuffix(".full.html") + ".html"
    main = soup.find("main") or soup.body
    title = main.find("h1")
    every = _one_card_per_claim(soup)
    prefix = f"C{int(page_name[:2])}-" if page_name[:2].isdigit() else ""
    cards = [c for c in every if c["id"].startswith(prefix)] or every  # this part's own (the index counts these)
    others = [c["id"] for c in every if c not in cards]
    counts = Counter(card.get("data-verdict") for card in cards)
    # every piece of text goes in through the tree (``.string``, attributes): escaped by construction
    box = soup.new_tag("aside", attrs={"class": "wb-summary", "aria-label": "Summary"})
    if cards:
        heading = soup.new_tag("p")
        bold = soup.new_tag("b")
        bold.string = f"Claims of this part of the report: {len(cards)}"
        heading.append(bold)
        if others:
            heading.append(f" (also shown where they bear on it, and counted in their own parts: "
                           f"{', '.join(others[:-1]) + ' and ' + others[-1] if len(others) > 1 else others[0]})")
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
        findings = [c for c in cards if c.get("data-verdict") in ("contradicted", "partly supported")]
        findings.sort(key=lambda c: FINDINGS_FIRST.index(c.get("data-verdict")))
        if findings:
            line = soup.new_tag("p", attrs={"class": "wb-findings"})
            line.append("Findings first: ")
            for k, card in enumerate(findings):
                if k:
                    line.append(", ")
                link = soup.new_tag("a", attrs={"href": "#" + quote(card["id"], safe="-")})
                link.string = f"{card['id']} ({GRADES[card.get('data-verdict')].symbol})"
                line.append(link)
            box.append(line)
    links = soup.new_tag("p")
    pages = (
        (quote(full_name), "Full report with code"),
        ("index.html", "All reports"),
        ("claims.html", "Claims explorer"),
        ("methodology.html", "Methodology"),
    )
    for k, (href, label) in enumerate(pages):
        if k:
            links.append(" · ")
        link = soup.new_tag("a", attrs={"href": href})
        link.string = label
        links.append(link)
    box.append(links)
    own = [c["id"] for c in cards if c["id"].startswith(f"C{page_name[1:2]}-") and page_name[:2].isdigit()]
    if own:  # a claim's review lives on its own chapter's page only (one url per claim)
        script = soup.new_tag("script", attrs={"type": "application/ld+json"})
        script.string = claimreview_json(own, quote(page_name))
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
    described = figures(executed)
    images = [i for i in soup.find_all("img") if str(i.get("src", "")).startswith("data:image/png")]
    stems = list(dict.fromkeys(name.rsplit(".", 1)[0] for name in figure_files))  # figures/ names, in order
    for img, (text, _, _), stem in zip(images, described, stems, strict=False):
        title, _, source = text.removeprefix("Figure:").strip().partition(". Source: ")
        img["alt"] = title
        caption = soup.new_tag("p", attrs={"class": "wb-caption"})
        caption.string = title + (f". Source: {source}" if source else "") + ". The figure as a file: "
        kinds = [kind for kind in ("png", "svg") if f"{stem}.{kind}" in figure_files]
        for number, kind in enumerate(kinds):
            link = soup.new_tag("a", href=f"figures/{quote(stem)}.{kind}")
            link.string = kind.upper()
            caption.append(link)
            caption.append(" or " if number < len(kinds) - 1 else ".")
        img.insert_after(caption)
    return sanitise.protect(str(soup), scripts=False)
