"""Self-checks for the workshop notebooks (``notebooks/workshop/``).

A student calls, for example, ``check.exercise2.task1(answer)`` and gets specific feedback without
the expected answer being shown: right; close (with a hint about the usual mistake); or the wrong
type (with the type expected).  Each check returns a ``Feedback`` that displays itself.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .analysis import europol, scoreboard
from .countries import WB6


@dataclass(frozen=True)
class Feedback:
    """The outcome of one self-check."""

    task: str
    status: str  # right | close | wrong | missing
    message: str

    @property
    def correct(self) -> bool:
        return self.status == "right"

    def __repr__(self) -> str:
        mark = {"right": "✓ Right", "close": "≈ Close", "wrong": "✗ Not yet", "missing": "… No answer yet"}[self.status]
        return f"{self.task}: {mark}. {self.message}".strip()

    def _repr_html_(self) -> str:
        colour = {"right": "#0072B2", "close": "#E69F00", "wrong": "#D55E00", "missing": "#666666"}[self.status]
        return f'<p style="border-left:4px solid {colour};padding-left:.6rem">{html.escape(repr(self))}</p>'


def _series_check(task: str, answer: Any, expected: pd.Series, near: dict[str, pd.Series]) -> Feedback:
    if answer is None:
        return Feedback(task, "missing", "Replace None with your answer and run the cell again.")
    if not isinstance(answer, pd.Series):
        return Feedback(
            task, "wrong", f"Expected a pandas Series indexed by country code, got {type(answer).__name__}."
        )
    if set(answer.index) != set(expected.index):
        return Feedback(task, "wrong", f"Expected one value per country code ({', '.join(expected.index)}).")
    values = answer.reindex(expected.index).astype(float)
    if np.allclose(values, expected.astype(float)):
        return Feedback(task, "right", "")
    for hint, candidate in near.items():
        if np.allclose(values, candidate.reindex(expected.index).astype(float)):
            return Feedback(task, "close", hint)
    return Feedback(task, "wrong", "Some values differ: count ✓ marks, not rows.")


def _number_check(task: str, answer: Any, expected: float, near: dict[str, float]) -> Feedback:
    if answer is None:
        return Feedback(task, "missing", "Replace None with your answer and run the cell again.")
    if isinstance(answer, bool) or not isinstance(answer, (int, float, np.number)):
        return Feedback(task, "wrong", f"Expected a number (a share between 0 and 1), got {type(answer).__name__}.")
    if abs(float(answer) - expected) < 1e-6:
        return Feedback(task, "right", "")
    if 1 < float(answer) <= 100 and abs(float(answer) / 100 - expected) < 1e-6:
        return Feedback(task, "close", "That looks like a percentage: give the share as a number between 0 and 1.")
    for hint, candidate in near.items():
        if abs(float(answer) - candidate) < 1e-6:
            return Feedback(task, "close", hint)
    return Feedback(task, "wrong", "Not the value the table gives: check which rows you counted.")


class _Exercise:
    def __init__(self, tasks: dict[str, Callable[[Any], Feedback]]) -> None:
        self._tasks = tasks

    def __getattr__(self, name: str) -> Callable[[Any], Feedback]:
        try:
            return self._tasks[name]
        except KeyError:
            raise AttributeError(f"no task {name!r}; tasks: {', '.join(self._tasks)}") from None


# --- exercise 1: who works with whom -------------------------------------------------------------------------


def _ex1_task1(answer: Any) -> Feedback:
    distinct = europol.country_counts(europol.operations(dedupe=True))["operations"]
    printed = europol.country_counts(europol.operations())["operations"]
    return _series_check(
        "exercise 1, task 1",
        answer,
        distinct,
        {"one operation is printed twice (rows 4 and 19); count it once.": printed},
    )


def _ex1_task2(answer: Any) -> Feedback:
    task = "exercise 1, task 2"
    expected = europol.co_participation(europol.operations(dedupe=True))
    if answer is None:
        return Feedback(task, "missing", "Replace None with your answer and run the cell again.")
    if not isinstance(answer, pd.DataFrame):
        return Feedback(task, "wrong", f"Expected a DataFrame (country x country), got {type(answer).__name__}.")
    if set(answer.index) != set(WB6) or set(answer.columns) != set(WB6):
        return Feedback(task, "wrong", "Expected the six country codes as both the index and the columns.")
    got = answer.loc[list(WB6), list(WB6)].to_numpy(dtype=float)
    if np.allclose(got, expected.to_numpy(dtype=float)):
        return Feedback(task, "right", "")
    printed = europol.co_participation(europol.operations()).to_numpy(dtype=float)
    if np.allclose(got, printed):
        return Feedback(task, "close", "the duplicated row counts one Serbian operation twice.")
    if np.allclose(np.diag(got), 0) and np.allclose(got, expected.to_numpy(dtype=float) - np.diag(np.diag(expected))):
        return Feedback(task, "close", "the diagonal should hold each country's own count.")
    return Feedback(task, "wrong", "Hint: with a 0/1 matrix M (operations x countries), M.T @ M counts pairs.")


def _ex1_task3(answer: Any) -> Feedback:
    task = "exercise 1, task 3"
    pairs = europol.co_participation(europol.operations(dedupe=True))
    off = pairs.where(~np.eye(len(pairs), dtype=bool))
    best = off.stack().max()
    winners = {frozenset(p) for p, v in off.stack().items() if v == best}
    if answer is None:
        return Feedback(task, "missing", "Replace None with your answer and run the cell again.")
    if not isinstance(answer, (tuple, list, set)) or len(answer) != 2:
        return Feedback(task, "wrong", "Expected a pair of country codes, such as ('ALB', 'SRB').")
    if frozenset(answer) in winners:
        return Feedback(task, "right", f"{len(winners)} pair(s) share the top count.")
    if len(set(answer)) == 1:
        return Feedback(task, "close", "a country with itself is the diagonal; look off the diagonal.")
    return Feedback(task, "wrong", "Another pair shared more operations.")


# --- exercise 2: is "nearly every operation" fair? ---------------------------------------------------------------


def _srb_share(table: pd.DataFrame) -> float:
    return float(europol.country_counts(table).loc["SRB", "share"])


def _ex2_task1(answer: Any) -> Feedback:
    printed, distinct = _srb_share(europol.operations()), _srb_share(europol.operations(dedupe=True))
    return _number_check(
        "exercise 2, task 1",
        answer,
        printed,
        {"that is the share without the duplicate; this task asks for the table as printed.": distinct},
    )


def _ex2_task2(answer: Any) -> Feedback:
    printed, distinct = _srb_share(europol.operations()), _srb_share(europol.operations(dedupe=True))
    return _number_check(
        "exercise 2, task 2",
        answer,
        distinct,
        {"that is the share as printed; drop the duplicated row first.": printed},
    )


def _ex2_task3(answer: Any) -> Feedback:
    ops = europol.operations(dedupe=True)
    expected = _srb_share(europol.filter_years(ops, 2024, 2024))
    return _number_check(
        "exercise 2, task 3",
        answer,
        expected,
        {"that is the share over all years; keep the 2024 rows only.": _srb_share(ops)},
    )


# --- exercise 3: build your own scoreboard -----------------------------------------------------------------------


def _ex3_task1(answer: Any) -> Feedback:
    task = "exercise 3, task 1"
    if answer is None:
        return Feedback(task, "missing", "Define the function and pass it (not its result) to the check.")
    if not callable(answer):
        return Feedback(task, "wrong", f"Expected a function that takes a Series, got {type(answer).__name__}.")
    sample = pd.Series({"A": 2.0, "B": 4.0, "C": 10.0})
    try:
        result = answer(sample)
    except Exception as exc:  # the student's own function
        return Feedback(task, "wrong", f"Your function raised {type(exc).__name__}: {exc}")
    if not isinstance(result, pd.Series):
        return Feedback(task, "wrong", "Your function should return a Series.")
    if np.allclose(result.reindex(sample.index).astype(float), [0.0, 0.25, 1.0]):
        return Feedback(task, "right", "")
    if np.allclose(result.reindex(sample.index).astype(float), sample / sample.max()):
        return Feedback(task, "close", "that divides by the largest value; subtract the smallest first.")
    return Feedback(task, "wrong", "The smallest value should become 0 and the largest 1.")


def _ex3_task2(answer: Any) -> Feedback:
    weights = {"europol": 2.0, "frameworks": 1.0, "cfsp": 1.0, "nato": 1.0, "milex": 1.0}
    expected = scoreboard.scores(weights)["score"]
    equal = scoreboard.scores()["score"]
    return _series_check(
        "exercise 3, task 2",
        answer,
        expected,
        {"those are the scores with equal weights; give Europol weight 2.": equal},
    )


def _ex3_task3(answer: Any) -> Feedback:
    task = "exercise 3, task 3"
    ranks = scoreboard.sensitivity("nato", values=(0, 3))
    moves = (ranks.loc[3] - ranks.loc[0]).abs()
    winners = set(moves[moves == moves.max()].index)
    if answer is None:
        return Feedback(task, "missing", "Replace None with your answer and run the cell again.")
    if not isinstance(answer, str):
        return Feedback(task, "wrong", f"Expected a country code such as 'SRB', got {type(answer).__name__}.")
    if answer in winners:
        return Feedback(task, "right", "")
    if answer not in WB6:
        return Feedback(task, "wrong", f"Expected one of {', '.join(WB6)}.")
    return Feedback(task, "wrong", "Compare each country's rank at weight 0 and weight 3.")


class _Checks:
    """``check.exercise1.task1(answer)`` and so on."""

    exercise1 = _Exercise({"task1": _ex1_task1, "task2": _ex1_task2, "task3": _ex1_task3})
    exercise2 = _Exercise({"task1": _ex2_task1, "task2": _ex2_task2, "task3": _ex2_task3})
    exercise3 = _Exercise({"task1": _ex3_task1, "task2": _ex3_task2, "task3": _ex3_task3})


check = _Checks()
