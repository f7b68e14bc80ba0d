"""The map of the region."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure

from ..countries import COLOURS, SHORT_NAMES
from .style import new_figure, sourced


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
    fig, ax = new_figure(7.5, 7)
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
