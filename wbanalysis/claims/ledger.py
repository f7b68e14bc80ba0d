"""The ledger: the report's claims (``data/claims.csv``), the facts each asserts (``data/facts.csv``) and the
declared readings of vague words (``data/readings.csv``), as typed records read once per version of the files."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pandas as pd

from .. import data
from ..errors import DataError
from . import own

#: How a fact is tested (``facts.csv``, column ``test``).
TESTS = ("number", "date", "set", "title", "words", "absence", "opinion", "context")
#: Tests that rest on a source's recorded finding in words; 'absence' is a fact that something does not exist or has
#: not happened, which a search that found nothing confirms as far as it reached.
IN_WORDS = ("words", "absence")


@dataclass(frozen=True)
class Claim:
    """One statement of the report: where it is and what kind of statement it is."""

    id: str
    chapter: int
    author: str
    quote: str
    place: str
    kind: str
    pack_id: str  # its id in the primary evidence (data/raw/primary-evidence)
    speaker: str  # reported speech: who the report says said it ('' when the report asserts it itself)

    @property
    def number(self) -> int:
        return int(self.id.split("-")[1])


@dataclass(frozen=True)
class Fact:
    """One fact a claim asserts, and how it is tested."""

    claim: str
    number: int
    statement: str
    central: bool
    test: str
    claimed: str  # the report's figure: a number, an ISO date or period, ';'-separated codes, a title
    unit: str
    compare: str  # '=', '>', '>=', '<', '<=' or '~' (within the tolerance)
    tolerance: str  # an absolute amount or 'N%'
    reading: str  # a term of readings.csv that says how a vague word is read
    evidence: tuple[tuple[str, int], ...]  # (pack claim id, fact number) of the evidence rows it rests on
    observe: str  # a computed observation (``observe.py``) instead of, or besides, the rows
    same_as: str  # 'C4-6/2': this fact is that one (twin claims share their facts and their ratings)
    settle: str  # what would settle it, when it is not found

    @property
    def key(self) -> str:
        return f"{self.claim}/{self.number}"

    @property
    def rated(self) -> bool:
        return self.test not in ("opinion", "context")


@dataclass(frozen=True)
class Reading:
    """How a vague word is read: the comparison used, another reasonable reading, and why."""

    term: str
    compare: str
    value: float
    alternative_compare: str
    alternative_value: float | None
    unit: str
    why: str


def _text(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


@functools.lru_cache(maxsize=4)
def _claims(_version: tuple) -> dict[str, Claim]:
    table = own.merged("claims", data.load("claims"), "id")
    found = {}
    for row in table.itertuples(index=False):
        found[row.id] = Claim(
            row.id, int(row.chapter), row.author, row.quote, row.place, row.kind,
            _text(row.pack_id) or row.id, _text(row.speaker),
        )
    return dict(sorted(found.items(), key=lambda kv: (kv[1].chapter, kv[1].number)))


def _evidence_refs(cell: str, claim: Claim, number: int) -> tuple[tuple[str, int], ...]:
    """'C4-6/2;NEW-ch4-3/1' -> ((pack id, fact), ...); empty: the fact's own rows."""
    if not cell.strip():
        return ((claim.pack_id, number),)
    refs = []
    for part in cell.split(";"):
        owner, _, fact = part.strip().rpartition("/")
        refs.append((owner, int(fact)))
    return tuple(refs)


@functools.lru_cache(maxsize=4)
def _facts(_version: tuple) -> dict[str, tuple[Fact, ...]]:
    claims = _claims(_version)
    table = own.merged("facts", data.load("facts"), "claim")
    grouped: dict[str, list[Fact]] = {}
    for row in table.itertuples(index=False):
        if row.claim not in claims:
            raise DataError(f"facts: row for claim {row.claim!r}, which is in no claims file; add it to claims.csv")
        claim = claims[row.claim]
        grouped.setdefault(row.claim, []).append(
            Fact(
                row.claim, int(row.fact), row.statement, bool(row.central), row.test, _text(row.claimed),
                _text(row.unit), _text(row.compare) or "=", _text(row.tolerance), _text(row.reading),
                _evidence_refs(_text(row.evidence), claim, int(row.fact)), _text(row.observe),
                _text(row.same_as), _text(row.settle),
            )
        )
    return {k: tuple(sorted(v, key=lambda f: f.number)) for k, v in grouped.items()}


@functools.lru_cache(maxsize=4)
def _readings(_version: tuple) -> dict[str, Reading]:
    table = data.load("readings")
    return {
        row.term: Reading(
            row.term, row.compare, float(row.value), _text(row.alternative_compare),
            None if pd.isna(row.alternative_value) else float(row.alternative_value), _text(row.unit), row.why,
        )
        for row in table.itertuples(index=False)
    }


def _version(*names: str) -> tuple:
    return data.version(*names) + own.version()


def claims() -> dict[str, Claim]:
    """Every claim by id, in report order (chapter, then number)."""
    return _claims(_version("claims"))


def claim(claim_id: str) -> Claim:
    """One claim; the error names the range of ids."""
    every = claims()
    if claim_id not in every:
        ids = list(every)
        raise KeyError(f"unknown claim {claim_id!r}; claims run from {ids[0]} to {ids[-1]}")
    return every[claim_id]


def facts(claim_id: str) -> tuple[Fact, ...]:
    """The facts a claim asserts, in order."""
    return _facts(_version("claims", "facts")).get(claim_id, ())


def fact(key: str) -> Fact:
    """A fact by its key, 'C4-6/2'."""
    owner, _, number = key.partition("/")
    for found in facts(owner):
        if found.number == int(number):
            return found
    raise KeyError(f"unknown fact {key!r}")


def readings() -> dict[str, Reading]:
    """The declared readings of vague words, by term."""
    return _readings(_version("readings"))


def twins(claim_id: str) -> list[str]:
    """Claims that share a fact with this one (either side of ``same_as``), in report order."""
    every = _facts(_version("claims", "facts"))
    mine = {f.same_as.partition("/")[0] for f in every.get(claim_id, ()) if f.same_as}
    theirs = {other for other, fs in every.items() for f in fs if f.same_as.partition("/")[0] == claim_id}
    found = (mine | theirs) - {claim_id}
    order = list(claims())
    return sorted(found, key=order.index)


def table() -> pd.DataFrame:
    """The claims ledger as a table, in report order (the columns of ``data/claims.csv``)."""
    frame = data.load("claims")
    order = {cid: k for k, cid in enumerate(claims())}
    return frame.assign(_o=frame["id"].map(order)).sort_values("_o").drop(columns="_o").reset_index(drop=True)
