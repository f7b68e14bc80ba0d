"""The claims a page shows: its cards, and their schema.org ClaimReview.

Today the cards are found in the exported page by their class (``wb-claim``, with the claim's id and
``data-verdict``), as the notebook's card template writes them.  When notebooks hand their cards to the page builder
as data, this module is what changes: the rest of ``pages`` asks it for the page's claims.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote


def one_per_claim(soup: Any) -> list[Any]:
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


def claimreview_json(ids: list[str], page_name: str) -> str:
    """The ClaimReview JSON-LD of the claims on a page, safe inside a <script> element."""
    import json

    from ... import data
    from ...claims import claimreview, evaluate

    version = data.fingerprint()  # once for the page, not once per claim
    reviews = claimreview([evaluate(i, version) for i in ids], page=page_name)
    return json.dumps(reviews, ensure_ascii=False).replace("</", "<\\/")




def of_chapter(ids: list[str], notebook: str) -> list[str]:
    """The claims of the chapter whose notebook this is (``data/report/chapters.csv``); none for a notebook that is
    no part of the report.  A claim's review lives on its own chapter's page only (one url per claim)."""
    from ... import report

    number = next((c.number for c in report.chapters() if c.notebook == notebook), None)
    return [] if number is None else [i for i in ids if i.startswith(f"C{number}-")]
