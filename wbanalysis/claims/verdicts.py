"""A claim's verdict: its facts evaluated (``facts``), the rule table applied (``rules``), the card's words
generated (``prose``); remembered per version of the data, and shared between the processes of a build."""

from __future__ import annotations

import os
import re
from datetime import date

from .. import data, report, theme
from ..dates import spoken
from . import asof, factcheck, ledger, prose, rules, shared
from .evidence import EVIDENCE_FILE, REPORT_DATE, Source
from .factcheck import FactResult
from .model import Verdict

_STATUS_TEXT = {
    "confirmed": "confirmed",
    "refuted": "refuted",
    "not found": "not found",
    "opinion": "not rated (opinion)",
    "context": "context",
}


@data.steady  # no data file changes while a claim is checked: each is checked once
def check(claim_id: str, as_of: date | None = None) -> tuple[ledger.Claim, list[FactResult], rules.Rule]:
    """A claim, its facts as evaluated and the rule that decides its verdict."""
    claim = ledger.claim(claim_id)
    results = [factcheck.evaluate(f, as_of) for f in ledger.facts(claim_id)]
    if not results:
        raise ValueError(f"{claim_id} has no facts in data/facts.csv: every claim lists the facts it asserts")
    tally = rules.Tally.of([(r.fact.central, r.status, r.part) for r in results])
    return claim, results, rules.decide(tally)


def _shown(result: FactResult) -> str:
    """What the sources show of one fact, in a few words (the card's fact table)."""
    if result.status in ("opinion", "context"):
        return "—"
    parts = []
    computed = [c.source for c in result.basis if c.source.role == "computed"]
    if result.detail and len(computed) == 1 and len(result.basis) == 1:  # a figure computed here: with its basis
        parts.append(computed[0].gist())
    elif result.detail:
        parts.append(result.detail)
    if result.basis:
        parts.append("per " + ", ".join(dict.fromkeys(c.source.who() for c in result.basis)))
    if result.disagreement:
        parts.append(result.disagreement)
    if result.alternative:
        parts.append(result.alternative)
    if result.shared_with:
        parts.append(f"the same fact as {result.shared_with.partition('/')[0]}")
    if result.status == "not found" and not parts:
        looked = [s.searched.split(";")[0].strip().rstrip(".") for s in result.others if s.searched]
        parts.append(f"looked for: {looked[0]}" if looked else "no source found")
    return "; ".join(parts)


def _cited_as(where: str, title: str) -> str:
    """Where a source sits, as a reader reads it: 'the primary evidence, row 711', 'SIPRI Military Expenditure
    Database, 2025 release, rows 31, 121' (the file paths stay in ``where``, for researchers)."""
    rows_of: dict[str, list[str]] = {}
    for one in where.split("; "):
        path, _, rows = one.partition(", ")
        name = "the primary evidence" if path == EVIDENCE_FILE else title or "the dataset"
        rows_of.setdefault(name, []).extend(re.findall(r"\d+", rows))
    return "; ".join(f"{name}, {'row' if len(rows) == 1 else 'rows'} {', '.join(dict.fromkeys(rows))}" if rows
                     else name for name, rows in rows_of.items())


def _source_dict(source: Source, counted: bool) -> dict:
    return source.to_dict() | {
        "cited_as": _cited_as(source.where, source.title if source.role == "dataset" else ""),
        "counted": counted,
        "when": source.when(),
        "links": source.addresses(),
        "tier": source.tier,
    }


def _add_source(sources: dict[tuple, dict], source: Source, counted: bool) -> None:
    """A source on the card once: the same page (publisher, address and date) read for several facts is one source
    (the first row's finding shown), its rows listed together."""
    same = (source.publisher, source.address, source.published) if source.address else \
        (source.key or (source.where,))
    if same not in sources:
        sources[same] = _source_dict(source, counted)
        return
    shown = sources[same]
    shown["counted"] = shown["counted"] or counted
    row = source.where.rpartition(", row ")[2]
    if source.where.startswith(EVIDENCE_FILE) and row.isdigit() and f" {row}" not in shown["where"]:
        head, rows = re.match(r"(.*?), rows? (.*)$", shown["where"]).groups()
        shown["where"] = f"{head}, rows {rows}, {row}"
        shown["cited_as"] = _cited_as(shown["where"], "")


def _notes(results: list[FactResult]) -> list[str]:
    """What a reader should know about the evidence of the facts that decide."""
    deciding = [r for r in results if r.status in ("confirmed", "refuted")]
    basis = [c.source for r in deciding for c in r.basis if c.source.role != "searched"]
    notes = []
    if basis and all(s.strongest == 3 for s in basis):
        notes.append("This rests only on tier-3 pages (reposts, aggregators or unknown sites), not on the "
                     "publisher of the fact.")
    later = [s for s in basis if s.after_report]
    if later and len(later) == len(basis):
        notes.append(f"Every source it rests on was published after the report ({report.date_text()}).")
    elif later:
        notes.append(f"Some sources it rests on were published after the report ({report.date_text()}).")
    for r in results:
        if r.absence:
            notes.append(f"‘{prose._plain(r.fact.statement)}’ is a statement that something does not exist or has not "
                         "happened: a search that found nothing confirms it only as far as the search reached.")
        if r.alternative:
            notes.append(f"The reading of ‘{r.reading.term}’ matters: {r.reading.why}; {r.alternative}.")
        if r.disagreement and r.status in ("confirmed", "refuted"):
            notes.append(f"Sources disagree ({prose._plain(r.fact.statement)}): {r.disagreement}.")
    return list(dict.fromkeys(notes))


@data.steady  # no data file changes while a claim is checked: each is checked once
def verdict(claim_id: str, as_of: date | None = None) -> Verdict:
    """One claim's verdict, computed now (no cache)."""
    from .. import report

    claim, results, rule = check(claim_id, as_of)
    at = None
    if as_of is None:
        _, before, rule_then = check(claim_id, REPORT_DATE)
        at = asof.then(results, before, rule.verdict, rule_then.verdict)
    sources: dict[tuple, dict] = {}
    for source, counted in [(c.source, True) for r in results for c in r.basis] + \
                           [(s, False) for r in results for s in r.others]:
        _add_source(sources, source, counted)
    fact_rows = [
        {
            "number": r.fact.number,
            "statement": r.fact.statement,
            "central": r.fact.central,
            "test": r.fact.test,
            "claimed": r.fact.claimed,
            "status": r.status,
            "part": r.part,
            "status_text": _STATUS_TEXT[r.status] + (" in part" if r.part else ""),
            "detail": r.detail,
            "shown": _shown(r),
            "shared_with": r.shared_with,
        }
        for r in results
    ]
    twins = [
        {"id": t, "href": ("" if ledger.claim(t).chapter == claim.chapter else report.chapter(
            ledger.claim(t).chapter).page) + f"#{t}"}
        for t in ledger.twins(claim_id)
    ]
    observed = "; ".join(
        f"{r.fact.number}:{r.status}" + (f" ({r.detail})" if r.detail and r.fact.test not in ledger.IN_WORDS else "")
        for r in results
    )
    return Verdict(
        id=claim.id,
        chapter=claim.chapter,
        author=claim.author,
        quote=claim.quote,
        place=claim.place,
        kind=claim.kind,
        verdict=rule.verdict,
        rule=rule.when,
        conclusion=prose.conclusion(rule.verdict, results),
        right=prose.right(results),
        wrong=prose.wrong(results),
        not_found=prose.not_found(results),
        not_rated=prose.not_rated(results),
        settle=prose.settle(results) if rule.verdict == "unverified" else "",
        speaker=claim.speaker,
        facts=fact_rows,
        sources=list(sources.values()),
        twins=twins,
        notes=_notes(results),
        observed=observed,
        as_of=as_of.isoformat() if as_of else "",
        at_publication=at.verdict if at else "",
        changed_why=at.why if at else "",
        changed_because=at.because if at else "",
        then_and_now=asof.sentence(rule.verdict, at) if at else "",
        vintages=_vintages(results),
    )


def _vintages(results: list[FactResult]) -> list[str]:
    """For a fact read from a dataset held in several vintages: what each gives, and whether the revision moved
    the figure or the status."""
    from .observations.datasets import VINTAGED

    lines = []
    for r in results:
        name = r.fact.observe.split(":")[0]
        if name not in VINTAGED:
            continue
        said = VINTAGED[name](r.fact)
        parts = "; ".join(f"{label}: {words}" for label, _, words in said)
        sources = [source for _, source, _ in said]
        if not all(sources):
            moved = "not every vintage held covers it, so the revision cannot be compared"
        else:
            statuses = {factcheck.outcome(r.fact, source, r.reading).status for source in sources}
            figures = {source.observed for source in sources}
            moved = ("the revision moved the figure and the fact's status" if len(statuses) > 1 else
                     "the revision moved the figure, not the fact's status" if len(figures) > 1 else
                     "the revision left the figure as it was")
        lines.append(f"{prose._plain(r.fact.statement)} — {parts} ({moved}).")
    return lines


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
        for claim_id in ledger.claims():
            try:
                every.append(evaluate(claim_id, version))
            except Exception:  # a broken check: left for whoever asks for that claim (and its error)
                return
        shared.save(every, where)
        return
    for claim_id, found_verdict in found.items():
        _CACHE.setdefault((claim_id, None, *place), found_verdict)


@data.steady  # no data file changes while a claim is checked: each is checked once
def evaluate(claim_id: str, _version: tuple | None = None, as_of: date | None = None) -> Verdict:
    """One claim's verdict (remembered while no data file changes: ``data.fingerprint()``)."""
    version = _version or data.fingerprint()
    key = (claim_id, as_of, str(data.DATA_DIR), version)
    if key not in _CACHE and as_of is None:
        _settle(version)
    if key not in _CACHE:
        _CACHE[key] = verdict(claim_id, as_of)
    return _CACHE[key]


@data.steady  # no data file changes while a claim is checked: each is checked once
def evaluate_all(chapter: int | None = None, verdict: str | None = None, kind: str | None = None,
                 as_of: date | None = None) -> list[Verdict]:
    """Every claim (optionally one chapter, verdict or kind), checked, in report order."""
    wanted = theme.normal(verdict) if verdict is not None else None
    claims = list(ledger.claims().values())
    if chapter is not None:
        chapters = sorted({c.chapter for c in claims})
        if chapter not in chapters:
            from .. import report

            raise ValueError(f"unknown chapter {chapter}; valid chapters: {report.named(chapters)}")
        claims = [c for c in claims if c.chapter == chapter]
    if kind is not None:
        kinds = sorted({c.kind for c in ledger.claims().values()})
        if kind.lower() not in kinds:
            raise ValueError(f"unknown kind {kind!r}; valid kinds: {', '.join(kinds)}")
        claims = [c for c in claims if c.kind == kind.lower()]
    version = data.fingerprint()
    if as_of is None:
        _settle(version)  # in a build: every claim once, shared with the build's other processes
    results = [evaluate(c.id, version, as_of) for c in claims]
    return [r for r in results if wanted is None or r.verdict == wanted]


def as_of_text(as_of: date | None) -> str:
    """'today' or '25 April 2025'."""
    return "today" if as_of is None else spoken(as_of)
