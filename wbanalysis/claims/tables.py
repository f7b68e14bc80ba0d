"""The claims as tables and sentences for notebooks: a chapter's summary (generated, so it cannot go stale), the
facts of some claims side by side, the Europol releases behind Table 2."""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from .. import report
from ..countries import WB6, join, names_of
from ..theme import FINDINGS_FIRST, GRADES
from . import factcheck, ledger
from .asof import WHY
from .verdicts import evaluate_all


@dataclass(frozen=True)
class Summary:
    """A sentence on the verdicts of a chapter (or the whole report), shown as text in a notebook."""

    text: str

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(self.text)}</p>"


def summary(chapter: int | None = None) -> Summary:
    """How many claims of the chapter (or the report) came to each verdict, and which are not right."""
    verdicts = evaluate_all(chapter=chapter)
    counts = {g: sum(v.verdict == g for v in verdicts) for g in FINDINGS_FIRST}
    where = "the report" if chapter is None else ("this part of the report")
    parts = [f"{n} {GRADES[g].label.lower()}" for g, n in counts.items() if n]
    text = f"Of the {len(verdicts)} claims of {where}: {join(parts)}."
    for grade in ("contradicted", "partly supported"):
        ids = [v.id for v in verdicts if v.verdict == grade]
        if ids:
            text += f" {GRADES[grade].label}: {join(ids)}."
    changed = [v for v in verdicts if v.at_publication and v.at_publication != v.verdict]
    if changed:
        why = {}
        for v in changed:
            why.setdefault(WHY[v.changed_why], []).append(v.id)
        reasons = join(f"{len(ids)} on {words}" for words, ids in why.items())
        text += (f" Judged only by what was known at the report's date ({report.date_text()}), {len(changed)} of them "
                 f"had another verdict ({join([v.id for v in changed])}): {reasons}.")
    return Summary(text)


def facts_table(claim_ids: list[str]) -> pd.DataFrame:
    """The facts of some claims: what the report states, what the sources show, and the fact's status."""
    rows = []
    for claim_id in claim_ids:
        for fact in ledger.facts(claim_id):
            if not fact.rated:
                continue
            result = factcheck.evaluate(fact)
            rows.append(
                {
                    "claim": claim_id,
                    "fact": fact.statement,
                    "what the sources show": result.detail or "—",
                    "status": result.status + (" in part" if result.part else ""),
                }
            )
    return pd.DataFrame(rows, columns=["claim", "fact", "what the sources show", "status"]).set_index("claim")


def releases_table() -> pd.DataFrame:
    """Each row of Table 2 with what its Europol release shows: when it came out, the WB6 countries it names
    (when its list was seen whole) and the source, publisher first."""
    from .observations.europol import releases, repeats

    again = repeats()
    rows = []
    for r in releases():
        rows.append(
            {
                "row": r.row,
                "published": str(r.published) if r.published else "not found",
                "Western Balkan countries the release names": names_of([c for c in WB6 if c in r.named])
                if r.named is not None
                else "list not seen whole",
                "source": "; ".join(dict.fromkeys(s.who() for s in r.basis)) or "not found",
                "note": f"the same release as row {again[r.row]}" if r.row in again else "",
            }
        )
    return pd.DataFrame(rows).set_index("row")
