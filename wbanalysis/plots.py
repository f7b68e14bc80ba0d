"""House style and chart helpers.  Each helper returns a matplotlib Figure.

Figures are built with ``matplotlib.figure.Figure`` rather than pyplot, so a
notebook cell that returns one shows it exactly once and nothing leaks between
cells.  Every country keeps one colour (``countries.COLOURS``) in every chart.
"""

from __future__ import annotations

import functools
import io
import os
from collections.abc import Callable, Sequence
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from . import theme
from .countries import COLOURS, NEIGHBOUR_COLOUR, SHORT_NAMES, WB6

STYLE = {
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "svg.hashsalt": "wbanalysis",
    "svg.fonttype": "none",  # text stays text in SVG: smaller, faster, editable in slides
}
GREY = "#DDDDDD"


def apply_style() -> None:
    """Use the house style for every figure drawn after this call."""
    mpl.rcParams.update(STYLE)


def png(fig: Figure) -> bytes:
    """The figure as PNG bytes (no timestamp in the metadata)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def svg(fig: Figure) -> str:
    """The figure as SVG text (no date in the metadata, fixed ids)."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def fixed_layout(fig: Figure) -> Figure:
    """Lay the figure out once and keep that layout, so that saving it in several formats does not lay it out again
    each time (the figure then looks the same in each).  Used by report builds, which save PNG and SVG."""
    engine = fig.get_layout_engine()
    if engine is not None and type(engine).__name__ != "PlaceHolderLayoutEngine":
        engine.execute(fig)
        fig.set_layout_engine("none")
    return fig


def describe(fig: Figure) -> str:
    """A one-line text stand-in for a figure: its title and source (shown where images are not)."""
    titles = [ax.get_title(loc="left") or ax.get_title() for ax in fig.axes]
    text = "Figure: " + (next((t for t in titles if t), "untitled chart"))
    if getattr(fig, "wb_note", ""):
        text += f". {fig.wb_note}"
    source = getattr(fig, "wb_source", "")
    return f"{text}. Source: {source}" if source else text


def sourced(func: Callable[..., Figure]) -> Callable[..., Figure]:
    """Let a chart helper take ``source=...``: printed under the chart and kept for its caption."""

    @functools.wraps(func)
    def wrapper(*args: Any, source: str = "", **kwargs: Any) -> Figure:
        fig = func(*args, **kwargs)
        if source:
            fig.wb_source = source
            engine = fig.get_layout_engine()
            if engine is not None and hasattr(engine, "set"):  # keep a strip under the axes for the source line
                engine.set(rect=(0, 0.06, 1, 0.94))
            fig.text(0.01, 0.005, f"Source: {source}", fontsize=7, color="#555555", ha="left", va="bottom")
        return fig

    return wrapper


def _register_with_ipython() -> None:
    """Show Figures returned by a notebook cell as PNG, with their title as the text version."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    formatters = shell.display_formatter.formatters
    formatters["image/png"].for_type(Figure, png)
    if os.environ.get("WBANALYSIS_SVG") == "1":  # set by report builds, which also save figures as SVG
        formatters["image/svg+xml"].for_type(Figure, lambda fig: svg(fixed_layout(fig)))
    formatters["text/plain"].for_type(Figure, lambda fig, printer, cycle: printer.text(describe(fig)))


_register_with_ipython()


def _figure(width: float, height: float) -> tuple[Figure, mpl.axes.Axes]:
    apply_style()
    fig = Figure(figsize=(width, height), layout="constrained")
    return fig, fig.add_subplot()


def _colour(code: str) -> str:
    """A WB6 country's fixed colour; grey for anyone else."""
    return COLOURS.get(code, NEIGHBOUR_COLOUR)


def _label(code: str, focus: str | None) -> str:
    name = SHORT_NAMES.get(code, code)
    return f"{name} ★" if code == focus else name


@sourced
def participation_heatmap(
    matrix: pd.DataFrame, labels: Sequence[str], focus: str | None = None, title: str = ""
) -> Figure:
    """Rows x countries grid: a filled cell (in the country's colour) where the country took part."""
    countries = list(matrix.columns)
    fig, ax = _figure(1.2 * len(countries) + 5, 0.32 * len(matrix) + 1.6)
    for j, code in enumerate(countries):
        column = matrix[code].to_numpy()
        cmap = ListedColormap(["#F4F4F4", _colour(code)])
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
    ax.set_xticks(range(len(countries)), [_label(c, focus) for c in countries], rotation=30, ha="right")
    ax.set_yticks(range(len(matrix)), labels, fontsize=8)
    ax.tick_params(length=0)
    if focus in countries:
        k = countries.index(focus)
        ax.add_patch(mpl.patches.Rectangle((k - 0.5, -0.5), 1, len(matrix), fill=False, lw=2.5, ec="black"))
    ax.set_title(title, loc="left")
    return fig


@sourced
def share_bars(counts: pd.DataFrame, value: str, focus: str | None = None, title: str = "", xlabel: str = "") -> Figure:
    """Horizontal bars of one column per country, in country colours, values written at the bar ends."""
    ordered = counts.sort_values(value)
    fig, ax = _figure(7, 0.45 * len(ordered) + 1.4)
    codes = list(ordered.index)
    colours = [_colour(c) for c in codes]
    bars = ax.barh(
        [_label(c, focus) for c in codes],
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
    fig, ax = _figure(8, 4)
    codes = list(table.index)
    width = 0.8 / len(table.columns)
    hatches = ["", "//", "..", "xx"]
    x = np.arange(len(codes))
    for k, series in enumerate(table.columns):
        bars = ax.bar(
            x + k * width - 0.4 + width / 2,
            table[series],
            width,
            color=[_colour(c) for c in codes],
            hatch=hatches[k % len(hatches)],
            edgecolor="white",
            label=str(series),
        )
        ax.bar_label(bars, padding=2, fontsize=8)
    ax.set_xticks(x, [_label(c, focus) for c in codes])
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
def pair_heatmap(pairs: pd.DataFrame, title: str = "") -> Figure:
    """A symmetric country x country count matrix with the counts written in the cells."""
    fig, ax = _figure(6.5, 5.5)
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
def year_lines(by_year: pd.DataFrame, countries: Sequence[str], focus: str | None = None, title: str = "") -> Figure:
    """Operations per year for each country (a line each, markers distinguish countries)."""
    fig, ax = _figure(7, 4)
    markers = "osD^v<>"
    for k, code in enumerate(countries):
        ax.plot(
            by_year.index,
            by_year[code],
            marker=markers[k % len(markers)],
            color=_colour(code),
            lw=3 if code == focus else 1.5,
            label=_label(code, focus),
        )
    ax.plot(by_year.index, by_year["all"], color="black", ls="--", lw=1, label="rows in Table 2")
    ax.set_xticks(list(by_year.index), [str(y) for y in by_year.index])
    ax.set_ylabel("operations")
    ax.legend(frameon=False, bbox_to_anchor=(1, 1), loc="upper left")
    ax.set_title(title, loc="left")
    return fig


def _rings(geometry: dict) -> list[list[list[float]]]:
    """Outer rings of a GeoJSON Polygon or MultiPolygon."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry["type"] == "MultiPolygon":
        return [polygon[0] for polygon in geometry["coordinates"]]
    return []


@sourced
def region_map(
    geojson: dict, countries: Sequence[str], neighbours: Sequence[str], focus: str | None = None, title: str = ""
) -> Figure:
    """The WB6 in their colours, the comparison neighbours in grey, everything else pale; labels on the six."""
    fig, ax = _figure(7.5, 7)
    for feature in geojson["features"]:
        code = feature["properties"].get("iso3_project", "")
        if code in countries:
            face, edge, width = COLOURS[code], "black" if code == focus else "white", 2.5 if code == focus else 0.8
        elif code in neighbours:
            face, edge, width = "#BDBDBD", "white", 0.8
        else:
            face, edge, width = "#EEEEEE", "white", 0.5
        rings = _rings(feature["geometry"])
        for ring in rings:
            ax.add_patch(mpl.patches.Polygon(ring, closed=True, facecolor=face, edgecolor=edge, linewidth=width))
        if code in countries or code in neighbours:
            largest = max(rings, key=len)
            lon, lat = np.mean([p[0] for p in largest]), np.mean([p[1] for p in largest])
            ax.text(
                lon,
                lat,
                SHORT_NAMES.get(code, code),
                ha="center",
                va="center",
                fontsize=8,
                color="black" if code in neighbours else "white",
                fontweight="bold",
            )
    ax.set_xlim(12.5, 30.5)
    ax.set_ylim(34.5, 49.0)
    ax.set_aspect(1 / np.cos(np.radians(42)))
    ax.set_axis_off()
    ax.set_title(title, loc="left")
    return fig


@sourced
def country_lines(
    wide: pd.DataFrame, focus: str | None = None, title: str = "", ylabel: str = "", projected_after: int | None = None
) -> Figure:
    """Year x country values as lines: the WB6 in their colours, others grey and dashed, labels at line ends (moved
    apart so they do not collide).  Years after ``projected_after`` are projections: drawn dotted and labelled."""
    fig, ax = _figure(8, 4.5)
    ends = []
    for code in wide.columns:
        values = wide[code].dropna()
        if values.empty:
            continue
        wb6 = code in WB6
        style = {"color": _colour(code), "lw": 3 if code == focus else (1.8 if wb6 else 1.2)}
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
            color=_colour(code),
        )
    ax.set_ylabel(ylabel)
    ax.set_title(title, loc="left")
    return fig


@sourced
def scoreboard_heatmap(normalised: pd.DataFrame, title: str = "") -> Figure:
    """Countries x indicators (0-1) as a seaborn heatmap, the value written in each cell; a gap says so."""
    import seaborn as sns

    shown = normalised.rename(index=lambda c: SHORT_NAMES.get(c, c))
    fig, ax = _figure(8, 0.45 * len(shown) + 1.6)
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
    fig, ax = _figure(7, 0.4 * len(ordered) + 1.4)
    codes = list(ordered.index)
    bars = ax.barh(
        [_label(c, focus) for c in codes],
        ordered,
        color=[_colour(c) for c in codes],
        edgecolor=["black" if c == focus else "none" for c in codes],
        linewidth=2,
    )
    ax.bar_label(bars, labels=[fmt.format(v) for v in ordered], padding=3, fontsize=8)
    ax.margins(x=0.15)
    ax.set_xlabel(xlabel)
    ax.set_title(title, loc="left")
    return fig


def no_data(title: str, why: str) -> Figure:
    """A small figure that states, in words, that there is nothing to draw and why."""
    fig, ax = _figure(7, 1.2)
    ax.set_axis_off()
    ax.set_title(title, loc="left")
    fig.wb_note = f"No data: {why}."
    ax.text(0, 0.5, fig.wb_note, transform=ax.transAxes, va="center", fontsize=10)
    return fig


@sourced
def timeline(events: pd.DataFrame, countries: Sequence[str], title: str = "") -> Figure:
    """Dated events per country: one row per country, a marker shape per event type (legend names them)."""
    fig, ax = _figure(9, 0.5 * len(countries) + 2)
    markers = "sDo^v"
    types = list(dict.fromkeys(events["event_type"]))
    for k, kind in enumerate(types):
        rows = events[events["event_type"] == kind]
        ax.scatter(
            rows["date"],
            [list(countries).index(c) for c in rows["country"]],
            marker=markers[k % len(markers)],
            s=70,
            color=[_colour(c) for c in rows["country"]],
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
def verdict_bars(counts: pd.DataFrame, title: str = "", ylabel: str = "") -> Figure:
    """Stacked horizontal bars: one bar per row of ``counts`` (e.g. chapters), one segment per verdict."""
    fig, ax = _figure(8, 0.5 * len(counts) + 1.8)
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


@sourced
def rank_lines(ranks: pd.DataFrame, focus: str | None = None, title: str = "") -> Figure:
    """Rank of each country (columns) against a varied weight (index); rank 1 at the top."""
    fig, ax = _figure(8, 4.5)
    markers = "osD^v<>"
    for k, code in enumerate(ranks.columns):
        ax.plot(
            ranks.index,
            ranks[code],
            marker=markers[k % len(markers)],
            color=_colour(code),
            lw=3 if code == focus else 1.5,
            label=_label(code, focus),
        )
    ax.set_yticks(range(1, len(ranks.columns) + 1))
    ax.invert_yaxis()
    ax.set_xlabel(ranks.index.name or "")
    ax.set_ylabel("rank (1 = highest score)")
    ax.legend(frameon=False, bbox_to_anchor=(1, 1), loc="upper left")
    ax.set_title(title, loc="left")
    return fig


@sourced
def summit_topics(summits: pd.DataFrame, topics: pd.DataFrame, title: str = "") -> Figure:
    """Berlin Process summits (x: year, labelled with the host) and the security topics seen on each agenda."""
    fig, ax = _figure(9, 4)
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
