"""What makes builds fast must not change what they produce: shared verdicts, one export for both pages, figures
laid out once, SVG on request, longest reports first, indicators read once per data version."""

from __future__ import annotations

import base64
import json
import os
import pickle
from pathlib import Path

import nbformat
import pytest

from wbanalysis import data, paths, plots
from wbanalysis.builder import build, cache, orchestrate, plan
from wbanalysis.builder.pages import render as export
from wbanalysis.builder.pages import tree
from wbanalysis.claims import shared
from wbanalysis.claims import verdicts as ev

ROOT = Path(__file__).resolve().parents[1]


# --- verdicts shared by the processes of a build ---------------------------------------------------------------


@pytest.fixture
def fresh_verdicts(monkeypatch, tmp_path):
    """An empty verdict cache in this process and a build's shared folder."""
    monkeypatch.setattr(ev, "_CACHE", {})
    monkeypatch.setattr(ev, "_SETTLED", set())
    monkeypatch.setenv(paths.SHARED_VERDICTS_VARIABLE, str(tmp_path))
    return tmp_path


def test_the_first_process_shares_every_verdict_and_the_others_read_them(fresh_verdicts, monkeypatch):
    first = ev.evaluate_all(chapter=4)
    [written] = fresh_verdicts.glob("verdicts-*.pickle")
    assert len(pickle.loads(written.read_bytes())) == len(ev.ledger.claims())  # every claim, not only chapter 4
    monkeypatch.setattr(ev, "_CACHE", {})  # another process of the build: nothing computed yet
    monkeypatch.setattr(ev, "_SETTLED", set())

    def no_checks(claim_id, as_of=None):
        raise AssertionError(f"{claim_id} was checked again instead of read")

    monkeypatch.setattr(ev, "verdict", no_checks)
    assert ev.evaluate_all(chapter=4) == first
    assert ev.evaluate("C2-17") == next(v for v in ev.evaluate_all() if v.id == "C2-17")


def test_verdicts_for_other_data_are_not_read(fresh_verdicts, monkeypatch, data_copy):
    ev.evaluate_all()
    [before] = fresh_verdicts.glob("verdicts-*.pickle")
    table = data_copy / "facts.csv"
    table.write_text(table.read_text(encoding="utf-8").replace(",number,43,", ",number,44,"), encoding="utf-8")
    monkeypatch.setattr(ev, "_CACHE", {})
    monkeypatch.setattr(ev, "_SETTLED", set())
    assert shared.path() != before  # another name: these inputs' verdicts are not the file's


def test_a_broken_shared_file_means_the_checks_run_here(fresh_verdicts, monkeypatch):
    path = shared.path()
    path.write_bytes(b"not a pickle")
    assert shared.load(path) is None
    calls = []
    real = ev.verdict
    monkeypatch.setattr(ev, "verdict", lambda claim_id, as_of=None: calls.append(claim_id) or real(claim_id, as_of))
    verdict = ev.evaluate("C4-5")
    assert calls and verdict.id == "C4-5"


def test_nothing_is_shared_outside_a_build_or_with_substituted_tables(fresh_verdicts, monkeypatch):
    import pandas as pd

    with data.substituted({"claims": data.load("claims")}):
        assert shared.path() is None  # tables in memory: not the files' verdicts
    monkeypatch.delenv(paths.SHARED_VERDICTS_VARIABLE)
    assert shared.path() is None
    ev.evaluate_all(chapter=1)
    assert not list(fresh_verdicts.glob("verdicts-*.pickle"))
    assert isinstance(data.load("claims"), pd.DataFrame)


# --- one export for both pages -------------------------------------------------------------------------------


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


# --- figures ---------------------------------------------------------------------------------------------------


def test_a_figure_laid_out_once_draws_the_same_png(tmp_path):
    import pandas as pd

    series = pd.Series({"ALB": 1.0, "SRB": 3.0, "MKD": 2.0})
    usual = plots.png(plots.value_bars(series, focus="SRB", title="Spending", source="a source"))
    fixed = plots.fixed_layout(plots.value_bars(series, focus="SRB", title="Spending", source="a source"))
    assert type(fixed.get_layout_engine()).__name__ == "PlaceHolderLayoutEngine"  # no second layout
    assert plots.png(fixed) == usual
    assert plots.svg(fixed).startswith("<?xml")


def _figure_notebook(path: Path) -> Path:
    cells = [
        nbformat.v4.new_markdown_cell("# Figures"),
        nbformat.v4.new_code_cell('focus_country: str = "SRB"', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            "import pandas as pd\nfrom wbanalysis import plots\n"
            'plots.value_bars(pd.Series({"ALB": 1.0, "SRB": 2.0}), focus=focus_country, title="Two bars")'
        ),
    ]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def test_svg_copies_only_on_request_and_removed_when_no_longer_asked_for(tmp_path):
    nb = _figure_notebook(tmp_path / "95_figures.ipynb")
    out = tmp_path / "out"
    [plain] = build([str(nb)], {}, out_dir=out)
    assert plain.status == "built"
    assert sorted(p.suffix for p in (out / "figures").iterdir()) == [".png"]
    assert "(also as figures/95_figures__01-two-bars.png)" in (out / "95_figures.html").read_text(encoding="utf-8")

    [with_svg] = build([str(nb)], {}, out_dir=out, svg=True)
    assert with_svg.status == "built"  # not up to date: SVG copies were asked for
    assert sorted(p.suffix for p in (out / "figures").iterdir()) == [".png", ".svg"]
    assert (out / "figures" / "95_figures__01-two-bars.svg").read_text(encoding="utf-8").startswith("<?xml")
    assert "95_figures__01-two-bars.png and .svg)" in (out / "95_figures.html").read_text(encoding="utf-8")
    [again] = build([str(nb)], {}, out_dir=out, svg=True)
    assert again.status == "up to date"

    [without] = build([str(nb)], {}, out_dir=out)
    assert without.status == "built"
    assert sorted(p.suffix for p in (out / "figures").iterdir()) == [".png"]  # the SVG copy went with it


def test_cli_svg_flag(tmp_path):
    from wbanalysis.cli import main

    nb = _figure_notebook(tmp_path / "96_figures.ipynb")
    assert main(["build", str(nb), "--out", str(tmp_path / "out"), "--svg"]) == 0
    assert (tmp_path / "out" / "figures" / "96_figures__01-two-bars.svg").exists()


def test_cache_key_says_whether_svg_copies_were_made():
    notebook = ROOT / "notebooks" / "01_strategic_imperative.ipynb"
    assert cache.cache_key(notebook, {}) == cache.cache_key(notebook, {}, svg=False)
    assert cache.cache_key(notebook, {}) != cache.cache_key(notebook, {}, svg=True)


# --- scheduling ------------------------------------------------------------------------------------------------


def test_expected_seconds_come_from_the_last_build_else_from_the_notebook_size(tmp_path):
    big, small = tmp_path / "a.ipynb", tmp_path / "b.ipynb"
    big.write_bytes(b"x" * 400_000)
    small.write_bytes(b"x" * 100_000)
    assert cache.expected_seconds(big, "a", tmp_path) > cache.expected_seconds(small, "b", tmp_path)
    (tmp_path / ".build").mkdir()
    (tmp_path / ".build" / "b.json").write_text(json.dumps({"seconds": 9.5}), encoding="utf-8")
    assert cache.expected_seconds(small, "b", tmp_path) == 9.5
    (tmp_path / ".build" / "a.json").write_text("{ broken", encoding="utf-8")
    assert cache.expected_seconds(big, "a", tmp_path) == 2.0


def test_reports_run_longest_first_and_come_back_in_job_order(tmp_path, monkeypatch):
    from wbanalysis.builder.executors import local
    from wbanalysis.builder.worker import Failure

    seen = []
    nbs = [plan.plan([str(nb)], [{}], [])[0] for nb in sorted((ROOT / "notebooks").glob("0[0-2]_*.ipynb"))]

    def fake_local(specs, options):
        seen.extend(Path(s.notebook).name for s in specs)
        return iter([(k, Failure(s.name, "not run")) for k, s in enumerate(specs)])

    monkeypatch.setattr(local, "start", fake_local)
    results = orchestrate.execute_jobs(nbs, tmp_path / "out", force=True)
    assert [r.name for r in results] == [job.name for job in nbs]
    sizes = {nb.notebook.name: os.path.getsize(nb.notebook) for nb in nbs}
    assert seen == sorted(sizes, key=lambda n: -sizes[n])


# --- indicators read once per data version ---------------------------------------------------------------------


def test_scoreboard_indicators_follow_substituted_tables_and_changed_files(data_copy):
    from wbanalysis.analysis import scoreboard

    before = scoreboard.raw_indicators()
    cfsp = data.load("cfsp_alignment")
    cfsp["alignment_rate_pct"] = 0.0
    with data.substituted({"cfsp_alignment": cfsp}):
        assert (scoreboard.raw_indicators()["cfsp"].dropna() == 0).all()
    assert scoreboard.raw_indicators().equals(before)  # remembered again once the substitution ends
    same = scoreboard.raw_indicators()
    same.loc["ALB", "cfsp"] = -1
    assert scoreboard.raw_indicators().equals(before)  # callers get a copy


def test_one_broken_check_fails_only_its_own_claim(fresh_verdicts, monkeypatch):
    real = ev.verdict

    def broken(claim_id, as_of=None):
        if claim_id == "C2-17":
            raise RuntimeError("a bug in one check")
        return real(claim_id, as_of)

    monkeypatch.setattr(ev, "verdict", broken)
    assert ev.evaluate("C4-5").id == "C4-5"  # the bulk pass met the broken check: this claim is still checked
    assert not list(fresh_verdicts.glob("verdicts-*.pickle"))  # nothing incomplete is shared
    with pytest.raises(RuntimeError, match="a bug in one check"):
        ev.evaluate("C2-17")


def test_verdicts_computed_while_the_inputs_changed_go_under_the_old_name(fresh_verdicts, monkeypatch):
    from wbanalysis import versions

    names = iter(["old", "new", "new", "new"])
    monkeypatch.setattr(versions, "inputs", lambda *a: next(names))
    ev.evaluate_all(chapter=0)
    assert [p.name for p in fresh_verdicts.glob("verdicts-*.pickle")] == ["verdicts-old.pickle"]


def test_closing_a_local_run_before_asking_for_results_stops_workers_and_kernels(tmp_path):
    import time

    import psutil

    from wbanalysis.builder.executors import Options, local
    from wbanalysis.builder.kernels.runtime import private_runtime_dir
    from wbanalysis.builder.worker import Spec

    nb = tmp_path / "97_slow.ipynb"
    cells = [
        nbformat.v4.new_code_cell('focus_country: str = "SRB"', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("import time; time.sleep(60)"),
    ]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, nb)
    runtime = private_runtime_dir()
    stream = local.start([Spec(str(nb), {}, "97_slow", 120, "")], Options(1, runtime))
    deadline = time.time() + 60
    kernels = []
    while time.time() < deadline and not kernels:
        kernels = [p for p in psutil.Process().children(recursive=True) if p.name() == "wb-kernel"]
        time.sleep(0.2)
    assert kernels, "the worker's kernel did not start (from its standby child)"
    [server] = [p for p in psutil.Process().children() if "forkserver" in " ".join(p.cmdline())]
    workers = server.children()
    assert workers
    stream.close()  # as after Ctrl-C before the first result was asked for
    _, alive = psutil.wait_procs(workers + kernels, timeout=15)
    assert not alive, alive
    assert server.is_running()  # the fork server stays, for this process's next build:
    [again] = build([str(_figure_notebook(tmp_path / "98_after.ipynb"))], {}, out_dir=tmp_path / "out")
    assert again.status == "built", again.error
