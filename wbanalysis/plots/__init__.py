"""House style and chart helpers.  Each helper returns a matplotlib Figure.

Figures are built with ``matplotlib.figure.Figure`` rather than pyplot, so a
notebook cell that returns one shows it exactly once and nothing leaks between
cells.  Every country keeps one colour (``countries.COLOURS``) in every chart.
``style`` holds the house style and the figures' formats; the charts are grouped by shape.
"""

from .bars import grouped_bars, no_data, share_bars, value_bars, verdict_bars
from .heatmaps import pair_heatmap, participation_heatmap, scoreboard_heatmap
from .lines import country_lines, rank_lines, year_lines
from .maps import region_map
from .style import GREY, STYLE, apply_style, describe, fixed_layout, png, sourced, svg
from .timelines import summit_topics, timeline

__all__ = [
    "GREY",
    "STYLE",
    "apply_style",
    "country_lines",
    "describe",
    "fixed_layout",
    "grouped_bars",
    "no_data",
    "pair_heatmap",
    "participation_heatmap",
    "png",
    "rank_lines",
    "region_map",
    "scoreboard_heatmap",
    "share_bars",
    "sourced",
    "summit_topics",
    "svg",
    "timeline",
    "value_bars",
    "verdict_bars",
    "year_lines",
]
