"""Line charts: counts by year, a country's series against the region's, ranks as weights change."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from ..countries import SHORT_NAMES, WB6
from .style import colour, label, new_figure, sourced

MARKERS = "osD^v<>"


def _country_lines(ax: Any, table: pd.DataFrame, countries: Sequence[str], focus: str | None) -> None:
    """A line per country (a column of ``table`` against its index), markers telling them apart, the focus bold."""
    for k, code in enumerate(countries):
        ax.plot(table.index, table[code], marker=MARKERS[k % len(MARKERS)], color=colour(code),
                lw=3 if code == focus else 1.5, label=label(code, focus))


@sourced
def year_lines(by_year: pd.DataFrame, countries: Sequence[str], focus: str | None = None, title: str = "") -> Figure:
    """Operations per year for each country (a line each, markers distinguish countries)."""
    fig, ax = new_figure(7, 4)
    _country_lines(ax, by_year, countries, focus)
    ax.plot(by_year.index, by_year["all"], color="black", ls="--", lw=1, label="rows in Table 2")
    ax.set_xticks(list(by_year.index), [str(y) for y in by_year.index])
    ax.set_ylabel("operations")
    ax.legend(frameon=False, bbox_to_anchor=(1, 1), loc="upper left")
    ax.set_title(title, loc="left")
    return fig


@sourced
def country_lines(
    wide: pd.DataFrame, focus: str | None = None, title: str = "", ylabel: str = "", projected_after: int | None = None
) -> Figure:
    """Year x country values as lines: the WB6 in their colours, others grey and dashed, labels at line ends (moved
    apart so they do not collide).  Years after ``projected_after`` are projections: drawn dotted and labelled."""
    fig, ax = new_figure(8, 4.5)
    ends = []
    for code in wide.columns:
        values = wide[code].dropna()
        if values.empty:
            continue
        wb6 = code in WB6
        style = {"color": colour(code), "lw": 3 if code == focus else (1.8 if wb6 else 1.2)}
        actual = values if projected_after is None else values[values.index <= projected_after]
        ax.plot(actual.index, actual, ls="-" if wb6 else "--", **style)
        if projected_after is not None and (values.index > projected_after).any():
            ahead = values[values.index >= min(projected_after, values.index.max())]
            ax.plot(ahead.index, ahead, ls=":", **style)
        ends.append([values.iloc[-1], values.index[-1], code])
    if projected_after is not None and (wide.index > projected_after).any():
        ax.axvline(projected_after, color="#777777", lw=0.8, ls=":")
        ax.text(
            projected_after,
            1.0,
            " projections (dotted) →",
            transform=ax.get_xaxis_transform(),
            fontsize=8,
            color="#555555",
            va="top",
        )
    low, high = ax.get_ylim()
    gap = (high - low) * 0.045
    ends.sort(key=lambda e: e[0])
    for k in range(1, len(ends)):  # push labels up until they are at least ``gap`` apart
        ends[k][0] = max(ends[k][0], ends[k - 1][0] + gap)
    for y, x, code in ends:
        ax.annotate(
            SHORT_NAMES.get(code, code),
            (x, y),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
            color=colour(code),
        )
    ax.set_ylabel(ylabel)
    ax.set_title(title, loc="left")
    return fig


@sourced
def rank_lines(ranks: pd.DataFrame, focus: str | None = None, title: str = "") -> Figure:
    """Rank of each country (columns) against a varied weight (index); rank 1 at the top."""
    fig, ax = new_figure(8, 4.5)
    _country_lines(ax, ranks, list(ranks.columns), focus)
    ax.set_yticks(range(1, len(ranks.columns) + 1))
    ax.invert_yaxis()
    ax.set_xlabel(ranks.index.name or "")
    ax.set_ylabel("rank (1 = highest score)")
    ax.legend(frameon=False, bbox_to_anchor=(1, 1), loc="upper left")
    ax.set_title(title, loc="left")
    return fig
