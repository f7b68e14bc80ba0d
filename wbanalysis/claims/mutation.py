"""The mutation test of the verdicts: refute a confirmed fact and the verdict must move.

A verdict that no change of its facts can move is not derived from them: it is a constant.  For a fact that
rests on rows of the evidence, the project's reading of each row it rests on is replaced (``data/observed.csv``,
for that fact only) by a value that contradicts the report: a number ten times off, a date nine years away, a list
without one of the report's countries, a headline with another figure, a finding that refutes.  For a computed
fact, its observation's value is replaced the same way.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from .. import data
from . import factcheck, ledger, observe
from .compare import codes, first_number
from .ledger import Fact


@dataclass(frozen=True)
class Outcome:
    """What refuting facts did to one claim's verdict."""

    claim: str
    before: str
    after: str
    refuted: tuple[str, ...]  # the facts refuted
    results: tuple[factcheck.FactResult, ...] = ()  # every fact of the claim as evaluated before

    @property
    def moved(self) -> bool:
        return self.before != self.after


def wrong_values(fact: Fact, value: str) -> list[str]:
    """Values of a source that contradict the report for this fact (tried in turn until one refutes it)."""
    if fact.test in ledger.IN_WORDS:
        return ["refutes"]
    if fact.test == "number":
        number = first_number(value)
        if number is None:
            return []
        return [f"{number * 10 + 7:g}", f"{number * 0.1:g}", f"{number * 0.5:g}", "0"]
    if fact.test == "date":
        from ..dates import period

        span = period(value)
        if span is None:
            return []
        return [f"{span.first.year + 9}", f"{span.first.year - 9}"]
    if fact.test == "set":
        named = codes(value) or []
        return [";".join(named[1:]) or "ZZZ", "ZZZ"]
    if fact.test == "title":
        return [f"999 {value} 999"]
    return []


@dataclass(frozen=True)
class Change:
    """One fact made wrong: its rows' reading replaced (``rows``), or its observation's value (``observe``)."""

    fact: Fact
    make: str
    rows: tuple[int, ...] = ()


@contextlib.contextmanager
def applied(changes: list[Change]) -> Iterator[None]:
    """Within the block, every change holds at once."""
    rows = [c for c in changes if c.rows]
    computed = {c.fact.key: c for c in changes if not c.rows}
    originals = {}
    found = observe.observers()
    for change in computed.values():
        name = change.fact.observe
        original = originals.setdefault(name, found[name])

        def changed(f: Fact, as_of: date | None, _original=original) -> list:
            sources = _original(f, as_of)
            mine = computed.get(f.key)
            return [replace(s, observed=mine.make) for s in sources] if mine else sources

        observe._OBSERVERS[name] = changed
    table = data.load("observed")
    extra = pd.DataFrame(
        [{"source_row": r, "fact": c.fact.key, "observed": c.make, "note": "mutation"} for c in rows for r in c.rows],
        columns=table.columns,
    )
    try:
        with data.substituted({"observed": pd.concat([table, extra.astype(table.dtypes.to_dict())],
                                                     ignore_index=True)} if rows else {}):
            yield
    finally:
        observe._OBSERVERS.update(originals)


def refute(fact: Fact) -> Iterator[Change]:
    """Ways to make a confirmed fact wrong, in turn (the first that works is used)."""
    result = factcheck.evaluate(fact)
    target = ledger.fact(fact.same_as) if fact.same_as else fact
    basis = [c.source for c in result.basis]
    value = factcheck.machine_value(target, basis[0]) if basis else ""
    if any(s.key and s.key[0] == "pooled" for s in basis):  # several partial lists read together: all of them
        basis = factcheck.sources(target)[0]
        value = ";".join(c for s in basis for c in (codes(factcheck.machine_value(target, s)) or []))
    rows = tuple(int(s.key[1]) for s in basis if s.key and s.key[0] == "evidence")
    for make in wrong_values(target, value):
        if target.observe:
            yield Change(target, make)
        elif rows:
            yield Change(target, make, rows)


def _works(fact: Fact) -> Change | None:
    for change in refute(fact):
        with applied([change]):
            if factcheck.evaluate(fact).status != "confirmed":  # refuted; a '>=' list can only lose a member
                return change
    return None


@data.steady  # no data file changes while a claim is checked: each is checked once
def mutate(claim_id: str, only: str | None = None) -> Outcome:
    """Refute every confirmed fact of a claim (or only the one given, 'C4-5/2') and see where its verdict goes
    (today's verdict: the rule the facts meet, without the card's words)."""
    from .verdicts import check

    _, results, rule = check(claim_id)
    confirmed = [f for f, r in zip(ledger.facts(claim_id), results, strict=True)  # the ledger's facts, as written
                 if r.status == "confirmed" and (only is None or f.key == only)]
    changes = [c for c in (_works(f) for f in confirmed) if c is not None]
    with applied(changes):
        after = check(claim_id)[2].verdict
    return Outcome(claim_id, rule.verdict, after, tuple(f.key for f in confirmed), tuple(results))
