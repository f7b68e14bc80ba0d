"""Tables made readable for notebooks and reports: country names, percentages, no index noise."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .countries import ALL_NAMES as NAMES


def table(frame: pd.DataFrame, pct: Sequence[str] = (), names: bool = True, digits: int | None = None) -> pd.DataFrame:
    """A display copy: country codes become names, ``pct`` columns "85.7%", numbers rounded to ``digits``."""
    shown = frame.copy()
    if digits is not None:
        shown = shown.round(digits)
    for column in pct:
        shown[column] = shown[column].map(lambda v: "–" if pd.isna(v) else f"{v:.1%}")
    if names:
        shown = shown.rename(index=lambda c: NAMES.get(c, c), columns=lambda c: NAMES.get(c, c))
    return shown
