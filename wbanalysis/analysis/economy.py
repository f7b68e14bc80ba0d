"""Country-year panels from the external datasets: population, GDP, military spending, debt, gas.

``panel`` is the one entry point the notebooks share: it returns a tidy table of
indicators x countries x years with the unit stated on every row and a flag for
values that are estimates or projections.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from .. import data
from ..countries import NEIGHBOURS, WB6


@dataclass(frozen=True)
class Indicator:
    """Where an indicator comes from and how its values are expressed."""

    resource: str
    select: Callable[[pd.DataFrame], pd.DataFrame]
    unit: str
    scale: float = 1.0  # multiply the source value by this to get ``unit``
    flag: str | None = None  # boolean column that marks estimates or projections


def _rows(column: str, value: str) -> Callable[[pd.DataFrame], pd.DataFrame]:
    return lambda frame: frame[frame[column] == value]


INDICATORS: dict[str, Indicator] = {
    "population": Indicator("wdi_population_gdp", _rows("indicator", "population"), "million people", 1e-6),
    "gdp": Indicator("wdi_population_gdp", _rows("indicator", "gdp_current_usd"), "US$ billion (current)", 1e-9),
    "milex": Indicator(
        "sipri_milex", _rows("measure", "constant_2023_usd_m"), "US$ million (constant 2023)", flag="estimate"
    ),
    "milex_share_gdp": Indicator("sipri_milex", _rows("measure", "share_of_gdp"), "% of GDP", 100.0, flag="estimate"),
    "gov_debt": Indicator("imf_weo", _rows("concept", "GGXWDG_NGDP"), "% of GDP", flag="projection"),
    "gdp_weo": Indicator("imf_weo", _rows("concept", "NGDPD"), "US$ billion (current)", flag="projection"),
    "gas_imports": Indicator("eurostat_gas", _rows("flow", "imports_from_total"), "TJ (GCV)"),
    "gas_imports_russia": Indicator("eurostat_gas", _rows("flow", "imports_from_russia"), "TJ (GCV)"),
    "gas_consumption": Indicator("eurostat_gas", _rows("flow", "inland_consumption_calculated"), "TJ (GCV)"),
}


def _indicator(name: str) -> Indicator:
    try:
        return INDICATORS[name]
    except KeyError:
        raise ValueError(f"unknown indicator {name!r}; valid indicators: {', '.join(INDICATORS)}") from None


def panel(
    indicators: Sequence[str], countries: Sequence[str] = WB6 + NEIGHBOURS, start_year: int = 1995, end_year: int = 2030
) -> pd.DataFrame:
    """Tidy panel: indicator, unit, country, year, value, flagged (estimate or projection), sorted.

    A country-year the source does not cover has no row: missing means not available, never zero.
    """
    if start_year > end_year:
        raise ValueError(f"start_year={start_year} is after end_year={end_year}")
    parts = []
    for name in indicators:
        spec = _indicator(name)
        rows = spec.select(data.load(spec.resource))
        rows = rows[rows["country"].isin(countries) & rows["year"].between(start_year, end_year)]
        value_column = "value_tj" if "value_tj" in rows else "value"
        flagged = rows[spec.flag].fillna(False).astype(bool) if spec.flag else False
        parts.append(
            pd.DataFrame(
                {
                    "indicator": name,
                    "unit": spec.unit,
                    "country": rows["country"].astype(str),
                    "year": rows["year"].astype(int),
                    "value": rows[value_column].astype(float) * spec.scale,
                    "flagged": flagged,
                }
            )
        )
    table = (
        pd.concat(parts, ignore_index=True)
        if parts
        else pd.DataFrame(columns=["indicator", "unit", "country", "year", "value", "flagged"])
    )
    order = {c: i for i, c in enumerate(countries)}
    table = table.sort_values(
        ["indicator", "country", "year"], key=lambda col: col.map(order) if col.name == "country" else col
    ).reset_index(drop=True)
    # what was asked for, so that a snapshot keeps an indicator the chosen years have no data for
    table.attrs.update(indicators={n: _indicator(n).unit for n in indicators}, countries=list(countries))
    table.attrs.update(years=(start_year, end_year))
    return table


def snapshot(table: pd.DataFrame, year: int | None) -> pd.DataFrame:
    """Country x indicator values for one year (column names carry the unit).

    Every indicator the panel was asked for has a column, empty where the source has no value for that
    year, so a chart of it can say so instead of the cell failing.
    """
    rows = table[table["year"] == year]
    units = table.attrs.get("indicators") or dict(zip(table["indicator"], table["unit"], strict=True))
    countries = table.attrs.get("countries") or list(dict.fromkeys(table["country"]))
    wide = rows.pivot(index="country", columns="indicator", values="value")
    wide = wide.reindex(index=[c for c in countries if c in set(table["country"])], columns=list(units))
    wide.columns = [f"{i} ({units[i]})" for i in wide.columns]
    wide.columns.name = None
    wide.index.name = "country"
    wide.attrs["year"] = year
    return wide


def series(table: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """Year x country values of one indicator."""
    rows = table[table["indicator"] == indicator]
    wide = rows.pivot(index="year", columns="country", values="value")
    return wide[[c for c in dict.fromkeys(rows["country"])]]


def latest_common_year(table: pd.DataFrame, countries: Sequence[str]) -> int | None:
    """The last year in which every indicator has a value for every one of ``countries``.

    Where no year has them all (an indicator has no data in the chosen years), the last year in which every
    country has some value; None when there is none.
    """
    counts = (
        table[table["country"].isin(countries)]
        .groupby("year")
        .apply(
            lambda rows: (
                rows.groupby("indicator")["country"].nunique().min()
                if rows["indicator"].nunique() == table["indicator"].nunique()
                else 0
            ),
            include_groups=False,
        )
    )
    full = counts[counts == len(countries)]
    if full.empty:
        # fewer indicators than asked for have data in these years: take the last year every country has one
        per_year = table[table["country"].isin(countries)].groupby("year")["country"].nunique()
        full = per_year[per_year == len(countries)]
    return int(full.index.max()) if not full.empty else None


def compare_to_group(table: pd.DataFrame, year: int, group: Sequence[str], members: Sequence[str]) -> pd.DataFrame:
    """For each member and indicator in ``year``: its value, the group's median and smallest value, and ratios."""
    shot = snapshot(table, year)
    rows = []
    for column in shot.columns:
        reference = shot.loc[[c for c in group if c in shot.index], column]
        for code in members:
            if code in shot.index:
                value = shot.loc[code, column]
                rows.append(
                    {
                        "country": code,
                        "indicator": column,
                        "value": value,
                        "group_median": reference.median(),
                        "group_min": reference.min(),
                        "below_median": bool(value < reference.median()),
                        "below_min": bool(value < reference.min()),
                    }
                )
    return pd.DataFrame(rows)


def with_total(values: pd.Series, members: Sequence[str], label: str = "WB6") -> pd.Series:
    """``values`` (one per country) plus one more entry: the sum over ``members``."""
    total = values[[c for c in members if c in values.index]].sum()
    return pd.concat([values, pd.Series({f"{label} combined": total})])


def flagged(table: pd.DataFrame) -> pd.DataFrame:
    """Per indicator and country: how many values are estimates or projections, and which years."""
    rows = table[table["flagged"]]
    if rows.empty:
        return pd.DataFrame(columns=["indicator", "country", "values", "years"])
    grouped = rows.groupby(["indicator", "country"], sort=False)["year"]
    return pd.DataFrame(
        {"values": grouped.size(), "years": grouped.agg(lambda y: f"{y.min()}-{y.max()}")}
    ).reset_index()


def russian_gas_share() -> pd.Series:
    """Russia's share of natural gas imports by (country, year), for country-years with imports."""
    table = data.load("eurostat_gas")
    wide = table.pivot_table(index=["country", "year"], columns="flow", values="value_tj")
    wide = wide[wide["imports_from_total"] > 0]
    return (wide["imports_from_russia"] / wide["imports_from_total"]).astype(float).rename("russian_share")


def series_from(
    values: pd.Series, countries: Sequence[str], start_year: int, end_year: int, scale: float = 1.0
) -> pd.DataFrame:
    """Year x country table from a (country, year) series, limited to countries and years, times ``scale``."""
    frame = (values * scale).rename("value").reset_index()
    frame = frame[frame["country"].isin(countries) & frame["year"].between(start_year, end_year)]
    wide = frame.pivot(index="year", columns="country", values="value")
    return wide[[c for c in countries if c in wide.columns]]
