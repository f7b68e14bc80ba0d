"""One export for both pages: the reader page is the full page's tree without code, equal to nbconvert's own reader
export."""

from __future__ import annotations

import base64
from pathlib import Path

import nbformat
import pytest

from wbanalysis import plots
from wbanalysis.builder.pages import export, tree
from wbanalysis.paths import ROOT


def _executed_like(tmp_path: Path) -> nbformat.NotebookNode:
    """A notebook with what reports hold: markdown, parameters, an HTML table, text, a figure and an empty cell."""
    png = base64.b64encode(plots.png(plots.value_bars(__import__("pandas").Series({"ALB": 1.0}), title="T"))).decode()
    cells = [
        nbformat.v4.new_markdown_cell("# A report\n\n## Part one\n\nSome *text*."),
        nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}, execution_count=1),
        nbformat.v4.new_code_cell(
            "table",
            execution_count=2,
            outputs=[
                nbformat.v4.new_output(
                    "execute_result", data={"text/html": "<table><tr><td>1</td></tr></table>"}, execution_count=2
                )
            ],
        ),
        nbformat.v4.new_code_cell(
            "print(1); figure",
            execution_count=3,
            outputs=[
                nbformat.v4.new_output("stream", name="stdout", text="1\n"),
                nbformat.v4.new_output(
                    "execute_result", data={"image/png": png, "text/plain": "Figure: T"}, execution_count=3
                ),
            ],
        ),
        nbformat.v4.new_code_cell("y = 2", execution_count=4),
        nbformat.v4.new_code_cell(  # a notebook's own HTML that happens to use the template's class names
            "html",
            execution_count=5,
            outputs=[
                nbformat.v4.new_output(
                    "display_data",
                    data={
                        "text/html": '<div class="jp-CodeCell"><div class="jp-Cell-inputWrapper">kept A</div></div>'
                        '<div class="jp-OutputArea-child"><div class="jp-OutputPrompt">kept B</div></div>'
                    },
                )
            ],
        ),
        nbformat.v4.new_markdown_cell('## Part two\n\n<div class="jp-InputPrompt">kept C</div>'),
    ]
    return nbformat.v4.new_notebook(cells=cells)


NOTEBOOKS = sorted(
    str(p.relative_to(ROOT / "notebooks"))
    for p in (ROOT / "notebooks").rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts  # JupyterLab's copies, not the project's notebooks
)


@pytest.mark.parametrize("source", ["made here", *NOTEBOOKS])
def test_the_reader_page_from_the_full_export_equals_nbconvert_s_own_reader_export(source, tmp_path):
    from bs4 import BeautifulSoup
    from nbconvert import HTMLExporter

    if source == "made here":
        nb = _executed_like(tmp_path)
    else:  # a committed chapter notebook, with its stored outputs
        nb = nbformat.read(ROOT / "notebooks" / source, as_version=4)
    reader_exporter = HTMLExporter(
        template_name="offline",
        extra_template_basedirs=[str(export.TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    expected, _ = reader_exporter.from_notebook_node(nb, resources=export.page_resources(nb))
    derived = tree.without_code(tree.parse(export._html(nb)))
    assert str(derived) == str(tree.parse(expected))
    if source == "made here":
        assert all(f"kept {k}" in str(derived) for k in "ABC")
    code = derived.find("main").find_all("div", class_="jp-CodeCell", recursive=False)
    assert code and not any(c.find("div", class_="jp-Cell-inputWrapper", recursive=False) for c in code)
    assert not any(c.find("div", class_="jp-OutputPrompt") for c in code if "kept B" not in str(c))
    full = BeautifulSoup(export._html(nb), "html.parser").find("main").find_all("div", class_="jp-CodeCell")
    assert all(c.find("div", class_="jp-Cell-inputWrapper") for c in full)  # the full page keeps the code
