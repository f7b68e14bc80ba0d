"""One export for both pages: the reader page is the full page's tree without code, equal to nbconvert's own reader
export."""

from __future__ import annotations

import base64
from pathlib import Path

import nbformat
import pytest

from wbanalysis.builder.pages import export, tree
from wbanalysis.paths import ROOT


def _executed_like(tmp_path: Path) -> nbformat.NotebookNode:
    """A notebook with what reports hold: markdown, parameters, an HTML table, text, a figure and an empty cell."""
    from wbanalysis import plots  # matplotlib: imported by the test that draws, not when the tests are collected

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
    p
    for p in (ROOT / "notebooks").rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts  # JupyterLab's copies, not the project's notebooks
)


def _kind(cell: nbformat.NotebookNode) -> tuple:
    """What decides how a cell is exported: its type, tags and metadata keys, each output's type, stream and MIME
    types, and whether a markdown cell carries HTML."""
    outputs = tuple((o.output_type, o.get("name"), tuple(sorted(o.get("data", {})))) for o in cell.get("outputs", []))
    meta = tuple(sorted(cell.metadata)), tuple(sorted(cell.metadata.get("tags", [])))
    return cell.cell_type, meta, outputs, cell.cell_type == "markdown" and "<" in cell.source


def _one_cell_of_each_kind() -> nbformat.NotebookNode:
    """The committed notebooks' cells, the first and the last of each kind (:func:`_kind`), in one notebook: what
    the chapter and workshop notebooks hold, exported once rather than eleven times (the size of an output changes
    nothing in the page's shape, so a megabyte map is not needed to test it)."""
    first: dict[tuple, nbformat.NotebookNode] = {}
    last: dict[tuple, nbformat.NotebookNode] = {}
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            kind = _kind(cell)
            first.setdefault(kind, cell)
            last[kind] = cell
    cells = [c for kind, cell in first.items() for c in ([cell] if last[kind] is cell else [cell, last[kind]])]
    for i, cell in enumerate(cells):
        cell.id = f"cell-{i}"
    return nbformat.v4.new_notebook(cells=cells, metadata=nbformat.read(NOTEBOOKS[0], as_version=4).metadata)


def test_the_committed_notebooks_hold_many_kinds_of_cell():
    kinds = {_kind(c) for c in _one_cell_of_each_kind().cells}
    assert {k[0] for k in kinds} == {"markdown", "code"}
    mimes = {m for k in kinds for o in k[2] for m in o[2]}
    assert {"text/html", "image/png", "text/plain"} <= mimes


@pytest.mark.parametrize("source", ["made here", "one cell of each kind in the committed notebooks"])
def test_the_reader_page_from_the_full_export_equals_nbconvert_s_own_reader_export(source, tmp_path):
    from nbconvert import HTMLExporter

    if source == "made here":
        nb = _executed_like(tmp_path)
    else:  # the committed notebooks' cells, with their stored outputs
        nb = _one_cell_of_each_kind()
    reader_exporter = HTMLExporter(
        template_name="offline",
        extra_template_basedirs=[str(export.TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    expected, _ = reader_exporter.from_notebook_node(nb, resources=export.page_resources(nb))
    full = tree.parse(export._html(nb))  # the full page: it keeps the code
    assert all(
        c.find("div", class_="jp-Cell-inputWrapper") for c in full.find("main").find_all("div", class_="jp-CodeCell")
    )
    derived = tree.without_code(full)
    assert str(derived) == str(tree.parse(expected))
    if source == "made here":
        assert all(f"kept {k}" in str(derived) for k in "ABC")
    code = derived.find("main").find_all("div", class_="jp-CodeCell", recursive=False)
    assert code and not any(c.find("div", class_="jp-Cell-inputWrapper", recursive=False) for c in code)
    assert not any(c.find("div", class_="jp-OutputPrompt") for c in code if "kept B" not in str(c))
