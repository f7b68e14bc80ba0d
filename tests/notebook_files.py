"""Small notebooks written by the tests: a heading and code cells, a tiny report with a parameter, one figure."""

from __future__ import annotations

from pathlib import Path

import nbformat

KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}


def _write(path: Path, cells: list) -> Path:
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nbformat.write(nb, path)
    return path


def code_notebook(path: Path, *cells: str, markdown: list | None = None, title: str | None = None) -> Path:
    """A heading (the file's stem unless ``title``), any markdown cells, then one code cell per string."""
    heading = nbformat.v4.new_markdown_cell(f"# {path.stem if title is None else title}")
    return _write(path, [heading, *(markdown or []), *[nbformat.v4.new_code_cell(c) for c in cells]])


def tiny_notebook(path: Path, body: str = "print(focus_country)", markdown: str = "# Tiny report") -> Path:
    """A report with a parameters cell (``focus_country``) and one cell of code."""
    return _write(path, [
        nbformat.v4.new_markdown_cell(markdown),
        nbformat.v4.new_code_cell(
            'focus_country: str = "SRB"  # highlighted country', metadata={"tags": ["parameters"]}
        ),
        nbformat.v4.new_code_cell(body),
    ])


def figure_notebook(path: Path) -> Path:
    """A report that draws one figure (two bars)."""
    return _write(path, [
        nbformat.v4.new_markdown_cell("# Figures"),
        nbformat.v4.new_code_cell('focus_country: str = "SRB"', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            "import pandas as pd\nfrom wbanalysis import plots\n"
            'plots.value_bars(pd.Series({"ALB": 1.0, "SRB": 2.0}), focus=focus_country, title="Two bars")'
        ),
    ])
