"""The evidence a fact rests on: rows of the primary evidence (``data/external/evidence.csv``, derived from
``data/raw/primary-evidence/``) and rows of the public datasets, each a :class:`Source` with its publisher,
address, publication date and tier, shown publisher first."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd

from .. import data, report
from ..countries import any_name
from ..dates import spoken
from ..labels import label
from . import own

#: The report's date (its cover): evidence published after it could not be known to the authors.
REPORT_DATE = report.DATE
#: Tiers of evidence, as the primary evidence defines them.
TIERS = {
    1: "the publisher of the fact or its official record",
    2: "a reputable news agency, newspaper or research organisation reporting it",
    3: "a repost, aggregator, blog or unknown site",
}
#: Where the primary evidence's rows are (a source's ``where`` names its row there).
EVIDENCE_FILE = "data/raw/primary-evidence/evidence.csv"
#: Roles that can confirm or refute a fact; the others are shown but never counted.
COUNTED = ("evidence", "dataset", "computed")


@dataclass(frozen=True)
class Source:
    """One piece of evidence on one fact."""

    role: str  # evidence | context | searched | opinion | report | derived | dataset | computed
    finding: str
    publisher: str
    title: str = ""
    address: str = ""
    published: str = ""  # as the source gives it
    first: date | None = None  # earliest and latest day ``published`` allows
    last: date | None = None
    tier: int | None = None
    best_tier: int | None = None  # a computed figure: the best tier among the sources it reads (else = tier)
    stance: str = ""  # the gatherer's reading (words facts rest on it; numbers, dates and lists never do)
    value: str = ""  # the key value as the gatherer wrote it
    observed: str = ""  # the project's reading of the row for the facts it serves ('' = none recorded)
    observed_note: str = ""  # why the project reads the row so
    observed_holds: str = ""  # for a finding 'refutes in part': the part that holds, in words
    readings: tuple[tuple[str, tuple[str, str, str]], ...] = ()  # for one fact only: (key, (reading, why, holds))
    reproduces: str = ""
    searched: str = ""
    note: str = ""
    where: str = ""  # the project file and row: 'data/external/evidence.csv, row 15'
    key: tuple = field(default=(), compare=False)  # (file resource, row) for the mutation test

    def reading_for(self, fact_key: str) -> tuple[str, str, str]:
        """The project's reading of this row for one fact, why, and the part that holds where it refutes only in
        part: its own for that fact, else the row's."""
        return dict(self.readings).get(fact_key, (self.observed, self.observed_note, self.observed_holds))

    def gist(self) -> str:
        """The finding's first clause, as a reader reads it: dates spoken, no project abbreviations."""
        text = self.finding.strip()
        for stop in (". ", "; "):
            if stop in text:
                text = text.split(stop)[0]
        return readable(text.rstrip("."))

    @property
    def strongest(self) -> int:
        """The best tier this source brings: its own, or the best of those a computed figure reads."""
        return self.best_tier or self.tier or 3

    @property
    def counted(self) -> bool:
        return self.role in COUNTED

    @property
    def after_report(self) -> bool:
        """Published after the report's date (the authors could not have known it)."""
        return self.first is not None and self.first > REPORT_DATE

    @property
    def undated(self) -> bool:
        return self.first is None and self.last is None

    def addresses(self) -> list[str]:
        """The public addresses (http or https only), the original's first where this page reproduces it."""
        given = re.split(r"\s*;\s*|\s+", f"{self.reproduces} {self.address}" if self.reproduces.startswith("http")
                         else self.address)
        return list(dict.fromkeys(a for a in given if a.startswith(("http://", "https://"))))

    def who(self) -> str:
        """Publisher first; a reproduction says whose text it carries: "Europol's release, as republished by
        OMCOM"."""
        if self.role == "searched" and not self.publisher.strip():
            return "a search of public sources (the primary evidence)"
        publisher = self.publisher.strip() or "an unnamed source"
        if self.reproduces and self.tier in (2, 3):
            original = self.reproduces.split("(")[0].strip().rstrip(",;")
            if original and not original.startswith("http"):
                return readable(f"{original}, as republished by {publisher}")
            site = re.sub(r"^https?://(?:www\.)?([^/]+).*$", r"\1", self.reproduces.strip())
            return readable(f"{publisher} (reproducing a page of {site})")
        return readable(publisher)

    def when(self) -> str:
        """The publication date as a reader reads it ('18 March 2025'); an undated page says when it was seen."""
        if self.first and self.last and self.first == self.last:
            return spoken(self.first)
        if self.role == "dataset":
            return self.published
        if self.first is None and self.role == "searched":
            return f"searched by {spoken(self.last)}" if self.last else "undated"
        if self.first is None:
            return f"undated (seen {spoken(self.last)})" if self.last else "undated"
        text = self.published.strip()
        return text if text else f"{spoken(self.first)} or later"

    def to_dict(self) -> dict:
        return {
            "role": self.role,
            "publisher": self.publisher,
            "who": self.who(),
            "title": self.title,
            "address": self.address,
            "published": self.published,
            "published_first": self.first.isoformat() if self.first else "",
            "published_last": self.last.isoformat() if self.last else "",
            "tier": self.tier,
            "after_report": self.after_report,
            "finding": self.finding,
            "searched": self.searched,
            "where": self.where,
        }


#: Words 'WB6' qualifies as an adjective ('WB6 governments'); before anything else it is a noun ('WB6 agreed').
_NOUNS = (r"(?:states|state|countries|country|partners|governments|region|regional|leaders|ministers|authorities|"
          r"citizens|economies|cooperation|security|police|institutions|participation|participants|members|interior|"
          r"foreign|defence|EU|border|candidates|capitals|level|officials|side|six|summit)\b")


def readable(text: str) -> str:
    """A gatherer's words for a reader: ISO dates spoken ('18 March 2025'), 'WB6' and 'HR/VP' spelt out."""
    text = re.sub(r"\b\d{4}-\d{2}-\d{2}\b", lambda m: spoken(m.group()), text)
    text = re.sub(r"\ball WB6\b", "all six Western Balkan countries", text)
    text = re.sub(rf"\bWB6 (?={_NOUNS})", "Western Balkan ", text)
    text = re.sub(r"\b(?:the )?WB6\b", "the Western Balkan six", text)
    text = re.sub(rf"\bWB (?={_NOUNS})", "Western Balkan ", text)
    text = re.sub(r"\b(ALB|BIH|XKX|MNE|MKD|SRB|HRV|SVN|HUN|ROU|BGR|GRC)\b", lambda m: any_name(m.group()), text)
    # the gatherer's file names and code words, as words (never inside an address)
    text = re.sub(r"(?<![/\w.-])(?:data/(?:external/|raw/[\w-]+/)?)?([a-z][a-z0-9_]*)\.csv\b",
                  lambda m: f"{m.group(1).replace('_', ' ')} table", text)
    text = re.sub(r"(?<![/\w.=-])[a-z]+(?:_[a-z0-9]+)+\b(?![/\w.-])", lambda m: label(m.group()), text)
    return re.sub(r"\bHR/VP\b", "High Representative", text)


def _text(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _day(value: object) -> date | None:
    text = _text(value)
    return date.fromisoformat(text) if text else None


_Ref = tuple[str, int]  # (pack claim id, fact number)


@functools.lru_cache(maxsize=4)
def _rows(_version: tuple) -> dict[tuple[str, int], tuple[Source, ...]]:
    """Every evidence row as a source, grouped by (claim, fact), with the project's readings and tiers
    (``data/observed.csv``) laid over the rows as the gatherer recorded them (``_recorded``)."""
    overrides: dict[int, dict[str, tuple[str, str, str]]] = {}  # row -> {fact key or '': (reading, why, holds)}
    tiers: dict[int, int] = {}  # row -> the tier the project gives it, where the gatherer's was wrong
    table = data.load("observed")
    columns = ("source_row", "fact", "observed", "note", "holds", "tier")
    for source_row, fact, observed, note, holds, tier in zip(*(table[c].tolist() for c in columns), strict=True):
        if _text(observed):
            overrides.setdefault(int(source_row), {})[_text(fact)] = (str(observed), _text(note), _text(holds))
        if _text(tier):
            tiers[int(source_row)] = int(tier)
    version = _version[:1] + _version[2:]
    recorded, where = _grouped(version)
    grouped = dict(recorded)
    for source_row in sorted((set(overrides) | set(tiers)) & set(where)):
        key, at = where[source_row]
        read = overrides.get(source_row, {})
        sources = list(grouped[key])
        sources[at] = _laid(version, source_row, tiers.get(source_row),
                            tuple(sorted(read.items())))  # fmt: skip
        grouped[key] = tuple(sources)
    return grouped


@functools.lru_cache(maxsize=4096)
def _laid(version: tuple, source_row: int, tier: int | None, read: tuple[tuple[str, tuple[str, str, str]], ...]
          ) -> Source:  # fmt: skip
    """One recorded row with the project's reading and tier laid over it (the same reading is laid once: the
    mutation test lays the same readings over and over, changing one)."""
    recorded, where = _grouped(version)
    key, at = where[source_row]
    source = recorded[key][at]
    plain = dict(read).get("", ("", "", ""))
    return replace(
        source,
        tier=source.tier if tier is None else tier,
        observed=plain[0],
        observed_note=plain[1],
        observed_holds=plain[2],
        readings=tuple((k, v) for k, v in read if k),
    )


@functools.lru_cache(maxsize=4)
def _grouped(_version: tuple) -> tuple[dict[_Ref, tuple[Source, ...]], dict[int, tuple[_Ref, int]]]:
    """The recorded rows (``_recorded``) grouped by (claim, fact), and where each of the project's rows sits there
    (its group and place), so that laying the readings over them touches only the rows read."""
    grouped: dict[_Ref, list[Source]] = {}
    where: dict[int, tuple[_Ref, int]] = {}
    for key, source_row, ours, source in _recorded(_version):
        group = grouped.setdefault(key, [])
        if ours:
            where[source_row] = (key, len(group))
        group.append(source)
    return {k: tuple(v) for k, v in grouped.items()}, where


@functools.lru_cache(maxsize=4)
def _recorded(_version: tuple) -> tuple[tuple[tuple[str, int], int, bool, Source], ...]:
    """The rows of the evidence (and of one's own evidence) as the gatherer recorded them, each with its
    (claim, fact), its row number and whether it is the project's own table; read once per version of the
    evidence, whatever happens to ``observed.csv`` (the mutation test changes it claim by claim)."""
    mine = own.table("evidence")
    tables = [(data.load("evidence"), EVIDENCE_FILE, True)]
    tables += [(mine, mine.attrs["file"], False)] if mine is not None else []
    return tuple(item for table, file, ours in tables for item in _as_sources(table, file, ours))


def _as_sources(table: pd.DataFrame, file: str, ours: bool) -> list[tuple[tuple[str, int], int, bool, Source]]:
    """The rows of one evidence table as sources."""
    found = []
    for row in table.itertuples(index=False):
        source_row = int(row.source_row)
        tier = _text(row.tier)
        found.append(((row.claim_id, int(row.fact_no)), source_row, ours, Source(
            role=row.role,
            finding=_text(row.finding),
            publisher=_text(row.publisher),
            title=_text(row.title),
            address=_text(row.address),
            published=_text(row.published),
            first=_day(row.published_first),
            last=_day(row.published_last),
            tier=int(tier) if tier else None,
            stance=_text(row.stance),
            value=_text(row.value),
            reproduces=_text(row.reproduces),
            searched=_text(row.searched),
            note=_text(row.note),
            where=f"{file}, row {source_row}",
            key=("evidence", source_row) if ours else ("own evidence", source_row),
        )))
    return found


def _version() -> tuple:
    """The evidence's version, the readings' version, then one's own evidence's (``_recorded`` keys on all but the
    second)."""
    return data.version("evidence") + data.version("observed") + own.version()


def rows(refs: tuple[tuple[str, int], ...]) -> list[Source]:
    """The evidence rows for (pack claim id, fact number) references, in file order."""
    every = _rows(_version())
    return [s for ref in refs for s in every.get(ref, ())]


def referenced() -> set[tuple[str, int]]:
    """Every (pack claim id, fact number) that has evidence rows."""
    return set(_rows(_version()))


def dataset(resource: str, rows_: list[int], finding: str, observed: str = "", selector: str = "") -> Source:
    """Rows of a public dataset as evidence: the publisher and address from ``datapackage.json``, the release date
    of its vintage from ``data/raw/manifest.json`` (``selector`` picks the vintage where a resource holds several)."""
    from ..vintages import of_resource

    described = data.resource(resource)
    source = (described.get("sources") or [{}])[0]
    held = of_resource(resource, selector)
    numbers = ", ".join(map(str, rows_))
    label = "row" if len(rows_) == 1 else "rows"
    return Source(
        role="dataset",
        finding=finding,
        publisher=str(source.get("publisher", "")),
        title=held.label,
        address=str(source.get("path", "")),
        published=f"released {held.released}",
        first=held.first,
        last=held.last,
        tier=1,
        observed=observed,
        note=f"release date: {held.evidence}" if held.evidence else held.note,
        where=f"data/{described['path']}" + (f", {label} {numbers}" if rows_ else ""),
        key=(resource, tuple(rows_)),
    )
