"""A notebook learns which it is from where it runs, never from its own text; its part of the report follows from
the chapters table."""

from __future__ import annotations

import json

import pytest

from wbanalysis import params, paths, report, this_notebook
from wbanalysis.errors import ParameterError

PARTS = report.chapters()
LAST = PARTS[-1]


@pytest.fixture(autouse=True)
def nowhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """No notebook named by this process's environment (the test suite sets one for nbval's kernels)."""
    monkeypatch.delenv(this_notebook.VARIABLE, raising=False)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)


@pytest.mark.parametrize(
    ("where", "namespace", "environment"),
    [
        ("papermill --inject-input-path", {"PAPERMILL_INPUT_PATH": f"/some/where/{LAST.notebook}.ipynb"}, {}),
        ("a build, make notebooks, nbval", {}, {this_notebook.VARIABLE: LAST.notebook}),
        ("JupyterLab's session", {"__session__": f"notebooks/{LAST.notebook}.ipynb"}, {}),
        ("Jupyter Server's environment", {}, {"JPY_SESSION_NAME": f"/home/me/{LAST.notebook}.ipynb"}),
        ("VS Code", {"__vsc_ipynb_file__": f"C:/x/{LAST.notebook}.ipynb"}, {}),
    ],
)
def test_the_name_comes_from_where_it_runs(where, namespace, environment, monkeypatch):
    for key, value in environment.items():
        monkeypatch.setenv(key, value)
    assert this_notebook.name(namespace) == LAST.notebook, where


def test_papermill_s_path_comes_before_the_environment(monkeypatch):
    monkeypatch.setenv(this_notebook.VARIABLE, PARTS[0].notebook)
    assert this_notebook.name({"PAPERMILL_INPUT_PATH": f"{LAST.notebook}.ipynb"}) == LAST.notebook


def test_nowhere_to_learn_it_is_a_clear_error():
    with pytest.raises(ParameterError, match=r"cannot tell which notebook this is: open it in JupyterLab.*"
                                             rf"{this_notebook.VARIABLE}"):  # fmt: skip
        this_notebook.name({"__session__": "  "})


def test_the_chapter_comes_from_the_chapters_table_for_the_notebook_or_a_copy_of_it():
    for part in PARTS:
        assert this_notebook.chapter(part.notebook) == part.number
        assert this_notebook.chapter(f"{part.notebook}-Copy1") == part.number
    assert this_notebook.chapter("87_broken") is None


def test_from_namespace_knows_the_notebook_and_its_chapter(monkeypatch):
    part = next(p for p in PARTS if p.number == 2)
    monkeypatch.setenv(this_notebook.VARIABLE, part.notebook)
    spec = params.declared(str(paths.NOTEBOOK_DIR / f"{part.notebook}.ipynb"))
    namespace = {name: s["default"] for name, s in spec.items()} | {"In": []}
    found = params.from_namespace(namespace)
    assert (found.notebook, found.chapter) == (part.notebook, part.number)
    assert "chapter" not in found and "notebook" not in found  # not parameters: the table shows only those


def test_papermill_s_injected_paths_are_not_taken_for_unknown_parameters(monkeypatch):
    part = next(p for p in PARTS if p.number == 2)
    spec = params.declared(str(paths.NOTEBOOK_DIR / f"{part.notebook}.ipynb"))
    injected = f'# Parameters\nPAPERMILL_INPUT_PATH = "{part.notebook}.ipynb"\nPAPERMILL_OUTPUT_PATH = "out.ipynb"\n'
    namespace = {name: s["default"] for name, s in spec.items()}
    namespace |= {"In": ["", injected], "PAPERMILL_INPUT_PATH": f"{part.notebook}.ipynb"}
    assert params.from_namespace(namespace).chapter == part.number


def test_no_chapter_notebook_types_its_own_name_or_number():
    for part in PARTS:
        cells = json.loads((paths.NOTEBOOK_DIR / f"{part.notebook}.ipynb").read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        assert part.notebook not in code, part.notebook
        assert "from_namespace(globals())" in code, part.notebook
        for call in ("paragraph(", "chapter_report(", "summary(", "chapter="):
            assert f"{call}{part.number}" not in code, (part.notebook, call)


def test_the_byline_comes_from_the_chapters_table(monkeypatch):
    for part in PARTS:
        monkeypatch.setenv(this_notebook.VARIABLE, part.notebook)
        shown = this_notebook.byline({}).data
        assert shown.startswith(f"**{part.label} of *{report.TITLE}* ({report.PUBLISHER_SHORT}, ")
        assert f"{report.DATE:%B %Y}" in shown
        assert (f"author: {part.author}" in shown) == (part.type == "Person")
    monkeypatch.setenv(this_notebook.VARIABLE, "87_broken")
    with pytest.raises(ParameterError, match="87_broken is not a part of the report"):
        this_notebook.byline({})


def test_no_chapter_notebook_types_the_report_s_title_date_or_its_author():
    for part in PARTS:
        cells = json.loads((paths.NOTEBOOK_DIR / f"{part.notebook}.ipynb").read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells)
        typed = [report.TITLE, f"{report.DATE:%B %Y}", report.PUBLISHER, f"({report.PUBLISHER_SHORT},"]
        typed += [part.author] if part.type == "Person" else []
        assert not [t for t in typed if t in text], part.notebook
        assert "this_notebook.byline(globals())" in text, part.notebook
