"""Running the checks: the ledger, one claim or all, the independence rule, and a cache per data version."""

from __future__ import annotations

import functools
import os

import pandas as pd

from .. import data
from . import registry, shared
from .common import MissingEvidence
from .model import ONLY_THE_REPORT, REPORT_RESOURCES, VERDICTS, Finding, Verdict


@functools.lru_cache(maxsize=4)
def _ledger(_version: tuple) -> pd.DataFrame:
    table = data.load("claims")
    number = table["id"].str.split("-").str[1].astype(int)
    return table.assign(_n=number).sort_values(["chapter", "_n"]).drop(columns="_n").reset_index(drop=True)


def ledger() -> pd.DataFrame:
    """The claims ledger (``data/claims.csv``), ordered by chapter and claim number; read once per version."""
    path = data.check_file("claims")
    return _ledger((str(path), path.stat().st_mtime_ns, id(data._SUBSTITUTES.get("claims")))).copy()


def independent(found: Finding) -> Finding:
    """A verdict resting on the report's own tables alone is not a check: the report cannot corroborate itself."""
    if found.verdict == "not checkable" or any(e.resource not in REPORT_RESOURCES for e in found.evidence):
        return found
    return Finding(
        "not checkable",
        f"Only the report's own tables bear on this: {found.conclusion[:1].lower()}{found.conclusion[1:]}",
        found.observed,
        found.evidence,
        found.compared,
        reason=ONLY_THE_REPORT,
        needs="an independent source for the same facts (the agency's or organisation's own list or records)",
    )


def run(claim_id: str) -> Finding:
    """Run one claim's check now (no cache); a missing evidence row makes it not checkable, saying which."""
    checks = registry.load()
    if claim_id not in checks:
        raise KeyError(f"claim {claim_id} has no registered check")
    try:
        found = checks[claim_id]()
    except MissingEvidence as exc:
        return Finding(
            "not checkable",
            f"The evidence this check rests on is missing: {exc}.",
            str(exc),
            reason=f"the evidence row is missing ({exc})",
            needs="the row restored in the data, or another source",
        )
    return independent(found)


def as_of(found: Finding) -> str:
    """The date the data stand at: each evidence file's source vintage and the date it was accessed."""
    stamps = []
    for item in found.evidence:
        for source in data.resource(item.resource).get("sources", [])[:1]:
            parts = [source.get("published", "")] + [f"accessed {source['accessed']}"] * bool(source.get("accessed"))
            stamp = " ".join(p for p in parts if p)
            if stamp:
                stamps.append(f"{item.file()}: {stamp}")
    return "; ".join(dict.fromkeys(stamps))


def _verdict(row: pd.Series, found: Finding) -> Verdict:
    return Verdict(
        id=row["id"],
        chapter=int(row["chapter"]),
        author=row["author"],
        quote=row["quote"],
        place=row["place"],
        kind=row["kind"],
        test=row["test"],
        verdict=found.verdict,
        conclusion=found.conclusion,
        observed=found.observed,
        right=found.right,
        wrong=found.wrong,
        compared=[vars(c) for c in found.compared],
        evidence=[str(e) for e in found.evidence],
        sources=[e.to_dict() for e in found.evidence],
        reason=found.reason,
        needs=found.needs,
        as_of=as_of(found),
    )


_CACHE: dict[tuple, Verdict] = {}
#: Data versions whose verdicts this process has from a build's shared file or has shared itself (``shared``).
_SETTLED: set[tuple] = set()


def _settle(version: tuple) -> None:
    """During a build: take every verdict another of its processes computed for these inputs, or compute every
    claim here and share them (once per data version and process)."""
    place = (str(data.DATA_DIR), version)
    if not os.environ.get(shared.ENV) or place in _SETTLED:
        return
    _SETTLED.add(place)
    where = shared.path()  # named by the inputs before the checks run (see ``shared.save``)
    found = shared.load(where)
    if found is None:
        every = []
        for claim_id in ledger()["id"]:
            try:
                every.append(evaluate(claim_id, version))
            except Exception:  # a broken check: left for whoever asks for that claim (and its error)
                return
        shared.save(every, where)
        return
    for claim_id, verdict in found.items():
        _CACHE.setdefault((claim_id, *place), verdict)


def evaluate(claim_id: str, _version: tuple | None = None) -> Verdict:
    """One claim's verdict (remembered while no data file changes: ``data.fingerprint()``)."""
    version = _version or data.fingerprint()
    key = (claim_id, str(data.DATA_DIR), version)
    if key not in _CACHE:
        _settle(version)
    if key not in _CACHE:
        table = ledger()
        found_rows = table[table["id"] == claim_id]
        if found_rows.empty:
            raise KeyError(
                f"unknown claim {claim_id!r}; claims run from {table['id'].iloc[0]} to {table['id'].iloc[-1]}"
            )
        _CACHE[key] = _verdict(found_rows.iloc[0], run(claim_id))
    return _CACHE[key]


def normal_verdict(text: str) -> str:
    """A verdict as the ledger spells it, from any case and separator ('Partly_Supported'); error lists them."""
    key = " ".join(text.replace("_", " ").replace("-", " ").lower().split())
    if key not in VERDICTS:
        raise ValueError(f"unknown verdict {text!r}; valid verdicts: {', '.join(VERDICTS)}")
    return key


def evaluate_all(chapter: int | None = None, verdict: str | None = None, kind: str | None = None) -> list[Verdict]:
    """Every claim in the ledger (optionally one chapter, verdict or kind), checked, in ledger order."""
    verdict = normal_verdict(verdict) if verdict is not None else None
    ids = ledger()
    if chapter is not None:
        chapters = sorted(set(ids["chapter"].astype(int)))
        if chapter not in chapters:
            raise ValueError(
                f"unknown chapter {chapter}; valid chapters: {', '.join(map(str, chapters))} "
                "(0 is the introduction, 6 the conclusions)"
            )
        ids = ids[ids["chapter"] == chapter]
    if kind is not None:
        kinds = sorted(set(ledger()["kind"]))
        if kind.lower() not in kinds:
            raise ValueError(f"unknown kind {kind!r}; valid kinds: {', '.join(kinds)}")
        ids = ids[ids["kind"] == kind.lower()]
    version = data.fingerprint()
    _settle(version)  # in a build: every claim once, shared with the build's other processes
    results = [evaluate(i, version) for i in ids["id"]]
    return [r for r in results if verdict is None or r.verdict == verdict]
