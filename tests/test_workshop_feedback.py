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
from wbanalysis.workshop import TASK2_WEIGHTS, check

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


def nato_moves():
    ranks = scoreboard.sensitivity("nato", values=(0, 3))
    return (ranks.loc[3] - ranks.loc[0]).abs()


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
    ("1.1", "rows counted, not marks", lambda: pd.Series(len(distinct()), index=COLS), "wrong", "count the ✓ marks"),
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
