"""Self-checks for the workshop notebooks (``notebooks/workshop/``): feedback that teaches.

A student calls, for example, ``check.exercise2.task1(answer)`` and gets one of: right; right, but (a note on
the form of the answer); close (naming the likely mistake); not yet (naming the mistake when it is a common
one); or no answer yet.  The expected value is never shown.  Answers are accepted in every reasonable form:
country names or codes in any case, lists, tuples or sets, dicts or Series, shares rounded to the stated
precision.  Ties are named.  ``tests/test_workshop_feedback.py`` lists, per task, the wrong answers a student
would plausibly give and the feedback each must get.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .analysis import europol, scoreboard
from .countries import NAMES, WB6, UnknownCountryError, to_code

#: Shares are checked to two decimals (the precision the exercises ask for).
PRECISION = 0.005
MARKS = {
    "right": "✓ Right",
    "but": "✓ Right, but",
    "close": "≈ Close",
    "wrong": "✗ Not yet",
    "missing": "… No answer yet",
}


@dataclass(frozen=True)
class Feedback:
    """The outcome of one self-check."""

    task: str
    status: str  # right | but | close | wrong | missing
    message: str

    @property
    def correct(self) -> bool:
        return self.status in ("right", "but")

    def __repr__(self) -> str:
        if self.status == "but":
            return f"{self.task}: ✓ Right. Note: {self.message}"
        return f"{self.task}: {MARKS[self.status]}. {self.message}".strip()

    def _repr_html_(self) -> str:
        colour = {"right": "#0072B2", "but": "#0072B2", "close": "#E69F00", "wrong": "#D55E00", "missing": "#666666"}
        style = f"border-left:4px solid {colour[self.status]};padding-left:.6rem"
        return f'<p style="{style}">{html.escape(repr(self))}</p>'


MISSING = "Replace None with your answer and run the cell again."


def _code(value: Any) -> str | None:
    """A WB6 code from a code or a name in any case; None if it is not one."""
    try:
        return to_code(str(value))
    except (UnknownCountryError, TypeError):
        return None


def _by_country(answer: Any) -> tuple[pd.Series | None, str]:
    """A Series indexed by WB6 code from a Series, dict or one-column DataFrame keyed by codes or names; a note on
    the form when it was converted; (None, why) when it cannot be read that way."""
    note = ""
    if isinstance(answer, pd.DataFrame):
        if answer.shape[1] != 1:
            return None, "Expected one value per country (a Series), got a table with several columns."
        answer, note = answer.iloc[:, 0], "you gave a one-column table; a Series is enough."
    if isinstance(answer, dict):
        answer = pd.Series(answer)
    if not isinstance(answer, pd.Series):
        return None, f"Expected a Series (or a dict) with one value per country, got {type(answer).__name__}."
    codes = [_code(k) for k in answer.index]
    if None in codes or len(set(codes)) != len(codes):
        return None, "Index the values by country: codes such as 'SRB' or names such as 'Serbia'."
    if any(str(k) != c for k, c in zip(answer.index, codes, strict=True)):
        note = note or "you used names or another case; the codes (ALB, BIH, XKX, MNE, MKD, SRB) read the same."
    series = pd.Series(answer.to_numpy(), index=codes)
    if set(series.index) != set(WB6):
        missing = [c for c in WB6 if c not in series.index]
        return None, f"Give a value for each of the six countries (missing: {', '.join(missing)})."
    try:
        return series.reindex(list(WB6)).astype(float), note
    except (TypeError, ValueError):
        return None, "Every value should be a number."


def _same(a: pd.Series, b: pd.Series, tolerance: float = 1e-6) -> bool:
    return bool(np.allclose(a.astype(float), b.reindex(a.index).astype(float), atol=tolerance, equal_nan=True))


def _right(task: str, note: str) -> Feedback:
    return Feedback(task, "but", note) if note else Feedback(task, "right", "")


def _share(task: str, answer: Any, expected: float, mistakes: dict[str, float], counts: tuple[int, int]) -> Feedback:
    """A share between 0 and 1, to two decimals; a count, a percentage or a fraction's parts are named."""
    if answer is None:
        return Feedback(task, "missing", MISSING)
    if isinstance(answer, bool) or not isinstance(answer, (int, float, np.number)):
        return Feedback(task, "wrong", f"Expected a number (a share between 0 and 1), got {type(answer).__name__}.")
    try:
        value = float(answer)
    except OverflowError:  # an integer too large for a float (10**400) is not a share either
        return Feedback(task, "wrong", "That is not a finite number.")
    if not math.isfinite(value):
        return Feedback(task, "wrong", "That is not a finite number.")
    if abs(value - expected) < 1e-9:
        return Feedback(task, "right", "")
    if abs(value - expected) <= PRECISION:
        return Feedback(task, "but", "right to two decimals, which is the precision asked for.")
    if 1 < value <= 100 and abs(value / 100 - expected) <= PRECISION:
        return Feedback(task, "close", "that is a percentage: give the share as a number between 0 and 1.")
    part, whole = counts
    if float(value).is_integer() and value == part:
        return Feedback(
            task, "close", "that is a count of operations, not a share: divide by the number of operations."
        )
    if float(value).is_integer() and value == whole:
        return Feedback(task, "close", "that is the number of operations; the share is Serbia's count divided by it.")
    for mistake, candidate in mistakes.items():
        if abs(value - candidate) <= PRECISION:
            return Feedback(task, "close", mistake)
    if value > 1:
        return Feedback(task, "wrong", "A share lies between 0 and 1.")
    return Feedback(task, "wrong", "Not the share the rows give: check which rows you counted and what you divided by.")


class _Exercise:
    def __init__(self, tasks: dict[str, Callable[[Any], Feedback]]) -> None:
        self._tasks = tasks

    def __getattr__(self, name: str) -> Callable[[Any], Feedback]:
        try:
            return self._tasks[name]
        except KeyError:
            raise AttributeError(f"no task {name!r}; tasks: {', '.join(self._tasks)}") from None


# --- exercise 1: who works with whom -------------------------------------------------------------------------------


def _counts(dedupe: bool) -> pd.Series:
    return europol.country_counts(europol.operations(dedupe=dedupe))["operations"].astype(float)


def _ex1_task1(answer: Any) -> Feedback:
    task = "exercise 1, task 1"
    if answer is None:
        return Feedback(task, "missing", MISSING)
    series, note = _by_country(answer)
    if series is None:
        return Feedback(task, "wrong", note)
    if _same(series, _counts(True)):
        return _right(task, note)
    if _same(series, _counts(False)):
        return Feedback(task, "close", "the printed table counts one operation twice (rows 4 and 19); count it once.")
    shares = europol.country_counts(europol.operations(dedupe=True))["share"]
    if _same(series, shares, PRECISION):
        return Feedback(task, "close", "those are shares; this task asks for the number of operations.")
    total = float(len(europol.operations(dedupe=True)))
    if (series == total).all():
        return Feedback(task, "wrong", "every country got the number of rows: count the ✓ marks, not the rows.")
    return Feedback(task, "wrong", "Some counts differ: count the ✓ marks of each country's column.")


def _pairs(dedupe: bool) -> pd.DataFrame:
    return europol.co_participation(europol.operations(dedupe=dedupe)).astype(float)


def _ex1_task2(answer: Any) -> Feedback:
    task = "exercise 1, task 2"
    if answer is None:
        return Feedback(task, "missing", MISSING)
    if not isinstance(answer, pd.DataFrame):
        return Feedback(
            task, "wrong", f"Expected a table (a DataFrame, country x country), got {type(answer).__name__}."
        )
    rows, cols = [_code(k) for k in answer.index], [_code(k) for k in answer.columns]
    if None in rows or None in cols or set(rows) != set(WB6) or set(cols) != set(WB6):
        return Feedback(task, "wrong", "Expected the six countries (codes or names) as both the rows and the columns.")
    note = "" if list(answer.index) == rows and list(answer.columns) == cols else "names read the same as codes."
    got = pd.DataFrame(answer.to_numpy(dtype=float), index=rows, columns=cols).loc[list(WB6), list(WB6)]
    expected = _pairs(True)
    if np.allclose(got, expected):
        return _right(task, note)
    if np.allclose(got, _pairs(False)):
        return Feedback(task, "close", "the duplicated row counts one Serbian operation twice; drop it first.")
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
    codes = [_code(str(p).strip()) for p in parts]
    if len(codes) != 2 or None in codes:
        return None, "Expected exactly two of the six countries, by code or name."
    if any(str(p).strip() != c for p, c in zip(parts, codes, strict=True)) and not note:
        note = "names or another case read the same as codes."
    return frozenset(codes), note


def _ex1_task3(answer: Any) -> Feedback:
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


# --- exercise 2: is "nearly every operation" fair? ---------------------------------------------------------------


def _serbia(table: pd.DataFrame) -> tuple[float, tuple[int, int]]:
    row = europol.country_counts(table).loc["SRB"]
    return float(row["share"]), (int(row["operations"]), int(row["of"]))


def _ex2_task1(answer: Any) -> Feedback:
    printed, counts = _serbia(europol.operations())
    distinct, _ = _serbia(europol.operations(dedupe=True))
    mistakes = {"that is the share without the duplicated row; this task asks for the table as printed.": distinct}
    return _share("exercise 2, task 1", answer, printed, mistakes, counts)


def _ex2_task2(answer: Any) -> Feedback:
    printed, _ = _serbia(europol.operations())
    distinct, counts = _serbia(europol.operations(dedupe=True))
    mistakes = {"that is the share as printed; drop the duplicated row first.": printed}
    return _share("exercise 2, task 2", answer, distinct, mistakes, counts)


def _ex2_task3(answer: Any) -> Feedback:
    ops = europol.operations(dedupe=True)
    expected, counts = _serbia(europol.filter_years(ops, 2024, 2024))
    printed_2024, _ = _serbia(europol.filter_years(europol.operations(), 2024, 2024))
    mistakes = {"that is the share over all years; keep the 2024 operations only.": _serbia(ops)[0]}
    if abs(printed_2024 - expected) > PRECISION:
        mistakes["that counts the duplicated row, which is printed among the 2024 rows; drop it."] = printed_2024
    return _share("exercise 2, task 3", answer, expected, mistakes, counts)


# --- exercise 3: build your own scoreboard -----------------------------------------------------------------------


def _ex3_task1(answer: Any) -> Feedback:
    task = "exercise 3, task 1"
    if answer is None:
        return Feedback(task, "missing", "Define the function and pass it (not its result) to the check.")
    if isinstance(answer, pd.Series):
        return Feedback(task, "wrong", "Pass the function itself (normalise), not the Series it returns.")
    if not callable(answer):
        return Feedback(task, "wrong", f"Expected a function that takes a Series, got {type(answer).__name__}.")
    sample = pd.Series({"A": 2.0, "B": 4.0, "C": 10.0, "D": np.nan})
    try:
        result = answer(sample.copy())
    except Exception as exc:  # the student's own function
        return Feedback(task, "wrong", f"Your function raised {type(exc).__name__}: {exc}")
    if not isinstance(result, pd.Series):
        return Feedback(task, "wrong", "Your function should return a Series.")
    got = result.reindex(sample.index).astype(float)
    if np.allclose(got[["A", "B", "C"]], [0.0, 0.25, 1.0]):
        if not np.isnan(got["D"]):
            return Feedback(task, "close", "a missing value must stay missing: filling it with 0 invents a value.")
        return Feedback(task, "right", "")
    if np.allclose(got[["A", "B", "C"]], [0.2, 0.4, 1.0]):
        return Feedback(task, "close", "that divides by the largest value; subtract the smallest first.")
    if np.allclose(got[["A", "B", "C"]], [1.0, 0.75, 0.0]):
        return Feedback(task, "close", "that turns the order round: the largest value should become 1.")
    return Feedback(task, "wrong", "The smallest value should become 0 and the largest 1: (x - min) / (max - min).")


TASK2_WEIGHTS = {"europol": 2.0, "frameworks": 1.0, "cfsp": 1.0, "nato": 1.0, "milex": 1.0}


def _ex3_task2(answer: Any) -> Feedback:
    task = "exercise 3, task 2"
    if answer is None:
        return Feedback(task, "missing", MISSING)
    series, note = _by_country(answer)
    if series is None:
        return Feedback(task, "wrong", note)
    expected = scoreboard.scores(TASK2_WEIGHTS)["score"].astype(float)
    if _same(series, expected, 0.001):
        return _right(task, note)
    norm = scoreboard.normalised(scoreboard.raw_indicators())
    w = pd.Series(TASK2_WEIGHTS)[list(scoreboard.INDICATORS)]
    filled = (norm.fillna(0) * w).sum(axis=1) / w.sum()
    if _same(series, filled, 0.001):
        return Feedback(
            task,
            "close",
            "Kosovo's missing CFSP rate counted as 0: divide by the weights of the "
            "indicators each country has, not of all five.",
        )
    summed = (norm * w).sum(axis=1)
    if _same(series, summed, 0.001):
        return Feedback(task, "close", "that is a weighted sum; divide by the sum of the weights to get a mean.")
    if _same(series, scoreboard.scores()["score"].astype(float), 0.001):
        return Feedback(task, "close", "those are the scores with equal weights; give Europol weight 2.")
    if _same(series, norm.mean(axis=1), 0.001):
        return Feedback(task, "close", "that is a plain mean: weight Europol twice.")
    return Feedback(task, "wrong", "Some scores differ: weighted mean = sum(weight x value) / sum(weights).")


def _rank_moves() -> pd.Series:
    ranks = scoreboard.sensitivity("nato", values=(0, 3))
    return (ranks.loc[3] - ranks.loc[0]).abs()


def _ex3_task3(answer: Any) -> Feedback:
    task = "exercise 3, task 3"
    if answer is None:
        return Feedback(task, "missing", MISSING)
    if isinstance(answer, (list, tuple, set)):
        codes = {_code(a) for a in answer}
    else:
        codes = {_code(answer)}
    if None in codes:
        return Feedback(task, "wrong", f"Expected a country (code or name), such as 'Serbia', got {answer!r}.")
    moves = _rank_moves()
    winners = set(moves[moves == moves.max()].index)
    if codes <= winners:
        if len(winners) > 1:
            tied = " and ".join(NAMES[c] for c in sorted(winners, key=list(WB6).index))
            return Feedback(task, "but", f"it is a tie: {tied} both move {int(moves.max())} place(s).")
        return Feedback(task, "right", "")
    if all(moves[c] == 0 for c in codes):
        return Feedback(task, "wrong", "That country keeps its rank: compare the ranks at weight 0 and weight 3.")
    return Feedback(task, "close", "that country moves, but another moves further.")


class _Checks:
    """``check.exercise1.task1(answer)`` and so on."""

    exercise1 = _Exercise({"task1": _ex1_task1, "task2": _ex1_task2, "task3": _ex1_task3})
    exercise2 = _Exercise({"task1": _ex2_task1, "task2": _ex2_task2, "task3": _ex2_task3})
    exercise3 = _Exercise({"task1": _ex3_task1, "task2": _ex3_task2, "task3": _ex3_task3})


check = _Checks()
