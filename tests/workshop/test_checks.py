"""The self-checks teach: for every task, the answers a student would plausibly give and the feedback each gets.

Each row: the task, a description of the answer, a function building the answer from the data (so no expected
value is typed here), the status it must get and a phrase its message must contain.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wbanalysis.analysis import europol, scoreboard
from wbanalysis.countries import NAMES, WB6
from wbanalysis.workshop import TASK2_WEIGHTS, check, operations

COLS = list(WB6)


def distinct():
    return europol.operations(dedupe=True)


def printed():
    return europol.operations()


def counts(table):
    return (table[COLS] == "✓").sum()


def pairs(table):
    m = (table[COLS] == "✓").astype(int)
    return m.T @ m


def srb_share(table):
    return float((table["SRB"] == "✓").mean())


def top_pair():
    off = pairs(distinct()).where(~np.eye(6, dtype=bool)).stack()
    return off.idxmax()


def weighted(fill_zero=False, divide=True, weights=TASK2_WEIGHTS):
    norm = scoreboard.normalised(scoreboard.raw_indicators())
    w = pd.Series(weights)[list(scoreboard.INDICATORS)]
    filled = norm.fillna(0) if fill_zero else norm
    total = (filled * w).sum(axis=1)
    if not divide:
        return total
    return total / (w.sum() if fill_zero else norm.notna().mul(w).sum(axis=1))


def gap_after(value):
    """Kosovo's gap filled on the rescaled table with ``value(column)``, then a weighted mean of all five."""
    norm = scoreboard.normalised(scoreboard.raw_indicators())
    norm = norm.apply(lambda col: col.fillna(value(col.to_numpy())))
    w = pd.Series(TASK2_WEIGHTS)[list(scoreboard.INDICATORS)]
    return (norm * w).sum(axis=1) / w.sum()


def gap_first(value):
    """Kosovo's gap filled on the raw table with ``value(column)``, then rescaled and weighted."""
    raw = scoreboard.raw_indicators()
    raw = raw.apply(lambda col: col.fillna(value(col.to_numpy())))
    norm = (raw - raw.min()) / (raw.max() - raw.min())
    w = pd.Series(TASK2_WEIGHTS)[list(scoreboard.INDICATORS)]
    return (norm * w).sum(axis=1) / w.sum()


def nato_moves():
    ranks = scoreboard.sensitivity("nato", values=(0, 3))
    return (ranks.loc[3] - ranks.loc[0]).abs()


def booleans():
    """The marks as the students get them (True/False), multiplied without turning them into numbers."""
    return operations(dedupe=True)[COLS]


def fill_then_rescale(s):
    """The guide's headline mistake, as a student writes it (issue 25)."""
    s = s.fillna(0)
    return (s - s.min()) / (s.max() - s.min())


def median_first(s):
    s = s.fillna(s.median())
    return (s - s.min()) / (s.max() - s.min())


def numpy_min_max(s):
    low, high = s.values.min(), s.values.max()
    return (s - low) / (high - low)


def normaliser(fill=None, by_max=False, reverse=False):
    def func(s):
        if by_max:
            return s / s.max()
        out = (s - s.min()) / (s.max() - s.min())
        out = 1 - out if reverse else out
        return out.fillna(fill) if fill is not None else out

    return func


CASES = [
    # exercise 1, task 1: distinct operations per country
    ("1.1", "counts as a Series of codes", lambda: counts(distinct()), "right", ""),
    ("1.1", "counts as a dict", lambda: counts(distinct()).to_dict(), "right", ""),
    ("1.1", "counts keyed by names", lambda: counts(distinct()).rename(NAMES), "but", "names"),
    (
        "1.1",
        "counts keyed by lower-case codes",
        lambda: counts(distinct()).rename(str.lower),
        "but",
        "names or another case",
    ),
    ("1.1", "a one-column table", lambda: counts(distinct()).to_frame("n"), "but", "one-column table"),
    ("1.1", "the printed table (duplicate counted)", lambda: counts(printed()), "close", "counts one operation twice"),
    ("1.1", "shares instead of counts", lambda: counts(distinct()) / len(distinct()), "close", "those are shares"),
    ("1.1", "rows counted, not marks", lambda: pd.Series(len(distinct()), index=COLS), "wrong", "count the True"),
    ("1.1", "a list", lambda: [1, 2, 3], "wrong", "Expected a Series"),
    ("1.1", "five countries only", lambda: counts(distinct()).drop("XKX"), "wrong", "missing: XKX"),
    ("1.1", "no answer", lambda: None, "missing", "Replace None"),
    # exercise 1, task 2: co-participation
    ("1.2", "the matrix", lambda: pairs(distinct()), "right", ""),
    ("1.2", "the matrix with names", lambda: pairs(distinct()).rename(index=NAMES, columns=NAMES), "but", "names"),
    ("1.2", "the printed table", lambda: pairs(printed()), "close", "duplicated row"),
    ("1.2", "the diagonal zeroed", lambda: pairs(distinct()) * (1 - np.eye(6, dtype=int)), "close", "diagonal"),
    ("1.2", "not symmetric", lambda: pairs(distinct()) + np.triu(np.ones((6, 6), dtype=int), 1), "wrong", "symmetric"),
    ("1.2", "a Series", lambda: counts(distinct()), "wrong", "Expected a table"),
    ("1.2", "a product of True/False marks", lambda: booleans().T @ booleans(), "close", "True/False"),
    # exercise 1, task 3: the top pair (a tie)
    ("1.3", "the top pair as codes", lambda: tuple(top_pair()), "but", "tie"),
    (
        "1.3",
        "the top pair reversed, as names, lower case",
        lambda: tuple(NAMES[c].lower() for c in top_pair()[::-1]),
        "but",
        "tie",
    ),
    ("1.3", "the top pair as a list", lambda: list(top_pair()), "but", "tie"),
    ("1.3", "the top pair as one string", lambda: "-".join(top_pair()), "but", "two items"),
    ("1.3", "a country with itself", lambda: ("SRB", "SRB"), "close", "diagonal"),
    ("1.3", "a weaker pair", lambda: ("XKX", "MNE"), "wrong", "Another pair"),
    ("1.3", "one country", lambda: "SRB", "wrong", "exactly two"),
    ("1.3", "an unknown country", lambda: ("SRB", "Atlantis"), "wrong", "exactly two"),
    # exercise 2, task 1: Serbia's share of the printed rows
    ("2.1", "the exact share", lambda: srb_share(printed()), "right", ""),
    ("2.1", "the share rounded to 2 decimals", lambda: round(srb_share(printed()), 2), "but", "two decimals"),
    ("2.1", "a percentage", lambda: 100 * srb_share(printed()), "close", "percentage"),
    ("2.1", "the count", lambda: int((printed()["SRB"] == "✓").sum()), "close", "count of operations"),
    ("2.1", "the number of rows", lambda: len(printed()), "close", "number of operations"),
    ("2.1", "the deduplicated share", lambda: srb_share(distinct()), "close", "without the duplicated row"),
    ("2.1", "a share over 1", lambda: 1.5, "wrong", "between 0 and 1"),
    ("2.1", "text", lambda: "85%", "wrong", "Expected a number"),
    ("2.1", "a wrong share", lambda: 0.5, "wrong", "which rows you counted"),
    # exercise 2, task 2: after dropping the duplicate
    ("2.2", "the exact share", lambda: srb_share(distinct()), "right", ""),
    ("2.2", "a percentage", lambda: 100 * srb_share(distinct()), "close", "percentage"),
    ("2.2", "the printed share", lambda: srb_share(printed()), "close", "drop the duplicated row"),
    ("2.2", "the count", lambda: int((distinct()["SRB"] == "✓").sum()), "close", "count of operations"),
    # exercise 2, task 3: 2024 only
    ("2.3", "the 2024 share", lambda: srb_share(distinct()[distinct()["year"] == 2024]), "right", ""),
    ("2.3", "all years", lambda: srb_share(distinct()), "close", "keep the 2024 operations only"),
    ("2.3", "2023 instead of 2024", lambda: srb_share(distinct()[distinct()["year"] == 2023]), "wrong", "which rows"),
    # exercise 3, task 1: the normaliser
    ("3.1", "min-max keeping gaps", lambda: normaliser(), "right", ""),
    ("3.1", "min-max filling gaps with 0", lambda: normaliser(fill=0), "close", "filling it with 0"),
    ("3.1", "the gap filled with 0 before rescaling", lambda: fill_then_rescale, "close", "must stay missing"),
    ("3.1", "the gap dropped", lambda: lambda s: normaliser()(s.dropna()), "close", "not be dropped"),
    ("3.1", "numpy's min and max of .values", lambda: numpy_min_max, "close", "every value came out missing"),
    ("3.1", "a list, not a Series", lambda: lambda s: list(normaliser()(s)), "wrong", "return a Series"),
    ("3.1", "the gap filled with the median first", lambda: median_first, "close", "stay missing"),
    ("3.1", "the gap filled with 0.5 after", lambda: lambda s: minmax(s).fillna(0.5), "close", "stay missing"),
    ("3.1", "the gap filled with 1 first", lambda: lambda s: minmax(s.fillna(1.0)), "wrong", "stay missing"),
    ("3.1", "divided by the maximum", lambda: normaliser(by_max=True), "close", "divides by the largest"),
    ("3.1", "the order turned round", lambda: normaliser(reverse=True), "close", "turns the order round"),
    ("3.1", "the result, not the function", lambda: normaliser()(pd.Series([1.0, 2.0])), "wrong", "not the Series"),
    ("3.1", "a function that fails", lambda: lambda s: 1 / 0, "wrong", "ZeroDivisionError"),
    # exercise 3, task 2: the weighted mean, written by hand
    ("3.2", "the weighted mean", lambda: weighted(), "right", ""),
    ("3.2", "the library's scores", lambda: scoreboard.scores(TASK2_WEIGHTS)["score"], "right", ""),
    ("3.2", "a missing value counted as 0", lambda: weighted(fill_zero=True), "close", "counted as 0"),
    ("3.2", "a weighted sum", lambda: weighted(divide=False), "close", "weighted sum"),
    ("3.2", "equal weights", lambda: scoreboard.scores()["score"], "close", "equal weights"),
    ("3.2", "the gap filled with the median, after", lambda: gap_after(np.nanmedian), "close", "stay missing"),
    ("3.2", "the gap filled with 0.5, after", lambda: gap_after(lambda v: 0.5), "close", "stay missing"),
    ("3.2", "the gap filled with the median, first", lambda: gap_first(np.nanmedian), "close", "stay missing"),
    # exercise 3, task 3: the rank that moves most (a tie)
    ("3.3", "a country that moves most", lambda: nato_moves().idxmax(), "but", "tie"),
    ("3.3", "its name in lower case", lambda: NAMES[nato_moves().idxmax()].lower(), "but", "tie"),
    ("3.3", "a country that keeps its rank", lambda: nato_moves().idxmin(), "wrong", "keeps its rank"),
    ("3.3", "an unknown country", lambda: "Narnia", "wrong", "Expected a country"),
]


@pytest.mark.parametrize(("task", "what", "make", "status", "phrase"), CASES, ids=[f"{c[0]} {c[1]}" for c in CASES])
def test_feedback(task, what, make, status, phrase):
    exercise, number = task.split(".")
    feedback = getattr(getattr(check, f"exercise{exercise}"), f"task{number}")(make())
    assert feedback.status == status, repr(feedback)
    assert phrase in feedback.message, repr(feedback)


def test_every_task_has_a_right_answer_and_named_mistakes():
    for task in {c[0] for c in CASES}:
        statuses = {c[3] for c in CASES if c[0] == task}
        assert statuses & {"right", "but"} and statuses & {"close", "wrong"}, task


# --- exercise 3: every order of the common mistakes ------------------------------------------------------------------
# The recipes are written here again, independently of wbanalysis.workshop.checks: a gap filled (with 0 or the mean,
# before or after rescaling), the rescaling done before weighting, after it or not at all, and a weighted mean, a
# weighted sum or an equal-weight mean.  Every combination must be recognised by what it gives.

FILL_PHRASE = "a missing value must stay missing"
GENERIC = ("Some scores differ", "The smallest value should become 0")
FILLS = [None, ("zero", "before"), ("zero", "after"), ("mean", "before"), ("mean", "after")]


def fill(values, how):
    return values.fillna(0.0 if how == "zero" else values.mean())


def minmax(values):
    return (values - values.min()) / (values.max() - values.min())


SCALES = {
    "min-max": minmax,
    "by max": lambda s: s / s.max(),
    "reversed": lambda s: 1 - minmax(s),
    "standardised": lambda s: (s - s.mean()) / s.std(),
}
SCALE_PHRASES = {
    "by max": "divides by the largest",
    "reversed": "turns the order round",
    "standardised": "standardises",
}


def task1_function(gap, scale):
    def normalise(series):
        if gap and gap[1] == "before":
            series = fill(series, gap[0])
        out = SCALES[scale](series)
        return fill(out, gap[0]) if gap and gap[1] == "after" else out

    return normalise


TASK1_COMBINATIONS = [(g, s) for g in FILLS for s in SCALES if (g, s) != (None, "min-max")]


@pytest.mark.parametrize(("gap", "scale"), TASK1_COMBINATIONS, ids=[f"{g} {s}" for g, s in TASK1_COMBINATIONS])
def test_exercise3_task1_recognises_every_order_of_mistakes(gap, scale):
    feedback = check.exercise3.task1(task1_function(gap, scale))
    assert feedback.status in ("close", "wrong") and not feedback.message.startswith(GENERIC), repr(feedback)
    if gap:  # a filled gap is always named, whether it was filled before or after rescaling
        assert FILL_PHRASE in feedback.message.lower(), repr(feedback)
    else:
        assert feedback.status == "close" and SCALE_PHRASES[scale] in feedback.message, repr(feedback)


def task2_answer(gap, rescale, aggregate):
    values = scoreboard.raw_indicators()
    if gap and (gap[1] == "before" or rescale != "before"):
        values = fill(values, gap[0])
    if rescale == "before":
        values = minmax(values)
        if gap and gap[1] == "after":
            values = fill(values, gap[0])
    weights = pd.Series(TASK2_WEIGHTS) if aggregate != "equal" else pd.Series(1.0, index=list(TASK2_WEIGHTS))
    weights = weights[values.columns]
    total = (values * weights).sum(axis=1)
    score = total if aggregate == "sum" else total / values.notna().mul(weights).sum(axis=1)
    return minmax(score) if rescale == "after" else score


PHRASES = {
    "after": "not the scores after",
    "none": "rescale each indicator to 0-1",
    "sum": "weighted sum",
    "equal": "equal weights",
}
TASK2_COMBINATIONS = [
    (g, r, a)
    for g in FILLS
    for r in ("before", "after", "none")
    for a in ("mean", "sum", "equal")
    if (g, r, a) != (None, "before", "mean")
]


@pytest.mark.parametrize(
    ("gap", "rescale", "aggregate"), TASK2_COMBINATIONS, ids=[f"{g} {r} {a}" for g, r, a in TASK2_COMBINATIONS]
)
def test_exercise3_task2_recognises_every_order_of_mistakes(gap, rescale, aggregate):
    feedback = check.exercise3.task2(task2_answer(gap, rescale, aggregate))
    assert feedback.status in ("close", "wrong") and not feedback.message.startswith(GENERIC), repr(feedback)
    made = [FILL_PHRASE] if gap else []
    made += [PHRASES[rescale]] if rescale != "before" else []
    made += [PHRASES[aggregate]] if aggregate != "mean" else []
    assert any(phrase.lower() in feedback.message.lower() for phrase in made), (made, repr(feedback))
    if gap and aggregate != "sum":  # a sum counts a gap as 0 whatever was filled: there the sum is named
        assert FILL_PHRASE in feedback.message.lower(), repr(feedback)
    if len(made) == 1:
        assert feedback.status == "close", repr(feedback)


def test_exercise3_no_mistaken_recipe_gives_the_right_answer():
    """Otherwise a right answer could be told it is a mistake, or a mistake that it is right."""
    right = check.exercise3.task2(task2_answer(None, "before", "mean"))
    assert right.status == "right", repr(right)
    from wbanalysis.workshop.exercise3 import TASK1_SAMPLE, task1_recipes, task2_recipes

    expected = scoreboard.scores(TASK2_WEIGHTS)["score"].astype(float)
    for recipe in task2_recipes(scoreboard.raw_indicators(), TASK2_WEIGHTS)[1:]:
        assert not np.allclose(recipe.result.reindex(expected.index), expected, atol=0.001), recipe.mistakes
    sample = pd.Series(TASK1_SAMPLE)
    for recipe in task1_recipes(sample)[1:]:
        assert not np.allclose(recipe.result, minmax(sample), equal_nan=True), recipe.mistakes
