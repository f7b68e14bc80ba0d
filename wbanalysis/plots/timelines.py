"""Timelines: milestones by country, the Berlin Process summits and their topics."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from matplotlib.figure import Figure

from ..countries import SHORT_NAMES
from .style import colour, new_figure, sourced


@sourced
def timeline(events: pd.DataFrame, countries: Sequence[str], title: str = "") -> Figure:
    """Dated events per country: one row per country, a marker shape per event type (legend names them)."""
    fig, ax = new_figure(9, 0.5 * len(countries) + 2)
    markers = "sDo^v"
    types = list(dict.fromkeys(events["event_type"]))
    for k, kind in enumerate(types):
        rows = events[events["event_type"] == kind]
        ax.scatter(
            rows["date"],
            [list(countries).index(c) for c in rows["country"]],
            marker=markers[k % len(markers)],
            s=70,
            color=[colour(c) for c in rows["country"]],
            edgecolor="black",
            linewidth=0.6,
            label=kind,
            zorder=3,
        )
    ax.set_yticks(range(len(countries)), [SHORT_NAMES.get(c, c) for c in countries])
    ax.set_ylim(len(countries) - 0.5, -0.5)
    ax.grid(axis="x", color="#EEEEEE")
    ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=2, fontsize=8)
    ax.set_title(title, loc="left")
    return fig


@sourced
def summit_topics(summits: pd.DataFrame, topics: pd.DataFrame, title: str = "") -> Figure:
    """Berlin Process summits (x: year, labelled with the host) and the security topics seen on each agenda."""
    fig, ax = new_figure(9, 4)
    names = sorted({t.strip() for cell in topics["topic"] for t in cell.split(";")})
    for k, name in enumerate(names):
        years = sorted(
            {
                y
                for y, cell in zip(topics["year"], topics["topic"], strict=True)
                if name in [t.strip() for t in cell.split(";")]
            }
        )
        ax.scatter(years, [k] * len(years), s=60, color="#0072B2", zorder=3)
    ax.set_yticks(range(len(names)), names, fontsize=8)
    ax.set_xticks(
        list(summits["year"]),
        [f"{y}\n{c}" for y, c in zip(summits["year"], summits["host_city"], strict=True)],
        fontsize=7,
    )
    ax.grid(color="#EEEEEE")
    ax.set_ylim(-0.5, len(names) - 0.5)
    ax.set_title(title, loc="left")
    return fig
