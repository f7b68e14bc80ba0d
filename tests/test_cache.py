"""The cache key sees every input (``build.cache``, ``versions``, ``data``): files beside the notebooks, markdown
attachments, templates and page assets, the data bytes the run actually read, and the code a worker runs."""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from wbanalysis import data, versions
from wbanalysis.builder import build, worker
from wbanalysis.cli import main

PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


def _notebook(path: Path, *cells, markdown: list | None = None) -> Path:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"# {path.stem}"), *(markdown or [])])
    nb.cells += [nbformat.v4.new_code_cell(c) for c in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def test_C1b_a_helper_module_beside_the_notebook_is_part_of_the_key(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    (folder / "advhelper.py").write_text("VALUE = 'helper-v1'\n", encoding="utf-8")
    nb = _notebook(folder / "98_helper.ipynb", "import advhelper; print(advhelper.VALUE)")
    out = tmp_path / "out"
    assert main(["build", str(nb), "--out", str(out)]) == 0
    [again] = build([str(nb)], {}, out_dir=out)
    assert again.status == "up to date"  # nothing changed: the cache still works
    (folder / "advhelper.py").write_text("VALUE = 'helper-v2'\n", encoding="utf-8")
    [result] = build([str(nb)], {}, out_dir=out)
    assert result.status == "built"
    assert "helper-v2" in (out / "98_helper.full.html").read_text(encoding="utf-8")


def test_C2b_a_replaced_markdown_attachment_rebuilds_the_report(tmp_path):
    cell = nbformat.v4.new_markdown_cell("![pasted](attachment:image.png)")
    cell["attachments"] = {"image.png": {"image/png": PNG}}
    nb = _notebook(tmp_path / "98_attachment.ipynb", "print('x')", markdown=[cell])
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
    nb = _notebook(
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
    nb = _notebook(tmp_path / "98_tiny.ipynb", "print('x')")
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
