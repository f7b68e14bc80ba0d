"""Dated events: NATO and EU milestones, the 2025 defence documents."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .. import data
from ..countries import WB6

#: Event types drawn on the overview timeline, in legend order.
MILESTONE_TYPES = (
    "EU candidate status",
    "EU accession negotiations opened",
    "EU accession negotiations opened (first IGC)",
    "NATO accession",
)


def parse_date(text: str) -> pd.Timestamp | None:
    """'2009-04-01', '2005-12' or '2022' to a timestamp (the first day of the period); '' to None."""
    if not isinstance(text, str) or not text.strip():
        return None
    parts = text.strip().split("-")
    year, month, day = int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1
    return pd.Timestamp(year=year, month=month, day=day)


def events(countries: Sequence[str] = WB6, types: Sequence[str] = MILESTONE_TYPES) -> pd.DataFrame:
    """One row per (event, country) among ``countries`` and ``types``: date, precision, source; sorted by date."""
    table = data.load("milestones")
    table = table[table["event_type"].isin(types) & table["date"].notna()]
    rows = []
    for _, row in table.iterrows():
        for code in str(row["countries"]).split(";"):
            if code in countries:
                rows.append(
                    {
                        "country": code,
                        "event_type": row["event_type"],
                        "date": parse_date(row["date"]),
                        "precision": row["date_precision"],
                        "source": row["source_url"],
                    }
                )
    frame = pd.DataFrame(rows, columns=["country", "event_type", "date", "precision", "source"])
    return frame.sort_values(["date", "country"]).reset_index(drop=True)


def members(event_type: str, before: str) -> list[str]:
    """WB6 countries with an event of this type dated before ``before`` (YYYY-MM-DD)."""
    table = events(types=[event_type])
    return sorted(table[table["date"] < pd.Timestamp(before)]["country"].unique(), key=list(WB6).index)


def gap_days(first_type: str, second_type: str) -> tuple[pd.Timestamp, pd.Timestamp, int]:
    """Dates of the first events of two types and the days between them."""
    table = data.load("milestones")
    first = parse_date(table[table["event_type"] == first_type]["date"].iloc[0])
    second = parse_date(table[table["event_type"] == second_type]["date"].iloc[0])
    return first, second, (second - first).days


def alignment(countries: Sequence[str] = WB6) -> pd.DataFrame:
    """Alignment with EU foreign-policy declarations, per country and period, with who measured it (ISAC and the
    Commission measure over different periods: not one series); only the rows that give a rate."""
    table = data.load("cfsp_alignment")
    table = table[table["country"].isin(countries) & table["alignment_rate_pct"].notna()]
    order = {c: k for k, c in enumerate(countries)}
    table = table.assign(_order=table["country"].map(order)).sort_values(["_order", "period"], kind="stable")
    return table.set_index(["country", "period"])[["alignment_rate_pct", "measured_by"]]
