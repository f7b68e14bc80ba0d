"""index.html and the site's pages: every report listed with its parameters and data, the claims explorer, methodology
and change log."""

from __future__ import annotations

import html
import json

import pytest
from notebook_files import code_notebook

from wbanalysis import data, report
from wbanalysis.builder import build, record
from wbanalysis.builder.index import card_heading, write_index

#: The tests marked kernel build reports (left out of the fast lane, make check).


@pytest.mark.kernel
def test_C5b_the_index_shows_each_reports_own_data_stamp(tmp_path, data_copy, monkeypatch):
    nb = code_notebook(tmp_path / "05_tiny.ipynb", "print('x')")
    out = tmp_path / "out"
    [first] = build([str(nb)], {}, out_dir=out)
    assert first.status == "built"
    built_with = json.loads((out / ".build" / "05_tiny.json").read_text(encoding="utf-8"))["data"]
    corrections = data_copy / "corrections.csv"
    corrections.write_text(corrections.read_text(encoding="utf-8").replace("nine", "ten", 1), encoding="utf-8")
    data.rehash(data_copy)
    _, now = record.data_stamp()
    assert now != built_with
    page = html.unescape(write_index(out).read_text(encoding="utf-8"))
    assert f'<span title="data package {built_with}"><b>built from older data: rebuild it</b></span>' in page
    assert now in page  # the current data's stamp, for the researcher who looks


@pytest.mark.kernel
def test_the_variants_compared_come_from_the_build_records(tmp_path):
    """Two weightings of the conclusions: the comparison states each country's rank under each, as the scoreboard
    computes it, and reads no page (a page edited afterwards changes nothing on it)."""
    from wbanalysis.analysis import scoreboard
    from wbanalysis.countries import NAMES

    out = tmp_path / "out"
    results = build(["06"], {"weight_europol": 3}, out_dir=out, sweeps=["weight_nato=1,0"])
    assert [r.status for r in results] == ["built", "built"]
    page = out / "compare__06_conclusions.html"
    text = html.unescape(page.read_text(encoding="utf-8"))
    for rec in results:
        weights = scoreboard.weights_from(rec.params | {"weight_europol": 3})
        table = scoreboard.scores(weights)
        serbia = f"{int(table.at['SRB', 'rank'])} ({table.at['SRB', 'score']:.2f})"
        assert serbia in text, rec.name
    assert f"≠ Scoreboard: {NAMES['SRB']}" in text  # the ranks moved with the weights, and the row says so
    reader = out / results[0].reader
    reader.write_text(reader.read_text(encoding="utf-8").replace("cooperation scoreboard", "EDITED"), encoding="utf-8")
    write_index(out)
    assert html.unescape(page.read_text(encoding="utf-8")) == text


@pytest.mark.kernel
def test_stale_rebuilds_every_report_in_the_folder_variants_included(tmp_path):
    """As a user does it, one command at a time (each its own process), on a copy of the data."""
    import os
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    copy = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, copy)
    env = os.environ | {"WBANALYSIS_DATA": str(copy)}
    out = tmp_path / "out"

    def run(*args: str) -> subprocess.CompletedProcess:
        command = [str(Path(sys.executable).parent / "wbanalysis"), *args]
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)

    first = run("build", "02", "--sweep", "focus_country=ALB,SRB", "--out", str(out))
    assert first.returncode == 0 and "2 built" in first.stdout, first.stderr
    corrections = copy / "corrections.csv"
    corrections.write_text(corrections.read_text(encoding="utf-8").replace("nine", "ten", 1), encoding="utf-8")
    assert run("data", "rehash").returncode == 0
    other = run("build", "01", "--out", str(out))  # another report, built now: the index is written again
    assert other.returncode == 0, other.stderr
    assert "2 reports were built from older data" in (out / "index.html").read_text(encoding="utf-8")
    again = run("build", "--stale", "--out", str(out))
    assert again.returncode == 0 and "2 built, 1 up to date" in again.stdout, again.stdout + again.stderr
    assert "built from older data" not in (out / "index.html").read_text(encoding="utf-8")
    assert "0 built, 3 up to date" in run("build", "--stale", "--out", str(out)).stdout
    mixed = run("build", "--stale", "-p", "focus_country", "SRB", "--out", str(out))
    assert mixed.returncode == 2 and "--stale rebuilds the reports in the folder with their own parameters" in (
        mixed.stderr)
    empty = run("build", "--stale", "--out", str(tmp_path / "empty"))
    assert empty.returncode == 2 and "no report in" in empty.stderr


@pytest.mark.parametrize("part", [c.label for c in report.chapters()])
def test_a_report_heading_names_its_part_once(part):
    assert card_heading(part, "Its own words") == f"{part}: Its own words"
    named = f"{part.upper()}: the author's title"  # a notebook whose title names its part already
    assert card_heading(part, named) == named
