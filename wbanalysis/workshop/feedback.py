"""What a check says: its :class:`Feedback` (right, close, not yet, no answer), and the readers that accept an answer
in every reasonable form (country names or codes, lists, dicts or Series, rounded shares)."""

from __future__ import annotations

import dataclasses
import functools
import html
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..countries import WB6, UnknownCountryError, to_code
from . import outcomes

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
    noted: str = ""  # where the outcome was recorded (see .outcomes), or why it could not be

    @property
    def correct(self) -> bool:
        return self.status in ("right", "but")

    def __repr__(self) -> str:
        if self.status == "but":
            text = f"{self.task}: ✓ Right. Note: {self.message}"
        else:
            text = f"{self.task}: {MARKS[self.status]}. {self.message}".strip()
        return f"{text} [{self.noted}]" if self.noted else text

    def _repr_html_(self) -> str:
        colour = {"right": "#0072B2", "but": "#0072B2", "close": "#E69F00", "wrong": "#D55E00", "missing": "#666666"}
        style = f"border-left:4px solid {colour[self.status]};padding-left:.6rem"
        return f'<p style="{style}">{html.escape(repr(self))}</p>'


MISSING = "Replace None with your answer and run the cell again."


def country_code(value: Any) -> str | None:
    """A WB6 code from a code or a name in any case; None if it is not one."""
    try:
        return to_code(str(value))
    except (UnknownCountryError, TypeError):
        return None


def by_country(answer: Any) -> tuple[pd.Series | None, str]:
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
    codes = [country_code(k) for k in answer.index]
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


def same(a: pd.Series, b: pd.Series, tolerance: float = 1e-6) -> bool:
    return bool(np.allclose(a.astype(float), b.reindex(a.index).astype(float), atol=tolerance, equal_nan=True))


def right(task: str, note: str) -> Feedback:
    return Feedback(task, "but", note) if note else Feedback(task, "right", "")


def share_feedback(
    task: str, answer: Any, expected: float, mistakes: dict[str, float], counts: tuple[int, int]
) -> Feedback:
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


def noting(task: Callable[[Any], Feedback]) -> Callable[[Any], Feedback]:
    """The check, which also notes its outcome (task, status, time) where the student turned recording on."""

    @functools.wraps(task)
    def checked(answer: Any) -> Feedback:
        feedback = task(answer)
        try:
            path = outcomes.note(feedback.task, feedback.status)
        except OSError as exc:  # never lose the feedback for the sake of the record
            return dataclasses.replace(feedback, noted=f"the outcome could not be noted: {exc}")
        return dataclasses.replace(feedback, noted=f"outcome noted in {path.name}") if path else feedback

    return checked


class Exercise:
    def __init__(self, tasks: dict[str, Callable[[Any], Feedback]]) -> None:
        self._tasks = {name: noting(task) for name, task in tasks.items()}

    def __getattr__(self, name: str) -> Callable[[Any], Feedback]:
        try:
            return self._tasks[name]
        except KeyError:
            raise AttributeError(f"no task {name!r}; tasks: {', '.join(self._tasks)}") from None


