"""When each public dataset's vintage was released, as ``data/raw/manifest.json`` records it (with the address that
says so): a verdict at an earlier date may rest only on a vintage released by then."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import date

from . import data
from .errors import DataError

MANIFEST = "raw/manifest.json"


@dataclass(frozen=True)
class Vintage:
    """One release of a public source, as held in ``data/raw/``."""

    source: str  # the manifest's name for the source ('imf-weo')
    name: str  # the vintage's name ('2025-04')
    title: str  # the source's title
    label: str  # the vintage as a reader names it ('IMF World Economic Outlook of April 2025')
    released: str  # when, in words ('22 April 2025', 'by 6 March 2026 (...)')
    first: date | None  # the earliest day the release can be (None: not known)
    last: date | None  # the latest
    evidence: str  # the address(es) that say when it was released
    note: str

    def released_by(self, day: date | None) -> bool:
        """Out on or before ``day`` (always when no day is asked for); a release whose date is known only as 'by'
        a later day is not taken to be out earlier."""
        return day is None or (self.last is not None and self.last <= day)


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


@functools.lru_cache(maxsize=4)
def _manifest(path: str, _mtime_ns: int) -> dict[str, list[Vintage]]:
    with open(path, encoding="utf-8") as handle:
        sources = json.load(handle)["sources"]
    return {
        s["name"]: [Vintage(s["name"], v["name"], s["title"], v.get("label") or s["title"], v["released"],
                            _day(v.get("released_first", "")), _day(v.get("released_last", "")),
                            v.get("evidence", ""), v.get("note", ""))
                    for v in s.get("vintages", [])]
        for s in sources
    }


def every() -> dict[str, list[Vintage]]:
    """Every source's vintages, by the manifest's source name."""
    path = data.DATA_DIR / MANIFEST
    return _manifest(str(path), path.stat().st_mtime_ns)


def vintage(source: str, name: str) -> Vintage:
    """One vintage of a source; the error names the valid ones."""
    found = every().get(source)
    if found is None:
        raise DataError(f"unknown raw source {source!r} in {MANIFEST}; valid: {', '.join(sorted(every()))}")
    for v in found:
        if v.name == name:
            return v
    raise DataError(f"{MANIFEST}: {source} has no vintage {name!r}; valid: {', '.join(v.name for v in found)}")


def of_resource(resource: str, selector: str = "") -> Vintage:
    """The vintage a data resource was derived from (``sources[0].raw`` and ``.vintage`` in ``datapackage.json``);
    a resource holding several vintages says which by a column value (``vintage_by``): pass that value."""
    source = (data.resource(resource).get("sources") or [{}])[0]
    if "raw" not in source:
        raise DataError(f"data resource {resource!r} names no raw source (sources[0].raw in datapackage.json)")
    name = source.get("vintage") or source.get("vintage_by", {}).get(selector)
    if not name:
        valid = [k for k in source.get("vintage_by", {}) if k != "column"]
        raise DataError(f"data resource {resource!r} holds several vintages: say which ({', '.join(valid)})")
    return vintage(source["raw"], name)
