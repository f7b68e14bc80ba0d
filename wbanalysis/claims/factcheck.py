"""One fact, evaluated: its sources compared one by one with what the report states, then resolved into
confirmed, refuted or not found.

Where sources disagree, the fact rests on the best tier (1 the publisher of the fact, 2 a reputable outlet,
3 a repost or unknown site); sources of the best tier that disagree among themselves settle nothing.  Numbers,
dates, lists and titles are compared from their values, never from the gatherer's reading; facts in words rest
on the source's recorded finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from .. import data
from . import compare, evidence, ledger, observe
from .compare import CONFIRMED, REFUTED, Outcome
from .evidence import Source, readable
from .ledger import Fact, Reading
from .rules import CONTEXT, NOT_FOUND, OPINION


@dataclass(frozen=True)
class Checked:
    """A source with what it says of the fact."""

    source: Source
    outcome: Outcome


@dataclass(frozen=True)
class FactResult:
    """What a fact came to, and on what."""

    fact: Fact
    status: str  # confirmed | refuted | not found | opinion | context
    part: bool = False  # refuted, but part of it holds
    detail: str = ""  # the decisive comparison in words ('63, not 43')
    holds: str = ""  # refuted in part: the part that holds
    absence: str = ""  # a fact that something does not exist, confirmed by a search that found nothing: the search
    basis: tuple[Checked, ...] = ()  # the sources it rests on
    others: tuple[Source, ...] = ()  # sources shown besides (context, searches, lower tiers)
    disagreement: str = ""  # sources disagree: which way and what it rests on
    alternative: str = ""  # another reasonable reading of a vague word would change the status
    shared_with: str = ""  # a twin: the fact is the one of that claim
    reading: Reading | None = None
    sources: tuple[Checked, ...] = field(default=(), repr=False)  # every source compared


def machine_value(fact: Fact, source: Source) -> str:
    """The value a source gives for the fact's test: the project's reading where it recorded one
    (``data/observed.csv``), else the gatherer's value when it is one clean value of the right kind."""
    mine = source.reading_for(fact.key)[0]
    if fact.test in ledger.IN_WORDS:
        return mine if mine in compare.WORDS else source.stance
    if mine and mine not in compare.WORDS:
        return "" if mine == "none" else mine
    value = source.value.strip()
    if fact.test == "number":
        return value if re.fullmatch(r"~?\s*-?\d[\d ,]*(\.\d+)?\s*(%|[A-Za-z][A-Za-z .-]*)?", value) else ""
    if fact.test == "date":
        from ..dates import period

        return value if period(value) else ""
    if fact.test == "set":
        return value if compare.codes(value.removesuffix(PARTIAL)) else ""
    return value  # a title


def _claimed(fact: Fact) -> str:
    """The report's figure: written in the ledger, or read from the report's own tables ('=table2:5:marks')."""
    if fact.claimed.startswith("="):
        from .observations.report import claimed

        return claimed(fact.claimed[1:])
    return fact.claimed


def outcome(fact: Fact, source: Source, reading: Reading | None = None) -> Outcome:
    """What one source says of the fact (the fact's reading of a vague word unless another is given)."""
    value = machine_value(fact, source)
    if fact.test in ledger.IN_WORDS:
        found = compare.words(value)
        mine, why, holds = source.reading_for(fact.key)
        detail = why if mine in compare.WORDS and why else readable(source.finding.strip().rstrip("."))
        return replace(found, detail=detail, holds=holds if found.part else "") if found.status else found
    if not value:
        return Outcome("")
    claimed = _claimed(fact)
    if fact.test == "number":
        return compare.number(claimed, value, fact.compare, fact.tolerance, fact.unit, reading)
    if fact.test == "date":
        return compare.when(claimed, value, fact.compare)
    if fact.test == "set":
        if value.endswith(PARTIAL):  # an incomplete list confirms the members it names, and can refute none
            return compare.members(claimed, value.removesuffix(PARTIAL), ">=")
        return compare.members(claimed, value, fact.compare)
    if fact.test == "title":
        return compare.title(claimed, value)
    raise ValueError(f"{fact.key}: unknown test {fact.test!r}; valid: {', '.join(ledger.TESTS)}")


def _known_by(source: Source, as_of: date | None) -> bool:
    """Whether a source was published on or before ``as_of`` (always, when no date is asked for)."""
    return as_of is None or (source.last is not None and source.last <= as_of)


def _tier(checked: Checked) -> int:
    return checked.source.tier or 3


def _resolve(fact: Fact, checked: list[Checked]) -> tuple[str, bool, str, list[Checked], str]:
    """(status, part, detail, basis, disagreement) from every source's outcome."""
    decided = [c for c in checked if c.outcome.status]
    if not decided:
        open_details = [c.outcome.detail for c in checked if c.outcome.detail]
        return NOT_FOUND, False, open_details[0] if open_details else "", [], ""
    best = min(_tier(c) for c in decided)
    top = [c for c in decided if _tier(c) == best]
    statuses = {c.outcome.status for c in top}
    lower = [c for c in decided if _tier(c) > best and c.outcome.status not in statuses]
    disagreement = ""
    if len(statuses) > 1:
        said = "; ".join(f"{c.source.who()}, {c.source.when()}: {c.outcome.detail or c.outcome.status}" for c in top)
        latest = max((c.source.first for c in top if c.source.first), default=None)  # dated sources only
        newest = [c for c in top if latest and c.source.first == latest]
        if not newest or len({c.outcome.status for c in newest}) > 1:
            return NOT_FOUND, False, "", [], f"sources of the same standing differ ({said}), so it is left open"
        top = newest
        statuses = {newest[0].outcome.status}
        dates = {c.source.first for c in decided if c.outcome.status and _tier(c) == best}
        if fact.test == "number" and len(dates) > 1:
            disagreement = f"sources of different dates give different figures ({said}); the most recent decides"
        else:
            disagreement = f"sources of the same standing differ ({said}); the most recent decides"
    status = statuses.pop()
    if lower:
        said = "; ".join(f"{c.source.who()}: {c.outcome.detail or c.outcome.status}" for c in lower)
        disagreement = "; ".join(filter(None, [disagreement, f"a lower-tier source reads otherwise ({said}); the "
                                                             f"tier-{best} source decides"]))
    detail = next((c.outcome.detail for c in top if c.outcome.detail), "")
    return status, status == REFUTED and any(c.outcome.part for c in top), detail, top, disagreement


def _absent(fact: Fact, shown: list[Source], as_of: date | None) -> tuple[Checked, ...]:
    """For a fact that something does not exist or has not happened: the searches (known at ``as_of``) that
    looked for it.  One that found nothing confirms the absence as far as it reached, never beyond; one the project
    reads as finding the thing ('refutes' in ``data/observed.csv``) refutes it."""
    if fact.test != "absence":
        return ()
    checked = []
    for s in (s for s in shown if s.role == "searched" and _known_by(s, as_of)):
        mine, why, _ = s.reading_for(fact.key)
        if compare.WORDS.get(mine, ("",))[0] == REFUTED:
            checked.append(Checked(s, Outcome(REFUTED, detail=why or readable(s.finding.strip().rstrip(".")))))
        else:
            checked.append(Checked(s, Outcome(CONFIRMED, detail=f"nothing found: "
                                              f"{readable(s.finding.strip().rstrip('.'))}")))
    refuted = [c for c in checked if c.outcome.status == REFUTED]
    return tuple(refuted or checked)


def sources(fact: Fact, as_of: date | None = None) -> tuple[list[Source], list[Source]]:
    """(the sources compared, the sources shown besides) for a fact."""
    rows = evidence.rows(fact.evidence)
    if fact.observe:
        computed = observe.observe(fact, as_of)
        return computed, rows
    return [s for s in rows if s.counted], [s for s in rows if not s.counted]


#: A list of countries that is known to be incomplete ends with this (``data/observed.csv``).
PARTIAL = " (partial)"


def _pooled(fact: Fact, known: list[Source], partial: bool = False) -> list[Source]:
    """The members every source names, as one source (its tier the weakest of theirs), for a fact whose sources
    are read as partial lists ('>=': the report's countries must all be among those named).  ``partial``: the
    lists are incomplete, so the pooled list can only confirm members (it is compared as '>=')."""
    named = [(s, compare.codes(machine_value(fact, s).removesuffix(PARTIAL)) or []) for s in known]
    named = [(s, codes) for s, codes in named if codes]
    if len(named) < 2 and not partial:
        return known
    if not named:
        return []
    union = list(dict.fromkeys(c for _, codes in named for c in codes))
    first = named[0][0]
    who = "; ".join(dict.fromkeys(s.who() for s, _ in named))
    marker = PARTIAL if partial else ""
    return [replace(first, publisher=who, reproduces="", observed=";".join(union) + marker, readings=(), title="",
                    address=" ; ".join(dict.fromkeys(s.address for s, _ in named if s.address)),
                    finding="; ".join(s.finding for s, _ in named),
                    tier=max(s.tier or 3 for s, _ in named),
                    best_tier=min(s.tier or 3 for s, _ in named),
                    where="; ".join(s.where for s, _ in named), key=("pooled", fact.key))]


@data.steady  # no data file changes while a claim is checked: each is checked once
def evaluate(fact: Fact, as_of: date | None = None) -> FactResult:
    """What the fact comes to with the sources known at ``as_of`` (every source when None)."""
    if fact.same_as:
        twin = evaluate(ledger.fact(fact.same_as), as_of)
        return replace(twin, fact=replace(twin.fact, claim=fact.claim, number=fact.number, central=fact.central),
                       shared_with=fact.same_as)
    if fact.test in (OPINION, CONTEXT):
        rows = evidence.rows(fact.evidence)
        return FactResult(fact, fact.test, others=tuple(rows))
    compared, shown = sources(fact, as_of)
    known = [s for s in compared if _known_by(s, as_of)]
    reading = ledger.readings().get(fact.reading) if fact.reading else None
    if fact.reading and reading is None:
        raise KeyError(f"{fact.key}: unknown reading {fact.reading!r}; valid: {', '.join(ledger.readings())}")
    if fact.test == "set" and fact.compare == ">=":  # several partial lists: what any of them names counts
        known = _pooled(fact, known)
    elif fact.test == "set":  # partial lists ('... (partial)') tell which of the report's countries were seen
        whole = [s for s in known if not machine_value(fact, s).endswith(PARTIAL)]
        partial = [s for s in known if machine_value(fact, s).endswith(PARTIAL)]
        known = whole + _pooled(fact, partial, partial=True)
    checked = [Checked(s, outcome(fact, s, reading)) for s in known]  # a reading of a words fact is shown only
    status, part, detail, basis, disagreement = _resolve(fact, checked)
    alternative = ""
    if reading is not None and reading.alternative_compare and fact.test == "number":
        other = replace(reading, compare=reading.alternative_compare, value=reading.alternative_value or 0.0)
        again = _resolve(fact, [Checked(s, outcome(fact, s, other)) for s in known])[0]
        if again != status:
            alternative = f"read as {compare.OPS.get(other.compare, other.compare + ' ')}" \
                f"{compare.amount(other.value, reading.unit)}, it would be {again}"
    searches = _absent(fact, shown, as_of) if status == NOT_FOUND else ()
    if searches:
        status, detail, basis = searches[0].outcome.status, searches[0].outcome.detail, list(searches)
        shown = [s for s in shown if s not in {c.source for c in searches}]
    holds = next((c.outcome.holds for c in basis if c.outcome.holds), "") if part else ""
    absence = searches[0].source.finding if searches and status == CONFIRMED else ""
    besides = [c.source for c in checked if c not in basis] + shown
    return FactResult(fact, status, part, detail, holds, absence, tuple(basis), tuple(besides), disagreement,
                      alternative, reading=reading,
                      sources=tuple(checked))


__all__ = ["CONFIRMED", "REFUTED", "Checked", "FactResult", "evaluate", "outcome"]
