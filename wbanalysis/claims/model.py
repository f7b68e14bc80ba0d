"""A claim with its verdict, as readers and machines see it: a card in a notebook or page, text, JSON."""

from __future__ import annotations

import functools
from dataclasses import asdict, dataclass, field
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "claims"


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
