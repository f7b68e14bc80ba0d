"""index.html and the site's pages: every report listed with its parameters and data, the claims explorer, methodology
and change log."""

from __future__ import annotations

import html
import json

import pytest
from notebook_files import code_notebook

from wbanalysis import data
from wbanalysis.builder import build, record
from wbanalysis.builder.index import write_index

#: Every test here starts a kernel (left out of the fast lane, make check).
pytestmark = pytest.mark.kernel


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
