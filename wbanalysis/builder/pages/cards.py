"""The claims a page shows: read as data from the executed notebook, never from its HTML.

A notebook's cards travel as data (``claims.model.MIME``, beside their HTML for JupyterLab).  Before a page is
exported, each card is rendered again from that data with the current template (``templates/claims/card.html.j2``),
and a claim shown again further down becomes a link to its first card, so its anchor is unique.  The summary box
counts these claims and their ClaimReview JSON-LD is written from them: nothing is parsed back out of a page, and
nothing is evaluated again.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the claims package (and pandas) is imported when a page is made, not when a build starts
    from ...claims.model import Verdict


def carried(executed: Any, mime: str) -> Iterator[tuple[dict, Any]]:
    """Each output of ``executed`` that carries data under ``mime``: its data (a dict, changed in place by whoever
    renders it again) and the value under ``mime``."""
    for cell in executed.cells:
        for output in cell.get("outputs", []):
            data = output.get("data")
            if isinstance(data, dict) and mime in data:
                yield data, data[mime]


def render_again(executed: Any) -> list[Verdict]:
    """Every card output of ``executed`` rendered again from its data (in place); returns the page's claims, each
    once, in the order they first appear.  An output whose data are not verdicts is left as the notebook gave it."""
    from ...claims.model import MIME, card, from_output, seen

    shown: dict[str, Verdict] = {}
    for data, payload in carried(executed, MIME):
        verdicts = from_output(payload)
        if verdicts is None:
            continue
        parts = []
        for v in verdicts:
            parts.append(seen(v.id) if v.id in shown else card(v))
            shown.setdefault(v.id, v)
        data["text/html"] = "".join(parts)
    return list(shown.values())


def claimreview_json(verdicts: list[Verdict], page_name: str) -> str:
    """The ClaimReview JSON-LD of the claims on a page, safe inside a <script> element."""
    import json

    from ...claims import claimreview

    reviews = claimreview(verdicts, page=page_name)
    return json.dumps(reviews, ensure_ascii=False).replace("</", "<\\/")


def of_chapter(verdicts: list[Verdict], notebook: str) -> list[Verdict]:
    """The claims of the chapter whose notebook this is (``data/report/chapters.csv``); none for a notebook that is
    no part of the report.  A claim's review lives on its own chapter's page only (one url per claim)."""
    from ... import report

    number = next((c.number for c in report.chapters() if c.notebook == notebook), None)
    return [] if number is None else [v for v in verdicts if v.id.startswith(f"C{number}-")]
