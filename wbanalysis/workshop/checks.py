"""Self-checks for the workshop notebooks (``notebooks/workshop/``): feedback that teaches.

A student calls, for example, ``check.exercise2.task1(answer)`` and gets one of: right; right, but (a note on
the form of the answer); close (naming the likely mistake); not yet (naming the mistake when it is a common
one); or no answer yet.  The expected value is never shown.  Answers are accepted in every reasonable form:
country names or codes in any case, lists, tuples or sets, dicts or Series, shares rounded to the stated
precision.  Ties are named.  A common mistake is recognised by what the answer *is*: the answer is compared
with the result of each mistaken recipe (:class:`Recipe`, :func:`recognise`), so a gap filled before or after
rescaling, or a rescaling done before or after weighting, is named whatever the order the student took.
``tests/test_workshop_feedback.py`` lists, per task, the wrong answers a student would plausibly give and the
feedback each must get, and tries every order of the common mistakes of exercise 3.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..analysis import europol, scoreboard
from ..countries import NAMES, WB6, UnknownCountryError, to_code
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


def _noting(task: Callable[[Any], Feedback]) -> Callable[[Any], Feedback]:
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


class _Exercise:
    def __init__(self, tasks: dict[str, Callable[[Any], Feedback]]) -> None:
        self._tasks = {name: _noting(task) for name, task in tasks.items()}

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
        return Feedback(task, "wrong", "Every country got the number of rows: count the True values, not the rows.")
    return Feedback(task, "wrong", "Some counts differ: count the True values of each country's column.")


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


@dataclass(frozen=True)
class Recipe:
    """A way of computing an answer and the mistakes it makes (none for the right way), headline first."""

    mistakes: tuple[str, ...]
    result: Any


def recognise(
    task: str, recipes: list[Recipe], matches: Callable[[Any], bool], messages: dict[str, str]
) -> Feedback | None:
    """Feedback naming the mistakes of the simplest mistaken recipe whose result ``matches`` the answer, or None.

    A mistake is recognised by what the answer *is*: the answer is compared with the result each mistaken
    recipe gives, so the order in which a student made the mistakes does not matter.  One mistake is
    "close"; two or more are "not yet", each named.  Among recipes giving the same result, the one with
    the fewest mistakes wins, then one that names a filled gap (the lesson that matters most), then the
    first listed.
    """
    found = [r for r in recipes if r.mistakes and matches(r.result)]
    if not found:
        return None
    best = min(found, key=lambda r: (len(r.mistakes), not r.mistakes[0].startswith("fill")))
    text = " Also: ".join(messages[m] for m in best.mistakes)
    if len(best.mistakes) == 1:
        return Feedback(task, "close", text)
    return Feedback(task, "wrong", text[0].upper() + text[1:])


#: What task 1's function is tried on: three values and a gap.
TASK1_SAMPLE = {"A": 2.0, "B": 4.0, "C": 10.0, "D": float("nan")}

#: Ways to fill a gap (value, stage): before or after rescaling, with 0 or with the mean of the others.
FILLS: tuple[tuple[str, str] | None, ...] = (
    None,
    ("zero", "before"),
    ("zero", "after"),
    ("mean", "before"),
    ("mean", "after"),
)

TASK1_MESSAGES = {
    "fill zero before": "a missing value must stay missing: filling it with 0 before rescaling invents a value, "
    "and that 0 becomes the smallest value, which moves every other value too.",
    "fill zero after": "a missing value must stay missing: filling it with 0 invents a value.",
    "fill mean before": "a missing value must stay missing: filling it with the mean invents a value.",
    "fill mean after": "a missing value must stay missing: filling it with the mean invents a value.",
    "gap filled": "a missing value must stay missing: your function gave the gap a value, which invents one.",
    "dropped": "keep every entry: the missing value should stay in the result, still missing, not be dropped.",
    "by max": "that divides by the largest value; subtract the smallest first.",
    "reversed": "that turns the order round: the largest value should become 1.",
    "standardised": "that standardises (mean 0, spread 1); here the smallest value should become 0 and the largest 1.",
    "gap spreads": "every value came out missing: the smallest and largest value must skip the gap "
    "(a Series' .min() and .max() do; numpy's min and max of .values do not).",
}

_SCALERS: dict[str, Callable[[pd.Series], pd.Series]] = {
    "min-max": lambda s: (s - s.min()) / (s.max() - s.min()),
    "by max": lambda s: s / s.max(),
    "reversed": lambda s: (s.max() - s) / (s.max() - s.min()),
    "standardised": lambda s: (s - s.mean()) / s.std(),
}


def _filled(values: pd.Series | pd.DataFrame, how: str) -> pd.Series | pd.DataFrame:
    return values.fillna(0.0 if how == "zero" else values.mean())


def task1_recipes(sample: pd.Series) -> list[Recipe]:
    """Every combination of a gap fill (none; 0 or the mean, before or after rescaling) and a rescaling."""
    recipes = []
    for fill in FILLS:
        for name, scale in _SCALERS.items():
            values = _filled(sample, fill[0]) if fill and fill[1] == "before" else sample
            result = scale(values)
            if fill and fill[1] == "after":
                result = _filled(result, fill[0])
            mistakes = ((f"fill {fill[0]} {fill[1]}",) if fill else ()) + ((name,) if name != "min-max" else ())
            recipes.append(Recipe(mistakes, result))
    recipes.append(Recipe(("gap spreads",), pd.Series(np.nan, index=sample.index)))
    return recipes


def _ex3_task1(answer: Any) -> Feedback:
    task = "exercise 3, task 1"
    if answer is None:
        return Feedback(task, "missing", "Define the function and pass it (not its result) to the check.")
    if isinstance(answer, pd.Series):
        return Feedback(task, "wrong", "Pass the function itself (normalise), not the Series it returns.")
    if not callable(answer):
        return Feedback(task, "wrong", f"Expected a function that takes a Series, got {type(answer).__name__}.")
    sample = pd.Series(TASK1_SAMPLE)
    try:
        result = answer(sample.copy())
    except Exception as exc:  # the student's own function
        return Feedback(task, "wrong", f"Your function raised {type(exc).__name__}: {exc}")
    if not isinstance(result, pd.Series):
        return Feedback(task, "wrong", "Your function should return a Series.")
    if set(result.index) != set(sample.index):
        if set(result.index) == set(sample.dropna().index):
            return Feedback(task, "close", TASK1_MESSAGES["dropped"])
        return Feedback(task, "wrong", "Return one value for each value of the Series, with the same index.")
    try:
        got = result.reindex(sample.index).astype(float)
    except (TypeError, ValueError):
        return Feedback(task, "wrong", "Your function should return numbers.")

    def matches(candidate: pd.Series) -> bool:
        return _same(got, candidate)

    recipes = task1_recipes(sample)
    if matches(recipes[0].result):
        return Feedback(task, "right", "")
    named = recognise(task, recipes, matches, TASK1_MESSAGES)
    if named is not None:
        return named
    scale = "The smallest value should become 0 and the largest 1: (x - min) / (max - min)."
    gaps = sample.isna()
    if got[gaps].notna().any():  # a gap filled with some other value: recognised by the gap alone
        if _same(got[~gaps], recipes[0].result[~gaps]):
            return Feedback(task, "close", TASK1_MESSAGES["gap filled"])
        also = scale[0].lower() + scale[1:]
        return Feedback(task, "wrong", f"{TASK1_MESSAGES['gap filled'].capitalize()} Also: {also}")
    return Feedback(task, "wrong", scale)


TASK2_WEIGHTS = {"europol": 2.0, "frameworks": 1.0, "cfsp": 1.0, "nato": 1.0, "milex": 1.0}

TASK2_MESSAGES = {
    "fill zero before": "a missing value must stay missing: Kosovo's CFSP rate was filled with 0 before "
    "rescaling, so 0 became the smallest rate and moved every other country's CFSP value too; score each "
    "country on the indicators it has.",
    "fill zero after": "a missing value must stay missing: Kosovo's missing CFSP rate counted as 0; divide by "
    "the weights of the indicators each country has, not of all five.",
    "fill mean before": "a missing value must stay missing: Kosovo's CFSP rate was filled with an average, which "
    "invents one; score each country on the indicators it has.",
    "fill mean after": "a missing value must stay missing: Kosovo's CFSP rate was filled with an average, which "
    "invents one; score each country on the indicators it has.",
    "fill zero": "a missing value must stay missing: Kosovo's missing CFSP rate counted as 0; divide by the "
    "weights of the indicators each country has, not of all five.",
    "fill mean": "a missing value must stay missing: Kosovo's CFSP rate was filled with an average, which "
    "invents one; score each country on the indicators it has.",
    "gap filled": "a missing value must stay missing: every score is right except Kosovo's, so its missing CFSP "
    "rate was given a value (or counted in the divisor); score each country on the indicators it has.",
    "rescale after": "rescale each indicator before weighting, not the scores after: the indicators are in "
    "different units (shares, yes/no, % of GDP).",
    "no rescale": "rescale each indicator to 0-1 before weighting: the indicators are in different units "
    "(shares, yes/no, % of GDP).",
    "sum": "that is a weighted sum; divide by the sum of the weights to get a mean.",
    "equal": "those are the scores with equal weights; give Europol weight 2.",
}


def task2_result(
    raw: pd.DataFrame,
    weights: dict[str, float],
    fill: tuple[str, str] | None = None,
    rescale: str = "before",
    aggregate: str = "mean",
) -> pd.Series:
    """The scores a recipe gives: ``fill`` a gap (None, or (zero|mean, before|after) rescaling), ``rescale``
    the indicators before weighting, the scores after it, or not at all (before|after|none), and
    ``aggregate`` as a weighted mean of the indicators a country has, a weighted sum, or an equal-weight mean
    (mean|sum|equal)."""
    values = raw.astype(float)
    if fill and (fill[1] == "before" or rescale != "before"):
        values = _filled(values, fill[0])
    if rescale == "before":
        values = scoreboard.normalised(values)
        if fill and fill[1] == "after":
            values = _filled(values, fill[0])
    w = pd.Series(weights, dtype=float)[list(values.columns)]
    if aggregate == "equal":
        w = pd.Series(1.0, index=w.index)
    total = (values * w).sum(axis=1)
    score = total if aggregate == "sum" else total / values.notna().mul(w).sum(axis=1)
    if rescale == "after":
        score = scoreboard.normalised(score.to_frame("score"))["score"]
    return score


def task2_recipes(raw: pd.DataFrame, weights: dict[str, float]) -> list[Recipe]:
    """Every combination of a gap fill, the place of the rescaling and the aggregation; the right one first."""
    recipes = []
    for fill in FILLS:
        for rescale in ("before", "after", "none"):
            for aggregate in ("mean", "sum", "equal"):
                if fill and rescale != "before" and fill[1] == "after":
                    continue  # without a rescaled table there is no "after": the same as before
                stage = f" {fill[1]}" if fill and rescale == "before" else ""
                mistakes = (
                    ((f"fill {fill[0]}{stage}",) if fill else ())
                    + ({"after": ("rescale after",), "none": ("no rescale",)}.get(rescale, ()))
                    + ((aggregate,) if aggregate != "mean" else ())
                )
                recipes.append(Recipe(mistakes, task2_result(raw, weights, fill, rescale, aggregate)))
    return recipes


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
    raw = scoreboard.raw_indicators()

    def matches(candidate: pd.Series) -> bool:
        return _same(series, candidate, 0.001)

    named = recognise(task, task2_recipes(raw, TASK2_WEIGHTS), matches, TASK2_MESSAGES)
    if named is not None:
        return named
    gaps = raw.isna().any(axis=1).reindex(series.index)
    if gaps.any() and _same(series[~gaps], expected[~gaps], 0.001):  # only the countries with a gap differ
        return Feedback(task, "close", TASK2_MESSAGES["gap filled"])
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

    @staticmethod
    def record_to(folder: str | Path = ".") -> None:
        """Note each check's outcome (task, status, time; never the answer) in a file in ``folder``."""
        path = outcomes.start(folder)
        print(
            f"Recording on: each check adds its task, its outcome and the time to {path.name} in "
            f"{path.parent.resolve()} (never your answer). Nothing leaves this computer unless you hand the "
            "file over. check.stop_recording() stops this notebook; deleting the file stops every notebook."
        )

    @staticmethod
    def stop_recording() -> None:
        """No more notes from this notebook."""
        outcomes.stop()
        print("Recording off in this notebook.")


check = _Checks()
