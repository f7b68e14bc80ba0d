"""The house style: rcParams, fixed colours and labels, figures as PNG and SVG, sources under charts.

Figures are built with ``matplotlib.figure.Figure`` rather than pyplot, so a
notebook cell that returns one shows it exactly once and nothing leaks between
cells.  Every country keeps one colour (``countries.COLOURS``) in every chart.
"""

from __future__ import annotations

import functools
import io
import os
from collections.abc import Callable
from typing import Any

import matplotlib as mpl
from matplotlib.figure import Figure

from ..countries import COLOURS, NEIGHBOUR_COLOUR, SHORT_NAMES

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


def new_figure(width: float, height: float) -> tuple[Figure, mpl.axes.Axes]:
    """A figure in the house style with one set of axes, laid out by matplotlib's constrained layout."""
    apply_style()
    fig = Figure(figsize=(width, height), layout="constrained")
    return fig, fig.add_subplot()


def colour(code: str) -> str:
    """A WB6 country's fixed colour; grey for anyone else."""
    return COLOURS.get(code, NEIGHBOUR_COLOUR)


def label(code: str, focus: str | None) -> str:
    """A country's short name, starred when it is the chosen one."""
    name = SHORT_NAMES.get(code, code)
    return f"{name} ★" if code == focus else name
