"""Time between two dated facts of the same claim ('just days after', '10 days after'), computed from the dates
the sources give for each, never from a figure the gatherer derived."""

from __future__ import annotations

from datetime import date

from ...dates import period, spoken
from .. import ledger
from ..evidence import Source
from ..factcheck import evaluate, machine_value
from ..ledger import Fact
from ..observe import observation


def _day(fact: Fact, as_of: date | None) -> tuple[date | None, list[Source]]:
    result = evaluate(fact, as_of)
    if result.status != "confirmed":
        return None, []
    sources = [c.source for c in result.basis]
    spans = [period(machine_value(result.fact, s)) for s in sources]
    days = [s for s in spans if s and s.first == s.last]
    return (days[0].first if days else None), sources


@observation("days_between")
def days_between(fact: Fact, as_of: date | None) -> list[Source]:
    """Days from the claim's first dated fact to its second (both must be confirmed to the day)."""
    dated = [f for f in ledger.facts(fact.claim) if f.test == "date"][:2]
    if len(dated) < 2:
        raise ValueError(f"{fact.key}: days_between needs two date facts in {fact.claim}")
    (first, first_from), (second, second_from) = (_day(f, as_of) for f in dated)
    if first is None or second is None:
        return []
    basis = first_from + second_from
    days = (second - first).days
    return [
        Source(
            role="computed",
            finding=f"from {spoken(first)} to {spoken(second)}: {days} days",
            publisher="; ".join(dict.fromkeys(s.who() for s in basis)),
            published=spoken(max(s.last for s in basis if s.last)) if any(s.last for s in basis) else "",
            first=max((s.first for s in basis if s.first), default=None),
            last=max((s.last for s in basis if s.last), default=None),
            tier=max(s.tier or 3 for s in basis),
            best_tier=min(s.tier or 3 for s in basis),
            address=" ; ".join(dict.fromkeys(s.address for s in basis if s.address)),
            observed=f"{days} days",
            where="computed from " + "; ".join(s.where for s in basis),
            key=("computed", fact.key),
        )
    ]
