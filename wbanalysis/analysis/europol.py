"""Report Table 2: WB6 participation in Europol joint operations.

``operations`` returns the table as printed; ``dedupe=True`` drops the rows that
``data/corrections.csv`` marks as duplicates and ``correct_titles=True`` applies
its title corrections.  Every other function takes that frame and never fixes
anything silently.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from .. import data
from ..countries import WB6

TICK, CROSS = "✓", "✗"

_ARREST_FIGURE = re.compile(r"(?<![\d,.])(\d{1,3}(?:,\d{3})*|\d+)\s+(?:[A-Za-z-]+\s+){0,3}arrest", re.IGNORECASE)


def corrections(kind: str | None = None) -> pd.DataFrame:
    """Rows of ``corrections.csv`` for Table 2, optionally only one ``applied_by`` flag."""
    table = data.load("corrections")
    table = table[table["resource"] == "table2_europol_operations"]
    if kind is not None:
        table = table[table["applied_by"] == kind]
    return table.reset_index(drop=True)


def operations(dedupe: bool = False, correct_titles: bool = False) -> pd.DataFrame:
    """Table 2, one row per printed row, marks as printed; corrections only on request."""
    table = data.load("table2_europol_operations")
    if correct_titles:
        fixes = corrections("correct_titles")
        for row, corrected in zip(fixes["row"], fixes["corrected"], strict=True):
            table.loc[table["row"] == row, "operation"] = corrected
    if dedupe:
        dropped = set(corrections("dedupe")["row"])
        table = table[~table["row"].isin(dropped)]
    return table.reset_index(drop=True)


def filter_years(table: pd.DataFrame, start_year: int, end_year: int) -> pd.DataFrame:
    """Rows whose year lies in [start_year, end_year]."""
    return table[table["year"].between(start_year, end_year)].reset_index(drop=True)


def participation(table: pd.DataFrame, countries: Sequence[str] = WB6) -> pd.DataFrame:
    """Boolean matrix: one row per printed row (indexed by ``row``), one column per country."""
    matrix = table.set_index("row")[list(countries)] == TICK
    matrix.columns.name = "country"
    return matrix.astype(bool)


def participation_long(table: pd.DataFrame, countries: Sequence[str] = WB6) -> pd.DataFrame:
    """Tidy form: row, operation, year, country, took_part."""
    long = table.melt(
        id_vars=["row", "operation", "year"], value_vars=list(countries), var_name="country", value_name="mark"
    )
    long["took_part"] = long.pop("mark") == TICK
    return long.sort_values(["row", "country"], key=_country_order).reset_index(drop=True)


def country_counts(table: pd.DataFrame, countries: Sequence[str] = WB6) -> pd.DataFrame:
    """Per country: operations taken part in, rows considered, and the share."""
    matrix = participation(table, countries)
    counts = pd.DataFrame(
        {"operations": matrix.sum().astype(int), "of": len(matrix)}, index=pd.Index(list(countries), name="country")
    )
    counts["share"] = (counts["operations"] / counts["of"]).where(counts["of"] > 0)
    return counts


def counts_by_year(table: pd.DataFrame, countries: Sequence[str] = WB6) -> pd.DataFrame:
    """Year x country: operations taken part in, plus the number of rows that year (``all``)."""
    matrix = participation(table, countries)
    matrix["year"] = table.set_index("row")["year"]
    by_year = matrix.groupby("year").sum().astype(int)
    by_year["all"] = matrix.groupby("year").size()
    return by_year.sort_index()


def operations_with_all(table: pd.DataFrame, countries: Sequence[str] = WB6) -> pd.DataFrame:
    """Rows in which every one of ``countries`` took part."""
    matrix = participation(table, countries)
    rows = matrix.index[matrix.all(axis=1)]
    return table[table["row"].isin(rows)][["row", "operation", "year"]].reset_index(drop=True)


def co_participation(table: pd.DataFrame, countries: Sequence[str] = WB6) -> pd.DataFrame:
    """Country x country: operations in which both took part (the diagonal is each country's count)."""
    matrix = participation(table, countries).astype(int)
    pairs = matrix.T @ matrix
    pairs.index.name, pairs.columns.name = "country", "with"
    return pairs


def duplicates(table: pd.DataFrame) -> pd.DataFrame:
    """Groups of rows that repeat the same title, year and marks (each group's rows listed)."""
    key = ["operation", "year", *WB6]
    repeated = table[table.duplicated(key, keep=False)]
    groups = repeated.groupby(key, sort=False)["row"].apply(list).reset_index()
    return groups[["operation", "year", "row"]].rename(columns={"row": "rows"})


def arrests_in_title(title: str) -> int | None:
    """The arrest figure a title states ("796 arrests in ...", "37 arrested as ..."), or None."""
    match = _ARREST_FIGURE.search(title)
    return int(match.group(1).replace(",", "")) if match else None


def arrests_from_titles(table: pd.DataFrame) -> pd.DataFrame:
    """Per row, the arrest figure its title states (missing where the title gives none)."""
    figures = table[["row", "operation", "year"]].copy()
    figures["arrests"] = pd.array([arrests_in_title(t) for t in table["operation"]], dtype="Int64")
    return figures


def _country_order(column: pd.Series) -> pd.Series:
    if column.name == "country":
        return column.map({c: i for i, c in enumerate(WB6)})
    return column


def selection(dedupe: bool, start_year: int, end_year: int, correct_titles: bool = False) -> pd.DataFrame:
    """The rows a notebook explores: Table 2 (deduplicated on request) within a year range."""
    return filter_years(operations(dedupe=dedupe, correct_titles=correct_titles), start_year, end_year)


def row_labels(table: pd.DataFrame, width: int = 58) -> list[str]:
    """Short labels for chart axes: "4 · Balkans' biggest drug lords arr… (2023)"."""
    labels = []
    for row, title, year in zip(table["row"], table["operation"], table["year"], strict=True):
        short = title if len(title) <= width else title[: width - 1].rstrip() + "…"
        labels.append(f"{row} · {short} ({year})")
    return labels
