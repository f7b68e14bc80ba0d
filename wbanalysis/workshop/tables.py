"""The tables the exercises start from, in a form that needs no special character to use."""

from __future__ import annotations

import pandas as pd

from ..analysis import europol
from ..countries import WB6


def operations(dedupe: bool = False) -> pd.DataFrame:
    """Report Table 2 for the exercises: one row per printed row, and per country True where the report prints
    a ✓ (the country took part), False where it prints a ✗.

    ``dedupe=True`` drops the row that ``data/corrections.csv`` marks as a repeat of another (K1).
    """
    if not isinstance(dedupe, bool):
        raise TypeError(f"dedupe must be True or False, got {dedupe!r}")
    table = europol.operations(dedupe=dedupe)
    for code in WB6:
        table[code] = (table[code] == europol.TICK).astype(bool)
    return table
