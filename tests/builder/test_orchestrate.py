"""Building reports: parameters reach the HTML, reports are cached, failures lose nothing."""

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from notebook_files import tiny_notebook

from wbanalysis.builder import build, orchestrate, plan
from wbanalysis.builder.cache import cache_key
from wbanalysis.builder.layout import site_pages
from wbanalysis.builder.plan import find
from wbanalysis.paths import ROOT

NAME = "02_institutional_frameworks"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    params = {"countries": ["Kosovo", "ALB"], "focus_country": "XK", "start_year": 2024}
    results = build(["02"], params, out_dir=out)
    return out, results


@pytest.mark.kernel
def test_build_writes_reader_full_and_index(built):
    out, results = built
    assert [r.status for r in results] == ["built"]
    pages = {f"{NAME}.html", f"{NAME}.full.html", *site_pages()}
    assert {p.name for p in out.glob("*.html")} == pages
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f'href="{NAME}.html"' in index and f'href="{NAME}.full.html"' in index


@pytest.mark.kernel
def test_non_default_parameters_show_in_the_report(built):
    out, _ = built
    reader = (out / f"{NAME}.html").read_text(encoding="utf-8")
    assert "<td>Albania and Kosovo</td>" in reader  # validated, normalised, shown as a reader reads it
    assert '<th scope="row">From the year</th><td>2024</td>' in reader
    assert "Countries: Albania and Kosovo" in (out / "index.html").read_text(encoding="utf-8")  # not a repr


@pytest.mark.kernel
def test_reader_hides_code_and_full_shows_it(built):
    out, _ = built

    def text(name):
        return re.sub(r"<[^>]+>", "", (out / name).read_text(encoding="utf-8"))

    assert "params.from_namespace(" not in text(f"{NAME}.html")
    assert "params.from_namespace(" in text(f"{NAME}.full.html")


@pytest.mark.kernel
def test_unchanged_build_is_skipped_and_a_new_parameter_is_not(built):
    out, _ = built
    params = {"countries": ["Kosovo", "ALB"], "focus_country": "XK", "start_year": 2024}
    assert [r.status for r in build(["02"], params, out_dir=out)] == ["up to date"]
    nb = find(["02"])[0]
    assert cache_key(nb, {"start_year": 2024}) != cache_key(nb, {"start_year": 2025})


@pytest.mark.kernel
def test_failing_notebook_is_kept_and_the_previous_report_untouched(tmp_path):
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("raise RuntimeError('broken on purpose')")]
    )
    path = tmp_path / "09_broken.ipynb"
    nbformat.write(nb, path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "09_broken.html").write_text("previous good report", encoding="utf-8")
    [result] = build([str(path)], {}, out_dir=out)
    assert result.status == "failed"
    assert "RuntimeError" in result.error and "broken on purpose" in result.error
    assert (out / "09_broken.html").read_text(encoding="utf-8") == "previous good report"
    kept = nbformat.read(out / "failed" / "09_broken.ipynb", as_version=4)
    assert any(o.get("ename") == "RuntimeError" for c in kept.cells for o in c.get("outputs", []))
    assert not list(out.rglob("*.tmp"))




@pytest.mark.kernel
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


@pytest.mark.kernel
def test_markdown_change_rebuilds_and_the_reader_shows_it(tmp_path):
    path = tiny_notebook(tmp_path / "92_tiny.ipynb")
    out = tmp_path / "out"
    build([str(path)], {}, out_dir=out)
    tiny_notebook(path, markdown="# Tiny report, second edition")
    [result] = build([str(path)], {}, out_dir=out)
    assert result.status == "built"
    assert "second edition" in (out / "92_tiny.html").read_text(encoding="utf-8")


@pytest.mark.kernel
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
