"""Exercise 1, who works with whom: the operations per country, the pairs, the pair of the region."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..analysis import europol
from ..countries import WB6
from .feedback import MISSING, PRECISION, Feedback, by_country, country_code, right, same


def _counts(dedupe: bool) -> pd.Series:
    return europol.country_counts(europol.operations(dedupe=dedupe))["operations"].astype(float)


def task1(answer: Any) -> Feedback:
    task = "exercise 1, task 1"
    if answer is None:
        return Feedback(task, "missing", MISSING)
    series, note = by_country(answer)
    if series is None:
        return Feedback(task, "wrong", note)
    if same(series, _counts(True)):
        return right(task, note)
    if same(series, _counts(False)):
        return Feedback(task, "close", "the printed table counts one operation twice (rows 4 and 19); count it once.")
    shares = europol.country_counts(europol.operations(dedupe=True))["share"]
    if same(series, shares, PRECISION):
        return Feedback(task, "close", "those are shares; this task asks for the number of operations.")
    total = float(len(europol.operations(dedupe=True)))
    if (series == total).all():
        return Feedback(task, "wrong", "Every country got the number of rows: count the True values, not the rows.")
    return Feedback(task, "wrong", "Some counts differ: count the True values of each country's column.")


def _pairs(dedupe: bool) -> pd.DataFrame:
    return europol.co_participation(europol.operations(dedupe=dedupe)).astype(float)


def task2(answer: Any) -> Feedback:
    task = "exercise 1, task 2"
    if answer is None:
        return Feedback(task, "missing", MISSING)
    if not isinstance(answer, pd.DataFrame):
        return Feedback(
            task, "wrong", f"Expected a table (a DataFrame, country x country), got {type(answer).__name__}."
        )
    rows, cols = [country_code(k) for k in answer.index], [country_code(k) for k in answer.columns]
    if None in rows or None in cols or set(rows) != set(WB6) or set(cols) != set(WB6):
        return Feedback(task, "wrong", "Expected the six countries (codes or names) as both the rows and the columns.")
    note = "" if list(answer.index) == rows and list(answer.columns) == cols else "names read the same as codes."
    got = pd.DataFrame(answer.to_numpy(dtype=float), index=rows, columns=cols).loc[list(WB6), list(WB6)]
    expected = _pairs(True)
    if np.allclose(got, expected):
        return right(task, note)
    if np.allclose(got, _pairs(False)):
        return Feedback(task, "close", "the duplicated row counts one Serbian operation twice; drop it first.")
    if np.allclose(got, expected > 0) or np.allclose(got, _pairs(False) > 0):
        return Feedback(
            task,
            "close",
            "that is a table of True/False: a product of True/False values says only whether a pair ever met; "
            "turn the marks into numbers (0 and 1, e.g. with .astype(int)) before multiplying.",
        )
    off = expected.to_numpy() - np.diag(np.diag(expected.to_numpy()))
    if np.allclose(got.to_numpy(), off):
        return Feedback(task, "close", "the diagonal should hold each country's own count (a country with itself).")
    if not np.allclose(got.to_numpy(), got.to_numpy().T):
        return Feedback(task, "wrong", "The matrix should be symmetric: A with B is B with A.")
    return Feedback(task, "wrong", "Some pair counts differ: multiply the 0/1 matrix by its own transpose.")


def _pair_codes(answer: Any) -> tuple[frozenset[str] | None, str]:
    if isinstance(answer, str):
        parts = [p for p in answer.replace("-", ",").replace("&", ",").split(",") if p.strip()]
        note = "a pair is clearer as two items, e.g. a tuple of two codes."
    elif isinstance(answer, (tuple, list, set, frozenset)):
        parts, note = list(answer), ""
    else:
        return None, f"Expected a pair of countries (two codes or names), got {type(answer).__name__}."
    codes = [country_code(str(p).strip()) for p in parts]
    if len(codes) != 2 or None in codes:
        return None, "Expected exactly two of the six countries, by code or name."
    if any(str(p).strip() != c for p, c in zip(parts, codes, strict=True)) and not note:
        note = "names or another case read the same as codes."
    return frozenset(codes), note


def task3(answer: Any) -> Feedback:
    task = "exercise 1, task 3"
    if answer is None:
        return Feedback(task, "missing", MISSING)
    pair, note = _pair_codes(answer)
    if pair is None:
        return Feedback(task, "wrong", note)
    if len(pair) == 1:
        return Feedback(task, "close", "a country with itself is the diagonal; look at pairs of different countries.")
    off = _pairs(True).where(~np.eye(len(WB6), dtype=bool))
    stacked = off.stack()
    best = stacked.max()
    winners = {frozenset(p) for p, v in stacked.items() if v == best}
    if pair in winners:
        tie = f" {len(winners)} pairs tie for the most operations together." if len(winners) > 1 else ""
        return Feedback(task, "but" if note or tie else "right", (note + tie).strip())
    printed = _pairs(False).where(~np.eye(len(WB6), dtype=bool)).stack()
    if pair in {frozenset(p) for p, v in printed.items() if v == printed.max()} and pair not in winners:
        return Feedback(task, "close", "that is the top pair of the printed table; count the duplicated row once.")
    return Feedback(task, "wrong", "Another pair shared more operations: look for the largest value off the diagonal.")


