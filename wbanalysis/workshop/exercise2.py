"""Exercise 2, is "nearly every operation" fair?: Serbia's share, with and without the duplicated row."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..analysis import europol
from .feedback import PRECISION, Feedback, share_feedback


def _serbia(table: pd.DataFrame) -> tuple[float, tuple[int, int]]:
    row = europol.country_counts(table).loc["SRB"]
    return float(row["share"]), (int(row["operations"]), int(row["of"]))


def task1(answer: Any) -> Feedback:
    printed, counts = _serbia(europol.operations())
    distinct, _ = _serbia(europol.operations(dedupe=True))
    mistakes = {"that is the share without the duplicated row; this task asks for the table as printed.": distinct}
    return share_feedback("exercise 2, task 1", answer, printed, mistakes, counts)


def task2(answer: Any) -> Feedback:
    printed, _ = _serbia(europol.operations())
    distinct, counts = _serbia(europol.operations(dedupe=True))
    mistakes = {"that is the share as printed; drop the duplicated row first.": printed}
    return share_feedback("exercise 2, task 2", answer, distinct, mistakes, counts)


def task3(answer: Any) -> Feedback:
    ops = europol.operations(dedupe=True)
    expected, counts = _serbia(europol.filter_years(ops, 2024, 2024))
    printed_2024, _ = _serbia(europol.filter_years(europol.operations(), 2024, 2024))
    mistakes = {"that is the share over all years; keep the 2024 operations only.": _serbia(ops)[0]}
    if abs(printed_2024 - expected) > PRECISION:
        mistakes["that counts the duplicated row, which is printed among the 2024 rows; drop it."] = printed_2024
    return share_feedback("exercise 2, task 3", answer, expected, mistakes, counts)


