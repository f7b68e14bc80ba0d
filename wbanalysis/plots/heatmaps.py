"""Heatmaps: who takes part in what, who works with whom, the scoreboard."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from ..countries import SHORT_NAMES
from .style import colour, label, new_figure, sourced


@sourced
def participation_heatmap(
    matrix: pd.DataFrame, labels: Sequence[str], focus: str | None = None, title: str = ""
) -> Figure:
    """Rows x countries grid: a filled cell (in the country's colour) where the country took part."""
    countries = list(matrix.columns)
    fig, ax = new_figure(1.2 * len(countries) + 5, 0.32 * len(matrix) + 1.6)
    for j, code in enumerate(countries):
        column = matrix[code].to_numpy()
        cmap = ListedColormap(["#F4F4F4", colour(code)])
        ax.imshow(
            column.reshape(-1, 1).astype(int),
            cmap=cmap,
            vmin=0,
            vmax=1,
            aspect="auto",
            extent=(j - 0.5, j + 0.5, len(matrix) - 0.5, -0.5),
        )
        for i, took_part in enumerate(column):
            ax.text(
                j,
                i,
                "✓" if took_part else "·",
                ha="center",
                va="center",
                fontsize=9,
                color="white" if took_part else "#999999",
            )
    ax.set_xlim(-0.5, len(countries) - 0.5)
    ax.set_ylim(len(matrix) - 0.5, -0.5)
    ax.set_xticks(range(len(countries)), [label(c, focus) for c in countries], rotation=30, ha="right")
    ax.set_yticks(range(len(matrix)), labels, fontsize=8)
    ax.tick_params(length=0)
    if focus in countries:
        k = countries.index(focus)
        ax.add_patch(mpl.patches.Rectangle((k - 0.5, -0.5), 1, len(matrix), fill=False, lw=2.5, ec="black"))
    ax.set_title(title, loc="left")
    return fig


@sourced
def pair_heatmap(pairs: pd.DataFrame, title: str = "") -> Figure:
    """A symmetric country x country count matrix with the counts written in the cells."""
    fig, ax = new_figure(6.5, 5.5)
    values = pairs.to_numpy()
    image = ax.imshow(values, cmap="Blues", vmin=0)
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            ax.text(
                j,
                i,
                str(values[i, j]),
                ha="center",
                va="center",
                color="white" if values[i, j] > values.max() / 2 else "black",
            )
    ticks = [SHORT_NAMES.get(c, c) for c in pairs.index]
    ax.set_xticks(range(len(ticks)), ticks, rotation=30, ha="right")
    ax.set_yticks(range(len(ticks)), ticks)
    fig.colorbar(image, ax=ax, shrink=0.8, label="operations together")
    ax.set_title(title, loc="left")
    return fig


@sourced
def scoreboard_heatmap(normalised: pd.DataFrame, title: str = "") -> Figure:
    """Countries x indicators (0-1) as a seaborn heatmap, the value written in each cell; a gap says so."""
    import seaborn as sns

    shown = normalised.rename(index=lambda c: SHORT_NAMES.get(c, c))
    fig, ax = new_figure(8, 0.45 * len(shown) + 1.6)
    sns.heatmap(
        shown,
        ax=ax,
        vmin=0,
        vmax=1,
        cmap="Blues",
        annot=True,
        fmt=".2f",
        linewidths=0.5,
        cbar_kws={"label": "0 = lowest of the six, 1 = highest"},
        mask=shown.isna(),
    )
    for (row, column), value in np.ndenumerate(shown.to_numpy()):
        if np.isnan(value):
            ax.text(column + 0.5, row + 0.5, "not available", ha="center", va="center", fontsize=7, color="#555555")
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_title(title, loc="left")
    return fig
