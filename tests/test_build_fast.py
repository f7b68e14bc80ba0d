"""Incremental, parallel builds: the cache key, sweeps and their names, atomic writes, no-op speed."""

import json
import os
import shutil
import subprocess
import sys

import nbformat
import pytest

from wbanalysis.builder import build, cache, plan
from wbanalysis.errors import ParameterError
from wbanalysis.files import write_atomic

NB = plan.find(["02"])[0]


def tiny_notebook(path, body="print(focus_country)", markdown="# Tiny report"):
    cells = [
        nbformat.v4.new_markdown_cell(markdown),
        nbformat.v4.new_code_cell(
            'focus_country: str = "SRB"  # highlighted country', metadata={"tags": ["parameters"]}
        ),
        nbformat.v4.new_code_cell(body),
    ]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


# --- cache key ---------------------------------------------------------------------------------


def test_key_changes_with_parameters():
    assert cache.cache_key(NB, {"start_year": 2024}) != cache.cache_key(NB, {"start_year": 2025})
    assert cache.cache_key(NB, {"start_year": 2024}) == cache.cache_key(NB, {"start_year": 2024})


def test_key_changes_with_a_data_file(data_copy):
    from wbanalysis.builder import cache

    before = cache.cache_key(NB, {}, cache.inputs(data_copy))
    path = data_copy / "corrections.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert cache.cache_key(NB, {}, cache.inputs(data_copy)) != before


def test_key_holds_no_absolute_path(tmp_path):
    import shutil

    from wbanalysis import data
    from wbanalysis.builder import cache

    copy = tmp_path / "elsewhere" / "data"
    shutil.copytree(data.DATA_DIR, copy)
    assert cache.inputs(copy) == cache.inputs()  # a moved or cloned project keeps its cache


def test_key_changes_with_a_code_cell_and_a_markdown_cell_but_not_with_outputs(tmp_path):
    path = tiny_notebook(tmp_path / "91_tiny.ipynb")
    base = cache.cache_key(path, {})
    nb = nbformat.read(path, as_version=4)
    nb.cells[2].outputs = [nbformat.v4.new_output("stream", text="old output\n")]
    nbformat.write(nb, path)
    assert cache.cache_key(path, {}) == base  # stored outputs do not matter: the build re-executes
    tiny_notebook(path, markdown="# Tiny report, retitled")
    assert cache.cache_key(path, {}) != base  # markdown changes rebuild, so the reader HTML shows them
    tiny_notebook(path, body="print(focus_country * 2)")
    assert cache.cache_key(path, {}) != base


def test_key_changes_with_a_package_version(monkeypatch):
    before = cache.cache_key(NB, {})
    from wbanalysis import versions

    monkeypatch.setattr(versions, "environment", lambda: {"pandas": "0.0.1", "python": "3.11.0"})
    assert cache.cache_key(NB, {}) != before


# --- sweeps and names -------------------------------------------------------------------------


def test_report_names():
    assert plan.report_name(NB, {}) == "02_institutional_frameworks"
    assert plan.report_name(NB, {"focus_country": "SRB"}) == "02_institutional_frameworks__focus_country-SRB"
    assert plan.report_name(NB, {"countries": ["ALB", "XKX"], "dedupe": False}) == (
        "02_institutional_frameworks__countries-ALB+XKX__dedupe-false"
    )


def test_parameter_sets_are_a_grid_over_the_base(tmp_path):
    sets = plan.parameter_sets({"dedupe": False}, ["focus_country=ALB,SRB", "start_year=2023,2024"])
    assert len(sets) == 4 and all(s["dedupe"] is False for s in sets)
    assert {"focus_country": "SRB", "start_year": 2024, "dedupe": False} in sets
    listed = tmp_path / "sets.yaml"
    listed.write_text("- {focus_country: ALB}\n- {focus_country: XKX, countries: [XKX, SRB]}\n", encoding="utf-8")
    assert plan.parameter_sets({}, [], str(listed))[1] == {"focus_country": "XKX", "countries": ["XKX", "SRB"]}


@pytest.mark.parametrize("bad", ["focus_country", "=ALB", "focus_country="])
def test_malformed_sweep(bad):
    with pytest.raises(ParameterError, match="expected NAME=V1,V2"):
        plan.parse_sweep(bad)


def test_params_file_errors(tmp_path):
    with pytest.raises(ParameterError, match="file not found"):
        plan.read_params_file(str(tmp_path / "missing.yaml"))
    (tmp_path / "x.yaml").write_text("focus_country: ALB\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="expected a list of parameter sets"):
        plan.read_params_file(str(tmp_path / "x.yaml"))


def test_sweep_with_an_invalid_value_fails_before_any_kernel(tmp_path):
    with pytest.raises(ParameterError, match="focus_country: unknown country 'Narnia'"):
        build(["02"], {}, out_dir=tmp_path, sweeps=["focus_country=ALB,Narnia"])
    assert not list(tmp_path.iterdir())


def test_a_parameter_no_notebook_has_is_refused():
    with pytest.raises(ParameterError, match="no selected notebook has a parameter 'weights'"):
        plan.plan([], [{"weights": 1}])


def test_a_parameter_some_notebooks_have_goes_to_those_only():
    jobs = plan.plan([], [{"dedupe": False}])
    by_notebook = {job.notebook.stem: dict(job.params) for job in jobs}
    assert by_notebook["02_institutional_frameworks"] == {"dedupe": False}
    assert by_notebook["00_overview"] == {}


def test_parallel_sweep_builds_named_variants_grouped_in_the_index(tmp_path):
    path = tiny_notebook(tmp_path / "91_tiny.ipynb")
    out = tmp_path / "out"
    results = build([str(path)], {}, out_dir=out, sweeps=["focus_country=ALB,XKX,SRB"], workers=2)
    assert [r.status for r in results] == ["built"] * 3
    names = sorted(p.name for p in out.glob("*.html"))
    assert "91_tiny__focus_country-XKX.html" in names and "91_tiny__focus_country-XKX.full.html" in names
    assert "XKX" in (out / "91_tiny__focus_country-XKX.html").read_text(encoding="utf-8")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count("Tiny report</h3>") == 1 and index.count("Reader report, variant") == 3
    assert "The 3 variants compared" in index and (out / "compare__91_tiny.html").exists()
    again = build([str(path)], {}, out_dir=out, sweeps=["focus_country=ALB,XKX,SRB"], workers=2)
    assert [r.status for r in again] == ["up to date"] * 3


def test_markdown_change_rebuilds_and_the_reader_shows_it(tmp_path):
    path = tiny_notebook(tmp_path / "92_tiny.ipynb")
    out = tmp_path / "out"
    build([str(path)], {}, out_dir=out)
    tiny_notebook(path, markdown="# Tiny report, second edition")
    [result] = build([str(path)], {}, out_dir=out)
    assert result.status == "built"
    assert "second edition" in (out / "92_tiny.html").read_text(encoding="utf-8")


def test_no_op_build_imports_neither_papermill_nor_nbconvert(tmp_path):
    path = tiny_notebook(tmp_path / "93_tiny.ipynb")
    out = tmp_path / "out"
    build([str(path)], {}, out_dir=out)
    code = (
        "import sys; from wbanalysis.builder import build; "
        f"r = build([{str(path)!r}], {{}}, out_dir={str(out)!r}); "
        "print(r[0].status, 'papermill' in sys.modules, 'nbconvert' in sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["up", "to", "date", "False", "False"]


# --- atomic writes ------------------------------------------------------------------------------


def test_write_atomic_replaces_whole_files_and_leaves_no_temp(tmp_path):
    target = tmp_path / "report.html"
    write_atomic(target, "first")
    write_atomic(target, "second")
    assert target.read_text() == "second"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
    assert oct(target.stat().st_mode & 0o777) != "0o600"  # readable like any other file


def test_interrupted_write_keeps_the_previous_file(tmp_path, monkeypatch):
    target = tmp_path / "report.html"
    write_atomic(target, "previous good report")

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "half")
    assert target.read_text() == "previous good report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_build_state_is_json_with_the_key(tmp_path):
    path = tiny_notebook(tmp_path / "94_tiny.ipynb")
    out = tmp_path / "out"
    build([str(path)], {"focus_country": "MNE"}, out_dir=out)
    state = json.loads((out / ".build" / "94_tiny.json").read_text(encoding="utf-8"))
    assert state["key"] == cache.cache_key(path, {"focus_country": "MNE"})
    shutil.rmtree(out)


def test_a_country_view_says_something_about_the_chosen_country():
    from wbanalysis import country_view

    texts = {code: repr(country_view.paragraph(2, code)) for code in ("ALB", "XKX", "SRB")}
    assert len(set(texts.values())) == 3
    assert "Kosovo took part in" in texts["XKX"] and "the fewest of the six" in texts["XKX"]
    assert "<b>Serbia:</b>" in country_view.paragraph(6, "SRB")._repr_html_()
