"""What the Europol releases behind the report's Table 2 show together: which WB6 countries each names, when it
came out, which rows print the same release.  Each Table 2 row is a claim (C2-201 ... C2-221) whose facts are
checked against its release; the figures here are computed from those facts' sources, never from the table's
own ticks, so the report does not corroborate itself."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

from ... import data
from ...countries import WB6, names_of
from ...dates import Span, period, spoken
from .. import ledger
from ..compare import codes
from ..evidence import Source
from ..factcheck import FactResult, evaluate, machine_value
from ..ledger import Fact
from ..observe import observation

#: Table 2's rows are claims C2-201 ... C2-221; in each, fact 1 is the title, 2 the year, 4 the WB6 ticks.
TITLE, YEAR, TICKS = 1, 2, 4


@dataclass(frozen=True)
class Release:
    """One row of Table 2 with what its release shows."""

    row: int
    named: frozenset[str] | None  # the WB6 countries the release names (None: its list was not seen whole)
    published: Span | None  # when the release came out
    headline: str
    basis: tuple[Source, ...]  # the sources these values come from

    @property
    def label(self) -> str:
        return f"row {self.row}"


def _rows() -> list[int]:
    return sorted(int(c.split("-")[1]) - 200 for c in ledger.claims() if c.startswith("C2-2") and len(c) == 6)


def _fact(row: int, number: int) -> Fact:
    return ledger.fact(f"C2-{200 + row}/{number}")


def _value(result: FactResult) -> tuple[str, tuple[Source, ...]]:
    """The value the fact's deciding sources give, and those sources."""
    sources = tuple(c.source for c in result.basis)
    values = [machine_value(result.fact, s) for s in sources]
    return (values[0] if values else ""), sources


@functools.lru_cache(maxsize=8)
def _releases(_version: tuple, as_of: date | None) -> tuple[Release, ...]:
    found = []
    for row in _rows():
        ticks = evaluate(_fact(row, TICKS), as_of)
        when = evaluate(_fact(row, YEAR), as_of)
        title = evaluate(_fact(row, TITLE), as_of)
        named_text, named_from = _value(ticks) if ticks.status in ("confirmed", "refuted") else ("", ())
        date_text, date_from = _value(when) if when.status in ("confirmed", "refuted") else ("", ())
        headline, title_from = _value(title) if title.status == "confirmed" else ("", ())
        named = codes(named_text)
        found.append(
            Release(row, frozenset(named) if named is not None else None, period(date_text) if date_text else None,
                    headline.strip().lower(), named_from + date_from + title_from)
        )
    return tuple(found)


def _observers_state() -> int:
    """Changes when an observation is replaced (the mutation test does), so releases are read again."""
    from .. import observe

    return hash(tuple(id(f) for f in observe._OBSERVERS.values()))


def releases(as_of: date | None = None) -> tuple[Release, ...]:
    """Every row of Table 2 with what its release shows (known at ``as_of``)."""
    version = (data.fingerprint(), data.generation() if data._SUBSTITUTES else 0, _observers_state())
    return _releases(version, as_of)


def repeats(as_of: date | None = None) -> dict[int, int]:
    """Rows that print a release an earlier row already printed (row -> that earlier row): the same headline and
    the same publication date."""
    seen: dict[tuple, int] = {}
    found = {}
    for r in sorted(releases(as_of), key=lambda r: r.row):
        if not r.headline or r.published is None:
            continue
        key = (r.headline, r.published)
        if key in seen:
            found[seen[key]] = r.row  # the first printing is the misplaced one only if it is out of order
        else:
            seen[key] = r.row
    return found


def distinct(as_of: date | None = None) -> list[Release]:
    """The releases once each (a repeated release counted at the row that is out of order dropped)."""
    dropped = set(repeats(as_of))
    return [r for r in releases(as_of) if r.row not in dropped]


def _computed(finding: str, observed: str, basis: list[Source]) -> list[Source]:
    """A figure computed from several sources, as one source: its tier is the weakest of those it rests on."""
    if not basis:
        return []
    tiers = [s.tier or 3 for s in basis]
    rows = sorted({s.key[1] for s in basis if s.key and s.key[0] == "evidence"})
    dates = [s.last for s in basis if s.last]
    return [
        Source(
            role="computed",
            finding=finding,
            publisher="Europol's releases (as published or reproduced)",
            title="the releases behind Table 2",
            published=spoken(max(dates)) if dates else "",
            first=max(s.first for s in basis if s.first) if all(s.first for s in basis) else None,
            last=max(dates) if dates else None,
            tier=max(tiers),
            best_tier=min(tiers),
            address=" ; ".join(dict.fromkeys(s.address for s in basis if s.address)),
            observed=observed,
            where="computed from data/raw/primary-evidence/evidence.csv, rows " + ", ".join(map(str, rows)),
            key=("computed", finding),
        )
    ]


def _known(as_of: date | None) -> list[Release]:
    return [r for r in distinct(as_of) if r.named is not None]


def counts(as_of: date | None = None) -> dict[str, int]:
    """How many releases (once each, whose WB6 list was seen whole) name each WB6 country."""
    known = _known(as_of)
    return {c: sum(c in r.named for r in known) for c in WB6}


@observation("serbia_share")
def serbia_share(fact: Fact, as_of: date | None) -> list[Source]:
    """The share of the releases (once each, list seen whole) that name Serbia."""
    known = _known(as_of)
    if not known:
        return []
    share = counts(as_of)["SRB"] / len(known)
    return _computed(
        f"Serbia is named in {counts(as_of)['SRB']} of the {len(known)} releases whose list of WB6 participants "
        f"was seen whole ({share:.0%}); the release printed twice is counted once",
        f"{share:.4f}",
        [s for r in known for s in r.basis],
    )


@observation("most_involved")
def most_involved(fact: Fact, as_of: date | None) -> list[Source]:
    """The WB6 country (or countries) named in the most releases."""
    known = _known(as_of)
    if not known:
        return []
    tally = counts(as_of)
    top = max(tally.values())
    leaders = [c for c in WB6 if tally[c] == top]
    listing = ", ".join(f"{names_of([c])} {tally[c]}" for c in sorted(WB6, key=lambda c: -tally[c]))
    return _computed(f"releases naming each country, of {len(known)}: {listing}", ";".join(leaders),
                     [s for r in known for s in r.basis])


@observation("named_in_releases")
def named_in_releases(fact: Fact, as_of: date | None) -> list[Source]:
    """The WB6 countries named in at least one release."""
    known = _known(as_of)
    named = [c for c in WB6 if any(c in r.named for r in known)]
    return _computed(f"the WB6 countries named in at least one of {len(known)} releases: {names_of(named)}",
                     ";".join(named), [s for r in known for s in r.basis])


@observation("participation_spread")
def participation_spread(fact: Fact, as_of: date | None) -> list[Source]:
    """How many times more releases name the most involved country than the least involved."""
    tally = counts(as_of)
    if not tally or min(tally.values()) == 0:
        return []
    high, low = max(tally.values()), min(tally.values())
    most = [c for c in WB6 if tally[c] == high]
    least = [c for c in WB6 if tally[c] == low]
    return _computed(
        f"{names_of(most)} named in {high} releases, {names_of(least)} in {low}: {high / low:.1f} times as many",
        f"{high / low:.2f}", [s for r in _known(as_of) for s in r.basis])


@observation("release_period")
def release_period(fact: Fact, as_of: date | None) -> list[Source]:
    """When the first and the last release came out."""
    dated = [r for r in distinct(as_of) if r.published is not None]
    if not dated:
        return []
    first = min(r.published.first for r in dated)
    last = max(r.published.last for r in dated)
    return _computed(f"the {len(dated)} releases came out between {spoken(first)} and {spoken(last)}",
                     f"{first.isoformat()}/{last.isoformat()}", [s for r in dated for s in r.basis])


@observation("distinct_releases")
def distinct_releases(fact: Fact, as_of: date | None) -> list[Source]:
    """How many different releases Table 2's rows print."""
    every = releases(as_of)
    again = repeats(as_of)
    text = "; ".join(f"row {a} prints the release of row {b}" for a, b in sorted(again.items()))
    return _computed(f"{len(every) - len(again)} different releases in {len(every)} rows" + (f" ({text})" if text
                     else ""), str(len(every) - len(again)), [s for r in every for s in r.basis if r.row in
                                                              set(again) | set(again.values())] or
                     [s for r in every for s in r.basis])


@observation("repeated_row")
def repeated_row(fact: Fact, as_of: date | None) -> list[Source]:
    """Whether this claim's row prints a release another row prints too (a fact in words: refutes or confirms
    that the row is a release of its own)."""
    row = int(fact.claim.split("-")[1]) - 200
    again = repeats(as_of)
    pairs = {a: b for a, b in again.items()} | {b: a for a, b in again.items()}
    mine = [r for r in releases(as_of) if r.row in (row, pairs.get(row))]
    if row in pairs:
        return _computed(f"rows {min(row, pairs[row])} and {max(row, pairs[row])} print the same release (the same "
                         "headline, published the same day)", "refutes", [s for r in mine for s in r.basis])
    return _computed("no other row prints this release", "confirms", [s for r in mine for s in r.basis])


@observation("release_years")
def release_years(fact: Fact, as_of: date | None) -> list[Source]:
    """Whether each row's year is the year its release came out (a fact in words)."""
    every = releases(as_of)
    dated = [r for r in every if r.published is not None]
    years = {r.row: int(y) for r, y in zip(every, _report_years(), strict=True)}
    wrong = [r.row for r in dated if not (r.published.first.year <= years[r.row] <= r.published.last.year)]
    finding = f"{len(dated) - len(wrong)} of the {len(dated)} dated releases came out in the year their row gives"
    if wrong:
        finding += f"; not rows {', '.join(map(str, wrong))}"
    verdict = "confirms" if dated and not wrong else ("refutes in part" if dated else "none")
    return _computed(finding, verdict, [s for r in dated for s in r.basis])


@observation("newest_first")
def newest_first(fact: Fact, as_of: date | None) -> list[Source]:
    """Whether the rows run from the newest release to the oldest (a fact in words)."""
    dated = [r for r in releases(as_of) if r.published is not None]
    if not dated:
        return []
    out = _out_of_order(dated)
    finding = "the rows run from the newest release to the oldest" if not out else (
        f"the rows run from the newest release to the oldest except row {', '.join(map(str, out))}, which sits "
        "among newer releases")
    return _computed(finding, "confirms" if not out else "refutes in part", [s for r in dated for s in r.basis])


@observation("titles_are_headlines")
def titles_are_headlines(fact: Fact, as_of: date | None) -> list[Source]:
    """How many rows' entries are their releases' headlines (a fact in words on the column headed 'Operation
    name': entries that are headlines are not the operations' names)."""
    every = releases(as_of)
    headlines = [r for r in every if r.headline]
    if not headlines:
        return []
    return _computed(f"{len(headlines)} of the {len(every)} entries are the headline of their release (shortened "
                     "or lightly reworded), not the name of an operation", "refutes",
                     [s for r in headlines for s in r.basis])


def _out_of_order(dated: list[Release]) -> list[int]:
    """Rows outside the longest run that goes from newer to older releases (the rows a reader finds misplaced)."""
    best: list[list[Release]] = []
    for k, r in enumerate(dated):
        before = [best[j] for j in range(k) if dated[j].published.first >= r.published.last]
        best.append(max(before, key=len, default=[]) + [r])
    kept = {r.row for r in max(best, key=len)}
    return [r.row for r in dated if r.row not in kept]


def _report_years() -> list[int]:
    return [int(y) for y in data.load("table2_europol_operations").sort_values("row")["year"]]
