"""Exercise 3, build your own scoreboard: gaps filled, rescaled, weighted; the common mistakes recognised
by what the answer is (:class:`Recipe`, :func:`recognise`), whatever the order the student took."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..analysis import scoreboard
from ..countries import NAMES, WB6
from .feedback import MISSING, Feedback, by_country, country_code, right, same


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


def task1(answer: Any) -> Feedback:
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
        return same(got, candidate)

    recipes = task1_recipes(sample)
    if matches(recipes[0].result):
        return Feedback(task, "right", "")
    named = recognise(task, recipes, matches, TASK1_MESSAGES)
    if named is not None:
        return named
    scale = "The smallest value should become 0 and the largest 1: (x - min) / (max - min)."
    gaps = sample.isna()
    if got[gaps].notna().any():  # a gap filled with some other value: recognised by the gap alone
        if same(got[~gaps], recipes[0].result[~gaps]):
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


_TASK2_RECIPES: dict[tuple[str, tuple], list[Recipe]] = {}  # by the indicators' values and the weights


def task2_recipes(raw: pd.DataFrame, weights: dict[str, float]) -> list[Recipe]:
    """Every combination of a gap fill, the place of the rescaling and the aggregation; the right one first.

    Worked out once for given indicators and weights (every check of an answer compares it with the same
    recipes), again whenever either changes."""
    key = (raw.to_csv(), tuple(sorted(weights.items())))
    if key not in _TASK2_RECIPES:
        if len(_TASK2_RECIPES) >= 8:
            _TASK2_RECIPES.clear()
        _TASK2_RECIPES[key] = _task2_recipes(raw, weights)
    return list(_TASK2_RECIPES[key])


def _task2_recipes(raw: pd.DataFrame, weights: dict[str, float]) -> list[Recipe]:
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


def task2(answer: Any) -> Feedback:
    task = "exercise 3, task 2"
    if answer is None:
        return Feedback(task, "missing", MISSING)
    series, note = by_country(answer)
    if series is None:
        return Feedback(task, "wrong", note)
    expected = scoreboard.scores(TASK2_WEIGHTS)["score"].astype(float)
    if same(series, expected, 0.001):
        return right(task, note)
    raw = scoreboard.raw_indicators()

    def matches(candidate: pd.Series) -> bool:
        return same(series, candidate, 0.001)

    named = recognise(task, task2_recipes(raw, TASK2_WEIGHTS), matches, TASK2_MESSAGES)
    if named is not None:
        return named
    gaps = raw.isna().any(axis=1).reindex(series.index)
    if gaps.any() and same(series[~gaps], expected[~gaps], 0.001):  # only the countries with a gap differ
        return Feedback(task, "close", TASK2_MESSAGES["gap filled"])
    return Feedback(task, "wrong", "Some scores differ: weighted mean = sum(weight x value) / sum(weights).")


def _rank_moves() -> pd.Series:
    ranks = scoreboard.sensitivity("nato", values=(0, 3))
    return (ranks.loc[3] - ranks.loc[0]).abs()


def task3(answer: Any) -> Feedback:
    task = "exercise 3, task 3"
    if answer is None:
        return Feedback(task, "missing", MISSING)
    if isinstance(answer, (list, tuple, set)):
        codes = {country_code(a) for a in answer}
    else:
        codes = {country_code(answer)}
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


