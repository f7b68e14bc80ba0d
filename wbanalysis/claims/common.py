"""Helpers for writing checks: find rows, cite them, read numbers and dates, say what cannot be tested.

A check reads rows with :func:`rows` or :func:`one` (each row keeps its 1-based number in its file), compares
facts and returns a :class:`Finding` whose evidence cites those rows with :func:`cite`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pandas as pd

from .. import data
from ..countries import NAMES
from .model import Evidence, Finding

#: The reason given when no source here records what a claim states.
NO_SOURCE = "none of the sources gathered records it"
QUALITATIVE = "qualitative: the statement has no measure in data"


class MissingEvidence(LookupError):
    """The row a check rests on is not in the data (the claim becomes not checkable, saying which)."""


def rows(resource: str, where: Callable[[pd.DataFrame], pd.Series] | None = None, **equals: Any) -> pd.DataFrame:
    """Rows of a resource (all, or those matching ``where`` and ``column=value`` pairs); index = row in file - 1."""
    table = data.load(resource)
    mask = pd.Series(True, index=table.index)
    for column, value in equals.items():
        mask &= table[column] == value
    if where is not None:
        mask &= where(table).fillna(False).astype(bool)
    return table[mask]


def one(resource: str, where: Callable[[pd.DataFrame], pd.Series] | None = None, **equals: Any) -> pd.Series:
    """The first matching row; MissingEvidence names the resource and the condition when there is none."""
    found = rows(resource, where, **equals)
    if found.empty:
        condition = ", ".join(f"{k}={v!r}" for k, v in equals.items()) or "the condition of the check"
        raise MissingEvidence(f"no row of data/{data.resource(resource)['path']} has {condition}")
    return found.iloc[0]


def contains(column: str, text: str) -> Callable[[pd.DataFrame], pd.Series]:
    """A ``where`` condition: ``column`` contains ``text`` (case-insensitive, plain text)."""
    return lambda table: table[column].fillna("").str.contains(text, case=False, regex=False)


def row_numbers(selected: pd.DataFrame | pd.Series) -> tuple[int, ...]:
    """1-based row numbers in the file of rows returned by :func:`rows` or :func:`one`."""
    index = [selected.name] if isinstance(selected, pd.Series) else list(selected.index)
    return tuple(int(i) + 1 for i in index)


def cite(resource: str, selected: pd.DataFrame | pd.Series | None = None, note: str = "", url: str = "") -> Evidence:
    """An evidence item for rows of a resource, with the public address from their ``source_url``."""
    if selected is None:
        return Evidence(resource, (), url, note)
    frame = selected.to_frame().T if isinstance(selected, pd.Series) else selected
    if frame.empty:  # cited to show that nothing matched: not the whole file
        return Evidence(resource, (), url, f"{note}; no row matches" if note else "no row matches")
    if not url and "source_url" in frame:
        url = "; ".join(dict.fromkeys(u for u in frame["source_url"].dropna().astype(str) if u))
    return Evidence(resource, row_numbers(selected), url, note)


def text(value: Any) -> str:
    """A cell as text; a missing cell as ''."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def number(value: Any) -> float | None:
    """The first number in a cell ('48 (2022); 62 (2021)' -> 48.0, '943,991,500' -> 943991500.0); None if none."""
    match = re.search(r"-?\d[\d,]*(?:\.\d+)?", text(value))
    return float(match.group().replace(",", "")) if match else None


def year(value: Any) -> int | None:
    """The first four-digit year in a cell ('2025-03-12' -> 2025); None if none."""
    match = re.search(r"\b(19|20)\d{2}\b", text(value))
    return int(match.group()) if match else None


def date(value: Any) -> str:
    """The first ISO date or year-month in a cell ('2025-03-12 (derived)' -> '2025-03-12'); '' if none."""
    match = re.search(r"\b\d{4}-\d{2}(?:-\d{2})?\b", text(value))
    return match.group() if match else ""


def wb6_named(value: object) -> list[str]:
    """WB6 codes whose name (or short name, e.g. 'BiH') appears in a cell, in the usual order."""
    from ..countries import SHORT_NAMES, WB6

    cell = text(value)
    return [c for c in WB6 if NAMES[c] in cell or SHORT_NAMES[c] in cell]


def eurojust_agreements() -> tuple[pd.Series, list[str], pd.Series]:
    """Eurojust's cooperation agreements with the WB6: the row listing those in force, their codes, and the row on
    Bosnia and Herzegovina's signed agreement (``evidence_other``, topic C2-Eurojust)."""
    listing = one("evidence_other", topic_id="C2-Eurojust", where=contains("fact", "cooperation agreements"))
    bih = one("evidence_other", topic_id="C2-Eurojust", where=lambda t: t["fact"].str.startswith("BiH"))
    return listing, wb6_named(listing["fact"]), bih


def pct(part: float, whole: float) -> str:
    return f"{part:g} of {whole:g} ({part / whole:.0%})"


def names(codes: list[str]) -> str:
    return ", ".join(NAMES.get(c, c) for c in codes) or "none"


def not_checkable(
    conclusion: str, reason: str = NO_SOURCE, needs: str = "", evidence: tuple[Evidence, ...] = (), observed: str = ""
) -> Finding:
    """The finding for a claim nothing here can test: why, and what data would test it."""
    return Finding(
        "not checkable", conclusion, observed or conclusion, tuple(evidence), reason=reason, needs=needs or "a source"
    )


def graded(checks: list[bool]) -> str:
    """'supported' when every part holds, 'contradicted' when none does, 'partly supported' in between."""
    if all(checks):
        return "supported"
    return "partly supported" if any(checks) else "contradicted"


def unrecorded(claim_id: str, searched: str = "", reason: str = NO_SOURCE, conclusion: str = "") -> Finding:
    """Not checkable: nothing here records the fact.  What would test it is the ledger's ``test`` column; where the
    search for it is logged (``evidence_not_found``, topic ``searched``), that row is cited."""
    from .evaluate import ledger

    table = ledger()
    needs = text(table.loc[table["id"] == claim_id, "test"].iloc[0])
    evidence: tuple[Evidence, ...] = ()
    if searched:
        log = one("evidence_not_found", topic_id=searched)
        evidence = (cite("evidence_not_found", log, note=f"searched for, {text(log['status'])}"),)
    return not_checkable(conclusion or f"Nothing here can test it: {reason}.", reason, needs, evidence)
