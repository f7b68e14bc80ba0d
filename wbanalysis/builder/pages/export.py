"""Turning an executed notebook into a report: the reader page, the full page and the figures, in memory.

Nothing here writes a file: the result (:class:`Built`) travels back to the process that asked for it (a local
worker's parent, or the machine that sent a job to a Dask cluster), which writes it with ``output.write``.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import cards, figures, tree
from .reader import reader

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@dataclass
class Built:
    """One report, ready to write: page texts, figure files, and what the build record says of it."""

    name: str
    reader: str
    full: str
    figures: dict[str, bytes] = field(default_factory=dict)  # file name under figures/ -> content
    title: str = ""
    seconds: dict[str, float] = field(default_factory=dict)  # time per stage: execute, figures, export
    warnings: list[str] = field(default_factory=list)  # what the notebook wrote to stderr (kept off the pages)
    reads: dict[str, str] = field(default_factory=dict)  # data files the kernel read, with their bytes' sha256
    view: dict[str, Any] = field(default_factory=dict)  # the country-in-focus paragraph as data (its record keeps it)


def view(executed: Any) -> dict[str, Any]:
    """The paragraph on the country in focus as the notebook gave it, as data (``country_view.MIME``); the last
    one when there are several, {} when there is none or it is not an object."""
    from ...country_view import MIME

    found = [dict(value) for _, value in cards.carried(executed, MIME) if isinstance(value, dict)]
    return found[-1] if found else {}


def title(executed: Any) -> str:
    """The notebook's first level-1 heading."""
    for cell in executed.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


@functools.cache
def _exporter() -> Any:
    """One exporter per process: its templates are loaded and compiled once, not once per report."""
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="offline", extra_template_basedirs=[str(TEMPLATES)])


def page_resources(executed: Any) -> dict[str, Any]:
    """What the page template gets besides the notebook: its title and the verdict scale's style."""
    from ...citation import colophon
    from ...theme import css

    return {"metadata": {"name": title(executed) or "Report"}, "wb_verdict_css": css(), "wb_colophon": colophon()}


def _html(executed: Any) -> str:
    """The full page from the ``offline`` template: the lab look, with nothing loaded from the network (the
    reader page is made from it by ``tree.without_code``)."""
    resources = page_resources(executed)
    body, _ = _exporter().from_notebook_node(executed, resources=resources)
    return body


def _drop_svg(executed: Any) -> None:
    for cell in executed.cells:
        for output in cell.get("outputs", []):
            output.get("data", {}).pop("image/svg+xml", None)


def _take_stderr(executed: Any) -> list[str]:
    """Remove what cells wrote to stderr (warnings) from the pages; it goes to the build record instead."""
    taken = []
    for cell in executed.cells:
        kept = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                taken.append("".join(output.get("text", "")).strip())
            else:
                kept.append(output)
        if "outputs" in cell:
            cell.outputs = kept
    return [t for t in taken if t]


def render(executed: Any, name: str, notebook: str = "", seconds: dict[str, float] | None = None) -> Built:
    """The reader page, the full page and the figure files of an executed notebook (``notebook``: its stem, by
    which the page knows its chapter)."""
    seconds = dict(seconds or {})
    started = time.perf_counter()
    warnings = _take_stderr(executed)
    files = figures.figure_files(executed, name)
    _drop_svg(executed)  # any SVG went to figures/; the pages embed the PNG, which carries alt text
    seconds["figures"] = time.perf_counter() - started
    started = time.perf_counter()
    claims = cards.render_again(executed)  # the cards from their data, with the current template
    page = tree.parse(_html(executed))  # one export and one parse for both pages: the full page first,
    full = tree.full(page)
    shown = reader(tree.without_code(page), executed, name, notebook or name, list(files), claims)  # then the other
    page.decompose()
    seconds["export"] = time.perf_counter() - started
    return Built(name, shown, full, files, title(executed), seconds, warnings, view=view(executed))


@functools.cache
def warm_up() -> None:
    """Once per process: compile the page templates by rendering a small notebook (markdown, code, text, HTML and
    a PNG output) into both pages, thrown away.  A worker does it while its kernel starts."""
    import nbformat

    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# Warm-up\n\n## A section\n\nSome *text*."),
            nbformat.v4.new_code_cell(
                "x = 1",
                outputs=[
                    nbformat.v4.new_output("stream", name="stdout", text="1\n"),
                    nbformat.v4.new_output("display_data", data={"text/html": "<table><tr><td>1</td></tr></table>"}),
                    nbformat.v4.new_output("display_data", data={"image/png": png, "text/plain": "Figure: warm-up"}),
                ],
                execution_count=1,
            ),
        ]
    )
    render(nb, "warm-up")
