"""Preloaded by the worker pool's fork server: what every worker needs, loaded and compiled once.

The workers are forked from the server after this module is imported, so they start with nbconvert's templates
compiled, the page tools imported and the claims package loaded, instead of each paying for it on its first report.
"""

from __future__ import annotations

import gc

import nbformat

from .. import claims  # noqa: F401  (loaded for the workers: the reader pages carry each claim's review)
from . import run  # noqa: F401  (the worker's entry point)
from .export import render


def warm_up() -> None:
    """Render a small notebook (markdown, code, text, HTML and a PNG output) into both pages, thrown away."""
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


warm_up()
gc.freeze()  # what the workers inherit stays out of their garbage collections (and shared with them)
