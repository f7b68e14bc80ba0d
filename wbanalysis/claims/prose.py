"""A card's words, generated from its facts and never written separately: the conclusion, what is right, what is
wrong and what was not found, in plain English (facts as the ledger states them, figures and dates as a reader
reads them, countries by name)."""

from __future__ import annotations

from .factcheck import FactResult
from .ledger import IN_WORDS
from .rules import CONFIRMED, NOT_FOUND, OPINION, REFUTED


def _plain(statement: str) -> str:
    return " ".join(statement.split()).rstrip(".")


def _with(text: str, detail: str) -> str:
    """'DCAF has 43 members — 60 member states, not 43': the detail after a dash unless the text already says it."""
    return f"{text} — {detail}" if detail and detail.lower() not in text.lower() else text


def fact_line(result: FactResult) -> str:
    """One fact with what the sources show."""
    text = _plain(result.fact.statement)
    if result.status == REFUTED:
        return _with(text, result.detail or "the sources show otherwise")
    if result.status == NOT_FOUND:
        return _with(text, result.disagreement or result.detail)
    return _with(text, result.detail)


def _lines(results: list[FactResult], status: str) -> str:
    return "; ".join(fact_line(r) for r in results if r.status == status)


def right(results: list[FactResult]) -> str:
    """What is confirmed: each fact, with the figure or date the sources give (a fact in words as it stands),
    and the part of a fact that holds where the rest does not."""
    lines = [_with(_plain(r.fact.statement), r.detail if r.fact.test not in IN_WORDS else "")
             for r in results if r.status == CONFIRMED]
    lines += [f"part of it: {r.holds}" for r in results if r.status == REFUTED and r.part and r.holds]
    return "; ".join(lines)


def wrong(results: list[FactResult]) -> str:
    return _lines(results, REFUTED)


def not_found(results: list[FactResult]) -> str:
    return _lines(results, NOT_FOUND)


def not_rated(results: list[FactResult]) -> str:
    return "; ".join(_plain(r.fact.statement) for r in results if r.status == OPINION)


def conclusion(verdict: str, results: list[FactResult]) -> str:
    """The verdict in a line, from the facts that carry the claim: what is confirmed, what is not right, what was
    not found."""
    central = [r for r in results if r.fact.central and r.fact.rated] or [r for r in results if r.fact.rated]
    ok = "; ".join(_plain(r.fact.statement) for r in central if r.status == CONFIRMED)
    bad = [r for r in results if r.status == REFUTED]
    if verdict == "supported":
        return f"Confirmed: {ok}."
    if verdict == "contradicted":
        return f"Not right: {fact_line(bad[0])}."
    if verdict == "partly supported":
        if ok:
            return f"Confirmed: {ok}. Not right: {fact_line(bad[0])}."
        return f"Partly right: {fact_line(bad[0])}."
    if verdict == "unverified":
        missing = "; ".join(fact_line(r) for r in central if r.status == NOT_FOUND)
        return f"Not verified: {missing}. The sources found do not settle it; this is not counted against the report."
    if any(r.status == OPINION for r in results):
        return "Not rated: the statement asserts no fact that can be tested (an opinion, a metaphor, a forecast or " \
            "a recommendation)."
    return "Not rated: the statement asserts nothing about the world that sources could test (it describes the " \
        "report itself)."


def settle(results: list[FactResult]) -> str:
    """What would settle the facts that carry the claim and were not found."""
    wanted = []
    for r in results:
        if r.status == NOT_FOUND and r.fact.central:
            wanted.append(r.fact.settle or "a record from the body concerned (its newsroom, official journal or "
                          f"register) on this: {_plain(r.fact.statement)}")
    return "; ".join(dict.fromkeys(wanted))
