"""The cache key sees every input (``builder.cache``, ``versions``, ``data``): files beside the notebooks, markdown
attachments, templates and page assets, the data bytes the run actually read, and the code a worker runs."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys

import nbformat
import pytest
from notebook_files import code_notebook, tiny_notebook

from wbanalysis import data, versions
from wbanalysis.builder import build, cache, plan, worker
from wbanalysis.cli import main
from wbanalysis.paths import ROOT

PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="




@pytest.mark.kernel
def test_C1b_a_helper_module_beside_the_notebook_is_part_of_the_key(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    (folder / "advhelper.py").write_text("VALUE = 'helper-v1'\n", encoding="utf-8")
    nb = code_notebook(folder / "98_helper.ipynb", "import advhelper; print(advhelper.VALUE)")
    out = tmp_path / "out"
    assert main(["build", str(nb), "--out", str(out)]) == 0
    [again] = build([str(nb)], {}, out_dir=out)
    assert again.status == "up to date"  # nothing changed: the cache still works
    (folder / "advhelper.py").write_text("VALUE = 'helper-v2'\n", encoding="utf-8")
    [result] = build([str(nb)], {}, out_dir=out)
    assert result.status == "built"
    assert "helper-v2" in (out / "98_helper.full.html").read_text(encoding="utf-8")


@pytest.mark.kernel
def test_C2b_a_replaced_markdown_attachment_rebuilds_the_report(tmp_path):
    cell = nbformat.v4.new_markdown_cell("![pasted](attachment:image.png)")
    cell["attachments"] = {"image.png": {"image/png": PNG}}
    nb = code_notebook(tmp_path / "98_attachment.ipynb", "print('x')", markdown=[cell])
    out = tmp_path / "out"
    assert main(["build", str(nb), "--out", str(out)]) == 0
    node = nbformat.read(nb, as_version=4)
    other = base64.b64encode(base64.b64decode(PNG)[:-4] + b"\0\0\0\0").decode()
    node.cells[1]["attachments"]["image.png"]["image/png"] = other
    nbformat.write(node, nb)
    [result] = build([str(nb)], {}, out_dir=out)
    assert result.status == "built"
    assert other in (out / "98_attachment.html").read_text(encoding="utf-8")


SWAP = """
import shutil
for name in ("corrections.csv", "datapackage.json"):
    shutil.copy({b!r} + "/" + name, {a!r} + "/" + name)
"""
RESTORE = """
import shutil
for name in ("corrections.csv", "datapackage.json"):
    shutil.copy({keep!r} + "/" + name, {a!r} + "/" + name)
"""


@pytest.mark.kernel
def test_C3b_data_swapped_and_restored_during_the_build_is_not_recorded_as_up_to_date(tmp_path):
    """A branch switched and back while a report runs: the report shows the other data, so it is not up to date."""
    a, other, keep = tmp_path / "data", tmp_path / "data-b", tmp_path / "data-kept"
    shutil.copytree(data.DATA_DIR, a)
    shutil.copytree(data.DATA_DIR, keep)
    shutil.copytree(data.DATA_DIR, other)
    corrections = other / "corrections.csv"
    corrections.write_text(
        corrections.read_text(encoding="utf-8").replace("nine associates", "EDITED VALUE FROM A BRANCH"), "utf-8"
    )
    data.rehash(other)
    nb = code_notebook(
        tmp_path / "98_reader.ipynb",
        SWAP.format(a=str(a), b=str(other)),
        "from wbanalysis import data\nprint(data.load('corrections').to_string())",
        RESTORE.format(a=str(a), keep=str(keep)),
    )
    out = tmp_path / "out"
    env = os.environ | {"WBANALYSIS_DATA": str(a)}
    command = [sys.executable, "-m", "wbanalysis.cli", "build", str(nb), "--out", str(out)]
    first = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert first.returncode == 0, first.stderr
    assert "EDITED VALUE FROM A BRANCH" in (out / "98_reader.full.html").read_text(encoding="utf-8")
    assert (a / "corrections.csv").read_bytes() == (keep / "corrections.csv").read_bytes()  # restored
    second = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert "0 built" not in second.stdout and "1 built" in second.stdout, second.stdout


def test_a_kernels_data_reads_are_compared_byte_for_byte():
    started = {"report/a.csv": "sha256:1", "b.csv": "sha256:2"}
    assert versions.read_as_started({"report/a.csv": "sha256:1"}, started)
    assert not versions.read_as_started({"report/a.csv": "sha256:9"}, started)
    assert not versions.read_as_started({"report/a.csv": "sha256:1", "report/a.csv#2": "sha256:9"}, started)
    assert not versions.read_as_started({"new.csv": "sha256:1"}, started)


def test_DK3_a_worker_whose_code_changed_after_it_started_refuses_the_job(monkeypatch, tmp_path):
    nb = code_notebook(tmp_path / "98_tiny.ipynb", "print('x')")
    monkeypatch.setattr(versions, "loaded_code", lambda: "the code as it was when the worker started")
    spec = worker.Spec(str(nb), {}, "98_tiny", 60, "")
    outcome = worker.make_report(spec)
    assert isinstance(outcome, worker.Failure)
    assert "runs wbanalysis code older than its files" in outcome.error and "restart the worker" in outcome.error


def test_every_package_file_and_the_page_templates_are_part_of_the_code(tmp_path, monkeypatch):
    copy = tmp_path / "wbanalysis"
    shutil.copytree(versions.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(versions, "PACKAGE", copy)
    before = versions.code_digest()
    (copy / "templates" / "offline" / "logo.svg").write_text("<svg/>", encoding="utf-8")  # a page asset
    assert versions.code_digest() != before
    assert {p.name for p in versions.page_templates()} >= {"lab", "base"}


NB = plan.find(["02"])[0]




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




def test_cache_key_says_whether_svg_copies_were_made():
    notebook = ROOT / "notebooks" / "01_strategic_imperative.ipynb"
    assert cache.cache_key(notebook, {}) == cache.cache_key(notebook, {}, svg=False)
    assert cache.cache_key(notebook, {}) != cache.cache_key(notebook, {}, svg=True)


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
