"""A build owns only what it wrote (``builder.output``, ``files``): staged names of its own, removed only by it; a
lock so that two builds into one folder take turns; the record staged with the pages."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from notebook_files import figure_notebook

from wbanalysis import files
from wbanalysis.builder import build
from wbanalysis.cli import main

#: Every test here starts a kernel (left out of the fast lane, make check).
pytestmark = pytest.mark.kernel


def _notebook(path: Path, *cells: str) -> Path:
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell(f"# {path.stem[:20]}"), *[nbformat.v4.new_code_cell(c) for c in cells]]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def test_A1_a_build_never_deletes_files_it_did_not_write(tmp_path):
    nb = _notebook(tmp_path / "51_tiny.ipynb", "print('x')")
    out = tmp_path / "site"
    (out / "sub" / "deeper").mkdir(parents=True)
    users = [out / ".notes.tmp", out / "sub" / "deeper" / ".thesis.docx.tmp", out / ".51_tiny.html.abcd1234.tmp"]
    for path in users:
        path.write_text("the user's", encoding="utf-8")
    assert main(["build", str(nb), "--out", str(out)]) == 0
    assert all(p.read_text(encoding="utf-8") == "the user's" for p in users)
    assert not list(out.rglob(".wb-stage-*"))  # and nothing of its own is left


def test_A3_another_live_writers_staged_file_is_left_alone_a_dead_ones_removed(tmp_path):
    nb = _notebook(tmp_path / "52_tiny.ipynb", "print('x')")
    out = tmp_path / "out"
    (out / "figures").mkdir(parents=True)
    alive = out / f"{files.STAGE_PREFIX}{os.getppid()}-0123abcd.tmp"
    dead_pid = 4_000_000  # above the kernel's pid limit: no such process
    dead = out / "figures" / f"{files.STAGE_PREFIX}{dead_pid}-0123abcd.tmp"
    for path in (alive, dead):
        path.write_text("staged", encoding="utf-8")
    assert main(["build", str(nb), "--out", str(out)]) == 0
    assert alive.exists() and not dead.exists()


def test_L2_staging_names_fit_the_file_name_limit(tmp_path):
    stem = "53_" + "n" * 232  # 235 characters: NAME.full.html is 245, legal; NAME.full.html.XXXXXXXX.tmp would not be
    nb = _notebook(tmp_path / f"{stem}.ipynb", "print('x')")
    out = tmp_path / "out"
    assert main(["build", str(nb), "--out", str(out)]) == 0
    assert (out / f"{stem}.full.html").exists()
    assert len(files._staging_name(out).name.encode()) < 40


def test_W1b_a_record_that_cannot_be_written_leaves_the_previous_report(tmp_path, monkeypatch, capsys):
    from wbanalysis.builder import output

    nb = _notebook(tmp_path / "54_tiny.ipynb", "print('x')")
    out = tmp_path / "out"
    assert main(["build", str(nb), "--out", str(out)]) == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and p.name != "index.html"}
    real = output._stage

    def immutable_build_folder(path, content):
        if Path(path).parent.name == ".build":
            raise PermissionError(errno.EPERM, "Operation not permitted", str(path))
        return real(path, content)

    monkeypatch.setattr(output, "_stage", immutable_build_folder)
    assert main(["build", str(nb), "--out", str(out), "--force"]) == 1
    err = capsys.readouterr().err
    assert "54_tiny failed: cannot write 54_tiny to" in err and "Operation not permitted" in err
    assert "the previous report is untouched" in err
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and p.name != "index.html"}
    assert after == before


def test_A2_two_builds_into_one_folder_take_turns_and_both_finish(tmp_path):
    started = tmp_path / "started"  # not beside the notebooks: a file there is part of their reports' key
    (tmp_path / "nb").mkdir()
    slow = _notebook(
        tmp_path / "nb" / "55_slow.ipynb",
        f"import pathlib, time; pathlib.Path({str(started)!r}).touch(); time.sleep(4)",
    )
    quick = _notebook(tmp_path / "nb" / "56_quick.ipynb", "print('quick')")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "wbanalysis.cli", "build", "--out", str(out)]
    first = subprocess.Popen([*command, str(slow)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while not started.exists() and time.time() < deadline:
        time.sleep(0.1)
    second = subprocess.run([*command, str(quick)], capture_output=True, text=True, timeout=300)
    _, first_err = first.communicate(timeout=300)
    assert first.returncode == 0, first_err
    assert second.returncode == 0, second.stderr
    assert f"another build is writing to {out} (process {first.pid}); waiting for it to finish" in second.stderr
    assert (out / "55_slow.html").exists() and (out / "56_quick.html").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "55_slow" in index and "56_quick" in index  # the later index knows both
    assert [r.status for r in build([str(slow), str(quick)], {}, out_dir=out)] == ["up to date", "up to date"]




def test_svg_copies_only_on_request_and_removed_when_no_longer_asked_for(tmp_path):
    nb = figure_notebook(tmp_path / "95_figures.ipynb")
    out = tmp_path / "out"
    [plain] = build([str(nb)], {}, out_dir=out)
    assert plain.status == "built"
    assert sorted(p.suffix for p in (out / "figures").iterdir()) == [".png"]
    page = (out / "95_figures.html").read_text(encoding="utf-8")
    assert 'href="figures/95_figures__01-two-bars.png">PNG</a>.' in page

    [with_svg] = build([str(nb)], {}, out_dir=out, svg=True)
    assert with_svg.status == "built"  # not up to date: SVG copies were asked for
    assert sorted(p.suffix for p in (out / "figures").iterdir()) == [".png", ".svg"]
    assert (out / "figures" / "95_figures__01-two-bars.svg").read_text(encoding="utf-8").startswith("<?xml")
    assert 'PNG</a> or <a href="figures/95_figures__01-two-bars.svg">SVG</a>.' in (out / "95_figures.html").read_text(
        encoding="utf-8")
    [again] = build([str(nb)], {}, out_dir=out, svg=True)
    assert again.status == "up to date"

    [without] = build([str(nb)], {}, out_dir=out)
    assert without.status == "built"
    assert sorted(p.suffix for p in (out / "figures").iterdir()) == [".png"]  # the SVG copy went with it
