"""A claim with its verdict, as readers and machines see it: a card in a notebook or page, text, JSON."""

from __future__ import annotations

import functools
import html
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "claims"

#: The MIME type under which cards travel as data in a notebook's outputs (beside their HTML, for JupyterLab).
#: The page builder reads it: it renders the cards again with the current template (a change of the card's
#: layout needs no notebook re-executed), counts them and writes their ClaimReview from it; no page is parsed back.
MIME = "application/vnd.wbanalysis.claims+json"


@dataclass(frozen=True)
class Verdict:
    """A claim from the ledger, its facts as checked and the verdict the rule table gives."""

    id: str
    chapter: int
    author: str
    quote: str
    place: str
    kind: str
    verdict: str
    rule: str  # the rule of the table that decided, in words
    conclusion: str
    right: str = ""
    wrong: str = ""
    not_found: str = ""
    not_rated: str = ""
    settle: str = ""  # what would settle an unverified claim
    speaker: str = ""
    facts: list[dict] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    twins: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    observed: str = ""  # each fact's status and figure in one line (the verdict record compares it)
    as_of: str = ""  # '' = every source known today; else the date the verdict is as of
    at_publication: str = ""  # today's verdicts only: the verdict at the report's date (same as today's or not)
    changed_why: str = ""  # why it differs: a key of ``asof.WHY`` ('' when the same)
    changed_because: str = ""  # the reason in words
    then_and_now: str = ""  # the card's sentence when they differ
    vintages: list[str] = field(default_factory=list)  # a figure in each vintage of a dataset held

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> Verdict:
        """A verdict from its ``to_dict`` (fields it does not know are left out; a missing one raises TypeError)."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known})

    def __repr__(self) -> str:
        lines = [f'{self.id} ({self.author}, {self.place}): "{self.quote}"', f"  verdict: {self.verdict}"]
        lines.append(f"  conclusion: {self.conclusion}")
        for label in ("right", "wrong", "not_found", "not_rated"):
            value = getattr(self, label)
            if value:
                lines.append(f"  {label.replace('_', ' ')}: {value}")
        if self.settle:
            lines.append(f"  what would settle it: {self.settle}")
        if self.then_and_now:
            lines.append(f"  {self.then_and_now}")
        lines += [f"  note: {n}" for n in self.notes]
        lines += [f"  vintages: {n}" for n in self.vintages]
        lines += [f"  source: {s['who']}, {s['published'] or 'undated'} ({s['address'] or s['where']})"
                  for s in self.sources if s["counted"]]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return card(self)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return bundle([self], repr(self))


@functools.cache
def _template():
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True)
    return env.get_template("card.html.j2")


def card(verdict: Verdict) -> str:
    """The claim's card (``templates/claims/card.html.j2``): every piece of text escaped by the template."""
    from .. import citation, report
    from ..theme import GRADES

    cite = citation.claim(verdict.id, verdict.quote, report.chapter(verdict.chapter).page)
    pages = report.pages(verdict.chapter)
    return _template().render(v=verdict, grade=GRADES[verdict.verdict], cite=cite, pages=pages).strip()


def seen(claim_id: str) -> str:
    """What stands for a card shown again further down a page: a link to the first."""
    ref = html.escape(claim_id)
    return f'<p class="wb-seen"><a href="#{ref}">{ref}: see its card above</a></p>'


def bundle(verdicts: Iterable[Verdict], text: str) -> dict[str, Any]:
    """The outputs of cards in a notebook: text, HTML, and the verdicts as data (``MIME``)."""
    verdicts = list(verdicts)
    return {"text/plain": text, "text/html": "".join(card(v) for v in verdicts),
            MIME: {"claims": [v.to_dict() for v in verdicts]}}


def from_output(payload: Any) -> list[Verdict] | None:
    """The verdicts a notebook output carries under ``MIME``; None when it carries none or they are not
    verdicts (a malformed payload is left alone, never guessed at)."""
    from ..theme import GRADES

    items = payload.get("claims") if isinstance(payload, dict) else None
    if not isinstance(items, list):
        return None
    try:
        verdicts = [Verdict.from_dict(dict(item)) for item in items]
    except (TypeError, ValueError):
        return None
    if not all(isinstance(v.id, str) and v.verdict in GRADES for v in verdicts):
        return None
    return verdicts
