"""Tables made readable for notebooks and reports: country names, percentages, no index noise."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .countries import ALL_NAMES as NAMES
from .labels import LABELS
from .labels import label as readable_name

#: How tables show in notebooks and reports: whole cells and every row, never cut with "...".
DISPLAY_OPTIONS = {
    "display.max_colwidth": None,
    "display.max_rows": 250,
    "display.max_columns": 50,
    "display.width": 250,
}


def apply_display_options() -> None:
    """Show tables whole (set on import; a kept kernel sets it again after resetting pandas for the next report)."""
    for option, value in DISPLAY_OPTIONS.items():
        pd.set_option(option, value)


apply_display_options()


def table(frame: pd.DataFrame, pct: Sequence[str] = (), names: bool = True, digits: int | None = None) -> pd.DataFrame:
    """A display copy: country codes become names (in the index, the headers and a country column), codes of
    indicators their labels (``labels``), ``pct`` columns "85.7%", numbers rounded to ``digits``."""
    shown = frame.copy()
    if digits is not None:
        shown = shown.round(digits)
    for column in pct:
        shown[column] = shown[column].map(lambda v: "–" if pd.isna(v) else f"{v:.1%}")
    if names:
        def name(code: object) -> object:
            return NAMES.get(code, readable_name(code)) if isinstance(code, str) else code

        shown = shown.rename(index=name, columns=name)
        for column in ("country", "countries"):
            if column in shown.columns:
                shown[column] = shown[column].map(lambda v: NAMES.get(v, v) if isinstance(v, str) else v)
    return shown


SNAKE = r"^[a-z]+(?:_[a-z0-9]+)+$"


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """A display copy with human labels: 'operation_name' -> 'operation name' in headers and in snake_case cells."""

    def label(value: object) -> object:
        return readable_name(value) if isinstance(value, str) else value

    shown = frame.copy()
    shown.columns = [label(c) for c in shown.columns] if not isinstance(shown.columns, pd.MultiIndex) else shown.columns
    shown.index = shown.index.set_names([label(n) for n in shown.index.names])
    for column in shown.columns:
        values = shown[column]
        if values.dtype == object or str(values.dtype) == "string":
            coded = values.astype("string").str.fullmatch(SNAKE).fillna(False).astype(bool) | values.isin(list(LABELS))
            if coded.any():  # codes in cells: their labels ('correct_titles' -> 'titles corrected')
                labelled = values.map(lambda v: readable_name(v) if isinstance(v, str) else v)
                shown[column] = values.where(~coded, labelled)
            if shown[column].isna().any():  # text gaps (pandas shows <NA> or None): said in words
                shown[column] = shown[column].astype(object).where(shown[column].notna(), "not available")
    return shown


#: Marks a table may carry (``frame.attrs["marks"]``), as classes of its HTML: ``verbatim`` (the report's own words,
#: as printed), ``screen-only`` (a screen overview that printing leaves out).
MARKS = ("verbatim", "screen-only")


def mark(frame: pd.DataFrame, *marks: str) -> pd.DataFrame:
    """The frame, marked for its page (``MARKS``); the marks travel with the frame into its HTML."""
    unknown = [m for m in marks if m not in MARKS]
    if unknown:
        raise ValueError(f"unknown mark {unknown[0]!r}; valid marks: {', '.join(MARKS)}")
    frame.attrs["marks"] = tuple(dict.fromkeys((*frame.attrs.get("marks", ()), *marks)))
    return frame


def html_table(frame: pd.DataFrame) -> str:
    """A DataFrame as a reader sees it in a report: human labels, every cell whole, 'not available' for gaps."""
    classes = ["dataframe", *(f"wb-{m}" for m in frame.attrs.get("marks", ()))]
    return readable(frame).to_html(na_rep="not available", max_rows=None, max_cols=None, classes=classes)


def _register_with_ipython() -> None:
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, html_table)


_register_with_ipython()
