"""The mutation test of the checks: change the rows a verdict rests on and see whether the verdict moves.

A verdict that no change of its evidence can move is not computed from the data: it is a constant.  For each
evidence item (a resource and rows), the rows are dropped, then each column is changed in turn (numbers
scaled, years shifted, text replaced, flags flipped) until the verdict changes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import data
from .evaluate import run
from .model import Evidence

#: Columns that name or describe a source rather than state a fact: changing them should not move a verdict.
CITATION_COLUMNS = (
    "source_url",
    "source_title",
    "source2_url",
    "source2_title",
    "europol_url_seen",
    "notes",
    "excerpt",
    "retrieved_as",
    "date_basis",
    "publisher",
    "source_type",
)


#: Columns that pick a row out rather than state a fact: a verdict that only moves when they change rests on
#: the row being there, not on what it says.
KEY_COLUMNS = (
    "topic_id",
    "claim_item",
    "claim",
    "table2_row",
    "row",
    "edition",
    "id",
    "framework_id",
    "event_type",
    "concept",
    "measure",
    "flow",
    "indicator",
    "unit",
)


@dataclass(frozen=True)
class Outcome:
    """What the mutations did to one claim: ``kind`` is 'fact' (a fact column moved the verdict to another rating),
    'existence' (a fact column moved it to 'not checkable' only), 'key' (only dropping the rows or changing the
    columns that select them did), or '' (nothing did)."""

    claim: str
    before: str
    moved_to: str
    mutation: str
    kind: str


def _shift_years(value: str) -> str:
    return re.sub(r"\b(19|20)(\d{2})\b", lambda m: str(int(m.group()) + 9), value)


def _days(shift: int):
    """Move every ISO date in a cell by ``shift`` days."""

    def move(value: str) -> str:
        def one(match: re.Match) -> str:
            try:
                return (pd.Timestamp(match.group()) + pd.Timedelta(days=shift)).strftime("%Y-%m-%d")
            except ValueError:
                return match.group()

        return re.sub(r"\b\d{4}-\d{2}-\d{2}\b", one, value)

    return move


def _tenth(value: str) -> str:
    return re.sub(r"\d+(?:\.\d+)?", lambda m: f"{float(m.group()) / 10:g}", value.replace(",", ""))


def _changed(series: pd.Series, rows: list) -> Iterator[tuple[str, pd.Series]]:
    """Ways to change a column in the given rows."""
    if pd.api.types.is_bool_dtype(series):
        changed = series.copy()
        changed.loc[rows] = ~series.loc[rows].fillna(False).astype(bool)
        yield "flipped", changed
    elif pd.api.types.is_numeric_dtype(series):
        steps = (
            ("x10+7", lambda v: v * 10 + 7),
            ("x0.1", lambda v: v * 0.1),
            ("+9", lambda v: v + 9),
            ("0", lambda v: v * 0),
        )
        for label, func in steps:
            changed = series.astype("Float64").copy()
            changed.loc[rows] = func(series.loc[rows].astype("Float64").fillna(1.0))
            if str(series.dtype).startswith("Int"):
                changed = changed.round().astype(series.dtype)
            yield label, changed
    else:
        text = series.astype("string")
        for label, func in (
            ("years shifted", _shift_years),
            ("dates -4 days", _days(-4)),
            ("dates +1 day", _days(1)),
            ("numbers / 10", _tenth),
            ("digits changed", lambda v: re.sub(r"\d", lambda m: str((int(m.group()) + 3) % 10), v)),
            ("text replaced", lambda v: "zz"),
        ):
            changed = text.copy()
            changed.loc[rows] = text.loc[rows].fillna("").map(func)
            yield label, changed
        emptied = text.copy()
        emptied.loc[rows] = pd.NA
        yield "emptied", emptied


def _subsets(rows: list) -> list[tuple[str, list]]:
    """The cited rows together, the first alone, and the first half (so that ratios and medians can move)."""
    subsets = [("", rows)]
    if len(rows) > 1:
        subsets += [(f" (row {rows[0] + 1})", rows[:1]), (" (first half)", rows[: len(rows) // 2])]
    return subsets


def _mutations(item: Evidence) -> Iterator[tuple[str, str, pd.DataFrame]]:
    """(label, kind, table) for every change of the rows an evidence item cites: fact columns first."""
    table = data.load(item.resource)
    rows = [r - 1 for r in item.rows if 0 < r <= len(table)] or list(table.index)
    keys = set(KEY_COLUMNS)
    columns = [c for c in table.columns if c not in CITATION_COLUMNS]
    for column in sorted(columns, key=lambda c: c in keys):
        kind = "key" if column in keys else "fact"
        for where, subset in _subsets(rows):
            for label, changed in _changed(table[column], subset):
                yield f"{item.resource}.{column} {label}{where}", kind, table.assign(**{column: changed})
    if item.rows:
        yield f"{item.resource} rows {list(item.rows)} dropped", "key", table.drop(index=rows)


def mutate(claim_id: str) -> Outcome:
    """The first mutation of a claim's evidence that moves its verdict, preferring (in this order) a change of a
    fact column to another rated verdict ('fact'), a change of a fact column to 'not checkable' ('existence': the
    fact the claim rests on is whether a row says so), and dropping or re-keying its rows ('key')."""
    before = run(claim_id)
    found: dict[str, Outcome] = {}
    for item in dict.fromkeys(before.evidence):
        for label, kind, frame in _mutations(item):
            if kind == "key" and found:
                break
            with data.substituted({item.resource: frame}), np.errstate(all="ignore"):
                try:
                    after = run(claim_id).verdict
                except Exception:  # a change the check cannot read is not a verdict of its own
                    continue
            if after == before.verdict:
                continue
            if kind == "fact" and after != "not checkable":
                return Outcome(claim_id, before.verdict, after, label, "fact")
            grade = "existence" if kind == "fact" else "key"
            found.setdefault(grade, Outcome(claim_id, before.verdict, after, label, grade))
    return found.get("existence") or found.get("key") or Outcome(claim_id, before.verdict, "", "", "")
