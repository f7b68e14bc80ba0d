"""Bar charts: shares and counts by country, values with gaps said in words, verdicts by chapter."""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import theme
from .style import colour, label, new_figure, sourced


@sourced
def share_bars(counts: pd.DataFrame, value: str, focus: str | None = None, title: str = "", xlabel: str = "") -> Figure:
    """Horizontal bars of one column per country, in country colours, values written at the bar ends."""
    ordered = counts.sort_values(value)
    fig, ax = new_figure(7, 0.45 * len(ordered) + 1.4)
    codes = list(ordered.index)
    colours = [colour(c) for c in codes]
    bars = ax.barh(
        [label(c, focus) for c in codes],
        ordered[value],
        color=colours,
        edgecolor=["black" if c == focus else "none" for c in codes],
        linewidth=2,
    )
    is_share = ordered[value].max() <= 1
    ax.bar_label(bars, labels=[f"{v:.0%}" if is_share else f"{v:g}" for v in ordered[value]], padding=3)
    if is_share:
        ax.set_xlim(0, 1.1)
        ax.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
    ax.set_xlabel(xlabel)
    ax.set_title(title, loc="left")
    return fig


@sourced
def grouped_bars(table: pd.DataFrame, focus: str | None = None, title: str = "", ylabel: str = "") -> Figure:
    """Countries (rows) x series (columns) as grouped vertical bars; series told apart by hatching."""
    fig, ax = new_figure(8, 4)
    codes = list(table.index)
    width = 0.8 / len(table.columns)
    hatches = ["", "//", "..", "xx"]
    x = np.arange(len(codes))
    for k, series in enumerate(table.columns):
        bars = ax.bar(
            x + k * width - 0.4 + width / 2,
            table[series],
            width,
            color=[colour(c) for c in codes],
            hatch=hatches[k % len(hatches)],
            edgecolor="white",
            label=str(series),
        )
        ax.bar_label(bars, padding=2, fontsize=8)
    ax.set_xticks(x, [label(c, focus) for c in codes])
    ax.legend(
        handles=[
            mpl.patches.Patch(facecolor="#888888", hatch=hatches[k % len(hatches)], edgecolor="white", label=str(s))
            for k, s in enumerate(table.columns)
        ],
        frameon=False,
    )
    ax.set_ylabel(ylabel)
    ax.set_title(title, loc="left")
    return fig


@sourced
def value_bars(
    values: pd.Series, focus: str | None = None, title: str = "", xlabel: str = "", fmt: str = "{:,.0f}"
) -> Figure:
    """Horizontal bars for one value per country (WB6 coloured, others grey), sorted, values written.

    With no value at all (the source has none for the chosen years) the figure says so in words.
    """
    ordered = values.dropna().sort_values()
    if ordered.empty:
        return no_data(title, "the source has no value for the chosen years; choose other years to see it")
    fig, ax = new_figure(7, 0.4 * len(ordered) + 1.4)
    codes = list(ordered.index)
    bars = ax.barh(
        [label(c, focus) for c in codes],
        ordered,
        color=[colour(c) for c in codes],
        edgecolor=["black" if c == focus else "none" for c in codes],
        linewidth=2,
    )
    ax.bar_label(bars, labels=[fmt.format(v) for v in ordered], padding=3, fontsize=8)
    ax.margins(x=0.15)
    ax.set_xlabel(xlabel)
    ax.set_title(title, loc="left")
    return fig


@sourced
def verdict_bars(counts: pd.DataFrame, title: str = "", ylabel: str = "") -> Figure:
    """Stacked horizontal bars: one bar per row of ``counts`` (e.g. chapters), one segment per verdict."""
    fig, ax = new_figure(8, 0.5 * len(counts) + 1.8)
    left = np.zeros(len(counts))
    labels = [str(i) for i in counts.index]
    for grade in theme.SCALE:  # colour and hatching from the verdict scale: never colour alone
        values = counts[grade.name].to_numpy() if grade.name in counts else np.zeros(len(counts))
        bars = ax.barh(labels, values, left=left, color=grade.colour, hatch=grade.hatch, edgecolor="white",
                       label=grade.label)
        ax.bar_label(bars, labels=[str(int(v)) if v else "" for v in values], label_type="center", fontsize=8,
                     color=grade.ink)
        left += values
    ax.invert_yaxis()
    ax.set_xlabel("claims")
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False, ncol=5, loc="upper center", bbox_to_anchor=(0.5, -0.15), fontsize=8)
    ax.set_title(title, loc="left")
    return fig


def no_data(title: str, why: str) -> Figure:
    """A small figure that states, in words, that there is nothing to draw and why."""
    fig, ax = new_figure(7, 1.2)
    ax.set_axis_off()
    ax.set_title(title, loc="left")
    fig.wb_note = f"No data: {why}."
    ax.text(0, 0.5, fig.wb_note, transform=ax.transAxes, va="center", fontsize=10)
    return fig
